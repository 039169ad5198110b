import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';

/**
 * The domain an administrator gave as an Entra mapping's directory (e.g. nwtraders.onmicrosoft.com),
 * kept as typed beside `entra_tenant_id`, which holds the tenant id it resolved to (what sign-in
 * compares with the token's `tid`). Null when the directory was given as its tenant id, and for
 * every mapping made before this migration. Frozen once shipped.
 */
export function entraDomain(_dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('identity_providers').addColumn('entra_domain', 'varchar(253)').execute();
    },
  };
}
