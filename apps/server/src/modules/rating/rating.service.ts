import {
  decimal,
  MissingExchangeRateError,
  monthHours,
  type PeriodUsageInput,
  type PriceItemInput,
  periodBoundsUtc,
  type RatedLine,
  rateTenantPeriod,
  type TenantPeriodInput,
  type TenantPeriodResult,
  toDecimalString,
} from '@cms/billing';
import type { Kysely } from 'kysely';
import type { AnyContext } from '../../context.ts';
import type { Database, OrganisationRow, RatedLineTable } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { holdOrganisation } from '../../tenancy/chain.ts';
import { loadRatingAdjustments } from '../adjustments/rating-inputs.ts';
import { raiseAlert, resolveAlerts } from '../alerts/alerts.service.ts';
import { ratesAt } from '../exchange-rates/rating-rates.ts';
import { loadPriceBook, type PriceBook } from '../pricing/price-book.ts';
import { meterCatalogOf } from '../regions/platform-subscriptions.service.ts';
import { type RegionClock, regionClocks } from '../regions/rating-regions.ts';
import { getSetting } from '../settings/settings.service.ts';
import { type RatedSubscription, subscriptionsOfTenant } from '../subscriptions/rating-subscriptions.ts';
import { PLATFORM_SCOPE } from '../subscriptions/subscription-links.service.ts';
import {
  isPeriodClosed,
  lastDayOfMonth,
  type MeterFlags,
  meterFlags,
  type UsageSource,
  type UsageSum,
  usageSums,
} from '../usage/rating-usage.ts';
import {
  findRatedPeriod,
  lockExistingRatedPeriod,
  lockRatedPeriod,
  replaceRatedPeriod,
  tenantLines,
} from './rating.repository.ts';

/**
 * Rating (semantics.md is binding; issue 13 design): one (tenant, period) at a time, from the
 * exact usage sums of its subscriptions through the pure engine (@cms/billing rateTenantPeriod) to
 * the stored lines, which replace the period's earlier lines and its rated_periods row in one
 * transaction.
 */

export const UNPRICED_ALERT = 'rating.unpriced_usage';
export const MISSING_RATE_ALERT = 'rating.missing_exchange_rate';

/** Everything about a tenant a rating (or a projection) needs besides the usage sums. */
export interface TenantFacts {
  tenant: Pick<OrganisationRow, 'id' | 'currency'>;
  subscriptions: RatedSubscription[];
  regions: Map<string, RegionClock>;
  /** Subscriptions with a usage key on a known region. */
  sources: UsageSource[];
}

export async function tenantFacts(
  db: Kysely<Database>,
  tenant: Pick<OrganisationRow, 'id' | 'currency'>,
): Promise<TenantFacts> {
  return factsOfSubscriptions(db, tenant, await subscriptionsOfTenant(db, tenant.id));
}

/**
 * The facts of a tenant whose subscriptions the caller names (invoicing recomputes a closed period
 * with the subscriptions it was issued with, deleted ones included).
 */
export async function factsOfSubscriptions(
  db: Kysely<Database>,
  tenant: Pick<OrganisationRow, 'id' | 'currency'>,
  subscriptions: RatedSubscription[],
): Promise<TenantFacts> {
  const regions = await regionClocks(
    db,
    subscriptions.flatMap((s) => (s.regionId ? [s.regionId] : [])),
  );
  const sources: UsageSource[] = [];
  for (const s of subscriptions) {
    const region = s.regionId ? regions.get(s.regionId) : undefined;
    if (!region || !s.azsSubscriptionId) continue;
    sources.push({
      subscriptionId: s.id,
      regionId: region.id,
      azsSubscriptionId: s.azsSubscriptionId,
      billableFrom: s.billableFrom,
      timeZone: region.timeZone,
    });
  }
  return { tenant, subscriptions, regions, sources };
}

/** The period's local days in each source's region: P-01 … its last day. */
export function wholePeriod(period: string) {
  const range = { fromDay: `${period}-01`, toDay: lastDayOfMonth(period) };
  return () => range;
}

/** How the pricing tools change the price book (see buildRatingInput). */
export interface BookChoice {
  versions?: ReadonlyMap<string, string>;
  only?: { listId: string; versionId: string };
  mapItem?: (item: PriceItemInput) => PriceItemInput;
  /** Reports: the region lists alone (what the period would cost at list price). */
  regionOnly?: boolean;
}

