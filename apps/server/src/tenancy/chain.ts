import { type Kysely, sql } from 'kysely';
import type { Scope } from '../context.ts';
import { newId } from '../db/ids.ts';
import type { Database, OrganisationKind, OrganisationRow } from '../db/schema.ts';
import { forShare, forUpdate } from '../db/transaction.ts';
import { scopeWhere } from './scope.ts';

/**
 * The chain of owners every scoped row carries (null above the owner's level), copied from the
 * organisation that owns the row.
 *
 * Lock order (ARCHITECTURE.md, Concurrency): a write locks organisations from the top of the
 * hierarchy down (distributor, partner, tenant), then the subscription or user rows it changes.
 * A copy reads the owner's chain under that owner's row lock, and a move holds the lock of every
 * organisation whose chain it rewrites, so a copy sees the chain either before or after a move,
 * never a half of it, and a row created under a deleted owner cannot exist.
 */
export interface Chain {
  distributor_id: string | null;
  partner_id: string | null;
  tenant_id: string | null;
}

export function chainOf(row: Chain): Chain {
  return { distributor_id: row.distributor_id, partner_id: row.partner_id, tenant_id: row.tenant_id };
}

/**
 * The tables besides `organisations` that carry the ownership chain. A move rewrites the chain in
 * all of them in one transaction, after the organisations: a writer that copies a chain holds its
 * owner's row lock, so by then the move has waited for it and its statements see what it created.
 * A new table with chain columns must be added here or it would keep the old owner.
 */
export const CHAIN_TABLES = ['subscriptions', 'users', 'identity_providers'] as const;

/**
 * A live organisation inside the scope, locked for the rest of the transaction (FOR UPDATE; on
 * SQLite the transaction already excludes other writers). What the caller checks or copies from
 * the row stays true until its commit: the row is still live, still in scope, its chain unchanged.
 * Undefined when it is not (→ 404), including when a concurrent delete or move committed first.
 */
export function lockOrganisation(
  trx: Kysely<Database>,
  scope: Scope,
  id: string,
  kind?: OrganisationKind,
): Promise<OrganisationRow | undefined> {
  return liveOrganisation(trx, scope, id, kind).$call(forUpdate(trx)).executeTakeFirst();
}

/**
 * The owner whose chain a new row copies, share-locked for the rest of the transaction: like
 * lockOrganisation it cannot be deleted, moved or renamed until the commit, but writers that
 * only copy its chain (new subscriptions, users, children) do not wait for each other. Use it
 * only for an organisation the transaction does not change.
 */
export function holdOrganisation(
  trx: Kysely<Database>,
  scope: Scope,
  id: string,
  kind?: OrganisationKind,
): Promise<OrganisationRow | undefined> {
  return liveOrganisation(trx, scope, id, kind).$call(forShare(trx)).executeTakeFirst();
}

/**
 * holdOrganisation for several organisations: the live ones in scope, share-locked in id order (the
 * order every holder of several takes them in, so two such holders wait but never deadlock).
 */
export function holdOrganisations(
  trx: Kysely<Database>,
  scope: Scope,
  ids: readonly string[],
  kind?: OrganisationKind,
): Promise<OrganisationRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return liveOrganisations(trx, scope, ids, kind).$call(forShare(trx)).execute();
}

/**
 * lockOrganisation for several organisations: the live ones in scope, locked in id order (as
 * holdOrganisations takes them, so lockers and holders of several wait but never deadlock).
 */
export function lockOrganisations(
  trx: Kysely<Database>,
  scope: Scope,
  ids: readonly string[],
  kind?: OrganisationKind,
): Promise<OrganisationRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return liveOrganisations(trx, scope, ids, kind).$call(forUpdate(trx)).execute();
}

/** The live ones of these organisations in scope, in id order (the order every locker takes). */
function liveOrganisations(
  trx: Kysely<Database>,
  scope: Scope,
  ids: readonly string[],
  kind?: OrganisationKind,
) {
  let query = trx
    .selectFrom('organisations')
    .selectAll()
    .$call(scopeWhere(scope))
    .where('id', 'in', [...new Set(ids)])
    .where('deleted_at', 'is', null);
  if (kind) query = query.where('kind', '=', kind);
  return query.orderBy('id');
}

function liveOrganisation(trx: Kysely<Database>, scope: Scope, id: string, kind?: OrganisationKind) {
  let query = trx
    .selectFrom('organisations')
    .selectAll()
    .$call(scopeWhere(scope))
    .where('id', '=', id)
    .where('deleted_at', 'is', null);
  if (kind) query = query.where('kind', '=', kind);
  return query;
}

/**
 * Moves a partner under another distributor, or a tenant under another partner. The caller holds
 * the locks of the new parent and then of the moved organisation (top down); this locks the
 * organisations below it, rewrites the chain of everything under the moved one (its own row
 * included, since its chain column holds its own id) and appends one chain-history row per
 * organisation whose chain changed, all in the caller's transaction.
 */
