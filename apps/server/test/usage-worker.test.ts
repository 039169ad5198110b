import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { decimal, toDecimalString } from '@cms/billing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../azs-emulator/test/support.ts';
import { normaliseMeterId, normaliseResourceUri } from '../src/integrations/azure-stack/index.ts';
import { ok, platformAdminToken, startTestApp, TEST_ENCRYPTION_KEY, type TestApp } from './support/app.ts';
import { skipWithout } from './support/engine-world.ts';
import { ALL_ENGINES, createTestDatabase, type TestDatabase, tempDataDir } from './support/engines.ts';

/**
 * Acceptance (issue 11): a month collected by real `cms worker` processes against the emulator (a
 * separate process), with the first worker killed with SIGKILL mid-run and a second one finishing
 * after the lease lapses, stores exactly what the emulator serves for that month (late records
 * included); collecting the month again three times with overlapping ranges through the API
 * changes no row. On every engine.
 */

const here = dirname(fileURLToPath(import.meta.url));
const SCENARIO = join(here, 'fixtures', 'usage-month-scenario.json');
const MAIN = join(here, '..', 'src', 'main.ts');
const WINDOW_HOURS = 6;
const run = promisify(execFile);

interface StoredRow {
  key: string;
  window: string;
  quantity: string;
}

/** Every stored row: (natural key, reported window) → raw quantity as received, sorted. */
async function storedRows(t: TestApp, regionId: string): Promise<StoredRow[]> {
  const rows = await t.app.db.kysely
    .selectFrom('usage_records')
    .select([
      'azs_subscription_id',
      'meter_id',
      'resource_uri',
      'usage_start',
      'usage_end',
      'reported_window',
      'raw_quantity',
    ])
    .where('region_id', '=', regionId)
    .execute();
  return rows
    .map((r) => ({
      key: [r.azs_subscription_id, r.meter_id, r.resource_uri, r.usage_start, r.usage_end].join('|'),
      window: r.reported_window,
      quantity: toDecimalString(decimal(r.raw_quantity)),
    }))
    .sort((a, b) => `${a.key}|${a.window}`.localeCompare(`${b.key}|${b.window}`));
}

/** The per-natural-key sums of what the emulator serves for the reported range (its `dump`). */
async function dumpedSums(from: string, to: string): Promise<Map<string, string>> {
  const { stdout } = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      join(here, '..', '..', 'azs-emulator', 'src', 'main.ts'),
      'dump',
      '--scenario',
      SCENARIO,
      '--region',
      'monthly',
      '--from',
      from,
      '--to',
      to,
    ],
    { maxBuffer: 256 * 2 ** 20 },
  );
  const sums = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    if (!line) continue;
    const record = JSON.parse(line) as { properties: Record<string, string> };
    const p = record.properties;
    // The quantity as written (a JSON number parsed as a float would lose digits).
    const quantity = /"quantity":(-?[0-9.eE+-]+)/.exec(line)![1]!;
    const instance = JSON.parse(p.instanceData!) as { 'Microsoft.Resources': { resourceUri: string } };
    const key = [
      p.subscriptionId!.toLowerCase(),
      normaliseMeterId(p.meterId!),
      normaliseResourceUri(instance['Microsoft.Resources'].resourceUri),
      new Date(p.usageStartTime!).toISOString(),
      new Date(p.usageEndTime!).toISOString(),
    ].join('|');
    sums.set(key, toDecimalString(decimal(sums.get(key) ?? '0').plus(decimal(quantity))));
  }
  return sums;
}

function sumsOf(rows: StoredRow[]): Map<string, string> {
  const sums = new Map<string, string>();
  for (const r of rows)
    sums.set(r.key, toDecimalString(decimal(sums.get(r.key) ?? '0').plus(decimal(r.quantity))));
  return sums;
}

