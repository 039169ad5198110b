import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AzureStackClient,
  type AzureStackClientOptions,
  type AzureStackConnection,
  type CompleteUnit,
  canonicalWindows,
  type FailedUnit,
  type PullUnit,
  type UsageRecord,
} from '../../src/integrations/azure-stack/index.ts';
import { dump, type Emulator, SMALL_SCENARIO, startEmulator } from './emulator-process.ts';

// apps/azs-emulator/test/fixtures/small-scenario.json: westeu1 (Entra, page size 7, faults at
// 05:00–09:00 on 2024-03-31, two late records) and northwest (AD FS, 20 generated tenants).
const PROVIDER = '7d2c1a4e-5b3f-4e21-9c7a-1f0e8d6b2a90';
const CONTOSO = 'a1f3c2d4-8e7b-4a6c-9d5e-2b1f0c3e4d5a';
const FABRIKAM = 'b7e4d9c1-2f6a-4b3e-8c1d-5a9f0e2b7c64';
const STRANGER = '00000000-0000-4000-8000-00000000beef';
const SCENARIO_NOW = Date.parse('2024-04-03T00:00:00Z');
// Every westeu1 record is reported in [2024-03-31T00:00, 2024-04-02T03:00) (the emulator's own
// test counts 409 Contoso + 337 Fabrikam records there).
const FROM = '2024-03-31T00:00:00Z';
const TO = '2024-04-02T03:00:00Z';

let emulator: Emulator;
let westeu1: string;
let northwest: string;
let sleeps: number[];

const westeu1Connection: AzureStackConnection = {
  armEndpoint: '',
  tenant: 'contosocloud.onmicrosoft.com',
  clientId: 'cms-collector',
  clientSecret: 'westeu1-secret',
};

function client(connection: Partial<AzureStackConnection> = {}, options: AzureStackClientOptions = {}) {
  return new AzureStackClient(
    { ...westeu1Connection, armEndpoint: westeu1, ...connection },
    {
      clock: () => SCENARIO_NOW,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      ...options,
      retry: {
        maxAttempts: 3,
        baseDelayMs: 100,
        maxDelayMs: 10_000,
        requestTimeoutMs: 20_000,
        ...options.retry,
      },
    },
  );
}

interface LoggedRequest {
  method: string;
  url: string;
  status: number;
}
async function requestLog(region: string): Promise<LoggedRequest[]> {
  const res = await fetch(`${emulator.origin}/_emulator/${region}/requests`);
  return ((await res.json()) as { value: LoggedRequest[] }).value;
}
async function clearLog(region: string): Promise<void> {
  await fetch(`${emulator.origin}/_emulator/${region}/requests`, { method: 'DELETE' });
}

/** The natural key, quantity and descriptive fields of a record, as one comparable string. */
function key(
  r: Pick<
    UsageRecord,
    | 'subscriptionId'
    | 'meterId'
    | 'resourceUri'
    | 'usageStart'
    | 'usageEnd'
    | 'quantity'
    | 'sku'
    | 'tags'
    | 'location'
  >,
): string {
  return [
    r.subscriptionId,
    r.meterId,
    r.resourceUri,
    r.usageStart,
    r.usageEnd,
    r.quantity,
    r.location,
    r.sku,
    JSON.stringify(r.tags),
  ].join('|');
}

