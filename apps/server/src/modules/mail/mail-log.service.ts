import type { RequestContext } from '../../context.ts';
import { listMailLogRows, type MailLogFilter } from './mail-log.repository.ts';

const STATUS = { pending: 'queued', sending: 'sending', sent: 'sent', failed: 'failed' } as const;

/**
 * The e-mail log in the caller's scope: every message the CMS queued, with its outcome. A message
 * about an object is visible where that object is (the chain it was queued with); account e-mails
 * (invitations, password resets) to the platform only.
 */
export async function listEmailLog(
  ctx: RequestContext,
  filter: {
    relatedId?: string | undefined;
    kind?: string | undefined;
    status?: keyof typeof BY_API_STATUS | undefined;
    recipient?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
  },
  page: { limit: number; cursor?: string | undefined; includeTotal: boolean },
) {
  const rowFilter: MailLogFilter = {
    relatedId: filter.relatedId,
    kind: filter.kind,
    status: filter.status === undefined ? undefined : BY_API_STATUS[filter.status],
    recipient: filter.recipient,
    // Stored instants carry milliseconds: "…00Z" would sort after "…00.000Z" as text.
    from: filter.from === undefined ? undefined : new Date(filter.from).toISOString(),
    to: filter.to === undefined ? undefined : new Date(filter.to).toISOString(),
  };
  const rows = await listMailLogRows(ctx.app.db.kysely, ctx.actor.scope, rowFilter, page);
  return {
    items: rows.items.map((row) => ({
      id: row.id,
      kind: row.template,
      related: row.related_type && row.related_id ? { type: row.related_type, id: row.related_id } : null,
      recipient: row.recipient,
      subject: row.subject,
      status: STATUS[row.status as keyof typeof STATUS],
      attempts: row.attempts,
      lastError: row.last_error,
      nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
      createdAt: row.created_at,
      sentAt: row.sent_at,
      updatedAt: row.updated_at,
      attachments: rows.attachments
        .filter((file) => file.mail_id === row.id)
        .map((file) => ({
          filename: file.filename,
          contentType: file.content_type,
          byteSize: file.byte_size,
        })),
    })),
    nextCursor: rows.nextCursor,
    ...(rows.total === undefined ? {} : { total: rows.total }),
  };
}

const BY_API_STATUS = { queued: 'pending', sending: 'sending', sent: 'sent', failed: 'failed' } as const;
