import { decimal } from '@cms/billing';
import type { Kysely } from 'kysely';
import type { AnyContext, SystemContext } from '../../context.ts';
import { PLATFORM_ORG_ID } from '../../db/ids.ts';
import type { Database } from '../../db/schema.ts';
import { transaction } from '../../db/transaction.ts';
import { raiseAlert, resolveAlerts } from '../alerts/alerts.service.ts';
import { runInBatches } from '../jobs/batches.ts';
import { type RunningJob, registerJobType, removeSchedule, upsertSchedule } from '../jobs/index.ts';
import { jobType } from '../jobs/registry.ts';
import { allLiveTenantIds } from '../organisations/organisations.service.ts';
import { pendingRatings } from '../rating/rating.jobs.ts';
import { getSetting, onSettingChange } from '../settings/settings.service.ts';
import { addDays, daysBetween, localDay } from '../usage/local-time.ts';
import { addMonths } from '../usage/rating-usage.ts';
import { sendAutomaticEmail, sendDelinquencyNotice } from './invoice-email.ts';
import { type GenerateOutcome, generatePreviews } from './invoice-generate.ts';
import { holdPreviews, PREVIEWS_PER_TRANSACTION } from './invoice-issue.ts';
import { keepAfterIssue } from './invoice-pdf-sweep.ts';
import type { RefusalReason } from './invoice-period.ts';
import { amountDueOf } from './invoices.presenter.ts';
import {
  type InvoiceRow,
  issuedInvoicesDueBefore,
  pendingAutoEmails,
  periodPreviews,
  previewsBefore,
} from './invoices.repository.ts';
import { issuePreviews } from './invoices.service.ts';

/**
 * The automatic invoicing cycle (semantics.md "Invoices", seed 002 "Invoice Settings"): the daily
 * job `invoices.cycle`, scheduled at 01:15 in the Platform Time Zone while "Auto Create Invoices"
 * or "Send Delinquent Payment Notifications" is on. Each run, for the Platform Time Zone's today:
 *
 * - Auto Create Invoices: from the day after a month's end, generates (and every later day
 *   refreshes) the previews of that month for every live tenant, as a platform-wide "Generate"
 *   does; once "Invoice Submission Delay (Days)" have passed since the month end it issues each
 *   preview, unless the preview has unpriced lines or could not be refreshed (a region not
 *   collected past its local month end, a missing exchange rate, no billing mode) or the issue
 *   refuses it: then it stays a preview and an alert (`invoice.not_issued`, one per invoice and
 *   reason) says why, and the next day's run tries again. Previews of earlier months still
 *   unissued are refreshed and tried first, oldest first.
 * - "Auto Email Invoices": each document the cycle issues is marked in its issuing transaction and
 *   e-mailed with its PDF in the transaction that clears the mark (invoice-email.ts).
 * - Delinquency notices: each issued chargeback invoice past its due date with an amount due gets
 *   a notice when it has had none for "Delinquent Payment Notification Interval (Days)".
 *
 * Every step is safe to repeat and to run on two workers at once: generation and issue take the
 * tenant and invoice locks they always take, an issued preview is not issued again, and each
 * e-mail is claimed under the invoice's row lock in the transaction that queues it.
 */

export const CYCLE_JOB = 'invoices.cycle';
/** An issued document the cycle could not e-mail (no billing or contact address); key `id:purpose`. */
export const NOT_EMAILED_ALERT = 'invoice.not_emailed';
const SCHEDULE_KEY = 'invoices:cycle';
/** Daily, after midnight in the Platform Time Zone and clear of the usual daylight-saving hours. */
const SCHEDULE_CRON = '15 1 * * *';
/** As `invoices.generate`: a batch of previews is a few dozen set-wise statements. */
const TENANTS_PER_TRANSACTION = 50;
const ZERO = decimal('0');

type Held = Parameters<typeof holdPreviews>[2][number];

interface CycleSettings {
  zone: string;
  autoCreate: boolean;
  delayDays: number;
  autoEmail: boolean;
  delinquent: boolean;
  intervalDays: number;
}

async function cycleSettings(ctx: AnyContext, db?: Kysely<Database>): Promise<CycleSettings> {
  const read = (key: string) => getSetting(ctx, key, db);
  return {
    zone: String(await read('platform.timeZone')),
    autoCreate: (await read('invoices.autoCreate')) === true,
    delayDays: Number(await read('invoices.submissionDelayDays')),
    autoEmail: (await read('invoices.autoEmail')) === true,
    delinquent: (await read('invoices.delinquentNotifications')) === true,
    intervalDays: Number(await read('invoices.delinquentIntervalDays')),
  };
}

