import type { Kysely } from 'kysely';
import type { AppContext, RequestContext } from '../../context.ts';
import { PLATFORM_ORG_ID } from '../../db/ids.ts';
import type { Database, MeterRow } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import type { PageRequest } from '../../http/pagination.ts';
import { normaliseMeterId } from '../../integrations/azure-stack/index.ts';
import { changedFields, recordAudit } from '../audit/audit.service.ts';
import { findSourceRegion, meterHasImportedUsage } from './import.repository.ts';
import { AZURE_STACK_CATALOG, AZURE_STACK_METERS } from './meters.catalog.ts';
import { normaliseSourceMeterId } from './meters.ids.ts';
import {
  deleteMeterRow,
  findMeter,
  insertMeter,
  listCatalogMeters,
  listMeterRows,
  meterFlags,
  meterIdsInAnyCatalog,
  meterLabelRows,
  updateMeter,
  updateMeterRow,
} from './meters.repository.ts';

function present(row: MeterRow) {
  return {
    catalog: row.catalog,
    meterId: row.meter_id,
    name: row.name,
    unit: row.unit,
    category: row.category,
    informational: row.informational === 1,
    monthFraction: row.month_fraction === 1,
    deprecated: row.deprecated === 1,
    source: row.source,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function auditView(row: MeterRow) {
  return { meterId: row.meter_id, name: row.name, unit: row.unit, informational: row.informational === 1 };
}

export async function listMeters(
  ctx: RequestContext,
  catalog: string,
  q: string | undefined,
  page: PageRequest,
) {
  const result = await listMeterRows(ctx.app.db.kysely, catalog, q, page);
  return { ...result, items: result.items.map(present) };
}

/** The path's meter id in its stored form; one that cannot be a meter id is simply not there. */
function storedMeterId(raw: string): string {
  const id = normaliseSourceMeterId(raw);
  if (id === null) throw AppError.notFound('Meter');
  return id;
}

/** The import source, locked until the commit (imports of it wait, and it waits for them). */
/**
 * The import source, locked. A stamp is refused where a meter would be added to it; for a change to
 * one meter it passes, and the meter is then not found (a stamp's meters are the shared catalog).
 */
async function lockSource(trx: Kysely<Database>, regionId: string, onStamp: 'refuse' | 'pass' = 'refuse') {
  const region = await findSourceRegion(trx, regionId, true);
  if (!region) throw AppError.notFound('Import source');
  if (region.kind !== 'import' && onStamp === 'refuse') {
    throw AppError.invalidField(
      'params.id',
      "This region is an Azure Stack Hub stamp: its meters are the seeded Azure Stack Hub catalog ('azure-stack').",
      'invalid_request',
    );
  }
  return region;
}

export async function createSourceMeter(
  ctx: RequestContext,
  regionId: string,
  input: { meterId: string; name: string; unit: string; informational: boolean },
) {
  const meterId = normaliseSourceMeterId(input.meterId);
  if (meterId === null) throw AppError.invalidField('body.meterId', 'Not a meter id.');
  return transaction(ctx.app.db, async (trx) => {
    const region = await lockSource(trx, regionId);
    if (await findMeter(trx, region.id, meterId)) {
      throw new AppError('conflict', `Meter ${meterId} is already in this source's catalog.`, [
        { field: 'body.meterId', message: 'Already in the catalog.' },
      ]);
    }
    const now = nowIso(ctx.app.clock);
    const row: MeterRow = {
      catalog: region.id,
      meter_id: meterId,
      name: input.name,
      unit: input.unit,
      category: null,
      informational: input.informational ? 1 : 0,
      month_fraction: 0,
      deprecated: 0,
      source: 'api',
      created_at: now,
      updated_at: now,
    };
    await insertMeter(trx, row);
    await recordAudit(trx, ctx, {
      action: 'region.meterAdd',
      targetType: 'region',
      targetId: region.id,
      orgId: PLATFORM_ORG_ID,
      after: auditView(row),
    });
    return present(row);
  });
}

export async function updateSourceMeter(
  ctx: RequestContext,
  regionId: string,
  rawMeterId: string,
  patch: { name?: string | undefined; unit?: string | undefined; informational?: boolean | undefined },
) {
  const meterId = storedMeterId(rawMeterId);
  return transaction(ctx.app.db, async (trx) => {
    const region = await lockSource(trx, regionId, 'pass');
    const row = await findMeter(trx, region.id, meterId);
    if (!row) throw AppError.notFound('Meter');
    const changes: Partial<MeterRow> = { updated_at: nowIso(ctx.app.clock) };
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.unit !== undefined) changes.unit = patch.unit;
    if (patch.informational !== undefined) changes.informational = patch.informational ? 1 : 0;
    const next: MeterRow = { ...row, ...changes };
    await updateMeterRow(trx, region.id, meterId, changes);
    await recordAudit(trx, ctx, {
      action: 'region.meterUpdate',
      targetType: 'region',
      targetId: region.id,
      orgId: PLATFORM_ORG_ID,
      ...changedFields(auditView(row), auditView(next)),
    });
    return present(next);
  });
}

export async function deleteSourceMeter(ctx: RequestContext, regionId: string, rawMeterId: string) {
  const meterId = storedMeterId(rawMeterId);
  await transaction(ctx.app.db, async (trx) => {
    const region = await lockSource(trx, regionId, 'pass');
    const row = await findMeter(trx, region.id, meterId);
    if (!row) throw AppError.notFound('Meter');
    if (await meterHasImportedUsage(trx, region.id, meterId)) {
      throw new AppError(
        'has_dependents',
        `Meter ${meterId} has imported usage: it stays in the catalog while usage refers to it.`,
      );
    }
    await deleteMeterRow(trx, region.id, meterId);
    await recordAudit(trx, ctx, {
      action: 'region.meterRemove',
      targetType: 'region',
      targetId: region.id,
      orgId: PLATFORM_ORG_ID,
      before: auditView(row),
    });
  });
}

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

/**
 * Which of these meter ids (in stored form, see meters.ids.ts) name a meter of any catalog: a
 * discount limited to some meters names meters that exist.
 */
export function knownMeterIds(db: Kysely<Database>, ids: string[]): Promise<Set<string>> {
  return meterIdsInAnyCatalog(db, ids);
}

/** The names and units printed beside these meters of a catalog (invoice lines). */
export async function meterLabels(
  db: Kysely<Database>,
  catalog: string,
  meterIds: string[],
): Promise<Map<string, { name: string; unit: string }>> {
  const out = new Map<string, { name: string; unit: string }>();
  const ids = [...new Set(meterIds)];
  for (let i = 0; i < ids.length; i += 500) {
    for (const row of await meterLabelRows(db, catalog, ids.slice(i, i + 500))) {
      out.set(row.meter_id, { name: row.name, unit: row.unit });
    }
  }
  return out;
}
