/**
 * Exact rounding of quotients. big.js divides to a fixed number of places (Decimal.DP) and then
 * rounds again, which is a double rounding; for the few quotients that decide a printed number
 * (hours ÷ month hours, an amount × an exchange-rate ratio) we divide as integers instead, so the
 * half-away-from-zero rounding sees the exact remainder.
 */
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

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** Integer division of a by b (b ≠ 0), rounded half away from zero. */
export function divideIntegersRounded(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new RangeError('Division by zero');
  const negative = a < 0n !== b < 0n;
  const n = a < 0n ? -a : a;
  const d = b < 0n ? -b : b;
  let q = n / d;
  if ((n % d) * 2n >= d) q += 1n;
  return negative ? -q : q;
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
  const a = toScaled(numerator);
  const m = toScaled(multiplier);
  const d = toScaled(divisor);
  // value = (a.units·m.units / 10^(a.scale+m.scale)) ÷ (d.units / 10^d.scale); scale it by 10^places.
  const top = a.units * m.units * pow10(d.scale + places);
  const bottom = d.units * pow10(a.scale + m.scale);
  return fromScaled(divideIntegersRounded(top, bottom), places);
}
