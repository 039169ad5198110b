/**
 * The pulling thread of a usage collection run (a worker thread, see pull-thread.ts). Fetching,
 * parsing and preparing usage pages costs about as much CPU as writing them; on its own thread it
 * runs while the main thread writes the previous window, so a run uses two cores instead of one.
 *
 * It pulls the run's windows (two at a time) and posts each window's units as soon as they are complete,
 * on the port the main thread reads at each window's turn (pull-thread.ts), never more than
 * `lookahead` windows ahead of what the main thread asked for (memory stays that of a few windows,
 * whatever the range). A complete unit travels prepared for storage
 * (prepare.ts: rows keyed and summed, daily deltas), so the main thread only writes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AzureStackClient, type PullUnit, type UsageWindow } from '../../integrations/azure-stack/index.ts';
import { packUnit } from './packed-unit.ts';
import { type PrepareOptions, prepareUnit } from './prepare.ts';
import type { PullThreadInput, ThreadMessage, WindowMessage, WireUnit } from './pull-thread.ts';

/** A unit as it crosses back: a complete one prepared and packed, a failure as kind and message. */
function toWire(unit: PullUnit, options: PrepareOptions): WireUnit {
  if (unit.status === 'complete') {
    return {
      status: 'complete',
      subscriberId: unit.subscriberId,
      packed: packUnit(
        prepareUnit(
          { window: unit.window.start, subscriberId: unit.subscriberId, records: unit.records },
          options,
        ),
      ),
    };
  }
  if (unit.status === 'skipped')
    return { status: 'skipped', subscriberId: unit.subscriberId, note: unit.note };
  return {
    status: 'failed',
    subscriberId: unit.subscriberId,
    fallback: unit.fallback,
    error: { kind: unit.error.kind, message: unit.error.message },
  };
}

async function run(input: PullThreadInput): Promise<void> {
  const port = parentPort!;
  const client = new AzureStackClient(input.connection, { retry: input.retry });
  const prepare: PrepareOptions = { regionId: input.regionId, meters: new Map(input.meters) };
  // Subscribers for the per-subscriber fallback: those the region ever reported, those this run
  // has seen so far, and the admin API's list (read each time a fallback needs it).
  const known = new Set(input.knownSubscribers);
  const subscribers = async (): Promise<string[]> => {
    const listed = await client.listAdminSubscriptions().then(
      (subs) => subs.map((s) => s.subscriptionId),
      () => [] as string[],
    );
    return [...new Set([...known, ...listed])];
  };

  let allowed = input.lookahead;
  let wake: (() => void) | null = null;
  port.on('message', (message: { upTo: number }) => {
    allowed = message.upTo;
    wake?.();
  });

  const pull = async (window: UsageWindow): Promise<PullUnit[]> => {
    const units: PullUnit[] = [];
    if (input.subscriber !== null) units.push(await client.pullUnit(window, input.subscriber));
    else for await (const unit of client.pullWindow(window, { subscribers })) units.push(unit);
    return units;
  };
  // The next window's pages are fetched while this one is parsed and prepared: the thread would
  // otherwise sit idle for every page's round trip. Results are still posted in window order.
  const pulling = new Map<number, Promise<PullUnit[]>>();
  let started = 0;
  for (let index = 0; index < input.windows.length; index++) {
    while (index >= allowed) await new Promise<void>((resolve) => (wake = resolve));
    wake = null;
    while (started < input.windows.length && started < allowed && started <= index + 1) {
      const units = pull(input.windows[started]!);
      // Awaited in order below; a failure of a later window must not count as unhandled before then.
      units.catch(() => undefined);
      pulling.set(started++, units);
    }
    const units = await pulling.get(index)!;
    pulling.delete(index);
    for (const unit of units) {
      if (unit.status === 'complete') for (const record of unit.records) known.add(record.subscriptionId);
    }
    const message: WindowMessage = { index, units: units.map((unit) => toWire(unit, prepare)) };
    input.windowsPort.postMessage(message);
    const ready: ThreadMessage = { type: 'ready', index };
    port.postMessage(ready);
  }
}

run(workerData as PullThreadInput).catch((error: unknown) => {
  const message: ThreadMessage = {
    type: 'crash',
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  };
  parentPort!.postMessage(message);
});
