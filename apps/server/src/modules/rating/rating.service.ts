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
import type { Database, OrganisationRow, RatedLineTable, RatedPeriodTable } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { holdOrganisations } from '../../tenancy/chain.ts';
import { loadRatingAdjustments } from '../adjustments/rating-inputs.ts';
import { type RaiseAlert, raiseAlert, resolveAlerts } from '../alerts/alerts.service.ts';
import { ratesAt } from '../exchange-rates/rating-rates.ts';
import { loadPriceBooks, type PriceBook } from '../pricing/price-book.ts';
import { meterCatalogOf } from '../regions/platform-subscriptions.service.ts';
import { type RegionClock, regionClocks } from '../regions/rating-regions.ts';
import { getSetting } from '../settings/settings.service.ts';
import { type RatedSubscription, subscriptionsOfTenants } from '../subscriptions/rating-subscriptions.ts';
import { PLATFORM_SCOPE } from '../subscriptions/subscription-links.service.ts';
import {
  closedTenantPeriods,
  lastDayOfMonth,
  type MeterFlags,
  meterFlags,
  type UsageSource,
  type UsageSum,
  usageSums,
} from '../usage/rating-usage.ts';
import {
  findRatedPeriodsOf,
  linesOfTenants,
  lockExistingRatedPeriods,
  lockRatedPeriods,
  replaceRatedPeriods,
  type TenantPeriod,
} from './rating.repository.ts';

/**
 * Rating (semantics.md is binding; issue 13 design): each (tenant, period) from the exact usage
 * sums of its subscriptions through the pure engine (@cms/billing rateTenantPeriod) to the stored
 * lines, which replace the period's earlier lines and its rated_periods row in one transaction.
 * A batch of tenant-periods is rated set-wise (rateTenantPeriodsInTransaction): a few statements
 * for the whole batch where one at a time took about 23 each, and each tenant-period comes out
 * exactly as it would alone.
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
  return (await tenantFactsOf(db, [tenant]))[0]!;
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
  return (await factsOf(db, [{ tenant, subscriptions }]))[0]!;
}

/** tenantFacts of several tenants: their subscriptions in one query, their regions in another. */
export async function tenantFactsOf(
  db: Kysely<Database>,
  tenants: readonly Pick<OrganisationRow, 'id' | 'currency'>[],
): Promise<TenantFacts[]> {
  const subscriptionsOf = await subscriptionsOfTenants(
    db,
    tenants.map((t) => t.id),
  );
  return factsOf(
    db,
    tenants.map((tenant) => ({ tenant, subscriptions: subscriptionsOf.get(tenant.id) ?? [] })),
  );
}

async function factsOf(
  db: Kysely<Database>,
  of: readonly { tenant: Pick<OrganisationRow, 'id' | 'currency'>; subscriptions: RatedSubscription[] }[],
): Promise<TenantFacts[]> {
  const regions = await regionClocks(
    db,
    of.flatMap(({ subscriptions }) => subscriptions.flatMap((s) => (s.regionId ? [s.regionId] : []))),
  );
  return of.map(({ tenant, subscriptions }) => {
    const own = new Map<string, RegionClock>();
    const sources: UsageSource[] = [];
    for (const s of subscriptions) {
      const region = s.regionId ? regions.get(s.regionId) : undefined;
      if (region) own.set(region.id, region);
      if (!region || !s.azsSubscriptionId) continue;
      sources.push({
        subscriptionId: s.id,
        regionId: region.id,
        azsSubscriptionId: s.azsSubscriptionId,
        billableFrom: s.billableFrom,
        timeZone: region.timeZone,
      });
    }
    return { tenant, subscriptions, regions: own, sources };
  });
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

/** A tenant-period to build the engine's input for. */
export interface RatingRequest {
  facts: TenantFacts;
  period: string;
}

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
  const prepared = await prepareRatingInputs(db, ctx, [{ facts, period }], book);
  return prepared.input(0, sums);
}

/** Builds the engine's input of the n-th tenant-period asked for, from its usage sums. */
export interface PreparedInputs {
  input(n: number, sums: readonly UsageSum[]): Promise<TenantPeriodInput>;
}

