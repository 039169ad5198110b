/**
 * `npm run bench -- concurrent-pairs [--engine=sqlite|mysql|postgres] [--repeat=20]`: the black-box
 * check of issue 9 (§1, "Acceptance") that each pair of writes the issue names, fired at the same
 * moment, ends as if the two had run one after the other. It starts the real server on a fresh
 * database of the chosen engine and, for each pair, --repeat times: sets up fresh rows through the
 * API, fires the two requests together (Promise.all, each over its own warmed-up keep-alive
 * connection, the one written first alternating between repetitions), then checks the answer
 * against the combinations a sequential order gives, and the database and the API against what
 * that order leaves:
 *
 * - no 5xx (a 503 `busy` counts too) and no unanswered request;
 * - the status combination is one that some sequential order produces (e.g. delete || delete:
 *   one 204 and one 404);
 * - the rows end as that order leaves them (a create that won against a delete is refused by the
 *   delete or deleted with it; a create that lost finds nothing; a move and a rename both survive;
 *   a new row carries its tenant's final chain, is seen by the new partner's administrator and
 *   answers 404 to the old one's);
 * - each successful change is audited exactly once, a refused one not at all;
 * - after every repetition, every row's chain in the whole database equals its organisation's,
 *   and no live subscription or user sits under a deleted organisation.
 *
 * The sequential behaviour checked is the API's own (apps/server/test/concurrency.test.ts holds
 * each pair in its worst interleaving in process; this fires them from outside, many times).
 * It prints, per pair, the repetitions, the combinations seen with their counts and PASS or FAIL
 * (with the first problems found), writes bench/results/concurrent-pairs-<engine>-<time>.json,
 * and exits non-zero on any FAIL. Requests go to 127.0.0.1 only; the database is dropped at the
 * end. The options also read BENCH_ENGINE and BENCH_REPEAT from the environment.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type Db, openDatabase } from '../apps/server/src/db/database.ts';
import {
  type Answer,
  type ConnectionClient,
  chainOf,
  connectionClient,
  createBenchDatabase,
  openSeeder,
  RESULTS_DIR,
  readOptions,
  readTree,
  startServerOn,
  stopServer,
  treeFaults,
} from './lib/harness.ts';

const options = readOptions();
const ENGINE = options.engine();
const REPEAT = options.number('repeat', 20);
options.rejectUnknown();

/** Clients of the last pair, each moving its own tenant and creating users in it. */
const TEN_CLIENTS = 10;
const REQUEST_TIMEOUT_MS = 30_000;
/** At most this many problems are kept per pair (the first ones say what went wrong). */
const MAX_PROBLEMS = 10;

type Request = [method: string, path: string, body?: unknown];

interface Outcome {
  /** The status combination(s) of this repetition, e.g. "delete 204 + create 404". */
  combos: string[];
  /** What does not match a sequential order; empty when the repetition passed. */
  problems: string[];
}

interface Pair {
  name: string;
  /** The combinations a sequential order gives (the others fail the repetition). */
  allowed: string[];
  run(rep: number): Promise<Outcome>;
}

/** Everything a pair needs: the server, the seeded partners, read access to the database. */
interface Bench {
  baseUrl: string;
  distributorToken: string;
  partners: { A: { id: string; token: string }; B: { id: string; token: string } };
  db: Db;
}

let seq = 0;
const unique = (label: string) => {
  seq += 1;
  return `${label} ${seq}`;
};
const person = () => {
  seq += 1;
  return { firstName: 'Pair', lastName: `Client${seq}`, email: `pair.${seq}@pairs.bench.test` };
};

