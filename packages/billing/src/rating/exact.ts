/**
 * Exact rounding of quotients. big.js divides to a fixed number of places (Decimal.DP) and
 * rounds there; rounding that result again to fewer places would be a double rounding. For the
 * quotients that decide a printed number (hours ÷ month hours, an amount × an exchange-rate
 * ratio) we take the quotient truncated to the wanted places and look at the exact remainder,
 * so half away from zero is decided on the true value.
 */
import Big from 'big.js';
import { type Decimal, decimal } from '../decimal.ts';

/** A decimal as an integer and a power-of-ten scale: value = units / 10^scale. */
export interface Scaled {
  units: bigint;
  scale: number;
}

export function toScaled(value: Decimal): Scaled {
  const text = value.toFixed();
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const units = BigInt(`${whole}${fraction}`);
  return { units: negative ? -units : units, scale: fraction.length };
}

export function fromScaled(units: bigint, scale: number): Decimal {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return decimal(negative ? `-${text}` : text);
}

const ZERO = decimal('0');
const TWO = decimal('2');
/** ULPS[p] = 10^-p. */
const ULPS: Decimal[] = Array.from({ length: 41 }, (_, p) =>
  decimal(p === 0 ? '1' : `0.${'0'.repeat(p - 1)}1`),
);

/** numerator ÷ divisor (≠ 0), rounded half away from zero to `places` (≤ 40) from the exact remainder. */
export function divideRounded(numerator: Decimal, divisor: Decimal, places: number): Decimal {
  if (divisor.eq(ZERO)) throw new RangeError('Division by zero');
  const ulp = ULPS[places];
  if (ulp === undefined) throw new RangeError(`places must be 0–40 (got ${places})`);
  // The Decimal constructor of decimal.ts: its DP and RM are set for this one division (the code
  // is synchronous, so nothing else can divide in between) and restored.
  const Ctor = numerator.constructor as typeof Big;
  const savedDp = Ctor.DP;
  const savedRm = Ctor.RM;
  let truncated: Decimal;
  try {
    Ctor.DP = places;
    Ctor.RM = Big.roundDown;
    truncated = numerator.div(divisor);
  } finally {
    Ctor.DP = savedDp;
    Ctor.RM = savedRm;
  }
  // The exact quotient is truncated + remainder ÷ divisor (products and differences are exact):
  // round away when that part is at least half a unit of the last place, i.e.
  // 2·|remainder| ≥ |divisor|·ulp.
  const remainder = numerator.minus(truncated.times(divisor));
  if (remainder.abs().times(TWO).gte(divisor.abs().times(ulp))) {
    const negative = numerator.lt(ZERO) !== divisor.lt(ZERO);
    return negative ? truncated.minus(ulp) : truncated.plus(ulp);
  }
  return truncated;
}

/**
 * (numerator × multiplier) ÷ divisor, rounded half away from zero to `places` decimal places,
 * from the exact quotient (multiplying first, as semantics.md asks of derived rates).
 */
export function mulDivRounded(
  numerator: Decimal,
  multiplier: Decimal,
  divisor: Decimal,
  places: number,
): Decimal {
  return divideRounded(numerator.times(multiplier), divisor, places);
}
