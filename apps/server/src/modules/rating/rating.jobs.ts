import type { Kysely } from 'kysely';
import type { AnyContext, AppContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import {
  type EnqueuedJob,
  enqueueJob,
  liveJobPayloads,
  type RunningJob,
  registerJobType,
} from '../jobs/index.ts';
import { jobType } from '../jobs/registry.ts';
import { onSettingChange } from '../settings/settings.service.ts';
import { tenantMonthsWithUsage } from '../usage/rating-usage.ts';
import { ratedPeriodPairs } from './rating.repository.ts';
import { rateTenantPeriodsInTransaction } from './rating.service.ts';

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
 * without a period this reads every month with usage; narrowing it to recent periods is a later
 * optimisation. Index seeks only (tenantMonthsWithUsage), never a scan of the usage.
 */
export async function ratingWorkList(
  db: Kysely<Database>,
  payload: RatePayload,
): Promise<[string, string][]> {
  if (payload.tenantId && payload.period) return [[payload.tenantId, payload.period]];
  const only = { tenantId: payload.tenantId, period: payload.period };
  const pairs = new Set<string>();
  for (const m of await tenantMonthsWithUsage(db, only)) pairs.add(`${m.tenantId}\u0000${m.month}`);
  for (const r of await ratedPeriodPairs(db, only)) pairs.add(`${r.tenant_id}\u0000${r.period}`);
  return [...pairs]
    .map((p) => p.split('\u0000') as [string, string])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
}

/**
 * Tenant-periods rated per fenced transaction, set-wise (rateTenantPeriodsInTransaction): about
 * forty statements for the batch, where one at a time cost about 23 per tenant-period, one round
 * trip apiece (on PostgreSQL most of a tenant's time in bench rate). Pairs come sorted, so batches
 * of concurrent jobs take their locks in one order. Fifty keeps a batch's locks (a shared lock on
 * each tenant, the rated_periods rows) to a fraction of a second.
 */
const TENANT_PERIODS_PER_TRANSACTION = 50;

/**
 * Rates the work list batch by batch. A batch whose transaction fails for a reason of its own
 * (not the job's lease or cancellation, not a busy database, which a later attempt retries) is
 * rated again one tenant-period per transaction, so one tenant's bad data does not leave the
 * others of its batch, or the batches after it, unrated; the job then fails naming the
 * tenant-periods that failed, and its retry (or a later rating) rates them again.
 */
async function runRating(job: RunningJob<RatePayload>): Promise<void> {
  const pairs = await ratingWorkList(job.app.db.kysely, job.payload);
  const failed: { pair: [string, string]; error: unknown }[] = [];
  const rate = (batch: [string, string][], done: number) => {
    const [lastTenant, lastPeriod] = batch[batch.length - 1]!;
    return job.fenced((trx) => rateTenantPeriodsInTransaction(trx, job.ctx, batch), {
      progress: { done, total: pairs.length, message: `${lastPeriod} ${lastTenant}` },
    });
  };
  const ownFailure = (error: unknown) => !job.signal.aborted && !(error instanceof AppError);
  for (let i = 0; i < pairs.length; i += TENANT_PERIODS_PER_TRANSACTION) {
    job.signal.throwIfAborted();
    const batch = pairs.slice(i, i + TENANT_PERIODS_PER_TRANSACTION);
    try {
      await rate(batch, i + batch.length);
      continue;
    } catch (error) {
      if (!ownFailure(error)) throw error;
      if (batch.length === 1) {
        failed.push({ pair: batch[0]!, error });
        continue;
      }
    }
    for (const [k, pair] of batch.entries()) {
      try {
        await rate([pair], i + k + 1);
      } catch (error) {
        if (!ownFailure(error)) throw error;
        failed.push({ pair, error });
      }
    }
  }
  if (failed.length > 0) {
    const [{ pair, error }] = failed as [(typeof failed)[number]];
    throw new Error(
      `Rating failed for ${failed.length} tenant-period(s), the first ${pair[1]} of tenant ${pair[0]}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
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