/** A dump line read independently of the client: the expected record. */
function expectedFromDump(line: string): string {
  const quantity = /"quantity":([^,}]+)/.exec(line)![1]!;
  const raw = JSON.parse(line) as {
    properties: {
      subscriptionId: string;
      usageStartTime: string;
      usageEndTime: string;
      instanceData: string;
      meterId: string;
    };
  };
  const p = raw.properties;
  const resources = (JSON.parse(p.instanceData) as Record<string, Record<string, string>>)[
    'Microsoft.Resources'
  ]!;
  const nested = (text: string) =>
    text === '' || text === 'null' ? null : (JSON.parse(text) as Record<string, unknown>);
  const info = nested(resources.additionalInfo!);
  return key({
    subscriptionId: p.subscriptionId.toLowerCase(),
    meterId: p.meterId.toLowerCase().replaceAll('-', ''),
    resourceUri: resources.resourceUri!.toLowerCase(),
    usageStart: p.usageStartTime.replace('+00:00', 'Z'),
    usageEnd: p.usageEndTime.replace('+00:00', 'Z'),
    // The emulator writes doubles as JS prints them; none of its quantities needs an exponent.
    quantity,
    location: resources.location!,
    sku: (info?.ServiceType as string | undefined) ?? null,
    tags: nested(resources.tags!),
  });
}

async function collect(iterable: AsyncIterable<PullUnit>): Promise<PullUnit[]> {
  const units: PullUnit[] = [];
  for await (const unit of iterable) units.push(unit);
  return units;
}

beforeAll(async () => {
  emulator = await startEmulator(SMALL_SCENARIO, 2);
  westeu1 = emulator.regions.get('westeu1')!;
  northwest = emulator.regions.get('northwest')!;
});

afterAll(async () => {
  await emulator.stop();
});

