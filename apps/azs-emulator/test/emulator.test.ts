import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  CONTOSO,
  collectAll,
  FABRIKAM,
  metadata,
  naturalKey,
  PROVIDER_SUB,
  type RunningEmulator,
  requestToken,
  resourceUriOf,
  SMALL_SCENARIO,
  startEmulator,
  type UsageRecord,
  usageUrl,
} from './support.ts';

// The small scenario (test/fixtures/small-scenario.json), counted by hand:
//  westeu1 usage hours 2024-03-31T00:00 .. 2024-04-02T00:00 = 48 hours.
//  Contoso: web01 (2 meters), disk (S10 + actual size), storage (2), IP (1) = 7 streams × 48
//           + app01 (2 meters) until 2024-04-01T12:00 = 2 × 36, + 1 late record       = 409
//  Fabrikam: 2 + 1 + 1 + 1 + 1 + 1 = 7 streams × 48, + 1 late record                  = 337
const CONTOSO_RECORDS = 7 * 48 + 2 * 36 + 1;
const FABRIKAM_RECORDS = 7 * 48 + 1;
const WESTEU1_RECORDS = CONTOSO_RECORDS + FABRIKAM_RECORDS;
// Every record is reported at most 2 hours after its usage hour; late records by 2024-04-02T01:00.
const ALL_REPORTED = { reportedStartTime: '2024-03-31T00:00:00Z', reportedEndTime: '2024-04-02T03:00:00Z' };

let emulator: RunningEmulator;
let westeu1: string;
let northwest: string;
let token: string;

const get = (url: string, auth: string | null = token, headers: Record<string, string> = {}) =>
  fetch(url, { headers: { ...(auth === null ? {} : { authorization: `Bearer ${auth}` }), ...headers } });

beforeAll(async () => {
  emulator = await startEmulator(SMALL_SCENARIO);
  westeu1 = emulator.regions.get('westeu1')!.base;
  northwest = emulator.regions.get('northwest')!.base;
  token = await bearer(westeu1, 'contosocloud.onmicrosoft.com', 'cms-collector', 'westeu1-secret');
});

afterAll(async () => {
  await emulator.stop();
});

describe('CLI', () => {
  it('prints its listening URL first, then one line per region with its admin ARM endpoint', () => {
    expect(emulator.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect([...emulator.regions.entries()]).toEqual([
      ['westeu1', { identity: 'entra', base: `${emulator.origin}/westeu1` }],
      ['northwest', { identity: 'adfs', base: `${emulator.origin}/northwest` }],
    ]);
  });

  const badScenario = async (mutate: (region: Record<string, unknown>) => void) => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const region: Record<string, unknown> = {
      name: 'r1',
      identity: 'entra',
      clients: [{ clientId: 'a', clientSecret: 'b' }],
      usage: { from: '2024-01-01T00:00:00Z', to: '2024-01-02T00:00:00Z' },
      subscriptions: [
        {
          displayName: 'x',
          resources: [{ kind: 'vm', name: 'v', resourceGroup: 'g', size: 'Standard_A1', os: 'linux' }],
        },
      ],
    };
    mutate(region);
    const file = join(mkdtempSync(join(tmpdir(), 'azs-emu-')), 'bad.json');
    writeFileSync(file, JSON.stringify({ seed: 1, regions: [region] }));
    return startEmulator(file);
  };
  type Resource = Record<string, unknown>;
  const firstResource = (region: Record<string, unknown>) =>
    (region.subscriptions as { resources: Resource[] }[])[0]!.resources[0]!;

  it('refuses a scenario with an error that names the field', async () => {
    await expect(
      badScenario((region) => {
        firstResource(region).size = 'Huge';
      }),
    ).rejects.toThrow(/regions\[0\]\.subscriptions\[0\]\.resources\[0\]\.size: unknown VM size 'Huge'/);
  });

  it('refuses unknown plans of offers, bad new-subscription resources and bad faults, naming the field', async () => {
    await expect(
      badScenario((region) => {
        region.offers = [{ name: 'o', basePlans: ['no-such-plan'] }];
      }),
    ).rejects.toThrow(/regions\[0\]\.offers\[0\]\.basePlans\[0\]: unknown plan 'no-such-plan'/);
    await expect(
      badScenario((region) => {
        region.newSubscriptionResources = [
          { kind: 'vm', name: 'v', resourceGroup: 'r', size: 'Huge', os: 'linux' },
        ];
      }),
    ).rejects.toThrow(/regions\[0\]\.newSubscriptionResources\.resources\[0\]\.size: unknown VM size 'Huge'/);
    await expect(
      badScenario((region) => {
        region.faults = [{ endpoint: 'admin', status: 'commit-then-drop', match: { resource: 'tenants' } }];
      }),
    ).rejects.toThrow(/regions\[0\]\.faults\[0\]\.match\.resource: one of subscriptions/);
  });

  it('refuses unknown (misspelt) fields instead of ignoring them', async () => {
    await expect(
      badScenario((region) => {
        region.subscriptionSet = [];
      }),
    ).rejects.toThrow(/regions\[0\]\.subscriptionSet: unknown field/);
    await expect(
      badScenario((region) => {
        firstResource(region).sizeMb = 5;
      }),
    ).rejects.toThrow(/resources\[0\]\.sizeMb: unknown field/);
  });
});

