import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AnyContext, Clock, RequestContext, Scope } from '../../context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { newId } from '../../db/ids.ts';
import type { Database, OrganisationRow, UserRole, UserRow } from '../../db/schema.ts';
import { addMinutes, nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import type { PageRequest } from '../../http/pagination.ts';
import { chainOf, holdOrganisation } from '../../tenancy/chain.ts';
import { visibleIds } from '../../tenancy/scope.ts';
import { changedFields, recordAudit } from '../audit/audit.service.ts';
import { revokeUserCredentials } from '../auth/auth.service.ts';
import { assertPasswordPolicy, hashPassword } from '../auth/passwords.ts';
import { sha256Hex } from '../auth/tokens.ts';
import { checkNewTenantIdentity } from '../identity-checks/identity-checks.service.ts';
import { findOrganisationSummary } from '../organisations/organisations.service.ts';
import { getSetting } from '../settings/settings.service.ts';
import { type InvitationOutcome, issueInvitation } from './activation.service.ts';
import { LINK_LIFETIME_MINUTES } from './user-links.repository.ts';
import { presentUser, USER_PERSONAL_FIELDS, type UserStatus, userStatus } from './users.presenter.ts';
import {
  advanceMfaStep,
  anonymiseUser,
  platformAdministratorExists as anyPlatformAdministrator,
  clearMfaColumns,
  countWrongPassword,
  emailTaken,
  enableMfaSecret,
  findLiveUserByEmail,
  findLiveUserById,
  findUser,
  findUserNames,
  insertUserRow,
  listAdministratorRows,
  listAdministrators,
  listUsers as listUserRows,
  loadLiveUserById,
  loadUserById,
  lockOutUser,
  lockUser,
  lockUsersOfOrganisation,
  recordPasswordSignIn,
  recordUserSignIn,
  setPasswordHash,
  setPendingMfaSecret,
  type UserFilter,
  updateUserColumns,
} from './users.repository.ts';

export interface NewUserInput {
  firstName: string;
  lastName: string;
  email: string;
  phone?: string | undefined;
  initialPassword?: string | undefined;
  role: UserRole;
  mfaRequired?: boolean | undefined;
  federatedOnly?: boolean | undefined;
}

export interface CreatedUser {
  user: UserRow;
  /** The one-time activation code to hand over out of band (Require User Activation Code). */
  activationCode: string | null;
  /** What became of the invitation (an e-mail queued in the outbox in the same transaction, or a link). */
  invitation: InvitationOutcome;
  /** With e-mail off: the one-time activation link for the creating administrator to hand over. */
  activationLink: string | null;
  orgName: string;
  /**
   * The tenant had no live administrator before this one: its onboarding identity check runs once
   * the creation has committed (seed 003: "confirm tenant identity settings").
   */
  firstTenantAdministrator: boolean;
}

/** What the audit records of a user: its own fields, not times or what is derived from them. */
function auditView(row: UserRow, clock: Clock) {
  const {
    createdAt: _c,
    updatedAt: _u,
    lastSignInAt: _l,
    orgName: _o,
    status: _s,
    activatedAt: _t,
    activationCodePending: _a,
    ...rest
  } = presentUser(row, clock, '');
  return rest;
}

/** A short code that is easy to read out: 10 characters without look-alikes (0/O, 1/I/L). */
export function newActivationCode(): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(10);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/**
 * Creates a user in an organisation the caller has already resolved in its scope, inside the
 * caller's transaction (an organisation and its administrators are created together). Applies the
 * activation settings: with Require User Activation the user gets an invitation link and no
 * password; without it an administrator may set an initial password, to be changed at first
 * sign-in. With Require User Activation Code a one-time code is also required at first sign-in.
 */
export async function insertUser(
  trx: Kysely<Database>,
  ctx: AnyContext,
  org: OrganisationRow,
  input: NewUserInput,
  options: {
    /** Where the input sits in the request body, for error fields. */
    field?: string;
    /** The password comes from the operator's console (first start, `cms create-admin`), not an admin. */
    operatorPassword?: boolean;
  } = {},
): Promise<CreatedUser> {
  const field = options.field ?? 'body';
  if (await emailTaken(trx, input.email)) throw emailConflict(`${field}.email`);
  const requireActivation = (await getSetting(ctx, 'users.requireActivation', trx)) === true;
  if (input.initialPassword && requireActivation && !options.operatorPassword) {
    throw AppError.invalidField(
      `${field}.initialPassword`,
      'Require User Activation is on: the user sets a password through the invitation link.',
      'invalid_request',
    );
  }
  if (input.initialPassword)
    assertPasswordPolicy(input.initialPassword, input.email, `${field}.initialPassword`);
  const activationCode =
    !options.operatorPassword && (await getSetting(ctx, 'users.requireActivationCode', trx)) === true
      ? newActivationCode()
      : null;
  const firstTenantAdministrator =
    org.kind === 'tenant' && input.role === 'admin' && (await listAdministrators(trx, org.id)).length === 0;
  const now = nowIso(ctx.app.clock);
  const row: UserRow = {
    id: newId('usr'),
    org_id: org.id,
    level: org.kind,
    role: input.role,
    ...chainOf(org),
    email: input.email,
    email_key: input.email.toLowerCase(),
    first_name: input.firstName,
    last_name: input.lastName,
    phone: input.phone ?? null,
    password_hash: input.initialPassword ? await hashPassword(input.initialPassword) : null,
    must_change_password: input.initialPassword && !options.operatorPassword ? 1 : 0,
    mfa_required: input.mfaRequired ? 1 : 0,
    federated_only: input.federatedOnly ? 1 : 0,
    disabled: 0,
    locked_out: 0,
    locked_until: null,
    failed_sign_ins: 0,
    last_sign_in_at: null,
    activated_at: input.initialPassword ? now : null,
    activation_code_hash: activationCode ? sha256Hex(activationCode) : null,
    activation_code_expires_at: activationCode ? addMinutes(now, LINK_LIFETIME_MINUTES.invitation) : null,
    password_changed_at: null,
    mfa_secret: null,
    mfa_pending_secret: null,
    mfa_enabled_at: null,
    mfa_last_step: 0,
    created_at: now,
    updated_at: now,
    deleted_at: null,
  };
  await claimingEmail(`${field}.email`, () => insertUserRow(trx, row));
  const { invitation, activationLink } = input.initialPassword
    ? { invitation: 'not_needed' as const, activationLink: null }
    : await issueInvitation(trx, ctx, row);
  await recordAudit(trx, ctx, {
    action: 'user.create',
    targetType: 'user',
    targetId: row.id,
    orgId: org.id,
    // `invitation: link` records that an activation link was handed to the creator (never the link).
    after: { ...auditView(row, ctx.app.clock), invitation },
    personalFields: USER_PERSONAL_FIELDS,
  });
  return {
    user: row,
    activationCode,
    invitation,
    activationLink,
    orgName: org.name,
    firstTenantAdministrator,
  };
}

function emailConflict(field: string): AppError {
  return AppError.invalidField(field, 'A user with this email already exists.', 'conflict');
}

/** Runs a write of a user's row, answering 409 when another writer took the e-mail address since the check. */
async function claimingEmail(field: string, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw emailConflict(field);
    throw error;
  }
}

