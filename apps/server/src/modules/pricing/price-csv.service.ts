import { decimal } from '@cms/billing';
import type { RequestContext } from '../../context.ts';
import { PLATFORM_ORG_ID } from '../../db/ids.ts';
import type { PriceItemPricing, PriceUnit } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { csvDocument } from '../../http/csv.ts';
import { AppError } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { normaliseSourceMeterId } from '../usage/meters.ids.ts';
import { findList, itemsOfVersion, replaceTiers, tiersOfItems, updateItemRow } from './pricing.repository.ts';
import { PRICE_CSV_LIMITS, Rate } from './pricing.schema.ts';
import {
  catalogsOf,
  checkItemShape,
  checkMeter,
  lockEditableVersion,
  plain,
  reachOf,
  tierRows,
  visibleVersion,
} from './pricing.service.ts';
import type { TierInput } from './tier-rules.ts';

/**
 * The price CSV (docs/pricing.md): one item per line, in the version's order (meter id, SKU).
 *
 *   meter_id,sku,price_unit,pricing,rate,tiers,description
 *   6dab500f…,Standard_D2,month,flat,12.5,,"Two cores, per month"
 *   f271a8a3…,,meter,graduated,,0-100:1|100-200:0.5|200-:0.1,
 *
 * `tiers` is `from-to:rate` per tier, joined by `|`; the last tier's To is empty (open-ended).
 * Cells a spreadsheet would run as a formula (starting = + - @) are written with a leading
 * apostrophe, which the import removes again, so an exported file imports unchanged.
 */
export const PRICE_CSV_COLUMNS = [
  'meter_id',
  'sku',
  'price_unit',
  'pricing',
  'rate',
  'tiers',
  'description',
] as const;
type Column = (typeof PRICE_CSV_COLUMNS)[number];

export function formatTiers(tiers: readonly TierInput[]): string {
  return tiers.map((t) => `${t.from}-${t.to ?? ''}:${t.rate}`).join('|');
}

const TIER_TEXT = /^([0-9]+(?:\.[0-9]+)?)-([0-9]+(?:\.[0-9]+)?)?:([0-9]+(?:\.[0-9]+)?)$/;

/** Parses the `tiers` cell; a string naming the problem when it is not in the format. */
export function parseTiers(text: string): TierInput[] | string {
  if (text === '') return [];
  const out: TierInput[] = [];
  for (const [i, part] of text.split('|').entries()) {
    const m = TIER_TEXT.exec(part.trim());
    if (!m) return `Tier ${i + 1} ("${part}") is not from-to:rate (e.g. 0-100:1.5, the last one 100-:0.9).`;
    out.push({ from: m[1]!, to: m[2] ?? null, rate: m[3]! });
  }
  return out;
}

export async function exportVersionCsv(ctx: RequestContext, versionId: string): Promise<string> {
  const version = await visibleVersion(ctx, versionId);
  const items = await itemsOfVersion(ctx.app.db.kysely, version.id);
  const tiers = await tiersOfItems(
    ctx.app.db.kysely,
    items.map((i) => i.id),
  );
  const rows = items.map((item) => [
    item.meter_id,
    item.sku,
    item.price_unit,
    item.pricing,
    plain(item.rate) ?? '',
    formatTiers(
      (tiers.get(item.id) ?? []).map((t) => ({
        from: plain(t.from_quantity)!,
        to: plain(t.to_quantity),
        rate: plain(t.rate)!,
      })),
    ),
    item.description ?? '',
  ]);
  return csvDocument([...PRICE_CSV_COLUMNS], rows);
}

// ---------------------------------------------------------------------------------------------
// Import

interface CsvLine {
  line: number;
  cells: string[];
}

/** RFC 4180 fields (quotes doubled, quoted line breaks); the line number where each row starts. */
export function splitCsv(text: string): CsvLine[] | { line: number; message: string } {
  const rows: CsvLine[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let afterQuote = false;
  let line = 1;
  let rowStart = 1;
  const endRow = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0] === '' && !afterQuote)) rows.push({ line: rowStart, cells });
    cells = [];
    cell = '';
    afterQuote = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') {
        quoted = false;
        afterQuote = true;
      } else {
        if (c === '\n') line += 1;
        cell += c;
      }
      continue;
    }
    if (c === ',') {
      cells.push(cell);
      cell = '';
      afterQuote = false;
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      if (c === '\r') i += 1;
      endRow();
      line += 1;
      rowStart = line;
    } else if (afterQuote) {
      return { line, message: 'Text after a closing quote: quote the whole field.' };
    } else if (c === '"') {
      if (cell !== '')
        return { line, message: 'A quote inside an unquoted field: quote the field and double the quote.' };
      quoted = true;
    } else {
      cell += c;
    }
  }
  if (quoted) return { line, message: 'A quoted field is not closed before the end of the file.' };
  if (cell !== '' || cells.length > 0 || afterQuote) endRow();
  return rows;
}

/** Undoes the export's formula guard: a leading apostrophe before = + - @ (or a tab or CR). */
const unguard = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

