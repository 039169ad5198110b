import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, MysqlDialect, PostgresDialect, SqliteDialect } from 'kysely';
import { createPool } from 'mysql2';
import pg from 'pg';
import { ChangeClock } from './change-clock.ts';
import type { Database } from './schema.ts';
import { withStatementCache } from './sqlite-statements.ts';

export type DialectName = 'sqlite' | 'mysql' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  /**
   * When each table was last written (SQLite only: with a pool of connections, or several
   * processes, on MySQL/PostgreSQL there is no cheap exact answer).
   */
  changes?: ChangeClock;
  destroy(): Promise<void>;
}

export function dialectOf(url: string): DialectName {
  if (url.startsWith('sqlite:')) return 'sqlite';
  if (url.startsWith('mysql:') || url.startsWith('mariadb:')) return 'mysql';
  if (url.startsWith('postgres:') || url.startsWith('postgresql:')) return 'postgres';
  throw new Error(
    `DATABASE_URL must start with sqlite:, mysql:, mariadb: or postgres: (got "${url.split(':')[0]}:")`,
  );
}

/**
 * Opens the database named by the URL. Driver options are chosen so that no engine loses
 * precision or shifts time: decimals and BIGINTs come back as strings, MySQL talks UTC.
 */
export function openDatabase(url: string, options: { poolSize?: number } = {}): Db {
  const dialect = dialectOf(url);
  if (dialect === 'sqlite') {
    const file = url.slice('sqlite:'.length);
    if (file !== ':memory:') {
      mkdirSync(dirname(file), { recursive: true });
    }
    const sqlite = new SqliteDatabase(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    const dataVersion = sqlite.prepare('pragma data_version').pluck();
    const changes = new ChangeClock(() => dataVersion.get() as number);
    const kysely = new Kysely<Database>({
      dialect: new SqliteDialect({ database: withStatementCache(sqlite, changes) }),
    });
    return { kysely, dialect, changes, destroy: () => kysely.destroy() };
  }
  if (dialect === 'mysql') {
    const pool = createPool({
      uri: url.replace(/^mariadb:/, 'mysql:'),
      connectionLimit: options.poolSize ?? 10,
      supportBigNumbers: true,
      bigNumberStrings: true,
      decimalNumbers: false,
      timezone: 'Z',
      dateStrings: true,
      charset: 'utf8mb4',
    });
    const kysely = new Kysely<Database>({ dialect: new MysqlDialect({ pool }) });
    return { kysely, dialect, destroy: () => kysely.destroy() };
  }
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  // An idle pooled connection that the server closes (a restart, a failover, an admin killing it)
  // emits 'error' on the pool; unheard, that would crash the process. The pool drops the client and
  // the next query opens a new connection, so there is nothing to do but not crash.
  pool.on('error', () => {});
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { kysely, dialect, destroy: () => kysely.destroy() };
}

/** COUNT(*) is a number on SQLite and a string on MySQL/PostgreSQL (BIGINT kept exact). */
export function toCount(value: string | number | bigint | null | undefined): number {
  return Number(value ?? 0);
}
