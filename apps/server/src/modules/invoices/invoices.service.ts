import { decimal, minorUnits, type TaxRateInput } from '@cms/billing';
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { AnyContext, RequestContext, Scope, SystemContext } from '../../context.ts';
import { newId } from '../../db/ids.ts';
import type {
  Database,
  InvoiceKind,
  InvoiceLineTable,
  InvoiceTable,
  OrganisationRow,
} from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import type { PageRequest } from '../../http/pagination.ts';
import { lockOrganisations } from '../../tenancy/chain.ts';
import { resolveAlerts } from '../alerts/alerts.service.ts';
import { type AuditChange, recordAudit, recordAudits } from '../audit/audit.service.ts';
import { getSetting } from '../settings/settings.service.ts';
import { PLATFORM_SCOPE } from '../subscriptions/subscription-links.service.ts';
import { localDay } from '../usage/local-time.ts';
import { closePeriods } from '../usage/periods.service.ts';
import { freezeInput } from './invoice-adjustments.ts';
import { billToOf, comparedOf, issueAndDueDates, taxLineRow } from './invoice-build.ts';
import { linesDigest, money, sameLines, taxLinesFor, totalsOf } from './invoice-content.ts';
import { storageOf } from './invoice-files.ts';
import { NOT_GENERATED_ALERT, NOT_ISSUED_ALERT } from './invoice-generate.ts';
import { formatNumber, parseNumberFormat } from './invoice-numbers.ts';
import { keepAfterIssue } from './invoice-pdf-sweep.ts';
import { buildPeriodInvoices, type PeriodBuild, type PeriodInvoice } from './invoice-period.ts';
import {
  amountDueOf,
  presentInvoice,
  presentLine,
  presentPayment,
  presentTaxLine,
} from './invoices.presenter.ts';
import {
  creditNoteLinesOf,
  deleteInvoiceRow,
  findInvoicesByIds,
  findScopedInvoice,
  type InvoiceFilter,
  type InvoiceLineRow,
  type InvoiceRow,
  insertInvoice,
  insertPayment,
  linesOf,
  listInvoiceRows,
  lockInvoice,
  lockInvoices,
  nextSequenceValues,
  paymentsOf,
  replaceLines,
  replaceLinesOf,
  reviewedLinesOf,
  updateInvoice,
  updateInvoices,
} from './invoices.repository.ts';

/**
 * The invoice lifecycle (semantics.md "Invoices"): preview → issued → paid | void, credit notes
 * and payments. Visibility is the chain recorded at the start of the period (and the platform);
 * the tenant itself reads what was issued to it. Each change is one transaction with its audit
 * row, which is recorded in the recorded partner's organisation (or the platform's), so the chain
 * that bills the invoice sees its history and a later owner does not.
 *
 * Lock order: the tenant row (issue only: it closes the tenant's period and locks its currency),
 * then the invoice row, then the number sequence row last, held only for the few statements
 * before the commit.
 */

async function platformToday(ctx: AnyContext, db?: Kysely<Database>): Promise<string> {
  return localDay(ctx.app.clock(), String(await getSetting(ctx, 'platform.timeZone', db)));
}

/** A person acts in its scope; the system (the automatic invoicing cycle) on every invoice. */
type Caller = RequestContext | SystemContext;
const scopeOf = (ctx: Caller): Scope => ctx.actor?.scope ?? PLATFORM_SCOPE;

async function requireInvoice(ctx: Caller, id: string): Promise<InvoiceRow> {
  const row = await findScopedInvoice(ctx.app.db.kysely, scopeOf(ctx), id);
  if (!row) throw AppError.notFound('Invoice');
  return row;
}

export async function isInvoiceVisible(ctx: RequestContext, id: string): Promise<boolean> {
  return (await findScopedInvoice(ctx.app.db.kysely, ctx.actor.scope, id)) !== undefined;
}

