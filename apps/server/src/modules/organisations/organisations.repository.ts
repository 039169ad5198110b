import type { Kysely } from 'kysely';
import type { Scope } from '../../context.ts';
import { toCount } from '../../db/database.ts';
import { PLATFORM_ORG_ID } from '../../db/ids.ts';
import type { Database, OrganisationKind, OrganisationRow } from '../../db/schema.ts';
import { containsText, type PageRequest, paginate, parseSort } from '../../http/pagination.ts';
import { scopeWhere, visibleNames } from '../../tenancy/scope.ts';
import { PRESENTED_COLUMNS } from './organisations.presenter.ts';

const SORT_COLUMNS = { name: 'organisations.name', createdAt: 'organisations.created_at' };

/** A live organisation of this kind inside the caller's scope, or undefined (→ 404). */
export function findOrganisation(
  db: Kysely<Database>,
  scope: Scope,
  kind: OrganisationKind,
  id: string,
): Promise<OrganisationRow | undefined> {
  return db
    .selectFrom('organisations')
    .selectAll()
    .$call(scopeWhere(scope))
    .where('id', '=', id)
    .where('kind', '=', kind)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export function findOrganisationAnyKind(
  db: Kysely<Database>,
  scope: Scope,
  id: string,
): Promise<OrganisationRow | undefined> {
  return db
    .selectFrom('organisations')
    .selectAll()
    .$call(scopeWhere(scope))
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export interface OrganisationFilter {
  q?: string | undefined;
  distributorId?: string | undefined;
  partnerId?: string | undefined;
}

function filtered(db: Kysely<Database>, scope: Scope, kind: OrganisationKind, filter: OrganisationFilter) {
  let query = db
    .selectFrom('organisations')
    .$call(scopeWhere(scope))
    .where('organisations.kind', '=', kind)
    .where('organisations.deleted_at', 'is', null);
  if (filter.distributorId) query = query.where('organisations.distributor_id', '=', filter.distributorId);
  if (filter.partnerId) query = query.where('organisations.partner_id', '=', filter.partnerId);
  if (filter.q) query = query.where(containsText('organisations.name', filter.q));
  return query;
}

export async function listOrganisations(
  db: Kysely<Database>,
  scope: Scope,
  kind: OrganisationKind,
  filter: OrganisationFilter,
  page: PageRequest,
) {
  const sort = parseSort(page.sort, SORT_COLUMNS, 'organisations.id');
  const byName = page.sort.replace(/^-/, '') === 'name';
  const columns = PRESENTED_COLUMNS.map((c) => `organisations.${c}` as const);
  const result = await paginate(filtered(db, scope, kind, filter).select(columns), sort, {
    ...page,
    sortValue: (row) => (byName ? row.name : row.created_at),
  });
  if (!page.includeTotal) return result;
  const total = await filtered(db, scope, kind, filter)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return { ...result, total: toCount(total.n) };
}

/** Every live tenant inside the scope, with what reports show of it, by name then id. */
export function tenantRowsInScope(db: Kysely<Database>, scope: Scope) {
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'currency', 'billing_mode', 'distributor_id', 'partner_id'])
    .$call(scopeWhere(scope))
    .where('kind', '=', 'tenant')
    .where('deleted_at', 'is', null)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** Names of the given organisations that lie inside the scope (deleted ones included). */
export function findOrganisationNames(
  db: Kysely<Database>,
  scope: Scope,
  ids: string[],
): Promise<Map<string, string>> {
  return visibleNames(db, 'organisations', scope, ids);
}

export async function countLiveChildren(db: Kysely<Database>, id: string): Promise<number> {
  const row = await db
    .selectFrom('organisations')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('parent_id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return toCount(row.n);
}

export async function nameTakenUnderParent(
  db: Kysely<Database>,
  parentId: string,
  name: string,
  exceptId?: string,
): Promise<boolean> {
  let query = db
    .selectFrom('organisations')
    .select('id')
    .where('parent_id', '=', parentId)
    .where('name_key', '=', name.toLowerCase());
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** An organisation's id, kind and name, deleted or not; throws when there is no such row. */
export function findOrganisationSummaryRow(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('organisations')
    .select(['id', 'kind', 'name'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** The platform organisation, the root of every chain (created at first start). */
export function findPlatformRow(db: Kysely<Database>): Promise<OrganisationRow | undefined> {
  return db.selectFrom('organisations').selectAll().where('id', '=', PLATFORM_ORG_ID).executeTakeFirst();
}

export async function insertOrganisationRow(trx: Kysely<Database>, row: OrganisationRow): Promise<void> {
  await trx.insertInto('organisations').values(row).execute();
}

/** Updates only the given columns, so a concurrent move's chain is never written back. */
export async function updateOrganisationColumns(
  trx: Kysely<Database>,
  id: string,
  changes: Partial<OrganisationRow>,
): Promise<void> {
  await trx.updateTable('organisations').set(changes).where('id', '=', id).execute();
}

/** Soft-deletes the organisation; its name is free again under its parent. */
export async function markOrganisationDeleted(trx: Kysely<Database>, id: string, now: string): Promise<void> {
  await trx
    .updateTable('organisations')
    .set({ deleted_at: now, updated_at: now, name_key: null })
    .where('id', '=', id)
    .execute();
}

/** Every live tenant's id (system jobs that visit each tenant, e.g. the identity health check). */
export async function liveTenantIds(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom('organisations')
    .select('id')
    .where('kind', '=', 'tenant')
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** How many live tenants have each of these tax profiles as their own (the taxes module asks). */
export async function countTenantsByTaxProfile(
  db: Kysely<Database>,
  profileIds: string[],
): Promise<Map<string, number>> {
  if (profileIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('organisations')
    .select(['tax_profile_id', (eb) => eb.fn.countAll().as('n')])
    .where('kind', '=', 'tenant')
    .where('deleted_at', 'is', null)
    .where('tax_profile_id', 'in', profileIds)
    .groupBy('tax_profile_id')
    .execute();
  return new Map(rows.map((r) => [r.tax_profile_id!, toCount(r.n)]));
}

/** A tenant's own tax profile (null: the default applies); undefined when there is no such tenant. */
export async function findTenantTaxProfileId(
  db: Kysely<Database>,
  tenantId: string,
): Promise<string | null | undefined> {
  const row = await db
    .selectFrom('organisations')
    .select('tax_profile_id')
    .where('id', '=', tenantId)
    .where('kind', '=', 'tenant')
    .executeTakeFirst();
  return row === undefined ? undefined : row.tax_profile_id;
}
