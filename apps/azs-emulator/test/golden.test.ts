import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, CONTOSO, type RunningEmulator, SMALL_SCENARIO, startEmulator, usageUrl } from './support.ts';

/**
 * Golden outputs: the emulator's exact answers for the small scenario, committed under test/golden.
 * The test regenerates them through real HTTP and compares byte for byte (after replacing the
 * run's origin, which differs per port). Run with UPDATE_GOLDEN=1 (`npm run golden -w
 * @cms/azs-emulator`) to rewrite them after an intended change, and review the diff.
 */

const goldenDir = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const ORIGIN_PLACEHOLDER = 'http://emulator.invalid';

let emulator: RunningEmulator;
let westeu1: string;
let token: string;

beforeAll(async () => {
  emulator = await startEmulator(SMALL_SCENARIO);
  westeu1 = emulator.regions.get('westeu1')!.base;
  token = await bearer(westeu1, 'contosocloud.onmicrosoft.com', 'cms-collector', 'westeu1-secret');
});

afterAll(async () => {
  await emulator.stop();
});

/** Every page body of a query, following nextLink, pretty-printed with the origin neutralised. */
async function pages(url: string): Promise<string> {
  const bodies: unknown[] = [];
  let next: string | undefined = url;
  while (next !== undefined) {
    const res = await fetch(next, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { nextLink?: string };
    bodies.push(body);
    next = body.nextLink;
  }
  return `${JSON.stringify(bodies, null, 2).replaceAll(emulator.origin, ORIGIN_PLACEHOLDER)}\n`;
}

async function firstPage(url: string): Promise<string> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return `${JSON.stringify(await res.json(), null, 2).replaceAll(emulator.origin, ORIGIN_PLACEHOLDER)}\n`;
}

function compareWithGolden(name: string, actual: string): void {
  const file = join(goldenDir, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    if (process.env.UPDATE_GOLDEN !== '1')
      throw new Error(`missing golden file ${name}; run with UPDATE_GOLDEN=1`);
    writeFileSync(file, actual);
    return;
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('golden outputs of the small scenario', () => {
  it('first hourly page of 2024-04-01, all subscribers', async () => {
    const url = usageUrl(westeu1, {
      reportedStartTime: '2024-04-01T00:00:00Z',
      reportedEndTime: '2024-04-02T00:00:00Z',
      aggregationGranularity: 'Hourly',
    });
    compareWithGolden('hourly-2024-04-01-first-page.json', await firstPage(url));
  });

  it('the reported hour that carries the late record for March 31 23:00 (every page)', async () => {
    const url = usageUrl(westeu1, {
      reportedStartTime: '2024-04-01T10:00:00Z',
      reportedEndTime: '2024-04-01T11:00:00Z',
      aggregationGranularity: 'Hourly',
      subscriberId: CONTOSO,
    });
    compareWithGolden('hourly-late-window-2024-04-01T10.json', await pages(url));
  });

  it('daily, reported day 2024-04-01, one subscriber (every page)', async () => {
    const url = usageUrl(westeu1, {
      reportedStartTime: '2024-04-01T00:00:00Z',
      reportedEndTime: '2024-04-02T00:00:00Z',
      aggregationGranularity: 'Daily',
      subscriberId: CONTOSO,
    });
    compareWithGolden('daily-2024-04-01-contoso.json', await pages(url));
  });
});
