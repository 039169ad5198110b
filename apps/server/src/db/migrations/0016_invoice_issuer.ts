import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';
import { type ColumnTypes, columnTypes } from './column-types.ts';

/**
 * A partner's payment details (bank, IBAN, …), printed in the footer of the invoices it issues
 * to its tenants. Null: none set (the platform's are a setting, invoices.paymentDetails). Frozen
 * once shipped.
 */
export function invoiceIssuer(dialect: DialectName) {
  const t: ColumnTypes = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('branding').addColumn('payment_details', t.text).execute();
    },
  };
}
