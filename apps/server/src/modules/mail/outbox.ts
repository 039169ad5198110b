import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { Gauge } from 'prom-client';
import { z } from 'zod';
import type { AppContext, Clock, MailDelivery } from '../../context.ts';
import { newId } from '../../db/ids.ts';
import { claimLease, holdLease, type LeaseHolder, releaseLease } from '../../db/lease.ts';
import type { Database, MailOutboxTable } from '../../db/schema.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import { SINGLE_LINE_TEXT } from '../../http/field-rules.ts';
import {
  attachmentsOf,
  claimedRow,
  clearBodies,
  countUndelivered,
  dueRowIds,
  insertAttachments,
  insertOutboxRow,
  MAIL_LEASE,
  updateRowContent,
} from './mail.repository.ts';
import {
  deliverMail,
  describeFailure,
  logLine,
  type MailAttachment,
  type OutgoingMail,
} from './mail.service.ts';

/**
 * The transactional mail outbox. A change that causes an e-mail (a reset link, an invitation)
 * writes the message into `mail_outbox` in its own transaction, so the two commit or roll back
 * together; a dispatcher in every server process then delivers it. A process that dies between
 * the commit and the send loses nothing: the row is still due, and any process sends it.
 *
 * Rows are claimed with the lease the job runner uses too (db/lease.ts: a conditional UPDATE, a
 * per-claim fencing token and a lease), so with several processes on one database a row is sent
 * by one of them. A holder that dies mid-send leaves a
 * lease that lapses and the row is sent again: delivery is at least once, never silently lost.
 */

export type OutboxRow = MailOutboxTable;

/**
 * Turns a deferred row into the mail to send, in the dispatcher's transaction (or null: nothing to
 * send after all). For work the request could not do without revealing something by its timing.
 */
export type MailPreparer = (
  trx: Kysely<Database>,
  app: AppContext,
  row: OutboxRow,
) => Promise<OutgoingMail | null>;

export interface DispatcherOptions {
  /** How often a process looks for due rows it was not woken for (another process wrote them, a retry came due). */
  pollMs: number;
  /** How long a claim holds: longer than the slowest send (each SMTP stage times out after 10 s). */
  leaseMs: number;
  /** The first retry waits this long, each later one twice as long as the one before. */
  retryBaseMs: number;
  /** Attempts before a row is given up as failed. */
  maxAttempts: number;
  /** Rows claimed per pass. */
  batch: number;
  preparers: Record<string, MailPreparer>;
}

export const DISPATCHER_DEFAULTS: Omit<DispatcherOptions, 'preparers'> = {
  pollMs: 5_000,
  leaseMs: 5 * 60_000,
  retryBaseMs: 30_000,
  // 30 s, 1, 2, 4, 8, 16, 32 minutes: about an hour of an SMTP outage before giving up.
  maxAttempts: 8,
  batch: 20,
};

/** What a message is about and who may read its e-mail log entry (see queueEmail). */
export interface MailLogFields {
  about?: { type: string; id: string } | undefined;
  visibleTo?: { distributorId: string | null; partnerId: string | null; tenantId: string | null } | undefined;
}

/**
 * Queues an e-mail in the caller's transaction; it is sent once (and only if) that commits. Its
 * attachments are stored with it. Returns the outbox row's id (its e-mail log entry).
 */
export async function enqueueMail(
  trx: Kysely<Database>,
  clock: Clock,
  mail: OutgoingMail,
  log: MailLogFields = {},
): Promise<string> {
  const at = clock();
  const now = new Date(at).toISOString();
  // The id's time is the row's: the log's order (created_at, then id) is the order ids sort in.
  const id = newId('mel', at);
  await insertOutboxRow(trx, {
    id,
    template: mail.template ?? 'other',
    recipient: mail.to,
    subject: mail.subject,
    text_body: mail.text,
    html_body: mail.html,
    status: 'pending',
    attempts: 0,
    next_attempt_at: now,
    claim_token: null,
    lease_until: null,
    last_error: null,
    created_at: now,
    sent_at: null,
    updated_at: now,
    related_type: log.about?.type ?? null,
    related_id: log.about?.id ?? null,
    distributor_id: log.visibleTo?.distributorId ?? null,
    partner_id: log.visibleTo?.partnerId ?? null,
    tenant_id: log.visibleTo?.tenantId ?? null,
  });
  await insertAttachments(
    trx,
    (mail.attachments ?? []).map((file, position) => ({
      id: newId('mat'),
      mail_id: id,
      position,
      filename: file.filename,
      content_type: file.contentType,
      byte_size: file.content.length,
      sha256: createHash('sha256').update(file.content).digest('hex'),
      content: file.content,
    })),
  );
  return id;
}

