/**
 * `npm run bench -- api [--engine=sqlite|mysql|postgres] [--cache=off] [--seconds=N]
 * [--write-clients=N] [--tenants-per-partner=N] [--page-size=N]`: throughput and latency of a
 * scoped list (GET /api/v1/tenants as a distributor administrator, with API-token and with
 * session auth) and of concurrent writes through the API, against GET /healthz measured in the
 * same run, with 10,000 tenants, over loopback. Every option also reads BENCH_<NAME> from the
 * environment (BENCH_ENGINE=postgres, BENCH_CACHE=off, …).
 *
 * The health endpoint is the baseline: it goes through the same Fastify stack, hooks and socket
 * but touches no database, so list/health and writes/health say what scoping, auth, the query and
 * the transaction cost on this machine whatever its speed. Figures are reported, not asserted: a
 * missed target prints MISSED and still exits 0; anything that makes the figures meaningless
 * (error responses in a read phase, any 5xx in the write phase, a server that does not start)
 * exits non-zero.
 *
 * The server runs as deployed, with the response cache on (http/response-cache.ts; SQLite only):
 * repeated pages are answered from it after authentication and authorisation. A second server
 * with the cache off measures the token list once more, so the query path's own cost stays
 * visible. With --cache=off the first server already runs without it and the second is skipped.
 *
 * The database is created for the run (a temporary SQLite file, or a cms_bench_* database on the
 * local MariaDB/PostgreSQL server) and dropped at the end, also on Ctrl-C.
 *
 * Set BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=bench/results") to pass extra
 * flags to the server process when investigating where the time goes.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, relative } from 'node:path';
import autocannon, { type Result } from 'autocannon';
import { createPlatformAdmin, openApp } from '../apps/server/src/bootstrap.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import type { AppContext } from '../apps/server/src/context.ts';
import { createApiToken } from '../apps/server/src/modules/auth/auth.service.ts';
import { hashPassword } from '../apps/server/src/modules/auth/passwords.ts';
import {
  createOrganisation,
  listOrganisations,
} from '../apps/server/src/modules/organisations/organisations.service.ts';
import {
  contextFor,
  createBenchDatabase,
  ENCRYPTION_KEY,
  elapsedSince,
  freePort,
  quantile,
  RESULTS_DIR,
  readOptions,
  startServer,
  stopServer,
  waitUntilReady,
} from './lib/harness.ts';

const options = readOptions();
const ENGINE = options.engine();
// Off: every server of the run gets CMS_RESPONSE_CACHE_MB=0 (the cache exists on SQLite only).
const CACHE = options.onOff('cache', true);

// 10 × 10 × 100 = 10,000 tenants; the measured distributor sees 10 × 100 = 1,000 of them.
const DISTRIBUTORS = 10;
const PARTNERS_PER_DISTRIBUTOR = 10;
const TENANTS_PER_PARTNER = options.number('tenants-per-partner', 100);
const TOTAL_TENANTS = DISTRIBUTORS * PARTNERS_PER_DISTRIBUTOR * TENANTS_PER_PARTNER;

const CONNECTIONS = 50;
const WARMUP_SECONDS = 2;
const MEASURE_SECONDS = options.number('seconds', 10);
// The API default page size; --page-size (BENCH_PAGE_SIZE) measures other page sizes.
const PAGE_SIZE = options.number('page-size', 50);
// Concurrent clients of the write phase, each sending its next request when the last answered.
const WRITE_CLIENTS = options.number('write-clients', 10);
options.rejectUnknown();
if (PARTNERS_PER_DISTRIBUTOR * TENANTS_PER_PARTNER <= PAGE_SIZE) {
  // The measured list must be a full page with a next one, or it measures a different query.
  throw new Error(
    `--tenants-per-partner=${TENANTS_PER_PARTNER} leaves fewer than a full page of ${PAGE_SIZE} in scope`,
  );
}

const TARGET_RATIO = 0.25;
const TARGET_LIST_P99_MS = 50;

interface Endpoint {
  name: string;
  path: string;
  headers: Record<string, string>;
}

interface Measurement {
  endpoint: string;
  path: string;
  requestsPerSecond: number;
  latencyMs: { average: number; p50: number; p90: number; p99: number; max: number };
  requests: number;
  durationSeconds: number;
}

interface TargetResult {
  name: string;
  target: string;
  actual: string;
  met: boolean;
}

interface Machine {
  node: string;
  platform: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const admin = (label: string) => [
  { firstName: 'Bench', lastName: 'Administrator', email: `${label}@bench.test` },
];

/**
 * Seeds through the service layer, one transaction per organisation as the API does, so the rows
 * (organisations, their administrators, the audit trail) are exactly what production writes.
 * Administrators get no password: hashing 10,000 argon2 passwords would dominate the setup.
 */
