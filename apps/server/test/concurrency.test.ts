import type { CmsClient } from '@cms/api-client';
import SqliteDatabase from 'better-sqlite3';
import { createConnection } from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_ORG_ID } from '../src/db/ids.ts';
import { forUpdate, transaction } from '../src/db/transaction.ts';
import { ok, startTestApp, type TestApp } from './support/app.ts';
import { useEngineWorld } from './support/engine-world.ts';
import { ALL_ENGINES, availableEngines, createTestDatabase, type TestDatabase } from './support/engines.ts';
import { buildWorld, type World } from './support/world.ts';

/**
 * Two writes fired at the same moment end as if they ran one after the other. Each pair is driven
 * into its worst interleaving: the first request is held at a named point inside its transaction
 * (`app.pause`, after it took its locks and made its checks, before it writes) while the second is
 * fired; the first is released once the second has either finished or been waiting for a while.
 * Without the locks the second would finish inside that window and the pair would end in a state
 * no sequential order produces; with them it waits. After every pair: each row's chain equals its
 * owner's, the wrong branch gets 404, each change is audited once, and nothing answered 5xx.
 */

/** How long the second request may run while the first is held: far above its unhindered time. */
const HOLD_MS = 400;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Held {
  reached: Promise<void>;
  release(): void;
}

/** Holds the first request that reaches `point` until released; later arrivals pass. */
function holdAt(t: TestApp, point: string): Held {
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
    if (name !== point) return;
    t.app.pause = previous;
    reached();
    await released;
  };
  return { reached: reachedP, release };
}

type Call = () => Promise<{ response: Response }>;

/** Runs `first` until it holds at `point`, fires `second`, then lets `first` go. Returns both statuses. */
async function interleave(t: TestApp, point: string, first: Call, second: Call): Promise<[number, number]> {
  const held = holdAt(t, point);
  const a = first();
  const reachedFirst = await Promise.race([held.reached.then(() => true), a.then(() => false)]);
  expect(reachedFirst, `the first request never reached ${point}`).toBe(true);
  const b = second();
  await Promise.race([b, sleep(HOLD_MS)]);
  held.release();
  const [ra, rb] = await Promise.all([a, b]);
  return [ra.response.status, rb.response.status];
}

let seq = 0;
const unique = (label: string) => {
  seq += 1;
  return `${label} ${seq}`;
};
const person = () => {
  seq += 1;
  return { firstName: 'Con', lastName: `Current${seq}`, email: `con.${seq}@concurrency.test` };
};

