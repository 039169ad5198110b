/**
 * The measuring process of `npm run bench -- invoice` (a child, so a `--cpu-prof` of it profiles
 * only what is measured): on the seeded database it
 *
 * 1. rates the period through the `rating.rate` job (as rate-run.ts does; timed, reported only);
 * 2. times the baselines: every rated line of the period read in one statement (the rows the
 *    previews are built from), and one single-row insert per invoice, each its own transaction,
 *    into a scratch table (what a commit costs on the engine);
 * 3. generates the previews of every tenant through the `invoices.generate` job, run by the app's
 *    job runner — `generatePreviews`, 50 tenants per fenced transaction;
 * 4. issues every preview through the `invoices.issue` job, run by the app's job runner —
 *    `issuePreviews`, 50 previews per fenced transaction —, then keeps the PDFs of the first `pdfs` of them
 *    (`keepAfterIssue`, what `issueInvoice` does after its commit) after two untimed ones that start
 *    the render threads, two at a time, one per thread (the others are rendered on their first
 *    request, as after a crash);
 *
 * and checks: the jobs succeeded, one preview per tenant with its rated amount, every preview
 * issued with its previewed total, numbers 1…n without a gap, one kept PDF per rendered invoice.
 * Prints one JSON line.
 * argv: <database url> <data dir> <period> <pdfs>
 */
import os from 'node:os';
import { sql } from 'kysely';
import { openApp } from '../../apps/server/src/bootstrap.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { systemContext } from '../../apps/server/src/context.ts';
import { PLATFORM_ORG_ID } from '../../apps/server/src/db/ids.ts';
import { transaction } from '../../apps/server/src/db/transaction.ts';
import { GENERATE_JOB } from '../../apps/server/src/modules/invoices/invoice-generate.ts';
import { ISSUE_JOB } from '../../apps/server/src/modules/invoices/invoice-issue.ts';
import { keepAfterIssue } from '../../apps/server/src/modules/invoices/invoice-pdf-sweep.ts';
import { enqueueJob } from '../../apps/server/src/modules/jobs/jobs.service.ts';
import type { JobRunner } from '../../apps/server/src/modules/jobs/runner.ts';
import { requestRerating } from '../../apps/server/src/modules/rating/rating.jobs.ts';
import { ENCRYPTION_KEY } from './harness.ts';

const [databaseUrl, dataDir, period, pdfCount] = process.argv.slice(2) as [string, string, string, string];
const app = await openApp(
  loadConfig({
    DATABASE_URL: databaseUrl,
    CMS_DATA_DIR: dataDir,
    CMS_ENCRYPTION_KEY: ENCRYPTION_KEY,
    LOG_LEVEL: 'silent',
  }),
  () => {},
);
const db = app.db.kysely;
const ctx = systemContext(app, 'bench-invoice');
const log = (line: string) => process.stderr.write(`  ${line}\n`);
const loadAverage = () => os.loadavg()[0]!;

const measure = async <T>(work: () => Promise<T>) => {
  const load = loadAverage();
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const value = await work();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  return { value, seconds, cpuSeconds: (used.user + used.system) / 1e6, load };
};
const figures = (m: { seconds: number; cpuSeconds: number; load: number }) => ({
  seconds: m.seconds,
  cpuSeconds: m.cpuSeconds,
  load: m.load,
});

async function jobSucceeded(type: string) {
  const jobs = await db
    .selectFrom('jobs')
    .select(['status', 'last_error'])
    .where('type', '=', type)
    .execute();
  if (jobs.length !== 1 || jobs[0]!.status !== 'succeeded')
    throw new Error(`the ${type} job did not succeed: ${JSON.stringify(jobs)}`);
}

log('rating through the rating.rate job…');
await transaction(app.db, (trx) => requestRerating(trx, ctx, 'bench', { period }));
const rating = await measure(() => (app.jobs as JobRunner).runNow());
await jobSucceeded('rating.rate');
log(`  ${rating.seconds.toFixed(2)} s`);

const readLines = () =>
  measure(
    async () =>
      (await db.selectFrom('rated_lines').selectAll().where('period', '=', period).execute()).length,
  );

