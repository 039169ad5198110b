import { randomBytes } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import fc from 'fast-check';
import { CompiledQuery, sql } from 'kysely';
import { Counter } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '../src/context.ts';
import { ChangeClock, ReadRecorder, tablesWrittenBy } from '../src/db/change-clock.ts';
import { type Db, openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { ResponseCache } from '../src/http/response-cache.ts';
import { contextFor, ok, startTestApp, type TestApp } from './support/app.ts';
import { availableEngines, createTestDatabase, type TestDatabase } from './support/engines.ts';
import { buildWorld, type World } from './support/world.ts';

/**
 * The response cache may only ever answer what the handler would answer now: every write,
 * through the API or by another connection, shows at once, and no caller sees another's entry.
 */

describe('which tables a statement writes', () => {
  it.each([
    ['insert into "organisations" ("id") values (?)', 'organisations'],
    ['insert or ignore into "rate_limits" ("k") values (?)', 'rate_limits'],
    ['update "users" set "name" = ? where "id" = ?', 'users'],
    ['  UPDATE "sessions" set "seen" = ?', 'sessions'],
    ['insert into "t" ("a") values (?) on conflict ("a") do update set "a" = ?', 't'],
  ])('%s writes one table', (statement, table) => {
    expect(tablesWrittenBy(statement)).toBe(table);
  });

  it.each([
    'select * from "organisations"',
    'begin',
    'commit',
    'rollback',
    'savepoint "sp"',
    'release "sp"',
    'with "x" as (select 1) select * from "x"',
  ])('%s writes nothing', (statement) => {
    expect(tablesWrittenBy(statement)).toBeUndefined();
  });

  it.each([
    'delete from "sessions" where "id" = ?',
    'create table "x" ("a" text)',
    'drop index "i"',
    'replace into "t" values (1)',
    'with "x" as (select 1) insert into "t" select * from "x"',
    'pragma foreign_keys = on',
  ])('%s may write any table', (statement) => {
    expect(tablesWrittenBy(statement)).toBe('all');
  });
});

describe('the change clock', () => {
  let externalVersion = 1;
  const clock = new ChangeClock(() => externalVersion);

  it('tells a result current until a table it read is written', () => {
    const stamp = clock.now();
    expect(clock.unchangedSince(stamp, new Set(['organisations']))).toBe(true);
    clock.wrote('sessions');
    expect(clock.unchangedSince(stamp, new Set(['organisations']))).toBe(true);
    expect(clock.unchangedSince(stamp, new Set(['organisations', 'sessions']))).toBe(false);
    expect(clock.unchangedSince(stamp, 'all')).toBe(false);
  });

  it('counts a write of unknown extent, or by another connection, as a write to every table', () => {
    let stamp = clock.now();
    clock.wrote('all');
    expect(clock.unchangedSince(stamp, new Set(['organisations']))).toBe(false);
    stamp = clock.now();
    externalVersion += 1;
    expect(clock.unchangedSince(stamp, new Set(['organisations']))).toBe(false);
    expect(clock.unchangedSince(clock.now(), new Set(['organisations']))).toBe(true);
  });
});

describe('recording the tables a computation reads', () => {
  let testDb: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    testDb = await createTestDatabase('sqlite');
    db = openDatabase(testDb.url);
    await migrateToLatest(db, randomBytes(32));
  });
  afterAll(async () => {
    await db.destroy();
    await testDb.drop();
  });

  it('names the tables of joins and subqueries, not those of values or sort expressions', async () => {
    const recorder = new ReadRecorder();
    const k = db.kysely.withPlugin(recorder);
    await k
      .selectFrom('users')
      .innerJoin('organisations', 'organisations.id', 'users.org_id')
      .select('users.id')
      .where('users.id', 'in', (eb) => eb.selectFrom('sessions').select('sessions.user_id'))
      .where('users.email', '=', 'from sessions join api_tokens')
      .orderBy(sql.ref('users.email'))
      .execute();
    expect(recorder.tables).toEqual(new Set(['users', 'organisations', 'sessions']));
  });

  it('gives up on raw SQL that names tables and on queries compiled elsewhere', async () => {
    const raw = new ReadRecorder();
    await sql`select count(*) from users`.execute(db.kysely.withPlugin(raw));
    expect(raw.tables).toBe('all');

    const precompiled = new ReadRecorder();
    await db.kysely.withPlugin(precompiled).executeQuery(CompiledQuery.raw('select 1 as one', []));
    expect(precompiled.tables).toBe('all');
  });
});

