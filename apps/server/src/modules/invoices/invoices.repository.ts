import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
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
import { dialectOfExecutor } from '../usage/sql-batches.ts';

export type InvoiceRow = Selectable<InvoiceTable>;
export type InvoiceLineRow = Selectable<InvoiceLineTable>;
export type PaymentRow = Selectable<InvoicePaymentTable>;

/**
 * The invoices module's tables. Invoices are scoped by the chain they recorded at the start of
 * their period (scopeWhere on their own chain columns), and a tenant sees only what was issued to
 * it: previews are the operator's.
 */
function scoped(db: Kysely<Database>, scope: Scope) {
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

/** The invoice row, locked for the rest of the transaction. */
export function lockInvoice(trx: Kysely<Database>, id: string) {
  return trx.selectFrom('invoices').selectAll().where('id', '=', id).$call(forUpdate(trx)).executeTakeFirst();
}

/** A tenant-period's own invoice (preview or issued). */
export function findPeriodInvoice(db: Kysely<Database>, periodKey: string) {
  return db.selectFrom('invoices').selectAll().where('period_key', '=', periodKey).executeTakeFirst();
}

/** A tenant-period's own invoice (preview or issued), locked. */
export function lockPeriodInvoice(trx: Kysely<Database>, periodKey: string) {
  return trx
    .selectFrom('invoices')
    .selectAll()
    .where('period_key', '=', periodKey)
    .$call(forUpdate(trx))
    .executeTakeFirst();
}

export async function insertInvoice(trx: Kysely<Database>, row: Insertable<InvoiceTable>): Promise<void> {
  await trx.insertInto('invoices').values(row).execute();
}

export async function updateInvoice(
  trx: Kysely<Database>,
  id: string,
  changes: Updateable<InvoiceTable>,
): Promise<void> {
  await trx.updateTable('invoices').set(changes).where('id', '=', id).execute();
}

export async function deleteInvoiceRow(trx: Kysely<Database>, id: string): Promise<void> {
  await trx.deleteFrom('invoice_lines').where('invoice_id', '=', id).execute();
  await trx.deleteFrom('invoices').where('id', '=', id).execute();
}

const LINE_BATCH = 200;

export async function replaceLines(
  trx: Kysely<Database>,
  invoiceId: string,
  rows: Insertable<InvoiceLineTable>[],
): Promise<void> {
  await trx.deleteFrom('invoice_lines').where('invoice_id', '=', invoiceId).execute();
  for (let i = 0; i < rows.length; i += LINE_BATCH) {
    await trx
      .insertInto('invoice_lines')
      .values(rows.slice(i, i + LINE_BATCH))
      .execute();
  }
}

export function linesOf(db: Kysely<Database>, invoiceId: string) {
  return db
    .selectFrom('invoice_lines')
    .selectAll()
    .where('invoice_id', '=', invoiceId)
    .orderBy('position')
    .execute();
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
 * The next value of a gap-free sequence, in the issuing transaction: the sequence row is locked
 * (FOR UPDATE) until the commit, so concurrent issues take numbers one after the other and a
 * rolled-back issue gives its number back. A first use inserts the row; on MySQL/MariaDB two first
 * uses may deadlock on the insert, which the transaction helper runs again.
 */
export async function nextSequenceValue(
  trx: Kysely<Database>,
  kind: InvoiceKind,
  yearKey: string,
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
  const next = Number(row!.last_value) + 1;
  await trx
    .updateTable('invoice_sequences')
    .set({ last_value: next })
    .where('kind', '=', kind)
    .where('year_key', '=', yearKey)
    .execute();
  return next;
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
