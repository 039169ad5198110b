import { join } from 'node:path';
import type { CmsClient } from '@cms/api-client';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
 * Billing → Reports (issue 14): two tenants of two partners, usage imported for March 2024
 * into an import source, priced by a region list written into the server's SQLite database and rated
 * by the real rating job. The platform administrator reads the chargeback report, runs the
 * Subscription Summary and downloads every file; a tenant administrator sees its own tenant only.
 *
 * Hand-worked (USD, half away from zero per line):
 *   Contoso  vm-hours 100 h × 0.125 = 12.50; storage-gb 150 GB graduated 100 × 0.10 + 50 × 0.05
 *            = 10.00 + 2.50 = 12.50; subtotal 25.00
 *   Woodgrove vm-hours 8 h × 0.125 = 1.00
 */
const status = chromiumStatus();
const PERIOD = '2024-03';
const INITIAL = 'Initial-Password-123';
const CHOSEN = 'Chosen-Password-456';

let server: RunningServer;
let browser: Browser | undefined;
let admin: CmsClient;
const ids = { contoso: '', woodgrove: '', region: '' };

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
        id: 'prl_browser_reports',
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
        id: 'plv_browser_reports_v1',
        price_list_id: 'prl_browser_reports',
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
          version_id: 'plv_browser_reports_v1',
          meter_id: meter,
          sku: '',
          price_unit: 'meter',
          pricing,
          rate,
          description: null,
          created_at: at,
          updated_at: at,
        });
      item('pri_browser_reports_vm', 'vm-hours', 'flat', '0.125');
      item('pri_browser_reports_storage', 'storage-gb', 'graduated', null);
      insert('price_tiers', {
        item_id: 'pri_browser_reports_storage',
        position: 0,
        from_quantity: '0',
        to_quantity: '100',
        rate: '0.10',
      });
      insert('price_tiers', {
        item_id: 'pri_browser_reports_storage',
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
    lastName: 'Reports',
    email,
    initialPassword: INITIAL,
  });
  const distributor = ok(
    await admin.POST('/api/v1/distributors', {
      body: { name: 'Reports Distribution', administrators: [person('Dora', 'dora@reports.test')] },
    }),
  );
  const region = ok(
    await admin.POST('/api/v1/regions', { body: { kind: 'import', name: 'Report Hybrid', timeZone: 'UTC' } }),
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
  const records: { externalId: string; subscription: string; meterId: string; quantity: string }[] = [];
  for (const [key, tenantName, partnerName, email, external, usage] of [
    [
      'contoso',
      'Contoso Reports',
      'Litware Resellers',
      'tara@contoso.test',
      '3c1e4b2a-1d5f-4e6a-8b7c-9d0e1f2a3b4c',
      [
        ['vm-hours', '100'],
        ['storage-gb', '150'],
      ],
    ],
    [
      'woodgrove',
      'Woodgrove Reports',
      'Proseware Resellers',
      'wes@woodgrove.test',
      '4d2f5c3b-2e6a-4f7b-9c8d-0e1f2a3b4c5d',
      [['vm-hours', '8']],
    ],
  ] as const) {
    const partner = ok(
      await admin.POST('/api/v1/partners', {
        body: {
          name: partnerName,
          distributorId: distributor.id,
          administrators: [person('Pat', `pat.${email}`)],
        },
      }),
    );
    const tenant = ok(
      await admin.POST('/api/v1/tenants', {
        body: {
          name: tenantName,
          partnerId: partner.id,
          currency: 'USD',
          administrators: [person('Tara', email)],
        },
      }),
    );
    ids[key] = tenant.id;
    const sub = ok(
      await admin.POST('/api/v1/regions/{regionId}/subscription-links', {
        params: { path: { regionId: region.id } },
        body: {
          tenantId: tenant.id,
          name: `${tenantName} Production`,
          azsSubscriptionId: external,
          billableFrom: `${PERIOD}-01T00:00:00Z`,
        },
      }),
    );
    for (const [meterId, quantity] of usage) {
      records.push({ externalId: `${key}-${meterId}`, subscription: sub.id, meterId, quantity });
    }
  }
  ok(
    await admin.POST('/api/v1/regions/{id}/usage-imports', {
      params: { path: { id: region.id } },
      body: {
        records: records.map((r) => ({
          ...r,
          usageStart: `${PERIOD}-05T00:00:00Z`,
          usageEnd: `${PERIOD}-05T01:00:00Z`,
        })),
      },
    }),
  );
  const job = ok(await admin.POST('/api/v1/rating/recalculate', { body: { period: PERIOD } }));
  expect(await jobOutcome(job.id)).toBe('succeeded');
  await completeFirstSignIn(server.url, 'tara@contoso.test', INITIAL, CHOSEN);
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
  await screenshot(page, `reports/${name}-phone-dark`);
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

describe.skipIf(status === 'skip')('reports in the portal', () => {
  it('the platform administrator reads chargeback, runs the Subscription Summary and downloads every file', async () => {
    const { context, page } = await newPage(browser!);
    const seen = watch(page);
    try {
      await signIn(page, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
      await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
      await settled(page);
      seen.since();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
      await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
      await page.getByLabel('Period').fill(PERIOD);
      await page.getByRole('heading', { name: `Chargeback and showback, ${PERIOD}` }).waitFor();
      await settled(page);
      // The page asks for the chargeback and reconciliation reports (the last month's, then the chosen one's).
      expect(seen.requests().filter((r) => r.includes('/reports/')).length).toBeLessThanOrEqual(4);
      const chargeback = await cellsOf(page, 'Chargeback and showback');
      expect(chargeback.map((r) => [r[0], r[1], r[6], r[7]])).toEqual([
        ['Contoso Reports Litware Resellers', 'Chargeback', '25.00 USD', '25.00'],
        ['Woodgrove Reports Proseware Resellers', 'Chargeback', '1.00 USD', '1.00'],
      ]);
      expect(await page.locator('[data-total="chargeback"]').innerText()).toBe('26.00');
      // The reconciliation of the period: rated, nothing issued yet.
      await page.getByRole('table', { name: 'Reconciliation' }).waitFor();
      const statuses = await page
        .locator('table[aria-label="Reconciliation"] tbody tr')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
      expect(statuses.length).toBeGreaterThan(0);
      expect(new Set(statuses)).toEqual(new Set(['not_invoiced']));

      await page.getByRole('combobox', { name: 'Tenant' }).click();
      await page.getByRole('option', { name: 'Contoso Reports' }).click();
      expect(new URL(page.url()).searchParams.get('tenant')).toBe(ids.contoso);
      seen.since();
      await page.getByRole('button', { name: 'Run summary' }).click();
      await page.getByRole('table', { name: 'Subscription Summary' }).waitFor();
      await settled(page);
      expect(seen.requests()).toEqual(['GET /api/v1/reports/subscription-summary']);
      const summary = await cellsOf(page, 'Subscription Summary');
      expect(summary.map((r) => [r[1], r[2], r[7]])).toEqual([
        ['Storage', '150 GB', '12.50 USD'],
        ['Virtual machine hours', '100 Hours', '12.50 USD'],
      ]);
      expect(await page.locator(`[data-total="${ids.contoso}-USD"]`).innerText()).toBe('25.00 USD');
      await expectAccessible(page, 'reports-admin');

      // Every download is a plain GET with the session: the files themselves.
      const download = async (name: RegExp) => {
        const href = await page.getByRole('link', { name }).getAttribute('href');
        const response = await page.request.get(`${server.url}${href}`);
        expect(response.status(), href!).toBe(200);
        return response;
      };
      const focus = await download(/^FOCUS 2024-03 as CSV$/);
      const focusText = await focus.text();
      expect(focusText.startsWith('BilledCost,BillingAccountId,BillingAccountName,')).toBe(true);
      expect(focusText).toContain(ids.contoso);
      expect(focusText).not.toContain(ids.woodgrove);
      const reportCsv = await download(/^Report as CSV$/);
      expect(await reportCsv.text()).toContain('Woodgrove Reports');
      const reportXlsx = await download(/^Report as Excel$/);
      expect(reportXlsx.headers()['content-type']).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      const reconciliationCsv = await download(/^Reconciliation as CSV$/);
      expect(await reconciliationCsv.text()).toContain('Woodgrove Reports');
      const summaryCsv = await download(/^Summary as CSV$/);
      expect(await summaryCsv.text()).toContain('12.50');
      expect(seen.problems()).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it("a tenant administrator's reports hold its own tenant only", async () => {
    const { context, page } = await newPage(browser!);
    const seen = watch(page);
    try {
      await signIn(page, server.url, 'tara@contoso.test', CHOSEN);
      await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
      await settled(page);
      seen.since();
      await page.goto(`${server.url}/reports?period=${PERIOD}`);
      await page.getByRole('table', { name: 'Chargeback and showback' }).waitFor();
      await settled(page);
      expect(seen.requests().length, seen.requests().join(', ')).toBeLessThanOrEqual(6);
      const rows = await cellsOf(page, 'Chargeback and showback');
      expect(rows.map((r) => [r[0], r[6]])).toEqual([['Contoso Reports', '25.00 USD']]);
      await expectAccessible(page, 'reports-tenant');
      expect(seen.problems()).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
