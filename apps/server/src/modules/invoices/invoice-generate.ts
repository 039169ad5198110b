import type { Insertable, Kysely, Updateable } from 'kysely';
import type { AnyContext, RequestContext } from '../../context.ts';
import { newId, PLATFORM_ORG_ID } from '../../db/ids.ts';
import type {
  Database,
  InvoiceKind,
  InvoiceLineTable,
  InvoiceTable,
  OrganisationRow,
} from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { chainsAt, holdOrganisations, tenantsEverUnder } from '../../tenancy/chain.ts';
import { type RaiseAlert, raiseAlert, resolveAlerts } from '../alerts/alerts.service.ts';
import { batchFailure, runInBatches } from '../jobs/batches.ts';
import { type RunningJob, registerJobType } from '../jobs/index.ts';
import { jobType } from '../jobs/registry.ts';
import { allLiveTenantIds } from '../organisations/organisations.service.ts';
import { pendingRatings } from '../rating/rating.jobs.ts';
import { getSetting } from '../settings/settings.service.ts';
import { PLATFORM_SCOPE } from '../subscriptions/subscription-links.service.ts';
import { localDay } from '../usage/local-time.ts';
import { billToOf, lineRows } from './invoice-build.ts';
import { linesDigest } from './invoice-content.ts';
import { buildPeriodInvoices, periodStart, recordedChains } from './invoice-period.ts';
import { type PeriodJobPayload, requestPeriodJob } from './invoice-requests.ts';
import {
  deleteInvoiceRows,
  findPeriodInvoices,
  insertInvoices,
  lockPeriodInvoices,
  replaceLinesOf,
  updateInvoice,
} from './invoices.repository.ts';

/**
 * Generating previews (seed 002 "Generate Invoices"): for a period and chosen tenants, or every
 * tenant whose chain at the start of the period includes the caller's organisation, as the
 * durable job `invoices.generate`. Each tenant's preview is built in its own part of a fenced
 * transaction and replaces the tenant-period's earlier preview; an issued invoice is never
 * touched. A tenant that cannot be invoiced yet gets an alert saying why (kind
 * `invoice.not_generated`, about its partner at the period start, so the chain that bills it sees
 * it and the tenant does not), resolved by its next preview.
 */

export const GENERATE_JOB = 'invoices.generate';
export const NOT_GENERATED_ALERT = 'invoice.not_generated';
/** The automatic cycle left a preview unissued (invoice-cycle.ts); key `invoiceId:reason`. */
export const NOT_ISSUED_ALERT = 'invoice.not_issued';

/** Chosen tenants, or (absent) every tenant in the scope at the period start. */
export type GeneratePayload = PeriodJobPayload;

interface GenerateCheckpoint {
  next: number;
  generated: number;
  refused: number;
  skipped: number;
}

export type GenerateOutcome =
  | { status: 'generated'; invoiceId: string; kind: InvoiceKind }
  | { status: 'skipped'; reason: 'already_issued' | 'nothing_to_invoice' | 'no_tenant' }
  | { status: 'refused'; reason: string; message: string };

/** generatePreviews of one tenant. */
export async function generatePreview(
  trx: Kysely<Database>,
  ctx: AnyContext,
  tenantId: string,
  period: string,
  ratingPending?: (tenantId: string, period: string) => boolean,
): Promise<GenerateOutcome> {
  return (await generatePreviews(trx, ctx, [tenantId], period, ratingPending)).get(tenantId)!;
}

/**
 * Builds (or rebuilds) the previews of several tenants for one period in the caller's
 * transaction, each as if alone, set-wise (buildPeriodInvoices). Holds the tenants (shared, in
 * id order, as rating does), so an issue of one (which takes it exclusively) waits or is waited
 * for; then their rating rows (building), then their invoice rows in tenant order: two
 * generations of one tenant-period run one after the other, the second replacing the first's
 * preview. The invoices and their lines are written in multi-row statements. Outcomes by tenant id.
 */
