import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { RequestContext } from '../../context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { newId } from '../../db/ids.ts';
import type { Database, OrganisationRow, UserRole, UserRow } from '../../db/schema.ts';
import { addMinutes, nowIso } from '../../db/time.ts';
import { AppError } from '../../http/errors.ts';
import type { PageRequest } from '../../http/pagination.ts';
import { changedFields, recordAudit } from '../audit/audit.service.ts';
import { assertPasswordPolicy, hashPassword } from '../auth/passwords.ts';
import { sha256Hex } from '../auth/tokens.ts';
import { findOrganisationAnyKind } from '../organisations/organisations.repository.ts';
import { visibleIds } from '../organisations/scope.ts';
import { getSetting } from '../settings/settings.service.ts';
import { type InvitationOutcome, queueInvitation } from './activation.service.ts';
import { createUserLink, LINK_LIFETIME_MINUTES } from './user-links.ts';
import { presentUser, USER_PERSONAL_FIELDS } from './users.presenter.ts';
import { emailTaken, findUser, listUsers as listUserRows, type UserFilter } from './users.repository.ts';

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
  /** What became of the invitation e-mail (queued in the outbox in the same transaction). */
  invitation: InvitationOutcome;
}

function auditView(user: ReturnType<typeof presentUser>) {
  const { createdAt: _c, updatedAt: _u, lastSignInAt: _l, ...rest } = user;
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
  ctx: RequestContext,
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
  if (await emailTaken(trx, input.email)) {
    throw AppError.invalidField(`${field}.email`, 'A user with this email already exists.', 'conflict');
  }
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
  const now = nowIso();
  const row: UserRow = {
    id: newId('usr'),
    org_id: org.id,
    level: org.kind,
    role: input.role,
    distributor_id: org.distributor_id,
    partner_id: org.partner_id,
    tenant_id: org.tenant_id,
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
  try {
    await trx.insertInto('users').values(row).execute();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw AppError.invalidField(`${field}.email`, 'A user with this email already exists.', 'conflict');
    }
    throw error;
  }
  await recordAudit(trx, ctx, {
    action: 'user.create',
    targetType: 'user',
    targetId: row.id,
    orgId: org.id,
    after: auditView(presentUser(row)),
    personalFields: USER_PERSONAL_FIELDS,
  });
  const invitation = input.initialPassword
    ? 'not_needed'
    : await queueInvitation(trx, ctx, row, await createUserLink(trx, row.id, 'invitation'));
  return { user: row, activationCode, invitation };
}

export async function createUser(ctx: RequestContext, input: NewUserInput & { orgId: string }) {
  const scope = ctx.actor!.scope;
  const created = await ctx.app.db.kysely.transaction().execute(async (trx) => {
    const org = await findOrganisationAnyKind(trx, scope, input.orgId);
    if (!org) throw AppError.invalidField('body.orgId', 'No such organisation.', 'not_found');
    return insertUser(trx, ctx, org, input);
  });
  if (created.invitation === 'queued') ctx.app.mail.wake();
  return {
    ...presentUser(created.user),
    invitation: created.invitation,
    ...(created.activationCode ? { activationCode: created.activationCode } : {}),
  };
}

export async function getUser(ctx: RequestContext, id: string) {
  const user = await findUser(ctx.app.db.kysely, ctx.actor!.scope, id);
  if (!user) throw AppError.notFound('User');
  return presentUser(user);
}

export async function isUserVisible(ctx: RequestContext, id: string): Promise<boolean> {
  return (await findUser(ctx.app.db.kysely, ctx.actor!.scope, id)) !== undefined;
}

export function filterVisibleUserIds(ctx: RequestContext, ids: string[]): Promise<Set<string>> {
  return visibleIds(ctx.app.db.kysely, 'users', ctx.actor!.scope, ids);
}