describe('dump command', () => {
  it('prints exactly the records the usage API serves for the range', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const main = new URL('../src/main.ts', import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        main,
        'dump',
        '--scenario',
        SMALL_SCENARIO,
        '--region',
        'westeu1',
        '--from',
        ALL_REPORTED.reportedStartTime,
        '--to',
        ALL_REPORTED.reportedEndTime,
      ],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    const dumped = stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as UsageRecord);
    const served = await collectAll(
      usageUrl(westeu1, { ...ALL_REPORTED, aggregationGranularity: 'Hourly' }),
      token,
    );
    expect(dumped).toHaveLength(WESTEU1_RECORDS);
    expect(dumped).toEqual(served.records);
  });
});

describe('metadata endpoint', () => {
  it('answers anonymously with the admin audience and an Entra login endpoint', async () => {
    const res = await fetch(`${westeu1}/metadata/endpoints?api-version=2015-01-01`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([
      'authentication',
      'galleryEndpoint',
      'graphEndpoint',
      'portalEndpoint',
    ]);
    expect(body.authentication).toEqual({
      loginEndpoint: `${westeu1}/login/`,
      audiences: [
        expect.stringMatching(/^https:\/\/adminmanagement\.contosocloud\.onmicrosoft\.com\/[0-9a-f-]{36}$/),
      ],
    });
  });

  it('gives an AD FS region a login endpoint ending in /adfs/ and accepts api-version 1.0', async () => {
    const res = await fetch(`${northwest}/metadata/endpoints?api-version=1.0`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { authentication: { loginEndpoint: string } };
    expect(body.authentication.loginEndpoint).toMatch(/.+(\/adfs|\/adfs\/)$/);
  });

  it('requires api-version', async () => {
    const res = await fetch(`${westeu1}/metadata/endpoints`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NoApiVersion');
  });
});

describe('Entra token endpoint', () => {
  const form = async (overrides: Record<string, string> = {}, tenant = 'contosocloud.onmicrosoft.com') => {
    const meta = await metadata(westeu1);
    return requestToken(`${meta.authentication.loginEndpoint}${tenant}/oauth2/token`, {
      grant_type: 'client_credentials',
      client_id: 'cms-collector',
      client_secret: 'westeu1-secret',
      resource: meta.authentication.audiences[0]!,
      ...overrides,
    });
  };

  it('issues a v1 token whose numbers are strings and echoes the resource', async () => {
    const { status, body } = await form();
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: '3599', ext_expires_in: '3599' });
    expect(body.expires_on).toMatch(/^\d{10}$/);
    expect(body.not_before).toMatch(/^\d{10}$/);
    expect(body.access_token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(body.resource).toBe((await metadata(westeu1)).authentication.audiences[0]);
  });

  it('accepts the directory tenant as a GUID too', async () => {
    expect((await form({}, '5e8a7c21-93d4-4f0b-a6e2-0c4b9d1f7a38')).status).toBe(200);
  });

  it('answers a wrong secret with 401 invalid_client (AADSTS7000215)', async () => {
    const { status, body } = await form({ client_secret: 'wrong' });
    expect(status).toBe(401);
    expect(body.error).toBe('invalid_client');
    expect(body.error_codes).toEqual([7000215]);
    expect(body.error_description).toMatch(/^AADSTS7000215: /);
  });

  it('answers a wrong resource with 400 invalid_resource, an unknown tenant with 400 invalid_request', async () => {
    const wrongResource = await form({ resource: 'https://management.azure.com/' });
    expect(wrongResource.status).toBe(400);
    expect(wrongResource.body.error).toBe('invalid_resource');
    const wrongTenant = await form({}, 'fabrikam.onmicrosoft.com');
    expect(wrongTenant.status).toBe(400);
    expect(wrongTenant.body.error).toBe('invalid_request');
  });

  it('refuses other grant types and unknown clients', async () => {
    expect((await form({ grant_type: 'password' })).body.error).toBe('unsupported_grant_type');
    expect((await form({ client_id: 'someone-else' })).body.error).toBe('unauthorized_client');
  });

  it('does not serve the AD FS path on an Entra region', async () => {
    const res = await fetch(`${westeu1}/adfs/oauth2/token`, { method: 'POST', body: '' });
    expect(res.status).toBe(404);
  });
});

describe('AD FS token endpoint', () => {
  it('issues a token at {loginEndpoint}oauth2/token with no tenant segment', async () => {
    const adfsToken = await bearer(northwest, null, 'cms-adfs-app', 'northwest-secret');
    const res = await get(
      usageUrl(northwest, {
        reportedStartTime: '2024-03-01T00:00:00Z',
        reportedEndTime: '2024-03-01T01:00:00Z',
        aggregationGranularity: 'Hourly',
      }).replace(PROVIDER_SUB, await providerSubscriptionOf(northwest, adfsToken)),
      adfsToken,
    );
    expect(res.status).toBe(200);
  });

  it('answers a wrong resource with MSIS9602 and a wrong secret with 401 invalid_client', async () => {
    const meta = await metadata(northwest);
    const url = `${meta.authentication.loginEndpoint}oauth2/token`;
    const base = {
      grant_type: 'client_credentials',
      client_id: 'cms-adfs-app',
      client_secret: 'northwest-secret',
    };
    const wrongResource = await requestToken(url, {
      ...base,
      resource: 'https://management.adfs.example/other',
    });
    expect(wrongResource.status).toBe(400);
    expect(wrongResource.body.error).toBe('invalid_resource');
    expect(wrongResource.body.error_description).toMatch(
      /^MSIS9602: The received 'resource' parameter is invalid/,
    );
    const wrongSecret = await requestToken(url, {
      ...base,
      client_secret: 'nope',
      resource: meta.authentication.audiences[0]!,
    });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body.error).toBe('invalid_client');
  });
});

/** Discovers the operator's provider subscription with ARM `GET /subscriptions`, as a client would. */
async function providerSubscriptionOf(base: string, auth: string): Promise<string> {
  const res = await get(`${base}/subscriptions?api-version=2016-05-01`, auth);
  const body = (await res.json()) as { value: { subscriptionId: string; displayName: string }[] };
  return body.value.find((s) => s.displayName === 'Default Provider Subscription')!.subscriptionId;
}

describe('bearer check on ARM calls', () => {
  const url = () =>
    usageUrl(westeu1, { reportedStartTime: '2024-04-01T00:00:00Z', reportedEndTime: '2024-04-01T01:00:00Z' });

  it('refuses a call without a token', async () => {
    const res = await get(url(), null);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('AuthenticationFailed');
  });

  it("refuses another region's token (another audience) with InvalidAuthenticationTokenAudience", async () => {
    const other = await bearer(northwest, null, 'cms-adfs-app', 'northwest-secret');
    const res = await get(url(), other);
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('InvalidAuthenticationTokenAudience');
    expect(body.error.message).toMatch(/wrong audience or resource/);
  });

  it('refuses an edited token', async () => {
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, exp: (claims.exp as number) + 86_400 })).toString(
      'base64url',
    );
    const res = await get(url(), `${header}.${forged}.${signature}`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('InvalidAuthenticationToken');
  });

  it("refuses a caller subscription that is not the provider's with 403", async () => {
    const res = await get(url().replace(PROVIDER_SUB, CONTOSO));
    expect(res.status).toBe(403);
  });
});

