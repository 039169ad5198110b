import { describe, expect, it } from 'vitest';
import { taxRatesFor } from '../src/modules/taxes/taxes.service.ts';
import type { TestApp } from './support/app.ts';
import { useEngineWorld } from './support/engine-world.ts';
import { ALL_ENGINES } from './support/engines.ts';
import { callAs } from './support/http-call.ts';
import type { World } from './support/world.ts';

/**
 * Tax profiles (issue 13): validation naming the field, unique names, the rates a tenant is taxed
 * by on a date (its own profile, else the Default Tax Profile setting; per rate name the latest
 * effective on or before the date), the setting's own validation, deletes refused while a profile
 * is used, and a tenant's taxProfileId, which only platform administrators set. Three engines.
 */

describe.each(ALL_ENGINES)('tax profiles [%s]', (engine) => {
  let t: TestApp;
  let w: World;
  const skip = useEngineWorld(engine, (app, world) => {
    t = app;
    w = world;
  });
  if (skip) return;

  const admin = () => w.platformAdmin;
  const call = (method: string, url: string, body?: unknown) => callAs(t, admin(), method, url, body);
  let seq = 0;
  const unique = (name: string) => `${name} ${engine} ${++seq}`;
  const setDefault = async (id: string) => {
    const r = await call('PATCH', '/api/v1/settings', { values: { 'billing.defaultTaxProfileId': id } });
    expect(r.status, r.text).toBe(200);
  };
  const createProfile = async (body: Record<string, unknown>) => {
    const r = await call('POST', '/api/v1/tax-profiles', body);
    expect(r.status, r.text).toBe(201);
    return r.body;
  };

  /**
   * The hand-worked fixture. Rates of "Fixture" (percentages as typed):
   *   GST   10    from 2020-01-01
   *   GST   12.5  from 2027-07-01
   *   Levy  1.5   from 2026-03-01
   *   Levy  0     from 2026-09-01   (the levy ends: a 0% rate from that day)
   * For each name, the rate with the latest effective date on or before the date applies:
   *   2019-12-31 → nothing has started                 → []
   *   2026-02-28 → GST 10 (Levy starts on 03-01)        → GST 10
   *   2026-03-01 → GST 10, Levy 1.5 (first day counts)  → GST 10, Levy 1.5
   *   2026-08-31 → same                                 → GST 10, Levy 1.5
   *   2026-09-01 → Levy's 0 replaces 1.5                → GST 10, Levy 0
   *   2027-07-01 → GST's 12.5 replaces 10               → GST 12.5, Levy 0
   */
  const FIXTURE_RATES = [
    { name: 'GST', percentage: '10', effectiveFrom: '2020-01-01' },
    { name: 'Levy', percentage: '1.5', effectiveFrom: '2026-03-01' },
    { name: 'GST', percentage: '12.50', effectiveFrom: '2027-07-01' },
    { name: 'Levy', percentage: '0', effectiveFrom: '2026-09-01' },
  ];

  it('creates a profile with rates, shown in one canonical form, and lists and reads it', async () => {
    const p = await createProfile({ name: unique('Fixture'), rates: FIXTURE_RATES });
    expect(p.exempt).toBe(false);
    expect(p.isDefault).toBe(false);
    expect(p.tenantCount).toBe(0);
    expect(p.rates.map((r: { name: string; percentage: string; effectiveFrom: string }) => r)).toEqual([
      expect.objectContaining({ name: 'GST', percentage: '10', effectiveFrom: '2020-01-01' }),
      expect.objectContaining({ name: 'GST', percentage: '12.5', effectiveFrom: '2027-07-01' }),
      expect.objectContaining({ name: 'Levy', percentage: '1.5', effectiveFrom: '2026-03-01' }),
      expect.objectContaining({ name: 'Levy', percentage: '0', effectiveFrom: '2026-09-01' }),
    ]);
    const got = await call('GET', `/api/v1/tax-profiles/${p.id}`);
    expect(got.body).toEqual(p);
    const list = await call('GET', `/api/v1/tax-profiles?q=${encodeURIComponent(p.name)}`);
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([p.id]);
    const audit = await call('GET', `/api/v1/audit-events?targetId=${p.id}`);
    expect(audit.body.items.map((i: { action: string }) => i.action)).toEqual(['taxProfile.create']);
  });

  it.each([
    [
      { rates: [{ name: 'VAT', percentage: '100.0000000001', effectiveFrom: '2026-01-01' }] },
      'body.rates.0.percentage',
    ],
    [{ rates: [{ name: 'VAT', percentage: '-1', effectiveFrom: '2026-01-01' }] }, 'body.rates.0.percentage'],
    [{ rates: [{ name: 'VAT', percentage: 20, effectiveFrom: '2026-01-01' }] }, 'body.rates.0.percentage'],
    [
      { rates: [{ name: 'VAT', percentage: '20.00000000001', effectiveFrom: '2026-01-01' }] },
      'body.rates.0.percentage',
    ],
    [
      { rates: [{ name: 'VAT', percentage: '20', effectiveFrom: '2026-02-30' }] },
      'body.rates.0.effectiveFrom',
    ],
    [
      { rates: [{ name: 'VAT', percentage: '20', effectiveFrom: '2026-1-01' }] },
      'body.rates.0.effectiveFrom',
    ],
    [{ rates: [{ name: '', percentage: '20', effectiveFrom: '2026-01-01' }] }, 'body.rates.0.name'],
  ])('refuses a bad rate with 400 naming the field (%j)', async (body, field) => {
    const r = await call('POST', '/api/v1/tax-profiles', { name: unique('Bad'), ...body });
    expect(r.status, r.text).toBe(400);
    expect(r.body.field).toBe(field);
  });

  it('accepts the bounds: 0 and 100 percent, 10 decimal places', async () => {
    const p = await createProfile({
      name: unique('Bounds'),
      rates: [
        { name: 'Zero', percentage: '0', effectiveFrom: '2026-01-01' },
        { name: 'All', percentage: '100', effectiveFrom: '2026-01-01' },
        { name: 'Fine', percentage: '8.1234567891', effectiveFrom: '2024-02-29' },
      ],
    });
    expect(p.rates.map((r: { percentage: string }) => r.percentage)).toEqual(['100', '8.1234567891', '0']);
  });

  it('refuses an exempt profile with rates, a taxed one without, and one rate name twice on a day (422)', async () => {
    const rate = { name: 'VAT', percentage: '20', effectiveFrom: '2026-01-01' };
    const exemptWithRates = await call('POST', '/api/v1/tax-profiles', {
      name: unique('X'),
      exempt: true,
      rates: [rate],
    });
    expect([exemptWithRates.status, exemptWithRates.body.field]).toEqual([422, 'body.rates']);
    const none = await call('POST', '/api/v1/tax-profiles', { name: unique('X') });
    expect([none.status, none.body.field]).toEqual([422, 'body.rates']);
    const twice = await call('POST', '/api/v1/tax-profiles', {
      name: unique('X'),
      rates: [rate, { ...rate, name: 'vat', percentage: '21' }],
    });
    expect([twice.status, twice.body.field]).toEqual([422, 'body.rates.1.effectiveFrom']);
  });

  it('keeps names unique ignoring case (409 naming body.name), on create and rename', async () => {
    const name = unique('Unique');
    const first = await createProfile({ name, exempt: true });
    const again = await call('POST', '/api/v1/tax-profiles', { name: name.toUpperCase(), exempt: true });
    expect([again.status, again.body.field]).toEqual([409, 'body.name']);
    const other = await createProfile({ name: unique('Other'), exempt: true });
    const rename = await call('PATCH', `/api/v1/tax-profiles/${other.id}`, { name: name.toLowerCase() });
    expect([rename.status, rename.body.field]).toEqual([409, 'body.name']);
    // Its own name in another case is no clash.
    const self = await call('PATCH', `/api/v1/tax-profiles/${first.id}`, { name: name.toUpperCase() });
    expect(self.status, self.text).toBe(200);
  });

  it('computes the rates effective on a date, per rate name, as worked by hand above', async () => {
    const p = await createProfile({ name: unique('Fixture'), rates: FIXTURE_RATES });
    const tenant = await call('PATCH', `/api/v1/tenants/${w.A.tenantId}`, { taxProfileId: p.id });
    expect(tenant.status, tenant.text).toBe(200);
    try {
      const at = (date: string) => taxRatesFor(t.app, w.A.tenantId, date);
      expect(await at('2019-12-31')).toEqual({ profileId: p.id, exempt: false, rates: [] });
      expect((await at('2026-02-28')).rates).toEqual([{ name: 'GST', percentage: '10' }]);
      expect((await at('2026-03-01')).rates).toEqual([
        { name: 'GST', percentage: '10' },
        { name: 'Levy', percentage: '1.5' },
      ]);
      expect((await at('2026-08-31')).rates).toEqual([
        { name: 'GST', percentage: '10' },
        { name: 'Levy', percentage: '1.5' },
      ]);
      expect((await at('2026-09-01')).rates).toEqual([
        { name: 'GST', percentage: '10' },
        { name: 'Levy', percentage: '0' },
      ]);
      expect((await at('2027-07-01')).rates).toEqual([
        { name: 'GST', percentage: '12.5' },
        { name: 'Levy', percentage: '0' },
      ]);
    } finally {
      await call('PATCH', `/api/v1/tenants/${w.A.tenantId}`, { taxProfileId: null });
    }
  });

  it('taxes a tenant without a profile by the Default Tax Profile setting, and follows the setting', async () => {
    const vat = await createProfile({
      name: unique('VAT 20'),
      rates: [{ name: 'VAT', percentage: '20', effectiveFrom: '2026-01-01' }],
    });
    const exempt = await createProfile({ name: unique('Exempt'), exempt: true });
    const tenant = w.B.tenantId;
    // No default: no tax.
    await setDefault('');
    expect(await taxRatesFor(t.app, tenant, '2026-06-15')).toEqual({
      profileId: null,
      exempt: false,
      rates: [],
    });
    await setDefault(vat.id);
    try {
      expect(await taxRatesFor(t.app, tenant, '2026-06-15')).toEqual({
        profileId: vat.id,
        exempt: false,
        rates: [{ name: 'VAT', percentage: '20' }],
      });
      expect((await call('GET', `/api/v1/tax-profiles/${vat.id}`)).body.isDefault).toBe(true);
      // Changing the setting changes the answer at once.
      await setDefault(exempt.id);
      expect(await taxRatesFor(t.app, tenant, '2026-06-15')).toEqual({
        profileId: exempt.id,
        exempt: true,
        rates: [],
      });
      // A tenant's own profile beats the default.
      const own = await call('PATCH', `/api/v1/tenants/${tenant}`, { taxProfileId: vat.id });
      expect(own.status, own.text).toBe(200);
      expect((await taxRatesFor(t.app, tenant, '2026-06-15')).profileId).toBe(vat.id);
      // And null hands it back to the default.
      await call('PATCH', `/api/v1/tenants/${tenant}`, { taxProfileId: null });
      expect((await taxRatesFor(t.app, tenant, '2026-06-15')).profileId).toBe(exempt.id);
    } finally {
      await setDefault('');
    }
  });

  it('accepts as the default only a live profile or "" (400 naming the setting)', async () => {
    const key = 'billing.defaultTaxProfileId';
    const unknown = await call('PATCH', '/api/v1/settings', {
      values: { [key]: 'txp_01jd0000000000000000000000' },
    });
    expect([unknown.status, unknown.body.field]).toEqual([400, `body.values.${key}`]);
    expect(unknown.body.detail).toContain('No such tax profile');
    const malformed = await call('PATCH', '/api/v1/settings', {
      values: { [key]: 'ten_01jd0000000000000000000000' },
    });
    expect([malformed.status, malformed.body.field]).toEqual([400, `body.values.${key}`]);
    const settings = await call('GET', '/api/v1/settings');
    const setting = settings.body.groups
      .flatMap((g: { settings: { key: string }[] }) => g.settings)
      .find((s: { key: string }) => s.key === key);
    expect(setting.references).toBe('taxProfile');
  });

  it('refuses to delete the default profile or one a tenant has (409), then deletes it', async () => {
    const p = await createProfile({ name: unique('Doomed'), exempt: true });
    await setDefault(p.id);
    const asDefault = await call('DELETE', `/api/v1/tax-profiles/${p.id}`);
    expect([asDefault.status, asDefault.body.code]).toEqual([409, 'has_dependents']);
    await setDefault('');
    await call('PATCH', `/api/v1/tenants/${w.A.tenantId}`, { taxProfileId: p.id });
    expect((await call('GET', `/api/v1/tax-profiles/${p.id}`)).body.tenantCount).toBe(1);
    const used = await call('DELETE', `/api/v1/tax-profiles/${p.id}`);
    expect([used.status, used.body.code]).toEqual([409, 'has_dependents']);
    await call('PATCH', `/api/v1/tenants/${w.A.tenantId}`, { taxProfileId: null });
    const gone = await call('DELETE', `/api/v1/tax-profiles/${p.id}`);
    expect(gone.status, gone.text).toBe(204);
    expect((await call('GET', `/api/v1/tax-profiles/${p.id}`)).status).toBe(404);
  });

  it('replaces the whole set of rates on update; exempt without rates drops them', async () => {
    const p = await createProfile({
      name: unique('Edit'),
      rates: [{ name: 'VAT', percentage: '20', effectiveFrom: '2026-01-01' }],
    });
    const replaced = await call('PATCH', `/api/v1/tax-profiles/${p.id}`, {
      rates: [
        { name: 'VAT', percentage: '20', effectiveFrom: '2026-01-01' },
        { name: 'VAT', percentage: '21', effectiveFrom: '2027-01-01' },
      ],
    });
    expect(replaced.status, replaced.text).toBe(200);
    expect(replaced.body.rates.map((r: { percentage: string }) => r.percentage)).toEqual(['20', '21']);
    const exempt = await call('PATCH', `/api/v1/tax-profiles/${p.id}`, { exempt: true });
    expect([exempt.body.exempt, exempt.body.rates]).toEqual([true, []]);
    const taxedAgain = await call('PATCH', `/api/v1/tax-profiles/${p.id}`, { exempt: false });
    expect([taxedAgain.status, taxedAgain.body.field]).toEqual([422, 'body.rates']);
    const audit = await call('GET', `/api/v1/audit-events?targetId=${p.id}&action=taxProfile.update`);
    expect(audit.body.items).toHaveLength(2);
  });

  it("round-trips a tenant's taxProfileId; only platform administrators set or see it", async () => {
    const p = await createProfile({ name: unique('Tenant'), exempt: true });
    const created = await call('POST', '/api/v1/tenants', {
      name: unique('Taxed Tenant'),
      partnerId: w.A.partnerId,
      taxProfileId: p.id,
      administrators: [{ firstName: 'Tax', lastName: 'Payer', email: `tax.${engine}.${seq}@example.test` }],
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body.taxProfileId).toBe(p.id);
    expect((await call('GET', `/api/v1/tenants/${created.body.id}`)).body.taxProfileId).toBe(p.id);
    const tenantId = w.A.tenantId;
    expect((await call('GET', `/api/v1/tenants/${tenantId}`)).body.taxProfileId).toBeNull();
    const unknown = await call('PATCH', `/api/v1/tenants/${tenantId}`, {
      taxProfileId: 'txp_01jd0000000000000000000000',
    });
    expect([unknown.status, unknown.body.field]).toEqual([422, 'body.taxProfileId']);
    // A partner administrator edits the tenant but not its tax profile, and does not see it.
    const partner = w.actor('partner_admin');
    const refused = await callAs(t, partner, 'PATCH', `/api/v1/tenants/${tenantId}`, { taxProfileId: p.id });
    expect(refused.status, refused.text).toBe(403);
    expect(refused.body.detail).toContain('body.taxProfileId');
    expect((await call('GET', `/api/v1/tenants/${tenantId}`)).body.taxProfileId).toBeNull();
    const seen = await callAs(t, partner, 'GET', `/api/v1/tenants/${tenantId}`);
    expect(seen.status).toBe(200);
    expect('taxProfileId' in seen.body).toBe(false);
    const viaPartner = await callAs(t, partner, 'POST', '/api/v1/tenants', {
      name: unique('Partner Tenant'),
      taxProfileId: p.id,
      administrators: [{ firstName: 'No', lastName: 'Tax', email: `notax.${engine}.${seq}@example.test` }],
    });
    expect(viaPartner.status, viaPartner.text).toBe(403);
  });

  it('does not exist below the platform: 404 for a partner, 403 on the list', async () => {
    const p = await createProfile({ name: unique('Hidden'), exempt: true });
    const partner = w.actor('partner_admin');
    expect((await callAs(t, partner, 'GET', `/api/v1/tax-profiles/${p.id}`)).status).toBe(404);
    expect((await callAs(t, partner, 'GET', '/api/v1/tax-profiles')).status).toBe(403);
    expect((await callAs(t, w.platformReader, 'GET', `/api/v1/tax-profiles/${p.id}`)).status).toBe(200);
    expect((await callAs(t, w.platformReader, 'DELETE', `/api/v1/tax-profiles/${p.id}`)).status).toBe(403);
  });
});