/** The organisation an invoice's audit rows belong to: its recorded partner, else the platform. */
export const auditOrg = (row: InvoiceRow) => row.partner_id ?? row.distributor_id ?? PLATFORM_SCOPE.orgId;

export async function listInvoices(ctx: RequestContext, filter: InvoiceFilter, page: PageRequest) {
  const result = await listInvoiceRows(ctx.app.db.kysely, ctx.actor.scope, filter, page);
  const today = await platformToday(ctx);
  return { ...result, items: result.items.map((row) => presentInvoice(row, ctx.actor.scope, today)) };
}

async function detailOf(ctx: Caller, row: InvoiceRow, db: Kysely<Database>) {
  const lines = await linesOf(db, row.id);
  const scope = scopeOf(ctx);
  return {
    ...presentInvoice(row, scope, await platformToday(ctx, db)),
    // The archive copy is the operator's: its state and errors are the platform's to see.
    ...(scope.level === 'platform' ? { storage: await storageOf(ctx, row.id) } : {}),
    lines: lines.filter((l) => l.kind !== 'tax').map((l) => presentLine(l, row.currency)),
    taxLines: lines.filter((l) => l.kind === 'tax').map((l) => presentTaxLine(l, row.currency)),
  };
}

export async function getInvoice(ctx: RequestContext, id: string) {
  return detailOf(ctx, await requireInvoice(ctx, id), ctx.app.db.kysely);
}

function notAllowed(row: InvoiceRow, what: string): AppError {
  return new AppError('conflict', `Only ${what}; this ${row.kind.replace('_', ' ')} is ${row.status}.`);
}

/** Deletes a preview (seed 002 "Delete an Invoice"); issued invoices are immutable. */
export async function deletePreview(ctx: RequestContext, id: string): Promise<void> {
  await requireInvoice(ctx, id);
  await transaction(ctx.app.db, async (trx) => {
    const row = await lockInvoice(trx, id);
    if (!row) throw AppError.notFound('Invoice');
    if (row.status !== 'preview') throw notAllowed(row, 'a preview can be deleted (void an issued invoice)');
    await deleteInvoiceRow(trx, id);
    await recordAudit(trx, ctx, {
      action: 'invoice.delete',
      targetType: 'invoice',
      targetId: id,
      orgId: auditOrg(row),
      before: { tenantId: row.tenant_id, period: row.period, total: row.total },
    });
  });
}

/**
 * The next `count` numbers of a kind's sequence (per year when its format has the year),
 * formatted, in the order they are to be given.
 */
async function nextNumbers(
  trx: Kysely<Database>,
  ctx: AnyContext,
  kind: InvoiceKind,
  issueDate: string,
  count: number,
): Promise<string[]> {
  const key =
    kind === 'invoice'
      ? 'invoices.numberFormat'
      : kind === 'credit_note'
        ? 'invoices.creditNoteNumberFormat'
        : 'invoices.statementNumberFormat';
  const format = parseNumberFormat(String(await getSetting(ctx, key, trx)));
  // The registry refuses a bad format when it is saved; one that still fails is a defect.
  if (typeof format === 'string') throw new Error(`Setting ${key}: ${format}`);
  const year = Number(issueDate.slice(0, 4));
  const first = await nextSequenceValues(trx, kind, format.perYear ? String(year) : '', count);
  return Array.from({ length: count }, (_, k) => formatNumber(format, year, first + k));
}

/**
 * Issues a preview (seed 002 "Issue Invoice"): issuePreviews of one, in its own transaction, then
 * keeps its PDF. A person issues what it can see; the system (the automatic cycle) any, asking
 * with `autoEmail` for the document to be e-mailed (invoice-cycle.ts).
 */
export async function issueInvoice(ctx: Caller, id: string, options: { autoEmail?: boolean } = {}) {
  const row = await issuePreview(ctx, id, options);
  await keepAfterIssue(ctx, id);
  return detailOf(ctx, row, ctx.app.db.kysely);
}

