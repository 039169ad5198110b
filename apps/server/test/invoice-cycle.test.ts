import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../src/context.ts';
import { transaction } from '../src/db/transaction.ts';
import { sendDelinquencyNotice } from '../src/modules/invoices/invoice-email.ts';
import { enqueueJob, readSchedule } from '../src/modules/jobs/index.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { skipWithout } from './support/engine-world.ts';
import { ALL_ENGINES, createTestDatabase, type TestDatabase } from './support/engines.ts';
import { type SmtpSink, startSmtpSink, useSmtpSink } from './support/smtp-sink.ts';
import { buildWorld, type World } from './support/world.ts';

/**
 * The automatic invoicing cycle and delinquency notices (issue 14; semantics.md "Invoices",
 * "Billing periods and time"), on every engine, with a set clock in the Platform Time Zone
 * Pacific/Auckland (NZST, UTC+12 all of May and June 2024: 01:30 there is 13:30 UTC the day
 * before). Period: May 2024. The daily job runs at 01:15 Auckland time; each step moves the clock
 * and lets the runner fire the schedule.
 *
 * Two import sources, each with "cpu" at a flat 2.00 USD per hour: NZ in Pacific/Auckland (its May
 * ends with the platform's) and LA in America/Los_Angeles (its May ends 1 June 07:00 UTC, 19:00 in
 * Auckland: not yet on the morning of 1 June). NZ also has the meter "odd" with no price.
 * Settings: Submission Delay 2 days (issue from 3 June), payment terms 0 days (due on the issue
 * day), delinquency interval 7 days. Amounts, worked by hand:
 *   T1 chargeback NZ: 3 h × 2.00 = 6.00; a late hour on 2 June makes 4 h × 2.00 = 8.00
 *   T2 showback NZ:   5 h × 2.00 = 10.00 (a statement)
 *   T3 chargeback NZ: 1 h × 2.00 = 2.00 and 1 h of "odd" unpriced
 *   T4 chargeback NZ in EUR: 2 h × 2.00 USD × 0.9 = 3.60 EUR once the rate exists (4 June)
 *   T5 chargeback LA: 2 h × 2.00 = 4.00
 */
// biome-ignore lint/suspicious/noExplicitAny: answers of many shapes, read field by field in assertions
type Json = Record<string, any>;

/** An Auckland wall-clock time in May or June 2024 (UTC+12) as epoch ms. */
const nz = (day: string, time = '01:30') => Date.parse(`${day}T${time}:00+12:00`);

