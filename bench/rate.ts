/**
 * `npm run bench -- rate [--engine=sqlite|mysql|postgres] [--subscriptions=10000] [--per-tenant=10]
 * [--records=10000000]`: rating a month through the database, then the pure core (issue 13).
 *
 * Part 1: a fresh database gets 10,000 subscriptions × 20 meters × 31 days of usage_daily rows
 * (6.2 million exact decimals) and one region price list in USD with tiers on half its items
 * (bench/lib/rate-seed.ts). A child process (bench/lib/rate-run.ts) rates March 2024 through the
 * `rating.rate` job — the production path, to 200,000 stored usage lines — and times one SQL
 * aggregate (sum per subscription and meter over the same rows, exact decimal type of the engine)
 * in the same run. Rating rows/s over aggregate rows/s is the figure: target ≥ 25 % on SQLite and
 * PostgreSQL (MariaDB reported). Part 2: benchRateCore (bench/lib/rate-core.ts) on `--records`
 * in-memory hourly records, target ≥ 1,000,000 records/s.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, statfsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { openApp } from '../apps/server/src/bootstrap.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import {
  type BenchDatabase,
  createBenchDatabase,
  ENCRYPTION_KEY,
  RESULTS_DIR,
  ROOT,
  readOptions,
} from './lib/harness.ts';
import { benchRateCore, type RateCoreReport } from './lib/rate-core.ts';
import { DAYS, METERS, PERIOD, seedCatalog, seedUsage } from './lib/rate-seed.ts';

const options = readOptions();
const engine = options.engine();
const subscriptions = options.number('subscriptions', 10_000);
const perTenant = options.number('per-tenant', 10);
const records = options.number('records', 10_000_000);
options.rejectUnknown();

const TARGET_RATIO = 0.25;
const rows = subscriptions * METERS * DAYS;
// About 200 bytes per usage_daily row with its two indexes, plus the rated lines and the WAL.
const neededBytes = Math.ceil(rows * 350 + 2 ** 30 / 2);
const fs = statfsSync(os.tmpdir());
if (engine === 'sqlite' && fs.bavail * fs.bsize < neededBytes) {
  console.error(`Not enough free disk in ${os.tmpdir()}: ${(neededBytes / 2 ** 30).toFixed(1)} GB needed.`);
  process.exit(1);
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const n = (x: number) => Math.round(x).toLocaleString('en');

function runChild(args: string[]): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    // BENCH_RATE_NODE_ARGS="--cpu-prof --cpu-prof-dir=bench/results" profiles the rating process.
    const extra = (process.env.BENCH_RATE_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
    const child = spawn(
      process.execPath,
      [...extra, '--import', 'tsx', join(ROOT, 'bench/lib/rate-run.ts'), ...args],
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
      if (code !== 0) return reject(new Error(`rate-run.ts exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>);
    });
  });
}

let database: BenchDatabase | null = null;
process.once('SIGINT', () => {
  void (database?.drop() ?? Promise.resolve()).then(() => process.exit(130));
});
let measured: Record<string, number | number[]>;
let dataset: Awaited<ReturnType<typeof seedCatalog>>;
try {
  database = await createBenchDatabase(engine, 'rate');
  console.log(
    `engine ${engine}; ${n(subscriptions)} subscriptions (${n(Math.ceil(subscriptions / perTenant))} tenants × ${perTenant}) × ${METERS} meters × ${DAYS} days = ${n(rows)} usage_daily rows`,
  );
  const app = await openApp(
    loadConfig({
      DATABASE_URL: database.url,
      CMS_DATA_DIR: database.dataDir,
      CMS_ENCRYPTION_KEY: ENCRYPTION_KEY,
      LOG_LEVEL: 'silent',
    }),
    () => {},
  );
  dataset = await seedCatalog(app.db.kysely, subscriptions, perTenant);
  await app.db.destroy();
  const seedStart = process.hrtime.bigint();
  const written = await seedUsage(database, dataset, (done) =>
    process.stderr.write(`  ${n(done)} rows written\n`),
  );
  console.log(
    `seeded ${n(written)} rows in ${(Number(process.hrtime.bigint() - seedStart) / 1e9).toFixed(1)} s (not timed); price list: ${dataset.tiered} tiered items, ${dataset.flat} flat`,
  );
  measured = (await runChild([database.url, database.dataDir, PERIOD, dataset.regionId])) as typeof measured;
} finally {
  await database?.drop();
}

const ratingRate = (measured.rows as number) / (measured.ratingSeconds as number);
const aggregateRate = (measured.rows as number) / (measured.aggregateSeconds as number);
const ratio = ratingRate / aggregateRate;
const ratioCpu =
  (measured.aggregateCpuSeconds as number) > 0
    ? (measured.aggregateCpuSeconds as number) / (measured.ratingCpuSeconds as number)
    : null;
const targeted = engine !== 'mysql';
console.log(
  `\nrating (rating.rate job): ${n(measured.usageLines as number)} usage lines (${n(measured.allLines as number)} lines, ${n(measured.ratedPeriods as number)} tenant-periods), each equal to the aggregate's sum`,
);
console.log(
  `  ${(measured.ratingSeconds as number).toFixed(2)} s wall, ${(measured.ratingCpuSeconds as number).toFixed(2)} s CPU of the rating process: ${n(ratingRate)} rows/s (load average at start ${(measured.ratingLoad as number).toFixed(1)})`,
);
console.log(
  `aggregate (${engine === 'sqlite' ? 'decimal_sum, the app’s exact SQLite aggregate' : `SUM over DECIMAL(48,30)`}, per subscription, meter, SKU): best of 2 ${(measured.aggregateSeconds as number).toFixed(2)} s (runs ${(measured.aggregateRuns as number[]).map((s) => s.toFixed(2)).join(' / ')} s, load ${(measured.aggregateLoads as number[]).map((l) => l.toFixed(1)).join(' / ')}), ${n(aggregateRate)} rows/s`,
);
console.log(
  `  CPU of the rating process: rating ${(measured.ratingCpuSeconds as number).toFixed(2)} s, aggregate ${(measured.aggregateCpuSeconds as number).toFixed(2)} s${ratioCpu === null ? '' : `: CPU ratio ${(ratioCpu * 100).toFixed(1)} % (the database server's own CPU is not in it on PostgreSQL and MariaDB)`}`,
);
console.log(
  `ratio rating / aggregate: ${(ratio * 100).toFixed(1)} %${targeted ? `   target ≥ ${TARGET_RATIO * 100} %: ${ratio >= TARGET_RATIO ? 'met' : 'MISSED'}` : ' (MariaDB: reported, no target)'}`,
);
console.log(
  `peak RSS of the rating process: ${((measured.maxRssKb as number) / 1024).toFixed(0)} MB; load average now ${load()}`,
);

console.log(`\npure core (benchRateCore), ${n(records)} in-memory hourly records:`);
const core: RateCoreReport = benchRateCore(records);

mkdirSync(RESULTS_DIR, { recursive: true });
const file = join(RESULTS_DIR, `rate-${engine}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(
  file,
  `${JSON.stringify(
    {
      node: process.version,
      engine,
      subscriptions,
      perTenant,
      tenants: dataset!.tenants,
      ...measured,
      ratingRowsPerSecond: ratingRate,
      aggregateRowsPerSecond: aggregateRate,
      ratio,
      ratioCpu,
      target: targeted ? TARGET_RATIO : null,
      met: targeted ? ratio >= TARGET_RATIO : null,
      loadAverageAtEnd: os.loadavg(),
      core,
    },
    null,
    2,
  )}\n`,
);
console.log(`results: ${file}`);
