import { createHash } from 'node:crypto';
import {
  decimal,
  minorUnits,
  type RatedLine,
  type RatedLineKind,
  type TaxRateInput,
  type TierSlice,
  taxLines,
  toDecimalString,
} from '@cms/billing';

/**
 * What an invoice prints, computed without the database (semantics.md "Rounding, tax and totals",
 * "Periods, late usage and corrections"): rated lines turned into printed lines, prior-period
 * adjustment lines as differences against what was billed, tax per rate on its taxable base, and
 * totals that add up exactly. Amounts are what the tenant owes (credits and credit notes negative).
 */

export type PrintedKind = 'usage' | 'discount' | 'credit' | 'adjustment';

export interface ContentLine {
  kind: PrintedKind;
  sourceKind: RatedLineKind;
  /** Index (in the invoice's non-tax lines) of the usage line a discount or item credit belongs to. */
  parentPosition: number | null;
  subscriptionId: string | null;
  subscriptionName: string | null;
  regionId: string | null;
  meterId: string | null;
  meterName: string | null;
  sku: string | null;
  /** What a quantity counts: the meter's unit, or "Month" for a per-month price. */
  unit: string | null;
  priceUnit: 'meter' | 'month' | null;
  priceListId: string | null;
  priceListVersionId: string | null;
  priceItemId: string | null;
  discountId: string | null;
  creditId: string | null;
  rawQuantity: string | null;
  quantity: string | null;
  rate: string | null;
  tierMode: 'graduated' | 'volume' | null;
  slices: TierSlice[] | null;
  /** In the currency's minor units, e.g. "12.30". */
  amount: string;
  unpriced: boolean;
  description: string;
  /** Adjustment lines: the closed period they correct. */
  originalPeriod: string | null;
}

export interface PrintedTaxLine {
  name: string;
  percentage: string;
  /** The taxable amount this rate applies to. */
  base: string;
  amount: string;
}

export interface Totals {
  subtotal: string;
  tax: string;
  total: string;
}

/** Names printed beside a rated line; the service looks them up. */
export interface LineLabels {
  subscriptionName(id: string): string | null;
  regionOf(subscriptionId: string): string | null;
  meter(subscriptionId: string | null, meterId: string): { name: string; unit: string } | null;
}

const ZERO = decimal('0');

export function money(value: string | ReturnType<typeof decimal>, currency: string): string {
  const v = typeof value === 'string' ? decimal(value) : value;
  return (v.eq(ZERO) ? ZERO : v).toFixed(minorUnits(currency));
}

function printedKind(kind: RatedLineKind): PrintedKind {
  if (kind === 'usage') return 'usage';
  if (kind === 'discount') return 'discount';
  return 'credit';
}

/** A rated line (from the engine, or from rated_lines) as the invoice prints it. */
export function printedLine(
  line: RatedLine & { regionId?: string | null },
  labels: LineLabels,
  currency: string,
): ContentLine {
  const meter = line.meterId ? labels.meter(line.subscriptionId, line.meterId) : null;
  const meterName = meter?.name ?? line.meterId;
  let description: string;
  if (line.kind === 'usage') {
    description = `${meterName ?? 'Usage'}${line.sku ? ` (${line.sku})` : ''}`;
    if (line.unpriced) description += ': no price, rated at zero';
  } else {
    description = line.description ?? (line.kind === 'discount' ? 'Discount' : 'Credit');
  }
  return {
    kind: printedKind(line.kind),
    sourceKind: line.kind,
    parentPosition: line.parentIndex,
    subscriptionId: line.subscriptionId,
    subscriptionName: line.subscriptionId ? labels.subscriptionName(line.subscriptionId) : null,
    regionId: line.regionId ?? (line.subscriptionId ? labels.regionOf(line.subscriptionId) : null),
    meterId: line.meterId,
    meterName: meterName ?? null,
    sku: line.sku,
    unit: line.kind === 'usage' ? (line.priceUnit === 'month' ? 'Month' : (meter?.unit ?? null)) : null,
    priceUnit: line.priceUnit,
    priceListId: line.priceListId,
    priceListVersionId: line.versionId,
    priceItemId: line.itemId,
    discountId: line.discountId,
    creditId: line.creditId,
    rawQuantity: line.rawQuantity,
    quantity: line.quantity,
    rate: line.rate,
    tierMode: line.tierMode,
    slices: line.slices,
    amount: money(line.amount, currency),
    unpriced: line.unpriced,
    description,
    originalPeriod: null,
  };
}

