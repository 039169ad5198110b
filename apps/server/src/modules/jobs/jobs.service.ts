import type { Kysely } from 'kysely';
import type { AnyContext, RequestContext } from '../../context.ts';
import { newId, PLATFORM_ORG_ID } from '../../db/ids.ts';
import { revokeLease } from '../../db/lease.ts';
import type { Database, JobStatus } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import { visibleIds } from '../../tenancy/scope.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { CronError, isTimeZone, nextCronRun, parseCron } from './cron.ts';
import {
  countJobRows,
  deleteSchedule,
  insertJob,
  insertSchedule,
  JOB_LEASE,
  type JobFilter,
  type JobRow,
  LIVE_STATUSES,
  listJobRows,
  liveJobByDedupeKey,
  livePayloads,
  requeueJob,
  type ScheduleRow,
  scheduleByKey,
  scopedJob,
  updateJob,
  updateSchedule,
} from './jobs.repository.ts';
import { jobType } from './registry.ts';

/** A payload or checkpoint is a small JSON object of ids and times; never a secret. */
export const MAX_JSON_BYTES = 64 * 1024;

export type JobPayload = Record<string, unknown>;

export interface EnqueueJobInput<P extends JobPayload = JobPayload> {
  /** A registered job type (registerJobType). */
  type: string;
  /** Ids and times only (it is stored and shown as is); at most 64 KB of JSON. */
  payload: P;
  /**
   * While a job of this type and key is queued or running, enqueueing it again returns that job
   * instead of a second one (e.g. `region:<id>` for a region's collection).
   */
  dedupeKey?: string | undefined;
  /** The region the job is about (its health lists its jobs). */
  regionId?: string | undefined;
  /**
   * The organisation the job concerns; who may see the job follows that organisation's current
   * chain. Default: the platform (visible to platform users only), right for region and system jobs.
   * For a job about one subscription pass the subscription's tenant as orgId and the subscription id.
   * The caller has checked that its actor may act on them.
   */
  orgId?: string | undefined;
  subscriptionId?: string | undefined;
  /** When to run it first (epoch ms; default now). */
  runAt?: number | undefined;
  /** The schedule enqueueing it (set by the runner). */
  scheduleKey?: string | undefined;
}

export interface EnqueuedJob {
  id: string;
  status: JobStatus;
  /** False when a live job with the same type and dedupe key was returned instead. */
  created: boolean;
}

function jsonOf(value: unknown, what: string): string {
  const text = JSON.stringify(value);
  if (text === undefined || Buffer.byteLength(text) > MAX_JSON_BYTES) {
    throw new Error(`A job ${what} must be JSON of at most ${MAX_JSON_BYTES} bytes`);
  }
  return text;
}

/**
 * Queues a job in the caller's transaction: it exists (and runs) only if that commits. Call
 * `ctx.app.jobs.wake()` after the commit to start it at once rather than at the next poll.
 */
export async function enqueueJob<P extends JobPayload>(
  trx: Kysely<Database>,
  ctx: AnyContext,
  input: EnqueueJobInput<P>,
): Promise<EnqueuedJob> {
  const definition = jobType(input.type);
  if (!definition) throw new Error(`Job type "${input.type}" is not registered`);
  if (input.subscriptionId && !input.orgId) {
    throw new Error('A job about a subscription names its tenant as orgId');
  }
  const payload = jsonOf(input.payload, 'payload');
  if (input.dedupeKey !== undefined) {
    const live = await liveJobByDedupeKey(trx, input.type, input.dedupeKey);
    if (live) return { id: live.id, status: live.status, created: false };
  }
  const now = nowIso(ctx.app.clock);
  const id = newId('job', ctx.app.clock());
  await insertJob(trx, {
    id,
    type: input.type,
    payload_json: payload,
    status: 'queued',
    progress_done: null,
    progress_total: null,
    progress_message: null,
    checkpoint_json: null,
    attempts: 0,
    max_attempts: definition.maxAttempts,
    next_attempt_at: input.runAt === undefined ? now : new Date(input.runAt).toISOString(),
    claim_token: null,
    lease_until: null,
    last_error: null,
    requested_by: ctx.actor?.userId ?? null,
    dedupe_key: input.dedupeKey ?? null,
    active_dedupe_key: input.dedupeKey ?? null,
    org_id: input.orgId ?? PLATFORM_ORG_ID,
    subscription_id: input.subscriptionId ?? null,
    region_id: input.regionId ?? null,
    schedule_key: input.scheduleKey ?? null,
    created_at: now,
    started_at: null,
    finished_at: null,
    updated_at: now,
  });
  return { id, status: 'queued', created: true };
}

