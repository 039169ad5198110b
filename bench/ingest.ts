/**
 * `npm run bench -- ingest [--engine=sqlite|mysql|postgres] [--days=31]`: end-to-end usage ingest.
 *
 * The emulator (a separate process) serves scenarios/bench-31d-100s.json: 100 subscriptions × 10
 * storage accounts × 3 meters, hourly, March 2024 (≈ 2.2 million records, 5 % reported two hours
 * late, plus late records). A collecting process (a child, so its peak RSS is its own) runs
 * collectUsage over the reported windows of the first `--days` days (plus the region's collection
 * window) on a fresh database; the timer runs from its first request to the emulator to the commit
 * of its last window, daily aggregates included. Records = records the emulator served. The
 * baseline inserts the same rows, already parsed, into the same table of another fresh database
 * (same indexes) with one prepared INSERT, 1,000 rows per transaction, in the same run. A 1-day
 * collection is run too, for its peak RSS: memory must not grow with the range.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, statfsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { openApp } from '../apps/server/src/bootstrap.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import { encryptSecret } from '../apps/server/src/crypto/secrets.ts';
import { newId } from '../apps/server/src/db/ids.ts';
import {
  type BenchDatabase,
  createBenchDatabase,
  ENCRYPTION_KEY,
  RESULTS_DIR,
  ROOT,
  readOptions,
} from './lib/harness.ts';

const options = readOptions();
const engine = options.engine();
const days = options.number('days', 31);
// Single-row inserts over the network are slow (MariaDB took over four minutes for all 2.2 million):
// the server engines' baseline rate is measured on the first rows only.
const baselineRows = options.number('baseline-rows', engine === 'sqlite' ? 2_232_002 : 250_000);
options.rejectUnknown();
if (days > 31) throw new Error('--days must be at most 31 (the scenario is March 2024)');

const TARGETS = { recordsPerSecond: 50_000, baselineRatio: 0.4, memoryGrowth: 0.2 };
const SCENARIO = join(ROOT, 'apps/azs-emulator/scenarios/bench-31d-100s.json');
const HOUR = 3_600_000;
const START = Date.parse('2024-03-01T00:00:00Z');
/** The collection window: records reported up to 2 hours late; late records up to 7 hours after the month. */
const WINDOW_HOURS = 7;

// 2.2 million rows take about 1.3 GB on SQLite; the baseline writes them again.
const NEEDED_BYTES = Math.ceil(((days / 31) * 4 + 0.5) * 2 ** 30);
const fs = statfsSync(os.tmpdir());
const free = fs.bavail * fs.bsize;
if (free < NEEDED_BYTES) {
  console.error(
    `Not enough free disk in ${os.tmpdir()}: ${(free / 2 ** 30).toFixed(1)} GB free, ${(NEEDED_BYTES / 2 ** 30).toFixed(1)} GB needed.`,
  );
  process.exit(1);
}
console.log(
  `free disk in ${os.tmpdir()}: ${(free / 2 ** 30).toFixed(1)} GB (needs ${(NEEDED_BYTES / 2 ** 30).toFixed(1)} GB)`,
);

