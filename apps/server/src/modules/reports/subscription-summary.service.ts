import { type Decimal, decimal, minorUnits, toDecimalString } from '@cms/billing';
import type { RequestContext } from '../../context.ts';
import { AppError } from '../../http/errors.ts';
import { ratedPeriod, type StoredLine } from '../rating/rated-reads.ts';
import { tenantFacts } from '../rating/rating.service.ts';
import { meterCatalogOf } from '../regions/platform-subscriptions.service.ts';
import { regionNamesById } from '../regions/regions.service.ts';
import { daysBetween } from '../usage/local-time.ts';
import { addMonths, usageSums } from '../usage/rating-usage.ts';
import { type MeterDetails, meterDetails } from '../usage/report-usage.ts';
import { consumedUnit, pricingUnit } from './focus.cost-rows.ts';
import { reportTenants } from './report-scope.ts';

/**
 * Subscription Summary (seed 002 "View Subscription Summary"; product.md §4 and §6): for a tenant
 * (or every tenant in the caller's scope) and a range of local days, per subscription and meter,
 * the usage of those days (the daily aggregates of each region's local days, from each
 * subscription's billable-from instant on, exactly as rating reads them) beside the billing
 * results of the periods the range touches. Money of record exists per whole period, never per
 * day, so the billing side covers every period (local month) the range overlaps, and says which.
 */

export const MAX_SUMMARY_DAYS = 366;

export type SummaryRowKind = 'meter' | 'subscription_credit' | 'tenant_credit';

export interface SummaryRow {
  kind: SummaryRowKind;
  subscriptionId: string | null;
  subscriptionName: string | null;
  regionId: string | null;
  regionName: string | null;
  meterId: string | null;
  meterName: string | null;
  sku: string | null;
  /** Usage of the range's local days in the meter's unit (hours for month-fraction meters). */
  usageQuantity: string | null;
  usageUnit: string | null;
  /** Rated quantity of the periods, in the price's unit. */
  ratedQuantity: string | null;
  ratedUnit: string | null;
  currency: string | null;
  gross: string | null;
  discounts: string | null;
  credits: string | null;
  net: string | null;
  unpricedLines: number;
}

export interface SummaryPeriod {
  period: string;
  status: 'rated' | 'missing_exchange_rate' | 'not_rated';
  ratedAt: string | null;
  currency: string | null;
  subtotal: string | null;
}

export interface SummaryTotals {
  currency: string;
  gross: string;
  discounts: string;
  credits: string;
  net: string;
  unpricedLines: number;
}

export interface TenantSummary {
  tenantId: string;
  tenantName: string;
  currency: string;
  periods: SummaryPeriod[];
  rows: SummaryRow[];
  totals: SummaryTotals[];
}

export interface SubscriptionSummary {
  from: string;
  to: string;
  /** The periods whose billing results are shown: every local month the range overlaps. */
  periods: string[];
  tenants: TenantSummary[];
}

interface Money {
  quantity: Decimal | null;
  ratedUnit: string | null;
  gross: Decimal;
  discounts: Decimal;
  credits: Decimal;
  unpriced: number;
}

const ZERO = decimal('0');
const emptyMoney = (): Money => ({
  quantity: null,
  ratedUnit: null,
  gross: ZERO,
  discounts: ZERO,
  credits: ZERO,
  unpriced: 0,
});

export function periodsOfRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let p = from.slice(0, 7); p <= to.slice(0, 7); p = addMonths(p, 1)) out.push(p);
  return out;
}

export async function subscriptionSummary(
  ctx: RequestContext,
  query: { tenantId?: string | undefined; from: string; to: string },
): Promise<SubscriptionSummary> {
  const { from, to } = query;
  if (from > to) throw AppError.invalidField('query.to', 'Must not be before from.');
  if (daysBetween(from, to) >= MAX_SUMMARY_DAYS) {
    throw AppError.invalidField('query.to', `At most ${MAX_SUMMARY_DAYS} days from from.`);
  }
  const periods = periodsOfRange(from, to);
  const tenants: TenantSummary[] = [];
  for (const tenant of await reportTenants(ctx, query.tenantId)) {
    tenants.push(
      await tenantSummary(
        ctx,
        { id: tenant.id, name: tenant.name, currency: tenant.currency },
        from,
        to,
        periods,
      ),
    );
  }
  return { from, to, periods, tenants };
}

