import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

const CACHE_SIZE = 500;
/** Below this many columns, packing a row into JSON costs more than it saves (bench/api.ts). */
const PACK_MIN_COLUMNS = 6;

type RowBuilder = (values: unknown[]) => Record<string, unknown>;

/**
 * better-sqlite3 behind Kysely, with the costs that dominated list endpoints removed
 * (measured by bench/api.ts):
 * - statements are prepared once per SQL text (a bounded cache), not on every execution;
 * - rows are turned into objects by a function compiled once per statement; V8 builds those
 *   fixed-shape objects several times faster than better-sqlite3's generic row objects;
 * - wide rows cross from SQLite to JavaScript as one JSON text each (`json_array(...)`, parsed
 *   by V8) instead of one native value per column, which is about twice as fast for a page of
 *   25-column rows. SQLite's JSON keeps integers, round-trips reals and cannot hold blobs, so a
 *   statement that meets a blob falls back to plain rows for good.
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
  const iterate = (parameters: readonly unknown[]) =>
    sqlite.prepare(sql).iterate(...parameters) as IterableIterator<unknown>;
  if (!stmt.reader) {
    return {
      reader: false,
      all: (parameters) => stmt.all(...parameters),
      run: (parameters) => stmt.run(...parameters),
      iterate,
    };
  }
  stmt.raw(true);
  const columns = stmt.columns();
  const build = rowBuilder(columns.map((c) => c.name));
  const plain = (parameters: readonly unknown[]) => (stmt.all(...parameters) as unknown[][]).map(build);
  let all = plain;
  const packed = packedStatement(sqlite, sql, columns);
  if (packed) {
    all = (parameters) => {
      try {
        return (packed.all(...parameters) as string[]).map((json) => build(JSON.parse(json)));
      } catch (error) {
        if (!(error instanceof Error && /JSON cannot hold BLOB/i.test(error.message))) throw error;
        all = plain;
        return plain(parameters);
      }
    };
  }
  return {
    reader: true,
    all: (parameters) => all(parameters),
    run: (parameters) => stmt.run(...parameters),
    iterate,
  };
}

/**
 * The same query with each row as one JSON array: `WITH q(c0, …) AS (<sql>) SELECT json_array(c0,
 * …) FROM q`. The column list renames by position, so repeated or odd column names are safe, and
 * SQLite keeps the inner ORDER BY and LIMIT. Only plain SELECTs of declared, non-blob columns
 * are packed: expressions (`count(*)`) have no declared type and could be anything.
 */
function packedStatement(
  sqlite: BetterSqlite3.Database,
  sql: string,
  columns: BetterSqlite3.ColumnDefinition[],
): BetterSqlite3.Statement | undefined {
  if (columns.length < PACK_MIN_COLUMNS || !/^\s*select\s/i.test(sql)) return undefined;
  if (columns.some((c) => c.type === null || /blob/i.test(c.type))) return undefined;
  const names = columns.map((_, i) => `c${i}`).join(', ');
  return sqlite.prepare(`with q(${names}) as (${sql}) select json_array(${names}) from q`).pluck();
}

/** `(v) => ({ "id": v[0], "name": v[1], … })`; a repeated column name keeps the last value. */
function rowBuilder(columns: string[]): RowBuilder {
  const body = columns.map((name, i) => `${JSON.stringify(name)}: v[${i}]`).join(', ');
  return new Function('v', `return { ${body} };`) as RowBuilder;
}
