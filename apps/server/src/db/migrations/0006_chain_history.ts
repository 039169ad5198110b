import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';
import { type ColumnTypes, columnTypes } from './column-types.ts';

/**
 * The append-only history of organisation chains: every move adds (organisation, old chain, new
 * chain, effective time) in its own transaction, for the moved organisation and each one below it. Invoices and commission rows will read the chain
 * as it was at a period start from here. Frozen once shipped.
 */
export function chainHistory(dialect: DialectName) {
  const t: ColumnTypes = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('organisation_chain_history')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('org_id', t.id, (c) => c.notNull().references('organisations.id'))
        .addColumn('old_distributor_id', t.id)
        .addColumn('old_partner_id', t.id)
        .addColumn('old_tenant_id', t.id)
        .addColumn('new_distributor_id', t.id)
        .addColumn('new_partner_id', t.id)
        .addColumn('new_tenant_id', t.id)
        .addColumn('effective_at', t.timestamp, (c) => c.notNull())
        .execute();
      // "The chain of X as at T": the latest row of X with effective_at <= T.
      await db.schema
        .createIndex('organisation_chain_history_org')
        .on('organisation_chain_history')
        .columns(['org_id', 'effective_at'])
        .execute();
      // A move rewrites the chain of the identity providers under the moved partner or tenant: an
      // index lookup instead of a scan that would wait for rows other moves hold.
      for (const column of ['partner_id', 'tenant_id']) {
        await db.schema
          .createIndex(`identity_providers_${column}`)
          .on('identity_providers')
          .column(column)
          .execute();
      }
    },
  };
}
