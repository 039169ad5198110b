/**
 * The pure rating core's benchmark (no database): `records` in-memory hourly usage records
 * (meter id, usage start as ISO UTC text, quantity as a plain decimal string with up to 18
 * places), accumulated exactly to period quantities per (meter, local month) with
 * UsageAccumulator and priced through the same period-quantity and tier/flat code that
 * rateTenantPeriod uses. Exported so `bench/rate.ts` (the database part) can run it too.
 */
import Big from 'big.js';
import {
  decimal,
  monthHours,
  type PeriodSum,
  periodQuantity,
  priceTiers,
  roundHalfAwayFromZero,
  type Tier,
  UsageAccumulator,
} from '../../packages/billing/src/index.ts';

export const RATE_CORE_TARGETS = { recordsPerSecond: 1_000_000 };
/** CloudKitty 17's rating engine on a machine like this one (issue 13). */
export const CLOUDKITTY_RECORDS_PER_SECOND = 194_000;

const TIME_ZONE = 'Europe/London';
const METERS = 20;
const HOURS = 744; // UTC hours from 2026-03-01T00:00Z: the last one is 1 April 00:00 BST locally
const START = Date.UTC(2026, 2, 1);

export interface RateCoreReport {
  records: number;
  meters: number;
  periods: string[];
  timeZone: string;
  accumulateSeconds: number;
  priceSeconds: number;
  cpuSeconds: number;
  recordsPerSecond: number;
  recordsPerCpuSecond: number;
  floatBaselineRecordsPerSecond: number;
  bigJsRecordsPerSecond: number;
  bigJsSample: number;
  ratioToFloatBaseline: number;
  ratioToBigJs: number;
  ratioToCloudKitty: number;
  target: number;
  met: boolean;
  exactCheck: string;
  pricedLines: number;
  pricedTotal: string;
}