/**
 * The issuing transaction of `issueInvoice`, without keeping its PDF (which the first request for
 * the file does when this is called alone): the refusal, if any, is thrown.
 */
export async function issuePreview(
  ctx: Caller,
  id: string,
  options: { autoEmail?: boolean } = {},
): Promise<InvoiceRow> {
  await requireInvoice(ctx, id);
  const outcome = (await transaction(ctx.app.db, (trx) => issuePreviews(trx, ctx, [id], options))).get(id)!;
  if (outcome.status !== 'issued') throw outcome.error;
  return outcome.row;
}

/**
 * An issue's outcome: issued; refused (still a preview: it could not be issued as reviewed); or
 * skipped (gone, no longer a preview, or its tenant deleted: nothing to issue).
 */
export type IssueOutcome =
  | { status: 'issued'; row: InvoiceRow }
  | { status: 'refused'; row: InvoiceRow; error: AppError }
  | { status: 'skipped'; error: AppError };

/**
 * Issues previews in the caller's transaction, set-wise (one at a time, or a batch of the
 * `invoices.issue` job and the automatic cycle), each exactly as it would be alone: locks their
 * tenants (in id order) and then the invoices, builds each period again from the usage as it is
 * now and refuses a preview whose lines differ (what was reviewed is what is issued), freezes the
 * lines with today's tax rates and the rating input (for later prior-period adjustments), sets the
 * issue and due dates in the Platform Time Zone, closes the tenant's period on every region it
 * covers, and takes the numbers of each kind's sequence last, in the order of `ids`. A negative
 * total is issued as a credit note; showback tenants get statements. A refusal is an outcome, not
 * an exception, so the others of a batch are still issued. The caller has checked the scope.
 */
