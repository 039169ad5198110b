import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, collectAll, type RunningEmulator, resourceUriOf, startEmulator } from './support.ts';

/**
 * The admin API's writes (test/fixtures/admin-scenario.json): subscriptions with their validation
 * and their effect on usage (created at run time → usage from that hour; Disabled → none; deleted
 * → none after), offers with link/unlink, plans, quotas, acquired plans, faults per operation, and
 * the clock control. Tests run in order: the clock only moves forward.
 */

const SCENARIO = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'admin-scenario.json');
const PROVIDER = '0f1e2d3c-4b5a-4697-8877-665544332211';
const STEADY = '5a5a5a5a-1111-4222-8333-444455556666';
const ADMIN = `/subscriptions/${PROVIDER}/providers/Microsoft.Subscriptions.Admin`;
const RG_ADMIN = (rg: string) =>
  `/subscriptions/${PROVIDER}/resourceGroups/${rg}/providers/Microsoft.Subscriptions.Admin`;
const GOLD = `${RG_ADMIN('offers-rg')}/offers/gold`;
const RETIRED = `${RG_ADMIN('offers-rg')}/offers/retired`;
const planId = (name: string) => `${RG_ADMIN('plans-rg')}/plans/${name}`;
const COMPUTE_DEFAULT = `/subscriptions/${PROVIDER}/providers/Microsoft.Compute.Admin/locations/local/quotas/Default Quota`;

let emulator: RunningEmulator;
let base: string;
let token: string;

beforeAll(async () => {
  emulator = await startEmulator(SCENARIO);
  base = emulator.regions.get('local')!.base;
  token = await bearer(base, 'adminstamp.onmicrosoft.com', 'cms-admin', 'local-secret');
});
afterAll(async () => {
  await emulator.stop();
});

// biome-ignore lint/suspicious/noExplicitAny: answers of many shapes, read field by field
type Json = Record<string, any>;

async function call(
  method: string,
  path: string,
  body?: unknown,
  version = '2015-11-01',
): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${base}${path}${path.includes('?') ? '&' : '?'}api-version=${version}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? {} : (JSON.parse(text) as Json) };
}

