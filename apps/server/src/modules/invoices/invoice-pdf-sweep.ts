import type { Kysely } from 'kysely';
import type { AnyContext, AppContext, SystemContext } from '../../context.ts';
import { systemContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { transaction } from '../../db/transaction.ts';
import { raiseAlert } from '../alerts/alerts.service.ts';
import { type RunningJob, registerJobType, upsertSchedule } from '../jobs/index.ts';
import { jobType } from '../jobs/registry.ts';
import { logLine } from '../mail/mail.service.ts';
import { keepIssuedPdf, PDF_NOT_KEPT_ALERT } from './invoice-files.ts';
import { anythingIssued, issuedWithoutKeptPdf } from './invoices.repository.ts';

/**
 * The sweep for issued documents whose PDF was not kept (issue 14, docs/invoice-pdf.md). Issuing
 * keeps the file right after its commit (keepAfterIssue); when the process dies in between, or the
 * renderer fails, the document is left without its file and, with "Store Invoices In Azure
 * Storage" on, without its upload. The `invoices.keep-pdfs` job, every five minutes, keeps each
 * such document (keepIssuedPdf, which also requests the upload) and raises an alert for one that
 * still cannot be kept. Idempotent and safe with several workers: a document is kept under its
 * invoice's row lock, once, whoever gets there first (the sweep, an issue, a request for the file).
 */

export const KEEP_PDFS_JOB = 'invoices.keep-pdfs';
const SCHEDULE_INTERVAL_SECONDS = 300;
/** Issued this recently, the issue itself is probably still keeping it: left to it. */
const GRACE_MS = 2 * 60_000;
const PAGE = 50;

/**
 * After an issue has committed: keeps its file. A failure here does not undo or fail the issue
 * (it is committed); it is logged, and the sweep (or the first request for the file) keeps it.
 */
export async function keepAfterIssue(ctx: AnyContext, id: string): Promise<void> {
  try {
    await keepIssuedPdf(ctx, id);
  } catch (error) {
    logLine(ctx, 'error', { invoiceId: id, err: messageOf(error) }, 'invoice PDF not kept at issue');
    try {
      await transaction(ctx.app.db, (trx) => scheduleKeepPdfs(trx, ctx));
    } catch (scheduleError) {
      // The next start schedules it (ensureKeepPdfsSchedule): the document has been issued.
      logLine(ctx, 'error', { err: messageOf(scheduleError) }, 'invoice PDF sweep not scheduled');
    }
  }
}

/** Schedules the sweep (idempotent): every issue that does not keep its own file calls it. */
export function scheduleKeepPdfs(trx: Kysely<Database>, ctx: AnyContext) {
  return upsertSchedule(trx, ctx, KEEP_PDFS_JOB, {
    type: KEEP_PDFS_JOB,
    payload: {},
    intervalSeconds: SCHEDULE_INTERVAL_SECONDS,
  });
}

/**
 * At start: the sweep is scheduled once anything has been issued, so a document a crashed process
 * left without its file is found; a system that never issued runs (and lists) no sweeps.
 */
export async function ensureKeepPdfsSchedule(ctx: SystemContext): Promise<void> {
  if (!(await anythingIssued(ctx.app.db.kysely))) return;
  await transaction(ctx.app.db, (trx) => scheduleKeepPdfs(trx, ctx));
}

export interface SweepOutcome {
  kept: number;
  failed: number;
}

/**
 * One pass over the issued documents without a kept PDF, oldest first. A document that fails is
 * alerted and passed over (the next pass tries it again); the others are still kept.
 */
export async function keepUnkeptPdfs(
  app: AppContext,
  job?: Pick<RunningJob, 'ctx' | 'fenced' | 'signal'>,
): Promise<SweepOutcome> {
  const ctx = job?.ctx ?? systemContext(app, KEEP_PDFS_JOB);
  const write = job ? job.fenced.bind(job) : undefined;
  const issuedBefore = new Date(app.clock() - GRACE_MS).toISOString();
  const outcome: SweepOutcome = { kept: 0, failed: 0 };
  let after: { issuedAt: string; id: string } | null = null;
  for (;;) {
    const rows = await issuedWithoutKeptPdf(app.db.kysely, { issuedBefore, after, limit: PAGE });
    for (const row of rows) {
      job?.signal.throwIfAborted();
      try {
        await keepIssuedPdf(ctx, row.id, write);
        outcome.kept += 1;
      } catch (error) {
        if (job?.signal.aborted) throw error;
        outcome.failed += 1;
        await alertNotKept(ctx, row, messageOf(error), write);
      }
    }
    const last = rows.at(-1);
    if (rows.length < PAGE || !last) return outcome;
    after = { issuedAt: last.issued_at!, id: last.id };
  }
}

async function alertNotKept(
  ctx: AnyContext,
  row: { id: string; number: string | null; tenant_id: string; issued_at: string | null },
  reason: string,
  write: RunningJob['fenced'] | undefined,
): Promise<void> {
  logLine(ctx, 'error', { invoiceId: row.id, err: reason }, 'invoice PDF not kept by the sweep');
  const raise = (trx: Kysely<Database>) =>
    raiseAlert(trx, ctx, {
      kind: PDF_NOT_KEPT_ALERT,
      key: row.id,
      severity: 'critical',
      title: `The PDF of ${row.number} could not be kept`,
      message: `${reason.slice(0, 500)} It was issued at ${row.issued_at}; its file is rendered again every ${SCHEDULE_INTERVAL_SECONDS / 60} minutes until it is kept, and it is not in Azure Storage until then.`,
      details: { invoiceId: row.id, number: row.number, tenantId: row.tenant_id, issuedAt: row.issued_at },
    });
  await (write ? write(raise) : transaction(ctx.app.db, raise));
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Registers `invoices.keep-pdfs` with the job runner, once per process. */
export function registerKeepPdfsSweep(): void {
  if (jobType(KEEP_PDFS_JOB)) return;
  registerJobType<Record<string, never>, never>({
    type: KEEP_PDFS_JOB,
    // The schedule is the retry: a failed pass is tried again at the next due time.
    maxAttempts: 1,
    handler: async (job) => {
      const { kept, failed } = await keepUnkeptPdfs(job.app, job);
      await job.progress({ done: kept, total: kept + failed, message: `${kept} kept, ${failed} failed` });
    },
  });
}
