import { type Kysely, MysqlAdapter, PostgresAdapter } from 'kysely';
import type { DialectName } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';

/**
 * Multi-row statements for the ingest path. Kysely builds and compiles a query in tens of
 * microseconds, more than inserting a row costs; usage arrives by the thousand per window, so the
 * usage repositories write raw SQL with one `(?, ?, …)` group per row, a fixed batch size (the
 * SQLite statement cache then prepares each text once) and the engine's placeholder style.
 */

export function dialectOfExecutor(db: Kysely<Database>): DialectName {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof PostgresAdapter) return 'postgres';
  if (adapter instanceof MysqlAdapter) return 'mysql';
  return 'sqlite';
}

const cache = new Map<string, string>();

/** `(?, ?), (?, ?)` (or `($1, $2), ($3, $4)` on PostgreSQL) for rows × columns, numbered from `first`. */
export function placeholders(dialect: DialectName, rows: number, columns: number, first = 1): string {
  const key = `${dialect}|${rows}|${columns}|${first}`;
  let text = cache.get(key);
  if (text === undefined) {
    const groups: string[] = [];
    let n = first;
    for (let r = 0; r < rows; r++) {
      const slots: string[] = [];
      for (let c = 0; c < columns; c++) slots.push(dialect === 'postgres' ? `$${n++}` : '?');
      groups.push(`(${slots.join(', ')})`);
    }
    text = groups.join(', ');
    if (cache.size > 1000) cache.clear();
    cache.set(key, text);
  }
  return text;
}

/** Items read a slice at a time: an array, or rows expanded only as asked (packed-unit.ts). */
export interface Sliceable<T> {
  readonly length: number;
  slice(start: number, end: number): T[];
}

/** Runs `write` over consecutive batches of at most `size` items, one after another. */
export async function runBatches<T>(
  items: readonly T[] | Sliceable<T>,
  size: number,
  write: (batch: readonly T[]) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < items.length; i += size) {
    await write(items.slice(i, i + size));
  }
}