export async function createUser(ctx: RequestContext, input: NewUserInput & { orgId: string }) {
  const scope = ctx.actor.scope;
  const created = await transaction(ctx.app.db, async (trx) => {
    // The organisation stays live and keeps its chain until the commit: a delete or move waits.
    const org = await holdOrganisation(trx, scope, input.orgId);
    if (!org) throw AppError.invalidField('body.orgId', 'No such organisation.', 'not_found');
    await ctx.app.pause('user.create');
    return insertUser(trx, ctx, org, input);
  });
  if (created.invitation === 'queued') ctx.app.mail.wake();
  if (created.firstTenantAdministrator) await checkNewTenantIdentity(ctx, created.user.org_id);
  return {
    ...presentUser(created.user, ctx.app.clock, created.orgName),
    invitation: created.invitation,
    ...(created.activationCode ? { activationCode: created.activationCode } : {}),
    ...(created.activationLink ? { activationLink: created.activationLink } : {}),
  };
}

/** A user's organisation is live while the user is (deleting it deletes its users). */
async function organisationName(db: Kysely<Database>, orgId: string): Promise<string> {
  return (await findOrganisationSummary(db, orgId)).name;
}

export async function getUser(ctx: RequestContext, id: string) {
  const db = ctx.app.db.kysely;
  const user = await findUser(db, ctx.actor.scope, id);
  if (!user) throw AppError.notFound('User');
  return presentUser(user, ctx.app.clock, await organisationName(db, user.org_id));
}

export async function isUserVisible(ctx: RequestContext, id: string): Promise<boolean> {
  return (await findUser(ctx.app.db.kysely, ctx.actor.scope, id)) !== undefined;
}

