import type { Kysely } from 'kysely';
import type { RequestContext } from '../../context.ts';
import { PLATFORM_ORG_ID } from '../../db/ids.ts';
import type { Database, PlanTable, QuotaTable } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import type { PageRequest } from '../../http/pagination.ts';
import type { AdminPlan, AdminQuota, QuotaProvider } from '../../integrations/azure-stack/index.ts';
import { changedFields, recordAudit } from '../audit/audit.service.ts';
import { lockRegionForUsage } from '../regions/collection.service.ts';
import { regionBasics } from '../regions/platform-subscriptions.service.ts';
import { quotaArmId, quotaArmKey, resourceArmKey } from './arm.ts';
import { parseLimits, presentPlans, presentQuotas } from './offers.presenter.ts';
import {
  type CatalogFilter,
  findPlan,
  findPlanByArmKey,
  findQuota,
  findQuotasByArmKey,
  findQuotasById,
  listPlanRows,
  listQuotaRows,
  offersUsingPlan,
  type QuotaFilter,
  updatePlanRow,
} from './offers.repository.ts';
import { QUOTA_LIMITS } from './offers.schema.ts';
import { onRegion } from './region-admin.ts';
import { storePlan, storeQuota } from './region-store.ts';

// ---------------------------------------------------------------------------------------------
// Reads (platform users: below the platform plans and quotas do not exist)

export async function isPlanVisible(ctx: RequestContext, id: string): Promise<boolean> {
  return (await findPlan(ctx.app.db.kysely, ctx.actor.scope, id)) !== undefined;
}

export async function isQuotaVisible(ctx: RequestContext, id: string): Promise<boolean> {
  return (await findQuota(ctx.app.db.kysely, ctx.actor.scope, id)) !== undefined;
}

export async function visiblePlan(ctx: RequestContext, id: string): Promise<PlanTable> {
  const row = await findPlan(ctx.app.db.kysely, ctx.actor.scope, id);
  if (!row) throw AppError.notFound('Plan');
  return row;
}

export async function visibleQuota(ctx: RequestContext, id: string): Promise<QuotaTable> {
  const row = await findQuota(ctx.app.db.kysely, ctx.actor.scope, id);
  if (!row) throw AppError.notFound('Quota');
  return row;
}

export async function getPlan(ctx: RequestContext, id: string) {
  const [view] = await presentPlans(ctx.app.db.kysely, [await visiblePlan(ctx, id)]);
  return view!;
}

export async function listPlans(ctx: RequestContext, filter: CatalogFilter, page: PageRequest) {
  const db = ctx.app.db.kysely;
  const result = await listPlanRows(db, ctx.actor.scope, filter, page);
  return { ...result, items: await presentPlans(db, result.items) };
}

export async function getQuota(ctx: RequestContext, id: string) {
  const [view] = await presentQuotas(ctx.app.db.kysely, [await visibleQuota(ctx, id)]);
  return view!;
}

export async function listQuotas(ctx: RequestContext, filter: QuotaFilter, page: PageRequest) {
  const db = ctx.app.db.kysely;
  const result = await listQuotaRows(db, ctx.actor.scope, filter, page);
  return { ...result, items: await presentQuotas(db, result.items) };
}

// ---------------------------------------------------------------------------------------------
// Writes through to the region (platform administrators)

/** Where the CMS creates plans and offers on a region unless told otherwise. */
export const DEFAULT_RESOURCE_GROUP = 'cms-offers';

export interface PlanInput {
  regionId: string;
  resourceGroup?: string | undefined;
  name: string;
  displayName: string;
  description?: string | null | undefined;
  quotaIds: string[];
}

export interface PlanPatch {
  displayName?: string | undefined;
  description?: string | null | undefined;
  quotaIds?: string[] | undefined;
}

const planField = (message: string) => (/quota/i.test(message) ? 'body.quotaIds' : 'body.name');

function planAudit(row: PlanTable) {
  return {
    regionId: row.region_id,
    resourceGroup: row.resource_group,
    name: row.name,
    displayName: row.display_name,
    description: row.description,
    quotaIds: JSON.parse(row.quota_ids) as string[],
  };
}

/** The region of a create: an Azure Stack Hub region that exists (422 on body.regionId otherwise). */
export async function regionForWrite(ctx: RequestContext, regionId: string) {
  const region = await regionBasics(ctx.app, regionId);
  if (!region) throw AppError.invalidField('body.regionId', 'No such region.', 'not_found');
  if (region.kind !== 'azure_stack') {
    throw AppError.invalidField(
      'body.regionId',
      'An import source has no plans, offers or quotas.',
      'invalid_request',
    );
  }
  if (region.provider_subscription_id === null) {
    throw AppError.invalidField(
      'body.regionId',
      'The region has no provider subscription yet: save its connection first.',
      'invalid_request',
    );
  }
  return { ...region, providerSubscriptionId: region.provider_subscription_id };
}