describe.each(ALL_ENGINES)('concurrent writes [%s]', (engine) => {
  let _db: TestDatabase;
  let t: TestApp;
  let w: World;

  const skip = useEngineWorld(engine, (app, world, database) => {
    t = app;
    w = world;
    _db = database;
  });

  const admin = (): CmsClient => w.platformAdmin.client;

  async function newTenant(partnerId = w.A.partnerId): Promise<string> {
    return ok(
      await admin().POST('/api/v1/tenants', {
        body: { name: unique('Tenant'), partnerId, administrators: [person()] },
      }),
    ).id;
  }

  const createSubscription = (tenantId: string) => () =>
    admin().POST('/api/v1/subscriptions', { body: { tenantId, name: unique('Subscription') } });
  const createUser = (orgId: string) => () =>
    admin().POST('/api/v1/users', { body: { ...person(), orgId, role: 'reader' } });
  const deleteTenant = (id: string) => () =>
    admin().DELETE('/api/v1/tenants/{id}', { params: { path: { id } } });
  const moveTenant = (id: string, partnerId: string) => () =>
    admin().POST('/api/v1/tenants/{id}/move', { params: { path: { id } }, body: { partnerId } });
  const renameTenant = (id: string, name: string) => () =>
    admin().PATCH('/api/v1/tenants/{id}', { params: { path: { id } }, body: { name } });

  /**
   * The invariants of the tree: every live organisation sits under a live parent with the chain
   * that parent implies, and every live subscription, user and identity provider belongs to a live
   * organisation and carries exactly its chain.
   */
  async function expectConsistent(): Promise<void> {
    const k = t.app.db.kysely;
    const orgs = await k.selectFrom('organisations').selectAll().execute();
    const byId = new Map(orgs.map((o) => [o.id, o]));
    const problems: string[] = [];
    const chain = (r: {
      distributor_id: string | null;
      partner_id: string | null;
      tenant_id: string | null;
    }) => `${r.distributor_id}/${r.partner_id}/${r.tenant_id}`;
    for (const org of orgs) {
      if (org.deleted_at !== null || org.kind === 'platform' || org.kind === 'distributor') continue;
      const parent = byId.get(org.parent_id!)!;
      if (parent.deleted_at !== null) problems.push(`${org.id} lives under deleted ${parent.id}`);
      const expected =
        org.kind === 'partner'
          ? { distributor_id: parent.id, partner_id: org.id, tenant_id: null }
          : { distributor_id: parent.distributor_id, partner_id: parent.id, tenant_id: org.id };
      if (chain(org) !== chain(expected))
        problems.push(`${org.id} has chain ${chain(org)}, not ${chain(expected)}`);
    }
    const owned = [
      ...(await k.selectFrom('subscriptions').selectAll().where('deleted_at', 'is', null).execute()).map(
        (r) => ({ ...r, owner: r.tenant_id }),
      ),
      ...(await k.selectFrom('users').selectAll().where('deleted_at', 'is', null).execute()).map((r) => ({
        ...r,
        owner: r.org_id,
      })),
      ...(await k.selectFrom('identity_providers').selectAll().where('deleted_at', 'is', null).execute()).map(
        (r) => ({ ...r, owner: r.org_id }),
      ),
    ];
    for (const row of owned) {
      const owner = byId.get(row.owner)!;
      if (owner.deleted_at !== null) problems.push(`${row.id} is live under deleted ${owner.id}`);
      if (chain(row) !== chain(owner))
        problems.push(`${row.id} has chain ${chain(row)}, not ${chain(owner)}`);
    }
    expect(problems).toEqual([]);
  }

  async function auditCount(action: string, targetId: string): Promise<number> {
    const rows = await t.app.db.kysely
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', action)
      .where('target_id', '=', targetId)
      .execute();
    return rows.length;
  }

  async function liveSubscriptionsOf(tenantId: string) {
    return t.app.db.kysely
      .selectFrom('subscriptions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('deleted_at', 'is', null)
      .execute();
  }

  /** The partner administrator of `owner` sees the subscription; the other branch's gets 404. */
  async function expectVisibleOnlyTo(subscriptionId: string, owner: 'A' | 'B') {
    const other = owner === 'A' ? 'B' : 'A';
    const get = (client: CmsClient) =>
      client.GET('/api/v1/subscriptions/{id}', { params: { path: { id: subscriptionId } } });
    expect((await get(w[owner].people.partner_admin.client)).response.status).toBe(200);
    expect((await get(w[owner].people.distributor_admin.client)).response.status).toBe(200);
    expect((await get(w[other].people.partner_admin.client)).response.status).toBe(404);
    expect((await get(w[other].people.distributor_admin.client)).response.status).toBe(404);
  }

  it.skipIf(skip)('create subscription || delete tenant: the delete waits and is refused', async () => {
    const tenantId = await newTenant();
    const [created, deleted] = await interleave(
      t,
      'subscription.create',
      createSubscription(tenantId),
      deleteTenant(tenantId),
    );
    expect([created, deleted]).toEqual([201, 409]);
    expect(await liveSubscriptionsOf(tenantId)).toHaveLength(1);
    expect(await auditCount('tenant.delete', tenantId)).toBe(0);
    await expectConsistent();
  });

  it.skipIf(skip)('delete tenant || create subscription: the create waits and finds no tenant', async () => {
    const tenantId = await newTenant();
    const [deleted, created] = await interleave(
      t,
      'organisation.delete',
      deleteTenant(tenantId),
      createSubscription(tenantId),
    );
    expect([deleted, created]).toEqual([204, 404]);
    expect(await liveSubscriptionsOf(tenantId)).toHaveLength(0);
    expect(await auditCount('tenant.delete', tenantId)).toBe(1);
    await expectConsistent();
  });

  it.skipIf(skip)('create user || delete tenant: the delete waits, then removes the user too', async () => {
    const tenantId = await newTenant();
    const held = holdAt(t, 'user.create');
    const create = createUser(tenantId)();
    await held.reached;
    const del = deleteTenant(tenantId)();
    await Promise.race([del, sleep(HOLD_MS)]);
    held.release();
    const [created, deleted] = await Promise.all([create, del]);
    expect([created.response.status, deleted.response.status]).toEqual([201, 204]);
    const userId = (created.data as { id: string }).id;
    expect(await auditCount('user.create', userId)).toBe(1);
    expect(await auditCount('user.delete', userId)).toBe(1);
    expect(
      (await admin().GET('/api/v1/users/{id}', { params: { path: { id: userId } } })).response.status,
    ).toBe(404);
    await expectConsistent();
  });

  it.skipIf(skip)('delete tenant || create user: the create waits and finds no organisation', async () => {
    const tenantId = await newTenant();
    const [deleted, created] = await interleave(
      t,
      'organisation.delete',
      deleteTenant(tenantId),
      createUser(tenantId),
    );
    expect([deleted, created]).toEqual([204, 404]);
    const live = await t.app.db.kysely
      .selectFrom('users')
      .select('id')
      .where('org_id', '=', tenantId)
      .where('deleted_at', 'is', null)
      .execute();
    expect(live).toEqual([]);
    await expectConsistent();
  });

  it.skipIf(skip)(
    'create tenant || delete its partner, in both orders: no tenant under a deleted partner',
    async () => {
      const newPartner = async () =>
        ok(
          await admin().POST('/api/v1/partners', {
            body: { name: unique('Partner'), distributorId: w.A.distributorId, administrators: [person()] },
          }),
        ).id;
      const createTenant = (partnerId: string) => () =>
        admin().POST('/api/v1/tenants', {
          body: { name: unique('Tenant'), partnerId, administrators: [person()] },
        });
      const deletePartner = (id: string) => () =>
        admin().DELETE('/api/v1/partners/{id}', { params: { path: { id } } });
      const first = await newPartner();
      expect(await interleave(t, 'organisation.create', createTenant(first), deletePartner(first))).toEqual([
        201, 409,
      ]);
      const second = await newPartner();
      expect(await interleave(t, 'organisation.delete', deletePartner(second), createTenant(second))).toEqual(
        [204, 404],
      );
      expect(await auditCount('partner.delete', second)).toBe(1);
      await expectConsistent();
    },
  );

  it.skipIf(skip)('create subscription || move tenant: the new row follows the move', async () => {
    const tenantId = await newTenant(w.A.partnerId);
    const [created, moved] = await interleave(
      t,
      'subscription.create',
      createSubscription(tenantId),
      moveTenant(tenantId, w.B.partnerId),
    );
    expect([created, moved]).toEqual([201, 200]);
    const [sub] = await liveSubscriptionsOf(tenantId);
    expect(sub).toMatchObject({ partner_id: w.B.partnerId, distributor_id: w.B.distributorId });
    await expectVisibleOnlyTo(sub!.id, 'B');
    expect(await auditCount('tenant.move', tenantId)).toBe(1);
    await expectConsistent();
  });

  it.skipIf(skip)(
    'move tenant || create subscription and user: both copy the chain after the move',
    async () => {
      const tenantId = await newTenant(w.A.partnerId);
      const [moved, created] = await interleave(
        t,
        'organisation.move',
        moveTenant(tenantId, w.B.partnerId),
        createSubscription(tenantId),
      );
      expect([moved, created]).toEqual([200, 201]);
      const [sub] = await liveSubscriptionsOf(tenantId);
      await expectVisibleOnlyTo(sub!.id, 'B');
      const [movedBack, user] = await interleave(
        t,
        'organisation.move',
        moveTenant(tenantId, w.A.partnerId),
        createUser(tenantId),
      );
      expect([movedBack, user]).toEqual([200, 201]);
      await expectVisibleOnlyTo(sub!.id, 'A');
      expect(await auditCount('tenant.move', tenantId)).toBe(2);
      await expectConsistent();
    },
  );

  it.skipIf(skip)('create user || move tenant: the new user follows the move', async () => {
    const tenantId = await newTenant(w.A.partnerId);
    const held = holdAt(t, 'user.create');
    const create = createUser(tenantId)();
    await held.reached;
    const move = moveTenant(tenantId, w.B.partnerId)();
    await Promise.race([move, sleep(HOLD_MS)]);
    held.release();
    const [created, moved] = await Promise.all([create, move]);
    expect([created.response.status, moved.response.status]).toEqual([201, 200]);
    const userId = (created.data as { id: string }).id;
    const get = (client: CmsClient) => client.GET('/api/v1/users/{id}', { params: { path: { id: userId } } });
    expect((await get(w.B.people.partner_admin.client)).response.status).toBe(200);
    expect((await get(w.A.people.partner_admin.client)).response.status).toBe(404);
    await expectConsistent();
  });

  it.skipIf(skip)('rename || move, in both orders: the move is never undone', async () => {
    const tenantId = await newTenant(w.A.partnerId);
    const name1 = unique('Renamed');
    const [renamed, moved] = await interleave(
      t,
      'organisation.update',
      renameTenant(tenantId, name1),
      moveTenant(tenantId, w.B.partnerId),
    );
    expect([renamed, moved]).toEqual([200, 200]);
    const name2 = unique('Renamed');
    const [movedBack, renamedAgain] = await interleave(
      t,
      'organisation.move',
      moveTenant(tenantId, w.A.partnerId),
      renameTenant(tenantId, name2),
    );
    expect([movedBack, renamedAgain]).toEqual([200, 200]);
    const row = await t.app.db.kysely
      .selectFrom('organisations')
      .selectAll()
      .where('id', '=', tenantId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: name2, parent_id: w.A.partnerId, partner_id: w.A.partnerId });
    expect(await auditCount('tenant.move', tenantId)).toBe(2);
    expect(await auditCount('tenant.update', tenantId)).toBe(2);
    await expectConsistent();
  });

  it.skipIf(skip)('delete || move, in both orders: 404 for the later one, never a 500', async () => {
    const first = await newTenant(w.A.partnerId);
    const [deleted, moved] = await interleave(
      t,
      'organisation.delete',
      deleteTenant(first),
      moveTenant(first, w.B.partnerId),
    );
    expect([deleted, moved]).toEqual([204, 404]);
    expect(await auditCount('tenant.move', first)).toBe(0);
    const second = await newTenant(w.A.partnerId);
    const [movedFirst, deletedAfter] = await interleave(
      t,
      'organisation.move',
      moveTenant(second, w.B.partnerId),
      deleteTenant(second),
    );
    expect([movedFirst, deletedAfter]).toEqual([200, 204]);
    expect(await auditCount('tenant.delete', second)).toBe(1);
    await expectConsistent();
  });

  it.skipIf(skip)('delete || rename: the rename answers 404 and does not reserve the name', async () => {
    const tenantId = await newTenant(w.A.partnerId);
    const name = unique('Wanted name');
    const [deleted, renamed] = await interleave(
      t,
      'organisation.delete',
      deleteTenant(tenantId),
      renameTenant(tenantId, name),
    );
    expect([deleted, renamed]).toEqual([204, 404]);
    expect(await auditCount('tenant.update', tenantId)).toBe(0);
    const reuse = await admin().POST('/api/v1/tenants', {
      body: { name, partnerId: w.A.partnerId, administrators: [person()] },
    });
    expect(reuse.response.status).toBe(201);
    await expectConsistent();
  });

  it.skipIf(skip)('rename || rename of two siblings to one name: 200 and 409', async () => {
    const x = await newTenant(w.A.partnerId);
    const y = await newTenant(w.A.partnerId);
    const name = unique('Same name');
    const [first, second] = await interleave(
      t,
      'organisation.update',
      renameTenant(x, name),
      renameTenant(y, name),
    );
    expect([first, second].sort()).toEqual([200, 409]);
    const named = await t.app.db.kysely
      .selectFrom('organisations')
      .select('id')
      .where('name', '=', name)
      .execute();
    expect(named).toHaveLength(1);
    expect((await auditCount('tenant.update', x)) + (await auditCount('tenant.update', y))).toBe(1);
  });

  it.skipIf(skip)('delete || delete: 204 then 404, audited once', async () => {
    const tenantId = await newTenant();
    const [first, second] = await interleave(
      t,
      'organisation.delete',
      deleteTenant(tenantId),
      deleteTenant(tenantId),
    );
    expect([first, second]).toEqual([204, 404]);
    expect(await auditCount('tenant.delete', tenantId)).toBe(1);
  });

  /** Every live subscription of the tenant is seen by `owner`'s distributor and not by the other's. */
  async function expectUnder(tenantId: string, owner: 'A' | 'B') {
    const other = owner === 'A' ? 'B' : 'A';
    const subs = await liveSubscriptionsOf(tenantId);
    expect(subs.length).toBeGreaterThan(0);
    for (const sub of subs) {
      expect(sub.distributor_id).toBe(w[owner].distributorId);
      const get = (client: CmsClient) =>
        client.GET('/api/v1/subscriptions/{id}', { params: { path: { id: sub.id } } });
      expect((await get(w[owner].people.distributor_admin.client)).response.status).toBe(200);
      expect((await get(w[other].people.distributor_admin.client)).response.status).toBe(404);
    }
  }

  it.skipIf(skip)('create subscription || move its partner: the new row follows the move', async () => {
    const partnerId = ok(
      await admin().POST('/api/v1/partners', {
        body: { name: unique('Partner'), distributorId: w.A.distributorId, administrators: [person()] },
      }),
    ).id;
    const tenantId = await newTenant(partnerId);
    const movePartner = (distributorId: string) => () =>
      admin().POST('/api/v1/partners/{id}/move', {
        params: { path: { id: partnerId } },
        body: { distributorId },
      });
    const [created, moved] = await interleave(
      t,
      'subscription.create',
      createSubscription(tenantId),
      movePartner(w.B.distributorId),
    );
    expect([created, moved]).toEqual([201, 200]);
    await expectConsistent();
    await expectUnder(tenantId, 'B');
    const [movedBack, createdAfter] = await interleave(
      t,
      'organisation.move',
      movePartner(w.A.distributorId),
      createSubscription(tenantId),
    );
    expect([movedBack, createdAfter]).toEqual([200, 201]);
    await expectUnder(tenantId, 'A');
    // Each move appended the partner's and its tenant's chain change.
    const history = await t.app.db.kysely
      .selectFrom('organisation_chain_history')
      .selectAll()
      .where('org_id', 'in', [partnerId, tenantId])
      .execute();
    expect(history).toHaveLength(4);
    for (const h of history) expect(h.id).toMatch(/^chg_[0-9a-hjkmnp-tv-z]{26}$/);
    expect(
      history
        .filter((h) => h.org_id === tenantId)
        .map((h) => h.new_distributor_id)
        .sort(),
    ).toEqual([w.A.distributorId, w.B.distributorId].sort());
    expect(await auditCount('partner.move', partnerId)).toBe(2);
    await expectConsistent();
  });

  it.skipIf(skip)(
    'ten clients, each moving its own tenant back and forth and creating users in it: no 5xx',
    async () => {
      const tenants = await Promise.all(Array.from({ length: 10 }, () => newTenant(w.A.partnerId)));
      const statuses: number[] = [];
      await Promise.all(
        tenants.map(async (tenantId, client) => {
          for (let round = 0; round < 4; round++) {
            const to = (round + client) % 2 === 0 ? w.B.partnerId : w.A.partnerId;
            const results = await Promise.all([
              moveTenant(tenantId, to)(),
              createUser(tenantId)(),
              createSubscription(tenantId)(),
            ]);
            statuses.push(...results.map((r) => r.response.status));
          }
        }),
      );
      expect(statuses.filter((s) => s >= 300)).toEqual([]);
      for (const [client, tenantId] of tenants.entries()) {
        const owner = (3 + client) % 2 === 0 ? 'B' : 'A';
        for (const sub of await liveSubscriptionsOf(tenantId)) await expectVisibleOnlyTo(sub.id, owner);
      }
      await expectConsistent();
    },
  );
});