/** What the audit log calls those of the given users the caller may see: the name, else the address. */
export async function userNames(ctx: RequestContext, ids: string[]): Promise<Map<string, string>> {
  const rows = await findUserNames(ctx.app.db.kysely, ctx.actor.scope, ids);
  return new Map(
    rows.map((row) => [
      row.id,
      row.deleted_at
        ? 'Deleted user'
        : [row.first_name, row.last_name].filter(Boolean).join(' ') || row.email,
    ]),
  );
}

export function filterVisibleUserIds(ctx: RequestContext, ids: string[]): Promise<Set<string>> {
  return visibleIds(ctx.app.db.kysely, 'users', ctx.actor.scope, ids);
}

export async function listUsers(ctx: RequestContext, filter: UserFilter, page: PageRequest) {
  const clock = ctx.app.clock;
  const result = await listUserRows(ctx.app.db.kysely, ctx.actor.scope, filter, page, nowIso(clock));
  return { ...result, items: result.items.map((row) => presentUser(row, clock, row.org_name)) };
}

export interface UserPatch {
  firstName?: string | undefined;
  lastName?: string | undefined;
  email?: string | undefined;
  phone?: string | null | undefined;
  role?: UserRole | undefined;
  mfaRequired?: boolean | undefined;
  federatedOnly?: boolean | undefined;
  disabled?: boolean | undefined;
  lockedOut?: false | undefined;
  /** Move the user to another organisation in the caller's scope (its level follows). */
  orgId?: string | undefined;
}

export async function updateUser(ctx: RequestContext, id: string, patch: UserPatch) {
  const actor = ctx.actor;
  if (
    id === actor.userId &&
    (patch.disabled === true ||
      patch.role === 'reader' ||
      (patch.orgId !== undefined && patch.orgId !== actor.scope.orgId))
  ) {
    throw new AppError(
      'invalid_request',
      'You cannot disable yourself, move yourself or remove your own administrator role.',
    );
  }
  const updated = await transaction(ctx.app.db, async (trx) => {
    // Top down: the organisation the user moves to (its chain is copied), then the user.
    const org = patch.orgId === undefined ? null : await holdOrganisation(trx, actor.scope, patch.orgId);
    const user = await lockUser(trx, actor.scope, id);
    if (!user) throw AppError.notFound('User');
    if (patch.email !== undefined && (await emailTaken(trx, patch.email, id))) {
      throw emailConflict('body.email');
    }
    if (patch.orgId !== undefined && !org) {
      throw AppError.invalidField('body.orgId', 'No such organisation.', 'not_found');
    }
    // Only the columns the patch names: never a chain a concurrent move of the organisation rewrote.
    const changes: Partial<UserRow> = { updated_at: nowIso(ctx.app.clock) };
    if (org) Object.assign(changes, { org_id: org.id, level: org.kind, ...chainOf(org) });
    if (patch.firstName !== undefined) changes.first_name = patch.firstName;
    if (patch.lastName !== undefined) changes.last_name = patch.lastName;
    if (patch.email !== undefined) {
      changes.email = patch.email;
      changes.email_key = patch.email.toLowerCase();
    }
    if (patch.phone !== undefined) changes.phone = patch.phone;
    if (patch.role !== undefined) changes.role = patch.role;
    if (patch.mfaRequired !== undefined) changes.mfa_required = patch.mfaRequired ? 1 : 0;
    if (patch.federatedOnly !== undefined) changes.federated_only = patch.federatedOnly ? 1 : 0;
    if (patch.disabled !== undefined) changes.disabled = patch.disabled ? 1 : 0;
    if (patch.lockedOut === false) {
      changes.locked_out = 0;
      changes.failed_sign_ins = 0;
    }
    const next: UserRow = { ...user, ...changes };
    await claimingEmail('body.email', () => updateUserColumns(trx, id, changes));
    if (next.disabled === 1 && user.disabled === 0) {
      await revokeUserCredentials(trx, ctx.app.clock, id);
    }
    const diff = changedFields(auditView(user, ctx.app.clock), auditView(next, ctx.app.clock));
    await recordAudit(trx, ctx, {
      action: 'user.update',
      targetType: 'user',
      targetId: id,
      orgId: user.org_id,
      ...diff,
      personalFields: USER_PERSONAL_FIELDS,
    });
    return { row: next, orgName: org ? org.name : await organisationName(trx, next.org_id) };
  });
  return presentUser(updated.row, ctx.app.clock, updated.orgName);
}

