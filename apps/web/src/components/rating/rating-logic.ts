import type { Schemas } from '@cms/api-client';
import { formatQuantity } from '../usage/quantity.ts';

export type RatedLine = Schemas['SubscriptionRatedLines']['lines'][number];
export type TierSlice = NonNullable<RatedLine['slices']>[number];

/**
 * An amount for reading: the currency code, then the figure with its thousands grouped. The server
 * already rounds amounts to the currency's minor unit (semantics.md), so this is string work only:
 * never through a float, never re-rounded.
 */
export function formatMoney(amount: string, currency: string | null): string {
  const figure = formatQuantity(amount);
  return currency ? `${currency} ${figure}` : figure;
}

/**
 * A quantity or rate as stored but without the zeros that only pad its fixed places
 * ("12.500000" → "12.5", "3.000000" → "3"), thousands grouped. Trailing zeros of a decimal part
 * carry no value, so dropping them is exact.
 */
export function formatDecimal(value: string): string {
  const trimmed = value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
  return formatQuantity(trimmed === '-0' ? '0' : trimmed);
}

const UNIT_WORDS: Record<NonNullable<RatedLine['priceUnit']>, string> = {
  meter: "meter's unit",
  month: 'month',
};

/** "per month" / "per meter's unit": what the quantity and the rate are counted in. */
export function priceUnitLabel(unit: RatedLine['priceUnit'], meterUnit?: string | null): string {
  if (!unit) return '';
  if (unit === 'meter') return meterUnit ? meterUnit : UNIT_WORDS.meter;
  return UNIT_WORDS.month;
}

/** One tier slice in a line: "0 – 100 at 0.5" (the last tier has no upper bound: "100 +"). */
export function sliceLabel(slice: TierSlice): string {
  const range =
    slice.to === null
      ? `over ${formatDecimal(slice.from)}`
      : `${formatDecimal(slice.from)} – ${formatDecimal(slice.to)}`;
  return `${range}: ${formatDecimal(slice.quantity)} at ${formatDecimal(slice.rate)}`;
}

/**
 * What a line's price was, compactly: the flat rate, or the tier mode and how many tiers the
 * quantity reached (the slices themselves are shown on demand).
 */
/** A decimal string equal to zero ('0', '0.000', '-0'), read as text: no float in between. */
function isZero(value: string): boolean {
  return /^-?0*(\.0*)?$/.test(value);
}

export function rateSummary(line: RatedLine): string {
  if (line.unpriced) return 'No price';
  if (line.kind !== 'usage') return '';
  if (line.rate !== null) return formatDecimal(line.rate);
  if (line.slices && line.tierMode) {
    const used = line.slices.filter((s) => !isZero(s.quantity)).length || line.slices.length;
    return `${line.tierMode === 'graduated' ? 'Graduated' : 'Volume'}, ${used} tier${used === 1 ? '' : 's'}`;
  }
  return '';
}

export const KIND_LABELS: Record<RatedLine['kind'], string> = {
  usage: 'Usage',
  discount: 'Discount',
  item_credit: 'Item credit',
  subscription_credit: 'Subscription credit',
  tenant_credit: 'Tenant credit',
};

export interface LineGroup {
  line: RatedLine;
  /** Discount and item-credit lines that belong to this usage line, in print order. */
  children: RatedLine[];
}

/**
 * The printed order with each discount and item credit under its usage line (parentPosition);
 * lines without a parent (subscription and tenant credits) stay top-level where they print. A
 * child whose parent is not among the lines (e.g. filtered out) is shown top-level, never lost.
 */
export function nestLines(lines: RatedLine[]): LineGroup[] {
  const ordered = [...lines].sort((a, b) => a.position - b.position);
  const positions = new Set(ordered.map((l) => l.position));
  const groups: LineGroup[] = [];
  const byPosition = new Map<number, LineGroup>();
  for (const line of ordered) {
    if (line.parentPosition !== null && positions.has(line.parentPosition)) continue;
    const group = { line, children: [] };
    groups.push(group);
    byPosition.set(line.position, group);
  }
  for (const line of ordered) {
    if (line.parentPosition === null || !positions.has(line.parentPosition)) continue;
    const parent = byPosition.get(line.parentPosition);
    if (parent) parent.children.push(line);
    else groups.push({ line, children: [] });
  }
  return groups;
}

/**
 * A tenant's lines grouped by subscription, in the order the subscriptions first print; lines of
 * no subscription (tenant credits) come last under `null`.
 */
export function bySubscription(lines: RatedLine[]): { subscriptionId: string | null; lines: RatedLine[] }[] {
  const groups = new Map<string | null, RatedLine[]>();
  for (const line of [...lines].sort((a, b) => a.position - b.position)) {
    const key = line.subscriptionId;
    groups.set(key, [...(groups.get(key) ?? []), line]);
  }
  const entries = [...groups.entries()].map(([subscriptionId, ls]) => ({ subscriptionId, lines: ls }));
  return [
    ...entries.filter((g) => g.subscriptionId !== null),
    ...entries.filter((g) => g.subscriptionId === null),
  ];
}

/**
 * Exact sum of decimal strings with `places` fraction digits (amounts as the server prints them),
 * in integer minor units through BigInt so no float touches money.
 */
export function sumAmounts(amounts: string[], places: number): string {
  const scale = 10n ** BigInt(places);
  let total = 0n;
  for (const a of amounts) {
    const negative = a.startsWith('-');
    const [whole = '0', fraction = ''] = (negative ? a.slice(1) : a).split('.');
    if (fraction.length > places) throw new Error(`${a} has more than ${places} decimal places`);
    const units = BigInt(whole) * scale + BigInt(fraction.padEnd(places, '0') || '0');
    total += negative ? -units : units;
  }
  const negative = total < 0n;
  const abs = negative ? -total : total;
  const whole = (abs / scale).toString();
  const fraction = places > 0 ? `.${(abs % scale).toString().padStart(places, '0')}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/**
 * The month (YYYY-MM) an instant falls in in a time zone: with the Platform Time Zone
 * (`me.platformTimeZone`), the current billing month as the server counts it, whatever the
 * browser's own zone.
 */
export function monthIn(timeZone: string, now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
  }).formatToParts(now);
  const part = (type: 'year' | 'month') => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}`;
}

/** The month after a YYYY-MM month. */
export function nextMonthOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The `count` months up to and including `latest` (YYYY-MM), newest first, for a period picker. */
export function recentPeriods(latest: string, count = 13): string[] {
  const [y, m] = latest.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const index = y * 12 + (m - 1) - i;
    out.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "2024-03" → "March 2024". */
export function periodLabel(period: string): string {
  const [y, m] = period.split('-');
  return `${MONTH_NAMES[Number(m) - 1] ?? m} ${y}`;
}
