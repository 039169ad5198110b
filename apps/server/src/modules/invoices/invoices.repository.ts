import { CompiledQuery, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Scope } from '../../context.ts';
import { toCount } from '../../db/database.ts';
import type {
  Database,
  InvoiceKind,
  InvoiceLineTable,
  InvoicePaymentTable,
  InvoicePdfTable,
  InvoiceStatus,
  InvoiceTable,
} from '../../db/schema.ts';
import { forUpdate } from '../../db/transaction.ts';
import { containsText, type PageRequest, paginate, parseSort } from '../../http/pagination.ts';
import { scopeWhere } from '../../tenancy/scope.ts';
import { dialectOfExecutor, placeholders, runBatches } from '../usage/sql-batches.ts';

export type InvoiceRow = Selectable<InvoiceTable>;
export type InvoiceLineRow = Selectable<InvoiceLineTable>;
export type PaymentRow = Selectable<InvoicePaymentTable>;

/**
 * The invoices module's tables. Invoices are scoped by the chain they recorded at the start of
 * their period (scopeWhere on their own chain columns), and a tenant sees only what was issued to
 * it: previews are the operator's.
 */
function scoped(db: Kysely<Database>, scope: Pick<Scope, 'level' | 'orgId'>) {
  let query = db.selectFrom('invoices').$call(scopeWhere(scope, 'invoices'));
  if (scope.level === 'tenant') query = query.where('invoices.status', '!=', 'preview');
  return query;
}

export function findScopedInvoice(db: Kysely<Database>, scope: Scope, id: string) {
  return scoped(db, scope).selectAll().where('invoices.id', '=', id).executeTakeFirst();
}