describe('the response cache on the embedded database', () => {
  let testDb: TestDatabase;
  let t: TestApp;
  let w: World;
  const lookups = async () => {
    const values = (await t.app.metrics.responseCacheLookups.get()).values;
    const of = (result: string) => values.find((v) => v.labels.result === result)?.value ?? 0;
    return { hit: of('hit'), miss: of('miss'), stale: of('stale') };
  };
  const tenantNames = async (token: string, url = '/api/v1/tenants?limit=200') => {
    const response = await t.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(200);
    return (response.json().items as { name: string }[]).map((item) => item.name).sort();
  };

  beforeAll(async () => {
    testDb = await createTestDatabase('sqlite');
    t = await startTestApp(testDb.url);
    w = await buildWorld(t);
  });
  afterAll(async () => {
    await t.close();
    await testDb.drop();
  });

  it('answers a repeated list from the cache, byte for byte, and a write to another table keeps it', async () => {
    const request = {
      method: 'GET' as const,
      url: '/api/v1/tenants?limit=10&sort=-name',
      headers: { authorization: `Bearer ${w.A.people.distributor_admin.token}` },
    };
    const first = await t.inject(request);
    const before = await lookups();
    const second = await t.inject(request);
    expect(second.body).toBe(first.body);
    expect(second.headers['content-type']).toBe(first.headers['content-type']);
    expect((await lookups()).hit).toBe(before.hit + 1);

    // A new API token writes api_tokens and the audit log, neither of which the list reads.
    ok(await w.A.people.distributor_admin.client.POST('/api/v1/api-tokens', { body: { name: 'unrelated' } }));
    expect((await t.inject(request)).body).toBe(first.body);
    expect((await lookups()).hit).toBe(before.hit + 2);
  });

  it('shows every change made through the API at once', async () => {
    const partnerAdmin = w.A.people.partner_admin;
    const names = () => tenantNames(partnerAdmin.token);
    const initial = await names();
    await names();

    const created = ok(
      await partnerAdmin.client.POST('/api/v1/tenants', {
        body: {
          name: 'Cache Fresh Tenant',
          partnerId: w.A.partnerId,
          administrators: [{ firstName: 'Cache', lastName: 'Fresh', email: 'cache.fresh@cache.test' }],
        },
      }),
    );
    expect(await names()).toEqual([...initial, 'Cache Fresh Tenant'].sort());

    ok(
      await partnerAdmin.client.PATCH('/api/v1/tenants/{id}', {
        params: { path: { id: created.id } },
        body: { name: 'Cache Renamed Tenant' },
      }),
    );
    expect(await names()).toEqual([...initial, 'Cache Renamed Tenant'].sort());

    // Moved to the other branch: gone from this partner's list, there in the new one's.
    const otherPartner = w.B.people.partner_admin;
    const otherBefore = await tenantNames(otherPartner.token);
    ok(
      await w.platformAdmin.client.POST('/api/v1/tenants/{id}/move', {
        params: { path: { id: created.id } },
        body: { partnerId: w.B.partnerId },
      }),
    );
    expect(await names()).toEqual(initial);
    expect(await tenantNames(otherPartner.token)).toEqual([...otherBefore, 'Cache Renamed Tenant'].sort());

    ok(await w.platformAdmin.client.DELETE('/api/v1/tenants/{id}', { params: { path: { id: created.id } } }));
    expect(await tenantNames(otherPartner.token)).toEqual(otherBefore);
  });

  it('shows a change committed by another connection (the CLI, a second process) at once', async () => {
    const token = w.A.people.distributor_admin.token;
    const before = await tenantNames(token);
    await tenantNames(token);
    const other = new SqliteDatabase(testDb.url.slice('sqlite:'.length));
    try {
      other.prepare('update organisations set name = ? where id = ?').run('Renamed Elsewhere', w.A.tenantId);
    } finally {
      other.close();
    }
    const after = await tenantNames(token);
    expect(after).toContain('Renamed Elsewhere');
    expect(after).toHaveLength(before.length);
  });

  it('never hands one caller’s entry to another, and still refuses a caller who lost access', async () => {
    const url = '/api/v1/subscriptions?limit=50';
    const ids = async (token: string) => {
      const response = await t.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
      return {
        status: response.statusCode,
        ids: (response.json().items ?? []).map((s: { id: string }) => s.id),
      };
    };
    const a = w.A.people.tenant_admin;
    expect(await ids(a.token)).toEqual({ status: 200, ids: [w.A.subscriptionId] });
    expect(await ids(w.B.people.tenant_admin.token)).toEqual({ status: 200, ids: [w.B.subscriptionId] });
    expect(await ids(a.token)).toEqual({ status: 200, ids: [w.A.subscriptionId] });

    ok(
      await w.A.people.partner_admin.client.PATCH('/api/v1/users/{id}', {
        params: { path: { id: a.userId } },
        body: { disabled: true },
      }),
    );
    expect((await ids(a.token)).status).toBe(401);
  });

  it('stays within its memory budget, dropping the least recently used answers first', async () => {
    const lookups = new Counter({
      name: 'budget_test_lookups',
      help: 'test',
      labelNames: ['result'],
      registers: [],
    });
    // Room for three answers of 100 characters.
    const cache = new ResponseCache(t.app.db.changes!, 350, lookups);
    const ctx = await contextFor(t.app, w.A.people.distributor_admin.userId);
    const actorCtx = { ...ctx, actor: ctx.actor! };
    const computed: string[] = [];
    const answer = (url: string) =>
      cache.answer(actorCtx, url, async () => {
        computed.push(url);
        return url.padEnd(100, '.');
      });
    for (const url of ['/a', '/b', '/c', '/a', '/d']) await answer(url);
    // '/a' was used again before '/d' arrived, so '/b' was the least recently used.
    expect(computed).toEqual(['/a', '/b', '/c', '/d']);
    for (const url of ['/a', '/c', '/d', '/b']) await answer(url);
    expect(computed).toEqual(['/a', '/b', '/c', '/d', '/b']);
    // An answer bigger than the whole budget is answered but not kept, and evicts nothing.
    let bigComputed = 0;
    const big = () =>
      cache.answer(actorCtx, '/big', async () => {
        bigComputed += 1;
        return 'x'.repeat(1000);
      });
    expect(await big()).toHaveLength(1000);
    await big();
    expect(bigComputed).toBe(2);
    await answer('/d');
    expect(computed).toHaveLength(5);
  });

  it('keeps an answer computed while a table it read was written only until that write is seen', async () => {
    const cache = t.app.responseCache!;
    const ctx = await contextFor(t.app, w.A.people.distributor_admin.userId);
    const actorCtx = { ...ctx, actor: ctx.actor! };
    let computed = 0;
    const compute = async (recording: RequestContext) => {
      computed += 1;
      const row = await recording.app.db.kysely
        .selectFrom('organisations')
        .select('name')
        .where('id', '=', w.A.distributorId)
        .executeTakeFirstOrThrow();
      // Another request writes the table between this read and the answer being kept.
      await t.app.db.kysely
        .updateTable('organisations')
        .set({ updated_at: new Date().toISOString() })
        .where('id', '=', w.A.distributorId)
        .execute();
      return row.name;
    };
    await cache.answer(actorCtx, '/race', compute);
    await cache.answer(actorCtx, '/race', compute);
    expect(computed).toBe(2);
  });
});