/** An e-mail about something (an invoice, a delinquency notice) to one or more people. */
export interface QueuedEmail {
  to: readonly string[];
  /** Its purpose, a lower-case word: `invoice`, `delinquency_notice`. The e-mail log's kind. */
  kind: string;
  subject: string;
  text: string;
  html: string;
  attachments?: readonly MailAttachment[];
  /** The object it is about (`{ type: 'invoice', id }`): the e-mail log lists it by this id. */
  about?: { type: string; id: string };
  /**
   * Who may read its e-mail log entry besides the platform: the chain of the object it is about, as
   * that object records it (an invoice's chain at its period start). Left out: the platform only.
   */
  visibleTo?: { distributorId: string | null; partnerId: string | null; tenantId: string | null };
}

export const MAIL_LIMITS = {
  recipients: 20,
  attachments: 10,
  /** All attachments of one message together (SMTP servers commonly refuse above 10–25 MB). */
  attachmentBytes: 10 * 2 ** 20,
} as const;

const WORD = /^[a-z][a-z0-9_]{0,39}$/;
const RecipientList = z.array(z.email().max(254)).min(1).max(MAIL_LIMITS.recipients);
// A file name as mail clients save it: no path, no control characters, no bidi overrides.
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const FILE_NAME = /^(?!\.)[^/\\\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]{1,200}$/;
const CONTENT_TYPE = /^[a-z]+\/[a-z0-9][a-z0-9.+-]{0,80}$/;

/** Why an e-mail cannot be queued, in words, or null when it can. */
function queuedEmailProblem(email: QueuedEmail): string | null {
  if (!RecipientList.safeParse(email.to).success) {
    return `An e-mail needs 1 to ${MAIL_LIMITS.recipients} valid recipient addresses.`;
  }
  if (!WORD.test(email.kind)) return 'The e-mail kind must be a lower-case word such as invoice.';
  if (email.about && (!WORD.test(email.about.type) || !/^[a-z]{3}_[0-9a-z]{26}$/.test(email.about.id))) {
    return 'What an e-mail is about must be a kind of object and its id.';
  }
  if (email.subject.trim() === '' || email.subject.length > 500 || !SINGLE_LINE_TEXT.test(email.subject)) {
    return 'An e-mail subject is one line of 1 to 500 characters.';
  }
  const files = email.attachments ?? [];
  if (files.length > MAIL_LIMITS.attachments) return `At most ${MAIL_LIMITS.attachments} attachments.`;
  for (const file of files) {
    if (!FILE_NAME.test(file.filename))
      return `Attachment name not allowed: ${JSON.stringify(file.filename)}.`;
    if (!CONTENT_TYPE.test(file.contentType)) return `Attachment type not allowed: ${file.contentType}.`;
  }
  const bytes = files.reduce((sum, file) => sum + file.content.length, 0);
  if (bytes > MAIL_LIMITS.attachmentBytes) {
    return `The attachments come to ${bytes} bytes; at most ${MAIL_LIMITS.attachmentBytes} per e-mail.`;
  }
  return null;
}

/**
 * Queues one message per recipient in the caller's transaction (sent once it commits; wake
 * `app.mail` after the commit). One message each, not one with several addresses: a refused or
 * unreachable address is retried on its own, and the others are neither held up nor sent twice.
 * Each message is an entry of the e-mail log. Returns their ids. An e-mail that cannot be sent as
 * given (no recipient, an attachment too large) is a 422 and queues nothing.
 */