function pairs(bench: Bench): Pair[] {
  const { A, B } = bench.partners;

  /** A sequential request for setting up or checking (never one of the pair). */
  async function call(method: string, path: string, body?: unknown, token = bench.distributorToken) {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${bench.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    return {
      status: response.status,
      json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
    };
  }

  async function newTenant(partnerId: string, name = unique('Pair tenant')): Promise<string> {
    const { status, json } = await call('POST', '/api/v1/tenants', {
      name,
      partnerId,
      administrators: [person()],
    });
    if (status !== 201) throw new Error(`Setting up a tenant answered ${status}: ${JSON.stringify(json)}`);
    return String(json!.id);
  }

  /**
   * Fires the requests of each client at once, each over its own keep-alive connection (warmed
   * up first, so none of them waits for a handshake); the one written first alternates with `rep`.
   */
  async function fire(
    sides: { client: ConnectionClient; request: Request }[],
    rep: number,
  ): Promise<Answer[]> {
    await Promise.all(sides.map(({ client }) => client.send('GET', '/healthz')));
    const order = rep % 2 === 0 ? sides : [...sides].reverse();
    const answers = new Map<ConnectionClient, Promise<Answer>>();
    for (const { client, request } of order) answers.set(client, client.send(...request));
    const results = await Promise.all(sides.map(({ client }) => answers.get(client)!));
    const ports = new Set(results.map((r) => r.localPort));
    if (results.every((r) => r.localPort !== undefined) && ports.size !== results.length) {
      throw new Error('Two requests of a pair went over one connection');
    }
    return results;
  }

  const clientPair = () => [
    connectionClient(bench.baseUrl, bench.distributorToken, REQUEST_TIMEOUT_MS),
    connectionClient(bench.baseUrl, bench.distributorToken, REQUEST_TIMEOUT_MS),
  ];

  async function auditCount(action: string, targetId: string): Promise<number> {
    const rows = await bench.db.kysely
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', action)
      .where('target_id', '=', targetId)
      .execute();
    return rows.length;
  }

  const organisation = (id: string) =>
    bench.db.kysely.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  /** A collector of problems for one repetition, `check(condition, what went wrong)`. */
  function checker() {
    const problems: string[] = [];
    return {
      problems,
      check(condition: boolean, problem: string) {
        if (!condition) problems.push(problem);
      },
      async audited(action: string, targetId: string, expected: number) {
        const n = await auditCount(action, targetId);
        if (n !== expected)
          problems.push(`${action} of ${targetId} audited ${n} times, expected ${expected}`);
      },
      /** The row answers 200 to `owner`'s partner administrator and 404 to the other's. */
      async visibleOnlyTo(collection: 'subscriptions' | 'users', id: string, owner: 'A' | 'B') {
        const other = owner === 'A' ? 'B' : 'A';
        const seen = (
          await call('GET', `/api/v1/${collection}/${id}`, undefined, bench.partners[owner].token)
        ).status;
        const hidden = (
          await call('GET', `/api/v1/${collection}/${id}`, undefined, bench.partners[other].token)
        ).status;
        if (seen !== 200) problems.push(`${collection} ${id}: its partner ${owner} got ${seen}, not 200`);
        if (hidden !== 404)
          problems.push(`${collection} ${id}: the other partner ${other} got ${hidden}, not 404`);
      },
    };
  }

  /** Both the old and the new partner in turn: even repetitions move A → B, odd ones B → A. */
  const direction = (rep: number) =>
    rep % 2 === 0 ? ({ from: A, to: B, owner: 'B' } as const) : ({ from: B, to: A, owner: 'A' } as const);

  /** move || create subscription or user: the new row takes the tenant's final chain. */
  const moveAndCreate = (what: 'subscription' | 'user'): Pair => ({
    name: `move || create ${what}`,
    allowed: ['move 200 + create 201'],
    async run(rep) {
      const { from, to, owner } = direction(rep);
      const tenantId = await newTenant(from.id);
      const [mover, creator] = clientPair();
      const create: Request =
        what === 'subscription'
          ? ['POST', '/api/v1/subscriptions', { tenantId, name: unique('Pair subscription') }]
          : ['POST', '/api/v1/users', { ...person(), orgId: tenantId, role: 'reader' }];
      const [moved, created] = await fire(
        [
          { client: mover!, request: ['POST', `/api/v1/tenants/${tenantId}/move`, { partnerId: to.id }] },
          { client: creator!, request: create },
        ],
        rep,
      );
      mover!.close();
      creator!.close();
      const c = checker();
      if (moved!.status === 200 && created!.status === 201) {
        const id = String(created!.json!.id);
        const tree = await readTree(bench.db);
        const tenant = tree.orgById.get(tenantId)!;
        c.check(tenant.parent_id === to.id, `the tenant ended under ${tenant.parent_id}, not ${to.id}`);
        const row =
          what === 'subscription'
            ? tree.subscriptions.find((s) => s.id === id)
            : tree.users.find((u) => u.id === id);
        const rowChain = row ? `${row.distributor_id}/${row.partner_id}/${row.tenant_id}` : 'missing';
        c.check(
          rowChain === chainOf(tree, tenantId),
          `the new ${what} has chain ${rowChain}, its tenant ${chainOf(tree, tenantId)}`,
        );
        await c.visibleOnlyTo(what === 'subscription' ? 'subscriptions' : 'users', id, owner);
        await c.audited('tenant.move', tenantId, 1);
        await c.audited(`${what}.create`, id, 1);
      }
      return { combos: [`move ${moved!.status} + create ${created!.status}`], problems: c.problems };
    },
  });

  return [
    {
      name: 'delete tenant || create subscription',
      // The create first: the tenant has a subscription, so its delete is refused (409).
      allowed: ['delete 204 + create 404', 'delete 409 + create 201'],
      async run(rep) {
        const tenantId = await newTenant(A.id);
        const [deleter, creator] = clientPair();
        const [deleted, created] = await fire(
          [
            { client: deleter!, request: ['DELETE', `/api/v1/tenants/${tenantId}`] },
            {
              client: creator!,
              request: ['POST', '/api/v1/subscriptions', { tenantId, name: unique('Pair subscription') }],
            },
          ],
          rep,
        );
        deleter!.close();
        creator!.close();
        const c = checker();
        const tenant = await organisation(tenantId);
        const subscriptions = await bench.db.kysely
          .selectFrom('subscriptions')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .execute();
        if (deleted!.status === 204 && created!.status === 404) {
          c.check(tenant.deleted_at !== null, 'the tenant is not deleted');
          c.check(subscriptions.length === 0, `${subscriptions.length} subscriptions were written`);
          await c.audited('tenant.delete', tenantId, 1);
        } else if (deleted!.status === 409 && created!.status === 201) {
          const id = String(created!.json!.id);
          c.check(tenant.deleted_at === null, 'the tenant was deleted although the delete answered 409');
          c.check(
            subscriptions.length === 1 &&
              subscriptions[0]!.id === id &&
              subscriptions[0]!.deleted_at === null,
            `the tenant has ${subscriptions.length} subscriptions, expected the new one, live`,
          );
          await c.audited('tenant.delete', tenantId, 0);
          await c.audited('subscription.create', id, 1);
        }
        return { combos: [`delete ${deleted!.status} + create ${created!.status}`], problems: c.problems };
      },
    },
    {
      name: 'delete tenant || create user',
      // The create first: deleting a tenant deletes its users, the new one with them.
      allowed: ['delete 204 + create 404', 'delete 204 + create 201'],
      async run(rep) {
        const tenantId = await newTenant(A.id);
        const [deleter, creator] = clientPair();
        const [deleted, created] = await fire(
          [
            { client: deleter!, request: ['DELETE', `/api/v1/tenants/${tenantId}`] },
            {
              client: creator!,
              request: ['POST', '/api/v1/users', { ...person(), orgId: tenantId, role: 'reader' }],
            },
          ],
          rep,
        );
        deleter!.close();
        creator!.close();
        const c = checker();
        const tenant = await organisation(tenantId);
        // The tenant's users, deleted or not (a deleted user's address is anonymised): its
        // administrator, and the new user if the create won.
        const users = await bench.db.kysely
          .selectFrom('users')
          .select(['id', 'deleted_at'])
          .where('org_id', '=', tenantId)
          .execute();
        const live = users.filter((u) => u.deleted_at === null);
        c.check(tenant.deleted_at !== null, 'the tenant is not deleted');
        c.check(live.length === 0, `${live.length} live users under the deleted tenant`);
        await c.audited('tenant.delete', tenantId, deleted!.status === 204 ? 1 : 0);
        if (created!.status === 404) {
          c.check(
            users.length === 1,
            `the tenant has ${users.length} users, expected only its administrator`,
          );
        } else if (created!.status === 201) {
          const id = String(created!.json!.id);
          c.check(
            users.length === 2 && users.some((u) => u.id === id),
            `the tenant has ${users.length} users, expected its administrator and the new user`,
          );
          c.check(
            (await call('GET', `/api/v1/users/${id}`)).status === 404,
            'the user of the deleted tenant is still served',
          );
          await c.audited('user.create', id, 1);
          await c.audited('user.delete', id, 1);
        }
        return { combos: [`delete ${deleted!.status} + create ${created!.status}`], problems: c.problems };
      },
    },
    moveAndCreate('subscription'),
    moveAndCreate('user'),
    {
      name: 'move || rename',
      allowed: ['move 200 + rename 200'],
      async run(rep) {
        const { from, to } = direction(rep);
        const tenantId = await newTenant(from.id);
        const name = unique('Pair renamed');
        const [mover, renamer] = clientPair();
        const [moved, renamed] = await fire(
          [
            { client: mover!, request: ['POST', `/api/v1/tenants/${tenantId}/move`, { partnerId: to.id }] },
            { client: renamer!, request: ['PATCH', `/api/v1/tenants/${tenantId}`, { name }] },
          ],
          rep,
        );
        mover!.close();
        renamer!.close();
        const c = checker();
        if (moved!.status === 200 && renamed!.status === 200) {
          const tenant = await organisation(tenantId);
          c.check(tenant.parent_id === to.id && tenant.partner_id === to.id, 'the move was undone');
          c.check(tenant.name === name, `the rename was undone (name "${tenant.name}")`);
          await c.audited('tenant.move', tenantId, 1);
          await c.audited('tenant.update', tenantId, 1);
        }
        return { combos: [`move ${moved!.status} + rename ${renamed!.status}`], problems: c.problems };
      },
    },
    {
      name: 'delete || move',
      allowed: ['delete 204 + move 404', 'delete 204 + move 200'],
      async run(rep) {
        const { from, to } = direction(rep);
        const tenantId = await newTenant(from.id);
        const [deleter, mover] = clientPair();
        const [deleted, moved] = await fire(
          [
            { client: deleter!, request: ['DELETE', `/api/v1/tenants/${tenantId}`] },
            { client: mover!, request: ['POST', `/api/v1/tenants/${tenantId}/move`, { partnerId: to.id }] },
          ],
          rep,
        );
        deleter!.close();
        mover!.close();
        const c = checker();
        const tenant = await organisation(tenantId);
        c.check(tenant.deleted_at !== null, 'the tenant is not deleted');
        await c.audited('tenant.delete', tenantId, deleted!.status === 204 ? 1 : 0);
        await c.audited('tenant.move', tenantId, moved!.status === 200 ? 1 : 0);
        const expectedParent = moved!.status === 200 ? to.id : from.id;
        c.check(tenant.parent_id === expectedParent, `the deleted tenant sits under ${tenant.parent_id}`);
        return { combos: [`delete ${deleted!.status} + move ${moved!.status}`], problems: c.problems };
      },
    },
    {
      name: 'delete || rename',
      allowed: ['delete 204 + rename 404', 'delete 204 + rename 200'],
      async run(rep) {
        const tenantId = await newTenant(A.id);
        const name = unique('Pair wanted');
        const [deleter, renamer] = clientPair();
        const [deleted, renamed] = await fire(
          [
            { client: deleter!, request: ['DELETE', `/api/v1/tenants/${tenantId}`] },
            { client: renamer!, request: ['PATCH', `/api/v1/tenants/${tenantId}`, { name }] },
          ],
          rep,
        );
        deleter!.close();
        renamer!.close();
        const c = checker();
        const tenant = await organisation(tenantId);
        c.check(tenant.deleted_at !== null, 'the tenant is not deleted');
        c.check(tenant.name_key === null, 'the deleted tenant still holds its name');
        await c.audited('tenant.delete', tenantId, deleted!.status === 204 ? 1 : 0);
        await c.audited('tenant.update', tenantId, renamed!.status === 200 ? 1 : 0);
        // Either way the name is free again: nothing reserves it for a deleted tenant.
        const reuse = await call('POST', '/api/v1/tenants', {
          name,
          partnerId: A.id,
          administrators: [person()],
        });
        c.check(reuse.status === 201, `creating a tenant with the wanted name answered ${reuse.status}`);
        return { combos: [`delete ${deleted!.status} + rename ${renamed!.status}`], problems: c.problems };
      },
    },
    {
      name: 'rename || rename to one name',
      allowed: ['rename 200 + rename 409', 'rename 409 + rename 200'],
      async run(rep) {
        const x = await newTenant(A.id);
        const y = await newTenant(A.id);
        const name = unique('Pair same name');
        const [first, second] = clientPair();
        const answers = await fire(
          [
            { client: first!, request: ['PATCH', `/api/v1/tenants/${x}`, { name }] },
            { client: second!, request: ['PATCH', `/api/v1/tenants/${y}`, { name }] },
          ],
          rep,
        );
        first!.close();
        second!.close();
        const c = checker();
        const named = await bench.db.kysely
          .selectFrom('organisations')
          .select('id')
          .where('name_key', '=', name.toLowerCase())
          .execute();
        const winners = [x, y].filter((_, i) => answers[i]!.status === 200);
        c.check(
          named.length === 1 && winners.length === 1 && named[0]!.id === winners[0],
          `${named.length} tenants hold the name, ${winners.length} renames answered 200`,
        );
        await c.audited('tenant.update', x, answers[0]!.status === 200 ? 1 : 0);
        await c.audited('tenant.update', y, answers[1]!.status === 200 ? 1 : 0);
        return {
          combos: [`rename ${answers[0]!.status} + rename ${answers[1]!.status}`],
          problems: c.problems,
        };
      },
    },
    {
      name: 'delete || delete',
      allowed: ['delete 204 + delete 404', 'delete 404 + delete 204'],
      async run(rep) {
        const tenantId = await newTenant(A.id);
        const [first, second] = clientPair();
        const answers = await fire(
          [
            { client: first!, request: ['DELETE', `/api/v1/tenants/${tenantId}`] },
            { client: second!, request: ['DELETE', `/api/v1/tenants/${tenantId}`] },
          ],
          rep,
        );
        first!.close();
        second!.close();
        const c = checker();
        c.check((await organisation(tenantId)).deleted_at !== null, 'the tenant is not deleted');
        await c.audited('tenant.delete', tenantId, 1);
        return {
          combos: [`delete ${answers[0]!.status} + delete ${answers[1]!.status}`],
          problems: c.problems,
        };
      },
    },
    tenClients(),
  ];

  /**
   * Ten clients, each on a tenant of its own (made at the first repetition), each repetition all
   * at once: every client moves its tenant to the other partner and creates a user in it.
   */
  function tenClients(): Pair {
    const tenants: string[] = [];
    return {
      name: `${TEN_CLIENTS} clients: move own tenant || create user in it`,
      allowed: ['move 200 + create 201'],
      async run(rep) {
        const { from, to, owner } = direction(rep);
        if (tenants.length === 0) {
          for (let i = 0; i < TEN_CLIENTS; i++) tenants.push(await newTenant(from.id));
        }
        const clients = tenants.map(() => clientPair());
        const sides = tenants.flatMap((tenantId, i) => [
          {
            client: clients[i]![0]!,
            request: ['POST', `/api/v1/tenants/${tenantId}/move`, { partnerId: to.id }] as Request,
          },
          {
            client: clients[i]![1]!,
            request: ['POST', '/api/v1/users', { ...person(), orgId: tenantId, role: 'reader' }] as Request,
          },
        ]);
        const answers = await fire(sides, rep);
        for (const pair of clients) for (const client of pair) client.close();
        const c = checker();
        const combos: string[] = [];
        const tree = await readTree(bench.db);
        for (const [i, tenantId] of tenants.entries()) {
          const moved = answers[2 * i]!;
          const created = answers[2 * i + 1]!;
          combos.push(`move ${moved.status} + create ${created.status}`);
          if (moved.status !== 200 || created.status !== 201) continue;
          const id = String(created.json!.id);
          const tenant = tree.orgById.get(tenantId)!;
          c.check(tenant.parent_id === to.id, `tenant ${tenantId} ended under ${tenant.parent_id}`);
          const user = tree.users.find((u) => u.id === id);
          const userChain = user ? `${user.distributor_id}/${user.partner_id}/${user.tenant_id}` : 'missing';
          c.check(userChain === chainOf(tree, tenantId), `user ${id} has chain ${userChain}`);
          await c.visibleOnlyTo('users', id, owner);
          await c.audited('tenant.move', tenantId, rep + 1);
          await c.audited('user.create', id, 1);
        }
        return { combos, problems: c.problems };
      },
    };
  }
}

interface PairResult {
  pair: string;
  repetitions: number;
  combinations: Record<string, number>;
  pass: boolean;
  problems: string[];
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const database = await createBenchDatabase(ENGINE, 'pairs');
  let server: ChildProcess | undefined;
  let db: Db | undefined;
  const cleanUp = async () => {
    if (server) await stopServer(server);
    await db?.destroy();
    db = undefined;
    await database.drop();
  };
  process.once('SIGINT', () => {
    void cleanUp().finally(() => process.exit(130));
  });
  try {
    console.log(`engine: ${ENGINE}; each pair ${REPEAT} times; started ${startedAt}`);
    const seeder = await openSeeder(database);
    let bench: Omit<Bench, 'baseUrl' | 'db'>;
    try {
      const distributor = await seeder.distributor('Pairs Distributor');
      bench = {
        distributorToken: distributor.token,
        partners: {
          A: await seeder.partner('Pairs Partner A', distributor.id),
          B: await seeder.partner('Pairs Partner B', distributor.id),
        },
      };
    } finally {
      await seeder.close();
    }
    const started = await startServerOn(database);
    server = started.server;
    db = openDatabase(database.url);
    const all = pairs({ ...bench, baseUrl: started.baseUrl, db });

    const results: PairResult[] = [];
    /** Tree faults already reported, so each is blamed on the pair after which it first appeared. */
    const knownFaults = new Set<string>();
    for (const pair of all) {
      const combinations = new Map<string, number>();
      const problems: string[] = [];
      const note = (rep: number, problem: string) => {
        if (problems.length < MAX_PROBLEMS) problems.push(`#${rep + 1}: ${problem}`);
        else if (problems.length === MAX_PROBLEMS) problems.push('…');
      };
      let failed = false;
      for (let rep = 0; rep < REPEAT; rep++) {
        const outcome = await pair.run(rep);
        for (const combo of outcome.combos) {
          combinations.set(combo, (combinations.get(combo) ?? 0) + 1);
          if (!pair.allowed.includes(combo)) {
            failed = true;
            note(rep, `${combo} is not a sequential outcome (allowed: ${pair.allowed.join('; ')})`);
          }
        }
        for (const problem of outcome.problems) {
          failed = true;
          note(rep, problem);
        }
        const faults = treeFaults(await readTree(db));
        for (const [kind, rows] of Object.entries(faults)) {
          for (const row of rows) {
            const key = `${kind} ${row.id}`;
            if (knownFaults.has(key)) continue;
            knownFaults.add(key);
            failed = true;
            note(rep, `tree: ${key}`);
          }
        }
      }
      const result: PairResult = {
        pair: pair.name,
        repetitions: REPEAT,
        combinations: Object.fromEntries([...combinations.entries()].sort(([a], [b]) => a.localeCompare(b))),
        pass: !failed,
        problems,
      };
      results.push(result);
      const seen = Object.entries(result.combinations)
        .map(([combo, n]) => `${combo} ×${n}`)
        .join(', ');
      console.log(`${result.pass ? 'PASS' : 'FAIL'}  ${pair.name} (${REPEAT} repetitions): ${seen}`);
      for (const problem of problems) console.log(`        ${problem}`);
    }

    const finishedAt = new Date().toISOString();
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = join(RESULTS_DIR, `concurrent-pairs-${ENGINE}-${finishedAt.replace(/:/g, '-')}.json`);
    writeFileSync(
      file,
      `${JSON.stringify({ benchmark: 'concurrent-pairs', startedAt, finishedAt, database: ENGINE, repeat: REPEAT, results }, null, 2)}\n`,
    );
    console.log(`\nresults: ${relative(process.cwd(), file)}`);
    const failedPairs = results.filter((r) => !r.pass).length;
    if (failedPairs > 0) {
      console.error(`FAIL: ${failedPairs} of ${results.length} pairs on ${ENGINE}`);
      process.exitCode = 1;
    } else {
      console.log(`PASS: all ${results.length} pairs on ${ENGINE}`);
    }
  } finally {
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
