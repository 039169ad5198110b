/**
 * `npm run bench -- rate-core [--records=10000000]`: the pure rating core on in-memory hourly
 * records (see bench/lib/rate-core.ts and bench/README.md). No database.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS_DIR, readOptions } from './lib/harness.ts';
import { benchRateCore } from './lib/rate-core.ts';

const options = readOptions();
const records = options.number('records', 10_000_000);
options.rejectUnknown();

const report = benchRateCore(records);
mkdirSync(RESULTS_DIR, { recursive: true });
const file = join(RESULTS_DIR, `rate-core-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify({ node: process.version, ...report }, null, 2)}\n`);
console.log(`results: ${file}`);
