import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AzureStackClient,
  type AzureStackClientOptions,
  AzureStackError,
  QUOTA_PROVIDERS,
} from '../../src/integrations/azure-stack/index.ts';
import { type Emulator, SMALL_SCENARIO, startEmulator } from './emulator-process.ts';

/**
 * The admin API of the client (§6.1–6.4): against the emulator as a process (the protocol end to
 * end, writes included), and against a scripted server for what the emulator is not made to say
 * (odd shapes, 409/400 bodies, retried writes).
 */

const PROVIDER = '7d2c1a4e-5b3f-4e21-9c7a-1f0e8d6b2a90';
const CONTOSO = 'a1f3c2d4-8e7b-4a6c-9d5e-2b1f0c3e4d5a';
const SCENARIO_NOW = Date.parse('2024-04-03T00:00:00Z');
const IAAS_OFFER = `/subscriptions/${PROVIDER}/resourceGroups/offers-rg/providers/Microsoft.Subscriptions.Admin/offers/iaas-standard`;
const IAAS_PLAN = `/subscriptions/${PROVIDER}/resourceGroups/plans-rg/providers/Microsoft.Subscriptions.Admin/plans/iaas-plan`;
const PAAS_PLAN = `/subscriptions/${PROVIDER}/resourceGroups/plans-rg/providers/Microsoft.Subscriptions.Admin/plans/paas-plan`;

async function rejection(promise: Promise<unknown>): Promise<AzureStackError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AzureStackError);
  return error as AzureStackError;
}

