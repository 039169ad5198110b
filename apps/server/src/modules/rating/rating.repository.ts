import { CompiledQuery, type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { Database, RatedLineTable, RatedPeriodTable } from '../../db/schema.ts';
import { forUpdate } from '../../db/transaction.ts';
import { dialectOfExecutor, placeholders, runBatches } from '../usage/sql-batches.ts';

/** rated_periods and rated_lines: the money of record of open periods (rating.service.ts). */

/** (tenant id, period) */
export type TenantPeriod = readonly [string, string];

/** rows × columns stays under every engine's limit of bound parameters (SQLite: 32,766). */
const ROWS_PER_INSERT = 1000;

function pairsOf(
  eb: ExpressionBuilder<Database, 'rated_periods' | 'rated_lines'>,
  pairs: readonly TenantPeriod[],
) {
  return eb.or(
    pairs.map(([tenantId, period]) => eb.and([eb('tenant_id', '=', tenantId), eb('period', '=', period)])),
  );
}

function lockedPeriods(trx: Kysely<Database>, pairs: readonly TenantPeriod[]) {
  return trx
    .selectFrom('rated_periods')
    .select(['tenant_id', 'period'])
    .where((eb) => pairsOf(eb, pairs))
    .orderBy('tenant_id')
    .orderBy('period')
    .$call(forUpdate(trx))
    .execute();
}

/**
 * Locks the (tenant, period) rows for the rest of the transaction in (tenant, period) order,
 * creating a placeholder for a period never rated, so two ratings of one tenant-period run one
 * after the other (the second waits here, then reads the usage the first could not see). On
 * MySQL/MariaDB two first ratings may both find no row and deadlock on the insert; the engine
 * aborts one and the transaction helper runs it again, when it finds the row.
 */
export async function lockRatedPeriods(
  trx: Kysely<Database>,
  placeholders: readonly RatedPeriodTable[],
): Promise<void> {
  if (placeholders.length === 0) return;
  const pairs = placeholders.map((p): TenantPeriod => [p.tenant_id, p.period]);
  const found = new Set((await lockedPeriods(trx, pairs)).map((r) => `${r.tenant_id}\u0000${r.period}`));
  const missing = placeholders.filter((p) => !found.has(`${p.tenant_id}\u0000${p.period}`));
  if (missing.length === 0) return;
  const insert = trx.insertInto('rated_periods').values(missing);
  if (dialectOfExecutor(trx) === 'mysql') await insert.ignore().execute();
  else await insert.onConflict((oc) => oc.columns(['tenant_id', 'period']).doNothing()).execute();
  await lockedPeriods(
    trx,
    missing.map((p) => [p.tenant_id, p.period]),
  );
}

const LINE_COLUMNS = [
  'tenant_id',
  'period',
  'position',
  'kind',
  'parent_position',
  'subscription_id',
  'region_id',
  'meter_id',
  'sku',
  'price_list_id',
  'price_list_version_id',
  'price_item_id',
  'raw_quantity',
  'quantity',
  'price_unit',
  'rate',
  'tier_mode',
  'slices',
  'amount',
  'currency',
  'unpriced',
  'discount_id',
  'credit_id',
  'description',
] as const satisfies readonly (keyof RatedLineTable)[];

const PERIOD_COLUMNS = [
  'tenant_id',
  'period',
  'currency',
  'status',
  'subtotal',
  'unpriced_lines',
  'exchange_rates',
  'rated_at',
] as const satisfies readonly (keyof RatedPeriodTable)[];

/**
 * Replaces the lines and rated_periods rows of locked tenant-periods (a rating batch): one delete,
 * the lines in multi-row inserts, the periods in one upsert (their rows exist: they are locked).
 * The inserts are raw SQL: Kysely builds and compiles a query in time proportional to its values,
 * which for 200,000 lines (bench rate) cost more than the database's own work.
 */
export async function replaceRatedPeriods(
  trx: Kysely<Database>,
  periods: readonly RatedPeriodTable[],
  lines: readonly RatedLineTable[],
): Promise<void> {
  if (periods.length === 0) return;
  const dialect = dialectOfExecutor(trx);
  await trx
    .deleteFrom('rated_lines')
    .where((eb) =>
      pairsOf(
        eb,
        periods.map((p) => [p.tenant_id, p.period]),
      ),
    )
    .execute();
  const names = LINE_COLUMNS.join(', ');
  await runBatches(lines, ROWS_PER_INSERT, async (batch) => {
    // PostgreSQL: the rows as one JSON parameter. 24 parameters a row made a statement PostgreSQL
    // took longer to parse and plan than to insert, and arrays per column cost the driver more
    // to escape than JSON.stringify; the decimals travel as JSON strings, read exactly.
    const query =
      dialect === 'postgres'
        ? CompiledQuery.raw(
            `insert into rated_lines (${names}) select ${names} from json_populate_recordset(null::rated_lines, $1::json)`,
            [JSON.stringify(batch)],
          )
        : CompiledQuery.raw(
            `insert into rated_lines (${names}) values ${placeholders(dialect, batch.length, LINE_COLUMNS.length)}`,
            batch.flatMap((line) => LINE_COLUMNS.map((column) => line[column])),
          );
    await trx.executeQuery(query);
  });
  const updated = PERIOD_COLUMNS.slice(2);
  const tail =
    dialect === 'mysql'
      ? ` on duplicate key update ${updated.map((c) => `${c} = values(${c})`).join(', ')}`
      : ` on conflict (tenant_id, period) do update set ${updated.map((c) => `${c} = excluded.${c}`).join(', ')}`;
  await runBatches(periods, ROWS_PER_INSERT, async (batch) => {
    const params: unknown[] = [];
    for (const period of batch) for (const column of PERIOD_COLUMNS) params.push(period[column]);
    await trx.executeQuery(
      CompiledQuery.raw(
        `insert into rated_periods (${PERIOD_COLUMNS.join(', ')}) values ${placeholders(dialect, batch.length, PERIOD_COLUMNS.length)}${tail}`,
        params,
      ),
    );
  });
}

/** Locks the existing rows of these tenant-periods in (tenant, period) order: the ones that exist. */
export async function lockExistingRatedPeriods(
  trx: Kysely<Database>,
  pairs: readonly TenantPeriod[],
): Promise<TenantPeriod[]> {
  if (pairs.length === 0) return [];
  return (await lockedPeriods(trx, pairs)).map((r): TenantPeriod => [r.tenant_id, r.period]);
}

/** The rated_periods rows of these tenants in one period. */
export function findRatedPeriodsOf(db: Kysely<Database>, tenantIds: readonly string[], period: string) {
  if (tenantIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('rated_periods')
    .selectAll()
    .where('tenant_id', 'in', [...tenantIds])
    .where('period', '=', period)
    .execute();
}

/** The rated lines of these tenants in one period, each tenant's in position order. */
export function linesOfTenants(db: Kysely<Database>, tenantIds: readonly string[], period: string) {
  if (tenantIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('rated_lines')
    .selectAll()
    .where('tenant_id', 'in', [...tenantIds])
    .where('period', '=', period)
    .orderBy('tenant_id')
    .orderBy('position')
    .execute();
}

export function findRatedPeriod(db: Kysely<Database>, tenantId: string, period: string) {
  return db
    .selectFrom('rated_periods')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('period', '=', period)
    .executeTakeFirst();
}

/** Every rated (tenant, period), optionally one tenant's or one period's only. */
export function ratedPeriodPairs(
  db: Kysely<Database>,
  only: { tenantId?: string | undefined; period?: string | undefined } = {},
) {
  let query = db.selectFrom('rated_periods').select(['tenant_id', 'period']);
  if (only.tenantId) query = query.where('tenant_id', '=', only.tenantId);
  if (only.period) query = query.where('period', '=', only.period);
  return query.execute();
}

export function tenantLines(db: Kysely<Database>, tenantId: string, period: string) {
  return db
    .selectFrom('rated_lines')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('period', '=', period)
    .orderBy('position')
    .execute();
}

export function subscriptionLines(db: Kysely<Database>, subscriptionId: string, period: string) {
  return db
    .selectFrom('rated_lines')
    .selectAll()
    .where('subscription_id', '=', subscriptionId)
    .where('period', '=', period)
    .orderBy('position')
    .execute();
}

/** The rated_periods rows of these tenants for one period (reports). */
export function ratedPeriodsOf(db: Kysely<Database>, tenantIds: string[], period: string) {
  if (tenantIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('rated_periods')
    .selectAll()
    .where('period', '=', period)
    .where('tenant_id', 'in', tenantIds)
    .execute();
}

/**
 * Per tenant and kind of line: the exact sum of the amounts and the number of lines of one period
 * (SUM over DECIMAL on MySQL/MariaDB and PostgreSQL, the exact `decimal_sum` on SQLite).
 */
export function lineTotalsOf(db: Kysely<Database>, tenantIds: string[], period: string) {
  if (tenantIds.length === 0) return Promise.resolve([]);
  const sqlite = dialectOfExecutor(db) === 'sqlite';
  return db
    .selectFrom('rated_lines')
    .select((eb) => [
      'tenant_id',
      'kind',
      (sqlite ? eb.fn<string>('decimal_sum', ['amount']) : eb.fn.sum<string>('amount')).as('amount'),
      sql<string | number>`count(*)`.as('lines'),
    ])
    .where('period', '=', period)
    .where('tenant_id', 'in', tenantIds)
    .groupBy(['tenant_id', 'kind'])
    .execute();
}