export type BuiltInput =
  | { kind: 'input'; input: TenantPeriodInput }
  | { kind: 'missing_exchange_rate'; currency: string };

/**
 * The engine's input for a tenant's period from usage sums (rated or projected): each row's item
 * (override → tenant → region), month hours per item (month-fraction meters: always the real
 * hours of the local month; other meters: real hours when "Use Monthly Variable Pricing" is on,
 * else 730), informational meters left out, discounts, credits and exchange rates.
 */
export async function buildRatingInput(
  db: Kysely<Database>,
  ctx: AnyContext,
  facts: TenantFacts,
  period: string,
  sums: readonly UsageSum[],
  /**
   * The pricing tools (a price increase's model, the estimator's chosen list: which versions
   * price, and the items' rates as the increase would make them) and reports (the region lists
   * alone, for list costs). Rating passes nothing.
   */
  book: BookChoice = {},
): Promise<TenantPeriodInput> {
  const { tenant, subscriptions, regions } = facts;
  const loaded = await loadPriceBook(db, {
    tenantId: tenant.id,
    subscriptions: subscriptions.map((s) => ({ id: s.id, regionId: s.regionId })),
    period,
    ...(book.versions ? { versions: book.versions } : {}),
    ...(book.only ? { only: book.only } : {}),
    ...(book.regionOnly ? { regionOnly: true } : {}),
  });
  const map = book.mapItem;
  const priceBook: PriceBook = map
    ? {
        itemIds: () => loaded.itemIds(),
        resolve: (subscriptionId, meterId, sku) => {
          const item = loaded.resolve(subscriptionId, meterId, sku);
          return item === null ? null : map(item);
        },
      }
    : loaded;
  const variable = (await getSetting(ctx, 'billing.monthlyVariablePricing', db)) === true;
  const platformCurrency = String(await getSetting(ctx, 'billing.platformCurrency', db));
  const platformZone = String(await getSetting(ctx, 'platform.timeZone', db));
  const regionOf = new Map(
    subscriptions.map((s) => [s.id, s.regionId ? regions.get(s.regionId) : undefined]),
  );
  const catalogs = new Map<string, Map<string, MeterFlags>>();
  // monthHours works the month's bounds out with Intl (about 80 µs): once per zone and kind of
  // hours, not once per usage row (bench rate: 200,000 rows).
  const hoursOf = new Map<string, number>();
  const hours = (timeZone: string, real: boolean) => {
    const key = `${real ? 'real' : 'fixed'}\u0000${timeZone}`;
    let found = hoursOf.get(key);
    if (found === undefined) {
      found = monthHours(period, timeZone, real);
      hoursOf.set(key, found);
    }
    return found;
  };
  const usage: PeriodUsageInput[] = [];
  for (const sum of sums) {
    const region = regionOf.get(sum.subscriptionId);
    if (!region) continue;
    const catalog = meterCatalogOf(region);
    let flags = catalogs.get(catalog);
    if (!flags) {
      flags = await meterFlags(db, catalog);
      catalogs.set(catalog, flags);
    }
    const meter = flags.get(sum.meterId);
    // Informational meters are collected and shown, never priced and never flagged.
    if (meter?.informational) continue;
    const sku = sum.sku === '' ? null : sum.sku;
    usage.push({
      subscriptionId: sum.subscriptionId,
      meterId: sum.meterId,
      sku,
      quantity: sum.quantity,
      item: priceBook.resolve(sum.subscriptionId, sum.meterId, sku),
      monthHours: hours(region.timeZone, variable || meter?.monthFraction === true),
    });
  }
  const adjustments = await loadRatingAdjustments(db, {
    tenantId: tenant.id,
    subscriptionIds: subscriptions.map((s) => s.id),
    itemIds: priceBook.itemIds(),
    period,
  });
  const currencies = new Set([tenant.currency]);
  for (const row of usage) if (row.item) currencies.add(row.item.currency);
  for (const credit of adjustments.credits) currencies.add(credit.currency);
  // The rate effective at the end of the period: the first moment of the next month in the
  // Platform Time Zone (for the current month, the latest rate).
  const instant = new Date(periodBoundsUtc(period, platformZone).end).toISOString();
  const perPlatformUnit = await ratesAt(db, platformCurrency, currencies, instant);
  return {
    tenantId: tenant.id,
    period,
    currency: tenant.currency,
    usage,
    tenantDiscount: adjustments.tenantDiscount,
    subscriptionDiscounts: adjustments.subscriptionDiscounts,
    credits: adjustments.credits,
    exchangeRates: { platformCurrency, perPlatformUnit },
  };
}