function startEmulator(): Promise<{ base: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'apps/azs-emulator/src/main.ts'), '--scenario', SCENARIO, '--port', '0'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code})`)));
    lines.on('line', (line) => {
      const [word, name, , base] = line.split(' ');
      if (word === 'region' && name === 'bench') resolve({ base: base!, stop: () => child.kill('SIGTERM') });
    });
  });
}

function runChild(script: string, args: string[]): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    // BENCH_COLLECTOR_NODE_ARGS="--cpu-prof --cpu-prof-dir=bench/results" profiles the children.
    const extra = (process.env.BENCH_COLLECTOR_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
    const child = spawn(
      process.execPath,
      [...extra, '--import', 'tsx', join(ROOT, 'bench/lib', script), ...args],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${script} exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!) as Record<string, number>);
    });
  });
}

/** A fresh, migrated database with the emulator's region on it. */
async function prepare(
  label: string,
  base: string | null,
): Promise<{ database: BenchDatabase; regionId: string }> {
  const database = await createBenchDatabase(engine, label);
  const app = await openApp(
    loadConfig({
      DATABASE_URL: database.url,
      CMS_DATA_DIR: database.dataDir,
      CMS_ENCRYPTION_KEY: ENCRYPTION_KEY,
      LOG_LEVEL: 'silent',
    }),
    () => {},
  );
  const regionId = newId('reg');
  if (base !== null) {
    const now = new Date().toISOString();
    await app.db.kysely
      .insertInto('regions')
      .values({
        id: regionId,
        kind: 'azure_stack',
        name: 'bench',
        name_key: 'bench',
        description: null,
        arm_endpoint: base,
        identity_system: null,
        directory_tenant: 'benchoperator.onmicrosoft.com',
        client_id: 'cms-bench',
        client_secret: encryptSecret(Buffer.from(ENCRYPTION_KEY, 'base64'), 'bench-secret'),
        provider_subscription_id: null,
        location: null,
        time_zone: 'UTC',
        collection_window_hours: WINDOW_HOURS,
        schedule: null,
        enabled: 1,
        usage_watermark: null,
        last_run_at: null,
        last_success_at: null,
        last_error: null,
        last_error_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
  await app.db.destroy();
  return { database, regionId };
}

async function collect(base: string, rangeDays: number, label: string) {
  const { database, regionId } = await prepare(label, base);
  const from = new Date(START).toISOString();
  const to = new Date(START + rangeDays * 24 * HOUR).toISOString();
  const measured = await runChild('ingest-collector.ts', [
    database.url,
    database.dataDir,
    regionId,
    from,
    to,
  ]);
  if (measured.failed! > 0) throw new Error(`${measured.failed} window(s) failed`);
  return { database, measured };
}

const emulator = await startEmulator();
const databases: BenchDatabase[] = [];
const cleanup = async () => {
  emulator.stop();
  for (const db of databases) await db.drop().catch(() => undefined);
};
process.once('SIGINT', () => {
  void cleanup().then(() => process.exit(130));
});
try {
  console.log(
    `load average at start: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(`engine ${engine}; collecting ${days} day(s) of reported windows (+${WINDOW_HOURS} h)…`);
  const main = await collect(emulator.base, days, 'ingest');
  databases.push(main.database);
  const rate = main.measured.records! / main.measured.seconds!;
  console.log(
    `collected ${main.measured.records} records in ${main.measured.seconds!.toFixed(1)} s: ${Math.round(rate).toLocaleString('en')} records/s`,
  );

  console.log(
    `baseline: the same rows (at most ${baselineRows.toLocaleString('en')}), prepared single-row INSERT, 1,000 per transaction…`,
  );
  const baselineDb = await prepare('ingest-baseline', null);
  databases.push(baselineDb.database);
  const baseline = await runChild('ingest-baseline.ts', [
    main.database.url,
    baselineDb.database.url,
    String(baselineRows),
  ]);
  const baselineRate = baseline.rows! / baseline.seconds!;

  let oneDayRss: number | null = null;
  if (days !== 1) {
    console.log('1-day collection for its peak memory…');
    const one = await collect(emulator.base, 1, 'ingest-1d');
    databases.push(one.database);
    oneDayRss = one.measured.maxRssKb!;
  } else {
    oneDayRss = main.measured.maxRssKb!;
  }

  const ratio = rate / baselineRate;
  const growth = main.measured.maxRssKb! / oneDayRss - 1;
  const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  console.log(`\nrecords served:        ${main.measured.records} in ${main.measured.windows} windows`);
  console.log(
    `collection:            ${main.measured.seconds!.toFixed(1)} s, ${Math.round(rate).toLocaleString('en')} records/s${engine === 'sqlite' ? `   target ≥ ${TARGETS.recordsPerSecond.toLocaleString('en')}: ${mark(rate >= TARGETS.recordsPerSecond)}` : ''}`,
  );
  console.log(
    `collector CPU:         ${main.measured.cpuSeconds!.toFixed(1)} s, ${((main.measured.cpuSeconds! * 1e6) / main.measured.records!).toFixed(1)} µs per record (all its threads)`,
  );
  console.log(
    `baseline insert:       ${baseline.rows!.toLocaleString('en')} rows in ${baseline.seconds!.toFixed(1)} s, ${Math.round(baselineRate).toLocaleString('en')} rows/s`,
  );
  console.log(
    `ratio to baseline:     ${(ratio * 100).toFixed(0)} %${engine === 'sqlite' ? `   target ≥ ${TARGETS.baselineRatio * 100} %: ${mark(ratio >= TARGETS.baselineRatio)}` : ''}`,
  );
  console.log(
    `peak RSS ${String(days).padStart(2)} day(s):      ${(main.measured.maxRssKb! / 1024).toFixed(0)} MB`,
  );
  console.log(
    `peak RSS  1 day:       ${(oneDayRss / 1024).toFixed(0)} MB   growth ${(growth * 100).toFixed(0)} %   target ≤ ${TARGETS.memoryGrowth * 100} %: ${mark(growth <= TARGETS.memoryGrowth)}`,
  );
  console.log(
    `load average at end:   ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(
    join(RESULTS_DIR, `ingest-${new Date().toISOString().replace(/[:.]/g, '-')}.json`),
    `${JSON.stringify({ engine, days, ...main.measured, recordsPerSecond: rate, baseline, baselineRate, ratio, oneDayRssKb: oneDayRss, growth }, null, 2)}\n`,
  );
} finally {
  await cleanup();
}