/** The payloads of the queued and running jobs of a type (e.g. which ratings are still asked for). */
export async function liveJobPayloads(
  db: Kysely<Database>,
  type: string,
): Promise<Record<string, unknown>[]> {
  return (await livePayloads(db, type)).map((text) => JSON.parse(text) as Record<string, unknown>);
}

// ---------------------------------------------------------------------------------------------
// The API: jobs the caller may see, cancel and retry.

export async function presentJobs(ctx: RequestContext, rows: JobRow[]) {
  const requesters = [...new Set(rows.map((r) => r.requested_by).filter((id): id is string => id !== null))];
  const visible = await visibleIds(ctx.app.db.kysely, 'users', ctx.actor.scope, requesters);
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    status: row.status,
    payload: JSON.parse(row.payload_json) as Record<string, unknown>,
    progress:
      row.progress_total === null
        ? null
        : { done: row.progress_done ?? 0, total: row.progress_total, message: row.progress_message },
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    nextAttemptAt: row.status === 'queued' ? row.next_attempt_at : null,
    leaseUntil: row.status === 'running' ? row.lease_until : null,
    lastError: row.last_error,
    requestedBy:
      row.requested_by === null
        ? { kind: 'system' as const, userId: null }
        : visible.has(row.requested_by)
          ? { kind: 'user' as const, userId: row.requested_by }
          : { kind: 'provider' as const, userId: null },
    dedupeKey: row.dedupe_key,
    orgId: row.org_id,
    subscriptionId: row.subscription_id,
    regionId: row.region_id,
    scheduleKey: row.schedule_key,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    updatedAt: row.updated_at,
  }));
}

export async function listJobs(
  ctx: RequestContext,
  filter: JobFilter,
  page: { limit: number; cursor: string | undefined },
) {
  const result = await listJobRows(ctx.app.db.kysely, ctx.actor.scope, filter, page);
  return { ...result, items: await presentJobs(ctx, result.items) };
}

/** How many jobs the caller may see match the filter. */
export function countJobs(ctx: RequestContext, filter: JobFilter): Promise<number> {
  return countJobRows(ctx.app.db.kysely, ctx.actor.scope, filter);
}

export async function getJob(ctx: RequestContext, id: string) {
  const row = await scopedJob(ctx.app.db.kysely, ctx.actor.scope, id);
  if (!row) throw AppError.notFound('Job');
  return (await presentJobs(ctx, [row]))[0]!;
}

export async function isJobVisible(ctx: RequestContext, id: string): Promise<boolean> {
  return (await scopedJob(ctx.app.db.kysely, ctx.actor.scope, id)) !== undefined;
}

/**
 * Cancels a queued or running job. A running job's lease is revoked in this transaction: its
 * worker's next fenced write fails and its signal aborts (at once in this process, at the next
 * heartbeat in another).
 */
