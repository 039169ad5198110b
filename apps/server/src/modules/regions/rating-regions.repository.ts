import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** Reads for rating and cost to date (rating-regions.ts). */
export function regionClockRows(db: Kysely<Database>, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('regions')
    .select(['id', 'kind', 'time_zone', 'usage_watermark'])
    .where('id', 'in', ids)
    .execute();
}
