import type { RequestContext } from '../../context.ts';
import { requireRegion } from '../regions/platform-subscriptions.service.ts';
import type { HeldChange } from './store.ts';
import { listHeldPulls } from './usage.repository.ts';

/**
 * Re-pulls that would remove or lower usage of a closed period wait here (semantics.md: the stamp
 * may have pruned old data) until a platform administrator confirms one (`confirmHeldPull`).
 */
export async function heldPulls(ctx: RequestContext, regionId: string) {
  const region = await requireRegion(ctx.app, regionId);
  const rows = await listHeldPulls(ctx.app.db.kysely, region.id);
  return {
    regionId: region.id,
    items: rows.map((row) => {
      const summary = JSON.parse(row.held_summary ?? '{"changes":0,"shown":[]}') as {
        changes: number;
        shown: HeldChange[];
      };
      return {
        window: row.reported_window,
        subscriberId: row.subscriber === '' ? null : row.subscriber,
        recordCount: row.record_count,
        pulledAt: row.pulled_at,
        jobId: row.job_id,
        changes: summary.changes,
        shown: summary.shown,
      };
    }),
  };
}