export async function moveUnder(
  trx: Kysely<Database>,
  moved: OrganisationRow,
  parent: OrganisationRow,
  effectiveAt: string,
): Promise<void> {
  const column = moved.kind === 'partner' ? 'partner_id' : 'tenant_id';
  const change =
    moved.kind === 'partner'
      ? { distributor_id: parent.id }
      : { distributor_id: parent.distributor_id, partner_id: parent.id };
  // The organisations under a partner are found by partner_id; a tenant is only itself. Both are
  // index lookups: a locking read that scanned the table would wait for rows other moves hold.
  const rewritten = await trx
    .selectFrom('organisations')
    .select(['id', 'distributor_id', 'partner_id', 'tenant_id'])
    .where(moved.kind === 'partner' ? 'partner_id' : 'id', '=', moved.id)
    .$call(forUpdate(trx))
    .execute();
  await trx
    .updateTable('organisations')
    .set({ parent_id: parent.id, updated_at: effectiveAt })
    .where('id', '=', moved.id)
    .execute();
  const ids = rewritten.map((org) => org.id);
  await trx.updateTable('organisations').set(change).where('id', 'in', ids).execute();
  for (const table of CHAIN_TABLES) {
    await trx.updateTable(table).set(change).where(sql.ref(column), '=', moved.id).execute();
  }
  await trx
    .insertInto('organisation_chain_history')
    .values(
      rewritten.map((org) => {
        const next = { ...chainOf(org), ...change };
        return {
          id: newId('chg'),
          org_id: org.id,
          old_distributor_id: org.distributor_id,
          old_partner_id: org.partner_id,
          old_tenant_id: org.tenant_id,
          new_distributor_id: next.distributor_id,
          new_partner_id: next.partner_id,
          new_tenant_id: next.tenant_id,
          effective_at: effectiveAt,
        };
      }),
    )
    .execute();
}

/**
 * The chains of these organisations as they were at an instant (semantics.md "Invoices": an
 * invoice records its tenant's chain at the start of its billing period), from the append-only
 * history: the latest move at or before the instant gives its new chain; failing that, the
 * earliest move after it gives its old chain; an organisation that never moved has its current
 * chain. Deleted organisations included (their issued invoices stand). Two queries for any number.
 */
export async function chainsAt(
  db: Kysely<Database>,
  orgIds: readonly string[],
  instant: string,
): Promise<Map<string, Chain>> {
  const out = new Map<string, Chain>();
  const ids = [...new Set(orgIds)];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const current = await db
      .selectFrom('organisations')
      .select(['id', 'distributor_id', 'partner_id', 'tenant_id'])
      .where('id', 'in', chunk)
      .execute();
    for (const row of current) out.set(row.id, chainOf(row));
    const moves = await db
      .selectFrom('organisation_chain_history')
      .selectAll()
      .where('org_id', 'in', chunk)
      .orderBy('org_id')
      .orderBy('effective_at')
      .orderBy('id')
      .execute();
    const movesOf = new Map<string, typeof moves>();
    for (const move of moves) {
      const list = movesOf.get(move.org_id);
      if (list) list.push(move);
      else movesOf.set(move.org_id, [move]);
    }
    for (const [orgId, list] of movesOf) {
      // In time order: the last move at or before the instant, else the first one after it.
      const before = list.filter((m) => m.effective_at <= instant).pop();
      if (before) {
        out.set(orgId, {
          distributor_id: before.new_distributor_id,
          partner_id: before.new_partner_id,
          tenant_id: before.new_tenant_id,
        });
      } else {
        const after = list[0]!;
        out.set(orgId, {
          distributor_id: after.old_distributor_id,
          partner_id: after.old_partner_id,
          tenant_id: after.old_tenant_id,
        });
      }
    }
  }
  return out;
}

/**
 * Live tenants that are, or ever were, under this distributor or partner: their current chain
 * names it, or a move of theirs had it in the old or the new chain. What "the tenants whose chain
 * at a period start includes X" is chosen from (chainsAt then decides).
 */
export async function tenantsEverUnder(
  db: Kysely<Database>,
  level: 'distributor' | 'partner',
  orgId: string,
): Promise<string[]> {
  const column = level === 'distributor' ? 'distributor_id' : 'partner_id';
  const oldColumn = level === 'distributor' ? 'old_distributor_id' : 'old_partner_id';
  const newColumn = level === 'distributor' ? 'new_distributor_id' : 'new_partner_id';
  const rows = await db
    .selectFrom('organisations')
    .select('id')
    .where('kind', '=', 'tenant')
    .where('deleted_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb(sql.ref(column), '=', orgId),
        eb(
          'id',
          'in',
          eb
            .selectFrom('organisation_chain_history')
            .select('org_id')
            .where((h) => h.or([h(sql.ref(oldColumn), '=', orgId), h(sql.ref(newColumn), '=', orgId)])),
        ),
      ]),
    )
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * One organisation's chain as it was at an instant (see chainsAt). Undefined for an organisation
 * that does not exist.
 */
export async function chainAt(
  db: Kysely<Database>,
  orgId: string,
  instant: string,
): Promise<Chain | undefined> {
  return (await chainsAt(db, [orgId], instant)).get(orgId);
}