export async function cancelJob(ctx: RequestContext, id: string) {
  const row = await transaction(ctx.app.db, async (trx) => {
    const job = await scopedJob(trx, ctx.actor.scope, id);
    if (!job) throw AppError.notFound('Job');
    const now = nowIso(ctx.app.clock);
    const revoked = await revokeLease(trx, JOB_LEASE, id, {
      from: LIVE_STATUSES,
      status: 'cancelled',
      now,
      lastError: job.last_error,
    });
    if (!revoked) {
      // Read again: it may have changed since it was read above.
      const current = (await scopedJob(trx, ctx.actor.scope, id)) ?? job;
      throw new AppError(
        'conflict',
        `Only a queued or running job can be cancelled; this one is ${current.status}.`,
      );
    }
    await updateJob(trx, id, { finished_at: now, active_dedupe_key: null });
    await recordAudit(trx, ctx, {
      action: 'job.cancel',
      targetType: 'job',
      targetId: id,
      orgId: job.org_id,
      before: { status: job.status },
      after: { status: 'cancelled' },
    });
    return (await scopedJob(trx, ctx.actor.scope, id))!;
  });
  ctx.app.jobs.revoked(id);
  return (await presentJobs(ctx, [row]))[0]!;
}

/** Queues a failed or cancelled job again, with all its attempts; it resumes from its checkpoint. */
export async function retryJob(ctx: RequestContext, id: string) {
  const row = await transaction(ctx.app.db, async (trx) => {
    const job = await scopedJob(trx, ctx.actor.scope, id);
    if (!job) throw AppError.notFound('Job');
    if (job.dedupe_key !== null) {
      const live = await liveJobByDedupeKey(trx, job.type, job.dedupe_key);
      if (live) {
        throw new AppError('conflict', `The same work is already ${live.status} as job ${live.id}.`);
      }
    }
    const now = nowIso(ctx.app.clock);
    const requeued = await requeueJob(trx, id, ['failed', 'cancelled'], {
      now,
      activeDedupeKey: job.dedupe_key,
    });
    if (!requeued) {
      // Read again: it may have changed since it was read above.
      const current = (await scopedJob(trx, ctx.actor.scope, id)) ?? job;
      throw new AppError(
        'conflict',
        `Only a failed or cancelled job can be retried; this one is ${current.status}.`,
      );
    }
    await recordAudit(trx, ctx, {
      action: 'job.retry',
      targetType: 'job',
      targetId: id,
      orgId: job.org_id,
      before: { status: job.status },
      after: { status: 'queued' },
    });
    return (await scopedJob(trx, ctx.actor.scope, id))!;
  });
  ctx.app.jobs.wake();
  return (await presentJobs(ctx, [row]))[0]!;
}

// ---------------------------------------------------------------------------------------------
// Schedules, for modules (a region's collection schedule): no API of their own.

export interface ScheduleInput<P extends JobPayload = JobPayload> {
  type: string;
  payload: P;
  /** A 5-field cron expression in `timeZone` (cron.ts), or … */
  cron?: string | undefined;
  /** … a fixed interval in seconds (at least 60). */
  intervalSeconds?: number | undefined;
  /** IANA time zone of the cron expression (default UTC). */
  timeZone?: string | undefined;
  enabled?: boolean | undefined;
  orgId?: string | undefined;
  subscriptionId?: string | undefined;
  regionId?: string | undefined;
}

export interface ScheduleInfo {
  key: string;
  type: string;
  cron: string | null;
  intervalSeconds: number | null;
  timeZone: string;
  enabled: boolean;
  /** The next run (ISO, UTC), null when disabled or never. */
  nextRunAt: string | null;
  lastRunAt: string | null;
  lastJobId: string | null;
}

/** Why a schedule input is invalid (thrown as Error with this message by upsertSchedule). */
export function scheduleProblem(input: ScheduleInput): string | null {
  if ((input.cron === undefined) === (input.intervalSeconds === undefined)) {
    return 'A schedule has either a cron expression or an interval';
  }
  if (input.timeZone !== undefined && !isTimeZone(input.timeZone)) {
    return `Unknown time zone "${input.timeZone}"`;
  }
  if (input.intervalSeconds !== undefined) {
    if (!Number.isInteger(input.intervalSeconds) || input.intervalSeconds < 60) {
      return 'A schedule interval is a whole number of seconds, at least 60';
    }
  }
  if (input.cron !== undefined) {
    try {
      parseCron(input.cron);
    } catch (error) {
      if (error instanceof CronError) return error.message;
      throw error;
    }
  }
  if (!jobType(input.type)) return `Job type "${input.type}" is not registered`;
  return null;
}

