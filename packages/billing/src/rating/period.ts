/**
 * Billing periods are calendar months in a region's time zone (semantics.md "Billing periods and
 * time"). Month hours for per-month prices, and the period quantity conversion.
 */
import { type Decimal, decimal, roundHalfAwayFromZero } from '../decimal.ts';
import { mulDivRounded } from './exact.ts';
import type { PriceUnit } from './types.ts';

/** Hours of a month when "Use Monthly Variable Pricing" is off. */
export const FIXED_MONTH_HOURS = 730;
/** Places of a period quantity (semantics.md: rounded half away from zero to 6 places). */
export const QUANTITY_PLACES = 6;

const PERIOD_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;
const HOUR_MS = 3_600_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws RangeError for a name Intl does not know, so a typo is never read as UTC. */
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localTime(timeZone: string, utcMs: number): LocalTime {
  const out: LocalTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatter(timeZone).formatToParts(utcMs)) {
    if (part.type in out) out[part.type as keyof LocalTime] = Number(part.value);
  }
  return out;
}

/** Local wall time minus UTC at an instant, in ms. */
function offsetMs(timeZone: string, utcMs: number): number {
  const t = localTime(timeZone, utcMs);
  const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return wall - Math.floor(utcMs / 1000) * 1000;
}

const monthStarts = new Map<string, number>();

/**
 * The UTC instant at which local midnight of the 1st of the month begins. Kept per month and zone:
 * it costs six Intl calls, and invoicing asks for the same few months thousands of times.
 */
function monthStartUtc(year: number, month: number, timeZone: string): number {
  const key = `${year}-${month}|${timeZone}`;
  let start = monthStarts.get(key);
  if (start === undefined) {
    // A bound that no real use reaches (zones × months); a flood of odd keys starts over.
    if (monthStarts.size >= 10_000) monthStarts.clear();
    start = computeMonthStartUtc(year, month, timeZone);
    monthStarts.set(key, start);
  }
  return start;
}

function computeMonthStartUtc(year: number, month: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, 1);
  const offsets = new Set([-1, 0, 1].map((d) => offsetMs(timeZone, wall + d * 86_400_000)));
  const candidates = [...offsets].map((o) => wall - o);
  const valid = candidates.filter((t) => offsetMs(timeZone, t) === wall - t);
  // Midnight repeated (clocks back at midnight): the first one. Midnight skipped (clocks forward
  // at midnight, e.g. some South American zones): the month begins at the transition, which is
  // the later candidate.
  return valid.length > 0 ? Math.min(...valid) : Math.max(...candidates);
}

export function parsePeriod(period: string): { year: number; month: number } {
  const match = PERIOD_PATTERN.exec(period);
  if (!match) throw new RangeError(`A period is 'YYYY-MM' (got "${period}")`);
  return { year: Number(match[1]), month: Number(match[2]) };
}

/** [start, end) of the local month as UTC milliseconds. */
export function periodBoundsUtc(period: string, timeZone: string): { start: number; end: number } {
  const { year, month } = parsePeriod(period);
  const next = month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
  return {
    start: monthStartUtc(year, month, timeZone),
    end: monthStartUtc(next.year, next.month, timeZone),
  };
}

/**
 * Hours of the local month for a per-month price: its real elapsed hours (672, 696, 720, 744,
 * or 743/745 across a daylight-saving change; a half-hour shift gives e.g. 743.5) when
 * "Use Monthly Variable Pricing" is on, else 730. Month-fraction meters (managed disks) always
 * use the real hours: callers pass `variablePricing: true` for them whatever the setting.
 */
export function monthHours(period: string, timeZone: string, variablePricing: boolean): number {
  const { start, end } = periodBoundsUtc(period, timeZone);
  return variablePricing ? (end - start) / HOUR_MS : FIXED_MONTH_HOURS;
}

/** The local 'YYYY-MM' that contains a UTC instant. */
export function localPeriodOf(utcMs: number, timeZone: string): string {
  const t = localTime(timeZone, utcMs);
  return `${String(t.year).padStart(4, '0')}-${String(t.month).padStart(2, '0')}`;
}

/**
 * The period quantity (semantics.md): the exact period sum converted into the price unit at full
 * precision (hours ÷ month hours for a per-month price), rounded half away from zero to 6 places.
 * The quotient is rounded once, from the exact remainder.
 */
export function periodQuantity(sum: Decimal | string, priceUnit: PriceUnit, hours: number): Decimal {
  const total = typeof sum === 'string' ? decimal(sum) : sum;
  if (priceUnit === 'meter') return roundHalfAwayFromZero(total, QUANTITY_PLACES);
  if (!Number.isFinite(hours) || hours <= 0) throw new RangeError(`Month hours must be > 0 (got ${hours})`);
  return mulDivRounded(total, decimal('1'), decimal(String(hours)), QUANTITY_PLACES);
}

/**
 * A derived amount, never from a rounded derived rate (semantics.md): rate × quantity ÷ hours,
 * multiplied first and divided once, rounded to `places` (e.g. a calculator's hourly figure).
 */
export function derivedAmount(rate: string, quantity: string, hours: number, places: number): Decimal {
  return mulDivRounded(decimal(rate), decimal(quantity), decimal(String(hours)), places);
}
