import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';
import { type ColumnTypes, columnTypes } from './column-types.ts';

/**
 * When a lockout ends by itself (Lockout Duration): a lockout stops password sign-in for a while
 * instead of until an administrator acts. Null while `locked_out` is set: until unlocked (a
 * duration of 0, and every lockout made before this migration). Frozen once shipped.
 */
export function lockoutUntil(dialect: DialectName) {
  const t: ColumnTypes = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('users').addColumn('locked_until', t.timestamp).execute();
    },
  };
}
