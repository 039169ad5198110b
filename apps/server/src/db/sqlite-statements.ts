import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { type ChangeClock, tablesWrittenBy } from './change-clock.ts';

const CACHE_SIZE = 500;

type RowBuilder = (values: unknown[]) => Record<string, unknown>;

/**
 * better-sqlite3 behind Kysely, with two costs removed from every query:
 * - statements are prepared once per SQL text (a bounded cache), not on every execution;
 * - rows are read as arrays and turned into objects by a function compiled once per statement.
 *   V8 builds those fixed-shape objects several times faster than better-sqlite3's generic row
 *   objects, which dominated the cost of list endpoints (measured by bench/api.ts).
 * Streaming (`iterate`) gets a statement of its own, so a stream never shares state with a
 * cached statement run in between; DDL clears the cache, as it may change a statement's columns.
 * Every statement that changed rows is reported to `clock` after it ran (see change-clock.ts).
 */
export function withStatementCache(sqlite: BetterSqlite3.Database, clock: ChangeClock): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string): SqliteStatement {
      const cached = cache.get(sql);
      if (cached) return cached;
      // A schema change can change what `select *` returns: forget every compiled row shape.
      if (/^\s*(create|alter|drop)\s/i.test(sql)) cache.clear();
      const statement = wrap(sqlite, sql, clock);
      if (cache.size >= CACHE_SIZE) {
        cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}

function wrap(sqlite: BetterSqlite3.Database, sql: string, clock: ChangeClock): SqliteStatement {
  const stmt = sqlite.prepare(sql);
  const written = tablesWrittenBy(sql);
  // DDL and unrecognised statements count as writes even when they report no changed rows.
  const report = (changes: number) => {
    if (written !== undefined && (changes > 0 || written === 'all')) clock.wrote(written);
  };
  const run = (parameters: readonly unknown[]) => {
    const result = stmt.run(...parameters);
    report(result.changes);
    return result;
  };
  const iterate = (parameters: readonly unknown[]) => {
    // A stream of a write (`insert … returning`) is reported before it runs: conservative.
    report(1);
    return sqlite.prepare(sql).iterate(...parameters) as IterableIterator<unknown>;
  };
  if (!stmt.reader) {
    return { reader: false, all: (parameters) => stmt.all(...parameters), run, iterate };
  }
  stmt.raw(true);
  const build = rowBuilder(stmt.columns().map((c) => c.name));
  return {
    reader: true,
    all: (parameters) => {
      const rows = (stmt.all(...parameters) as unknown[][]).map(build);
      // A reader that writes is `insert/update … returning`: one row per changed row.
      report(rows.length);
      return rows;
    },
    run,
    iterate,
  };
}

/** `(v) => ({ "id": v[0], "name": v[1], … })`; a repeated column name keeps the last value. */
function rowBuilder(columns: string[]): RowBuilder {
  const body = columns.map((name, i) => `${JSON.stringify(name)}: v[${i}]`).join(', ');
  return new Function('v', `return { ${body} };`) as RowBuilder;
}
