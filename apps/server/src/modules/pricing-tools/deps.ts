import type { TenantPeriodInput } from '@cms/billing';
import type { Kysely } from 'kysely';
import type { RequestContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { findOrganisationInScope } from '../organisations/organisations.service.ts';
import { createVersionWithNewRates, listOfVersion, listsForIncrease } from '../pricing/pricing.service.ts';
import { requestRerating } from '../rating/rating.jobs.ts';
import {
  type BookChoice,
  buildRatingInput,
  type TenantFacts,
  tenantFacts,
  wholePeriod,
} from '../rating/rating.service.ts';
import { getSetting } from '../settings/settings.service.ts';
import {
  keyedSubscriptions,
  type RatedSubscription,
  subscriptionInScope as ratedSubscriptionInScope,
  subscriptionsOfTenant as ratedSubscriptionsOfTenant,
} from '../subscriptions/rating-subscriptions.ts';
import { taxRatesFor as taxesTaxRatesFor } from '../taxes/taxes.service.ts';
import { usageSums } from '../usage/rating-usage.ts';
import { type Increase, increasedRate } from './increase.ts';

/**
 * What the pricing tools use of other modules, in one place, each a call into the owning module:
 * the rating input (modules/rating: the same assembly rating uses), price lists and the increase's
 * new version (modules/pricing), subscriptions, tax rates (modules/taxes), the re-rating request.
 */

export interface TenantPeriodUsageRow {
  subscriptionId: string;
  meterId: string;
  sku: string | null;
  /** Exact, in the meter's own unit. */
  quantity: string;
}

/**
 * The subscription of an estimate for a tenant that has none (usage rows name it). Such a tenant is
 * priced as if it had one subscription on no region: its own tenant price list (or the
 * estimator's chosen list) with its currency, discounts, tenant credits and tax; the month's hours
 * those of the Platform Time Zone; meter flags (informational, month fractions) from the Azure
 * Stack Hub catalog. No region list applies: a region is what would choose one.
 */
export const NO_SUBSCRIPTION = '';
const NO_REGION = 'estimate:no-region';

async function withoutSubscriptions(ctx: RequestContext, facts: TenantFacts): Promise<TenantFacts> {
  const timeZone = String(await getSetting(ctx, 'platform.timeZone'));
  return {
    ...facts,
    subscriptions: [
      {
        id: NO_SUBSCRIPTION,
        tenantId: facts.tenant.id,
        name: '',
        status: 'active',
        regionId: NO_REGION,
        azsSubscriptionId: null,
        billableFrom: '',
      },
    ],
    regions: new Map([[NO_REGION, { id: NO_REGION, kind: 'azure_stack', timeZone, usageWatermark: null }]]),
    sources: [],
  };
}

/**
 * The engine input of a tenant's period exactly as rating builds it (rating.service
 * buildRatingInput), from the period's stored usage or from given quantities, with the price book
 * chosen as the tools ask. The tenant is looked up in the caller's scope (404 outside it).
 */
export async function buildTenantPeriodInput(
  ctx: RequestContext,
  tenantId: string,
  period: string,
  options: { usage?: readonly TenantPeriodUsageRow[]; book?: BookChoice },
): Promise<TenantPeriodInput> {
  const db = ctx.app.db.kysely;
  const tenant = await findOrganisationInScope(db, ctx.actor.scope, tenantId, 'tenant');
  if (!tenant) throw notFoundField('body.tenantId', 'Tenant');
  const own = await tenantFacts(db, tenant);
  const facts =
    own.subscriptions.length === 0 && options.usage?.some((u) => u.subscriptionId === NO_SUBSCRIPTION)
      ? await withoutSubscriptions(ctx, own)
      : own;
  const sums = options.usage
    ? options.usage.map((u) => ({
        subscriptionId: u.subscriptionId,
        meterId: u.meterId,
        sku: u.sku ?? '',
        quantity: u.quantity,
      }))
    : await usageSums(db, facts.sources, wholePeriod(period));
  return buildRatingInput(db, ctx, facts, period, sums, options.book ?? {});
}

export interface IncreaseList {
  priceListId: string;
  displayName: string;
  scopeType: 'region' | 'tenant' | 'subscription';
  regionId: string | null;
  tenantId: string | null;
  subscriptionId: string | null;
  currency: string;
  sourceVersionId: string;
  sourceVersion: number;
  items: number;
}

export type IncreaseScopeInput =
  | { kind: 'priceList'; priceListId: string }
  | { kind: 'region'; regionId: string }
  | { kind: 'tenant'; tenantId: string }
  | { kind: 'allRegionLists' };

/**
 * The lists of the scope with their source versions: the one named (scope priceList), else the
 * version that rates `month` (the greatest effective month ≤ it among active and superseded
 * versions, ties the highest number). A list with no such version is left out: nothing rates with it.
 */
/** A 404 that names the field whose id was not found (the id exists nowhere the caller can see). */
export function notFoundField(field: string, what: string): AppError {
  return new AppError('not_found', `${what} not found.`, [
    { field, message: `No such ${what.toLowerCase()}.` },
  ]);
}

export { listOfVersion };

export async function listsInScope(
  ctx: RequestContext,
  scope: IncreaseScopeInput,
  month: string,
  sourceVersionId: string | undefined,
): Promise<IncreaseList[]> {
  const lists = await listsForIncrease(ctx, scope);
  if (scope.kind === 'priceList' && lists.length === 0) throw notFoundField('body.priceListId', 'Price list');
  const out: IncreaseList[] = [];
  for (const list of lists) {
    let source: (typeof list.versions)[number] | undefined;
    if (sourceVersionId !== undefined) {
      source = list.versions.find((v) => v.id === sourceVersionId);
      if (!source) throw AppError.invalidField('body.sourceVersionId', 'Not a version of this price list.');
    } else {
      for (const v of list.versions) {
        if (v.state === 'draft' || v.effectiveFrom > month) continue;
        if (
          !source ||
          v.effectiveFrom > source.effectiveFrom ||
          (v.effectiveFrom === source.effectiveFrom && v.version > source.version)
        )
          source = v;
      }
      if (!source) continue;
    }
    out.push({
      priceListId: list.id,
      displayName: list.displayName,
      scopeType: list.scopeType,
      regionId: list.regionId,
      tenantId: list.tenantId,
      subscriptionId: list.subscriptionId,
      currency: list.currency,
      sourceVersionId: source.id,
      sourceVersion: source.version,
      items: source.items,
    });
  }
  return out;
}

/**
 * The tenants the lists can price: those with a subscription (with usage keys) on a listed
 * region, the listed tenants, the tenants of listed subscriptions. In id order.
 */
export async function tenantsPricedBy(
  ctx: RequestContext,
  lists: readonly IncreaseList[],
): Promise<string[]> {
  const regions = new Set(lists.flatMap((l) => (l.scopeType === 'region' && l.regionId ? [l.regionId] : [])));
  const tenants = new Set(lists.flatMap((l) => (l.scopeType === 'tenant' && l.tenantId ? [l.tenantId] : [])));
  const subscriptions = new Set(
    lists.flatMap((l) => (l.scopeType === 'subscription' && l.subscriptionId ? [l.subscriptionId] : [])),
  );
  const out = new Set(tenants);
  for (const s of await keyedSubscriptions(ctx.app.db.kysely)) {
    if ((s.regionId && regions.has(s.regionId)) || subscriptions.has(s.id)) out.add(s.tenantId);
  }
  return [...out].sort();
}

export async function createIncreasedVersion(
  trx: Kysely<Database>,
  ctx: RequestContext,
  input: { list: IncreaseList; increase: Increase; effectiveFrom: string; activate: boolean; notes: string },
) {
  const made = await createVersionWithNewRates(trx, ctx, {
    listId: input.list.priceListId,
    sourceVersionId: input.list.sourceVersionId,
    effectiveFrom: input.effectiveFrom,
    notes: input.notes,
    activate: input.activate,
    newRate: (rate) => increasedRate(rate, input.increase),
  });
  return {
    priceListId: input.list.priceListId,
    versionId: made.versionId,
    version: made.version,
    state: made.state,
    effectiveFrom: input.effectiveFrom,
    items: made.items,
    supersededId: made.supersededId,
  };
}

/** Open periods change price: every open period is re-rated (rating skips closed ones). */
export async function requestReratingIn(trx: Kysely<Database>, ctx: RequestContext): Promise<void> {
  await requestRerating(trx, ctx, 'priceIncrease.apply');
}

export function subscriptionInScope(ctx: RequestContext, id: string): Promise<RatedSubscription | undefined> {
  return ratedSubscriptionInScope(ctx, id);
}

export function subscriptionsOfTenant(ctx: RequestContext, tenantId: string): Promise<RatedSubscription[]> {
  return ratedSubscriptionsOfTenant(ctx.app.db.kysely, tenantId);
}

/**
 * The estimator's chosen list: the named version (a draft too, to try proposed prices), else the
 * version that rates the period. A version of another list is refused naming the field.
 */
export async function versionForEstimate(
  ctx: RequestContext,
  listId: string,
  versionId: string | undefined,
  period: string,
): Promise<{ listId: string; versionId: string }> {
  const [list] = await listsForIncrease(ctx, { kind: 'priceList', priceListId: listId });
  if (!list) throw notFoundField('body.priceListId', 'Price list');
  if (versionId !== undefined) {
    if (!list.versions.some((v) => v.id === versionId)) {
      throw AppError.invalidField('body.versionId', 'Not a version of this price list.');
    }
    return { listId, versionId };
  }
  let best: (typeof list.versions)[number] | undefined;
  for (const v of list.versions) {
    if (v.state === 'draft' || v.effectiveFrom > period) continue;
    if (
      !best ||
      v.effectiveFrom > best.effectiveFrom ||
      (v.effectiveFrom === best.effectiveFrom && v.version > best.version)
    )
      best = v;
  }
  if (!best) {
    throw AppError.invalidField(
      'body.priceListId',
      `No version of this list rates ${period}: name a version (versionId), a draft too.`,
      'invalid_request',
    );
  }
  return { listId, versionId: best.id };
}

export async function taxRatesFor(ctx: RequestContext, tenantId: string, date: string) {
  const rates = await taxesTaxRatesFor(ctx, tenantId, date);
  return { exempt: rates.exempt, rates: rates.rates };
}