export async function issuePreviews(
  trx: Kysely<Database>,
  ctx: AnyContext,
  ids: readonly string[],
  options: { autoEmail?: boolean } = {},
): Promise<Map<string, IssueOutcome>> {
  const out = new Map<string, IssueOutcome>();
  const refuse = (row: InvoiceRow, error: AppError) => out.set(row.id, { status: 'refused', row, error });
  const skip = (id: string, error: AppError) => out.set(id, { status: 'skipped', error });
  const outOfDate = (why: string) =>
    new AppError(
      'conflict',
      `The preview is out of date (${why}): generate it again and review it before issuing.`,
    );
  // Top down: the tenants first (a rating, a generation and a currency change wait), then the invoices.
  const seen = await findInvoicesByIds(trx, ids);
  const tenants = new Map(
    (
      await lockOrganisations(
        trx,
        PLATFORM_SCOPE,
        [...seen.values()].map((row) => row.tenant_id),
        'tenant',
      )
    ).map((t) => [t.id, t]),
  );
  const locked = new Map((await lockInvoices(trx, [...seen.keys()])).map((row) => [row.id, row]));
  const candidates: InvoiceRow[] = [];
  for (const id of ids) {
    const preview = locked.get(id);
    if (out.has(id)) continue;
    const tenant = preview && tenants.get(preview.tenant_id);
    if (!preview) {
      skip(id, AppError.notFound('Invoice'));
    } else if (!tenant) {
      skip(id, new AppError('conflict', 'The tenant of this preview no longer exists.'));
    } else if (preview.status !== 'preview') {
      skip(id, notAllowed(preview, 'a preview can be issued'));
    } else if (preview.currency !== tenant.currency) {
      refuse(preview, outOfDate("the tenant's currency changed"));
    } else {
      candidates.push(preview);
    }
  }
  if (candidates.length === 0) return out;
  const zone = String(await getSetting(ctx, 'platform.timeZone', trx));
  const now = ctx.app.clock();
  const { issueDate } = issueAndDueDates(now, zone, null);
  const builds = new Map<string, PeriodBuild>();
  for (const period of new Set(candidates.map((row) => row.period))) {
    const ofPeriod = candidates
      .filter((row) => row.period === period)
      .map((row) => tenants.get(row.tenant_id)!)
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    const built = await buildPeriodInvoices(trx, ctx, ofPeriod, period, {
      source: 'fresh',
      taxDate: issueDate,
    });
    for (const [tenantId, build] of built) builds.set(`${tenantId}:${period}`, build);
  }
  // A preview's digest stands for its lines; one generated before digests were kept is read back.
  const reviewed = await reviewedLinesOf(
    trx,
    candidates.filter((row) => row.lines_digest === null).map((row) => row.id),
  );
  const issuing: { preview: InvoiceRow; tenant: OrganisationRow; invoice: PeriodInvoice }[] = [];
  for (const preview of candidates) {
    const built = builds.get(`${preview.tenant_id}:${preview.period}`)!;
    if (built.status === 'refused') {
      refuse(preview, new AppError('invalid_request', built.message));
    } else if (built.status !== 'built') {
      refuse(preview, outOfDate('there is nothing to invoice any more'));
    } else if (
      preview.lines_digest === null
        ? !sameLines(reviewed.get(preview.id)!.map(comparedOf), built.invoice.composition.lines)
        : preview.lines_digest !== linesDigest(built.invoice.composition.lines)
    ) {
      refuse(preview, outOfDate('its usage or prices changed'));
    } else {
      issuing.push({ preview, tenant: tenants.get(preview.tenant_id)!, invoice: built.invoice });
    }
  }
  if (issuing.length === 0) return out;
  await ctx.app.pause('invoice.issue');
  const defaultTerms = Number(await getSetting(ctx, 'invoices.defaultPaymentTermsDays', trx));
  const at = nowIso(ctx.app.clock);
  // The reviewed lines are the lines built now (sameLines above), so they stay as they are; only
  // the tax lines are taken again, at the issue date's rates.
  await replaceLinesOf(
    trx,
    issuing.map(({ preview }) => preview.id),
    issuing.flatMap(({ preview, invoice }) =>
      invoice.composition.taxLines.map((tax, i) =>
        taxLineRow(preview.id, invoice.composition.lines.length + i, tax),
      ),
    ),
    { taxOnly: true },
  );
  await closePeriods(
    trx,
    issuing.flatMap(({ preview, tenant, invoice }) =>
      invoice.coverage.map((region) => ({
        tenantId: tenant.id,
        regionId: region.regionId,
        period: preview.period,
        invoiceId: preview.id,
      })),
    ),
    at,
  );
  await resolveAlerts(trx, ctx, {
    conditions: issuing.map(({ preview }) => ({
      kind: NOT_GENERATED_ALERT,
      key: `${preview.tenant_id}:${preview.period}`,
    })),
  });
  await resolveAlerts(trx, ctx, {
    kind: NOT_ISSUED_ALERT,
    keyPrefix: issuing.map(({ preview }) => `${preview.id}:`),
  });
  // The sequences last: each is held only for the few statements before the commit.
  const numbers = new Map<string, string>();
  for (const kind of ['invoice', 'credit_note', 'statement'] as const) {
    const ofKind = issuing.filter(({ invoice }) => invoice.kind === kind);
    if (ofKind.length === 0) continue;
    const taken = await nextNumbers(trx, ctx, kind, issueDate, ofKind.length);
    for (const [k, { preview }] of ofKind.entries()) numbers.set(preview.id, taken[k]!);
  }
  const updates: { id: string; changes: Updateable<InvoiceTable> }[] = [];
  const audits: AuditChange[] = [];
  for (const { preview, tenant, invoice } of issuing) {
    const terms = invoice.kind === 'invoice' ? (tenant.payment_terms_days ?? defaultTerms) : null;
    const { dueDate } = issueAndDueDates(now, zone, terms);
    const number = numbers.get(preview.id)!;
    const changes = {
      kind: invoice.kind,
      status: 'issued' as const,
      number,
      issue_date: issueDate,
      due_date: dueDate,
      payment_terms_days: terms,
      coverage: JSON.stringify(invoice.coverage),
      exchange_rates: invoice.exchangeRates.length > 0 ? JSON.stringify(invoice.exchangeRates) : null,
      subtotal: invoice.composition.totals.subtotal,
      tax_total: invoice.composition.totals.tax,
      total: invoice.composition.totals.total,
      unpriced_lines: invoice.unpricedLines,
      ...billToOf(tenant),
      tax_rates: JSON.stringify(invoice.rates),
      frozen_input: JSON.stringify(freezeInput(invoice.input!, invoice.facts.subscriptions)),
      issued_at: at,
      updated_at: at,
      // Marked in the issuing transaction: the e-mail goes even if the process stops right after.
      ...(options.autoEmail ? { auto_email_pending: 1 } : {}),
    };
    updates.push({ id: preview.id, changes });
    audits.push({
      action: 'invoice.issue',
      targetType: 'invoice',
      targetId: preview.id,
      orgId: auditOrg(preview),
      after: {
        number,
        kind: invoice.kind,
        issueDate,
        dueDate,
        total: changes.total,
        currency: preview.currency,
      },
    });
    out.set(preview.id, { status: 'issued', row: { ...preview, ...changes } });
  }
  await updateInvoices(trx, updates);
  await recordAudits(trx, ctx, audits);
  return out;
}

