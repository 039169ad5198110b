import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

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
 */
export function withStatementCache(sqlite: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string): SqliteStatement {
      const cached = cache.get(sql);
      if (cached) return cached;
      // A schema change can change what `select *` returns: forget every compiled row shape.
      if (/^\s*(create|alter|drop)\s/i.test(sql)) cache.clear();
      const statement = wrap(sqlite, sql);
      if (cache.size >= CACHE_SIZE) {
        cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}

function wrap(sqlite: BetterSqlite3.Database, sql: string): SqliteStatement {
  const stmt = sqlite.prepare(sql);
  if (!stmt.reader) {
    return {
      reader: false,
      all: (parameters) => stmt.all(...parameters),
      run: (parameters) => stmt.run(...parameters),
      iterate: (parameters) => sqlite.prepare(sql).iterate(...parameters) as IterableIterator<unknown>,
    };
  }
  stmt.raw(true);
  const build = rowBuilder(stmt.columns().map((c) => c.name));
  return {
    reader: true,
    all: (parameters) => (stmt.all(...parameters) as unknown[][]).map(build),
    run: (parameters) => stmt.run(...parameters),
    iterate: (parameters) => sqlite.prepare(sql).iterate(...parameters) as IterableIterator<unknown>,
  };
}

/** `(v) => ({ "id": v[0], "name": v[1], … })`; a repeated column name keeps the last value. */
function rowBuilder(columns: string[]): RowBuilder {
  const body = columns.map((name, i) => `${JSON.stringify(name)}: v[${i}]`).join(', ');
  return new Function('v', `return { ${body} };`) as RowBuilder;
}
