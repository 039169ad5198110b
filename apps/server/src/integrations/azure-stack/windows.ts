import { formatUtc, type Granularity, parseIsoUtc, unitMs } from './time.ts';

/**
 * Canonical reported windows (semantics.md "Periods, late usage and corrections"): collection only
 * ever asks for one UTC hour (Hourly) or one UTC day (Daily), so a window is a stable storage key
 * and re-pulling it replaces exactly what it replaced before.
 */
export interface UsageWindow {
  granularity: Granularity;
  /** Inclusive, `YYYY-MM-DDTHH:00:00Z`. */
  start: string;
  /** Exclusive, start + 1 hour or + 1 day. */
  end: string;
}

export class WindowError extends Error {
  override readonly name = 'WindowError';
  constructor(
    /** `from`, `to` or `window`: what the caller must change. */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function instant(field: string, value: string | number): number {
  const ms = typeof value === 'number' ? value : parseIsoUtc(value);
  if (ms === null || !Number.isFinite(ms)) {
    throw new WindowError(field, `${field} is not an ISO-8601 date-time: '${String(value)}'.`);
  }
  return ms;
}

/**
 * The canonical windows covering [from, to). Both ends must be aligned to the granularity (the hour,
 * or UTC midnight for Daily); nothing is rounded silently, because a rounded range would collect
 * usage the caller did not ask for. `to` must not be after `nowMs` floored to the granularity: the
 * stamp refuses an end in the future (G8) and a partial current hour or day is not a window.
 */
export function canonicalWindows(
  from: string | number,
  to: string | number,
  granularity: Granularity,
  nowMs: number,
): UsageWindow[] {
  const unit = unitMs(granularity);
  const alignment = granularity === 'Daily' ? 'UTC midnight' : 'the start of a UTC hour';
  const start = instant('from', from);
  const end = instant('to', to);
  if (start % unit !== 0) throw new WindowError('from', `from must be at ${alignment} (${granularity}).`);
  if (end % unit !== 0) throw new WindowError('to', `to must be at ${alignment} (${granularity}).`);
  if (end < start) throw new WindowError('to', 'to must not be before from.');
  const latest = Math.floor(nowMs / unit) * unit;
  if (end > latest) {
    throw new WindowError(
      'to',
      `to (${formatUtc(end)}) is after the last complete ${granularity === 'Daily' ? 'day' : 'hour'} (${formatUtc(latest)}); the stamp cannot report the future.`,
    );
  }
  const windows: UsageWindow[] = [];
  for (let t = start; t < end; t += unit) {
    windows.push({ granularity, start: formatUtc(t), end: formatUtc(t + unit) });
  }
  return windows;
}

/** Checks that a window is one canonical window; returns its bounds in ms. */
export function checkWindow(window: UsageWindow): { startMs: number; endMs: number } {
  if (window.granularity !== 'Hourly' && window.granularity !== 'Daily') {
    throw new WindowError(
      'window',
      `granularity must be Hourly or Daily, not '${String(window.granularity)}'.`,
    );
  }
  const unit = unitMs(window.granularity);
  const startMs = instant('window', window.start);
  const endMs = instant('window', window.end);
  if (startMs % unit !== 0 || endMs - startMs !== unit) {
    throw new WindowError(
      'window',
      `a ${window.granularity} window is one ${window.granularity === 'Daily' ? 'UTC day' : 'UTC hour'}, aligned: got ${window.start} – ${window.end}.`,
    );
  }
  return { startMs, endMs };
}
