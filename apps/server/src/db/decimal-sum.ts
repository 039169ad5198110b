/**
 * An exact SUM for SQLite, where decimals are stored as text (semantics.md "Numbers": SQLite's own
 * SUM would read them as binary floats). Registered on every SQLite connection as the aggregate
 * `decimal_sum(text)`; MySQL/MariaDB and PostgreSQL use their own SUM over DECIMAL, which is exact.
 *
 * Why it is exact: every stored decimal is plain notation with at most DECIMAL_SCALE fraction
 * digits (the quantity columns are DECIMAL(48, 30), written through toDecimalString). Each value is
 * read as one BigInt of units of 10^-30 (its digits with the fraction padded to 30 places), the
 * BigInts are added (integer addition never rounds), and the total is printed back with the point
 * put back 30 places from the right and trailing zeros trimmed. A value that is not plain notation
 * with ≤ 30 places makes the query fail rather than be rounded.
 */

/** Fraction digits every summed value is scaled to: the widest decimal column's scale. */
export const DECIMAL_SCALE = 30;
const PLAIN = /^(-?)(\d+)(?:\.(\d{1,30}))?$/;
const ZEROS = '0'.repeat(DECIMAL_SCALE);

/** The value in units of 10^-30; throws on anything that is not a plain decimal of ≤ 30 places. */
export function scaledUnits(text: string): bigint {
  const match = PLAIN.exec(text);
  if (!match) throw new RangeError(`decimal_sum: not a plain decimal with at most 30 places: "${text}"`);
  const fraction = match[3] ?? '';
  const units = BigInt(match[2]! + fraction + ZEROS.slice(fraction.length));
  return match[1] === '-' ? -units : units;
}

/** Prints units of 10^-30 as a plain decimal, trailing zeros trimmed ('0' for zero). */
export function formatUnits(units: bigint): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(DECIMAL_SCALE + 1, '0');
  const whole = digits.slice(0, -DECIMAL_SCALE);
  const fraction = digits.slice(-DECIMAL_SCALE).replace(/0+$/, '');
  const text = fraction ? `${whole}.${fraction}` : whole;
  return negative && text !== '0' ? `-${text}` : text;
}

/** The aggregate as better-sqlite3 registers it: NULLs are skipped, no rows give NULL (like SUM). */
export const decimalSumAggregate = {
  start: (): bigint | null => null,
  step: (total: bigint | null, value: unknown): bigint | null => {
    if (value === null || value === undefined) return total;
    // Integers stored by an older writer come back as numbers; they are exact below 2^53.
    const units = scaledUnits(typeof value === 'string' ? value : String(value));
    return total === null ? units : total + units;
  },
  result: (total: bigint | null): string | null => (total === null ? null : formatUnits(total)),
  deterministic: true,
};
