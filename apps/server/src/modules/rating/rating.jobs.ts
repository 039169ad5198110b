import type { Kysely } from 'kysely';
import type { AnyContext, AppContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { type EnqueuedJob, enqueueJob, type RunningJob, registerJobType } from '../jobs/index.ts';
import { jobType } from '../jobs/registry.ts';
import { keyedSubscriptions } from '../subscriptions/rating-subscriptions.ts';
import { monthsWithUsage } from '../usage/rating-usage.ts';
import { ratedPeriodPairs } from './rating.repository.ts';
import { rateTenantPeriodInTransaction } from './rating.service.ts';

export const RATE_JOB = 'rating.rate';

/** What a `rating.rate` job rates: one tenant-period, a tenant's open periods, a period, or everything. */
export interface RatePayload extends Record<string, unknown> {
  tenantId?: string;
  period?: string;
  /** Why it was asked for (shown with the job): 'usage.collect', 'usage.import', 'recalculate', … */
  reason?: string;
}

/**
 * The (tenant, period) pairs a job rates: every period with usage of one of the tenant's
 * subscriptions, and every period already rated (its lines may have to go), narrowed to the
 * payload's tenant and period. Closed periods are skipped by the rating itself. Correct first:
 * this reads every month with usage; narrowing it to recent periods is a later optimisation.
 */
export async function ratingWorkList(
  db: Kysely<Database>,
  payload: RatePayload,
): Promise<[string, string][]> {
  if (payload.tenantId && payload.period) return [[payload.tenantId, payload.period]];
  const pairs = new Set<string>();
  const tenantOfKey = new Map<string, string[]>();
  for (const s of await keyedSubscriptions(db)) {
    const key = `${s.regionId}\u0000${s.azsSubscriptionId}`;
    tenantOfKey.set(key, [...(tenantOfKey.get(key) ?? []), s.tenantId]);
  }
  for (const m of await monthsWithUsage(db, payload.period)) {
    for (const tenantId of tenantOfKey.get(`${m.regionId}\u0000${m.azsSubscriptionId}`) ?? []) {
      pairs.add(`${tenantId}\u0000${m.month}`);
    }
  }
  for (const r of await ratedPeriodPairs(db)) pairs.add(`${r.tenant_id}\u0000${r.period}`);
  return [...pairs]
    .map((p) => p.split('\u0000') as [string, string])
    .filter(
      ([t, p]) => (!payload.tenantId || t === payload.tenantId) && (!payload.period || p === payload.period),
    )
    .sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]));
}

async function runRating(job: RunningJob<RatePayload>): Promise<void> {
  const pairs = await ratingWorkList(job.app.db.kysely, job.payload);
  for (const [i, [tenantId, period]] of pairs.entries()) {
    job.signal.throwIfAborted();
    await job.fenced((trx) => rateTenantPeriodInTransaction(trx, job.ctx, tenantId, period), {
      progress: { done: i + 1, total: pairs.length, message: `${period} ${tenantId}` },
    });
  }
}

/** Registers `rating.rate` with the job runner, once per process. */
export function registerRating(): void {
  if (jobType(RATE_JOB)) return;
  registerJobType<RatePayload, never>({
    type: RATE_JOB,
    maxAttempts: 5,
    retryBaseMs: 30_000,
    handler: runRating,
  });
}

/**
 * Asks for a re-rating inside the caller's transaction (the change that makes it necessary: new
 * usage, a price-list version, an exchange rate, a discount, a credit), then the caller wakes the
 * runner (`ctx.app.jobs.wake()`) after its commit. Requests are merged while a rating of the same
 * scope is QUEUED (it will read the change). A rating that is already RUNNING may have read its
 * inputs before this change: the request then becomes a follow-up job keyed to that run
 * (`…:after:<job id>`), itself merged with later requests made while that run lasts. The jobs
 * row is read FOR UPDATE, so a claim that starts the queued job waits for this transaction.
 */
export async function requestRerating(
  trx: Kysely<Database>,
  ctx: AnyContext,
  reason: string,
  scope: { tenantId?: string | undefined; period?: string | undefined } = {},
): Promise<EnqueuedJob> {
  const base = scope.tenantId
    ? `tenant:${scope.tenantId}${scope.period ? `:${scope.period}` : ''}`
    : scope.period
      ? `period:${scope.period}`
      : 'all';
  const payload: RatePayload = {
    ...(scope.tenantId ? { tenantId: scope.tenantId } : {}),
    ...(scope.period ? { period: scope.period } : {}),
    reason,
  };
  let key = base;
  for (;;) {
    const job = await enqueueJob(trx, ctx, { type: RATE_JOB, payload, dedupeKey: key });
    if (job.created || job.status !== 'running') return job;
    key = `${base}:after:${job.id}`;
  }
}

/** Wakes the runner once the transaction that asked for a rating has committed. */
export function wakeRating(app: AppContext): void {
  app.jobs.wake();
}
