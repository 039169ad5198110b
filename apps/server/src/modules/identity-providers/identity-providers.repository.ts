import type { Kysely } from 'kysely';
import type { Scope } from '../../context.ts';
import { toCount } from '../../db/database.ts';
import { PLATFORM_ORG_ID } from '../../db/ids.ts';
import type {
  Database,
  IdentityProviderRow,
  IdentityProviderTable,
  OidcFlowTable,
  UserIdentityTable,
} from '../../db/schema.ts';
import { containsText, type PageRequest, paginate, parseSort } from '../../http/pagination.ts';
import { scopeWhere } from '../../tenancy/scope.ts';

/**
 * Mappings are scoped through the organisation they attach to (joined), not through their own
 * chain columns: a move rewrites the chain of organisations, users and subscriptions, and joining
 * keeps a mapping with its organisation whatever moved. The chain columns are still written, for
 * reports that read the table on its own.
 */
function live(db: Kysely<Database>) {
  return db
    .selectFrom('identity_providers')
    .innerJoin('organisations', 'organisations.id', 'identity_providers.org_id')
    .where('identity_providers.deleted_at', 'is', null)
    .where('organisations.deleted_at', 'is', null);
}

/** A live mapping inside the caller's scope, or undefined (→ 404). */
export function findMapping(
  db: Kysely<Database>,
  scope: Scope,
  id: string,
): Promise<IdentityProviderRow | undefined> {
  return live(db)
    .$call(scopeWhere(scope, 'organisations'))
    .selectAll('identity_providers')
    .where('identity_providers.id', '=', id)
    .executeTakeFirst();
}

export interface MappingFilter {
  orgId?: string | undefined;
  q?: string | undefined;
}

const SORT_COLUMNS = { name: 'identity_providers.name', createdAt: 'identity_providers.created_at' };

function filtered(db: Kysely<Database>, scope: Scope, filter: MappingFilter) {
  let query = live(db).$call(scopeWhere(scope, 'organisations'));
  if (filter.orgId) query = query.where('identity_providers.org_id', '=', filter.orgId);
  if (filter.q) query = query.where(containsText('identity_providers.name', filter.q));
  return query;
}

export async function listMappings(
  db: Kysely<Database>,
  scope: Scope,
  filter: MappingFilter,
  page: PageRequest,
) {
  const sort = parseSort(page.sort, SORT_COLUMNS, 'identity_providers.id');
  const byName = page.sort.replace(/^-/, '') === 'name';
  const result = await paginate(filtered(db, scope, filter).selectAll('identity_providers'), sort, {
    ...page,
    sortValue: (row) => (byName ? row.name : row.created_at),
  });
  if (!page.includeTotal) return result;
  const total = await filtered(db, scope, filter)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return { ...result, total: toCount(total.n) };
}

export async function insertMapping(trx: Kysely<Database>, row: IdentityProviderTable): Promise<void> {
  await trx.insertInto('identity_providers').values(row).execute();
}

export async function updateMappingRow(
  trx: Kysely<Database>,
  id: string,
  changes: Omit<
    IdentityProviderTable,
    'id' | 'org_id' | 'created_at' | 'deleted_at' | 'distributor_id' | 'partner_id' | 'tenant_id'
  >,
): Promise<void> {
  await trx.updateTable('identity_providers').set(changes).where('id', '=', id).execute();
}

/** Soft-deletes a mapping (disabled too, so it can never be signed in with again). */
export async function softDeleteMapping(trx: Kysely<Database>, id: string, now: string): Promise<void> {
  await trx
    .updateTable('identity_providers')
    .set({ deleted_at: now, updated_at: now, enabled: 0 })
    .where('id', '=', id)
    .execute();
}

