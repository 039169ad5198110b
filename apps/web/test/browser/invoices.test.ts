import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { CmsClient } from '@cms/api-client';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AZURITE_ACCOUNT,
  AZURITE_KEY,
  type AzuriteProcess,
  azuriteAvailable,
  startAzurite,
} from '../../../server/test/support/azurite.ts';
import { solidPng } from '../../../server/test/support/png.ts';
import { type SmtpSink, startSmtpSink } from '../../../server/test/support/smtp-sink.ts';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  adminClient,
  axeViolations,
  buildAppOncePerRun,
  CHROMIUM,
  chromiumStatus,
  completeFirstSignIn,
  DESKTOP,
  emulateSystemScheme,
  launchBrowser,
  newPage,
  PHONE,
  pageWidth,
  type RunningServer,
  screenshot,
  settled,
  signIn,
  startServer,
  watch,
} from './support.ts';

/**
 * Billing → Invoices (issue 14), the month end as an operator walks it: usage imported for March
 * 2024 into an import source (its month has long ended, so it counts as collected), priced by a
 * region list written into the server's SQLite database and rated by the real rating job. The
 * platform administrator generates the period's previews from the Generate dialog, opens the
 * preview, issues it, records a partial payment and credits part of a line; the tenant's
 * administrator then sees the issued documents (never a preview) with their PDF links. The
 * operator downloads the PDF (its text names the number), e-mails it to the billing contact (a real
 * SMTP sink) and finds it in the E-mail log; sets the invoice colours and logo in System Settings →
 * Invoices, and tests the storage connection against a real Azurite. Last, April's previews are
 * issued at once from "Issue all previews": the one whose usage changed since stays a preview.
 *
 * Hand-worked (USD, no tax profile so no tax, half away from zero per line):
 *   vm-hours    100 h × 0.125                                   = 12.50
 *   storage-gb  150 GB graduated 100 × 0.10 + 50 × 0.05 = 10.00 + 2.50 = 12.50
 *   subtotal = total                                             = 25.00
 *   payment 10.00 → amount due 25.00 − 10.00                     = 15.00
 *   credit note 5.00 of the storage line → due 15.00 − 5.00       = 10.00
 */
const status = chromiumStatus();
const PERIOD = '2024-03';
const INITIAL = 'Initial-Password-123';
const CHOSEN = 'Chosen-Password-456';

let server: RunningServer;
let browser: Browser | undefined;
let admin: CmsClient;
let sink: SmtpSink | undefined;
let azurite: AzuriteProcess | undefined;
const ids = { partner: '', tenant: '', region: '', sub: '', invoice: '', number: '' };

const ok = <T>(result: { data?: T; error?: unknown }): T => {
  if (result.data === undefined) throw new Error(JSON.stringify(result.error));
  return result.data;
};

async function jobOutcome(id: string): Promise<string> {
  for (let i = 0; i < 240; i++) {
    const job = ok(await admin.GET('/api/v1/jobs/{id}', { params: { path: { id } } }));
    if (['succeeded', 'failed', 'cancelled'].includes(job.status)) return job.status;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`job ${id} did not end`);
}

/** Usage of one subscription on the period's 5th, as [meter, quantity]; `key` keeps the records apart. */
async function importUsage(period: string, subscription: string, key: string, usage: [string, string][]) {
  ok(
    await admin.POST('/api/v1/regions/{id}/usage-imports', {
      params: { path: { id: ids.region } },
      body: {
        records: usage.map(([meterId, quantity]) => ({
          externalId: `${key}-${meterId}`,
          subscription,
          meterId,
          quantity,
          usageStart: `${period}-05T00:00:00Z`,
          usageEnd: `${period}-05T01:00:00Z`,
        })),
      },
    }),
  );
}

async function rate(period: string): Promise<void> {
  const job = ok(await admin.POST('/api/v1/rating/recalculate', { body: { period } }));
  expect(await jobOutcome(job.id)).toBe('succeeded');
}

