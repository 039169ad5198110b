import { parseArgs } from 'node:util';
import { loadScenario, ScenarioError } from './scenario.ts';
import { createEmulator } from './server.ts';
import { HOUR_MS, hourIndex, parseIsoWithOffset } from './time.ts';
import { type Cursor, recordJson, usagePage } from './usage.ts';

/**
 * CLI.
 *   azs-emulator --scenario <file.json> [--port 0] [--host 127.0.0.1]
 *     Serves every region of the scenario. Prints the listening URL as the first stdout line, then
 *     one line per region: `region <name> <identity> <admin ARM endpoint>`.
 *   azs-emulator dump --scenario <file.json> --region <name> --from <time> --to <time> [--granularity Hourly|Daily]
 *     Prints, one JSON record per line, exactly what the usage API serves for that reported range
 *     (all subscribers, all pages): the expected data for a collection test, without HTTP.
 */

const USAGE = `usage: azs-emulator --scenario <file> [--port <n>] [--host <addr>]
       azs-emulator dump --scenario <file> --region <name> --from <iso> --to <iso> [--granularity Hourly|Daily]`;

function fail(message: string): never {
  process.stderr.write(`azs-emulator: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      scenario: { type: 'string' },
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      region: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      granularity: { type: 'string', default: 'Hourly' },
    },
  });
  if (values.scenario === undefined) fail('--scenario is required');
  let scenario: ReturnType<typeof loadScenario>;
  try {
    scenario = loadScenario(values.scenario);
  } catch (error) {
    if (error instanceof ScenarioError) fail(`scenario: ${error.message}`);
    throw error;
  }
  if (positionals[0] === 'dump') {
    dump(scenario, values.region, values.from, values.to, values.granularity).catch((error: unknown) => {
      process.stderr.write(`azs-emulator: ${(error as Error).message}\n`);
      process.exit(1);
    });
    return;
  }
  if (positionals.length > 0) fail(`unknown command '${positionals[0]}'`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) fail('--port must be 0..65535');
  const server = createEmulator(scenario);
  server.listen(port, values.host, () => {
    const address = server.address();
    if (address === null || typeof address === 'string') fail('could not read the listening address');
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const origin = `http://${host}:${address.port}`;
    const lines = [
      origin,
      ...scenario.regions.map((r) => `region ${r.name} ${r.identity} ${origin}/${r.name}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  });
  const stop = () => {
    server.close(() => process.exit(0));
    // Held requests (a "timeout" fault) would keep close() waiting.
    server.closeAllConnections();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function dump(
  scenario: ReturnType<typeof loadScenario>,
  regionName: string | undefined,
  from: string | undefined,
  to: string | undefined,
  granularityText: string,
): Promise<void> {
  const region = scenario.regions.find((r) => r.name === regionName);
  if (region === undefined) fail(`--region must name a region of the scenario`);
  const startMs = parseIsoWithOffset(from ?? '');
  const endMs = parseIsoWithOffset(to ?? '');
  if (startMs === null || endMs === null || endMs <= startMs)
    fail('--from and --to must be ISO times with an offset, from < to');
  if (granularityText !== 'Hourly' && granularityText !== 'Daily')
    fail('--granularity must be Hourly or Daily');
  const unit = granularityText === 'Daily' ? 24 * HOUR_MS : HOUR_MS;
  if (startMs % unit !== 0 || endMs % unit !== 0) fail('--from and --to must be aligned to the granularity');
  const query = {
    granularity: granularityText,
    startHour: hourIndex(startMs),
    endHour: hourIndex(endMs),
    firstStream: 0,
    endStream: region.streams.length,
  } as const;
  let cursor: Cursor | null = null;
  do {
    const page = usagePage(scenario.seed, region, query, cursor, 1000);
    const text = page.items.map((item) => `${recordJson(scenario.seed, region, item)}\n`).join('');
    // Wait for the pipe to drain, so a month of records streams through in constant memory.
    if (!process.stdout.write(text)) await new Promise((resolve) => process.stdout.once('drain', resolve));
    cursor = page.next;
  } while (cursor !== null);
}

main();