type TaxGroupRates = Record<string, TaxRateInput[]>;

/** A credit note's row, against an issued invoice: its chain, period and currency. */
function creditNoteRow(
  invoice: InvoiceRow,
  fields: {
    id: string;
    number: string;
    issueDate: string;
    at: string;
    totals: { subtotal: string; tax: string; total: string };
    reason: string | null;
  },
) {
  return {
    id: fields.id,
    kind: 'credit_note' as const,
    status: 'issued' as const,
    tenant_id: invoice.tenant_id,
    partner_id: invoice.partner_id,
    distributor_id: invoice.distributor_id,
    partner_name: invoice.partner_name,
    distributor_name: invoice.distributor_name,
    period: invoice.period,
    period_key: null,
    coverage: invoice.coverage,
    currency: invoice.currency,
    exchange_rates: invoice.exchange_rates,
    number: fields.number,
    issue_date: fields.issueDate,
    due_date: null,
    payment_terms_days: null,
    subtotal: fields.totals.subtotal,
    tax_total: fields.totals.tax,
    total: fields.totals.total,
    amount_paid: '0',
    amount_credited: '0',
    unpriced_lines: 0,
    bill_to_name: invoice.bill_to_name,
    bill_to_contact: invoice.bill_to_contact,
    bill_to_email: invoice.bill_to_email,
    bill_to_address: invoice.bill_to_address,
    credits_invoice_id: invoice.id,
    reason: fields.reason,
    tax_rates: invoice.tax_rates,
    frozen_input: null,
    generated_at: fields.at,
    issued_at: fields.at,
    voided_at: null,
    created_at: fields.at,
    updated_at: fields.at,
  };
}

/**
 * A credit-note line taking `amount` (negative) off an invoice line. It names what it credits
 * (subscription, meter, period) but prints no quantity, rate or tiers: a partial amount of a
 * tiered line has none of its own.
 */
function creditLine(
  cnId: string,
  position: number,
  line: InvoiceLineRow,
  amount: string,
): Insertable<InvoiceLineTable> {
  return {
    ...line,
    id: newId('inl'),
    invoice_id: cnId,
    position,
    parent_position: null,
    raw_quantity: null,
    quantity: null,
    rate: null,
    tier_mode: null,
    slices: null,
    amount,
    description: `Credit: ${line.description}`.slice(0, 1000),
    credited_line_id: line.id,
  };
}