/** The schedule exists while the cycle has something to do, in the Platform Time Zone. */
async function syncCycleSchedule(trx: Kysely<Database>, ctx: AnyContext): Promise<void> {
  const s = await cycleSettings(ctx, trx);
  if (s.autoCreate || s.delinquent) {
    await upsertSchedule(trx, ctx, SCHEDULE_KEY, {
      type: CYCLE_JOB,
      payload: {},
      cron: SCHEDULE_CRON,
      timeZone: s.zone,
    });
  } else {
    await removeSchedule(trx, SCHEDULE_KEY);
  }
}

/** At boot: the schedule the settings call for (settings seeded from the environment included). */
export async function ensureInvoiceCycleSchedule(ctx: SystemContext): Promise<void> {
  await transaction(ctx.app.db, (trx) => syncCycleSchedule(trx, ctx));
}

type CycleJob = RunningJob<Record<string, never>, never>;

interface Counts {
  generated: number;
  issued: number;
  held: number;
}

/** Previews of periods before `period` still unissued, by period (oldest first). */
async function leftoverPreviews(db: Kysely<Database>, period: string): Promise<Map<string, string[]>> {
  const byPeriod = new Map<string, string[]>();
  for (const row of await previewsBefore(db, period)) {
    byPeriod.set(row.period, [...(byPeriod.get(row.period) ?? []), row.tenant_id]);
  }
  return byPeriod;
}

/**
 * One period of the cycle: refreshes the tenants' previews (a batch per fenced transaction, as
 * `invoices.generate` does), then, when `issuing`, issues those that may be.
 */
async function cyclePeriod(
  job: CycleJob,
  s: CycleSettings,
  period: string,
  tenantIds: string[],
  issuing: boolean,
  counts: Counts,
): Promise<void> {
  const db = job.app.db.kysely;
  const pending = await pendingRatings(db);
  const outcomes = new Map<string, GenerateOutcome>();
  for (let i = 0; i < tenantIds.length; i += TENANTS_PER_TRANSACTION) {
    job.signal.throwIfAborted();
    const batch = tenantIds.slice(i, i + TENANTS_PER_TRANSACTION);
    const generated = await job.fenced((trx) => generatePreviews(trx, job.ctx, batch, period, pending));
    for (const [tenantId, outcome] of generated) outcomes.set(tenantId, outcome);
  }
  counts.generated += [...outcomes.values()].filter((o) => o.status === 'generated').length;
  if (!issuing) return;
  const inRun = new Set(tenantIds);
  const previews = (await periodPreviews(db, period)).filter((row) => inRun.has(row.tenant_id));
  const held: Held[] = [];
  const issuable: string[] = [];
  for (const row of previews) {
    const outcome = outcomes.get(row.tenant_id);
    if (outcome?.status === 'refused') {
      // The preview is what an earlier day built: today it could not be built again.
      held.push({ row, reason: outcome.reason as RefusalReason, message: outcome.message });
    } else if (Number(row.unpriced_lines) > 0) {
      held.push({
        row,
        reason: 'unpriced_lines',
        message: `${row.unpriced_lines} line(s) have no price: add prices for their meters (the period is rated again), or issue the preview by hand.`,
      });
    } else {
      issuable.push(row.id);
    }
  }
  for (let i = 0; i < held.length; i += PREVIEWS_PER_TRANSACTION) {
    await job.fenced((trx) => holdPreviews(trx, job.ctx, held.slice(i, i + PREVIEWS_PER_TRANSACTION)));
  }
  counts.held += held.length;
  const failed = await runInBatches(
    job,
    issuable,
    { from: 0, size: PREVIEWS_PER_TRANSACTION },
    async (batch) => {
      const issued = await job.fenced(async (trx) => {
        const done = await issuePreviews(trx, job.ctx, batch, { autoEmail: s.autoEmail });
        const refused: Held[] = [];
        for (const outcome of done.values()) {
          if (outcome.status === 'refused')
            refused.push({ row: outcome.row, reason: 'issue_refused', message: outcome.error.message });
        }
        await holdPreviews(trx, job.ctx, refused);
        // Skipped ones were issued or deleted meanwhile by someone else: nothing to say.
        return { issued: batch.filter((id) => done.get(id)?.status === 'issued'), held: refused.length };
      });
      counts.issued += issued.issued.length;
      counts.held += issued.held;
      for (const id of issued.issued) await keepAfterIssue(job.ctx, id);
    },
  );
  // A preview whose issue fails (a defect or bad data, not a refusal) is held like a refused one:
  // the others are issued, the cycle goes on to its e-mails, and the alert shows the error.
  const rows = new Map(previews.map((row) => [row.id, row]));
  for (const { item, error } of failed) {
    await job.fenced((trx) =>
      holdPreviews(trx, job.ctx, [
        {
          row: rows.get(item)!,
          reason: 'issue_refused',
          message: `It could not be issued: ${error instanceof Error ? error.message : String(error)}`,
        },
      ]),
    );
  }
  counts.held += failed.length;
}

