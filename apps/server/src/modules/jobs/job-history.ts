import type { SystemContext } from '../../context.ts';
import { transaction } from '../../db/transaction.ts';
import { getSetting } from '../settings/settings.service.ts';
import { deleteFinishedJobs, finishedJobIdsBefore } from './jobs.repository.ts';
import { upsertSchedule } from './jobs.service.ts';
import { jobType, type RunningJob, registerJobType } from './registry.ts';

/**
 * Job history retention: the daily `jobs.cleanup` job deletes the jobs that finished (succeeded,
 * failed or cancelled) more than "Job History Retention (Days)" ago, a page per transaction, so
 * the jobs table holds the history the Jobs page and region health show, not years of hourly
 * collections and ratings. Queued and running jobs, and the last run of every schedule, are kept.
 */

export const CLEANUP_JOB = 'jobs.cleanup';
const SCHEDULE_KEY = 'jobs:cleanup';
/** Daily in the small hours (UTC), away from the invoicing cycle's 01:15. */
const SCHEDULE_CRON = '40 3 * * *';
const PAGE = 1000;
const DAY_MS = 86_400_000;

async function cleanUp(job: RunningJob<Record<string, never>, never>): Promise<void> {
  const days = Number(await getSetting(job.ctx, 'jobs.historyRetentionDays'));
  const before = new Date(job.app.clock() - days * DAY_MS).toISOString();
  let deleted = 0;
  for (;;) {
    job.signal.throwIfAborted();
    const ids = await finishedJobIdsBefore(job.app.db.kysely, before, PAGE);
    if (ids.length === 0) break;
    deleted += await job.fenced((trx) => deleteFinishedJobs(trx, ids));
    if (ids.length < PAGE) break;
  }
  await job.progress({
    done: deleted,
    total: deleted,
    message: `${deleted} job(s) finished before ${before} deleted`,
  });
}

/** Registers `jobs.cleanup` with the job runner, once per process. */
export function registerJobCleanup(): void {
  if (jobType(CLEANUP_JOB)) return;
  registerJobType<Record<string, never>, never>({
    type: CLEANUP_JOB,
    // The schedule is the retry: a failed pass is tried again the next day.
    maxAttempts: 1,
    handler: cleanUp,
  });
}

/** At start: the daily schedule (idempotent). */
export async function ensureJobCleanupSchedule(ctx: SystemContext): Promise<void> {
  await transaction(ctx.app.db, (trx) =>
    upsertSchedule(trx, ctx, SCHEDULE_KEY, {
      type: CLEANUP_JOB,
      payload: {},
      cron: SCHEDULE_CRON,
      timeZone: 'UTC',
    }),
  );
}