/**
 * The transaction helper against real deadlocks: two transactions lock two rows in opposite
 * orders (each waits for the other to hold its first row), so the engine must abort one.
 * SQLite has no row locks and its writers are serialised, so it cannot deadlock this way.
 */
describe.each(ALL_ENGINES.filter((e) => e !== 'sqlite'))('transaction helper [%s]', (engine) => {
  const skip = !availableEngines().includes(engine);
  let db: TestDatabase;
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    if (skip) return;
    db = await createTestDatabase(engine);
    t = await startTestApp(db.url);
    w = await buildWorld(t);
  });
  afterAll(async () => {
    if (skip) return;
    await t.close();
    await db.drop();
  });

  it.skipIf(skip)('retries the deadlock victim, so both transactions complete', async () => {
    const rows = [w.A.distributorId, w.B.distributorId];
    let firstLocks = 0;
    let bothHoldOne!: () => void;
    const barrier = new Promise<void>((resolve) => {
      bothHoldOne = resolve;
    });
    const attempts = [0, 0];
    const lockBoth = (which: 0 | 1) =>
      transaction(t.app.db, async (trx) => {
        attempts[which] = (attempts[which] ?? 0) + 1;
        const lock = (id: string) =>
          trx.selectFrom('organisations').select('id').where('id', '=', id).$call(forUpdate(trx)).execute();
        await lock(rows[which]!);
        if (attempts[which] === 1) {
          firstLocks += 1;
          if (firstLocks === 2) bothHoldOne();
          await barrier;
        }
        await lock(rows[1 - which]!);
        await trx
          .updateTable('organisations')
          .set({ updated_at: new Date().toISOString() })
          .where('id', 'in', rows)
          .execute();
        return which;
      });
    expect(await Promise.all([lockBoth(0), lockBoth(1)])).toEqual([0, 1]);
    // One of them was chosen as the victim and ran a second time.
    expect(attempts.sort()).toEqual([1, 2]);
  });

  it.skipIf(skip)(
    'answers 503 busy with Retry-After when the retries run out, and leaves nothing half-written',
    async () => {
      const tenantId = ok(
        await w.platformAdmin.client.POST('/api/v1/tenants', {
          body: {
            name: 'Deadlocked tenant',
            partnerId: w.A.partnerId,
            administrators: [{ firstName: 'Dead', lastName: 'Lock', email: 'dead.lock@concurrency.test' }],
          },
        }),
      ).id;
      const subscriptionId = ok(
        await w.platformAdmin.client.POST('/api/v1/subscriptions', { body: { tenantId, name: 'Blocking' } }),
      ).id;
      // A second, raw connection holds the subscription. The released move then waits for it, and
      // only then does the raw connection ask for the tenant the move has locked: a deadlock in
      // which the move must be the victim. PostgreSQL aborts the session whose deadlock_timeout
      // runs out first, the one that started waiting first: the move (no superuser setting
      // needed, so this runs as CI's unprivileged account). InnoDB aborts the transaction that
      // changed fewer rows: the move again, since the raw one has rewritten the audit log.
      const raw = await rawConnection(engine as 'mysql' | 'postgres', db.url);
      t.app.db.transactionAttempts = 1;
      try {
        if (engine === 'mysql') await raw.query('SET SESSION innodb_lock_wait_timeout = 60');
        await raw.query('BEGIN');
        await raw.query("UPDATE audit_events SET user_agent = 'deadlock test'");
        await raw.query(`SELECT id FROM subscriptions WHERE id = '${subscriptionId}' FOR UPDATE`);
        const held = holdAt(t, 'organisation.move');
        const move = w.platformAdmin.client.POST('/api/v1/tenants/{id}/move', {
          params: { path: { id: tenantId } },
          body: { partnerId: w.B.partnerId },
        });
        await held.reached;
        held.release();
        await sleep(200);
        const rawWaits = raw.query(`SELECT id FROM organisations WHERE id = '${tenantId}' FOR UPDATE`);
        const result = await move;
        await rawWaits;
        await raw.query('ROLLBACK');
        expect(result.response.status).toBe(503);
        expect(result.response.headers.get('retry-after')).toBe('1');
        expect(result.response.headers.get('content-type')).toContain('application/problem+json');
        expect(result.error).toMatchObject({ status: 503, code: 'busy' });
      } finally {
        t.app.db.transactionAttempts = 5;
        await raw.end();
      }
      const tenant = await t.app.db.kysely
        .selectFrom('organisations')
        .selectAll()
        .where('id', '=', tenantId)
        .executeTakeFirstOrThrow();
      expect(tenant.partner_id).toBe(w.A.partnerId);
      const history = await t.app.db.kysely
        .selectFrom('organisation_chain_history')
        .select('id')
        .where('org_id', '=', tenantId)
        .execute();
      expect(history).toEqual([]);
      // With the normal budget the same move goes through, and is recorded in the chain history.
      ok(
        await w.platformAdmin.client.POST('/api/v1/tenants/{id}/move', {
          params: { path: { id: tenantId } },
          body: { partnerId: w.B.partnerId },
        }),
      );
      const after = await t.app.db.kysely
        .selectFrom('organisation_chain_history')
        .selectAll()
        .where('org_id', '=', tenantId)
        .execute();
      expect(after).toMatchObject([
        {
          id: expect.stringMatching(/^chg_[0-9a-hjkmnp-tv-z]{26}$/),
          old_distributor_id: w.A.distributorId,
          old_partner_id: w.A.partnerId,
          new_distributor_id: w.B.distributorId,
          new_partner_id: w.B.partnerId,
          new_tenant_id: tenantId,
        },
      ]);
    },
  );
});

