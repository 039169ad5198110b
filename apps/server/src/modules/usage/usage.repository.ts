import { CompiledQuery, type Kysely, sql } from 'kysely';
import { escape as mysqlLiteral } from 'mysql2';
import type { Database, UsagePullTable, UsageRecordTable } from '../../db/schema.ts';
import { dialectOfExecutor, placeholders, runBatches, type Sliceable } from './sql-batches.ts';

/** What the storage of a unit needs of the rows it replaces. */
export interface StoredUsageRow {
  azs_subscription_id: string;
  record_key: string;
  meter_id: string;
  resource_uri: string;
  sku: string | null;
  usage_start: string;
  quantity: string;
  first_job_id: string | null;
  first_collected_at: string;
}

function unitScope(dialect: string, subscriber: string | null): string {
  const p = (n: number) => (dialect === 'postgres' ? `$${n}` : '?');
  return `region_id = ${p(1)} and reported_window = ${p(2)}${subscriber === null ? '' : ` and azs_subscription_id = ${p(3)}`}`;
}

/** The rows a pull of (window) or (window, subscriber) replaces, locked on MySQL/PostgreSQL. */
export async function lockUnitRows(
  trx: Kysely<Database>,
  regionId: string,
  window: string,
  subscriber: string | null,
): Promise<StoredUsageRow[]> {
  const dialect = dialectOfExecutor(trx);
  const text =
    'select azs_subscription_id, record_key, meter_id, resource_uri, sku, usage_start, quantity, first_job_id, first_collected_at ' +
    `from usage_records where ${unitScope(dialect, subscriber)}${dialect === 'sqlite' ? '' : ' for update'}`;
  const params = subscriber === null ? [regionId, window] : [regionId, window, subscriber];
  const result = await trx.executeQuery<StoredUsageRow>(CompiledQuery.raw(text, params));
  return result.rows.map((row) => ({ ...row, quantity: String(row.quantity) }));
}

export async function deleteUnitRows(
  trx: Kysely<Database>,
  regionId: string,
  window: string,
  subscriber: string | null,
): Promise<void> {
  const dialect = dialectOfExecutor(trx);
  const params = subscriber === null ? [regionId, window] : [regionId, window, subscriber];
  await trx.executeQuery(
    CompiledQuery.raw(`delete from usage_records where ${unitScope(dialect, subscriber)}`, params),
  );
}

const RECORD_COLUMNS = [
  'region_id',
  'reported_window',
  'azs_subscription_id',
  'record_key',
  'meter_id',
  'resource_uri',
  'usage_start',
  'usage_end',
  'quantity',
  'raw_quantity',
  'sku',
  'location',
  'tags',
  'additional_info',
  'first_job_id',
  'first_collected_at',
  'collected_at',
] as const satisfies readonly (keyof UsageRecordTable)[];

/**
 * Inserts rows, 100 per multi-row statement; `stamp` sets each row's provenance just before its
 * statement (the rows of a packed unit exist only for their batch: packed-unit.ts).
 */
export async function insertUsageRows(
  trx: Kysely<Database>,
  rows: Sliceable<UsageRecordTable>,
  stamp: (row: UsageRecordTable) => void,
): Promise<void> {
  const dialect = dialectOfExecutor(trx);
  if (dialect === 'mysql') return insertUsageRowsMysql(trx, rows, stamp);
  await runBatches(rows, 100, async (batch) => {
    const params: unknown[] = new Array(batch.length * RECORD_COLUMNS.length);
    let i = 0;
    for (const row of batch) {
      stamp(row);
      params[i++] = row.region_id;
      params[i++] = row.reported_window;
      params[i++] = row.azs_subscription_id;
      params[i++] = row.record_key;
      params[i++] = row.meter_id;
      params[i++] = row.resource_uri;
      params[i++] = row.usage_start;
      params[i++] = row.usage_end;
      params[i++] = row.quantity;
      params[i++] = row.raw_quantity;
      params[i++] = row.sku;
      params[i++] = row.location;
      params[i++] = row.tags;
      params[i++] = row.additional_info;
      params[i++] = row.first_job_id;
      params[i++] = row.first_collected_at;
      params[i++] = row.collected_at;
    }
    const text = `insert into usage_records (${RECORD_COLUMNS.join(', ')}) values ${placeholders(dialect, batch.length, RECORD_COLUMNS.length)}`;
    await trx.executeQuery(CompiledQuery.raw(text, params));
  });
}

/**
 * MySQL's driver (mysql2's query(), as Kysely calls it) formats the parameters into the SQL text on
 * the client, by concatenation: a new quoted string per value and several times the statement's
 * size in intermediate strings for each 100-row insert, about three quarters of all the collector's
 * allocation on MariaDB (bench/README.md, ingest). Here each statement is written with the same
 * literals (mysql2's own escaping, as its formatting applies it), each distinct value of the batch
 * quoted once (most repeat from row to row), and joined into one flat string: nothing left to format.
 */