describe('usage API validation', () => {
  const errorOf = async (params: Record<string, string>, drop: string[] = []) => {
    const url = new URL(usageUrl(westeu1, params));
    for (const name of drop) url.searchParams.delete(name);
    const res = await get(url.toString());
    return {
      status: res.status,
      error: ((await res.json()) as { error: { code: string; message: string } }).error,
    };
  };
  const hour = {
    reportedStartTime: '2024-04-01T00:00:00Z',
    reportedEndTime: '2024-04-01T01:00:00Z',
    aggregationGranularity: 'Hourly',
  };

  it('defaults to Daily granularity, so an hourly window without it is refused', async () => {
    const result = await errorOf(hour, ['aggregationGranularity']);
    expect(result).toMatchObject({ status: 400, error: { code: 'InvalidProperty' } });
    expect(result.error.message).toMatch(/midnight for Daily/);
  });

  it('requires the api-version', async () => {
    expect(await errorOf(hour, ['api-version'])).toMatchObject({
      status: 400,
      error: { code: 'NoApiVersion' },
    });
  });

  it('refuses a granularity other than Daily or Hourly', async () => {
    const result = await errorOf({ ...hour, aggregationGranularity: 'Monthly' });
    expect(result).toMatchObject({ status: 400, error: { code: 'InvalidAggregationGranularity' } });
  });

  it('requires hour alignment, and midnight for Daily', async () => {
    const unaligned = await errorOf({
      ...hour,
      reportedStartTime: '2024-04-01T00:30:00Z',
      aggregationGranularity: 'Hourly',
    });
    expect(unaligned).toMatchObject({ status: 400, error: { code: 'InvalidProperty' } });
    expect(unaligned.error.message).toMatch(/reportedStartTime/);
    const daily = await errorOf({
      ...hour,
      reportedStartTime: '2024-04-01T00:00:00Z',
      aggregationGranularity: 'Daily',
    });
    expect(daily).toMatchObject({ status: 400, error: { code: 'InvalidProperty' } });
    expect(daily.error.message).toMatch(/reportedEndTime.*midnight/);
  });

  it('refuses an end time in the future', async () => {
    const result = await errorOf({
      reportedStartTime: '2024-04-02T00:00:00Z',
      reportedEndTime: '2024-04-03T01:00:00Z',
      aggregationGranularity: 'Hourly',
    });
    expect(result).toMatchObject({ status: 400, error: { code: 'RequestEndTimeIsInFuture' } });
  });

  it("answers an unencoded '+' (arriving as a space) with the ISO 8601 message", async () => {
    const url = `${usageUrl(westeu1, { reportedEndTime: '2024-04-01T01:00:00Z', aggregationGranularity: 'Hourly' })}&reportedStartTime=2024-04-01T00:00:00.0000000+00:00`;
    const res = await get(url);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toBe(
      "The reported date time '2024-04-01T00:00:00.0000000 00:00' is not in ISO 8601 format(YYYY-MM-DDTHH:mm:ss.sssZ).",
    );
  });

  it('accepts the encoded +00:00 form seen in real traffic', async () => {
    const res = await get(
      usageUrl(westeu1, { ...hour, reportedStartTime: '2024-04-01T00:00:00.0000000+00:00' }),
    );
    expect(res.status).toBe(200);
  });

  it('refuses a subscriberId that is not a direct tenant', async () => {
    const result = await errorOf({ ...hour, subscriberId: '00000000-0000-4000-8000-000000000000' });
    expect(result).toMatchObject({ status: 400, error: { code: 'SubscriberIdIsNotDirectTenant' } });
  });
});

