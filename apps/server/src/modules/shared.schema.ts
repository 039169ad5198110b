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
