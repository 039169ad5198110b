import { unitHash, unitHashInts } from './deterministic.ts';
import { activeAt, type MeterStream, type Region } from './scenario.ts';
import { DAY_HOURS, formatUsageTime, hoursInUtcMonth } from './time.ts';

/**
 * The usage model. Each stream (one meter of one resource) emits one record per usage hour it is
 * active. A record is *reported* 1 hour after its usage hour, 2 hours for a seeded fraction of them,
 * and monthly disk meters within their own hour (spec §3.5: a reported window holds usage from up to
 * 2 hours back). Scenario late records are reported later still. A query selects by reported time
 * only (G6).
 *
 * Records are enumerated in a fixed order (reported unit, stream, usage time), so a position in
 * that order (the cursor) is all a continuation token needs: every page is computed from its cursor
 * without touching earlier pages, and memory stays flat however large the scenario.
 */

export type Granularity = 'Hourly' | 'Daily';

export interface UsageQuery {
  granularity: Granularity;
  /** Reported window as hour indexes, start inclusive, end exclusive. */
  startHour: number;
  endHour: number;
  /** Stream index range to scan: all streams, or one subscriber's. */
  firstStream: number;
  endStream: number;
}

/** Position of the next record: reported unit (hour or day index), stream, record within the pair. */
export interface Cursor {
  unit: number;
  stream: number;
  item: number;
}

export interface UsageItem {
  stream: number;
  usageStart: number;
  usageEnd: number;
  quantity: number;
}

function isActive(region: Region, stream: MeterStream, hour: number): boolean {
  const { activity } = stream;
  return (
    hour >= stream.fromHour &&
    hour < stream.untilHour &&
    hour >= region.usageFromHour &&
    hour < region.usageToHour &&
    // Subscriptions created, Disabled, Enabled or deleted through the admin API (scenario ones
    // have no event and stay active).
    (activity.events.length === 0 ? activity.initial : activeAt(activity, hour))
  );
}

/** Salts of the per-record hashes, one per purpose, computed once per region (a region has one seed). */
interface Salts {
  delay: number;
  quantity: number;
  casing: number;
}
const saltCache = new WeakMap<Region, Salts>();
function salts(seed: number, region: Region): Salts {
  let value = saltCache.get(region);
  if (value === undefined) {
    const of = (purpose: string) => Math.floor(unitHash(seed, purpose, region.name) * 0x1_0000_0000) | 0;
    value = { delay: of('delay'), quantity: of('quantity'), casing: of('casing') };
    saltCache.set(region, value);
  }
  return value;
}

function reportingDelay(
  seed: number,
  region: Region,
  stream: MeterStream,
  index: number,
  hour: number,
): number {
  if (stream.monthly) return 0;
  return unitHashInts(salts(seed, region).delay, index, hour) < region.twoHourDelayFraction ? 2 : 1;
}

/** Quantity of one stream for one usage hour; monthly meters as a fraction of the UTC month (G16). */
function hourlyQuantity(seed: number, region: Region, index: number, hour: number): number {
  const stream = region.streams[index]!;
  if (stream.monthly) return stream.base / hoursInUtcMonth(hour);
  if (stream.jitter === 0) return stream.base;
  const factor =
    1 - stream.jitter / 2 + stream.jitter * unitHashInts(salts(seed, region).quantity, index, hour);
  return Math.round(stream.base * factor * 10_000) / 10_000;
}

/** The hourly records of one stream reported in one hour, by usage hour. */
function hourlyItems(seed: number, region: Region, index: number, reportedHour: number): UsageItem[] {
  const stream = region.streams[index]!;
  const items: UsageItem[] = [];
  for (const late of region.lateRecords.get(index) ?? []) {
    if (late.reportedHour === reportedHour) {
      items.push({
        stream: index,
        usageStart: late.usageHour,
        usageEnd: late.usageHour + 1,
        quantity: late.quantity,
      });
    }
  }
  for (let delay = 2; delay >= 0; delay--) {
    const hour = reportedHour - delay;
    if (isActive(region, stream, hour) && reportingDelay(seed, region, stream, index, hour) === delay) {
      items.push({
        stream: index,
        usageStart: hour,
        usageEnd: hour + 1,
        quantity: hourlyQuantity(seed, region, index, hour),
      });
    }
  }
  return items;
}

/**
 * The daily records of one stream reported in one UTC day: the hourly records reported that day,
 * summed per usage day. Daily and Hourly totals over the same reported days are therefore equal, and
 * Daily quantities are 24-hour multiples of the hourly ones (G13).
 */