/** xorshift32: a fast deterministic generator, so every run rates the same records. */
function generator(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

/**
 * Meter i: 0–4 VM hours (whole and half hours, priced per month), 5–9 managed-disk fractions
 * (1/744 written to 18 places), 10–19 GB-hours with up to 18 random fraction digits.
 */
function makeRecords(count: number) {
  const next = generator(20261206);
  const meterIds = Array.from({ length: METERS }, (_, i) => `meter-${String(i).padStart(2, '0')}-6dab500f`);
  const hourTexts = Array.from({ length: HOURS }, (_, h) => new Date(START + h * 3_600_000).toISOString());
  const meters: string[] = new Array(count);
  const starts: string[] = new Array(count);
  const quantities: string[] = new Array(count);
  const meterIndex = new Uint8Array(count);
  for (let r = 0; r < count; r++) {
    const m = r % METERS;
    meterIndex[r] = m;
    meters[r] = meterIds[m]!;
    starts[r] = hourTexts[Math.floor(r / METERS) % HOURS]!;
    if (m < 5) {
      quantities[r] = next() % 4 === 0 ? '0.5' : '1';
    } else if (m < 10) {
      quantities[r] = '0.001344086021505376';
    } else {
      const places = 1 + (next() % 18);
      const fraction = `${String(next() % 1_000_000_000).padStart(9, '0')}${String(next() % 1_000_000_000).padStart(9, '0')}`;
      // Concatenated into a flat string (as JSON parsing or a database driver would give).
      quantities[r] = `${next() % 100_000}.${fraction.slice(0, places)}`.split('').join('');
    }
  }
  return { meters, starts, quantities, meterIndex, meterIds };
}

const TIERS: Tier[] = [
  { from: '0', to: '1000', rate: '0.0125' },
  { from: '1000', to: '100000', rate: '0.0100' },
  { from: '100000', to: null, rate: '0.0075' },
];

/** Prices each (meter, period) sum as rating does: period quantity, then tiers (half) or a flat rate. */
function price(sums: PeriodSum[], meterIds: string[]) {
  let total = decimal('0');
  for (const sum of sums) {
    const m = meterIds.indexOf(sum.meterId);
    const perMonth = m < 10;
    const hours = monthHours(sum.period, TIME_ZONE, true);
    const quantity = periodQuantity(sum.quantity, perMonth ? 'month' : 'meter', hours);
    const exact =
      m % 2 === 0
        ? priceTiers(quantity, TIERS, m % 4 === 0 ? 'graduated' : 'volume').amount
        : quantity.times(decimal(perMonth ? '73.00' : '0.000123456789'));
    total = total.plus(roundHalfAwayFromZero(exact, 2));
  }
  return { lines: sums.length, total: total.toFixed(2) };
}

export function benchRateCore(records: number, log: (line: string) => void = console.log): RateCoreReport {
  log(
    `generating ${records.toLocaleString('en')} records (${METERS} meters, ${HOURS} UTC hours, ${TIME_ZONE})…`,
  );
  const data = makeRecords(records);

  // Warm-up on a slice, so the timed run measures optimised code as the service would run it.
  const warm = new UsageAccumulator(TIME_ZONE);
  for (let r = 0; r < Math.min(records, 200_000); r++)
    warm.add(data.meters[r]!, data.starts[r]!, data.quantities[r]!);

  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const accumulator = new UsageAccumulator(TIME_ZONE);
  for (let r = 0; r < records; r++) accumulator.add(data.meters[r]!, data.starts[r]!, data.quantities[r]!);
  const sums = accumulator.results();
  const t1 = performance.now();
  const priced = price(sums, data.meterIds);
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  // CPU time of the process (all threads, GC included): a busy machine disturbs it less than seconds.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const seconds = (t2 - t0) / 1000;
  const recordsPerSecond = records / seconds;

  // Baseline 1: binary floating point (inexact), per meter only — what a naive loop costs.
  const floats = new Float64Array(METERS);
  const f0 = performance.now();
  for (let r = 0; r < records; r++) floats[data.meterIndex[r]!]! += +data.quantities[r]!;
  const f1 = performance.now();
  const floatRate = records / ((f1 - f0) / 1000);

  // Baseline 2: big.js, one addition per record, on a sample (it is too slow for all of them),
  // also the oracle: the accumulator over the same sample must give exactly the same sums.
  const sample = Math.min(records, 1_000_000);
  const bigSums = new Map<string, Big>();
  const periodOfHour = new Map<string, string>();
  const b0 = performance.now();
  for (let r = 0; r < sample; r++) {
    const hour = data.starts[r]!.slice(0, 13);
    let period = periodOfHour.get(hour);
    if (period === undefined) {
      period = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit' })
        .format(new Date(data.starts[r]!))
        .slice(0, 7);
      periodOfHour.set(hour, period);
    }
    const key = `${data.meters[r]} ${period}`;
    bigSums.set(key, (bigSums.get(key) ?? new Big(0)).plus(data.quantities[r]!));
  }
  const b1 = performance.now();
  const bigRate = sample / ((b1 - b0) / 1000);
  const check = new UsageAccumulator(TIME_ZONE);
  for (let r = 0; r < sample; r++) check.add(data.meters[r]!, data.starts[r]!, data.quantities[r]!);
  const mismatches = check
    .results()
    .filter((s) => !new Big(s.quantity).eq(bigSums.get(`${s.meterId} ${s.period}`) ?? new Big(-1)));
  const exactCheck =
    mismatches.length === 0 && check.results().length === bigSums.size
      ? `identical to big.js on the first ${sample.toLocaleString('en')} records (${bigSums.size} sums)`
      : `MISMATCH on ${mismatches.length} sums`;

  const report: RateCoreReport = {
    records,
    meters: METERS,
    periods: [...new Set(sums.map((s) => s.period))].sort(),
    timeZone: TIME_ZONE,
    accumulateSeconds: (t1 - t0) / 1000,
    priceSeconds: (t2 - t1) / 1000,
    cpuSeconds,
    recordsPerSecond,
    recordsPerCpuSecond: records / cpuSeconds,
    floatBaselineRecordsPerSecond: floatRate,
    bigJsRecordsPerSecond: bigRate,
    bigJsSample: sample,
    ratioToFloatBaseline: recordsPerSecond / floatRate,
    ratioToBigJs: recordsPerSecond / bigRate,
    ratioToCloudKitty: recordsPerSecond / CLOUDKITTY_RECORDS_PER_SECOND,
    target: RATE_CORE_TARGETS.recordsPerSecond,
    met: recordsPerSecond >= RATE_CORE_TARGETS.recordsPerSecond,
    exactCheck,
    pricedLines: priced.lines,
    pricedTotal: priced.total,
  };
  const n = (v: number) => Math.round(v).toLocaleString('en');
  log(
    `periods: ${report.periods.join(', ')}; ${priced.lines} priced (meter, period) lines, total ${priced.total}`,
  );
  log(
    `rate-core: ${n(records)} records accumulated in ${report.accumulateSeconds.toFixed(2)} s, priced in ${(report.priceSeconds * 1000).toFixed(1)} ms`,
  );
  log(
    `  exact accumulation + pricing: ${n(recordsPerSecond)} records/s (${n(records / cpuSeconds)} per CPU second, ${((cpuSeconds / records) * 1e9).toFixed(0)} ns CPU per record)`,
  );
  log(
    `  baseline float64 sum per meter (inexact, no periods): ${n(floatRate)} records/s; ratio ${(report.ratioToFloatBaseline * 100).toFixed(0)} %`,
  );
  log(
    `  baseline big.js per record (${n(sample)} sampled): ${n(bigRate)} records/s; core is ${report.ratioToBigJs.toFixed(1)}× big.js`,
  );
  log(
    `  CloudKitty 17 reference ${n(CLOUDKITTY_RECORDS_PER_SECOND)} records/s: core is ${report.ratioToCloudKitty.toFixed(1)}×`,
  );
  log(`  exactness: ${exactCheck}`);
  log(`  target ≥ ${n(report.target)} records/s: ${report.met ? 'met' : 'MISSED'}`);
  if (mismatches.length > 0) throw new Error('rate-core: the exact accumulator disagrees with big.js');
  return report;
}
