import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../src/context.ts';
import { transaction } from '../src/db/transaction.ts';
import { CLEANUP_JOB } from '../src/modules/jobs/cleanup.ts';
import {
  type EnqueueJobInput,
  enqueueJob,
  JobLeaseLost,
  JobTimedOut,
  PermanentJobError,
  type RunningJob,
  readSchedule,
  registerJobType,
  removeSchedule,
  upsertSchedule,
} from '../src/modules/jobs/index.ts';
import { type JobRunner, RUNNER_DEFAULTS } from '../src/modules/jobs/runner.ts';
import { ok, startTestApp, type TestApp } from './support/app.ts';
import { skipWithout } from './support/engine-world.ts';
import { ALL_ENGINES, createTestDatabase, type TestDatabase } from './support/engines.ts';
import { buildWorld, type World } from './support/world.ts';

/**
 * The durable job runner on every engine: jobs enqueued in a transaction run once and succeed,
 * retry with backoff on the app clock, dedupe, are fenced (a worker that lost its job cannot
 * write), run exactly once with two runners on one database, fail past the maximum runtime, are
 * cancelled and retried through the API within scope, and schedules fire once per due time.
 * Runners are driven by hand (CMS_WORKER=false, runNow/heartbeatNow) on a clock the test moves.
 */

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** What handlers saw, by job id. */
const seen = new Map<string, { attempts: number[]; system: boolean[]; payload: unknown }>();
const note = (job: RunningJob) => {
  const entry = seen.get(job.id) ?? { attempts: [], system: [], payload: job.payload };
  entry.attempts.push(job.attempt);
  entry.system.push(job.ctx.actor === null && 'system' in job.ctx);
  seen.set(job.id, entry);
};

registerJobType<{ steps: number }>({
  type: 'test.steps',
  handler: async (job) => {
    note(job);
    for (let done = 1; done <= job.payload.steps; done++) {
      await job.progress({ done, total: job.payload.steps, message: `step ${done}` });
    }
  },
});

/** Fails its first `failures` attempts. */
registerJobType<{ failures: number }>({
  type: 'test.flaky',
  maxAttempts: 3,
  retryBaseMs: 60_000,
  handler: async (job) => {
    note(job);
    if (job.attempt <= job.payload.failures) throw new Error(`flaky attempt ${job.attempt}`);
  },
});

registerJobType({
  type: 'test.permanent',
  handler: async (job) => {
    note(job);
    throw new PermanentJobError('the region is gone');
  },
});

/**
 * Holds each attempt at a gate the test opens, then writes its attempt number through `fenced`
 * (as a checkpoint) and records whether the write was refused.
 */
const gates = new Map<
  string,
  { entered: ReturnType<typeof deferred<void>>; open: ReturnType<typeof deferred<void>> }
>();
const gateFor = (id: string, attempt: number) => {
  const key = `${id}#${attempt}`;
  let gate = gates.get(key);
  if (!gate) {
    gate = { entered: deferred(), open: deferred() };
    gates.set(key, gate);
  }
  return gate;
};
const refusals = new Map<string, unknown>();
const signals = new Map<string, AbortSignal>();
registerJobType<Record<string, never>, { by: number }>({
  type: 'test.gated',
  handler: async (job) => {
    note(job);
    signals.set(`${job.id}#${job.attempt}`, job.signal);
    const gate = gateFor(job.id, job.attempt);
    gate.entered.resolve();
    await gate.open.promise;
    try {
      await job.fenced(async () => {}, { checkpoint: { by: job.attempt } });
    } catch (error) {
      refusals.set(`${job.id}#${job.attempt}`, error);
      throw error;
    }
  },
});

/** Resolved with the id of the next endless job that starts. */
let endlessStarted = deferred<string>();
/** Runs until its signal aborts. */
registerJobType({
  type: 'test.endless',
  handler: async (job) => {
    note(job);
    signals.set(`${job.id}#${job.attempt}`, job.signal);
    gateFor(job.id, job.attempt).entered.resolve();
    endlessStarted.resolve(job.id);
    await new Promise((_resolve, reject) => {
      job.signal.addEventListener('abort', () => reject(job.signal.reason), { once: true });
    });
  },
});

/**
 * A long job the way usage collection is one: many windows, each in its own fenced transaction with
 * its progress and a checkpoint. It fails once at `failAt` and resumes there on the next attempt.
 */