/** The region price list as rows (the pricing API's own flows are tested elsewhere). */
function writePrices(): void {
  const db = new Database(join(server.dataDir, 'cms.sqlite'));
  db.pragma('busy_timeout = 10000');
  const at = '2024-01-01T00:00:00.000Z';
  const insert = (table: string, row: Record<string, string | number | null>) => {
    const columns = Object.keys(row);
    db.prepare(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    ).run(...Object.values(row));
  };
  try {
    db.transaction(() => {
      insert('price_lists', {
        id: 'prl_browser_invoices',
        scope_type: 'region',
        region_id: ids.region,
        tenant_id: null,
        subscription_id: null,
        scope_key: `region:${ids.region}`,
        display_name: 'Report prices',
        description: null,
        currency: 'USD',
        created_at: at,
        updated_at: at,
      });
      insert('price_list_versions', {
        id: 'plv_browser_invoices_v1',
        price_list_id: 'prl_browser_invoices',
        version: 1,
        state: 'active',
        effective_from: '2024-01',
        notes: null,
        activated_at: at,
        superseded_at: null,
        created_at: at,
        updated_at: at,
      });
      const item = (id: string, meter: string, pricing: string, rate: string | null) =>
        insert('price_items', {
          id,
          version_id: 'plv_browser_invoices_v1',
          meter_id: meter,
          sku: '',
          price_unit: 'meter',
          pricing,
          rate,
          description: null,
          created_at: at,
          updated_at: at,
        });
      item('pri_browser_invoices_vm', 'vm-hours', 'flat', '0.125');
      item('pri_browser_invoices_storage', 'storage-gb', 'graduated', null);
      insert('price_tiers', {
        item_id: 'pri_browser_invoices_storage',
        position: 0,
        from_quantity: '0',
        to_quantity: '100',
        rate: '0.10',
      });
      insert('price_tiers', {
        item_id: 'pri_browser_invoices_storage',
        position: 1,
        from_quantity: '100',
        to_quantity: null,
        rate: '0.05',
      });
    })();
  } finally {
    db.close();
  }
}

async function world(): Promise<void> {
  ok(await admin.PATCH('/api/v1/settings', { body: { values: { 'users.requireActivation': false } } }));
  const person = (first: string, email: string) => ({
    firstName: first,
    lastName: 'Invoices',
    email,
    initialPassword: INITIAL,
  });
  const distributor = ok(
    await admin.POST('/api/v1/distributors', {
      body: { name: 'Invoice Distribution', administrators: [person('Dora', 'dora@invoices.test')] },
    }),
  );
  const partner = ok(
    await admin.POST('/api/v1/partners', {
      body: {
        name: 'Litware Billing',
        distributorId: distributor.id,
        administrators: [person('Pat', 'pat@invoices.test')],
      },
    }),
  );
  ids.partner = partner.id;
  const region = ok(
    await admin.POST('/api/v1/regions', {
      body: { kind: 'import', name: 'Invoice Hybrid', timeZone: 'UTC' },
    }),
  );
  ids.region = region.id;
  for (const [meterId, name, unit] of [
    ['vm-hours', 'Virtual machine hours', 'Hours'],
    ['storage-gb', 'Storage', 'GB'],
  ] as const) {
    ok(
      await admin.POST('/api/v1/regions/{id}/meters', {
        params: { path: { id: region.id } },
        body: { meterId, name, unit },
      }),
    );
  }
  writePrices();
  const tenant = ok(
    await admin.POST('/api/v1/tenants', {
      body: {
        name: 'Contoso Invoices',
        partnerId: partner.id,
        currency: 'USD',
        billingMode: 'chargeback',
        administrators: [person('Tara', 'tara@invoices.test')],
      },
    }),
  );
  ids.tenant = tenant.id;
  const sub = ok(
    await admin.POST('/api/v1/regions/{regionId}/subscription-links', {
      params: { path: { regionId: region.id } },
      body: {
        tenantId: tenant.id,
        name: 'Contoso Invoices Production',
        azsSubscriptionId: '5e3a6d4c-3f7b-4a8c-8d9e-1f2a3b4c5d6e',
        billableFrom: `${PERIOD}-01T00:00:00Z`,
      },
    }),
  );
  ids.sub = sub.id;
  await importUsage(PERIOD, sub.id, 'contoso', [
    ['vm-hours', '100'],
    ['storage-gb', '150'],
  ]);
  await rate(PERIOD);
  await completeFirstSignIn(server.url, 'tara@invoices.test', INITIAL, CHOSEN);
}

beforeAll(async () => {
  buildAppOncePerRun();
  if (status === 'fail') {
    throw new Error(
      `CI=true requires Chromium at ${CHROMIUM} for the portal tests (apt-get install -y chromium).`,
    );
  }
  if (status === 'skip') return;
  server = await startServer();
  admin = await adminClient(server.url);
  browser = await launchBrowser();
  await world();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await sink?.close();
  await azurite?.stop();
});