async function seed(app: AppContext, platformAdminId: string) {
  const ctx = await contextFor(app, platformAdminId);
  const start = process.hrtime.bigint();
  let firstDistributor:
    | {
        id: string;
        adminId: string;
        adminEmail: string;
        partnerIds: Set<string>;
        tenants: { id: string; partnerId: string }[];
      }
    | undefined;
  for (let d = 0; d < DISTRIBUTORS; d++) {
    const distributor = await createOrganisation(ctx, 'distributor', {
      name: `Distributor ${pad(d, 2)}`,
      administrators: admin(`d${d}`),
    });
    const partnerIds = new Set<string>();
    const tenants: { id: string; partnerId: string }[] = [];
    for (let p = 0; p < PARTNERS_PER_DISTRIBUTOR; p++) {
      const partner = await createOrganisation(ctx, 'partner', {
        name: `Partner ${pad(d, 2)}-${pad(p, 2)}`,
        distributorId: distributor.id,
        administrators: admin(`d${d}p${p}`),
      });
      partnerIds.add(partner.id);
      for (let t = 0; t < TENANTS_PER_PARTNER; t++) {
        const tenant = await createOrganisation(ctx, 'tenant', {
          name: `Tenant ${pad(d, 2)}-${pad(p, 2)}-${pad(t, 3)}`,
          partnerId: partner.id,
          administrators: admin(`d${d}p${p}t${t}`),
        });
        tenants.push({ id: tenant.id, partnerId: partner.id });
      }
    }
    firstDistributor ??= {
      id: distributor.id,
      adminId: distributor.administrators[0]!.id,
      adminEmail: distributor.administrators[0]!.email,
      partnerIds,
      tenants,
    };
    const done = (d + 1) * PARTNERS_PER_DISTRIBUTOR * TENANTS_PER_PARTNER;
    console.log(`  seeded ${done.toLocaleString('en')} tenants (${elapsedSince(start).toFixed(1)} s)`);
  }
  return { distributor: firstDistributor!, seconds: elapsedSince(start) };
}

/** A benchmark of error responses measures the error path; refuse to report one. */
async function checkList(baseUrl: string, endpoint: Endpoint, partnerIds: Set<string>): Promise<void> {
  const response = await fetch(`${baseUrl}${endpoint.path}`, { headers: endpoint.headers });
  const body = (await response.json()) as { items?: { partnerId?: string }[]; nextCursor?: string | null };
  if (response.status !== 200) {
    throw new Error(`${endpoint.path} answered ${response.status}: ${JSON.stringify(body)}`);
  }
  const items = body.items ?? [];
  if (items.length !== PAGE_SIZE || !body.nextCursor) {
    throw new Error(`${endpoint.path} returned ${items.length} items (expected a full page of ${PAGE_SIZE})`);
  }
  // The scope is what is being measured: every row must belong to the distributor's partners.
  const outside = items.filter((item) => !item.partnerId || !partnerIds.has(item.partnerId));
  if (outside.length > 0) throw new Error(`${outside.length} listed tenants are outside the scope`);
}