/**
 * What identifies a line across two computations of one period: the same usage of a subscription
 * priced by the same item, the same discount or credit on the same line. Amounts and quantities
 * are what may differ.
 */
export function lineKey(line: {
  sourceKind: RatedLineKind;
  subscriptionId: string | null;
  priceItemId: string | null;
  meterId: string | null;
  sku: string | null;
  discountId: string | null;
  creditId: string | null;
}): string {
  const s = line.subscriptionId ?? '';
  switch (line.sourceKind) {
    case 'usage':
      return line.priceItemId
        ? `usage|${s}|${line.priceItemId}`
        : `usage|${s}|~${line.meterId ?? ''}|${line.sku ?? ''}`;
    case 'discount':
      return `discount|${s}|${line.priceItemId ?? ''}|${line.discountId ?? ''}`;
    case 'item_credit':
      return `item_credit|${s}|${line.priceItemId ?? ''}|${line.creditId ?? ''}`;
    case 'subscription_credit':
      return `subscription_credit|${s}|${line.creditId ?? ''}`;
    case 'tenant_credit':
      return `tenant_credit|${line.creditId ?? ''}`;
  }
}

const sub = (a: string | null, b: string | null): string | null =>
  a === null && b === null ? null : toDecimalString(decimal(a ?? '0').minus(decimal(b ?? '0')));

/**
 * Prior-period adjustment lines for a closed period: the period recomputed as if the late usage
 * had been known when it was issued (`recomputed`), against what has been billed for it so far
 * (`billed`: its issued lines and the adjustments for it on issued invoices since). Each line
 * whose amount differs appears as the difference, labelled with the period; usage lines also show
 * the quantity difference (in the price unit and in the meter's). In the recomputed order, then
 * lines that are gone.
 */
export function adjustmentLines(
  period: string,
  recomputed: readonly ContentLine[],
  billed: readonly ContentLine[],
  currency: string,
): ContentLine[] {
  const billedByKey = new Map<
    string,
    { line: ContentLine; amount: string; quantity: string | null; rawQuantity: string | null }
  >();
  const plus = (a: string | null, b: string | null) =>
    b === null ? a : toDecimalString(decimal(a ?? '0').plus(decimal(b)));
  for (const line of billed) {
    const key = lineKey(line);
    const found = billedByKey.get(key);
    if (found) {
      found.amount = toDecimalString(decimal(found.amount).plus(decimal(line.amount)));
      found.quantity = plus(found.quantity, line.quantity);
      found.rawQuantity = plus(found.rawQuantity, line.rawQuantity);
    } else {
      billedByKey.set(key, {
        line,
        amount: line.amount,
        quantity: line.quantity,
        rawQuantity: line.rawQuantity,
      });
    }
  }
  const out: ContentLine[] = [];
  const seen = new Set<string>();
  const difference = (
    base: ContentLine,
    amount: string,
    quantity: string | null,
    rawQuantity: string | null,
  ) => {
    if (decimal(amount).eq(ZERO)) return;
    const usage = base.sourceKind === 'usage';
    out.push({
      ...base,
      kind: 'adjustment',
      parentPosition: null,
      // The late usage in the meter's unit: the reconciliation report adds it to what was invoiced.
      rawQuantity: usage ? rawQuantity : null,
      quantity: usage ? quantity : null,
      // A difference of tiered amounts has no unit rate or slices of its own.
      rate: null,
      tierMode: null,
      slices: null,
      amount: money(amount, currency),
      description:
        base.kind === 'adjustment'
          ? base.description
          : `Prior period adjustment ${period}: ${base.description}`,
      originalPeriod: period,
    });
  };
  for (const line of recomputed) {
    const key = lineKey(line);
    if (seen.has(key)) continue;
    seen.add(key);
    const before = billedByKey.get(key);
    difference(
      line,
      sub(line.amount, before?.amount ?? '0')!,
      sub(line.quantity, before?.quantity ?? null),
      sub(line.rawQuantity, before?.rawQuantity ?? null),
    );
  }
  for (const [key, before] of billedByKey) {
    if (seen.has(key)) continue;
    difference(
      before.line,
      sub('0', before.amount)!,
      sub(null, before.quantity),
      sub(null, before.rawQuantity),
    );
  }
  return out;
}