describe('usage API paging and content', () => {
  it('pages by nextLink to the end; the total is what the scenario defines', async () => {
    const { records, pageSizes, nextLinks } = await collectAll(
      usageUrl(westeu1, { ...ALL_REPORTED, aggregationGranularity: 'Hourly' }),
      token,
    );
    expect(records).toHaveLength(WESTEU1_RECORDS);
    expect(pageSizes.slice(0, -1).every((size) => size === 7)).toBe(true);
    expect(pageSizes.at(-1)).toBeGreaterThan(0);
    expect(nextLinks).toHaveLength(Math.ceil(WESTEU1_RECORDS / 7) - 1);
    for (const link of nextLinks) {
      expect(
        link.startsWith(`${westeu1}/subscriptions/${PROVIDER_SUB}/providers/Microsoft.Commerce.Admin/`),
      ).toBe(true);
      // A base64 token with '=' padding, URL-encoded in the link (G12).
      expect(link).toMatch(/&continuationToken=[A-Za-z0-9%]+%3D%3D$/);
    }
    // Each (natural key, reported window) is one record; late records add a second record of a key.
    expect(new Set(records.map(naturalKey)).size).toBe(WESTEU1_RECORDS - 2);
  });

  it('serves 1,000-record pages by default', async () => {
    const adfsToken = await bearer(northwest, null, 'cms-adfs-app', 'northwest-secret');
    const provider = await providerSubscriptionOf(northwest, adfsToken);
    const url = usageUrl(northwest, {
      reportedStartTime: '2024-03-01T00:00:00Z',
      reportedEndTime: '2024-03-02T02:00:00Z',
      aggregationGranularity: 'Hourly',
    }).replace(PROVIDER_SUB, provider);
    const { records, pageSizes } = await collectAll(url, adfsToken);
    // 20 subscriptions × 5 streams (VM 2, storage 2, IP 1) × 24 hours.
    expect(pageSizes).toEqual([1000, 1000, 400]);
    expect(records).toHaveLength(2400);
  });

  it('filters by subscriberId; per-subscriber totals add up to the all-tenants total', async () => {
    const contoso = await collectAll(
      usageUrl(westeu1, { ...ALL_REPORTED, aggregationGranularity: 'Hourly', subscriberId: CONTOSO }),
      token,
    );
    const fabrikam = await collectAll(
      usageUrl(westeu1, {
        ...ALL_REPORTED,
        aggregationGranularity: 'Hourly',
        subscriberId: FABRIKAM.toUpperCase(),
      }),
      token,
    );
    expect(contoso.records).toHaveLength(CONTOSO_RECORDS);
    expect(fabrikam.records).toHaveLength(FABRIKAM_RECORDS);
    expect(contoso.records.every((r) => r.properties.subscriptionId === CONTOSO)).toBe(true);
  });

  it('has the observed record shape: nested JSON strings, mixed meter casing, duplicate ids', async () => {
    const { records } = await collectAll(
      usageUrl(westeu1, { ...ALL_REPORTED, aggregationGranularity: 'Hourly' }),
      token,
    );
    const first = records[0]!;
    expect(Object.keys(first)).toEqual(['id', 'name', 'type', 'properties']);
    expect(Object.keys(first.properties)).toEqual([
      'subscriptionId',
      'usageStartTime',
      'usageEndTime',
      'instanceData',
      'quantity',
      'meterId',
      'name',
    ]);
    expect(first.type).toBe('Microsoft.Commerce/UsageAggregate');
    expect(first.id).toBe(
      `/subscriptions/${PROVIDER_SUB}/providers/Microsoft.Commerce/UsageAggregate/${first.name}`,
    );
    expect(first.properties.usageStartTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:00:00\+00:00$/);

    const vm = records.find((r) => r.properties.meterId === '9cd92d4c-bafd-4492-b278-bedc2de8232a')!;
    const data = JSON.parse(vm.properties.instanceData) as {
      'Microsoft.Resources': { tags: string; additionalInfo: string; location: string };
    };
    expect(data['Microsoft.Resources'].location).toBe('westeu1');
    expect(JSON.parse(data['Microsoft.Resources'].tags)).toEqual({ costCenter: 'CC-1042', env: 'prod' });
    expect(JSON.parse(data['Microsoft.Resources'].additionalInfo)).toEqual({
      ServiceType: 'Standard_D2_v2',
      ImageType: null,
      Publisher: 'MicrosoftWindowsServer',
      Offer: 'WindowsServer',
      Sku: '2019-Datacenter',
    });
    expect(vm.properties.quantity).toBe(2);

    const meters = new Set(records.map((r) => r.properties.meterId));
    expect(meters).toContain('B5C15376-6C94-4FDD-B655-1A69D138ACA3'); // storage: upper case
    expect(meters).toContain('d5f7731b-f639-404a-89d0-e46186e22c8d'); // disk: lower case
    expect(meters).toContain('F271A8A388C44D93956A063E1D2FA80B'); // IP: no dashes
    expect(meters).toContain('fab6eb84-500b-4a09-a8ca-7358f8bbaea5'); // Linux VM: Base vCores
    const uris = records.map(resourceUriOf);
    expect(uris.some((u) => u.includes('/resourceGroups/'))).toBe(true);
    expect(uris.some((u) => u.includes('/resourcegroups/'))).toBe(true);

    // Two storage accounts of Fabrikam share a meter: same id in the same reported hour (G2).
    const hourOf = (r: UsageRecord) => `${r.id}|${r.properties.usageStartTime}`;
    const counts = new Map<string, number>();
    for (const r of records) counts.set(hourOf(r), (counts.get(hourOf(r)) ?? 0) + 1);
    expect([...counts.values()].some((n) => n > 1)).toBe(true);
  });

  it('reports monthly disk meters as a fraction of the UTC month (1/744 in March, 1/720 in April)', async () => {
    const { records } = await collectAll(
      usageUrl(westeu1, { ...ALL_REPORTED, aggregationGranularity: 'Hourly', subscriberId: CONTOSO }),
      token,
    );
    const disk = records.filter((r) => r.properties.meterId === 'd5f7731b-f639-404a-89d0-e46186e22c8d');
    expect(disk).toHaveLength(48);
    const march = disk.filter((r) => r.properties.usageStartTime.startsWith('2024-03'));
    expect(march.every((r) => r.properties.quantity === 1 / 744)).toBe(true);
    expect(
      disk
        .filter((r) => r.properties.usageStartTime.startsWith('2024-04'))
        .every((r) => r.properties.quantity === 1 / 720),
    ).toBe(true);
    const actual = records.find((r) => r.properties.meterId === '7ba084ec-ef9c-4d64-a179-7732c6cb5e28')!;
    expect(actual.properties.quantity).toBeCloseTo(
      37.2 / (actual.properties.usageStartTime.startsWith('2024-03') ? 744 : 720),
      12,
    );
  });

  it('serves Daily with the same totals per subscription and meter as Hourly over the same reported days', async () => {
    const range = { reportedStartTime: '2024-03-31T00:00:00Z', reportedEndTime: '2024-04-03T00:00:00Z' };
    const daily = await collectAll(usageUrl(westeu1, { ...range, aggregationGranularity: 'Daily' }), token);
    const hourly = await collectAll(usageUrl(westeu1, { ...range, aggregationGranularity: 'Hourly' }), token);
    const totals = (records: UsageRecord[]) => {
      const sums = new Map<string, number>();
      for (const r of records) {
        const key = `${r.properties.subscriptionId}|${r.properties.meterId}|${resourceUriOf(r).toLowerCase()}`;
        sums.set(key, (sums.get(key) ?? 0) + r.properties.quantity);
      }
      return sums;
    };
    const dailyTotals = totals(daily.records);
    const hourlyTotals = totals(hourly.records);
    expect([...dailyTotals.keys()].sort()).toEqual([...hourlyTotals.keys()].sort());
    for (const [key, value] of hourlyTotals) expect(dailyTotals.get(key)).toBeCloseTo(value, 9);
    for (const r of daily.records) {
      const start = Date.parse(r.properties.usageStartTime);
      expect(Date.parse(r.properties.usageEndTime) - start).toBe(86_400_000);
      expect(start % 86_400_000).toBe(0);
    }
    // An IP address present all day: count × 24 hours (G13).
    const ipDay = daily.records.filter(
      (r) =>
        r.properties.meterId === 'F271A8A388C44D93956A063E1D2FA80B' &&
        r.properties.usageStartTime.startsWith('2024-03-31'),
    );
    expect(ipDay.reduce((sum, r) => sum + r.properties.quantity, 0)).toBe(24);
  });
});

