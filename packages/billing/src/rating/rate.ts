/**
 * rateTenantPeriod: one tenant's billing period from its period usage sums to printed lines
 * (semantics.md is binding). Pure: the caller resolves which item prices each usage row, the
 * month hours, discounts, credits and exchange rates, and stores what comes out.
 *
 * Order of work: group usage per (subscription, item) → period quantity → flat rate or tiers in
 * the price list's currency, exactly → converted into the tenant's currency and rounded to its
 * minor unit (the gross line) → discount lines → item credits → subscription credits → tenant
 * credits, each capped at what remains in its scope.
 */
import { minorUnits } from '../currencies.ts';
import { type Decimal, decimal, isDecimalString, roundHalfAwayFromZero } from '../decimal.ts';
import { mulDivRounded } from './exact.ts';
import { periodQuantity, QUANTITY_PLACES } from './period.ts';
import { type CompiledTiers, compileTiers, priceCompiledTiers } from './tiers.ts';
import type {
  CreditInput,
  DiscountInput,
  ExchangeRatesInput,
  PriceItemInput,
  RatedLine,
  TenantPeriodInput,
  TenantPeriodResult,
  TierSlice,
} from './types.ts';

/**
 * A conversion the run needs has no exchange rate: the caller raises an alert naming the
 * currency and stores no lines for the tenant (semantics.md "Currencies").
 */
export class MissingExchangeRateError extends Error {
  override readonly name = 'MissingExchangeRateError';
  constructor(
    /** The currency without a rate against the platform currency. */
    readonly currency: string,
    readonly tenantId: string,
    readonly period: string,
  ) {
    super(`No exchange rate for ${currency} (tenant ${tenantId}, period ${period})`);
  }
}

/** Input that cannot be rated as given (a caller bug, not a missing configuration). */
export class RatingInputError extends Error {
  override readonly name = 'RatingInputError';
}

const ZERO = decimal('0');
const HUNDRED = decimal('100');
/** Places of printed converted rates and exchange ratios (display only; amounts use exact ratios). */
const DISPLAY_PLACES = 20;

/** Converts an amount from one currency into the tenant's: × mul ÷ div, exactly. */
interface Conversion {
  mul: Decimal;
  div: Decimal;
}

function conversionsFor(input: TenantPeriodInput): (currency: string) => Conversion | null {
  const rates: ExchangeRatesInput | null = input.exchangeRates;
  const unitsPerPlatform = (currency: string): Decimal => {
    if (rates && currency === rates.platformCurrency) return decimal('1');
    const text = rates?.perPlatformUnit[currency];
    if (text === undefined || !isDecimalString(text) || !decimal(text).gt(ZERO)) {
      throw new MissingExchangeRateError(currency, input.tenantId, input.period);
    }
    return decimal(text);
  };
  const cache = new Map<string, Conversion | null>();
  return (currency) => {
    if (currency === input.currency) return null;
    let found = cache.get(currency);
    if (found === undefined) {
      minorUnits(currency); // refuses a code that is not ISO 4217
      // Crossed through the platform currency: X → platform → tenant = tenant-per-platform ÷ X-per-platform.
      found = { mul: unitsPerPlatform(input.currency), div: unitsPerPlatform(currency) };
      cache.set(currency, found);
    }
    return found;
  };
}

interface UsageGroup {
  subscriptionId: string;
  meterId: string;
  sku: string | null;
  item: PriceItemInput | null;
  sum: Decimal;
  monthHours: number;
}

interface CompiledItem {
  rate: Decimal | null;
  table: CompiledTiers | null;
  /** In the tenant's currency, for printing. */
  displayRate: string | null;
  displayTierRates: string[];
}

