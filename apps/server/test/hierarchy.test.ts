import { describe, expect, it } from 'vitest';
import { PLATFORM_ORG_ID } from '../src/db/ids.ts';
import { ok, type TestApp } from './support/app.ts';
import { useEngineWorld } from './support/engine-world.ts';
import { ALL_ENGINES } from './support/engines.ts';
import { snapshotDatabase } from './support/snapshot.ts';
import type { World } from './support/world.ts';

/**
 * The commercial hierarchy through the API, on every engine: creation with administrators,
 * uniqueness, soft deletes, moves and their visibility consequences, transactions, settings,
 * audit, pagination and idempotency.
 */
let seq = 0;
const person = (label = 'Person') => {
  seq += 1;
  return { firstName: label, lastName: `N${seq}`, email: `${label.toLowerCase()}.${seq}@hierarchy.test` };
};

describe.each(ALL_ENGINES)('hierarchy [%s]', (engine) => {
  let t: TestApp;
  let w: World;

  const skip = useEngineWorld(engine, (app, world) => {
    t = app;
    w = world;
  });

  const admin = () => w.platformAdmin.client;

  it.skipIf(skip)(
    'creates a distributor together with its administrator, audited in the same change',
    async () => {
      const dist = ok(
        await admin().POST('/api/v1/distributors', {
          body: {
            name: 'Northwind Distribution',
            contact: { name: 'Jo Doe', email: 'jo@northwind.test', phone: '+61 3 5976 3070' },
            address: { line1: '3 Schnapper Point Dr', city: 'Melbourne', region: 'Victoria', country: 'AU' },
            currency: 'AUD',
            administrators: [person('NwAdmin')],
          },
        }),
      );
      expect(dist.currency).toBe('AUD');
      expect(dist.address.country).toBe('AU');
      expect(dist.administrators).toHaveLength(1);
      const adminUser = ok(
        await admin().GET('/api/v1/users/{id}', { params: { path: { id: dist.administrators![0]!.id } } }),
      );
      expect(adminUser).toMatchObject({ level: 'distributor', role: 'admin', orgId: dist.id });
      const audit = ok(
        await admin().GET('/api/v1/audit-events', { params: { query: { targetId: dist.id } } }),
      );
      expect(audit.items.map((e) => e.action)).toEqual(['distributor.create']);
      const userAudit = ok(
        await admin().GET('/api/v1/audit-events', { params: { query: { targetId: adminUser.id } } }),
      );
      expect(userAudit.items[0]?.after).toMatchObject({
        email: '[personal data]',
        firstName: '[personal data]',
        role: 'admin',
      });
      expect(JSON.stringify(userAudit.items)).not.toContain(adminUser.email);
    },
  );

  it.skipIf(skip)(
    'names the parent on a single organisation, to those shown its id, and nowhere else',
    async () => {
      const get = async (client: typeof w.platformAdmin.client, kind: 'tenants' | 'partners', id: string) => {
        const { data } = await client.GET(`/api/v1/${kind}/{id}`, { params: { path: { id } } });
        return data as Record<string, unknown>;
      };
      const partnerName = (await get(admin(), 'partners', w.A.partnerId)).name;
      const distributorName = ok(
        await admin().GET('/api/v1/distributors/{id}', { params: { path: { id: w.A.distributorId } } }),
      ).name;
      expect(await get(admin(), 'tenants', w.A.tenantId)).toMatchObject({
        partnerId: w.A.partnerId,
        partnerName,
      });
      expect(await get(w.A.people.distributor_admin.client, 'tenants', w.A.tenantId)).toMatchObject({
        partnerName,
      });
      expect(await get(admin(), 'partners', w.A.partnerId)).toMatchObject({ distributorName });
      for (const [client, kind, id] of [
        [w.A.people.partner_admin.client, 'tenants', w.A.tenantId],
        [w.A.people.tenant_admin.client, 'tenants', w.A.tenantId],
        [w.A.people.distributor_admin.client, 'partners', w.A.partnerId],
      ] as const) {
        const view = await get(client, kind, id);
        expect(Object.keys(view).filter((k) => /^(partner|distributor)(Id|Name)$/.test(k))).toEqual([]);
      }
      const listed = ok(await admin().GET('/api/v1/tenants', { params: { query: { limit: 200 } } }));
      expect(listed.items.some((o) => 'partnerName' in o)).toBe(false);
    },
  );

  it.skipIf(skip)(
    'refuses a duplicate live name under the same parent, allows it elsewhere and after a delete',
    async () => {
      const body = (distributorId: string) => ({
        name: 'Contoso IT',
        distributorId,
        administrators: [person()],
      });
      const first = ok(await admin().POST('/api/v1/partners', { body: body(w.A.distributorId) }));
      const dup = await admin().POST('/api/v1/partners', {
        body: { ...body(w.A.distributorId), name: 'contoso it' },
      });
      expect(dup.response.status).toBe(409);
      expect(dup.error).toMatchObject({ code: 'conflict', field: 'body.name' });
      ok(await admin().POST('/api/v1/partners', { body: body(w.B.distributorId) }));
      ok(await admin().DELETE('/api/v1/partners/{id}', { params: { path: { id: first.id } } }));
      const reused = ok(await admin().POST('/api/v1/partners', { body: body(w.A.distributorId) }));
      expect(reused.id).not.toBe(first.id);
    },
  );

  it.skipIf(skip)(
    'refuses to delete an organisation with children or subscriptions, and changes nothing',
    async () => {
      const partner = ok(
        await admin().POST('/api/v1/partners', {
          body: { name: 'Keeps One', distributorId: w.A.distributorId, administrators: [person('Keeper')] },
        }),
      );
      const tenant = ok(
        await admin().POST('/api/v1/tenants', {
          body: { name: 'Has One', partnerId: partner.id, administrators: [person('Holder')] },
        }),
      );
      ok(await admin().POST('/api/v1/subscriptions', { body: { tenantId: tenant.id, name: 'Only One' } }));
      const before = await snapshotDatabase(t.app);
      const refusal = async (response: Promise<{ response: Response; error?: unknown }>) => {
        const { response: r, error } = await response;
        return { status: r.status, ...(error as { code: string; detail: string }) };
      };
      expect(
        await refusal(
          admin().DELETE('/api/v1/distributors/{id}', { params: { path: { id: w.A.distributorId } } }),
        ),
      ).toMatchObject({
        status: 409,
        code: 'has_dependents',
        detail: expect.stringMatching(/^Distributor still has \d+ partners; delete or move them first\.$/),
      });
      expect(
        await refusal(admin().DELETE('/api/v1/partners/{id}', { params: { path: { id: partner.id } } })),
      ).toMatchObject({
        status: 409,
        code: 'has_dependents',
        detail: 'Partner still has 1 tenant; delete or move it first.',
      });
      expect(
        await refusal(admin().DELETE('/api/v1/tenants/{id}', { params: { path: { id: tenant.id } } })),
      ).toMatchObject({
        status: 409,
        code: 'has_dependents',
        detail: 'Tenant still has 1 subscription; delete it first.',
      });
      expect(await snapshotDatabase(t.app)).toBe(before);
    },
  );

  it.skipIf(skip)(
    'soft-deletes: the row and its history stay, its users lose access and personal data',
    async () => {
      const tenant = ok(
        await admin().POST('/api/v1/tenants', {
          body: { name: 'Short Lived', partnerId: w.A.partnerId, administrators: [person('Gone')] },
        }),
      );
      const userId = tenant.administrators![0]!.id;
      ok(await admin().DELETE('/api/v1/tenants/{id}', { params: { path: { id: tenant.id } } }));
      expect(
        (await admin().GET('/api/v1/tenants/{id}', { params: { path: { id: tenant.id } } })).response.status,
      ).toBe(404);
      const row = await t.app.db.kysely
        .selectFrom('organisations')
        .selectAll()
        .where('id', '=', tenant.id)
        .executeTakeFirstOrThrow();
      expect(row.deleted_at).not.toBeNull();
      const user = await t.app.db.kysely
        .selectFrom('users')
        .selectAll()
        .where('id', '=', userId)
        .executeTakeFirstOrThrow();
      expect(user).toMatchObject({ first_name: null, last_name: null, password_hash: null, disabled: 1 });
      expect(user.email).toBe(`deleted+${userId}@invalid`);
      const audit = ok(
        await admin().GET('/api/v1/audit-events', { params: { query: { targetId: tenant.id } } }),
      );
      expect(audit.items.map((e) => e.action)).toEqual(['tenant.delete', 'tenant.create']);
    },
  );

  it.skipIf(skip)('rolls back the whole creation when one administrator cannot be created', async () => {
    const before = await snapshotDatabase(t.app);
    const taken = w.A.people.tenant_admin;
    const takenEmail = ok(
      await admin().GET('/api/v1/users/{id}', { params: { path: { id: taken.userId } } }),
    ).email;
    const result = await admin().POST('/api/v1/tenants', {
      body: {
        name: 'Half Written',
        partnerId: w.A.partnerId,
        administrators: [
          person('Fine'),
          { firstName: 'Dup', lastName: 'Licate', email: takenEmail.toUpperCase() },
        ],
      },
    });
    expect(result.response.status).toBe(409);
    expect(result.error).toMatchObject({ field: 'body.administrators.1.email' });
    expect(await snapshotDatabase(t.app)).toBe(before);
  });

  it.skipIf(skip)(
    'moves a tenant to another partner: the old partner gets 404, the new one and the tenant see it',
    async () => {
      const tenant = ok(
        await admin().POST('/api/v1/tenants', {
          body: { name: 'Mover', partnerId: w.A.partnerId, administrators: [person('Mover')] },
        }),
      );
      const sub = ok(
        await admin().POST('/api/v1/subscriptions', { body: { tenantId: tenant.id, name: 'Mover Prod' } }),
      );
      const mapping = ok(
        await admin().POST('/api/v1/identity-providers', {
          body: {
            orgId: tenant.id,
            name: 'Mover IdP',
            preset: 'oidc',
            issuer: 'https://idp.mover.test',
            clientId: 'cms',
          },
        }),
      );
      const oldPartner = w.A.people.partner_admin.client;
      expect(
        ok(await oldPartner.GET('/api/v1/tenants/{id}', { params: { path: { id: tenant.id } } })).id,
      ).toBe(tenant.id);

      const moved = ok(
        await admin().POST('/api/v1/tenants/{id}/move', {
          params: { path: { id: tenant.id } },
          body: { partnerId: w.B.partnerId },
        }),
      );
      expect(moved.partnerId).toBe(w.B.partnerId);
      expect(moved.distributorId).toBe(w.B.distributorId);

      for (const path of [
        '/api/v1/tenants/{id}',
        '/api/v1/subscriptions/{id}',
        '/api/v1/users/{id}',
      ] as const) {
        const id = path.includes('tenants')
          ? tenant.id
          : path.includes('subscriptions')
            ? sub.id
            : tenant.administrators![0]!.id;
        expect((await oldPartner.GET(path, { params: { path: { id } } })).response.status, path).toBe(404);
        expect(
          (await w.A.people.distributor_admin.client.GET(path, { params: { path: { id } } })).response.status,
        ).toBe(404);
        expect(
          (await w.B.people.partner_admin.client.GET(path, { params: { path: { id } } })).response.status,
        ).toBe(200);
        expect(
          (await w.B.people.distributor_reader.client.GET(path, { params: { path: { id } } })).response
            .status,
        ).toBe(200);
      }
      const mappingPath = '/api/v1/identity-providers/{id}' as const;
      expect(
        (await oldPartner.GET(mappingPath, { params: { path: { id: mapping.id } } })).response.status,
      ).toBe(404);
      const newView = await w.B.people.partner_admin.client.GET(mappingPath, {
        params: { path: { id: mapping.id } },
      });
      expect(newView.response.status).toBe(200);
      const mappingRow = await t.app.db.kysely
        .selectFrom('identity_providers')
        .selectAll()
        .where('id', '=', mapping.id)
        .executeTakeFirstOrThrow();
      expect(mappingRow).toMatchObject({ partner_id: w.B.partnerId, distributor_id: w.B.distributorId });
      const oldList = ok(await oldPartner.GET('/api/v1/tenants', { params: { query: { limit: 200 } } }));
      expect(oldList.items.map((x) => x.id)).not.toContain(tenant.id);
      const oldAudit = ok(
        await oldPartner.GET('/api/v1/audit-events', { params: { query: { targetId: tenant.id } } }),
      );
      expect(oldAudit.items).toEqual([]);
      const newAudit = ok(
        await w.B.people.partner_admin.client.GET('/api/v1/audit-events', {
          params: { query: { targetId: tenant.id } },
        }),
      );
      expect(newAudit.items.map((e) => e.action)).toEqual(['tenant.move', 'tenant.create']);
    },
  );

  it.skipIf(skip)('lets a distributor move tenants only between its own partners', async () => {
    const tenant = ok(
      await admin().POST('/api/v1/tenants', {
        body: { name: 'Shuffled', partnerId: w.A.partnerId, administrators: [person()] },
      }),
    );
    const dist = w.A.people.distributor_admin.client;
    const outside = await dist.POST('/api/v1/tenants/{id}/move', {
      params: { path: { id: tenant.id } },
      body: { partnerId: w.B.partnerId },
    });
    expect(outside.response.status).toBe(404);
    expect(outside.error).toMatchObject({ field: 'body.partnerId' });
    const inside = ok(
      await dist.POST('/api/v1/tenants/{id}/move', {
        params: { path: { id: tenant.id } },
        body: { partnerId: w.A.sparePartnerId },
      }),
    );
    expect(inside.partnerId).toBe(w.A.sparePartnerId);
    const partner = await w.A.people.partner_admin.client.POST('/api/v1/tenants/{id}/move', {
      params: { path: { id: tenant.id } },
      body: { partnerId: w.A.partnerId },
    });
    expect(partner.response.status).toBe(404);
  });

  it.skipIf(skip)('moves a partner with its tenants and subscriptions to another distributor', async () => {
    const partner = ok(
      await admin().POST('/api/v1/partners', {
        body: { name: 'Wanderer', distributorId: w.A.distributorId, administrators: [person()] },
      }),
    );
    const tenant = ok(
      await admin().POST('/api/v1/tenants', {
        body: { name: 'Wanderer Customer', partnerId: partner.id, administrators: [person()] },
      }),
    );
    const sub = ok(
      await admin().POST('/api/v1/subscriptions', { body: { tenantId: tenant.id, name: 'Wanderer Sub' } }),
    );
    ok(
      await admin().POST('/api/v1/partners/{id}/move', {
        params: { path: { id: partner.id } },
        body: { distributorId: w.B.distributorId },
      }),
    );
    const oldDist = w.A.people.distributor_admin.client;
    const newDist = w.B.people.distributor_admin.client;
    expect(
      (await oldDist.GET('/api/v1/partners/{id}', { params: { path: { id: partner.id } } })).response.status,
    ).toBe(404);
    expect(
      (await oldDist.GET('/api/v1/subscriptions/{id}', { params: { path: { id: sub.id } } })).response.status,
    ).toBe(404);
    expect(
      ok(await newDist.GET('/api/v1/tenants/{id}', { params: { path: { id: tenant.id } } })).partnerId,
    ).toBe(partner.id);
    expect(
      ok(await newDist.GET('/api/v1/subscriptions/{id}', { params: { path: { id: sub.id } } })).tenantId,
    ).toBe(tenant.id);
    const row = await t.app.db.kysely
      .selectFrom('subscriptions')
      .selectAll()
      .where('id', '=', sub.id)
      .executeTakeFirstOrThrow();
    expect(row.distributor_id).toBe(w.B.distributorId);
  });

  it.skipIf(skip)(
    'shows a tenant admin only its own subscriptions and users, and no upstream ids',
    async () => {
      const tenantAdmin = w.A.people.tenant_admin.client;
      const subs = ok(await tenantAdmin.GET('/api/v1/subscriptions', {}));
      expect(subs.items.map((s) => s.tenantId)).toEqual([w.A.tenantId]);
      const users = ok(await tenantAdmin.GET('/api/v1/users', { params: { query: { limit: 200 } } }));
      expect(users.items.length).toBeGreaterThanOrEqual(2);
      expect(new Set(users.items.map((u) => u.orgId))).toEqual(new Set([w.A.tenantId]));
      const own = ok(
        await tenantAdmin.GET('/api/v1/tenants/{id}', { params: { path: { id: w.A.tenantId } } }),
      );
      expect(own.partnerId).toBeUndefined();
      expect(own.distributorId).toBeUndefined();
      expect(JSON.stringify(own)).not.toContain(w.A.partnerId);
      const list = ok(await tenantAdmin.GET('/api/v1/tenants', {}));
      expect(list.items.map((x) => x.id)).toEqual([w.A.tenantId]);
    },
  );

  it.skipIf(skip)('masks actors from above the viewer as "Provider staff" in the audit log', async () => {
    ok(
      await w.A.people.partner_admin.client.PATCH('/api/v1/tenants/{id}', {
        params: { path: { id: w.A.tenantId } },
        body: { contact: { name: 'Front Desk' } },
      }),
    );
    const seen = ok(
      await w.A.people.tenant_reader.client.GET('/api/v1/audit-events', {
        params: { query: { targetId: w.A.tenantId } },
      }),
    );
    const update = seen.items.find((e) => e.action === 'tenant.update')!;
    expect(update.actor).toEqual({ kind: 'provider', userId: null, name: 'Provider staff', email: null });
    expect(update.ip).toBeNull();
    expect(update.before).toEqual({ contact_name: null });
    expect(update.after).toEqual({ contact_name: 'Front Desk' });
    const partnerView = ok(
      await w.A.people.partner_reader.client.GET('/api/v1/audit-events', {
        params: { query: { targetId: w.A.tenantId } },
      }),
    );
    expect(partnerView.items.find((e) => e.action === 'tenant.update')!.actor.userId).toBe(
      w.A.people.partner_admin.userId,
    );
    const csv = await w.A.people.tenant_reader.client.GET('/api/v1/audit-events/export', { parseAs: 'text' });
    expect(csv.response.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = csv.data as unknown as string;
    expect(text.split('\r\n')[0]).toBe(
      'occurredAt,actor,actorEmail,action,targetType,targetId,targetName,ip,requestId,before,after',
    );
    expect(text).toContain('Provider staff');
    expect(text).not.toContain(w.B.tenantId);
    expect(text).not.toContain(w.A.partnerId);
  });

  it.skipIf(skip)('names each audited object the viewer may see, and only those', async () => {
    const subscription = ok(
      await admin().POST('/api/v1/subscriptions', { body: { tenantId: w.A.tenantId, name: 'Named Audit' } }),
    );
    const bySubscription = ok(
      await admin().GET('/api/v1/audit-events', { params: { query: { targetId: subscription.id } } }),
    );
    expect(bySubscription.items.map((e) => e.targetName)).toEqual(['Named Audit']);
    const byTenant = ok(
      await w.A.people.tenant_reader.client.GET('/api/v1/audit-events', {
        params: { query: { targetId: w.A.tenantId } },
      }),
    );
    expect(new Set(byTenant.items.map((e) => e.targetName))).toEqual(new Set(['Alpha Tenant']));
    const reader = ok(
      await admin().GET('/api/v1/audit-events', {
        params: { query: { targetId: w.A.people.tenant_reader.userId, action: 'user.create' } },
      }),
    );
    expect(reader.items.map((e) => e.targetName)).toEqual([
      expect.stringMatching(/^AlphaTenReader User\d+$/),
    ]);
    // The platform's own change is in the partner's log only when it is about the partner's things;
    // a target outside the viewer's scope would have no name (the lookups are scoped).
    const partnerView = ok(
      await w.A.people.partner_reader.client.GET('/api/v1/audit-events', {
        params: { query: { targetType: 'tenant', limit: 200 } },
      }),
    );
    expect(partnerView.items.every((e) => e.targetName !== null)).toBe(true);
  });

  it.skipIf(skip)('pages through lists with a stable keyset order, search and totals', async () => {
    const names = ['Pg Echo', 'Pg Alpha', 'Pg Delta', 'Pg Charlie', 'Pg Bravo'];
    for (const name of names) {
      ok(
        await admin().POST('/api/v1/tenants', {
          body: { name, partnerId: w.B.sparePartnerId, administrators: [person()] },
        }),
      );
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = ok(
        await admin().GET('/api/v1/tenants', {
          params: {
            query: {
              partnerId: w.B.sparePartnerId,
              limit: 2,
              includeTotal: 'true',
              ...(cursor ? { cursor } : {}),
            },
          },
        }),
      );
      expect(page.total).toBe(5);
      seen.push(...page.items.map((x) => x.name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...names].sort());
    const desc = ok(
      await admin().GET('/api/v1/tenants', {
        params: { query: { partnerId: w.B.sparePartnerId, sort: '-name', limit: 1 } },
      }),
    );
    expect(desc.items[0]?.name).toBe('Pg Echo');
    const search = ok(await admin().GET('/api/v1/tenants', { params: { query: { q: 'cHaRl' } } }));
    expect(search.items.map((x) => x.name)).toEqual(['Pg Charlie']);
    const wildcard = ok(await admin().GET('/api/v1/tenants', { params: { query: { q: '%' } } }));
    expect(wildcard.items).toEqual([]);
    const badCursor = await admin().GET('/api/v1/tenants', { params: { query: { cursor: 'garbage' } } });
    expect(badCursor.error).toMatchObject({ code: 'validation_failed', field: 'query.cursor' });
  });

  it.skipIf(skip)(
    'replays an Idempotency-Key instead of creating twice, and refuses its reuse for another request',
    async () => {
      const body = { name: 'Idempotent Co', partnerId: w.A.partnerId, administrators: [person()] };
      const headers = { 'idempotency-key': `key-${engine}` };
      const first = await admin().POST('/api/v1/tenants', { body, headers });
      const second = await admin().POST('/api/v1/tenants', { body, headers });
      expect(first.response.status).toBe(201);
      expect(second.response.status).toBe(201);
      expect(second.response.headers.get('idempotent-replayed')).toBe('true');
      expect(second.data).toEqual(first.data);
      const all = ok(await admin().GET('/api/v1/tenants', { params: { query: { q: 'Idempotent Co' } } }));
      expect(all.items).toHaveLength(1);
      const other = await admin().POST('/api/v1/tenants', { body: { ...body, name: 'Other Co' }, headers });
      expect(other.response.status).toBe(409);
      expect(other.error).toMatchObject({ code: 'idempotency_conflict', field: 'header.idempotency-key' });
    },
  );

  it.skipIf(skip)(
    'applies the Default Tenant Currency setting to new organisations and validates it',
    async () => {
      const bad = await admin().PATCH('/api/v1/settings', {
        body: { values: { 'tenants.defaultCurrency': 'XXX' } },
      });
      expect(bad.error).toMatchObject({ field: 'body.values.tenants.defaultCurrency' });
      ok(await admin().PATCH('/api/v1/settings', { body: { values: { 'tenants.defaultCurrency': 'EUR' } } }));
      const tenant = ok(
        await admin().POST('/api/v1/tenants', {
          body: { name: 'Euro Customer', partnerId: w.A.partnerId, administrators: [person()] },
        }),
      );
      expect(tenant.currency).toBe('EUR');
      const audit = ok(
        await admin().GET('/api/v1/audit-events', { params: { query: { action: 'setting.update' } } }),
      );
      expect(audit.items[0]).toMatchObject({
        targetId: 'tenants.defaultCurrency',
        before: { value: 'USD' },
        after: { value: 'EUR' },
      });
      ok(await admin().PATCH('/api/v1/settings', { body: { values: { 'tenants.defaultCurrency': 'USD' } } }));
    },
  );

  it.skipIf(skip)('keeps users inside the creator scope and level', async () => {
    const partnerAdmin = w.A.people.partner_admin.client;
    const up = await partnerAdmin.POST('/api/v1/users', {
      body: { ...person(), orgId: w.A.distributorId, role: 'admin' },
    });
    expect(up.response.status).toBe(404);
    const platform = await w.A.people.tenant_admin.client.POST('/api/v1/users', {
      body: { ...person(), orgId: PLATFORM_ORG_ID, role: 'admin' },
    });
    expect(platform.response.status).toBe(404);
    const own = ok(
      await partnerAdmin.POST('/api/v1/users', { body: { ...person(), orgId: w.A.tenantId, role: 'admin' } }),
    );
    expect(own.level).toBe('tenant');
  });

  it.skipIf(skip)(
    'stops a disabled user at once, on every token, and lets it back in when enabled',
    async () => {
      const victim = w.A.people.partner_reader;
      expect((await victim.client.GET('/api/v1/me', {})).response.status).toBe(200);
      ok(
        await w.A.people.partner_admin.client.PATCH('/api/v1/users/{id}', {
          params: { path: { id: victim.userId } },
          body: { disabled: true },
        }),
      );
      expect((await victim.client.GET('/api/v1/me', {})).response.status).toBe(401);
      ok(
        await w.A.people.partner_admin.client.PATCH('/api/v1/users/{id}', {
          params: { path: { id: victim.userId } },
          body: { disabled: false },
        }),
      );
      // Disabling revoked the user's tokens: enabling restores the account, not the old credentials.
      expect((await victim.client.GET('/api/v1/me', {})).response.status).toBe(401);
    },
  );

  it.skipIf(skip)('refuses edits the seed permission levels do not grant', async () => {
    const tenantAdmin = w.A.people.tenant_admin.client;
    const own = await tenantAdmin.PATCH('/api/v1/tenants/{id}', {
      params: { path: { id: w.A.tenantId } },
      body: { name: 'Mine Now' },
    });
    expect(own.response.status).toBe(403);
    const sub = await tenantAdmin.PATCH('/api/v1/subscriptions/{id}', {
      params: { path: { id: w.A.subscriptionId } },
      body: { name: 'x' },
    });
    expect(sub.response.status).toBe(403);
    const partnerSelf = await w.A.people.partner_admin.client.PATCH('/api/v1/partners/{id}', {
      params: { path: { id: w.A.partnerId } },
      body: { name: 'Promoted' },
    });
    expect(partnerSelf.response.status).toBe(403);
    const distSelf = await w.A.people.distributor_admin.client.DELETE('/api/v1/distributors/{id}', {
      params: { path: { id: w.A.distributorId } },
    });
    expect(distSelf.response.status).toBe(403);
    const reader = await w.A.people.distributor_reader.client.POST('/api/v1/partners', {
      body: { name: 'Nope', administrators: [person()] },
    });
    expect(reader.response.status).toBe(403);
  });
});
