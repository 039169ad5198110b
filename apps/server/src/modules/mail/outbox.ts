import type { Kysely } from 'kysely';
import { Gauge } from 'prom-client';
import type { AppContext, Clock, MailDelivery } from '../../context.ts';
import { newId } from '../../db/ids.ts';
import { claimLease, holdLease, type LeaseHolder, releaseLease } from '../../db/lease.ts';
import type { Database, MailOutboxTable } from '../../db/schema.ts';
import { transaction } from '../../db/transaction.ts';
import {
  claimedRow,
  clearBodies,
  countUndelivered,
  dueRowIds,
  insertOutboxRow,
  MAIL_LEASE,
  updateRowContent,
} from './mail.repository.ts';
import { deliverMail, describeFailure, logLine, type OutgoingMail } from './mail.service.ts';

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

/** Queues an e-mail in the caller's transaction; it is sent once (and only if) that commits. */
export async function enqueueMail(trx: Kysely<Database>, clock: Clock, mail: OutgoingMail): Promise<void> {
  const now = new Date(clock()).toISOString();
  await insertOutboxRow(trx, {
    id: newId('mel'),
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
  });
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
): Promise<void> {
  await enqueueMail(trx, clock, {
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
      return {
        to: row.recipient,
        subject: row.subject,
        text: row.text_body ?? '',
        html: row.html_body ?? '',
        template: row.template as OutgoingMail['template'],
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
