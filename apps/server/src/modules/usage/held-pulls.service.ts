import type { RequestContext } from '../../context.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { enqueueJob, PermanentJobError, registerJobType } from '../jobs/index.ts';
import { jobType } from '../jobs/registry.ts';
import { requireRegion } from '../regions/platform-subscriptions.service.ts';
import { storeConfirmedPull } from './collect.ts';
import type { HeldChange } from './store.ts';
import { findPull, listHeldPulls } from './usage.repository.ts';

/**
 * Re-pulls that would remove or lower usage of a closed period wait here (semantics.md: the stamp
 * may have pruned old data) until a platform administrator confirms one.
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

export const CONFIRM_JOB = 'usage.confirm-held-pull';

/** What a `usage.confirm-held-pull` job works on. */
interface ConfirmPayload extends Record<string, unknown> {
  regionId: string;
  window: string;
  subscriber: string | null;
  /** The platform administrator who confirmed (stored on the pull). */
  confirmedBy: string;
}

/**
 * The confirmation runs as a job, like every pull from a stamp: the stamp is asked again and the
 * unit stored in the job's fenced transaction. A pull no longer held (stored since, or confirmed
 * twice) fails the job at once.
 */
export function registerHeldPullConfirmation(): void {
  if (jobType(CONFIRM_JOB)) return;
  registerJobType<ConfirmPayload, never>({
    type: CONFIRM_JOB,
    maxAttempts: 5,
    retryBaseMs: 60_000,
    handler: async (job) => {
      const { regionId, window, subscriber, confirmedBy } = job.payload;
      try {
        await storeConfirmedPull(job.app, regionId, window, subscriber, confirmedBy, {
          transaction: (work) => job.fenced(work),
          progress: () => {},
          signal: job.signal,
        });
      } catch (error) {
        if (error instanceof AppError && (error.code === 'conflict' || error.code === 'not_found')) {
          throw new PermanentJobError(error.message);
        }
        throw error;
      }
    },
  });
}

/** A platform administrator confirms a held pull: a job re-pulls and stores it (202 with the job). */
export async function confirmHeld(
  ctx: RequestContext,
  regionId: string,
  input: { window: string; subscriberId?: string | undefined },
) {
  const region = await requireRegion(ctx.app, regionId);
  const window = new Date(input.window).toISOString();
  const subscriber = input.subscriberId?.toLowerCase() ?? null;
  const job = await transaction(ctx.app.db, async (trx) => {
    const pull = await findPull(trx, region.id, window, subscriber ?? '');
    if (pull?.status !== 'held') {
      throw new AppError(
        'conflict',
        'No re-pull of that window is held (it was stored or confirmed since).',
        [{ field: 'body.window', message: 'Not a held pull of this region.' }],
      );
    }
    const queued = await enqueueJob(trx, ctx, {
      type: CONFIRM_JOB,
      payload: { regionId: region.id, window, subscriber, confirmedBy: ctx.actor.userId },
      dedupeKey: `confirm:${region.id}:${window}:${subscriber ?? '*'}`,
      regionId: region.id,
    });
    if (queued.created) {
      await recordAudit(trx, ctx, {
        action: 'region.heldPullConfirm',
        targetType: 'region',
        targetId: region.id,
        orgId: ctx.actor.scope.orgId,
        after: { jobId: queued.id, window, subscriberId: subscriber },
      });
    }
    return queued;
  });
  ctx.app.jobs.wake();
  return { id: job.id, status: job.status, created: job.created };
}