// The issue's own baseline: one SQL pass summing the month's aggregates per tenant (every meter's
// quantities together: a measure of reading and summing the rows, not a bill).
const [fromDay, toDay] = [`${period}-01`, `${period}-31`];
// SQLite without statistics would take usage_daily_region_day for the day range once per
// subscription (rating's dailySums explains the `+`): the primary key keeps it one pass.
const day = app.db.dialect === 'sqlite' ? sql`+u.local_day` : sql`u.local_day`;
const sumPerTenant = () =>
  measure(
    async () =>
      (
        await sql<{ tenant_id: string; total: string }>`
          select s.tenant_id, ${app.db.dialect === 'sqlite' ? sql`decimal_sum(u.quantity)` : sql`sum(u.quantity)`} as total
          from usage_daily u
          join subscriptions s on s.region_id = u.region_id and s.azs_subscription_id = u.azs_subscription_id
          where ${day} >= ${fromDay} and ${day} <= ${toDay}
          group by s.tenant_id`.execute(db)
      ).rows.length,
  );

await sql`create table bench_commits (id integer primary key, body varchar(200) not null)`.execute(db);
const tenants = Number(
  (
    await db
      .selectFrom('organisations')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('kind', '=', 'tenant')
      .executeTakeFirstOrThrow()
  ).n,
);
const commits = (round: number) =>
  measure(async () => {
    for (let i = 0; i < tenants; i++) {
      await transaction(app.db, (trx) =>
        sql`insert into bench_commits (id, body) values (${round * tenants + i}, ${`invoice ${i}`})`.execute(
          trx,
        ),
      );
    }
    return tenants;
  });

log('baselines (1 of 2)…');
const read1 = await readLines();
const commit1 = await commits(0);
const sum1 = await sumPerTenant();
if (sum1.value !== tenants)
  throw new Error(`the per-tenant sum gave ${sum1.value} rows for ${tenants} tenants`);
log(
  `  read ${read1.value} rated lines ${read1.seconds.toFixed(2)} s; ${tenants} one-row transactions ${commit1.seconds.toFixed(2)} s; sums per tenant ${sum1.seconds.toFixed(2)} s`,
);

log('generating previews through the invoices.generate job…');
await transaction(app.db, (trx) =>
  enqueueJob(trx, ctx, {
    type: GENERATE_JOB,
    payload: { period, scope: { level: 'platform', orgId: PLATFORM_ORG_ID } },
    orgId: PLATFORM_ORG_ID,
  }),
);
const generation = await measure(() => (app.jobs as JobRunner).runNow());
await jobSucceeded(GENERATE_JOB);
log(`  ${generation.seconds.toFixed(2)} s`);

const previews = await db
  .selectFrom('invoices')
  .select(['id', 'tenant_id', 'total', 'subtotal'])
  .where('status', '=', 'preview')
  .where('period', '=', period)
  .orderBy('tenant_id')
  .execute();
if (previews.length !== tenants)
  throw new Error(`${previews.length} previews for ${tenants} tenants (every tenant has usage)`);
// Each preview's subtotal is its tenant's rated amount (no tax, discount or adjustment here).
const rated = new Map(
  (
    await db
      .selectFrom('rated_lines')
      .innerJoin('rated_periods', (j) =>
        j
          .onRef('rated_periods.tenant_id', '=', 'rated_lines.tenant_id')
          .onRef('rated_periods.period', '=', 'rated_lines.period'),
      )
      .select(['rated_lines.tenant_id', 'rated_lines.amount', 'rated_periods.currency'])
      .where('rated_lines.period', '=', period)
      .execute()
  )
    .reduce(
      (sums, r) => sums.set(r.tenant_id, (sums.get(r.tenant_id) ?? 0n) + cents(String(r.amount))),
      new Map<string, bigint>(),
    )
    .entries(),
);
function cents(amount: string): bigint {
  const [whole, fraction = ''] = amount.split('.');
  const value = BigInt(whole!.replace('-', '')) * 100n + BigInt(`${fraction}00`.slice(0, 2));
  return whole!.startsWith('-') ? -value : value;
}
const wrong = previews.filter((p) => cents(String(p.subtotal)) !== rated.get(p.tenant_id));
if (wrong.length > 0)
  throw new Error(
    `${wrong.length} preview(s) whose subtotal is not the tenant's rated amount, e.g. ${JSON.stringify(wrong[0])}`,
  );

