import type { Kysely } from 'kysely';
import { newId } from '../../db/ids.ts';
import type { Database, OfferRegionState, OfferTable, PlanTable, QuotaTable } from '../../db/schema.ts';
import type { AdminOffer, AdminPlan, AdminQuota } from '../../integrations/azure-stack/index.ts';
import { parseResourceId, quotaArmKey, resourceArmKey } from './arm.ts';
import {
  findOfferByArmKey,
  findPlanByArmKey,
  findQuotasByArmKey,
  insertOffer,
  insertPlan,
  insertQuota,
  replaceOfferPlans,
  updateOfferRow,
  updatePlanRow,
  updateQuotaRow,
} from './offers.repository.ts';

/**
 * Storing what the region answered (a list in a sync, or the answer to a write through), in the
 * caller's transaction, which holds the region's row lock: rows are found by (region, ARM key),
 * updated or inserted, and a row the region has again loses its `region_deleted_at`.
 */

const REGION_STATES: readonly OfferRegionState[] = ['Private', 'Public', 'Decommissioned'];

export async function storeQuota(
  trx: Kysely<Database>,
  regionId: string,
  quota: AdminQuota,
  now: string,
  existing?: QuotaTable,
): Promise<QuotaTable> {
  const fields = {
    provider: quota.provider,
    location: quota.location,
    name: quota.name,
    arm_key: quotaArmKey(quota.provider, quota.location, quota.name),
    limits: JSON.stringify(quota.limits),
    synced_at: now,
    region_deleted_at: null,
  };
  const found = existing ?? (await findQuotasByArmKey(trx, regionId, [fields.arm_key]))[0];
  if (found) {
    await updateQuotaRow(trx, found.id, { ...fields, updated_at: now });
    return { ...found, ...fields, updated_at: now };
  }
  const row: QuotaTable = {
    id: newId('quo'),
    region_id: regionId,
    ...fields,
    created_at: now,
    updated_at: now,
  };
  await insertQuota(trx, row);
  return row;
}

export async function storePlan(
  trx: Kysely<Database>,
  regionId: string,
  plan: AdminPlan,
  now: string,
  existing?: PlanTable,
): Promise<PlanTable> {
  const fields = {
    resource_group: plan.resourceGroup,
    name: plan.name,
    arm_key: resourceArmKey(plan.resourceGroup, plan.name),
    display_name: (plan.displayName || plan.name).slice(0, 200),
    description: plan.description ? plan.description.slice(0, 1000) : null,
    quota_ids: JSON.stringify(plan.quotaIds),
    subscription_count: plan.subscriptionCount,
    synced_at: now,
    region_deleted_at: null,
  };
  const found = existing ?? (await findPlanByArmKey(trx, regionId, fields.arm_key));
  if (found) {
    await updatePlanRow(trx, found.id, { ...fields, updated_at: now });
    return { ...found, ...fields, updated_at: now };
  }
  const row: PlanTable = {
    id: newId('pln'),
    region_id: regionId,
    ...fields,
    created_at: now,
    updated_at: now,
  };
  await insertPlan(trx, row);
  return row;
}

/** The CMS's publishing of an offer the region has and the CMS did not know: private, visible to all. */
export const NEW_OFFER_PUBLISHING = { publication: 'private', visibility: 'all' } as const;

export async function storeOffer(
  trx: Kysely<Database>,
  regionId: string,
  offer: AdminOffer,
  now: string,
  publishing: Pick<OfferTable, 'publication' | 'visibility'> = NEW_OFFER_PUBLISHING,
): Promise<OfferTable> {
  const state = REGION_STATES.find((s) => s.toLowerCase() === String(offer.state).toLowerCase()) ?? 'Private';
  const fields = {
    resource_group: offer.resourceGroup,
    name: offer.name,
    arm_key: resourceArmKey(offer.resourceGroup, offer.name),
    display_name: (offer.displayName || offer.name).slice(0, 200),
    description: offer.description ? offer.description.slice(0, 1000) : null,
    region_state: state,
    max_subscriptions_per_account: offer.maxSubscriptionsPerAccount ?? 0,
    subscription_count: offer.subscriptionCount,
    synced_at: now,
    region_deleted_at: null,
  };
  const found = await findOfferByArmKey(trx, regionId, fields.arm_key);
  let row: OfferTable;
  if (found) {
    await updateOfferRow(trx, found.id, { ...fields, updated_at: now });
    row = { ...found, ...fields, updated_at: now };
  } else {
    row = {
      id: newId('off'),
      region_id: regionId,
      ...fields,
      publication: publishing.publication,
      visibility: publishing.visibility,
      created_at: now,
      updated_at: now,
    };
    await insertOffer(trx, row);
  }
  await replaceOfferPlans(trx, row.id, await planLinksOf(trx, regionId, offer));
  return row;
}

/** The offer's plans as the CMS's plan rows of the region (plans it does not know are left out). */
async function planLinksOf(trx: Kysely<Database>, regionId: string, offer: AdminOffer) {
  const links = new Map<
    string,
    { plan_id: string; link_type: 'base' | 'addon'; max_acquisition_count: number | null }
  >();
  const add = async (armId: string, type: 'base' | 'addon', max: number | null) => {
    const parsed = parseResourceId(armId, 'plans');
    if (!parsed) return;
    const plan = await findPlanByArmKey(trx, regionId, resourceArmKey(parsed.resourceGroup, parsed.name));
    // A plan listed as both keeps its base link.
    if (plan && !links.has(plan.id))
      links.set(plan.id, { plan_id: plan.id, link_type: type, max_acquisition_count: max });
  };
  for (const id of offer.basePlanIds) await add(id, 'base', null);
  for (const addon of offer.addonPlans) await add(addon.planId, 'addon', addon.maxAcquisitionCount);
  return [...links.values()];
}