export function findInvoice(db: Kysely<Database>, id: string) {
  return db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Invoices by id (those that exist), unlocked. */
export async function findInvoicesByIds(db: Kysely<Database>, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, InvoiceRow>();
  const rows = await db
    .selectFrom('invoices')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** The invoice row, locked for the rest of the transaction. */
export function lockInvoice(trx: Kysely<Database>, id: string) {
  return trx.selectFrom('invoices').selectAll().where('id', '=', id).$call(forUpdate(trx)).executeTakeFirst();
}

/** lockInvoice for several, locked in id order. */
export function lockInvoices(trx: Kysely<Database>, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return trx
    .selectFrom('invoices')
    .selectAll()
    .where('id', 'in', [...ids])
    .orderBy('id')
    .$call(forUpdate(trx))
    .execute();
}

/** A tenant-period's own invoice (preview or issued). */
export function findPeriodInvoice(db: Kysely<Database>, periodKey: string) {
  return db.selectFrom('invoices').selectAll().where('period_key', '=', periodKey).executeTakeFirst();
}

/** The invoices (preview or issued) of these tenant-periods, by period key. */
export async function findPeriodInvoices(db: Kysely<Database>, periodKeys: readonly string[]) {
  if (periodKeys.length === 0) return new Map<string, InvoiceRow>();
  const rows = await db
    .selectFrom('invoices')
    .selectAll()
    .where('period_key', 'in', [...periodKeys])
    .execute();
  return new Map(rows.map((r) => [r.period_key!, r]));
}

/** findPeriodInvoices, locked in period-key order (a tenant's after its tenant's, as one at a time). */
export async function lockPeriodInvoices(trx: Kysely<Database>, periodKeys: readonly string[]) {
  if (periodKeys.length === 0) return new Map<string, InvoiceRow>();
  const rows = await trx
    .selectFrom('invoices')
    .selectAll()
    .where('period_key', 'in', [...periodKeys])
    .orderBy('period_key')
    .$call(forUpdate(trx))
    .execute();
  return new Map(rows.map((r) => [r.period_key!, r]));
}

export async function insertInvoice(trx: Kysely<Database>, row: Insertable<InvoiceTable>): Promise<void> {
  await trx.insertInto('invoices').values(row).execute();
}

const INVOICES_PER_INSERT = 100;

export async function insertInvoices(
  trx: Kysely<Database>,
  rows: readonly Insertable<InvoiceTable>[],
): Promise<void> {
  await runBatches(rows, INVOICES_PER_INSERT, async (batch) => {
    await trx
      .insertInto('invoices')
      .values([...batch])
      .execute();
  });
}

export async function updateInvoice(
  trx: Kysely<Database>,
  id: string,
  changes: Updateable<InvoiceTable>,
): Promise<void> {
  await trx.updateTable('invoices').set(changes).where('id', '=', id).execute();
}

/**
 * updateInvoice of several rows that set the same columns (an issuing batch) in one statement per
 * 500 rows on the server engines, where a round trip per row was a sixth of a batch's time: on
 * PostgreSQL the rows as one JSON parameter, on MySQL/MariaDB a derived table of the rows joined
 * on the id. A statement per row on SQLite (in process: no round trips).
 */
export async function updateInvoices(
  trx: Kysely<Database>,
  rows: readonly { id: string; changes: Updateable<InvoiceTable> }[],
): Promise<void> {
  const dialect = dialectOfExecutor(trx);
  if (dialect === 'sqlite') {
    for (const { id, changes } of rows) await updateInvoice(trx, id, changes);
    return;
  }
  const columns = Object.keys(rows[0]?.changes ?? {}) as (keyof InvoiceTable)[];
  // A column missing from one row would be set to null: every row names the same ones.
  for (const { changes } of rows) {
    const keys = Object.keys(changes);
    if (keys.length !== columns.length || keys.some((k, i) => k !== columns[i])) {
      throw new Error('updateInvoices: every row must set the same columns, in the same order');
    }
  }
  await runBatches(rows, 500, async (batch) => {
    if (dialect === 'postgres') {
      const set = columns.map((column) => `${column} = v.${column}`).join(', ');
      await trx.executeQuery(
        CompiledQuery.raw(
          `update invoices as i set ${set} from json_populate_recordset(null::invoices, $1::json) as v where i.id = v.id`,
          [JSON.stringify(batch.map(({ id, changes }) => ({ id, ...changes })))],
        ),
      );
      return;
    }
    const first = `select ? as id, ${columns.map((column) => `? as ${column}`).join(', ')}`;
    const next = `select ${['id', ...columns].map(() => '?').join(', ')}`;
    const derived = [first, ...batch.slice(1).map(() => next)].join(' union all ');
    const set = columns.map((column) => `i.${column} = v.${column}`).join(', ');
    await trx.executeQuery(
      CompiledQuery.raw(
        `update invoices as i join (${derived}) as v on i.id = v.id set ${set}`,
        batch.flatMap(({ id, changes }) => [id, ...columns.map((column) => changes[column] ?? null)]),
      ),
    );
  });
}

export async function deleteInvoiceRow(trx: Kysely<Database>, id: string): Promise<void> {
  await deleteInvoiceRows(trx, [id]);
}

export async function deleteInvoiceRows(trx: Kysely<Database>, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await trx
    .deleteFrom('invoice_lines')
    .where('invoice_id', 'in', [...ids])
    .execute();
  await trx
    .deleteFrom('invoices')
    .where('id', 'in', [...ids])
    .execute();
}

const LINE_COLUMNS = [
  'id',
  'invoice_id',
  'position',
  'kind',
  'source_kind',
  'parent_position',
  'subscription_id',
  'subscription_name',
  'region_id',
  'meter_id',
  'meter_name',
  'sku',
  'unit',
  'price_unit',
  'price_list_id',
  'price_list_version_id',
  'price_item_id',
  'discount_id',
  'credit_id',
  'raw_quantity',
  'quantity',
  'rate',
  'tier_mode',
  'slices',
  'amount',
  'unpriced',
  'description',
  'original_period',
  'credited_line_id',
  'tax_name',
  'tax_percentage',
  'tax_base',
] as const satisfies readonly (keyof InvoiceLineTable)[];

/** 32 columns: 32,000 parameters, under SQLite's 32,766. */
const LINES_PER_INSERT = 1000;

export async function replaceLines(
  trx: Kysely<Database>,
  invoiceId: string,
  rows: Insertable<InvoiceLineTable>[],
): Promise<void> {
  await replaceLinesOf(trx, [invoiceId], rows);
}

/**
 * Replaces the lines of these invoices (with `taxOnly`, only their tax lines: an issue keeps the
 * reviewed ones): one delete, then insertLines.
 */
export async function replaceLinesOf(
  trx: Kysely<Database>,
  invoiceIds: readonly string[],
  rows: readonly Insertable<InvoiceLineTable>[],
  options: { taxOnly?: boolean } = {},
): Promise<void> {
  if (invoiceIds.length > 0) {
    let remove = trx.deleteFrom('invoice_lines').where('invoice_id', 'in', [...invoiceIds]);
    if (options.taxOnly) remove = remove.where('kind', '=', 'tax');
    await remove.execute();
  }
  await insertLines(trx, rows);
}

/**
 * Multi-row inserts of lines in raw SQL (as rated lines are written, replaceRatedPeriods: Kysely's
 * building of a large insert cost more than the database's work), the rows as one JSON parameter
 * on PostgreSQL.
 */
async function insertLines(
  trx: Kysely<Database>,
  rows: readonly Insertable<InvoiceLineTable>[],
): Promise<void> {
  const dialect = dialectOfExecutor(trx);
  const names = LINE_COLUMNS.join(', ');
  await runBatches(rows, LINES_PER_INSERT, async (batch) => {
    const query =
      dialect === 'postgres'
        ? CompiledQuery.raw(
            `insert into invoice_lines (${names}) select ${names} from json_populate_recordset(null::invoice_lines, $1::json)`,
            [JSON.stringify(batch)],
          )
        : CompiledQuery.raw(
            `insert into invoice_lines (${names}) values ${placeholders(dialect, batch.length, LINE_COLUMNS.length)}`,
            batch.flatMap((line) => LINE_COLUMNS.map((column) => line[column] ?? null)),
          );
    await trx.executeQuery(query);
  });
}

export function linesOf(db: Kysely<Database>, invoiceId: string) {
  return db
    .selectFrom('invoice_lines')
    .selectAll()
    .where('invoice_id', '=', invoiceId)
    .orderBy('position')
    .execute();
}

/** What an issue compares of previews' lines (comparedOf), tax lines left out, by invoice id. */
export async function reviewedLinesOf(db: Kysely<Database>, invoiceIds: readonly string[]) {
  const rows =
    invoiceIds.length === 0
      ? []
      : await db
          .selectFrom('invoice_lines')
          .select([
            'invoice_id',
            'kind',
            'source_kind',
            'subscription_id',
            'price_item_id',
            'meter_id',
            'sku',
            'discount_id',
            'credit_id',
            'original_period',
            'quantity',
            'amount',
          ])
          .where('invoice_id', 'in', [...invoiceIds])
          .where('kind', '!=', 'tax')
          .orderBy('invoice_id')
          .orderBy('position')
          .execute();
  const out = new Map<string, (typeof rows)[number][]>(invoiceIds.map((id) => [id, []]));
  for (const row of rows) out.get(row.invoice_id)!.push(row);
  return out;
}

/** The lines of the issued credit notes against an invoice (void ones never exist: a credit note is final). */
export function creditNoteLinesOf(db: Kysely<Database>, invoiceId: string) {
  return db
    .selectFrom('invoice_lines as l')
    .innerJoin('invoices as i', 'i.id', 'l.invoice_id')
    .select(['l.kind', 'l.credited_line_id', 'l.amount', 'l.tax_name', 'l.tax_percentage', 'l.tax_base'])
    .where('i.credits_invoice_id', '=', invoiceId)
    .where('i.status', '!=', 'preview')
    .execute();
}

/**
 * What has been billed for a closed period so far: the lines of its own issued invoice and the
 * adjustments for it on the tenant's issued period invoices since (credit notes against an invoice
 * are manual corrections and not part of it). Its own invoice first.
 */
export async function billedLinesOf(db: Kysely<Database>, tenantId: string, period: string) {
  const issued: InvoiceStatus[] = ['issued', 'paid'];
  const own = await db
    .selectFrom('invoice_lines as l')
    .innerJoin('invoices as i', 'i.id', 'l.invoice_id')
    .selectAll('l')
    .where('i.period_key', '=', `${tenantId}:${period}`)
    .where('i.status', 'in', issued)
    .where('l.kind', '!=', 'tax')
    .where('l.original_period', 'is', null)
    .orderBy('l.position')
    .execute();
  const later = await db
    .selectFrom('invoice_lines as l')
    .innerJoin('invoices as i', 'i.id', 'l.invoice_id')
    .selectAll('l')
    .where('i.tenant_id', '=', tenantId)
    .where('i.period_key', 'is not', null)
    .where('i.status', 'in', issued)
    .where('l.original_period', '=', period)
    .orderBy('i.issued_at')
    .orderBy('l.position')
    .execute();
  return [...own, ...later];
}

export interface InvoiceFilter {
  status?: InvoiceStatus | undefined;
  kind?: InvoiceKind | undefined;
  period?: string | undefined;
  tenantId?: string | undefined;
  q?: string | undefined;
}

const SORT_COLUMNS = { createdAt: 'invoices.created_at', period: 'invoices.period' };

export async function listInvoiceRows(
  db: Kysely<Database>,
  scope: Scope,
  filter: InvoiceFilter,
  page: PageRequest,
) {
  const filtered = () => {
    let query = scoped(db, scope);
    if (filter.status) query = query.where('invoices.status', '=', filter.status);
    if (filter.kind) query = query.where('invoices.kind', '=', filter.kind);
    if (filter.period) query = query.where('invoices.period', '=', filter.period);
    if (filter.tenantId) query = query.where('invoices.tenant_id', '=', filter.tenantId);
    if (filter.q) {
      const q = filter.q;
      query = query.where((eb) =>
        eb.or([containsText('invoices.number', q), containsText('invoices.bill_to_name', q)]),
      );
    }
    return query;
  };
  const byPeriod = page.sort.replace(/^-/, '') === 'period';
  const result = await paginate(
    filtered().selectAll('invoices'),
    parseSort(page.sort, SORT_COLUMNS, 'invoices.id'),
    { ...page, sortValue: (row) => (byPeriod ? row.period : row.created_at) },
  );
  if (!page.includeTotal) return { items: result.items, nextCursor: result.nextCursor };
  const total = await filtered()
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return { items: result.items, nextCursor: result.nextCursor, total: toCount(total.n) };
}

export function paymentsOf(db: Kysely<Database>, invoiceId: string) {
  return db
    .selectFrom('invoice_payments')
    .selectAll()
    .where('invoice_id', '=', invoiceId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function insertPayment(
  trx: Kysely<Database>,
  row: Insertable<InvoicePaymentTable>,
): Promise<void> {
  await trx.insertInto('invoice_payments').values(row).execute();
}

/**
 * The next `count` values of a gap-free sequence, in the issuing transaction (the first returned):
 * the sequence row is locked (FOR UPDATE) until the commit, so concurrent issues take numbers one
 * after the other and a rolled-back issue gives its numbers back. A first use inserts the row; on
 * MySQL/MariaDB two first uses may deadlock on the insert, which the transaction helper runs again.
 */
export async function nextSequenceValues(
  trx: Kysely<Database>,
  kind: InvoiceKind,
  yearKey: string,
  count: number,
): Promise<number> {
  const locked = () =>
    trx
      .selectFrom('invoice_sequences')
      .select('last_value')
      .where('kind', '=', kind)
      .where('year_key', '=', yearKey)
      .$call(forUpdate(trx))
      .executeTakeFirst();
  let row = await locked();
  if (!row) {
    const insert = trx.insertInto('invoice_sequences').values({ kind, year_key: yearKey, last_value: 0 });
    if (dialectOfExecutor(trx) === 'mysql') await insert.ignore().execute();
    else await insert.onConflict((oc) => oc.columns(['kind', 'year_key']).doNothing()).execute();
    row = await locked();
  }
  const first = Number(row!.last_value) + 1;
  await trx
    .updateTable('invoice_sequences')
    .set({ last_value: first + count - 1 })
    .where('kind', '=', kind)
    .where('year_key', '=', yearKey)
    .execute();
  return first;
}

/** Whether the tenant has an issued invoice, credit note or statement (its currency is then locked). */
export async function tenantHasIssued(db: Kysely<Database>, tenantId: string): Promise<boolean> {
  const row = await db
    .selectFrom('invoices')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('status', '!=', 'preview')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The PDF kept when the document was issued. */
export async function keptPdf(db: Kysely<Database>, invoiceId: string): Promise<Buffer | undefined> {
  const row = await db
    .selectFrom('invoice_pdfs')
    .select('content')
    .where('invoice_id', '=', invoiceId)
    .executeTakeFirst();
  return row ? Buffer.from(row.content) : undefined;
}

export async function insertKeptPdf(trx: Kysely<Database>, row: Insertable<InvoicePdfTable>): Promise<void> {
  await trx.insertInto('invoice_pdfs').values(row).execute();
}

const BILLED_COLUMNS = [
  'l.kind',
  'l.source_kind',
  'l.position',
  'l.parent_position',
  'l.subscription_id',
  'l.meter_id',
  'l.raw_quantity',
  'l.amount',
  'l.unpriced',
] as const;

export interface BilledLineRow {
  kind: InvoiceLineTable['kind'];
  source_kind: InvoiceLineTable['source_kind'];
  position: number;
  parent_position: number | null;
  subscription_id: string | null;
  meter_id: string | null;
  raw_quantity: string | null;
  amount: string;
  unpriced: number;
}

/**
 * The lines (tax left out) that bill a tenant-period on standing (issued or paid) documents: its
 * own invoice's in position order, the prior-period adjustments for it on the tenant's later
 * invoices, and the credit-note lines against either (reports/reconciliation, the FOCUS export).
 */
export async function billedLineRows(
  db: Kysely<Database>,
  tenantId: string,
  period: string,
): Promise<{ own: BilledLineRow[]; adjustments: BilledLineRow[]; credited: BilledLineRow[] }> {
  const standing: InvoiceStatus[] = ['issued', 'paid'];
  const periodKey = `${tenantId}:${period}`;
  const own = await db
    .selectFrom('invoice_lines as l')
    .innerJoin('invoices as i', 'i.id', 'l.invoice_id')
    .select(BILLED_COLUMNS)
    .where('i.period_key', '=', periodKey)
    .where('i.status', 'in', standing)
    .where('l.kind', '!=', 'tax')
    .where('l.original_period', 'is', null)
    .orderBy('l.position')
    .execute();
  const adjustments = await db
    .selectFrom('invoice_lines as l')
    .innerJoin('invoices as i', 'i.id', 'l.invoice_id')
    .select(BILLED_COLUMNS)
    .where('i.tenant_id', '=', tenantId)
    .where('i.period_key', 'is not', null)
    .where('i.status', 'in', standing)
    .where('l.kind', '=', 'adjustment')
    .where('l.original_period', '=', period)
    .execute();
  // A credit-note line names what it credits: an adjustment keeps its original period, a line of
  // the period's own invoice has none.
  const credited = await db
    .selectFrom('invoice_lines as l')
    .innerJoin('invoices as cn', 'cn.id', 'l.invoice_id')
    .innerJoin('invoices as i', 'i.id', 'cn.credits_invoice_id')
    .select(BILLED_COLUMNS)
    .where('i.tenant_id', '=', tenantId)
    .where('i.status', 'in', standing)
    .where('cn.status', '!=', 'preview')
    .where('l.kind', '!=', 'tax')
    .where((eb) =>
      eb.or([
        eb('l.original_period', '=', period),
        eb.and([eb('l.original_period', 'is', null), eb('i.period_key', '=', periodKey)]),
      ]),
    )
    .execute();
  return { own, adjustments, credited };
}

// The automatic cycle's reads (invoice-cycle.ts).

/** Previews of periods before `period` still unissued, oldest period first. */
export function previewsBefore(db: Kysely<Database>, period: string) {
  return db
    .selectFrom('invoices')
    .select(['tenant_id', 'period'])
    .where('status', '=', 'preview')
    .where('period_key', 'is not', null)
    .where('period', '<', period)
    .orderBy('period')
    .orderBy('tenant_id')
    .execute();
}

/** A period's own previews. */
export function periodPreviews(db: Kysely<Database>, period: string) {
  return db
    .selectFrom('invoices')
    .selectAll()
    .where('status', '=', 'preview')
    .where('period_key', 'is not', null)
    .where('period', '=', period)
    .orderBy('tenant_id')
    .execute();
}

/** A period's own previews in the scope (of these tenants when given), in tenant order. */
export async function scopedPeriodPreviews(
  db: Kysely<Database>,
  scope: Pick<Scope, 'level' | 'orgId'>,
  period: string,
  tenantIds?: readonly string[],
): Promise<{ id: string; tenant_id: string }[]> {
  if (tenantIds?.length === 0) return [];
  let query = scoped(db, scope)
    .select(['invoices.id', 'invoices.tenant_id'])
    .where('invoices.status', '=', 'preview')
    .where('invoices.period_key', 'is not', null)
    .where('invoices.period', '=', period);
  if (tenantIds) query = query.where('invoices.tenant_id', 'in', [...tenantIds]);
  return query.orderBy('invoices.tenant_id').execute();
}

/** Issued documents still owed their automatic e-mail. */
export function pendingAutoEmails(db: Kysely<Database>) {
  return db.selectFrom('invoices').selectAll().where('auto_email_pending', '=', 1).orderBy('id').execute();
}

/** Issued invoices (not credit notes or statements) whose due date is before `day`. */
export function issuedInvoicesDueBefore(db: Kysely<Database>, day: string) {
  return db
    .selectFrom('invoices')
    .selectAll()
    .where('status', '=', 'issued')
    .where('kind', '=', 'invoice')
    .where('due_date', '<', day)
    .orderBy('id')
    .execute();
}

const DOCUMENT_LINE_COLUMNS = [
  'd.number as document_number',
  'd.currency as currency',
  'l.kind',
  'l.source_kind',
  'l.subscription_id',
  'l.subscription_name',
  'l.region_id',
  'l.meter_id',
  'l.sku',
  'l.amount',
  'l.unpriced',
  'l.description',
  'l.original_period',
] as const;

/**
 * What the standing documents of a tenant-period charge beyond its rated lines (the FOCUS export):
 * its own invoice's tax lines and prior-period adjustments, in position order, then every line
 * of the credit notes issued against that invoice, in issue order.
 */
export async function documentOnlyLineRows(db: Kysely<Database>, tenantId: string, period: string) {
  const standing: InvoiceStatus[] = ['issued', 'paid'];
  const own = await db
    .selectFrom('invoice_lines as l')
    .innerJoin('invoices as d', 'd.id', 'l.invoice_id')
    .select(DOCUMENT_LINE_COLUMNS)
    .where('d.period_key', '=', `${tenantId}:${period}`)
    .where('d.status', 'in', standing)
    .where((eb) => eb.or([eb('l.kind', '=', 'tax'), eb('l.original_period', 'is not', null)]))
    .orderBy('l.position')
    .execute();
  const credited = await db
    .selectFrom('invoice_lines as l')
    .innerJoin('invoices as d', 'd.id', 'l.invoice_id')
    .innerJoin('invoices as i', 'i.id', 'd.credits_invoice_id')
    .select(DOCUMENT_LINE_COLUMNS)
    .where('i.period_key', '=', `${tenantId}:${period}`)
    .where('i.status', 'in', standing)
    .where('d.status', '!=', 'preview')
    .orderBy('d.number')
    .orderBy('l.position')
    .execute();
  return { own, credited };
}

/**
 * Issued documents with no kept PDF, issued at or before `issuedBefore`, oldest first, after the
 * keyset `after` (issued_at, id).
 */
export function issuedWithoutKeptPdf(
  db: Kysely<Database>,
  page: { issuedBefore: string; after: { issuedAt: string; id: string } | null; limit: number },
) {
  let query = db
    .selectFrom('invoices')
    .leftJoin('invoice_pdfs', 'invoice_pdfs.invoice_id', 'invoices.id')
    .select(['invoices.id', 'invoices.number', 'invoices.tenant_id', 'invoices.issued_at'])
    .where('invoices.number', 'is not', null)
    .where('invoice_pdfs.invoice_id', 'is', null)
    .where('invoices.issued_at', '<=', page.issuedBefore);
  const after = page.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('invoices.issued_at', '>', after.issuedAt),
        eb.and([eb('invoices.issued_at', '=', after.issuedAt), eb('invoices.id', '>', after.id)]),
      ]),
    );
  }
  return query.orderBy('invoices.issued_at').orderBy('invoices.id').limit(page.limit).execute();
}

/** Whether anything was ever issued (the sweep for unkept PDFs is scheduled only then). */
export async function anythingIssued(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectFrom('invoices')
    .select('id')
    .where('number', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