export async function queueEmail(trx: Kysely<Database>, clock: Clock, email: QueuedEmail): Promise<string[]> {
  const problem = queuedEmailProblem(email);
  if (problem) throw new AppError('invalid_request', problem);
  const ids: string[] = [];
  for (const to of email.to) {
    ids.push(
      await enqueueMail(
        trx,
        clock,
        {
          to,
          subject: email.subject,
          text: email.text,
          html: email.html,
          template: email.kind,
          ...(email.attachments ? { attachments: email.attachments } : {}),
        },
        { about: email.about, visibleTo: email.visibleTo },
      ),
    );
  }
  return ids;
}

/**
 * Queues work whose mail a preparer renders at dispatch (see MailPreparer): a row with the
 * preparer's template, whom it concerns, and in place of a body what the preparer needs to know.
 */
export async function enqueueDeferred(
  trx: Kysely<Database>,
  clock: Clock,
  template: string,
  about: string,
  context: string,
): Promise<string> {
  return enqueueMail(trx, clock, {
    to: about,
    subject: '',
    text: context,
    html: '',
    template: template as OutgoingMail['template'],
  });
}

const iso = (ms: number) => new Date(ms).toISOString();

export class MailDispatcher implements MailDelivery {
  /** The dispatcher's clock: the app's, unless a test moves it forward to make retries due. */
  clock: Clock;
  private readonly options: DispatcherOptions;
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly app: AppContext,
    options: Partial<DispatcherOptions> = {},
  ) {
    this.options = { ...DISPATCHER_DEFAULTS, preparers: {}, ...options };
    this.clock = app.clock;
    const db = app.db.kysely;
    new Gauge({
      name: 'cms_mail_outbox_pending',
      help: 'E-mails in the outbox waiting to be sent (all processes: read from the database)',
      registers: [app.metrics.registry],
      async collect() {
        this.set(await countUndelivered(db));
      },
    });
  }

  /** Starts polling (server start). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.wake(), this.options.pollMs);
    this.timer.unref();
    this.wake();
  }

  /** Stops polling and waits for a pass in progress, so the database can close after it. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.current?.catch(() => {});
  }

  /** A transaction that queued mail has committed: send it now rather than at the next poll. */
  wake(): void {
    if (!this.timer) return;
    this.kick().catch((error: unknown) => {
      logLine(this.app, 'error', { err: (error as Error).message }, 'mail outbox pass failed');
    });
  }

  /** Delivers every due row and resolves once a pass that started after this call has finished. */
  dispatchNow(): Promise<void> {
    return this.kick();
  }

  private kick(): Promise<void> {
    if (this.current) {
      this.again = true;
      return this.current;
    }
    this.current = (async () => {
      try {
        do {
          this.again = false;
          while ((await this.pass()) > 0) {
            // Another batch may be due.
          }
        } while (this.again);
      } finally {
        this.current = null;
      }
    })();
    return this.current;
  }

  /** Claims and handles up to one batch of due rows; returns how many it handled. */
  private async pass(): Promise<number> {
    const now = iso(this.clock());
    const due = await dueRowIds(this.app.db.kysely, now, this.options.batch);
    let handled = 0;
    for (const id of due) {
      const claimed = await this.claim(id, now);
      if (!claimed) continue;
      await this.handle(claimed);
      handled += 1;
    }
    return handled;
  }

  /** The lease that makes a row this process's alone until it lapses, and the row as claimed. */
  private async claim(id: string, now: string): Promise<OutboxRow | null> {
    const holder = await claimLease(this.app.db.kysely, MAIL_LEASE, id, {
      now,
      leaseUntil: iso(Date.parse(now) + this.options.leaseMs),
    });
    return holder && claimedRow(this.app.db.kysely, holder);
  }

  private async handle(row: OutboxRow): Promise<void> {
    let mail: OutgoingMail | null;
    try {
      mail = await this.prepare(row);
    } catch (error) {
      await this.failed(row, 'other', (error as Error).message);
      return;
    }
    if (mail === null) return;
    const template = mail.template ?? 'other';
    let outcome: Awaited<ReturnType<typeof deliverMail>>;
    try {
      outcome = await deliverMail(this.app, mail);
    } catch (error) {
      // Only reading the settings throws (an SMTP password the key cannot decrypt).
      this.app.metrics.mailSent.inc({ template, result: 'failed' });
      await this.failed(row, template, (error as Error).message);
      return;
    }
    if (outcome.result === 'sent') {
      const now = iso(this.clock());
      await this.finish(row, { status: 'sent', sent_at: now, last_error: null });
      this.app.metrics.mailOutboxSent.inc({ template });
      return;
    }
    await this.failed(
      row,
      template,
      outcome.result === 'not_configured' ? 'SMTP is not configured' : describeFailure(outcome.error),
    );
  }

  /** The mail of a row: as queued, or rendered now by the preparer of a deferred row. */
  private async prepare(row: OutboxRow): Promise<OutgoingMail | null> {
    const preparer = this.options.preparers[row.template];
    if (!preparer) {
      const files = await attachmentsOf(this.app.db.kysely, row.id);
      return {
        to: row.recipient,
        subject: row.subject,
        text: row.text_body ?? '',
        html: row.html_body ?? '',
        template: row.template,
        attachments: files.map((file) => {
          // Cleared only when the row ended; a row due again still has every byte it was queued with.
          if (file.content === null) throw new Error(`the attachment ${file.filename} is no longer stored`);
          return {
            filename: file.filename,
            contentType: file.content_type,
            content: Buffer.from(file.content),
          };
        }),
      };
    }
    return transaction(this.app.db, async (trx) => {
      const now = iso(this.clock());
      // Lost the claim (the lease lapsed and another process took the row): prepare nothing.
      const held = await holdLease(trx, MAIL_LEASE, holderOf(row), {
        now,
        leaseUntil: iso(this.clock() + this.options.leaseMs),
      });
      if (!held) throw new Error('the outbox claim lapsed');
      const mail = await preparer(trx, this.app, row);
      if (mail === null) {
        await releaseLease(trx, MAIL_LEASE, holderOf(row), { status: 'dropped', now, lastError: null });
      } else {
        await updateRowContent(trx, row.id, {
          template: mail.template ?? 'other',
          recipient: mail.to,
          subject: mail.subject,
          text_body: mail.text,
          html_body: mail.html,
        });
      }
      return mail;
    });
  }

  /** A failed attempt: retried with exponential backoff, then given up. */
  private async failed(row: OutboxRow, template: string, reason: string): Promise<void> {
    const lastError = reason.slice(0, 500);
    if (row.attempts >= this.options.maxAttempts) {
      await this.finish(row, { status: 'failed', last_error: lastError });
      this.app.metrics.mailOutboxFailed.inc({ template });
      logLine(
        this.app,
        'error',
        { template, mailId: row.id, attempts: row.attempts },
        `e-mail given up: ${lastError}`,
      );
      return;
    }
    const delay = this.options.retryBaseMs * 2 ** (row.attempts - 1);
    await releaseLease(this.app.db.kysely, MAIL_LEASE, holderOf(row), {
      status: 'pending',
      nextAttemptAt: iso(this.clock() + delay),
      lastError,
      now: iso(this.clock()),
    });
  }

  /** Ends a row for good; the bodies (one-time links) are cleared so no secret stays behind. */
  private async finish(
    row: OutboxRow,
    fields: { status: 'sent' | 'failed'; sent_at?: string; last_error: string | null },
  ): Promise<void> {
    await transaction(this.app.db, async (trx) => {
      const released = await releaseLease(trx, MAIL_LEASE, holderOf(row), {
        status: fields.status,
        lastError: fields.last_error,
        now: iso(this.clock()),
      });
      if (released) await clearBodies(trx, row.id, fields.sent_at ?? null);
    });
  }
}

function holderOf(row: OutboxRow): LeaseHolder {
  return { id: row.id, token: row.claim_token ?? '' };
}