const putSub = (id: string, body: Json) => call('PUT', `${ADMIN}/subscriptions/${id}`, body);
const control = (method: string, path: string, body?: unknown) =>
  fetch(`${emulator.origin}/_emulator/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const setClock = async (now: string) => {
  const res = await control('PUT', 'clock', { now });
  expect(res.status).toBe(200);
};

describe('subscriptions', () => {
  it('refuses an invalid owner, an unknown offer and a decommissioned offer, naming them', async () => {
    const id = '0b0b0b0b-0000-4000-8000-000000000001';
    const owner = await putSub(id, { displayName: 'X', owner: 'not an email', offerId: GOLD });
    expect(owner.status).toBe(400);
    expect(owner.body.error.code).toBe('InvalidOwner');
    expect(owner.body.error.message).toContain("'not an email'");
    const offer = await putSub(id, { displayName: 'X', owner: 'a@b.example', offerId: `${GOLD}x` });
    expect(offer.body.error).toMatchObject({ code: 'OfferNotFound' });
    expect(offer.status).toBe(400);
    const retired = await putSub(id, { displayName: 'X', owner: 'a@b.example', offerId: RETIRED });
    expect(retired.status).toBe(400);
    expect(retired.body.error.code).toBe('OfferNotAvailable');
    expect((await call('GET', `${ADMIN}/subscriptions/${id}`)).status).toBe(404);
  });

  it('creates (201), updates every field (200) and deletes; a second delete is 404', async () => {
    const id = '0b0b0b0b-0000-4000-8000-000000000002';
    const created = await putSub(id, {
      displayName: 'Trial',
      owner: 'admin@trial.example',
      tenantId: '7E7E7E7E-0000-4000-8000-000000000000',
      offerId: GOLD.toUpperCase(),
      externalReferenceId: 'cms-1',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      subscriptionId: id,
      tenantId: '7e7e7e7e-0000-4000-8000-000000000000',
      offerId: GOLD,
      state: 'Enabled',
      externalReferenceId: 'cms-1',
    });
    const updated = await putSub(id, {
      displayName: 'Trial 2',
      owner: 'other@trial.example',
      tenantId: '8e8e8e8e-0000-4000-8000-000000000000',
      offerId: GOLD,
      state: 'Disabled',
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      displayName: 'Trial 2',
      owner: 'other@trial.example',
      tenantId: '8e8e8e8e-0000-4000-8000-000000000000',
      state: 'Disabled',
    });
    expect((await call('DELETE', `${ADMIN}/subscriptions/${id}`)).status).toBe(200);
    expect((await call('GET', `${ADMIN}/subscriptions/${id}`)).status).toBe(404);
    expect((await call('DELETE', `${ADMIN}/subscriptions/${id}`)).status).toBe(404);
  });
});

describe('offers and plans', () => {
  it('creates and updates plans with quota ids (spaces kept), refusing an unknown quota', async () => {
    const bad = await call('PUT', `${RG_ADMIN('plans-rg')}/plans/new-plan`, {
      location: 'local',
      properties: { displayName: 'New', quotaIds: [`${COMPUTE_DEFAULT}x`] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('QuotaNotFound');
    const created = await call('PUT', `${RG_ADMIN('plans-rg')}/plans/new-plan`, {
      location: 'local',
      properties: { displayName: 'New', description: 'd', quotaIds: [COMPUTE_DEFAULT.toLowerCase()] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: planId('new-plan'),
      location: 'local',
      properties: { displayName: 'New', description: 'd', quotaIds: [COMPUTE_DEFAULT], subscriptionCount: 0 },
    });
    const updated = await call('PUT', `${RG_ADMIN('plans-rg')}/plans/new-plan`, {
      properties: { displayName: 'New plan' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.properties).toMatchObject({ displayName: 'New plan', quotaIds: [COMPUTE_DEFAULT] });
    const elsewhere = await call('PUT', `${RG_ADMIN('plans-rg')}/plans/x`, { location: 'westus' });
    expect(elsewhere.status).toBe(400);
  });

  it('creates an offer (Private by default), links and unlinks plans, and pages the list', async () => {
    const path = `${RG_ADMIN('offers-rg')}/offers/silver`;
    const unknown = await call('PUT', path, { properties: { basePlanIds: [planId('nope')] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('PlanNotFound');
    const created = await call('PUT', path, {
      location: 'local',
      properties: { displayName: 'Silver', basePlanIds: [planId('new-plan')], maxSubscriptionsPerAccount: 3 },
    });
    expect(created.status).toBe(201);
    expect(created.body.properties).toMatchObject({
      state: 'Private',
      basePlanIds: [planId('new-plan')],
      addonPlans: [],
      maxSubscriptionsPerAccount: 3,
    });
    const linked = await call('POST', `${path}/link`, {
      planName: 'extra-plan',
      planLinkType: 'Addon',
      maxAcquisitionCount: 2,
    });
    expect(linked.status).toBe(200);
    expect(linked.body.properties.addonPlans).toEqual([
      { planId: planId('extra-plan'), maxAcquisitionCount: 2 },
    ]);
    const unlinked = await call('POST', `${path}/unlink`, {
      planName: planId('new-plan'),
      planLinkType: 'Base',
    });
    expect(unlinked.body.properties.basePlanIds).toEqual([]);
    const relinked = await call('POST', `${path}/link`, { planName: 'spare-plan', planLinkType: 'Base' });
    expect(relinked.body.properties.basePlanIds).toEqual([planId('spare-plan')]);
    const published = await call('PUT', path, { properties: { state: 'public' } });
    expect(published.status).toBe(200);
    expect(published.body.properties).toMatchObject({
      state: 'Public',
      displayName: 'Silver',
      basePlanIds: [planId('spare-plan')],
    });
    // Three offers, pages of 2.
    const first = await call('GET', `${ADMIN}/offers`);
    expect(first.body.value.map((o: Json) => o.name)).toEqual(['gold', 'retired']);
    const second = (await (
      await fetch(first.body.nextLink, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as Json;
    expect(second.value.map((o: Json) => o.name)).toEqual(['silver']);
  });

  it('refuses deleting a plan an offer uses, and an offer with subscriptions (409)', async () => {
    const sub = '0b0b0b0b-0000-4000-8000-000000000003';
    const silver = `${RG_ADMIN('offers-rg')}/offers/silver`;
    expect((await putSub(sub, { displayName: 'S', owner: 's@s.example', offerId: silver })).status).toBe(201);
    const busy = await call('DELETE', silver);
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('OfferHasSubscriptions');
    const used = await call('DELETE', `${RG_ADMIN('plans-rg')}/plans/spare-plan`);
    expect(used.status).toBe(409);
    expect(used.body.error.code).toBe('PlanInUse');
    expect(
      (await call('GET', `${RG_ADMIN('plans-rg')}/plans/spare-plan`)).body.properties.subscriptionCount,
    ).toBe(1);
    expect((await call('DELETE', `${ADMIN}/subscriptions/${sub}`)).status).toBe(200);
    expect((await call('DELETE', silver)).status).toBe(200);
    expect((await call('GET', silver)).status).toBe(404);
    expect((await call('DELETE', silver)).status).toBe(404);
    expect((await call('DELETE', `${RG_ADMIN('plans-rg')}/plans/new-plan`)).status).toBe(200);
    expect((await call('GET', `${RG_ADMIN('plans-rg')}/plans/new-plan`)).status).toBe(404);
  });
});

describe('quotas', () => {
  const quotas = (rp: string, version: string, name = '') =>
    [`/subscriptions/${PROVIDER}/providers/${rp}/locations/local/quotas${name}`, version] as const;

  it('creates and updates quotas per RP (the scenario fails the first PUT with 500)', async () => {
    const [path, version] = quotas('Microsoft.Compute.Admin', '2021-01-01', '/Gold%20Tier');
    const failed = await call('PUT', path, { location: 'local', properties: { coresLimit: 50 } }, version);
    expect(failed.status).toBe(500);
    const created = await call('PUT', path, { location: 'local', properties: { coresLimit: 50 } }, version);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: `/subscriptions/${PROVIDER}/providers/Microsoft.Compute.Admin/locations/local/quotas/Gold Tier`,
      name: 'Gold Tier',
      properties: { coresLimit: 50, virtualMachineCount: 100 },
    });
    const updated = await call('PUT', path, { properties: { virtualMachineCount: 5 } }, version);
    expect(updated.status).toBe(200);
    expect(updated.body.properties).toMatchObject({ coresLimit: 50, virtualMachineCount: 5 });
    const unknown = await call('PUT', path, { properties: { gpus: 1 } }, version);
    expect(unknown.status).toBe(400);
    const negative = await call('PUT', path, { properties: { coresLimit: -1 } }, version);
    expect(negative.status).toBe(400);
    const [listPath] = quotas('Microsoft.Compute.Admin', '2021-01-01');
    const list = await call('GET', listPath, undefined, version);
    expect(list.body.value.map((q: Json) => q.name)).toEqual(['Default Quota', 'Gold Tier']);
    expect((await call('GET', path, undefined, version)).body.properties.virtualMachineCount).toBe(5);

    const [storage, storageVersion] = quotas('Microsoft.Storage.Admin', '2019-08-08-preview', '/Silver');
    const stored = await call('PUT', storage, { properties: { capacityInGb: 42 } }, storageVersion);
    expect(stored.status).toBe(201);
    expect(stored.body).toMatchObject({
      name: 'local/Silver',
      properties: { capacityInGb: 42, numberOfStorageAccounts: 20 },
    });
    // A plan can hold the new quotas.
    const plan = await call('PUT', `${RG_ADMIN('plans-rg')}/plans/tiered`, {
      properties: { quotaIds: [created.body.id, stored.body.id] },
    });
    expect(plan.status).toBe(201);
  });

  it("a fault can fail one provider's quota list and leave the others answering", async () => {
    const fault = {
      endpoint: 'admin',
      status: 404,
      times: 'always',
      match: { resource: 'quotas', provider: 'microsoft.network.admin' },
    };
    expect((await control('POST', 'local/faults', fault)).status).toBeLessThan(300);
    try {
      const [network, networkVersion] = quotas('Microsoft.Network.Admin', '2015-06-15');
      const lacking = await call('GET', network, undefined, networkVersion);
      expect(lacking.status).toBe(404);
      expect(lacking.body.error.code).toBe('ResourceNotFound');
      const [compute, computeVersion] = quotas('Microsoft.Compute.Admin', '2021-01-01');
      expect((await call('GET', compute, undefined, computeVersion)).status).toBe(200);
      // Another resource of the same provider path shape is not a quota: untouched.
      expect((await call('GET', `${ADMIN}/plans`)).status).toBe(200);
    } finally {
      expect((await control('DELETE', 'local/faults')).status).toBe(204);
    }
    // A provider that is not text is refused, naming the field.
    const bad = await control('POST', 'local/faults', { ...fault, match: { provider: 7 } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/match\.provider/);
  });
});

describe('acquired plans', () => {
  const sub = '0b0b0b0b-0000-4000-8000-000000000004';
  const acquired = (rest = '') => `${ADMIN}/subscriptions/${sub}/acquiredPlans${rest}`;
  const acquisition = 'c0c0c0c0-0000-4000-8000-000000000001';

  it('attaches an add-on plan of the offer, at most maxAcquisitionCount times, and detaches it', async () => {
    expect((await call('GET', acquired())).status).toBe(404);
    expect((await putSub(sub, { displayName: 'A', owner: 'a@a.example', offerId: GOLD })).status).toBe(201);
    expect((await call('GET', acquired())).body).toEqual({ value: [] });
    const notAddon = await call('PUT', acquired(`/${acquisition}`), { planId: planId('base-plan') });
    expect(notAddon.status).toBe(400);
    expect(notAddon.body.error.code).toBe('PlanNotAvailable');
    const put = await call('PUT', acquired(`/${acquisition}`), {
      acquisitionId: acquisition,
      planId: planId('extra-plan'),
    });
    expect(put.status).toBe(201);
    expect(put.body).toEqual({
      id: `${ADMIN}/subscriptions/${sub}/acquiredPlans/${acquisition}`,
      acquisitionId: acquisition,
      planId: planId('extra-plan'),
      externalReferenceId: '',
      provisioningState: 'Succeeded',
      acquisitionTime: '2024-04-01T00:00:00.000Z',
    });
    expect((await call('PUT', acquired(`/${acquisition}`), { planId: planId('extra-plan') })).status).toBe(
      200,
    );
    const second = await call('PUT', acquired('/c0c0c0c0-0000-4000-8000-000000000002'), {
      properties: { planId: planId('extra-plan') },
    });
    expect(second.status).toBe(409);
    expect((await call('GET', acquired())).body.value).toHaveLength(1);
    expect((await call('GET', acquired(`/${acquisition}`))).body.planId).toBe(planId('extra-plan'));
    expect(
      (await call('GET', `${RG_ADMIN('plans-rg')}/plans/extra-plan`)).body.properties.subscriptionCount,
    ).toBe(1);
    expect((await call('DELETE', acquired(`/${acquisition}`))).status).toBe(200);
    expect((await call('DELETE', acquired(`/${acquisition}`))).status).toBe(404);
    expect((await call('GET', acquired())).body).toEqual({ value: [] });
    expect((await call('DELETE', `${ADMIN}/subscriptions/${sub}`)).status).toBe(200);
  });
});

describe('faults on the admin API', () => {
  it('refuses a malformed fault at run time, naming the field', async () => {
    const res = await control('POST', 'local/faults', { endpoint: 'admin', status: 418 });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Json).error.message).toContain('fault.status');
    const resource = await control('POST', 'local/faults', {
      endpoint: 'admin',
      status: 500,
      match: { resource: 'tenants' },
    });
    expect(resource.status).toBe(400);
  });

  it('commit-then-drop: the PUT lands but the caller gets no answer; only the matching method fails', async () => {
    const id = '0b0b0b0b-0000-4000-8000-000000000005';
    expect(
      (
        await control('POST', 'local/faults', {
          endpoint: 'admin',
          status: 'commit-then-drop',
          match: { method: 'PUT', resource: 'subscriptions' },
        })
      ).status,
    ).toBe(204);
    await control('DELETE', 'local/requests');
    // A GET is not matched by the PUT fault.
    expect((await call('GET', `${ADMIN}/subscriptions/${STEADY}`)).status).toBe(200);
    const dropped = await putSub(id, { displayName: 'Maybe', owner: 'm@m.example', offerId: GOLD }).catch(
      (e: unknown) => e,
    );
    expect(dropped).toBeInstanceOf(Error);
    expect((await call('GET', `${ADMIN}/subscriptions/${id}`)).body.displayName).toBe('Maybe');
    // The retry is an update.
    expect((await putSub(id, { displayName: 'Maybe', owner: 'm@m.example', offerId: GOLD })).status).toBe(
      200,
    );
    const log = ((await (await control('GET', 'local/requests')).json()) as Json).value as Json[];
    expect(log.map((r) => [r.method, r.status])).toEqual([
      ['GET', 200],
      ['PUT', 0],
      ['GET', 200],
      ['PUT', 200],
    ]);
    expect((await call('DELETE', `${ADMIN}/subscriptions/${id}`)).status).toBe(200);
  });

  it('timeout: the request gets no answer until the socket is let go', async () => {
    await control('POST', 'local/faults', {
      endpoint: 'admin',
      status: 'timeout',
      holdSeconds: 30,
      match: { resource: 'plans' },
    });
    const started = Date.now();
    const error = await fetch(`${base}${ADMIN}/plans?api-version=2015-11-01`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(500),
    }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect((await control('DELETE', 'local/faults')).status).toBe(204);
    expect((await call('GET', `${ADMIN}/plans`)).status).toBe(200);
  });
});

describe('usage follows the subscription lifecycle', () => {
  const CREATED = '0b0b0b0b-0000-4000-8000-0000000000c1';

  async function usageHours(subscriberId: string, granularity = 'Hourly'): Promise<Json[]> {
    const query = new URLSearchParams({
      'api-version': '2015-06-01-preview',
      reportedStartTime: '2024-04-01T00:00:00Z',
      reportedEndTime: '2024-04-03T00:00:00Z',
      aggregationGranularity: granularity,
      subscriberId,
    });
    const { records } = await collectAll(
      `${base}/subscriptions/${PROVIDER}/providers/Microsoft.Commerce.Admin/subscriberUsageAggregates?${query}`,
      token,
    );
    return records as unknown as Json[];
  }
  const hoursOf = (records: Json[]) =>
    [
      ...new Set(
        records.map(
          (r) =>
            Number(r.properties.usageStartTime.slice(11, 13)) +
            (r.properties.usageStartTime.slice(8, 10) === '02' ? 24 : 0),
        ),
      ),
    ].sort((a, b) => a - b);
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

  it('refuses to run the clock back', async () => {
    expect((await control('PUT', 'clock', { now: '2024-03-01T00:00:00Z' })).status).toBe(409);
    expect((await control('PUT', 'clock', { now: 'yesterday' })).status).toBe(400);
    expect(await (await control('GET', 'clock')).json()).toEqual({ now: '2024-04-01T00:00:00.000Z' });
  });

  it('a subscription created at 10:30 reports from 10:00; Disabled hours and hours after deletion report nothing', async () => {
    await setClock('2024-04-01T10:30:00Z');
    expect(
      (await putSub(CREATED, { displayName: 'Runtime', owner: 'r@r.example', offerId: GOLD })).status,
    ).toBe(201);
    await setClock('2024-04-01T12:15:00Z');
    expect((await putSub(STEADY, { state: 'Disabled' })).status).toBe(200);
    await setClock('2024-04-01T15:40:00Z');
    expect((await putSub(STEADY, { state: 'Enabled' })).status).toBe(200);
    await setClock('2024-04-01T18:05:00Z');
    expect((await call('DELETE', `${ADMIN}/subscriptions/${STEADY}`)).status).toBe(200);
    await setClock('2024-04-01T20:10:00Z');
    expect((await putSub(CREATED, { state: 'Disabled' })).status).toBe(200);
    await setClock('2024-04-03T00:00:00Z');

    const steady = await usageHours(STEADY);
    expect(hoursOf(steady)).toEqual([...range(0, 12), ...range(15, 18)]);
    // Each active hour has all three streams (VM hours, Linux vCores, static IP).
    expect(steady).toHaveLength(3 * 15);

    const created = await usageHours(CREATED);
    expect(hoursOf(created)).toEqual(range(10, 20));
    // The seeded default resources: a VM, its IP and a storage account.
    const resources = new Set(
      created.map((r) =>
        resourceUriOf(r as never)
          .split('/')
          .pop(),
      ),
    );
    expect(resources).toEqual(new Set(['vm1', 'vm1-pip', 'st0b0b0b0b0000']));

    // Daily sums the same records.
    const total = (records: Json[]) => records.reduce((sum, r) => sum + Number(r.properties.quantity), 0);
    expect(total(await usageHours(CREATED, 'Daily'))).toBeCloseTo(total(created), 6);
    expect(total(await usageHours(STEADY, 'Daily'))).toBeCloseTo(total(steady), 6);
  });

  it('serves the same usage for the created subscription across the region-wide pull', async () => {
    const query = new URLSearchParams({
      'api-version': '2015-06-01-preview',
      reportedStartTime: '2024-04-01T00:00:00Z',
      reportedEndTime: '2024-04-03T00:00:00Z',
      aggregationGranularity: 'Hourly',
    });
    const { records } = await collectAll(
      `${base}/subscriptions/${PROVIDER}/providers/Microsoft.Commerce.Admin/subscriberUsageAggregates?${query}`,
      token,
    );
    const mine = records.filter((r) => r.properties.subscriptionId === CREATED);
    expect(mine).toEqual(await usageHours(CREATED));
  });
});

describe('backdateNewSubscriptionsHours', () => {
  it("starts a created subscription's usage that many hours before its creation", async () => {
    const scenario = JSON.parse(readFileSync(SCENARIO, 'utf8')) as Json;
    scenario.regions[0].backdateNewSubscriptionsHours = 5;
    const path = join(mkdtempSync(join(tmpdir(), 'azs-backdate-')), 'scenario.json');
    writeFileSync(path, JSON.stringify(scenario));
    const other = await startEmulator(path);
    try {
      const otherBase = other.regions.get('local')!.base;
      const otherToken = await bearer(otherBase, 'adminstamp.onmicrosoft.com', 'cms-admin', 'local-secret');
      const clock = (now: string) =>
        fetch(`${other.origin}/_emulator/clock`, { method: 'PUT', body: JSON.stringify({ now }) });
      await clock('2024-04-01T10:30:00Z');
      const id = '0b0b0b0b-0000-4000-8000-0000000000d1';
      const created = await fetch(`${otherBase}${ADMIN}/subscriptions/${id}?api-version=2015-11-01`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${otherToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ displayName: 'Early', owner: 'e@e.example', offerId: GOLD }),
      });
      expect(created.status).toBe(201);
      await clock('2024-04-01T14:00:00Z');
      const query = new URLSearchParams({
        'api-version': '2015-06-01-preview',
        reportedStartTime: '2024-04-01T00:00:00Z',
        reportedEndTime: '2024-04-01T14:00:00Z',
        aggregationGranularity: 'Hourly',
        subscriberId: id,
      });
      const { records } = await collectAll(
        `${otherBase}/subscriptions/${PROVIDER}/providers/Microsoft.Commerce.Admin/subscriberUsageAggregates?${query}`,
        otherToken,
      );
      const hours = [...new Set(records.map((r) => Number(r.properties.usageStartTime.slice(11, 13))))].sort(
        (a, b) => a - b,
      );
      // Usage hours up to 11:00 are all reported before 14:00 (delays are 1 or 2 hours).
      expect(hours.filter((h) => h <= 11)).toEqual([5, 6, 7, 8, 9, 10, 11]);
    } finally {
      await other.stop();
    }
  });
});