describe('selection by reported time and late records', () => {
  const hourWindow = (start: string, hours = 1) => {
    const end = new Date(Date.parse(start) + hours * 3_600_000).toISOString().replace('.000Z', 'Z');
    return usageUrl(westeu1, {
      reportedStartTime: start,
      reportedEndTime: end,
      aggregationGranularity: 'Hourly',
      subscriberId: CONTOSO,
    });
  };

  it('one window per hour serves exactly what one window over all the hours serves', async () => {
    const whole = await collectAll(hourWindow('2024-03-31T20:00:00Z', 16), token);
    const pieces: UsageRecord[] = [];
    for (let h = 0; h < 16; h++) {
      const start = new Date(Date.parse('2024-03-31T20:00:00Z') + h * 3_600_000)
        .toISOString()
        .replace('.000Z', 'Z');
      pieces.push(...(await collectAll(hourWindow(start), token)).records);
    }
    const canonical = (records: UsageRecord[]) =>
      records.map((r) => `${naturalKey(r)}|${r.properties.quantity}`).sort();
    expect(canonical(pieces)).toEqual(canonical(whole.records));
  });

  it('a window holds usage from up to two hours before it, never after it', async () => {
    const { records } = await collectAll(hourWindow('2024-04-01T03:00:00Z'), token);
    const starts = new Set(records.map((r) => r.properties.usageStartTime));
    for (const start of starts) {
      expect([
        '2024-04-01T01:00:00+00:00',
        '2024-04-01T02:00:00+00:00',
        '2024-04-01T03:00:00+00:00',
      ]).toContain(start);
    }
    // Monthly disk meters arrive within their own hour; the others a little later.
    expect(starts).toContain('2024-04-01T03:00:00+00:00');
    expect(starts).toContain('2024-04-01T02:00:00+00:00');
  });

  it("a late record for March's last hour appears only in a later (April) window", async () => {
    const lateKeyRecords: { window: string; quantity: number }[] = [];
    for (let h = 0; h < 14; h++) {
      const start = new Date(Date.parse('2024-03-31T22:00:00Z') + h * 3_600_000)
        .toISOString()
        .replace('.000Z', 'Z');
      const { records } = await collectAll(hourWindow(start), token);
      for (const r of records) {
        if (
          r.properties.meterId === '6dab500f-a4fd-49c4-956d-229bb9c8c793' &&
          resourceUriOf(r).endsWith('/web01') &&
          r.properties.usageStartTime === '2024-03-31T23:00:00+00:00'
        ) {
          lateKeyRecords.push({ window: start, quantity: r.properties.quantity });
        }
      }
    }
    expect(lateKeyRecords).toHaveLength(2);
    expect(['2024-04-01T00:00:00Z', '2024-04-01T01:00:00Z']).toContain(lateKeyRecords[0]!.window);
    expect(lateKeyRecords[0]!.quantity).toBe(1);
    expect(lateKeyRecords[1]).toEqual({ window: '2024-04-01T10:00:00Z', quantity: 0.5 });
  });
});