/** axe in light at desktop size, then in dark on a phone, with nothing scrolling sideways. */
async function expectAccessible(page: Page, name: string): Promise<void> {
  await settled(page);
  expect(await axeViolations(page), `${name} (light)`).toEqual([]);
  await page.setViewportSize(PHONE);
  await emulateSystemScheme(page, 'dark');
  await page.waitForTimeout(100);
  const width = await pageWidth(page);
  expect(width.scrollWidth, `${name}: ${width.overflowing.join(', ')}`).toBeLessThanOrEqual(width.innerWidth);
  expect(await axeViolations(page), `${name} (dark, phone)`).toEqual([]);
  await screenshot(page, `invoices/${name}-phone-dark`);
  await emulateSystemScheme(page, 'light');
  await page.setViewportSize(DESKTOP);
}

const cellsOf = async (page: Page, table: string) => {
  const rows = page.getByRole('table', { name: table }).locator('tbody tr');
  const out: string[][] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    out.push((await rows.nth(i).locator('td').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()));
  }
  return out;
};

describe.skipIf(status === 'skip')('invoices in the portal', () => {
  it('the operator generates the previews, opens one, issues it, records a payment and credits part of a line', async () => {
    const { context, page } = await newPage(browser!);
    const seen = watch(page);
    try {
      await signIn(page, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
      await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
      await settled(page);
      seen.since();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Invoices' }).click();
      await page.getByRole('heading', { level: 1, name: 'Invoices' }).waitFor();
      await settled(page);
      expect(seen.requests().length, seen.requests().join(', ')).toBeLessThanOrEqual(5);
      await page.getByText('No invoices').waitFor();

      // Generate: the period, every tenant; the dialog follows the job to its end.
      await page.getByRole('button', { name: 'Generate' }).click();
      const dialog = page.getByRole('dialog', { name: 'Generate invoices' });
      await dialog.getByLabel('Period').fill(PERIOD);
      await dialog.getByRole('button', { name: 'Generate previews' }).click();
      await dialog.getByRole('link', { name: /^job_/ }).waitFor();
      await expect.poll(() => dialog.getByText('Succeeded').count(), { timeout: 60_000 }).toBe(1);
      await dialog.getByRole('button', { name: 'Close', exact: true }).click();
      const preview = page.getByRole('link', { name: 'Invoice preview' });
      await preview.waitFor();
      const rows = await cellsOf(page, 'Invoices');
      expect(rows.map((r) => r.slice(0, 5).concat(r[7]!))).toEqual([
        ['Invoice preview', 'Contoso Invoices', 'Invoice', 'March 2024', 'PREVIEW', 'USD 25.00'],
      ]);
      await expectAccessible(page, 'list-preview');

      // The filters and the search ask the server; a status with no documents shows none.
      await page.getByRole('combobox', { name: 'Status' }).click();
      await page.getByRole('option', { name: 'Issued' }).click();
      await page.getByText('No invoices', { exact: true }).waitFor();
      await page.getByRole('combobox', { name: 'Status' }).click();
      await page.getByRole('option', { name: 'Preview' }).click();
      await preview.waitFor();
      await page.getByLabel('Search by number or tenant').fill('Woodgrove');
      await page.getByText('Nothing matches “Woodgrove”').waitFor();
      await page.getByLabel('Search by number or tenant').fill('Contoso');
      await preview.waitFor();

      // The preview, as the crawler goes: from the list, counting the page's requests.
      seen.since();
      await preview.click();
      await page.getByRole('heading', { level: 1, name: 'Invoice preview' }).waitFor();
      await settled(page);
      expect(seen.requests().length, seen.requests().join(', ')).toBeLessThanOrEqual(5);
      ids.invoice = new URL(page.url()).pathname.split('/').pop()!;
      const lines = await cellsOf(page, 'Contoso Invoices Production');
      // Lines of one subscription, in print order (compared as a set: the order is the rating's).
      expect(lines.map((r) => [r[0], r[1], r[3]]).sort()).toEqual([
        ['Storage', '150 GB', '12.50'],
        ['Virtual machine hours', '100 Hours', '12.50'],
      ]);
      expect(await page.getByTestId('group-subtotal').innerText()).toBe('25.00');
      expect(await page.getByTestId('subtotal').innerText()).toBe('USD 25.00');
      expect(await page.getByTestId('total').innerText()).toBe('USD 25.00');
      expect(await page.getByRole('link', { name: 'Download PDF' }).count()).toBe(0);
      await expectAccessible(page, 'invoice-preview');

      // Issue: the number, the due date, and the payment actions.
      await page.getByRole('button', { name: 'Issue' }).click();
      await page
        .getByRole('dialog', { name: 'Issue Invoice preview' })
        .getByRole('button', { name: 'Issue' })
        .click();
      const heading = page.getByRole('heading', { level: 1, name: /^INV-/ });
      await heading.waitFor();
      ids.number = await heading.innerText();
      expect(ids.number).toMatch(/^INV-\d{4}-\d{6}$/);
      await page.getByText('Issued', { exact: true }).first().waitFor();
      expect(await page.getByTestId('due').innerText()).toBe('USD 25.00');
      const pdf = page.getByRole('link', { name: 'Download PDF' });
      expect(await pdf.getAttribute('href')).toBe(`/api/v1/invoices/${ids.invoice}/pdf`);
      expect(await pdf.getAttribute('download')).not.toBeNull();
      await page.getByRole('button', { name: 'E-mail' }).waitFor();

      // A partial payment: partially paid, 15.00 still due.
      await page.getByRole('button', { name: 'Record payment' }).click();
      const payment = page.getByRole('dialog', { name: `Record a payment of ${ids.number}` });
      expect(await payment.getByLabel('Amount (USD)').inputValue()).toBe('25.00');
      await payment.getByLabel('Amount (USD)').fill('10.00');
      await payment.getByLabel('Reference').fill('Bank transfer 42');
      await payment.getByRole('button', { name: 'Record payment' }).click();
      await payment.waitFor({ state: 'hidden' });
      await expect.poll(() => page.getByTestId('due').innerText()).toBe('USD 15.00');
      expect(await page.getByTestId('paid').innerText()).toBe('USD 10.00');
      await page.getByText('Partially paid', { exact: true }).waitFor();
      await expect
        .poll(async () => (await cellsOf(page, 'Payments')).map((r) => [r[1], r[2]]))
        .toEqual([['Bank transfer 42', 'USD 10.00']]);
      // A payment was made, so the invoice can no longer be voided (credit it instead).
      expect(await page.getByRole('button', { name: 'Void' }).count()).toBe(0);

      // A partial credit note: 5.00 of the storage line; due 25.00 − 5.00 − 10.00 = 10.00.
      await page.getByRole('button', { name: 'Credit note' }).click();
      const credit = page.getByRole('dialog', { name: `Credit note for ${ids.number}` });
      await credit.getByRole('checkbox', { name: 'Credit Storage' }).check();
      await credit.getByLabel('Credit amount of Storage').fill('5.00');
      await credit.getByLabel('Reason').fill('Goodwill for the storage outage');
      await credit.getByRole('button', { name: 'Issue credit note' }).click();
      await credit.waitFor({ state: 'hidden' });
      await expect.poll(() => page.getByTestId('due').innerText()).toBe('USD 10.00');

      // A reload asks no more than the page's budget.
      seen.since();
      await page.reload();
      await heading.waitFor();
      await settled(page);
      expect(seen.requests().length, seen.requests().join(', ')).toBeLessThanOrEqual(5);
      await expectAccessible(page, 'invoice-issued');
      expect(seen.problems()).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('the tenant sees its issued invoice with its PDF, and no actions of the billing chain', async () => {
    const { context, page } = await newPage(browser!);
    const seen = watch(page);
    try {
      await signIn(page, server.url, 'tara@invoices.test', CHOSEN);
      await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
      await settled(page);
      seen.since();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Invoices' }).click();
      await page.getByRole('heading', { level: 1, name: 'Invoices' }).waitFor();
      const link = page.getByRole('link', { name: ids.number, exact: true });
      await link.waitFor();
      await settled(page);
      expect(seen.requests().length, seen.requests().join(', ')).toBeLessThanOrEqual(5);
      expect(await page.getByRole('button', { name: 'Generate' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Issue all previews' }).count()).toBe(0);
      // The invoice and the credit note against it (newest first); no preview.
      const rows = await cellsOf(page, 'Invoices');
      expect(rows.map((r) => r.slice(1, 4).concat(r[6]!))).toEqual([
        ['Credit note', 'March 2024', 'ISSUED', 'USD -5.00'],
        ['Invoice', 'March 2024', 'PARTIALLY PAID', 'USD 25.00'],
      ]);
      expect(rows[0]![0]).toMatch(/^CN-\d{4}-\d{6}$/);
      expect(rows[1]![0]).toBe(ids.number);
      expect(
        await page.getByRole('link', { name: `Download ${ids.number} as PDF` }).getAttribute('href'),
      ).toBe(`/api/v1/invoices/${ids.invoice}/pdf`);
      await expectAccessible(page, 'tenant-list');

      seen.since();
      await link.click();
      await page.getByRole('heading', { level: 1, name: ids.number }).waitFor();
      await settled(page);
      expect(seen.requests().length, seen.requests().join(', ')).toBeLessThanOrEqual(5);
      expect(await page.getByTestId('due').innerText()).toBe('USD 10.00');
      // The tenant downloads the PDF its partner issued: this invoice's number, the amount due.
      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: 'Download PDF' }).click();
      const text = execFileSync('pdftotext', ['-layout', await (await download).path(), '-'], {
        encoding: 'utf8',
      });
      expect(text).toContain(ids.number);
      for (const action of ['Record payment', 'Credit note', 'Void', 'E-mail', 'Issue']) {
        expect(await page.getByRole('button', { name: action }).count(), action).toBe(0);
      }
      await expectAccessible(page, 'tenant-invoice');
      expect(seen.problems()).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('the operator downloads the PDF, e-mails it to the billing contact and finds it in the E-mail log', async () => {
    sink = await startSmtpSink();
    ok(
      await admin.PATCH('/api/v1/settings', {
        body: {
          values: {
            'smtp.host': sink.host,
            'smtp.port': sink.port,
            'smtp.security': 'none',
            'smtp.fromAddress': 'billing@cms.invoices.test',
          },
        },
      }),
    );
    ok(
      await admin.PATCH('/api/v1/tenants/{id}', {
        params: { path: { id: ids.tenant } },
        body: { billingContact: { name: 'Contoso Accounts', email: 'accounts@contoso.invoices.test' } },
      }),
    );
    const { context, page } = await newPage(browser!);
    const seen = watch(page);
    try {
      await signIn(page, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
      await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
      await page.goto(`${server.url}/invoices/${ids.invoice}`);
      await page.getByRole('heading', { level: 1, name: ids.number }).waitFor();
      await settled(page);

      // The download is the PDF of this invoice: its text carries the number.
      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: 'Download PDF' }).click();
      const file = await (await download).path();
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      expect(text).toContain(ids.number);
      expect(text).toContain('Contoso Invoices');

      // E-mailed to the billing contact, with the PDF attached.
      await page.getByRole('button', { name: 'E-mail' }).click();
      const confirm = page.getByRole('dialog', { name: `E-mail ${ids.number}` });
      await confirm.getByRole('button', { name: 'Send' }).click();
      await confirm.waitFor({ state: 'hidden' });
      const mail = await sink.waitFor((m) => m.to.includes('accounts@contoso.invoices.test'), 30_000);
      expect(mail.subject).toContain(ids.number);
      expect(mail.parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([
        [`${ids.number}.pdf`, 'application/pdf'],
      ]);

      // The invoice's e-mails, in the log, sent.
      seen.since();
      await page.getByRole('link', { name: 'E-mails sent' }).click();
      await page.getByRole('heading', { level: 1, name: 'E-mail log' }).waitFor();
      await page.getByText(`Only e-mails about ${ids.invoice}.`).waitFor();
      await expect
        .poll(async () => (await cellsOf(page, 'E-mails')).map((r) => [r[1], r[4]]), { timeout: 20_000 })
        .toEqual([['accounts@contoso.invoices.test', 'SENT']]);
      await settled(page);
      expect(seen.requests().length, seen.requests().join(', ')).toBeLessThanOrEqual(5);
      await expectAccessible(page, 'email-log');

      // From the navigation, filtered by status and recipient; the entry links to its invoice.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'E-mail Log' }).click();
      await page.waitForURL(/\/email-log$/);
      await page.getByRole('combobox', { name: 'Status' }).click();
      await page.getByRole('option', { name: 'Failed' }).click();
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.getByText('No e-mails', { exact: true }).waitFor();
      await page.getByRole('combobox', { name: 'Status' }).click();
      await page.getByRole('option', { name: 'Sent' }).click();
      await page.getByLabel('Recipient').fill('CONTOSO.invoices');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL(/recipient=CONTOSO\.invoices/);
      await expect
        .poll(async () => (await cellsOf(page, 'E-mails')).map((r) => r[1]))
        .toEqual(['accounts@contoso.invoices.test']);
      await page.getByRole('link', { name: ids.invoice }).click();
      await page.getByRole('heading', { level: 1, name: ids.number }).waitFor();
      expect(seen.problems()).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('System Settings → Invoices: a colour from the picker, an uploaded logo with its preview, and the storage test', async () => {
    const { context, page } = await newPage(browser!);
    const seen = watch(page);
    try {
      await signIn(page, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
      await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
      await page.goto(`${server.url}/system-settings/invoices`);
      await page.getByRole('heading', { level: 1, name: 'System Settings' }).waitFor();
      await settled(page);

      const colour = page.getByRole('textbox', { name: /^Header Background Colour/ });
      expect(await colour.inputValue()).toBe('#e8eef5');
      await colour.fill('nope');
      await colour.blur();
      await page.getByText('A colour as #rrggbb, e.g. #1f3a5f.').waitFor();
      expect(await page.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
      await colour.fill('#1F3A5F');
      await colour.blur();

      // A refused file costs no round trip; a PNG shows at once as the preview.
      const logo = page.getByRole('group', { name: 'Invoice Header Logo' });
      const tooBig = page.waitForEvent('filechooser');
      await logo.getByRole('button', { name: 'Upload invoice header logo' }).click();
      await (await tooBig).setFiles({
        name: 'huge.png',
        mimeType: 'image/png',
        buffer: Buffer.alloc(300 * 1024),
      });
      await logo.getByText('“huge.png” is 300 kB; the image may be at most 256 kB.').waitFor();
      const chooser = page.waitForEvent('filechooser');
      await logo.getByRole('button', { name: 'Upload invoice header logo' }).click();
      await (await chooser).setFiles({
        name: 'logo.png',
        mimeType: 'image/png',
        buffer: solidPng(120, 40, [31, 58, 95]),
      });
      const preview = logo.getByRole('img', { name: 'Invoice Header Logo preview' });
      await preview.waitFor();
      expect(await preview.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
      await page.getByText('2 unsaved change(s)').waitFor();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('No unsaved changes').waitFor();

      const saved = ok(await admin.GET('/api/v1/settings'));
      const value = (key: string) =>
        saved.groups.flatMap((g) => g.settings).find((setting) => setting.key === key)!;
      expect(value('invoices.headerBackgroundColor')).toMatchObject({ type: 'colour', value: '#1f3a5f' });
      const logoId = String(value('invoices.headerLogo').value);
      expect(logoId).toMatch(/^lgo_/);
      // The stored picture is served and shown after a reload; Remove empties the setting.
      await page.reload();
      await preview.waitFor();
      expect(await preview.getAttribute('src')).toBe(`/api/v1/branding/logos/${logoId}`);
      expect(await preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(120);
      expect(await colour.inputValue()).toBe('#1f3a5f');
      await expectAccessible(page, 'settings-invoices');

      // The storage test: with no connection saved it says so; against Azurite every step passes.
      await page.getByRole('button', { name: 'Test storage connection' }).click();
      await page.getByText('The storage connection failed.').waitFor();
      await page.getByText(/^Settings:.*connection is incomplete/).waitFor();
      if (azuriteAvailable()) {
        azurite = await startAzurite();
        ok(
          await admin.PATCH('/api/v1/settings', {
            body: {
              values: {
                'invoices.storageBlobEndpoint': azurite.endpoint,
                'invoices.storageAccountName': AZURITE_ACCOUNT,
                'invoices.storageAccountKey': AZURITE_KEY,
                'invoices.storageContainer': 'portal-invoices',
              },
            },
          }),
        );
        await page.reload();
        await page.getByRole('button', { name: 'Test storage connection' }).click();
        await page
          .getByText(
            'The connection works: the container portal-invoices can be written, read and cleaned up.',
          )
          .waitFor();
        const steps = page.getByRole('list', { name: 'Storage test steps' }).getByRole('listitem');
        expect((await steps.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').replace(/:.*$/, ''))).toEqual([
          'OK Settings',
          'OK Container',
          'OK Write a probe',
          'OK Read it back',
          'OK Delete it',
        ]);
      }
      expect(seen.problems()).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it("Issue all previews: April's previews issued at once, the one whose usage changed since left a preview with an alert", async () => {
    // April 2024, which no earlier step invoices: Contoso's 40 h × 0.125 = 5.00; a second tenant's
    // 80 GB × 0.10 = 8.00, to which 30 GB arrive after its preview was generated (it would now be
    // 100 × 0.10 + 10 × 0.05 = 10.50), so that preview is held and not issued as reviewed.
    const april = '2024-04';
    const fabrikam = ok(
      await admin.POST('/api/v1/tenants', {
        body: {
          name: 'Fabrikam Invoices',
          partnerId: ids.partner,
          currency: 'USD',
          billingMode: 'chargeback',
          administrators: [
            { firstName: 'Fay', lastName: 'Invoices', email: 'fay@invoices.test', initialPassword: INITIAL },
          ],
        },
      }),
    );
    const fabrikamSub = ok(
      await admin.POST('/api/v1/regions/{regionId}/subscription-links', {
        params: { path: { regionId: ids.region } },
        body: {
          tenantId: fabrikam.id,
          name: 'Fabrikam Invoices Production',
          azsSubscriptionId: '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
          billableFrom: `${april}-01T00:00:00Z`,
        },
      }),
    );
    await importUsage(april, ids.sub, 'contoso-april', [['vm-hours', '40']]);
    await importUsage(april, fabrikamSub.id, 'fabrikam-april', [['storage-gb', '80']]);
    await rate(april);
    const generation = ok(await admin.POST('/api/v1/invoice-generations', { body: { period: april } }));
    expect(await jobOutcome(generation.id)).toBe('succeeded');
    await importUsage(april, fabrikamSub.id, 'fabrikam-april-late', [['storage-gb', '30']]);
    await rate(april);

    const { context, page } = await newPage(browser!);
    const seen = watch(page);
    try {
      await signIn(page, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
      await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Invoices' }).click();
      await page.getByRole('heading', { level: 1, name: 'Invoices' }).waitFor();
      await settled(page);

      // The dialog counts the period's previews the list holds and says what happens to changed ones.
      await page.getByRole('button', { name: 'Issue all previews' }).click();
      const dialog = page.getByRole('dialog', { name: 'Issue all previews' });
      await dialog.getByLabel('Period').fill(april);
      await dialog.getByText('2 previews of April 2024 are listed.', { exact: true }).waitFor();
      await dialog.getByText(/stays a preview with an alert saying why/).waitFor();
      await expectAccessible(page, 'issue-all-dialog');

      // The job, followed to its end; its last progress message gives the figures.
      await dialog.getByRole('button', { name: 'Issue previews' }).click();
      await dialog.getByRole('link', { name: /^job_/ }).waitFor();
      await expect.poll(() => dialog.getByText('Succeeded').count(), { timeout: 60_000 }).toBe(1);
      await dialog
        .getByText(`${april}: 1 issued, 1 left as previews (alerts say why), 0 issued or deleted meanwhile`)
        .waitFor();
      await dialog.getByRole('button', { name: 'Close', exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });

      // The refreshed list, for April: Contoso's invoice numbered, Fabrikam's still a preview.
      await page.getByLabel('Period').fill(april);
      await expect
        .poll(async () =>
          (await cellsOf(page, 'Invoices'))
            .map((r) => r.slice(0, 5).concat(r[7]!))
            .sort((a, b) => a[1]!.localeCompare(b[1]!)),
        )
        .toEqual([
          [
            expect.stringMatching(/^INV-\d{4}-\d{6}$/),
            'Contoso Invoices',
            'Invoice',
            'April 2024',
            'ISSUED',
            'USD 5.00',
          ],
          ['Invoice preview', 'Fabrikam Invoices', 'Invoice', 'April 2024', 'PREVIEW', 'USD 8.00'],
        ]);
      const alerts = ok(
        await admin.GET('/api/v1/alerts', {
          params: { query: { kind: 'invoice.not_issued', status: 'open' } },
        }),
      );
      expect(
        alerts.items
          .filter((a) => a.details?.tenantId === fabrikam.id)
          .map((a) => [a.title, a.details?.period]),
      ).toEqual([[`Preview of Fabrikam Invoices (${april}) not issued`, april]]);
      expect(seen.problems()).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);
});