/** What is left to credit of each line of an invoice (its amount + the credit notes against it). */
async function remainingOf(trx: Kysely<Database>, invoiceId: string, lines: InvoiceLineRow[]) {
  const credited = await creditNoteLinesOf(trx, invoiceId);
  const remaining = new Map(lines.map((l) => [l.id, decimal(l.amount)]));
  for (const c of credited) {
    if (c.credited_line_id && remaining.has(c.credited_line_id)) {
      remaining.set(c.credited_line_id, remaining.get(c.credited_line_id)!.plus(decimal(c.amount)));
    }
  }
  return { remaining, credited };
}

async function issueCreditNote(
  trx: Kysely<Database>,
  ctx: RequestContext,
  invoice: InvoiceRow,
  lines: Insertable<InvoiceLineTable>[],
  taxRows: Insertable<InvoiceLineTable>[],
  reason: string | null,
  cnId: string,
) {
  const c = invoice.currency;
  const totals = totalsOf(
    lines.map((l) => ({ amount: String(l.amount) })),
    taxRows.map((l) => ({ amount: String(l.amount) })),
    c,
  );
  const issueDate = await platformToday(ctx, trx);
  const at = nowIso(ctx.app.clock);
  const [number] = (await nextNumbers(trx, ctx, 'credit_note', issueDate, 1)) as [string];
  await insertInvoice(trx, creditNoteRow(invoice, { id: cnId, number, issueDate, at, totals, reason }));
  await replaceLines(trx, cnId, [...lines, ...taxRows]);
  const credited = money(decimal(invoice.amount_credited).plus(decimal(totals.total)), c);
  return { number, totals, credited, at };
}

/**
 * Voids an issued invoice: a credit note for everything not yet credited (its own number; the
 * invoice keeps its number and becomes void). Its tax lines take off exactly the tax still on
 * the invoice, so invoice and credit notes net to zero. A statement is voided without a credit
 * note (it charged nothing).
 */
export async function voidInvoice(ctx: RequestContext, id: string, input: { reason?: string | undefined }) {
  await requireInvoice(ctx, id);
  const result = await transaction(ctx.app.db, async (trx) => {
    const row = await lockInvoice(trx, id);
    if (!row) throw AppError.notFound('Invoice');
    if (row.status !== 'issued' || row.kind === 'credit_note') {
      throw notAllowed(row, 'an issued invoice or statement can be voided (a credit note is final)');
    }
    if (decimal(row.amount_paid).gt(decimal('0'))) {
      throw new AppError(
        'conflict',
        'An invoice with payments cannot be voided; issue a credit note instead.',
      );
    }
    const at = nowIso(ctx.app.clock);
    let creditNote: { id: string; number: string } | null = null;
    let credited = row.amount_credited;
    if (row.kind === 'invoice') {
      const lines = await linesOf(trx, id);
      const { remaining, credited: before } = await remainingOf(trx, id, lines);
      const cnId = newId('inv', ctx.app.clock());
      const cnLines: Insertable<InvoiceLineTable>[] = [];
      for (const line of lines.filter((l) => l.kind !== 'tax')) {
        const left = remaining.get(line.id)!;
        if (!left.eq(decimal('0')))
          cnLines.push(creditLine(cnId, cnLines.length, line, money(left.neg(), row.currency)));
      }
      const taxRows: Insertable<InvoiceLineTable>[] = [];
      for (const tax of lines.filter((l) => l.kind === 'tax')) {
        const same = before.filter(
          (b) =>
            b.kind === 'tax' &&
            b.tax_name === tax.tax_name &&
            decimal(b.tax_percentage ?? '0').eq(decimal(tax.tax_percentage ?? '0')),
        );
        const left = same.reduce((sum, b) => sum.plus(decimal(b.amount)), decimal(tax.amount));
        const base = same.reduce(
          (sum, b) => sum.plus(decimal(b.tax_base ?? '0')),
          decimal(tax.tax_base ?? '0'),
        );
        taxRows.push(
          taxLineRow(cnId, cnLines.length + taxRows.length, {
            name: tax.tax_name ?? '',
            percentage: tax.tax_percentage ?? '0',
            base: money(base.neg(), row.currency),
            amount: money(left.neg(), row.currency),
          }),
        );
      }
      const issued = await issueCreditNote(trx, ctx, row, cnLines, taxRows, input.reason ?? 'Void', cnId);
      creditNote = { id: cnId, number: issued.number };
      credited = issued.credited;
    }
    await updateInvoice(trx, id, {
      status: 'void',
      voided_at: at,
      updated_at: at,
      amount_credited: credited,
    });
    await recordAudit(trx, ctx, {
      action: 'invoice.void',
      targetType: 'invoice',
      targetId: id,
      orgId: auditOrg(row),
      after: {
        number: row.number,
        creditNoteId: creditNote?.id ?? null,
        creditNoteNumber: creditNote?.number ?? null,
      },
    });
    return creditNote?.id ?? null;
  });
  if (result !== null) await keepAfterIssue(ctx, result);
  return {
    invoice: await getInvoice(ctx, id),
    creditNote: result === null ? null : await getInvoice(ctx, result),
  };
}

