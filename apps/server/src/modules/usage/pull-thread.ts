import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import {
  type AzureStackConnection,
  AzureStackError,
  type AzureStackErrorKind,
  type RetryPolicy,
  type UsageWindow,
} from '../../integrations/azure-stack/index.ts';
import { type PackedUnit, unpackUnit } from './packed-unit.ts';
import type { MeterFlags, PreparedUnit, UnitRows } from './prepare.ts';

/**
 * Where a collection run gets its windows from: a worker thread (pull-worker.ts) that fetches,
 * parses and prepares (prepare.ts) the windows in order on a core of its own, a few windows ahead
 * of the one the calling thread is storing. Only plain data crosses: the connection, the retry
 * policy, the meter flags; back come prepared units and failures as kind and message.
 */

/** One unit of a window as the collector uses it: a complete one comes prepared for storage. */
export type CollectedUnit =
  | { status: 'complete'; subscriberId: string | null; prepared: PreparedUnit<UnitRows> }
  | { status: 'skipped'; subscriberId: string; note: string }
  | { status: 'failed'; subscriberId: string | null; fallback: boolean; error: AzureStackError };

export interface WindowPull {
  window: UsageWindow;
  units: CollectedUnit[];
}

export interface WindowSource {
  /** The next window's units; rejects when the pulling itself broke (not when a unit failed). */
  next(): Promise<WindowPull>;
  /** Stops pulling (at the end, after a fatal failure, or when the run is stopped). */
  close(): Promise<void>;
}

export interface PullPlan {
  connection: AzureStackConnection;
  retry: Partial<RetryPolicy> | undefined;
  windows: UsageWindow[];
  /** Pull this subscriber only; null: every subscriber (with the per-subscriber fallback). */
  subscriber: string | null;
  /** Every subscriber the region has reported, for the fallback. */
  knownSubscribers: () => Promise<string[]>;
  regionId: string;
  /** The meter catalog's flags (prepare.ts). */
  meters: ReadonlyMap<string, MeterFlags>;
}

/** Windows the pulling thread may run ahead of the one being stored. */
const LOOKAHEAD = 2;

/** What crosses to the pulling thread (structured clone: plain data only). */
export interface PullThreadInput {
  connection: AzureStackConnection;
  retry: Partial<RetryPolicy> | undefined;
  windows: UsageWindow[];
  subscriber: string | null;
  knownSubscribers: string[];
  lookahead: number;
  regionId: string;
  meters: [string, MeterFlags][];
  /** Where the windows go (see windowSource); the worker's own port carries `ready` and `crash`. */
  windowsPort: MessagePort;
}

/**
 * A unit as it crosses back: a complete one packed (packed-unit.ts), an error as its kind and
 * message (a clone would lose its class).
 */
export type WireUnit =
  | { status: 'complete'; subscriberId: string | null; packed: PackedUnit }
  | Extract<CollectedUnit, { status: 'skipped' }>
  | {
      status: 'failed';
      subscriberId: string | null;
      fallback: boolean;
      error: { kind: AzureStackErrorKind; message: string };
    };

export interface WindowMessage {
  index: number;
  units: WireUnit[];
}

export type ThreadMessage = { type: 'ready'; index: number } | { type: 'crash'; message: string };

/**
 * The pulling thread's entry: under tsx (development, tests, the benchmark) a bootstrap that
 * registers tsx in the thread and imports the TypeScript source; in the bundle, the worker file
 * esbuild writes beside main.js (build.mjs).
 */
function workerEntry(): { url: URL; entry: string | null } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    return { url: new URL('./pull-worker-boot.mjs', here), entry: new URL('./pull-worker.ts', here).href };
  }
  return { url: new URL('./usage-pull-worker.js', here), entry: null };
}

function fromWire(unit: WireUnit): CollectedUnit {
  if (unit.status === 'complete')
    return { status: 'complete', subscriberId: unit.subscriberId, prepared: unpackUnit(unit.packed) };
  if (unit.status === 'skipped') return unit;
  return { ...unit, error: new AzureStackError(unit.error.kind, unit.error.message) };
}

export async function windowSource(plan: PullPlan): Promise<WindowSource> {
  const { url, entry } = workerEntry();
  // The windows pulled ahead wait on a port that nothing listens to, still serialized outside the
  // JavaScript heap, and each is received (deserialized) only at its turn. Delivered as soon as
  // they were ready, they waited in this thread's heap for up to LOOKAHEAD windows of writes,
  // outlived young-generation collections there on MariaDB and PostgreSQL (network round trips)
  // and piled up in the old generation until the next full collection (bench/README.md, ingest).
  const channel = new MessageChannel();
  const windowsPort = channel.port1;
  const input: PullThreadInput = {
    connection: plan.connection,
    retry: plan.retry,
    windows: plan.windows,
    subscriber: plan.subscriber,
    knownSubscribers: plan.subscriber === null ? await plan.knownSubscribers() : [],
    lookahead: LOOKAHEAD,
    regionId: plan.regionId,
    meters: [...plan.meters],
    windowsPort: channel.port2,
  };
  const worker = new Worker(url, { workerData: { ...input, entry }, transferList: [channel.port2] });
  let ready = 0;
  let failure: Error | null = null;
  let waiting: { resolve: () => void } | null = null;
  const settle = () => {
    waiting?.resolve();
    waiting = null;
  };
  worker.on('message', (message: ThreadMessage) => {
    if (message.type === 'crash') failure = new Error(`The usage pulling thread failed: ${message.message}`);
    else ready = message.index + 1;
    settle();
  });
  worker.on('error', (error) => {
    failure = error;
    settle();
  });
  worker.on('exit', (code) => {
    failure ??= new Error(`The usage pulling thread exited (code ${code}).`);
    settle();
  });
  let next = 0;
  let closed = false;
  return {
    async next() {
      const index = next++;
      worker.postMessage({ upTo: index + 1 + LOOKAHEAD });
      for (;;) {
        // Windows are posted in order, each before its `ready`: this one is next on the port.
        if (ready > index) {
          const { units } = receiveMessageOnPort(windowsPort)!.message as WindowMessage;
          return { window: plan.windows[index]!, units: units.map(fromWire) };
        }
        if (failure !== null) throw failure;
        await new Promise<void>((resolve) => (waiting = { resolve }));
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      worker.removeAllListeners('exit');
      await worker.terminate();
      windowsPort.close();
    },
  };
}
