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
 * Issue 13's portal acceptance for cost to date: usage imported into an import source, priced by a
 * region price list (flat, graduated tiers, an unpriced meter), a subscription discount and a
 * subscription credit, rated by the real rating job (Recalculate), then shown on the subscription
 * page (cost to date, rated lines, daily allocation) and the tenant page (Recalculate with its job).
 *
 * The price list, discount and credit are written straight into the server's SQLite database: the
 * pricing and adjustments APIs land on other branches (as the server's rating tests do with
 * test/support/pricing-rows.ts). Usage, rating and every read go through the public API.
 *
 * The server runs on the real clock, so the usage is on the first day of the current UTC month (the
 * source's time zone is UTC) and the projection's expected figure is worked from today's date.
 */
const status = chromiumStatus();

const now = new Date();
const PERIOD = now.toISOString().slice(0, 7);
const [YEAR, MONTH] = PERIOD.split('-').map(Number) as [number, number];
const DAYS_IN_MONTH = new Date(Date.UTC(YEAR, MONTH, 0)).getUTCDate();
/** Days of the month that have ended (an import source counts a day once it has ended). */
const FULL_DAYS = now.getUTCDate() - 1;
const MONTH_NAME = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' }).format(now);

/**
 * Hand-worked month to date (all usage on day 1, USD, 2 places, half away from zero per line):
 *   vm-hours        100 h × 0.125                        = 12.50
 *     discount 10%  12.50 × 0.10                         = -1.25
 *   storage-gb/ssd  150 GB graduated: 100 × 0.10 = 10.00
 *                                      50 × 0.05 =  2.50  = 12.50
 *     discount 10%  12.50 × 0.10                         = -1.25
 *   ip-hours        24 h, no price: unpriced             =  0.00
 *   subscription credit 2.00 (capped at 22.50 remaining)  = -2.00
 *   subtotal        12.50 − 1.25 + 12.50 − 1.25 + 0 − 2.00 = 20.50
 */
const MONTH_TO_DATE = '20.50';

/** n/d rounded half away from zero to `places` (n, d ≥ 0), exactly, as a decimal string. */
function roundRational(n: bigint, d: bigint, places: number): string {
  const scale = 10n ** BigInt(places);
  const scaled = n * scale;
  let q = scaled / d;
  if ((scaled % d) * 2n >= d) q += 1n;
  const whole = q / scale;
  return places ? `${whole}.${(q % scale).toString().padStart(places, '0')}` : `${whole}`;
}
const cents = (s: string) => BigInt(s.replace('.', ''));

/**
 * Projection (the code's rule, issue 13): each quantity × days in month ÷ fully collected days,
 * rated by the same prices. With D days in the month and b full days:
 *   vm      = 100·D/b × 0.125                 = 12.5·D/b        (rounded to cents)
 *   storage = 10.00 + (150·D/b − 100) × 0.05  = 5 + 7.5·D/b      (150·D/b > 100 since D > b)
 *   each discount = 10% of its rounded line, rounded; the 2.00 credit as before.
 */
function projected(D: number, b: number): string {
  const vm = roundRational(125n * BigInt(D), 10n * BigInt(b), 2);
  const storage = roundRational(50n * BigInt(b) + 75n * BigInt(D), 10n * BigInt(b), 2);
  const dv = roundRational(cents(vm), 1000n, 2);
  const ds = roundRational(cents(storage), 1000n, 2);
  const total = cents(vm) - cents(dv) + cents(storage) - cents(ds) - 200n;
  return `${total / 100n}.${(total % 100n).toString().padStart(2, '0')}`;
}

let server: RunningServer;
let browser: Browser | undefined;
let admin: CmsClient;
const ids = { tenant: '', subscription: '', region: '' };

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

/** The region price list, discount and credit as rows (see the file comment for why). */
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
        id: 'prl_browser_rating_list',
        scope_type: 'region',
        region_id: ids.region,
        tenant_id: null,
        subscription_id: null,
        scope_key: `region:${ids.region}`,
        display_name: 'Hybrid prices',
        description: null,
        currency: 'USD',
        created_at: at,
        updated_at: at,
      });
      insert('price_list_versions', {
        id: 'plv_browser_rating_v1',
        price_list_id: 'prl_browser_rating_list',
        version: 1,
        state: 'active',
        effective_from: PERIOD,
        notes: null,
        activated_at: at,
        superseded_at: null,
        created_at: at,
        updated_at: at,
      });
      const item = (id: string, meter: string, pricing: string, rate: string | null) =>
        insert('price_items', {
          id,
          version_id: 'plv_browser_rating_v1',
          meter_id: meter,
          sku: '',
          price_unit: 'meter',
          pricing,
          rate,
          description: null,
          created_at: at,
          updated_at: at,
        });
      item('pri_browser_vm', 'vm-hours', 'flat', '0.125');
      item('pri_browser_storage', 'storage-gb', 'graduated', null);
      insert('price_tiers', {
        item_id: 'pri_browser_storage',
        position: 0,
        from_quantity: '0',
        to_quantity: '100',
        rate: '0.10',
      });
      insert('price_tiers', {
        item_id: 'pri_browser_storage',
        position: 1,
        from_quantity: '100',
        to_quantity: null,
        rate: '0.05',
      });
      insert('discounts', {
        id: 'dsc_browser_rating',
        scope_type: 'subscription',
        tenant_id: ids.tenant,
        subscription_id: ids.subscription,
        percentage: '10',
        meter_ids: null,
        from_period: null,
        to_period: null,
        description: null,
        created_at: at,
        updated_at: at,
      });
      insert('credits', {
        id: 'crd_browser_rating',
        scope_type: 'subscription',
        subscription_id: ids.subscription,
        tenant_id: null,
        amount: '2.00',
        currency: 'USD',
        from_period: PERIOD,
        to_period: PERIOD,
        description: 'Welcome credit',
        created_at: at,
        updated_at: at,
      });
    })();
  } finally {
    db.close();
  }
}