const windowsDone = new Map<string, { attempt: number; from: number | null; windows: number[] }[]>();
registerJobType<{ windows: number; failAt: number }, { next: number }>({
  type: 'test.windows',
  retryBaseMs: 1_000,
  handler: async (job) => {
    const log = { attempt: job.attempt, from: job.checkpoint?.next ?? null, windows: [] as number[] };
    windowsDone.set(job.id, [...(windowsDone.get(job.id) ?? []), log]);
    for (let w = job.checkpoint?.next ?? 0; w < job.payload.windows; w++) {
      if (w === job.payload.failAt && job.attempt === 1) throw new Error(`window ${w}: the stamp timed out`);
      await job.fenced(
        async () => {
          log.windows.push(w);
        },
        {
          progress: { done: w + 1, total: job.payload.windows, message: `window ${w}` },
          checkpoint: { next: w + 1 },
        },
      );
    }
  },
});

/** Each run counted, for exactly-once checks. */
const runs = new Map<string, number>();
registerJobType({
  type: 'test.count',
  handler: async (job) => {
    runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
    await job.fenced(async () => {}, { progress: { done: 1, total: 1 } });
  },
});

describe.each(ALL_ENGINES)('jobs [%s]', (engine) => {
  const skip = skipWithout(engine);
  let testDb: TestDatabase;
  let t: TestApp;
  let world: World;
  let now = Date.parse('2026-03-01T09:00:00.000Z');
  const clock = () => now;
  const runner = (app: TestApp = t) => app.app.jobs as JobRunner;

  beforeAll(async () => {
    if (skip) return;
    testDb = await createTestDatabase(engine);
    t = await startTestApp(testDb.url, { CMS_WORKER: 'false' }, { clock });
    world = await buildWorld(t);
  });
  afterAll(async () => {
    if (skip) return;
    await t.close();
    await testDb.drop();
  });

  const enqueue = (input: EnqueueJobInput, app: TestApp = t) =>
    transaction(app.app.db, (trx) => enqueueJob(trx, systemContext(app.app), input));
  const row = (id: string) =>
    t.app.db.kysely.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const admin = () => world.platformAdmin.client;
  /**
   * A second runner on the same database. On SQLite (one process by design) two connections in one
   * process stall each other in better-sqlite3's synchronous busy wait, so there concurrent passes
   * of the one runner stand in for it.
   */
  const secondRunner = async (): Promise<TestApp> =>
    engine === 'sqlite'
      ? { ...t, close: async () => {} }
      : startTestApp(testDb.url, { CMS_WORKER: 'false' }, { clock });

  it.skipIf(skip)('runs an enqueued job once as the system, with progress, and records it', async () => {
    const job = await enqueue({ type: 'test.steps', payload: { steps: 3 } });
    expect(job).toMatchObject({ status: 'queued', created: true });
    await runner().runNow();
    expect(seen.get(job.id)).toEqual({ attempts: [1], system: [true], payload: { steps: 3 } });
    const stored = await row(job.id);
    expect(stored).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      progress_done: 3,
      progress_total: 3,
      progress_message: 'step 3',
      claim_token: null,
      lease_until: null,
      last_error: null,
      started_at: new Date(now).toISOString(),
      finished_at: new Date(now).toISOString(),
    });
    const answer = ok(await admin().GET('/api/v1/jobs/{id}', { params: { path: { id: job.id } } }));
    expect(answer).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      progress: { done: 3, total: 3, message: 'step 3' },
      requestedBy: { kind: 'system', userId: null },
    });
    // Nothing is due any more: another pass runs nothing.
    await runner().runNow();
    expect(seen.get(job.id)!.attempts).toEqual([1]);
  });

  it.skipIf(skip)(
    'resumes a long job from its checkpoint on the next attempt, with its progress',
    async () => {
      const job = await enqueue({ type: 'test.windows', payload: { windows: 10, failAt: 4 } });
      await runner().runNow();
      expect(await row(job.id)).toMatchObject({
        status: 'queued',
        attempts: 1,
        progress_done: 4,
        progress_total: 10,
        progress_message: 'window 3',
        checkpoint_json: JSON.stringify({ next: 4 }),
        last_error: 'window 4: the stamp timed out',
      });
      const answer = ok(await admin().GET('/api/v1/jobs/{id}', { params: { path: { id: job.id } } }));
      expect(answer).toMatchObject({
        status: 'queued',
        progress: { done: 4, total: 10 },
        nextAttemptAt: expect.any(String),
      });
      now += 1_000;
      await runner().runNow();
      expect(windowsDone.get(job.id)).toEqual([
        { attempt: 1, from: null, windows: [0, 1, 2, 3] },
        { attempt: 2, from: 4, windows: [4, 5, 6, 7, 8, 9] },
      ]);
      expect(await row(job.id)).toMatchObject({ status: 'succeeded', progress_done: 10, last_error: null });
      const metrics = (await t.inject({ method: 'GET', url: '/metrics' })).body;
      expect(metrics).toContain('cms_job_attempts_total{type="test.windows",status="retry"} 1');
      expect(metrics).toContain('cms_job_attempts_total{type="test.windows",status="succeeded"} 1');
    },
  );

  it.skipIf(skip)('does not commit a job whose transaction rolls back', async () => {
    let id = '';
    await expect(
      transaction(t.app.db, async (trx) => {
        id = (await enqueueJob(trx, systemContext(t.app), { type: 'test.steps', payload: { steps: 1 } })).id;
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await t.app.db.kysely.selectFrom('jobs').select('id').where('id', '=', id).execute()).toEqual([]);
  });

  it.skipIf(skip)('retries a failing job with exponential backoff on the app clock', async () => {
    const job = await enqueue({ type: 'test.flaky', payload: { failures: 2 } });
    await runner().runNow();
    let stored = await row(job.id);
    expect(stored).toMatchObject({ status: 'queued', attempts: 1, last_error: 'flaky attempt 1' });
    expect(Date.parse(stored.next_attempt_at) - now).toBe(60_000);
    // Not due yet.
    await runner().runNow();
    expect(seen.get(job.id)!.attempts).toEqual([1]);
    now = Date.parse(stored.next_attempt_at);
    await runner().runNow();
    stored = await row(job.id);
    expect(stored).toMatchObject({ status: 'queued', attempts: 2, last_error: 'flaky attempt 2' });
    expect(Date.parse(stored.next_attempt_at) - now).toBe(120_000);
    now = Date.parse(stored.next_attempt_at);
    await runner().runNow();
    expect(await row(job.id)).toMatchObject({ status: 'succeeded', attempts: 3, last_error: null });
    expect(seen.get(job.id)!.attempts).toEqual([1, 2, 3]);
  });

  it.skipIf(skip)('fails for good after the last attempt, and at once on a permanent error', async () => {
    const flaky = await enqueue({ type: 'test.flaky', payload: { failures: 10 } });
    for (let attempt = 1; attempt <= 3; attempt++) {
      now = Date.parse((await row(flaky.id)).next_attempt_at);
      await runner().runNow();
    }
    expect(await row(flaky.id)).toMatchObject({
      status: 'failed',
      attempts: 3,
      last_error: 'flaky attempt 3',
    });
    now += 86_400_000;
    await runner().runNow();
    expect(seen.get(flaky.id)!.attempts).toEqual([1, 2, 3]);

    const permanent = await enqueue({ type: 'test.permanent', payload: {} });
    await runner().runNow();
    const stored = await row(permanent.id);
    expect(stored).toMatchObject({ status: 'failed', attempts: 1, last_error: 'the region is gone' });
    expect(stored.finished_at).toBe(new Date(now).toISOString());
  });

  it.skipIf(skip)('returns the live job for a type and dedupe key instead of a second one', async () => {
    const first = await enqueue({ type: 'test.steps', payload: { steps: 1 }, dedupeKey: 'region:one' });
    const again = await enqueue({ type: 'test.steps', payload: { steps: 1 }, dedupeKey: 'region:one' });
    expect(again).toEqual({ id: first.id, status: 'queued', created: false });
    const otherKey = await enqueue({ type: 'test.steps', payload: { steps: 1 }, dedupeKey: 'region:two' });
    const otherType = await enqueue({ type: 'test.count', payload: {}, dedupeKey: 'region:one' });
    expect(new Set([first.id, otherKey.id, otherType.id]).size).toBe(3);
    await runner().runNow();
    // Finished: the key is free again.
    const later = await enqueue({ type: 'test.steps', payload: { steps: 1 }, dedupeKey: 'region:one' });
    expect(later.created).toBe(true);
    expect(later.id).not.toBe(first.id);
    await runner().runNow();
  });

  it.skipIf(skip)('refuses every write of a job cancelled while it runs, and aborts its signal', async () => {
    const job = await enqueue({ type: 'test.gated', payload: {} });
    const running = runner().runNow();
    await gateFor(job.id, 1).entered.promise;
    const cancelled = ok(
      await admin().POST('/api/v1/jobs/{id}/cancel', { params: { path: { id: job.id } } }),
    );
    expect(cancelled.status).toBe('cancelled');
    const signal = signals.get(`${job.id}#1`)!;
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(JobLeaseLost);
    gateFor(job.id, 1).open.resolve();
    await running;
    expect(refusals.get(`${job.id}#1`)).toBeInstanceOf(JobLeaseLost);
    expect(await row(job.id)).toMatchObject({
      status: 'cancelled',
      checkpoint_json: null,
      claim_token: null,
    });
  });

  it.skipIf(skip)(
    'refuses the writes of a worker whose lease lapsed and another worker claimed; the second one stands',
    async () => {
      const second = await startTestApp(testDb.url, { CMS_WORKER: 'false' }, { clock });
      try {
        const job = await enqueue({ type: 'test.gated', payload: {} });
        const first = runner().runNow();
        await gateFor(job.id, 1).entered.promise;
        // Still held: the second worker finds nothing due.
        await runner(second).runNow();
        expect(seen.get(job.id)!.attempts).toEqual([1]);
        // The first worker stalls past its lease (no heartbeat); the second claims the job.
        now += RUNNER_DEFAULTS.leaseMs;
        gateFor(job.id, 2).open.resolve();
        await runner(second).runNow();
        expect(await row(job.id)).toMatchObject({
          status: 'succeeded',
          attempts: 2,
          checkpoint_json: JSON.stringify({ by: 2 }),
        });
        // The first one wakes up: its write is refused and the second one's result stands.
        gateFor(job.id, 1).open.resolve();
        await first;
        expect(refusals.get(`${job.id}#1`)).toBeInstanceOf(JobLeaseLost);
        expect(refusals.has(`${job.id}#2`)).toBe(false);
        expect(await row(job.id)).toMatchObject({
          status: 'succeeded',
          attempts: 2,
          checkpoint_json: JSON.stringify({ by: 2 }),
        });
      } finally {
        await second.close();
      }
    },
  );

  it.skipIf(skip)('a heartbeat keeps a long job its own; a lost lease aborts its signal', async () => {
    const second = await startTestApp(testDb.url, { CMS_WORKER: 'false' }, { clock });
    try {
      const job = await enqueue({ type: 'test.endless', payload: {} });
      const first = runner().runNow();
      await gateFor(job.id, 1).entered.promise;
      // Most of a lease later a heartbeat renews it, so another lease later it still holds.
      now += RUNNER_DEFAULTS.leaseMs - 1;
      await runner().heartbeatNow();
      now += RUNNER_DEFAULTS.leaseMs - 1;
      await runner(second).runNow();
      expect(seen.get(job.id)!.attempts).toEqual([1]);
      // Without one it lapses: the second worker takes over, and the first one's next heartbeat
      // finds the job gone and aborts its handler.
      now += 2;
      const taken = runner(second).runNow();
      await gateFor(job.id, 2).entered.promise;
      await runner().heartbeatNow();
      await first;
      expect(signals.get(`${job.id}#1`)!.aborted).toBe(true);
      expect(signals.get(`${job.id}#1`)!.reason).toMatchObject({ why: 'taken over' });
      expect(signals.get(`${job.id}#2`)!.aborted).toBe(false);
      expect((await row(job.id)).attempts).toBe(2);
      // Cancelled through the first process: the second one, which runs it, notices at its heartbeat.
      ok(await admin().POST('/api/v1/jobs/{id}/cancel', { params: { path: { id: job.id } } }));
      expect(signals.get(`${job.id}#2`)!.aborted).toBe(false);
      await runner(second).heartbeatNow();
      expect(signals.get(`${job.id}#2`)!.reason).toMatchObject({ why: 'cancelled' });
      await taken;
      expect(await row(job.id)).toMatchObject({ status: 'cancelled', attempts: 2 });
    } finally {
      await second.close();
    }
  });

  it.skipIf(skip)('two runners on one database run each of many jobs exactly once', async () => {
    const second = await secondRunner();
    try {
      const ids = await transaction(t.app.db, async (trx) => {
        const out: string[] = [];
        for (let i = 0; i < 24; i++) {
          out.push((await enqueueJob(trx, systemContext(t.app), { type: 'test.count', payload: { i } })).id);
        }
        return out;
      });
      await Promise.all([runner().runNow(), runner(second).runNow(), runner().runNow()]);
      for (const id of ids) {
        expect(runs.get(id), id).toBe(1);
        expect(await row(id)).toMatchObject({ status: 'succeeded', attempts: 1 });
      }
    } finally {
      await second.close();
    }
  });

  it.skipIf(skip)('stops a job that runs past the Job Maximum Runtime and fails it saying so', async () => {
    ok(await admin().PATCH('/api/v1/settings', { body: { values: { 'jobs.maxRuntimeHours': 2 } } }));
    try {
      const job = await enqueue({ type: 'test.endless', payload: {} });
      const running = runner().runNow();
      await gateFor(job.id, 1).entered.promise;
      now += 2 * 3_600_000 - 1;
      await runner().heartbeatNow();
      expect(signals.get(`${job.id}#1`)!.aborted).toBe(false);
      now += 1;
      await runner().heartbeatNow();
      expect(signals.get(`${job.id}#1`)!.reason).toBeInstanceOf(JobTimedOut);
      await running;
      expect(await row(job.id)).toMatchObject({
        status: 'failed',
        attempts: 1,
        last_error: 'Stopped: ran longer than the Job Maximum Runtime of 2 hours.',
        finished_at: new Date(now).toISOString(),
      });
    } finally {
      ok(await admin().PATCH('/api/v1/settings', { body: { values: { 'jobs.maxRuntimeHours': 6 } } }));
    }
  });

  it.skipIf(skip)('cancels and retries through the API, audited, and refuses the wrong states', async () => {
    const failed = await enqueue({ type: 'test.permanent', payload: {} });
    await runner().runNow();
    const path = { params: { path: { id: failed.id } } };
    const refused = await admin().POST('/api/v1/jobs/{id}/cancel', path);
    expect(refused.response.status).toBe(409);
    const retried = ok(await admin().POST('/api/v1/jobs/{id}/retry', path));
    expect(retried).toMatchObject({ status: 'queued', attempts: 0, lastError: 'the region is gone' });
    expect((await admin().POST('/api/v1/jobs/{id}/retry', path)).response.status).toBe(409);
    await runner().runNow();
    expect(await row(failed.id)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(seen.get(failed.id)!.attempts).toEqual([1, 1]);

    const queued = await enqueue({ type: 'test.steps', payload: { steps: 1 }, runAt: now + 3_600_000 });
    const cancelled = ok(
      await admin().POST('/api/v1/jobs/{id}/cancel', { params: { path: { id: queued.id } } }),
    );
    expect(cancelled).toMatchObject({ status: 'cancelled', finishedAt: new Date(now).toISOString() });
    now += 3_600_000;
    await runner().runNow();
    expect(seen.has(queued.id)).toBe(false);

    const audit = ok(await admin().GET('/api/v1/audit-events', { params: { query: { targetType: 'job' } } }));
    const actions = audit.items.map((e) => `${e.action} ${e.targetId}`);
    expect(actions.filter((a) => a.endsWith(failed.id))).toEqual([`job.retry ${failed.id}`]);
    expect(actions).toEqual(expect.arrayContaining([`job.retry ${failed.id}`, `job.cancel ${queued.id}`]));
  });

  it.skipIf(skip)('a retried job keeps its dedupe key unless the same work is live again', async () => {
    const job = await enqueue({ type: 'test.permanent', payload: {}, dedupeKey: 'sub:x' });
    await runner().runNow();
    const live = await enqueue({
      type: 'test.permanent',
      payload: {},
      dedupeKey: 'sub:x',
      runAt: now + 3_600_000,
    });
    expect(live.created).toBe(true);
    const refused = await admin().POST('/api/v1/jobs/{id}/retry', { params: { path: { id: job.id } } });
    expect(refused.response.status).toBe(409);
    expect(refused.error).toMatchObject({ detail: `The same work is already queued as job ${live.id}.` });
  });

  it.skipIf(skip)('shows a job to the chain of the organisation it concerns, also after a move', async () => {
    const A = world.A;
    const ctx = systemContext(t.app);
    const job = await transaction(t.app.db, (trx) =>
      enqueueJob(trx, ctx, {
        type: 'test.steps',
        payload: { steps: 1 },
        orgId: A.tenantId,
        subscriptionId: A.subscriptionId,
        runAt: now + 86_400_000,
      }),
    );
    const regionJob = await enqueue({
      type: 'test.steps',
      payload: { steps: 1 },
      regionId: 'reg_0000000000000000000000000a',
      runAt: now + 86_400_000,
    });
    const listed = async (who: keyof typeof A.people, query: Record<string, string> = {}) =>
      ok(
        await A.people[who].client.GET('/api/v1/jobs', { params: { query: { limit: 200, ...query } } }),
      ).items.map((j) => j.id);
    expect(await listed('tenant_reader')).toContain(job.id);
    expect(await listed('partner_admin')).toContain(job.id);
    expect(await listed('partner_admin')).not.toContain(regionJob.id);
    expect(
      (
        await A.people.partner_admin.client.GET('/api/v1/jobs/{id}', {
          params: { path: { id: regionJob.id } },
        })
      ).response.status,
    ).toBe(404);
    const byRegion = ok(
      await admin().GET('/api/v1/jobs', {
        params: { query: { regionId: 'reg_0000000000000000000000000a' } },
      }),
    );
    expect(byRegion.items.map((j) => j.id)).toEqual([regionJob.id]);
    // The tenant moves to the spare partner: the job goes with it.
    ok(
      await admin().POST('/api/v1/tenants/{id}/move', {
        params: { path: { id: A.tenantId } },
        body: { partnerId: A.sparePartnerId },
      }),
    );
    expect(await listed('partner_admin')).not.toContain(job.id);
    expect(await listed('distributor_reader')).toContain(job.id);
    ok(
      await admin().POST('/api/v1/tenants/{id}/move', {
        params: { path: { id: A.tenantId } },
        body: { partnerId: A.partnerId },
      }),
    );
    expect(await listed('partner_admin')).toContain(job.id);
  });

  it.skipIf(skip)('lists with filters and keyset pages, newest first', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      now += 1;
      ids.push((await enqueue({ type: 'test.count', payload: { i }, runAt: now + 86_400_000 })).id);
    }
    const pages: string[] = [];
    let cursor: string | undefined;
    do {
      const page = ok(
        await admin().GET('/api/v1/jobs', {
          params: {
            query: { type: 'test.count', status: 'queued', limit: 2, ...(cursor ? { cursor } : {}) },
          },
        }),
      );
      pages.push(...page.items.map((j) => j.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages).toEqual([...ids].reverse());
  });

  it.skipIf(skip)(
    'fires a schedule once per due time with two runners, and says when it runs next',
    async () => {
      const second = await secondRunner();
      try {
        now = Date.parse('2026-03-28T22:50:00.000Z'); // Europe/Berlin: 23:50 CET, the night clocks go forward
        const key = `collect:${engine}`;
        await transaction(t.app.db, (trx) =>
          upsertSchedule(trx, systemContext(t.app), key, {
            type: 'test.count',
            payload: { scheduled: true },
            cron: '30 2 * * *',
            timeZone: 'Europe/Berlin',
            regionId: 'reg_0000000000000000000000000b',
          }),
        );
        // 02:30 does not exist that night: it runs at 03:30 CEST (01:30 UTC).
        expect(await readSchedule(t.app.db.kysely, key)).toMatchObject({
          nextRunAt: '2026-03-29T01:30:00.000Z',
          lastJobId: null,
        });
        await Promise.all([runner().runNow(), runner(second).runNow()]);
        expect(await jobsOf(key)).toEqual([]);
        now = Date.parse('2026-03-29T01:30:00.000Z');
        await Promise.all([runner().runNow(), runner(second).runNow(), runner().runNow()]);
        const fired = await jobsOf(key);
        expect(fired).toHaveLength(1);
        expect(fired[0]).toMatchObject({ status: 'succeeded', region_id: 'reg_0000000000000000000000000b' });
        expect(runs.get(fired[0]!.id)).toBe(1);
        const info = await readSchedule(t.app.db.kysely, key);
        expect(info).toMatchObject({
          nextRunAt: '2026-03-30T00:30:00.000Z', // 02:30 CEST
          lastRunAt: '2026-03-29T01:30:00.000Z',
          lastJobId: fired[0]!.id,
        });
        // Down for three days: one run when it is back, not a backlog.
        now = Date.parse('2026-04-02T08:00:00.000Z');
        await Promise.all([runner().runNow(), runner(second).runNow()]);
        expect(await jobsOf(key)).toHaveLength(2);
        expect((await readSchedule(t.app.db.kysely, key))!.nextRunAt).toBe('2026-04-03T00:30:00.000Z');
        // Disabled: no next run; removed: gone.
        await transaction(t.app.db, (trx) =>
          upsertSchedule(trx, systemContext(t.app), key, {
            type: 'test.count',
            payload: {},
            cron: '30 2 * * *',
            timeZone: 'Europe/Berlin',
            enabled: false,
          }),
        );
        expect((await readSchedule(t.app.db.kysely, key))!.nextRunAt).toBeNull();
        expect(await transaction(t.app.db, (trx) => removeSchedule(trx, key))).toBe(true);
        expect(await readSchedule(t.app.db.kysely, key)).toBeUndefined();
      } finally {
        await second.close();
      }
    },
  );

  it.skipIf(skip)('does not double a scheduled run that is still live (interval schedule)', async () => {
    const second = await startTestApp(testDb.url, { CMS_WORKER: 'false' }, { clock });
    const key = `every-minute:${engine}`;
    try {
      await transaction(t.app.db, (trx) =>
        upsertSchedule(trx, systemContext(t.app), key, {
          type: 'test.endless',
          payload: {},
          intervalSeconds: 60,
        }),
      );
      expect((await readSchedule(t.app.db.kysely, key))!.nextRunAt).toBe(
        new Date(now + 60_000).toISOString(),
      );
      now += 60_000;
      endlessStarted = deferred<string>();
      const first = runner().runNow();
      const id = await endlessStarted.promise;
      expect((await jobsOf(key)).map((j) => j.id)).toEqual([id]);
      // Due again while the first run still runs (its heartbeat keeps it): the run is not doubled,
      // the schedule moves on.
      now += 30_000;
      await runner().heartbeatNow();
      now += 30_000;
      await runner(second).runNow();
      expect((await jobsOf(key)).map((j) => j.id)).toEqual([id]);
      expect((await readSchedule(t.app.db.kysely, key))!.nextRunAt).toBe(
        new Date(now + 60_000).toISOString(),
      );
      ok(await admin().POST('/api/v1/jobs/{id}/cancel', { params: { path: { id } } }));
      await first;
      expect(await row(id)).toMatchObject({ status: 'cancelled' });
    } finally {
      await transaction(t.app.db, (trx) => removeSchedule(trx, key));
      await second.close();
    }
  });

  it.skipIf(skip)(
    "deletes the jobs that finished before the retention, never live ones or a schedule's last run",
    async () => {
      const days = (n: number) => new Date(now - n * 86_400_000).toISOString();
      const finished = async (status: 'succeeded' | 'failed' | 'cancelled', finishedAt: string) => {
        const job = await enqueue({ type: 'test.steps', payload: { steps: 1 } });
        await t.app.db.kysely
          .updateTable('jobs')
          .set({ status, finished_at: finishedAt, next_attempt_at: finishedAt })
          .where('id', '=', job.id)
          .execute();
        return job.id;
      };
      const old = [
        await finished('succeeded', days(91)),
        await finished('failed', days(200)),
        await finished('cancelled', days(365)),
      ];
      const recent = await finished('succeeded', days(30));
      const lastOfSchedule = await finished('succeeded', days(400));
      const key = `retained:${engine}`;
      await transaction(t.app.db, async (trx) => {
        await upsertSchedule(trx, systemContext(t.app), key, {
          type: 'test.steps',
          payload: {},
          intervalSeconds: 3600,
        });
        await trx
          .updateTable('job_schedules')
          .set({ last_job_id: lastOfSchedule })
          .where('key', '=', key)
          .execute();
      });
      const queued = await enqueue({ type: 'test.steps', payload: { steps: 1 }, runAt: now + 86_400_000 });
      await t.app.db.kysely
        .updateTable('jobs')
        .set({ created_at: days(500) })
        .where('id', '=', queued.id)
        .execute();
      const exists = async (id: string) =>
        (await t.app.db.kysely.selectFrom('jobs').select('id').where('id', '=', id).executeTakeFirst()) !==
        undefined;
      try {
        const cleanup = await enqueue({ type: CLEANUP_JOB, payload: {} });
        await runner().runNow();
        expect(await row(cleanup.id)).toMatchObject({ status: 'succeeded' });
        for (const id of old) expect(await exists(id), id).toBe(false);
        for (const id of [recent, lastOfSchedule, queued.id]) expect(await exists(id), id).toBe(true);
        // A shorter retention takes the month-old one too.
        ok(await admin().PATCH('/api/v1/settings', { body: { values: { 'jobs.historyRetentionDays': 7 } } }));
        await enqueue({ type: CLEANUP_JOB, payload: {} });
        await runner().runNow();
        expect(await exists(recent)).toBe(false);
        expect(await exists(lastOfSchedule)).toBe(true);
      } finally {
        ok(
          await admin().PATCH('/api/v1/settings', { body: { values: { 'jobs.historyRetentionDays': 90 } } }),
        );
        await transaction(t.app.db, (trx) => removeSchedule(trx, key));
        await t.app.db.kysely.deleteFrom('jobs').where('id', '=', queued.id).execute();
      }
    },
  );

  it.skipIf(skip)(
    'expires Idempotency-Keys past their retention, in-progress claims too: the same key then makes a new request',
    async () => {
      const create = (name: string) =>
        admin().POST('/api/v1/tax-profiles', {
          body: { name, exempt: true },
          headers: { 'idempotency-key': `expiring-${engine}` },
        });
      const first = ok(await create(`Expiring ${engine}`));
      const replay = await create(`Expiring ${engine}`);
      expect(replay.response.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.data?.id).toBe(first.id);
      const keys = t.app.db.kysely.selectFrom('idempotency_keys');
      const claimed = async (idempotencyKey: string, createdAt: string, completed: boolean) => {
        const [user] = await keys.select('user_id').limit(1).execute();
        await t.app.db.kysely
          .insertInto('idempotency_keys')
          .values({
            id: `idk_${idempotencyKey}`,
            user_id: user!.user_id,
            idempotency_key: idempotencyKey,
            route_id: 'test',
            request_hash: 'x'.repeat(64),
            status_code: completed ? 201 : null,
            response_body: null,
            created_at: createdAt,
            completed_at: completed ? createdAt : null,
          })
          .execute();
        return `idk_${idempotencyKey}`;
      };
      const days = (n: number) => new Date(now - n * 86_400_000).toISOString();
      const old = [
        await claimed(`done-${engine}`, days(31), true),
        // A claim whose process stopped mid-way: 409 "in progress" until it expires.
        await claimed(`stuck-${engine}`, days(45), false),
      ];
      const recent = await claimed(`recent-${engine}`, days(29), true);
      const exists = async (id: string) =>
        (await keys.select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
      try {
        await enqueue({ type: CLEANUP_JOB, payload: {} });
        await runner().runNow();
        for (const id of old) expect(await exists(id), id).toBe(false);
        expect(await exists(recent)).toBe(true);
        // The tax profile's key, claimed just now, is kept and still replays.
        expect((await create(`Expiring ${engine}`)).response.headers.get('idempotent-replayed')).toBe('true');

        // A day's retention: a day later the key is gone and the same key creates anew.
        ok(
          await admin().PATCH('/api/v1/settings', {
            body: { values: { 'platform.idempotencyKeyRetentionDays': 1 } },
          }),
        );
        now += 86_400_000 + 60_000;
        await enqueue({ type: CLEANUP_JOB, payload: {} });
        await runner().runNow();
        expect(await exists(recent)).toBe(false);
        const again = await create(`Expiring again ${engine}`);
        expect(again.response.status).toBe(201);
        expect(again.response.headers.get('idempotent-replayed')).toBeNull();
        expect(again.data?.id).not.toBe(first.id);
      } finally {
        ok(
          await admin().PATCH('/api/v1/settings', {
            body: { values: { 'platform.idempotencyKeyRetentionDays': 30 } },
          }),
        );
      }
    },
  );

  const jobsOf = (scheduleKey: string) =>
    t.app.db.kysely
      .selectFrom('jobs')
      .selectAll()
      .where('schedule_key', '=', scheduleKey)
      .orderBy('id')
      .execute();
});

describe('job type registry', () => {
  it('takes dotted lower-case names, the same handler twice, never a second handler for a type', () => {
    const handler = async () => {};
    expect(() => registerJobType({ type: 'Usage Collect', handler })).toThrow(/dotted lower-case/);
    expect(() => registerJobType({ type: 'test.zero', handler, maxAttempts: 0 })).toThrow(/at least 1/);
    registerJobType({ type: 'test.twice', handler });
    registerJobType({ type: 'test.twice', handler });
    expect(() => registerJobType({ type: 'test.twice', handler: async () => {} })).toThrow(/another handler/);
  });
});
