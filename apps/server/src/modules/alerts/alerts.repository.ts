import { type ExpressionBuilder, type Kysely, MysqlAdapter, type SelectQueryBuilder, sql } from 'kysely';
import type { Scope } from '../../context.ts';
import { toCount } from '../../db/database.ts';
import type { AlertRow, AlertSeverity, AlertTable, Database } from '../../db/schema.ts';
import { forUpdate } from '../../db/transaction.ts';
import { containsText, paginate } from '../../http/pagination.ts';
import { chainColumn, scopeWhere } from '../../tenancy/scope.ts';

/** unresolved = open or acknowledged. */
export type AlertStatusFilter = 'open' | 'acknowledged' | 'unresolved' | 'resolved';

export interface AlertFilter {
  status?: AlertStatusFilter | undefined;
  severity?: AlertSeverity | undefined;
  kind?: string | undefined;
  regionId?: string | undefined;
  subscriptionId?: string | undefined;
  /** An organisation's branch (`level` from its id): alerts about it or anything under it. */
  branch?: Branch | undefined;
  q?: string | undefined;
}

export type Branch = Pick<Scope, 'level' | 'orgId'>;

type AlertQuery<O> = SelectQueryBuilder<Database, 'alerts', O>;

/**
 * Alerts whose subject lies in the branch: a subscription by the subscription's current chain,
 * else an organisation by the organisation's, else (region and system alerts) only the platform's
 * branch. The subjects are read in subqueries, never joined, so a locking read locks the alert
 * alone and a move is followed without rewriting any alert.
 */
function inBranch(branch: Branch) {
  // scopeWhere reads only the level and the organisation; the ids above it do not matter here.
  const scope: Scope = { ...branch, distributorId: null, partnerId: null, tenantId: null };
  return <O>(qb: AlertQuery<O>): AlertQuery<O> => {
    if (chainColumn(scope) === null) return qb;
    return qb.where((eb: ExpressionBuilder<Database, 'alerts'>) =>
      eb.or([
        eb(
          'alerts.subscription_id',
          'in',
          eb.selectFrom('subscriptions').select('subscriptions.id').$call(scopeWhere(scope, 'subscriptions')),
        ),
        eb.and([
          eb('alerts.subscription_id', 'is', null),
          eb(
            'alerts.org_id',
            'in',
            eb
              .selectFrom('organisations')
              .select('organisations.id')
              .$call(scopeWhere(scope, 'organisations')),
          ),
        ]),
      ]),
    );
  };
}

/** The viewer's alerts with the names of their subjects (joined for display only). */
function visibleAlerts(db: Kysely<Database>, scope: Scope) {
  return db
    .selectFrom('alerts')
    .leftJoin('subscriptions', 'subscriptions.id', 'alerts.subscription_id')
    .leftJoin('organisations', 'organisations.id', 'alerts.org_id')
    .selectAll('alerts')
    .select([
      'subscriptions.name as subscription_name',
      'subscriptions.tenant_id as subscription_tenant_id',
      'organisations.name as org_name',
      'organisations.kind as org_kind',
    ])
    .$call(inBranch(scope));
}

export type AlertListRow = Awaited<ReturnType<typeof findAlert>> & {};

export function findAlert(db: Kysely<Database>, scope: Scope, id: string) {
  return visibleAlerts(db, scope).where('alerts.id', '=', id).executeTakeFirst();
}

export async function listAlertRows(
  db: Kysely<Database>,
  scope: Scope,
  filter: AlertFilter,
  page: { limit: number; cursor?: string | undefined; includeTotal: boolean },
) {
  const filtered = <O>(qb: AlertQuery<O>): AlertQuery<O> => {
    let query = qb;
    switch (filter.status) {
      case 'open':
        query = query.where('alerts.resolved_at', 'is', null).where('alerts.acknowledged_at', 'is', null);
        break;
      case 'acknowledged':
        query = query.where('alerts.resolved_at', 'is', null).where('alerts.acknowledged_at', 'is not', null);
        break;
      case 'unresolved':
        query = query.where('alerts.resolved_at', 'is', null);
        break;
      case 'resolved':
        query = query.where('alerts.resolved_at', 'is not', null);
        break;
      case undefined:
        break;
    }
    if (filter.severity) query = query.where('alerts.severity', '=', filter.severity);
    if (filter.kind) query = query.where('alerts.kind', '=', filter.kind);
    if (filter.regionId) query = query.where('alerts.region_id', '=', filter.regionId);
    if (filter.subscriptionId) query = query.where('alerts.subscription_id', '=', filter.subscriptionId);
    if (filter.branch) query = query.$call(inBranch(filter.branch));
    if (filter.q) query = query.where(containsText('alerts.title', filter.q));
    return query;
  };
  const result = await paginate(
    visibleAlerts(db, scope).$call(filtered),
    { column: 'alerts.last_seen_at', idColumn: 'alerts.id', direction: 'desc' },
    { limit: page.limit, cursor: page.cursor, sortValue: (row) => row.last_seen_at },
  );
  if (!page.includeTotal) return { items: result.items, nextCursor: result.nextCursor };
  const total = await db
    .selectFrom('alerts')
    .$call(inBranch(scope))
    .$call(filtered)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return { items: result.items, nextCursor: result.nextCursor, total: toCount(total.n) };
}

