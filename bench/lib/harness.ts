/**
 * What the benchmarks share: their command-line options, a throw-away database on the chosen
 * engine, the real server in its own process, and the request context the auth layer would build
 * (for seeding through the service layer).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConnection } from 'mysql2/promise';
import pg from 'pg';
import { createPlatformAdmin, openApp } from '../../apps/server/src/bootstrap.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import type { AppContext, RequestContext } from '../../apps/server/src/context.ts';
import type { Db } from '../../apps/server/src/db/database.ts';
import { actorFromUser, createApiToken } from '../../apps/server/src/modules/auth/auth.service.ts';
import { createOrganisation } from '../../apps/server/src/modules/organisations/organisations.service.ts';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RESULTS_DIR = join(ROOT, 'bench', 'results');

export type Engine = 'sqlite' | 'mysql' | 'postgres';

const ENGINE_ALIASES: Record<string, Engine> = {
  sqlite: 'sqlite',
  mysql: 'mysql',
  mariadb: 'mysql',
  postgres: 'postgres',
  postgresql: 'postgres',
  pg: 'postgres',
};

/**
 * `--name=value` and `--flag` arguments (scripts/bench.mjs passes them through from
 * `npm run bench -- api --engine=postgres`); each option also reads BENCH_<NAME> from the
 * environment, and the command line wins.
 */
export function readOptions(argv: string[] = process.argv.slice(2)) {
  const given = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`Unexpected argument "${arg}" (options look like --name=value)`);
    given.set(match[1]!, match[2] ?? 'true');
  }
  const used = new Set<string>();
  const raw = (name: string): string | undefined => {
    used.add(name);
    return given.get(name) ?? process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
  };
  return {
    string(name: string, fallback: string): string {
      return raw(name) ?? fallback;
    },
    number(name: string, fallback: number): number {
      const value = raw(name);
      if (value === undefined) return fallback;
      if (!/^\d+$/.test(value) || Number(value) < 1) {
        throw new Error(`--${name} must be a positive whole number (got "${value}")`);
      }
      return Number(value);
    },
    /** `--cache=off` / `BENCH_CACHE=off`; also 0/false/no. */
    onOff(name: string, fallback: boolean): boolean {
      const value = raw(name);
      if (value === undefined) return fallback;
      if (['on', 'true', '1', 'yes'].includes(value)) return true;
      if (['off', 'false', '0', 'no'].includes(value)) return false;
      throw new Error(`--${name} must be on or off (got "${value}")`);
    },
    engine(): Engine {
      const value = (raw('engine') ?? 'sqlite').toLowerCase();
      const engine = ENGINE_ALIASES[value];
      if (!engine) throw new Error(`--engine must be sqlite, mysql (mariadb) or postgres (got "${value}")`);
      return engine;
    },
    /** Call after reading every option: a misspelt option must not silently measure the default. */
    rejectUnknown(): void {
      const unknown = [...given.keys()].filter((name) => !used.has(name));
      if (unknown.length > 0) {
        throw new Error(
          `Unknown option${unknown.length > 1 ? 's' : ''}: ${unknown.map((n) => `--${n}`).join(', ')}`,
        );
      }
    },
  };
}

export const MYSQL_ADMIN_URL = process.env.CMS_BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
export const POSTGRES_ADMIN_URL =
  process.env.CMS_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  engine: Engine;
  url: string;
  /** Where the server keeps its files (the SQLite database itself on that engine). */
  dataDir: string;
  /** Drops the database (or deletes the SQLite files); safe to call more than once. */
  drop(): Promise<void>;
}