/**
 * A partial credit note: chosen lines, each for all that is left of it or a given amount of it,
 * taxed at the rates the invoice taxed those lines at (adjustment lines at their period's).
 */
export async function createCreditNote(
  ctx: RequestContext,
  id: string,
  input: { lines: { lineId: string; amount?: string | undefined }[]; reason: string },
) {
  await requireInvoice(ctx, id);
  const cnId = await transaction(ctx.app.db, async (trx) => {
    const row = await lockInvoice(trx, id);
    if (!row) throw AppError.notFound('Invoice');
    if (row.kind !== 'invoice' || (row.status !== 'issued' && row.status !== 'paid')) {
      throw notAllowed(row, 'an issued invoice can be credited');
    }
    const places = minorUnits(row.currency);
    const lines = await linesOf(trx, id);
    const { remaining } = await remainingOf(trx, id, lines);
    const cnId = newId('inv', ctx.app.clock());
    const chosen = new Set<string>();
    const cnLines: Insertable<InvoiceLineTable>[] = [];
    input.lines.forEach((wanted, i) => {
      const line = lines.find((l) => l.id === wanted.lineId && l.kind !== 'tax');
      if (!line)
        throw AppError.invalidField(
          `body.lines.${i}.lineId`,
          'Not a line of this invoice.',
          'invalid_request',
        );
      if (chosen.has(line.id)) {
        throw AppError.invalidField(
          `body.lines.${i}.lineId`,
          'This line is chosen twice.',
          'invalid_request',
        );
      }
      chosen.add(line.id);
      const left = remaining.get(line.id)!;
      if (!left.gt(decimal('0'))) {
        throw AppError.invalidField(
          `body.lines.${i}.lineId`,
          'Nothing is left to credit on this line.',
          'invalid_request',
        );
      }
      if (wanted.amount !== undefined && (wanted.amount.split('.')[1] ?? '').length > places) {
        throw AppError.invalidField(
          `body.lines.${i}.amount`,
          `At most ${places} decimal places in ${row.currency}.`,
          'invalid_request',
        );
      }
      const amount = wanted.amount === undefined ? left : decimal(wanted.amount);
      if (amount.gt(left)) {
        throw AppError.invalidField(
          `body.lines.${i}.amount`,
          `At most ${money(left, row.currency)} is left to credit on this line.`,
          'invalid_request',
        );
      }
      cnLines.push(creditLine(cnId, cnLines.length, line, money(amount.neg(), row.currency)));
    });
    const rates = JSON.parse(row.tax_rates) as TaxGroupRates;
    const groups = new Map<string, string[]>();
    for (const l of cnLines) {
      const group = l.original_period ?? '';
      groups.set(group, [...(groups.get(group) ?? []), String(l.amount)]);
    }
    const taxes = taxLinesFor(
      [...groups].map(([group, amounts]) => ({
        base: amounts.reduce((sum, a) => sum.plus(decimal(a)), decimal('0')).toFixed(),
        rates: rates[group] ?? [],
      })),
      row.currency,
    );
    const taxRows = taxes.map((tax, i) => taxLineRow(cnId, cnLines.length + i, tax));
    const issued = await issueCreditNote(trx, ctx, row, cnLines, taxRows, input.reason, cnId);
    await updateInvoice(trx, id, { amount_credited: issued.credited, updated_at: issued.at });
    await recordAudit(trx, ctx, {
      action: 'invoice.creditNote',
      targetType: 'invoice',
      targetId: id,
      orgId: auditOrg(row),
      after: {
        creditNoteId: cnId,
        creditNoteNumber: issued.number,
        total: issued.totals.total,
        reason: input.reason,
      },
    });
    return cnId;
  });
  await keepAfterIssue(ctx, cnId);
  return getInvoice(ctx, cnId);
}

