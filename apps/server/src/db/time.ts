/** UTC ISO-8601 with milliseconds: the one timestamp format stored on every engine. */
export function toIso(date: Date): string {
  return date.toISOString();
}

/** The clock's time as stored (pass the app's clock: the time is never read from the system here). */
export function nowIso(clock: () => number): string {
  return new Date(clock()).toISOString();
}

export function addMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}
