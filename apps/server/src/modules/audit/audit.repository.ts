import type { Kysely } from 'kysely';
import type { AuditEventTable, Database } from '../../db/schema.ts';

/** Appends audit rows, in the transaction of the changes they record (100 per statement). */
export async function insertAuditEvents(
  trx: Kysely<Database>,
  rows: readonly AuditEventTable[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 100) {
    await trx
      .insertInto('audit_events')
      .values(rows.slice(i, i + 100))
      .execute();
  }
}