/** Another enabled mapping on the same organisation (there may be at most one). */
export async function otherEnabledMapping(
  db: Kysely<Database>,
  orgId: string,
  exceptId?: string,
): Promise<boolean> {
  let query = db
    .selectFrom('identity_providers')
    .select('id')
    .where('org_id', '=', orgId)
    .where('enabled', '=', 1)
    .where('deleted_at', 'is', null);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

// ---------------------------------------------------------------------------------------------
// Sign-in lookups. They run before anyone is signed in, so they cannot take a caller's scope (like
// the password sign-in's lookup by e-mail); each returns only what the sign-in needs.

/** An enabled mapping that can be signed in with, by id. */
export function findUsableMapping(
  db: Kysely<Database>,
  id: string,
): Promise<IdentityProviderRow | undefined> {
  return live(db)
    .selectAll('identity_providers')
    .where('identity_providers.id', '=', id)
    .where('identity_providers.enabled', '=', 1)
    .executeTakeFirst();
}

/**
 * The nearest enabled mapping up a chain: the user's organisation, its parent, … the platform.
 * `chain` lists the user's chain columns; an organisation has at most one enabled mapping.
 */
export async function nearestMapping(
  db: Kysely<Database>,
  chain: { tenant_id: string | null; partner_id: string | null; distributor_id: string | null },
): Promise<IdentityProviderRow | undefined> {
  const orgIds = [chain.tenant_id, chain.partner_id, chain.distributor_id, PLATFORM_ORG_ID].filter(
    (id): id is string => id !== null,
  );
  const rows = await live(db)
    .selectAll('identity_providers')
    .where('identity_providers.org_id', 'in', orgIds)
    .where('identity_providers.enabled', '=', 1)
    .orderBy('identity_providers.id')
    .execute();
  for (const orgId of orgIds) {
    const row = rows.find((r) => r.org_id === orgId);
    if (row) return row;
  }
  return undefined;
}

/**
 * Enabled mappings that name this e-mail domain, and platform-level mappings open to any domain.
 * The LIKE narrows on the stored JSON text (a domain holds no LIKE wildcards); the caller checks
 * the parsed list.
 */
export function mappingsForDomain(db: Kysely<Database>, domain: string): Promise<IdentityProviderRow[]> {
  return live(db)
    .selectAll('identity_providers')
    .where('identity_providers.enabled', '=', 1)
    .where((eb) =>
      eb.or([
        eb('identity_providers.allowed_domains', 'like', `%"${domain}"%`),
        eb.and([
          eb('identity_providers.org_id', '=', PLATFORM_ORG_ID),
          eb('identity_providers.allowed_domains', 'is', null),
        ]),
      ]),
    )
    .orderBy('identity_providers.name')
    .orderBy('identity_providers.id')
    .limit(50)
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Federated identities (issuer + subject, linked to a user by its first federated sign-in) and
// the sign-in flows in progress.

/** The user a federated identity is linked to, if any. */
export async function findLinkedUserId(
  db: Kysely<Database>,
  identity: { issuer: string; subject: string },
): Promise<string | undefined> {
  const row = await db
    .selectFrom('user_identities')
    .select('user_id')
    .where('issuer', '=', identity.issuer)
    .where('subject', '=', identity.subject)
    .executeTakeFirst();
  return row?.user_id;
}

export async function insertUserIdentity(trx: Kysely<Database>, row: UserIdentityTable): Promise<void> {
  await trx.insertInto('user_identities').values(row).execute();
}

/** The identity's last use, shown to administrators reviewing how the account is entered. */
export async function touchUserIdentity(
  trx: Kysely<Database>,
  identity: { issuer: string; subject: string },
  now: string,
): Promise<void> {
  await trx
    .updateTable('user_identities')
    .set({ last_used_at: now })
    .where('issuer', '=', identity.issuer)
    .where('subject', '=', identity.subject)
    .execute();
}

/** A user's linked identities, oldest first, each with the name of its live mapping (if any). */
export function listUserIdentities(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('user_identities')
    .leftJoin('identity_providers', (join) =>
      join
        .onRef('identity_providers.id', '=', 'user_identities.provider_id')
        .on('identity_providers.deleted_at', 'is', null),
    )
    .select([
      'user_identities.id',
      'user_identities.issuer',
      'user_identities.subject',
      'user_identities.provider_id',
      'user_identities.created_at',
      'user_identities.last_used_at',
      'identity_providers.name as provider_name',
    ])
    .where('user_identities.user_id', '=', userId)
    .orderBy('user_identities.created_at')
    .orderBy('user_identities.id')
    .execute();
}

/** One identity of this user, or undefined. */
export function findUserIdentity(db: Kysely<Database>, userId: string, identityId: string) {
  return db
    .selectFrom('user_identities')
    .selectAll()
    .where('id', '=', identityId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function deleteUserIdentity(trx: Kysely<Database>, id: string): Promise<void> {
  await trx.deleteFrom('user_identities').where('id', '=', id).execute();
}

/** Records a flow just started, clearing flows that expired unfinished. */
export async function insertFlow(trx: Kysely<Database>, flow: OidcFlowTable, now: string): Promise<void> {
  await trx.deleteFrom('oidc_flows').where('expires_at', '<', now).execute();
  await trx.insertInto('oidc_flows').values(flow).execute();
}

export function findFlow(db: Kysely<Database>, id: string) {
  return db.selectFrom('oidc_flows').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Deletes a flow; true for exactly one caller, whichever process gets there first. */
export async function consumeFlow(db: Kysely<Database>, id: string): Promise<boolean> {
  const deleted = await db.deleteFrom('oidc_flows').where('id', '=', id).executeTakeFirst();
  return Number(deleted.numDeletedRows) === 1;
}
