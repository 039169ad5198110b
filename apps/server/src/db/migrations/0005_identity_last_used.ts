import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';
import { type ColumnTypes, columnTypes } from './column-types.ts';

/**
 * When each linked federated identity was last used to sign in: an administrator reviewing how an
 * account can be entered sees which links are live and which are stale. Frozen once shipped.
 */
export function identityLastUsed(dialect: DialectName) {
  const t: ColumnTypes = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('user_identities').addColumn('last_used_at', t.timestamp).execute();
    },
  };
}
