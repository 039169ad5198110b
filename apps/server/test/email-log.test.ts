import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/db/ids.ts';
import { transaction } from '../src/db/transaction.ts';
import {
  DISPATCHER_DEFAULTS,
  MAIL_LIMITS,
  type QueuedEmail,
  queueEmail,
} from '../src/modules/mail/outbox.ts';
import { ok, startTestApp, type TestApp } from './support/app.ts';
import { skipWithout } from './support/engine-world.ts';
import { ALL_ENGINES, createTestDatabase, type TestDatabase } from './support/engines.ts';
import { type SmtpSink, startSmtpSink, useSmtpSink } from './support/smtp-sink.ts';
import { buildWorld, type Person, type World } from './support/world.ts';

/**
 * E-mails with attachments and the e-mail log, on every engine, against a real SMTP server: a PDF
 * arrives byte for byte; a mail server that refuses connections is retried per the outbox's policy
 * and the log shows each failure and the final outcome; the log is scoped by the chain of the
 * object an e-mail is about, filtered by that object, and paged.
 */

/** Bytes that look like a PDF and cover every byte value, so any re-encoding would show. */
function pdfBytes(): Buffer {
  const every = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  return Buffer.concat([Buffer.from('%PDF-1.7\n'), every, randomBytes(40_000), Buffer.from('\n%%EOF\n')]);
}