async function tenantSummary(
  ctx: RequestContext,
  tenant: { id: string; name: string; currency: string },
  from: string,
  to: string,
  periods: string[],
): Promise<TenantSummary> {
  const db = ctx.app.db.kysely;
  const facts = await tenantFacts(db, tenant);
  const sums = await usageSums(db, facts.sources, () => ({ fromDay: from, toDay: to }));
  const rated: { period: string; result: Awaited<ReturnType<typeof ratedPeriod>> }[] = [];
  for (const period of periods) rated.push({ period, result: await ratedPeriod(db, tenant.id, period) });
  const lines = rated.flatMap((r) => r.result?.lines ?? []);

  const subscriptionOf = new Map(facts.subscriptions.map((s) => [s.id, s]));
  const regionIds = [...new Set(facts.subscriptions.flatMap((s) => (s.regionId ? [s.regionId] : [])))];
  const regionNames = await regionNamesById(db, regionIds);
  const meters = new Map<string, Map<string, MeterDetails>>();
  for (const regionId of regionIds) {
    const region = facts.regions.get(regionId);
    if (!region) continue;
    const meterIds = [
      ...sums
        .filter((s) => subscriptionOf.get(s.subscriptionId)?.regionId === regionId)
        .map((s) => s.meterId),
      ...lines.flatMap((l) => (l.regionId === regionId && l.meterId ? [l.meterId] : [])),
    ];
    meters.set(regionId, await meterDetails(db, meterCatalogOf(region), meterIds));
  }
  const meterOf = (subscriptionId: string | null, meterId: string | null) => {
    const regionId = subscriptionId ? subscriptionOf.get(subscriptionId)?.regionId : null;
    return regionId && meterId ? meters.get(regionId)?.get(meterId) : undefined;
  };

  // Rows per (subscription, meter, SKU, currency): usage joins the billing rows of its key.
  const usage = new Map<string, string>();
  const keyOf = (subscriptionId: string | null, meterId: string | null, sku: string | null) =>
    `${subscriptionId ?? ''}\u0000${meterId ?? ''}\u0000${sku ?? ''}`;
  for (const s of sums)
    usage.set(keyOf(s.subscriptionId, s.meterId, s.sku === '' ? null : s.sku), s.quantity);
  const billing = new Map<
    string,
    { kind: SummaryRowKind; line: StoredLine; currency: string; money: Money }
  >();
  const byPosition = new Map<string, StoredLine>();
  for (const { period, result } of rated) {
    for (const line of result?.lines ?? []) byPosition.set(`${period}:${line.position}`, line);
  }
  for (const { period, result } of rated) {
    for (const line of result?.lines ?? []) {
      const parent =
        line.parentPosition === null ? undefined : byPosition.get(`${period}:${line.parentPosition}`);
      const about = line.kind === 'discount' || line.kind === 'item_credit' ? (parent ?? line) : line;
      const kind: SummaryRowKind =
        line.kind === 'subscription_credit'
          ? 'subscription_credit'
          : line.kind === 'tenant_credit'
            ? 'tenant_credit'
            : 'meter';
      const meterKey =
        kind === 'meter'
          ? keyOf(about.subscriptionId, about.meterId, about.sku)
          : keyOf(line.subscriptionId, null, null);
      const key = `${kind}\u0000${meterKey}\u0000${line.currency}`;
      let entry = billing.get(key);
      if (!entry) {
        entry = { kind, line: about, currency: line.currency, money: emptyMoney() };
        billing.set(key, entry);
      }
      const amount = decimal(line.amount);
      const money = entry.money;
      if (line.kind === 'usage') {
        money.gross = money.gross.plus(amount);
        if (line.unpriced) money.unpriced += 1;
        const unit = pricingUnit(line.priceUnit, meterOf(line.subscriptionId, line.meterId));
        // Quantities of different units (a price unit changed between periods) are not added up.
        if (money.ratedUnit === null || money.ratedUnit === unit) {
          money.ratedUnit = unit;
          money.quantity = (money.quantity ?? ZERO).plus(decimal(line.quantity ?? '0'));
        }
      } else if (line.kind === 'discount') {
        money.discounts = money.discounts.plus(amount);
      } else {
        money.credits = money.credits.plus(amount);
      }
    }
  }

  const rows: SummaryRow[] = [];
  const usedUsage = new Set<string>();
  const place = (subscriptionId: string | null) => {
    const sub = subscriptionId ? subscriptionOf.get(subscriptionId) : undefined;
    return {
      subscriptionId,
      subscriptionName: sub?.name ?? (subscriptionId === null ? null : subscriptionId),
      regionId: sub?.regionId ?? null,
      regionName: sub?.regionId ? (regionNames.get(sub.regionId) ?? null) : null,
    };
  };
  const amount = (value: Decimal, currency: string) =>
    (value.eq(ZERO) ? ZERO : value).toFixed(minorUnits(currency));
  for (const entry of billing.values()) {
    const { line, money, currency, kind } = entry;
    const subscriptionId = kind === 'tenant_credit' ? null : line.subscriptionId;
    const key = keyOf(
      subscriptionId,
      kind === 'meter' ? line.meterId : null,
      kind === 'meter' ? line.sku : null,
    );
    const usageQuantity = kind === 'meter' && !usedUsage.has(key) ? (usage.get(key) ?? null) : null;
    if (usageQuantity !== null) usedUsage.add(key);
    const meter = kind === 'meter' ? meterOf(subscriptionId, line.meterId) : undefined;
    rows.push({
      kind,
      ...place(subscriptionId),
      meterId: kind === 'meter' ? line.meterId : null,
      meterName: kind === 'meter' ? (meter?.name ?? null) : null,
      sku: kind === 'meter' ? line.sku : null,
      usageQuantity,
      usageUnit: usageQuantity !== null ? usageUnitOf(meter) : null,
      ratedQuantity: money.quantity === null ? null : toDecimalString(money.quantity),
      ratedUnit: money.ratedUnit,
      currency,
      gross: kind === 'meter' ? amount(money.gross, currency) : null,
      discounts: kind === 'meter' ? amount(money.discounts, currency) : null,
      credits: amount(money.credits, currency),
      net: amount(money.gross.plus(money.discounts).plus(money.credits), currency),
      unpricedLines: money.unpriced,
    });
  }
  for (const s of sums) {
    const sku = s.sku === '' ? null : s.sku;
    const key = keyOf(s.subscriptionId, s.meterId, sku);
    if (usedUsage.has(key)) continue;
    const meter = meterOf(s.subscriptionId, s.meterId);
    rows.push({
      kind: 'meter',
      ...place(s.subscriptionId),
      meterId: s.meterId,
      meterName: meter?.name ?? null,
      sku,
      usageQuantity: s.quantity,
      usageUnit: usageUnitOf(meter),
      ratedQuantity: null,
      ratedUnit: null,
      currency: null,
      gross: null,
      discounts: null,
      credits: null,
      net: null,
      unpricedLines: 0,
    });
  }
  const order: Record<SummaryRowKind, number> = { meter: 0, subscription_credit: 1, tenant_credit: 2 };
  rows.sort(
    (a, b) =>
      (a.kind === 'tenant_credit' ? 1 : 0) - (b.kind === 'tenant_credit' ? 1 : 0) ||
      (a.subscriptionName ?? '').localeCompare(b.subscriptionName ?? '') ||
      (a.subscriptionId ?? '').localeCompare(b.subscriptionId ?? '') ||
      order[a.kind] - order[b.kind] ||
      (a.meterName ?? a.meterId ?? '').localeCompare(b.meterName ?? b.meterId ?? '') ||
      (a.meterId ?? '').localeCompare(b.meterId ?? '') ||
      (a.sku ?? '').localeCompare(b.sku ?? '') ||
      (a.currency ?? '').localeCompare(b.currency ?? ''),
  );

  const totals = new Map<string, Money>();
  for (const entry of billing.values()) {
    const t = totals.get(entry.currency) ?? emptyMoney();
    t.gross = t.gross.plus(entry.money.gross);
    t.discounts = t.discounts.plus(entry.money.discounts);
    t.credits = t.credits.plus(entry.money.credits);
    t.unpriced += entry.money.unpriced;
    totals.set(entry.currency, t);
  }
  return {
    tenantId: tenant.id,
    tenantName: tenant.name,
    currency: tenant.currency,
    periods: rated.map(({ period, result }) => ({
      period,
      status: result?.head.status ?? 'not_rated',
      ratedAt: result?.head.ratedAt ?? null,
      currency: result?.head.currency ?? null,
      subtotal: result ? amount(decimal(result.head.subtotal), result.head.currency) : null,
    })),
    rows,
    totals: [...totals.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, t]) => ({
        currency,
        gross: amount(t.gross, currency),
        discounts: amount(t.discounts, currency),
        credits: amount(t.credits, currency),
        net: amount(t.gross.plus(t.discounts).plus(t.credits), currency),
        unpricedLines: t.unpriced,
      })),
  };
}

const usageUnitOf = (meter: MeterDetails | undefined): string | null => (meter ? consumedUnit(meter) : null);
