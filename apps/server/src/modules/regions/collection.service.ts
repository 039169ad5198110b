import { type Kysely, MysqlAdapter } from 'kysely';
import type { AppContext } from '../../context.ts';
import { decryptSecret } from '../../crypto/secrets.ts';
import type { Database, RegionKind } from '../../db/schema.ts';
import {
  advanceWatermark,
  findCollectionRegion,
  listRegionSubscriberIds,
  lockRegionRow,
  updateCollectionState,
  upsertSeenInUsage,
} from './collection.repository.ts';

/** A region as usage collection sees it, its client secret decrypted (never logged or returned). */
export interface CollectionRegion {
  id: string;
  kind: RegionKind;
  name: string;
  timeZone: string;
  collectionWindowHours: number;
  usageWatermark: string | null;
  enabled: boolean;
  /** null on import sources and on a region whose connection is incomplete. */
  connection: {
    armEndpoint: string;
    tenant: string;
    clientId: string;
    clientSecret: string;
    providerSubscriptionId: string | null;
  } | null;
}

export async function collectionRegion(app: AppContext, regionId: string): Promise<CollectionRegion | null> {
  const row = await findCollectionRegion(app.db.kysely, regionId);
  if (row === undefined) return null;
  const complete = row.arm_endpoint !== null && row.client_id !== null && row.client_secret !== null;
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    timeZone: row.time_zone,
    collectionWindowHours: row.collection_window_hours,
    usageWatermark: row.usage_watermark,
    enabled: Number(row.enabled) === 1,
    connection: complete
      ? {
          armEndpoint: row.arm_endpoint!,
          tenant: row.directory_tenant ?? '',
          clientId: row.client_id!,
          clientSecret: decryptSecret(app.encryptionKey, row.client_secret!),
          providerSubscriptionId: row.provider_subscription_id,
        }
      : null,
  };
}

/** The outcome of a collection run (and the watermark, when it moved), in the caller's transaction. */
export function recordCollectionOutcome(
  trx: Kysely<Database>,
  regionId: string,
  outcome: {
    runAt: string;
    /** Set on success: clears the last error. */
    succeededAt?: string;
    error?: { message: string; at: string };
  },
): Promise<void> {
  return updateCollectionState(trx, regionId, {
    last_run_at: outcome.runAt,
    ...(outcome.succeededAt === undefined
      ? {}
      : { last_success_at: outcome.succeededAt, last_error: null, last_error_at: null }),
    ...(outcome.error === undefined
      ? {}
      : { last_error: outcome.error.message.slice(0, 1000), last_error_at: outcome.error.at }),
  });
}

/** Moves the region's usage watermark forward to `to` (never back), in the caller's transaction. */
export function advanceUsageWatermark(trx: Kysely<Database>, regionId: string, to: string): Promise<void> {
  return advanceWatermark(trx, regionId, to);
}

/** Subscribers for the client's per-subscriber fallback: all the region ever reported. */
export function regionSubscribers(app: AppContext, regionId: string): Promise<string[]> {
  return listRegionSubscriberIds(app.db.kysely, regionId);
}

export function markSeenInUsage(
  trx: Kysely<Database>,
  regionId: string,
  azsSubscriptionIds: readonly string[],
  now: string,
): Promise<void> {
  const mysql = trx.getExecutor().adapter instanceof MysqlAdapter;
  return upsertSeenInUsage(trx, regionId, azsSubscriptionIds, now, mysql);
}

/**
 * Serialises the usage writes of one region: every unit's transaction takes this first, so two
 * collections of the same window (a scheduled run and an Update Usage) replace it one after the
 * other instead of colliding on its rows, and daily aggregates are updated in one order.
 */
export function lockRegionForUsage(trx: Kysely<Database>, regionId: string): Promise<void> {
  return lockRegionRow(trx, regionId);
}
