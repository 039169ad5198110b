/**
 * `npm run bench -- api`: throughput and latency of a scoped list (GET /api/v1/tenants as a
 * distributor administrator, with API-token and with session auth) against GET /healthz measured in the same run, on
 * the embedded database with 10,000 tenants, 50 concurrent connections over loopback.
 *
 * The health endpoint is the baseline: it goes through the same Fastify stack, hooks and socket
 * but touches no database, so list/health says what scoping, auth and the query cost on this
 * machine whatever its speed. Figures are reported, not asserted: a missed target prints MISSED
 * and still exits 0; anything that makes the figures meaningless (error responses, a server that
 * does not start) exits non-zero.
 *
 * The server runs as deployed, with the response cache on (http/response-cache.ts): repeated
 * pages are answered from it after authentication and authorisation. A second server with the
 * cache off measures the token list once more, so the query path's own cost stays visible.
 *
 * Set BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=bench/results") to pass extra
 * flags to the server process when investigating where the time goes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon, { type Result } from 'autocannon';
import { createPlatformAdmin, openApp } from '../apps/server/src/bootstrap.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import type { AppContext, RequestContext } from '../apps/server/src/context.ts';
import { actorFromUser, createApiToken } from '../apps/server/src/modules/auth/auth.service.ts';
import { hashPassword } from '../apps/server/src/modules/auth/passwords.ts';
import {
  createOrganisation,
  listOrganisations,
} from '../apps/server/src/modules/organisations/organisations.service.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_DIR = join(ROOT, 'bench', 'results');

// 10 × 10 × 100 = 10,000 tenants; the measured distributor sees 10 × 100 = 1,000 of them.
const DISTRIBUTORS = 10;
const PARTNERS_PER_DISTRIBUTOR = 10;
const TENANTS_PER_PARTNER = 100;
const TOTAL_TENANTS = DISTRIBUTORS * PARTNERS_PER_DISTRIBUTOR * TENANTS_PER_PARTNER;

const CONNECTIONS = 50;
const WARMUP_SECONDS = 2;
const MEASURE_SECONDS = 10;
// The API default page size; BENCH_PAGE_SIZE measures other page sizes.
const PAGE_SIZE = Number(process.env.BENCH_PAGE_SIZE ?? 50);

const TARGET_RATIO = 0.25;
const TARGET_LIST_P99_MS = 50;

// A fixed key: the data is throw-away, and a fixed value keeps the run reproducible.
const ENCRYPTION_KEY = Buffer.alloc(32, 11).toString('base64');

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

const elapsedSince = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

/** The request context the auth layer would build for this user (as in the test support). */
async function contextFor(app: AppContext, userId: string): Promise<RequestContext> {
  const user = await app.db.kysely
    .selectFrom('users')
    .selectAll()
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  return {
    app,
    actor: actorFromUser(user),
    requestId: 'bench',
    ip: '127.0.0.1',
    userAgent: 'bench',
  };
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
    | { id: string; adminId: string; adminEmail: string; partnerIds: Set<string> }
    | undefined;
  for (let d = 0; d < DISTRIBUTORS; d++) {
    const distributor = await createOrganisation(ctx, 'distributor', {
      name: `Distributor ${pad(d, 2)}`,
      administrators: admin(`d${d}`),
    });
    const partnerIds = new Set<string>();
    for (let p = 0; p < PARTNERS_PER_DISTRIBUTOR; p++) {
      const partner = await createOrganisation(ctx, 'partner', {
        name: `Partner ${pad(d, 2)}-${pad(p, 2)}`,
        distributorId: distributor.id,
        administrators: admin(`d${d}p${p}`),
      });
      partnerIds.add(partner.id);
      for (let t = 0; t < TENANTS_PER_PARTNER; t++) {
        await createOrganisation(ctx, 'tenant', {
          name: `Tenant ${pad(d, 2)}-${pad(p, 2)}-${pad(t, 3)}`,
          partnerId: partner.id,
          administrators: admin(`d${d}p${p}t${t}`),
        });
      }
    }
    firstDistributor ??= {
      id: distributor.id,
      adminId: distributor.administrators[0]!.id,
      adminEmail: distributor.administrators[0]!.email,
      partnerIds,
    };
    const done = (d + 1) * PARTNERS_PER_DISTRIBUTOR * TENANTS_PER_PARTNER;
    console.log(`  seeded ${done.toLocaleString('en')} tenants (${elapsedSince(start).toFixed(1)} s)`);
  }
  return { distributor: firstDistributor!, seconds: elapsedSince(start) };
}

/** Asks the OS for a free loopback port; the tiny race until the server binds it is acceptable here. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * The real server in its own process, as deployed: the load generator must not share its event
 * loop, or every figure would measure both at once.
 */
function startServer(env: Record<string, string>): ChildProcess {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('CMS_') && name !== 'DATABASE_URL'),
  );
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  return spawn(
    process.execPath,
    [...extra, '--import', 'tsx', join(ROOT, 'apps/server/src/main.ts'), 'serve'],
    { cwd: ROOT, env: { ...inherited, ...env }, stdio: ['ignore', 'inherit', 'inherit'] },
  );
}

async function waitUntilReady(child: ChildProcess, baseUrl: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The server exited before it was ready (${child.exitCode ?? child.signalCode})`);
    }
    try {
      const response = await fetch(`${baseUrl}/readyz`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The server was not ready within ${timeoutMs / 1000} s`);
}

