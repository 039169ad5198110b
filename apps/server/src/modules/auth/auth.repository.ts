import type { Insertable, Kysely } from 'kysely';
import { type Param, preparedQuery } from '../../db/prepared.ts';
import type { ApiTokenTable, Database, SessionStage, SessionTable } from '../../db/schema.ts';

const ACTOR_COLUMNS = [
  'users.id',
  'users.org_id',
  'users.level',
  'users.role',
  'users.distributor_id',
  'users.partner_id',
  'users.tenant_id',
] as const;

// Both run on every authenticated request: compiled once, not rebuilt each time, and joined with
// the user so a request costs one read (see the grant in db/owners.ts).

/** An unrevoked API token with its live, enabled user's actor columns. */
export const tokenCredential = preparedQuery((db, param: Param<'tokenId'>) =>
  db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([...ACTOR_COLUMNS, 'api_tokens.secret_hash', 'api_tokens.expires_at', 'api_tokens.last_used_at'])
    .where('api_tokens.id', '=', param('tokenId'))
    .where('api_tokens.revoked_at', 'is', null)
    .where('users.deleted_at', 'is', null)
    .where('users.disabled', '=', 0),
);

/** An unrevoked session with its live, enabled user's actor columns. */
export const sessionCredential = preparedQuery((db, param: Param<'sessionId'>) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      ...ACTOR_COLUMNS,
      'sessions.csrf_token',
      'sessions.expires_at',
      'sessions.last_seen_at',
      'sessions.stage',
    ])
    .where('sessions.id', '=', param('sessionId'))
    .where('sessions.revoked_at', 'is', null)
    .where('users.deleted_at', 'is', null)
    .where('users.disabled', '=', 0),
);

export async function touchApiToken(db: Kysely<Database>, id: string, now: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

export async function touchSession(db: Kysely<Database>, id: string, now: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
}

export async function insertSession(trx: Kysely<Database>, row: Insertable<SessionTable>): Promise<void> {
  await trx.insertInto('sessions').values(row).execute();
}

/** Gives an unrevoked session a new id and stage; false when it was rotated or revoked meanwhile. */
export async function renameSession(
  trx: Kysely<Database>,
  id: string,
  newId: string,
  stage: SessionStage,
): Promise<boolean> {
  const result = await trx
    .updateTable('sessions')
    .set({ id: newId, stage })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function revokeSession(db: Kysely<Database>, id: string, now: string): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: now }).where('id', '=', id).execute();
}

/** Revokes the user's unrevoked sessions, all of them or all but one. */
export async function revokeSessionsOfUser(
  trx: Kysely<Database>,
  userId: string,
  now: string,
  exceptSessionId?: string | null,
): Promise<void> {
  let query = trx
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (exceptSessionId) query = query.where('id', '!=', exceptSessionId);
  await query.execute();
}

export async function revokeApiTokensOfUser(
  trx: Kysely<Database>,
  userId: string,
  now: string,
): Promise<void> {
  await trx
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

export function listApiTokensOfUser(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .execute();
}

export async function insertApiToken(trx: Kysely<Database>, row: Insertable<ApiTokenTable>): Promise<void> {
  await trx.insertInto('api_tokens').values(row).execute();
}

/** The user's own token by id, revoked or not. */
export function findApiTokenOfUser(trx: Kysely<Database>, id: string, userId: string) {
  return trx
    .selectFrom('api_tokens')
    .select(['id', 'name', 'revoked_at'])
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function markApiTokenRevoked(trx: Kysely<Database>, id: string, now: string): Promise<void> {
  await trx.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', id).execute();
}