/**
 * SQLite has no row locks; a second connection (another process, the CLI) that commits between a
 * transaction's first read and its first write makes that write fail at once with
 * SQLITE_BUSY_SNAPSHOT (the busy timeout does not wait it out). The helper runs the work again.
 */
describe('transaction helper [sqlite]', () => {
  const skip = !availableEngines().includes('sqlite');
  let db: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    if (skip) return;
    db = await createTestDatabase('sqlite');
    t = await startTestApp(db.url);
  });
  afterAll(async () => {
    if (skip) return;
    await t.close();
    await db.drop();
  });

  it.skipIf(skip)('retries a write refused because another connection committed first', async () => {
    const other = new SqliteDatabase(db.url.slice('sqlite:'.length));
    let attempts = 0;
    try {
      const updated = await transaction(t.app.db, async (trx) => {
        attempts += 1;
        await trx.selectFrom('organisations').select('id').where('id', '=', PLATFORM_ORG_ID).execute();
        if (attempts === 1) {
          other
            .prepare('UPDATE organisations SET updated_at = ? WHERE id = ?')
            .run('2001-01-01T00:00:00.000Z', PLATFORM_ORG_ID);
        }
        const result = await trx
          .updateTable('organisations')
          .set({ name: 'Platform (renamed)' })
          .where('id', '=', PLATFORM_ORG_ID)
          .executeTakeFirst();
        return Number(result.numUpdatedRows);
      });
      expect(updated).toBe(1);
      expect(attempts).toBe(2);
      t.app.db.transactionAttempts = 1;
      attempts = 0;
      const refused = transaction(t.app.db, async (trx) => {
        attempts += 1;
        await trx.selectFrom('organisations').select('id').where('id', '=', PLATFORM_ORG_ID).execute();
        other
          .prepare('UPDATE organisations SET updated_at = ? WHERE id = ?')
          .run('2002-01-01T00:00:00.000Z', PLATFORM_ORG_ID);
        await trx
          .updateTable('organisations')
          .set({ name: 'Never' })
          .where('id', '=', PLATFORM_ORG_ID)
          .execute();
      });
      await expect(refused).rejects.toMatchObject({ code: 'busy', status: 503, retryAfterSeconds: 1 });
      expect(attempts).toBe(1);
    } finally {
      t.app.db.transactionAttempts = 5;
      other.close();
    }
    const platform = await t.app.db.kysely
      .selectFrom('organisations')
      .select(['name', 'updated_at'])
      .where('id', '=', PLATFORM_ORG_ID)
      .executeTakeFirstOrThrow();
    expect(platform).toEqual({ name: 'Platform (renamed)', updated_at: '2002-01-01T00:00:00.000Z' });
  });
});

interface RawConnection {
  query(text: string): Promise<unknown>;
  end(): Promise<void>;
}

async function rawConnection(engine: 'mysql' | 'postgres', url: string): Promise<RawConnection> {
  if (engine === 'mysql') {
    const conn = await createConnection(url);
    return { query: (text) => conn.query(text), end: () => conn.end() };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return { query: (text) => client.query(text), end: () => client.end() };
}
