/**
 * Exact, fast accumulation of hourly usage records into period sums per (meter, local month).
 *
 * big.js costs a few microseconds per addition; at 10 million records that is the whole budget.
 * A quantity (up to 15 integer digits and 18 fraction digits, plain notation) is split into three
 * JS integers — the integer part (< 10^15), fraction digits 1–9 and 10–18 (each < 10^9) — and each
 * limb is summed on its own. Every limb stays a safe integer (< 2^53): the fraction limbs carry
 * into the next limb before they reach `carryThreshold` (≤ 2^52), and the integer limb spills into
 * a BigInt before 2^52, so no addition ever rounds. The exact sum is assembled as a BigInt once per
 * bucket at the end. test/accumulate.test.ts checks it against big.js sums (fast-check).
 *
 * Negative quantities and exponent notation are refused (Azure Stack Hub usage is never negative;
 * ingest stores plain decimals), with the record's text in the error.
 */
import { localPeriodOf } from './period.ts';

const LIMB = 1e9;
const TWO_52 = 2 ** 52;
const MAX_INTEGER_DIGITS = 15;
const FRACTION_DIGITS = 18;
/** 10^(9 − k): pads a fraction limb read with k digits to 9 digits. */
const PAD = [1e9, 1e8, 1e7, 1e6, 1e5, 1e4, 1e3, 100, 10, 1];

class Bucket {
  integer = 0;
  high = 0;
  low = 0;
  /** Integer units that spilled out of `integer`. */
  spilled = 0n;
  records = 0;
  constructor(
    readonly meterId: string,
    readonly period: string,
  ) {}
}

export interface PeriodSum {
  meterId: string;
  /** Local month 'YYYY-MM'. */
  period: string;
  /** The exact sum, plain decimal notation, trailing zeros trimmed. */
  quantity: string;
  records: number;
}

export interface UsageRecord {
  meterId: string;
  /** ISO 8601 UTC, e.g. '2026-03-01T05:00:00Z'. */
  usageStart: string;
  /** Plain decimal ≥ 0, up to 15 integer and 18 fraction digits. */
  quantity: string;
}

export class InvalidUsageQuantityError extends RangeError {
  override readonly name = 'InvalidUsageQuantityError';
}

const SPLIT = -1;
/** Positions of the digits of YYYY-MM-DDTHH. */
const HOUR_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12] as const;

export class UsageAccumulator {
  /** Hour key → period index, or SPLIT when a local month starts inside that UTC hour. */
  private readonly hours = new Map<number, number>();
  private readonly periods: string[] = [];
  private readonly periodIndex = new Map<string, number>();
  private readonly meters = new Map<string, Bucket[]>();
  private lastMeter = '';
  private lastBuckets: Bucket[] | undefined;
  private readonly carryThreshold: number;

  /**
   * @param timeZone IANA zone of the region (periods are its local months).
   * @param options.carryThreshold when a fraction limb carries (default 2^52); tests lower it to
   *   exercise the carries without millions of records.
   */
  constructor(
    readonly timeZone: string,
    options: { carryThreshold?: number } = {},
  ) {
    this.carryThreshold = Math.min(options.carryThreshold ?? TWO_52, TWO_52);
    localPeriodOf(0, timeZone); // refuses an unknown zone now, not at the first record
  }

  add(meterId: string, usageStart: string, quantity: string): void {
    // --- quantity: digits into three limbs ---
    const length = quantity.length;
    let i = 0;
    let integer = 0;
    let code = 0;
    while (i < length) {
      code = quantity.charCodeAt(i);
      if (code === 46) break;
      const digit = code - 48;
      if (digit < 0 || digit > 9) throw this.badQuantity(quantity);
      integer = integer * 10 + digit;
      i++;
    }
    if (i === 0 || i > MAX_INTEGER_DIGITS) throw this.badQuantity(quantity);
    let high = 0;
    let low = 0;
    if (i < length) {
      const start = ++i; // after '.'
      if (start === length) throw this.badQuantity(quantity);
      const highEnd = Math.min(length, start + 9);
      for (; i < highEnd; i++) {
        const digit = quantity.charCodeAt(i) - 48;
        if (digit < 0 || digit > 9) throw this.badQuantity(quantity);
        high = high * 10 + digit;
      }
      high *= PAD[highEnd - start]!;
      const lowEnd = Math.min(length, start + FRACTION_DIGITS);
      for (; i < lowEnd; i++) {
        const digit = quantity.charCodeAt(i) - 48;
        if (digit < 0 || digit > 9) throw this.badQuantity(quantity);
        low = low * 10 + digit;
      }
      low *= PAD[Math.max(0, lowEnd - start - 9)]!;
      // Digits beyond the 18th are accepted only as zeros: anything else would be rounded away.
      for (; i < length; i++) {
        if (quantity.charCodeAt(i) !== 48) throw this.badQuantity(quantity);
      }
    }

    // --- period: cached per UTC hour ---
    let period = SPLIT;
    const hourKey = this.hourKey(usageStart);
    if (hourKey >= 0) {
      const cached = this.hours.get(hourKey);
      if (cached === undefined) {
        period = this.resolveHour(usageStart, hourKey);
      } else {
        period = cached;
      }
    }
    if (period === SPLIT) period = this.indexOfPeriod(this.periodOfInstant(usageStart));

    // --- bucket ---
    let buckets = this.lastBuckets;
    if (meterId !== this.lastMeter || buckets === undefined) {
      buckets = this.meters.get(meterId);
      if (buckets === undefined) {
        buckets = [];
        this.meters.set(meterId, buckets);
      }
      this.lastMeter = meterId;
      this.lastBuckets = buckets;
    }
    let bucket = buckets[period];
    if (bucket === undefined) {
      bucket = new Bucket(meterId, this.periods[period]!);
      buckets[period] = bucket;
    }
    bucket.records++;
    bucket.low += low;
    bucket.high += high;
    bucket.integer += integer;
    if (bucket.low >= this.carryThreshold) {
      const rest = bucket.low % LIMB;
      bucket.high += (bucket.low - rest) / LIMB;
      bucket.low = rest;
    }
    if (bucket.high >= this.carryThreshold) {
      const rest = bucket.high % LIMB;
      bucket.integer += (bucket.high - rest) / LIMB;
      bucket.high = rest;
    }
    if (bucket.integer >= TWO_52) {
      bucket.spilled += BigInt(bucket.integer);
      bucket.integer = 0;
    }
  }

