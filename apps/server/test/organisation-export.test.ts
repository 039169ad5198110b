import { describe, expect, it } from 'vitest';
import type { TestApp } from './support/app.ts';
import { useEngineWorld } from './support/engine-world.ts';
import { ALL_ENGINES } from './support/engines.ts';
import type { World } from './support/world.ts';

/**
 * GET /api/v1/{distributors,partners,tenants}.csv: the whole filtered list (not one page), in the
 * caller's scope, filtered by parent like the list, quoted as RFC 4180 and safe to open in a
 * spreadsheet (a cell starting with = + - @ gets a leading apostrophe).
 */
describe.each(ALL_ENGINES)('organisation CSV export [%s]', (engine) => {
  let t: TestApp;
  let w: World;
  const skip = useEngineWorld(engine, (app, world) => {
    t = app;
    w = world;
  });

  const get = (url: string, token: string) =>
    t.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  const idsOf = (csv: string) =>
    csv
      .trimEnd()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',')[0]);

  it.skipIf(skip)(
    'exports every row of the filtered list, beyond one page, with the parent names',
    async () => {
      const admin = w.platformAdmin.client;
      const made: string[] = [];
      for (let i = 0; i < 3; i++) {
        const tenant = await admin.POST('/api/v1/tenants', {
          body: {
            name: `Export ${i}`,
            partnerId: w.A.sparePartnerId,
            administrators: [{ firstName: 'E', lastName: `X${i}`, email: `export.${i}@example.test` }],
          },
        });
        made.push(tenant.data!.id);
      }
      const page = await get(
        `/api/v1/tenants?partnerId=${w.A.sparePartnerId}&limit=1`,
        w.platformAdmin.token,
      );
      expect(page.json().items).toHaveLength(1);

      const answer = await get(`/api/v1/tenants.csv?partnerId=${w.A.sparePartnerId}`, w.platformAdmin.token);
      expect(answer.statusCode, answer.body).toBe(200);
      expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(answer.headers['content-disposition']).toBe('attachment; filename="tenants.csv"');
      const lines = answer.body.trimEnd().split('\r\n');
      expect(lines[0]).toMatch(/^id,name,distributorId,distributorName,partnerId,partnerName,currency,/);
      expect(idsOf(answer.body)).toEqual(made);
      expect(lines[1]).toContain(
        `,${w.A.distributorId},Alpha Distribution,${w.A.sparePartnerId},Alpha Spare Partner,`,
      );
    },
  );

  it.skipIf(skip)('quotes commas, quotes and line ends, and defuses formulas', async () => {
    const admin = w.platformAdmin.client;
    const created = await admin.POST('/api/v1/tenants', {
      body: {
        name: '=HYPERLINK("http://evil.test","x"), Inc',
        partnerId: w.B.sparePartnerId,
        contact: { name: '@SUM(A1)', phone: '+61 2 5550 1234' },
        administrators: [{ firstName: 'F', lastName: 'Q', email: 'formula@example.test' }],
      },
    });
    expect(created.response.status).toBe(201);
    const answer = await get(`/api/v1/tenants.csv?partnerId=${w.B.sparePartnerId}`, w.platformAdmin.token);
    const line = answer.body.trimEnd().split('\r\n')[1]!;
    expect(line).toContain(`,"'=HYPERLINK(""http://evil.test"",""x""), Inc",`);
    expect(line).toContain(`,'@SUM(A1),`);
    expect(line).toContain(`,'+61 2 5550 1234,`);
  });

  it.skipIf(skip)('is scoped like the list: another branch and the levels above stay out', async () => {
    const asPartner = await get('/api/v1/tenants.csv', w.A.people.partner_admin.token);
    expect(asPartner.statusCode).toBe(200);
    const list = await get('/api/v1/tenants?limit=200', w.A.people.partner_admin.token);
    expect(idsOf(asPartner.body)).toEqual(list.json().items.map((i: { id: string }) => i.id));
    expect(asPartner.body).not.toContain(w.B.tenantId);
    // A partner is not shown its distributor's id, so its export has no parent columns for it.
    expect(asPartner.body.split('\r\n')[0]).toMatch(/^id,name,currency,/);
    const otherBranch = await get(
      `/api/v1/tenants.csv?partnerId=${w.B.partnerId}`,
      w.A.people.partner_admin.token,
    );
    expect(idsOf(otherBranch.body)).toEqual([]);
    const refused = await get('/api/v1/distributors.csv', w.A.people.partner_admin.token);
    expect(refused.statusCode).toBe(403);
    const bad = await get('/api/v1/partners.csv?distributorId=ptn_nope', w.platformAdmin.token);
    expect(bad.json()).toMatchObject({ status: 400, field: 'query.distributorId' });
  });
});
