import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AZURE_STACK_CATALOG, AZURE_STACK_METERS } from './meters.catalog.ts';
import { insertMeter, listCatalogMeters, meterFlags, updateMeter } from './meters.repository.ts';
import { normaliseMeterId } from './usage.keys.ts';

/**
 * Brings the seeded Azure Stack Hub meters in line with the shipped catalog (at boot): missing ones
 * are inserted, changed ones updated, unchanged ones left alone, so a restart writes nothing. Meters
 * that left the catalog stay (usage may refer to them).
 */
export async function syncMeterCatalog(app: AppContext): Promise<{ inserted: number; updated: number }> {
  const now = nowIso(app.clock);
  return transaction(app.db, async (trx) => {
    const existing = new Map(
      (await listCatalogMeters(trx, AZURE_STACK_CATALOG)).map((row) => [row.meter_id, row]),
    );
    let inserted = 0;
    let updated = 0;
    for (const meter of AZURE_STACK_METERS) {
      const wanted = {
        name: meter.name,
        unit: meter.unit,
        category: meter.category,
        informational: meter.informational ? 1 : 0,
        month_fraction: meter.monthFraction ? 1 : 0,
        deprecated: meter.deprecated ? 1 : 0,
      };
      const meterId = normaliseMeterId(meter.id);
      const row = existing.get(meterId);
      if (row === undefined) {
        await insertMeter(trx, {
          catalog: AZURE_STACK_CATALOG,
          meter_id: meterId,
          ...wanted,
          source: 'seed',
          created_at: now,
          updated_at: now,
        });
        inserted++;
      } else if (
        row.name !== wanted.name ||
        row.unit !== wanted.unit ||
        row.category !== wanted.category ||
        Number(row.informational) !== wanted.informational ||
        Number(row.month_fraction) !== wanted.month_fraction ||
        Number(row.deprecated) !== wanted.deprecated
      ) {
        await updateMeter(trx, AZURE_STACK_CATALOG, meterId, { ...wanted, updated_at: now });
        updated++;
      }
    }
    return { inserted, updated };
  });
}

/** The Azure Stack Hub catalog's flags by normalised meter id: what collection converts and flags. */
export async function azureStackMeterFlags(
  db: Kysely<Database>,
): Promise<Map<string, { monthFraction: boolean }>> {
  const rows = await meterFlags(db, AZURE_STACK_CATALOG);
  return new Map(rows.map((row) => [row.meter_id, { monthFraction: Number(row.month_fraction) === 1 }]));
}