export interface ImportChange {
  line: number;
  itemId: string;
  meterId: string;
  sku: string;
  field: 'priceUnit' | 'pricing' | 'rate' | 'tiers' | 'description';
  old: string | null;
  new: string | null;
}

export interface ImportErrorLine {
  line: number;
  column: string | null;
  message: string;
}

interface PlannedUpdate {
  itemId: string;
  priceUnit: PriceUnit;
  pricing: PriceItemPricing;
  rate: string | null;
  tiers: TierInput[];
  description: string | null;
}

const sameDecimal = (a: string | null, b: string | null) =>
  a === null || b === null ? a === b : decimal(a).eq(decimal(b));
const sameTiers = (a: TierInput[], b: TierInput[]) =>
  a.length === b.length &&
  a.every(
    (t, i) =>
      sameDecimal(t.from, b[i]!.from) && sameDecimal(t.to, b[i]!.to) && sameDecimal(t.rate, b[i]!.rate),
  );

/**
 * Update-only import into a draft version: each line names an existing item by meter id and SKU
 * and gives its new price unit, pricing, rate, tiers and description (a column left out of the
 * file keeps that field). A line for an item the version does not have is an error, never a new
 * item. Dry run: the changes (item, field, old, new) and the errors per line; nothing is written.
 * Otherwise the same changes are written in one transaction, or none when any line has an error
 * (422 listing them).
 */
