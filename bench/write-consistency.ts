/**
 * `npm run bench -- write-consistency [--engine=sqlite|mysql|postgres] [--seconds=30]
 * [--clients=20]`: a black-box check that concurrent writes end as if they ran one after another
 * (issue 9, "Acceptance"). It starts the real server on a fresh database of the chosen engine and,
 * for --seconds, lets --clients clients mix creates, renames, moves and deletes of tenants,
 * subscriptions and users through the API, while one more client moves a single tenant back and
 * forth between two partners and the others keep creating subscriptions and users under it. Then
 * it checks, through the database and through the API as each partner's administrator:
 *
 * 1. no request answered 5xx (or went unanswered); the count per status is printed;
 * 2. no live subscription or user belongs to a deleted tenant;
 * 3. every subscription's and user's chain (distributor_id, partner_id, tenant_id) equals its
 *    organisation's, every tenant's equals its parent partner's, and no row is listed to a
 *    partner it does not belong to, nor hidden from the one it does;
 * 4. every deleted tenant, subscription and user is audited exactly once (audit rows whose action
 *    ends in ".delete", per target id), and no live row has a deletion audited;
 * 5. a deleted organisation does not keep its name reserved.
 *
 * It prints PASS or FAIL per invariant and exits non-zero on any FAIL. Every loop is bounded in
 * time and count, every request goes to 127.0.0.1, and the database is dropped at the end. The
 * same options read BENCH_ENGINE, BENCH_SECONDS and BENCH_CLIENTS from the environment.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { openDatabase } from '../apps/server/src/db/database.ts';
import {
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
const SECONDS = options.number('seconds', 30);
const CLIENTS = options.number('clients', 20);
options.rejectUnknown();

const PARTNERS = 4;
const TENANTS_PER_PARTNER = 5;
// Bounds besides the clock: no client sends more than this, no list is paged further than this.
const MAX_REQUESTS_PER_CLIENT = 50_000;
const MAX_PAGES = 2_000;
const REQUEST_TIMEOUT_MS = 30_000;
// A rename picks one of a few shared names this often, so two renames to one name do happen.
const CLASHING_RENAME_SHARE = 0.3;
// Creates of subscriptions and users target the tenant being moved this often.
const MOVING_TENANT_SHARE = 0.3;

type Op =
  | 'create tenant'
  | 'create subscription'
  | 'create user'
  | 'rename tenant'
  | 'rename subscription'
  | 'rename user'
  | 'move tenant'
  | 'delete tenant'
  | 'delete subscription'
  | 'delete user'
  | 'move the moving tenant';

/** How often each operation is chosen by the mixed clients (weights, not percentages). */
const MIX: [Op, number][] = [
  ['create tenant', 10],
  ['create subscription', 20],
  ['create user', 15],
  ['rename tenant', 10],
  ['rename subscription', 5],
  ['rename user', 5],
  ['move tenant', 10],
  ['delete tenant', 10],
  ['delete subscription', 10],
  ['delete user', 5],
];
const MIX_TOTAL = MIX.reduce((sum, [, weight]) => sum + weight, 0);

function chooseOp(): Op {
  let roll = Math.random() * MIX_TOTAL;
  for (const [op, weight] of MIX) {
    roll -= weight;
    if (roll < 0) return op;
  }
  return MIX[0]![0];
}

const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(Math.random() * items.length)];

/** What the clients believe exists; only used to choose targets, never to judge the outcome. */
interface World {
  partnerIds: string[];
  movingTenantId: string;
  /** Live tenants other than the moving one, with the partner they were last seen under. */
  tenants: Map<string, string>;
  subscriptions: Map<string, string>;
  users: Map<string, string>;
}

interface Tally {
  byStatus: Map<string, number>;
  byOp: Map<Op, Map<string, number>>;
  /** DELETEs answered 204 per target: more than one means a row was deleted twice. */
  deletesOk: Map<string, number>;
  requests: number;
}

