import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** Reads for rating (rating-rates.ts); the exchange-rates service writes the table. */

/**
 * The latest rate of `currency` per one `base` in effect just before `instant` (ISO), if any: the
 * end of a period is the first moment of the next, and a rate taking effect then is the next's.
 */
export function latestRateAt(db: Kysely<Database>, base: string, currency: string, instant: string) {
  return db
    .selectFrom('exchange_rates')
    .select(['rate', 'effective_from'])
    .where('base_currency', '=', base)
    .where('currency', '=', currency)
    .where('effective_from', '<', instant)
    .orderBy('effective_from', 'desc')
    .limit(1)
    .executeTakeFirst();
}
