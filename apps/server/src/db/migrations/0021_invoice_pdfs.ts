import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.ts';
import { type ColumnTypes, columnTypes } from './column-types.ts';

/**
 * The PDF of every issued invoice, credit note and statement, as it was rendered when it was issued
 * (modules/invoices): the file the tenant received, served and e-mailed byte for byte ever after,
 * whatever later happens to the branding, the Invoice Settings or the renderer. Frozen once shipped.
 */
export function invoicePdfs(dialect: DialectName) {
  const t: ColumnTypes = columnTypes(dialect);
  // MySQL's BLOB stops at 64 kB and a long invoice is larger: MEDIUMBLOB (16 MB) there.
  const binary = dialect === 'mysql' ? sql`mediumblob` : dialect === 'postgres' ? sql`bytea` : sql`blob`;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('invoice_pdfs')
        .addColumn('invoice_id', t.id, (c) => c.primaryKey().references('invoices.id'))
        .addColumn('content', binary, (c) => c.notNull())
        .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .execute();
    },
  };
}
