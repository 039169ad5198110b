/**
 * Meter ids as the catalog stores them. Azure Stack Hub writes one GUID in several spellings
 * (upper or lower case, with or without dashes and braces: azure-stack-hub-api.md G5), so a
 * GUID-like id is stored as its 32 lower-case hex digits. An import source may name its meters
 * freely ("vm-hours", "storage.gb"): such an id keeps its dashes and dots but is lower-cased, so
 * "VM-Hours" in a file and "vm-hours" in the catalog are one meter, as they are for Azure Stack.
 */
const GUID_LIKE = /^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i;

/** What a free-form meter id may hold once lower-cased: a letter or digit first, then a-z 0-9 . _ : - */
export const METER_ID_TEXT = /^[a-z0-9][a-z0-9._:-]{0,99}$/;

/** The same rule on input, before lower-casing (upper-case letters and braces allowed). */
export const METER_ID_INPUT = /^(?:\{[0-9A-Fa-f-]{32,36}\}|[A-Za-z0-9][A-Za-z0-9._:-]{0,99})$/;

/** The stored form of a meter id, or null when it cannot be one. */
export function normaliseSourceMeterId(raw: string): string | null {
  const text = raw.trim();
  if (GUID_LIKE.test(text)) return text.replace(/[{}-]/g, '').toLowerCase();
  const lower = text.toLowerCase();
  return METER_ID_TEXT.test(lower) ? lower : null;
}
