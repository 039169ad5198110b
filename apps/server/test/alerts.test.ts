import { type Kysely, sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../src/context.ts';
import { newId, PLATFORM_ORG_ID } from '../src/db/ids.ts';
import type { Database } from '../src/db/schema.ts';
import { transaction } from '../src/db/transaction.ts';
import { type RaiseAlert, raiseAlert, resolveAlerts } from '../src/modules/alerts/alerts.service.ts';
import { ok, type TestApp, tokenFor } from './support/app.ts';
import { useEngineWorld } from './support/engine-world.ts';
import { ALL_ENGINES, type EngineName } from './support/engines.ts';
import type { Person, World } from './support/world.ts';

/**
 * The alert store on every engine: raising with de-duplication, automatic and manual resolution,
 * concurrent raises of one condition, who sees which alert (following moves), acknowledging and
 * resolving through the API with their audit rows, the list's filters and pages, and bad input.
 */

let seq = 0;
const unique = (label: string) => {
  seq += 1;
  return `${label}-${seq}`;
};

/**
 * Resolves once another connection is stuck in a statement on the alerts table while the first
 * transaction holds the condition's row: on PostgreSQL a lock wait; on MariaDB the statement
 * (whose unique-key lookup waits for the row lock while it is being planned, so the wait shows in
 * the process list rather than as an InnoDB lock wait).
 */
async function someoneWaitsForALock(db: Kysely<Database>, engine: EngineName): Promise<void> {
  const query =
    engine === 'mysql'
      ? sql<{ n: number | string }>`select count(*) as n from information_schema.processlist
          where command = 'Query' and id <> connection_id() and info like '%alerts%'`
      : sql<{ n: number | string }>`select count(*) as n from pg_stat_activity
          where wait_event_type = 'Lock' and datname = current_database()`;
  for (let i = 0; i < 2000; i++) {
    const { rows } = await query.execute(db);
    if (Number(rows[0]?.n) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('the second transaction never waited for the first');
}

describe.each(ALL_ENGINES)('alerts [%s]', (engine) => {
  let t: TestApp;
  let w: World;
  const skip = useEngineWorld(engine, (app, world) => {
    t = app;
    w = world;
  });
  if (skip) return;

  const system = () => systemContext(t.app, 'alerts-test');
  const raise = (input: Partial<RaiseAlert> & { kind: string; key: string }) =>
    transaction(t.app.db, (trx) =>
      raiseAlert(trx, system(), {
        severity: 'warning',
        title: `Title of ${input.key}`,
        message: 'Something needs attention.',
        ...input,
      }),
    );
  const row = (id: string) =>
    t.app.db.kysely.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const openOf = (kind: string) =>
    t.app.db.kysely
      .selectFrom('alerts')
      .selectAll()
      .where('kind', '=', kind)
      .where('resolved_at', 'is', null)
      .execute();
  /** Runs with the app's clock at `iso`, so seen times are distinct and known. */
  const at = async <T>(iso: string, work: () => Promise<T>): Promise<T> => {
    const previous = t.app.clock;
    t.app.clock = () => Date.parse(iso);
    try {
      return await work();
    } finally {
      t.app.clock = previous;
    }
  };
  const get = (person: Person, id: string) =>
    t.inject({
      method: 'GET',
      url: `/api/v1/alerts/${id}`,
      headers: { authorization: `Bearer ${person.token}` },
    });
  const post = (person: Person, id: string, action: 'acknowledge' | 'resolve') =>
    t.inject({
      method: 'POST',
      url: `/api/v1/alerts/${id}/${action}`,
      headers: { authorization: `Bearer ${person.token}` },
    });
  const list = async (person: Person, query: Record<string, string> = {}) => {
    const response = await t.inject({
      method: 'GET',
      url: `/api/v1/alerts?${new URLSearchParams({ limit: '200', ...query })}`,
      headers: { authorization: `Bearer ${person.token}` },
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { items: { id: string }[]; nextCursor: string | null; total?: number };
  };
  const listIds = async (person: Person, query: Record<string, string> = {}) =>
    (await list(person, query)).items.map((item) => item.id);

  it('de-duplicates a repeated condition, and opens a new alert once the old one is resolved', async () => {
    const kind = 'test.dedupe';
    const key = unique('meter');
    const first = await at('2030-01-01T00:00:00.000Z', () =>
      raise({ kind, key, severity: 'info', details: { meter: key } }),
    );
    expect(first).toMatchObject({ opened: true, previousSeverity: null });
    const again = await at('2030-01-01T01:00:00.000Z', () =>
      raise({ kind, key, severity: 'critical', message: 'Worse now.', details: { meter: key, count: 2 } }),
    );
    expect(again).toEqual({ id: first.id, opened: false, previousSeverity: 'info' });
    const updated = await row(first.id);
    expect(updated).toMatchObject({
      occurrences: 2,
      first_seen_at: '2030-01-01T00:00:00.000Z',
      last_seen_at: '2030-01-01T01:00:00.000Z',
      severity: 'critical',
      message: 'Worse now.',
      resolved_at: null,
    });
    expect(JSON.parse(updated.details_json!)).toEqual({ meter: key, count: 2 });
    expect(await openOf(kind)).toHaveLength(1);

    const resolved = await at('2030-01-01T02:00:00.000Z', () =>
      transaction(t.app.db, (trx) => resolveAlerts(trx, system(), { kind, key })),
    );
    expect(resolved).toBe(1);
    expect(await row(first.id)).toMatchObject({
      resolved_at: '2030-01-01T02:00:00.000Z',
      resolved_by: null,
      open_key: null,
    });
    expect(await transaction(t.app.db, (trx) => resolveAlerts(trx, system(), { kind, key }))).toBe(0);

    const reopened = await raise({ kind, key });
    expect(reopened.opened).toBe(true);
    expect(reopened.id).not.toBe(first.id);
    expect(await row(reopened.id)).toMatchObject({ occurrences: 1, resolved_at: null });
    expect((await row(first.id)).occurrences).toBe(2);
  });

  it('keeps an acknowledgement on a repeat, and drops it when the severity rises', async () => {
    const kind = 'test.escalation';
    const key = unique('k');
    const { id } = await raise({ kind, key, severity: 'warning' });
    expect((await post(w.platformAdmin, id, 'acknowledge')).statusCode).toBe(200);
    await raise({ kind, key, severity: 'info' });
    expect((await row(id)).acknowledged_by).toBe(w.platformAdmin.userId);
    await raise({ kind, key, severity: 'critical' });
    expect(await row(id)).toMatchObject({ acknowledged_at: null, acknowledged_by: null, occurrences: 3 });
  });

  it('resolves every open alert of a kind whose key starts with a prefix, exactly', async () => {
    const kind = 'test.prefix';
    const region = unique('reg');
    const ids = await Promise.all(
      [`${region}:a`, `${region}:b`, `other-${region}:a`, `${region.toUpperCase()}:c`, `${region}_x`].map(
        async (key) => (await raise({ kind, key })).id,
      ),
    );
    const other = await raise({ kind: 'test.prefix_other', key: `${region}:a` });
    const count = await transaction(t.app.db, (trx) =>
      resolveAlerts(trx, system(), { kind, keyPrefix: `${region}:` }),
    );
    expect(count).toBe(2);
    const states = await Promise.all(
      [...ids, other.id].map(async (id) => (await row(id)).resolved_at !== null),
    );
    expect(states).toEqual([true, true, false, false, false, false]);
  });

  it('cleans text from peers and refuses malformed raises', async () => {
    const { id } = await raise({
      kind: 'test.text',
      key: unique('k'),
      title: `Bad\u0000title\u202e${'x'.repeat(300)}`,
      message: 'line one\nline\u0000two',
    });
    const stored = await row(id);
    expect(stored.title).toMatch(/^Bad\uFFFDtitle\uFFFDx+…$/);
    expect([...stored.title]).toHaveLength(200);
    expect(stored.message).toBe('line one\nline\uFFFDtwo');
    await expect(raise({ kind: 'Not A Kind', key: 'k' })).rejects.toThrow(/bad kind/);
    await expect(raise({ kind: 'test.bad', key: '' })).rejects.toThrow(/key/);
    await expect(
      raise({ kind: 'test.bad', key: 'k', subscriptionId: w.A.subscriptionId, orgId: w.A.tenantId }),
    ).rejects.toThrow(/not both/);
  });

  it('two transactions raising one condition at the same time leave one open alert', async () => {
    const kind = 'test.concurrent';
    const key = unique('k');
    let releaseFirst!: () => void;
    const firstMayCommit = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    let firstInserted!: () => void;
    const inserted = new Promise<void>((resolve) => {
      firstInserted = resolve;
    });
    const first = transaction(t.app.db, async (trx) => {
      const raised = await raiseAlert(trx, system(), {
        kind,
        key,
        severity: 'info',
        title: 'A',
        message: 'first',
      });
      firstInserted();
      await firstMayCommit;
      return raised;
    });
    if (engine === 'sqlite') {
      // One connection: the second transaction starts only after the first commits.
      await inserted;
      releaseFirst();
      const second = await raise({ kind, key, message: 'second' });
      const one = await first;
      expect(second).toEqual({ id: one.id, opened: false, previousSeverity: 'info' });
    } else {
      await inserted;
      const second = transaction(t.app.db, (trx) =>
        raiseAlert(trx, system(), { kind, key, severity: 'warning', title: 'B', message: 'second' }),
      );
      // The second waits on the first's uncommitted row (the unique open key) before it goes on.
      await someoneWaitsForALock(t.app.db.kysely, engine);
      releaseFirst();
      const [a, b] = await Promise.all([first, second]);
      expect(a.opened).toBe(true);
      expect(b).toEqual({ id: a.id, opened: false, previousSeverity: 'info' });
    }
    const open = await openOf(kind);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ occurrences: 2, message: 'second' });
  });

  describe('who sees which alert', () => {
    let subscriptionAlert: string;
    let tenantAlert: string;
    let partnerAlert: string;
    let regionAlert: string;
    let systemAlert: string;
    let siblingTenantAdmin: Person;
    let sparePartnerAdmin: Person;
    const person = async (userId: string): Promise<Person> => {
      const token = await tokenFor(t.app, userId);
      return { userId, token, client: t.client(token) };
    };

    beforeAll(async () => {
      const kind = 'test.scope';
      subscriptionAlert = (await raise({ kind, key: unique('sub'), subscriptionId: w.A.subscriptionId })).id;
      tenantAlert = (await raise({ kind, key: unique('ten'), orgId: w.A.tenantId })).id;
      partnerAlert = (await raise({ kind, key: unique('ptn'), orgId: w.A.partnerId })).id;
      regionAlert = (await raise({ kind, key: unique('reg'), regionId: newId('chg') })).id;
      systemAlert = (await raise({ kind, key: unique('sys') })).id;
      const sibling = ok(
        await w.platformAdmin.client.POST('/api/v1/tenants', {
          body: {
            name: unique('Sibling Tenant'),
            partnerId: w.A.partnerId,
            administrators: [{ firstName: 'Sib', lastName: 'Ling', email: `${unique('sib')}@alerts.test` }],
          },
        }),
      );
      siblingTenantAdmin = await person(sibling.administrators![0]!.id);
      const spare = w.objects.find((o) => o.kind === 'user' && o.chain.partner === w.A.sparePartnerId)!;
      sparePartnerAdmin = await person(spare.id);
    });

    const scopeIds = async (p: Person) => (await listIds(p, { kind: 'test.scope' })).sort();

    it('shows a subscription alert to its chain and the platform, an organisation alert to its own, region and system alerts to the platform only', async () => {
      const all = [subscriptionAlert, tenantAlert, partnerAlert, regionAlert, systemAlert].sort();
      expect(await scopeIds(w.platformAdmin)).toEqual(all);
      expect(await scopeIds(w.platformReader)).toEqual(all);
      for (const role of [
        'distributor_admin',
        'distributor_reader',
        'partner_admin',
        'partner_reader',
      ] as const) {
        expect(await scopeIds(w.A.people[role]), role).toEqual(
          [subscriptionAlert, tenantAlert, partnerAlert].sort(),
        );
      }
      for (const role of ['tenant_admin', 'tenant_reader'] as const) {
        expect(await scopeIds(w.A.people[role]), role).toEqual([subscriptionAlert, tenantAlert].sort());
      }
      for (const outsider of [
        w.B.people.distributor_admin,
        w.B.people.partner_admin,
        w.B.people.tenant_admin,
      ]) {
        expect(await scopeIds(outsider)).toEqual([]);
      }
      expect(await scopeIds(siblingTenantAdmin)).toEqual([]);
      expect(await scopeIds(sparePartnerAdmin)).toEqual([]);

      expect((await get(w.A.people.tenant_reader, subscriptionAlert)).statusCode).toBe(200);
      for (const [p, id] of [
        [siblingTenantAdmin, subscriptionAlert],
        [sparePartnerAdmin, subscriptionAlert],
        [w.B.people.distributor_admin, tenantAlert],
        [w.A.people.tenant_admin, partnerAlert],
        [w.A.people.distributor_admin, regionAlert],
        [w.A.people.distributor_admin, systemAlert],
      ] as const) {
        const response = await get(p, id);
        expect(response.statusCode, `${id} for ${p.userId}`).toBe(404);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      // Acknowledging or resolving what one cannot see is 404 too, whatever the role allows.
      expect((await post(siblingTenantAdmin, subscriptionAlert, 'acknowledge')).statusCode).toBe(404);
      expect((await post(sparePartnerAdmin, subscriptionAlert, 'resolve')).statusCode).toBe(404);
      expect((await post(w.A.people.partner_admin, regionAlert, 'resolve')).statusCode).toBe(404);
      expect((await row(subscriptionAlert)).resolved_at).toBeNull();
    });

    it('counts in the summary only what the caller sees', async () => {
      const summary = async (p: Person) => ok(await p.client.GET('/api/v1/alerts/summary'));
      const platform = await summary(w.platformAdmin);
      const tenant = await summary(w.A.people.tenant_reader);
      const unresolvedFor = async (p: Person) =>
        (await list(p, { status: 'unresolved', includeTotal: 'true' })).total;
      expect(platform.open.total + platform.acknowledged.total).toBe(await unresolvedFor(w.platformAdmin));
      expect(tenant.open.total + tenant.acknowledged.total).toBe(
        await unresolvedFor(w.A.people.tenant_reader),
      );
      expect(tenant.open.total).toBeGreaterThanOrEqual(2);
      expect((await summary(siblingTenantAdmin)).open.total).toBe(0);
      const parts = platform.open;
      expect(parts.info + parts.warning + parts.critical).toBe(parts.total);
    });

    it('follows a move: the new partner sees the tenant’s alerts, the old one no longer does', async () => {
      const moved = await t.inject({
        method: 'POST',
        url: `/api/v1/tenants/${w.A.tenantId}/move`,
        headers: { authorization: `Bearer ${w.platformAdmin.token}`, 'content-type': 'application/json' },
        payload: { partnerId: w.A.sparePartnerId },
      });
      expect(moved.statusCode, moved.body).toBe(200);
      try {
        expect(await scopeIds(sparePartnerAdmin)).toEqual([subscriptionAlert, tenantAlert].sort());
        expect(await scopeIds(w.A.people.partner_admin)).toEqual([partnerAlert]);
        expect((await get(w.A.people.partner_admin, subscriptionAlert)).statusCode).toBe(404);
        expect((await get(sparePartnerAdmin, tenantAlert)).statusCode).toBe(200);
        expect(await scopeIds(w.A.people.tenant_admin)).toEqual([subscriptionAlert, tenantAlert].sort());
      } finally {
        const back = await t.inject({
          method: 'POST',
          url: `/api/v1/tenants/${w.A.tenantId}/move`,
          headers: { authorization: `Bearer ${w.platformAdmin.token}`, 'content-type': 'application/json' },
          payload: { partnerId: w.A.partnerId },
        });
        expect(back.statusCode, back.body).toBe(200);
      }
    });
  });

  describe('acknowledging and resolving through the API', () => {
    const auditOf = (id: string) =>
      t.app.db.kysely
        .selectFrom('audit_events')
        .select(['action', 'actor_user_id', 'org_id', 'before_json', 'after_json'])
        .where('target_id', '=', id)
        .orderBy('id')
        .execute();

    it('lets a tenant administrator acknowledge but not resolve, and a partner administrator resolve; both audited', async () => {
      const { id } = await raise({ kind: 'test.api', key: unique('k'), subscriptionId: w.A.subscriptionId });
      expect((await post(w.A.people.tenant_reader, id, 'acknowledge')).statusCode).toBe(403);
      expect((await post(w.A.people.tenant_admin, id, 'resolve')).statusCode).toBe(403);
      expect(await auditOf(id)).toEqual([]);

      const acknowledged = await post(w.A.people.tenant_admin, id, 'acknowledge');
      expect(acknowledged.statusCode, acknowledged.body).toBe(200);
      expect(acknowledged.json()).toMatchObject({
        status: 'acknowledged',
        acknowledged: { by: { kind: 'user', userId: w.A.people.tenant_admin.userId } },
        resolved: null,
        subscription: { id: w.A.subscriptionId },
      });
      // Again: nothing changes, nothing more is audited.
      expect((await post(w.A.people.partner_admin, id, 'acknowledge')).statusCode).toBe(200);
      expect((await row(id)).acknowledged_by).toBe(w.A.people.tenant_admin.userId);

      const resolved = await post(w.A.people.partner_admin, id, 'resolve');
      expect(resolved.statusCode, resolved.body).toBe(200);
      expect(resolved.json()).toMatchObject({
        status: 'resolved',
        resolved: { by: { kind: 'user', userId: w.A.people.partner_admin.userId } },
      });
      expect((await row(id)).open_key).toBeNull();
      expect((await post(w.A.people.partner_admin, id, 'resolve')).statusCode).toBe(200);
      const conflict = await post(w.A.people.tenant_admin, id, 'acknowledge');
      expect(conflict.statusCode).toBe(409);

      const audit = await auditOf(id);
      expect(audit.map((a) => [a.action, a.actor_user_id, a.org_id])).toEqual([
        ['alert.acknowledge', w.A.people.tenant_admin.userId, w.A.tenantId],
        ['alert.resolve', w.A.people.partner_admin.userId, w.A.tenantId],
      ]);
      // The tenant sees its partner's staff as "Provider staff", the platform sees names.
      const asTenant = (await get(w.A.people.tenant_reader, id)).json();
      expect(asTenant.resolved.by).toEqual({ kind: 'provider', userId: null, name: 'Provider staff' });
      expect(asTenant.acknowledged.by.kind).toBe('user');
      const asPlatform = (await get(w.platformReader, id)).json();
      expect(asPlatform.resolved.by).toMatchObject({ kind: 'user', userId: w.A.people.partner_admin.userId });
      // The audit rows are in the tenant's trail.
      const trail = ok(
        await w.A.people.tenant_admin.client.GET('/api/v1/audit-events', {
          params: { query: { targetId: id } },
        }),
      );
      expect(trail.items.map((e) => e.action).sort()).toEqual(['alert.acknowledge', 'alert.resolve']);
    });

    it('records a region alert’s changes in the platform’s trail, and shows a system resolution as System', async () => {
      const key = unique('k');
      const { id } = await raise({ kind: 'test.api', key, regionId: newId('chg') });
      expect((await post(w.platformAdmin, id, 'acknowledge')).statusCode).toBe(200);
      expect((await auditOf(id)).map((a) => a.org_id)).toEqual([PLATFORM_ORG_ID]);
      await transaction(t.app.db, (trx) => resolveAlerts(trx, system(), { kind: 'test.api', key }));
      expect((await get(w.platformReader, id)).json().resolved.by).toEqual({
        kind: 'system',
        userId: null,
        name: 'System',
      });
    });
  });

  describe('the list', () => {
    const kind = 'test.paging';
    const ids: string[] = [];
    beforeAll(async () => {
      // Seen at increasing times: the list is newest first by last seen.
      const specs = [
        { severity: 'info', title: 'Quota at 80 percent' },
        { severity: 'warning', title: 'Quota at 90 percent', subscriptionId: 'A' },
        { severity: 'critical', title: 'Collection failed', regionId: 'R' },
        { severity: 'warning', title: 'Meter unknown', orgId: 'B' },
        { severity: 'info', title: 'Certificate 100%_ok', subscriptionId: 'A' },
      ] as const;
      const region = newId('chg');
      for (const [i, spec] of specs.entries()) {
        const raised = await at(`2031-01-01T00:00:0${i}.000Z`, () =>
          raise({
            kind,
            key: unique('p'),
            severity: spec.severity,
            title: spec.title,
            ...('subscriptionId' in spec ? { subscriptionId: w.A.subscriptionId } : {}),
            ...('regionId' in spec ? { regionId: region } : {}),
            ...('orgId' in spec ? { orgId: w.B.tenantId } : {}),
          }),
        );
        ids.push(raised.id);
      }
      // The first is seen again last: it moves to the top.
      const firstKey = (await row(ids[0]!)).alert_key;
      await at('2031-01-01T00:00:09.000Z', () =>
        raise({ kind, key: firstKey, severity: 'info', title: 'Quota at 80 percent' }),
      );
      expect((await post(w.platformAdmin, ids[1]!, 'acknowledge')).statusCode).toBe(200);
      expect((await post(w.platformAdmin, ids[2]!, 'resolve')).statusCode).toBe(200);
    });

    it('pages newest first by last seen, with stable cursors', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await list(w.platformAdmin, { kind, limit: '2', ...(cursor ? { cursor } : {}) });
        seen.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual([ids[0], ids[4], ids[3], ids[2], ids[1]]);
      expect((await list(w.platformAdmin, { kind, includeTotal: 'true', limit: '1' })).total).toBe(5);
    });

    it('filters by status, severity, region, subscription, organisation branch and title', async () => {
      const platform = w.platformAdmin;
      const sorted = (xs: (string | undefined)[]) => [...xs].sort();
      expect(sorted(await listIds(platform, { kind, status: 'open' }))).toEqual(
        sorted([ids[0], ids[3], ids[4]]),
      );
      expect(await listIds(platform, { kind, status: 'acknowledged' })).toEqual([ids[1]]);
      expect(await listIds(platform, { kind, status: 'resolved' })).toEqual([ids[2]]);
      expect(sorted(await listIds(platform, { kind, status: 'unresolved' }))).toEqual(
        sorted([ids[0], ids[1], ids[3], ids[4]]),
      );
      expect(await listIds(platform, { kind, severity: 'critical' })).toEqual([ids[2]]);
      const region = (await row(ids[2]!)).region_id!;
      expect(await listIds(platform, { regionId: region })).toEqual([ids[2]]);
      expect(await listIds(platform, { kind, subscriptionId: w.A.subscriptionId })).toEqual([ids[4], ids[1]]);
      expect(await listIds(platform, { kind, orgId: w.B.tenantId })).toEqual([ids[3]]);
      expect(await listIds(platform, { kind, orgId: w.A.distributorId })).toEqual([ids[4], ids[1]]);
      expect(await listIds(platform, { kind, orgId: w.B.distributorId })).toEqual([ids[3]]);
      expect(await listIds(platform, { kind, q: 'QUOTA' })).toEqual([ids[0], ids[1]]);
      // % and _ are text, not wildcards.
      expect(await listIds(platform, { kind, q: '%' })).toEqual([ids[4]]);
      expect(await listIds(platform, { kind, q: '_' })).toEqual([ids[4]]);
      // Filters never widen the scope: branch B's tenant asked for by branch A's distributor.
      expect(await listIds(w.A.people.distributor_admin, { kind, orgId: w.B.tenantId })).toEqual([]);
      expect(await listIds(w.A.people.tenant_reader, { kind })).toEqual([ids[4], ids[1]]);
    });

    it('refuses bad filters and ids with a problem naming the field', async () => {
      const cases: [string, string][] = [
        ['/api/v1/alerts?status=closed', 'query.status'],
        ['/api/v1/alerts?severity=fatal', 'query.severity'],
        ['/api/v1/alerts?kind=Not%20a%20kind', 'query.kind'],
        ['/api/v1/alerts?subscriptionId=ten_00000000000000000000000000', 'query.subscriptionId'],
        [`/api/v1/alerts?orgId=${w.A.subscriptionId}`, 'query.orgId'],
        ['/api/v1/alerts?regionId=not-an-id', 'query.regionId'],
        ['/api/v1/alerts?cursor=garbage', 'query.cursor'],
        ['/api/v1/alerts?limit=0', 'query.limit'],
        ['/api/v1/alerts?bogus=1', 'query.bogus'],
        ['/api/v1/alerts/alr_123', 'params.id'],
        [`/api/v1/alerts/${w.A.subscriptionId}`, 'params.id'],
      ];
      for (const [url, field] of cases) {
        const response = await t.inject({
          method: 'GET',
          url,
          headers: { authorization: `Bearer ${w.platformAdmin.token}` },
        });
        expect(response.statusCode, url).toBe(400);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(
          response.json().errors.map((e: { field: string }) => e.field),
          url,
        ).toContain(field);
      }
      const unknown = await get(w.platformAdmin, newId('alr'));
      expect(unknown.statusCode).toBe(404);
      const body = await t.inject({
        method: 'POST',
        url: `/api/v1/alerts/${ids[0]}/acknowledge`,
        headers: { authorization: `Bearer ${w.platformAdmin.token}`, 'content-type': 'application/json' },
        payload: { note: 'x' },
      });
      expect(body.statusCode).toBe(400);
      expect((await row(ids[0]!)).acknowledged_at).toBeNull();
    });
  });

  it('exports the unresolved alerts by severity on /metrics', async () => {
    const { id } = await raise({ kind: 'test.metrics', key: unique('k'), severity: 'critical' });
    const scrape = async () => {
      const text = (await t.inject({ method: 'GET', url: '/metrics' })).body;
      const line = text
        .split('\n')
        .find((l) => l.startsWith('cms_alerts_unresolved{severity="critical",acknowledged="false"}'));
      return Number(line?.split(' ')[1]);
    };
    const before = await scrape();
    const expected = await t.app.db.kysely
      .selectFrom('alerts')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('severity', '=', 'critical')
      .where('open_key', 'is not', null)
      .where('acknowledged_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(before).toBe(Number(expected.n));
    expect((await post(w.platformAdmin, id, 'resolve')).statusCode).toBe(200);
    expect(await scrape()).toBe(before - 1);
  });
});