export async function generatePreviews(
  trx: Kysely<Database>,
  ctx: AnyContext,
  tenantIds: readonly string[],
  period: string,
  ratingPending?: (tenantId: string, period: string) => boolean,
): Promise<Map<string, GenerateOutcome>> {
  const out = new Map<string, GenerateOutcome>();
  const held = await holdOrganisations(trx, PLATFORM_SCOPE, tenantIds, 'tenant');
  for (const id of tenantIds) out.set(id, { status: 'skipped', reason: 'no_tenant' });
  const keyOf = (tenantId: string) => `${tenantId}:${period}`;
  // An issue commits only while nobody holds the tenant: what this reads stays true.
  const before = await findPeriodInvoices(
    trx,
    held.map((t) => keyOf(t.id)),
  );
  const open = held.filter((tenant) => {
    const issued = before.get(keyOf(tenant.id));
    if (!issued || issued.status === 'preview') return true;
    out.set(tenant.id, { status: 'skipped', reason: 'already_issued' });
    return false;
  });
  if (open.length === 0) return out;
  const zone = String(await getSetting(ctx, 'platform.timeZone', trx));
  const now = nowIso(ctx.app.clock);
  const builds = await buildPeriodInvoices(trx, ctx, open, period, {
    source: 'rated',
    taxDate: localDay(ctx.app.clock(), zone),
    ...(ratingPending ? { ratingPending } : {}),
  });
  const recorded = await recordedChains(
    trx,
    ctx,
    open.map((t) => t.id),
    period,
  );
  const resolved: { kind: string; key: string }[] = [];
  const raised: RaiseAlert[] = [];
  const written: OrganisationRow[] = [];
  for (const tenant of open) {
    const built = builds.get(tenant.id)!;
    const alertKey = keyOf(tenant.id);
    if (built.status === 'closed') {
      out.set(tenant.id, { status: 'skipped', reason: 'already_issued' });
    } else if (built.status === 'refused') {
      raised.push({
        kind: NOT_GENERATED_ALERT,
        key: alertKey,
        severity: 'warning',
        title: `No invoice for ${tenant.name} (${period})`,
        message: built.message,
        details: { tenantId: tenant.id, period, reason: built.reason },
        orgId: recorded.get(tenant.id)!.chain.partner_id ?? PLATFORM_ORG_ID,
      });
      out.set(tenant.id, { status: 'refused', reason: built.reason, message: built.message });
    } else {
      resolved.push({ kind: NOT_GENERATED_ALERT, key: alertKey });
      written.push(tenant);
    }
  }
  for (const alert of raised) await raiseAlert(trx, ctx, alert);
  if (resolved.length > 0) await resolveAlerts(trx, ctx, { conditions: resolved });
  if (written.length === 0) return out;

  const existing = await lockPeriodInvoices(
    trx,
    written.map((t) => keyOf(t.id)),
  );
  const defaultTerms = written.some((t) => t.payment_terms_days === null)
    ? Number(await getSetting(ctx, 'invoices.defaultPaymentTermsDays', trx))
    : null;
  const dropped: string[] = [];
  const inserted: Insertable<InvoiceTable>[] = [];
  const updated: { id: string; row: Updateable<InvoiceTable> }[] = [];
  const lines: Insertable<InvoiceLineTable>[] = [];
  for (const tenant of written) {
    const built = builds.get(tenant.id)!;
    const periodKey = keyOf(tenant.id);
    const earlier = existing.get(periodKey);
    if (built.status !== 'built') {
      // Nothing is billed any more: the earlier preview goes with it.
      if (earlier) dropped.push(earlier.id);
      out.set(tenant.id, { status: 'skipped', reason: 'nothing_to_invoice' });
      continue;
    }
    const { invoice } = built;
    const { chain, partnerName, distributorName } = recorded.get(tenant.id)!;
    const id = earlier?.id ?? newId('inv', ctx.app.clock());
    const row = {
      kind: invoice.kind,
      status: 'preview' as const,
      tenant_id: tenant.id,
      partner_id: chain.partner_id,
      distributor_id: chain.distributor_id,
      partner_name: partnerName,
      distributor_name: distributorName,
      period,
      period_key: periodKey,
      coverage: JSON.stringify(invoice.coverage),
      currency: tenant.currency,
      exchange_rates: invoice.exchangeRates.length > 0 ? JSON.stringify(invoice.exchangeRates) : null,
      number: null,
      issue_date: null,
      due_date: null,
      payment_terms_days: invoice.kind === 'invoice' ? (tenant.payment_terms_days ?? defaultTerms) : null,
      subtotal: invoice.composition.totals.subtotal,
      tax_total: invoice.composition.totals.tax,
      total: invoice.composition.totals.total,
      amount_paid: '0',
      amount_credited: '0',
      unpriced_lines: invoice.unpricedLines,
      ...billToOf(tenant),
      credits_invoice_id: null,
      reason: null,
      tax_rates: JSON.stringify(invoice.rates),
      lines_digest: linesDigest(invoice.composition.lines),
      frozen_input: null,
      generated_at: now,
      issued_at: null,
      voided_at: null,
      updated_at: now,
    };
    if (earlier) updated.push({ id, row });
    else inserted.push({ id, ...row, created_at: now });
    lines.push(...lineRows(id, invoice.composition));
    out.set(tenant.id, { status: 'generated', invoiceId: id, kind: invoice.kind });
  }
  await deleteInvoiceRows(trx, dropped);
  for (const { id, row } of updated) await updateInvoice(trx, id, row);
  await insertInvoices(trx, inserted);
  await replaceLinesOf(
    trx,
    updated.map((u) => u.id),
    lines,
  );
  return out;
}