async function world(): Promise<void> {
  const person = (first: string, email: string) => ({ firstName: first, lastName: 'Rating', email });
  const distributor = ok(
    await admin.POST('/api/v1/distributors', {
      body: { name: 'Rating Distribution', administrators: [person('Dora', 'dora@rating.test')] },
    }),
  );
  const partner = ok(
    await admin.POST('/api/v1/partners', {
      body: {
        name: 'Rating Partners',
        distributorId: distributor.id,
        administrators: [person('Paul', 'paul@rating.test')],
      },
    }),
  );
  const tenant = ok(
    await admin.POST('/api/v1/tenants', {
      body: {
        name: 'Contoso Rated',
        partnerId: partner.id,
        currency: 'USD',
        administrators: [person('Tara', 'tara@rating.test')],
      },
    }),
  );
  const region = ok(
    await admin.POST('/api/v1/regions', { body: { kind: 'import', name: 'Rated Hybrid', timeZone: 'UTC' } }),
  );
  for (const [meterId, name, unit] of [
    ['vm-hours', 'Virtual machine hours', 'Hours'],
    ['storage-gb', 'Storage', 'GB'],
    ['ip-hours', 'Public IP hours', 'Hours'],
  ] as const) {
    ok(
      await admin.POST('/api/v1/regions/{id}/meters', {
        params: { path: { id: region.id } },
        body: { meterId, name, unit },
      }),
    );
  }
  // Linked with usage billable from the first of the month (a created one bills from its creation).
  const sub = ok(
    await admin.POST('/api/v1/regions/{regionId}/subscription-links', {
      params: { path: { regionId: region.id } },
      body: {
        tenantId: tenant.id,
        name: 'Contoso Rated Production',
        azsSubscriptionId: '7d2e1c4b-5a6f-4b8e-9c0d-1e2f3a4b5c6d',
        billableFrom: `${PERIOD}-01T00:00:00Z`,
      },
    }),
  );
  Object.assign(ids, { tenant: tenant.id, subscription: sub.id, region: region.id });
  writePrices();
  const start = `${PERIOD}-01T00:00:00Z`;
  const end = `${PERIOD}-01T01:00:00Z`;
  const record = (externalId: string, meterId: string, quantity: string, sku = '') => ({
    externalId,
    subscription: sub.id,
    meterId,
    sku,
    usageStart: start,
    usageEnd: end,
    quantity,
  });
  ok(
    await admin.POST('/api/v1/regions/{id}/usage-imports', {
      params: { path: { id: region.id } },
      body: {
        records: [
          record('r-vm', 'vm-hours', '100'),
          record('r-disk', 'storage-gb', '150', 'ssd'),
          record('r-ip', 'ip-hours', '24'),
        ],
      },
    }),
  );
  // The import queued a rating; Recalculate rates this tenant's period again, as the button does.
  const job = ok(
    await admin.POST('/api/v1/rating/recalculate', { body: { tenantId: tenant.id, period: PERIOD } }),
  );
  expect(await jobOutcome(job.id)).toBe('succeeded');
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
  await screenshot(page, `rating/${name}-phone-dark`);
  await emulateSystemScheme(page, 'light');
  await page.setViewportSize(DESKTOP);
}

