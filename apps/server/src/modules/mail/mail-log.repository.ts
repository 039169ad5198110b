import type { Kysely } from 'kysely';
import type { Scope } from '../../context.ts';
import { toCount } from '../../db/database.ts';
import type { Database, MailOutboxStatus } from '../../db/schema.ts';
import { containsText, paginate } from '../../http/pagination.ts';
import { scopeWhere } from '../../tenancy/scope.ts';

export interface MailLogFilter {
  relatedId?: string | undefined;
  kind?: string | undefined;
  status?: Exclude<MailOutboxStatus, 'dropped'> | undefined;
  recipient?: string | undefined;
  /** Normalised ISO instants (toISOString), compared with created_at as text. */
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * The e-mail log is the outbox read back: every message but the deferred requests that turned out
 * to need none (`dropped`), visible to the chain stored on it (all NULL: the platform only).
 */
function logRows(db: Kysely<Database>, scope: Scope, filter: MailLogFilter) {
  let query = db
    .selectFrom('mail_outbox')
    .where('mail_outbox.status', '!=', 'dropped')
    .$call(scopeWhere(scope, 'mail_outbox'));
  if (filter.relatedId) query = query.where('mail_outbox.related_id', '=', filter.relatedId);
  if (filter.kind) query = query.where('mail_outbox.template', '=', filter.kind);
  if (filter.status) query = query.where('mail_outbox.status', '=', filter.status);
  if (filter.recipient) query = query.where(containsText('mail_outbox.recipient', filter.recipient));
  if (filter.from) query = query.where('mail_outbox.created_at', '>=', filter.from);
  if (filter.to) query = query.where('mail_outbox.created_at', '<', filter.to);
  return query;
}

/** A page of the log, newest first, with each message's attachments (names and sizes, no bytes). */
export async function listMailLogRows(
  db: Kysely<Database>,
  scope: Scope,
  filter: MailLogFilter,
  page: { limit: number; cursor?: string | undefined; includeTotal: boolean },
) {
  const result = await paginate(
    logRows(db, scope, filter).select([
      'mail_outbox.id',
      'mail_outbox.template',
      'mail_outbox.related_type',
      'mail_outbox.related_id',
      'mail_outbox.recipient',
      'mail_outbox.subject',
      'mail_outbox.status',
      'mail_outbox.attempts',
      'mail_outbox.last_error',
      'mail_outbox.next_attempt_at',
      'mail_outbox.created_at',
      'mail_outbox.sent_at',
      'mail_outbox.updated_at',
    ]),
    { column: 'mail_outbox.created_at', idColumn: 'mail_outbox.id', direction: 'desc' },
    { limit: page.limit, cursor: page.cursor, sortValue: (row) => row.created_at },
  );
  const ids = result.items.map((row) => row.id);
  const attachments =
    ids.length === 0
      ? []
      : await db
          .selectFrom('mail_attachments')
          .select(['mail_id', 'filename', 'content_type', 'byte_size'])
          .where('mail_id', 'in', ids)
          .orderBy('mail_id')
          .orderBy('position')
          .execute();
  const total = page.includeTotal
    ? toCount(
        (
          await logRows(db, scope, filter)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    : undefined;
  return { items: result.items, attachments, nextCursor: result.nextCursor, total };
}