describe('usage pulls against the emulator', () => {
  it('pulls every hour of the scenario through the injected faults and matches `dump` record for record', async () => {
    sleeps = [];
    await clearLog('westeu1');
    const c = client();
    const windows = canonicalWindows(FROM, TO, 'Hourly', SCENARIO_NOW);
    expect(windows).toHaveLength(51);
    const units: PullUnit[] = [];
    for (const window of windows) {
      units.push(
        ...(await collect(
          c.pullWindow(window, { subscribers: [CONTOSO, FABRIKAM.toUpperCase(), STRANGER] }),
        )),
      );
    }
    const complete = units.filter((u): u is CompleteUnit => u.status === 'complete');
    const pulled = complete.flatMap((u) => u.records);
    const expected = await dump(SMALL_SCENARIO, 'westeu1', FROM, TO);
    expect(expected).toHaveLength(409 + 337);
    // As multisets: duplicates count.
    expect(pulled.map(key).sort()).toEqual(expected.map(expectedFromDump).sort());

    // 07:00 kept answering 504 for the whole window: it was pulled per subscriber instead.
    const at7 = units.filter((u) => u.window.start === '2024-03-31T07:00:00Z');
    expect(at7.map((u) => [u.subscriberId, u.status])).toEqual([
      [null, 'failed'],
      [CONTOSO, 'complete'],
      [FABRIKAM, 'complete'],
      [STRANGER, 'skipped'],
    ]);
    expect((at7[0] as FailedUnit).error.kind).toBe('timeout');
    expect((at7[0] as FailedUnit).error.attempts).toBe(3);
    expect((at7[0] as FailedUnit).fallback).toBe(true);
    const at7Expected = await dump(SMALL_SCENARIO, 'westeu1', '2024-03-31T07:00:00Z', '2024-03-31T08:00:00Z');
    const at7Pulled = at7.flatMap((u) => (u.status === 'complete' ? u.records : []));
    expect(at7Pulled.map(key).sort()).toEqual(at7Expected.map(expectedFromDump).sort());
    // Every other window came whole, in one unit.
    expect(units.filter((u) => u.status !== 'complete' && u.window.start !== '2024-03-31T07:00:00Z')).toEqual(
      [],
    );

    // Retry-After honoured: 503 (2 s) at 05:00, 429 (1 s) twice at 06:00, 503 (3 s) on a 09:00 follow-up page.
    for (const wait of [2000, 1000, 3000]) expect(sleeps).toContain(wait);
    expect(sleeps.filter((ms) => ms === 1000).length).toBeGreaterThanOrEqual(2);
    const log = await requestLog('westeu1');
    // The dropped connection at 08:00 was retried.
    const at8 = log.filter(
      (r) =>
        r.url.includes('reportedStartTime=2024-03-31T08%3A00%3A00Z') && !r.url.includes('continuationToken'),
    );
    expect(at8.map((r) => r.status)).toEqual([0, 200]);
    // Small pages: the continuation tokens (which start with '+/+/' and end with '==') went back verbatim.
    const followUps = log.filter((r) => r.url.includes('continuationToken='));
    expect(followUps.length).toBeGreaterThan(51);
    expect(followUps.every((r) => r.status === 200 || r.status === 503)).toBe(true);
    expect(followUps.every((r) => /continuationToken=%2B%2F%2B%2F[^&]*%3D/.test(r.url))).toBe(true);
    // One token for the whole run.
    expect(log.filter((r) => r.url.endsWith('/oauth2/token'))).toHaveLength(1);
  });

  it('keeps records that share an id, and the late record in the window it was reported in', async () => {
    sleeps = [];
    const [window] = canonicalWindows('2024-04-01T10:00:00Z', '2024-04-01T11:00:00Z', 'Hourly', SCENARIO_NOW);
    const unit = (await client().pullUnit(window!, null)) as CompleteUnit;
    expect(unit.status).toBe('complete');
    expect(unit.pages).toBeGreaterThan(2);
    const late = unit.records.filter((r) => r.usageStart === '2024-03-31T23:00:00Z');
    expect(late).toEqual([
      expect.objectContaining({
        subscriptionId: CONTOSO,
        meterId: '6dab500fa4fd49c4956d229bb9c8c793',
        quantity: '0.5',
        sku: 'Standard_D2_v2',
      }),
    ]);
    // Two resources of one subscription report one meter in one hour (two VMs' VM-hours, two
    // storage accounts' capacity): one wire id (`{subscriber}-{meterId}`, G2), every record kept.
    const byId = new Map<string, Set<string>>();
    for (const r of unit.records) {
      const id = `${r.subscriptionId}-${r.meterIdRaw}|${r.usageStart}`;
      byId.set(id, (byId.get(id) ?? new Set()).add(r.resourceUri.split('/').pop()!));
    }
    expect([...byId.values()].filter((names) => names.size >= 2).length).toBeGreaterThan(0);
    // IP meters arrive without dashes, storage upper case, compute lower case: one normal form.
    expect(unit.records.every((r) => /^[0-9a-f]{32}$/.test(r.meterId))).toBe(true);
    expect(new Set(unit.records.map((r) => r.meterIdRaw === r.meterIdRaw.toUpperCase())).size).toBe(2);
    // resourceGroups / resourcegroups alternate on the wire and not in the key.
    const raw = new Set(unit.records.map((r) => /resourcegroups/i.exec(r.resourceUriRaw)![0]));
    expect(raw).toEqual(new Set(['resourceGroups', 'resourcegroups']));
  });

  it('pulls an AD FS region and matches its dump', async () => {
    const c = client({
      armEndpoint: northwest,
      tenant: 'adfs',
      clientId: 'cms-adfs-app',
      clientSecret: 'northwest-secret',
    });
    const [window] = canonicalWindows('2024-03-01T05:00:00Z', '2024-03-01T06:00:00Z', 'Hourly', SCENARIO_NOW);
    const units = await collect(c.pullWindow(window!));
    expect(units.map((u) => u.status)).toEqual(['complete']);
    const expected = await dump(SMALL_SCENARIO, 'northwest', '2024-03-01T05:00:00Z', '2024-03-01T06:00:00Z');
    expect(expected.length).toBeGreaterThan(20);
    expect((units[0] as CompleteUnit).records.map(key).sort()).toEqual(expected.map(expectedFromDump).sort());
    const log = await requestLog('northwest');
    expect(log.filter((r) => r.method === 'POST').map((r) => r.url)).toEqual([
      '/northwest/adfs/oauth2/token',
    ]);
  });
});

