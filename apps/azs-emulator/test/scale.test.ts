import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, collectAll, type RunningEmulator, startEmulator } from './support.ts';

/**
 * The bench shape: 100 subscriptions × 10 resources × 3 meters × 31 days × 24 hours ≈ 2.2 million
 * hourly records. The emulator computes each page from its cursor, so serving windows late in the
 * month costs no more time or memory than serving the first ones.
 */

const SUBSCRIPTIONS = 100;
const RESOURCES = 10;
const METERS_PER_RESOURCE = 3;
const STREAMS = SUBSCRIPTIONS * RESOURCES * METERS_PER_RESOURCE;

let emulator: RunningEmulator;
let base: string;
let token: string;
let provider: string;

beforeAll(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'azs-emu-scale-')), 'scale.json');
  writeFileSync(
    file,
    JSON.stringify({
      seed: 7,
      regions: [
        {
          name: 'bench',
          identity: 'entra',
          clients: [{ clientId: 'bench', clientSecret: 'bench-secret' }],
          usage: { from: '2024-03-01T00:00:00Z', to: '2024-04-01T00:00:00Z', twoHourDelayFraction: 0 },
          subscriptionSets: [
            {
              count: SUBSCRIPTIONS,
              displayNamePrefix: 'Bench',
              resources: Array.from({ length: RESOURCES }, (_, i) => ({
                kind: 'storage',
                name: `store${i}`,
                resourceGroup: 'rg',
                blockBlobGb: 100 + i,
                blobTransactions: 2,
                blobEgressGb: 0.5,
              })),
            },
          ],
        },
      ],
    }),
  );
  emulator = await startEmulator(file);
  base = emulator.regions.get('bench')!.base;
  const meta = (await (await fetch(`${base}/metadata/endpoints?api-version=2015-01-01`)).json()) as {
    authentication: { loginEndpoint: string };
  };
  const tenant = meta.authentication.loginEndpoint.endsWith('/login/')
    ? 'benchoperator.onmicrosoft.com'
    : null;
  token = await bearer(base, tenant, 'bench', 'bench-secret');
  const subs = (await (
    await fetch(`${base}/subscriptions?api-version=2016-05-01`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json()) as { value: { subscriptionId: string; displayName: string }[] };
  provider = subs.value.find((s) => s.displayName === 'Default Provider Subscription')!.subscriptionId;
});

afterAll(async () => {
  await emulator.stop();
});

const rss = async () =>
  ((await (await fetch(`${emulator.origin}/_emulator/stats`)).json()) as { rss: number }).rss;

const window = (start: string, hours: number, granularity = 'Hourly') =>
  `${base}/subscriptions/${provider}/providers/Microsoft.Commerce.Admin/subscriberUsageAggregates?${new URLSearchParams(
    {
      'api-version': '2015-06-01-preview',
      reportedStartTime: start,
      reportedEndTime: new Date(Date.parse(start) + hours * 3_600_000).toISOString(),
      aggregationGranularity: granularity,
    },
  )}`;

describe('a 31-day × 100-subscription scenario', () => {
  it('serves windows across the month in 1,000-record pages with flat memory', async () => {
    // Warm up (JIT, buffers), then measure.
    await collectAll(window('2024-03-01T05:00:00.000Z', 1), token);
    const before = await rss();
    let records = 0;
    for (const day of ['01', '08', '15', '22', '29', '31']) {
      const { records: served, pageSizes } = await collectAll(
        window(`2024-03-${day}T12:00:00.000Z`, 1),
        token,
      );
      // Without two-hour delays every stream reports exactly one record per reported hour.
      expect(served).toHaveLength(STREAMS);
      expect(pageSizes).toEqual([1000, 1000, 1000]);
      records += served.length;
    }
    const daily = await collectAll(window('2024-03-31T00:00:00.000Z', 24, 'Daily'), token);
    expect(daily.records.length).toBeGreaterThanOrEqual(STREAMS);
    const after = await rss();
    expect(records).toBe(6 * STREAMS);
    expect(after - before).toBeLessThan(40 * 1024 * 1024);
  });
});
