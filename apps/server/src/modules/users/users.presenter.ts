import type { Clock } from '../../context.ts';
import type { UserRow } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { isLockedOut, lockedUntil } from '../auth/lockout.ts';

export type UserStatus = 'invited' | 'active' | 'disabled' | 'locked_out';

/**
 * The state a person sees for a user, the first that applies: disabled, locked out, invited (never
 * activated), active. The list filter (users.repository `statusWhere`) applies the same order.
 */
export function userStatus(row: UserRow, now: string): UserStatus {
  if (row.disabled === 1) return 'disabled';
  if (isLockedOut(row, now)) return 'locked_out';
  if (row.activated_at === null) return 'invited';
  return 'active';
}

/** `clock` decides whether a lockout is still running; `orgName` is the user's organisation's. */
export function presentUser(row: UserRow, clock: Clock, orgName: string) {
  const now = nowIso(clock);
  return {
    id: row.id,
    orgId: row.org_id,
    orgName,
    level: row.level,
    role: row.role,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    phone: row.phone,
    mfaRequired: row.mfa_required === 1,
    mfaEnabled: row.mfa_secret !== null,
    federatedOnly: row.federated_only === 1,
    disabled: row.disabled === 1,
    lockedOut: isLockedOut(row, now),
    lockedUntil: lockedUntil(row, now),
    status: userStatus(row, now),
    activatedAt: row.activated_at,
    activationCodePending: row.activation_code_hash !== null,
    lastSignInAt: row.last_sign_in_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The audit form of a user: personal-data fields are recorded as changed, never their values. */
export const USER_PERSONAL_FIELDS = ['email', 'firstName', 'lastName', 'phone'] as const;