describe('tokens against the emulator', () => {
  it('reuses one token until 5 minutes before expires_on, then asks for a new one', async () => {
    await clearLog('westeu1');
    let offset = 0;
    const c = client({}, { clock: () => Date.now() + offset });
    const [window] = canonicalWindows('2024-04-01T02:00:00Z', '2024-04-01T03:00:00Z', 'Hourly', SCENARIO_NOW);
    await c.pullUnit(window!, CONTOSO);
    await c.pullUnit(window!, FABRIKAM);
    const tokens = async () =>
      (await requestLog('westeu1')).filter((r) => r.url.endsWith('/oauth2/token')).length;
    expect(await tokens()).toBe(1);
    // The emulator's tokens live 3599 s; at +3299 s the client is inside the 5-minute margin.
    offset = 3299_000;
    expect((await c.pullUnit(window!, CONTOSO)).status).toBe('complete');
    expect(await tokens()).toBe(2);
  });

  it.each([
    [
      'Entra wrong secret',
      { clientSecret: 'nope' },
      'invalid-client',
      /rejected the client secret of application 'cms-collector'/,
    ],
    [
      'Entra unknown client',
      { clientId: 'someone' },
      'invalid-client',
      /does not know the application \(client id\) 'someone'/,
    ],
    [
      'Entra unknown tenant',
      { tenant: 'fabrikam.onmicrosoft.com' },
      'invalid-tenant',
      /directory tenant 'fabrikam\.onmicrosoft\.com'/,
    ],
  ] as const)(
    '%s: a typed error at the token step, without retries',
    async (_name, change, kind, message) => {
      sleeps = [];
      const result = await client(change).testConnection();
      expect(result.steps.map((s) => [s.step, s.status])).toEqual([
        ['metadata', 'ok'],
        ['token', 'failed'],
        ['usage', 'not-run'],
        ['admin', 'not-run'],
      ]);
      expect(result.steps[1]!.errorKind).toBe(kind);
      expect(result.steps[1]!.message).toMatch(message);
      expect(sleeps).toEqual([]);
    },
  );

  it('AD FS wrong secret: invalid-client with the MSIS code', async () => {
    const result = await client({
      armEndpoint: northwest,
      clientId: 'cms-adfs-app',
      clientSecret: 'nope',
    }).testConnection();
    expect(result.identitySystem).toBe('adfs');
    expect(result.steps[1]).toMatchObject({ step: 'token', status: 'failed', errorKind: 'invalid-client' });
    expect(result.steps[1]!.message).toMatch(/AD FS rejected the client secret.*MSIS9622/);
  });
});

/**
 * A stamp whose metadata announces another region's identity settings, through a proxy in front of
 * the emulator: the audience check at the token endpoint (AD FS MSIS9602) and at ARM (401
 * InvalidAuthenticationTokenAudience).
 */
