import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Scope } from '../../context.ts';
import { toCount } from '../../db/database.ts';
import type { Database, UserRow } from '../../db/schema.ts';
import { forUpdate } from '../../db/transaction.ts';
import { containsText, type PageRequest, paginate, parseSort } from '../../http/pagination.ts';
import { scopeWhere } from '../../tenancy/scope.ts';

const SORT_COLUMNS = { email: 'users.email_key', lastName: 'users.last_name', createdAt: 'users.created_at' };

export function findUser(db: Kysely<Database>, scope: Scope, id: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .$call(scopeWhere(scope))
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** The live user in scope, locked until the commit: a concurrent update or delete waits, then re-reads it. */
export function lockUser(trx: Kysely<Database>, scope: Scope, id: string): Promise<UserRow | undefined> {
  return trx
    .selectFrom('users')
    .selectAll()
    .$call(scopeWhere(scope))
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .$call(forUpdate(trx))
    .executeTakeFirst();
}

export interface UserFilter {
  orgId?: string | undefined;
  level?: 'platform' | 'distributor' | 'partner' | 'tenant' | undefined;
  role?: 'admin' | 'reader' | undefined;
  status?: 'invited' | 'active' | 'disabled' | 'locked_out' | undefined;
  q?: string | undefined;
}

/** The users.presenter `userStatus` order as a condition: disabled, locked out, invited, active. */
function statusWhere(status: NonNullable<UserFilter['status']>, now: string) {
  return (eb: ExpressionBuilder<Database, 'users' | 'organisations'>) => {
    const locked = eb.and([
      eb('users.locked_out', '=', 1),
      eb.or([eb('users.locked_until', 'is', null), eb('users.locked_until', '>', now)]),
    ]);
    if (status === 'disabled') return eb('users.disabled', '=', 1);
    const enabled = eb('users.disabled', '=', 0);
    if (status === 'locked_out') return eb.and([enabled, locked]);
    return eb.and([
      enabled,
      eb.not(locked),
      eb('users.activated_at', status === 'invited' ? 'is' : 'is not', null),
    ]);
  };
}

/** Live users in scope with their organisation (joined for its name: one query per page). */
function filtered(db: Kysely<Database>, scope: Scope, filter: UserFilter, now: string) {
  let query = db
    .selectFrom('users')
    .innerJoin('organisations', 'organisations.id', 'users.org_id')
    .$call(scopeWhere(scope, 'users'))
    .where('users.deleted_at', 'is', null);
  if (filter.orgId) query = query.where('users.org_id', '=', filter.orgId);
  if (filter.level) query = query.where('users.level', '=', filter.level);
  if (filter.role) query = query.where('users.role', '=', filter.role);
  if (filter.status) query = query.where(statusWhere(filter.status, now));
  if (filter.q) {
    const q = filter.q;
    query = query.where((eb) =>
      eb.or([
        containsText('users.email_key', q),
        containsText('users.first_name', q),
        containsText('users.last_name', q),
      ]),
    );
  }
  return query;
}

/** A page of users, each with its organisation's name (`org_name`); `now` decides running lockouts. */
export async function listUsers(
  db: Kysely<Database>,
  scope: Scope,
  filter: UserFilter,
  page: PageRequest,
  now: string,
) {
  const sort = parseSort(page.sort, SORT_COLUMNS, 'users.id');
  const field = page.sort.replace(/^-/, '') as keyof typeof SORT_COLUMNS;
  const result = await paginate(
    filtered(db, scope, filter, now).selectAll('users').select('organisations.name as org_name'),
    sort,
    {
      ...page,
      sortValue: (row) =>
        field === 'email' ? row.email_key : field === 'lastName' ? (row.last_name ?? '') : row.created_at,
    },
  );
  if (!page.includeTotal) return result;
  const total = await filtered(db, scope, filter, now)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return { ...result, total: toCount(total.n) };
}

export async function emailTaken(
  db: Kysely<Database>,
  email: string,
  exceptUserId?: string,
): Promise<boolean> {
  let query = db.selectFrom('users').select('id').where('email_key', '=', email.toLowerCase());
  if (exceptUserId) query = query.where('id', '!=', exceptUserId);
  return (await query.executeTakeFirst()) !== undefined;
}

// ---------------------------------------------------------------------------------------------
// Sign-in lookups and writes for other modules (the federated sign-in). They run before anyone is
// signed in, so they take no scope; the caller has proved who the person is.

/** A live user by id. */
export function findLiveUserById(db: Kysely<Database>, id: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** A live user by e-mail address, whatever its case. */
export function findLiveUserByEmail(db: Kysely<Database>, email: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('email_key', '=', email.toLowerCase())
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** Records a sign-in's time; `activate` also activates an account still waiting for activation. */
export async function recordUserSignIn(
  db: Kysely<Database>,
  userId: string,
  now: string,
  activate: boolean,
): Promise<void> {
  const activation = {
    activated_at: now,
    activation_code_hash: null,
    activation_code_expires_at: null,
    updated_at: now,
  };
  await db
    .updateTable('users')
    .set({ last_sign_in_at: now, ...(activate ? activation : {}) })
    .where('id', '=', userId)
    .execute();
}

// ---------------------------------------------------------------------------------------------
// The signed-in person's own record (authentication has already found it live).

/** The user by id, live or not; throws when there is no such row. */
export function loadUserById(db: Kysely<Database>, id: string): Promise<UserRow> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** The live user by id; throws when there is none. */
export function loadLiveUserById(db: Kysely<Database>, id: string): Promise<UserRow> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
}

// ---------------------------------------------------------------------------------------------
// The second factor's columns (the MFA module's writes).

export async function setPendingMfaSecret(db: Kysely<Database>, userId: string, secret: string) {
  await db.updateTable('users').set({ mfa_pending_secret: secret }).where('id', '=', userId).execute();
}

/**
 * Moves mfa_last_step forward to `step` while the factor is still `secret`; false when another
 * request spent this step (or a later one) first, or the factor changed.
 */
export async function advanceMfaStep(
  trx: Kysely<Database>,
  userId: string,
  secret: string,
  step: number,
): Promise<boolean> {
  const result = await trx
    .updateTable('users')
    .set({ mfa_last_step: step })
    .where('id', '=', userId)
    .where('mfa_secret', '=', secret)
    .where('mfa_last_step', '<', step)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Makes the pending secret the factor, compare-and-set on the pending secret: false when another
 * confirmation or a new enrolment changed it first. `step` is the confirming code's, now spent.
 */
export async function enableMfaSecret(
  trx: Kysely<Database>,
  userId: string,
  pending: string,
  step: number,
  now: string,
): Promise<boolean> {
  const result = await trx
    .updateTable('users')
    .set({
      mfa_secret: pending,
      mfa_pending_secret: null,
      mfa_enabled_at: now,
      mfa_last_step: step,
      updated_at: now,
    })
    .where('id', '=', userId)
    .where('mfa_pending_secret', '=', pending)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Clears every MFA column of the user. */
export async function clearMfaColumns(trx: Kysely<Database>, userId: string, now: string): Promise<void> {
  await trx
    .updateTable('users')
    .set({
      mfa_secret: null,
      mfa_pending_secret: null,
      mfa_enabled_at: null,
      mfa_last_step: 0,
      updated_at: now,
    })
    .where('id', '=', userId)
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Password sign-in and password change (the auth module's writes).

/** Counts one more wrong password; returns the count and the lockout columns as they now stand. */
export async function countWrongPassword(trx: Kysely<Database>, userId: string) {
  await trx
    .updateTable('users')
    .set((eb) => ({ failed_sign_ins: eb('failed_sign_ins', '+', 1) }))
    .where('id', '=', userId)
    .execute();
  return trx
    .selectFrom('users')
    .select(['failed_sign_ins', 'locked_out', 'locked_until'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
}

/** Locks password sign-in until `lockedUntil` (null: until an administrator unlocks); the count starts afresh. */
export async function lockOutUser(
  trx: Kysely<Database>,
  userId: string,
  lockedUntil: string | null,
  now: string,
): Promise<void> {
  await trx
    .updateTable('users')
    .set({ locked_out: 1, locked_until: lockedUntil, failed_sign_ins: 0, updated_at: now })
    .where('id', '=', userId)
    .execute();
}

/** A right password: the sign-in time, the wrong-password count reset, the activation code spent. */
export async function recordPasswordSignIn(
  trx: Kysely<Database>,
  userId: string,
  now: string,
): Promise<void> {
  await trx
    .updateTable('users')
    .set({
      last_sign_in_at: now,
      failed_sign_ins: 0,
      activation_code_hash: null,
      activation_code_expires_at: null,
    })
    .where('id', '=', userId)
    .execute();
}

/** Stores a new password hash; a required password change is done. */
export async function setPasswordHash(
  trx: Kysely<Database>,
  userId: string,
  passwordHash: string,
  now: string,
): Promise<void> {
  await trx
    .updateTable('users')
    .set({
      password_hash: passwordHash,
      must_change_password: 0,
      password_changed_at: now,
      updated_at: now,
    })
    .where('id', '=', userId)
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Writes of the users module's own services.

export async function insertUserRow(trx: Kysely<Database>, row: UserRow): Promise<void> {
  await trx.insertInto('users').values(row).execute();
}

/** Updates only the given columns, so a concurrent write of any other column is never undone. */
export async function updateUserColumns(
  trx: Kysely<Database>,
  id: string,
  changes: Partial<UserRow>,
): Promise<void> {
  await trx.updateTable('users').set(changes).where('id', '=', id).execute();
}

/** Marks the user deleted and drops its personal data; the address becomes free for reuse. */
export async function anonymiseUser(trx: Kysely<Database>, id: string, now: string): Promise<void> {
  await trx
    .updateTable('users')
    .set({
      email: `deleted+${id}@invalid`,
      email_key: `deleted+${id}@invalid`,
      first_name: null,
      last_name: null,
      phone: null,
      password_hash: null,
      disabled: 1,
      deleted_at: now,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

/** The live users of an organisation, locked until the commit. */
export function lockUsersOfOrganisation(trx: Kysely<Database>, orgId: string): Promise<UserRow[]> {
  return trx
    .selectFrom('users')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('deleted_at', 'is', null)
    .$call(forUpdate(trx))
    .execute();
}

/** The live administrators of an organisation, whole rows (their status is computed from them). */
export function listAdministratorRows(db: Kysely<Database>, orgId: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('role', '=', 'admin')
    .where('deleted_at', 'is', null)
    .execute();
}

/** The live administrators of an organisation, by address. */
export function listAdministrators(db: Kysely<Database>, orgId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'first_name', 'last_name'])
    .where('org_id', '=', orgId)
    .where('role', '=', 'admin')
    .where('deleted_at', 'is', null)
    .orderBy('email_key')
    .execute();
}

/** A new activation code (its hash) for a user still waiting for activation. */
export async function renewActivationCode(
  trx: Kysely<Database>,
  id: string,
  codeHash: string,
  expiresAt: string,
  now: string,
): Promise<void> {
  await trx
    .updateTable('users')
    .set({ activation_code_hash: codeHash, activation_code_expires_at: expiresAt, updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** The first password, set through the invitation link: the account is active. */
export async function activateWithPassword(
  trx: Kysely<Database>,
  id: string,
  passwordHash: string,
  now: string,
): Promise<void> {
  await trx
    .updateTable('users')
    .set({
      password_hash: passwordHash,
      password_changed_at: now,
      must_change_password: 0,
      activated_at: now,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

/** A new password through a reset link: a lockout and the wrong-password count are lifted. */
export async function resetPasswordHash(
  trx: Kysely<Database>,
  id: string,
  passwordHash: string,
  now: string,
): Promise<void> {
  await trx
    .updateTable('users')
    .set({
      password_hash: passwordHash,
      password_changed_at: now,
      must_change_password: 0,
      locked_out: 0,
      failed_sign_ins: 0,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

/** Whether any live platform administrator exists. */
export async function platformAdministratorExists(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('level', '=', 'platform')
    .where('role', '=', 'admin')
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

/** Names and addresses of the given users that lie inside the scope (deleted ones included). */
export function findUserNames(db: Kysely<Database>, scope: Scope, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('users')
    .select(['users.id', 'users.first_name', 'users.last_name', 'users.email', 'users.deleted_at'])
    .$call(scopeWhere(scope))
    .where('users.id', 'in', ids)
    .execute();
}