/** The ARM ids of the given quotas, each a live quota of the region, one per provider. */
async function quotaArmIdsFor(
  db: Kysely<Database>,
  region: { id: string; providerSubscriptionId: string },
  ids: string[],
): Promise<string[]> {
  const rows = new Map((await findQuotasById(db, ids)).map((q) => [q.id, q]));
  const providers = new Set<string>();
  return ids.map((id, i) => {
    const quota = rows.get(id);
    const field = `body.quotaIds.${i}`;
    if (!quota || quota.region_id !== region.id) {
      throw AppError.invalidField(field, "No such quota on the plan's region.", 'invalid_request');
    }
    if (quota.region_deleted_at !== null) {
      throw AppError.invalidField(field, 'This quota no longer exists on the region.', 'invalid_request');
    }
    if (providers.has(quota.provider)) {
      throw AppError.invalidField(
        field,
        `A plan has one quota per provider; ${quota.provider} is there twice.`,
        'invalid_request',
      );
    }
    providers.add(quota.provider);
    return quotaArmId(region.providerSubscriptionId, quota.provider, quota.location, quota.name);
  });
}

/** Stores the region's answer for a plan and audits it, under the region's row lock. */
async function storePlanAnswer(
  ctx: RequestContext,
  regionId: string,
  answer: AdminPlan,
  audit: (row: PlanTable) => Parameters<typeof recordAudit>[2],
  existing?: PlanTable,
) {
  return transaction(ctx.app.db, async (trx) => {
    await lockRegionForUsage(trx, regionId);
    const row = await storePlan(trx, regionId, answer, nowIso(ctx.app.clock), existing);
    await recordAudit(trx, ctx, audit(row));
    const [view] = await presentPlans(trx, [row]);
    return view!;
  });
}

export async function createPlan(ctx: RequestContext, input: PlanInput) {
  const db = ctx.app.db.kysely;
  const region = await regionForWrite(ctx, input.regionId);
  const resourceGroup = input.resourceGroup ?? DEFAULT_RESOURCE_GROUP;
  if (await findPlanByArmKey(db, region.id, resourceArmKey(resourceGroup, input.name))) {
    throw AppError.invalidField(
      'body.name',
      'The region already has a plan with this name in this resource group.',
      'conflict',
    );
  }
  const quotaIds = await quotaArmIdsFor(db, region, input.quotaIds);
  const answer = await onRegion(ctx.app, region.id, { field: planField }, (client) =>
    client.putPlan(resourceGroup, input.name, {
      displayName: input.displayName,
      description: input.description ?? null,
      quotaIds,
    }),
  );
  return storePlanAnswer(ctx, region.id, answer, (row) => ({
    action: 'plan.create',
    targetType: 'plan',
    targetId: row.id,
    orgId: PLATFORM_ORG_ID,
    after: planAudit(row),
  }));
}

function refuseGone(what: string): AppError {
  return new AppError(
    'invalid_request',
    `This ${what} no longer exists on its region; it is kept for history only.`,
  );
}

export async function updatePlan(ctx: RequestContext, id: string, patch: PlanPatch) {
  const row = await visiblePlan(ctx, id);
  if (row.region_deleted_at !== null) throw refuseGone('plan');
  const region = await regionForWrite(ctx, row.region_id);
  const quotaIds =
    patch.quotaIds === undefined
      ? (JSON.parse(row.quota_ids) as string[])
      : await quotaArmIdsFor(ctx.app.db.kysely, region, patch.quotaIds);
  const answer = await onRegion(ctx.app, region.id, { field: planField }, (client) =>
    client.putPlan(row.resource_group, row.name, {
      displayName: patch.displayName ?? row.display_name,
      description: patch.description === undefined ? row.description : patch.description,
      quotaIds,
    }),
  );
  return storePlanAnswer(
    ctx,
    region.id,
    answer,
    (next) => ({
      action: 'plan.update',
      targetType: 'plan',
      targetId: id,
      orgId: PLATFORM_ORG_ID,
      ...changedFields(planAudit(row), planAudit(next)),
    }),
    row,
  );
}

