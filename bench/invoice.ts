/**
 * `npm run bench -- invoice [--engine=sqlite|mysql|postgres] [--tenants=2000] [--subscriptions=5000]
 * [--pdfs=100]`:
 * a month's invoicing through the production paths (issue 14).
 *
 * A fresh database gets the rate benchmark's dataset (bench/lib/rate-seed.ts: 1 distributor, 10
 * partners, one region in UTC collected past the month's end, 20 priced meters) with 5,000
 * subscriptions spread over 2,000 chargeback tenants and 31 days of usage. A child process
 * (bench/lib/invoice-run.ts) rates March 2024, then times generating every tenant's preview (the
 * `invoices.generate` job) and issuing each preview (the issuing transaction of `issueInvoice`,
 * system context, gap-free numbers), then keeping the PDFs of the first `--pdfs`, against two baselines of the same
 * run: a plain read of every rated line, and one single-row transaction per invoice.
 * Targets: generation < 10 s, issue < 10 s; PDFs are the invoice-pdf benchmark's (≥ 20/s).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
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
import { DAYS, METERS, PERIOD, seedCatalog, seedUsage } from './lib/rate-seed.ts';

const options = readOptions();
const engine = options.engine();
const tenants = options.number('tenants', 2_000);
const subscriptions = options.number('subscriptions', 5_000);
const pdfCount = options.number('pdfs', 100);
options.rejectUnknown();
if (subscriptions < tenants) throw new Error('--subscriptions must be at least --tenants');

const TARGET_SECONDS = { generation: 10, issue: 10 };
const n = (x: number) => Math.round(x).toLocaleString('en');
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

interface Phase {
  seconds: number;
  cpuSeconds: number;
  load: number;
}
interface Measured {
  tenants: number;
  ratedLines: number;
  invoiceLines: number;
  invoices: number;
  pdfCount: number;
  firstNumber: string;
  rating: Phase;
  generation: Phase;
  issue: Phase;
  pdfs: Phase;
  readBaseline: Phase;
  readBaselineRuns: number[];
  sumBaseline: Phase;
  sumBaselineRuns: number[];
  commitBaseline: Phase;
  commitBaselineRuns: number[];
  maxRssKb: number;
}

function runChild(args: string[]): Promise<Measured> {
  return new Promise((resolve, reject) => {
    // BENCH_INVOICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=bench/results" profiles the measuring process.
    const extra = (process.env.BENCH_INVOICE_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
    const child = spawn(
      process.execPath,
      [...extra, '--import', 'tsx', join(ROOT, 'bench/lib/invoice-run.ts'), ...args],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`invoice-run.ts exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!) as Measured);
    });
  });
}

let database: BenchDatabase | null = null;
process.once('SIGINT', () => {
  void (database?.drop() ?? Promise.resolve()).then(() => process.exit(130));
});
let measured: Measured;
try {
  database = await createBenchDatabase(engine, 'invoice');
  console.log(
    `engine ${engine}; ${n(tenants)} tenants, ${n(subscriptions)} subscriptions × ${METERS} meters × ${DAYS} days of usage (${PERIOD})`,
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
  const dataset = await seedCatalog(app.db.kysely, subscriptions, 1, tenants);
  // Collected past the month's end, so every tenant-period can be invoiced.
  await app.db.kysely
    .updateTable('regions')
    .set({ usage_watermark: '2024-04-01T06:00:00.000Z' })
    .where('id', '=', dataset.regionId)
    .execute();
  await app.db.destroy();
  const seedStart = process.hrtime.bigint();
  const written = await seedUsage(database, dataset, (done) =>
    process.stderr.write(`  ${n(done)} rows written\n`),
  );
  console.log(
    `seeded ${n(written)} usage rows in ${(Number(process.hrtime.bigint() - seedStart) / 1e9).toFixed(1)} s (not timed)`,
  );
  measured = await runChild([database.url, database.dataDir, PERIOD, String(pdfCount)]);
} finally {
  await database?.drop();
}

const m = measured;
const per = (phase: Phase) =>
  `${((phase.seconds * 1000) / m.invoices).toFixed(2)} ms per invoice, ${n(Math.round(m.invoices / phase.seconds))} invoices/s`;
const verdict = (seconds: number, target: number) =>
  `target < ${target} s: ${seconds < target ? 'met' : 'MISSED'}`;
const generationRatio = m.readBaseline.seconds / m.generation.seconds;
const issueRatio = m.commitBaseline.seconds / m.issue.seconds;
console.log(
  `\nrating (rating.rate job, not a target): ${m.rating.seconds.toFixed(2)} s, ${n(m.ratedLines)} rated lines`,
);
console.log(
  `baseline A, every rated line of the period read in one statement: best of 2 ${m.readBaseline.seconds.toFixed(3)} s (runs ${m.readBaselineRuns.map((s) => s.toFixed(3)).join(' / ')} s)`,
);
console.log(
  `baseline B, ${n(m.invoices)} single-row inserts, one transaction each: best of 2 ${m.commitBaseline.seconds.toFixed(2)} s (runs ${m.commitBaselineRuns.map((s) => s.toFixed(2)).join(' / ')} s)`,
);
console.log(
  `baseline C (the issue's), the month's aggregates summed per tenant in one SQL statement: best of 2 ${m.sumBaseline.seconds.toFixed(3)} s (runs ${m.sumBaselineRuns.map((s) => s.toFixed(3)).join(' / ')} s)`,
);
console.log(
  `(a) generation (invoices.generate job, ${n(m.invoices)} previews, ${n(m.invoiceLines)} invoice lines): ${m.generation.seconds.toFixed(2)} s wall, ${m.generation.cpuSeconds.toFixed(2)} s CPU, ${per(m.generation)} (load ${m.generation.load.toFixed(1)})   ${verdict(m.generation.seconds, TARGET_SECONDS.generation)}`,
);
console.log(`    ratio baseline A / generation: ${(generationRatio * 100).toFixed(1)} %`);
console.log(
  `(b) issue (invoices.issue job, 50 previews per transaction; numbers ${m.firstNumber}… gap-free): ${m.issue.seconds.toFixed(2)} s wall, ${m.issue.cpuSeconds.toFixed(2)} s CPU, ${per(m.issue)} (load ${m.issue.load.toFixed(1)})   ${verdict(m.issue.seconds, TARGET_SECONDS.issue)}`,
);
console.log(`    ratio baseline B / issue: ${(issueRatio * 100).toFixed(1)} %`);
const wholeRun = m.generation.seconds + m.issue.seconds;
const sumRatio = m.sumBaseline.seconds / wholeRun;
console.log(
  `(a) + (b): ${wholeRun.toFixed(2)} s for ${n(m.invoices)} invoices, ${n(Math.round(m.invoices / wholeRun))} invoices/s; ratio baseline C / (a + b): ${(sumRatio * 100).toFixed(1)} %`,
);
console.log(
  `(c) PDFs of the first ${n(m.pdfCount)} kept (keepAfterIssue, two at a time; the renderer's target is invoice-pdf's ≥ 20/s): ${m.pdfs.seconds.toFixed(2)} s wall, ${((m.pdfs.cpuSeconds * 1000) / m.pdfCount).toFixed(0)} ms CPU per invoice (every thread), ${(m.pdfCount / m.pdfs.seconds).toFixed(1)} invoices/s (load ${m.pdfs.load.toFixed(1)})`,
);
console.log(
  `peak RSS of the measuring process ${((m.maxRssKb as number) / 1024).toFixed(0)} MB; load average now ${load()}`,
);

mkdirSync(RESULTS_DIR, { recursive: true });
const file = join(RESULTS_DIR, `invoice-${engine}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(
  file,
  `${JSON.stringify(
    {
      node: process.version,
      engine,
      subscriptions,
      ...m,
      generationRatio,
      issueRatio,
      sumRatio,
      targets: TARGET_SECONDS,
      met: {
        generation: m.generation.seconds < TARGET_SECONDS.generation,
        issue: m.issue.seconds < TARGET_SECONDS.issue,
      },
      loadAverageAtEnd: os.loadavg(),
    },
    null,
    2,
  )}\n`,
);
console.log(`results: ${file}`);