/**
 * What buildRatingInput reads besides the usage, for several tenant-periods at once (a rating
 * batch): their price books, the settings, their discounts and credits, and the exchange rates of
 * every currency they can meet, each read once for all of them. The usage sums come afterwards,
 * tenant-period by tenant-period (rating reads them in chunks while it prices earlier ones), and
 * each input is the one its tenant-period would get alone.
 */
export async function prepareRatingInputs(
  db: Kysely<Database>,
  ctx: AnyContext,
  requests: readonly RatingRequest[],
  book: BookChoice = {},
): Promise<PreparedInputs> {
  const loaded = await loadPriceBooks(
    db,
    requests.map((r) => ({
      tenantId: r.facts.tenant.id,
      subscriptions: r.facts.subscriptions.map((s) => ({ id: s.id, regionId: s.regionId })),
      period: r.period,
    })),
    {
      ...(book.versions ? { versions: book.versions } : {}),
      ...(book.only ? { only: book.only } : {}),
      ...(book.regionOnly ? { regionOnly: true } : {}),
    },
  );
  const map = book.mapItem;
  const priceBooks: PriceBook[] = loaded.map((one) =>
    map
      ? {
          itemIds: () => one.itemIds(),
          currencies: () => one.currencies(),
          resolve: (subscriptionId, meterId, sku) => {
            const item = one.resolve(subscriptionId, meterId, sku);
            return item === null ? null : map(item);
          },
        }
      : one,
  );
  const variable = (await getSetting(ctx, 'billing.monthlyVariablePricing', db)) === true;
  const platformCurrency = String(await getSetting(ctx, 'billing.platformCurrency', db));
  const platformZone = String(await getSetting(ctx, 'platform.timeZone', db));
  const adjustments = await loadRatingAdjustments(
    db,
    requests.map((r, n) => ({
      tenantId: r.facts.tenant.id,
      subscriptionIds: r.facts.subscriptions.map((s) => s.id),
      itemIds: priceBooks[n]!.itemIds(),
      period: r.period,
    })),
  );
  // Per period, the rate of each currency effective at its end: the first moment of the next
  // month in the Platform Time Zone (for the current month, the latest rate); null: none. Read
  // up front for every currency the batch can meet (its tenants', its price lists', its
  // credits'), so the usage reads that follow are not interleaved with rate reads.
  const rates = new Map<string, string | null>();
  const rateKey = (period: string, currency: string) => `${period}\u0000${currency}`;
  const readRates = async (period: string, currencies: Iterable<string>) => {
    const missing = [...new Set(currencies)].filter((c) => !rates.has(rateKey(period, c)));
    if (missing.length === 0) return;
    const instant = new Date(periodBoundsUtc(period, platformZone).end).toISOString();
    const found = await ratesAt(db, platformCurrency, missing, instant);
    for (const currency of missing) rates.set(rateKey(period, currency), found[currency] ?? null);
  };
  for (const period of new Set(requests.map((r) => r.period))) {
    await readRates(
      period,
      requests.flatMap((r, n) =>
        r.period === period
          ? [
              r.facts.tenant.currency,
              ...priceBooks[n]!.currencies(),
              ...adjustments[n]!.credits.map((c) => c.currency),
            ]
          : [],
      ),
    );
  }
  // Every catalog the requests' regions use, read before the usage (see readRates).
  const catalogs = new Map<string, Map<string, MeterFlags>>();
  for (const r of requests) {
    for (const region of r.facts.regions.values()) {
      const catalog = meterCatalogOf(region);
      if (!catalogs.has(catalog)) catalogs.set(catalog, await meterFlags(db, catalog));
    }
  }
  // monthHours works the month's bounds out with Intl (about 80 µs): once per period, zone and
  // kind of hours, not once per usage row (bench rate: 200,000 rows).
  const hoursOf = new Map<string, number>();
  const hours = (period: string, timeZone: string, real: boolean) => {
    const key = `${period}\u0000${real ? 'real' : 'fixed'}\u0000${timeZone}`;
    let found = hoursOf.get(key);
    if (found === undefined) {
      found = monthHours(period, timeZone, real);
      hoursOf.set(key, found);
    }
    return found;
  };
  return {
    async input(n, sums) {
      const { facts, period } = requests[n]!;
      const priceBook = priceBooks[n]!;
      const regionOf = new Map(
        facts.subscriptions.map((s) => [s.id, s.regionId ? facts.regions.get(s.regionId) : undefined]),
      );
      const usage: PeriodUsageInput[] = [];
      for (const sum of sums) {
        const region = regionOf.get(sum.subscriptionId);
        if (!region) continue;
        const meter = catalogs.get(meterCatalogOf(region))!.get(sum.meterId);
        // Informational meters are collected and shown, never priced and never flagged.
        if (meter?.informational) continue;
        const sku = sum.sku === '' ? null : sum.sku;
        usage.push({
          subscriptionId: sum.subscriptionId,
          meterId: sum.meterId,
          sku,
          quantity: sum.quantity,
          item: priceBook.resolve(sum.subscriptionId, sum.meterId, sku),
          monthHours: hours(period, region.timeZone, variable || meter?.monthFraction === true),
        });
      }
      const { tenantDiscount, subscriptionDiscounts, credits } = adjustments[n]!;
      const currencies = new Set([facts.tenant.currency]);
      for (const row of usage) if (row.item) currencies.add(row.item.currency);
      for (const credit of credits) currencies.add(credit.currency);
      currencies.delete(platformCurrency);
      await readRates(period, currencies);
      // A currency without a rate is left out: the engine then reports it missing, naming it.
      const perPlatformUnit: Record<string, string> = {};
      for (const currency of currencies) {
        const rate = rates.get(rateKey(period, currency));
        if (rate) perPlatformUnit[currency] = rate;
      }
      return {
        tenantId: facts.tenant.id,
        period,
        currency: facts.tenant.currency,
        usage,
        tenantDiscount,
        subscriptionDiscounts,
        credits,
        exchangeRates: { platformCurrency, perPlatformUnit },
      };
    },
  };
}

