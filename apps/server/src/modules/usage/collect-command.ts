import { parseArgs } from 'node:util';
import type { AppContext } from '../../context.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import { collectUsage, UsageCollectionError } from './collect.ts';

/** An ISO-8601 date-time with an explicit offset (Z or ±hh:mm): a bare local time is ambiguous. */
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export const COLLECT_USAGE_USAGE =
  'collect-usage --region <id> --from <time> --to <time>   (times with an offset: 2024-03-01T00:00:00+01:00)';

export interface CommandOutput {
  /** Progress and errors go to stderr; a TTY gets a redrawn bar, anything else plain lines. */
  stderr: { write(text: string): unknown; isTTY?: boolean };
  stdout: { write(text: string): unknown };
}

/** Parses and checks the arguments; a message naming the option, or the request. */
export function parseCollectUsageArgs(
  args: string[],
): { error: string } | { regionId: string; from: string; to: string } {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: { region: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
    }));
  } catch (error) {
    return { error: (error as Error).message };
  }
  const { region, from, to } = values as { region?: string; from?: string; to?: string };
  if (!region) return { error: 'collect-usage needs --region <id>' };
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!value) return { error: `collect-usage needs --${name} <time>` };
    if (!WITH_OFFSET.test(value) || Number.isNaN(Date.parse(value))) {
      return {
        error: `--${name} must be an ISO-8601 date-time with an offset (e.g. 2024-03-01T00:00:00Z or 2024-03-01T00:00:00+01:00), got '${value}'`,
      };
    }
  }
  if (Date.parse(to!) <= Date.parse(from!)) return { error: '--to must be after --from' };
  return { regionId: region, from: from!, to: to! };
}

function bar(done: number, total: number): string {
  const width = 30;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
}

/**
 * `cms collect-usage`: the manual collection of a region's usage, in this process (each window's
 * writes in a transaction of their own, as the job runner does). Returns the exit code.
 */
export async function runCollectUsageCommand(
  app: AppContext,
  parsed: { regionId: string; from: string; to: string },
  out: CommandOutput,
): Promise<number> {
  const tty = out.stderr.isTTY === true;
  try {
    const result = await collectUsage(
      app,
      { regionId: parsed.regionId, mode: 'manual', from: parsed.from, to: parsed.to },
      {
        transaction: (work) => transaction(app.db, work),
        progress: (done, total, message) => {
          out.stderr.write(
            tty ? `\r${bar(done, total)} ${message}\u001b[K` : `${done}/${total} ${message}\n`,
          );
        },
      },
    );
    if (tty) out.stderr.write('\n');
    out.stdout.write(
      `Collected ${result.windows} reported window(s) of region ${result.regionId}: ${result.records} record(s), ` +
        `${result.units.stored} stored, ${result.units.held} held, ${result.units.skipped} skipped; watermark ${result.watermark ?? 'none'}.\n`,
    );
    return 0;
  } catch (error) {
    if (tty) out.stderr.write('\n');
    if (error instanceof UsageCollectionError || error instanceof AppError) {
      out.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
