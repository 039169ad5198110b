import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openApp } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config.ts';
import { type AppContext, systemContext } from '../src/context.ts';
import { transaction } from '../src/db/transaction.ts';
import { enqueueJob } from '../src/modules/jobs/index.ts';
import { TEST_ENCRYPTION_KEY } from './support/app.ts';
import { skipWithout } from './support/engine-world.ts';
import { ALL_ENGINES, createTestDatabase, type EngineName, type TestDatabase } from './support/engines.ts';
import { CLI_JOB_TYPE } from './support/test-jobs.ts';

/**
 * `cms worker` as an operator runs it: real processes on one database, on every engine. A worker killed
 * with kill -9 leaves its job's lease to lapse and another worker runs the job again (the attempt
 * counted); SIGTERM stops a worker cleanly and hands its running job back uncounted. The job type
 * comes from a test-only module loaded into the children with --import.
 */
const root = new URL('../../../', import.meta.url).pathname;
const dirs: string[] = [];
const children: ChildProcess[] = [];
const apps: AppContext[] = [];
const databases: TestDatabase[] = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const app of apps) await app.db.destroy();
  for (const db of databases) await db.drop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function freshDatabase(engine: EngineName) {
  const dataDir = mkdtempSync(join(tmpdir(), 'cms-worker-'));
  dirs.push(dataDir);
  const env: Record<string, string> = {
    CMS_DATA_DIR: dataDir,
    CMS_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    LOG_LEVEL: 'silent',
  };
  if (engine !== 'sqlite') {
    const db = await createTestDatabase(engine);
    databases.push(db);
    env.DATABASE_URL = db.url;
  }
  // The test's own connection: it queues the job and watches it (no runner of its own).
  const app = await openApp(loadConfig({ ...env, CMS_WORKER: 'false' }), () => {});
  apps.push(app);
  return { env, app };
}

/** `cms worker`, or `cms serve …` (`readyText`: what its output says once it has started). */
function cms(
  env: Record<string, string>,
  args: string[] = ['worker'],
  readyText = 'Worker started',
): ChildProcess & { exited: Promise<number | null>; ready: Promise<void> } {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      './apps/server/test/support/test-jobs.ts',
      'apps/server/src/main.ts',
      ...args,
    ],
    { cwd: root, env: { PATH: process.env.PATH ?? '', CMS_JOB_LEASE_SECONDS: '2', ...env }, stdio: 'pipe' },
  );
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Started (migrated, polling, stopping cleanly on SIGTERM) once it says so.
  const ready = new Promise<void>((resolve) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(readyText)) resolve();
    });
  });
  return Object.assign(child, { exited, ready });
}

const worker = (env: Record<string, string>) => cms(env);

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gave up waiting: ${what}`);
}

async function enqueue(app: AppContext, block: 'first' | 'always' | 'never'): Promise<string> {
  const job = await transaction(app.db, (trx) =>
    enqueueJob(trx, systemContext(app), { type: CLI_JOB_TYPE, payload: { block } }),
  );
  return job.id;
}

const jobRow = (app: AppContext, id: string) =>
  app.db.kysely.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe.each(ALL_ENGINES)('cms worker [%s]', (engine) => {
  const skip = skipWithout(engine);

  it.skipIf(skip)("runs a kill -9'd worker's job again in another worker once its lease lapses", async () => {
    const { env, app } = await freshDatabase(engine);
    const id = await enqueue(app, 'first');
    const first = worker(env);
    await until('the first worker runs the job', async () => {
      const row = await jobRow(app, id);
      return row.progress_message === 'attempt 1 waiting' ? row : undefined;
    });
    first.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    expect(await jobRow(app, id)).toMatchObject({ status: 'running', attempts: 1 });

    const second = worker(env);
    const done = await until('the second worker finishes the job', async () => {
      const row = await jobRow(app, id);
      return row.status === 'succeeded' ? row : undefined;
    });
    expect(done).toMatchObject({ attempts: 2, progress_message: 'done by attempt 2', claim_token: null });
    second.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it.skipIf(skip)('two worker processes run each of many jobs exactly once', async () => {
    const { env, app } = await freshDatabase(engine);
    const workers = [worker(env), worker(env)];
    await Promise.all(workers.map((child) => child.ready));
    const ids = await transaction(app.db, async (trx) => {
      const out: string[] = [];
      for (let i = 0; i < 20; i++) {
        out.push(
          (await enqueueJob(trx, systemContext(app), { type: CLI_JOB_TYPE, payload: { block: 'never' } })).id,
        );
      }
      return out;
    });
    const rows = await until('every job has run', async () => {
      const all = await app.db.kysely.selectFrom('jobs').selectAll().where('id', 'in', ids).execute();
      return all.every((r) => r.status === 'succeeded') ? all : undefined;
    });
    // A job claimed twice would show a second attempt.
    for (const row of rows)
      expect(row, row.id).toMatchObject({ attempts: 1, progress_message: 'done by attempt 1' });
    for (const child of workers) child.kill('SIGTERM');
    expect(await Promise.all(workers.map((child) => child.exited))).toEqual([0, 0]);
  });

  it.skipIf(skip)('stops on SIGTERM, handing its running job back uncounted', async () => {
    const { env, app } = await freshDatabase(engine);
    const id = await enqueue(app, 'always');
    const child = worker(env);
    await until('the worker runs the job', async () => {
      const row = await jobRow(app, id);
      return row.progress_message === 'attempt 1 waiting' ? row : undefined;
    });
    child.kill('SIGTERM');
    expect(await child.exited).toBe(0);
    expect(await jobRow(app, id)).toMatchObject({ status: 'queued', attempts: 0, claim_token: null });
  });
});

describe('cms serve and jobs', () => {
  it('runs jobs unless told not to (--no-worker): an API-only server leaves them to the workers', async () => {
    const { env, app } = await freshDatabase('sqlite');
    const id = await enqueue(app, 'never');
    const serveEnv = { ...env, PORT: '0', LOG_LEVEL: 'info' };
    const apiOnly = cms(serveEnv, ['serve', '--no-worker'], 'Server listening');
    await apiOnly.ready;
    // Several poll intervals of a runner: nothing claims the job.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await jobRow(app, id)).toMatchObject({ status: 'queued', attempts: 0 });
    apiOnly.kill('SIGTERM');
    expect(await apiOnly.exited).toBe(0);

    const full = cms(serveEnv, ['serve'], 'Server listening');
    await full.ready;
    await until('the serving process runs the job', async () => {
      const row = await jobRow(app, id);
      return row.status === 'succeeded' ? row : undefined;
    });
    full.kill('SIGTERM');
    expect(await full.exited).toBe(0);
  });
});
