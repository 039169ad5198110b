import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';
import { type ColumnTypes, columnTypes } from './column-types.ts';

/**
 * What the automatic invoicing cycle (modules/invoices/invoice-cycle.ts) remembers per invoice, so
 * that a restart or a second worker never sends anything twice: that an issued document still owes
 * its automatic e-mail (set in the issuing transaction, cleared in the one that queues the e-mail),
 * and when the last delinquency notice about it was queued. Frozen once shipped.
 */
export function invoiceCycle(dialect: DialectName) {
  const t: ColumnTypes = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('invoices')
        .addColumn('auto_email_pending', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('invoices').addColumn('last_delinquency_notice_at', t.timestamp).execute();
      // The cycle's daily reads: the issued invoices past their due date, and those owing an e-mail.
      await db.schema.createIndex('invoices_due').on('invoices').columns(['status', 'due_date']).execute();
      await db.schema
        .createIndex('invoices_auto_email')
        .on('invoices')
        .column('auto_email_pending')
        .execute();
    },
  };
}