/** Unresolved alerts the viewer can see, by severity and whether someone acknowledged them. */
export function countUnresolved(db: Kysely<Database>, branch: Branch) {
  const acknowledged = sql<number>`case when alerts.acknowledged_at is null then 0 else 1 end`;
  return db
    .selectFrom('alerts')
    .$call(inBranch(branch))
    .where('alerts.open_key', 'is not', null)
    .select((eb) => ['alerts.severity', acknowledged.as('acknowledged'), eb.fn.countAll().as('n')])
    .groupBy(['alerts.severity', acknowledged])
    .execute();
}

/** The alert inside the scope, locked until the commit (another acknowledge or resolve waits). */
export function lockAlert(trx: Kysely<Database>, scope: Scope, id: string) {
  return trx
    .selectFrom('alerts')
    .selectAll()
    .where('alerts.id', '=', id)
    .$call(inBranch(scope))
    .$call(forUpdate(trx))
    .executeTakeFirst();
}

/** The unresolved alert of a condition, locked until the commit. */
export function lockOpenAlert(trx: Kysely<Database>, openKey: string): Promise<AlertRow | undefined> {
  return trx
    .selectFrom('alerts')
    .selectAll()
    .where('open_key', '=', openKey)
    .$call(forUpdate(trx))
    .executeTakeFirst();
}

/** The unresolved alerts of some conditions (open keys), locked in open-key order. */
export function lockOpenAlerts(trx: Kysely<Database>, openKeys: string[]) {
  if (openKeys.length === 0) return Promise.resolve([]);
  return trx
    .selectFrom('alerts')
    .select('id')
    .where('open_key', 'in', openKeys)
    .orderBy('open_key')
    .$call(forUpdate(trx))
    .execute();
}

/**
 * Inserts the alert unless another unresolved alert of the condition exists. A concurrent
 * transaction that inserted it first makes this one wait on the unique index until it commits
 * (then nothing is inserted) or rolls back (then this row is). Not a plain INSERT: a unique
 * violation would abort the caller's whole transaction on PostgreSQL.
 */
export async function insertAlertUnlessOpen(trx: Kysely<Database>, row: AlertTable): Promise<void> {
  const insert = trx.insertInto('alerts').values(row);
  if (trx.getExecutor().adapter instanceof MysqlAdapter) {
    // Not INSERT IGNORE, which would also turn data errors into warnings.
    await insert.onDuplicateKeyUpdate({ open_key: sql`open_key` }).execute();
  } else {
    await insert.onConflict((oc) => oc.column('open_key').doNothing()).execute();
  }
}

export async function updateAlertRow(
  trx: Kysely<Database>,
  id: string,
  changes: Partial<AlertTable>,
): Promise<void> {
  await trx.updateTable('alerts').set(changes).where('id', '=', id).execute();
}

/**
 * The unresolved alerts of a kind whose key starts with the prefix, locked. The LIKE narrows by
 * index-free text (its case rules differ by engine); the caller keeps only exact prefixes.
 */
export function lockOpenAlertsByPrefix(trx: Kysely<Database>, kind: string, prefixes: readonly string[]) {
  const like = (prefix: string) =>
    sql<boolean>`alert_key like ${`${prefix.replace(/[!%_]/g, (c) => `!${c}`)}%`} escape '!'`;
  return trx
    .selectFrom('alerts')
    .select(['id', 'alert_key'])
    .where('kind', '=', kind)
    .where('open_key', 'is not', null)
    .where((eb) => eb.or(prefixes.map(like)))
    .orderBy('id')
    .$call(forUpdate(trx))
    .execute();
}

export async function resolveAlertRows(
  trx: Kysely<Database>,
  ids: string[],
  resolvedAt: string,
  resolvedBy: string | null,
): Promise<void> {
  if (ids.length === 0) return;
  await trx
    .updateTable('alerts')
    .set({ open_key: null, resolved_at: resolvedAt, resolved_by: resolvedBy })
    .where('id', 'in', ids)
    .execute();
}

/** Every unresolved alert by severity and acknowledgement, for the metrics (all processes' alerts). */
export function countAllUnresolved(db: Kysely<Database>) {
  return countUnresolved(db, { level: 'platform', orgId: '' });
}
