import type { Kysely } from 'kysely';
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
  orgId?: string;
  role?: 'admin' | 'reader';
  q?: string;
}

function filtered(db: Kysely<Database>, scope: Scope, filter: UserFilter) {
  let query = db.selectFrom('users').$call(scopeWhere(scope)).where('users.deleted_at', 'is', null);
  if (filter.orgId) query = query.where('users.org_id', '=', filter.orgId);
  if (filter.role) query = query.where('users.role', '=', filter.role);
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

export async function listUsers(db: Kysely<Database>, scope: Scope, filter: UserFilter, page: PageRequest) {
  const sort = parseSort(page.sort, SORT_COLUMNS, 'users.id');
  const field = page.sort.replace(/^-/, '') as keyof typeof SORT_COLUMNS;
  const result = await paginate(filtered(db, scope, filter).selectAll(), sort, {
    ...page,
    sortValue: (row) =>
      field === 'email' ? row.email_key : field === 'lastName' ? (row.last_name ?? '') : row.created_at,
  });
  if (!page.includeTotal) return result;
  const total = await filtered(db, scope, filter)
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
