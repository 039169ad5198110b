import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { Database, RegionRow } from '../../db/schema.ts';

/**
 * A region's collection schedule in the job runner: key `region:{id}:collect`, job type
 * `usage.collect`, payload `{ regionId }`, the region's cron in its time zone, enabled while the
 * region is. PENDING: the job runner (branch `jobs`) is not merged yet; these are the only places
 * that call it.
 */
export async function syncCollectionSchedule(_trx: Kysely<Database>, _row: RegionRow): Promise<void> {}

export async function removeCollectionSchedule(_trx: Kysely<Database>, _regionId: string): Promise<void> {}

/** The health panel's view of the schedule and the region's failed collection jobs. */
export async function collectionSchedule(_app: AppContext, _row: RegionRow) {
  return {
    nextRunAt: null,
    failedJobs: { count: 0, latest: [] as { id: string; failedAt: string | null; error: string | null }[] },
  };
}