log(`issuing ${previews.length} previews through the invoices.issue job…`);
await transaction(app.db, (trx) =>
  enqueueJob(trx, ctx, {
    type: ISSUE_JOB,
    payload: { period, scope: { level: 'platform', orgId: PLATFORM_ORG_ID } },
    orgId: PLATFORM_ORG_ID,
  }),
);
const issue = await measure(() => (app.jobs as JobRunner).runNow());
await jobSucceeded(ISSUE_JOB);
log(`  ${issue.seconds.toFixed(2)} s`);

// Two first, not timed: they start both render threads (each parses the fonts once).
const warmUp = previews.slice(0, 2);
await Promise.all(warmUp.map((p) => keepAfterIssue(ctx, p.id)));
const rendered = previews.slice(2, 2 + Number(pdfCount));
log(`keeping the PDFs of ${rendered.length}, two at a time…`);
const pdfs = await measure(async () => {
  let next = 0;
  const worker = async () => {
    while (next < rendered.length) await keepAfterIssue(ctx, rendered[next++]!.id);
  };
  await Promise.all([worker(), worker()]);
});
log(`  ${pdfs.seconds.toFixed(2)} s`);

log('baselines (2 of 2)…');
const read2 = await readLines();
const commit2 = await commits(1);
const sum2 = await sumPerTenant();
log(
  `  read ${read2.seconds.toFixed(2)} s; one-row transactions ${commit2.seconds.toFixed(2)} s; sums per tenant ${sum2.seconds.toFixed(2)} s`,
);
await sql`drop table bench_commits`.execute(db);

const issued = await db
  .selectFrom('invoices')
  .select(['id', 'number', 'total', 'status', 'kind'])
  .where('period', '=', period)
  .execute();
const previewTotal = new Map(previews.map((p) => [p.id, String(p.total)]));
const notIssued = issued.filter(
  (i) => i.status !== 'issued' || i.kind !== 'invoice' || previewTotal.get(i.id) !== String(i.total),
);
if (issued.length !== previews.length || notIssued.length > 0)
  throw new Error(
    `${notIssued.length} invoice(s) not issued as previewed, e.g. ${JSON.stringify(notIssued[0])}`,
  );
const numbers = issued.map((i) => Number(/(\d+)$/.exec(i.number ?? '')?.[1])).sort((a, b) => a - b);
const gapFree = numbers.every((n, i) => n === i + 1);
if (!gapFree) throw new Error(`invoice numbers are not 1…${numbers.length} without a gap`);
const kept = Number(
  (
    await db
      .selectFrom('invoice_pdfs')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
);
if (kept !== warmUp.length + rendered.length)
  throw new Error(`${kept} kept PDFs for ${warmUp.length + rendered.length} rendered`);
const lines = Number(
  (
    await db
      .selectFrom('invoice_lines')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
);
const firstNumber = issued.find((i) => Number(/(\d+)$/.exec(i.number ?? '')?.[1]) === 1)?.number;
await app.db.destroy();
const best = <T extends { seconds: number }>(a: T, b: T) => (a.seconds <= b.seconds ? a : b);
process.stdout.write(
  `${JSON.stringify({
    tenants,
    ratedLines: read1.value,
    invoiceLines: lines,
    invoices: issued.length,
    pdfCount: rendered.length,
    firstNumber,
    gapFree,
    rating: figures(rating),
    generation: figures(generation),
    issue: figures(issue),
    pdfs: figures(pdfs),
    readBaseline: figures(best(read1, read2)),
    readBaselineRuns: [read1.seconds, read2.seconds],
    sumBaseline: figures(best(sum1, sum2)),
    sumBaselineRuns: [sum1.seconds, sum2.seconds],
    commitBaseline: figures(best(commit1, commit2)),
    commitBaselineRuns: [commit1.seconds, commit2.seconds],
    maxRssKb: process.resourceUsage().maxRSS,
  })}\n`,
);
