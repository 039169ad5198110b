/**
 * Durable jobs: what other modules use. (ARCHITECTURE.md "Jobs"; the runner is runner.ts.)
 *
 * 1. Register a type once at boot (from bootstrap.ts, like the mail preparers):
 *
 *      registerJobType<CollectPayload, CollectCheckpoint>({
 *        type: 'usage.collect',
 *        maxAttempts: 5,          // default 5
 *        retryBaseMs: 60_000,     // default 30 s; doubles per attempt
 *        handler: async (job) => {
 *          const windows = windowsOf(job.payload);
 *          let next = job.checkpoint?.nextWindow ?? 0;           // resume where the last attempt stopped
 *          for (; next < windows.length; next++) {
 *            job.signal.throwIfAborted();                        // cancelled, lease lost, timed out, shutdown
 *            const records = await fetchWindow(windows[next], { signal: job.signal });
 *            await job.fenced((trx) => storeUsage(trx, records), {
 *              progress: { done: next + 1, total: windows.length, message: windows[next].label },
 *              checkpoint: { nextWindow: next + 1 },
 *            });                                                 // one transaction per window
 *          }
 *        },
 *      });
 *
 *    Every write of a handler goes through `job.fenced(work, extras?)`: its transaction first checks
 *    the job's fencing token and extends the lease, and throws JobLeaseLost (writing nothing) when
 *    the job was cancelled or taken over by another worker. Throw PermanentJobError to fail at once;
 *    any other error fails the attempt and retries with backoff until maxAttempts. An attempt that
 *    runs longer than the "Job Maximum Runtime (Hours)" setting (jobs.maxRuntimeHours) is aborted
 *    and the job fails. Handlers must be idempotent (an attempt may be cut off and repeated).
 *
 * 2. Enqueue inside the transaction of the change that causes the job, then wake the runner:
 *
 *      const job = await transaction(ctx.app.db, (trx) =>
 *        enqueueJob(trx, ctx, {
 *          type: 'usage.collect',
 *          payload: { regionId, from, to },                      // ids and times, never secrets
 *          dedupeKey: `region:${regionId}`,                      // returns the live job instead of a second
 *          regionId,
 *          orgId: tenantId, subscriptionId,                      // a subscription's job: its chain sees it;
 *        }),                                                     // omit both for platform-only jobs
 *      );
 *      ctx.app.jobs.wake();
 *
 * 3. Schedules (a region's collection "in the region's time zone"), in the caller's transaction:
 *
 *      await upsertSchedule(trx, ctx, `usage.collect:${regionId}`, {
 *        type: 'usage.collect', payload: { regionId }, cron: '15 * * * *', timeZone: 'Europe/Berlin', regionId,
 *      });
 *      await removeSchedule(trx, key);
 *      (await readSchedule(db, key))?.nextRunAt;                 // "next run" on the region's health
 *
 *    Each due time enqueues one job (several workers included), with the dedupe key
 *    `schedule:<key>`: a run still queued or running is not doubled.
 */
export { CronError, isTimeZone, parseCron } from './cron.ts';
export { JobLeaseLost, JobTimedOut, PermanentJobError, WorkerShutdown } from './errors.ts';
export {
  countJobs,
  type EnqueuedJob,
  type EnqueueJobInput,
  enqueueJob,
  listJobs,
  liveJobPayloads,
  readSchedule,
  removeSchedule,
  type ScheduleInfo,
  type ScheduleInput,
  scheduleProblem,
  upsertSchedule,
} from './jobs.service.ts';
export {
  type FencedExtras,
  type JobHandler,
  type JobProgress,
  type JobTypeDefinition,
  type RunningJob,
  registerJobType,
} from './registry.ts';
