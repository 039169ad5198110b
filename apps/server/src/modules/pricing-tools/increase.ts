import {
  decimal,
  minorUnits,
  type PriceItemInput,
  type RatedLine,
  roundHalfAwayFromZero,
  type TenantPeriodResult,
  type Tier,
  toDecimalString,
} from '@cms/billing';

/**
 * The pure half of a price increase: new rates from old ones, and the model view from two ratings
 * of the same period (current prices, increased prices). No database here, so the arithmetic is
 * tested on its own and the service only loads and stores.
 */

export type IncreaseType = 'percentage' | 'fixed';

export interface Increase {
  type: IncreaseType;
  /** A percentage ('5' = 5 %) or an amount per price unit in the list's currency; may be negative. */
  amount: string;
}

/** Rates are stored with 18 decimal places (migration 0015): a new rate is rounded there once. */
export const STORED_RATE_PLACES = 18;

const ZERO = decimal('0');
const HUNDRED = decimal('100');

/**
 * The increased rate: rate × (1 + p ÷ 100), or rate + amount; never below zero (a decrease larger
 * than the rate makes it free, not a credit). Rounded half away from zero to the stored places,
 * so the model prices with exactly the rate `apply` will store.
 */
export function increasedRate(rate: string, increase: Increase): string {
  const old = decimal(rate);
  const raw =
    increase.type === 'percentage'
      ? old.times(HUNDRED.plus(decimal(increase.amount))).div(HUNDRED)
      : old.plus(decimal(increase.amount));
  const rounded = roundHalfAwayFromZero(raw, STORED_RATE_PLACES);
  return toDecimalString(rounded.lt(ZERO) ? ZERO : rounded);
}

/** Tier bounds stay; only rates change. */
export function increasedTiers(tiers: readonly Tier[], increase: Increase): Tier[] {
  return tiers.map((tier) => ({ ...tier, rate: increasedRate(tier.rate, increase) }));
}

/**
 * The same item at the increased rates: the source version's item, whose id item credits reach by
 * (list, meter, SKU), as they reach the applied version's copy of it, so the model's credits are
 * rating's.
 */
export function increasedItem(item: PriceItemInput, increase: Increase): PriceItemInput {
  return {
    ...item,
    rate: item.rate === null ? null : increasedRate(item.rate, increase),
    tiers: item.tiers === null ? null : increasedTiers(item.tiers, increase),
  };
}

// ---------------------------------------------------------------------------------------------
// The model view

export interface TenantModelInput {
  tenantId: string;
  name: string;
  currency: string;
  /** null: the tenant could not be rated (a missing exchange rate), both ways alike. */
  before: TenantPeriodResult | null;
  after: TenantPeriodResult | null;
}

export interface ModelMeterRow {
  meterId: string;
  sku: string | null;
  currency: string;
  quantity: string;
  oldAmount: string;
  newAmount: string;
  difference: string;
}

export interface ModelTenantRow {
  tenantId: string;
  name: string;
  currency: string;
  status: 'rated' | 'missing_exchange_rate';
  oldSubtotal: string;
  newSubtotal: string;
  difference: string;
}

export interface ModelTotalRow {
  currency: string;
  oldUsage: string;
  newUsage: string;
  oldSubtotal: string;
  newSubtotal: string;
  difference: string;
}

const money = (value: ReturnType<typeof decimal>, currency: string) => {
  const text = value.toFixed(minorUnits(currency));
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
};

/**
 * Per meter (and SKU, per currency): the gross usage lines summed over tenants, before and after.
 * Per tenant: the printed subtotal (after discounts and credits). Totals per currency. Every
 * figure is a sum of printed (already rounded) amounts, so the model adds up exactly.
 */
