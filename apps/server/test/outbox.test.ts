import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_ORG_ID } from '../src/db/ids.ts';
import { DISPATCHER_DEFAULTS, enqueueMail } from '../src/modules/mail/outbox.ts';
import { ok, platformAdminToken, startTestApp, type TestApp } from './support/app.ts';
import { ALL_ENGINES, availableEngines, createTestDatabase, type TestDatabase } from './support/engines.ts';
import { type SmtpSink, startSmtpSink, tokenIn, useSmtpSink } from './support/smtp-sink.ts';

/**
 * The transactional mail outbox on every engine: e-mails written with the change that causes
 * them, delivered to a real SMTP server by the dispatcher, retried while the server is down, sent
 * once by two dispatchers sharing a database, and never written by a transaction that fails.
 */
describe.each(ALL_ENGINES)('mail outbox [%s]', (engine) => {
  const skip = !availableEngines().includes(engine);
  let testDb: TestDatabase;
  let t: TestApp;
  let admin: ReturnType<TestApp['client']>;
  let sink: SmtpSink;
  let seq = 0;

  beforeAll(async () => {
    if (skip) return;
    testDb = await createTestDatabase(engine);
    t = await startTestApp(testDb.url);
    admin = t.client((await platformAdminToken(t.app)).token);
    sink = await startSmtpSink();
    await useSmtpSink(t.app, sink);
  });
  afterAll(async () => {
    if (skip) return;
    await t.close();
    await sink.close();
    await testDb.drop();
  });

  const nextEmail = (label: string) => {
    seq += 1;
    return `${label}.${seq}@example.test`;
  };
  const rowsTo = (recipient: string) =>
    t.app.db.kysely.selectFrom('mail_outbox').selectAll().where('recipient', '=', recipient).execute();
  const createReader = async (email: string) =>
    ok(
      await admin.POST('/api/v1/users', {
        body: { firstName: 'Olive', lastName: 'Outbox', email, orgId: PLATFORM_ORG_ID, role: 'reader' },
      }),
    );
  const metric = async (name: string) => {
    const text = (await t.inject({ method: 'GET', url: '/metrics' })).body;
    const lines = text.split('\n').filter((l) => l.startsWith(name));
    return lines.reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
  };

  it.skipIf(skip)('delivers an invitation through the outbox and clears the body once sent', async () => {
    const email = nextEmail('invited');
    const user = await createReader(email);
    expect(user.invitation).toBe('queued');
    await t.dispatchMailNow();
    const mail = await sink.waitFor((m) => m.to.includes(email));
    expect(mail.subject).toBe('Activate your Platform account');
    expect(tokenIn(mail, '/activate')).toMatch(/^[\w-]{20,}$/);
    const [row] = await rowsTo(email);
    expect(row).toMatchObject({
      template: 'invitation',
      status: 'sent',
      attempts: 1,
      text_body: null,
      html_body: null,
      claim_token: null,
    });
    expect(row!.sent_at).not.toBeNull();
    expect(await metric('cms_mail_outbox_sent_total{template="invitation"}')).toBeGreaterThanOrEqual(1);
  });

  it.skipIf(skip)(
    'queues a forgot-password request and lets the dispatcher make the link, audit and e-mail',
    async () => {
      const email = nextEmail('forgetful');
      const user = await createReader(email);
      await t.dispatchMailNow();
      await t.app.db.kysely
        .updateTable('users')
        .set({ activated_at: new Date().toISOString() })
        .where('id', '=', user.id)
        .execute();
      const unknown = nextEmail('nobody');
      for (const address of [email, unknown]) {
        const answer = await t.inject({
          method: 'POST',
          url: '/api/v1/auth/password-reset',
          payload: { email: address },
        });
        expect(answer.statusCode).toBe(202);
      }
      await t.dispatchMailNow();
      const mail = await sink.waitFor((m) => m.to.includes(email) && m.subject === 'Reset your password');
      expect(tokenIn(mail, '/reset-password')).toMatch(/^[\w-]{20,}$/);
      const [known] = (await rowsTo(email)).filter((r) => r.template === 'password_reset');
      expect(known).toMatchObject({ status: 'sent', text_body: null, html_body: null });
      // The unknown address leaves a dropped request, no link and no mail.
      const [dropped] = await rowsTo(unknown);
      expect(dropped).toMatchObject({ template: 'password_reset_request', status: 'dropped' });
      expect(sink.to(unknown)).toEqual([]);
      const audit = ok(
        await admin.GET('/api/v1/audit-events', {
          params: { query: { targetId: user.id, action: 'user.passwordResetRequested' } },
        }),
      );
      expect(audit.items).toHaveLength(1);
    },
  );

  it.skipIf(skip)(
    'retries with exponential backoff while SMTP is down and delivers when it is back',
    async () => {
      const down = await startSmtpSink();
      const downPort = down.port;
      await down.close();
      await useSmtpSink(t.app, { host: sink.host, port: downPort });
      const dispatcher = t.app.mail;
      const start = Date.now();
      try {
        const email = nextEmail('retried');
        await createReader(email);
        await dispatcher.dispatchNow();
        let [row] = await rowsTo(email);
        expect(row).toMatchObject({ status: 'pending', attempts: 1 });
        expect(row!.last_error).toBe('the mail server could not be reached');
        expect(row!.text_body).toContain('/activate?token=');
        const firstDue = Date.parse(row!.next_attempt_at);
        expect(firstDue - start).toBeGreaterThanOrEqual(DISPATCHER_DEFAULTS.retryBaseMs);

        // Not due yet: another pass leaves it alone.
        await dispatcher.dispatchNow();
        expect((await rowsTo(email))[0]).toMatchObject({ attempts: 1 });

        // Due, still down: the wait doubles.
        dispatcher.clock = () => firstDue;
        await dispatcher.dispatchNow();
        [row] = await rowsTo(email);
        expect(row).toMatchObject({ status: 'pending', attempts: 2 });
        expect(Date.parse(row!.next_attempt_at) - firstDue).toBe(2 * DISPATCHER_DEFAULTS.retryBaseMs);

        // The server is back: the next due attempt delivers.
        await useSmtpSink(t.app, sink);
        dispatcher.clock = () => Date.parse(row!.next_attempt_at);
        await dispatcher.dispatchNow();
        expect((await rowsTo(email))[0]).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
        await sink.waitFor((m) => m.to.includes(email));
        expect(sink.to(email)).toHaveLength(1);
      } finally {
        dispatcher.clock = Date.now;
        await useSmtpSink(t.app, sink);
      }
    },
  );

  it.skipIf(skip)(
    'gives up after the last attempt: failed, body cleared, counted, pending gauge back down',
    async () => {
      const down = await startSmtpSink();
      const downPort = down.port;
      await down.close();
      await useSmtpSink(t.app, { host: sink.host, port: downPort });
      const dispatcher = t.app.mail;
      const failedBefore = await metric('cms_mail_outbox_failed_total{template="invitation"}');
      try {
        const email = nextEmail('given.up');
        await createReader(email);
        expect(await metric('cms_mail_outbox_pending')).toBeGreaterThanOrEqual(1);
        for (let attempt = 1; attempt <= DISPATCHER_DEFAULTS.maxAttempts; attempt++) {
          const [row] = await rowsTo(email);
          dispatcher.clock = () => Date.parse(row!.next_attempt_at);
          await dispatcher.dispatchNow();
        }
        const [row] = await rowsTo(email);
        expect(row).toMatchObject({
          status: 'failed',
          attempts: DISPATCHER_DEFAULTS.maxAttempts,
          text_body: null,
          html_body: null,
          last_error: 'the mail server could not be reached',
        });
        expect(await metric('cms_mail_outbox_failed_total{template="invitation"}')).toBe(failedBefore + 1);
        expect(await metric('cms_mail_outbox_pending')).toBe(0);
        // Failed for good: later passes never try again.
        dispatcher.clock = () => Date.now() + 365 * 86_400_000;
        await useSmtpSink(t.app, sink);
        await dispatcher.dispatchNow();
        expect((await rowsTo(email))[0]).toMatchObject({ status: 'failed' });
        expect(sink.to(email)).toEqual([]);
      } finally {
        dispatcher.clock = Date.now;
        await useSmtpSink(t.app, sink);
      }
    },
  );

  it.skipIf(skip)('two dispatchers on one database send each message exactly once', async () => {
    const second = await startTestApp(testDb.url);
    try {
      const recipients = Array.from({ length: 30 }, () => nextEmail('race'));
      // Queued in one transaction with no wake-up, so both dispatchers find all of them due at once.
      await t.app.db.kysely.transaction().execute(async (trx) => {
        for (const to of recipients) {
          await enqueueMail(trx, t.app.clock, {
            to,
            subject: `race ${to}`,
            text: 'race',
            html: '<p>race</p>',
          });
        }
      });
      await Promise.all([t.app.mail.dispatchNow(), second.app.mail.dispatchNow(), t.app.mail.dispatchNow()]);
      for (const to of recipients) {
        await sink.waitFor((m) => m.to.includes(to));
        expect(sink.to(to)).toHaveLength(1);
        expect((await rowsTo(to))[0]).toMatchObject({ status: 'sent', attempts: 1 });
      }
    } finally {
      await second.close();
    }
  });

  it.skipIf(skip)('takes over a row whose holder died mid-send once its lease has lapsed', async () => {
    const email = nextEmail('orphan');
    await t.app.db.kysely.transaction().execute((trx) =>
      enqueueMail(trx, t.app.clock, {
        to: email,
        subject: 'orphan',
        text: 'orphan',
        html: '<p>orphan</p>',
      }),
    );
    const now = Date.now();
    // What a process that claimed the row and then died leaves behind.
    await t.app.db.kysely
      .updateTable('mail_outbox')
      .set({
        status: 'sending',
        attempts: 1,
        claim_token: 'dead-process',
        lease_until: new Date(now + DISPATCHER_DEFAULTS.leaseMs).toISOString(),
      })
      .where('recipient', '=', email)
      .execute();
    await t.app.mail.dispatchNow();
    expect((await rowsTo(email))[0]).toMatchObject({ status: 'sending', claim_token: 'dead-process' });
    t.app.mail.clock = () => now + DISPATCHER_DEFAULTS.leaseMs;
    try {
      await t.app.mail.dispatchNow();
    } finally {
      t.app.mail.clock = Date.now;
    }
    expect((await rowsTo(email))[0]).toMatchObject({ status: 'sent', attempts: 2 });
    await sink.waitFor((m) => m.to.includes(email));
  });

  it.skipIf(skip)('a transaction that fails leaves no outbox row and sends nothing', async () => {
    const taken = nextEmail('taken');
    await createReader(taken);
    await t.dispatchMailNow();
    const fresh = nextEmail('rolled.back');
    // The first administrator's invitation is queued before the second one fails the request.
    const refused = await admin.POST('/api/v1/distributors', {
      body: {
        name: `Rolled Back ${seq}`,
        administrators: [
          { firstName: 'Fresh', lastName: 'Admin', email: fresh },
          { firstName: 'Taken', lastName: 'Admin', email: taken },
        ],
      },
    });
    expect(refused.response.status).toBe(409);
    expect(refused.error).toMatchObject({ field: 'body.administrators.1.email' });
    await t.dispatchMailNow();
    expect(await rowsTo(fresh)).toEqual([]);
    expect(sink.to(fresh)).toEqual([]);
    expect(await rowsTo(taken)).toHaveLength(1);
  });
});
