import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Scope } from '../../context.ts';
import { toCount } from '../../db/database.ts';
import { dueAt, type LeaseHolder, type LeaseKind } from '../../db/lease.ts';
import type { Database, JobScheduleTable, JobStatus, JobTable } from '../../db/schema.ts';
import { forUpdate } from '../../db/transaction.ts';
import { paginate } from '../../http/pagination.ts';
import { scopeWhere } from '../../tenancy/scope.ts';

export type JobRow = Selectable<JobTable>;
export type ScheduleRow = Selectable<JobScheduleTable>;

/** The jobs' lease (db/lease.ts, shared with the mail outbox): queued jobs wait, a worker holds a running one. */
export const JOB_LEASE: LeaseKind = { table: 'jobs', waiting: 'queued', held: 'running' };

export const LIVE_STATUSES: readonly JobStatus[] = ['queued', 'running'];

export async function insertJob(trx: Kysely<Database>, row: Insertable<JobTable>): Promise<void> {
  await trx.insertInto('jobs').values(row).execute();
}

/** The live (queued or running) job of a type with this dedupe key, locked for the caller. */
export function liveJobByDedupeKey(
  trx: Kysely<Database>,
  type: string,
  key: string,
): Promise<JobRow | undefined> {
  return trx
    .selectFrom('jobs')
    .selectAll()
    .where('type', '=', type)
    .where('active_dedupe_key', '=', key)
    .$call(forUpdate(trx))
    .executeTakeFirst();
}

/** The payloads (JSON text) of the live jobs of a type: what work is still asked for. */
export async function livePayloads(db: Kysely<Database>, type: string): Promise<string[]> {
  const rows = await db
    .selectFrom('jobs')
    .select('payload_json')
    .where('type', '=', type)
    .where('status', 'in', [...LIVE_STATUSES])
    .execute();
  return rows.map((r) => r.payload_json);
}

/** Ids of up to `limit` due jobs of the given types, those due longest first. */
export async function dueJobIds(
  db: Kysely<Database>,
  now: string,
  types: readonly string[],
  limit: number,
): Promise<string[]> {
  if (types.length === 0 || limit <= 0) return [];
  const rows = await db
    .selectFrom('jobs')
    .select('id')
    .where(dueAt(JOB_LEASE, now))
    .where('type', 'in', [...types])
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** A job as its holder claimed it (undefined if the claim was lost since). */
export function claimedJob(db: Kysely<Database>, holder: LeaseHolder): Promise<JobRow | undefined> {
  return db
    .selectFrom('jobs')
    .selectAll()
    .where('id', '=', holder.id)
    .where('claim_token', '=', holder.token)
    .executeTakeFirst();
}

/** Unscoped: the runner's own reads of a job (system maintenance), never a request's. */
export function jobById(db: Kysely<Database>, id: string): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Columns a job's own lifecycle sets besides the lease (under the holder's lease or a lock). */
export async function updateJob(
  trx: Kysely<Database>,
  id: string,
  changes: Pick<
    Updateable<JobTable>,
    | 'progress_done'
    | 'progress_total'
    | 'progress_message'
    | 'checkpoint_json'
    | 'started_at'
    | 'finished_at'
    | 'active_dedupe_key'
    | 'status'
    | 'next_attempt_at'
    | 'last_error'
    | 'updated_at'
    | 'attempts'
  >,
): Promise<void> {
  await trx.updateTable('jobs').set(changes).where('id', '=', id).execute();
}

export interface JobFilter {
  type?: string | undefined;
  status?: JobStatus | undefined;
  regionId?: string | undefined;
  subscriptionId?: string | undefined;
}

/** Jobs whose organisation is, today, inside the viewer's branch; newest first. */
export function listJobRows(
  db: Kysely<Database>,
  scope: Scope,
  filter: JobFilter,
  page: { limit: number; cursor: string | undefined },
) {
  let query = db
    .selectFrom('jobs')
    .innerJoin('organisations as org', 'org.id', 'jobs.org_id')
    .$call(scopeWhere(scope, 'org'))
    .selectAll('jobs');
  if (filter.type) query = query.where('jobs.type', '=', filter.type);
  if (filter.status) query = query.where('jobs.status', '=', filter.status);
  if (filter.regionId) query = query.where('jobs.region_id', '=', filter.regionId);
  if (filter.subscriptionId) query = query.where('jobs.subscription_id', '=', filter.subscriptionId);
  return paginate(
    query,
    { column: 'jobs.id', idColumn: 'jobs.id', direction: 'desc' },
    { ...page, sortValue: (row) => row.id },
  );
}

