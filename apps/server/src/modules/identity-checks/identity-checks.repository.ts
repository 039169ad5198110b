import type { Kysely } from 'kysely';
import type { Database, TenantIdentityCheckTable } from '../../db/schema.ts';

/**
 * The last identity health check of each tenant. No scope here: every caller has resolved the
 * tenant first (in the actor's scope for the API, locked for a write).
 */
export function findCheckRow(db: Kysely<Database>, tenantId: string) {
  return db
    .selectFrom('tenant_identity_checks')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
}

/** Replaces the tenant's last result; the caller holds the tenant's row lock (one writer per tenant). */
export async function saveCheckRow(trx: Kysely<Database>, row: TenantIdentityCheckTable): Promise<void> {
  const { tenant_id, ...values } = row;
  // Not "update, then insert when no row changed": MySQL counts an update that changes nothing as 0.
  if (await findCheckRow(trx, tenant_id)) {
    await trx.updateTable('tenant_identity_checks').set(values).where('tenant_id', '=', tenant_id).execute();
  } else {
    await trx.insertInto('tenant_identity_checks').values(row).execute();
  }
}
