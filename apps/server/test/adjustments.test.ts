import { describe, expect, it } from 'vitest';
import { newId } from '../src/db/ids.ts';
import { priceItemIdentity } from '../src/modules/pricing/items-lookup.ts';
import type { TestApp } from './support/app.ts';
import { useEngineWorld } from './support/engine-world.ts';
import { ALL_ENGINES } from './support/engines.ts';
import { callAs } from './support/http-call.ts';
import { insertRegion } from './support/usage-rows.ts';
import type { World } from './support/world.ts';

/**
 * Discounts and credits (issue 13, semantics.md "Discounts and credits"): validation naming the
 * field, one valid discount per scope and period (409 naming the other), a subscription discount
 * belongs to its subscription's tenant, credits in the right currency (an item credit in its price
 * list's, the others in the tenant's), one-off credits, lists per tenant, subscription and item,
 * edits and deletes, all audited, and nothing of it below the platform. Three engines.
 */

/** A price list of `currency` on a region with one version and one item: rows as pricing writes them. */
async function insertPriceItem(
  t: TestApp,
  currency: string,
  meterId: string,
): Promise<{ itemId: string; listId: string }> {
  const db = t.app.db.kysely;
  const now = '2026-01-01T00:00:00.000Z';
  const regionId = await insertRegion(t.app);
  // Ids in the contract's shape (three letters, a ULID); the pricing module chooses its own prefixes.
  const id = (prefix: string) => newId('quo').replace(/^quo_/, `${prefix}_`);
  const listId = id('prl');
  const versionId = id('plv');
  const itemId = id('pit');
  await db
    .insertInto('price_lists')
    .values({
      id: listId,
      scope_type: 'region',
      region_id: regionId,
      tenant_id: null,
      subscription_id: null,
      scope_key: `region:${regionId}`,
      display_name: `List in ${currency}`,
      description: null,
      currency,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db
    .insertInto('price_list_versions')
    .values({
      id: versionId,
      price_list_id: listId,
      version: 1,
      state: 'active',
      effective_from: '2026-01',
      notes: null,
      activated_at: now,
      superseded_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db
    .insertInto('price_items')
    .values({
      id: itemId,
      version_id: versionId,
      meter_id: meterId,
      sku: '',
      price_unit: 'meter',
      pricing: 'flat',
      rate: '0.05',
      description: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { itemId, listId };
}

describe.each(ALL_ENGINES)('discounts and credits [%s]', (engine) => {
  let t: TestApp;
  let w: World;
  const skip = useEngineWorld(engine, (app, world) => {
    t = app;
    w = world;
  });
  if (skip) return;

  const call = (method: string, url: string, body?: unknown) => callAs(t, w.platformAdmin, method, url, body);
  /** Two meters of the seeded Azure Stack Hub catalog, in stored form. */
  const meters = async () => {
    const rows = await t.app.db.kysely
      .selectFrom('meters')
      .select('meter_id')
      .where('catalog', '=', 'azure-stack')
      .orderBy('meter_id')
      .limit(2)
      .execute();
    return rows.map((r) => r.meter_id);
  };
  /** The GUID spelling Azure Stack Hub reports, upper case with dashes: stored as 32 hex digits. */
  const guidSpelling = (stored: string) =>
    `${stored.slice(0, 8)}-${stored.slice(8, 12)}-${stored.slice(12, 16)}-${stored.slice(16, 20)}-${stored.slice(20)}`.toUpperCase();

  describe('discounts', () => {
    it('creates a tenant discount limited to meters named in any spelling, lists, reads and audits it', async () => {
      const [m1, m2] = await meters();
      const tenantId = w.B.tenantId;
      const created = await call('POST', '/api/v1/discounts', {
        tenantId,
        percentage: '12.50',
        meterIds: [guidSpelling(m1!), m2, m1],
        fromPeriod: '2026-01',
        toPeriod: '2026-06',
        description: 'Launch discount',
      });
      expect(created.status, created.text).toBe(201);
      expect(created.body).toMatchObject({
        scope: 'tenant',
        tenantId,
        subscriptionId: null,
        percentage: '12.5',
        meterIds: [m1, m2],
        fromPeriod: '2026-01',
        toPeriod: '2026-06',
        description: 'Launch discount',
      });
      expect((await call('GET', `/api/v1/discounts/${created.body.id}`)).body).toEqual(created.body);
      const list = await call('GET', `/api/v1/discounts?tenantId=${tenantId}`);
      expect(list.body.items.map((d: { id: string }) => d.id)).toEqual([created.body.id]);
      const audit = await call('GET', `/api/v1/audit-events?targetId=${created.body.id}`);
      expect(audit.body.items.map((i: { action: string }) => i.action)).toEqual(['discount.create']);
      expect((await call('DELETE', `/api/v1/discounts/${created.body.id}`)).status).toBe(204);
      expect((await call('GET', `/api/v1/discounts/${created.body.id}`)).status).toBe(404);
    });

    it.each([
      [{ percentage: '0' }, 400, 'body.percentage'],
      [{ percentage: '100.01' }, 400, 'body.percentage'],
      [{ percentage: '-5' }, 400, 'body.percentage'],
      [{ percentage: 10 }, 400, 'body.percentage'],
      [{ meterIds: [] }, 400, 'body.meterIds'],
      [{ meterIds: ['no-such-meter'] }, 422, 'body.meterIds.0'],
      [{ meterIds: ['bad meter'] }, 400, 'body.meterIds.0'],
      [{ fromPeriod: '2026-13' }, 400, 'body.fromPeriod'],
      [{ toPeriod: '2026-1' }, 400, 'body.toPeriod'],
      [{ fromPeriod: '2026-05', toPeriod: '2026-04' }, 422, 'body.toPeriod'],
      [{ tenantId: undefined }, 400, 'body.tenantId'],
      [{ subscriptionId: 'SUB' }, 400, 'body.subscriptionId'],
      [{ tenantId: 'ten_01jd0000000000000000000000' }, 422, 'body.tenantId'],
    ])('refuses %j with %i naming the field', async (change, status, field) => {
      const r = await call('POST', '/api/v1/discounts', {
        tenantId: w.A.tenantId,
        percentage: '10',
        ...change,
      });
      expect([r.status, r.body.field], r.text).toEqual([status, field]);
    });

    it('refuses both a tenant and a subscription, and an unknown subscription', async () => {
      const both = await call('POST', '/api/v1/discounts', {
        tenantId: w.A.tenantId,
        subscriptionId: w.A.subscriptionId,
        percentage: '10',
      });
      expect([both.status, both.body.field]).toEqual([400, 'body.subscriptionId']);
      const unknown = await call('POST', '/api/v1/discounts', {
        subscriptionId: 'sub_01jd0000000000000000000000',
        percentage: '10',
      });
      expect([unknown.status, unknown.body.field]).toEqual([422, 'body.subscriptionId']);
    });

    it('allows at most one valid discount per scope and period: 409 naming the other one', async () => {
      const tenantId = w.A.tenantId;
      const first = await call('POST', '/api/v1/discounts', {
        tenantId,
        percentage: '10',
        fromPeriod: '2026-01',
        toPeriod: '2026-06',
      });
      expect(first.status, first.text).toBe(201);
      // Meets the first in 2026-06 (both ends are inclusive).
      const meets = await call('POST', '/api/v1/discounts', {
        tenantId,
        percentage: '5',
        fromPeriod: '2026-06',
      });
      expect([meets.status, meets.body.code, meets.body.field]).toEqual([409, 'conflict', 'body.fromPeriod']);
      expect(meets.body.detail).toContain(first.body.id);
      // Open at both ends covers every period.
      const open = await call('POST', '/api/v1/discounts', { tenantId, percentage: '5' });
      expect(open.status).toBe(409);
      const before = await call('POST', '/api/v1/discounts', {
        tenantId,
        percentage: '5',
        toPeriod: '2025-12',
      });
      expect(before.status, before.text).toBe(201);
      const after = await call('POST', '/api/v1/discounts', {
        tenantId,
        percentage: '5',
        fromPeriod: '2026-07',
      });
      expect(after.status, after.text).toBe(201);
      // Another scope: a subscription of the tenant has its own discounts (they replace the tenant's).
      const sub = await call('POST', '/api/v1/discounts', {
        subscriptionId: w.A.subscriptionId,
        percentage: '20',
        fromPeriod: '2026-03',
        toPeriod: '2026-03',
      });
      expect(sub.status, sub.text).toBe(201);
      expect(sub.body).toMatchObject({ scope: 'subscription', tenantId, subscriptionId: w.A.subscriptionId });
      const subAgain = await call('POST', '/api/v1/discounts', {
        subscriptionId: w.A.subscriptionId,
        percentage: '30',
        fromPeriod: '2026-02',
        toPeriod: '2026-04',
      });
      expect([subAgain.status, subAgain.body.field]).toEqual([409, 'body.fromPeriod']);
      expect(subAgain.body.detail).toContain(sub.body.id);
      // Another subscription of the tenant is another scope.
      const other = await call('POST', '/api/v1/subscriptions', { name: `Other ${engine}`, tenantId });
      expect(other.status, other.text).toBe(201);
      const sibling = await call('POST', '/api/v1/discounts', {
        subscriptionId: other.body.id,
        percentage: '30',
        fromPeriod: '2026-02',
        toPeriod: '2026-04',
      });
      expect(sibling.status, sibling.text).toBe(201);
      // An edit that would overlap is refused too; an edit that keeps to itself is not.
      const widen = await call('PATCH', `/api/v1/discounts/${before.body.id}`, { toPeriod: '2026-01' });
      expect([widen.status, widen.body.field]).toEqual([409, 'body.fromPeriod']);
      expect(widen.body.detail).toContain(first.body.id);
      const edit = await call('PATCH', `/api/v1/discounts/${first.body.id}`, {
        percentage: '15',
        toPeriod: '2026-05',
        description: 'Renewed',
      });
      expect(edit.status, edit.text).toBe(200);
      expect(edit.body).toMatchObject({ percentage: '15', toPeriod: '2026-05', description: 'Renewed' });
      const reversed = await call('PATCH', `/api/v1/discounts/${first.body.id}`, { fromPeriod: '2026-09' });
      expect([reversed.status, reversed.body.field]).toEqual([422, 'body.fromPeriod']);
      const audit = await call(
        'GET',
        `/api/v1/audit-events?targetId=${first.body.id}&action=discount.update`,
      );
      expect(audit.body.items).toHaveLength(1);
      expect(audit.body.items[0].after).toEqual({
        percentage: '15',
        toPeriod: '2026-05',
        description: 'Renewed',
      });
      const bySubscription = await call('GET', `/api/v1/discounts?subscriptionId=${w.A.subscriptionId}`);
      expect(bySubscription.body.items.map((d: { id: string }) => d.id)).toEqual([sub.body.id]);
      const byTenant = await call('GET', `/api/v1/discounts?tenantId=${tenantId}&limit=200`);
      expect(byTenant.body.items).toHaveLength(5);
    });
  });

  describe('credits', () => {
    it("states an item credit in its price list's currency, the others in the tenant's", async () => {
      const [meter] = await meters();
      const { itemId, listId } = await insertPriceItem(t, 'EUR', meter!);
      expect(await priceItemIdentity(t.app.db.kysely, itemId)).toEqual({
        priceListId: listId,
        meterId: meter,
        sku: '',
        currency: 'EUR',
      });
      expect(await priceItemIdentity(t.app.db.kysely, 'pit_01jd0000000000000000000000')).toBeUndefined();
      const item = await call('POST', '/api/v1/credits', {
        priceItemId: itemId,
        amount: '25.00',
        fromPeriod: '2026-01',
        description: 'Migration credit',
      });
      expect(item.status, item.text).toBe(201);
      expect(item.body).toMatchObject({
        scope: 'item',
        priceListId: listId,
        meterId: meter,
        sku: '',
        tenantId: null,
        subscriptionId: null,
        amount: '25',
        currency: 'EUR',
        toPeriod: null,
        oneOff: false,
      });
      const tenantCurrency = (await call('GET', `/api/v1/tenants/${w.A.tenantId}`)).body.currency;
      const sub = await call('POST', '/api/v1/credits', {
        subscriptionId: w.A.subscriptionId,
        amount: '0.000001',
        fromPeriod: '2026-02',
        toPeriod: '2026-04',
        description: 'Goodwill',
      });
      expect(sub.status, sub.text).toBe(201);
      expect(sub.body).toMatchObject({
        scope: 'subscription',
        tenantId: w.A.tenantId,
        currency: tenantCurrency,
        amount: '0.000001',
      });
      const tenant = await call('POST', '/api/v1/credits', {
        tenantId: w.A.tenantId,
        amount: '123456789012345678901234.5',
        fromPeriod: '2026-03',
        oneOff: true,
        description: 'One-off',
      });
      expect(tenant.status, tenant.text).toBe(201);
      expect(tenant.body).toMatchObject({ scope: 'tenant', toPeriod: '2026-03', oneOff: true });
      // Lists: per tenant (its own and its subscriptions'), per subscription, per item.
      const ids = async (query: string) =>
        (await call('GET', `/api/v1/credits?${query}`)).body.items.map((c: { id: string }) => c.id).sort();
      expect(await ids(`tenantId=${w.A.tenantId}`)).toEqual([sub.body.id, tenant.body.id].sort());
      expect(await ids(`subscriptionId=${w.A.subscriptionId}`)).toEqual([sub.body.id]);
      expect(await ids(`priceItemId=${itemId}`)).toEqual([item.body.id]);
      expect(await ids(`priceListId=${listId}`)).toEqual([item.body.id]);
      expect(await ids('priceItemId=pit_01jd0000000000000000000000')).toEqual([]);
      expect(sub.body).toMatchObject({ priceListId: null, meterId: null, sku: null });
      const audit = await call('GET', `/api/v1/audit-events?targetId=${item.body.id}`);
      expect(audit.body.items.map((i: { action: string }) => i.action)).toEqual(['credit.create']);
    });

    const valid = { tenantId: '', amount: '10', fromPeriod: '2026-01', description: 'Credit' };
    it.each([
      [{ amount: '0' }, 400, 'body.amount'],
      [{ amount: '-1' }, 400, 'body.amount'],
      [{ amount: '1.0000001' }, 400, 'body.amount'],
      [{ amount: 10 }, 400, 'body.amount'],
      [{ amount: '1234567890123456789012345' }, 400, 'body.amount'],
      [{ fromPeriod: undefined }, 400, 'body.fromPeriod'],
      [{ fromPeriod: '2026-00' }, 400, 'body.fromPeriod'],
      [{ toPeriod: '2025-12' }, 422, 'body.toPeriod'],
      [{ oneOff: true, toPeriod: '2026-02' }, 422, 'body.toPeriod'],
      [{ oneOff: false, toPeriod: '2026-01' }, 422, 'body.toPeriod'],
      [{ description: '' }, 400, 'body.description'],
      [{ description: undefined }, 400, 'body.description'],
      [{ tenantId: undefined }, 400, 'body.tenantId'],
      [{ subscriptionId: 'sub_01jd0000000000000000000000' }, 400, 'body.subscriptionId'],
      [{ tenantId: 'ten_01jd0000000000000000000000' }, 422, 'body.tenantId'],
      [{ tenantId: undefined, priceItemId: 'pit_01jd0000000000000000000000' }, 422, 'body.priceItemId'],
      [{ tenantId: undefined, subscriptionId: 'sub_01jd0000000000000000000000' }, 422, 'body.subscriptionId'],
    ])('refuses %j with %i naming the field', async (change, status, field) => {
      const r = await call('POST', '/api/v1/credits', { ...valid, tenantId: w.A.tenantId, ...change });
      expect([r.status, r.body.field], r.text).toEqual([status, field]);
    });

    it('edits a credit: a one-off moves with its start, stops being one-off only with an end, deletes', async () => {
      const created = await call('POST', '/api/v1/credits', {
        tenantId: w.B.tenantId,
        amount: '50',
        fromPeriod: '2026-05',
        oneOff: true,
        description: 'Once',
      });
      expect(created.status, created.text).toBe(201);
      const id = created.body.id;
      const moved = await call('PATCH', `/api/v1/credits/${id}`, { fromPeriod: '2026-06', amount: '40.5' });
      expect(moved.body).toMatchObject({
        fromPeriod: '2026-06',
        toPeriod: '2026-06',
        oneOff: true,
        amount: '40.5',
      });
      const noEnd = await call('PATCH', `/api/v1/credits/${id}`, { oneOff: false });
      expect([noEnd.status, noEnd.body.field]).toEqual([422, 'body.toPeriod']);
      const recurring = await call('PATCH', `/api/v1/credits/${id}`, { oneOff: false, toPeriod: null });
      expect(recurring.body).toMatchObject({ fromPeriod: '2026-06', toPeriod: null, oneOff: false });
      // A recurring credit keeps its end when its start moves.
      const later = await call('PATCH', `/api/v1/credits/${id}`, { toPeriod: '2026-12' });
      const start = await call('PATCH', `/api/v1/credits/${id}`, { fromPeriod: '2026-08' });
      expect([later.body.toPeriod, start.body.toPeriod]).toEqual(['2026-12', '2026-12']);
      const backwards = await call('PATCH', `/api/v1/credits/${id}`, { fromPeriod: '2027-01' });
      expect([backwards.status, backwards.body.field]).toEqual([422, 'body.toPeriod']);
      const audit = await call('GET', `/api/v1/audit-events?targetId=${id}&action=credit.update`);
      expect(audit.body.items).toHaveLength(4);
      expect((await call('DELETE', `/api/v1/credits/${id}`)).status).toBe(204);
      expect((await call('GET', `/api/v1/credits/${id}`)).status).toBe(404);
    });
  });

  it("follows a tenant's currency change with its subscription and tenant credits, not item credits", async () => {
    const [meter] = await meters();
    const { itemId } = await insertPriceItem(t, 'USD', meter!);
    const tenantId = w.B.tenantId;
    const before = (await call('GET', `/api/v1/tenants/${tenantId}`)).body.currency;
    const next = before === 'NZD' ? 'JPY' : 'NZD';
    const give = async (body: Record<string, unknown>) => {
      const r = await call('POST', '/api/v1/credits', {
        amount: '7.5',
        fromPeriod: '2026-01',
        description: 'C',
        ...body,
      });
      expect(r.status, r.text).toBe(201);
      return r.body as { id: string; currency: string };
    };
    const own = await give({ tenantId });
    const subscription = await give({ subscriptionId: w.B.subscriptionId });
    const item = await give({ priceItemId: itemId });
    const jobsBefore = await t.app.db.kysely
      .selectFrom('jobs')
      .select('id')
      .where('type', '=', 'rating.rate')
      .execute();

    const changed = await callAs(t, w.actor('partner_admin', 'B'), 'PATCH', `/api/v1/tenants/${tenantId}`, {
      currency: next,
    });
    expect(changed.status, changed.text).toBe(200);
    const currencyOf = async (id: string) => (await call('GET', `/api/v1/credits/${id}`)).body;
    expect(await currencyOf(own.id)).toMatchObject({ currency: next, amount: '7.5' });
    expect(await currencyOf(subscription.id)).toMatchObject({ currency: next, amount: '7.5' });
    expect(await currencyOf(item.id)).toMatchObject({ currency: 'USD' });
    const audit = await call('GET', `/api/v1/audit-events?targetId=${own.id}&action=credit.update`);
    expect(audit.body.items).toHaveLength(1);
    // Its rated lines are in its currency too: the tenant is re-rated.
    const jobs = await t.app.db.kysely
      .selectFrom('jobs')
      .select(['id', 'payload_json'])
      .where('type', '=', 'rating.rate')
      .where('id', 'not in', [...jobsBefore.map((j) => j.id), 'none'])
      .execute();
    expect(jobs.map((j) => JSON.parse(j.payload_json).tenantId)).toEqual([tenantId]);
    // Another edit that leaves the currency alone changes no credit.
    await callAs(t, w.actor('partner_admin', 'B'), 'PATCH', `/api/v1/tenants/${tenantId}`, {
      currency: next,
    });
    expect(
      (await call('GET', `/api/v1/audit-events?targetId=${own.id}&action=credit.update`)).body.items,
    ).toHaveLength(1);
    await call('PATCH', `/api/v1/tenants/${tenantId}`, { currency: before });
    for (const c of [own, subscription, item]) await call('DELETE', `/api/v1/credits/${c.id}`);
  });

  it('does not exist below the platform: tenants see discounts and credits only in rated lines', async () => {
    const discount = await call('POST', '/api/v1/discounts', {
      tenantId: w.B.tenantId,
      percentage: '1',
      fromPeriod: '2030-01',
    });
    const credit = await call('POST', '/api/v1/credits', {
      tenantId: w.B.tenantId,
      amount: '1',
      fromPeriod: '2030-01',
      description: 'Hidden',
    });
    const tenantAdmin = w.actor('tenant_admin', 'B');
    for (const url of [`/api/v1/discounts/${discount.body.id}`, `/api/v1/credits/${credit.body.id}`]) {
      expect((await callAs(t, tenantAdmin, 'GET', url)).status).toBe(404);
      expect((await callAs(t, tenantAdmin, 'DELETE', url)).status).toBe(404);
      expect((await callAs(t, w.platformReader, 'GET', url)).status).toBe(200);
      expect((await callAs(t, w.platformReader, 'DELETE', url)).status).toBe(403);
    }
    expect((await callAs(t, tenantAdmin, 'GET', '/api/v1/discounts')).status).toBe(403);
    expect((await callAs(t, tenantAdmin, 'GET', '/api/v1/credits')).status).toBe(403);
  });
});
