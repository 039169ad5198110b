import type { Kysely, Updateable } from 'kysely';
import { toCount } from '../../db/database.ts';
import { dueAt, type LeaseHolder, type LeaseKind } from '../../db/lease.ts';
import type { Database, MailAttachmentTable, MailOutboxTable } from '../../db/schema.ts';

/** Adds a message to the outbox, in the transaction of the change that causes it. */
export async function insertOutboxRow(trx: Kysely<Database>, row: MailOutboxTable): Promise<void> {
  await trx.insertInto('mail_outbox').values(row).execute();
}

/** Stores a message's attachments, in the transaction that queues it. */
export async function insertAttachments(trx: Kysely<Database>, rows: MailAttachmentTable[]): Promise<void> {
  if (rows.length > 0) await trx.insertInto('mail_attachments').values(rows).execute();
}

/** A message's attachments in order, with their bytes (null once the message is done). */
export function attachmentsOf(db: Kysely<Database>, mailId: string) {
  return db
    .selectFrom('mail_attachments')
    .select(['filename', 'content_type', 'content'])
    .where('mail_id', '=', mailId)
    .orderBy('position')
    .execute();
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

/** The outbox's lease (db/lease.ts): pending rows wait, a dispatcher holds a row while sending. */
export const MAIL_LEASE: LeaseKind = { table: 'mail_outbox', waiting: 'pending', held: 'sending' };

/** The ids of up to `limit` rows due at `now`, those due longest first. */
export async function dueRowIds(db: Kysely<Database>, now: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('mail_outbox')
    .select('id')
    .where(dueAt(MAIL_LEASE, now))
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** A row as its holder claimed it (null if the claim was lost since). */
export async function claimedRow(db: Kysely<Database>, holder: LeaseHolder): Promise<MailOutboxTable | null> {
  const row = await db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('id', '=', holder.id)
    .where('claim_token', '=', holder.token)
    .executeTakeFirst();
  return row ?? null;
}

/** Replaces a deferred row's content with the mail its preparer made (under the holder's lease). */
export async function updateRowContent(
  trx: Kysely<Database>,
  id: string,
  changes: Pick<
    Updateable<MailOutboxTable>,
    'template' | 'recipient' | 'subject' | 'text_body' | 'html_body'
  >,
): Promise<void> {
  await trx.updateTable('mail_outbox').set(changes).where('id', '=', id).execute();
}

/**
 * A row done for good: the bodies (one-time links) and the attachments' bytes are cleared, so no
 * secret and no second copy of a document stays behind; what was attached stays named in the log.
 */
export async function clearBodies(trx: Kysely<Database>, id: string, sentAt: string | null): Promise<void> {
  await trx
    .updateTable('mail_outbox')
    .set({ text_body: null, html_body: null, sent_at: sentAt })
    .where('id', '=', id)
    .execute();
  await trx.updateTable('mail_attachments').set({ content: null }).where('mail_id', '=', id).execute();
}