function checkRun(result: Result, label: string): void {
  const problems = [
    result.errors > 0 && `${result.errors} connection errors`,
    result.timeouts > 0 && `${result.timeouts} timeouts`,
    result.non2xx > 0 && `${result.non2xx} non-2xx responses (${JSON.stringify(result.statusCodeStats)})`,
    result.latency.totalCount === 0 && 'no completed requests',
  ].filter(Boolean);
  if (problems.length > 0) throw new Error(`${label}: ${problems.join(', ')}`);
}

async function load(baseUrl: string, endpoint: Endpoint): Promise<Measurement> {
  const options = { url: `${baseUrl}${endpoint.path}`, headers: endpoint.headers, connections: CONNECTIONS };
  // The warm-up lets V8 optimise the hot path and SQLite fill its page cache; it is not counted.
  checkRun(await autocannon({ ...options, duration: WARMUP_SECONDS }), `${endpoint.name} warm-up`);
  const result = await autocannon({ ...options, duration: MEASURE_SECONDS });
  checkRun(result, endpoint.name);
  return {
    endpoint: endpoint.name,
    path: endpoint.path,
    requestsPerSecond: result.requests.average,
    latencyMs: {
      average: result.latency.average,
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    requests: result.latency.totalCount,
    durationSeconds: result.duration,
  };
}

function printReport(machine: Machine, measurements: Measurement[], targets: TargetResult[]) {
  const rows = [
    ['endpoint', 'req/s', 'p50 ms', 'p99 ms', 'avg ms', 'max ms', 'requests'],
    ...measurements.map((m) => [
      `${m.endpoint} (${m.path})`,
      m.requestsPerSecond.toFixed(0),
      String(m.latencyMs.p50),
      String(m.latencyMs.p99),
      m.latencyMs.average.toFixed(1),
      String(m.latencyMs.max),
      String(m.requests),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  console.log(
    `\nmachine: node ${machine.node}, ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.platform}; ` +
      'server and load generator share it',
  );
  for (const row of rows) {
    console.log(
      row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '),
    );
  }
  console.log('(latencies from autocannon, 1 ms resolution)\n');
  for (const t of targets) {
    console.log(`  ${t.met ? 'PASS  ' : 'MISSED'}  ${t.name}: ${t.actual} (target ${t.target})`);
  }
}

const BENCH_PASSWORD = 'bench password for the distributor admin';
const CHURN_INTERVAL_MS = 100;

/**
 * Renames one tenant through the API every `intervalMs` while a measurement runs: each rename
 * is a write to the table every list reads, so it invalidates every cached page.
 */
function startRenaming(baseUrl: string, token: string, tenantId: string, intervalMs: number) {
  let stopped = false;
  let writes = 0;
  const running = (async () => {
    while (!stopped) {
      const response = await fetch(`${baseUrl}/api/v1/tenants/${tenantId}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Bench Churn ${writes % 2}` }),
      });
      if (response.status !== 200) {
        throw new Error(`the rename answered ${response.status}: ${await response.text()}`);
      }
      writes += 1;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await running;
      return writes;
    },
  };
}

/** The server's response cache lookups so far, by result, from its /metrics. */
async function cacheLookups(baseUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const match of text.matchAll(/^cms_response_cache_lookups_total\{result="(\w+)"\} (\d+)/gm)) {
    counts[match[1]!] = Number(match[2]);
  }
  return counts;
}

/** Signs in over HTTP like the portal does and returns the session cookie. */
async function sessionCookie(baseUrl: string, email: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: BENCH_PASSWORD }),
  });
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (response.status !== 200 || !cookie?.startsWith('cms_session=')) {
    throw new Error(
      `sign-in for the session measurement failed: ${response.status} ${await response.text()}`,
    );
  }
  return cookie;
}

type WriteOp = 'create tenant' | 'create subscription' | 'create user' | 'rename tenant' | 'move tenant';
const WRITE_OPS: readonly WriteOp[] = [
  'create tenant',
  'create subscription',
  'create user',
  'rename tenant',
  'move tenant',
];

interface WriteSample {
  op: WriteOp;
  status: number;
  ms: number;
}