describe('continuation tokens', () => {
  const firstLink = async (params: Record<string, string> = {}) => {
    const res = await get(
      usageUrl(westeu1, { ...ALL_REPORTED, aggregationGranularity: 'Hourly', ...params }),
    );
    return ((await res.json()) as { nextLink: string }).nextLink;
  };
  const tokenOf = (link: string) => new URL(link).searchParams.get('continuationToken')!;
  const withToken = (link: string, value: string) => {
    const url = new URL(link);
    url.searchParams.set('continuationToken', value);
    return url.toString();
  };

  it('follows verbatim', async () => {
    const res = await get(await firstLink());
    expect(res.status).toBe(200);
  });

  it('refuses a modified token', async () => {
    const link = await firstLink();
    const original = tokenOf(link);
    // Keep the 3-byte prefix, move the position in the JSON state by one reported hour.
    const bytes = Buffer.from(original, 'base64');
    const state = bytes
      .subarray(3)
      .toString()
      .replace(/"u":(\d+)/, (_, n: string) => `"u":${Number(n) + 1}`);
    const edited = Buffer.concat([bytes.subarray(0, 3), Buffer.from(state)]).toString('base64');
    expect(edited).not.toBe(original);
    const res = await get(withToken(link, edited));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('InvalidProperty');
    expect(body.error.message).toMatch(/continuationToken/);
  });

  it("refuses a token whose '+' was not encoded (it arrives as a space)", async () => {
    const link = await firstLink();
    expect(tokenOf(link).startsWith('+/+/')).toBe(true);
    const rebuilt = link.replace(
      /continuationToken=([^&]+)/,
      (_, t: string) => `continuationToken=${decodeURIComponent(t)}`,
    );
    expect(rebuilt).toContain('continuationToken=+/+/');
    expect((await get(rebuilt)).status).toBe(400);
    // Decoding '%3D' alone changes nothing a server can see: that link still works.
    expect((await get(link.replaceAll('%3D', '='))).status).toBe(200);
  });

  it('refuses a double-encoded token', async () => {
    const link = await firstLink();
    const doubled = link.replace(
      /continuationToken=([^&]+)/,
      (_, t: string) => `continuationToken=${encodeURIComponent(t)}`,
    );
    expect((await get(doubled)).status).toBe(400);
  });

  it('refuses a token issued for another query', async () => {
    const link = await firstLink();
    const other = new URL(link);
    other.searchParams.set('reportedEndTime', '2024-04-02T02:00:00Z');
    expect((await get(other.toString())).status).toBe(400);
    const otherSubscriber = new URL(link);
    otherSubscriber.searchParams.set('subscriberId', CONTOSO);
    expect((await get(otherSubscriber.toString())).status).toBe(400);
  });
});

describe('injected faults', () => {
  const windowAt = (start: string, params: Record<string, string> = {}) =>
    usageUrl(westeu1, {
      reportedStartTime: start,
      reportedEndTime: new Date(Date.parse(start) + 3_600_000).toISOString().replace('.000Z', 'Z'),
      aggregationGranularity: 'Hourly',
      ...params,
    });

  it('503 with Retry-After once, then the same call succeeds', async () => {
    const first = await get(windowAt('2024-03-31T05:00:00Z'));
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('2');
    expect(((await first.json()) as { error: { code: string } }).error.code).toBe('ServiceUnavailable');
    expect((await get(windowAt('2024-03-31T05:00:00Z'))).status).toBe(200);
  });

  it('429 with Retry-After twice, then success', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await get(windowAt('2024-03-31T06:00:00Z'));
      statuses.push(res.status);
      if (res.status === 429) expect(res.headers.get('retry-after')).toBe('1');
    }
    expect(statuses).toEqual([429, 429, 200]);
  });

  it('504 GatewayTimeout every time for all tenants, while per-subscriber calls succeed', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await get(windowAt('2024-03-31T07:00:00Z'));
      expect(res.status).toBe(504);
      expect(res.headers.get('x-ms-failure-cause')).toBe('service');
      expect(await res.json()).toEqual({
        error: {
          code: 'GatewayTimeout',
          message:
            "The gateway did not receive a response from 'Microsoft.Commerce.Admin' within the specified time period.",
        },
      });
    }
    expect((await get(windowAt('2024-03-31T07:00:00Z', { subscriberId: CONTOSO }))).status).toBe(200);
  });

  it('drops the connection once', async () => {
    await expect(get(windowAt('2024-03-31T08:00:00Z'))).rejects.toThrow();
    expect((await get(windowAt('2024-03-31T08:00:00Z'))).status).toBe(200);
  });

  it('fails a follow-up page (not the first) when the fault asks for continuation pages', async () => {
    const first = await get(windowAt('2024-03-31T09:00:00Z'));
    expect(first.status).toBe(200);
    const { nextLink } = (await first.json()) as { nextLink: string };
    const failed = await get(nextLink);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('3');
    expect((await get(nextLink)).status).toBe(200);
  });

  it('logs the requests as sent, with their status (drops as 0)', async () => {
    const control = `${emulator.origin}/_emulator/westeu1/requests`;
    expect((await fetch(control, { method: 'DELETE' })).status).toBe(204);
    const first = await get(windowAt('2024-03-31T09:00:00Z'));
    const { nextLink } = (await first.json()) as { nextLink: string };
    await get(nextLink);
    const log = (
      (await (await fetch(control)).json()) as { value: { method: string; url: string; status: number }[] }
    ).value;
    expect(log.map((entry) => entry.status)).toEqual([200, 200]);
    expect(`${westeu1.replace(/\/westeu1$/, '')}${log[1]!.url}`).toBe(nextLink);
  });

  it('takes faults at run time through the control endpoint', async () => {
    const control = `${emulator.origin}/_emulator/westeu1/faults`;
    const add = await fetch(control, {
      method: 'POST',
      body: JSON.stringify({ endpoint: 'token', status: 503, retryAfterSeconds: 4 }),
    });
    expect(add.status).toBe(204);
    const meta = await metadata(westeu1);
    const failed = await requestToken(
      `${meta.authentication.loginEndpoint}contosocloud.onmicrosoft.com/oauth2/token`,
      {
        grant_type: 'client_credentials',
        client_id: 'cms-collector',
        client_secret: 'westeu1-secret',
        resource: meta.authentication.audiences[0]!,
      },
    );
    expect(failed.status).toBe(503);
    expect(await bearer(westeu1, 'contosocloud.onmicrosoft.com', 'cms-collector', 'westeu1-secret')).toMatch(
      /\./,
    );
  });
});

