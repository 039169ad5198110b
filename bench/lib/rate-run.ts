/**
 * The measuring process of `npm run bench -- rate` (a child, so its peak RSS is the rating's own,
 * not the seeding's): on the seeded database it times
 *
 * 1. the aggregate: one SQL statement summing usage_daily per (Azure Stack subscription, meter,
 *    SKU) over the period's days, in the exact decimal type of the engine (SUM over DECIMAL(48,30)
 *    on PostgreSQL and MariaDB; on SQLite the app's registered `decimal_sum` aggregate, the one
 *    rating uses, which adds the text decimals as BigInts), every result row fetched — run before
 *    and after the rating, the faster run counts (it makes the ratio the harder one);
 * 2. the rating: a `rating.rate` job for the period enqueued as the app enqueues it
 *    (requestRerating) and run by the app's job runner (runNow): ratingWorkList, then one fenced
 *    transaction per batch of 50 tenant-periods through rateTenantPeriodsInTransaction — the
 *    production path.
 *
 * Then it checks the job succeeded, that every (subscription, meter) got exactly one usage line,
 * and that each line's raw quantity equals the aggregate's sum. Prints one JSON line.
 * argv: <database url> <data dir> <period> <region id>
 */
import os from 'node:os';
import { sql } from 'kysely';
import { openApp } from '../../apps/server/src/bootstrap.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { systemContext } from '../../apps/server/src/context.ts';
import { transaction } from '../../apps/server/src/db/transaction.ts';
import type { JobRunner } from '../../apps/server/src/modules/jobs/runner.ts';
import { ratingWorkList, requestRerating } from '../../apps/server/src/modules/rating/rating.jobs.ts';
import { lastDayOfMonth } from '../../apps/server/src/modules/usage/rating-usage.ts';
import { ENCRYPTION_KEY } from './harness.ts';

const [databaseUrl, dataDir, period, regionId] = process.argv.slice(2) as [string, string, string, string];
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
const sqlite = databaseUrl.startsWith('sqlite:');
const log = (line: string) => process.stderr.write(`  ${line}\n`);

const measure = async <T>(work: () => Promise<T>) => {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const value = await work();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  return { value, seconds, cpuSeconds: (used.user + used.system) / 1e6 };
};

const aggregate = () =>
  measure(async () => {
    const sum = sqlite ? sql`decimal_sum(quantity)` : sql`sum(quantity)`;
    // On SQLite, the plan rating's own per-tenant query gets (rating-usage.repository.ts): the
    // primary key in order, `+local_day` keeping the region-day index out. With that index the
    // same statement took 56–65 s instead of about 30 s for 6.2 million rows (random row lookups
    // and a sort for the GROUP BY), which would flatter the ratio.
    const day = sqlite ? sql`+local_day` : sql`local_day`;
    const result = await sql<{
      azs_subscription_id: string;
      meter_id: string;
      sku: string;
      quantity: string;
    }>`
      select azs_subscription_id, meter_id, sku, ${sum} as quantity
      from usage_daily
      where region_id = ${regionId} and ${day} >= ${`${period}-01`} and ${day} <= ${lastDayOfMonth(period)}
      group by azs_subscription_id, meter_id, sku`.execute(db);
    return result.rows;
  });

const loadAverage = () => os.loadavg()[0]!;

const rowCount = Number(
  (
    await db
      .selectFrom('usage_daily')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
);

log('aggregate (1 of 2)…');
const load1 = loadAverage();
const first = await aggregate();
log(`  ${first.seconds.toFixed(2)} s, load ${load1.toFixed(1)}`);

log('rating through the rating.rate job…');
const ctx = systemContext(app, 'bench-rate');
await transaction(app.db, (trx) => requestRerating(trx, ctx, 'bench', { period }));
const loadRating = loadAverage();
const rating = await measure(() => (app.jobs as JobRunner).runNow());
log(`  ${rating.seconds.toFixed(2)} s, load ${loadRating.toFixed(1)}`);

// Reported, not part of the figure (the job above ran it): the work list's index seeks.
const workList = await measure(() => ratingWorkList(db, { period }));
log(`rating work list alone: ${workList.seconds.toFixed(2)} s (${workList.value.length} tenant-periods)`);

log('aggregate (2 of 2)…');
const load2 = loadAverage();
const second = await aggregate();
log(`  ${second.seconds.toFixed(2)} s, load ${load2.toFixed(1)}`);
const best = first.seconds <= second.seconds ? first : second;

// The job and its result.
const jobs = await db
  .selectFrom('jobs')
  .select(['status', 'last_error'])
  .where('type', '=', 'rating.rate')
  .execute();
if (jobs.length !== 1 || jobs[0]!.status !== 'succeeded')
  throw new Error(`the rating job did not succeed: ${JSON.stringify(jobs)}`);
const normal = (q: string) => (q.includes('.') ? q.replace(/0+$/, '').replace(/\.$/, '') : q);
const azsOf = new Map(
  (
    await db
      .selectFrom('subscriptions')
      .select(['id', 'azs_subscription_id'])
      .where('region_id', '=', regionId)
      .execute()
  ).map((s) => [s.id, s.azs_subscription_id!]),
);
const expected = new Map(
  best.value.map((r) => [`${r.azs_subscription_id}\u0000${r.meter_id}`, normal(String(r.quantity))]),
);
const lines = await db
  .selectFrom('rated_lines')
  .select(['subscription_id', 'meter_id', 'raw_quantity', 'kind'])
  .where('period', '=', period)
  .where('kind', '=', 'usage')
  .execute();
let mismatches = 0;
const seen = new Set<string>();
for (const line of lines) {
  const key = `${azsOf.get(line.subscription_id!)}\u0000${line.meter_id}`;
  if (seen.has(key)) mismatches += 1;
  seen.add(key);
  if (expected.get(key) !== normal(String(line.raw_quantity))) mismatches += 1;
}
if (lines.length !== expected.size || mismatches > 0)
  throw new Error(
    `rated lines disagree with the aggregate: ${lines.length} usage lines for ${expected.size} sums, ${mismatches} mismatch(es)`,
  );
const allLines = Number(
  (
    await db
      .selectFrom('rated_lines')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('period', '=', period)
      .executeTakeFirstOrThrow()
  ).n,
);
const ratedPeriods = Number(
  (
    await db
      .selectFrom('rated_periods')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('period', '=', period)
      .where('status', '=', 'rated')
      .executeTakeFirstOrThrow()
  ).n,
);
await app.db.destroy();
process.stdout.write(
  `${JSON.stringify({
    rows: rowCount,
    usageLines: lines.length,
    allLines,
    ratedPeriods,
    ratingSeconds: rating.seconds,
    ratingCpuSeconds: rating.cpuSeconds,
    ratingLoad: loadRating,
    workListSeconds: workList.seconds,
    aggregateSeconds: best.seconds,
    aggregateCpuSeconds: best.cpuSeconds,
    aggregateRuns: [first.seconds, second.seconds],
    aggregateLoads: [load1, load2],
    sums: expected.size,
    maxRssKb: process.resourceUsage().maxRSS,
  })}\n`,
);