interface WriteMeasurement {
  clients: number;
  /** Successful (2xx) writes per second: the throughput compared with the health baseline. */
  requestsPerSecond: number;
  /** Every answered or failed request per second, errors included. */
  allRequestsPerSecond: number;
  requests: number;
  durationSeconds: number;
  latencyMs: { average: number; p50: number; p90: number; p99: number; max: number };
  byOperation: Record<string, { requests: number; p99: number; nonOk: number }>;
  /** Every answer outside 2xx, by status; "network" counts requests that got no answer. */
  non2xxByStatus: Record<string, number>;
  serverErrors: number;
}

function summarise(samples: number[]) {
  const sorted = [...samples].sort((x, y) => x - y);
  const total = sorted.reduce((sum, ms) => sum + ms, 0);
  return {
    average: sorted.length > 0 ? Math.round((total / sorted.length) * 10) / 10 : 0,
    p50: Math.round(quantile(sorted, 0.5)),
    p90: Math.round(quantile(sorted, 0.9)),
    p99: Math.round(quantile(sorted, 0.99)),
    max: Math.round(sorted.at(-1) ?? 0),
  };
}

/**
 * The write phase: WRITE_CLIENTS clients, each sending its next write as soon as the last one
 * answered, cycle through creating tenants (with an administrator), subscriptions and users,
 * renaming tenants (PATCH name) and moving them to another of the distributor's partners. Each
 * client renames and moves only its own share of the seeded tenants, so the figure is the cost of
 * the writes and their locks rather than of clients fighting over one row (the consistency check,
 * bench/write-consistency.ts, does that on purpose). Requests started in the warm-up are not
 * counted.
 */
async function writeLoad(
  baseUrl: string,
  token: string,
  tenants: { id: string; partnerId: string }[],
  partnerIds: string[],
): Promise<WriteMeasurement> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const start = Date.now();
  const measureFrom = start + WARMUP_SECONDS * 1000;
  const stopAt = measureFrom + MEASURE_SECONDS * 1000;
  const samples: WriteSample[] = [];

  const send = async (op: WriteOp, method: string, path: string, body: unknown) => {
    const began = performance.now();
    const startedAt = Date.now();
    let status: number;
    try {
      const response = await fetch(`${baseUrl}${path}`, { method, headers, body: JSON.stringify(body) });
      await response.arrayBuffer();
      status = response.status;
    } catch {
      status = 0;
    }
    if (startedAt >= measureFrom) samples.push({ op, status, ms: performance.now() - began });
    return status;
  };

  const client = async (c: number) => {
    const own = tenants.filter((_, i) => i % WRITE_CLIENTS === c);
    if (own.length === 0)
      throw new Error(`--write-clients=${WRITE_CLIENTS} is more than the ${tenants.length} tenants`);
    for (let n = 0; Date.now() < stopAt; n++) {
      const op = WRITE_OPS[(c + n) % WRITE_OPS.length]!;
      const tenant = own[n % own.length]!;
      const label = `w${c}-${n}`;
      if (op === 'create tenant') {
        await send(op, 'POST', '/api/v1/tenants', {
          name: `Bench Write ${label}`,
          partnerId: partnerIds[n % partnerIds.length],
          administrators: [{ firstName: 'Bench', lastName: 'Writer', email: `${label}@write.bench.test` }],
        });
      } else if (op === 'create subscription') {
        await send(op, 'POST', '/api/v1/subscriptions', { tenantId: tenant.id, name: `Bench ${label}` });
      } else if (op === 'create user') {
        await send(op, 'POST', '/api/v1/users', {
          orgId: tenant.id,
          role: 'reader',
          firstName: 'Bench',
          lastName: 'Reader',
          email: `${label}@user.bench.test`,
        });
      } else if (op === 'rename tenant') {
        await send(op, 'PATCH', `/api/v1/tenants/${tenant.id}`, { name: `Bench Renamed ${label}` });
      } else {
        const others = partnerIds.filter((id) => id !== tenant.partnerId);
        const partnerId = others[n % others.length]!;
        if ((await send(op, 'POST', `/api/v1/tenants/${tenant.id}/move`, { partnerId })) === 200) {
          tenant.partnerId = partnerId;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: WRITE_CLIENTS }, (_, c) => client(c)));
  const durationSeconds = (Date.now() - measureFrom) / 1000;

  const non2xxByStatus: Record<string, number> = {};
  const byOperation: WriteMeasurement['byOperation'] = {};
  for (const op of WRITE_OPS) {
    const mine = samples.filter((sample) => sample.op === op);
    byOperation[op] = {
      requests: mine.length,
      p99: summarise(mine.map((sample) => sample.ms)).p99,
      nonOk: mine.filter((sample) => sample.status < 200 || sample.status > 299).length,
    };
  }
  for (const sample of samples) {
    if (sample.status >= 200 && sample.status <= 299) continue;
    const key = sample.status === 0 ? 'network' : String(sample.status);
    non2xxByStatus[key] = (non2xxByStatus[key] ?? 0) + 1;
  }
  return {
    clients: WRITE_CLIENTS,
    requestsPerSecond:
      samples.filter((sample) => sample.status >= 200 && sample.status <= 299).length / durationSeconds,
    allRequestsPerSecond: samples.length / durationSeconds,
    requests: samples.length,
    durationSeconds,
    latencyMs: summarise(samples.map((sample) => sample.ms)),
    byOperation,
    non2xxByStatus,
    serverErrors: samples.filter((sample) => sample.status >= 500 || sample.status === 0).length,
  };
}

