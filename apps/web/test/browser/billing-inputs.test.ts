import type { CmsClient } from '@cms/api-client';
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
 * Issue 13's billing inputs as a platform administrator uses them: a tax profile made with its
 * rates, chosen as the Default Tax Profile in System Settings (a select of profiles) and as a
 * tenant's own; an exchange rate added; a tenant's discounts and credits added and deleted in its
 * page's section. Each page with its forms open is checked with axe in light and dark and at 390 px.
 */
const status = chromiumStatus();

let server: RunningServer;
let browser: Browser | undefined;
let page: Page;
let seen: ReturnType<typeof watch>;
let admin: CmsClient;
let closeContext: () => Promise<void>;
let tenantId = '';

const ok = <T>(result: { data?: T; error?: unknown }): T => {
  if (result.data === undefined) throw new Error(JSON.stringify(result.error));
  return result.data;
};

beforeAll(async () => {
  buildAppOncePerRun();
  if (status === 'fail') throw new Error(`CI=true requires Chromium at ${CHROMIUM} for the portal tests.`);
  if (status === 'skip') return;
  server = await startServer();
  admin = await adminClient(server.url);
  const person = (email: string) => [{ firstName: 'Bill', lastName: 'Ing', email }];
  const distributor = ok(
    await admin.POST('/api/v1/distributors', {
      body: { name: 'Contoso Distribution', administrators: person('d@contoso.test') },
    }),
  );
  const partner = ok(
    await admin.POST('/api/v1/partners', {
      body: { name: 'Contoso West', distributorId: distributor.id, administrators: person('p@contoso.test') },
    }),
  );
  tenantId = ok(
    await admin.POST('/api/v1/tenants', {
      body: { name: 'Tailspin Toys', partnerId: partner.id, administrators: person('t@tailspin.test') },
    }),
  ).id;
  browser = await launchBrowser();
  const opened = await newPage(browser);
  page = opened.page;
  closeContext = () => opened.context.close();
  seen = watch(page);
  await signIn(page, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
  // Home's heading, not the sign-in page's own: the first test must not start before the session.
  await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
}, 300_000);

afterAll(async () => {
  await closeContext?.();
  await browser?.close();
  await server?.stop();
});

/** axe in light and dark, and nothing wider than a phone, with the page as it is now. */
async function checkPage(name: string): Promise<void> {
  const failures: string[] = [];
  for (const v of await axeViolations(page))
    failures.push(`light: ${v.impact} ${v.id}: ${v.nodes.join(' | ')}`);
  await page.setViewportSize(PHONE);
  await emulateSystemScheme(page, 'dark');
  await page.waitForTimeout(100);
  const width = await pageWidth(page);
  if (width.scrollWidth > width.innerWidth)
    failures.push(`${width.scrollWidth} px wide: ${width.overflowing.join(', ')}`);
  for (const v of await axeViolations(page))
    failures.push(`dark 390 px: ${v.impact} ${v.id}: ${v.nodes.join(' | ')}`);
  await screenshot(page, `billing-inputs/${name}-phone-dark`);
  await emulateSystemScheme(page, 'light');
  await page.setViewportSize(DESKTOP);
  expect(failures, name).toEqual([]);
  expect(seen.problems(), name).toEqual([]);
}

describe.skipIf(status === 'skip')('billing inputs in the portal (platform administrator)', () => {
  it('creates a tax profile with two rates, then makes it the default in System Settings', async () => {
    await page.goto(`${server.url}/tax-profiles/new`);
    await settled(page);
    await page.getByLabel(/^Name/).first().fill('Australia GST');
    await page.getByLabel(/^Name/).nth(1).fill('GST');
    await page.getByLabel(/^Percentage/).fill('10');
    await page.getByLabel(/^Effective from/).fill('2026-01-01');
    await page.getByRole('button', { name: 'Add rate' }).click();
    await page.getByLabel(/^Name/).nth(2).fill('GST');
    await page
      .getByLabel(/^Percentage/)
      .nth(1)
      .fill('12.5');
    await page
      .getByLabel(/^Effective from/)
      .nth(1)
      .fill('2027-07-01');
    await checkPage('tax-profile-new');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/tax-profiles\/txp_/);
    await settled(page);
    const id = page.url().split('/').pop()!;
    const saved = ok(await admin.GET('/api/v1/tax-profiles/{id}', { params: { path: { id } } }));
    expect(saved.rates.map((r) => [r.name, r.percentage, r.effectiveFrom])).toEqual([
      ['GST', '10', '2026-01-01'],
      ['GST', '12.5', '2027-07-01'],
    ]);
    await checkPage('tax-profile');

    await page.goto(`${server.url}/system-settings/billing`);
    await settled(page);
    await page.getByRole('combobox', { name: /^Default Tax Profile/ }).click();
    await page.getByRole('option', { name: 'Australia GST' }).click();
    await checkPage('settings-billing');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('1 setting(s) saved.').waitFor();
    const settings = ok(await admin.GET('/api/v1/settings'));
    const value = settings.groups
      .flatMap((g) => g.settings)
      .find((s) => s.key === 'billing.defaultTaxProfileId');
    expect(value?.value).toBe(id);
  });

  it("chooses a tenant's own tax profile on its edit page", async () => {
    const exempt = ok(await admin.POST('/api/v1/tax-profiles', { body: { name: 'Exempt', exempt: true } }));
    await page.goto(`${server.url}/tenants/${tenantId}/edit`);
    await settled(page);
    await page.getByRole('combobox', { name: /^Tax profile/ }).click();
    await page.getByRole('option', { name: 'Exempt (exempt)' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(new RegExp(`/tenants/${tenantId}$`));
    const tenant = ok(await admin.GET('/api/v1/tenants/{id}', { params: { path: { id: tenantId } } }));
    expect(tenant.taxProfileId).toBe(exempt.id);
  });

  it("adds and deletes a tenant's discount and credit in its page's section", async () => {
    await page.goto(`${server.url}/tenants/${tenantId}`);
    await settled(page);
    await page.getByRole('button', { name: 'Show discounts and credits' }).click();
    await page.getByText('No discounts.').waitFor();
    await page.getByRole('button', { name: 'Add discount' }).click();
    const discountForm = page.getByRole('form', { name: 'Add discount' });
    await discountForm.getByLabel(/^Percentage/).fill('12.5');
    await discountForm.getByLabel(/^From period/).fill('2026-01');
    await checkPage('tenant-adjustments-forms');
    await discountForm.getByRole('button', { name: 'Add' }).click();
    await page.getByRole('cell', { name: '12.5%' }).waitFor();
    await page.getByRole('button', { name: 'Add credit' }).click();
    const creditForm = page.getByRole('form', { name: 'Add credit' });
    await creditForm.getByLabel(/^Amount per period/).fill('25.50');
    await creditForm.getByLabel(/^From period/).fill('2026-02');
    await creditForm.getByLabel(/^One-off/).check();
    await creditForm.getByLabel(/^Description/).fill('Welcome credit');
    await creditForm.getByRole('button', { name: 'Add' }).click();
    await page.getByRole('cell', { name: '2026-02 (one-off)' }).waitFor();
    await checkPage('tenant-adjustments');
    const credits = ok(await admin.GET('/api/v1/credits', { params: { query: { tenantId } } }));
    expect(credits.items.map((c) => [c.amount, c.fromPeriod, c.toPeriod, c.oneOff])).toEqual([
      ['25.5', '2026-02', '2026-02', true],
    ]);
    await page.getByRole('table', { name: 'Discounts' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No discounts.').waitFor();
    const discounts = ok(await admin.GET('/api/v1/discounts', { params: { query: { tenantId } } }));
    expect(discounts.items).toEqual([]);
  });

  it('adds an exchange rate', async () => {
    await page.goto(`${server.url}/exchange-rates`);
    await settled(page);
    await page
      .getByRole('combobox', { name: /^Currency/ })
      .first()
      .fill('EUR');
    await page.getByRole('option', { name: 'EUR', exact: true }).click();
    await page.getByLabel(/^Rate/).fill('0.9215000001');
    await page.getByLabel(/^Effective from/).fill('2026-03-01');
    await page.getByRole('button', { name: 'Add rate' }).click();
    await page.getByRole('cell', { name: '1 USD = 0.9215000001 EUR' }).waitFor();
    await checkPage('exchange-rates');
    const rates = ok(await admin.GET('/api/v1/exchange-rates'));
    expect(rates.items.map((r) => [r.currency, r.rate, r.effectiveFrom])).toEqual([
      ['EUR', '0.9215000001', '2026-03-01T00:00:00.000Z'],
    ]);
  });
});
