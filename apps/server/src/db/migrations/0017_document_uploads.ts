import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.ts';
import { type ColumnTypes, columnTypes } from './column-types.ts';

/**
 * Documents on their way to the Azure Blob container of "Store Invoices In Azure Storage"
 * (modules/document-storage): one row per document, holding its bytes until the upload job has
 * stored them, then its outcome (ETag, when, or the last error). Frozen once shipped.
 */
export function documentUploads(dialect: DialectName) {
  const t: ColumnTypes = columnTypes(dialect);
  // Documents are at most 10 MB: MySQL's BLOB stops at 64 kB, so MEDIUMBLOB (16 MB) there.
  const binary = dialect === 'mysql' ? sql`mediumblob` : dialect === 'postgres' ? sql`bytea` : sql`blob`;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('document_uploads')
        .addColumn('id', t.id, (c) => c.primaryKey())
        // The caller's document (an invoice id): one upload row per document.
        .addColumn('document_id', t.id, (c) => c.notNull().unique())
        // Whose document it is (for the alert text and diagnosis; not a visibility rule).
        .addColumn('org_id', t.id, (c) => c.references('organisations.id'))
        // At most 880 characters on Azure Stack Hub; the names this module builds are far shorter.
        .addColumn('blob_name', 'varchar(400)', (c) => c.notNull().unique())
        .addColumn('content_type', 'varchar(100)', (c) => c.notNull())
        .addColumn('byte_size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
        // NULL once uploaded: the owner of the document keeps it, the container has it.
        .addColumn('content', binary)
        // pending | uploaded | failed
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'varchar(500)')
        .addColumn('job_id', t.id)
        // The upload job holding the document while it writes it (a lease, so a dead worker's lapses):
        // one writer per blob, so an older attempt can never land after a newer one.
        .addColumn('claim_job_id', t.id)
        .addColumn('claim_until', t.timestamp)
        .addColumn('container', 'varchar(63)')
        .addColumn('etag', 'varchar(100)')
        .addColumn('requested_at', t.timestamp, (c) => c.notNull())
        .addColumn('uploaded_at', t.timestamp)
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();
    },
  };
}