interface WorkLine {
  line: RatedLine;
  /** What remains of this usage line after discounts and item credits (usage lines only). */
  net: Decimal;
  adjustments: RatedLine[];
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Plain text of a decimal: big.js keeps no trailing zeros, so toFixed() without places is already
 * the canonical form (toDecimalString's regex costs more than the rest of a line).
 */
function plain(value: Decimal): string {
  const text = value.toFixed();
  return text === '-0' ? '0' : text;
}

function checkPercentage(discount: DiscountInput): Decimal {
  const p = discount.percentage;
  if (!isDecimalString(p) || decimal(p).lt(ZERO) || decimal(p).gt(HUNDRED)) {
    throw new RatingInputError(`Discount ${discount.discountId}: percentage must be 0–100 (got "${p}")`);
  }
  return decimal(p);
}

function emptyLine(kind: RatedLine['kind']): RatedLine {
  return {
    kind,
    subscriptionId: null,
    meterId: null,
    sku: null,
    itemId: null,
    priceListId: null,
    versionId: null,
    rawQuantity: null,
    quantity: null,
    priceUnit: null,
    rate: null,
    tierMode: null,
    slices: null,
    amount: '0',
    unpriced: false,
    discountId: null,
    creditId: null,
    parentIndex: null,
    description: null,
  };
}

export function rateTenantPeriod(input: TenantPeriodInput): TenantPeriodResult {
  const places = minorUnits(input.currency);
  const money = (value: Decimal): string => (value.eq(ZERO) ? ZERO : value).toFixed(places);
  const convert = conversionsFor(input);

  // Every conversion the period needs is checked first, so a missing rate produces no lines at all.
  for (const row of input.usage) if (row.item) convert(row.item.currency);
  for (const credit of input.credits) convert(credit.currency);

  /** An exact amount in `currency`, in the tenant's currency, rounded to its minor unit. */
  const toTenantRounded = (amount: Decimal, currency: string): Decimal => {
    const c = convert(currency);
    return c ? mulDivRounded(amount, c.mul, c.div, places) : roundHalfAwayFromZero(amount, places);
  };
  /** Display only (rates and slices): converted and rounded to DISPLAY_PLACES. */
  const toTenantDisplay = (value: Decimal, currency: string): string => {
    const c = convert(currency);
    return plain(c ? mulDivRounded(value, c.mul, c.div, DISPLAY_PLACES) : value);
  };
  const percentages = new Map<DiscountInput, Decimal>();
  const percentageOf = (discount: DiscountInput): Decimal => {
    let found = percentages.get(discount);
    if (found === undefined) {
      found = checkPercentage(discount);
      percentages.set(discount, found);
    }
    return found;
  };
  // Each item's rates and tier table are checked and parsed once per run, not once per line.
  const compiledItems = new Map<string, CompiledItem>();
  const compiled = (item: PriceItemInput): CompiledItem => {
    let found = compiledItems.get(item.itemId);
    if (found === undefined) {
      if (item.tiers !== null && item.rate === null) {
        const table = compileTiers(item.tiers);
        found = {
          rate: null,
          table,
          displayRate: null,
          displayTierRates: table.rate.map((r) => toTenantDisplay(r, item.currency)),
        };
      } else if (
        item.rate !== null &&
        item.tiers === null &&
        isDecimalString(item.rate) &&
        !item.rate.startsWith('-')
      ) {
        const rate = decimal(item.rate);
        found = {
          rate,
          table: null,
          displayRate: toTenantDisplay(rate, item.currency),
          displayTierRates: [],
        };
      } else {
        throw new RatingInputError(
          `Item ${item.itemId}: exactly one of a rate (a decimal ≥ 0) and tiers must be set`,
        );
      }
      compiledItems.set(item.itemId, found);
    }
    return found;
  };

  // 1. One group per (subscription, item): rows for the same item are summed before pricing, so
  //    money of record is computed once per (subscription, price item, period).
  const groups = new Map<string, UsageGroup>();
  for (const row of input.usage) {
    const sku = row.sku === '' ? null : row.sku;
    const key = row.item
      ? `${row.subscriptionId}\u0000item\u0000${row.item.itemId}`
      : `${row.subscriptionId}\u0000unpriced\u0000${row.meterId}\u0000${sku ?? ''}`;
    const found = groups.get(key);
    if (found) {
      if (found.monthHours !== row.monthHours && row.item?.priceUnit === 'month') {
        throw new RatingInputError(`Item ${row.item.itemId}: rows of one period disagree on month hours`);
      }
      found.sum = found.sum.plus(decimal(row.quantity));
    } else {
      groups.set(key, {
        subscriptionId: row.subscriptionId,
        // A priced line is the item's line: a meter-wide item priced two SKUs as one.
        meterId: row.item ? row.item.meterId : row.meterId,
        sku: row.item ? row.item.sku : sku,
        item: row.item,
        sum: decimal(row.quantity),
        monthHours: row.monthHours,
      });
    }
  }
  const ordered = [...groups.values()].sort(
    (a, b) =>
      compare(a.subscriptionId, b.subscriptionId) ||
      compare(a.meterId, b.meterId) ||
      compare(a.sku ?? '', b.sku ?? '') ||
      compare(a.item?.itemId ?? '', b.item?.itemId ?? ''),
  );

  // 2. Gross lines (rounded), then their discount lines.
  const work: WorkLine[] = ordered.map((group) => {
    const line = emptyLine('usage');
    line.subscriptionId = group.subscriptionId;
    line.meterId = group.meterId;
    line.sku = group.sku;
    line.rawQuantity = plain(group.sum);
    const item = group.item;
    if (!item) {
      line.quantity = plain(roundHalfAwayFromZero(group.sum, QUANTITY_PLACES));
      line.unpriced = true;
      line.amount = money(ZERO);
      return { line, net: ZERO, adjustments: [] };
    }
    line.itemId = item.itemId;
    line.priceListId = item.priceListId;
    line.versionId = item.versionId;
    line.priceUnit = item.priceUnit;
    const quantity = periodQuantity(group.sum, item.priceUnit, group.monthHours);
    line.quantity = plain(quantity);
    const price = compiled(item);
    let exact: Decimal;
    if (price.table) {
      const priced = priceCompiledTiers(quantity, price.table, item.tierMode);
      exact = priced.amount;
      line.tierMode = item.tierMode;
      line.slices = priced.slices.map(
        (s): TierSlice => ({
          from: item.tiers![s.tierIndex]!.from,
          to: item.tiers![s.tierIndex]!.to,
          rate: price.displayTierRates[s.tierIndex]!,
          quantity: plain(s.units),
          amount: toTenantDisplay(s.amount, item.currency),
        }),
      );
    } else {
      exact = quantity.times(price.rate!);
      line.rate = price.displayRate;
    }
    // Converting the exact amount equals converting every rate first at full precision (the
    // amount is linear in the rates; tier bounds are quantities), and rounds only once.
    const gross = toTenantRounded(exact, item.currency);
    line.amount = money(gross);
    const result: WorkLine = { line, net: gross, adjustments: [] };

    const discount = input.subscriptionDiscounts[group.subscriptionId] ?? input.tenantDiscount;
    if (discount && (discount.meterIds === null || discount.meterIds.includes(group.meterId))) {
      // From the rounded gross line, rounded itself (semantics.md "Discounts and credits").
      const off = roundHalfAwayFromZero(gross.times(percentageOf(discount)).div(HUNDRED), places);
      if (!off.eq(ZERO)) {
        const d = emptyLine('discount');
        d.subscriptionId = group.subscriptionId;
        d.meterId = group.meterId;
        d.sku = group.sku;
        d.itemId = item.itemId;
        d.discountId = discount.discountId;
        d.amount = money(off.neg());
        d.description = `Discount ${plain(percentageOf(discount))}%`;
        result.adjustments.push(d);
        result.net = gross.minus(off);
      }
    }
    return result;
  });

  const credits = [...input.credits].sort((a, b) => compare(a.creditId, b.creditId));
  const expiredCredits: { creditId: string; amount: string }[] = [];
  const creditAmount = (credit: CreditInput): Decimal => {
    if (!isDecimalString(credit.amount) || decimal(credit.amount).lt(ZERO)) {
      throw new RatingInputError(`Credit ${credit.creditId}: amount must be a decimal ≥ 0`);
    }
    // Rounded first: min(round(c), remaining) = round(min(c, remaining)) because what remains is
    // always a whole number of minor units, and a rounded credit splits across lines exactly.
    return toTenantRounded(decimal(credit.amount), credit.currency);
  };
  const creditLine = (credit: CreditInput, kind: RatedLine['kind'], taken: Decimal): RatedLine => {
    const c = emptyLine(kind);
    c.creditId = credit.creditId;
    c.amount = money(taken.neg());
    c.description = credit.description;
    return c;
  };
  const expire = (credit: CreditInput, left: Decimal) => {
    if (left.gt(ZERO)) expiredCredits.push({ creditId: credit.creditId, amount: money(left) });
  };

  // 3. Item credits: that item's lines across the tenant's subscriptions, ascending subscription id.
  for (const credit of credits.filter((c) => c.scope === 'item')) {
    let left = creditAmount(credit);
    for (const w of work) {
      if (left.eq(ZERO)) break;
      if (w.line.itemId === null || w.line.itemId !== credit.itemId || !w.net.gt(ZERO)) continue;
      const taken = left.lt(w.net) ? left : w.net;
      const c = creditLine(credit, 'item_credit', taken);
      c.subscriptionId = w.line.subscriptionId;
      c.meterId = w.line.meterId;
      c.sku = w.line.sku;
      c.itemId = w.line.itemId;
      w.adjustments.push(c);
      w.net = w.net.minus(taken);
      left = left.minus(taken);
    }
    expire(credit, left);
  }

  // 4. Subscription credits, capped at what remains of the subscription.
  // work is in subscription order, so this keeps it (linear: a tenant may have thousands).
  const bySubscription = new Map<string, WorkLine[]>();
  for (const w of work) {
    const id = w.line.subscriptionId!;
    const list = bySubscription.get(id);
    if (list) list.push(w);
    else bySubscription.set(id, [w]);
  }
  const remainingBySubscription = new Map<string, Decimal>();
  for (const [id, list] of bySubscription) {
    remainingBySubscription.set(
      id,
      list.reduce((sum, w) => sum.plus(w.net), ZERO),
    );
  }
  const subscriptionCredits = new Map<string, RatedLine[]>();
  for (const credit of credits.filter((c) => c.scope === 'subscription')) {
    const amount = creditAmount(credit);
    const id = credit.subscriptionId ?? '';
    const remaining = remainingBySubscription.get(id) ?? ZERO;
    const room = remaining.gt(ZERO) ? remaining : ZERO;
    const taken = amount.lt(room) ? amount : room;
    if (taken.gt(ZERO)) {
      const c = creditLine(credit, 'subscription_credit', taken);
      c.subscriptionId = id;
      subscriptionCredits.set(id, [...(subscriptionCredits.get(id) ?? []), c]);
      remainingBySubscription.set(id, remaining.minus(taken));
    }
    expire(credit, amount.minus(taken));
  }

  // 5. Tenant credits, capped at what remains of the whole period.
  let tenantRemaining = [...remainingBySubscription.values()].reduce((sum, v) => sum.plus(v), ZERO);
  const tenantCredits: RatedLine[] = [];
  for (const credit of credits.filter((c) => c.scope === 'tenant')) {
    const amount = creditAmount(credit);
    const room = tenantRemaining.gt(ZERO) ? tenantRemaining : ZERO;
    const taken = amount.lt(room) ? amount : room;
    if (taken.gt(ZERO)) {
      tenantCredits.push(creditLine(credit, 'tenant_credit', taken));
      tenantRemaining = tenantRemaining.minus(taken);
    }
    expire(credit, amount.minus(taken));
  }

  // Printed order: per subscription, each usage line followed by its discount and item credits,
  // then the subscription's credits; tenant credits last.
  const lines: RatedLine[] = [];
  for (const [id, list] of bySubscription) {
    for (const w of list) {
      const parentIndex = lines.length;
      lines.push(w.line);
      for (const adjustment of w.adjustments) lines.push({ ...adjustment, parentIndex });
    }
    lines.push(...(subscriptionCredits.get(id) ?? []));
  }
  lines.push(...tenantCredits);

  const subtotal = lines.reduce((sum, line) => sum.plus(decimal(line.amount)), ZERO);
  const appliedExchangeRates: Record<string, string> = {};
  const used = new Set([
    ...ordered.flatMap((g) => (g.item ? [g.item.currency] : [])),
    ...input.credits.map((c) => c.currency),
  ]);
  for (const currency of [...used].sort()) {
    const c = convert(currency);
    if (c) appliedExchangeRates[currency] = toTenantDisplay(decimal('1'), currency);
  }
  return {
    tenantId: input.tenantId,
    period: input.period,
    currency: input.currency,
    lines,
    subtotal: money(subtotal),
    appliedExchangeRates,
    expiredCredits,
  };
}
