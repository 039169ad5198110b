import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';
import { type ColumnTypes, columnTypes } from './column-types.ts';

/**
 * Invoices (semantics.md "Invoices", "Periods, late usage and corrections"): invoices, credit notes
 * and showback statements with their frozen lines, payments, and the gap-free number sequences.
 * Frozen once shipped.
 *
 * An invoice carries the chain of its tenant as it was at the start of its billing period
 * (distributor_id, partner_id, tenant_id): the scoping rule reads these columns, and a move never
 * rewrites them (they are not in tenancy/chain.ts CHAIN_TABLES). Amounts are what the tenant owes:
 * a credit note's lines and totals are negative.
 */
export function invoices(dialect: DialectName) {
  const t: ColumnTypes = columnTypes(dialect);
  const amount = t.decimal(30, 6);
  const period = 'varchar(7)';
  const day = 'varchar(10)';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('invoices')
        .addColumn('id', t.id, (c) => c.primaryKey())
        // 'invoice' | 'credit_note' | 'statement'
        .addColumn('kind', 'varchar(12)', (c) => c.notNull())
        // 'preview' | 'issued' | 'paid' | 'void'
        .addColumn('status', 'varchar(8)', (c) => c.notNull())
        .addColumn('tenant_id', t.id, (c) => c.notNull().references('organisations.id'))
        .addColumn('partner_id', t.id)
        .addColumn('distributor_id', t.id)
        .addColumn('partner_name', 'varchar(200)')
        .addColumn('distributor_name', 'varchar(200)')
        .addColumn('period', period, (c) => c.notNull())
        // 'tenant:period' for the period's own invoice (preview or issued, never reused);
        // null for credit notes against an invoice. Unique: one invoice per tenant and period.
        .addColumn('period_key', 'varchar(60)')
        // JSON [{ regionId, regionName, timeZone, from, to }]: each region's local month.
        .addColumn('coverage', t.text, (c) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        // JSON [{ base, quote, rate }]: units of the tenant currency per unit of a list currency.
        .addColumn('exchange_rates', t.text)
        .addColumn('number', 'varchar(60)')
        .addColumn('issue_date', day)
        .addColumn('due_date', day)
        .addColumn('payment_terms_days', 'integer')
        .addColumn('subtotal', amount, (c) => c.notNull())
        .addColumn('tax_total', amount, (c) => c.notNull())
        .addColumn('total', amount, (c) => c.notNull())
        // Sums of the payments and of the issued credit notes against it (negative), kept under
        // the invoice's row lock.
        .addColumn('amount_paid', amount, (c) => c.notNull())
        .addColumn('amount_credited', amount, (c) => c.notNull())
        .addColumn('unpriced_lines', 'integer', (c) => c.notNull())
        .addColumn('bill_to_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('bill_to_contact', 'varchar(200)')
        .addColumn('bill_to_email', 'varchar(254)')
        // JSON array of address lines.
        .addColumn('bill_to_address', t.text, (c) => c.notNull())
        // Credit notes: the invoice they credit, and why.
        .addColumn('credits_invoice_id', t.id, (c) => c.references('invoices.id'))
        .addColumn('reason', 'varchar(1000)')
        // JSON [{ name, percentage }]: the tax rates of the period's own lines (issue date's).
        .addColumn('tax_rates', t.text, (c) => c.notNull())
        // JSON: what the period was rated from when it was issued (prior-period adjustments
        // recompute it); null on previews and credit notes against an invoice.
        .addColumn('frozen_input', t.text)
        .addColumn('generated_at', t.timestamp, (c) => c.notNull())
        .addColumn('issued_at', t.timestamp)
        .addColumn('voided_at', t.timestamp)
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('invoices_period_key')
        .on('invoices')
        .column('period_key')
        .unique()
        .execute();
      // Numbers are never reused, whatever the formats become.
      await db.schema.createIndex('invoices_number').on('invoices').column('number').unique().execute();
      for (const column of ['tenant_id', 'partner_id', 'distributor_id']) {
        await db.schema
          .createIndex(`invoices_${column}`)
          .on('invoices')
          .columns([column, 'period'])
          .execute();
      }
      await db.schema.createIndex('invoices_credits').on('invoices').column('credits_invoice_id').execute();

      // A frozen copy of what the invoice prints, in the tenant's currency.
      await db.schema
        .createTable('invoice_lines')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('invoice_id', t.id, (c) => c.notNull().references('invoices.id'))
        .addColumn('position', 'integer', (c) => c.notNull())
        // 'usage' | 'discount' | 'credit' | 'adjustment' | 'tax'
        .addColumn('kind', 'varchar(12)', (c) => c.notNull())
        // The rated line kind it comes from (usage, discount, item_credit, …); null for tax lines.
        .addColumn('source_kind', 'varchar(24)')
        .addColumn('parent_position', 'integer')
        .addColumn('subscription_id', t.id)
        .addColumn('subscription_name', 'varchar(200)')
        .addColumn('region_id', t.id)
        .addColumn('meter_id', 'varchar(100)')
        .addColumn('meter_name', 'varchar(200)')
        .addColumn('sku', 'varchar(200)')
        .addColumn('unit', 'varchar(100)')
        .addColumn('price_unit', 'varchar(10)')
        .addColumn('price_list_id', t.id)
        .addColumn('price_list_version_id', t.id)
        .addColumn('price_item_id', t.id)
        .addColumn('discount_id', t.id)
        .addColumn('credit_id', t.id)
        .addColumn('raw_quantity', t.decimal(48, 30))
        .addColumn('quantity', t.decimal(40, 6))
        .addColumn('rate', t.decimal(60, 30))
        .addColumn('tier_mode', 'varchar(10)')
        .addColumn('slices', t.text)
        .addColumn('amount', amount, (c) => c.notNull())
        .addColumn('unpriced', 'integer', (c) => c.notNull())
        .addColumn('description', 'varchar(1000)', (c) => c.notNull())
        // Prior-period adjustment lines: the period they correct.
        .addColumn('original_period', period)
        // Credit-note lines: the invoice line they credit.
        .addColumn('credited_line_id', t.id)
        .addColumn('tax_name', 'varchar(200)')
        .addColumn('tax_percentage', t.decimal(20, 10))
        .addColumn('tax_base', amount)
        .execute();
      await db.schema
        .createIndex('invoice_lines_position')
        .on('invoice_lines')
        .columns(['invoice_id', 'position'])
        .unique()
        .execute();
      await db.schema
        .createIndex('invoice_lines_credited')
        .on('invoice_lines')
        .column('credited_line_id')
        .execute();

      await db.schema
        .createTable('invoice_payments')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('invoice_id', t.id, (c) => c.notNull().references('invoices.id'))
        .addColumn('amount', amount, (c) => c.notNull())
        .addColumn('paid_on', day, (c) => c.notNull())
        .addColumn('reference', 'varchar(200)')
        .addColumn('recorded_by', t.id)
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('invoice_payments_invoice')
        .on('invoice_payments')
        .column('invoice_id')
        .execute();

      // One gap-free sequence per kind, and per year when the kind's format contains the year
      // (year_key '' otherwise). last_value is the last number issued; a row is locked FOR UPDATE
      // by the issuing transaction, so a rolled-back issue gives its number back.
      await db.schema
        .createTable('invoice_sequences')
        .addColumn('kind', 'varchar(12)', (c) => c.notNull())
        .addColumn('year_key', 'varchar(4)', (c) => c.notNull())
        .addColumn('last_value', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('invoice_sequences_pk', ['kind', 'year_key'])
        .execute();
    },
  };
}
