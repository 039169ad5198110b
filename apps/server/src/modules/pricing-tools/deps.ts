import type { PriceItemInput, TaxRateInput, TenantPeriodInput } from '@cms/billing';
import type { Kysely } from 'kysely';
import type { AppContext, RequestContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import type { Increase } from './increase.ts';

/**
 * What the pricing tools use of other modules, in one place (each a thin call into the owning
 * module's service): price lists and versions (modules/pricing), the rating input (modules/rating),
 * subscriptions, tax rates (modules/taxes).
 */

const pending = (what: string): never => {
  throw new Error(`pricing-tools: ${what} is not wired yet`);
};

export interface PriceBook {
  resolve(subscriptionId: string, meterId: string, sku: string | null): PriceItemInput | null;
  itemIds(): string[];
}

export interface TenantPeriodUsageRow {
  /** null: the tenant as a whole (an estimate with a chosen list and no subscription). */
  subscriptionId: string | null;
  meterId: string;
  sku: string | null;
  /** Exact, in the meter's own unit. */
  quantity: string;
}

export async function buildTenantPeriodInput(
  _app: AppContext,
  _tenantId: string,
  _period: string,
  _options: {
    usage?: readonly TenantPeriodUsageRow[];
    versions?: ReadonlyMap<string, string>;
    onlyVersion?: { listId: string; versionId: string };
    priceBook?: (book: PriceBook) => PriceBook;
  },
): Promise<TenantPeriodInput> {
  return pending('the rating input');
}

export interface IncreaseList {
  priceListId: string;
  displayName: string;
  scopeType: 'region' | 'tenant' | 'subscription';
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

export async function listsInScope(
  _ctx: RequestContext,
  _scope: IncreaseScopeInput,
  _month: string,
  _sourceVersionId: string | undefined,
): Promise<IncreaseList[]> {
  return pending('price lists');
}

export async function tenantsPricedBy(
  _app: AppContext,
  _lists: IncreaseList[],
  _period: string,
): Promise<string[]> {
  return pending('tenants of lists');
}

export async function createIncreasedVersion(
  _trx: Kysely<Database>,
  _ctx: RequestContext,
  _input: { list: IncreaseList; increase: Increase; effectiveFrom: string; activate: boolean; notes: string },
): Promise<{
  priceListId: string;
  versionId: string;
  version: number;
  state: 'draft' | 'active' | 'superseded';
  effectiveFrom: string;
  items: number;
}> {
  return pending('new versions');
}

export async function requestReratingFrom(
  _ctx: RequestContext,
  _lists: IncreaseList[],
  _from: string,
): Promise<void> {
  return pending('re-rating');
}

export async function subscriptionInScope(
  _ctx: RequestContext,
  _id: string,
): Promise<{ id: string; tenantId: string } | undefined> {
  return pending('subscriptions');
}

export async function subscriptionsOfTenant(_app: AppContext, _tenantId: string): Promise<{ id: string }[]> {
  return pending('subscriptions');
}

export async function versionForEstimate(
  _ctx: RequestContext,
  _listId: string,
  _versionId: string | undefined,
  _period: string,
): Promise<{ listId: string; versionId: string }> {
  return pending('versions');
}

export async function taxRatesFor(
  _ctx: RequestContext,
  _tenantId: string,
  _date: string,
): Promise<{ exempt: boolean; rates: TaxRateInput[] }> {
  return pending('tax rates');
}