  /** Every (meter, period) sum, exact, ordered by meter id then period. */
  results(): PeriodSum[] {
    const out: PeriodSum[] = [];
    for (const buckets of this.meters.values()) {
      for (const bucket of buckets) {
        if (bucket === undefined) continue;
        const attos =
          (bucket.spilled + BigInt(bucket.integer)) * 10n ** 18n +
          BigInt(bucket.high) * 1_000_000_000n +
          BigInt(bucket.low);
        out.push({
          meterId: bucket.meterId,
          period: bucket.period,
          quantity: attosToDecimal(attos),
          records: bucket.records,
        });
      }
    }
    return out.sort((a, b) =>
      a.meterId < b.meterId
        ? -1
        : a.meterId > b.meterId
          ? 1
          : a.period < b.period
            ? -1
            : a.period > b.period
              ? 1
              : 0,
    );
  }

  private badQuantity(quantity: string): InvalidUsageQuantityError {
    return new InvalidUsageQuantityError(
      `Usage quantity "${quantity}" refused: plain decimal ≥ 0 with at most ${MAX_INTEGER_DIGITS} integer and ${FRACTION_DIGITS} fraction digits expected (no sign, no exponent)`,
    );
  }

  /**
   * A small integer for the UTC hour of 'YYYY-MM-DDTHH…Z', or -1 when the text is not in that
   * shape (then the slow path parses it in full).
   */
  private hourKey(text: string): number {
    if (text.length < 14 || text.charCodeAt(text.length - 1) !== 90 /* Z */) return -1;
    if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84) return -1;
    let key = 0;
    for (const at of HOUR_DIGITS) {
      const digit = text.charCodeAt(at) - 48;
      if (digit < 0 || digit > 9) return -1;
      key = key * 10 + digit;
    }
    // YYYYMMDDHH fits a double exactly; it is only a map key.
    return key;
  }

  private resolveHour(usageStart: string, hourKey: number): number {
    const hourStart = Date.parse(`${usageStart.slice(0, 13)}:00:00Z`);
    if (Number.isNaN(hourStart)) throw new RangeError(`Usage start "${usageStart}" is not a valid timestamp`);
    const first = localPeriodOf(hourStart, this.timeZone);
    const last = localPeriodOf(hourStart + 3_599_999, this.timeZone);
    // A zone whose month starts at :30 or :45 past a UTC hour splits that hour: those records are
    // placed one by one.
    const index = first === last ? this.indexOfPeriod(first) : SPLIT;
    this.hours.set(hourKey, index);
    return index;
  }

  private periodOfInstant(usageStart: string): string {
    const ms = Date.parse(usageStart);
    if (Number.isNaN(ms)) throw new RangeError(`Usage start "${usageStart}" is not a valid timestamp`);
    return localPeriodOf(ms, this.timeZone);
  }

  private indexOfPeriod(period: string): number {
    let index = this.periodIndex.get(period);
    if (index === undefined) {
      index = this.periods.length;
      this.periods.push(period);
      this.periodIndex.set(period, index);
    }
    return index;
  }
}

function attosToDecimal(attos: bigint): string {
  const digits = attos.toString().padStart(19, '0');
  const whole = digits.slice(0, -18);
  const fraction = digits.slice(-18).replace(/0+$/, '');
  return fraction.length > 0 ? `${whole}.${fraction}` : whole;
}

/** Convenience: accumulate a list of records in one call. */
export function accumulateUsage(records: Iterable<UsageRecord>, timeZone: string): PeriodSum[] {
  const accumulator = new UsageAccumulator(timeZone);
  for (const record of records) accumulator.add(record.meterId, record.usageStart, record.quantity);
  return accumulator.results();
}
