import type { Kysely } from 'kysely';
import { Counter, Gauge } from 'prom-client';
import { type AppContext, type JobWorker, systemContext } from '../../context.ts';
import { toCount } from '../../db/database.ts';
import { claimLease, holdLease, type LeaseHolder, releaseLease } from '../../db/lease.ts';
import type { Database } from '../../db/schema.ts';
import { transaction } from '../../db/transaction.ts';
import { logLine } from '../mail/mail.service.ts';
import { getSetting } from '../settings/settings.service.ts';
import { JobLeaseLost, JobTimedOut, PermanentJobError, WorkerShutdown } from './errors.ts';
import {
  advanceSchedule,
  claimedJob,
  countJobsByStatus,
  dueJobIds,
  dueSchedules,
  JOB_LEASE,
  type JobRow,
  jobById,
  type ScheduleRow,
  updateJob,
  updateSchedule,
} from './jobs.repository.ts';
import { enqueueJob, MAX_JSON_BYTES, nextRunOf } from './jobs.service.ts';
import {
  type FencedExtras,
  type JobProgress,
  jobType,
  type RegisteredJobType,
  type RunningJob,
  registeredJobTypes,
} from './registry.ts';

/**
 * The job runner: in every process that runs jobs (`cms serve` unless told not to, `cms worker`),
 * it fires due schedules, claims due jobs of the types this process registered with the lease the
 * mail outbox uses too (db/lease.ts), runs their handlers, heartbeats their leases, and ends each
 * attempt: succeeded, queued again with exponential backoff, or failed.
 *
 * Several processes on MySQL/MariaDB or PostgreSQL never run one job at once: a claim is a
 * conditional UPDATE that only one of them wins, and every write of a handler is fenced by its
 * claim's token. SQLite is one process (it has one writer anyway).
 */
export interface RunnerOptions {
  /** How often to look for due work nobody woke this process for. */
  pollMs: number;
  /** How long a claim holds without a heartbeat; a dead worker's job is claimable after it. */
  leaseMs: number;
  /** How often running jobs renew their leases (and check cancellation and the maximum runtime). */
  heartbeatMs: number;
  /** Jobs this process runs at once. */
  concurrency: number;
  /** How long stop() waits for aborted handlers before handing their jobs back. */
  shutdownGraceMs: number;
}

export const RUNNER_DEFAULTS: RunnerOptions = {
  pollMs: 5_000,
  leaseMs: 60_000,
  heartbeatMs: 15_000,
  concurrency: 2,
  shutdownGraceMs: 10_000,
};

/** Heartbeats four times a lease, and polls at least twice a lease (at most every 5 s). */
export function runnerTiming(
  leaseSeconds: number,
): Pick<RunnerOptions, 'leaseMs' | 'heartbeatMs' | 'pollMs'> {
  const leaseMs = leaseSeconds * 1000;
  return { leaseMs, heartbeatMs: leaseMs / 4, pollMs: Math.min(RUNNER_DEFAULTS.pollMs, leaseMs / 2) };
}

const iso = (ms: number) => new Date(ms).toISOString();

type Outcome =
  | { kind: 'succeeded' }
  | { kind: 'failed'; error: unknown }
  | { kind: 'timedOut'; error: JobTimedOut }
  | { kind: 'shutdown' };

interface Active {
  row: JobRow;
  definition: RegisteredJobType;
  holder: LeaseHolder;
  controller: AbortController;
  /** Epoch ms after which the attempt has run longer than the Job Maximum Runtime. */
  deadline: number;
  maxRuntimeHours: number;
  done: Promise<void>;
}

export class JobRunner implements JobWorker {
  readonly options: RunnerOptions;
  private readonly active = new Map<string, Active>();
  private pollTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private current: Promise<number> | null = null;
  private again = false;
  private stopping = false;
  private readonly finished: Counter<'type' | 'status'>;

  constructor(
    private readonly app: AppContext,
    options: Partial<RunnerOptions> = {},
  ) {
    this.options = { ...RUNNER_DEFAULTS, ...options };
    const db = app.db.kysely;
    new Gauge({
      name: 'cms_jobs',
      help: 'Jobs queued or running (all processes: read from the database)',
      labelNames: ['status'],
      registers: [app.metrics.registry],
      async collect() {
        this.reset();
        for (const row of await countJobsByStatus(db))
          this.set({ status: row.status }, toCount(row.n as number));
      },
    });
    this.finished = new Counter({
      name: 'cms_job_attempts_total',
      help: 'Job attempts this process ended, by type and outcome (succeeded, retry, failed, cancelled, shutdown)',
      labelNames: ['type', 'status'],
      registers: [app.metrics.registry],
    });
  }

