import type { Kysely } from 'kysely';

/**
 * A preview's digest of what an issue compares of its lines (modules/invoices invoice-content.ts
 * `linesDigest`): the issue compares it with the lines built again instead of reading the
 * preview's lines back (on MariaDB a sixth of issuing). Null for previews generated before it and
 * for every other document: the issue then reads the lines. Frozen once shipped.
 */
export function invoiceLinesDigest() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('invoices').addColumn('lines_digest', 'varchar(64)').execute();
    },
  };
}
