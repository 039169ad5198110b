import Big from 'big.js';

/**
 * Exact decimal arithmetic for quantities, rates and amounts. big.js adds, subtracts and
 * multiplies exactly; strict mode refuses JS numbers so a float can never slip in, and the
 * division precision is far beyond the 34 significant digits semantics.md asks for.
 */
const Decimal = Big();
Decimal.strict = true;
Decimal.DP = 40;
Decimal.RM = Big.roundHalfUp;

export type Decimal = Big;

/** A decimal as it travels in JSON and is stored as text: optional minus, digits, optional fraction. */
export const DECIMAL_PATTERN = /^-?(0|[1-9][0-9]{0,29})(\.[0-9]{1,30})?$/;

export function isDecimalString(value: string): boolean {
  return DECIMAL_PATTERN.test(value);
}

export function decimal(value: string | bigint): Decimal {
  return new Decimal(typeof value === 'bigint' ? value.toString() : value);
}

export function sumDecimals(values: Iterable<string>): Decimal {
  let total = new Decimal('0');
  for (const value of values) {
    total = total.plus(value);
  }
  return total;
}

/**
 * Rounds half away from zero to `places` decimal places (semantics.md "Rounding"). big.js's
 * ROUND_HALF_UP rounds the magnitude, which is exactly "away from zero" for negative values.
 */
export function roundHalfAwayFromZero(value: Decimal, places: number): Decimal {
  return value.round(places, Big.roundHalfUp);
}

/** Canonical text form: plain notation, no exponent, no trailing zeros beyond `minPlaces`. */
export function toDecimalString(value: Decimal, minPlaces = 0): string {
  const fixed = value.toFixed();
  const [whole, fraction = ''] = fixed.split('.');
  const trimmed = fraction.replace(/0+$/, '').padEnd(minPlaces, '0');
  const text = trimmed.length > 0 ? `${whole}.${trimmed}` : (whole ?? '0');
  return text === '-0' ? '0' : text;
}
