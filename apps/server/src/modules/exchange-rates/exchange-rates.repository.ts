import type { Kysely } from 'kysely';
import { toCount } from '../../db/database.ts';
import type { Database, ExchangeRateTable } from '../../db/schema.ts';
import { forUpdate } from '../../db/transaction.ts';
import { type PageRequest, paginate, parseSort } from '../../http/pagination.ts';

/** Exchange rates are the platform's: the service lets only platform users reach these. */

export function findExchangeRate(db: Kysely<Database>, id: string) {
  return db.selectFrom('exchange_rates').selectAll().where('id', '=', id).executeTakeFirst();
}

export function lockExchangeRate(trx: Kysely<Database>, id: string) {
  return trx
    .selectFrom('exchange_rates')
    .selectAll()
    .where('id', '=', id)
    .$call(forUpdate(trx))
    .executeTakeFirst();
}

export async function exchangeRateExists(
  db: Kysely<Database>,
  base: string,
  currency: string,
  effectiveFrom: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('exchange_rates')
    .select('id')
    .where('base_currency', '=', base)
    .where('currency', '=', currency)
    .where('effective_from', '=', effectiveFrom)
    .executeTakeFirst();
  return row?.id;
}

const SORT_COLUMNS = { effectiveFrom: 'exchange_rates.effective_from' };

export async function listExchangeRateRows(
  db: Kysely<Database>,
  currency: string | undefined,
  page: PageRequest,
) {
  const filtered = () => {
    let query = db.selectFrom('exchange_rates');
    if (currency) query = query.where('exchange_rates.currency', '=', currency);
    return query;
  };
  const result = await paginate(
    filtered().selectAll(),
    parseSort(page.sort, SORT_COLUMNS, 'exchange_rates.id'),
    { ...page, sortValue: (row) => row.effective_from },
  );
  if (!page.includeTotal) return { items: result.items, nextCursor: result.nextCursor };
  const total = await filtered()
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return { items: result.items, nextCursor: result.nextCursor, total: toCount(total.n) };
}

export async function insertExchangeRate(trx: Kysely<Database>, row: ExchangeRateTable): Promise<void> {
  await trx.insertInto('exchange_rates').values(row).execute();
}

export async function deleteExchangeRateRow(trx: Kysely<Database>, id: string): Promise<void> {
  await trx.deleteFrom('exchange_rates').where('id', '=', id).execute();
}