export async function importVersionCsv(
  ctx: RequestContext,
  versionId: string,
  content: string,
  dryRun: boolean,
) {
  const before = await visibleVersion(ctx, versionId);
  const list = (await findList(ctx.app.db.kysely, ctx.actor.scope, before.price_list_id))!;
  const [catalogs, reach] = await Promise.all([catalogsOf(ctx, list), reachOf(ctx, list)]);
  return transaction(ctx.app.db, async (trx) => {
    const { version } = await lockEditableVersion(trx, ctx, versionId, reach);
    if (version.state !== 'draft') {
      throw new AppError(
        'conflict',
        `Version ${version.version} is ${version.state}: import into a draft (create one copying this version, import, then activate it).`,
      );
    }
    const items = await itemsOfVersion(trx, versionId);
    const tiers = await tiersOfItems(
      trx,
      items.map((i) => i.id),
    );
    const byKey = new Map(items.map((i) => [`${i.meter_id}\u0000${i.sku}`, i]));
    const errors: ImportErrorLine[] = [];
    const changes: ImportChange[] = [];
    const updates: PlannedUpdate[] = [];
    let rows = 0;
    let unchanged = 0;

    const parsed = splitCsv(content.charCodeAt(0) === 0xfeff ? content.slice(1) : content);
    if (!Array.isArray(parsed)) {
      errors.push({ line: parsed.line, column: null, message: parsed.message });
    } else {
      const [header, ...data] = parsed;
      const columns = (header?.cells ?? []).map((name) => {
        const wanted = name.trim().toLowerCase();
        return (PRICE_CSV_COLUMNS as readonly string[]).includes(wanted) ? (wanted as Column) : null;
      });
      header?.cells.forEach((name, i) => {
        if (columns[i] === null) errors.push({ line: 1, column: name, message: 'Unknown column.' });
        else if (columns.indexOf(columns[i]!) !== i)
          errors.push({ line: 1, column: name, message: 'Named twice.' });
      });
      if (!columns.includes('meter_id')) {
        errors.push({ line: 1, column: 'meter_id', message: 'Required column missing from the header.' });
      }
      if (data.length === 0 && errors.length === 0) {
        errors.push({ line: 0, column: null, message: 'The file holds no item lines.' });
      }
      if (data.length > PRICE_CSV_LIMITS.maxRows) {
        errors.push({
          line: 0,
          column: null,
          message: `At most ${PRICE_CSV_LIMITS.maxRows} lines per import.`,
        });
      }
      const seen = new Map<string, number>();
      if (errors.length === 0) {
        for (const row of data) {
          rows += 1;
          const lineErrors = errors.length;
          const fail = (column: Column | null, message: string) =>
            errors.push({ line: row.line, column, message });
          if (row.cells.length !== columns.length) {
            fail(null, `Has ${row.cells.length} fields; the header has ${columns.length}.`);
            continue;
          }
          const cell = (name: Column): string | undefined => {
            const i = columns.indexOf(name);
            return i < 0 ? undefined : unguard(row.cells[i]!);
          };
          const meterId = normaliseSourceMeterId(cell('meter_id') ?? '');
          if (meterId === null) {
            fail('meter_id', 'Not a meter id.');
            continue;
          }
          const sku = (cell('sku') ?? '').trim();
          const key = `${meterId}\u0000${sku}`;
          const item = byKey.get(key);
          if (!item) {
            fail(
              'meter_id',
              `This version has no item for meter ${meterId}${sku ? ` and SKU ${sku}` : ' (meter-wide)'}; the import only updates items (add new ones in the editor).`,
            );
            continue;
          }
          if (seen.has(key)) {
            fail('meter_id', `The same item is on line ${seen.get(key)} too.`);
            continue;
          }
          seen.set(key, row.line);
          const oldTiers = (tiers.get(item.id) ?? []).map((t) => ({
            from: plain(t.from_quantity)!,
            to: plain(t.to_quantity),
            rate: plain(t.rate)!,
          }));
          const old = {
            priceUnit: item.price_unit,
            pricing: item.pricing,
            rate: plain(item.rate),
            tiers: oldTiers,
            description: item.description,
          };
          const next = { ...old };
          const unit = cell('price_unit');
          if (unit !== undefined) {
            if (unit !== 'meter' && unit !== 'month') fail('price_unit', 'meter or month.');
            else next.priceUnit = unit;
          }
          const pricing = cell('pricing');
          if (pricing !== undefined) {
            if (pricing !== 'flat' && pricing !== 'graduated' && pricing !== 'volume') {
              fail('pricing', 'flat, graduated or volume.');
            } else next.pricing = pricing;
          }
          const rate = cell('rate');
          if (rate !== undefined) {
            const checked = rate === '' ? null : Rate.safeParse(rate);
            if (checked && !checked.success) fail('rate', checked.error.issues[0]!.message);
            else next.rate = rate === '' ? null : rate;
          }
          const tierText = cell('tiers');
          if (tierText !== undefined) {
            const t = parseTiers(tierText.trim());
            if (typeof t === 'string') fail('tiers', t);
            else if (t.length > PRICE_CSV_LIMITS.maxTiers)
              fail('tiers', `At most ${PRICE_CSV_LIMITS.maxTiers} tiers.`);
            else next.tiers = t;
          }
          const description = cell('description');
          if (description !== undefined) {
            const text = description.trim();
            if (text.length > 1000) fail('description', 'At most 1000 characters.');
            // biome-ignore lint/suspicious/noControlCharactersInRegex: the rule exists to find control characters
            else if (/[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/.test(text)) {
              fail('description', 'No control characters or bidirectional overrides.');
            } else next.description = text === '' ? null : text;
          }
          if (errors.length > lineErrors) continue;
          try {
            checkItemShape(next, 'row');
            if (next.priceUnit !== old.priceUnit)
              await checkMeter(trx, catalogs, meterId, next.priceUnit, 'row.price_unit');
          } catch (error) {
            if (!(error instanceof AppError)) throw error;
            for (const e of error.errors.length ? error.errors : [{ field: 'row', message: error.message }]) {
              const column = e.field.startsWith('row.tiers')
                ? 'tiers'
                : e.field === 'row.rate'
                  ? 'rate'
                  : e.field === 'row.price_unit'
                    ? 'price_unit'
                    : null;
              fail(column as Column | null, e.message);
            }
            continue;
          }
          const diffs: ImportChange[] = [];
          const push = (field: ImportChange['field'], a: string | null, b: string | null) =>
            diffs.push({ line: row.line, itemId: item.id, meterId, sku, field, old: a, new: b });
          if (next.priceUnit !== old.priceUnit) push('priceUnit', old.priceUnit, next.priceUnit);
          if (next.pricing !== old.pricing) push('pricing', old.pricing, next.pricing);
          if (!sameDecimal(next.rate, old.rate)) push('rate', old.rate, next.rate);
          if (!sameTiers(next.tiers, old.tiers)) {
            push(
              'tiers',
              old.tiers.length ? formatTiers(old.tiers) : null,
              next.tiers.length ? formatTiers(next.tiers) : null,
            );
          }
          if (next.description !== old.description) push('description', old.description, next.description);
          if (diffs.length === 0) {
            unchanged += 1;
            continue;
          }
          changes.push(...diffs);
          updates.push({ itemId: item.id, ...next });
        }
      }
    }
    const result = { dryRun, applied: false, rows, unchanged, changes, errors };
    if (dryRun) return result;
    if (errors.length > 0) {
      throw new AppError(
        'invalid_request',
        `The file has ${errors.length} error(s); nothing was changed. First: line ${errors[0]!.line}: ${errors[0]!.message}`,
        errors.slice(0, 100).map((e) => ({
          field: 'body.content',
          message: e.message,
          row: e.line,
          ...(e.column === null ? {} : { column: e.column }),
        })),
      );
    }
    const now = nowIso(ctx.app.clock);
    for (const u of updates) {
      await updateItemRow(trx, u.itemId, {
        price_unit: u.priceUnit,
        pricing: u.pricing,
        rate: u.rate,
        description: u.description,
        updated_at: now,
      });
      await replaceTiers(trx, u.itemId, tierRows(u.itemId, u.tiers));
    }
    await recordAudit(trx, ctx, {
      action: 'priceListVersion.import',
      targetType: 'priceListVersion',
      targetId: versionId,
      orgId: PLATFORM_ORG_ID,
      after: {
        rows,
        itemsChanged: updates.length,
        changes: changes
          .slice(0, 200)
          .map(({ itemId, field, old, new: value }) => ({ itemId, field, old, new: value })),
      },
    });
    return { ...result, applied: true };
  });
}
