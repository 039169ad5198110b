/**
 * Time on the wire. Requests send `YYYY-MM-DDTHH:00:00Z` (G9: a `+00:00` offset that is not
 * URL-encoded arrives as a space); answers come as `2019-12-10T18:00:00+00:00`,
 * `2019-12-10T19:00:00.0000000+00:00` or with `Z`, and are turned into one canonical form.
 */

export type Granularity = 'Hourly' | 'Daily';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export function unitMs(granularity: Granularity): number {
  return granularity === 'Daily' ? DAY_MS : HOUR_MS;
}

/** `YYYY-MM-DDTHH:MM:SSZ`, the canonical UTC form of every time the client returns. */
export function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

/**
 * Parses an ISO-8601 date-time into ms since the epoch. A time without an offset is UTC (everything
 * on Azure Stack Hub is). Null when malformed, out of range, or when it has a sub-second part other
 * than zeros (a usage bucket boundary never has one, and the canonical form could not keep it).
 */
export function parseIsoUtc(text: string): number | null {
  const m = ISO.exec(text.trim());
  if (m === null) return null;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (m[7] !== undefined && /[1-9]/.test(m[7])) return null;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 31 February over into March; refuse instead.
  if (new Date(local).getUTCDate() !== day) return null;
  let offsetMs = 0;
  if (m[9] !== undefined) {
    const offsetHours = Number(m[10]);
    const offsetMinutes = Number(m[11]);
    if (offsetHours > 23 || offsetMinutes > 59) return null;
    offsetMs = (m[9] === '-' ? -1 : 1) * (offsetHours * HOUR_MS + offsetMinutes * 60_000);
  }
  return local - offsetMs;
}