/** SIGTERM lets the server close cleanly (and write a --cpu-prof profile); SIGKILL if it hangs. */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
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

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'cms-bench-api-'));
  const databaseUrl = `sqlite:${join(dataDir, 'cms.sqlite')}`;
  let server: ChildProcess | undefined;
  const cleanUp = async () => {
    if (server) await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
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
    const serverEnv = {
      DATABASE_URL: databaseUrl,
      CMS_DATA_DIR: dataDir,
      CMS_ENCRYPTION_KEY: ENCRYPTION_KEY,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
    };
    server = startServer(serverEnv);
    await waitUntilReady(server, baseUrl);

    const health: Endpoint = { name: 'health', path: '/healthz', headers: {} };
    const listPath = `/api/v1/tenants?limit=${PAGE_SIZE}`;
    const tokenList: Endpoint = {
      name: 'scoped list, API token',
      path: listPath,
      headers: { authorization: `Bearer ${token}` },
    };
    const sessionList: Endpoint = {
      name: 'scoped list, session',
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

    // The same list while a tenant is renamed every 100 ms: how the cache holds up under writes.
    const listed = (await (await fetch(`${baseUrl}${listPath}`, { headers: tokenList.headers })).json()) as {
      items: { id: string }[];
    };
    const lookupsBefore = await cacheLookups(baseUrl);
    const renaming = startRenaming(baseUrl, token, listed.items[0]!.id, CHURN_INTERVAL_MS);
    const churnResult = await load(baseUrl, {
      ...tokenList,
      name: `scoped list, API token, a rename every ${CHURN_INTERVAL_MS} ms`,
    });
    const renames = await renaming.stop();
    const lookupsAfter = await cacheLookups(baseUrl);
    const churnLookups = Object.fromEntries(
      ['hit', 'miss', 'stale'].map((result) => [
        result,
        (lookupsAfter[result] ?? 0) - (lookupsBefore[result] ?? 0),
      ]),
    );
    await stopServer(server);

    // The same list with the response cache off: every request runs the query (not a target,
    // the figure says what the cache is worth and what the database path costs).
    server = startServer({ ...serverEnv, CMS_RESPONSE_CACHE_MB: '0' });
    await waitUntilReady(server, baseUrl);
    const uncachedResult = await load(baseUrl, { ...tokenList, name: 'scoped list, API token, cache off' });
    await stopServer(server);
    server = undefined;

    const ratios = {
      token: tokenResult.requestsPerSecond / healthResult.requestsPerSecond,
      session: sessionResult.requestsPerSecond / healthResult.requestsPerSecond,
    };
    const targets: TargetResult[] = [tokenResult, sessionResult].flatMap((m) => {
      const ratio = m.requestsPerSecond / healthResult.requestsPerSecond;
      return [
        {
          name: `${m.endpoint} / health throughput`,
          target: `≥ ${TARGET_RATIO}`,
          actual: ratio.toFixed(3),
          met: ratio >= TARGET_RATIO,
        },
        {
          name: `${m.endpoint} p99`,
          target: `< ${TARGET_LIST_P99_MS} ms`,
          actual: `${m.latencyMs.p99} ms`,
          met: m.latencyMs.p99 < TARGET_LIST_P99_MS,
        },
      ];
    });
    printReport(machine, [healthResult, tokenResult, sessionResult, churnResult, uncachedResult], targets);
    console.log(
      `  (info)  with a rename every ${CHURN_INTERVAL_MS} ms / health throughput: ` +
        `${(churnResult.requestsPerSecond / healthResult.requestsPerSecond).toFixed(3)} ` +
        `(${renames} renames; cache lookups ${JSON.stringify(churnLookups)})`,
    );
    console.log(
      `  (info)  cache off / health throughput: ${(uncachedResult.requestsPerSecond / healthResult.requestsPerSecond).toFixed(3)}`,
    );

    const finishedAt = new Date().toISOString();
    const report = {
      benchmark: 'api',
      finishedAt,
      machine,
      database: 'sqlite (embedded)',
      dataset: {
        tenants: TOTAL_TENANTS,
        distributors: DISTRIBUTORS,
        partnersPerDistributor: PARTNERS_PER_DISTRIBUTOR,
        tenantsPerPartner: TENANTS_PER_PARTNER,
        scopeTenants,
        seeding: 'service layer (createOrganisation), one transaction per organisation',
        seedSeconds: Math.round(seeded.seconds * 10) / 10,
      },
      load: { connections: CONNECTIONS, warmupSeconds: WARMUP_SECONDS, measureSeconds: MEASURE_SECONDS },
      baseline: healthResult,
      scopedListToken: tokenResult,
      scopedListSession: sessionResult,
      scopedListTokenCacheOff: uncachedResult,
      scopedListTokenUnderRenames: { ...churnResult, renames, cacheLookups: churnLookups },
      ratios: {
        token: Math.round(ratios.token * 1000) / 1000,
        session: Math.round(ratios.session * 1000) / 1000,
        tokenCacheOff:
          Math.round((uncachedResult.requestsPerSecond / healthResult.requestsPerSecond) * 1000) / 1000,
        tokenUnderRenames:
          Math.round((churnResult.requestsPerSecond / healthResult.requestsPerSecond) * 1000) / 1000,
      },
      targets,
    };
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = join(RESULTS_DIR, `api-${finishedAt.replace(/:/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nresults: ${relative(process.cwd(), file)}`);
    if (targets.some((t) => !t.met)) console.log('MISSED: at least one target was not met (see above).');
  } finally {
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