describe('the response cache is off', () => {
  it('when configured off', async () => {
    const testDb = await createTestDatabase('sqlite');
    const t = await startTestApp(testDb.url, { CMS_RESPONSE_CACHE_MB: '0' });
    try {
      expect(t.app.db.changes).toBeDefined();
      expect(t.app.responseCache).toBeUndefined();
    } finally {
      await t.close();
      await testDb.drop();
    }
  });

  // Several connections (and processes) share these databases: no cheap exact clock exists.
  for (const engine of ['mysql', 'postgres'] as const) {
    it.skipIf(!availableEngines().includes(engine))(`on ${engine}`, async () => {
      const testDb = await createTestDatabase(engine);
      const t = await startTestApp(testDb.url);
      try {
        expect(t.app.db.changes).toBeUndefined();
        expect(t.app.responseCache).toBeUndefined();
      } finally {
        await t.close();
        await testDb.drop();
      }
    });
  }
});

/**
 * Model check: random sequences of writes (through the cached app, and through a second app on the
 * same file, which is another connection) interleaved with reads; after every step each caller's
 * answer from the cached app must equal the answer of the app without a cache.
 */
describe('the cached answers always equal the uncached ones', () => {
  let testDb: TestDatabase;
  let cached: TestApp;
  let oracle: TestApp;
  let w: World;
  let names = 0;
  const tenants: string[] = [];
  const subscriptions: string[] = [];

  beforeAll(async () => {
    testDb = await createTestDatabase('sqlite');
    cached = await startTestApp(testDb.url);
    oracle = await startTestApp(testDb.url, { CMS_RESPONSE_CACHE_MB: '0' });
    w = await buildWorld(cached);
    tenants.push(w.A.tenantId, w.B.tenantId);
    subscriptions.push(w.A.subscriptionId, w.B.subscriptionId);
  });
  afterAll(async () => {
    await cached.close();
    await oracle.close();
    await testDb.drop();
  });

  const URLS = [
    '/api/v1/tenants?limit=200',
    '/api/v1/tenants?limit=2&sort=-name',
    '/api/v1/partners?limit=200&includeTotal=true',
    '/api/v1/distributors',
    '/api/v1/subscriptions?limit=200',
  ];

  // Refusals carry the request's own id; everything else must match to the byte.
  const withoutRequestId = (body: string) => body.replace(/"requestId":"[^"]*"/, '');

  async function compareEveryone(step: string) {
    const readers = [
      w.platformAdmin,
      w.A.people.distributor_admin,
      w.A.people.partner_reader,
      w.B.people.partner_admin,
      w.A.people.tenant_admin,
      w.B.people.tenant_reader,
    ];
    for (const reader of readers) {
      for (const url of URLS) {
        const request = { method: 'GET' as const, url, headers: { authorization: `Bearer ${reader.token}` } };
        const [fromCache, truth] = [await cached.inject(request), await oracle.inject(request)];
        expect({ step, url, status: fromCache.statusCode, body: withoutRequestId(fromCache.body) }).toEqual({
          step,
          url,
          status: truth.statusCode,
          body: withoutRequestId(truth.body),
        });
      }
    }
  }

  type Op =
    | { op: 'createTenant'; branch: 'A' | 'B'; via: 'cached' | 'oracle' }
    | { op: 'renameTenant'; pick: number; via: 'cached' | 'oracle' }
    | { op: 'moveTenant'; pick: number; to: 'A' | 'B' | 'spare' }
    | { op: 'deleteTenant'; pick: number }
    | { op: 'createSubscription'; pick: number; via: 'cached' | 'oracle' }
    | { op: 'renameSubscription'; pick: number }
    | { op: 'renamePartner'; branch: 'A' | 'B'; via: 'cached' | 'oracle' }
    | { op: 'unrelatedWrite' };

  const via = fc.constantFrom('cached' as const, 'oracle' as const);
  const pick = fc.nat(1000);
  const branch = fc.constantFrom('A' as const, 'B' as const);
  const operation: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ op: fc.constant('createTenant' as const), branch, via }),
    fc.record({ op: fc.constant('renameTenant' as const), pick, via }),
    fc.record({
      op: fc.constant('moveTenant' as const),
      pick,
      to: fc.constantFrom('A' as const, 'B' as const, 'spare' as const),
    }),
    fc.record({ op: fc.constant('deleteTenant' as const), pick }),
    fc.record({ op: fc.constant('createSubscription' as const), pick, via }),
    fc.record({ op: fc.constant('renameSubscription' as const), pick }),
    fc.record({ op: fc.constant('renamePartner' as const), branch, via }),
    fc.constant({ op: 'unrelatedWrite' as const }),
  );

  async function apply(step: Op): Promise<void> {
    const root = (app: 'cached' | 'oracle') =>
      (app === 'cached' ? cached : oracle).client(w.platformAdmin.token);
    const name = () => `Model ${++names}`;
    const tenant = (n: number) => tenants[n % tenants.length]!;
    switch (step.op) {
      case 'createTenant': {
        const created = ok(
          await root(step.via).POST('/api/v1/tenants', {
            body: {
              name: name(),
              partnerId: w[step.branch].partnerId,
              administrators: [{ firstName: 'Model', lastName: 'Admin', email: `model.${names}@cache.test` }],
            },
          }),
        );
        tenants.push(created.id);
        return;
      }
      case 'renameTenant':
        await root(step.via).PATCH('/api/v1/tenants/{id}', {
          params: { path: { id: tenant(step.pick) } },
          body: { name: name() },
        });
        return;
      case 'moveTenant': {
        const partnerId = step.to === 'spare' ? w.A.sparePartnerId : w[step.to].partnerId;
        await root('cached').POST('/api/v1/tenants/{id}/move', {
          params: { path: { id: tenant(step.pick) } },
          body: { partnerId },
        });
        return;
      }
      case 'deleteTenant':
        // Refused (409) while the tenant has subscriptions: a refusal must change nothing either.
        await root('cached').DELETE('/api/v1/tenants/{id}', { params: { path: { id: tenant(step.pick) } } });
        return;
      case 'createSubscription': {
        const created = await root(step.via).POST('/api/v1/subscriptions', {
          body: { tenantId: tenant(step.pick), name: name() },
        });
        if (created.data) subscriptions.push(created.data.id);
        return;
      }
      case 'renameSubscription':
        await root('cached').PATCH('/api/v1/subscriptions/{id}', {
          params: { path: { id: subscriptions[step.pick % subscriptions.length]! } },
          body: { name: name() },
        });
        return;
      case 'renamePartner':
        await root(step.via).PATCH('/api/v1/partners/{id}', {
          params: { path: { id: w[step.branch].partnerId } },
          body: { name: name() },
        });
        return;
      case 'unrelatedWrite':
        ok(await w.A.people.distributor_admin.client.POST('/api/v1/api-tokens', { body: { name: name() } }));
        return;
    }
  }

  it('over random sequences of writes and reads', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 12 }), async (steps) => {
        await compareEveryone('start');
        for (const [i, step] of steps.entries()) {
          await apply(step);
          await compareEveryone(`${i}: ${JSON.stringify(step)}`);
        }
      }),
      // No shrinking: the database keeps what each run wrote, so only the first failure is telling.
      { numRuns: 8, seed: 20261205, endOnFailure: true },
    );
    // The cache was used, not bypassed: most answers came from it.
    const hits = (await cached.app.metrics.responseCacheLookups.get()).values.find(
      (v) => v.labels.result === 'hit',
    );
    expect(hits?.value ?? 0).toBeGreaterThan(100);
  });
});