export function buildModelView(tenants: readonly TenantModelInput[]): {
  meters: ModelMeterRow[];
  tenants: ModelTenantRow[];
  totals: ModelTotalRow[];
} {
  interface Acc {
    meterId: string;
    sku: string | null;
    currency: string;
    quantity: ReturnType<typeof decimal>;
    old: ReturnType<typeof decimal>;
    new: ReturnType<typeof decimal>;
  }
  const meters = new Map<string, Acc>();
  const totals = new Map<
    string,
    { oldUsage: Acc['old']; newUsage: Acc['old']; oldSub: Acc['old']; newSub: Acc['old'] }
  >();
  const total = (currency: string) => {
    let found = totals.get(currency);
    if (!found) {
      found = { oldUsage: ZERO, newUsage: ZERO, oldSub: ZERO, newSub: ZERO };
      totals.set(currency, found);
    }
    return found;
  };
  const meter = (line: RatedLine, currency: string) => {
    const key = `${currency}\u0000${line.meterId}\u0000${line.sku ?? ''}`;
    let found = meters.get(key);
    if (!found) {
      found = {
        meterId: line.meterId ?? '',
        sku: line.sku || null,
        currency,
        quantity: ZERO,
        old: ZERO,
        new: ZERO,
      };
      meters.set(key, found);
    }
    return found;
  };
  const tenantRows: ModelTenantRow[] = [];
  for (const t of tenants) {
    const currency = t.currency;
    const sums = total(currency);
    if (t.before === null || t.after === null) {
      tenantRows.push({
        tenantId: t.tenantId,
        name: t.name,
        currency,
        status: 'missing_exchange_rate',
        oldSubtotal: money(ZERO, currency),
        newSubtotal: money(ZERO, currency),
        difference: money(ZERO, currency),
      });
      continue;
    }
    for (const line of t.before.lines) {
      if (line.kind !== 'usage') continue;
      const m = meter(line, currency);
      m.quantity = m.quantity.plus(decimal(line.quantity ?? '0'));
      m.old = m.old.plus(decimal(line.amount));
      sums.oldUsage = sums.oldUsage.plus(decimal(line.amount));
    }
    for (const line of t.after.lines) {
      if (line.kind !== 'usage') continue;
      const m = meter(line, currency);
      m.new = m.new.plus(decimal(line.amount));
      sums.newUsage = sums.newUsage.plus(decimal(line.amount));
    }
    const oldSubtotal = decimal(t.before.subtotal);
    const newSubtotal = decimal(t.after.subtotal);
    sums.oldSub = sums.oldSub.plus(oldSubtotal);
    sums.newSub = sums.newSub.plus(newSubtotal);
    tenantRows.push({
      tenantId: t.tenantId,
      name: t.name,
      currency,
      status: 'rated',
      oldSubtotal: money(oldSubtotal, currency),
      newSubtotal: money(newSubtotal, currency),
      difference: money(newSubtotal.minus(oldSubtotal), currency),
    });
  }
  const meterRows = [...meters.values()]
    .sort((a, b) =>
      a.currency !== b.currency
        ? a.currency < b.currency
          ? -1
          : 1
        : a.meterId !== b.meterId
          ? a.meterId < b.meterId
            ? -1
            : 1
          : (a.sku ?? '') < (b.sku ?? '')
            ? -1
            : (a.sku ?? '') > (b.sku ?? '')
              ? 1
              : 0,
    )
    .map((m) => ({
      meterId: m.meterId,
      sku: m.sku,
      currency: m.currency,
      quantity: toDecimalString(m.quantity),
      oldAmount: money(m.old, m.currency),
      newAmount: money(m.new, m.currency),
      difference: money(m.new.minus(m.old), m.currency),
    }));
  const totalRows = [...totals.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, s]) => ({
      currency,
      oldUsage: money(s.oldUsage, currency),
      newUsage: money(s.newUsage, currency),
      oldSubtotal: money(s.oldSub, currency),
      newSubtotal: money(s.newSub, currency),
      difference: money(s.newSub.minus(s.oldSub), currency),
    }));
  return { meters: meterRows, tenants: tenantRows, totals: totalRows };
}
