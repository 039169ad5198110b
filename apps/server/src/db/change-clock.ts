import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

/** Tables a computation read or a statement wrote; `'all'` when that cannot be told. */
export type TableSet = ReadonlySet<string> | 'all';

/**
 * Knows, for each table, when it was last written, on a sequence that only moves forward. A
 * result computed from tables T, started at `now()`, is still what the database holds as long as
 * `unchangedSince(stamp, T)`: the response cache (http/response-cache.ts) relies on it.
 *
 * SQLite only, where one connection serialises every statement: the statement wrapper
 * (sqlite-statements.ts) reports each write after it ran, and `PRAGMA data_version` reveals
 * commits by any other connection or process (the CLI, a second server), which count as writes
 * to every table. A write is reported when its statement ran, before its transaction commits;
 * a reader started after that waits for the commit on the same connection, so it never sees less.
 */
export class ChangeClock {
  #seq = 0;
  #everythingAt = 0;
  readonly #tableAt = new Map<string, number>();
  #externalVersion: number;

  /** `readDataVersion` is `PRAGMA data_version` on the connection whose writes are reported here. */
  constructor(private readonly readDataVersion: () => number) {
    this.#externalVersion = readDataVersion();
  }

  /** A stamp to take before reading. */
  now(): number {
    this.#noticeExternalWrites();
    return this.#seq;
  }

  wrote(tables: string | 'all'): void {
    this.#seq += 1;
    if (tables === 'all') this.#everythingAt = this.#seq;
    else this.#tableAt.set(tables, this.#seq);
  }

  /** True while no table in `tables` has been written since `stamp` was taken. */
  unchangedSince(stamp: number, tables: TableSet): boolean {
    this.#noticeExternalWrites();
    if (this.#everythingAt > stamp) return false;
    if (tables === 'all') return this.#seq <= stamp;
    for (const table of tables) {
      if ((this.#tableAt.get(table) ?? 0) > stamp) return false;
    }
    return true;
  }

  #noticeExternalWrites(): void {
    const version = this.readDataVersion();
    if (version !== this.#externalVersion) {
      this.#externalVersion = version;
      this.wrote('all');
    }
  }
}

/**
 * What a SQL statement can change: one table (`insert into "t"`, `update "t"`), every table
 * (anything else that is not a plain read: deletes, whose foreign keys could reach other tables,
 * DDL, statements we do not recognise), or nothing (reads and transaction control).
 */
export function tablesWrittenBy(sql: string): string | 'all' | undefined {
  const target = /^\s*(?:insert\s+(?:or\s+\w+\s+)?into|update(?:\s+or\s+\w+)?)\s+"([^"]+)"/i.exec(sql);
  if (target) return target[1];
  if (/^\s*(?:select|begin|commit|rollback|savepoint|release|explain)\b/i.test(sql)) return undefined;
  if (/^\s*with\b/i.test(sql) && !/\b(?:insert|update|delete|replace)\b/i.test(sql)) return undefined;
  return 'all';
}

/**
 * Records the tables the queries run through a Kysely instance read: add it with
 * `kysely.withPlugin(recorder)` around one computation. A query it cannot see into (raw SQL that
 * names tables, or a query compiled elsewhere and run as is) makes the set `'all'`.
 */
export class ReadRecorder implements KyselyPlugin {
  readonly #tables = new Set<string>();
  readonly #seen = new Set<unknown>();
  #everything = false;

  get tables(): TableSet {
    return this.#everything ? 'all' : this.#tables;
  }

  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    this.#seen.add(queryId);
    if (!collectTables(node, this.#tables)) this.#everything = true;
    return node;
  }

  async transformResult({ result, queryId }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    // Only compiled queries (`executeQuery(CompiledQuery)`) skip transformQuery.
    if (!this.#seen.delete(queryId)) this.#everything = true;
    return result;
  }
}

/**
 * Adds every table an operation node tree names to `into`. Returns false when the tree holds raw
 * SQL that may name tables itself (a `from` or `join` in its text), which cannot be read here.
 */
function collectTables(node: unknown, into: Set<string>): boolean {
  if (Array.isArray(node)) return node.every((child) => collectTables(child, into));
  if (node === null || typeof node !== 'object') return true;
  const kind = (node as { kind?: unknown }).kind;
  // Values are data (strings, numbers, buffers), never table names.
  if (kind === 'ValueNode' || kind === 'PrimitiveValueListNode') return true;
  if (kind === 'TableNode') {
    into.add((node as { table: { identifier: { name: string } } }).table.identifier.name);
    return true;
  }
  if (
    kind === 'RawNode' &&
    (node as { sqlFragments: string[] }).sqlFragments.some((f) => /\b(?:from|join)\b/i.test(f))
  ) {
    return false;
  }
  return Object.values(node).every((child) => collectTables(child, into));
}
