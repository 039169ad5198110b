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
 * Issue 13's Pricing pages as an operator uses them: a version's items, the item editor's tier
 * table showing a gap and an overlap as they are typed (the server's own rules), activation, and
 * the CSV import whose dry run lists the changes before they are applied; then the pricing tools:
 * the estimator's searchable price-list field and a tenant with no subscription, the price
 * increase's, and period fields that start at the Platform Time Zone's month. Each page at most
 * five API requests, axe-clean in light and dark at 390 px.
 */
const status = chromiumStatus();

let server: RunningServer;
let browser: Browser | undefined;
let page: Page;
let seen: ReturnType<typeof watch>;
let closeContext: () => Promise<void>;
const ids = { list: '', draft: '', prospect: '' };

const ok = <T>(result: { data?: T; error?: unknown }): T => {
  if (result.data === undefined) throw new Error(JSON.stringify(result.error));
  return result.data;
};

beforeAll(async () => {
  buildAppOncePerRun();
  if (status === 'fail') throw new Error(`CI=true requires Chromium at ${CHROMIUM} for the portal tests.`);
  if (status === 'skip') return;
  server = await startServer();
  const admin = await adminClient(server.url);
  const region = ok(
    await admin.POST('/api/v1/regions', {
      body: { kind: 'import', name: 'Contoso Hybrid', timeZone: 'UTC' },
    }),
  );
  for (const meter of [
    { meterId: 'vm-hours', name: 'VM hours', unit: 'Hours' },
    { meterId: 'storage-gb', name: 'Storage', unit: 'GB' },
  ]) {
    ok(await admin.POST('/api/v1/regions/{id}/meters', { params: { path: { id: region.id } }, body: meter }));
  }
  const list = ok(
    await admin.POST('/api/v1/price-lists', {
      body: { scopeType: 'region', regionId: region.id, displayName: 'Contoso Hybrid prices' },
    }),
  );
  ids.list = list.id;
  const draft = ok(
    await admin.POST('/api/v1/price-lists/{listId}/versions', {
      params: { path: { listId: list.id } },
      body: { effectiveFrom: '2026-01' },
    }),
  );
  ids.draft = draft.id;
  ok(
    await admin.POST('/api/v1/price-list-versions/{versionId}/items', {
      params: { path: { versionId: draft.id } },
      body: { meterId: 'vm-hours', priceUnit: 'month', rate: '30' },
    }),
  );
  // A prospect: a tenant with no subscription yet, to estimate for.
  const person = (first: string, email: string) => ({ firstName: first, lastName: 'Pricing', email });
  const distributor = ok(
    await admin.POST('/api/v1/distributors', {
      body: { name: 'Pricing Distribution', administrators: [person('Dana', 'dana@pricing.test')] },
    }),
  );
  const partner = ok(
    await admin.POST('/api/v1/partners', {
      body: {
        name: 'Pricing Partners',
        distributorId: distributor.id,
        administrators: [person('Pia', 'pia@pricing.test')],
      },
    }),
  );
  ids.prospect = ok(
    await admin.POST('/api/v1/tenants', {
      body: {
        name: 'Fabrikam Prospect',
        partnerId: partner.id,
        currency: 'USD',
        administrators: [person('Fay', 'fay@pricing.test')],
      },
    }),
  ).id;
  // Its own list prices static IP addresses at 0.005 per IP-hour (Azure Stack Hub's catalog).
  const prospectList = ok(
    await admin.POST('/api/v1/price-lists', {
      body: { scopeType: 'tenant', tenantId: ids.prospect, displayName: 'Fabrikam prices' },
    }),
  );
  const prospectVersion = ok(
    await admin.POST('/api/v1/price-lists/{listId}/versions', {
      params: { path: { listId: prospectList.id } },
      body: { effectiveFrom: '2026-01' },
    }),
  );
  ok(
    await admin.POST('/api/v1/price-list-versions/{versionId}/items', {
      params: { path: { versionId: prospectVersion.id } },
      body: { meterId: 'F271A8A388C44D93956A063E1D2FA80B', rate: '0.005' },
    }),
  );
  ok(
    await admin.POST('/api/v1/price-list-versions/{id}/activation', {
      params: { path: { id: prospectVersion.id } },
    }),
  );
  browser = await launchBrowser();
  const opened = await newPage(browser);
  page = opened.page;
  closeContext = () => opened.context.close();
  seen = watch(page);
  await signIn(page, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
  await page.getByRole('heading', { name: /^Welcome/ }).waitFor();
}, 600_000);

afterAll(async () => {
  await closeContext?.();
  await browser?.close();
  await server?.stop();
});

/** Loads a page cold and checks it: no problems, at most 5 API requests, axe light and dark at 390 px. */
async function visit(path: string, name: string) {
  seen.since();
  await page.goto(`${server.url}${path}`);
  await settled(page);
  const requests = seen.requests();
  expect(requests.length, requests.join(', ')).toBeLessThanOrEqual(5);
  expect(seen.problems()).toEqual([]);
  expect(await axeViolations(page)).toEqual([]);
  await page.setViewportSize(PHONE);
  await emulateSystemScheme(page, 'dark');
  const width = await pageWidth(page);
  expect(width.scrollWidth, width.overflowing.join(', ')).toBeLessThanOrEqual(width.innerWidth);
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, `pricing/${name}-phone-dark`);
  await emulateSystemScheme(page, 'light');
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe.skipIf(status === 'skip')('Pricing pages', () => {
  it('the list, a price list and a version pass the page rules', async () => {
    await visit('/pricing', 'lists');
    await page.getByRole('link', { name: 'Contoso Hybrid prices' }).waitFor();
    await visit(`/pricing/${ids.list}`, 'list');
    await page.getByRole('link', { name: 'Version 1' }).waitFor();
    await visit(`/pricing/versions/${ids.draft}`, 'version');
    await page.getByRole('cell', { name: 'VM hours Hours' }).waitFor();
  }, 240_000);

  it('the tier editor shows a gap and an overlap as they are typed, and saves a valid table', async () => {
    await page.goto(`${server.url}/pricing/versions/${ids.draft}`);
    await settled(page);
    await page.getByRole('button', { name: 'Add item' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add item' });
    await dialog.getByLabel('Meter').fill('stor');
    await page.getByRole('option', { name: 'Storage (GB)' }).click();
    await dialog.getByLabel('Pricing').click();
    await page.getByRole('option', { name: 'Graduated tiers' }).click();
    await dialog.getByLabel('Tier 1 to').fill('100');
    await dialog.getByLabel('Tier 1 rate').fill('1');
    await dialog.getByRole('button', { name: 'Add tier' }).click();
    // The new tier starts where the last ended; typing another From makes a gap, then an overlap.
    await expect.poll(() => dialog.getByLabel('Tier 2 from').inputValue()).toBe('100');
    await dialog.getByLabel('Tier 2 from').fill('120');
    await dialog.getByLabel('Tier 2 rate').fill('0.5');
    const problems = dialog.locator('[data-state="tier-problems"]');
    await problems.getByText('Tier 2: gap: From must equal the previous To (100).').waitFor();
    await expect.poll(() => dialog.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await dialog.getByLabel('Tier 2 from').fill('90');
    await problems.getByText('Tier 2: overlap: From must equal the previous To (100).').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'pricing/tier-editor-overlap');
    await dialog.getByLabel('Tier 2 from').fill('100');
    await problems.waitFor({ state: 'detached' });
    seen.since();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: '0–100 @ 1 · 100+ @ 0.5' }).waitFor();
    expect(seen.problems()).toEqual([]);
  }, 120_000);

  it('imports a CSV: the dry run lists the changes, nothing changes until they are applied', async () => {
    await page.goto(`${server.url}/pricing/versions/${ids.draft}`);
    await settled(page);
    await page.getByText('Import CSV', { exact: true }).click();
    const chooser = page.waitForEvent('filechooser');
    await page.getByLabel('Price file').click();
    await (await chooser).setFiles({
      name: 'prices.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('meter_id,sku,rate,description\nvm-hours,,31.5,Per VM month\n'),
    });
    await page.getByRole('button', { name: 'Check (dry run)' }).click();
    const diff = page.locator('[data-state="import-diff"]');
    await diff.getByText('1 line(s) read: 2 change(s), 0 unchanged.').waitFor();
    await diff.getByRole('cell', { name: '31.5' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'pricing/import-dry-run');
    const before = await (await adminClient(server.url)).GET('/api/v1/price-list-versions/{id}', {
      params: { path: { id: ids.draft } },
    });
    expect(before.data!.items.find((i) => i.meterId === 'vm-hours')!.rate).toBe('30');
    await page.getByRole('button', { name: 'Apply changes' }).click();
    await diff.getByText(/Applied\./).waitFor();
    const after = await (await adminClient(server.url)).GET('/api/v1/price-list-versions/{id}', {
      params: { path: { id: ids.draft } },
    });
    expect(after.data!.items.find((i) => i.meterId === 'vm-hours')).toMatchObject({
      rate: '31.5',
      description: 'Per VM month',
    });
  }, 120_000);

  it('activates the draft', async () => {
    await page.goto(`${server.url}/pricing/versions/${ids.draft}`);
    await settled(page);
    await page.getByRole('button', { name: 'Activate' }).click();
    await page
      .getByRole('dialog', { name: 'Activate version' })
      .getByRole('button', { name: 'Activate' })
      .click();
    await page.getByText('Active', { exact: true }).first().waitFor();
    expect(seen.problems()).toEqual([]);
  }, 60_000);
});

describe.skipIf(status === 'skip')('Item credits', () => {
  it('the list page gives an item credit on a meter of the list, in its currency', async () => {
    await page.goto(`${server.url}/pricing/${ids.list}`);
    await settled(page);
    const section = page.getByRole('region', { name: 'Item credits' });
    seen.since();
    await section.getByRole('button', { name: 'Show item credits' }).click();
    await section.getByText('No item credits.').waitFor();
    await settled(page);
    expect(seen.requests().sort()).toEqual(
      [`GET /api/v1/credits`, `GET /api/v1/price-list-versions/${ids.draft}`].sort(),
    );
    await section.getByRole('button', { name: 'Add item credit' }).click();
    const form = page.getByRole('form', { name: 'Add item credit' });
    await form.getByRole('combobox', { name: /^Item/ }).click();
    await page.getByRole('option', { name: 'VM hours (every SKU)' }).click();
    await form.getByLabel(/^Amount per period/).fill('5');
    await form.getByLabel(/^From period/).fill('2026-12');
    await form.getByLabel(/^Description/).fill('Launch credit');
    expect(await form.innerText()).toContain("In the list's currency (USD)");
    await form.getByRole('button', { name: 'Add' }).click();
    const row = section.getByRole('table', { name: 'Item credits' }).locator('tbody tr');
    await expect.poll(() => row.first().innerText()).toContain('VM hours (every SKU)');
    expect((await row.first().innerText()).replace(/\s+/g, ' ')).toContain(
      '5 USD 2026-12 to open Launch credit',
    );
    expect(seen.problems()).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize(PHONE);
    await emulateSystemScheme(page, 'dark');
    const width = await pageWidth(page);
    expect(width.scrollWidth, width.overflowing.join(', ')).toBeLessThanOrEqual(width.innerWidth);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'pricing/item-credits-phone-dark');
    await emulateSystemScheme(page, 'light');
    await page.setViewportSize({ width: 1280, height: 900 });
    const credits = ok(
      await (await adminClient(server.url)).GET('/api/v1/credits', {
        params: { query: { priceListId: ids.list } },
      }),
    );
    expect(credits.items.map((c) => [c.meterId, c.sku, c.amount, c.currency])).toEqual([
      ['vm-hours', '', '5', 'USD'],
    ]);
  }, 120_000);
});

describe.skipIf(status === 'skip')('Pricing tools', () => {
  it('the estimator finds a price list by searching and prices a tenant with no subscription', async () => {
    await visit('/pricing-tools/estimator', 'estimator');
    const form = page.locator('main form');
    await form.getByText('Tenant', { exact: true }).click();
    await form.getByRole('combobox', { name: 'Tenant' }).fill('Fabrikam');
    await page.getByRole('option', { name: 'Fabrikam Prospect' }).click();
    // The price list: searched by name, offered with its scope and currency.
    await form.getByRole('combobox', { name: /^Price list/ }).fill('Fabrikam');
    await page.getByRole('option', { name: 'Fabrikam prices — Tenant: Fabrikam Prospect (USD)' }).click();
    await form.getByLabel('Meter 1').fill('Static');
    await page.getByRole('option', { name: 'Static IP Address Usage (IP-hours)' }).click();
    // 744 IP-hours at 0.005 = 3.72, as the prospect's first subscription would be priced by its
    // own list; no discount, credit or tax.
    await form.getByLabel('Quantity 1', { exact: true }).fill('744');
    seen.since();
    await form.getByRole('button', { name: 'Run estimate' }).click();
    const result = page.getByRole('table', { name: 'Estimated cost' });
    await result.waitFor();
    // One request per run (a field's own search may refresh meanwhile).
    expect(seen.requests().filter((r) => !r.startsWith('GET'))).toEqual([
      'POST /api/v1/pricing-tools/estimates',
    ]);
    expect(await result.locator('[data-total="total"]').innerText()).toBe('3.72 USD');
    expect(seen.problems()).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'pricing/estimator-prospect');
  }, 120_000);

  it('the price increase models one price list chosen by searching', async () => {
    await visit('/pricing-tools/price-increase', 'price-increase');
    const form = page.locator('main form').first();
    await form.getByLabel('Scope', { exact: true }).click();
    await page.getByRole('option', { name: 'One price list' }).click();
    await form.getByRole('combobox', { name: /^Price list/ }).fill('Contoso');
    await page.getByRole('option', { name: 'Contoso Hybrid prices — Region: Contoso Hybrid (USD)' }).click();
    await form.getByLabel(/^Increase amount/).fill('10');
    seen.since();
    await page.getByRole('button', { name: 'Run Model' }).click();
    await page.getByRole('table', { name: 'Totals per currency' }).waitFor();
    expect(seen.requests().filter((r) => !r.startsWith('GET'))).toEqual([
      'POST /api/v1/pricing-tools/price-increases/model',
    ]);
    expect(seen.problems()).toEqual([]);
  }, 120_000);

  it("period fields start at the Platform Time Zone's month, not the browser's", async () => {
    const admin = await adminClient(server.url);
    ok(
      await admin.PATCH('/api/v1/settings', {
        body: { values: { 'platform.timeZone': 'Pacific/Auckland' } },
      }),
    );
    // 31 March 2026 20:00 UTC: still March in Los Angeles (the browser), already 1 April in Auckland.
    const context = await browser!.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'en-GB',
      timezoneId: 'America/Los_Angeles',
    });
    try {
      const own = await context.newPage();
      await own.clock.setFixedTime(new Date('2026-03-31T20:00:00Z'));
      await signIn(own, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
      await own.getByRole('heading', { name: /^Welcome/ }).waitFor();
      await own.goto(`${server.url}/pricing-tools/estimator`);
      await settled(own);
      expect(await own.getByLabel(/^Period/).inputValue()).toBe('2026-04');
      await own.goto(`${server.url}/pricing/${ids.list}`);
      await settled(own);
      await own.getByRole('button', { name: 'New version' }).click();
      expect(
        await own
          .getByRole('dialog')
          .getByLabel(/^Effective from/)
          .inputValue(),
      ).toBe('2026-05');
      await own.goto(`${server.url}/pricing-tools/price-increase`);
      await settled(own);
      expect(await own.getByLabel(/^Model period/).inputValue()).toBe('2026-04');
      expect(await own.getByLabel(/^Effective from/).inputValue()).toBe('2026-04');
    } finally {
      await context.close();
      ok(await admin.PATCH('/api/v1/settings', { body: { values: { 'platform.timeZone': 'UTC' } } }));
    }
  }, 120_000);
});
