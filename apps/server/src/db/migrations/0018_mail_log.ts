import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.ts';
import { type ColumnTypes, columnTypes } from './column-types.ts';

/**
 * The outbox becomes the e-mail log too: what a message is about (an invoice) and the chain that
 * may read its log entry, and its attachments (a PDF) kept with it until it is sent or given up.
 * Frozen once shipped.
 */
export function mailLog(dialect: DialectName) {
  const t: ColumnTypes = columnTypes(dialect);
  // Attachments are at most 10 MB per message: MEDIUMBLOB (16 MB) on MySQL.
  const binary = dialect === 'mysql' ? sql`mediumblob` : dialect === 'postgres' ? sql`bytea` : sql`blob`;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // One statement per column: SQLite's ALTER TABLE adds one column at a time.
      for (const [name, type] of [
        ['related_type', 'varchar(40)'],
        ['related_id', t.id],
        ['distributor_id', t.id],
        ['partner_id', t.id],
        ['tenant_id', t.id],
      ] as const) {
        await db.schema.alterTable('mail_outbox').addColumn(name, type).execute();
      }
      // The log's pages, newest first: everything (platform), one level's branch, one object.
      await db.schema
        .createIndex('mail_outbox_created')
        .on('mail_outbox')
        .columns(['created_at', 'id'])
        .execute();
      for (const column of ['distributor_id', 'partner_id', 'tenant_id', 'related_id']) {
        await db.schema
          .createIndex(`mail_outbox_${column.replace('_id', '')}`)
          .on('mail_outbox')
          .columns([column, 'created_at', 'id'])
          .execute();
      }
      await db.schema
        .createTable('mail_attachments')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('mail_id', t.id, (c) => c.notNull().references('mail_outbox.id'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('filename', 'varchar(200)', (c) => c.notNull())
        .addColumn('content_type', 'varchar(100)', (c) => c.notNull())
        .addColumn('byte_size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
        // NULL once the message is sent or given up, like the outbox's bodies.
        .addColumn('content', binary)
        .execute();
      await db.schema
        .createIndex('mail_attachments_mail')
        .on('mail_attachments')
        .columns(['mail_id', 'position'])
        .unique()
        .execute();
    },
  };
}
