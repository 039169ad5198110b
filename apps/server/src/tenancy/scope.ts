import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { Scope } from '../context.ts';
import type { Database } from '../db/schema.ts';

/**
 * The one scoping rule. Every scoped table carries the chain of its owners (distributor_id,
 * partner_id, tenant_id); an actor sees a row when the chain column of its own level holds its
 * organisation. Platform actors see everything. Each level's column is indexed, so "everything
 * under X" is one index range on every engine.
 */
export function scopeWhere(scope: Pick<Scope, 'level' | 'orgId'>, table?: string) {
  return <DB, TB extends keyof DB, O>(qb: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O> => {
    const column = chainColumn(scope);
    if (column === null) return qb;
    const ref = sql.ref(table ? `${table}.${column}` : column);
    return qb.where(sql<boolean>`${ref} = ${scope.orgId}`);
  };
}

export function chainColumn(
  scope: Pick<Scope, 'level'>,
): 'distributor_id' | 'partner_id' | 'tenant_id' | null {
  switch (scope.level) {
    case 'platform':
      return null;
    case 'distributor':
      return 'distributor_id';
    case 'partner':
      return 'partner_id';
    case 'tenant':
      return 'tenant_id';
  }
}

/** Which of these ids of a scoped table the scope can see (soft-deleted rows included). */
export async function visibleIds(
  db: Kysely<Database>,
  table: 'organisations' | 'subscriptions' | 'users',
  scope: Scope,
  ids: string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom(table)
    .select('id')
    .$call(scopeWhere(scope))
    .where('id', 'in', ids)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** The names of those of these ids of a named scoped table that the scope can see (soft-deleted rows included). */
export async function visibleNames(
  db: Kysely<Database>,
  table: 'organisations' | 'subscriptions',
  scope: Scope,
  ids: string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom(table)
    .select(['id', 'name'])
    .$call(scopeWhere(scope))
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}