describe.each(ALL_ENGINES)('automatic invoice cycle [%s]', (engine) => {
  const skip = skipWithout(engine);
  let db: TestDatabase;
  let t: TestApp;
  let w: World;
  let sink: SmtpSink;
  let now = nz('2024-05-20', '12:00');
  const ids: Record<string, string> = {};
  const email = (key: string) => `billing.${key}.${engine}@cycle.test`;

  async function call(method: string, url: string, body?: unknown) {
    const response = await t.inject({
      method: method as 'GET',
      url,
      headers: {
        authorization: `Bearer ${w.platformAdmin.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    const json = response.body ? JSON.parse(response.body) : {};
    return { status: response.statusCode, body: json as Json, text: response.body };
  }
  async function made(method: string, url: string, body?: unknown): Promise<Json> {
    const response = await call(method, url, body);
    expect(response.status, `${method} ${url}: ${response.text}`).toBeLessThan(300);
    return response.body;
  }
  /** Moves the clock and lets the runner do what is due (the schedule, ratings, the cycle). */
  async function dayAt(at: number) {
    now = at;
    await t.app.jobs.runNow();
  }
  /** The tenant's May invoice (its own, not credit notes), or undefined. */
  async function mayOf(key: string): Promise<Json | undefined> {
    const list = await made('GET', `/api/v1/invoices?tenantId=${ids[key]}&period=2024-05`);
    const own = (list.items as Json[]).filter((i) => i.creditsInvoiceId === null);
    return own[0] && made('GET', `/api/v1/invoices/${own[0].id}`);
  }
  async function mails(invoiceId: string, template: string) {
    return t.app.db.kysely
      .selectFrom('mail_outbox')
      .select(['recipient', 'subject'])
      .where('related_id', '=', invoiceId)
      .where('template', '=', template)
      .orderBy('created_at')
      .execute();
  }
  const notices = async (key: string) => (await mails(ids[`${key}inv`]!, 'delinquency_notice')).length;
  async function openAlerts(kind: string) {
    const rows = await t.app.db.kysely
      .selectFrom('alerts')
      .select(['alert_key', 'details_json', 'occurrences'])
      .where('kind', '=', kind)
      .where('resolved_at', 'is', null)
      .execute();
    return rows.map((r) => ({
      key: r.alert_key,
      occurrences: Number(r.occurrences),
      ...JSON.parse(r.details_json!),
    }));
  }
  let recordSeq = 0;
  async function usage(source: string, azs: string, meterId: string, quantity: string, day = '10') {
    await made('POST', `/api/v1/regions/${ids[source]}/usage-imports`, {
      records: [
        {
          externalId: `c${++recordSeq}`,
          subscription: azs,
          meterId,
          usageStart: `2024-05-${day}T10:00:00Z`,
          usageEnd: `2024-05-${day}T11:00:00Z`,
          quantity,
        },
      ],
    });
  }
  async function tenant(key: string, source: string, extra: Record<string, unknown> = {}) {
    const created = await made('POST', '/api/v1/tenants', {
      name: `Cycle ${key}`,
      partnerId: w.A.partnerId,
      currency: 'USD',
      billingContact: { name: `Billing ${key}`, email: email(key) },
      administrators: [{ firstName: 'Cy', lastName: key, email: `cy.${key}.${engine}@cycle.test` }],
      ...extra,
    });
    ids[key] = created.id;
    const azs = `cycle-${key}-${engine}`;
    await made('POST', `/api/v1/regions/${ids[source]}/subscription-links`, {
      tenantId: created.id,
      name: `${key} main`,
      azsSubscriptionId: azs,
      // After May began in every zone here, so April has nothing of theirs.
      billableFrom: '2024-05-01T12:00:00Z',
    });
    return azs;
  }

  beforeAll(async () => {
    if (skip) return;
    db = await createTestDatabase(engine);
    t = await startTestApp(db.url, { CMS_WORKER: 'false' }, { clock: () => now });
    w = await buildWorld(t);
    sink = await startSmtpSink();
    await useSmtpSink(t.app, sink);
    await made('PATCH', '/api/v1/settings', {
      values: { 'platform.timeZone': 'Pacific/Auckland', 'invoices.defaultPaymentTermsDays': 0 },
    });
    for (const [key, zone] of [
      ['NZ', 'Pacific/Auckland'],
      ['LA', 'America/Los_Angeles'],
    ] as const) {
      const source = await made('POST', '/api/v1/regions', {
        kind: 'import',
        name: `Cycle ${key}`,
        timeZone: zone,
      });
      ids[key] = source.id;
      const meters = key === 'NZ' ? ['cpu', 'odd'] : ['cpu'];
      for (const meterId of meters) {
        await made('POST', `/api/v1/regions/${source.id}/meters`, {
          meterId,
          name: `${meterId} meter`,
          unit: 'Hours',
        });
      }
      const list = await made('POST', '/api/v1/price-lists', {
        scopeType: 'region',
        regionId: source.id,
        displayName: `Cycle ${key} prices`,
        currency: 'USD',
      });
      const version = await made('POST', `/api/v1/price-lists/${list.id}/versions`, {
        effectiveFrom: '2024-01',
      });
      await made('POST', `/api/v1/price-list-versions/${version.id}/items`, { meterId: 'cpu', rate: '2.00' });
      await made('POST', `/api/v1/price-list-versions/${version.id}/activation`);
    }
    const t1 = await tenant('T1', 'NZ');
    await usage('NZ', t1, 'cpu', '3');
    const t2 = await tenant('T2', 'NZ', { billingMode: 'showback' });
    await usage('NZ', t2, 'cpu', '5');
    const t3 = await tenant('T3', 'NZ');
    await usage('NZ', t3, 'cpu', '1');
    await usage('NZ', t3, 'odd', '1');
    const t4 = await tenant('T4', 'NZ', { currency: 'EUR' });
    await usage('NZ', t4, 'cpu', '2');
    const t5 = await tenant('T5', 'LA');
    await usage('LA', t5, 'cpu', '2');
    ids.t1azs = t1;
    await t.app.jobs.runNow();
  });
  afterAll(async () => {
    await sink?.close();
    await t?.close();
    await db?.drop();
  });

  it.skipIf(skip)(
    'is scheduled daily in the Platform Time Zone only while it has something to do',
    async () => {
      const schedule = () => readSchedule(t.app.db.kysely, 'invoices:cycle');
      expect(await schedule()).toBeUndefined();
      await made('PATCH', '/api/v1/settings', {
        values: {
          'invoices.autoCreate': true,
          'invoices.submissionDelayDays': 2,
          'invoices.autoEmail': true,
        },
      });
      // 01:15 on 21 May in Auckland.
      expect(await schedule()).toMatchObject({
        cron: '15 1 * * *',
        timeZone: 'Pacific/Auckland',
        nextRunAt: '2024-05-20T13:15:00.000Z',
      });
      await made('PATCH', '/api/v1/settings', { values: { 'invoices.autoCreate': false } });
      expect(await schedule()).toBeUndefined();
      await made('PATCH', '/api/v1/settings', {
        values: {
          'invoices.autoCreate': true,
          'invoices.delinquentNotifications': true,
          'invoices.delinquentIntervalDays': 7,
        },
      });
      expect((await schedule())?.nextRunAt).toBe('2024-05-20T13:15:00.000Z');
      const bad = await call('PATCH', '/api/v1/settings', {
        values: { 'invoices.delinquentIntervalDays': 0 },
      });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('invoices.delinquentIntervalDays');
    },
  );

  it.skipIf(skip)('creates nothing for May before its end, in Auckland', async () => {
    await dayAt(nz('2024-05-31', '23:30'));
    const runs = await t.app.db.kysely
      .selectFrom('jobs')
      .select(['status'])
      .where('type', '=', 'invoices.cycle')
      .execute();
    expect(runs.map((r) => r.status)).toEqual(['succeeded']);
    for (const key of ['T1', 'T2', 'T3', 'T4', 'T5']) expect(await mayOf(key)).toBeUndefined();
  });

  it.skipIf(skip)(
    'generates previews the day after the month end; a region whose May has not ended, or a missing exchange rate, has none and an alert',
    async () => {
      await dayAt(nz('2024-06-01'));
      const t1 = await mayOf('T1');
      expect(t1).toMatchObject({ status: 'preview', number: null, total: '6.00', kind: 'invoice' });
      expect(await mayOf('T2')).toMatchObject({ status: 'preview', kind: 'statement', total: '10.00' });
      expect(await mayOf('T3')).toMatchObject({ status: 'preview', total: '2.00', unpricedLines: 1 });
      expect(await mayOf('T4')).toBeUndefined();
      expect(await mayOf('T5')).toBeUndefined();
      const reasons = (await openAlerts('invoice.not_generated'))
        .filter((a) => a.period === '2024-05')
        .map((a) => [a.tenantId, a.reason])
        .sort();
      expect(reasons).toEqual(
        [
          [ids.T4, 'missing_exchange_rate'],
          [ids.T5, 'region_not_collected'],
        ].sort(),
      );
      ids.T1inv = t1!.id;
      ids.T1generated = t1!.generatedAt;
    },
  );

  it.skipIf(skip)('refreshes the previews daily and issues nothing before the delay', async () => {
    await usage('NZ', ids.t1azs!, 'cpu', '1', '20');
    await dayAt(nz('2024-06-02'));
    const t1 = await mayOf('T1');
    // Same preview, rebuilt with the late hour: 4 h × 2.00.
    expect(t1).toMatchObject({ id: ids.T1inv, status: 'preview', total: '8.00' });
    expect(t1!.generatedAt).not.toBe(ids.T1generated);
    // LA's May ended at 19:00 on 1 June in Auckland.
    expect(await mayOf('T5')).toMatchObject({ status: 'preview', total: '4.00' });
    expect(await openAlerts('invoice.not_generated')).toEqual([
      expect.objectContaining({ tenantId: ids.T4, reason: 'missing_exchange_rate' }),
    ]);
    for (const key of ['T1', 'T2', 'T3', 'T5']) expect((await mayOf(key))!.status).toBe('preview');
  });

  it.skipIf(skip)(
    'issues after the delay and e-mails each issued document once; a preview with an unpriced line stays, with one alert',
    async () => {
      await dayAt(nz('2024-06-03'));
      const t1 = await mayOf('T1');
      const t2 = await mayOf('T2');
      const t3 = await mayOf('T3');
      const t5 = await mayOf('T5');
      expect(t1).toMatchObject({
        status: 'issued',
        issueDate: '2024-06-03',
        dueDate: '2024-06-03',
        total: '8.00',
      });
      expect(t1!.number).toMatch(/^INV-2024-\d{6}$/);
      expect(t2).toMatchObject({ status: 'issued', kind: 'statement', issueDate: '2024-06-03' });
      expect(t2!.number).toMatch(/^ST-2024-\d{6}$/);
      expect(t5).toMatchObject({ status: 'issued', total: '4.00' });
      expect(t3).toMatchObject({ status: 'preview', number: null });
      ids.T2inv = t2!.id;
      ids.T5inv = t5!.id;
      const held = await openAlerts('invoice.not_issued');
      expect(held).toEqual([
        expect.objectContaining({
          key: `${t3!.id}:unpriced_lines`,
          reason: 'unpriced_lines',
          occurrences: 1,
        }),
      ]);
      for (const [key, inv] of [
        ['T1', t1],
        ['T2', t2],
        ['T5', t5],
      ] as const) {
        expect(await mails(inv!.id, 'invoice')).toEqual([
          { recipient: email(key), subject: expect.stringContaining(inv!.number) },
        ]);
      }
      expect(await mails(t3!.id, 'invoice')).toEqual([]);
      await t.dispatchMailNow();
      const received = await sink.waitFor((m) => m.to.includes(email('T1')));
      expect(received.text).toContain('Total: 8');
      expect(received.parsed.attachments.map((a) => a.contentType)).toEqual(['application/pdf']);

      // A second run the same day (a retry, another worker) changes nothing and sends nothing.
      await transaction(t.app.db, (trx) =>
        enqueueJob(trx, systemContext(t.app), { type: 'invoices.cycle', payload: {} }),
      );
      await t.app.jobs.runNow();
      for (const inv of [t1, t2, t5]) expect(await mails(inv!.id, 'invoice')).toHaveLength(1);
      expect((await mayOf('T1'))!.number).toBe(t1!.number);
      expect(await openAlerts('invoice.not_issued')).toEqual([
        expect.objectContaining({ key: `${t3!.id}:unpriced_lines`, occurrences: 2 }),
      ]);
    },
  );

  it.skipIf(skip)(
    'issues a preview that could not be built once it can, not e-mailed with Auto Email off; first delinquency notices',
    async () => {
      await made('PATCH', '/api/v1/settings', { values: { 'invoices.autoEmail': false } });
      await made('POST', '/api/v1/exchange-rates', {
        currency: 'EUR',
        rate: '0.9',
        effectiveFrom: '2024-01-01T00:00:00Z',
      });
      await dayAt(nz('2024-06-04'));
      const t4 = await mayOf('T4');
      expect(t4).toMatchObject({ status: 'issued', currency: 'EUR', total: '3.60', dueDate: '2024-06-04' });
      ids.T4inv = t4!.id;
      expect(await mails(t4!.id, 'invoice')).toEqual([]);
      expect(await openAlerts('invoice.not_generated')).toEqual([]);
      // Due on 3 June, 1 day overdue: T1 and T5; the statement never; T4 is due today.
      expect(await notices('T1')).toBe(1);
      expect(await notices('T5')).toBe(1);
      expect(await notices('T2')).toBe(0);
      expect(await notices('T4')).toBe(0);
      await t.dispatchMailNow();
      const notice = await sink.waitFor((m) => m.to.includes(email('T1')) && /overdue/i.test(m.subject));
      const t1 = await mayOf('T1');
      expect(notice.subject).toBe(
        `Payment overdue: invoice ${t1!.number} from ${notice.subject.split(' from ')[1]}`,
      );
      expect(notice.text).toContain(
        `Invoice ${t1!.number} for 2024-05 was due on 2024-06-03 and is 1 day overdue.`,
      );
      expect(notice.text).toContain('Amount due: 8.00 USD');
      // The invoice says when its last notice went; the one due today has had none.
      expect(t1!.lastDelinquencyNoticeAt).toEqual(expect.stringMatching(/^2024-06-0[34]T/));
      expect(t4!.lastDelinquencyNoticeAt).toBeNull();
      // T5 pays in full; T4 is voided.
      await made('POST', `/api/v1/invoices/${ids.T5inv}/payments`, { amount: '4.00', paidOn: '2024-06-04' });
      expect((await mayOf('T5'))!.status).toBe('paid');
    },
  );

  it.skipIf(skip)(
    'repeats notices at the interval only, never for paid, void or showback documents',
    async () => {
      await dayAt(nz('2024-06-05'));
      expect(await notices('T4')).toBe(1);
      await made('POST', `/api/v1/invoices/${ids.T4inv}/void`, { reason: 'Billed in error' });
      for (const day of ['06', '07', '08', '09', '10']) {
        await dayAt(nz(`2024-06-${day}`));
        expect(await notices('T1'), `T1 on 2024-06-${day}`).toBe(1);
      }
      // 7 days after the first.
      await dayAt(nz('2024-06-11'));
      expect(await notices('T1')).toBe(2);
      await dayAt(nz('2024-06-12'));
      expect(await notices('T1')).toBe(2);
      expect(await notices('T4')).toBe(1);
      expect(await notices('T5')).toBe(1);
      expect(await notices('T2')).toBe(0);
    },
  );

  it.skipIf(skip)('two senders of the same notice at once send it once', async () => {
    const row = await t.app.db.kysely
      .selectFrom('invoices')
      .select('last_delinquency_notice_at')
      .where('id', '=', ids.T1inv!)
      .executeTakeFirstOrThrow();
    const before = row.last_delinquency_notice_at;
    const due = (r: { last_delinquency_notice_at: string | null }) => r.last_delinquency_notice_at === before;
    const ctx = systemContext(t.app);
    const outcomes = await Promise.all([
      sendDelinquencyNotice(ctx, ids.T1inv!, '2024-06-12', due),
      sendDelinquencyNotice(ctx, ids.T1inv!, '2024-06-12', due),
    ]);
    expect(outcomes.sort()).toEqual(['not_due', 'sent']);
    expect(await notices('T1')).toBe(3);
  });

  it.skipIf(skip)('sends none once a credit note leaves nothing due', async () => {
    const t1 = await mayOf('T1');
    const usageLines = (t1!.lines as Json[]).map((l) => ({ lineId: l.id }));
    await made('POST', `/api/v1/invoices/${t1!.id}/credit-notes`, { lines: usageLines, reason: 'Goodwill' });
    // Still issued, 8.00 − 8.00 due; a week after the last notice.
    expect(await mayOf('T1')).toMatchObject({ status: 'issued', amountDue: '0.00' });
    await dayAt(nz('2024-06-19'));
    expect(await notices('T1')).toBe(3);
  });
});
