import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../../src/context.ts';

/**
 * Columns that legitimately change when a request merely authenticates: they record when a
 * credential was last used (at most once a minute), not a change to the data.
 */
const VOLATILE_COLUMNS: Record<string, readonly string[]> = {
  api_tokens: ['last_used_at'],
  sessions: ['last_seen_at'],
};

/** A fingerprint of every row of every table, to prove a request changed nothing. */
export async function snapshotDatabase(app: AppContext): Promise<string> {
  const hash = createHash('sha256');
  for (const [table, fingerprint] of Object.entries(await snapshotTables(app))) {
    hash.update(`${table}\n${fingerprint}\n`);
  }
  return hash.digest('hex');
}

/** A fingerprint of each table's rows, by table name (to say which tables a request changed). */
export async function snapshotTables(app: AppContext): Promise<Record<string, string>> {
  // Let the outbox finish what is due first: an e-mail a test has just received may not be marked
  // sent yet, and that row changing between two snapshots is not the request under test.
  await app.mail.dispatchNow();
  const db = app.db.kysely;
  const tables = (await db.introspection.getTables())
    .map((t) => t.name)
    .filter((n) => !n.startsWith('cms_migrations'));
  const out: Record<string, string> = {};
  for (const table of tables.sort()) {
    const result = await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by 1`.execute(
      db,
    );
    const volatile = VOLATILE_COLUMNS[table] ?? [];
    const hash = createHash('sha256');
    for (const row of result.rows) {
      for (const column of volatile) delete row[column];
      hash.update(`${JSON.stringify(row)}\n`);
    }
    out[table] = hash.digest('hex');
  }
  return out;
}

/** The tables whose rows differ between two snapshots. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after })
    .filter((table) => before[table] !== after[table])
    .sort();
}
