import { type Kysely, sql } from 'kysely';
import type { Database, RatedLineTable, RatedPeriodTable } from '../../db/schema.ts';
import { forUpdate } from '../../db/transaction.ts';
import { dialectOfExecutor } from '../usage/sql-batches.ts';

/** rated_periods and rated_lines: the money of record of open periods (rating.service.ts). */

const LINE_BATCH = 500;

function lockedPeriod(trx: Kysely<Database>, tenantId: string, period: string) {
  return trx
    .selectFrom('rated_periods')
    .select(['tenant_id', 'status'])
    .where('tenant_id', '=', tenantId)
    .where('period', '=', period)
    .$call(forUpdate(trx))
    .executeTakeFirst();
}

/**
 * Locks the (tenant, period) row for the rest of the transaction, creating a placeholder when
 * the period was never rated, so two ratings of one tenant-period run one after the other (the
 * second waits here, then reads the usage the first could not see). On MySQL/MariaDB two first
 * ratings may both find no row and deadlock on the insert; the engine aborts one and the
 * transaction helper runs it again, when it finds the row.
 */
export async function lockRatedPeriod(trx: Kysely<Database>, placeholder: RatedPeriodTable): Promise<void> {
  if (await lockedPeriod(trx, placeholder.tenant_id, placeholder.period)) return;
  const insert = trx.insertInto('rated_periods').values(placeholder);
  if (dialectOfExecutor(trx) === 'mysql') await insert.ignore().execute();
  else await insert.onConflict((oc) => oc.columns(['tenant_id', 'period']).doNothing()).execute();
  await lockedPeriod(trx, placeholder.tenant_id, placeholder.period);
}

export async function replaceRatedPeriod(
  trx: Kysely<Database>,
  period: RatedPeriodTable,
  lines: RatedLineTable[],
): Promise<void> {
  await trx
    .deleteFrom('rated_lines')
    .where('tenant_id', '=', period.tenant_id)
    .where('period', '=', period.period)
    .execute();
  for (let i = 0; i < lines.length; i += LINE_BATCH) {
    await trx
      .insertInto('rated_lines')
      .values(lines.slice(i, i + LINE_BATCH))
      .execute();
  }
  await trx
    .updateTable('rated_periods')
    .set({
      currency: period.currency,
      status: period.status,
      subtotal: period.subtotal,
      unpriced_lines: period.unpriced_lines,
      exchange_rates: period.exchange_rates,
      rated_at: period.rated_at,
    })
    .where('tenant_id', '=', period.tenant_id)
    .where('period', '=', period.period)
    .execute();
}

/** Locks an existing (tenant, period) row; false when the period was never rated. */
export async function lockExistingRatedPeriod(
  trx: Kysely<Database>,
  tenantId: string,
  period: string,
): Promise<boolean> {
  return (await lockedPeriod(trx, tenantId, period)) !== undefined;
}

export function findRatedPeriod(db: Kysely<Database>, tenantId: string, period: string) {
  return db
    .selectFrom('rated_periods')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('period', '=', period)
    .executeTakeFirst();
}

export function ratedPeriodPairs(db: Kysely<Database>) {
  return db.selectFrom('rated_periods').select(['tenant_id', 'period']).execute();
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
