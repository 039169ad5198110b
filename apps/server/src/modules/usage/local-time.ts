/**
 * Local calendar days of a region (semantics.md: usage belongs to the local day that contains its
 * usage start). A day is 'YYYY-MM-DD'; its start is the first instant whose local date is that
 * day, which is local midnight except in the zones whose clocks skip midnight on a change of
 * offset (then 01:00), so it is found by search instead of by adding an offset.
 */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    // en-CA formats dates as YYYY-MM-DD.
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

const dayCache = new Map<string, string>();

/**
 * The local day of an instant (ms or ISO text) in `zone`: a usage record belongs to the local day
 * of its usage start (semantics.md). Memoised for text instants: a collection run asks about the
 * same few hours thousands of times.
 */
export function localDay(instant: number | string, zone: string): string {
  const cacheKey = typeof instant === 'string' ? `${zone}|${instant}` : null;
  const cached = cacheKey === null ? undefined : dayCache.get(cacheKey);
  if (cached !== undefined) return cached;
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant;
  const parts = formatter(zone).formatToParts(ms);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  const day = `${get('year')}-${get('month')}-${get('day')}`;
  if (cacheKey !== null) {
    if (dayCache.size > 50_000) dayCache.clear();
    dayCache.set(cacheKey, day);
  }
  return day;
}

/** The local calendar month ('YYYY-MM') of an instant in `zone`: the billing period. */
export function localMonth(instant: number | string, zone: string): string {
  return localDay(instant, zone).slice(0, 7);
}

/** Whether `text` is a real calendar day written YYYY-MM-DD. */
export function isDay(text: string): boolean {
  const m = DAY.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === text;
}

/** The day `n` days after `day` (negative: before). */
export function addDays(day: string, n: number): string {
  const m = DAY.exec(day)!;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + n)).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (0 when equal). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const startCache = new Map<string, number>();

/**
 * The first instant (ms) of a local day in `zone`. Memoised: its search formats about twenty
 * instants, and rating asks it for every subscription's billable-from day (10,000 in bench rate).
 */
export function dayStart(day: string, zone: string): number {
  const cacheKey = `${zone}|${day}`;
  const cached = startCache.get(cacheKey);
  if (cached !== undefined) return cached;
  const naive = Date.parse(`${day}T00:00:00Z`);
  // Offsets lie within -12 h … +14 h, so `low` is still the day before and `high` already this
  // day; the local day only grows with time, and every offset is a whole number of minutes.
  let low = naive - 15 * 3_600_000;
  let high = naive + 15 * 3_600_000;
  while (high - low > 60_000) {
    const mid = low + Math.floor((high - low) / 120_000) * 60_000;
    if (localDay(mid, zone) < day) low = mid;
    else high = mid;
  }
  if (startCache.size > 50_000) startCache.clear();
  startCache.set(cacheKey, high);
  return high;
}
