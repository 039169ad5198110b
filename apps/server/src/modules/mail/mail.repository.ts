import type { ExpressionBuilder, Kysely, Updateable } from 'kysely';
import { toCount } from '../../db/database.ts';
import type { Database, MailOutboxTable } from '../../db/schema.ts';

/** Adds a message to the outbox, in the transaction of the change that causes it. */
export async function insertOutboxRow(trx: Kysely<Database>, row: MailOutboxTable): Promise<void> {
  await trx.insertInto('mail_outbox').values(row).execute();
}

/** Messages not yet delivered or given up, in every process (the pending gauge). */
export async function countUndelivered(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('mail_outbox')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', 'in', ['pending', 'sending'])
    .executeTakeFirstOrThrow();
  return toCount(row.n);
}

/** Due: pending and its time has come, or claimed by a holder whose lease has lapsed. */
const isDue = (now: string) => (eb: ExpressionBuilder<Database, 'mail_outbox'>) =>
  eb.or([
    eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
    eb.and([eb('status', '=', 'sending'), eb('lease_until', '<=', now)]),
  ]);

/** The ids of up to `limit` rows due at `now`, those due longest first. */
export async function dueRowIds(db: Kysely<Database>, now: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('mail_outbox')
    .select('id')
    .where(isDue(now))
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * The conditional UPDATE that claims a row while it is still due: of several processes exactly
 * one changes it. Returns the claimed row, or null when another process got there first.
 */
export async function claimRow(
  db: Kysely<Database>,
  id: string,
  claim: { now: string; token: string; leaseUntil: string },
): Promise<MailOutboxTable | null> {
  const result = await db
    .updateTable('mail_outbox')
    .set((eb) => ({
      status: 'sending',
      claim_token: claim.token,
      lease_until: claim.leaseUntil,
      attempts: eb('attempts', '+', 1),
      updated_at: claim.now,
    }))
    .where('id', '=', id)
    .where(isDue(claim.now))
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return null;
  const row = await db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('id', '=', id)
    .where('claim_token', '=', claim.token)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Changes a row only while the caller's claim still holds it (a holder whose lease lapsed cannot
 * finish a row another process took over). Returns whether it did.
 */
export async function updateClaimedRow(
  db: Kysely<Database>,
  row: Pick<MailOutboxTable, 'id' | 'claim_token'>,
  changes: Updateable<MailOutboxTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('mail_outbox')
    .set(changes)
    .where('id', '=', row.id)
    .where('claim_token', '=', row.claim_token)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
