import type { Kysely } from 'kysely';
import type { AnyContext, RequestContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import {
  type AdminOffer,
  type AdminPlan,
  type AdminQuota,
  type AzureStackClient,
  AzureStackError,
  QUOTA_PROVIDERS,
} from '../../integrations/azure-stack/index.ts';
import { raiseAlert, resolveAlerts } from '../alerts/alerts.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { enqueueJob, PermanentJobError, type RunningJob, registerJobType } from '../jobs/index.ts';
import { jobType } from '../jobs/registry.ts';
import { lockRegionForUsage } from '../regions/collection.service.ts';
import { regionBasics } from '../regions/platform-subscriptions.service.ts';
import { OFFER_SYNC_JOB_TYPE } from '../regions/region-schedule.ts';
import { adminClientForRegion } from '../regions/regions.service.ts';
import { quotaArmKey } from './arm.ts';
import {
  offersOfRegion,
  plansOfRegion,
  quotasOfRegion,
  updateOfferRow,
  updatePlanRow,
  updateQuotaRow,
} from './offers.repository.ts';
import { storeOffer, storePlan, storeQuota } from './region-store.ts';

/**
 * The region is the master of plans, offers and quotas: `offers.sync` reads what a region has
 * (its locations, plans, offers, and the quotas of every admin provider in every location) and
 * stores it, one region at a time. It runs on the region's schedule (regions/region-schedule.ts)
 * and on demand (POST /regions/{id}/offer-syncs).
 *
 * - Rows are matched by (region, ARM key), updated or inserted; a new offer starts private and
 *   visible to all (the CMS's publishing is never taken from the region). Offer plan links are
 *   replaced with what the region lists.
 * - A row the region no longer lists is marked `region_deleted_at`, never deleted (subscriptions
 *   and history point at it); a row listed again is live again.
 * - A quota provider the stamp does not have (404 or 400 on its list) is skipped: its rows stay as
 *   they were.
 * - Everything is written in one fenced transaction that first locks the region's row, the lock
 *   a write through of an edit takes too: two syncs, or a sync and an edit, store one after the
 *   other. A row stored after this sync began reading (an edit's answer from the region, or a
 *   later sync) is newer than what this sync read and is left as it is.
 * - A failure raises `offers.sync_failed` for the region (resolved by the next success) and fails
 *   the attempt (retried with backoff); a region that is gone or has no connection fails at once.
 */

export { OFFER_SYNC_JOB_TYPE };

export const SYNC_ALERT = 'offers.sync_failed';

export interface SyncPayload extends Record<string, unknown> {
  regionId: string;
}

/** What one read of the region found. */
export interface RegionCatalog {
  plans: AdminPlan[];
  offers: AdminOffer[];
  quotas: AdminQuota[];
  /** "{provider}/{location}" (lower-cased) of every quota list that was read. */
  quotaListsRead: Set<string>;
}

export interface SyncCounts {
  plans: number;
  offers: number;
  quotas: number;
  vanished: number;
  skippedProviders: string[];
}

/** Reads everything the sync stores; nothing is written. */
export async function readRegionCatalog(
  client: AzureStackClient,
): Promise<RegionCatalog & { skipped: string[] }> {
  const locations = (await client.listLocations()).map((l) => l.name);
  const plans = await client.listPlans();
  const offers = await client.listOffers();
  const quotas: AdminQuota[] = [];
  const quotaListsRead = new Set<string>();
  const skipped: string[] = [];
  for (const location of locations) {
    for (const provider of QUOTA_PROVIDERS) {
      try {
        quotas.push(...(await client.listQuotas(provider, location)));
        quotaListsRead.add(`${provider}/${location}`.toLowerCase());
      } catch (error) {
        if (
          error instanceof AzureStackError &&
          (error.kind === 'not-found' || error.kind === 'bad-request')
        ) {
          skipped.push(`${provider} (${location})`);
          continue;
        }
        throw error;
      }
    }
  }
  return { plans, offers, quotas, quotaListsRead, skipped };
}

/**
 * Stores a region's catalog as read from `startedAt` on, in the caller's transaction, which
 * holds the region's row lock.
 */
export async function applyRegionCatalog(
  trx: Kysely<Database>,
  regionId: string,
  catalog: RegionCatalog,
  startedAt: string,
  now: string,
): Promise<Omit<SyncCounts, 'skippedProviders'>> {
  const newer = (row: { synced_at: string | null }) => row.synced_at !== null && row.synced_at > startedAt;
  let vanished = 0;

  const quotas = new Map((await quotasOfRegion(trx, regionId)).map((q) => [q.arm_key, q]));
  const listedQuotas = new Set<string>();
  for (const quota of catalog.quotas) {
    const key = quotaArmKey(quota.provider, quota.location, quota.name);
    listedQuotas.add(key);
    const existing = quotas.get(key);
    if (existing && newer(existing)) continue;
    await storeQuota(trx, regionId, quota, now, existing);
  }
  for (const [key, row] of quotas) {
    const read = catalog.quotaListsRead.has(`${row.provider}/${row.location}`.toLowerCase());
    if (!read || listedQuotas.has(key) || row.region_deleted_at !== null || newer(row)) continue;
    await updateQuotaRow(trx, row.id, { region_deleted_at: now, updated_at: now });
    vanished++;
  }

  const plans = new Map((await plansOfRegion(trx, regionId)).map((p) => [p.arm_key, p]));
  const listedPlans = new Set<string>();
  for (const plan of catalog.plans) {
    const stored = await storeIfOlder(plans, plan.resourceGroup, plan.name, listedPlans, newer, (existing) =>
      storePlan(trx, regionId, plan, now, existing),
    );
    if (stored) plans.set(stored.arm_key, stored);
  }
  for (const [key, row] of plans) {
    if (listedPlans.has(key) || row.region_deleted_at !== null || newer(row)) continue;
    await updatePlanRow(trx, row.id, { region_deleted_at: now, updated_at: now });
    vanished++;
  }

  const offers = new Map((await offersOfRegion(trx, regionId)).map((o) => [o.arm_key, o]));
  const listedOffers = new Set<string>();
  for (const offer of catalog.offers) {
    await storeIfOlder(offers, offer.resourceGroup, offer.name, listedOffers, newer, () =>
      storeOffer(trx, regionId, offer, now),
    );
  }
  for (const [key, row] of offers) {
    if (listedOffers.has(key) || row.region_deleted_at !== null || newer(row)) continue;
    await updateOfferRow(trx, row.id, { region_deleted_at: now, updated_at: now });
    vanished++;
  }
  return {
    plans: catalog.plans.length,
    offers: catalog.offers.length,
    quotas: catalog.quotas.length,
    vanished,
  };
}

async function storeIfOlder<R extends { arm_key: string; synced_at: string | null }, S>(
  existing: Map<string, R>,
  resourceGroup: string,
  name: string,
  listed: Set<string>,
  newer: (row: R) => boolean,
  store: (row: R | undefined) => Promise<S>,
): Promise<S | undefined> {
  const key = `${resourceGroup}/${name}`.toLowerCase();
  listed.add(key);
  const row = existing.get(key);
  if (row && newer(row)) return undefined;
  return store(row);
}

async function alertSyncFailed(
  trx: Kysely<Database>,
  ctx: AnyContext,
  region: { id: string; name: string },
  message: string,
): Promise<void> {
  await raiseAlert(trx, ctx, {
    kind: SYNC_ALERT,
    key: region.id,
    severity: 'warning',
    title: `Plans and offers of ${region.name} could not be synced`,
    message: `${message} The CMS keeps the plans, offers and quotas it last read; the next sync tries again.`,
    regionId: region.id,
  });
}

async function runSync(job: RunningJob<SyncPayload>): Promise<void> {
  const { app } = job;
  const region = await regionBasics(app, job.payload.regionId);
  if (!region) throw new PermanentJobError('The region no longer exists.');
  if (region.kind !== 'azure_stack') {
    throw new PermanentJobError('An import source has no plans or offers to sync.');
  }
  const startedAt = nowIso(app.clock);
  let catalog: Awaited<ReturnType<typeof readRegionCatalog>>;
  try {
    catalog = await readRegionCatalog(await adminClientForRegion(app, region.id));
  } catch (error) {
    if (error instanceof AppError || error instanceof AzureStackError) {
      await job.fenced((trx) => alertSyncFailed(trx, job.ctx, region, error.message));
      // A region without a usable connection needs an operator, not a retry.
      if (error instanceof AppError) throw new PermanentJobError(error.message);
    }
    throw error;
  }
  job.signal.throwIfAborted();
  await app.pause('offers.sync');
  await job.fenced(
    async (trx) => {
      await lockRegionForUsage(trx, region.id);
      const stored = await applyRegionCatalog(trx, region.id, catalog, startedAt, nowIso(app.clock));
      await resolveAlerts(trx, job.ctx, { kind: SYNC_ALERT, key: region.id });
      return stored;
    },
    {
      progress: {
        done: 1,
        total: 1,
        message: `${catalog.plans.length} plan(s), ${catalog.offers.length} offer(s), ${catalog.quotas.length} quota(s)${
          catalog.skipped.length > 0 ? `; providers the stamp lacks: ${catalog.skipped.join(', ')}` : ''
        }`,
      },
    },
  );
}

/** Registers `offers.sync` with the job runner, once per process. */
export function registerOfferSync(): void {
  if (jobType(OFFER_SYNC_JOB_TYPE)) return;
  registerJobType<SyncPayload, never>({
    type: OFFER_SYNC_JOB_TYPE,
    maxAttempts: 3,
    retryBaseMs: 60_000,
    handler: runSync,
  });
}

/** "Sync now": queues a sync of the region (the one queued or running, if there is one). */
export async function requestOfferSync(ctx: RequestContext, regionId: string) {
  const region = await regionBasics(ctx.app, regionId);
  if (!region) throw AppError.notFound('Region');
  if (region.kind !== 'azure_stack') {
    throw new AppError('invalid_request', 'An import source has no plans or offers to sync.');
  }
  const job = await transaction(ctx.app.db, async (trx) => {
    const queued = await enqueueJob(trx, ctx, {
      type: OFFER_SYNC_JOB_TYPE,
      payload: { regionId } satisfies SyncPayload,
      dedupeKey: `region:${regionId}`,
      regionId,
    });
    if (queued.created) {
      await recordAudit(trx, ctx, {
        action: 'region.offerSync',
        targetType: 'region',
        targetId: regionId,
        orgId: ctx.actor.scope.orgId,
        after: { jobId: queued.id },
      });
    }
    return queued;
  });
  ctx.app.jobs.wake();
  return { id: job.id, status: job.status, created: job.created };
}