/** A fresh, empty database of its own on the engine; `drop()` leaves nothing behind. */
export async function createBenchDatabase(engine: Engine, label: string): Promise<BenchDatabase> {
  const dataDir = mkdtempSync(join(os.tmpdir(), `cms-bench-${label}-`));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (engine === 'sqlite') {
    return { engine, url: `sqlite:${join(dataDir, 'cms.sqlite')}`, dataDir, drop: async () => removeDir() };
  }
  const name = `cms_bench_${randomBytes(5).toString('hex')}`;
  let dropped = false;
  if (engine === 'mysql') {
    const admin = await createConnection(MYSQL_ADMIN_URL);
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
    return {
      engine,
      url: `${MYSQL_ADMIN_URL.replace(/\/$/, '')}/${name}`,
      dataDir,
      drop: async () => {
        if (dropped) return;
        const conn = await createConnection(MYSQL_ADMIN_URL);
        await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
        await conn.end();
        dropped = true;
        removeDir();
      },
    };
  }
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    engine,
    url: url.toString(),
    dataDir,
    drop: async () => {
      if (dropped) return;
      const conn = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await conn.connect();
      // The server's connections may still be closing: wait for them, force only as a last resort.
      for (let attempt = 0; ; attempt++) {
        try {
          await conn.query(`DROP DATABASE IF EXISTS ${name}${attempt >= 50 ? ' WITH (FORCE)' : ''}`);
          break;
        } catch (error) {
          if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      await conn.end();
      dropped = true;
      removeDir();
    },
  };
}

/** Asks the OS for a free loopback port; the tiny race until the server binds it is acceptable here. */
export function freePort(): Promise<number> {
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
 * loop, or every figure would measure both at once. It always listens on 127.0.0.1.
 */
export function startServer(env: Record<string, string>): ChildProcess {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('CMS_') && name !== 'DATABASE_URL'),
  );
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  return spawn(
    process.execPath,
    [...extra, '--import', 'tsx', join(ROOT, 'apps/server/src/main.ts'), 'serve'],
    { cwd: ROOT, env: { ...inherited, ...env, HOST: '127.0.0.1' }, stdio: ['ignore', 'inherit', 'inherit'] },
  );
}

export async function waitUntilReady(
  child: ChildProcess,
  baseUrl: string,
  timeoutMs = 60_000,
): Promise<void> {
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
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** The request context the auth layer would build for this user (as in the test support). */
export async function contextFor(app: AppContext, userId: string): Promise<RequestContext> {
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

export const elapsedSince = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

/** The value at quantile q (0–1) of ascending-sorted numbers, nearest rank. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** A fixed key: the data is throw-away, and a fixed value keeps runs reproducible. */
export const ENCRYPTION_KEY = Buffer.alloc(32, 11).toString('base64');

/**
 * The real server on `database`, started and ready on a free loopback port (the fixed encryption
 * key, logs at `fatal` unless `env` says otherwise).
 */
export async function startServerOn(
  database: BenchDatabase,
  env: Record<string, string> = {},
): Promise<{ server: ChildProcess; baseUrl: string }> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = startServer({
    DATABASE_URL: database.url,
    CMS_DATA_DIR: database.dataDir,
    CMS_ENCRYPTION_KEY: ENCRYPTION_KEY,
    PORT: String(port),
    LOG_LEVEL: 'fatal',
    ...env,
  });
  await waitUntilReady(server, baseUrl);
  return { server, baseUrl };
}

/**
 * Writes the starting world of a black-box check through the service layer (as the API would
 * write it), before the server starts: a platform administrator, then distributors, partners and
 * tenants, each with one administrator, and API tokens for the administrators that need one.
 * Close it before starting the server.
 */
export async function openSeeder(database: BenchDatabase) {
  const app = await openApp(
    loadConfig({
      DATABASE_URL: database.url,
      CMS_DATA_DIR: database.dataDir,
      CMS_ENCRYPTION_KEY: ENCRYPTION_KEY,
      LOG_LEVEL: 'silent',
    }),
    () => {},
  );
  const { userId } = await createPlatformAdmin(app, { email: 'root@seed.bench.test' });
  const root = await contextFor(app, userId);
  let admins = 0;
  const administrators = () => {
    admins += 1;
    return [{ firstName: 'Seed', lastName: 'Admin', email: `admin${admins}@seed.bench.test` }];
  };
  const tokenOf = async (adminId: string) =>
    (await createApiToken(await contextFor(app, adminId), { name: 'bench' })).token;
  return {
    /** A distributor and its administrator's API token. */
    async distributor(name: string): Promise<{ id: string; token: string }> {
      const org = await createOrganisation(root, 'distributor', { name, administrators: administrators() });
      return { id: org.id, token: await tokenOf(org.administrators[0]!.id) };
    },
    /** A partner and its administrator's API token. */
    async partner(name: string, distributorId: string): Promise<{ id: string; token: string }> {
      const org = await createOrganisation(root, 'partner', {
        name,
        distributorId,
        administrators: administrators(),
      });
      return { id: org.id, token: await tokenOf(org.administrators[0]!.id) };
    },
    async tenant(name: string, partnerId: string): Promise<{ id: string }> {
      const org = await createOrganisation(root, 'tenant', {
        name,
        partnerId,
        administrators: administrators(),
      });
      return { id: org.id };
    },
    close: () => app.db.destroy(),
  };
}

export interface Answer {
  /** 0 when no answer came (refused, reset or timed out): a failure like a 5xx. */
  status: number;
  json: Record<string, unknown> | undefined;
  /** The local port of the connection it went over, to show which connection carried it. */
  localPort: number | undefined;
}

/**
 * A client of its own over one keep-alive connection (an agent with a single socket), so requests
 * fired together from two of them really arrive on two connections, and a warmed-up connection
 * sends its request at once instead of connecting first.
 */
export function connectionClient(baseUrl: string, token: string, timeoutMs = 30_000) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const send = (method: string, path: string, body?: unknown): Promise<Answer> =>
    new Promise((resolve) => {
      // A JSON content type without a body is refused (400), so DELETEs send none.
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (payload !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = String(Buffer.byteLength(payload));
      }
      const req = httpRequest(`${baseUrl}${path}`, { method, headers, agent, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, unknown> | undefined;
          try {
            json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, json, localPort: req.socket?.localPort });
        });
        res.on('error', () => resolve({ status: 0, json: undefined, localPort: undefined }));
      });
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', () => resolve({ status: 0, json: undefined, localPort: undefined }));
      req.end(payload);
    });
  return { send, close: () => agent.destroy() };
}