describe('admin API against the emulator', () => {
  let emulator: Emulator;
  let westeu1: string;

  beforeAll(async () => {
    emulator = await startEmulator(SMALL_SCENARIO, 2);
    westeu1 = emulator.regions.get('westeu1')!;
  });
  afterAll(async () => {
    await emulator.stop();
  });

  const client = (options: AzureStackClientOptions = {}) =>
    new AzureStackClient(
      {
        armEndpoint: westeu1,
        tenant: 'contosocloud.onmicrosoft.com',
        clientId: 'cms-collector',
        clientSecret: 'westeu1-secret',
      },
      {
        clock: () => SCENARIO_NOW,
        sleep: async () => {},
        ...options,
        retry: {
          maxAttempts: 3,
          baseDelayMs: 10,
          maxDelayMs: 1000,
          requestTimeoutMs: 10_000,
          ...options.retry,
        },
      },
    );

  const fault = (body: object) =>
    fetch(`${emulator.origin}/_emulator/westeu1/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('reads one subscription, and null for one the stamp does not have', async () => {
    const c = client();
    expect(await c.getAdminSubscription(CONTOSO)).toMatchObject({
      subscriptionId: CONTOSO,
      displayName: 'Contoso Production',
      owner: 'it-admin@contoso.example',
      offerId: IAAS_OFFER,
      state: 'Enabled',
      platform: false,
    });
    expect(await c.getAdminSubscription('00000000-0000-4000-8000-00000000dead')).toBeNull();
    expect((await c.getAdminSubscription(PROVIDER))?.platform).toBe(true);
  });

  it('creates, updates (Disabled) and deletes a subscription; a second delete is done too', async () => {
    const c = client();
    const id = '3c9d1e2f-4a5b-4c6d-8e7f-901a2b3c4d5e';
    const created = await c.putAdminSubscription({
      subscriptionId: id,
      displayName: 'Northwind Prod',
      owner: 'admin@northwind.example',
      tenantId: '2b3c4d5e-6f70-4182-9394-a5b6c7d8e9f0',
      offerId: IAAS_OFFER,
      externalReferenceId: 'cms-sub-1',
    });
    expect(created).toEqual({
      subscriptionId: id,
      displayName: 'Northwind Prod',
      owner: 'admin@northwind.example',
      tenantId: '2b3c4d5e-6f70-4182-9394-a5b6c7d8e9f0',
      state: 'Enabled',
      offerId: IAAS_OFFER,
      delegatedProviderSubscriptionId: PROVIDER,
      routingResourceManagerType: 'Default',
      externalReferenceId: 'cms-sub-1',
      platform: false,
    });
    const disabled = await c.putAdminSubscription({
      subscriptionId: id,
      displayName: 'Northwind Prod',
      owner: 'admin@northwind.example',
      tenantId: '2b3c4d5e-6f70-4182-9394-a5b6c7d8e9f0',
      offerId: IAAS_OFFER,
      state: 'Disabled',
    });
    expect(disabled.state).toBe('Disabled');
    expect((await c.listAdminSubscriptions()).map((s) => s.subscriptionId)).toContain(id);
    await c.deleteAdminSubscription(id);
    expect(await c.getAdminSubscription(id)).toBeNull();
    await c.deleteAdminSubscription(id);
  });

  it('refuses an unknown offer with the stamp message (bad-request)', async () => {
    const error = await rejection(
      client().putAdminSubscription({
        subscriptionId: '4d9d1e2f-4a5b-4c6d-8e7f-901a2b3c4d5e',
        displayName: 'X',
        owner: 'admin@x.example',
        tenantId: '2b3c4d5e-6f70-4182-9394-a5b6c7d8e9f0',
        offerId: `/subscriptions/${PROVIDER}/resourceGroups/offers-rg/providers/Microsoft.Subscriptions.Admin/offers/nope`,
      }),
    );
    expect(error.kind).toBe('bad-request');
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/offer/i);
  });

  it('retries a subscription PUT through a 503 and a dropped connection', async () => {
    await fault({ endpoint: 'admin', status: 503, times: 1 });
    await fault({ endpoint: 'admin', status: 'drop', times: 1 });
    const c = client();
    const sub = await c.putAdminSubscription({
      subscriptionId: '5e9d1e2f-4a5b-4c6d-8e7f-901a2b3c4d5e',
      displayName: 'Retried',
      owner: 'admin@retried.example',
      tenantId: '2b3c4d5e-6f70-4182-9394-a5b6c7d8e9f0',
      offerId: IAAS_OFFER,
    });
    expect(sub.displayName).toBe('Retried');
  });

  it('lists offers and plans across pages (page size 1), and the quotas of every RP', async () => {
    const c = client();
    const offers = await c.listOffers();
    expect(offers.map((o) => o.name)).toEqual(['iaas-standard', 'paas-bundle']);
    expect(offers[0]).toMatchObject({
      id: IAAS_OFFER,
      resourceGroup: 'offers-rg',
      displayName: 'IaaS Standard',
      basePlanIds: [IAAS_PLAN],
      addonPlans: [],
    });
    const plans = await c.listPlans();
    expect(plans.map((p) => [p.name, p.resourceGroup])).toEqual([
      ['iaas-plan', 'plans-rg'],
      ['paas-plan', 'plans-rg'],
    ]);
    expect(plans[0]!.quotaIds).toContain(
      `/subscriptions/${PROVIDER}/providers/Microsoft.Compute.Admin/locations/westeu1/quotas/Default Quota`,
    );
    expect(plans[1]!.id).toBe(PAAS_PLAN);
    for (const provider of QUOTA_PROVIDERS) {
      const quotas = await c.listQuotas(provider, 'westeu1');
      expect(quotas.length, provider).toBeGreaterThan(0);
      for (const q of quotas) {
        expect(q.name).not.toContain('/');
        expect(q.provider).toBe(provider);
        expect(q.location).toBe('westeu1');
      }
    }
    const [storage] = await c.listQuotas('Microsoft.Storage.Admin', 'westeu1');
    expect(storage).toMatchObject({
      name: 'Default Quota',
      limits: { numberOfStorageAccounts: 20, capacityInGb: 500 },
    });
    const [compute] = await c.listQuotas('Microsoft.Compute.Admin', 'westeu1');
    expect(compute!.id).toMatch(/\/quotas\/Default Quota$/);
    expect(compute!.limits.coresLimit).toBe(200);
  });

  it('an invalid owner is a bad-request carrying the stamp code and message', async () => {
    const error = await rejection(
      client().putAdminSubscription({
        subscriptionId: '6f9d1e2f-4a5b-4c6d-8e7f-901a2b3c4d5e',
        displayName: 'X',
        owner: 'bob',
        tenantId: '2b3c4d5e-6f70-4182-9394-a5b6c7d8e9f0',
        offerId: IAAS_OFFER,
      }),
    );
    expect(error).toMatchObject({ kind: 'bad-request', status: 400, code: 'InvalidOwner' });
    expect(error.message).toContain("The owner 'bob' is not a valid user principal name");
  });

  it('a PUT and a DELETE whose answers are lost after they landed succeed on the retry', async () => {
    const id = '7a9d1e2f-4a5b-4c6d-8e7f-901a2b3c4d5e';
    await fault({
      endpoint: 'admin',
      status: 'commit-then-drop',
      match: { method: 'PUT', resource: 'subscriptions' },
    });
    const c = client();
    const input = {
      subscriptionId: id,
      displayName: 'Lost answer',
      owner: 'admin@lost.example',
      tenantId: '2b3c4d5e-6f70-4182-9394-a5b6c7d8e9f0',
      offerId: IAAS_OFFER,
    };
    expect((await c.putAdminSubscription(input)).displayName).toBe('Lost answer');
    expect((await c.listAdminSubscriptions()).filter((s) => s.subscriptionId === id)).toHaveLength(1);
    await fault({ endpoint: 'admin', status: 'commit-then-drop', match: { method: 'DELETE' } });
    await c.deleteAdminSubscription(id);
    expect(await c.getAdminSubscription(id)).toBeNull();
  });

  it('writes plans, offers, quotas and acquired plans; the 409s are conflicts', async () => {
    const c = client();
    const [computeDefault] = await c.listQuotas('Microsoft.Compute.Admin', 'westeu1');
    const gold = await c.putQuota('Microsoft.Compute.Admin', 'westeu1', 'Gold Tier', { coresLimit: 64 });
    expect(gold).toMatchObject({
      id: `/subscriptions/${PROVIDER}/providers/Microsoft.Compute.Admin/locations/westeu1/quotas/Gold Tier`,
      name: 'Gold Tier',
      provider: 'Microsoft.Compute.Admin',
      location: 'westeu1',
      limits: { coresLimit: 64, virtualMachineCount: 100 },
    });
    const storage = await c.putQuota('Microsoft.Storage.Admin', 'westeu1', 'Silver', { capacityInGb: 42 });
    expect(storage).toMatchObject({
      name: 'Silver',
      limits: { capacityInGb: 42, numberOfStorageAccounts: 20 },
    });
    const bad = await rejection(c.putQuota('Microsoft.Compute.Admin', 'westeu1', 'Gold Tier', { gpus: 1 }));
    expect(bad.kind).toBe('bad-request');

    const addon = await c.putPlan('plans-rg', 'addon-plan', {
      displayName: 'More cores',
      description: 'Adds cores',
      quotaIds: [gold.id, computeDefault!.id],
    });
    expect(addon).toMatchObject({
      name: 'addon-plan',
      resourceGroup: 'plans-rg',
      displayName: 'More cores',
      description: 'Adds cores',
      quotaIds: [gold.id, computeDefault!.id],
    });
    const offer = await c.putOffer('offers-rg', 'iaas-standard', {
      displayName: 'IaaS Standard',
      state: 'Public',
      basePlanIds: [IAAS_PLAN],
      addonPlans: [{ planId: addon.id, maxAcquisitionCount: 2 }],
    });
    const onIaas = (await c.listAdminSubscriptions()).filter((sub) => sub.offerId === IAAS_OFFER).length;
    expect(onIaas).toBeGreaterThan(0);
    expect(offer).toMatchObject({
      subscriptionCount: onIaas,
      basePlanIds: [IAAS_PLAN],
      addonPlans: [{ planId: addon.id, maxAcquisitionCount: 2 }],
    });
    const created = await c.putOffer('offers-rg', 'gold', {
      displayName: 'Gold',
      description: null,
      state: 'Private',
      maxSubscriptionsPerAccount: 1,
      basePlanIds: [addon.id],
    });
    expect(created).toMatchObject({ state: 'Private', description: null, maxSubscriptionsPerAccount: 1 });
    expect((await c.listOffers()).map((o) => o.name)).toEqual(['iaas-standard', 'paas-bundle', 'gold']);

    const acquisition = 'b1c2d3e4-0000-4000-8000-000000000001';
    const acquired = await c.putAcquiredPlan(CONTOSO, { acquisitionId: acquisition, planId: addon.id });
    expect(acquired).toMatchObject({
      acquisitionId: acquisition,
      planId: addon.id,
      provisioningState: 'Succeeded',
    });
    expect(await c.listAcquiredPlans(CONTOSO)).toEqual([acquired]);
    const notAddon = await rejection(
      c.putAcquiredPlan(CONTOSO, {
        acquisitionId: 'b1c2d3e4-0000-4000-8000-000000000002',
        planId: PAAS_PLAN,
      }),
    );
    expect(notAddon).toMatchObject({ kind: 'bad-request', code: 'PlanNotAvailable' });

    expect(await rejection(c.deletePlan('plans-rg', 'addon-plan'))).toMatchObject({
      kind: 'conflict',
      code: 'PlanInUse',
    });
    expect(await rejection(c.deleteOffer('offers-rg', 'iaas-standard'))).toMatchObject({
      kind: 'conflict',
      code: 'OfferHasSubscriptions',
    });
    await c.deleteAcquiredPlan(CONTOSO, acquisition);
    await c.deleteAcquiredPlan(CONTOSO, acquisition);
    expect(await c.listAcquiredPlans(CONTOSO)).toEqual([]);
    await c.deleteOffer('offers-rg', 'gold');
    await c.deleteOffer('offers-rg', 'gold');
    expect((await c.listOffers()).map((o) => o.name)).toEqual(['iaas-standard', 'paas-bundle']);
  });
});

// ---------------------------------------------------------------------------------------------

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

describe('admin API against a scripted server', () => {
  const T0 = Date.parse('2024-03-31T10:30:00Z');
  const P = '11111111-2222-4333-8444-555555555555';
  let server: Server;
  let origin: string;
  let handler: Handler;
  const adminPath = `/subscriptions/${P}/providers/Microsoft.Subscriptions.Admin`;
  let seen: { method: string; url: string; body: string; contentType: string | undefined }[];

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        if (req.url?.startsWith('/metadata/endpoints')) {
          json(res, 200, {
            authentication: {
              loginEndpoint: `${origin}/login/`,
              audiences: ['https://adminmanagement.test/a'],
            },
          });
          return;
        }
        if (req.url === '/login/t1/oauth2/token') {
          json(res, 200, {
            token_type: 'Bearer',
            expires_in: '3600',
            expires_on: String(Math.floor(T0 / 1000) + 3600),
            access_token: 'tok',
          });
          return;
        }
        seen.push({
          method: req.method ?? '',
          url: req.url ?? '',
          body,
          contentType: req.headers['content-type'],
        });
        handler(req, res, body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    seen = [];
  });

  const client = () =>
    new AzureStackClient(
      { armEndpoint: origin, tenant: 't1', clientId: 'app', clientSecret: 's', providerSubscriptionId: P },
      {
        clock: () => T0,
        sleep: async () => {},
        random: () => 0.5,
        retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 1000, requestTimeoutMs: 2_000 },
      },
    );

  it('maps 409 to conflict and 400 to bad-request with the stamp message', async () => {
    handler = (req, res) => {
      if (req.method === 'DELETE') {
        json(res, 409, { error: { code: 'PlanInUse', message: "The plan 'p1' is used by offer 'o1'." } });
      } else {
        json(res, 400, {
          error: { code: 'InvalidOwner', message: "The owner 'bob' is not a valid user principal name." },
        });
      }
    };
    const c = client();
    const conflict = await rejection(c.deletePlan('rg', 'p1'));
    expect(conflict).toMatchObject({ kind: 'conflict', status: 409, code: 'PlanInUse' });
    expect(conflict.message).toContain("The plan 'p1' is used by offer 'o1'.");
    const bad = await rejection(
      c.putAdminSubscription({
        subscriptionId: 's1',
        displayName: 'd',
        owner: 'bob',
        tenantId: 't',
        offerId: '/o',
      }),
    );
    expect(bad).toMatchObject({ kind: 'bad-request', status: 400, code: 'InvalidOwner', attempts: 1 });
    expect(bad.message).toContain("The owner 'bob' is not a valid user principal name.");
    expect(seen.filter((s) => s.method === 'PUT')).toHaveLength(1);
  });

  it('404: null on get, done on deletes, not-found on writes', async () => {
    handler = (_req, res) => json(res, 404, { error: { code: 'NotFound', message: 'gone' } });
    const c = client();
    expect(await c.getAdminSubscription('x')).toBeNull();
    await c.deleteAdminSubscription('x');
    await c.deleteAcquiredPlan('x', 'a');
    await c.deleteOffer('rg', 'o');
    await c.deletePlan('rg', 'p');
    expect((await rejection(c.putQuota('Microsoft.Compute.Admin', 'local', 'q', {}))).kind).toBe('not-found');
    expect((await rejection(c.listAcquiredPlans('x'))).kind).toBe('not-found');
  });

  it('retries a PUT on 503, 504 and 429 and sends the same body each time', async () => {
    let n = 0;
    handler = (_req, res, body) => {
      n++;
      if (n === 1) return json(res, 503, { error: { code: 'ServiceUnavailable', message: 'busy' } });
      if (n === 2) return json(res, 429, { error: { code: 'Throttled', message: 'slow down' } });
      const sent = JSON.parse(body) as Record<string, unknown>;
      json(res, 201, { ...sent, id: `/subscriptions/${P}/providers/x/subscriptions/s1` });
    };
    const sub = await client().putAdminSubscription({
      subscriptionId: 'S1',
      displayName: 'D',
      owner: 'o@x.example',
      tenantId: 'T',
      offerId: '/o',
      state: 'Disabled',
    });
    expect(sub).toMatchObject({ subscriptionId: 's1', tenantId: 't', state: 'Disabled', offerId: '/o' });
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map((s) => s.body)).size).toBe(1);
    expect(seen[0]!.url).toBe(
      `/subscriptions/${P}/providers/Microsoft.Subscriptions.Admin/subscriptions/S1?api-version=2015-11-01`,
    );
    expect(seen[0]!.contentType).toBe('application/json');
    expect(JSON.parse(seen[0]!.body)).toEqual({
      subscriptionId: 'S1',
      displayName: 'D',
      owner: 'o@x.example',
      tenantId: 'T',
      offerId: '/o',
      state: 'Disabled',
    });
  });

  it('retries a DELETE whose connection dropped; the retry finding nothing (404) is done', async () => {
    let n = 0;
    handler = (req, res) => {
      n++;
      if (n === 1) {
        req.socket.destroy();
        return;
      }
      json(res, 404, { error: { code: 'SubscriptionNotFound', message: 'no' } });
    };
    await client().deleteAdminSubscription('s1');
    expect(seen.map((s) => s.method)).toEqual(['DELETE', 'DELETE']);
  });

  it('gives up after the attempt budget with the transport kind', async () => {
    handler = (_req, res) => json(res, 504, { error: { code: 'GatewayTimeout', message: 'late' } });
    const error = await rejection(client().putPlan('rg', 'p', { displayName: 'P', quotaIds: [] }));
    // The location lookup (GET) already times out.
    expect(error).toMatchObject({ kind: 'timeout', attempts: 3 });
  });

  it('encodes path segments (quota names with spaces) and keeps ids verbatim', async () => {
    handler = (req, res, body) => {
      const sent = JSON.parse(body) as { properties: Record<string, number> };
      json(res, 200, {
        id: `/subscriptions/${P}/providers/Microsoft.Storage.Admin/locations/local/quotas/Gold Tier`,
        name: 'local/Gold Tier',
        type: 'Microsoft.Storage.Admin/locations/quotas',
        location: 'local',
        properties: { ...sent.properties, note: 'x', flag: true },
      });
      expect(req.method).toBe('PUT');
    };
    const quota = await client().putQuota('Microsoft.Storage.Admin', 'local', 'Gold Tier', {
      numberOfStorageAccounts: 5,
      capacityInGb: 100,
    });
    expect(seen[0]!.url).toBe(
      `/subscriptions/${P}/providers/Microsoft.Storage.Admin/locations/local/quotas/Gold%20Tier?api-version=2019-08-08-preview`,
    );
    expect(JSON.parse(seen[0]!.body)).toEqual({
      location: 'local',
      properties: { numberOfStorageAccounts: 5, capacityInGb: 100 },
    });
    expect(quota).toEqual({
      id: `/subscriptions/${P}/providers/Microsoft.Storage.Admin/locations/local/quotas/Gold Tier`,
      provider: 'Microsoft.Storage.Admin',
      location: 'local',
      name: 'Gold Tier',
      limits: { numberOfStorageAccounts: 5, capacityInGb: 100 },
    });
  });

  it('reads sparse offers, plans and acquired plans tolerantly, following nextLink', async () => {
    handler = (req, res) => {
      const url = req.url ?? '';
      if (url.startsWith(`${adminPath}/offers?`) && !url.includes('$skipToken')) {
        json(res, 200, {
          value: [
            {
              id: `/subscriptions/${P}/resourceGroups/My RG/providers/Microsoft.Subscriptions.Admin/offers/o1`,
              name: 'o1',
              properties: {
                state: 'decommissioned',
                basePlanIds: ['/plans/a b', 7],
                addonPlans: [{ planId: '/plans/x' }, {}],
              },
            },
            { name: 'no-id' },
            'junk',
          ],
          nextLink: `${origin}${adminPath}/offers?api-version=2015-11-01&$skipToken=2`,
        });
      } else if (url.includes('$skipToken=2')) {
        json(res, 200, {
          value: [
            {
              id: `/subscriptions/${P}/resourceGroups/rg/providers/Microsoft.Subscriptions.Admin/offers/o2`,
              properties: {
                displayName: 'Two',
                description: 'desc',
                state: 'Public',
                subscriptionCount: 3,
                maxSubscriptionsPerAccount: 1,
                basePlanIds: [],
                addonPlans: [{ planId: '/p', maxAcquisitionCount: 2 }],
              },
            },
          ],
          nextLink: '',
        });
      } else if (url.startsWith(`${adminPath}/plans?`)) {
        json(res, 200, {
          value: [
            { id: `/subscriptions/${P}/resourcegroups/rg/providers/Microsoft.Subscriptions.Admin/plans/p1` },
          ],
        });
      } else {
        json(res, 200, {
          value: [
            {
              acquisitionId: 'A1',
              planId: '/p',
              provisioningState: 'Succeeded',
              acquisitionTime: '2024-01-01T00:00:00Z',
            },
            { properties: { acquisitionId: 'a2', planId: '/q' } },
            { planId: '/no-acquisition' },
          ],
        });
      }
    };
    const c = client();
    expect(await c.listOffers()).toEqual([
      {
        id: `/subscriptions/${P}/resourceGroups/My RG/providers/Microsoft.Subscriptions.Admin/offers/o1`,
        resourceGroup: 'My RG',
        name: 'o1',
        displayName: 'o1',
        description: null,
        state: 'Decommissioned',
        subscriptionCount: 0,
        maxSubscriptionsPerAccount: null,
        basePlanIds: ['/plans/a b'],
        addonPlans: [{ planId: '/plans/x', maxAcquisitionCount: null }],
      },
      {
        id: `/subscriptions/${P}/resourceGroups/rg/providers/Microsoft.Subscriptions.Admin/offers/o2`,
        resourceGroup: 'rg',
        name: 'o2',
        displayName: 'Two',
        description: 'desc',
        state: 'Public',
        subscriptionCount: 3,
        maxSubscriptionsPerAccount: 1,
        basePlanIds: [],
        addonPlans: [{ planId: '/p', maxAcquisitionCount: 2 }],
      },
    ]);
    expect(await c.listPlans()).toEqual([
      {
        id: `/subscriptions/${P}/resourcegroups/rg/providers/Microsoft.Subscriptions.Admin/plans/p1`,
        resourceGroup: 'rg',
        name: 'p1',
        displayName: 'p1',
        description: null,
        subscriptionCount: 0,
        quotaIds: [],
      },
    ]);
    expect(await c.listAcquiredPlans('s1')).toEqual([
      {
        acquisitionId: 'a1',
        planId: '/p',
        provisioningState: 'Succeeded',
        acquisitionTime: '2024-01-01T00:00:00Z',
      },
      { acquisitionId: 'a2', planId: '/q', provisioningState: null, acquisitionTime: null },
    ]);
    expect(seen.at(-1)!.url).toBe(`${adminPath}/subscriptions/s1/acquiredPlans?api-version=2015-11-01`);
  });

  it('writes an offer in its current location, or the first listed one when it is new', async () => {
    handler = (req, res, body) => {
      const url = req.url ?? '';
      if (req.method === 'GET' && url.includes('/offers/existing?')) {
        return json(res, 200, { id: 'x', location: 'redmond', properties: {} });
      }
      if (req.method === 'GET' && url.includes('/offers/')) {
        return json(res, 404, { error: { code: 'NotFound', message: 'no' } });
      }
      if (req.method === 'GET' && url.includes('/locations?')) {
        return json(res, 200, { value: [{ name: 'local', displayName: 'Local' }] });
      }
      const sent = JSON.parse(body) as { properties: object };
      const name = decodeURIComponent(url.split('/offers/')[1]!.split('?')[0]!);
      json(res, 200, {
        id: `/subscriptions/${P}/resourceGroups/rg/providers/Microsoft.Subscriptions.Admin/offers/${name}`,
        name,
        properties: sent.properties,
      });
    };
    const c = client();
    const input = {
      displayName: 'Gold',
      state: 'Private' as const,
      basePlanIds: ['/p1'],
      addonPlans: [{ planId: '/p2', maxAcquisitionCount: null }],
    };
    const created = await c.putOffer('rg', 'new one', input);
    expect(created).toMatchObject({ name: 'new one', state: 'Private', basePlanIds: ['/p1'] });
    const puts = seen.filter((s) => s.method === 'PUT');
    expect(puts[0]!.url).toBe(
      `/subscriptions/${P}/resourceGroups/rg/providers/Microsoft.Subscriptions.Admin/offers/new%20one?api-version=2015-11-01`,
    );
    expect(JSON.parse(puts[0]!.body)).toEqual({
      location: 'local',
      properties: {
        name: 'new one',
        displayName: 'Gold',
        state: 'Private',
        basePlanIds: ['/p1'],
        addonPlans: [{ planId: '/p2' }],
      },
    });
    await c.putOffer('rg', 'existing', { ...input, description: 'd', maxSubscriptionsPerAccount: 2 });
    const second = JSON.parse(seen.filter((s) => s.method === 'PUT')[1]!.body) as {
      location: string;
      properties: Record<string, unknown>;
    };
    expect(second.location).toBe('redmond');
    expect(second.properties).toMatchObject({ description: 'd', maxSubscriptionsPerAccount: 2 });
  });
});