function dailyItems(seed: number, region: Region, index: number, reportedDay: number): UsageItem[] {
  const stream = region.streams[index]!;
  const firstHour = reportedDay * DAY_HOURS;
  const sums = new Map<number, number>();
  const add = (hour: number, quantity: number) => {
    const day = Math.floor(hour / DAY_HOURS);
    sums.set(day, (sums.get(day) ?? 0) + quantity);
  };
  for (let hour = firstHour - 2; hour < firstHour + DAY_HOURS; hour++) {
    if (!isActive(region, stream, hour)) continue;
    const reported = hour + reportingDelay(seed, region, stream, index, hour);
    if (reported >= firstHour && reported < firstHour + DAY_HOURS)
      add(hour, hourlyQuantity(seed, region, index, hour));
  }
  for (const late of region.lateRecords.get(index) ?? []) {
    if (late.reportedHour >= firstHour && late.reportedHour < firstHour + DAY_HOURS)
      add(late.usageHour, late.quantity);
  }
  return [...sums.keys()]
    .sort((a, b) => a - b)
    .map((day) => ({
      stream: index,
      usageStart: day * DAY_HOURS,
      usageEnd: (day + 1) * DAY_HOURS,
      quantity: sums.get(day)!,
    }));
}

/**
 * One page from a cursor: up to `pageSize` records and the cursor of the next one (null at the end).
 * The next cursor is the position of the first record that did not fit, so it is exact.
 */
export function usagePage(
  seed: number,
  region: Region,
  query: UsageQuery,
  from: Cursor | null,
  pageSize: number,
): { items: UsageItem[]; next: Cursor | null } {
  const daily = query.granularity === 'Daily';
  const firstUnit = daily ? query.startHour / DAY_HOURS : query.startHour;
  const endUnit = daily ? query.endHour / DAY_HOURS : query.endHour;
  const start = from ?? { unit: firstUnit, stream: query.firstStream, item: 0 };
  const items: UsageItem[] = [];
  for (let unit = start.unit; unit < endUnit; unit++) {
    const firstStream = unit === start.unit ? start.stream : query.firstStream;
    for (let stream = firstStream; stream < query.endStream; stream++) {
      const pairItems = daily
        ? dailyItems(seed, region, stream, unit)
        : hourlyItems(seed, region, stream, unit);
      const firstItem = unit === start.unit && stream === start.stream ? start.item : 0;
      for (let item = firstItem; item < pairItems.length; item++) {
        if (items.length === pageSize) return { items, next: { unit, stream, item } };
        items.push(pairItems[item]!);
      }
    }
  }
  return { items, next: null };
}

interface StreamWire {
  idPrefix: string;
  name: string;
  /** JSON-encoded instanceData strings: [resourceGroups, resourcegroups] spellings (G4). */
  instanceData: [string, string];
  meterId: string;
  subscriptionId: string;
}

const wireCache = new WeakMap<MeterStream, StreamWire>();

function wireOf(region: Region, stream: MeterStream): StreamWire {
  const cached = wireCache.get(stream);
  if (cached !== undefined) return cached;
  const name = `${stream.subscriptionId}-${stream.meterId}`;
  const instanceData = (uri: string) =>
    JSON.stringify(
      JSON.stringify({
        'Microsoft.Resources': {
          resourceUri: uri,
          location: region.name,
          tags: stream.tags,
          additionalInfo: stream.additionalInfo,
        },
      }),
    );
  const wire: StreamWire = {
    // Observed (G1): the caller's (provider's) subscription and Microsoft.Commerce, not .Admin.
    idPrefix: `/subscriptions/${region.providerSubscriptionId}/providers/Microsoft.Commerce/UsageAggregate/`,
    name,
    instanceData: [
      instanceData(stream.resourceUri),
      instanceData(stream.resourceUri.replace('/resourceGroups/', '/resourcegroups/')),
    ],
    meterId: stream.meterId,
    subscriptionId: stream.subscriptionId,
  };
  wireCache.set(stream, wire);
  return wire;
}

/** The JSON text of one UsageAggregate, in the observed shape (§3.2, azure-stack-examples). */
export function recordJson(seed: number, region: Region, item: UsageItem): string {
  const wire = wireOf(region, region.streams[item.stream]!);
  const spelling = unitHashInts(salts(seed, region).casing, item.stream, item.usageStart) < 0.5 ? 0 : 1;
  return (
    `{"id":"${wire.idPrefix}${wire.name}","name":"${wire.name}","type":"Microsoft.Commerce/UsageAggregate",` +
    `"properties":{"subscriptionId":"${wire.subscriptionId}","usageStartTime":"${formatUsageTime(item.usageStart)}",` +
    `"usageEndTime":"${formatUsageTime(item.usageEnd)}","instanceData":${wire.instanceData[spelling]},` +
    `"quantity":${JSON.stringify(item.quantity)},"meterId":"${wire.meterId}","name":"${wire.name}"}}`
  );
}