function printWrites(writes: WriteMeasurement, health: Measurement) {
  console.log(
    `\nwrite phase: ${writes.clients} clients, ${writes.requests} requests in ${writes.durationSeconds.toFixed(1)} s: ` +
      `${writes.allRequestsPerSecond.toFixed(0)} req/s of which ${writes.requestsPerSecond.toFixed(0)}/s succeeded (2xx), ` +
      `p50 ${writes.latencyMs.p50} ms, p99 ${writes.latencyMs.p99} ms; ` +
      `successful writes / health throughput ${(writes.requestsPerSecond / health.requestsPerSecond).toFixed(4)}`,
  );
  for (const [op, figures] of Object.entries(writes.byOperation)) {
    console.log(
      `  ${op.padEnd(20)} ${String(figures.requests).padStart(6)} requests, p99 ${figures.p99} ms, ${figures.nonOk} not 2xx`,
    );
  }
  const statuses = Object.entries(writes.non2xxByStatus);
  console.log(
    `  non-2xx by status: ${statuses.length === 0 ? 'none' : statuses.map(([status, n]) => `${status}: ${n}`).join(', ')}`,
  );
  if (writes.serverErrors > 0) {
    console.log(
      `\n!!!!!! ${writes.serverErrors} WRITE REQUESTS FAILED WITH 5xx OR NO ANSWER ` +
        `(${((writes.serverErrors / writes.requests) * 100).toFixed(2)}%): the server is broken under concurrent writes !!!!!!`,
    );
  }
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const database = await createBenchDatabase(ENGINE, 'api');
  const { url: databaseUrl, dataDir } = database;
  let server: ChildProcess | undefined;
  const cleanUp = async () => {
    if (server) await stopServer(server);
    await database.drop();
  };
  process.once('SIGINT', () => {
    void cleanUp().finally(() => process.exit(130));
  });
  try {
    const machine: Machine = {
      node: process.version,
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    };
    const cacheActive = CACHE && ENGINE === 'sqlite';
    console.log(
      `engine: ${ENGINE}; response cache: ${CACHE ? 'on' : 'off'}` +
        `${CACHE && !cacheActive ? ' (it exists on SQLite only, so every request runs the query)' : ''}; started ${startedAt}`,
    );

    const app = await openApp(
      loadConfig({
        DATABASE_URL: databaseUrl,
        CMS_DATA_DIR: dataDir,
        CMS_ENCRYPTION_KEY: ENCRYPTION_KEY,
        LOG_LEVEL: 'silent',
      }),
      () => {},
    );
    let seeded: Awaited<ReturnType<typeof seed>>;
    let token: string;
    let scopeTenants: number;
    try {
      const { userId } = await createPlatformAdmin(app, { email: 'root@bench.test' });
      console.log(`seeding ${TOTAL_TENANTS.toLocaleString('en')} tenants through the service layer…`);
      seeded = await seed(app, userId);
      const distributorAdmin = await contextFor(app, seeded.distributor.adminId);
      token = (await createApiToken(distributorAdmin, { name: 'bench' })).token;
      // The same administrator also signs in with a password, to measure session authentication.
      await app.db.kysely
        .updateTable('users')
        .set({ password_hash: await hashPassword(BENCH_PASSWORD), activated_at: new Date().toISOString() })
        .where('id', '=', seeded.distributor.adminId)
        .execute();
      const scoped = await listOrganisations(
        distributorAdmin,
        'tenant',
        {},
        { limit: 1, sort: 'name', includeTotal: true },
      );
      scopeTenants = 'total' in scoped ? scoped.total : 0;
    } finally {
      // The server process must be the only one with the database open while it is measured.
      await app.db.destroy();
    }
    console.log(
      `seeded in ${seeded.seconds.toFixed(1)} s; the distributor administrator sees ` +
        `${scopeTenants.toLocaleString('en')} of ${TOTAL_TENANTS.toLocaleString('en')} tenants`,
    );

    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const serverEnv: Record<string, string> = {
      DATABASE_URL: databaseUrl,
      CMS_DATA_DIR: dataDir,
      CMS_ENCRYPTION_KEY: ENCRYPTION_KEY,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ...(CACHE ? {} : { CMS_RESPONSE_CACHE_MB: '0' }),
    };
    server = startServer(serverEnv);
    await waitUntilReady(server, baseUrl);

    const health: Endpoint = { name: 'health', path: '/healthz', headers: {} };
    const listPath = `/api/v1/tenants?limit=${PAGE_SIZE}`;
    const cacheLabel = CACHE ? '' : ', cache off';
    const tokenList: Endpoint = {
      name: `scoped list, API token${cacheLabel}`,
      path: listPath,
      headers: { authorization: `Bearer ${token}` },
    };
    const sessionList: Endpoint = {
      name: `scoped list, session${cacheLabel}`,
      path: listPath,
      headers: { cookie: await sessionCookie(baseUrl, seeded.distributor.adminEmail) },
    };
    await checkList(baseUrl, tokenList, seeded.distributor.partnerIds);
    await checkList(baseUrl, sessionList, seeded.distributor.partnerIds);

    console.log(
      `load: ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${MEASURE_SECONDS} s measured per endpoint`,
    );
    const healthResult = await load(baseUrl, health);
    const tokenResult = await load(baseUrl, tokenList);
    const sessionResult = await load(baseUrl, sessionList);

    // With the cache: the same list while a tenant is renamed every 100 ms, how the cache holds
    // up under writes (pointless without it).
    let churn: { result: Measurement; renames: number; lookups: Record<string, number> } | undefined;
    if (cacheActive) {
      const listed = (await (
        await fetch(`${baseUrl}${listPath}`, { headers: tokenList.headers })
      ).json()) as {
        items: { id: string }[];
      };
      const lookupsBefore = await cacheLookups(baseUrl);
      const renaming = startRenaming(baseUrl, token, listed.items[0]!.id, CHURN_INTERVAL_MS);
      const result = await load(baseUrl, {
        ...tokenList,
        name: `scoped list, API token, a rename every ${CHURN_INTERVAL_MS} ms`,
      });
      const renames = await renaming.stop();
      const lookupsAfter = await cacheLookups(baseUrl);
      const lookups = Object.fromEntries(
        ['hit', 'miss', 'stale'].map((kind) => [
          kind,
          (lookupsAfter[kind] ?? 0) - (lookupsBefore[kind] ?? 0),
        ]),
      );
      churn = { result, renames, lookups };
    }

    console.log(
      `write phase: ${WRITE_CLIENTS} clients, ${WARMUP_SECONDS} s warm-up + ${MEASURE_SECONDS} s measured`,
    );
    const writes = await writeLoad(baseUrl, token, seeded.distributor.tenants, [
      ...seeded.distributor.partnerIds,
    ]);
    await stopServer(server);

    // With the cache: the same list with it off, every request runs the query (not a target, the
    // figure says what the cache is worth and what the database path costs).
    let uncachedResult: Measurement | undefined;
    if (CACHE) {
      server = startServer({ ...serverEnv, CMS_RESPONSE_CACHE_MB: '0' });
      await waitUntilReady(server, baseUrl);
      uncachedResult = await load(baseUrl, { ...tokenList, name: 'scoped list, API token, cache off' });
      await stopServer(server);
    }
    server = undefined;

    const ratio = (m: Measurement | WriteMeasurement) =>
      Math.round((m.requestsPerSecond / healthResult.requestsPerSecond) * 10000) / 10000;
    const targets: TargetResult[] = [tokenResult, sessionResult].flatMap((m) => [
      {
        name: `${m.endpoint} / health throughput`,
        target: `≥ ${TARGET_RATIO}`,
        actual: ratio(m).toFixed(3),
        met: ratio(m) >= TARGET_RATIO,
      },
      {
        name: `${m.endpoint} p99`,
        target: `< ${TARGET_LIST_P99_MS} ms`,
        actual: `${m.latencyMs.p99} ms`,
        met: m.latencyMs.p99 < TARGET_LIST_P99_MS,
      },
    ]);
    const measured = [healthResult, tokenResult, sessionResult];
    if (churn) measured.push(churn.result);
    if (uncachedResult) measured.push(uncachedResult);
    printReport(machine, measured, targets);
    if (churn) {
      console.log(
        `  (info)  with a rename every ${CHURN_INTERVAL_MS} ms / health throughput: ${ratio(churn.result).toFixed(3)} ` +
          `(${churn.renames} renames; cache lookups ${JSON.stringify(churn.lookups)})`,
      );
    }
    if (uncachedResult) {
      console.log(`  (info)  cache off / health throughput: ${ratio(uncachedResult).toFixed(3)}`);
    }
    printWrites(writes, healthResult);

    const finishedAt = new Date().toISOString();
    const report = {
      benchmark: 'api',
      startedAt,
      finishedAt,
      machine,
      database: ENGINE,
      responseCache: CACHE ? (cacheActive ? 'on' : 'on (no effect: SQLite only)') : 'off',
      dataset: {
        tenants: TOTAL_TENANTS,
        distributors: DISTRIBUTORS,
        partnersPerDistributor: PARTNERS_PER_DISTRIBUTOR,
        tenantsPerPartner: TENANTS_PER_PARTNER,
        scopeTenants,
        seeding: 'service layer (createOrganisation), one transaction per organisation',
        seedSeconds: Math.round(seeded.seconds * 10) / 10,
      },
      load: {
        connections: CONNECTIONS,
        warmupSeconds: WARMUP_SECONDS,
        measureSeconds: MEASURE_SECONDS,
        writeClients: WRITE_CLIENTS,
      },
      baseline: healthResult,
      scopedListToken: tokenResult,
      scopedListSession: sessionResult,
      scopedListTokenCacheOff: CACHE ? uncachedResult : tokenResult,
      scopedListTokenUnderRenames: churn && {
        ...churn.result,
        renames: churn.renames,
        cacheLookups: churn.lookups,
      },
      writes,
      ratios: {
        token: ratio(tokenResult),
        session: ratio(sessionResult),
        tokenCacheOff: ratio(uncachedResult ?? tokenResult),
        tokenUnderRenames: churn && ratio(churn.result),
        writes: ratio(writes),
      },
      targets,
    };
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = join(RESULTS_DIR, `api-${ENGINE}-${finishedAt.replace(/:/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nresults: ${relative(process.cwd(), file)}`);
    if (targets.some((t) => !t.met)) console.log('MISSED: at least one target was not met (see above).');
    if (writes.serverErrors > 0) {
      console.error(`FAILED: ${writes.serverErrors} write requests answered 5xx or not at all (see above).`);
      process.exitCode = 1;
    }
  } finally {
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
