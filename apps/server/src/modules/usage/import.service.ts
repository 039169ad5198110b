import { decimal, toDecimalString } from '@cms/billing';
import type { Kysely } from 'kysely';
import type { RequestContext } from '../../context.ts';
import { newId, PLATFORM_ORG_ID } from '../../db/ids.ts';
import type { Database, ImportedUsageRow } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError, type FieldError } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { requestRerating } from '../rating/rating.jobs.ts';
import { applyDailyDeltas, type DailyDelta } from './daily.ts';
import { type ParsedRecord, parseCsvContent, parseJsonContent, type RowError } from './import.parse.ts';
import {
  findCatalogMeterIds,
  findImportedRecords,
  findSourceRegion,
  findSourceSubscriptions,
  type SourceRegion,
  writeImportedRecords,
} from './import.repository.ts';
import { IMPORT_LIMITS, type UsageImportRecordInput } from './import.schema.ts';
import { normaliseSourceMeterId } from './meters.ids.ts';

export interface UsageImportInput {
  records?: UsageImportRecordInput[] | undefined;
  format?: 'csv' | 'json' | undefined;
  content?: string | undefined;
}

export interface UsageImportOutcome {
  batchId: string | null;
  regionId: string;
  dryRun: boolean;
  records: number;
  inserted: number;
  replaced: number;
  unchanged: number;
}

/** A record checked and normalised, ready to compare with what is stored. */
interface Candidate {
  row: number;
  externalId: string;
  subscriptionRef: string;
  meterId: string;
  sku: string | null;
  resourceId: string | null;
  usageStart: string;
  usageEnd: string;
  quantity: string;
}

const SUBSCRIPTION_ID = /^sub_[0-9a-hjkmnp-tv-z]{26}$/;

/**
 * Imports usage into a source: all of it or none. A record is stored once per (source, external
 * id); importing it again replaces its quantity and attributes (never adds to them), and the
 * source's daily aggregates move by the difference on the source's local days. The source's row
 * is locked first, so two imports of one source run one after the other on every engine.
 */
export async function importUsage(
  ctx: RequestContext,
  regionId: string,
  input: UsageImportInput,
  dryRun: boolean,
): Promise<UsageImportOutcome> {
  // An unknown source is 404 whatever the upload holds.
  if (!(await findSourceRegion(ctx.app.db.kysely, regionId, false))) throw AppError.notFound('Import source');
  const { parsed, field } = parseUpload(input);
  const candidates = normalise(parsed, field);
  const run = async (db: Kysely<Database>): Promise<UsageImportOutcome> => {
    const region = await findSourceRegion(db, regionId, !dryRun);
    if (!region) throw AppError.notFound('Import source');
    if (region.kind !== 'import') {
      throw AppError.invalidField(
        'params.id',
        'This region is an Azure Stack Hub stamp: its usage is collected from the stamp, not imported.',
        'invalid_request',
      );
    }
    const resolved = await resolveReferences(db, region, candidates, field);
    const existing = await findImportedRecords(
      db,
      region.id,
      candidates.map((c) => c.externalId),
    );
    const batchId = dryRun ? null : newId('imb');
    const now = nowIso(ctx.app.clock);
    const rows: ImportedUsageRow[] = [];
    const replacedIds: string[] = [];
    const deltas: DailyDelta[] = [];
    let unchanged = 0;
    for (const c of candidates) {
      const azsSubscriptionId = resolved.get(c.subscriptionRef)!;
      const before = existing.get(c.externalId);
      if (before && sameRecord(before, c, azsSubscriptionId)) {
        unchanged += 1;
        continue;
      }
      if (before) {
        replacedIds.push(c.externalId);
        deltas.push({
          azsSubscriptionId: before.azs_subscription_id,
          meterId: before.meter_id,
          sku: before.sku,
          usageStart: before.usage_start,
          quantity: toDecimalString(decimal(before.quantity).neg()),
          records: -1,
        });
      }
      deltas.push({
        azsSubscriptionId,
        meterId: c.meterId,
        sku: c.sku,
        usageStart: c.usageStart,
        quantity: c.quantity,
        records: 1,
      });
      rows.push({
        region_id: region.id,
        external_record_id: c.externalId,
        azs_subscription_id: azsSubscriptionId,
        meter_id: c.meterId,
        sku: c.sku,
        resource_id: c.resourceId,
        usage_start: c.usageStart,
        usage_end: c.usageEnd,
        quantity: c.quantity,
        first_batch_id: before?.first_batch_id ?? batchId ?? '',
        batch_id: batchId ?? '',
        created_at: before?.created_at ?? now,
        updated_at: now,
      });
    }
    const outcome: UsageImportOutcome = {
      batchId,
      regionId: region.id,
      dryRun,
      records: candidates.length,
      inserted: rows.length - replacedIds.length,
      replaced: replacedIds.length,
      unchanged,
    };
    if (dryRun) return outcome;
    // Tests hold an import here, after its lock and checks and before it writes.
    await ctx.app.pause('usage.import');
    await writeImportedRecords(db, region.id, replacedIds, rows);
    await applyDailyDeltas(db, { id: region.id, time_zone: region.time_zone }, deltas, now);
    // Imported usage changes open periods' money: rate them (merged with a queued rating).
    if (deltas.length > 0) await requestRerating(db, ctx, 'usage.import');
    await recordAudit(db, ctx, {
      action: 'region.usageImport',
      targetType: 'region',
      targetId: region.id,
      orgId: PLATFORM_ORG_ID,
      after: {
        batchId,
        format: input.records ? 'records' : input.format,
        records: outcome.records,
        inserted: outcome.inserted,
        replaced: outcome.replaced,
        unchanged: outcome.unchanged,
      },
    });
    return outcome;
  };
  if (dryRun) return run(ctx.app.db.kysely);
  const outcome = await transaction(ctx.app.db, run);
  ctx.app.jobs.wake();
  return outcome;
}

