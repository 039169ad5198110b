import { type Kysely, MysqlAdapter, type SelectQueryBuilder, SqliteAdapter, sql } from 'kysely';
import { AppError } from '../http/errors.ts';
import type { Db } from './database.ts';
import { isUniqueViolation } from './errors.ts';
import type { Database } from './schema.ts';

/** How often a transaction runs at most when the engine aborts it for a deadlock or serialisation failure. */
export const DEFAULT_TRANSACTION_ATTEMPTS = 5;

/**
 * The one way to run a write transaction. The engine may abort a transaction to break a deadlock
 * (MySQL/MariaDB 1213, PostgreSQL 40P01) or a serialisation conflict (40001), or refuse a write
 * while another connection holds the database (SQLite SQLITE_BUSY*): the work is then rolled back
 * and run again from the start, up to `db.transactionAttempts` times, after a jittered pause so
 * the two contenders do not collide again. `work` must therefore do nothing outside the database
 * that a second run would repeat (collect results from its return value).
 *
 * A lock wait timeout (MySQL/MariaDB 1205) is not retried: the request has already waited the
 * whole timeout (50 s by default) and a retry would double it. It, and a retry budget that runs
 * out, answer 503 `busy` with Retry-After. A unique violation that escapes the work (two writers
 * claiming one name at the same moment) is a 409, never a 500.
 */
export async function transaction<T>(db: Db, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.kysely.transaction().execute(work);
    } catch (error) {
      if (isRetryable(error) && attempt < db.transactionAttempts) {
        await sleep(backoffMs(attempt));
        continue;
      }
      if (isRetryable(error) || isLockWaitTimeout(error)) {
        throw new AppError('busy', 'The database is busy with conflicting changes; try again shortly.', [], {
          retryAfterSeconds: 1,
        });
      }
      if (isUniqueViolation(error)) {
        throw new AppError('conflict', 'A concurrent change conflicts with this one; reload and try again.');
      }
      throw error;
    }
  }
}

/** Deadlock or serialisation failure: the engine rolled the transaction back, running it again may succeed. */
export function isRetryable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; errno?: unknown };
  return (
    e.errno === 1213 ||
    e.code === 'ER_LOCK_DEADLOCK' ||
    e.code === '40001' ||
    e.code === '40P01' ||
    (typeof e.code === 'string' && e.code.startsWith('SQLITE_BUSY'))
  );
}

function isLockWaitTimeout(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; errno?: unknown };
  return e.errno === 1205 || e.code === 'ER_LOCK_WAIT_TIMEOUT';
}

/** Exponential backoff with full jitter: 0–20 ms, 0–40 ms, 0–80 ms… capped at 320 ms. */
function backoffMs(attempt: number): number {
  return Math.random() * Math.min(320, 10 * 2 ** attempt);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Makes a SELECT a locking read (`FOR UPDATE`) on MySQL/MariaDB and PostgreSQL; a no-op on
 * SQLite, where a writing transaction already holds the database's single write lock and the one
 * in-process connection (see ARCHITECTURE.md, Concurrency). Use as `.$call(forUpdate(trx))`.
 */
export function forUpdate(trx: Kysely<Database>) {
  const locks = !(trx.getExecutor().adapter instanceof SqliteAdapter);
  return <DB, TB extends keyof DB, O>(qb: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O> =>
    locks ? qb.forUpdate() : qb;
}

/**
 * Makes a SELECT a shared locking read on MySQL/MariaDB (`LOCK IN SHARE MODE`, which MariaDB
 * understands and MySQL 8 still accepts) and PostgreSQL (`FOR SHARE`); a no-op on SQLite. Shared
 * locks coexist, so writers that only copy from a row (the chain of a new child) run side by side,
 * while a writer that changes, moves or deletes the row (FOR UPDATE) waits for all of them.
 * A transaction that share-locks a row must never lock it FOR UPDATE later (two such would deadlock).
 */
export function forShare(trx: Kysely<Database>) {
  const adapter = trx.getExecutor().adapter;
  return <DB, TB extends keyof DB, O>(qb: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O> => {
    if (adapter instanceof SqliteAdapter) return qb;
    if (adapter instanceof MysqlAdapter) return qb.modifyEnd(sql`lock in share mode`);
    return qb.forShare();
  };
}