describe.each(ALL_ENGINES)('e-mail attachments and log [%s]', (engine) => {
  const skip = skipWithout(engine);
  let testDb: TestDatabase;
  let t: TestApp;
  let world: World;
  let sink: SmtpSink;
  let seq = 0;

  beforeAll(async () => {
    if (skip) return;
    testDb = await createTestDatabase(engine);
    t = await startTestApp(testDb.url, { CMS_WORKER: 'false' });
    world = await buildWorld(t);
    sink = await startSmtpSink();
    await useSmtpSink(t.app, sink);
  });
  afterAll(async () => {
    if (skip) return;
    await t.close();
    await sink.close();
    await testDb.drop();
  });

  // Any object id will do: the log names the object, it does not look it up.
  const invoiceId = () => newId('job');
  const address = (label: string) => {
    seq += 1;
    return `${label}.${seq}@billing.example.test`;
  };
  /** An invoice e-mail about an object of branch A's tenant, visible to that tenant's chain. */
  const invoiceMail = (to: string[], relatedId: string, extra: Partial<QueuedEmail> = {}): QueuedEmail => {
    const chain = world.objects.find((o) => o.id === world.A.tenantId)!.chain;
    return {
      to,
      kind: 'invoice',
      subject: 'Invoice INV-2026-000042',
      text: 'Your invoice is attached.',
      html: '<p>Your invoice is attached.</p>',
      about: { type: 'invoice', id: relatedId },
      visibleTo: { distributorId: chain.distributor, partnerId: chain.partner, tenantId: chain.tenant },
      ...extra,
    };
  };
  const queue = (email: QueuedEmail) => transaction(t.app.db, (trx) => queueEmail(trx, t.app.clock, email));
  const log = async (actor: Person, query: Record<string, string | number> = {}) =>
    ok(await actor.client.GET('/api/v1/email-log', { params: { query: query as never } }));

  it.skipIf(skip)('sends a PDF attachment that arrives intact, and logs it as sent', async () => {
    const content = pdfBytes();
    const relatedId = invoiceId();
    const to = [address('first'), address('second')];
    const ids = await queue(
      invoiceMail(to, relatedId, {
        attachments: [{ filename: 'INV-2026-000042.pdf', contentType: 'application/pdf', content }],
      }),
    );
    expect(ids).toHaveLength(2);
    await t.dispatchMailNow();
    for (const recipient of to) {
      const mail = await sink.waitFor((m) => m.to.includes(recipient));
      // One message per recipient: nobody sees the other billing contacts' addresses.
      expect(mail.to).toEqual([recipient]);
      expect(mail.subject).toBe('Invoice INV-2026-000042');
      expect(mail.parsed.attachments).toHaveLength(1);
      const [attachment] = mail.parsed.attachments;
      expect(attachment!.filename).toBe('INV-2026-000042.pdf');
      expect(attachment!.contentType).toBe('application/pdf');
      expect(Buffer.compare(attachment!.content, content)).toBe(0);
    }
    const entries = (await log(world.platformAdmin, { relatedId })).items;
    expect(entries.map((e) => e.recipient).sort()).toEqual([...to].sort());
    for (const entry of entries) {
      expect(entry).toMatchObject({
        kind: 'invoice',
        related: { type: 'invoice', id: relatedId },
        subject: 'Invoice INV-2026-000042',
        status: 'sent',
        attempts: 1,
        lastError: null,
        nextAttemptAt: null,
        attachments: [
          { filename: 'INV-2026-000042.pdf', contentType: 'application/pdf', byteSize: content.length },
        ],
      });
      expect(entry.sentAt).not.toBeNull();
    }
    // Sent: no second copy of the document, and no body, stays in the outbox.
    const stored = await t.app.db.kysely
      .selectFrom('mail_attachments')
      .select(['content', 'byte_size', 'sha256'])
      .where('mail_id', 'in', ids)
      .execute();
    expect(stored).toHaveLength(2);
    for (const row of stored) expect(row).toMatchObject({ content: null, byte_size: content.length });
  });

  it.skipIf(skip)(
    'retries while the mail server refuses connections, logging each failure, and gives up at the last attempt',
    async () => {
      const down = await startSmtpSink();
      const downPort = down.port;
      await down.close();
      await useSmtpSink(t.app, { host: sink.host, port: downPort });
      const dispatcher = t.app.mail;
      const relatedId = invoiceId();
      const recipient = address('unreachable');
      try {
        await queue(
          invoiceMail([recipient], relatedId, {
            attachments: [{ filename: 'INV.pdf', contentType: 'application/pdf', content: pdfBytes() }],
          }),
        );
        const start = Date.now();
        await dispatcher.dispatchNow();
        let [entry] = (await log(world.platformAdmin, { relatedId })).items;
        expect(entry).toMatchObject({
          status: 'queued',
          attempts: 1,
          lastError: 'the mail server could not be reached',
          sentAt: null,
        });
        expect(Date.parse(entry!.nextAttemptAt!) - start).toBeGreaterThanOrEqual(
          DISPATCHER_DEFAULTS.retryBaseMs,
        );
        for (let attempt = 2; attempt <= DISPATCHER_DEFAULTS.maxAttempts; attempt++) {
          const due = Date.parse(entry!.nextAttemptAt!);
          dispatcher.clock = () => due;
          await dispatcher.dispatchNow();
          [entry] = (await log(world.platformAdmin, { relatedId })).items;
          if (attempt < DISPATCHER_DEFAULTS.maxAttempts) {
            expect(entry).toMatchObject({ status: 'queued', attempts: attempt });
            // The outbox's policy: each wait twice the one before.
            expect(Date.parse(entry!.nextAttemptAt!) - due).toBe(
              DISPATCHER_DEFAULTS.retryBaseMs * 2 ** (attempt - 1),
            );
          }
        }
        expect(entry).toMatchObject({
          status: 'failed',
          attempts: DISPATCHER_DEFAULTS.maxAttempts,
          lastError: 'the mail server could not be reached',
          nextAttemptAt: null,
          sentAt: null,
        });
        expect((await log(world.platformAdmin, { relatedId, status: 'failed' })).items).toHaveLength(1);
        expect(sink.to(recipient)).toEqual([]);
        const [attachment] = await t.app.db.kysely
          .selectFrom('mail_attachments')
          .select('content')
          .where('mail_id', '=', entry!.id)
          .execute();
        expect(attachment!.content).toBeNull();
      } finally {
        dispatcher.clock = Date.now;
        await useSmtpSink(t.app, sink);
      }
    },
  );

  it.skipIf(skip)('shows an e-mail to the chain of the object it is about, and the platform', async () => {
    const relatedId = invoiceId();
    const [id] = await queue(invoiceMail([address('scoped')], relatedId));
    const sees = async (person: Person) => (await log(person, { relatedId })).items.map((e) => e.id);
    for (const role of ['tenant_admin', 'tenant_reader', 'partner_admin', 'distributor_reader'] as const) {
      expect(await sees(world.actor(role, 'A')), role).toEqual([id]);
      expect(await sees(world.actor(role, 'B')), `${role} of B`).toEqual([]);
    }
    expect(await sees(world.platformReader)).toEqual([id]);
    // Account e-mails (no chain) are the platform's alone.
    const [account] = await queue({
      to: [address('account')],
      kind: 'invitation',
      subject: 'Activate your account',
      text: 'x',
      html: '<p>x</p>',
    });
    const platformKinds = (await log(world.platformAdmin, { kind: 'invitation' })).items.map((e) => e.id);
    expect(platformKinds).toContain(account);
    expect((await log(world.actor('tenant_admin', 'A'), { kind: 'invitation' })).items).toEqual([]);
  });

  it.skipIf(skip)('pages the log newest first', async () => {
    const relatedId = invoiceId();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(...(await queue(invoiceMail([address(`page${i}`)], relatedId))));
    const first = await log(world.platformAdmin, { relatedId, limit: 2, includeTotal: 'true' });
    expect(first.total).toBe(3);
    // Newest first; entries of one millisecond by id, which orders them as ids do (time-ordered).
    const newestFirst = [...ids].sort().reverse();
    expect(first.items.map((e) => e.id)).toEqual(newestFirst.slice(0, 2));
    const second = await log(world.platformAdmin, { relatedId, limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((e) => e.id)).toEqual(newestFirst.slice(2));
    expect(second.nextCursor).toBeNull();
  });

  it.skipIf(skip)('filters by recipient text and by when the e-mail was queued', async () => {
    const relatedId = invoiceId();
    const at = (iso: string) => () => Date.parse(iso);
    const [early] = await transaction(t.app.db, (trx) =>
      queueEmail(
        trx,
        at('2026-03-01T10:00:00.000Z'),
        invoiceMail(['Billing.Filter@contoso.example'], relatedId),
      ),
    );
    const [late] = await transaction(t.app.db, (trx) =>
      queueEmail(
        trx,
        at('2026-03-02T10:00:00.000Z'),
        invoiceMail(['ops_filter@fabrikam.example'], relatedId),
      ),
    );
    const ids = async (query: Record<string, string>) =>
      (await log(world.platformAdmin, { relatedId, ...query })).items.map((e) => e.id);
    expect(await ids({ recipient: 'FILTER' })).toEqual([late, early]);
    expect(await ids({ recipient: 'billing.filter@contoso' })).toEqual([early]);
    // LIKE's wildcards are searched for as themselves.
    expect(await ids({ recipient: '_filter' })).toEqual([late]);
    expect(await ids({ recipient: '%' })).toEqual([]);
    expect(await ids({ from: '2026-03-02T00:00:00Z' })).toEqual([late]);
    expect(await ids({ to: '2026-03-02T00:00:00Z' })).toEqual([early]);
    // An instant without milliseconds is the same instant as the stored one with them.
    expect(await ids({ from: '2026-03-01T10:00:00Z', to: '2026-03-02T10:00:00Z' })).toEqual([early]);
    expect(await ids({ recipient: 'fabrikam', from: '2026-03-03T00:00:00Z' })).toEqual([]);
  });

  it.skipIf(skip)('refuses an e-mail it could not send as given, queueing nothing', async () => {
    const relatedId = invoiceId();
    const refusals: [Partial<QueuedEmail>, RegExp][] = [
      [{ to: [] }, /1 to 20 valid recipient/],
      [{ to: ['not an address'] }, /valid recipient/],
      [{ kind: 'Invoice!' }, /lower-case word/],
      [
        {
          attachments: [
            { filename: '../etc/passwd', contentType: 'application/pdf', content: Buffer.from('x') },
          ],
        },
        /Attachment name not allowed/,
      ],
      [
        {
          attachments: [
            {
              filename: 'big.pdf',
              contentType: 'application/pdf',
              content: Buffer.alloc(MAIL_LIMITS.attachmentBytes + 1),
            },
          ],
        },
        /at most 10485760 per e-mail/,
      ],
    ];
    for (const [change, message] of refusals) {
      await expect(queue(invoiceMail([address('refused')], relatedId, change))).rejects.toMatchObject({
        code: 'invalid_request',
        message: expect.stringMatching(message),
      });
    }
    expect((await log(world.platformAdmin, { relatedId })).items).toEqual([]);
  });
});