/**
 * Removes a user's access and personal data. The row stays (anonymised) so audit rows keep
 * pointing at a real id; the email is freed for reuse.
 */
export async function deleteUserRow(
  trx: Kysely<Database>,
  ctx: RequestContext,
  user: UserRow,
): Promise<void> {
  await anonymiseUser(trx, user.id, nowIso(ctx.app.clock));
  await revokeUserCredentials(trx, ctx.app.clock, user.id);
  await recordAudit(trx, ctx, {
    action: 'user.delete',
    targetType: 'user',
    targetId: user.id,
    orgId: user.org_id,
    before: auditView(user, ctx.app.clock),
    personalFields: USER_PERSONAL_FIELDS,
  });
}

export async function deleteUser(ctx: RequestContext, id: string): Promise<void> {
  const actor = ctx.actor;
  if (id === actor.userId) {
    throw new AppError('invalid_request', 'You cannot delete yourself.');
  }
  await transaction(ctx.app.db, async (trx) => {
    const user = await lockUser(trx, actor.scope, id);
    if (!user) throw AppError.notFound('User');
    await deleteUserRow(trx, ctx, user);
  });
}

/** Deletes every user of an organisation that is itself being deleted. */
export async function deleteUsersOfOrganisation(trx: Kysely<Database>, ctx: RequestContext, orgId: string) {
  // Locked after the organisation (the caller holds it), as every writer orders them.
  const users = await lockUsersOfOrganisation(trx, orgId);
  for (const user of users) {
    await deleteUserRow(trx, ctx, user);
  }
}

/** How many live administrators an organisation has in each status (the identity health check). */
export async function administratorStatuses(
  db: Kysely<Database>,
  orgId: string,
  clock: Clock,
): Promise<Record<UserStatus, number>> {
  const counts: Record<UserStatus, number> = { active: 0, invited: 0, disabled: 0, locked_out: 0 };
  const now = nowIso(clock);
  for (const row of await listAdministratorRows(db, orgId)) counts[userStatus(row, now)] += 1;
  return counts;
}

export async function administratorsOf(db: Kysely<Database>, orgId: string) {
  const rows = await listAdministrators(db, orgId);
  return rows.map((r) => ({ id: r.id, email: r.email, firstName: r.first_name, lastName: r.last_name }));
}

// ---------------------------------------------------------------------------------------------
// For other modules, which reach users only through this service.

/** A live user inside the scope (the caller's own record is always in it), in the caller's transaction. */
export function findUserInScope(
  db: Kysely<Database>,
  scope: Scope,
  id: string,
): Promise<UserRow | undefined> {
  return findUser(db, scope, id);
}

/** A live user by id, for a sign-in that has proved who the person is (no scope yet). */
export function findSigningInUser(db: Kysely<Database>, id: string): Promise<UserRow | undefined> {
  return findLiveUserById(db, id);
}

/** A live user by e-mail address (any case), for a sign-in that has proved the address. */
export function findSigningInUserByEmail(db: Kysely<Database>, email: string): Promise<UserRow | undefined> {
  return findLiveUserByEmail(db, email);
}

/**
 * Records a completed sign-in in the caller's transaction. A first sign-in through an identity
 * provider proves the person, so `activate` activates an account still waiting for activation (its
 * invitation link stops working, a pending activation code is no longer needed).
 */
export function recordFederatedSignIn(trx: Kysely<Database>, userId: string, now: string, activate: boolean) {
  return recordUserSignIn(trx, userId, now, activate);
}

/** The signed-in person's own record, live or not (authentication found it live). */
export function loadOwnUser(db: Kysely<Database>, userId: string): Promise<UserRow> {
  return loadUserById(db, userId);
}

/** The signed-in person's own live record. */
export function loadOwnLiveUser(db: Kysely<Database>, userId: string): Promise<UserRow> {
  return loadLiveUserById(db, userId);
}

// The second factor's columns, written by the MFA module, and the password sign-in's and password
// change's columns, written by the auth module (see the repository for what each one does).
export {
  advanceMfaStep,
  clearMfaColumns,
  countWrongPassword,
  enableMfaSecret,
  lockOutUser,
  recordPasswordSignIn,
  setPasswordHash,
  setPendingMfaSecret,
};

/** Whether any live platform administrator exists (first start creates one when none does). */
export function platformAdministratorExists(db: Kysely<Database>): Promise<boolean> {
  return anyPlatformAdministrator(db);
}