/**
 * Tax lines: each group of lines (the period's own, each corrected period's adjustments) is taxed
 * at its own rates (the adjustments at the rates of the invoice they correct); a rate name and
 * percentage shared by several groups is one line on their summed base. Per line:
 * rate × base, rounded half away from zero to the minor unit (@cms/billing taxLines).
 */
export function taxLinesFor(
  groups: readonly { base: string; rates: readonly TaxRateInput[] }[],
  currency: string,
): PrintedTaxLine[] {
  const bases = new Map<string, { name: string; percentage: string; base: ReturnType<typeof decimal> }>();
  for (const group of groups) {
    for (const rate of group.rates) {
      const key = `${rate.name}\u0000${toDecimalString(decimal(rate.percentage))}`;
      const found = bases.get(key);
      if (found) found.base = found.base.plus(decimal(group.base));
      else bases.set(key, { name: rate.name, percentage: rate.percentage, base: decimal(group.base) });
    }
  }
  return [...bases.values()].map(({ name, percentage, base }) => {
    const text = money(base, currency);
    const [line] = taxLines(text, [{ name, percentage }], currency).lines;
    return { name, percentage, base: text, amount: line!.amount };
  });
}

/** Subtotal = the sum of the printed lines; total = subtotal + the printed taxes. */
export function totalsOf(
  lines: readonly { amount: string }[],
  taxes: readonly { amount: string }[],
  currency: string,
): Totals {
  const subtotal = lines.reduce((sum, l) => sum.plus(decimal(l.amount)), ZERO);
  const tax = taxes.reduce((sum, l) => sum.plus(decimal(l.amount)), ZERO);
  return {
    subtotal: money(subtotal, currency),
    tax: money(tax, currency),
    total: money(subtotal.plus(tax), currency),
  };
}

/** The sum of some lines' amounts, as an exact decimal text. */
export function sumOf(lines: readonly { amount: string }[]): string {
  return toDecimalString(lines.reduce((sum, l) => sum.plus(decimal(l.amount)), ZERO));
}

/** What sameLines compares of a line. */
export type ComparedLine = Pick<
  ContentLine,
  | 'kind'
  | 'sourceKind'
  | 'subscriptionId'
  | 'priceItemId'
  | 'meterId'
  | 'sku'
  | 'discountId'
  | 'creditId'
  | 'originalPeriod'
  | 'quantity'
  | 'amount'
>;

/**
 * A digest of what sameLines compares, in order: two line lists with the same digest are the same
 * lines to sameLines (a preview keeps it, and its issue compares the lines built again with it).
 */
export function linesDigest(lines: readonly ComparedLine[]): string {
  const hash = createHash('sha256');
  for (const line of lines) {
    hash.update(
      `${line.kind}\u0000${lineKey(line)}\u0000${line.originalPeriod ?? ''}\u0000${line.quantity === null ? '' : canonical(line.quantity)}\u0000${canonical(line.amount)}\n`,
    );
  }
  return hash.digest('hex');
}

/**
 * A plain decimal's one spelling of its value (fraction zeros trimmed, no negative zero): the
 * engines print plain notation, and the databases pad DECIMAL columns with zeros to their scale.
 */
function canonical(text: string): string {
  let out = text.includes('.') ? text.replace(/\.?0+$/, '') : text;
  if (out === '-0') out = '0';
  return out;
}

/**
 * Whether two computations print the same lines (kind, what they price, quantity, amount, in
 * order): a preview is issued only if recomputing it now gives what the operator reviewed.
 */
export function sameLines(a: readonly ComparedLine[], b: readonly ComparedLine[]): boolean {
  if (a.length !== b.length) return false;
  const same = (x: string | null, y: string | null) =>
    x === null || y === null ? x === y : canonical(x) === canonical(y);
  return a.every((line, i) => {
    const other = b[i]!;
    return (
      line.kind === other.kind &&
      lineKey(line) === lineKey(other) &&
      line.originalPeriod === other.originalPeriod &&
      same(line.quantity, other.quantity) &&
      same(line.amount, other.amount)
    );
  });
}
