/** Time helpers on whole UTC hours: the emulator's usage model counts in hour indexes (ms / 3,600,000). */
export const HOUR_MS = 3_600_000;
export const DAY_HOURS = 24;

export function hourIndex(ms: number): number {
  return Math.floor(ms / HOUR_MS);
}

const formatted = new Map<number, string>();

/** The wire format of usage times, as observed: `2019-12-10T18:00:00+00:00` (memoised: a hot path). */
export function formatUsageTime(hour: number): string {
  let text = formatted.get(hour);
  if (text === undefined) {
    // Bounded: a month is 744 hours; clearing keeps memory flat for any range.
    if (formatted.size > 10_000) formatted.clear();
    text = `${new Date(hour * HOUR_MS).toISOString().slice(0, 19)}+00:00`;
    formatted.set(hour, text);
  }
  return text;
}

/** Hours in the UTC calendar month that contains the hour: the divisor of the monthly disk meters. */
export function hoursInUtcMonth(hour: number): number {
  const date = new Date(hour * HOUR_MS);
  const start = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  const end = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  return (end - start) / HOUR_MS;
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})$/;

/** Parses an ISO-8601 date-time with an explicit offset (Z or ±hh:mm); null when malformed. */
export function parseIsoWithOffset(text: string): number | null {
  if (!ISO_WITH_OFFSET.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}
