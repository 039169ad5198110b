import { DECIMAL_PATTERN } from '@cms/billing';
import { z } from 'zod';
import { singleLineText } from '../http/field-rules.ts';

/** Any CMS id: a type prefix and a 26-character ULID. Malformed ids fail validation (400). */
export const Id = z.string().regex(/^[a-z]{3}_[0-9a-hjkmnp-tv-z]{26}$/, 'Not a valid id.');

export function prefixedId(prefix: string) {
  return z.string().regex(new RegExp(`^${prefix}_[0-9a-hjkmnp-tv-z]{26}$`), `Not a valid ${prefix}_ id.`);
}

export const IdParams = z.strictObject({ id: Id });

/** Optional single-line free text: trimmed, empty becomes null. */
export function optionalText(max: number) {
  return singleLineText(max)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();
}

export const Name = singleLineText(200).min(1, 'Required.');
export const Email = z.email().max(254);
export const Phone = z
  .string()
  .max(40)
  .regex(/^[0-9+() .-]*$/, 'Digits, spaces and + ( ) . - only.');

/**
 * An exact decimal as money, rates and quantities travel in the contract: a JSON string in plain
 * notation ("12.50", "-3", "0.000001"), never a JSON number, which a client would parse into a
 * float and lose digits. No exponent, no "+", no spaces, no thousands separators; what the caller
 * typed is kept as typed (its places mean something on an invoice), only refused when out of rule.
 */
export function decimalString(options: { places: number; nonNegative?: boolean }) {
  const { places, nonNegative = false } = options;
  return z
    .string()
    .regex(DECIMAL_PATTERN, 'A decimal number written as a string in plain notation, e.g. "12.50".')
    .refine((v) => (v.split('.')[1] ?? '').length <= places, {
      message: places === 0 ? 'A whole number, without decimal places.' : `At most ${places} decimal places.`,
    })
    .refine((v) => !nonNegative || !v.startsWith('-'), { message: 'Must not be negative.' })
    .meta({
      description: `Decimal as a string, at most ${places} decimal places${nonNegative ? ', not negative' : ''}`,
      examples: [places > 0 ? '12.5' : '12'],
    });
}
