/**
 * The collecting process of `npm run bench -- ingest`: runs collectUsage for one reported range,
 * as `cms collect-usage` would, and prints one JSON line with what it measured, its peak resident
 * set size included (process.resourceUsage().maxRSS: no /usr/bin/time needed) and the CPU time it
 * spent collecting (every thread of the process; a figure a busy machine disturbs less than seconds).
 * argv: <database url> <data dir> <region id> <from> <to>
 */
import { openApp } from '../../apps/server/src/bootstrap.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { transaction } from '../../apps/server/src/db/transaction.ts';
import { collectUsage } from '../../apps/server/src/modules/usage/collect.ts';
import { ENCRYPTION_KEY } from './harness.ts';

const [databaseUrl, dataDir, regionId, from, to] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
const app = await openApp(
  loadConfig({
    DATABASE_URL: databaseUrl,
    CMS_DATA_DIR: dataDir,
    CMS_ENCRYPTION_KEY: ENCRYPTION_KEY,
    LOG_LEVEL: 'silent',
  }),
  () => {},
);
// The timer starts before collectUsage's first request to the emulator and stops after the commit
// of the last window (its daily aggregates are written in the same transaction).
const started = process.hrtime.bigint();
const cpuBefore = process.cpuUsage();
const result = await collectUsage(
  app,
  { regionId, mode: 'manual', from, to },
  {
    transaction: (work) => transaction(app.db, work),
    progress: (done, total) => {
      if (done % 100 === 0) process.stderr.write(`  ${done}/${total} windows\n`);
    },
  },
);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
await app.db.destroy();
process.stdout.write(
  `${JSON.stringify({ seconds, cpuSeconds, records: result.records, windows: result.windows, failed: result.failedWindows, maxRssKb: process.resourceUsage().maxRSS })}\n`,
);