function count<K>(map: Map<K, number>, key: K) {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function apiClient(baseUrl: string, token: string, tally: Tally) {
  return async (op: Op, method: string, path: string, body?: unknown) => {
    // A JSON content type without a body is refused (400), so DELETEs send none.
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let status = 0;
    let json: Record<string, unknown> | undefined;
    try {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      status = response.status;
      const text = await response.text();
      json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    } catch {
      // No answer (refused, reset or timed out): counted as status "none", a failure like a 5xx.
    }
    const key = status === 0 ? 'none' : String(status);
    tally.requests += 1;
    count(tally.byStatus, key);
    let perOp = tally.byOp.get(op);
    if (!perOp) {
      perOp = new Map();
      tally.byOp.set(op, perOp);
    }
    count(perOp, key);
    if (method === 'DELETE' && status === 204) count(tally.deletesOk, path.split('/').at(-1)!);
    return { status, json };
  };
}

/** One client of the mix: a random operation at a time until the deadline or its request budget. */
async function mixedClient(c: number, world: World, call: ReturnType<typeof apiClient>, stopAt: number) {
  for (let n = 0; n < MAX_REQUESTS_PER_CLIENT && Date.now() < stopAt; n++) {
    const op = chooseOp();
    const label = `c${c}n${n}`;
    const someTenant = () => pick([...world.tenants.keys()]);
    // Children are created under the moving tenant often, so creates race with its moves.
    const parentTenant = () =>
      Math.random() < MOVING_TENANT_SHARE ? world.movingTenantId : (someTenant() ?? world.movingTenantId);
    const newName = (prefix: string) =>
      Math.random() < CLASHING_RENAME_SHARE
        ? `${prefix} Clash ${Math.floor(Math.random() * 5)}`
        : `${prefix} ${label}`;

    if (op === 'create tenant') {
      const partnerId = pick(world.partnerIds)!;
      const { status, json } = await call(op, 'POST', '/api/v1/tenants', {
        name: `Tenant ${label}`,
        partnerId,
        administrators: [{ firstName: 'Load', lastName: 'Admin', email: `${label}@admin.load.test` }],
      });
      if (status === 201 && json) world.tenants.set(String(json.id), partnerId);
    } else if (op === 'create subscription') {
      const tenantId = parentTenant();
      const { status, json } = await call(op, 'POST', '/api/v1/subscriptions', {
        tenantId,
        name: `Subscription ${label}`,
      });
      if (status === 201 && json) world.subscriptions.set(String(json.id), tenantId);
    } else if (op === 'create user') {
      const orgId = parentTenant();
      const { status, json } = await call(op, 'POST', '/api/v1/users', {
        orgId,
        role: 'reader',
        firstName: 'Load',
        lastName: 'Reader',
        email: `${label}@user.load.test`,
      });
      if (status === 201 && json) world.users.set(String(json.id), orgId);
    } else if (op === 'rename tenant') {
      // The moving tenant too: a rename must not undo a move it overlaps.
      const id = Math.random() < MOVING_TENANT_SHARE ? world.movingTenantId : someTenant();
      if (id) await call(op, 'PATCH', `/api/v1/tenants/${id}`, { name: newName('Tenant') });
    } else if (op === 'rename subscription') {
      const id = pick([...world.subscriptions.keys()]);
      if (id) await call(op, 'PATCH', `/api/v1/subscriptions/${id}`, { name: newName('Subscription') });
    } else if (op === 'rename user') {
      const id = pick([...world.users.keys()]);
      if (id) await call(op, 'PATCH', `/api/v1/users/${id}`, { firstName: `Renamed ${label}` });
    } else if (op === 'move tenant') {
      const id = someTenant();
      if (!id) continue;
      const partnerId = pick(world.partnerIds.filter((p) => p !== world.tenants.get(id)))!;
      const { status } = await call(op, 'POST', `/api/v1/tenants/${id}/move`, { partnerId });
      if (status === 200 && world.tenants.has(id)) world.tenants.set(id, partnerId);
    } else if (op === 'delete tenant') {
      const id = someTenant();
      if (!id) continue;
      // A tenant with subscriptions is refused (409): delete the ones we know of first, so that
      // tenant deletions do happen and race with creates under the same tenant.
      for (const [subscriptionId, tenantId] of world.subscriptions) {
        if (tenantId !== id) continue;
        const { status } = await call(
          'delete subscription',
          'DELETE',
          `/api/v1/subscriptions/${subscriptionId}`,
        );
        if (status === 204 || status === 404) world.subscriptions.delete(subscriptionId);
      }
      const { status } = await call(op, 'DELETE', `/api/v1/tenants/${id}`);
      if (status === 204 || status === 404) world.tenants.delete(id);
    } else if (op === 'delete subscription') {
      const id = pick([...world.subscriptions.keys()]);
      if (!id) continue;
      const { status } = await call(op, 'DELETE', `/api/v1/subscriptions/${id}`);
      if (status === 204 || status === 404) world.subscriptions.delete(id);
    } else {
      const id = pick([...world.users.keys()]);
      if (!id) continue;
      const { status } = await call(op, 'DELETE', `/api/v1/users/${id}`);
      if (status === 204 || status === 404) world.users.delete(id);
    }
  }
}

/** The extra client: moves one tenant between the first two partners, back and forth. */
async function moverClient(world: World, call: ReturnType<typeof apiClient>, stopAt: number) {
  let moves = 0;
  for (let n = 0; n < MAX_REQUESTS_PER_CLIENT && Date.now() < stopAt; n++) {
    const partnerId = world.partnerIds[(n + 1) % 2]!;
    const { status } = await call(
      'move the moving tenant',
      'POST',
      `/api/v1/tenants/${world.movingTenantId}/move`,
      {
        partnerId,
      },
    );
    if (status === 200) moves += 1;
  }
  return moves;
}

/** Every item of a list as the token's holder sees it, following the cursor (bounded). */
async function listAll(baseUrl: string, token: string, path: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: string | null | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const url = `${baseUrl}${path}?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const body = (await response.json()) as { items?: Record<string, unknown>[]; nextCursor?: string | null };
    if (response.status !== 200)
      throw new Error(`GET ${path} answered ${response.status}: ${JSON.stringify(body)}`);
    items.push(...(body.items ?? []));
    cursor = body.nextCursor;
    if (!cursor) return items;
  }
  throw new Error(`GET ${path} had more than ${MAX_PAGES} pages`);
}

interface Verdict {
  invariant: string;
  pass: boolean;
  detail: string;
}

const sample = (ids: string[]) => (ids.length === 0 ? '' : ` (e.g. ${ids.slice(0, 3).join(', ')})`);

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const database = await createBenchDatabase(ENGINE, 'consistency');
  let server: ChildProcess | undefined;
  const cleanUp = async () => {
    if (server) await stopServer(server);
    await database.drop();
  };
  process.once('SIGINT', () => {
    void cleanUp().finally(() => process.exit(130));
  });
  try {
    console.log(
      `engine: ${ENGINE}; ${CLIENTS} mixed clients + 1 mover for ${SECONDS} s; started ${startedAt}`,
    );
    // The starting world, through the service layer (as the API would write it): one distributor,
    // its partners, a few tenants each, and API tokens for the distributor's and each partner's
    // administrator.
    const world: World = {
      partnerIds: [],
      movingTenantId: '',
      tenants: new Map(),
      subscriptions: new Map(),
      users: new Map(),
    };
    const partnerTokens = new Map<string, string>();
    const seeder = await openSeeder(database);
    let distributorToken: string;
    try {
      const distributor = await seeder.distributor('Load Distributor');
      distributorToken = distributor.token;
      for (let p = 0; p < PARTNERS; p++) {
        const partner = await seeder.partner(`Load Partner ${p}`, distributor.id);
        world.partnerIds.push(partner.id);
        partnerTokens.set(partner.id, partner.token);
        for (let t = 0; t < TENANTS_PER_PARTNER; t++) {
          const tenant = await seeder.tenant(`Seed Tenant ${p}-${t}`, partner.id);
          world.tenants.set(tenant.id, partner.id);
        }
      }
      world.movingTenantId = (await seeder.tenant('Moving Tenant', world.partnerIds[0]!)).id;
    } finally {
      await seeder.close();
    }

    const started = await startServerOn(database);
    server = started.server;
    const baseUrl = started.baseUrl;

    const tally: Tally = { byStatus: new Map(), byOp: new Map(), deletesOk: new Map(), requests: 0 };
    const call = apiClient(baseUrl, distributorToken, tally);
    const loadStart = Date.now();
    const stopAt = loadStart + SECONDS * 1000;
    const [moves] = await Promise.all([
      moverClient(world, call, stopAt),
      ...Array.from({ length: CLIENTS }, (_, c) => mixedClient(c, world, call, stopAt)),
    ]);
    const loadSeconds = (Date.now() - loadStart) / 1000;
    console.log(
      `\n${tally.requests} requests in ${loadSeconds.toFixed(1)} s (${(tally.requests / loadSeconds).toFixed(0)} req/s); ` +
        `the moving tenant moved ${moves} times`,
    );
    const statusLine = (counts: Map<string, number>) =>
      [...counts.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([status, n]) => `${status}: ${n}`)
        .join(', ');
    console.log(`status counts: ${statusLine(tally.byStatus)}`);
    for (const [op, counts] of [...tally.byOp.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      console.log(`  ${op.padEnd(24)} ${statusLine(counts)}`);
    }

    const verdicts: Verdict[] = [];
    const failures = [...tally.byStatus.entries()].filter(
      ([status]) => status === 'none' || Number(status) >= 500,
    );
    const failed = failures.reduce((sum, [, n]) => sum + n, 0);
    verdicts.push({
      invariant: 'no 5xx (or unanswered) responses under load',
      pass: failed === 0,
      detail:
        failed === 0
          ? `0 of ${tally.requests}`
          : `${failed} of ${tally.requests} (${((failed / tally.requests) * 100).toFixed(2)}%): ${statusLine(new Map(failures))}`,
    });

    // The database as the server left it (it is idle now; reads only).
    const db = openDatabase(database.url);
    try {
      const tree = await readTree(db);
      const { orgs, orgById, subscriptions, users } = tree;
      const faults = treeFaults(tree);

      // 2. No live child under a deleted tenant.
      const { orphanSubscriptions, orphanUsers } = faults;
      verdicts.push({
        invariant: 'no live subscription or user under a deleted tenant',
        pass: orphanSubscriptions.length + orphanUsers.length === 0,
        detail:
          `${orphanSubscriptions.length} subscriptions${sample(orphanSubscriptions.map((s) => s.id))}, ` +
          `${orphanUsers.length} users${sample(orphanUsers.map((u) => u.id))}`,
      });

      // 3a. Every row's chain equals its organisation's (tenants: their parent partner's).
      const { subscriptionChains: badSubscriptions, userChains: badUsers, tenantChains: badTenants } = faults;
      const live = (rows: { deleted_at: string | null }[]) =>
        rows.filter((row) => row.deleted_at === null).length;
      verdicts.push({
        invariant: "every row's chain equals its organisation's (database)",
        pass: badSubscriptions.length + badUsers.length + badTenants.length === 0,
        detail:
          `${badSubscriptions.length} subscriptions (${live(badSubscriptions)} live)${sample(badSubscriptions.map((s) => s.id))}, ` +
          `${badUsers.length} users (${live(badUsers)} live)${sample(badUsers.map((u) => u.id))}, ` +
          `${badTenants.length} tenants${sample(badTenants.map((t) => t.id))}`,
      });

      // 3b. Through the API: each partner's administrator lists exactly the live rows of its own
      // live tenants (and of itself, for users), judged by the organisation tree (parent_id).
      const partnerOf = (orgId: string): string | undefined => {
        const org = orgById.get(orgId);
        if (!org || org.deleted_at !== null) return undefined;
        if (org.kind === 'partner') return org.id;
        if (org.kind === 'tenant') return org.parent_id ?? undefined;
        return undefined;
      };
      let wrongPartner = 0;
      let hidden = 0;
      const wrongIds: string[] = [];
      const hiddenIds: string[] = [];
      const movingWrong: string[] = [];
      const movingHidden: string[] = [];
      for (const [partnerId, token] of partnerTokens) {
        const checks: [string, { id: string; org: string; deleted_at: string | null }[], string][] = [
          [
            '/api/v1/subscriptions',
            subscriptions.map((s) => ({ id: s.id, org: s.tenant_id, deleted_at: s.deleted_at })),
            'tenantId',
          ],
          [
            '/api/v1/users',
            users.map((u) => ({ id: u.id, org: u.org_id, deleted_at: u.deleted_at })),
            'orgId',
          ],
        ];
        for (const [path, rows, orgField] of checks) {
          const listed = await listAll(baseUrl, token, path);
          const listedIds = new Set(listed.map((item) => String(item.id)));
          for (const item of listed) {
            const org = String(item[orgField]);
            if (partnerOf(org) !== partnerId && orgById.get(org)?.deleted_at === null) {
              wrongPartner += 1;
              wrongIds.push(String(item.id));
              if (org === world.movingTenantId) movingWrong.push(String(item.id));
            }
          }
          for (const row of rows) {
            if (row.deleted_at !== null || partnerOf(row.org) !== partnerId || listedIds.has(row.id))
              continue;
            hidden += 1;
            hiddenIds.push(row.id);
            if (row.org === world.movingTenantId) movingHidden.push(row.id);
          }
        }
      }
      verdicts.push({
        invariant:
          "no row visible to the wrong partner, none hidden from its own (API, as each partner's admin)",
        pass: wrongPartner + hidden === 0,
        detail: `${wrongPartner} listed to a partner they do not belong to${sample(wrongIds)}, ${hidden} hidden from their partner${sample(hiddenIds)}`,
      });
      const moving = orgById.get(world.movingTenantId)!;
      const movingChildren =
        subscriptions.filter((s) => s.tenant_id === moving.id && s.deleted_at === null).length +
        users.filter((u) => u.org_id === moving.id && u.deleted_at === null).length;
      verdicts.push({
        invariant: 'the tenant moved back and forth: its rows visible to its final partner only',
        pass: movingWrong.length + movingHidden.length === 0,
        detail:
          `final partner ${moving.parent_id === world.partnerIds[0] ? 'first' : 'second'} (${moving.parent_id}); ` +
          `${movingChildren} live subscriptions and users; ${movingWrong.length} visible to the other partner, ` +
          `${movingHidden.length} hidden from its own`,
      });

      // 4. Each deletion audited exactly once.
      const audited = await db.kysely
        .selectFrom('audit_events')
        .select(['target_id', 'action'])
        .where('action', 'like', '%.delete')
        .execute();
      const deletionsAudited = new Map<string, number>();
      for (const row of audited) count(deletionsAudited, row.target_id);
      const deletedRows = [
        ...orgs.filter((org) => org.kind !== 'platform'),
        ...subscriptions,
        ...users,
      ].filter((row) => row.deleted_at !== null);
      const deletedIds = new Set(deletedRows.map((row) => row.id));
      const notAudited = deletedRows.filter((row) => !deletionsAudited.has(row.id)).map((row) => row.id);
      const auditedTwice = [...deletionsAudited.entries()].filter(([, n]) => n > 1).map(([id]) => id);
      const auditedButLive = [...deletionsAudited.keys()].filter(
        (id) =>
          !deletedIds.has(id) &&
          (orgById.has(id) || subscriptions.some((s) => s.id === id) || users.some((u) => u.id === id)),
      );
      const twice204 = [...tally.deletesOk.entries()].filter(([, n]) => n > 1).map(([id]) => id);
      verdicts.push({
        invariant: 'each deletion audited exactly once',
        pass: notAudited.length + auditedTwice.length + auditedButLive.length + twice204.length === 0,
        detail:
          `${deletedRows.length} deleted rows; ${auditedTwice.length} audited more than once${sample(auditedTwice)}, ` +
          `${notAudited.length} not audited${sample(notAudited)}, ${auditedButLive.length} audited but live${sample(auditedButLive)}; ` +
          `${twice204.length} targets answered 204 to more than one DELETE${sample(twice204)}`,
      });

      // 5. A deleted organisation frees its name.
      const reserved = orgs
        .filter((org) => org.deleted_at !== null && org.name_key !== null)
        .map((org) => org.id);
      verdicts.push({
        invariant: 'a deleted organisation keeps no name reserved',
        pass: reserved.length === 0,
        detail: `${reserved.length} deleted organisations still hold their name${sample(reserved)}`,
      });
    } finally {
      await db.destroy();
    }

    console.log('');
    for (const verdict of verdicts) {
      console.log(`${verdict.pass ? 'PASS' : 'FAIL'}  ${verdict.invariant}: ${verdict.detail}`);
    }
    const finishedAt = new Date().toISOString();
    const report = {
      benchmark: 'write-consistency',
      startedAt,
      finishedAt,
      database: ENGINE,
      load: { clients: CLIENTS, seconds: SECONDS, requests: tally.requests, movesOfTheMovingTenant: moves },
      statuses: Object.fromEntries(tally.byStatus),
      statusesByOperation: Object.fromEntries(
        [...tally.byOp.entries()].map(([op, counts]) => [op, Object.fromEntries(counts)]),
      ),
      verdicts,
    };
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = join(RESULTS_DIR, `write-consistency-${ENGINE}-${finishedAt.replace(/:/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nresults: ${relative(process.cwd(), file)}`);
    const failedCount = verdicts.filter((verdict) => !verdict.pass).length;
    if (failedCount > 0) {
      console.error(`FAIL: ${failedCount} of ${verdicts.length} invariants broken on ${ENGINE}`);
      process.exitCode = 1;
    } else {
      console.log(`PASS: all ${verdicts.length} invariants hold on ${ENGINE}`);
    }
  } finally {
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
