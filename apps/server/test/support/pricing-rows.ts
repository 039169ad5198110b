import type { AppContext } from '../../src/context.ts';
import { newId } from '../../src/db/ids.ts';

/**
 * Price lists, versions, items, tiers, discounts, credits and exchange rates written straight into
 * their tables, for tests of rating (the pricing and adjustments APIs land separately).
 */
const NOW = '2024-01-01T00:00:00.000Z';

/**
 * Ids for rows whose prefixes the pricing and adjustments modules register (db/ids.ts) when they
 * land; until then the test rows borrow the id shape (the columns are plain varchar ids).
 */
const testId = (prefix: string) => `${prefix}${newId('job').slice(3)}`;

export async function insertPriceList(
  app: AppContext,
  scope: { region?: string; tenant?: string; subscription?: string },
  currency = 'USD',
): Promise<string> {
  const id = testId('prl');
  const [type, scopeId] = scope.region
    ? (['region', scope.region] as const)
    : scope.tenant
      ? (['tenant', scope.tenant] as const)
      : (['subscription', scope.subscription!] as const);
  await app.db.kysely
    .insertInto('price_lists')
    .values({
      id,
      scope_type: type,
      region_id: scope.region ?? null,
      tenant_id: scope.tenant ?? null,
      subscription_id: scope.subscription ?? null,
      scope_key: `${type}:${scopeId}`,
      display_name: `${type} list`,
      description: null,
      currency,
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();
  return id;
}

export async function insertVersion(
  app: AppContext,
  listId: string,
  version: number,
  effectiveFrom: string,
  state: 'draft' | 'active' | 'superseded' = 'active',
): Promise<string> {
  const id = testId('plv');
  await app.db.kysely
    .insertInto('price_list_versions')
    .values({
      id,
      price_list_id: listId,
      version,
      state,
      effective_from: effectiveFrom,
      notes: null,
      activated_at: state === 'draft' ? null : NOW,
      superseded_at: null,
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();
  return id;
}

export async function setVersionState(app: AppContext, versionId: string, state: 'active' | 'superseded') {
  await app.db.kysely.updateTable('price_list_versions').set({ state }).where('id', '=', versionId).execute();
}

export interface ItemSpec {
  meterId: string;
  sku?: string;
  priceUnit?: 'meter' | 'month';
  rate?: string;
  tiers?: { from: string; to: string | null; rate: string }[];
  mode?: 'graduated' | 'volume';
}

export async function insertItem(app: AppContext, versionId: string, spec: ItemSpec): Promise<string> {
  const id = testId('pri');
  await app.db.kysely
    .insertInto('price_items')
    .values({
      id,
      version_id: versionId,
      meter_id: spec.meterId,
      sku: spec.sku ?? '',
      price_unit: spec.priceUnit ?? 'meter',
      pricing: spec.tiers ? (spec.mode ?? 'graduated') : 'flat',
      rate: spec.tiers ? null : (spec.rate ?? '0'),
      description: null,
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();
  // Written in reverse order on purpose: the loader must order tiers by position.
  for (const [position, tier] of [...(spec.tiers ?? []).entries()].reverse()) {
    await app.db.kysely
      .insertInto('price_tiers')
      .values({ item_id: id, position, from_quantity: tier.from, to_quantity: tier.to, rate: tier.rate })
      .execute();
  }
  return id;
}

export async function insertExchangeRate(
  app: AppContext,
  currency: string,
  rate: string,
  effectiveFrom: string,
  base = 'USD',
): Promise<void> {
  await app.db.kysely
    .insertInto('exchange_rates')
    .values({
      id: testId('fxr'),
      base_currency: base,
      currency,
      rate,
      effective_from: effectiveFrom,
      created_by: null,
      created_at: NOW,
    })
    .execute();
}

export async function insertDiscount(
  app: AppContext,
  input: { tenantId: string; subscriptionId?: string; percentage: string; from?: string; to?: string },
): Promise<string> {
  const id = testId('dsc');
  await app.db.kysely
    .insertInto('discounts')
    .values({
      id,
      scope_type: input.subscriptionId ? 'subscription' : 'tenant',
      tenant_id: input.tenantId,
      subscription_id: input.subscriptionId ?? null,
      percentage: input.percentage,
      meter_ids: null,
      from_period: input.from ?? null,
      to_period: input.to ?? null,
      description: null,
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();
  return id;
}

/** One usage_daily row (the aggregate rating reads), quantities exact as given. */
export async function insertDaily(
  app: AppContext,
  row: { regionId: string; azs: string; meterId: string; sku?: string; day: string; quantity: string },
): Promise<void> {
  await app.db.kysely
    .insertInto('usage_daily')
    .values({
      region_id: row.regionId,
      azs_subscription_id: row.azs,
      meter_id: row.meterId,
      sku: row.sku ?? '',
      local_day: row.day,
      quantity: row.quantity,
      record_count: 1,
      updated_at: NOW,
    })
    .execute();
}