/**
 * The run after `after` (epoch ms): the next cron time in the zone, or the interval added to the
 * previous due time, skipping those already past so a stopped system does not replay a backlog.
 */
export function nextRunOf(
  schedule: Pick<ScheduleRow, 'cron' | 'interval_seconds' | 'time_zone'>,
  after: number,
  previousDue?: number,
): number | null {
  if (schedule.cron !== null) return nextCronRun(parseCron(schedule.cron), schedule.time_zone, after);
  const interval = schedule.interval_seconds! * 1000;
  if (previousDue === undefined) return after + interval;
  const missed = Math.max(0, Math.floor((after - previousDue) / interval));
  return previousDue + (missed + 1) * interval;
}

/**
 * Creates or replaces the schedule with this key in the caller's transaction (a region's
 * "collect usage" schedule). Its next run is computed from now; unchanged timing keeps the
 * current next run.
 */
export async function upsertSchedule<P extends JobPayload>(
  trx: Kysely<Database>,
  ctx: AnyContext,
  key: string,
  input: ScheduleInput<P>,
): Promise<ScheduleInfo> {
  const problem = scheduleProblem(input);
  if (problem) throw new Error(problem);
  if (key.length === 0 || key.length > 120) throw new Error('A schedule key has 1 to 120 characters');
  const now = ctx.app.clock();
  const nowText = new Date(now).toISOString();
  const timing = {
    cron: input.cron ?? null,
    interval_seconds: input.intervalSeconds ?? null,
    time_zone: input.timeZone ?? 'UTC',
  };
  const enabled = input.enabled ?? true;
  const existing = await scheduleByKey(trx, key, { lock: true });
  const sameTiming =
    existing &&
    existing.cron === timing.cron &&
    existing.interval_seconds === timing.interval_seconds &&
    existing.time_zone === timing.time_zone &&
    existing.enabled === 1 &&
    existing.next_run_at !== null;
  const next = nextRunOf(timing, now);
  const nextRunAt = !enabled
    ? null
    : sameTiming
      ? existing.next_run_at
      : next === null
        ? null
        : new Date(next).toISOString();
  const row = {
    type: input.type,
    payload_json: jsonOf(input.payload, 'payload'),
    ...timing,
    enabled: enabled ? 1 : 0,
    org_id: input.orgId ?? PLATFORM_ORG_ID,
    subscription_id: input.subscriptionId ?? null,
    region_id: input.regionId ?? null,
    next_run_at: nextRunAt,
    updated_at: nowText,
  };
  if (existing) await updateSchedule(trx, key, row);
  else await insertSchedule(trx, { key, ...row, last_run_at: null, last_job_id: null, created_at: nowText });
  return presentSchedule((await scheduleByKey(trx, key))!);
}

/** Removes a schedule (jobs it already enqueued stay). Returns whether there was one. */
export function removeSchedule(trx: Kysely<Database>, key: string): Promise<boolean> {
  return deleteSchedule(trx, key);
}

/** A schedule's state, e.g. "next run" on a region's health; undefined when there is none. */
export async function readSchedule(db: Kysely<Database>, key: string): Promise<ScheduleInfo | undefined> {
  const row = await scheduleByKey(db, key);
  return row && presentSchedule(row);
}

function presentSchedule(row: ScheduleRow): ScheduleInfo {
  return {
    key: row.key,
    type: row.type,
    cron: row.cron,
    intervalSeconds: row.interval_seconds,
    timeZone: row.time_zone,
    enabled: row.enabled === 1,
    nextRunAt: row.next_run_at,
    lastRunAt: row.last_run_at,
    lastJobId: row.last_job_id,
  };
}