async function invoicePeriods(job: CycleJob, s: CycleSettings, today: string): Promise<string> {
  const thisMonth = today.slice(0, 7);
  const period = addMonths(thisMonth, -1);
  const issuing = daysBetween(`${thisMonth}-01`, today) >= s.delayDays;
  const counts: Counts = { generated: 0, issued: 0, held: 0 };
  // Older months first: a month's issue closes it, which the next month's adjustments read.
  for (const [older, tenantIds] of await leftoverPreviews(job.app.db.kysely, period)) {
    await cyclePeriod(job, s, older, tenantIds, true, counts);
  }
  await cyclePeriod(job, s, period, await allLiveTenantIds(job.app.db.kysely), issuing, counts);
  const when = issuing ? '' : ` (issued from ${addDays(`${thisMonth}-01`, s.delayDays)})`;
  return `${period}: ${counts.generated} preview(s) refreshed${when}, ${counts.issued} issued, ${counts.held} held with an alert`;
}

async function noAddress(job: CycleJob, row: InvoiceRow, purpose: 'issued' | 'delinquency') {
  await job.fenced((trx) =>
    raiseAlert(trx, job.ctx, {
      kind: NOT_EMAILED_ALERT,
      key: `${row.id}:${purpose}`,
      severity: 'warning',
      title: `${row.bill_to_name} has no e-mail address for ${row.number}`,
      message:
        purpose === 'issued'
          ? `The issued ${row.kind.replace('_', ' ')} ${row.number} could not be e-mailed: set the tenant's billing e-mail; it is sent at the next run.`
          : `No delinquency notice about ${row.number} could be sent: set the tenant's billing e-mail.`,
      details: { invoiceId: row.id, tenantId: row.tenant_id, purpose },
      orgId: row.partner_id ?? PLATFORM_ORG_ID,
    }),
  );
}

/** The automatic e-mails still owed (those of this run's issues, and any a stopped run left). */
async function sendPendingEmails(job: CycleJob): Promise<string> {
  const rows = await pendingAutoEmails(job.app.db.kysely);
  let sent = 0;
  for (const row of rows) {
    job.signal.throwIfAborted();
    const outcome = await sendAutomaticEmail(job.ctx, row.id);
    if (outcome === 'sent') {
      sent += 1;
      await job.fenced((trx) =>
        resolveAlerts(trx, job.ctx, { kind: NOT_EMAILED_ALERT, key: `${row.id}:issued` }),
      );
    } else if (outcome === 'no_address') {
      await noAddress(job, row, 'issued');
    }
  }
  return `${sent} e-mailed`;
}

/** Whether an invoice is owed a delinquency notice today (read again under its row lock). */
function noticeDue(row: InvoiceRow, s: CycleSettings, today: string): boolean {
  if (row.kind !== 'invoice' || row.status !== 'issued' || row.due_date === null) return false;
  if (!(today > row.due_date) || !amountDueOf(row).gt(ZERO)) return false;
  if (row.last_delinquency_notice_at === null) return true;
  return daysBetween(localDay(row.last_delinquency_notice_at, s.zone), today) >= s.intervalDays;
}

async function sendNotices(job: CycleJob, s: CycleSettings, today: string): Promise<string> {
  const overdue = await issuedInvoicesDueBefore(job.app.db.kysely, today);
  let sent = 0;
  for (const row of overdue) {
    if (!noticeDue(row, s, today)) continue;
    job.signal.throwIfAborted();
    const outcome = await sendDelinquencyNotice(job.ctx, row.id, today, (r) => noticeDue(r, s, today));
    if (outcome === 'sent') sent += 1;
    else if (outcome === 'no_address') await noAddress(job, row, 'delinquency');
  }
  return `${sent} delinquency notice(s)`;
}

async function runCycle(job: CycleJob): Promise<void> {
  const s = await cycleSettings(job.ctx);
  const today = localDay(job.app.clock(), s.zone);
  const done: string[] = [];
  if (s.autoCreate) done.push(await invoicePeriods(job, s, today));
  done.push(await sendPendingEmails(job));
  if (s.delinquent) done.push(await sendNotices(job, s, today));
  await job.progress({ done: 1, total: 1, message: `${today}: ${done.join('; ')}` });
}

/** Registers `invoices.cycle` and keeps its schedule in step with the settings, once per process. */
export function registerInvoiceCycle(): void {
  if (jobType(CYCLE_JOB)) return;
  for (const key of ['invoices.autoCreate', 'invoices.delinquentNotifications', 'platform.timeZone']) {
    onSettingChange(key, (trx, ctx) => syncCycleSchedule(trx, ctx));
  }
  registerJobType<Record<string, never>, never>({
    type: CYCLE_JOB,
    maxAttempts: 3,
    retryBaseMs: 60_000,
    handler: runCycle,
  });
}