export async function listUsers(ctx: RequestContext, filter: UserFilter, page: PageRequest) {
  const result = await listUserRows(ctx.app.db.kysely, ctx.actor!.scope, filter, page);
  return { ...result, items: result.items.map(presentUser) };
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
  const actor = ctx.actor!;
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
  const updated = await ctx.app.db.kysely.transaction().execute(async (trx) => {
    const user = await findUser(trx, actor.scope, id);
    if (!user) throw AppError.notFound('User');
    if (patch.email !== undefined && (await emailTaken(trx, patch.email, id))) {
      throw AppError.invalidField('body.email', 'A user with this email already exists.', 'conflict');
    }
    const flag = (value: boolean | undefined, current: number) =>
      value === undefined ? current : value ? 1 : 0;
    const org =
      patch.orgId === undefined ? null : await findOrganisationAnyKind(trx, actor.scope, patch.orgId);
    if (patch.orgId !== undefined && !org) {
      throw AppError.invalidField('body.orgId', 'No such organisation.', 'not_found');
    }
    const next: UserRow = {
      ...user,
      ...(org
        ? {
            org_id: org.id,
            level: org.kind,
            distributor_id: org.distributor_id,
            partner_id: org.partner_id,
            tenant_id: org.tenant_id,
          }
        : {}),
      first_name: patch.firstName ?? user.first_name,
      last_name: patch.lastName ?? user.last_name,
      email: patch.email ?? user.email,
      email_key: (patch.email ?? user.email).toLowerCase(),
      phone: patch.phone === undefined ? user.phone : patch.phone,
      role: patch.role ?? user.role,
      mfa_required: flag(patch.mfaRequired, user.mfa_required),
      federated_only: flag(patch.federatedOnly, user.federated_only),
      disabled: flag(patch.disabled, user.disabled),
      locked_out: patch.lockedOut === false ? 0 : user.locked_out,
      failed_sign_ins: patch.lockedOut === false ? 0 : user.failed_sign_ins,
      updated_at: nowIso(),
    };
    await trx
      .updateTable('users')
      .set({
        org_id: next.org_id,
        level: next.level,
        distributor_id: next.distributor_id,
        partner_id: next.partner_id,
        tenant_id: next.tenant_id,
        first_name: next.first_name,
        last_name: next.last_name,
        email: next.email,
        email_key: next.email_key,
        phone: next.phone,
        role: next.role,
        mfa_required: next.mfa_required,
        federated_only: next.federated_only,
        disabled: next.disabled,
        locked_out: next.locked_out,
        failed_sign_ins: next.failed_sign_ins,
        updated_at: next.updated_at,
      })
      .where('id', '=', id)
      .execute();
    if (next.disabled === 1 && user.disabled === 0) {
      await revokeCredentials(trx, id);
    }
    const diff = changedFields(auditView(presentUser(user)), auditView(presentUser(next)));
    await recordAudit(trx, ctx, {
      action: 'user.update',
      targetType: 'user',
      targetId: id,
      orgId: user.org_id,
      ...diff,
      personalFields: USER_PERSONAL_FIELDS,
    });
    return next;
  });
  return presentUser(updated);
}

async function revokeCredentials(trx: Kysely<Database>, userId: string): Promise<void> {
  const now = nowIso();
  await trx
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
  await trx
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
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
  await trx
    .updateTable('users')
    .set({
      email: `deleted+${user.id}@invalid`,
      email_key: `deleted+${user.id}@invalid`,
      first_name: null,
      last_name: null,
      phone: null,
      password_hash: null,
      disabled: 1,
      deleted_at: nowIso(),
      updated_at: nowIso(),
    })
    .where('id', '=', user.id)
    .execute();
  await revokeCredentials(trx, user.id);
  await recordAudit(trx, ctx, {
    action: 'user.delete',
    targetType: 'user',
    targetId: user.id,
    orgId: user.org_id,
    before: auditView(presentUser(user)),
    personalFields: USER_PERSONAL_FIELDS,
  });
}

export async function deleteUser(ctx: RequestContext, id: string): Promise<void> {
  const actor = ctx.actor!;
  if (id === actor.userId) {
    throw new AppError('invalid_request', 'You cannot delete yourself.');
  }
  await ctx.app.db.kysely.transaction().execute(async (trx) => {
    const user = await findUser(trx, actor.scope, id);
    if (!user) throw AppError.notFound('User');
    await deleteUserRow(trx, ctx, user);
  });
}

/** Deletes every user of an organisation that is itself being deleted. */
export async function deleteUsersOfOrganisation(trx: Kysely<Database>, ctx: RequestContext, orgId: string) {
  const users = await trx
    .selectFrom('users')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('deleted_at', 'is', null)
    .execute();
  for (const user of users) {
    await deleteUserRow(trx, ctx, user);
  }
}

export async function administratorsOf(db: Kysely<Database>, orgId: string) {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'email', 'first_name', 'last_name'])
    .where('org_id', '=', orgId)
    .where('role', '=', 'admin')
    .where('deleted_at', 'is', null)
    .orderBy('email_key')
    .execute();
  return rows.map((r) => ({ id: r.id, email: r.email, firstName: r.first_name, lastName: r.last_name }));
}