describe.skipIf(status === 'skip')('cost to date and rated usage in the portal', () => {
  it('the subscription page shows the hand-worked cost to date, its lines and their daily allocation', async () => {
    const { context, page } = await newPage(browser!);
    const seen = watch(page);
    try {
      await signIn(page, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
      await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
      await settled(page);
      // As the crawler goes: from the list to the page, counting the page's requests.
      await page.goto(`${server.url}/subscriptions`);
      await settled(page);
      seen.since();
      await page.getByRole('link', { name: 'Contoso Rated Production' }).click();
      await page.getByRole('heading', { level: 1, name: 'Contoso Rated Production' }).waitFor();
      await settled(page);
      console.log(`subscription page requests: ${seen.requests().join(', ')}`);
      expect(seen.requests().length, seen.requests().join(', ')).toBeLessThanOrEqual(5);

      const cost = page.getByRole('region', { name: 'Cost to date' });
      await expect.poll(() => cost.getByTestId('month-to-date').innerText()).toBe(`USD ${MONTH_TO_DATE}`);
      await expect.poll(() => cost.innerText()).toContain(`Month to date (${MONTH_NAME} ${YEAR})`);
      await expect
        .poll(() => cost.innerText())
        .toContain('Amounts are before tax, after discounts and credits.');
      if (FULL_DAYS > 0) {
        expect(await cost.getByTestId('projected').innerText()).toBe(
          `USD ${projected(DAYS_IN_MONTH, FULL_DAYS)}`,
        );
        expect(await cost.innerText()).toContain(
          `based on ${FULL_DAYS} fully collected day${FULL_DAYS === 1 ? '' : 's'}`,
        );
      } else {
        expect(await cost.innerText()).toContain('No fully collected day yet');
      }

      // Rated usage is folded: opening it asks for the lines and the allocation.
      seen.since();
      const rated = page.getByRole('region', { name: 'Rated usage' });
      await rated.getByRole('button', { name: 'Show rated usage' }).click();
      const table = page.getByRole('table', { name: `Rated lines, ${MONTH_NAME} ${YEAR}` });
      await table.waitFor();
      await settled(page);
      expect(seen.requests().sort()).toEqual([
        `GET /api/v1/subscriptions/${ids.subscription}/daily-cost`,
        `GET /api/v1/subscriptions/${ids.subscription}/rated-lines`,
      ]);
      const rows = table.locator('tbody tr');
      const cells = async (i: number) =>
        (await rows.nth(i).locator('td').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
      const texts: string[][] = [];
      for (let i = 0; i < (await rows.count()); i++) texts.push(await cells(i));
      const kinds = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-kind')));
      // Print order with each discount under its usage line; the credit stands alone.
      const vm = texts.findIndex((t) => t[0]!.startsWith('Virtual machine hours'));
      const disk = texts.findIndex((t) => t[0]!.startsWith('Storage'));
      const ip = texts.findIndex((t) => t[0]!.startsWith('Public IP hours'));
      expect(texts[vm]!.slice(1)).toEqual(['—', '100 Hours', '0.125', '12.50']);
      expect(kinds[vm + 1]).toBe('discount');
      expect(texts[vm + 1]![4]).toBe('-1.25');
      expect(texts[disk]!.slice(1)).toEqual(['—', '150 GB', 'Graduated, 2 tiers', '12.50']);
      expect(kinds[disk + 1]).toBe('discount');
      expect(texts[disk + 1]![4]).toBe('-1.25');
      // The items are meter-wide, so the lines are too (no SKU), the ssd usage included.
      expect(texts[ip]![3]).toMatch(/^unpriced$/i);
      expect(texts[ip]![4]).toBe('0.00');
      const credit = kinds.indexOf('subscription_credit');
      expect(texts[credit]![0]).toBe('Subscription credit Welcome credit');
      expect(texts[credit]![4]).toBe('-2.00');
      expect(await table.getByTestId('subtotal').innerText()).toBe(MONTH_TO_DATE);
      // The tier slices, on demand.
      await rows.nth(disk).getByText('Graduated, 2 tiers').click();
      expect(await rows.nth(disk).locator('li').allInnerTexts()).toEqual([
        '0 – 100: 100 at 0.1 = 10',
        'over 100: 50 at 0.05 = 2.5',
      ]);

      // The allocation: every line's usage was on day 1, so day 1 carries the whole subtotal.
      await rated.getByText('The allocation as a table').click();
      const daily = page.getByRole('table', { name: `Daily cost allocation, ${MONTH_NAME} ${YEAR}` });
      const dayRows = await daily.locator('tbody tr').allInnerTexts();
      expect(dayRows).toHaveLength(DAYS_IN_MONTH);
      expect(dayRows[0]!.replace(/\s+/g, ' ')).toBe(`${PERIOD}-01 ${MONTH_TO_DATE}`);
      expect(dayRows.slice(1).every((r) => r.trim().endsWith('0.00'))).toBe(true);
      await expectAccessible(page, 'subscription-rated');
      expect(seen.problems()).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('the tenant page shows its cost to date at once and lines per subscription; Recalculate links its job', async () => {
    const { context, page } = await newPage(browser!);
    const seen = watch(page);
    try {
      await signIn(page, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
      await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
      await settled(page);
      // As the crawler goes: from the list to the page, counting the page's requests.
      await page.goto(`${server.url}/tenants`);
      await settled(page);
      seen.since();
      await page.getByRole('link', { name: 'Contoso Rated', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Contoso Rated' }).waitFor();
      await settled(page);
      const requests = seen.requests();
      expect(requests.length, requests.join(', ')).toBeLessThanOrEqual(5);
      expect(requests).toContain(`GET /api/v1/tenants/${ids.tenant}/cost-to-date`);
      // The partner's name comes with the tenant: no request of its own.
      expect(requests.filter((r) => r.startsWith('GET /api/v1/partners/'))).toEqual([]);
      await page.getByRole('link', { name: 'Rating Partners' }).waitFor();

      // Month to date and the projection without opening anything.
      const section = page.getByRole('region', { name: 'Cost to date' });
      await expect.poll(() => section.getByTestId('month-to-date').innerText()).toBe(`USD ${MONTH_TO_DATE}`);
      if (FULL_DAYS > 0)
        expect(await section.getByTestId('projected').innerText()).toBe(
          `USD ${projected(DAYS_IN_MONTH, FULL_DAYS)}`,
        );
      else expect(await section.innerText()).toContain('No fully collected day yet');
      await expectAccessible(page, 'tenant-cost-figures');

      // The lines per subscription, on demand, for the current month of the Platform Time Zone (UTC).
      seen.since();
      await section.getByRole('button', { name: 'Show rated usage' }).click();
      await expect.poll(() => section.getByTestId('tenant-total').innerText()).toBe(`USD ${MONTH_TO_DATE}`);
      expect(await section.getByLabel('Period').inputValue()).toBe(`${MONTH_NAME} ${YEAR}`);
      expect(seen.requests()).toEqual([`GET /api/v1/tenants/${ids.tenant}/rated-lines`]);
      // One subscription: its group's subtotal is the tenant's.
      const group = section.locator('details').filter({ hasText: 'Contoso Rated Production' });
      expect((await group.locator(':scope > summary').innerText()).replace(/\s+/g, ' ')).toBe(
        `Contoso Rated Production USD ${MONTH_TO_DATE} (6 lines)`,
      );
      await group.locator(':scope > summary').click();
      await expectAccessible(page, 'tenant-cost');

      await section.getByRole('button', { name: 'Recalculate' }).click();
      const link = section.getByRole('link', { name: /^job_/ });
      await link.waitFor();
      await expect.poll(() => section.getByText('Succeeded').count(), { timeout: 30_000 }).toBe(1);
      expect(await link.getAttribute('href')).toMatch(/^\/jobs\/job_/);
      await expect.poll(() => section.getByTestId('month-to-date').innerText()).toBe(`USD ${MONTH_TO_DATE}`);
      expect(seen.problems()).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