/** The upload's records, or the refusal of the whole upload with its row errors. */
function parseUpload(input: UsageImportInput): { parsed: ParsedRecord[]; field: FieldFor } {
  if (input.records !== undefined) {
    if (input.format !== undefined || input.content !== undefined) {
      throw AppError.invalidField(
        'body.records',
        'Send either records, or a file as format and content, not both.',
      );
    }
    return {
      parsed: input.records.map((record, i) => ({ row: i + 1, record })),
      field: (row, column) => `body.records.${row - 1}${column ? `.${column}` : ''}`,
    };
  }
  if (input.content === undefined) {
    throw AppError.invalidField('body.records', 'Required: records, or a file as format and content.');
  }
  if (input.format === undefined)
    throw AppError.invalidField('body.format', 'Required with content: csv or json.');
  const result = input.format === 'csv' ? parseCsvContent(input.content) : parseJsonContent(input.content);
  const field: FieldFor = () => 'body.content';
  if (result.errors.length > 0) throw rowReport(result.errors, field);
  return { parsed: result.records, field };
}

type FieldFor = (row: number, column: string | undefined) => string;

/** Canonical forms (meter ids, UTC instants, quantities), start before end, one row per external id. */
function normalise(parsed: ParsedRecord[], field: FieldFor): Candidate[] {
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  const out: Candidate[] = [];
  for (const { row, record } of parsed) {
    const meterId = normaliseSourceMeterId(record.meterId);
    if (meterId === null) errors.push({ row, column: 'meterId', message: 'Not a meter id.' });
    const start = new Date(Date.parse(record.usageStart)).toISOString();
    const end = new Date(Date.parse(record.usageEnd)).toISOString();
    if (Date.parse(record.usageStart) >= Date.parse(record.usageEnd)) {
      errors.push({ row, column: 'usageEnd', message: 'Must be after usageStart.' });
    }
    const first = seen.get(record.externalId);
    if (first !== undefined) {
      errors.push({
        row,
        column: 'externalId',
        message: `Also on row ${first}: each external id appears once per upload.`,
      });
    } else {
      seen.set(record.externalId, row);
    }
    out.push({
      row,
      externalId: record.externalId,
      subscriptionRef: record.subscription,
      meterId: meterId ?? '',
      sku: record.sku ?? null,
      resourceId: record.resourceId ?? null,
      usageStart: start,
      usageEnd: end,
      quantity: toDecimalString(decimal(record.quantity)),
    });
  }
  if (errors.length > 0) throw rowReport(errors, field);
  return out;
}

