import type { Kysely } from 'kysely';
import type { AnyContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { raiseAlert, resolveAlerts } from '../alerts/alerts.service.ts';
import type { HeldChange } from './store.ts';

/** The alerts usage collection raises, in the transaction of what caused them. */

export const ALERT_KINDS = {
  unknownMeter: 'usage.unknown_meter',
  heldPull: 'usage.held_pull',
  collectionFailed: 'usage.collection_failed',
} as const;

export async function alertUnknownMeter(
  trx: Kysely<Database>,
  ctx: AnyContext,
  region: { id: string; name: string },
  meterId: string,
  window: string,
): Promise<void> {
  await raiseAlert(trx, ctx, {
    kind: ALERT_KINDS.unknownMeter,
    key: `${region.id}:${meterId}`,
    severity: 'warning',
    title: `Usage on an unknown meter in ${region.name}`,
    message: `Region ${region.name} reported usage on meter ${meterId}, which is not in the meter catalog. The usage is stored and shown, flagged as on an unknown meter; add the meter to the catalog so it can be priced.`,
    details: { meterId, reportedWindow: window },
    regionId: region.id,
  });
}

export async function alertHeldPull(
  trx: Kysely<Database>,
  ctx: AnyContext,
  region: { id: string; name: string },
  window: string,
  subscriber: string | null,
  changes: readonly HeldChange[],
): Promise<void> {
  await raiseAlert(trx, ctx, {
    kind: ALERT_KINDS.heldPull,
    key: heldPullKey(region.id, window, subscriber),
    severity: 'warning',
    title: `A usage re-pull in ${region.name} is held`,
    message: `Re-pulling the reported window ${window}${subscriber === null ? '' : ` for subscriber ${subscriber}`} would remove or lower usage of ${changes.length} record(s) in an invoiced (closed) period, so nothing was changed. The stamp may have pruned old data. A platform administrator can confirm the re-pull to apply it.`,
    details: {
      reportedWindow: window,
      subscriber,
      changes: changes.length,
      shown: changes.slice(0, 20),
    },
    regionId: region.id,
  });
}

export function heldPullKey(regionId: string, window: string, subscriber: string | null): string {
  return `${regionId}:${window}:${subscriber ?? '*'}`;
}

export async function resolveHeldPull(
  trx: Kysely<Database>,
  ctx: AnyContext,
  regionId: string,
  window: string,
  subscriber: string | null,
): Promise<void> {
  await resolveAlerts(trx, ctx, {
    kind: ALERT_KINDS.heldPull,
    key: heldPullKey(regionId, window, subscriber),
  });
}

export async function alertCollectionFailed(
  trx: Kysely<Database>,
  ctx: AnyContext,
  region: { id: string; name: string },
  message: string,
  severity: 'warning' | 'critical',
): Promise<void> {
  await raiseAlert(trx, ctx, {
    kind: ALERT_KINDS.collectionFailed,
    key: region.id,
    severity,
    title: `Usage collection failed in ${region.name}`,
    message,
    regionId: region.id,
  });
}

export async function resolveCollectionFailed(
  trx: Kysely<Database>,
  ctx: AnyContext,
  regionId: string,
): Promise<void> {
  await resolveAlerts(trx, ctx, { kind: ALERT_KINDS.collectionFailed, key: regionId });
}
