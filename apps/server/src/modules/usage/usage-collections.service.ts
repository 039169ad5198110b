import type { AppContext, RequestContext, SystemContext } from '../../context.ts';
import { nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import {
  AzureStackClient,
  type AzureStackClientOptions,
  AzureStackError,
} from '../../integrations/azure-stack/index.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { enqueueJob, PermanentJobError, type RunningJob, registerJobType } from '../jobs/index.ts';
import { jobType } from '../jobs/registry.ts';
import { evaluateQuotaAlerts } from '../quota-usage/quota-alerts.service.ts';
import { requestRerating } from '../rating/rating.jobs.ts';
import { collectionRegion } from '../regions/collection.service.ts';
import { recordAdminSubscriptions, regionBasics } from '../regions/platform-subscriptions.service.ts';
import {
  autoCreateMissingSubscriptions,
  subscriptionOnRegion,
  subscriptionUsageKey,
} from '../subscriptions/subscription-links.service.ts';
import { collectUsage, UsageCollectionError } from './collect.ts';
import { addDays, dayStart, daysBetween, localDay } from './local-time.ts';

export const COLLECT_JOB = 'usage.collect';

/** The longest range one "Update Usage" covers: about a quarter (each day is 24 reported windows). */
export const MAX_COLLECTION_DAYS = 92;

/** What a `usage.collect` job works on (stored as is and shown with the job: ids and times only). */
export interface CollectPayload extends Record<string, unknown> {
  regionId: string;
  /** Default: `manual` when `from` is given, else `scheduled` (from the watermark). */
  mode?: 'scheduled' | 'manual';
  from?: string;
  to?: string;
  /** A CMS subscription: collect its Azure Stack subscription only. */
  subscriptionId?: string;
}

/**
 * The `usage.collect` job: one collection run of a region (or of one subscription on it) through
 * collectUsage, every unit written in the job's fenced transaction, so a worker that lost its lease
 * writes nothing more. Every step is idempotent: an attempt cut off (kill -9, lease lapse) is
 * simply run again by the next worker. After a region-wide run, the admin API's subscriptions
 * are recorded (platform subscriptions, operator ones marked) and missing ones auto-created; after
 * every run the region's quota threshold alerts are evaluated on what is now stored.
 */
async function runCollection(job: RunningJob<CollectPayload>, client: AzureStackClientOptions | undefined) {
  const { app } = job;
  const payload = job.payload;
  const mode = payload.mode ?? (payload.from === undefined ? 'scheduled' : 'manual');
  let azsSubscriptionId: string | undefined;
  if (payload.subscriptionId !== undefined) {
    const subscription = await subscriptionOnRegion(app, payload.subscriptionId);
    if (!subscription?.azsSubscriptionId || subscription.regionId !== payload.regionId) {
      throw new PermanentJobError(
        'The subscription is no longer linked to an Azure Stack subscription on this region.',
      );
    }
    azsSubscriptionId = subscription.azsSubscriptionId;
  }
  let failure: UsageCollectionError | undefined;
  try {
    await collectUsage(
      app,
      {
        regionId: payload.regionId,
        mode,
        ...(payload.from === undefined ? {} : { from: payload.from }),
        ...(payload.to === undefined ? {} : { to: payload.to }),
        ...(azsSubscriptionId === undefined ? {} : { azsSubscriptionId }),
        jobId: job.id,
      },
      {
        transaction: (work) => job.fenced(work),
        progress: (done, total, message) => job.progress({ done, total, message }),
        signal: job.signal,
        ...(client === undefined ? {} : { client }),
      },
    );
  } catch (error) {
    // A region that is gone or cannot be collected from: no retry helps.
    if (error instanceof AppError) throw new PermanentJobError(error.message);
    if (!(error instanceof UsageCollectionError)) throw error;
    failure = error;
  }
  if (azsSubscriptionId === undefined) {
    await syncPlatformSubscriptions(job, client);
    await autoCreateMissingSubscriptions(job.ctx, payload.regionId, (work) => job.fenced(work));
  }
  await evaluateQuotaAlerts(job.ctx, payload.regionId, (work) => job.fenced(work));
  // The stored windows change open periods' money: rate them (merged with a queued rating). Also
  // after a failed run, whose completed windows are stored all the same.
  await job.fenced((trx) => requestRerating(trx, job.ctx, 'usage.collect'));
  app.jobs.wake();
  if (failure) throw failure;
}

/** Records the region's admin API subscriptions; a stamp that does not answer leaves them as they were. */
async function syncPlatformSubscriptions(
  job: RunningJob<CollectPayload>,
  options: AzureStackClientOptions | undefined,
): Promise<void> {
  const region = await collectionRegion(job.app, job.payload.regionId);
  if (region?.connection == null) return;
  let listed: Awaited<ReturnType<AzureStackClient['listAdminSubscriptions']>>;
  try {
    listed = await new AzureStackClient(region.connection, options).listAdminSubscriptions();
  } catch (error) {
    if (error instanceof AzureStackError) return;
    throw error;
  }
  const now = nowIso(job.app.clock);
  await job.fenced((trx) =>
    recordAdminSubscriptions(
      trx,
      region.id,
      listed.map((s) => ({
        azsSubscriptionId: s.subscriptionId.toLowerCase(),
        displayName: s.displayName,
        owner: s.owner,
        directoryTenant: s.tenantId,
        offerId: s.offerId,
        state: s.state,
        isOperator: s.platform,
      })),
      now,
    ),
  );
}

/**
 * Registers `usage.collect` with the job runner, once per process (every app the process opens
 * shares the registry). `client` shortens the Azure Stack client's retry waits in tests.
 */
export function registerUsageCollection(client?: AzureStackClientOptions): void {
  if (jobType(COLLECT_JOB)) return;
  registerJobType<CollectPayload, never>({
    type: COLLECT_JOB,
    maxAttempts: 5,
    retryBaseMs: 60_000,
    handler: (job) => runCollection(job, client),
  });
}

export interface CollectionRange {
  fromDate: string;
  toDate: string;
}

/** The UTC instants of a range of the region's local days, checked: ordered, not in the future, bounded. */
function instantsOf(app: AppContext, zone: string, range: CollectionRange) {
  const today = localDay(app.clock(), zone);
  if (range.toDate > today)
    throw AppError.invalidField('body.toDate', `Must not be after today (${today} in the region).`);
  if (range.fromDate > range.toDate)
    throw AppError.invalidField('body.toDate', 'Must not be before fromDate.');
  if (daysBetween(range.fromDate, range.toDate) >= MAX_COLLECTION_DAYS) {
    throw AppError.invalidField('body.toDate', `At most ${MAX_COLLECTION_DAYS} days from fromDate.`);
  }
  return {
    from: new Date(dayStart(range.fromDate, zone)).toISOString(),
    to: new Date(dayStart(addDays(range.toDate, 1), zone)).toISOString(),
  };
}

async function enqueueCollection(
  ctx: RequestContext | SystemContext,
  input: {
    regionId: string;
    from: string;
    to: string;
    subscription?: { id: string; tenantId: string };
    audit: { action: string; targetType: string; targetId: string; orgId: string };
  },
) {
  const payload: CollectPayload = {
    regionId: input.regionId,
    mode: 'manual',
    from: input.from,
    to: input.to,
    ...(input.subscription ? { subscriptionId: input.subscription.id } : {}),
  };
  const job = await transaction(ctx.app.db, async (trx) => {
    const queued = await enqueueJob(trx, ctx, {
      type: COLLECT_JOB,
      payload,
      // The same range asked for again while it runs is that run, not a second one.
      dedupeKey: `manual:${input.regionId}:${input.subscription?.id ?? '*'}:${input.from}:${input.to}`,
      regionId: input.regionId,
      ...(input.subscription
        ? { orgId: input.subscription.tenantId, subscriptionId: input.subscription.id }
        : {}),
    });
    if (queued.created) {
      await recordAudit(trx, ctx, {
        ...input.audit,
        after: { jobId: queued.id, from: input.from, to: input.to },
      });
    }
    return queued;
  });
  ctx.app.jobs.wake();
  return { id: job.id, status: job.status, created: job.created, from: input.from, to: input.to };
}

/** "Update Usage" for a region: its reported windows over a range of its local days. */
export async function requestRegionCollection(ctx: RequestContext, regionId: string, range: CollectionRange) {
  const region = await regionBasics(ctx.app, regionId);
  if (!region) throw AppError.notFound('Region');
  if (region.kind !== 'azure_stack') {
    throw new AppError(
      'invalid_request',
      'An import source has no stamp to collect from; import its usage instead.',
    );
  }
  const { from, to } = instantsOf(ctx.app, region.time_zone, range);
  return enqueueCollection(ctx, {
    regionId,
    from,
    to,
    audit: {
      action: 'region.collectUsage',
      targetType: 'region',
      targetId: regionId,
      orgId: ctx.actor.scope.orgId,
    },
  });
}

/** "Update Usage" for one subscription: its Azure Stack subscription only, over its region's local days. */
export async function requestSubscriptionCollection(
  ctx: RequestContext,
  subscriptionId: string,
  range: CollectionRange,
) {
  const key = await subscriptionUsageKey(ctx, subscriptionId);
  const subscription = await subscriptionOnRegion(ctx.app, subscriptionId);
  const region = key.regionId ? await regionBasics(ctx.app, key.regionId) : undefined;
  if (!subscription || !region || !key.azsSubscriptionId || region.kind !== 'azure_stack') {
    throw new AppError(
      'invalid_request',
      'This subscription is not linked to an Azure Stack subscription on an Azure Stack Hub region.',
    );
  }
  const { from, to } = instantsOf(ctx.app, region.time_zone, range);
  return enqueueCollection(ctx, {
    regionId: region.id,
    from,
    to,
    subscription: { id: subscription.id, tenantId: subscription.tenantId },
    audit: {
      action: 'subscription.collectUsage',
      targetType: 'subscription',
      targetId: subscription.id,
      orgId: subscription.tenantId,
    },
  });
}