/**
 * Each subscription reference mapped to the external subscription id the usage is stored under.
 * Only live subscriptions of this source count: another source's subscription is unknown here.
 */
async function resolveReferences(
  db: Kysely<Database>,
  region: SourceRegion,
  candidates: Candidate[],
  field: FieldFor,
): Promise<Map<string, string>> {
  const refs = [...new Set(candidates.map((c) => c.subscriptionRef))];
  const subscriptions = await findSourceSubscriptions(db, region.id, refs);
  const byId = new Map(subscriptions.map((s) => [s.id, s]));
  const byExternal = new Map(
    subscriptions.filter((s) => s.azs_subscription_id !== null).map((s) => [s.azs_subscription_id!, s]),
  );
  const meters = await findCatalogMeterIds(
    db,
    region.id,
    candidates.map((c) => c.meterId),
  );
  const resolved = new Map<string, string>();
  const problems = new Map<string, string>();
  for (const ref of refs) {
    if (SUBSCRIPTION_ID.test(ref)) {
      const sub = byId.get(ref);
      if (!sub) problems.set(ref, `No live subscription ${ref} on this source.`);
      else if (sub.azs_subscription_id === null) {
        problems.set(
          ref,
          `Subscription ${ref} has no external subscription id on this source: link one first.`,
        );
      } else resolved.set(ref, sub.azs_subscription_id);
    } else {
      const sub = byExternal.get(ref) ?? byExternal.get(ref.toLowerCase());
      if (sub) resolved.set(ref, sub.azs_subscription_id!);
      else
        problems.set(
          ref,
          `No live subscription of this source is linked to external subscription id ${ref}.`,
        );
    }
  }
  const errors: RowError[] = [];
  for (const c of candidates) {
    const problem = problems.get(c.subscriptionRef);
    if (problem) errors.push({ row: c.row, column: 'subscription', message: problem });
    if (!meters.has(c.meterId)) {
      errors.push({
        row: c.row,
        column: 'meterId',
        message: `Meter ${c.meterId} is not in this source's catalog: add it first.`,
      });
    }
  }
  if (errors.length > 0) throw rowReport(errors, field);
  return resolved;
}

function sameRecord(row: ImportedUsageRow, c: Candidate, azsSubscriptionId: string): boolean {
  return (
    row.azs_subscription_id === azsSubscriptionId &&
    row.meter_id === c.meterId &&
    row.sku === c.sku &&
    row.resource_id === c.resourceId &&
    row.usage_start === c.usageStart &&
    row.usage_end === c.usageEnd &&
    decimal(row.quantity).eq(c.quantity)
  );
}

/** The refusal of a whole upload: every row error up to the cap, in row order, as a 422. */
function rowReport(errors: RowError[], field: FieldFor): AppError {
  const sorted = [...errors].sort((a, b) => a.row - b.row);
  const listed: FieldError[] = sorted.slice(0, IMPORT_LIMITS.maxErrors).map((e) => ({
    field: field(e.row, e.column),
    message: e.message,
    row: e.row,
    ...(e.column !== undefined ? { column: e.column } : {}),
  }));
  const rows = new Set(errors.map((e) => e.row)).size;
  const first = sorted[0]!;
  const where = first.row === 0 ? 'the file' : `row ${first.row}${first.column ? `, ${first.column}` : ''}`;
  const more =
    errors.length > IMPORT_LIMITS.maxErrors ? `; the first ${IMPORT_LIMITS.maxErrors} are listed` : '';
  return new AppError(
    'invalid_request',
    `Nothing was imported: ${errors.length} error${errors.length === 1 ? '' : 's'} in ${rows} row${rows === 1 ? '' : 's'}${more}. First, ${where}: ${first.message}`,
    listed,
  );
}

/** Whether the region exists (any kind): a platform reader is told 403 for it, 404 for none. */
export async function isRegionVisible(ctx: RequestContext, regionId: string): Promise<boolean> {
  return (await findSourceRegion(ctx.app.db.kysely, regionId, false)) !== undefined;
}
