import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';
import { type ColumnTypes, columnTypes } from './column-types.ts';

/**
 * Tenant identity health checks (product.md §4): the last result per tenant, which the tenant page
 * shows. One row per tenant, replaced by every check. No chain: who may read it follows the
 * tenant's current chain (the tenant is looked up in the caller's scope first). Frozen once shipped.
 */
export function identityChecks(dialect: DialectName) {
  const t: ColumnTypes = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('tenant_identity_checks')
        .addColumn('tenant_id', t.id, (c) => c.primaryKey().references('organisations.id'))
        // JSON arrays: the problems found and the notes (what was skipped and why).
        .addColumn('problems_json', t.text, (c) => c.notNull())
        .addColumn('notes_json', t.text, (c) => c.notNull())
        // What ran it: 'schedule', 'manual' or 'onboarding'.
        .addColumn('trigger', 'varchar(16)', (c) => c.notNull())
        .addColumn('checked_by', t.id, (c) => c.references('users.id'))
        .addColumn('checked_at', t.timestamp, (c) => c.notNull())
        .execute();
    },
  };
}
