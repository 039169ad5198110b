import type { Kysely } from 'kysely';
import { type AppContext, type RequestContext, systemContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import {
  AzureStackClient,
  type AzureStackClientOptions,
  type AzureStackError,
  type UsageWindow,
} from '../../integrations/azure-stack/index.ts';
import {
  advanceUsageWatermark,
  type CollectionRegion,
  collectionRegion,
  lockRegionForUsage,
  markSeenInUsage,
  recordCollectionOutcome,
  regionSubscribers,
} from '../regions/collection.service.ts';
import { azureStackMeterFlags } from './meters.service.ts';
import { type CollectedUnit, windowSource } from './pull-thread.ts';
import { type StoreResult, storePrepared, storeUnit } from './store.ts';
import {
  alertCollectionFailed,
  alertHeldPull,
  alertUnknownMeter,
  resolveCollectionFailed,
  resolveHeldPull,
} from './usage.alerts.ts';
import { findPull } from './usage.repository.ts';

/**
 * Usage collection for one region: the reported windows of the request, pulled hour by hour
 * (Hourly only: Daily data has other natural keys and is never stored), each complete unit stored
 * in a transaction of its own (store.ts), the watermark moved over the gap-free prefix of handled
 * windows. Every step is idempotent, so a run that was killed is resumed by running it again.
 */

export interface CollectRequest {
  regionId: string;
  /** scheduled: from the watermark minus the collection window to the last whole hour. */
  mode: 'scheduled' | 'manual';
  /** manual: the instants to cover (the collection window is added after `to`). */
  from?: string;
  to?: string;
  /** Collect this subscriber only (a subscription's Update Usage). */
  azsSubscriptionId?: string;
  jobId?: string | null;
}

export interface CollectHooks {
  /** Runs one unit's writes atomically: the job runner's fenced transaction, or transaction(app.db, …). */
  transaction<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  progress(done: number, total: number, message: string): void | Promise<void>;
  signal?: AbortSignal;
  /**
   * Azure Stack client retry timings: tests and the benchmark shorten the waits. Plain data only:
   * the pulling thread gets a copy (pull-thread.ts).
   */
  client?: Pick<AzureStackClientOptions, 'retry'>;
}

export interface CollectResult {
  regionId: string;
  windows: number;
  /** Windows whose every unit was stored (or held, or skipped as not a direct tenant). */
  handledWindows: number;
  failedWindows: number;
  units: { stored: number; held: number; skipped: number; failed: number };
  /** Records the stamp served in stored and held units. */
  records: number;
  watermark: string | null;
  /** Operator-readable, one per failed unit (first 20). */
  errors: string[];
}

/** Thrown after a run with failed windows has recorded its outcome (the region error, an alert). */
export class UsageCollectionError extends Error {
  override readonly name = 'UsageCollectionError';
  constructor(
    message: string,
    readonly result: CollectResult,
  ) {
    super(message);
  }
}

const HOUR_MS = 3_600_000;

/** Failures after which no other window of the run can succeed: stop asking. */
const FATAL_KINDS = new Set([
  'unreachable',
  'tls',
  'invalid-client',
  'invalid-tenant',
  'invalid-resource',
  'token-refused',
  'token-audience',
  'unauthorized',
  'forbidden',
  'provider-subscription-unknown',
]);

const clients = new WeakMap<AppContext, Map<string, AzureStackClient>>();

/** One client per region and connection for the process (it caches the token and the metadata). */
function clientFor(
  app: AppContext,
  region: CollectionRegion,
  options: AzureStackClientOptions | undefined,
): AzureStackClient {
  const connection = region.connection!;
  const key = JSON.stringify([region.id, connection, options?.retry ?? null]);
  let perApp = clients.get(app);
  if (perApp === undefined) {
    perApp = new Map();
    clients.set(app, perApp);
  }
  let client = perApp.get(key);
  if (client === undefined) {
    for (const existing of perApp.keys()) if (existing.startsWith(`["${region.id}"`)) perApp.delete(existing);
    client = new AzureStackClient(connection, options);
    perApp.set(key, client);
  }
  return client;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function parseInstant(field: string, value: string | undefined): number {
  const ms = value === undefined ? Number.NaN : Date.parse(value);
  if (!Number.isFinite(ms)) {
    throw new AppError('validation_failed', `${field} must be an ISO-8601 date-time with an offset.`, [
      { field, message: 'Give a date-time with an offset, e.g. 2024-03-01T00:00:00Z.' },
    ]);
  }
  return ms;
}

/** The reported windows a request covers, as hour starts in ms; never a window that has not ended. */
export function windowsOf(
  request: CollectRequest,
  region: Pick<CollectionRegion, 'collectionWindowHours' | 'usageWatermark'>,
  nowMs: number,
): number[] {
  const lastWhole = Math.floor(nowMs / HOUR_MS) * HOUR_MS;
  const look = region.collectionWindowHours * HOUR_MS;
  let start: number;
  let end: number;
  if (request.mode === 'scheduled') {
    start = (region.usageWatermark === null ? lastWhole : Date.parse(region.usageWatermark)) - look;
    end = lastWhole;
  } else {
    const from = parseInstant('from', request.from);
    const to = parseInstant('to', request.to);
    if (to <= from) {
      throw new AppError('validation_failed', 'to must be after from.', [
        { field: 'to', message: 'Must be after from.' },
      ]);
    }
    start = Math.floor(from / HOUR_MS) * HOUR_MS;
    end = Math.min(Math.ceil(to / HOUR_MS) * HOUR_MS + look, lastWhole);
  }
  const windows: number[] = [];
  for (let t = start; t < end; t += HOUR_MS) windows.push(t);
  return windows;
}

export async function collectUsage(
  app: AppContext,
  request: CollectRequest,
  hooks: CollectHooks,
): Promise<CollectResult> {
  const region = await collectionRegion(app, request.regionId);
  if (region === null) throw new AppError('not_found', `Region ${request.regionId} does not exist.`);
  if (region.kind !== 'azure_stack' || region.connection === null) {
    throw new AppError(
      'validation_failed',
      `Region ${region.name} has no Azure Stack Hub connection to collect from.`,
      [{ field: 'regionId', message: 'Not an Azure Stack Hub region with a complete connection.' }],
    );
  }
  const ctx = systemContext(app, request.jobId ?? 'collect-usage');
  const subscriber = request.azsSubscriptionId?.trim().toLowerCase() ?? null;
  const windows = windowsOf(request, region, app.clock());
  const meters = await azureStackMeterFlags(app.db.kysely);
  const runAt = nowIso(app.clock);
  const result: CollectResult = {
    regionId: region.id,
    windows: windows.length,
    handledWindows: 0,
    failedWindows: 0,
    units: { stored: 0, held: 0, skipped: 0, failed: 0 },
    records: 0,
    watermark: region.usageWatermark,
    errors: [],
  };
  const seen = new Set<string>();
  const alerted = new Set<string>();
  let fatal: AzureStackError | null = null;
  // The watermark moves over a gap-free run of handled windows that starts at or before it.
  let prefixOpen =
    subscriber === null &&
    (region.usageWatermark === null ||
      (windows.length > 0 && windows[0]! <= Date.parse(region.usageWatermark)));

  const store = async (
    window: UsageWindow,
    unit: CollectedUnit & { status: 'complete' },
  ): Promise<StoreResult> => {
    const now = nowIso(app.clock);
    const outcome = await hooks.transaction(async (trx) => {
      await lockRegionForUsage(trx, region.id);
      const stored = await storePrepared(trx, unit.prepared, {
        region: { id: region.id, time_zone: region.timeZone },
        jobId: request.jobId ?? null,
        now,
      });
      const fresh = stored.subscriptions.filter((s) => !seen.has(s));
      if (fresh.length > 0) await markSeenInUsage(trx, region.id, fresh, now);
      if (stored.status === 'held') {
        await alertHeldPull(trx, ctx, region, window.start, unit.subscriberId, stored.changes);
      } else {
        await resolveHeldPull(trx, ctx, region.id, window.start, unit.subscriberId);
        for (const meterId of stored.unknownMeters) {
          if (!alerted.has(meterId)) await alertUnknownMeter(trx, ctx, region, meterId, window.start);
        }
      }
      return stored;
    });
    for (const s of outcome.subscriptions) seen.add(s);
    if (outcome.status === 'stored') for (const m of outcome.unknownMeters) alerted.add(m);
    return outcome;
  };

  const source = await windowSource({
    connection: region.connection,
    retry: hooks.client?.retry,
    windows: windows.map((startMs) => ({
      granularity: 'Hourly',
      start: iso(startMs),
      end: iso(startMs + HOUR_MS),
    })),
    subscriber,
    knownSubscribers: () => regionSubscribers(app, region.id),
    regionId: region.id,
    meters,
  });
  try {
    for (let i = 0; i < windows.length; i++) {
      // Stopped (cancelled, or the job lost its lease): what is stored stays, a re-run resumes.
      hooks.signal?.throwIfAborted();
      const current = await source.next();
      let handled = true;
      for (const unit of current.units) {
        if (unit.status === 'complete') {
          const stored = await store(current.window, unit);
          result.records += stored.records;
          if (stored.status === 'held') result.units.held++;
          else result.units.stored++;
        } else if (unit.status === 'skipped') {
          result.units.skipped++;
        } else if (unit.fallback) {
          // The whole-window pull timed out; the per-subscriber units that follow decide.
        } else {
          handled = false;
          result.units.failed++;
          if (result.errors.length < 20) result.errors.push(unit.error.message);
          if (FATAL_KINDS.has(unit.error.kind)) fatal = unit.error;
        }
      }
      if (handled) result.handledWindows++;
      else result.failedWindows++;
      const windowEnd = windows[i]! + HOUR_MS;
      if (prefixOpen && handled) {
        const to = new Date(windowEnd).toISOString();
        if (result.watermark === null || to > result.watermark) {
          await hooks.transaction((trx) => advanceUsageWatermark(trx, region.id, to));
          result.watermark = to;
        }
      } else if (!handled) {
        prefixOpen = false;
      }
      await hooks.progress(i + 1, windows.length, `${current.window.start} ${handled ? 'stored' : 'failed'}`);
      if (fatal !== null) {
        // Nothing else can succeed (unreachable, refused credentials): the rest are failed too.
        result.failedWindows += windows.length - i - 1;
        break;
      }
    }
  } finally {
    await source.close();
  }

  const finishedAt = nowIso(app.clock);
  if (result.failedWindows > 0) {
    const message = `Usage collection of ${region.name} failed for ${result.failedWindows} of ${result.windows} reported window(s): ${result.errors[0] ?? 'unknown error'}`;
    await hooks.transaction(async (trx) => {
      await recordCollectionOutcome(trx, region.id, { runAt, error: { message, at: finishedAt } });
      await alertCollectionFailed(trx, ctx, region, message, fatal === null ? 'warning' : 'critical');
    });
    throw new UsageCollectionError(message, result);
  }
  await hooks.transaction(async (trx) => {
    await recordCollectionOutcome(trx, region.id, { runAt, succeededAt: finishedAt });
    await resolveCollectionFailed(trx, ctx, region.id);
  });
  return result;
}

/**
 * A platform administrator confirms a held re-pull (the route is the usage API's): the unit is
 * pulled again and stored with the hold check bypassed this once, and its alert resolved. A unit
 * that is no longer held (confirmed already, or a later pull stored it) is refused.
 */
export async function confirmHeldPull(
  ctx: RequestContext,
  regionId: string,
  window: string,
  subscriber: string | null,
  hooks: CollectHooks = { transaction: (work) => transaction(ctx.app.db, work), progress: () => {} },
): Promise<{ records: number; rows: number }> {
  if (ctx.actor.scope.level !== 'platform' || ctx.actor.role !== 'admin') {
    throw new AppError('forbidden', 'Only a platform administrator can confirm a held usage re-pull.');
  }
  return storeConfirmedPull(ctx.app, regionId, window, subscriber, ctx.actor.userId, hooks);
}

/**
 * The re-pull a platform administrator (`confirmedBy`) confirmed, stored with the hold check
 * bypassed this once: what `confirmHeldPull` and the `usage.confirmHeldPull` job run.
 */
export async function storeConfirmedPull(
  app: AppContext,
  regionId: string,
  window: string,
  subscriber: string | null,
  confirmedBy: string,
  hooks: CollectHooks,
): Promise<{ records: number; rows: number }> {
  const ctx = systemContext(app, 'confirm-held-pull');
  const region = await collectionRegion(app, regionId);
  if (region === null || region.connection === null) throw new AppError('not_found', 'No such region.');
  const start = new Date(window).toISOString();
  const wanted = subscriber?.trim().toLowerCase() ?? null;
  const pulled = await findPull(app.db.kysely, region.id, start, wanted ?? '');
  if (pulled?.status !== 'held') {
    throw new AppError('conflict', 'This usage pull is not held (it was confirmed or stored since).');
  }
  const client = clientFor(app, region, hooks.client);
  const meters = await azureStackMeterFlags(app.db.kysely);
  const unit = await client.pullUnit(
    { granularity: 'Hourly', start: iso(Date.parse(start)), end: iso(Date.parse(start) + HOUR_MS) },
    wanted,
  );
  if (unit.status !== 'complete') {
    throw new AppError('not_ready', unit.status === 'failed' ? unit.error.message : unit.note);
  }
  const now = nowIso(app.clock);
  const stored = await hooks.transaction(async (trx) => {
    await lockRegionForUsage(trx, region.id);
    const outcome = await storeUnit(
      trx,
      { window: start, subscriberId: wanted, records: unit.records },
      {
        region: { id: region.id, time_zone: region.timeZone },
        meters,
        jobId: null,
        now,
        confirmedBy,
      },
    );
    await resolveHeldPull(trx, ctx, region.id, unit.window.start, wanted);
    return outcome;
  });
  return { records: stored.records, rows: stored.status === 'stored' ? stored.rows : 0 };
}
