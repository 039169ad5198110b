import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, Kysely, MysqlDialect, PostgresDialect, SqliteDialect } from 'kysely';
import { createPool } from 'mysql2';
import pg from 'pg';
import { ChangeClock } from './change-clock.ts';
import { decimalSumAggregate } from './decimal-sum.ts';
import type { Database } from './schema.ts';
import { withStatementCache } from './sqlite-statements.ts';
import { DEFAULT_TRANSACTION_ATTEMPTS } from './transaction.ts';

export type DialectName = 'sqlite' | 'mysql' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  /**
   * When each table was last written (SQLite only: with a pool of connections, or several
   * processes, on MySQL/PostgreSQL there is no cheap exact answer).
   */
  changes?: ChangeClock;
  /** How often `transaction()` runs a transaction at most when it is aborted by a deadlock. */
  transactionAttempts: number;
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
export function openDatabase(
  url: string,
  options: { poolSize?: number; transactionAttempts?: number } = {},
): Db {
  const dialect = dialectOf(url);
  const transactionAttempts = options.transactionAttempts ?? DEFAULT_TRANSACTION_ATTEMPTS;
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
    // 64 MB of page cache (the default is 2 MB): a collected window writes a few MB of rows and
    // index pages in one transaction, which would otherwise spill to the file before the commit.
    sqlite.pragma('cache_size = -65536');
    // Exact SUM over decimal text columns (db/decimal-sum.ts): rating and reports sum in SQL on every engine.
    sqlite.aggregate('decimal_sum', decimalSumAggregate);
    const dataVersion = sqlite.prepare('pragma data_version').pluck();
    const changes = new ChangeClock(() => dataVersion.get() as number);
    const kysely = new Kysely<Database>({
      dialect: new SqliteDialect({ database: withStatementCache(sqlite, changes) }),
    });
    return { kysely, dialect, changes, transactionAttempts, destroy: () => kysely.destroy() };
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
    // READ COMMITTED: InnoDB's default REPEATABLE READ takes gap locks on every search of an
    // update and reads a transaction-long snapshot, which made concurrent moves and user creations
    // deadlock. The invariants are carried by explicit row locks instead (ARCHITECTURE.md, Concurrency).
    const kysely = new Kysely<Database>({
      dialect: new MysqlDialect({
        pool,
        onCreateConnection: (connection) =>
          connection
            .executeQuery(CompiledQuery.raw('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED'))
            .then(() => {}),
      }),
    });
    return { kysely, dialect, transactionAttempts, destroy: () => kysely.destroy() };
  }
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  // An idle pooled connection that the server closes (a restart, a failover, an admin killing it)
  // emits 'error' on the pool; unheard, that would crash the process. The pool drops the client and
  // the next query opens a new connection, so there is nothing to do but not crash.
  pool.on('error', () => {});
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { kysely, dialect, transactionAttempts, destroy: () => kysely.destroy() };
}

/** COUNT(*) is a number on SQLite and a string on MySQL/PostgreSQL (BIGINT kept exact). */
export function toCount(value: string | number | bigint | null | undefined): number {
  return Number(value ?? 0);
}