export async function deletePlan(ctx: RequestContext, id: string): Promise<void> {
  const row = await visiblePlan(ctx, id);
  if (row.region_deleted_at !== null) throw refuseGone('plan');
  const offers = await offersUsingPlan(ctx.app.db.kysely, id);
  if (offers.length > 0) {
    throw new AppError(
      'has_dependents',
      `Offers use this plan (${offers.join(', ')}); take it out of them first.`,
    );
  }
  if (row.subscription_count > 0) {
    throw new AppError(
      'has_dependents',
      `${row.subscription_count} subscription(s) on the region use this plan.`,
    );
  }
  await onRegion(ctx.app, row.region_id, { field: planField, deleting: true }, (client) =>
    client.deletePlan(row.resource_group, row.name),
  );
  await transaction(ctx.app.db, async (trx) => {
    await lockRegionForUsage(trx, row.region_id);
    const now = nowIso(ctx.app.clock);
    await updatePlanRow(trx, id, { region_deleted_at: now, synced_at: now, updated_at: now });
    await recordAudit(trx, ctx, {
      action: 'plan.delete',
      targetType: 'plan',
      targetId: id,
      orgId: PLATFORM_ORG_ID,
      before: planAudit(row),
    });
  });
}

// Quotas

export interface QuotaInput {
  regionId: string;
  provider: QuotaProvider;
  name: string;
  limits: Record<string, number | undefined>;
}

async function storeQuotaAnswer(
  ctx: RequestContext,
  regionId: string,
  answer: AdminQuota,
  audit: (row: QuotaTable) => Parameters<typeof recordAudit>[2],
) {
  return transaction(ctx.app.db, async (trx) => {
    await lockRegionForUsage(trx, regionId);
    const row = await storeQuota(trx, regionId, answer, nowIso(ctx.app.clock));
    await recordAudit(trx, ctx, audit(row));
    const [view] = await presentQuotas(trx, [row]);
    return view!;
  });
}

const quotaAudit = (row: QuotaTable) => ({
  regionId: row.region_id,
  provider: row.provider,
  location: row.location,
  name: row.name,
  limits: parseLimits(row.limits),
});

/** Each limit must be a property of the quota's provider (422 naming it otherwise). */
function checkLimits(provider: string, limits: Record<string, number | undefined>): Record<string, number> {
  const known = QUOTA_LIMITS[provider as keyof typeof QUOTA_LIMITS] ?? [];
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(limits)) {
    if (value === undefined) continue;
    if (!known.includes(name)) {
      throw AppError.invalidField(
        `body.limits.${name}`,
        `Not a quota property of ${provider}.`,
        'invalid_request',
      );
    }
    out[name] = value;
  }
  return out;
}

export async function createQuota(ctx: RequestContext, input: QuotaInput) {
  const limits = checkLimits(input.provider, input.limits);
  const region = await regionForWrite(ctx, input.regionId);
  const answer = await onRegion(ctx.app, region.id, { field: () => 'body.limits' }, async (client) => {
    // Quotas are per location; a region (one stamp) has one.
    const location = (await client.listLocations())[0]?.name;
    if (location === undefined) {
      throw AppError.invalidField('body.regionId', 'The region lists no location.', 'invalid_request');
    }
    const key = quotaArmKey(input.provider, location, input.name);
    if ((await findQuotasByArmKey(ctx.app.db.kysely, region.id, [key])).length > 0) {
      throw AppError.invalidField(
        'body.name',
        `The region already has a ${input.provider} quota with this name.`,
        'conflict',
      );
    }
    return client.putQuota(input.provider, location, input.name, limits);
  });
  return storeQuotaAnswer(ctx, region.id, answer, (row) => ({
    action: 'quota.create',
    targetType: 'quota',
    targetId: row.id,
    orgId: PLATFORM_ORG_ID,
    after: quotaAudit(row),
  }));
}

export async function updateQuota(
  ctx: RequestContext,
  id: string,
  patch: { limits: Record<string, number | undefined> },
) {
  const row = await visibleQuota(ctx, id);
  const limits = checkLimits(row.provider, patch.limits);
  if (row.region_deleted_at !== null) throw refuseGone('quota');
  const region = await regionForWrite(ctx, row.region_id);
  const answer = await onRegion(ctx.app, region.id, { field: () => 'body.limits' }, (client) =>
    client.putQuota(row.provider as QuotaProvider, row.location, row.name, {
      ...parseLimits(row.limits),
      ...limits,
    }),
  );
  return storeQuotaAnswer(ctx, region.id, answer, (next) => ({
    action: 'quota.update',
    targetType: 'quota',
    targetId: id,
    orgId: PLATFORM_ORG_ID,
    ...changedFields(quotaAudit(row), quotaAudit(next)),
  }));
}
