import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  CONTOSO,
  PROVIDER_SUB,
  type RunningEmulator,
  SMALL_SCENARIO,
  startEmulator,
  usageUrl,
} from './support.ts';

/**
 * The emulator's payloads have exactly the shape of the spec's example payloads (copied from
 * shared/specs/azure-stack-examples into test/fixtures): the same keys, in the same order, with the
 * same JSON types, down to the JSON nested inside instanceData.
 */

const examplesDir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'azure-stack-examples');
const example = (name: string) =>
  JSON.parse(readFileSync(join(examplesDir, name), 'utf8')) as Record<string, unknown>;

/** Keys (in order) and JSON types, recursively; arrays by their first element. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0])];
  if (value === null) return 'null';
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, shapeOf(inner)]);
  }
  return typeof value;
}

/** A usage record's shape, with instanceData parsed (its members stay strings, as on the wire). */
function recordShape(record: { properties: { instanceData: string } }): unknown {
  return [shapeOf(record), shapeOf(JSON.parse(record.properties.instanceData))];
}

let emulator: RunningEmulator;
let westeu1: string;
let token: string;
const get = async (url: string) =>
  (await (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).json()) as Record<
    string,
    unknown
  >;

beforeAll(async () => {
  emulator = await startEmulator(SMALL_SCENARIO);
  westeu1 = emulator.regions.get('westeu1')!.base;
  token = await bearer(westeu1, 'contosocloud.onmicrosoft.com', 'cms-collector', 'westeu1-secret');
});

afterAll(async () => {
  await emulator.stop();
});

type Page = { value: { properties: { instanceData: string; meterId: string } }[]; nextLink?: string };

describe('payload shapes match azure-stack-examples', () => {
  it('hourly page with nextLink (page 1) and the last page without it (page 2)', async () => {
    const page1 = example('provider-usage-hourly-page1.json') as unknown as Page;
    const page2 = example('provider-usage-hourly-page2.json') as unknown as Page;
    const served = (await get(
      usageUrl(westeu1, {
        reportedStartTime: '2024-04-01T00:00:00Z',
        reportedEndTime: '2024-04-01T01:00:00Z',
        aggregationGranularity: 'Hourly',
      }),
    )) as unknown as Page;
    expect(Object.keys(served)).toEqual(Object.keys(page1));
    // A VM record (additionalInfo and tags as JSON strings) and a storage record ("" strings).
    const vmMeter = '6dab500f-a4fd-49c4-956d-229bb9c8c793';
    const vm = served.value.find((r) => r.properties.meterId === vmMeter)!;
    expect(recordShape(vm)).toEqual(recordShape(page1.value.find((r) => r.properties.meterId === vmMeter)!));
    const storage = served.value.find(
      (r) => r.properties.meterId === 'B5C15376-6C94-4FDD-B655-1A69D138ACA3',
    )!;
    expect(recordShape(storage)).toEqual(recordShape(page1.value[4]!));
    let last = served;
    while (last.nextLink !== undefined) last = (await get(last.nextLink)) as unknown as Page;
    expect(Object.keys(last)).toEqual(Object.keys(page2));
  });

  it('daily records', async () => {
    const daily = example('provider-usage-daily-single-subscriber.json') as unknown as Page;
    const served = (await get(
      usageUrl(westeu1, {
        reportedStartTime: '2024-04-01T00:00:00Z',
        reportedEndTime: '2024-04-02T00:00:00Z',
        aggregationGranularity: 'Daily',
        subscriberId: CONTOSO,
      }),
    )) as unknown as Page;
    expect(recordShape(served.value[0]!)).toEqual(recordShape(daily.value[0]!));
  });

  it('metadata endpoints', async () => {
    const served = await (await fetch(`${westeu1}/metadata/endpoints?api-version=2015-01-01`)).json();
    expect(shapeOf(served)).toEqual(shapeOf(example('extra-metadata-endpoints-adminmanagement.json')));
  });

  it('admin subscription list', async () => {
    const served = await get(
      `${westeu1}/subscriptions/${PROVIDER_SUB}/providers/Microsoft.Subscriptions.Admin/subscriptions?api-version=2015-11-01`,
    );
    const expected = example('extra-admin-subscriptions-list.json') as { value: unknown[] };
    // The example's first entry (no externalReferenceId) is the Default Provider Subscription.
    expect(shapeOf(served)).toEqual(shapeOf({ value: [expected.value[0]] }));
  });
});