/** The engine's result, or the currency whose rate is missing. */
export function runEngine(
  input: TenantPeriodInput,
): { kind: 'rated'; result: TenantPeriodResult } | { kind: 'missing_exchange_rate'; currency: string } {
  try {
    return { kind: 'rated', result: rateTenantPeriod(input) };
  } catch (error) {
    if (error instanceof MissingExchangeRateError)
      return { kind: 'missing_exchange_rate', currency: error.currency };
    throw error;
  }
}

export type RatingOutcome =
  | { status: 'rated'; lines: number; unpricedLines: number; subtotal: string }
  | { status: 'missing_exchange_rate'; currency: string }
  | { status: 'closed' }
  | { status: 'no_tenant' };

function lineRow(
  line: RatedLine,
  index: number,
  input: { tenantId: string; period: string; currency: string; regionOf: Map<string, string | null> },
): RatedLineTable {
  return {
    tenant_id: input.tenantId,
    period: input.period,
    position: index,
    kind: line.kind,
    parent_position: line.parentIndex,
    subscription_id: line.subscriptionId,
    region_id: line.subscriptionId ? (input.regionOf.get(line.subscriptionId) ?? null) : null,
    meter_id: line.meterId,
    sku: line.sku,
    price_list_id: line.priceListId,
    price_list_version_id: line.versionId,
    price_item_id: line.itemId,
    raw_quantity: line.rawQuantity,
    quantity: line.quantity,
    price_unit: line.priceUnit,
    rate: line.rate,
    tier_mode: line.tierMode,
    slices: line.slices ? JSON.stringify(line.slices) : null,
    amount: line.amount,
    currency: input.currency,
    unpriced: line.unpriced ? 1 : 0,
    discount_id: line.discountId,
    credit_id: line.creditId,
    description: line.description,
  };
}

/**
 * Rates one (tenant, period) inside the caller's transaction (a job's fenced one): holds the
 * tenant (it cannot be deleted or moved meanwhile), locks the period's rated_periods row, reads
 * usage and prices after the lock, and replaces the lines. A closed period (an issued invoice on
 * any of the tenant's regions) is left as it is.
 */
