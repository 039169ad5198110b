import { decimal, toDecimalString } from '@cms/billing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transaction } from '../src/db/transaction.ts';
import { closePeriod } from '../src/modules/usage/periods.service.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { skipWithout } from './support/engine-world.ts';
import { ALL_ENGINES, createTestDatabase, type TestDatabase } from './support/engines.ts';
import { buildWorld, type Person, type World } from './support/world.ts';

/**
 * Price lists, versions and items (issue 13, modules/pricing) through the API, on SQLite, MariaDB
 * and PostgreSQL: scopes and their currencies, one list per scope, tier tables refused with the
 * tier named, activation and supersession, the edit-in-place rule against a closed period, clone,
 * the CSV round trip (a dry run changes nothing; applying changes exactly what it showed), delete
 * refused while the list prices something, and two activations of one list at the same moment.
 */

// biome-ignore lint/suspicious/noExplicitAny: answers of many shapes, read field by field in assertions
type Json = Record<string, any>;

async function call(t: TestApp, who: Person, method: string, url: string, body?: unknown) {
  const response = await t.inject({
    method: method as 'GET',
    url,
    headers: {
      authorization: `Bearer ${who.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  const text = response.body;
  const json = response.headers['content-type']?.toString().includes('json') && text ? JSON.parse(text) : {};
  return { status: response.statusCode, body: json as Json, text };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Holds the first request that reaches `point` until released; later arrivals pass (as concurrency.test.ts). */
function holdAt(t: TestApp, point: string) {
  let reached!: () => void;
  let release!: () => void;
  const reachedP = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const previous = t.app.pause;
  t.app.pause = async (name) => {
    if (name !== point) return previous(name);
    t.app.pause = previous;
    reached();
    await released;
  };
  return { reached: reachedP, release };
}

const TIERS = [
  { from: '0', to: '100', rate: '1.00' },
  { from: '100', to: '200', rate: '0.50' },
  { from: '200', to: null, rate: '0.10' },
];

describe.each(ALL_ENGINES)('price lists [%s]', (engine) => {
  const skip = skipWithout(engine);
  if (skip) return;
  let db: TestDatabase;
  let t: TestApp;
  let w: World;
  let regionId = '';
  let otherRegionId = '';

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    t = await startTestApp(db.url, { CMS_WORKER: 'false' });
    w = await buildWorld(t, { siblings: true });
    for (const name of ['Pricing Source', 'Other Source']) {
      const region = await call(t, w.platformAdmin, 'POST', '/api/v1/regions', {
        kind: 'import',
        name,
        timeZone: 'UTC',
      });
      expect(region.status, region.text).toBe(201);
      if (name === 'Pricing Source') regionId = region.body.id;
      else otherRegionId = region.body.id;
      for (const meter of [
        { meterId: 'vm-hours', name: 'VM hours', unit: 'Hours' },
        { meterId: 'storage-gb', name: 'Storage', unit: 'GB' },
        { meterId: 'ip-hours', name: 'IP addresses', unit: 'IP-hours' },
      ]) {
        const added = await call(
          t,
          w.platformAdmin,
          'POST',
          `/api/v1/regions/${region.body.id}/meters`,
          meter,
        );
        expect(added.status, added.text).toBe(201);
      }
    }
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const admin = () => w.platformAdmin;
  const kysely = () => t.app.db.kysely;

  async function newList(body: Json) {
    const created = await call(t, admin(), 'POST', '/api/v1/price-lists', body);
    expect(created.status, created.text).toBe(201);
    return created.body;
  }
  async function newDraft(listId: string, effectiveFrom: string, copyFromVersionId?: string) {
    const created = await call(t, admin(), 'POST', `/api/v1/price-lists/${listId}/versions`, {
      effectiveFrom,
      ...(copyFromVersionId ? { copyFromVersionId } : {}),
    });
    expect(created.status, created.text).toBe(201);
    return created.body;
  }
  async function addItem(versionId: string, body: Json) {
    const created = await call(t, admin(), 'POST', `/api/v1/price-list-versions/${versionId}/items`, body);
    expect(created.status, created.text).toBe(201);
    return created.body;
  }
  const activate = (versionId: string) =>
    call(t, admin(), 'POST', `/api/v1/price-list-versions/${versionId}/activation`);
  /** A region list on a fresh region of its own (one list per scope). */
  async function freshRegionList() {
    const region = await call(t, admin(), 'POST', '/api/v1/regions', {
      kind: 'import',
      name: `Source ${Math.random().toString(36).slice(2, 8)}`,
      timeZone: 'UTC',
    });
    expect(region.status, region.text).toBe(201);
    for (const meter of [
      { meterId: 'vm-hours', name: 'VM hours', unit: 'Hours' },
      { meterId: 'storage-gb', name: 'Storage', unit: 'GB' },
    ]) {
      await call(t, admin(), 'POST', `/api/v1/regions/${region.body.id}/meters`, meter);
    }
    const list = await newList({ scopeType: 'region', regionId: region.body.id, displayName: 'Fresh' });
    return { regionId: region.body.id as string, list };
  }

  describe('lists and scopes', () => {
    it('creates lists per scope with their currencies, refuses a second list per scope, filters and pages', async () => {
      const region = await newList({ scopeType: 'region', regionId, displayName: 'Region prices' });
      // billing.platformCurrency defaults to USD.
      expect(region).toMatchObject({
        scopeType: 'region',
        regionId,
        currency: 'USD',
        scopeName: 'Pricing Source',
      });
      expect(region.versions).toEqual([]);

      const again = await call(t, admin(), 'POST', '/api/v1/price-lists', {
        scopeType: 'region',
        regionId,
        displayName: 'Another',
      });
      expect(again.status, again.text).toBe(409);
      expect(again.body.field).toBe('body.regionId');

      // The tenant's currency is the default of a tenant list; an override must use it.
      await kysely()
        .updateTable('organisations')
        .set({ currency: 'EUR' })
        .where('id', '=', w.A.tenantId)
        .execute();
      const tenant = await newList({
        scopeType: 'tenant',
        tenantId: w.A.tenantId,
        displayName: 'Alpha prices',
      });
      expect(tenant.currency).toBe('EUR');
      const wrong = await call(t, admin(), 'POST', '/api/v1/price-lists', {
        scopeType: 'subscription',
        subscriptionId: w.A.subscriptionId,
        displayName: 'Override',
        currency: 'USD',
      });
      expect(wrong.status, wrong.text).toBe(422);
      expect(wrong.body.field).toBe('body.currency');
      const override = await newList({
        scopeType: 'subscription',
        subscriptionId: w.A.subscriptionId,
        displayName: 'Override',
      });
      expect(override.currency).toBe('EUR');

      const mixed = await call(t, admin(), 'POST', '/api/v1/price-lists', {
        scopeType: 'tenant',
        regionId,
        tenantId: w.B.tenantId,
        displayName: 'Mixed',
      });
      expect(mixed.status).toBe(422);
      expect(mixed.body.field).toBe('body.regionId');

      const byTenant = await call(t, admin(), 'GET', `/api/v1/price-lists?tenantId=${w.A.tenantId}`);
      expect(byTenant.body.items.map((l: Json) => l.id).sort()).toEqual([tenant.id, override.id].sort());
      const byType = await call(t, admin(), 'GET', '/api/v1/price-lists?scopeType=region');
      expect(byType.body.items.map((l: Json) => l.id)).toContain(region.id);
      expect(byType.body.items.every((l: Json) => l.scopeType === 'region')).toBe(true);
      const byRegion = await call(t, admin(), 'GET', `/api/v1/price-lists?regionId=${regionId}`);
      expect(byRegion.body.items.map((l: Json) => l.id)).toEqual([region.id]);
      const first = await call(
        t,
        admin(),
        'GET',
        '/api/v1/price-lists?limit=1&sort=createdAt&includeTotal=true',
      );
      expect(first.body.items).toHaveLength(1);
      expect(first.body.total).toBe(3);
      const second = await call(
        t,
        admin(),
        'GET',
        `/api/v1/price-lists?limit=1&sort=createdAt&cursor=${first.body.nextCursor}`,
      );
      expect(second.body.items[0].id).not.toBe(first.body.items[0].id);

      const renamed = await call(t, admin(), 'PATCH', `/api/v1/price-lists/${region.id}`, {
        displayName: 'Renamed',
      });
      expect(renamed.status, renamed.text).toBe(200);
      expect(renamed.body.displayName).toBe('Renamed');
      const audit = await kysely()
        .selectFrom('audit_events')
        .select(['action', 'after_json'])
        .where('target_id', '=', region.id)
        .orderBy('occurred_at')
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['priceList.create', 'priceList.update']);
      expect(JSON.parse(audit[1]!.after_json!)).toEqual({ displayName: 'Renamed' });

      // A reader sees lists; nobody below the platform does.
      expect(
        (await call(t, w.actor('platform_reader'), 'GET', `/api/v1/price-lists/${region.id}`)).status,
      ).toBe(200);
      expect(
        (await call(t, w.actor('tenant_admin'), 'GET', `/api/v1/price-lists/${override.id}`)).status,
      ).toBe(404);
    });
  });

  describe('items and tiers', () => {
    it('checks the meter, the price unit and the pricing fields', async () => {
      const { list } = await freshRegionList();
      const draft = await newDraft(list.id, '2026-01');
      const flat = await addItem(draft.id, { meterId: 'VM-Hours', priceUnit: 'month', rate: '25.5' });
      expect(flat).toMatchObject({
        meterId: 'vm-hours',
        sku: '',
        priceUnit: 'month',
        pricing: 'flat',
        rate: '25.5',
        tiers: [],
      });
      expect(flat.meterName).toBe('VM hours');

      const unknown = await call(t, admin(), 'POST', `/api/v1/price-list-versions/${draft.id}/items`, {
        meterId: 'no-such-meter',
        rate: '1',
      });
      expect(unknown.status).toBe(422);
      expect(unknown.body.field).toBe('body.meterId');
      // Per month only for hour-metered meters: storage counts GB.
      const monthly = await call(t, admin(), 'POST', `/api/v1/price-list-versions/${draft.id}/items`, {
        meterId: 'storage-gb',
        priceUnit: 'month',
        rate: '1',
      });
      expect(monthly.status, monthly.text).toBe(422);
      expect(monthly.body.field).toBe('body.priceUnit');
      const noRate = await call(t, admin(), 'POST', `/api/v1/price-list-versions/${draft.id}/items`, {
        meterId: 'storage-gb',
      });
      expect(noRate.body.field).toBe('body.rate');
      const both = await call(t, admin(), 'POST', `/api/v1/price-list-versions/${draft.id}/items`, {
        meterId: 'storage-gb',
        pricing: 'graduated',
        rate: '1',
        tiers: TIERS,
      });
      expect(both.body.field).toBe('body.rate');
      const twice = await call(t, admin(), 'POST', `/api/v1/price-list-versions/${draft.id}/items`, {
        meterId: 'vm-hours',
        rate: '2',
      });
      expect(twice.status).toBe(409);
      // The same meter with a SKU is another item (it beats the meter-wide one in rating).
      await addItem(draft.id, { meterId: 'vm-hours', sku: 'Standard_D2', rate: '0.12' });
    });

    it.each([
      [
        'a gap',
        [
          { from: '0', to: '100', rate: '1' },
          { from: '100', to: '200', rate: '1' },
          { from: '250', to: null, rate: '1' },
        ],
        'body.tiers[2].from',
        /gap/,
      ],
      [
        'an overlap',
        [
          { from: '0', to: '100', rate: '1' },
          { from: '90', to: null, rate: '1' },
        ],
        'body.tiers[1].from',
        /overlap/,
      ],
      ['a first tier not from 0', [{ from: '10', to: null, rate: '1' }], 'body.tiers[0].from', /start at 0/],
      [
        'a closed last tier',
        [
          { from: '0', to: '100', rate: '1' },
          { from: '100', to: '200', rate: '1' },
          { from: '200', to: '300', rate: '1' },
        ],
        'body.tiers[2].to',
        /open-ended/,
      ],
      [
        'an open tier before the last',
        [
          { from: '0', to: null, rate: '1' },
          { from: '100', to: null, rate: '1' },
        ],
        'body.tiers[0].to',
        /only the last/,
      ],
      [
        'To not above From',
        [
          { from: '0', to: '0', rate: '1' },
          { from: '0', to: null, rate: '1' },
        ],
        'body.tiers[0].to',
        /greater than From/,
      ],
      ['no tiers', [], 'body.tiers', /at least one tier/],
    ])('refuses tiers with %s, naming the tier', async (_label, tiers, field, message) => {
      const { list } = await freshRegionList();
      const draft = await newDraft(list.id, '2026-01');
      const refused = await call(t, admin(), 'POST', `/api/v1/price-list-versions/${draft.id}/items`, {
        meterId: 'storage-gb',
        pricing: 'volume',
        tiers,
      });
      expect(refused.status, refused.text).toBe(422);
      expect(refused.body.field).toBe(field);
      expect(refused.body.errors[0].message).toMatch(message);
      expect(
        await kysely().selectFrom('price_items').select('id').where('version_id', '=', draft.id).execute(),
      ).toEqual([]);
    });

    it('stores tiers exactly and switches an item between flat and tiers', async () => {
      const { list } = await freshRegionList();
      const draft = await newDraft(list.id, '2026-01');
      const item = await addItem(draft.id, {
        meterId: 'storage-gb',
        pricing: 'graduated',
        tiers: [
          { from: '0', to: '0.000000000000000001', rate: '123456789012.123456789012345678' },
          { from: '0.000000000000000001', to: null, rate: '0' },
        ],
      });
      expect(item.tiers).toEqual([
        { from: '0', to: '0.000000000000000001', rate: '123456789012.123456789012345678' },
        { from: '0.000000000000000001', to: null, rate: '0' },
      ]);
      const flat = await call(t, admin(), 'PATCH', `/api/v1/price-items/${item.id}`, {
        pricing: 'flat',
        rate: '3',
      });
      expect(flat.status, flat.text).toBe(200);
      expect(flat.body).toMatchObject({ pricing: 'flat', rate: '3', tiers: [] });
      const back = await call(t, admin(), 'PATCH', `/api/v1/price-items/${item.id}`, { pricing: 'volume' });
      expect(back.status).toBe(422);
      expect(back.body.field).toBe('body.tiers');
      const tiered = await call(t, admin(), 'PATCH', `/api/v1/price-items/${item.id}`, {
        pricing: 'volume',
        tiers: TIERS,
      });
      expect(tiered.status, tiered.text).toBe(200);
      expect(tiered.body).toMatchObject({ pricing: 'volume', rate: null });
      expect(tiered.body.tiers).toEqual([
        { from: '0', to: '100', rate: '1' },
        { from: '100', to: '200', rate: '0.5' },
        { from: '200', to: null, rate: '0.1' },
      ]);
    });
  });

  describe('versions', () => {
    it('activates drafts in order: the active one becomes superseded, earlier months and non-drafts are refused', async () => {
      const { list } = await freshRegionList();
      const v1 = await newDraft(list.id, '2026-01');
      await addItem(v1.id, { meterId: 'storage-gb', rate: '1' });
      const first = await activate(v1.id);
      expect(first.status, first.text).toBe(200);
      expect(first.body.version).toMatchObject({ id: v1.id, state: 'active', version: 1 });
      expect(first.body.superseded).toBeNull();

      const v2 = await newDraft(list.id, '2026-03', v1.id);
      expect(v2).toMatchObject({ version: 2, state: 'draft', itemCount: 1 });
      expect(v2.items[0]).toMatchObject({ meterId: 'storage-gb', rate: '1' });
      const early = await newDraft(list.id, '2025-12');
      const second = await activate(v2.id);
      expect(second.status, second.text).toBe(200);
      expect(second.body.superseded).toMatchObject({ id: v1.id, state: 'superseded' });
      expect((await activate(v1.id)).status).toBe(409);
      expect((await activate(v2.id)).status).toBe(409);
      // Before the active version's month: it would never rate anything.
      const tooEarly = await activate(early.id);
      expect(tooEarly.status, tooEarly.text).toBe(409);

      const deleted = await call(t, admin(), 'DELETE', `/api/v1/price-list-versions/${v2.id}`);
      expect(deleted.status).toBe(409);
      expect((await call(t, admin(), 'DELETE', `/api/v1/price-list-versions/${early.id}`)).status).toBe(204);
      const changed = await call(t, admin(), 'PATCH', `/api/v1/price-list-versions/${v2.id}`, {
        effectiveFrom: '2026-04',
      });
      expect(changed.status).toBe(409);
      expect(changed.body.field).toBe('body.effectiveFrom');
      const notes = await call(t, admin(), 'PATCH', `/api/v1/price-list-versions/${v2.id}`, {
        notes: 'Spring',
      });
      expect(notes.status, notes.text).toBe(200);

      const got = await call(t, admin(), 'GET', `/api/v1/price-lists/${list.id}`);
      expect(got.body.versions.map((v: Json) => [v.version, v.state])).toEqual([
        [2, 'active'],
        [1, 'superseded'],
      ]);
      expect(got.body.activeVersion).toMatchObject({ id: v2.id, effectiveFrom: '2026-03' });
      const actions = await kysely()
        .selectFrom('audit_events')
        .select('action')
        .where('target_id', '=', v2.id)
        .orderBy('occurred_at')
        .execute();
      expect(actions.map((a) => a.action)).toEqual([
        'priceListVersion.create',
        'priceListVersion.activate',
        'priceListVersion.update',
      ]);
    });

    it('edits an activated version in place until a closed period used it; then asks for a new version', async () => {
      const { regionId: region, list } = await freshRegionList();
      const v1 = await newDraft(list.id, '2026-01');
      const item = await addItem(v1.id, { meterId: 'storage-gb', rate: '1' });
      expect((await activate(v1.id)).status).toBe(200);
      const open = await call(t, admin(), 'PATCH', `/api/v1/price-items/${item.id}`, { rate: '1.5' });
      expect(open.status, open.text).toBe(200);

      // A closed period outside the version's months changes nothing.
      await transaction(t.app.db, (trx) =>
        closePeriod(trx, w.A.tenantId, region, '2025-12', { closedAt: new Date().toISOString() }),
      );
      expect(
        (await call(t, admin(), 'PATCH', `/api/v1/price-items/${item.id}`, { rate: '1.6' })).status,
      ).toBe(200);

      await transaction(t.app.db, (trx) =>
        closePeriod(trx, w.A.tenantId, region, '2026-02', { closedAt: new Date().toISOString() }),
      );
      const refused = await call(t, admin(), 'PATCH', `/api/v1/price-items/${item.id}`, { rate: '2' });
      expect(refused.status, refused.text).toBe(409);
      expect(refused.body.detail).toMatch(/create a new version/);
      expect((await call(t, admin(), 'DELETE', `/api/v1/price-items/${item.id}`)).status).toBe(409);
      const add = await call(t, admin(), 'POST', `/api/v1/price-list-versions/${v1.id}/items`, {
        meterId: 'vm-hours',
        rate: '1',
      });
      expect(add.status).toBe(409);
      const version = await call(t, admin(), 'GET', `/api/v1/price-list-versions/${v1.id}`);
      expect(version.body.editable).toBe(false);
      expect(version.body.items[0].rate).toBe('1.6');

      // A new version may not take effect at or before the closed month; after it, it may.
      const before = await newDraft(list.id, '2026-02', v1.id);
      expect((await activate(before.id)).status).toBe(409);
      const after = await newDraft(list.id, '2026-03', v1.id);
      expect((await activate(after.id)).status).toBe(200);
      // v1 now rates 2026-01..02 only, and 2026-02 is closed: still locked. The new one is editable.
      const edited = await call(
        t,
        admin(),
        'PATCH',
        `/api/v1/price-items/${(await call(t, admin(), 'GET', `/api/v1/price-list-versions/${after.id}`)).body.items[0].id}`,
        { rate: '2' },
      );
      expect(edited.status, edited.text).toBe(200);
    });
  });

  describe('clone', () => {
    it('copies every version, or one version as a draft, into a list of another scope', async () => {
      const { list } = await freshRegionList();
      const v1 = await newDraft(list.id, '2026-01');
      await addItem(v1.id, {
        meterId: 'storage-gb',
        pricing: 'graduated',
        tiers: TIERS,
        description: 'Tiered',
      });
      const d2 = await addItem(v1.id, { meterId: 'vm-hours', sku: 'D2', priceUnit: 'month', rate: '30' });
      expect((await activate(v1.id)).status).toBe(200);
      await newDraft(list.id, '2026-05', v1.id);
      // An item credit on the source: commercial terms of its scope, which a clone does not take along.
      const credit = await call(t, admin(), 'POST', '/api/v1/credits', {
        priceItemId: d2.id,
        amount: '5',
        fromPeriod: '2026-01',
        description: 'D2 credit',
      });
      expect(credit.status, credit.text).toBe(201);

      const whole = await call(t, admin(), 'POST', `/api/v1/price-lists/${list.id}/clones`, {
        scopeType: 'region',
        regionId: otherRegionId,
        displayName: 'Copy',
      });
      expect(whole.status, whole.text).toBe(201);
      expect(whole.body).toMatchObject({
        scopeType: 'region',
        regionId: otherRegionId,
        displayName: 'Copy',
        currency: 'USD',
      });
      expect(
        whole.body.versions.map((v: Json) => [v.version, v.state, v.effectiveFrom, v.itemCount]),
      ).toEqual([
        [2, 'draft', '2026-05', 2],
        [1, 'active', '2026-01', 2],
      ]);

      const one = await call(t, admin(), 'POST', `/api/v1/price-lists/${list.id}/clones`, {
        scopeType: 'tenant',
        tenantId: w.B.tenantId,
        versionId: v1.id,
        currency: 'GBP',
      });
      expect(one.status, one.text).toBe(201);
      expect(one.body.currency).toBe('GBP');
      expect(one.body.versions.map((v: Json) => [v.version, v.state])).toEqual([[1, 'draft']]);
      const copied = await call(t, admin(), 'GET', `/api/v1/price-list-versions/${one.body.versions[0].id}`);
      const source = await call(t, admin(), 'GET', `/api/v1/price-list-versions/${v1.id}`);
      const strip = (items: Json[]) =>
        items.map(({ id: _i, versionId: _v, createdAt: _c, updatedAt: _u, ...rest }) => rest);
      expect(strip(copied.body.items)).toEqual(strip(source.body.items));

      const taken = await call(t, admin(), 'POST', `/api/v1/price-lists/${list.id}/clones`, {
        scopeType: 'tenant',
        tenantId: w.B.tenantId,
      });
      expect(taken.status).toBe(409);
      const audit = await kysely()
        .selectFrom('audit_events')
        .select('action')
        .where('target_id', '=', one.body.id)
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['priceList.clone']);

      const creditsOf = async (listId: string) =>
        (await call(t, admin(), 'GET', `/api/v1/credits?priceListId=${listId}`)).body.items.map(
          (c: Json) => c.id,
        );
      expect(await creditsOf(list.id)).toEqual([credit.body.id]);
      expect(await creditsOf(whole.body.id)).toEqual([]);
      expect(await creditsOf(one.body.id)).toEqual([]);
      const cloneItem = copied.body.items.find((i: Json) => i.sku === 'D2');
      expect(
        (await call(t, admin(), 'GET', `/api/v1/credits?priceItemId=${cloneItem.id}`)).body.items,
      ).toEqual([]);
    });
  });

  describe('item credits', () => {
    it("name their list, meter and SKU: every version's item of them, pinning no item or version, holding the list", async () => {
      const { list } = await freshRegionList();
      const v1 = await newDraft(list.id, '2026-01');
      const vm = await addItem(v1.id, { meterId: 'vm-hours', rate: '0.10' });
      const d2 = await addItem(v1.id, { meterId: 'vm-hours', sku: 'D2', rate: '0.20' });
      expect((await activate(v1.id)).status).toBe(200);
      const credit = await call(t, admin(), 'POST', '/api/v1/credits', {
        priceItemId: vm.id,
        amount: '3',
        fromPeriod: '2026-01',
        description: 'VM credit',
      });
      expect(credit.status, credit.text).toBe(201);
      expect(credit.body).toMatchObject({
        scope: 'item',
        priceListId: list.id,
        meterId: 'vm-hours',
        sku: '',
        currency: 'USD',
      });
      expect(credit.body).not.toHaveProperty('priceItemId');
      const v2 = await newDraft(list.id, '2026-04', v1.id);
      const v2Items = (await call(t, admin(), 'GET', `/api/v1/price-list-versions/${v2.id}`)).body.items;
      const byItem = async (itemId: string) =>
        (await call(t, admin(), 'GET', `/api/v1/credits?priceItemId=${itemId}`)).body.items.map(
          (c: Json) => c.id,
        );
      // The copy of the meter-wide item in version 2 is the same item; the D2 item is another.
      expect(await byItem(v2Items.find((i: Json) => i.sku === '').id)).toEqual([credit.body.id]);
      expect(await byItem(v2Items.find((i: Json) => i.sku === 'D2').id)).toEqual([]);
      expect(await byItem(d2.id)).toEqual([]);
      expect(
        (await call(t, admin(), 'GET', `/api/v1/credits?priceListId=${list.id}&priceItemId=${vm.id}`)).body
          .items,
      ).toHaveLength(1);
      // The item row and the draft holding its copy go; the credit stays with the list.
      expect((await call(t, admin(), 'DELETE', `/api/v1/price-list-versions/${v2.id}`)).status).toBe(204);
      expect((await call(t, admin(), 'DELETE', `/api/v1/price-items/${vm.id}`)).status).toBe(204);
      expect((await call(t, admin(), 'GET', `/api/v1/credits/${credit.body.id}`)).body.meterId).toBe(
        'vm-hours',
      );
      const refused = await call(t, admin(), 'DELETE', `/api/v1/price-lists/${list.id}`);
      expect([refused.status, refused.body.code], refused.text).toEqual([409, 'has_dependents']);
      expect(refused.body.detail).toMatch(/credits/i);
      expect((await call(t, admin(), 'DELETE', `/api/v1/credits/${credit.body.id}`)).status).toBe(204);
      expect((await call(t, admin(), 'DELETE', `/api/v1/price-lists/${list.id}`)).status).toBe(204);
    });
  });

  describe('CSV', () => {
    it('round-trips: export, dry run (changes shown, nothing written), apply (exactly those changes)', async () => {
      const { list } = await freshRegionList();
      const v1 = await newDraft(list.id, '2026-01');
      const tiered = await addItem(v1.id, {
        meterId: 'storage-gb',
        pricing: 'graduated',
        tiers: TIERS,
        description: '=cheap, "tiered"',
      });
      const flat = await addItem(v1.id, { meterId: 'vm-hours', priceUnit: 'month', rate: '30' });
      await addItem(v1.id, { meterId: 'vm-hours', sku: 'D2', rate: '0.125' });

      const exported = await t.inject({
        method: 'GET',
        url: `/api/v1/price-list-versions/${v1.id}/items.csv`,
        headers: { authorization: `Bearer ${admin().token}` },
      });
      expect(exported.statusCode).toBe(200);
      expect(exported.headers['content-type']).toMatch(/^text\/csv/);
      const csv = exported.body;
      expect(csv.split('\r\n')).toEqual([
        'meter_id,sku,price_unit,pricing,rate,tiers,description',
        `storage-gb,,meter,graduated,,0-100:1|100-200:0.5|200-:0.1,"'=cheap, ""tiered"""`,
        'vm-hours,,month,flat,30,,',
        'vm-hours,D2,meter,flat,0.125,,',
        '',
      ]);

      const importCsv = (content: string, dryRun: boolean) =>
        call(t, admin(), 'POST', `/api/v1/price-list-versions/${v1.id}/items-import?dryRun=${dryRun}`, {
          content,
        });
      const same = await importCsv(csv, true);
      expect(same.status, same.text).toBe(200);
      expect(same.body).toMatchObject({
        dryRun: true,
        applied: false,
        rows: 3,
        unchanged: 3,
        changes: [],
        errors: [],
      });

      const edited = csv
        .replace('0-100:1|100-200:0.5|200-:0.1', '0-50:2|50-:0.25')
        .replace('vm-hours,,month,flat,30,,', 'vm-hours,,month,flat,31.5,,Per VM month');
      const snapshot = async () =>
        JSON.stringify([
          await kysely()
            .selectFrom('price_items')
            .selectAll()
            .where('version_id', '=', v1.id)
            .orderBy('id')
            .execute(),
          await kysely()
            .selectFrom('price_tiers')
            .selectAll()
            .orderBy('item_id')
            .orderBy('position')
            .execute(),
        ]);
      const before = await snapshot();
      const dry = await importCsv(edited, true);
      expect(dry.status, dry.text).toBe(200);
      expect(dry.body.errors).toEqual([]);
      expect(dry.body.unchanged).toBe(1);
      expect(dry.body.changes).toEqual([
        {
          line: 2,
          itemId: tiered.id,
          meterId: 'storage-gb',
          sku: '',
          field: 'tiers',
          old: '0-100:1|100-200:0.5|200-:0.1',
          new: '0-50:2|50-:0.25',
        },
        { line: 3, itemId: flat.id, meterId: 'vm-hours', sku: '', field: 'rate', old: '30', new: '31.5' },
        {
          line: 3,
          itemId: flat.id,
          meterId: 'vm-hours',
          sku: '',
          field: 'description',
          old: null,
          new: 'Per VM month',
        },
      ]);
      expect(await snapshot()).toBe(before);

      const applied = await importCsv(edited, false);
      expect(applied.status, applied.text).toBe(200);
      expect(applied.body).toMatchObject({ applied: true, changes: dry.body.changes });
      const reexported = await t.inject({
        method: 'GET',
        url: `/api/v1/price-list-versions/${v1.id}/items.csv`,
        headers: { authorization: `Bearer ${admin().token}` },
      });
      expect(reexported.body).toBe(edited);
      const audit = await kysely()
        .selectFrom('audit_events')
        .select('action')
        .where('target_id', '=', v1.id)
        .execute();
      expect(audit.map((a) => a.action)).toContain('priceListVersion.import');
    });

    it('reports errors per line, never creates items, and applies nothing when any line is wrong', async () => {
      const { list } = await freshRegionList();
      const v1 = await newDraft(list.id, '2026-01');
      await addItem(v1.id, { meterId: 'vm-hours', rate: '1' });
      const content = [
        'meter_id,sku,rate,tiers',
        'vm-hours,,2,',
        'storage-gb,,3,',
        'vm-hours,,4,',
        'vm-hours,XL,abc,',
        'vm-hours,,,0-10:1|20-:2',
      ].join('\n');
      const dry = await call(t, admin(), 'POST', `/api/v1/price-list-versions/${v1.id}/items-import`, {
        content,
      });
      expect(dry.status, dry.text).toBe(200);
      expect(dry.body.errors.map((e: Json) => [e.line, e.column])).toEqual([
        [3, 'meter_id'],
        [4, 'meter_id'],
        [5, 'meter_id'],
        [6, 'meter_id'],
      ]);
      const bad = ['meter_id,sku,pricing,rate,tiers', 'vm-hours,,graduated,,0-10:1|20-:2'].join('\n');
      const tierError = await call(t, admin(), 'POST', `/api/v1/price-list-versions/${v1.id}/items-import`, {
        content: bad,
      });
      expect(tierError.body.errors).toEqual([
        { line: 2, column: 'tiers', message: 'Tier 2: gap: From must equal the previous To (10).' },
      ]);
      const apply = await call(
        t,
        admin(),
        'POST',
        `/api/v1/price-list-versions/${v1.id}/items-import?dryRun=false`,
        { content },
      );
      expect(apply.status, apply.text).toBe(422);
      expect(apply.body.errors[0]).toMatchObject({ field: 'body.content', row: 3, column: 'meter_id' });
      const items = await kysely()
        .selectFrom('price_items')
        .selectAll()
        .where('version_id', '=', v1.id)
        .execute();
      expect(items.map((i) => [i.meter_id, i.sku])).toEqual([['vm-hours', '']]);
      expect(toDecimalString(decimal(items[0]!.rate!))).toBe('1');
      // Activated versions are not imported into.
      expect((await activate(v1.id)).status).toBe(200);
      const active = await call(t, admin(), 'POST', `/api/v1/price-list-versions/${v1.id}/items-import`, {
        content: 'meter_id,rate\nvm-hours,5',
      });
      expect(active.status).toBe(409);
    });
  });

  describe('delete', () => {
    it('deletes a list that prices nothing; refuses one that rated lines name or that prices this month with usage', async () => {
      const unused = await freshRegionList();
      const v = await newDraft(unused.list.id, '2020-01');
      await addItem(v.id, { meterId: 'vm-hours', rate: '1' });
      expect((await call(t, admin(), 'DELETE', `/api/v1/price-lists/${unused.list.id}`)).status).toBe(204);
      expect(
        await kysely().selectFrom('price_list_versions').select('id').where('id', '=', v.id).execute(),
      ).toEqual([]);

      const rated = await freshRegionList();
      const r1 = await newDraft(rated.list.id, '2099-01');
      expect((await activate(r1.id)).status).toBe(200);
      await kysely()
        .insertInto('rated_lines')
        .values({
          tenant_id: w.A.tenantId,
          period: '2026-02',
          position: 1,
          kind: 'usage',
          parent_position: null,
          subscription_id: w.A.subscriptionId,
          region_id: rated.regionId,
          meter_id: 'vm-hours',
          sku: '',
          price_list_id: rated.list.id,
          price_list_version_id: r1.id,
          price_item_id: null,
          raw_quantity: '1',
          quantity: '1',
          price_unit: 'meter',
          rate: '1',
          tier_mode: null,
          slices: null,
          amount: '1',
          currency: 'USD',
          unpriced: 0,
          discount_id: null,
          credit_id: null,
          description: null,
        })
        .execute();
      const refused = await call(t, admin(), 'DELETE', `/api/v1/price-lists/${rated.list.id}`);
      expect(refused.status, refused.text).toBe(409);
      expect(refused.body.detail).toMatch(/2026-02/);

      const current = await freshRegionList();
      const c1 = await newDraft(current.list.id, '2020-01');
      expect((await activate(c1.id)).status).toBe(200);
      // No usage this month yet: the list prices nothing, it may go (checked on a twin below).
      const today = new Date().toISOString().slice(0, 10);
      await kysely()
        .insertInto('usage_daily')
        .values({
          region_id: current.regionId,
          azs_subscription_id: 'ext-1',
          meter_id: 'vm-hours',
          sku: '',
          local_day: today,
          quantity: '1',
          record_count: 1,
          updated_at: new Date().toISOString(),
        })
        .execute();
      const busy = await call(t, admin(), 'DELETE', `/api/v1/price-lists/${current.list.id}`);
      expect(busy.status, busy.text).toBe(409);
      expect(busy.body.detail).toMatch(/current month/);

      // The same list whose only activated version starts in the far future may go.
      const future = await freshRegionList();
      const f1 = await newDraft(future.list.id, '2099-01');
      expect((await activate(f1.id)).status).toBe(200);
      await kysely()
        .insertInto('usage_daily')
        .values({
          region_id: future.regionId,
          azs_subscription_id: 'ext-1',
          meter_id: 'vm-hours',
          sku: '',
          local_day: today,
          quantity: '1',
          record_count: 1,
          updated_at: new Date().toISOString(),
        })
        .execute();
      expect((await call(t, admin(), 'DELETE', `/api/v1/price-lists/${future.list.id}`)).status).toBe(204);
    });
  });

  describe('through to rating', () => {
    it('a list made through this API rates imported usage (semantics.md graduated example: 150 → 125.00)', async () => {
      // Every step through the public API: source, meter, subscription, list, usage, Recalculate.
      const region = await call(t, admin(), 'POST', '/api/v1/regions', {
        kind: 'import',
        name: 'Rated Source',
        timeZone: 'UTC',
      });
      const source = region.body.id as string;
      expect(
        (
          await call(t, admin(), 'POST', `/api/v1/regions/${source}/meters`, {
            meterId: 'gb',
            name: 'GB',
            unit: 'GB',
          })
        ).status,
      ).toBe(201);
      const tenant = await call(t, admin(), 'POST', '/api/v1/tenants', {
        name: 'Rated Tenant',
        partnerId: w.A.partnerId,
        currency: 'USD',
        administrators: [{ firstName: 'Rae', lastName: 'Ted', email: `rae.${engine}@rated.test` }],
      });
      expect(tenant.status, tenant.text).toBe(201);
      const subscription = await call(t, admin(), 'POST', '/api/v1/subscriptions', {
        tenantId: tenant.body.id,
        name: 'Rated',
        regionId: source,
        azsSubscriptionId: '5a1c7e2d-3b4f-4a6e-9c8d-0e1f2a3b4c5e',
      });
      expect(subscription.status, subscription.text).toBe(201);
      const list = await newList({ scopeType: 'region', regionId: source, displayName: 'Rated prices' });
      const v1 = await newDraft(list.id, '2020-01');
      await addItem(v1.id, { meterId: 'gb', pricing: 'graduated', tiers: TIERS });
      expect((await activate(v1.id)).status).toBe(200);
      // Usage counts from the subscription's creation on: the first hour of the next whole day
      // (the partial first day of an import source is not rated yet: see the pricing report).
      const hour = (Math.floor(Date.parse(subscription.body.createdAt) / 86_400_000) + 1) * 86_400_000;
      const start = new Date(hour).toISOString().replace('.000Z', 'Z');
      const end = new Date(hour + 3_600_000).toISOString().replace('.000Z', 'Z');
      const period = start.slice(0, 7);
      const azs = '5a1c7e2d-3b4f-4a6e-9c8d-0e1f2a3b4c5e';
      const record = { subscription: azs, meterId: 'gb', usageStart: start, usageEnd: end };
      const imported = await call(t, admin(), 'POST', `/api/v1/regions/${source}/usage-imports`, {
        records: [
          { ...record, externalId: 'r1', quantity: '100.5' },
          { ...record, externalId: 'r2', quantity: '49.5' },
        ],
      });
      expect(imported.status, imported.text).toBe(200);
      const job = await call(t, admin(), 'POST', '/api/v1/rating/recalculate', {
        tenantId: tenant.body.id,
        period: '2026-03',
      });
      expect(job.status, job.text).toBe(202);
      await t.app.jobs.runNow();
      const lines = await call(
        t,
        admin(),
        'GET',
        `/api/v1/subscriptions/${subscription.body.id}/rated-lines?period=${period}`,
      );
      expect(lines.status, lines.text).toBe(200);
      // Graduated: 100 × 1.00 + 50 × 0.50 = 125.00 (the period quantity 100.5 + 49.5 = 150).
      const usage = lines.body.lines.filter((l: Json) => l.kind === 'usage');
      expect(usage).toHaveLength(1);
      expect(usage[0]).toMatchObject({ meterId: 'gb', quantity: '150' });
      expect(usage[0].priceList).toMatchObject({ versionId: v1.id, version: 1 });
      expect(usage[0].amount).toBe('125.00');
    });
  });

  describe('regions', () => {
    it('a region with a price list is not deleted before its list', async () => {
      const { regionId: region, list } = await freshRegionList();
      const refused = await call(t, admin(), 'DELETE', `/api/v1/regions/${region}`);
      expect(refused.status, refused.text).toBe(409);
      expect(refused.body.detail).toMatch(/price list/);
      expect((await call(t, admin(), 'DELETE', `/api/v1/price-lists/${list.id}`)).status).toBe(204);
      expect((await call(t, admin(), 'DELETE', `/api/v1/regions/${region}`)).status).toBe(204);
    });
  });

  describe('two activations of one list at the same moment', () => {
    it('leave exactly one active version: the second waits for the list lock, then supersedes the first', async () => {
      const { list } = await freshRegionList();
      const d1 = await newDraft(list.id, '2026-01');
      const d2 = await newDraft(list.id, '2026-01');
      const held = holdAt(t, 'priceListVersion.activate');
      const a = activate(d1.id);
      const reachedFirst = await Promise.race([held.reached.then(() => true), a.then(() => false)]);
      expect(reachedFirst, 'the first activation never reached its pause').toBe(true);
      const b = activate(d2.id);
      // Long enough for the second to finish if nothing held it back.
      await Promise.race([b, sleep(400)]);
      held.release();
      const [ra, rb] = await Promise.all([a, b]);
      expect([ra.status, rb.status], `${ra.text} ${rb.text}`).toEqual([200, 200]);
      const states = await kysely()
        .selectFrom('price_list_versions')
        .select(['id', 'state'])
        .where('price_list_id', '=', list.id)
        .execute();
      expect(states.filter((s) => s.state === 'active')).toHaveLength(1);
      expect(states.filter((s) => s.state === 'superseded')).toHaveLength(1);
      // The second ran after the first: it is the active one.
      expect(states.find((s) => s.state === 'active')!.id).toBe(d2.id);
    });
  });
});
