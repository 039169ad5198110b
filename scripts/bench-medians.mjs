// `node scripts/bench-medians.mjs [--since=2026-12-06T02:00] [--until=…]`: every
// bench/results/api-*.json of full runs (10,000 tenants, 10 s phases) started in that window, one
// line each, and per engine and cache setting the medians the issue-9 note reports: scoped list
// (token and session) / health, and successful writes / health with write requests per second.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'bench', 'results');
const option = (name) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
const since = option('since') ?? '';
const until = option('until') ?? '9999';

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

let files = [];
try {
  files = readdirSync(resultsDir).filter((file) => /^api-.*\.json$/.test(file));
} catch {
  // no results yet
}
const runs = files
  .map((file) => JSON.parse(readFileSync(join(resultsDir, file), 'utf8')))
  .filter(
    (run) =>
      run.writes &&
      run.startedAt >= since &&
      run.startedAt < until &&
      run.dataset.tenants === 10_000 &&
      run.load.measureSeconds === 10,
  )
  .sort((a, b) => a.startedAt.localeCompare(b.startedAt));

const groups = new Map();
for (const run of runs) {
  const key = `${run.database}, cache ${run.responseCache === 'off' ? 'off' : 'on'}`;
  if (!groups.has(key)) groups.set(key, []);
  groups.get(key).push(run);
  const w = run.writes;
  console.log(
    `${key.padEnd(20)} ${run.startedAt.slice(0, 16)}  list/health token ${run.ratios.token.toFixed(4)} ` +
      `session ${run.ratios.session.toFixed(4)}  writes ${w.requestsPerSecond.toFixed(0)}/s 2xx ` +
      `(${w.allRequestsPerSecond.toFixed(0)}/s all), p99 ${w.latencyMs.p99} ms, writes/health ${run.ratios.writes.toFixed(4)}, ` +
      `non-2xx ${JSON.stringify(w.non2xxByStatus)}`,
  );
}
console.log('');
for (const [key, group] of groups) {
  console.log(
    `${key.padEnd(20)} runs ${group.length}: median list/health token ${median(group.map((r) => r.ratios.token)).toFixed(4)}, ` +
      `session ${median(group.map((r) => r.ratios.session)).toFixed(4)}; median writes/health ` +
      `${median(group.map((r) => r.ratios.writes)).toFixed(4)}, writes ${median(group.map((r) => r.writes.requestsPerSecond)).toFixed(0)}/s, ` +
      `write p99 ${median(group.map((r) => r.writes.latencyMs.p99))} ms`,
  );
}
if (groups.size === 0) console.log('No full api runs with a write phase in that window.');
