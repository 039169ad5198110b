import type { Kysely } from 'kysely';
import type { AnyContext, RequestContext } from '../../context.ts';
import { PLATFORM_ORG_ID } from '../../db/ids.ts';
import type { Database } from '../../db/schema.ts';
import { raiseAlert, resolveAlerts } from '../alerts/alerts.service.ts';
import { batchFailure, runInBatches } from '../jobs/batches.ts';
import { type RunningJob, registerJobType } from '../jobs/index.ts';
import { jobType } from '../jobs/registry.ts';
import { NOT_ISSUED_ALERT } from './invoice-generate.ts';
import { scheduleKeepPdfs } from './invoice-pdf-sweep.ts';
import type { RefusalReason } from './invoice-period.ts';
import { type PeriodJobPayload, requestPeriodJob } from './invoice-requests.ts';
import { type InvoiceRow, scopedPeriodPreviews } from './invoices.repository.ts';
import { issuePreviews } from './invoices.service.ts';

/**
 * Issuing a period's previews at once (seed 002 "Issue Invoice", for all of them): the durable
 * job `invoices.issue`, for chosen tenants or every preview of the period whose recorded chain
 * includes the caller's organisation. Previews are issued in batches, each one fenced transaction
 * of issuePreviews (what one issue does, set-wise), so a month end's thousands of previews take
 * seconds, not a transaction each. A preview that cannot be issued (its usage or prices changed
 * since it was generated, a region not collected…) stays a preview with an `invoice.not_issued`
 * alert saying why, and the others are issued. Their PDFs are kept by the `invoices.keep-pdfs`
 * sweep, which the job schedules, or by the first request for the file.
 */

export const ISSUE_JOB = 'invoices.issue';

/** Why a preview was left unissued: the key of its `invoice.not_issued` alert is `invoiceId:reason`. */
export type NotIssuedReason = RefusalReason | 'unpriced_lines' | 'issue_refused';

/** Chosen tenants' previews, or (absent) every preview of the period in the scope. */
export type IssuePayload = PeriodJobPayload;

interface IssueCheckpoint {
  next: number;
  issued: number;
  held: number;
  skipped: number;
}

/**
 * Previews per fenced transaction: issuePreviews reads and writes them set-wise (a few dozen
 * statements a batch); their tenants stay locked for one batch.
 */
export const PREVIEWS_PER_TRANSACTION = 50;

/**
 * Records why previews stay unissued (one alert per invoice and reason, raised again each time it
 * still holds) and resolves their alerts whose reason has gone, in the caller's transaction.
 */
export async function holdPreviews(
  trx: Kysely<Database>,
  ctx: AnyContext,
  held: readonly { row: InvoiceRow; reason: NotIssuedReason; message: string }[],
): Promise<void> {
  for (const { row, reason, message } of held) {
    const key = `${row.id}:${reason}`;
    await resolveAlerts(trx, ctx, {
      kind: NOT_ISSUED_ALERT,
      keyPrefix: `${row.id}:`,
      except: new Set([key]),
    });
    await raiseAlert(trx, ctx, {
      kind: NOT_ISSUED_ALERT,
      key,
      severity: 'warning',
      title: `Preview of ${row.bill_to_name} (${row.period}) not issued`,
      message,
      details: { invoiceId: row.id, tenantId: row.tenant_id, period: row.period, reason },
      orgId: row.partner_id ?? PLATFORM_ORG_ID,
    });
  }
}

/**
 * Issues the run's previews batch by batch (runInBatches: a batch that fails on its own is issued
 * again one preview per transaction; the job then fails naming the previews that failed, and its
 * retry, from the checkpoint before the first failure, tries them again).
 */
async function runIssue(job: RunningJob<IssuePayload, IssueCheckpoint>): Promise<void> {
  const { period, tenantIds, scope } = job.payload;
  const ids = (await scopedPeriodPreviews(job.app.db.kysely, scope, period, tenantIds)).map((row) => row.id);
  const done: IssueCheckpoint = job.checkpoint ?? { next: 0, issued: 0, held: 0, skipped: 0 };
  const failed = await runInBatches(
    job,
    ids,
    { from: done.next, size: PREVIEWS_PER_TRANSACTION },
    async (batch, next, clean) => {
      const counts = await job.fenced(async (trx) => {
        const c = { issued: 0, held: 0, skipped: 0 };
        const held: { row: InvoiceRow; reason: NotIssuedReason; message: string }[] = [];
        for (const outcome of (await issuePreviews(trx, job.ctx, batch)).values()) {
          if (outcome.status === 'refused') {
            held.push({ row: outcome.row, reason: 'issue_refused', message: outcome.error.message });
          }
          c[outcome.status === 'refused' ? 'held' : outcome.status] += 1;
        }
        await holdPreviews(trx, job.ctx, held);
        if (c.issued > 0) await scheduleKeepPdfs(trx, job.ctx);
        return c;
      });
      done.next = next;
      done.issued += counts.issued;
      done.held += counts.held;
      done.skipped += counts.skipped;
      const message =
        `${period}: ${done.issued} issued, ${done.held} left as previews (alerts say why), ` +
        `${done.skipped} issued or deleted meanwhile`;
      await job.fenced(async () => {}, {
        progress: { done: next, total: ids.length, message },
        ...(clean ? { checkpoint: { ...done } } : {}),
      });
    },
  );
  if (ids.length === 0) await job.progress({ done: 0, total: 0, message: `${period}: no previews to issue` });
  if (failed.length > 0) throw batchFailure(failed, 'Issue', `preview(s) of ${period}`);
}

/** Registers `invoices.issue` with the job runner, once per process. */
export function registerInvoiceIssue(): void {
  if (jobType(ISSUE_JOB)) return;
  registerJobType<IssuePayload, IssueCheckpoint>({
    type: ISSUE_JOB,
    maxAttempts: 3,
    retryBaseMs: 30_000,
    handler: runIssue,
  });
}

/** "Issue all" for a period: each chosen tenant must have a preview of it in the scope (requestPeriodJob). */
export function requestIssue(
  ctx: RequestContext,
  input: { period: string; tenantIds?: string[] | undefined },
) {
  return requestPeriodJob(ctx, input, {
    type: ISSUE_JOB,
    action: 'invoice.issue_all',
    notBegun: 'A period that has not begun has no previews.',
    unknownTenant: 'No preview of this period for this tenant among those you bill.',
    accepted: async ({ scope, period, tenantIds }) =>
      new Set(
        (await scopedPeriodPreviews(ctx.app.db.kysely, scope, period, tenantIds)).map((r) => r.tenant_id),
      ),
  });
}
