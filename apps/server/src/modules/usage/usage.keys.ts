import { hash } from 'node:crypto';
import { decimal, toDecimalString } from '@cms/billing';

/**
 * The digest stored as `record_key`: SHA-256 of the natural key of semantics.md (region,
 * subscription, normalised meter id, lower-cased resource URI, usage start, usage end), first 160
 * bits in hex (40 characters, the id column's width).
 */
export function recordKey(
  regionId: string,
  subscriptionId: string,
  meterId: string,
  resourceUri: string,
  usageStart: string,
  usageEnd: string,
): string {
  // NUL never occurs in ids, normalised URIs or timestamps, so it keeps the parts apart.
  return hash(
    'sha256',
    `${regionId}\u0000${subscriptionId}\u0000${meterId}\u0000${resourceUri}\u0000${usageStart}\u0000${usageEnd}`,
    'hex',
  ).slice(0, 40);
}

const HOUR_MS = 3_600_000;

/** Hours in the UTC calendar month containing the instant: 672, 696, 720 or 744. */
export function hoursInUtcMonth(iso: string): number {
  const date = new Date(iso);
  const start = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  const end = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  return (end - start) / HOUR_MS;
}

/**
 * Significant digits kept when a month-fraction quantity is turned back into hours.
 *
 * The stamp computes units ÷ hours-of-the-month as a double and prints it (shortest round-trip,
 * at most 17 significant digits: 1/744 arrives as 0.0013440860215053762). That text is within one
 * double rounding of the true fraction twice over (the division, then the printing), a relative
 * error below 2.3e-16. Multiplied back by the month's hours the error stays relative, so rounding
 * the product half away from zero to 15 significant digits (a half-unit of which is 5e-16 of the
 * value or more) lands exactly on the intended quantity whenever that has at most 15 significant
 * digits, whatever its magnitude (1 disk, 37.2 GB, 4,096 GB). Decimal places would not do: 12
 * places lose a tiny snapshot's digits and are too fine for a large one's error. A double carries
 * no more than 15–17 digits, so nothing the stamp meant is lost.
 */
export const MONTH_FRACTION_SIGNIFICANT_DIGITS = 15;

/** A month-fraction quantity (exact decimal text) as hours of the UTC month of its usage start. */
export function monthFractionToHours(raw: string, usageStart: string): string {
  const product = decimal(raw).times(decimal(String(hoursInUtcMonth(usageStart))));
  if (product.eq('0')) return '0';
  // @cms/billing's decimals round half up on the magnitude (half away from zero) by default.
  return toDecimalString(product.prec(MONTH_FRACTION_SIGNIFICANT_DIGITS));
}

const CANONICAL = /^-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?$/;

/** A decimal string in canonical form (no exponent, no trailing zeros): what is stored and compared. */
export function canonicalQuantity(text: string): string {
  // Most quantities arrive canonical already ("1", "0.0153"); big.js only for the others.
  if (CANONICAL.test(text) && text !== '-0') return text;
  return toDecimalString(decimal(text));
}

/** Stored timestamp form (UTC, milliseconds) of any ISO instant with an offset. */
export function storedInstant(iso: string): string {
  return new Date(iso).toISOString();
}