export async function listPayments(ctx: RequestContext, id: string) {
  const row = await requireInvoice(ctx, id);
  const rows = await paymentsOf(ctx.app.db.kysely, id);
  return { items: rows.map((p) => presentPayment(p, row.currency)) };
}

/**
 * Records a payment, full or partial, on an issued invoice; the invoice is paid once nothing is
 * due. Statements, credit notes and previews take no payments, and nobody pays more than is due.
 */
export async function recordPayment(
  ctx: RequestContext,
  id: string,
  input: { amount: string; paidOn: string; reference?: string | undefined },
) {
  await requireInvoice(ctx, id);
  const payment = await transaction(ctx.app.db, async (trx) => {
    const row = await lockInvoice(trx, id);
    if (!row) throw AppError.notFound('Invoice');
    if (row.kind === 'statement')
      throw new AppError('invalid_request', 'A showback statement takes no payments.');
    if (row.kind === 'credit_note') throw new AppError('invalid_request', 'A credit note takes no payments.');
    if (row.status !== 'issued') throw notAllowed(row, 'an issued, unpaid invoice takes payments');
    const places = minorUnits(row.currency);
    if ((input.amount.split('.')[1] ?? '').length > places) {
      throw AppError.invalidField(
        'body.amount',
        `At most ${places} decimal places in ${row.currency}.`,
        'invalid_request',
      );
    }
    if (input.paidOn > (await platformToday(ctx, trx))) {
      throw AppError.invalidField('body.paidOn', 'Must not be in the future.', 'invalid_request');
    }
    const due = amountDueOf(row);
    if (decimal(input.amount).gt(due)) {
      throw AppError.invalidField(
        'body.amount',
        `At most ${money(due, row.currency)} is due.`,
        'invalid_request',
      );
    }
    const at = nowIso(ctx.app.clock);
    const created = {
      id: newId('pay', ctx.app.clock()),
      invoice_id: id,
      amount: money(input.amount, row.currency),
      paid_on: input.paidOn,
      reference: input.reference ?? null,
      recorded_by: ctx.actor.userId,
      created_at: at,
    };
    await insertPayment(trx, created);
    const paid = money(decimal(row.amount_paid).plus(decimal(input.amount)), row.currency);
    const settled = amountDueOf({ ...row, amount_paid: paid }).lte(decimal('0'));
    await updateInvoice(trx, id, {
      amount_paid: paid,
      updated_at: at,
      ...(settled ? { status: 'paid' as const } : {}),
    });
    await recordAudit(trx, ctx, {
      action: 'invoice.payment',
      targetType: 'invoice',
      targetId: id,
      orgId: auditOrg(row),
      after: { paymentId: created.id, amount: created.amount, paidOn: created.paid_on, paid: settled },
    });
    return presentPayment(created, row.currency);
  });
  return payment;
}