export async function rateTenantPeriodInTransaction(
  trx: Kysely<Database>,
  ctx: AnyContext,
  tenantId: string,
  period: string,
): Promise<RatingOutcome> {
  const tenant = await holdOrganisation(trx, PLATFORM_SCOPE, tenantId, 'tenant');
  if (!tenant) return { status: 'no_tenant' };
  if (await isPeriodClosed(trx, tenantId, period)) return { status: 'closed' };
  const now = nowIso(ctx.app.clock);
  await lockRatedPeriod(trx, {
    tenant_id: tenantId,
    period,
    currency: tenant.currency,
    status: 'rated',
    subtotal: '0',
    unpriced_lines: 0,
    exchange_rates: null,
    rated_at: now,
  });
  const facts = await tenantFacts(trx, tenant);
  const sums = await usageSums(trx, facts.sources, wholePeriod(period));
  const input = await buildRatingInput(trx, ctx, facts, period, sums);
  const outcome = runEngine(input);
  // Tests hold a rating here, after its lock and reads and before it writes.
  await ctx.app.pause('rating.rate');
  const alertKey = `${tenantId}:${period}`;
  if (outcome.kind === 'missing_exchange_rate') {
    await replaceRatedPeriod(
      trx,
      {
        tenant_id: tenantId,
        period,
        currency: tenant.currency,
        status: 'missing_exchange_rate',
        subtotal: '0',
        unpriced_lines: 0,
        exchange_rates: null,
        rated_at: now,
      },
      [],
    );
    await resolveAlerts(trx, ctx, { kind: UNPRICED_ALERT, key: alertKey });
    await raiseAlert(trx, ctx, {
      kind: MISSING_RATE_ALERT,
      key: alertKey,
      severity: 'critical',
      title: `No exchange rate for ${outcome.currency}`,
      message: `Period ${period} of tenant ${tenantId} needs a rate for ${outcome.currency} against the platform currency; it has no rated lines until one is set.`,
      details: { tenantId, period, currency: outcome.currency },
    });
    return { status: 'missing_exchange_rate', currency: outcome.currency };
  }
  const { result } = outcome;
  const regionOf = new Map(facts.subscriptions.map((s) => [s.id, s.regionId]));
  const rows = result.lines.map((line, i) =>
    lineRow(line, i, { tenantId, period, currency: result.currency, regionOf }),
  );
  const unpriced = result.lines.filter((l) => l.unpriced);
  await replaceRatedPeriod(
    trx,
    {
      tenant_id: tenantId,
      period,
      currency: result.currency,
      status: 'rated',
      subtotal: result.subtotal,
      unpriced_lines: unpriced.length,
      exchange_rates:
        Object.keys(result.appliedExchangeRates).length > 0
          ? JSON.stringify(result.appliedExchangeRates)
          : null,
      rated_at: now,
    },
    rows,
  );
  await resolveAlerts(trx, ctx, { kind: MISSING_RATE_ALERT, key: alertKey });
  if (unpriced.length > 0) {
    const meters = unpriced
      .slice(0, 50)
      .map((l) => ({ subscriptionId: l.subscriptionId, meterId: l.meterId, sku: l.sku }));
    await raiseAlert(trx, ctx, {
      kind: UNPRICED_ALERT,
      key: alertKey,
      severity: 'warning',
      title: `Unpriced usage in ${period}`,
      message: `${unpriced.length} line(s) of tenant ${tenantId} in ${period} have no applicable price and are rated at zero.`,
      details: { tenantId, period, unpricedLines: unpriced.length, meters },
    });
  } else {
    await resolveAlerts(trx, ctx, { kind: UNPRICED_ALERT, key: alertKey });
  }
  return { status: 'rated', lines: rows.length, unpricedLines: unpriced.length, subtotal: result.subtotal };
}

/** A tenant-period as rating last stored it (decimals in plain notation), or undefined if never rated. */
export interface RatedPeriodSnapshot {
  status: 'rated' | 'missing_exchange_rate';
  currency: string;
  /** Units of the tenant currency per 1 unit of each list currency converted. */
  exchangeRates: Record<string, string>;
  unpricedLines: number;
  ratedAt: string;
  lines: RatedLineTable[];
}

const plainOrNull = (value: string | null) => (value === null ? null : toDecimalString(decimal(value)));

/** What invoicing reads of an open period's money of record, in the caller's transaction. */
export async function ratedPeriodSnapshot(
  db: Kysely<Database>,
  tenantId: string,
  period: string,
): Promise<RatedPeriodSnapshot | undefined> {
  const row = await findRatedPeriod(db, tenantId, period);
  if (!row) return undefined;
  const lines = await tenantLines(db, tenantId, period);
  return {
    status: row.status,
    currency: row.currency,
    exchangeRates: row.exchange_rates ? (JSON.parse(row.exchange_rates) as Record<string, string>) : {},
    unpricedLines: Number(row.unpriced_lines),
    ratedAt: row.rated_at,
    lines: lines.map((l) => ({
      ...l,
      position: Number(l.position),
      parent_position: l.parent_position === null ? null : Number(l.parent_position),
      raw_quantity: plainOrNull(l.raw_quantity),
      quantity: plainOrNull(l.quantity),
      rate: plainOrNull(l.rate),
      amount: toDecimalString(decimal(l.amount)),
      unpriced: Number(l.unpriced),
    })),
  };
}

/**
 * Locks a rated tenant-period's row for the rest of the caller's transaction, as a rating does
 * (after the tenant): a preview generated from its lines and a rating of it run one after the
 * other. False when the period was never rated.
 */
export function lockRatedTenantPeriod(
  trx: Kysely<Database>,
  tenantId: string,
  period: string,
): Promise<boolean> {
  return lockExistingRatedPeriod(trx, tenantId, period);
}
