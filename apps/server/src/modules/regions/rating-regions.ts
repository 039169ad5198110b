import type { Kysely } from 'kysely';
import type { Database, RegionKind } from '../../db/schema.ts';
import { regionClockRows } from './rating-regions.repository.ts';

/**
 * What rating and cost to date read of regions (written by the rating helper): the time zone whose
 * local months are the billing periods, the meter catalog kind, and the usage watermark (every
 * reported window before it has been collected completely).
 */
export interface RegionClock {
  id: string;
  kind: RegionKind;
  timeZone: string;
  usageWatermark: string | null;
}

export async function regionClocks(
  db: Kysely<Database>,
  ids: Iterable<string>,
): Promise<Map<string, RegionClock>> {
  const rows = await regionClockRows(db, [...new Set(ids)]);
  return new Map(
    rows.map((r) => [
      r.id,
      { id: r.id, kind: r.kind, timeZone: r.time_zone, usageWatermark: r.usage_watermark },
    ]),
  );
}
