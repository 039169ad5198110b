import type { Clock } from '../../context.ts';
import type { UserRow } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { isLockedOut, lockedUntil } from '../auth/lockout.ts';

/** `clock` decides whether a lockout is still running. */
export function presentUser(row: UserRow, clock: Clock) {
  const now = nowIso(clock);
  return {
    id: row.id,
    orgId: row.org_id,
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
    lastSignInAt: row.last_sign_in_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The audit form of a user: personal-data fields are recorded as changed, never their values. */
export const USER_PERSONAL_FIELDS = ['email', 'firstName', 'lastName', 'phone'] as const;