describe('audience checks', () => {
  let proxy: Server;
  let proxyOrigin: string;
  let metadataFor: (region: string) => Promise<unknown>;

  beforeAll(async () => {
    const upstream = new URL(emulator.origin);
    proxy = createServer(async (req, res) => {
      const region = (req.url ?? '/').split('/')[1]!;
      if ((req.url ?? '').includes('/metadata/endpoints')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(await metadataFor(region)));
        return;
      }
      const forward = request(
        {
          hostname: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(forward);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyOrigin = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
  });

  const realMetadata = async (region: string) =>
    (await (
      await fetch(`${emulator.origin}/${region}/metadata/endpoints?api-version=2015-01-01`)
    ).json()) as {
      authentication: { loginEndpoint: string; audiences: string[] };
    };

  it('AD FS refuses a resource it does not know (MSIS9602): invalid-resource', async () => {
    metadataFor = async () => {
      const meta = await realMetadata('northwest');
      meta.authentication.loginEndpoint = `${proxyOrigin}/northwest/adfs/`;
      meta.authentication.audiences = ['https://adminmanagement.elsewhere/0000'];
      return meta;
    };
    const result = await client({
      armEndpoint: `${proxyOrigin}/northwest`,
      clientId: 'cms-adfs-app',
      clientSecret: 'northwest-secret',
    }).testConnection();
    expect(result.steps[1]).toMatchObject({ step: 'token', status: 'failed', errorKind: 'invalid-resource' });
    expect(result.steps[1]!.message).toMatch(
      /does not know the audience 'https:\/\/adminmanagement\.elsewhere\/0000'.*MSIS9602/,
    );
  });

  it('ARM refuses a token minted for another audience: renewed once, then token-audience', async () => {
    // northwest's ARM, but westeu1's identity settings: every token carries westeu1's audience.
    metadataFor = async () => realMetadata('westeu1');
    await clearLog('westeu1');
    await clearLog('northwest');
    const c = client({ armEndpoint: `${proxyOrigin}/northwest`, providerSubscriptionId: null });
    const result = await c.testConnection();
    expect(result.steps[2]).toMatchObject({ step: 'usage', status: 'failed', errorKind: 'token-audience' });
    expect((await requestLog('westeu1')).filter((r) => r.url.endsWith('/oauth2/token'))).toHaveLength(2);
    expect((await requestLog('northwest')).map((r) => r.status)).toEqual([401, 401]);
  });
});

describe('admin API against the emulator', () => {
  it('discovers the provider subscription and passes every connection step', async () => {
    const result = await client({ providerSubscriptionId: null }).testConnection();
    expect(result.steps.map((s) => [s.step, s.status])).toEqual([
      ['metadata', 'ok'],
      ['token', 'ok'],
      ['usage', 'ok'],
      ['admin', 'ok'],
    ]);
    expect(result).toMatchObject({ ok: true, identitySystem: 'entra', providerSubscriptionId: PROVIDER });
    expect(result.steps[2]!.message).toMatch(/2024-04-02T23:00:00Z – 2024-04-03T00:00:00Z/);
    expect(result.steps[3]!.message).toBe(
      'The admin API lists 5 subscription(s), 3 of them operator (platform) subscriptions.',
    );
  });

  it('lists tenant and operator subscriptions with the platform mark', async () => {
    const subs = await client().listAdminSubscriptions();
    expect(subs.map((s) => [s.displayName, s.platform, s.state]).sort()).toEqual([
      ['Consumption Subscription', true, 'Enabled'],
      ['Contoso Production', false, 'Enabled'],
      ['Default Provider Subscription', true, 'Enabled'],
      ['Fabrikam Dev/Test', false, 'Disabled'],
      ['Metering Subscription', true, 'Enabled'],
    ]);
    expect(subs.find((s) => s.displayName === 'Contoso Production')).toMatchObject({
      subscriptionId: CONTOSO,
      owner: 'it-admin@contoso.example',
      tenantId: '9b2e4f61-0c3a-4d7e-8f15-a6b2c9d0e4f7',
      delegatedProviderSubscriptionId: PROVIDER,
      routingResourceManagerType: 'Default',
    });
  });

  it('lists the visible infrastructure alerts, active and closed', async () => {
    const alerts = await client().listAlerts('westeu1');
    expect(alerts.map((a) => [a.title, a.severity, a.state, a.closedAt])).toEqual([
      ['Infrastructure role is unhealthy', 'Critical', 'Active', null],
      ['Low memory capacity', 'Warning', 'Closed', '2024-04-02T09:00:00Z'],
    ]);
    expect(alerts[0]).toMatchObject({
      faultTypeId: 'ServiceFabricApplicationUnhealthy',
      createdAt: '2024-04-01T00:00:00Z',
      description: 'The infrastructure role Compute controller is experiencing issues.',
    });
    expect(alerts[0]!.alertId).toMatch(/^[0-9a-f-]{36}$/);
    expect(alerts[0]!.remediation).toContain('https://aka.ms/azurestacklogfiles');
  });
});