export type ConnectionClient = ReturnType<typeof connectionClient>;

/** The organisation tree and the rows that copy its chain, as the database holds them now. */
export async function readTree(db: Db) {
  const orgs = await db.kysely
    .selectFrom('organisations')
    .select([
      'id',
      'kind',
      'name',
      'parent_id',
      'name_key',
      'deleted_at',
      'distributor_id',
      'partner_id',
      'tenant_id',
    ])
    .execute();
  const orgById = new Map(orgs.map((org) => [org.id, org]));
  const subscriptions = await db.kysely
    .selectFrom('subscriptions')
    .select(['id', 'tenant_id', 'partner_id', 'distributor_id', 'deleted_at'])
    .execute();
  const users = await db.kysely
    .selectFrom('users')
    .select(['id', 'org_id', 'distributor_id', 'partner_id', 'tenant_id', 'deleted_at'])
    .where(
      'org_id',
      'in',
      orgs.filter((org) => org.kind === 'tenant' || org.kind === 'partner').map((org) => org.id),
    )
    .execute();
  return { orgs, orgById, subscriptions, users };
}

export type Tree = Awaited<ReturnType<typeof readTree>>;

/** An organisation's chain as `distributor/partner/tenant`, the form rows are compared in. */
export function chainOf(tree: Tree, orgId: string): string {
  const org = tree.orgById.get(orgId);
  return org ? `${org.distributor_id}/${org.partner_id}/${org.tenant_id}` : 'missing organisation';
}

/**
 * Rows whose chain differs from their organisation's (subscriptions and users, deleted or not),
 * tenants whose chain differs from their parent partner's, and live subscriptions and users under
 * a deleted organisation.
 */
export function treeFaults(tree: Tree) {
  const { orgs, orgById, subscriptions, users } = tree;
  const chain = (row: {
    distributor_id: string | null;
    partner_id: string | null;
    tenant_id: string | null;
  }) => `${row.distributor_id}/${row.partner_id}/${row.tenant_id}`;
  return {
    subscriptionChains: subscriptions.filter((s) => chain(s) !== chainOf(tree, s.tenant_id)),
    userChains: users.filter((u) => chain(u) !== chainOf(tree, u.org_id)),
    tenantChains: orgs.filter((org) => {
      if (org.kind !== 'tenant') return false;
      const parent = orgById.get(org.parent_id ?? '');
      return (
        !parent ||
        org.partner_id !== parent.id ||
        org.distributor_id !== parent.distributor_id ||
        org.tenant_id !== org.id
      );
    }),
    orphanSubscriptions: subscriptions.filter(
      (s) => s.deleted_at === null && orgById.get(s.tenant_id)?.deleted_at !== null,
    ),
    orphanUsers: users.filter((u) => u.deleted_at === null && orgById.get(u.org_id)?.deleted_at !== null),
  };
}