describe.each(ALL_ENGINES)('usage collection by cms worker processes [%s]', (engine) => {
  const skip = skipWithout(engine);
  let db: TestDatabase;
  let t: TestApp;
  let emulator: RunningEmulator;
  let token = '';
  let regionId = '';
  const workers: ChildProcess[] = [];

  const startWorker = (): ChildProcess => {
    const dataDir = tempDataDir();
    mkdirSync(dataDir, { recursive: true });
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'worker'], {
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        CMS_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
        CMS_DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    workers.push(child);
    return child;
  };

  const job = async (id: string) =>
    ok(await t.client(token).GET('/api/v1/jobs/{id}', { params: { path: { id } } }));

  /** Polls the job (the worker is another process: there is no event to wait for). */
  async function until(id: string, done: (j: Awaited<ReturnType<typeof job>>) => boolean, limitMs: number) {
    const deadline = Date.now() + limitMs;
    for (;;) {
      const current = await job(id);
      if (done(current)) return current;
      if (current.status === 'failed' || current.status === 'cancelled') {
        throw new Error(`job ${id} ended ${current.status}: ${current.lastError}`);
      }
      if (Date.now() > deadline)
        throw new Error(`job ${id} still ${current.status} ${JSON.stringify(current.progress)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  const collect = async (fromDate: string, toDate: string) => {
    const answer = ok(
      await t
        .client(token, { 'Idempotency-Key': `collect-${fromDate}-${toDate}-${Date.now()}` })
        .POST('/api/v1/regions/{id}/usage-collections', {
          params: { path: { id: regionId } },
          body: { fromDate, toDate },
        }),
    );
    return answer.id;
  };

  beforeAll(async () => {
    if (skip) return;
    db = await createTestDatabase(engine);
    // The API process runs no jobs: only the worker processes do.
    t = await startTestApp(db.url, { CMS_WORKER: 'false' });
    token = (await platformAdminToken(t.app)).token;
    emulator = await startEmulator(SCENARIO);
    const region = ok(
      await t.client(token).POST('/api/v1/regions', {
        body: {
          kind: 'azure_stack',
          name: 'Monthly',
          timeZone: 'UTC',
          armEndpoint: emulator.regions.get('monthly')!.base,
          directoryTenant: '3c1d7e52-0a4b-4e8f-9b26-7d5c0f1a2e93',
          clientId: 'cms-collector',
          clientSecret: 'monthly-secret',
          collectionWindowHours: WINDOW_HOURS,
          enabled: false,
        },
      }),
    );
    regionId = region.id;
  }, 120_000);

  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
    await emulator?.stop();
    await t?.close();
    await db?.drop();
  });

  let afterResume: StoredRow[] = [];

  it.skipIf(skip)(
    'a month survives kill -9 of its worker mid-run: another worker finishes it and the rows equal what the emulator serves',
    async () => {
      const id = await collect('2024-03-01', '2024-03-31');
      const first = startWorker();
      const partway = await until(id, (j) => (j.progress?.done ?? 0) >= 60, 120_000);
      first.kill('SIGKILL');
      await new Promise((resolve) => first.once('exit', resolve));
      expect(partway.status).toBe('running');
      const stored = (await storedRows(t, regionId)).length;
      expect(stored).toBeGreaterThan(0);

      startWorker();
      // The killed worker's lease lapses (a minute), then the new worker claims and finishes it.
      const finished = await until(id, (j) => j.status === 'succeeded', 240_000);
      expect(finished.attempts).toBeGreaterThanOrEqual(2);
      expect(finished.progress).toMatchObject({ total: 31 * 24 + WINDOW_HOURS });

      afterResume = await storedRows(t, regionId);
      const expected = await dumpedSums('2024-03-01T00:00:00Z', `2024-04-01T0${WINDOW_HOURS}:00:00Z`);
      expect(expected.size).toBeGreaterThan(3000);
      expect(sumsOf(afterResume)).toEqual(expected);
      // The late record is a second row of its natural key, stored under its own reported window.
      const late = afterResume.filter(
        (r) =>
          r.key.includes('|6dab500fa4fd49c4956d229bb9c8c793|') &&
          r.key.endsWith('|2024-03-20T05:00:00.000Z|2024-03-20T06:00:00.000Z') &&
          r.key.includes('/virtualmachines/web01'),
      );
      expect(late.map((r) => r.window).sort()).toEqual(expect.arrayContaining(['2024-03-21T09:00:00.000Z']));
      expect(late.length).toBe(2);
    },
    420_000,
  );

  it.skipIf(skip)(
    'collecting the month again three times with overlapping ranges changes no row',
    async () => {
      for (const [from, to] of [
        ['2024-03-01', '2024-03-15'],
        ['2024-03-10', '2024-03-31'],
        ['2024-03-01', '2024-03-31'],
      ] as const) {
        const id = await collect(from, to);
        await until(id, (j) => j.status === 'succeeded', 240_000);
      }
      expect(await storedRows(t, regionId)).toEqual(afterResume);
    },
    720_000,
  );
});
