import type { UserRow } from '../../db/schema.ts';

type LockoutColumns = Pick<UserRow, 'locked_out' | 'locked_until'>;

/**
 * Is password sign-in refused for this user at `now`? A lockout with an end lasts until then (the
 * Lockout Duration when it began); one without lasts until an administrator unlocks it. Computed
 * from the time, never stored: a lockout that has run out needs no write to end.
 */
export function isLockedOut(user: LockoutColumns, now: string): boolean {
  return user.locked_out === 1 && (user.locked_until === null || user.locked_until > now);
}

/** When the current lockout ends by itself; null when not locked out, or locked until unlocked. */
export function lockedUntil(user: LockoutColumns, now: string): string | null {
  return isLockedOut(user, now) ? user.locked_until : null;
}