/**
 * The engine's inputs of several tenant-periods from their usage as it is now, each handed to
 * `each` in the order asked: what prepareRatingInputs reads once for all of them, then the usage
 * in chunks of tenant-periods of one period, every chunk's query sent at once, so the caller
 * prices a chunk while the database sums the next ones (rating, and an issue's fresh build).
 */
export async function forEachRatingInput(
  trx: Kysely<Database>,
  ctx: AnyContext,
  requests: readonly RatingRequest[],
  each: (n: number, input: TenantPeriodInput) => void,
): Promise<void> {
  const prepared = await prepareRatingInputs(trx, ctx, requests);
  const chunks: number[][] = [];
  for (const period of new Set(requests.map((r) => r.period))) {
    const mine = [...requests.keys()].filter((n) => requests[n]!.period === period);
    for (let i = 0; i < mine.length; i += TENANT_PERIODS_PER_USAGE_READ)
      chunks.push(mine.slice(i, i + TENANT_PERIODS_PER_USAGE_READ));
  }
  const reads = chunks.map((chunk) =>
    usageSums(
      trx,
      chunk.flatMap((n) => requests[n]!.facts.sources),
      wholePeriod(requests[chunk[0]!]!.period),
    ),
  );
  // Each read is awaited below, in order; this keeps a failed one from going unheard meanwhile.
  for (const read of reads) read.catch(() => {});
  for (const [c, chunk] of chunks.entries()) {
    const sumsOf = new Map<number, UsageSum[]>(chunk.map((n) => [n, []]));
    const ownerOf = new Map(chunk.flatMap((n) => requests[n]!.facts.subscriptions.map((s) => [s.id, n])));
    for (const sum of await reads[c]!) sumsOf.get(ownerOf.get(sum.subscriptionId)!)!.push(sum);
    for (const n of chunk) each(n, await prepared.input(n, sumsOf.get(n)!));
  }
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
 * Rates one (tenant, period) inside the caller's transaction: rateTenantPeriodsInTransaction with
 * a batch of one.
 */
export async function rateTenantPeriodInTransaction(
  trx: Kysely<Database>,
  ctx: AnyContext,
  tenantId: string,
  period: string,
): Promise<RatingOutcome> {
  return (await rateTenantPeriodsInTransaction(trx, ctx, [[tenantId, period]]))[0]!;
}

const keyOf = (tenantId: string, period: string) => `${tenantId}\u0000${period}`;

/** Tenant-periods per usage query of a batch (about 100 subscriptions, 2,000 sums in bench rate). */
const TENANT_PERIODS_PER_USAGE_READ = 10;

/**
 * Rates a batch of (tenant, period) pairs inside the caller's transaction (a job's fenced one),
 * each as if alone: holds the tenants (shared, in id order: none can be deleted or moved
 * meanwhile), leaves the closed ones alone (an issued invoice on any of the tenant's regions),
 * locks the others' rated_periods rows in (tenant, period) order, reads usage and prices after
 * the locks, and replaces the lines. Reads and writes are set-wise: one query each for the
 * batch's subscriptions, price books, adjustments and alerts, the usage per ten tenant-periods,
 * one delete, multi-row inserts. The outcomes come in the order asked.
 */
export async function rateTenantPeriodsInTransaction(
  trx: Kysely<Database>,
  ctx: AnyContext,
  pairs: readonly TenantPeriod[],
): Promise<RatingOutcome[]> {
  const wanted = [...new Map(pairs.map((p) => [keyOf(p[0], p[1]), p])).values()].sort((a, b) =>
    a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0,
  );
  const outcomes = new Map<string, RatingOutcome>();
  const tenants = new Map(
    (
      await holdOrganisations(
        trx,
        PLATFORM_SCOPE,
        wanted.map(([t]) => t),
        'tenant',
      )
    ).map((t) => [t.id, t]),
  );
  const held = wanted.filter(([t, p]) => {
    if (tenants.has(t)) return true;
    outcomes.set(keyOf(t, p), { status: 'no_tenant' });
    return false;
  });
  const closed = await closedTenantPeriods(trx, held);
  const open = held.filter(([t, p]) => {
    if (!closed.has(keyOf(t, p))) return true;
    outcomes.set(keyOf(t, p), { status: 'closed' });
    return false;
  });
  const now = nowIso(ctx.app.clock);
  await lockRatedPeriods(
    trx,
    open.map(([t, p]) => ({
      tenant_id: t,
      period: p,
      currency: tenants.get(t)!.currency,
      status: 'rated',
      subtotal: '0',
      unpriced_lines: 0,
      exchange_rates: null,
      rated_at: now,
    })),
  );
  const factsOf = new Map(
    (
      await tenantFactsOf(
        trx,
        [...new Set(open.map(([t]) => t))].map((t) => tenants.get(t)!),
      )
    ).map((f) => [f.tenant.id, f]),
  );
  const facts = open.map(([t]) => factsOf.get(t)!);
  const periods: RatedPeriodTable[] = [];
  const lines: RatedLineTable[] = [];
  const resolved: { kind: string; key: string }[] = [];
  const raised: RaiseAlert[] = [];
  // What a tenant-period's outcome writes, worked out as soon as it is priced (a batch keeps its
  // rows, not the engine's results, until it writes).
  const settle = (n: number, outcome: ReturnType<typeof runEngine>) => {
    const [tenantId, period] = open[n]!;
    const tenant = tenants.get(tenantId)!;
    const alertKey = `${tenantId}:${period}`;
    if (outcome.kind === 'missing_exchange_rate') {
      periods.push({
        tenant_id: tenantId,
        period,
        currency: tenant.currency,
        status: 'missing_exchange_rate',
        subtotal: '0',
        unpriced_lines: 0,
        exchange_rates: null,
        rated_at: now,
      });
      resolved.push({ kind: UNPRICED_ALERT, key: alertKey });
      raised.push({
        kind: MISSING_RATE_ALERT,
        key: alertKey,
        severity: 'critical',
        title: `No exchange rate for ${outcome.currency}`,
        message: `Period ${period} of tenant ${tenantId} needs a rate for ${outcome.currency} against the platform currency; it has no rated lines until one is set.`,
        details: { tenantId, period, currency: outcome.currency },
      });
      outcomes.set(keyOf(tenantId, period), { status: 'missing_exchange_rate', currency: outcome.currency });
      return;
    }
    const { result } = outcome;
    const regionOf = new Map(factsOf.get(tenantId)!.subscriptions.map((s) => [s.id, s.regionId]));
    const rows = result.lines.map((line, i) =>
      lineRow(line, i, { tenantId, period, currency: result.currency, regionOf }),
    );
    lines.push(...rows);
    const unpriced = result.lines.filter((l) => l.unpriced);
    periods.push({
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
    });
    resolved.push({ kind: MISSING_RATE_ALERT, key: alertKey });
    if (unpriced.length > 0) {
      const meters = unpriced
        .slice(0, 50)
        .map((l) => ({ subscriptionId: l.subscriptionId, meterId: l.meterId, sku: l.sku }));
      raised.push({
        kind: UNPRICED_ALERT,
        key: alertKey,
        severity: 'warning',
        title: `Unpriced usage in ${period}`,
        message: `${unpriced.length} line(s) of tenant ${tenantId} in ${period} have no applicable price and are rated at zero.`,
        details: { tenantId, period, unpricedLines: unpriced.length, meters },
      });
    } else {
      resolved.push({ kind: UNPRICED_ALERT, key: alertKey });
    }
    outcomes.set(keyOf(tenantId, period), {
      status: 'rated',
      lines: rows.length,
      unpricedLines: unpriced.length,
      subtotal: result.subtotal,
    });
  };
  await forEachRatingInput(
    trx,
    ctx,
    open.map(([, period], n) => ({ facts: facts[n]!, period })),
    (n, input) => settle(n, runEngine(input)),
  );
  // Tests hold a rating here, after its locks and reads and before it writes.
  await ctx.app.pause('rating.rate');
  await replaceRatedPeriods(trx, periods, lines);
  await resolveAlerts(trx, ctx, { conditions: resolved });
  for (const alert of raised) await raiseAlert(trx, ctx, alert);
  return pairs.map(([t, p]) => outcomes.get(keyOf(t, p))!);
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

/**
 * What invoicing reads of open periods' money of record (several tenants, one period), in the
 * caller's transaction: two queries; the never rated are absent.
 */
export async function ratedPeriodSnapshots(
  db: Kysely<Database>,
  tenantIds: readonly string[],
  period: string,
): Promise<Map<string, RatedPeriodSnapshot>> {
  const out = new Map<string, RatedPeriodSnapshot>();
  const rows = await findRatedPeriodsOf(db, tenantIds, period);
  if (rows.length === 0) return out;
  for (const row of rows) {
    out.set(row.tenant_id, {
      status: row.status,
      currency: row.currency,
      exchangeRates: row.exchange_rates ? (JSON.parse(row.exchange_rates) as Record<string, string>) : {},
      unpricedLines: Number(row.unpriced_lines),
      ratedAt: row.rated_at,
      lines: [],
    });
  }
  for (const l of await linesOfTenants(
    db,
    rows.map((r) => r.tenant_id),
    period,
  )) {
    out.get(l.tenant_id)!.lines.push({
      ...l,
      position: Number(l.position),
      parent_position: l.parent_position === null ? null : Number(l.parent_position),
      raw_quantity: plainOrNull(l.raw_quantity),
      quantity: plainOrNull(l.quantity),
      rate: plainOrNull(l.rate),
      amount: toDecimalString(decimal(l.amount)),
      unpriced: Number(l.unpriced),
    });
  }
  return out;
}

/**
 * Locks rated tenant-periods' rows (several tenants, one period) for the rest of the caller's
 * transaction, as a rating does (after the tenants, in tenant order): a preview generated from
 * their lines and a rating of them run one after the other. The tenants whose period was rated.
 */
export async function lockRatedTenantPeriods(
  trx: Kysely<Database>,
  tenantIds: readonly string[],
  period: string,
): Promise<Set<string>> {
  const locked = await lockExistingRatedPeriods(
    trx,
    tenantIds.map((t): TenantPeriod => [t, period]),
  );
  return new Set(locked.map(([t]) => t));
}
