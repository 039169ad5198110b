import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import pg from 'pg';
import { inject } from 'vitest';

/**
 * The database engines every repository/service suite runs on. MySQL/MariaDB and PostgreSQL
 * come from the machine (CMS_TEST_MYSQL_URL / CMS_TEST_POSTGRES_URL name an account that may
 * create databases); each test file creates its own databases and drops them afterwards.
 */
export type EngineName = 'sqlite' | 'mysql' | 'postgres';
export const ALL_ENGINES: readonly EngineName[] = ['sqlite', 'mysql', 'postgres'];

export const MYSQL_ADMIN_URL = process.env.CMS_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
export const POSTGRES_ADMIN_URL =
  process.env.CMS_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Engines to run, and why any is missing (decided once by the global setup). */
export function availableEngines(): EngineName[] {
  return inject('availableEngines') as EngineName[];
}

export interface TestDatabase {
  engine: EngineName;
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(engine: EngineName): Promise<TestDatabase> {
  const name = `cms_t_${randomBytes(6).toString('hex')}`;
  if (engine === 'sqlite') {
    const file = join(tmpdir(), `${name}.sqlite`);
    return {
      engine,
      url: `sqlite:${file}`,
      drop: async () => {
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
      },
    };
  }
  if (engine === 'mysql') {
    const admin = await createConnection(MYSQL_ADMIN_URL);
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
    return {
      engine,
      url: `${MYSQL_ADMIN_URL.replace(/\/$/, '')}/${name}`,
      drop: async () => {
        const conn = await createConnection(MYSQL_ADMIN_URL);
        await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
        await conn.end();
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
    drop: async () => {
      const conn = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await conn.connect();
      // Connections closed a moment ago may still be ending on the server: wait for them rather
      // than killing them, and force only as a last resort.
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
    },
  };
}

/** Can we reach the engine's server? (SQLite is embedded and always there.) */
export async function probeEngine(engine: EngineName): Promise<string | null> {
  try {
    if (engine === 'mysql') {
      const conn = await createConnection({ uri: MYSQL_ADMIN_URL, connectTimeout: 3000 });
      await conn.end();
    } else if (engine === 'postgres') {
      const conn = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
      await conn.connect();
      await conn.end();
    }
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

export function tempDataDir(): string {
  return join(tmpdir(), `cms_data_${randomBytes(6).toString('hex')}`);
}
