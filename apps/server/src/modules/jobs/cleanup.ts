import type { Kysely } from 'kysely';
import type { SystemContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { transaction } from '../../db/transaction.ts';
import { deleteIdempotencyKeys, idempotencyKeyIdsBefore } from '../../http/idempotency.ts';
import { getSetting } from '../settings/settings.service.ts';
import { deleteFinishedJobs, finishedJobIdsBefore } from './jobs.repository.ts';
import { upsertSchedule } from './jobs.service.ts';
import { jobType, type RunningJob, registerJobType } from './registry.ts';

/**
 * The daily `jobs.cleanup` job deletes what has outlived its retention, a page per transaction:
 * - jobs that finished (succeeded, failed or cancelled) more than "Job History Retention (Days)"
 *   ago, so the jobs table holds the history the Jobs page and region health show, not years of
 *   hourly collections and ratings (queued and running jobs, and each schedule's last run, stay);
 * - Idempotency-Keys claimed more than "Idempotency Key Retention (Days)" ago, with the responses
 *   kept to replay them.
 */

export const CLEANUP_JOB = 'jobs.cleanup';
const SCHEDULE_KEY = 'jobs:cleanup';
/** Daily in the small hours (UTC), away from the invoicing cycle's 01:15. */
const SCHEDULE_CRON = '40 3 * * *';
const PAGE = 1000;
const DAY_MS = 86_400_000;

/** Deletes page by page until a page comes back short; answers how many rows went. */
async function deleteInPages(
  job: RunningJob<Record<string, never>, never>,
  page: () => Promise<string[]>,
  remove: (trx: Kysely<Database>, ids: string[]) => Promise<number>,
): Promise<number> {
  let deleted = 0;
  for (;;) {
    job.signal.throwIfAborted();
    const ids = await page();
    if (ids.length === 0) break;
    deleted += await job.fenced((trx) => remove(trx, ids));
    if (ids.length < PAGE) break;
  }
  return deleted;
}

async function cleanUp(job: RunningJob<Record<string, never>, never>): Promise<void> {
  const db = job.app.db.kysely;
  const daysAgo = async (setting: 'jobs.historyRetentionDays' | 'platform.idempotencyKeyRetentionDays') =>
    new Date(job.app.clock() - Number(await getSetting(job.ctx, setting)) * DAY_MS).toISOString();
  const jobsBefore = await daysAgo('jobs.historyRetentionDays');
  const jobs = await deleteInPages(job, () => finishedJobIdsBefore(db, jobsBefore, PAGE), deleteFinishedJobs);
  const keysBefore = await daysAgo('platform.idempotencyKeyRetentionDays');
  const keys = await deleteInPages(
    job,
    () => idempotencyKeyIdsBefore(db, keysBefore, PAGE),
    deleteIdempotencyKeys,
  );
  await job.progress({
    done: jobs + keys,
    total: jobs + keys,
    message: `${jobs} job(s) finished before ${jobsBefore} and ${keys} idempotency key(s) claimed before ${keysBefore} deleted`,
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