async function insertUsageRowsMysql(
  trx: Kysely<Database>,
  rows: Sliceable<UsageRecordTable>,
  stamp: (row: UsageRecordTable) => void,
): Promise<void> {
  const head = `insert into usage_records (${RECORD_COLUMNS.join(', ')}) values `;
  await runBatches(rows, 100, async (batch) => {
    const literals = new Map<string | null, string>();
    const literal = (value: string | null): string => {
      let text = literals.get(value);
      if (text === undefined) {
        text = mysqlLiteral(value);
        literals.set(value, text);
      }
      return text;
    };
    // head, then per row: an opening, and each value with the separator that follows it.
    const parts: string[] = new Array(1 + batch.length * (1 + 2 * RECORD_COLUMNS.length));
    let p = 0;
    parts[p++] = head;
    for (let r = 0; r < batch.length; r++) {
      const row = batch[r]!;
      stamp(row);
      parts[p++] = r === 0 ? '(' : ', (';
      for (let c = 0; c < RECORD_COLUMNS.length; c++) {
        const column = RECORD_COLUMNS[c]!;
        // record_key is unique per row: not worth a cache entry.
        parts[p++] = column === 'record_key' ? mysqlLiteral(row.record_key) : literal(row[column]);
        parts[p++] = c === RECORD_COLUMNS.length - 1 ? ')' : ', ';
      }
    }
    await trx.executeQuery(CompiledQuery.raw(parts.join(''), []));
  });
}

/** Records the latest pull of a unit (one row per region, window and subscriber). */
export async function upsertPull(trx: Kysely<Database>, row: UsagePullTable): Promise<void> {
  const { region_id: _r, reported_window: _w, subscriber: _s, ...changes } = row;
  const insert = trx.insertInto('usage_pulls').values(row);
  if (dialectOfExecutor(trx) === 'mysql') {
    await insert.onDuplicateKeyUpdate(changes).execute();
  } else {
    await insert
      .onConflict((oc) => oc.columns(['region_id', 'reported_window', 'subscriber']).doUpdateSet(changes))
      .execute();
  }
}

export function findPull(trx: Kysely<Database>, regionId: string, window: string, subscriber: string) {
  return trx
    .selectFrom('usage_pulls')
    .selectAll()
    .where('region_id', '=', regionId)
    .where('reported_window', '=', window)
    .where('subscriber', '=', subscriber)
    .executeTakeFirst();
}

export async function regionHasClosedPeriods(trx: Kysely<Database>, regionId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('closed_periods')
    .select('period')
    .where('region_id', '=', regionId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The closed periods of the tenants whose CMS subscriptions are linked to these Azure Stack
 * subscriptions on the region (deleted CMS subscriptions included: their issued invoices stand).
 */
export async function closedPeriodsOf(
  trx: Kysely<Database>,
  regionId: string,
  azsSubscriptionIds: string[],
): Promise<{ azs_subscription_id: string; period: string }[]> {
  if (azsSubscriptionIds.length === 0) return [];
  const rows = await trx
    .selectFrom('closed_periods as cp')
    .innerJoin('subscriptions as s', (join) =>
      join.onRef('s.tenant_id', '=', 'cp.tenant_id').onRef('s.region_id', '=', 'cp.region_id'),
    )
    .select(['s.azs_subscription_id', 'cp.period'])
    .where('cp.region_id', '=', regionId)
    .where('s.azs_subscription_id', 'in', azsSubscriptionIds)
    .execute();
  return rows.map((row) => ({ azs_subscription_id: row.azs_subscription_id!, period: row.period }));
}

export async function insertClosedPeriods(
  trx: Kysely<Database>,
  rows: readonly {
    tenant_id: string;
    region_id: string;
    period: string;
    closed_at: string;
    invoice_id: string | null;
  }[],
): Promise<void> {
  if (rows.length === 0) return;
  const insert = trx.insertInto('closed_periods').values([...rows]);
  if (dialectOfExecutor(trx) === 'mysql') {
    await insert.onDuplicateKeyUpdate({ period: sql`period` }).execute();
  } else {
    await insert.onConflict((oc) => oc.doNothing()).execute();
  }
}

/** The region's held pulls, oldest window first (few: each waits for an administrator). */
export function listHeldPulls(db: Kysely<Database>, regionId: string) {
  return db
    .selectFrom('usage_pulls')
    .selectAll()
    .where('status', '=', 'held')
    .where('region_id', '=', regionId)
    .orderBy('reported_window')
    .orderBy('subscriber')
    .execute();
}

/** A tenant's closed periods (each region's row), in period order. */
export function tenantClosedPeriodRows(db: Kysely<Database>, tenantId: string) {
  return db
    .selectFrom('closed_periods')
    .select(['period', 'region_id', 'invoice_id', 'closed_at'])
    .where('tenant_id', '=', tenantId)
    .orderBy('period')
    .orderBy('region_id')
    .execute();
}

/** Which of these tenants have a closed period other than `period`. */
export async function tenantsClosedOutside(
  db: Kysely<Database>,
  tenantIds: readonly string[],
  period: string,
): Promise<Set<string>> {
  if (tenantIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('closed_periods')
    .select('tenant_id')
    .distinct()
    .where('tenant_id', 'in', [...tenantIds])
    .where('period', '!=', period)
    .execute();
  return new Set(rows.map((r) => r.tenant_id));
}

/** Whether any tenant's period was closed (its invoice issued) at or after this instant. */
export async function anyPeriodClosedSince(db: Kysely<Database>, instant: string): Promise<boolean> {
  const row = await db
    .selectFrom('closed_periods')
    .select('period')
    .where('closed_at', '>=', instant)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
