import type { Kysely } from 'kysely';
import type { AuditEventTable, Database } from '../../db/schema.ts';

/** Appends one audit row, in the transaction of the change it records. */
export async function insertAuditEvent(trx: Kysely<Database>, row: AuditEventTable): Promise<void> {
  await trx.insertInto('audit_events').values(row).execute();
}
