import type { Kysely } from 'kysely';
import type { AnyContext, AppContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import {
  type EnqueuedJob,
  enqueueJob,
  liveJobPayloads,
  type RunningJob,
  registerJobType,
} from '../jobs/index.ts';
import { jobType } from '../jobs/registry.ts';
import { onSettingChange } from '../settings/settings.service.ts';
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

/**
 * Tenant-periods rated per fenced transaction. Each one is still replaced whole (its lines and
 * rated_periods row) and a failure rolls the batch back for the retry to redo, which is
 * idempotent; batching saves a commit (a WAL flush on PostgreSQL and MariaDB) and the lease and
 * progress updates per tenant — on PostgreSQL most of a tenant's time in bench rate (1,000
 * tenants × 10 subscriptions). Tenants come sorted, so concurrent jobs take their locks in one
 * order. Ten keeps a batch's locks (a shared lock on each tenant) to tens of milliseconds.
 */
const TENANT_PERIODS_PER_TRANSACTION = 10;

async function runRating(job: RunningJob<RatePayload>): Promise<void> {
  const pairs = await ratingWorkList(job.app.db.kysely, job.payload);
  for (let i = 0; i < pairs.length; i += TENANT_PERIODS_PER_TRANSACTION) {
    job.signal.throwIfAborted();
    const batch = pairs.slice(i, i + TENANT_PERIODS_PER_TRANSACTION);
    const [lastTenant, lastPeriod] = batch[batch.length - 1]!;
    await job.fenced(
      async (trx) => {
        for (const [tenantId, period] of batch)
          await rateTenantPeriodInTransaction(trx, job.ctx, tenantId, period);
      },
      { progress: { done: i + batch.length, total: pairs.length, message: `${lastPeriod} ${lastTenant}` } },
    );
  }
}

/** Registers `rating.rate` with the job runner, once per process. */
export function registerRating(): void {
  if (jobType(RATE_JOB)) return;
  // Settings that change every open period's amounts (the currency rates are crossed through, the
  // hours of a per-month price): rated again, asked in the settings transaction; the runner's poll
  // picks the job up.
  for (const key of ['billing.platformCurrency', 'billing.monthlyVariablePricing']) {
    onSettingChange(key, async (trx, ctx) => {
      await requestRerating(trx, ctx, `setting ${key}`);
    });
  }
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

/**
 * Which tenant-periods a queued or running rating still covers (their rated lines may not show a
 * change yet): invoicing rates those itself before it reads them. Read once per invoicing run.
 */
export async function pendingRatings(
  db: Kysely<Database>,
): Promise<(tenantId: string, period: string) => boolean> {
  const scopes = (await liveJobPayloads(db, RATE_JOB)) as RatePayload[];
  return (tenantId, period) =>
    scopes.some(
      (s) =>
        (s.tenantId === undefined || s.tenantId === tenantId) &&
        (s.period === undefined || s.period === period),
    );
}
