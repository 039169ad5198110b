import type { Kysely } from 'kysely';
import type { AnyContext, RequestContext } from '../../context.ts';
import type { Database, RegionRow } from '../../db/schema.ts';
import { countJobs, listJobs, readSchedule, removeSchedule, upsertSchedule } from '../jobs/index.ts';

/** The job type the usage module registers for a region's collection. */
export const COLLECT_JOB_TYPE = 'usage.collect';

/** The job type the offers module registers for a region's plans, offers and quotas. */
export const OFFER_SYNC_JOB_TYPE = 'offers.sync';

/** Plans, offers and quotas are synced hourly, away from the collection's default minute. */
export const OFFER_SYNC_SCHEDULE = '40 * * * *';

const scheduleKey = (regionId: string) => `region:${regionId}:collect`;
const offerSyncKey = (regionId: string) => `region:${regionId}:offers`;

/** How many of a region's latest failed jobs its health panel lists. */
const LATEST_FAILED = 5;

/**
 * Keeps a region's collection schedule in step with the region, in the transaction that changes
 * it: an Azure Stack Hub region is collected on its cron in its time zone while enabled (a
 * disabled one keeps its schedule, switched off); an import source has none. Its plans, offers and
 * quotas are synced hourly on the same terms.
 */
export async function syncCollectionSchedule(
  trx: Kysely<Database>,
  ctx: AnyContext,
  row: RegionRow,
): Promise<void> {
  if (row.kind !== 'azure_stack' || row.schedule === null) {
    await removeCollectionSchedule(trx, row.id);
    return;
  }
  await upsertSchedule(trx, ctx, scheduleKey(row.id), {
    type: COLLECT_JOB_TYPE,
    payload: { regionId: row.id },
    cron: row.schedule,
    timeZone: row.time_zone,
    enabled: row.enabled === 1,
    regionId: row.id,
  });
  await upsertSchedule(trx, ctx, offerSyncKey(row.id), {
    type: OFFER_SYNC_JOB_TYPE,
    payload: { regionId: row.id },
    cron: OFFER_SYNC_SCHEDULE,
    timeZone: row.time_zone,
    enabled: row.enabled === 1,
    regionId: row.id,
  });
}

export async function removeCollectionSchedule(trx: Kysely<Database>, regionId: string): Promise<void> {
  await removeSchedule(trx, scheduleKey(regionId));
  await removeSchedule(trx, offerSyncKey(regionId));
}

/** The health panel's view of the schedule and of the region's failed jobs (newest first). */
export async function collectionHealth(ctx: RequestContext, regionId: string) {
  const schedule = await readSchedule(ctx.app.db.kysely, scheduleKey(regionId));
  const filter = { regionId, status: 'failed' as const };
  const latest = await listJobs(ctx, filter, { limit: LATEST_FAILED, cursor: undefined });
  return {
    nextRunAt: schedule?.nextRunAt ?? null,
    failedJobs: {
      count: await countJobs(ctx, filter),
      latest: latest.items.map((job) => ({ id: job.id, failedAt: job.finishedAt, error: job.lastError })),
    },
  };
}
