import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AnyContext, RequestContext, Scope } from '../../context.ts';
import { newId, PLATFORM_ORG_ID } from '../../db/ids.ts';
import type { Database, InvoiceKind } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import { chainsAt, holdOrganisation, tenantsEverUnder } from '../../tenancy/chain.ts';
import { raiseAlert, resolveAlerts } from '../alerts/alerts.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { enqueueJob, type RunningJob, registerJobType } from '../jobs/index.ts';
import { jobType } from '../jobs/registry.ts';
import { allLiveTenantIds } from '../organisations/organisations.service.ts';
import { pendingRatings } from '../rating/rating.jobs.ts';
import { getSetting } from '../settings/settings.service.ts';
import { PLATFORM_SCOPE } from '../subscriptions/subscription-links.service.ts';
import { localDay, localMonth } from '../usage/local-time.ts';
import { billToOf, lineRows } from './invoice-build.ts';
import { buildPeriodInvoice, periodStart, recordedChain } from './invoice-period.ts';
import {
  deleteInvoiceRow,
  findPeriodInvoice,
  insertInvoice,
  lockPeriodInvoice,
  replaceLines,
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

export interface GeneratePayload extends Record<string, unknown> {
  period: string;
  /** Chosen tenants; absent: every tenant in the scope at the period start. */
  tenantIds?: string[];
  /** Who asked: the organisation whose tenants these are. */
  scope: { level: Scope['level']; orgId: string };
}

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

/**
 * Builds (or rebuilds) one tenant-period's preview in the caller's transaction. Holds the tenant
 * (shared, as rating does), so an issue of the tenant (which takes it exclusively) waits or is
 * waited for; then the tenant-period's rating row (building), then its invoice row: two
 * generations of one tenant-period run one after the other, the second replacing the first's
 * preview.
 */
export async function generatePreview(
  trx: Kysely<Database>,
  ctx: AnyContext,
  tenantId: string,
  period: string,
  ratingPending?: (tenantId: string, period: string) => boolean,
): Promise<GenerateOutcome> {
  const tenant = await holdOrganisation(trx, PLATFORM_SCOPE, tenantId, 'tenant');
  if (!tenant) return { status: 'skipped', reason: 'no_tenant' };
  const periodKey = `${tenantId}:${period}`;
  // An issue commits only while nobody holds the tenant: what this reads stays true.
  const issued = await findPeriodInvoice(trx, periodKey);
  if (issued && issued.status !== 'preview') return { status: 'skipped', reason: 'already_issued' };
  const zone = String(await getSetting(ctx, 'platform.timeZone', trx));
  const now = nowIso(ctx.app.clock);
  const built = await buildPeriodInvoice(trx, ctx, tenant, period, {
    source: 'rated',
    taxDate: localDay(ctx.app.clock(), zone),
    ...(ratingPending ? { ratingPending } : {}),
  });
  const recorded = await recordedChain(trx, ctx, tenantId, period);
  const alertKey = periodKey;
  if (built.status === 'closed') return { status: 'skipped', reason: 'already_issued' };
  if (built.status === 'refused') {
    await raiseAlert(trx, ctx, {
      kind: NOT_GENERATED_ALERT,
      key: alertKey,
      severity: 'warning',
      title: `No invoice for ${tenant.name} (${period})`,
      message: built.message,
      details: { tenantId, period, reason: built.reason },
      orgId: recorded.chain.partner_id ?? PLATFORM_ORG_ID,
    });
    return { status: 'refused', reason: built.reason, message: built.message };
  }
  await resolveAlerts(trx, ctx, { kind: NOT_GENERATED_ALERT, key: alertKey });
  if (built.status === 'nothing') {
    // Nothing is billed any more: the earlier preview goes with it.
    const existing = await lockPeriodInvoice(trx, periodKey);
    if (existing) await deleteInvoiceRow(trx, existing.id);
    return { status: 'skipped', reason: 'nothing_to_invoice' };
  }
  const { invoice } = built;
  const existing = await lockPeriodInvoice(trx, periodKey);
  const id = existing?.id ?? newId('inv', ctx.app.clock());
  const terms =
    tenant.payment_terms_days ?? Number(await getSetting(ctx, 'invoices.defaultPaymentTermsDays', trx));
  const row = {
    kind: invoice.kind,
    status: 'preview' as const,
    tenant_id: tenantId,
    partner_id: recorded.chain.partner_id,
    distributor_id: recorded.chain.distributor_id,
    partner_name: recorded.partnerName,
    distributor_name: recorded.distributorName,
    period,
    period_key: periodKey,
    coverage: JSON.stringify(invoice.coverage),
    currency: tenant.currency,
    exchange_rates: invoice.exchangeRates.length > 0 ? JSON.stringify(invoice.exchangeRates) : null,
    number: null,
    issue_date: null,
    due_date: null,
    payment_terms_days: invoice.kind === 'invoice' ? terms : null,
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
    frozen_input: null,
    generated_at: now,
    issued_at: null,
    voided_at: null,
    updated_at: now,
  };
  if (existing) await updateInvoice(trx, id, row);
  else await insertInvoice(trx, { id, ...row, created_at: now });
  await replaceLines(trx, id, lineRows(id, invoice.composition));
  return { status: 'generated', invoiceId: id, kind: invoice.kind };
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

/** Tenants per fenced transaction: each keeps its own locks short; a failure rolls back only its batch. */
const TENANTS_PER_TRANSACTION = 10;

async function runGeneration(job: RunningJob<GeneratePayload, GenerateCheckpoint>): Promise<void> {
  const db = job.app.db.kysely;
  const tenants = await tenantsOfRun(db, job.ctx, job.payload);
  const pending = await pendingRatings(db);
  const done: GenerateCheckpoint = job.checkpoint ?? { next: 0, generated: 0, refused: 0, skipped: 0 };
  for (let i = done.next; i < tenants.length; i += TENANTS_PER_TRANSACTION) {
    job.signal.throwIfAborted();
    const batch = tenants.slice(i, i + TENANTS_PER_TRANSACTION);
    const counts = await job.fenced(async (trx) => {
      const c = { generated: 0, refused: 0, skipped: 0 };
      for (const tenantId of batch) {
        const outcome = await generatePreview(trx, job.ctx, tenantId, job.payload.period, pending);
        c[outcome.status] += 1;
      }
      return c;
    });
    done.next = i + batch.length;
    done.generated += counts.generated;
    done.refused += counts.refused;
    done.skipped += counts.skipped;
    const message =
      `${job.payload.period}: ${done.generated} preview(s) generated, ${done.refused} refused ` +
      `(alerts say why), ${done.skipped} with nothing to invoice or already issued`;
    await job.fenced(async () => {}, {
      progress: { done: done.next, total: tenants.length, message },
      checkpoint: { ...done },
    });
  }
  if (tenants.length === 0) {
    await job.progress({ done: 0, total: 0, message: `${job.payload.period}: no tenants in scope` });
  }
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
 * "Generate" (seed 002): checks the period and the chosen tenants against the caller's scope at
 * the period start, then queues the job in the transaction of its audit row. The same request
 * while that job is queued or running answers that job.
 */
export async function requestGeneration(
  ctx: RequestContext,
  input: { period: string; tenantIds?: string[] | undefined },
) {
  const db = ctx.app.db.kysely;
  const zone = String(await getSetting(ctx, 'platform.timeZone'));
  if (input.period > localMonth(ctx.app.clock(), zone)) {
    throw AppError.invalidField(
      'body.period',
      'A period that has not begun cannot be invoiced.',
      'invalid_request',
    );
  }
  const scope = ctx.actor.scope;
  const chosen = input.tenantIds ? [...new Set(input.tenantIds)].sort() : undefined;
  if (chosen) {
    const inScope = new Set(
      await tenantsOfRun(db, ctx, {
        period: input.period,
        tenantIds: chosen,
        scope: { level: scope.level, orgId: scope.orgId },
      }),
    );
    const live = new Set(await allLiveTenantIds(db));
    const missing = input.tenantIds!.findIndex((id) => !inScope.has(id) || !live.has(id));
    if (missing !== -1) {
      throw AppError.invalidField(
        `body.tenantIds.${missing}`,
        'No such tenant among those you bill for this period.',
        'not_found',
      );
    }
  }
  const payload: GeneratePayload = {
    period: input.period,
    ...(chosen ? { tenantIds: chosen } : {}),
    scope: { level: scope.level, orgId: scope.orgId },
  };
  const which = chosen ? createHash('sha256').update(chosen.join(',')).digest('hex').slice(0, 16) : '*';
  const job = await transaction(ctx.app.db, async (trx) => {
    const queued = await enqueueJob(trx, ctx, {
      type: GENERATE_JOB,
      payload,
      dedupeKey: `${scope.orgId}:${input.period}:${which}`,
      orgId: scope.orgId,
    });
    if (queued.created) {
      await recordAudit(trx, ctx, {
        action: 'invoice.generate',
        targetType: 'invoice',
        targetId: queued.id,
        orgId: scope.orgId,
        after: { jobId: queued.id, period: input.period, tenantIds: chosen ?? null },
      });
    }
    return queued;
  });
  ctx.app.jobs.wake();
  return { id: job.id, status: job.status, created: job.created, period: input.period };
}