describe('Microsoft.Subscriptions.Admin', () => {
  const admin = (path: string, version = '2015-11-01') =>
    `${westeu1}/subscriptions/${PROVIDER_SUB}/providers/Microsoft.Subscriptions.Admin/${path}?api-version=${version}`;
  const send = (url: string, method: string, body: unknown) =>
    fetch(url, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const offerId = `/subscriptions/${PROVIDER_SUB}/resourceGroups/offers-rg/providers/Microsoft.Subscriptions.Admin/offers/iaas-standard`;

  it('lists subscriptions flat and unpaged, operator ones marked Admin', async () => {
    const res = await get(admin('subscriptions'));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { value: Record<string, unknown>[]; nextLink?: string };
    expect(body.nextLink).toBeUndefined();
    const provider = body.value.find((s) => s.displayName === 'Default Provider Subscription')!;
    expect(provider).toMatchObject({
      subscriptionId: PROVIDER_SUB,
      delegatedProviderSubscriptionId: PROVIDER_SUB,
      routingResourceManagerType: 'Admin',
      offerId: expect.stringContaining('/resourceGroups/system.global/'),
    });
    const fabrikam = body.value.find((s) => s.subscriptionId === FABRIKAM)!;
    expect(Object.keys(fabrikam)).toEqual([
      'id',
      'subscriptionId',
      'delegatedProviderSubscriptionId',
      'displayName',
      'owner',
      'tenantId',
      'routingResourceManagerType',
      'offerId',
      'state',
    ]);
    expect(fabrikam).toMatchObject({
      displayName: 'Fabrikam Dev/Test',
      state: 'Disabled',
      routingResourceManagerType: 'Default',
    });
    expect(body.value.filter((s) => s.routingResourceManagerType === 'Admin')).toHaveLength(3);
  });

  it('gets one subscription, 404 for an unknown one', async () => {
    expect((await get(admin(`subscriptions/${CONTOSO}`))).status).toBe(200);
    const missing = await get(admin('subscriptions/00000000-0000-4000-8000-000000000000'));
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('SubscriptionNotFound');
  });

  it('creates (201) and updates (200) a subscription; it becomes a direct tenant with no usage', async () => {
    const id = '3f0e2a61-1b2c-4d3e-8f4a-5b6c7d8e9f01';
    const created = await send(admin(`subscriptions/${id}`), 'PUT', {
      displayName: 'Northwind',
      owner: 'admin@northwind.example',
      offerId,
      state: 'Enabled',
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      subscriptionId: id,
      displayName: 'Northwind',
      offerId,
      routingResourceManagerType: 'Default',
    });
    const updated = await send(admin(`subscriptions/${id}`), 'PUT', {
      displayName: 'Northwind Traders',
      state: 'Disabled',
    });
    expect(updated.status).toBe(200);
    expect(await updated.json()).toMatchObject({
      displayName: 'Northwind Traders',
      state: 'Disabled',
      owner: 'admin@northwind.example',
    });
    const listed = (await (await get(admin('subscriptions'))).json()) as {
      value: { subscriptionId: string }[];
    };
    expect(listed.value.map((s) => s.subscriptionId)).toContain(id);
    const usage = await get(
      usageUrl(westeu1, {
        reportedStartTime: '2024-04-01T00:00:00Z',
        reportedEndTime: '2024-04-01T01:00:00Z',
        aggregationGranularity: 'Hourly',
        subscriberId: id,
      }),
    );
    expect(usage.status).toBe(200);
    expect(await usage.json()).toEqual({ value: [] });
  });

  it('refuses a create with an unknown offer, naming the property', async () => {
    const res = await send(admin('subscriptions/4a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'), 'PUT', {
      displayName: 'X',
      owner: 'x@x.example',
      offerId: '/subscriptions/x/resourceGroups/r/providers/Microsoft.Subscriptions.Admin/offers/none',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error).toMatchObject({ code: 'OfferNotFound' });
    expect(body.error.message).toMatch(/offerId/);
  });

  it('pages offers and plans by nextLink, and gets one by resource group', async () => {
    for (const kind of ['offers', 'plans']) {
      const names: string[] = [];
      let next: string | undefined = admin(kind);
      while (next !== undefined) {
        const page = (await (await get(next)).json()) as {
          value: { name: string; type: string }[];
          nextLink?: string;
        };
        expect(page.value).toHaveLength(1);
        expect(page.value[0]!.type).toBe(`Microsoft.Subscriptions.Admin/${kind}`);
        names.push(page.value[0]!.name);
        next = page.nextLink;
      }
      expect(names).toHaveLength(2);
    }
    const offer = await get(
      `${westeu1}/subscriptions/${PROVIDER_SUB}/resourceGroups/offers-rg/providers/Microsoft.Subscriptions.Admin/offers/iaas-standard?api-version=2015-11-01`,
    );
    expect(offer.status).toBe(200);
    expect(await offer.json()).toMatchObject({
      id: offerId,
      properties: { state: 'Public', basePlanIds: [expect.stringContaining('/plans/iaas-plan')] },
    });
    const plan = (await (
      await get(
        `${westeu1}/subscriptions/${PROVIDER_SUB}/resourcegroups/plans-rg/providers/Microsoft.Subscriptions.Admin/plans/iaas-plan?api-version=2015-11-01`,
      )
    ).json()) as { properties: { quotaIds: string[] } };
    expect(plan.properties.quotaIds).toContain(
      `/subscriptions/${PROVIDER_SUB}/providers/Microsoft.Compute.Admin/locations/westeu1/quotas/Default Quota`,
    );
  });

  it('serves the quotas of every admin RP, names with spaces URL-encoded', async () => {
    const rps = [
      ['Microsoft.Compute.Admin', '2021-01-01', 'Default%20Quota', 'coresLimit'],
      ['Microsoft.Storage.Admin', '2019-08-08-preview', 'Default%20Quota', 'capacityInGb'],
      ['Microsoft.Network.Admin', '2015-06-15', 'Default%20Quota', 'maxPublicIpsPerSubscription'],
      ['Microsoft.KeyVault.Admin', '2017-02-01-preview', 'Unlimited', null],
      ['Microsoft.Subscriptions.Admin', '2015-11-01', 'delegatedProviderQuota', 'allowCustomPortalBranding'],
    ] as const;
    for (const [rp, version, name, property] of rps) {
      const base = `${westeu1}/subscriptions/${PROVIDER_SUB}/providers/${rp}/locations/westeu1/quotas`;
      const list = (await (await get(`${base}?api-version=${version}`)).json()) as {
        value: { type: string }[];
      };
      expect(list.value[0]!.type).toBe(`${rp}/locations/quotas`);
      const one = await get(`${base}/${name}?api-version=${version}`);
      expect(one.status).toBe(200);
      const body = (await one.json()) as { properties: Record<string, unknown> };
      if (property !== null) expect(body.properties).toHaveProperty(property);
    }
  });

  it('deletes a subscription; its usage can still be queried by subscriberId (§3.5)', async () => {
    const deleted = await fetch(admin(`subscriptions/${FABRIKAM}`), {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(deleted.status).toBe(200);
    expect((await get(admin(`subscriptions/${FABRIKAM}`))).status).toBe(404);
    const usage = await collectAll(
      usageUrl(westeu1, { ...ALL_REPORTED, aggregationGranularity: 'Hourly', subscriberId: FABRIKAM }),
      token,
    );
    expect(usage.records).toHaveLength(FABRIKAM_RECORDS);
  });
});

describe('infrastructure alerts', () => {
  const alerts = `${PROVIDER_SUB}/resourceGroups/System.westeu1/providers/Microsoft.InfrastructureInsights.Admin/regionHealths/westeu1/alerts`;

  it("lists the alerts raised by the scenario's now, active and closed, with an empty nextLink", async () => {
    const res = await get(`${westeu1}/subscriptions/${alerts}?api-version=2016-05-01`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      value: { name: string; type: string; properties: Record<string, unknown> }[];
      nextLink: string;
    };
    expect(body.nextLink).toBe('');
    expect(body.value.map((a) => [a.properties.title, a.properties.state])).toEqual([
      ['Infrastructure role is unhealthy', 'Active'],
      ['Low memory capacity', 'Closed'],
    ]);
    const [active, closed] = body.value;
    expect(active!.type).toBe('Microsoft.InfrastructureInsights.Admin/regionHealths/alerts');
    expect(active!.properties).toMatchObject({
      alertId: active!.name,
      severity: 'Critical',
      closedTimestamp: '',
      faultTypeId: 'ServiceFabricApplicationUnhealthy',
      description: [
        { type: 'Text', text: 'The infrastructure role Compute controller is experiencing issues.' },
      ],
    });
    expect(closed!.properties).toMatchObject({
      closedTimestamp: '2024-04-02T09:00:00.000Z',
      lastUpdatedTimestamp: '2024-04-02T09:00:00.000Z',
    });
    const one = await get(`${westeu1}/subscriptions/${alerts}/${active!.name}?api-version=2016-05-01`);
    expect(((await one.json()) as { name: string }).name).toBe(active!.name);
  });

  it('requires its api-version', async () => {
    const res = await get(`${westeu1}/subscriptions/${alerts}?api-version=2015-11-01`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('InvalidApiVersionParameter');
  });
});