/** How many jobs inside the scope match the filter (a region's failed jobs on its health panel). */
export async function countJobRows(db: Kysely<Database>, scope: Scope, filter: JobFilter): Promise<number> {
  let query = db
    .selectFrom('jobs')
    .innerJoin('organisations as org', 'org.id', 'jobs.org_id')
    .$call(scopeWhere(scope, 'org'))
    .select((eb) => eb.fn.countAll().as('n'));
  if (filter.type) query = query.where('jobs.type', '=', filter.type);
  if (filter.status) query = query.where('jobs.status', '=', filter.status);
  if (filter.regionId) query = query.where('jobs.region_id', '=', filter.regionId);
  if (filter.subscriptionId) query = query.where('jobs.subscription_id', '=', filter.subscriptionId);
  return toCount((await query.executeTakeFirstOrThrow()).n);
}

/**
 * One job inside the scope (undefined outside it: 404). Not locked: a lock through the join would
 * lock the organisation too, out of the hierarchy's lock order; changes are conditional instead.
 */
export function scopedJob(db: Kysely<Database>, scope: Scope, id: string): Promise<JobRow | undefined> {
  return db
    .selectFrom('jobs')
    .innerJoin('organisations as org', 'org.id', 'jobs.org_id')
    .$call(scopeWhere(scope, 'org'))
    .selectAll('jobs')
    .where('jobs.id', '=', id)
    .executeTakeFirst();
}

/** Queues a finished job again (a retry), only while it is still in one of `from`. */
export async function requeueJob(
  trx: Kysely<Database>,
  id: string,
  from: readonly JobStatus[],
  change: { now: string; activeDedupeKey: string | null },
): Promise<boolean> {
  const result = await trx
    .updateTable('jobs')
    .set({
      status: 'queued',
      attempts: 0,
      next_attempt_at: change.now,
      finished_at: null,
      active_dedupe_key: change.activeDedupeKey,
      updated_at: change.now,
    })
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// Schedules

export function scheduleByKey(
  db: Kysely<Database>,
  key: string,
  options: { lock?: boolean } = {},
): Promise<ScheduleRow | undefined> {
  const query = db.selectFrom('job_schedules').selectAll().where('key', '=', key);
  return (options.lock ? query.$call(forUpdate(db)) : query).executeTakeFirst();
}

export async function insertSchedule(
  trx: Kysely<Database>,
  row: Insertable<JobScheduleTable>,
): Promise<void> {
  await trx.insertInto('job_schedules').values(row).execute();
}

export async function updateSchedule(
  trx: Kysely<Database>,
  key: string,
  changes: Updateable<JobScheduleTable>,
): Promise<void> {
  await trx.updateTable('job_schedules').set(changes).where('key', '=', key).execute();
}

export async function deleteSchedule(trx: Kysely<Database>, key: string): Promise<boolean> {
  const result = await trx.deleteFrom('job_schedules').where('key', '=', key).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Enabled schedules due at `now`, of the given job types. */
export function dueSchedules(
  db: Kysely<Database>,
  now: string,
  types: readonly string[],
  limit: number,
): Promise<ScheduleRow[]> {
  if (types.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('job_schedules')
    .selectAll()
    .where('enabled', '=', 1)
    .where('next_run_at', '<=', now)
    .where('type', 'in', [...types])
    .orderBy('next_run_at')
    .limit(limit)
    .execute();
}

/**
 * Claims one due run of a schedule: moves next_run_at on only while it still holds the value this
 * worker read, so of several workers exactly one enqueues the run.
 */
export async function advanceSchedule(
  trx: Kysely<Database>,
  key: string,
  from: string,
  change: { nextRunAt: string | null; now: string },
): Promise<boolean> {
  const result = await trx
    .updateTable('job_schedules')
    .set({ next_run_at: change.nextRunAt, last_run_at: change.now, updated_at: change.now })
    .where('key', '=', key)
    .where('next_run_at', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Counts of jobs by status (all processes: the metrics gauge). */
export async function countJobsByStatus(db: Kysely<Database>): Promise<{ status: string; n: unknown }[]> {
  return db
    .selectFrom('jobs')
    .select((eb) => ['status', eb.fn.countAll().as('n')])
    .where('status', 'in', [...LIVE_STATUSES])
    .groupBy('status')
    .execute();
}

/**
 * Finished jobs (succeeded, failed, cancelled) that finished before `before`, oldest first, except
 * the last job of any schedule (its schedule shows it).
 */
export async function finishedJobIdsBefore(
  db: Kysely<Database>,
  before: string,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('jobs')
    .select('id')
    .where('status', 'in', ['succeeded', 'failed', 'cancelled'])
    .where('finished_at', '<', before)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('job_schedules').select('key').whereRef('job_schedules.last_job_id', '=', 'jobs.id'),
        ),
      ),
    )
    .orderBy('finished_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Deletes these jobs if they are still finished (a retry through the API may have requeued one). */
export async function deleteFinishedJobs(trx: Kysely<Database>, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await trx
    .deleteFrom('jobs')
    .where('id', 'in', [...ids])
    .where('status', 'in', ['succeeded', 'failed', 'cancelled'])
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
