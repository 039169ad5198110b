import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { meterRows } from './usage-reads.repository.ts';

/** What reports read of the meter catalogs (modules/reports). */

export interface MeterDetails {
  name: string;
  unit: string;
  category: string | null;
  informational: boolean;
  /** Reported as fractions of a month and stored as hours. */
  monthFraction: boolean;
}

/** Catalog entries of these meters ('azure-stack' or an import source's id); unknown ones absent. */
export async function meterDetails(
  db: Kysely<Database>,
  catalog: string,
  meterIds: readonly string[],
): Promise<Map<string, MeterDetails>> {
  const rows = await meterRows(db, catalog, [...new Set(meterIds)]);
  return new Map(
    rows.map((r) => [
      r.meter_id,
      {
        name: r.name,
        unit: r.unit,
        category: r.category,
        informational: Number(r.informational) === 1,
        monthFraction: Number(r.month_fraction) === 1,
      },
    ]),
  );
}
