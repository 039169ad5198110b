import { describe, expect, it } from 'vitest';
import { CronError, isTimeZone, nextCronRun, parseCron } from '../src/modules/jobs/cron.ts';

/** The schedules' cron evaluator: fields, and wall-clock times in a zone across DST changes. */
const next = (expression: string, zone: string, after: string) => {
  const at = nextCronRun(parseCron(expression), zone, Date.parse(after));
  return at === null ? null : new Date(at).toISOString();
};
/** The next `n` runs after `after`. */
const runs = (expression: string, zone: string, after: string, n: number) => {
  const out: string[] = [];
  let from = after;
  for (let i = 0; i < n; i++) {
    from = next(expression, zone, from)!;
    out.push(from);
  }
  return out;
};

describe('cron expressions', () => {
  it('reads numbers, ranges, steps, lists and names', () => {
    const cron = parseCron('*/15 9-17/4 1,15 jan-mar mon-fri');
    expect(cron.minutes).toEqual([0, 15, 30, 45]);
    expect(cron.hours).toEqual([9, 13, 17]);
    expect([...cron.days].sort((a, b) => a - b)).toEqual([1, 15]);
    expect([...cron.months].sort((a, b) => a - b)).toEqual([1, 2, 3]);
    expect([...cron.weekdays].sort()).toEqual([1, 2, 3, 4, 5]);
    expect([...parseCron('0 0 * * 7').weekdays]).toEqual([0]);
  });

  it.each([
    ['* * * *', /5 fields/],
    ['60 * * * *', /minute: 60 is outside 0-59/],
    ['* 24 * * *', /hour/],
    ['* * 0 * *', /day of month/],
    ['* * * 13 *', /month/],
    ['* * * * 8', /day of week/],
    ['5-1 * * * *', /backwards/],
    ['*/0 * * * *', /step/],
    ['x * * * *', /not a number/],
    ['1-2-3 * * * *', /malformed/],
  ])('refuses %s, saying which field', (expression, message) => {
    expect(() => parseCron(expression)).toThrow(CronError);
    expect(() => parseCron(expression)).toThrow(message);
  });

  it('knows IANA time zones', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Australia/Sydney')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });

  it('fires strictly after the given instant, in UTC', () => {
    expect(next('*/15 * * * *', 'UTC', '2026-05-01T10:00:00.000Z')).toBe('2026-05-01T10:15:00.000Z');
    expect(next('*/15 * * * *', 'UTC', '2026-05-01T10:07:30.000Z')).toBe('2026-05-01T10:15:00.000Z');
    expect(next('0 0 1 1 *', 'UTC', '2026-05-01T10:00:00.000Z')).toBe('2027-01-01T00:00:00.000Z');
    expect(next('0 0 29 2 *', 'UTC', '2026-03-01T00:00:00.000Z')).toBe('2028-02-29T00:00:00.000Z');
    expect(next('0 0 31 2 *', 'UTC', '2026-03-01T00:00:00.000Z')).toBeNull();
  });

  it('matches a day by day of month OR day of week when both are restricted', () => {
    // 2026-11: Friday the 6th, 13th (also the 13th), 20th.
    expect(runs('0 12 13 * fri', 'UTC', '2026-11-01T00:00:00.000Z', 3)).toEqual([
      '2026-11-06T12:00:00.000Z',
      '2026-11-13T12:00:00.000Z',
      '2026-11-20T12:00:00.000Z',
    ]);
    expect(runs('0 12 * * fri', 'UTC', '2026-11-01T00:00:00.000Z', 1)).toEqual(['2026-11-06T12:00:00.000Z']);
  });

  it('runs at local wall-clock times in the zone', () => {
    // 02:30 in Berlin is 01:30 UTC in winter (CET) and 00:30 UTC in summer (CEST).
    expect(next('30 2 * * *', 'Europe/Berlin', '2026-01-10T12:00:00.000Z')).toBe('2026-01-11T01:30:00.000Z');
    expect(next('30 2 * * *', 'Europe/Berlin', '2026-07-10T12:00:00.000Z')).toBe('2026-07-11T00:30:00.000Z');
  });

  it('Europe/Berlin, clocks forward (29 March 2026, 02:00 CET → 03:00 CEST)', () => {
    // 02:30 does not exist that night: it runs an hour later, at 03:30 CEST; then daily at 02:30 CEST.
    expect(runs('30 2 * * *', 'Europe/Berlin', '2026-03-27T12:00:00.000Z', 3)).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:30:00.000Z',
      '2026-03-30T00:30:00.000Z',
    ]);
    // Hourly: 01:00 CET, then 03:00 CEST (02:00 is skipped and lands on 03:00), then 04:00 CEST.
    expect(runs('0 * * * *', 'Europe/Berlin', '2026-03-28T23:30:00.000Z', 3)).toEqual([
      '2026-03-29T00:00:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-29T02:00:00.000Z',
    ]);
  });

  it('Europe/Berlin, clocks back (25 October 2026, 03:00 CEST → 02:00 CET)', () => {
    // 02:30 happens twice: it runs once, at the first (CEST), then daily at 02:30 CET.
    expect(runs('30 2 * * *', 'Europe/Berlin', '2026-10-24T12:00:00.000Z', 2)).toEqual([
      '2026-10-25T00:30:00.000Z',
      '2026-10-26T01:30:00.000Z',
    ]);
    // Hourly: 02:00 CEST, then 03:00 CET; the second 02:00 is the same wall time and does not repeat.
    expect(runs('0 * * * *', 'Europe/Berlin', '2026-10-24T23:30:00.000Z', 3)).toEqual([
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T02:00:00.000Z',
      '2026-10-25T03:00:00.000Z',
    ]);
  });

  it('Australia/Sydney, clocks back (5 April 2026, 03:00 AEDT → 02:00 AEST) and forward (4 October 2026)', () => {
    // 02:30 twice on 5 April: once, at AEDT (+11); then at AEST (+10).
    expect(runs('30 2 * * *', 'Australia/Sydney', '2026-04-03T12:00:00.000Z', 3)).toEqual([
      '2026-04-03T15:30:00.000Z',
      '2026-04-04T15:30:00.000Z',
      '2026-04-05T16:30:00.000Z',
    ]);
    // 02:30 does not exist on 4 October: 03:30 AEDT; then 02:30 AEDT.
    expect(runs('30 2 * * *', 'Australia/Sydney', '2026-10-02T12:00:00.000Z', 3)).toEqual([
      '2026-10-02T16:30:00.000Z',
      '2026-10-03T16:30:00.000Z',
      '2026-10-04T15:30:00.000Z',
    ]);
    // Weekdays are the zone's: Monday 00:15 in Sydney is Sunday afternoon in UTC.
    expect(next('15 0 * * mon', 'Australia/Sydney', '2026-06-01T00:00:00.000Z')).toBe(
      '2026-06-07T14:15:00.000Z',
    );
  });
});