/** The tenants a generation covers: the chosen ones, or every tenant in the scope at the period start. */
async function tenantsOfRun(
  db: Kysely<Database>,
  ctx: AnyContext,
  payload: GeneratePayload,
): Promise<string[]> {
  const { level, orgId } = payload.scope;
  const candidates =
    payload.tenantIds ??
    (level === 'platform'
      ? await allLiveTenantIds(db)
      : level === 'distributor' || level === 'partner'
        ? await tenantsEverUnder(db, level, orgId)
        : [orgId]);
  if (level === 'platform') return candidates;
  const chains = await chainsAt(db, candidates, await periodStart(ctx, payload.period, db));
  const column =
    level === 'distributor' ? 'distributor_id' : level === 'partner' ? 'partner_id' : 'tenant_id';
  return candidates.filter((id) => chains.get(id)?.[column] === orgId);
}

/**
 * Tenants per fenced transaction: their reads and writes are set-wise (generatePreviews), so a
 * batch costs a few dozen statements; its locks last one batch.
 */
const TENANTS_PER_TRANSACTION = 50;

/**
 * Generates the run's tenants batch by batch, each batch in one fenced transaction with the
 * progress and checkpoint. A batch that fails on its own (not the job's lease or cancellation,
 * not an AppError) is generated again one tenant per transaction, so one tenant's bad data does
 * not leave the others without a preview; the job then fails naming the tenants that failed,
 * and its retry (from the checkpoint before the first failure) generates them again.
 */
async function runGeneration(job: RunningJob<GeneratePayload, GenerateCheckpoint>): Promise<void> {
  const db = job.app.db.kysely;
  const { period } = job.payload;
  const tenants = await tenantsOfRun(db, job.ctx, job.payload);
  const pending = await pendingRatings(db);
  const done: GenerateCheckpoint = job.checkpoint ?? { next: 0, generated: 0, refused: 0, skipped: 0 };
  const failed = await runInBatches(
    job,
    tenants,
    { from: done.next, size: TENANTS_PER_TRANSACTION },
    async (batch, next, clean) => {
      const counts = await job.fenced(async (trx) => {
        const c = { generated: 0, refused: 0, skipped: 0 };
        for (const outcome of (await generatePreviews(trx, job.ctx, batch, period, pending)).values()) {
          c[outcome.status] += 1;
        }
        return c;
      });
      done.next = next;
      done.generated += counts.generated;
      done.refused += counts.refused;
      done.skipped += counts.skipped;
      const message =
        `${period}: ${done.generated} preview(s) generated, ${done.refused} refused ` +
        `(alerts say why), ${done.skipped} with nothing to invoice or already issued`;
      // After a failure the checkpoint stays before it: the retry generates the failed tenants again.
      await job.fenced(async () => {}, {
        progress: { done: next, total: tenants.length, message },
        ...(clean ? { checkpoint: { ...done } } : {}),
      });
    },
  );
  if (tenants.length === 0) {
    await job.progress({ done: 0, total: 0, message: `${period}: no tenants in scope` });
  }
  if (failed.length > 0) throw batchFailure(failed, 'Generation', `tenant(s) of ${period}`);
}

/** Registers `invoices.generate` with the job runner, once per process. */
export function registerInvoiceGeneration(): void {
  if (jobType(GENERATE_JOB)) return;
  registerJobType<GeneratePayload, GenerateCheckpoint>({
    type: GENERATE_JOB,
    maxAttempts: 3,
    retryBaseMs: 30_000,
    handler: runGeneration,
  });
}

/**
 * "Generate" (seed 002): the chosen tenants must be live and billed by the caller at the period
 * start (requestPeriodJob).
 */
export function requestGeneration(
  ctx: RequestContext,
  input: { period: string; tenantIds?: string[] | undefined },
) {
  const db = ctx.app.db.kysely;
  return requestPeriodJob(ctx, input, {
    type: GENERATE_JOB,
    action: 'invoice.generate',
    notBegun: 'A period that has not begun cannot be invoiced.',
    unknownTenant: 'No such tenant among those you bill for this period.',
    accepted: async (payload) => {
      const live = new Set(await allLiveTenantIds(db));
      return new Set((await tenantsOfRun(db, ctx, payload)).filter((id) => live.has(id)));
    },
  });
}