  private get db(): Kysely<Database> {
    return this.app.db.kysely;
  }

  start(): void {
    if (this.pollTimer) return;
    this.stopping = false;
    this.pollTimer = setInterval(() => this.wake(), this.options.pollMs);
    this.pollTimer.unref();
    this.heartbeatTimer = setInterval(() => {
      this.heartbeatNow().catch((error: unknown) => this.log('error', {}, error, 'job heartbeat failed'));
    }, this.options.heartbeatMs);
    this.heartbeatTimer.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.pollTimer = null;
    this.heartbeatTimer = null;
    await this.current?.catch(() => 0);
    const running = [...this.active.values()];
    for (const job of running) job.controller.abort(new WorkerShutdown());
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.options.shutdownGraceMs);
    });
    await Promise.race([Promise.allSettled(running.map((job) => job.done)), grace]);
    clearTimeout(timer);
    // Handlers that ignored the signal: hand their jobs back now rather than after the lease lapses.
    for (const job of this.active.values()) await this.endAttempt(job, { kind: 'shutdown' });
  }

  wake(): void {
    if (!this.pollTimer || this.stopping) return;
    this.kick().catch((error: unknown) => this.log('error', {}, error, 'job runner pass failed'));
  }

  revoked(jobId: string): void {
    this.active.get(jobId)?.controller.abort(new JobLeaseLost(jobId, 'cancelled'));
  }

  async runNow(): Promise<void> {
    for (;;) {
      const claimed = await this.kick();
      const running = [...this.active.values()].map((job) => job.done);
      await Promise.allSettled(running);
      if (claimed === 0 && running.length === 0) return;
    }
  }

  /**
   * Renews the lease of every running job, aborting those that were cancelled, lost their lease
   * or ran past the Job Maximum Runtime. The timer calls it; tests call it after moving the clock.
   */
  async heartbeatNow(): Promise<void> {
    for (const job of [...this.active.values()]) {
      if (job.controller.signal.aborted) continue;
      const now = this.app.clock();
      if (now >= job.deadline) {
        const error = new JobTimedOut(job.maxRuntimeHours);
        job.controller.abort(error);
        await this.endAttempt(job, { kind: 'timedOut', error });
        continue;
      }
      const held = await transaction(this.app.db, (trx) =>
        holdLease(trx, JOB_LEASE, job.holder, { now: iso(now), leaseUntil: iso(now + this.options.leaseMs) }),
      );
      if (!held) job.controller.abort(await this.lostReason(job.row.id));
    }
  }

  /** One pass at a time: a wake during a pass asks for another one after it. Resolves to jobs claimed. */
  private kick(): Promise<number> {
    if (this.current) {
      this.again = true;
      return this.current;
    }
    this.current = (async () => {
      let claimed = 0;
      try {
        do {
          this.again = false;
          claimed += await this.pass();
        } while (this.again && !this.stopping);
      } finally {
        this.current = null;
      }
      return claimed;
    })();
    return this.current;
  }

  private async pass(): Promise<number> {
    if (this.stopping) return 0;
    const types = registeredJobTypes();
    await this.fireSchedules(types);
    const free = this.options.concurrency - this.active.size;
    const now = iso(this.app.clock());
    let claimed = 0;
    for (const id of await dueJobIds(this.db, now, types, free)) {
      // Its lease lapsed while this process still runs it (a stalled heartbeat): not again here.
      if (this.stopping || this.active.has(id)) continue;
      const holder = await claimLease(this.db, JOB_LEASE, id, {
        now,
        leaseUntil: iso(Date.parse(now) + this.options.leaseMs),
      });
      if (!holder) continue;
      const row = await claimedJob(this.db, holder);
      if (!row) continue;
      claimed += 1;
      await this.launch(row, holder);
    }
    return claimed;
  }

  /** Enqueues each due schedule's run; of several workers exactly one advances it (advanceSchedule). */
  private async fireSchedules(types: string[]): Promise<void> {
    const now = this.app.clock();
    for (const schedule of await dueSchedules(this.db, iso(now), types, 50)) {
      try {
        await this.fire(schedule, now);
      } catch (error) {
        this.log('error', { schedule: schedule.key }, error, 'schedule could not enqueue its job');
      }
    }
  }

  private async fire(schedule: ScheduleRow, now: number): Promise<void> {
    const due = schedule.next_run_at!;
    const next = nextRunOf(schedule, now, Date.parse(due));
    const fired = await transaction(this.app.db, async (trx) => {
      const advanced = await advanceSchedule(trx, schedule.key, due, {
        nextRunAt: next === null ? null : iso(next),
        now: iso(now),
      });
      if (!advanced) return false;
      // A run still queued or running from an earlier due time is not doubled (dedupe key).
      const job = await enqueueJob(trx, systemContext(this.app, `schedule:${schedule.key}`), {
        type: schedule.type,
        payload: JSON.parse(schedule.payload_json) as Record<string, unknown>,
        dedupeKey: `schedule:${schedule.key}`,
        orgId: schedule.org_id,
        subscriptionId: schedule.subscription_id ?? undefined,
        regionId: schedule.region_id ?? undefined,
        scheduleKey: schedule.key,
      });
      await updateSchedule(trx, schedule.key, { last_job_id: job.id });
      return true;
    });
    if (fired) this.again = true;
  }

  private async launch(row: JobRow, holder: LeaseHolder): Promise<void> {
    const definition = jobType(row.type)!;
    const maxRuntimeHours = Number(await getSetting(this.app, 'jobs.maxRuntimeHours'));
    const startedAt = this.app.clock();
    const job: Active = {
      row,
      definition,
      holder,
      controller: new AbortController(),
      deadline: startedAt + maxRuntimeHours * 3_600_000,
      maxRuntimeHours,
      done: Promise.resolve(),
    };
    this.active.set(row.id, job);
    job.done = this.execute(job, startedAt).finally(() => {
      this.active.delete(row.id);
      // A slot is free: the next due job need not wait for the poll.
      this.wake();
    });
  }

  private async execute(job: Active, startedAt: number): Promise<void> {
    let outcome: Outcome;
    try {
      const running = this.runningJob(job);
      await running.fenced((trx) =>
        updateJob(trx, job.row.id, { started_at: iso(startedAt), finished_at: null }),
      );
      await job.definition.handler(running);
      // A handler that returns after its signal aborted did not finish its work.
      if (job.controller.signal.aborted) throw job.controller.signal.reason;
      outcome = { kind: 'succeeded' };
    } catch (error) {
      const reason: unknown = job.controller.signal.aborted ? job.controller.signal.reason : error;
      outcome =
        reason instanceof WorkerShutdown
          ? { kind: 'shutdown' }
          : reason instanceof JobTimedOut
            ? { kind: 'timedOut', error: reason }
            : { kind: 'failed', error: reason };
    }
    try {
      await this.endAttempt(job, outcome);
    } catch (error) {
      // The lease lapses and another worker (or this one) tries the job again.
      this.log('error', { jobId: job.row.id }, error, 'could not record the end of a job attempt');
    }
  }

  /** The handler's view of its job: every write fenced by the claim's token. */
  private runningJob(job: Active): RunningJob {
    const { row, holder, controller } = job;
    const fenced = async <T>(
      work: (trx: Kysely<Database>) => Promise<T>,
      extras: FencedExtras<unknown> = {},
    ): Promise<T> => {
      if (controller.signal.aborted) throw controller.signal.reason;
      const checkpoint = extras.checkpoint === undefined ? undefined : checkpointJson(extras.checkpoint);
      const result = await transaction(this.app.db, async (trx) => {
        const now = this.app.clock();
        const held = await holdLease(trx, JOB_LEASE, holder, {
          now: iso(now),
          leaseUntil: iso(now + this.options.leaseMs),
        });
        if (!held) throw new JobLeaseLost(row.id);
        const value = await work(trx);
        if (extras.progress || checkpoint !== undefined) {
          await updateJob(trx, row.id, {
            ...(extras.progress ? progressColumns(extras.progress) : {}),
            ...(checkpoint === undefined ? {} : { checkpoint_json: checkpoint }),
          });
        }
        return value;
      }).catch(async (error: unknown) => {
        if (error instanceof JobLeaseLost) {
          const reason = await this.lostReason(row.id);
          if (!controller.signal.aborted) controller.abort(reason);
          throw reason;
        }
        throw error;
      });
      return result;
    };
    return {
      id: row.id,
      type: row.type,
      payload: JSON.parse(row.payload_json) as unknown,
      attempt: row.attempts,
      maxAttempts: row.max_attempts,
      app: this.app,
      ctx: systemContext(this.app, `job:${row.id}`),
      signal: controller.signal,
      checkpoint: row.checkpoint_json === null ? null : (JSON.parse(row.checkpoint_json) as unknown),
      fenced,
      progress: (progress: JobProgress) => fenced(async () => {}, { progress }),
      saveCheckpoint: (checkpoint: unknown) => fenced(async () => {}, { checkpoint }),
    };
  }

  /** Why a job's lease no longer holds: cancelled, finished, or claimed by another worker. */
  private async lostReason(id: string): Promise<JobLeaseLost> {
    const row = await jobById(this.db, id);
    const why =
      row?.status === 'cancelled' ? 'cancelled' : row?.status === 'running' ? 'taken over' : 'finished';
    return new JobLeaseLost(id, why);
  }

  /**
   * Records the end of an attempt, if this worker still holds the job (the release is conditional
   * on its token, so a second call, or a call after a cancel or takeover, writes nothing).
   */
  private async endAttempt(job: Active, outcome: Outcome): Promise<void> {
    const { row, holder, definition } = job;
    const now = this.app.clock();
    let status: 'succeeded' | 'failed' | 'queued';
    let lastError: string | null = null;
    let nextAttemptAt: string | undefined;
    let refundAttempt = false;
    let metric: string;
    if (outcome.kind === 'succeeded') {
      status = 'succeeded';
      metric = 'succeeded';
    } else if (outcome.kind === 'shutdown') {
      status = 'queued';
      nextAttemptAt = iso(now);
      refundAttempt = true;
      lastError = row.last_error;
      metric = 'shutdown';
    } else if (outcome.kind === 'failed' && outcome.error instanceof JobLeaseLost) {
      // Not this worker's to finish any more: a cancel or another worker's claim decides.
      this.finished.inc({ type: row.type, status: outcome.error.why === 'cancelled' ? 'cancelled' : 'lost' });
      return;
    } else {
      lastError = messageOf(outcome.error).slice(0, 1000);
      const permanent =
        outcome.kind === 'timedOut' ||
        outcome.error instanceof PermanentJobError ||
        row.attempts >= row.max_attempts;
      if (permanent) {
        status = 'failed';
        metric = 'failed';
      } else {
        status = 'queued';
        nextAttemptAt = iso(now + definition.retryBaseMs * 2 ** (row.attempts - 1));
        metric = 'retry';
      }
    }
    const ended = await transaction(this.app.db, async (trx) => {
      const released = await releaseLease(trx, JOB_LEASE, holder, {
        status,
        now: iso(now),
        lastError,
        nextAttemptAt,
        refundAttempt,
      });
      if (released && status !== 'queued') {
        await updateJob(trx, row.id, { finished_at: iso(now), active_dedupe_key: null });
      }
      return released;
    });
    if (!ended) return;
    this.finished.inc({ type: row.type, status: metric });
    if (metric === 'failed' || metric === 'retry') {
      this.log(
        'warn',
        { jobId: row.id, type: row.type, attempt: row.attempts },
        null,
        `job attempt failed: ${lastError}`,
      );
    }
    if (status === 'queued') this.again = true;
  }

  private log(level: 'warn' | 'error', fields: Record<string, unknown>, error: unknown, msg: string): void {
    logLine(this.app, level, error ? { ...fields, err: messageOf(error) } : fields, msg);
  }
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

function progressColumns(progress: JobProgress) {
  const whole = (n: number) => Number.isInteger(n) && n >= 0;
  if (!whole(progress.done) || !whole(progress.total) || progress.done > progress.total) {
    throw new Error('Job progress is whole numbers with done ≤ total');
  }
  return {
    progress_done: progress.done,
    progress_total: progress.total,
    progress_message: progress.message ? progress.message.slice(0, 300) : null,
  };
}

function checkpointJson(checkpoint: unknown): string {
  const text = JSON.stringify(checkpoint);
  if (text === undefined || Buffer.byteLength(text) > MAX_JSON_BYTES) {
    throw new Error(`A job checkpoint must be JSON of at most ${MAX_JSON_BYTES} bytes`);
  }
  return text;
}
