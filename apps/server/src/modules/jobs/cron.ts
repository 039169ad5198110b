/**
 * A minimal 5-field cron evaluator (minute hour day-of-month month day-of-week) in an IANA time
 * zone, for job schedules. Fields take `*`, numbers, ranges `a-b`, steps `*\/n` and `a-b/n`, lists
 * `a,b`, and month and weekday names (`jan`, `mon`); weekday 0 and 7 are Sunday. As in Vixie cron,
 * when both day-of-month and day-of-week are restricted a day matching either one matches.
 *
 * Daylight saving time: schedules are wall-clock times in the zone. A time that does not exist
 * (skipped by the spring change) runs at the same distance after the change, like Temporal's
 * "compatible" disambiguation (02:30 on a day Europe/Berlin jumps from 02:00 to 03:00 runs at
 * 03:30 CEST); a time that exists twice (the autumn change) runs once, at its first occurrence.
 */

export interface CronExpression {
  minutes: readonly number[];
  hours: readonly number[];
  days: ReadonlySet<number>;
  months: ReadonlySet<number>;
  weekdays: ReadonlySet<number>;
  /** Both day fields restricted: a day matching either matches. */
  dayOr: boolean;
  daysRestricted: boolean;
  weekdaysRestricted: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export class CronError extends Error {}

function parseField(
  text: string,
  name: string,
  min: number,
  max: number,
  names?: readonly string[],
  nameBase = 0,
): { values: number[]; restricted: boolean } {
  const value = (token: string): number => {
    const lower = token.toLowerCase();
    const named = names?.indexOf(lower) ?? -1;
    if (named >= 0) return named + nameBase;
    if (!/^\d{1,2}$/.test(token)) throw new CronError(`${name}: "${token}" is not a number`);
    const n = Number(token);
    if (n < min || n > max) throw new CronError(`${name}: ${n} is outside ${min}-${max}`);
    return n;
  };
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [range = '', stepText, extra] = part.split('/');
    if (extra !== undefined || range === '') throw new CronError(`${name}: "${part}" is malformed`);
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d{1,2}$/.test(stepText) || Number(stepText) < 1) {
        throw new CronError(`${name}: step "${stepText}" must be a positive number`);
      }
      step = Number(stepText);
    }
    let from: number;
    let to: number;
    if (range === '*') {
      from = min;
      to = max;
    } else if (range.includes('-')) {
      const [a = '', b = '', more] = range.split('-');
      if (more !== undefined) throw new CronError(`${name}: "${range}" is malformed`);
      from = value(a);
      to = value(b);
      if (from > to) throw new CronError(`${name}: range ${range} runs backwards`);
    } else {
      from = value(range);
      to = stepText === undefined ? from : max;
    }
    for (let n = from; n <= to; n += step) out.add(n);
  }
  return { values: [...out].sort((a, b) => a - b), restricted: text !== '*' };
}

/** Parses a 5-field expression; throws CronError saying which field is wrong. */
export function parseCron(expression: string): CronExpression {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5)
    throw new CronError('A cron expression has 5 fields: minute hour day month weekday');
  const [mi, ho, dm, mo, dw] = fields as [string, string, string, string, string];
  const minutes = parseField(mi, 'minute', 0, 59);
  const hours = parseField(ho, 'hour', 0, 23);
  const days = parseField(dm, 'day of month', 1, 31);
  const months = parseField(mo, 'month', 1, 12, MONTHS, 1);
  const weekdays = parseField(dw, 'day of week', 0, 7, WEEKDAYS);
  const weekdaySet = new Set(weekdays.values.map((d) => (d === 7 ? 0 : d)));
  return {
    minutes: minutes.values,
    hours: hours.values,
    days: new Set(days.values),
    months: new Set(months.values),
    weekdays: weekdaySet,
    dayOr: days.restricted && weekdays.restricted,
    daysRestricted: days.restricted,
    weekdaysRestricted: weekdays.restricted,
  };
}

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** The zone's wall-clock time at an instant (seconds dropped). */
function wallAt(instant: number, zone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(instant))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
  };
}

/** The zone's offset from UTC at an instant, in ms, to the minute. */
function offsetAt(instant: number, zone: string): number {
  const w = wallAt(instant, zone);
  const flooredInstant = Math.floor(instant / 60_000) * 60_000;
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - flooredInstant;
}

/** The instant of a wall-clock time in the zone (see the module comment for DST). */
export function wallToInstant(w: WallTime, zone: string): number {
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  const before = offsetAt(asUtc - 86_400_000, zone);
  const after = offsetAt(asUtc + 86_400_000, zone);
  const valid = [...new Set([before, after])]
    .map((offset) => asUtc - offset)
    .filter((instant) => asUtc - instant === offsetAt(instant, zone))
    .sort((a, b) => a - b);
  // Existing once or twice: the first. Skipped: shifted forward by the gap (the earlier offset).
  return valid[0] ?? asUtc - before;
}

function dayMatches(cron: CronExpression, year: number, month: number, day: number): boolean {
  if (!cron.months.has(month)) return false;
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  const byDay = cron.days.has(day);
  const byWeekday = cron.weekdays.has(weekday);
  if (cron.dayOr) return byDay || byWeekday;
  return (!cron.daysRestricted || byDay) && (!cron.weekdaysRestricted || byWeekday);
}

/**
 * The first instant strictly after `after` at which the expression fires in the zone, or null if it
 * never does within eight years (31 February).
 */
export function nextCronRun(cron: CronExpression, zone: string, after: number): number | null {
  const start = wallAt(after, zone);
  // Calendar days (UTC arithmetic on the wall date) from the zone's current day on.
  for (let i = 0; i < 8 * 366 + 2; i++) {
    const date = new Date(Date.UTC(start.year, start.month - 1, start.day + i));
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth() + 1;
    const day = date.getUTCDate();
    if (!dayMatches(cron, year, month, day)) continue;
    // Within a day a skipped time may land after a later one (02:30 → 03:30 comes after 03:00),
    // so take the earliest candidate of the day rather than the first in wall-clock order.
    let best: number | null = null;
    for (const hour of cron.hours) {
      for (const minute of cron.minutes) {
        const instant = wallToInstant({ year, month, day, hour, minute }, zone);
        if (instant > after && (best === null || instant < best)) best = instant;
      }
      // Candidates only grow with the hour but for a DST shift (at most a few hours): stop early.
      if (best !== null && hour >= wallAt(best, zone).hour + 3) break;
    }
    if (best !== null) return best;
  }
  return null;
}
