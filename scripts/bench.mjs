// `npm run bench [-- name… --option=value…]`: runs the named benchmarks (bench/<name>.ts), or all
// of them when none is named, one after another so they never compete for the machine. Arguments
// starting with `--` (e.g. `--engine=postgres`, `--cache=off`) are passed to each benchmark. Each benchmark prints
// its own figures and writes bench/results/<name>-<timestamp>.json; this exits non-zero when any
// of them failed to run (a missed target is reported by the benchmark, not a failure).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(root, 'bench');

// Every top-level bench/*.ts is a benchmark; shared code lives in bench/lib/.
const known = readdirSync(benchDir)
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
  .map((file) => file.slice(0, -'.ts'.length))
  .sort();

const args = process.argv.slice(2);
const options = args.filter((arg) => arg.startsWith('--'));
const requested = args.filter((arg) => !arg.startsWith('--'));
const unknown = requested.filter((name) => !known.includes(name));
if (unknown.length > 0) {
  console.error(`Unknown benchmark${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`);
  console.error(`Known benchmarks: ${known.join(', ')}`);
  console.error('Usage: npm run bench [-- <name>… --option=value…]   (no name runs them all)');
  process.exit(2);
}

const failed = [];
for (const name of requested.length > 0 ? requested : known) {
  console.log(`\n=== bench: ${name} ===`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(benchDir, `${name}.ts`), ...options], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    failed.push(name);
    console.error(`bench ${name} failed (${run.signal ?? `exit code ${run.status}`})`);
  }
}
if (failed.length > 0) {
  console.error(`\nFailed: ${failed.join(', ')}`);
  process.exit(1);
}
