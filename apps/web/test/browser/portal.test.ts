import { generateSync } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink } from '../../../server/test/support/smtp-sink.ts';
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
  initialBundle,
  launchBrowser,
  newPage,
  PHONE,
  pageWidth,
  type RunningServer,
  screenshot,
  settled,
  signIn,
  signOut,
  startServer,
  textContrast,
  watch,
} from './support.ts';

/**
 * The portal in a real browser against the real server: the seed 002 journey down the hierarchy,
 * and a crawler that signs in as every role and visits every page the navigation offers. Both
 * check accessibility with axe-core; screenshots go to test-results/screenshots.
 */
const status = chromiumStatus();
const INITIAL = 'Initial-Password-123';
const CHOSEN = 'Chosen-Password-456';
const BUNDLE_BUDGET = 350_000;

let server: RunningServer;
let browser: Browser | undefined;

beforeAll(async () => {
  buildAppOncePerRun();
  if (status === 'fail') {
    throw new Error(
      `CI=true requires Chromium at ${CHROMIUM} for the portal tests (apt-get install -y chromium).`,
    );
  }
  if (status === 'skip') return;
  server = await startServer();
  // Users created by an administrator get an initial password only with Require User Activation off.
  const admin = await adminClient(server.url);
  const { error } = await admin.PATCH('/api/v1/settings', {
    body: { values: { 'users.requireActivation': false } },
  });
  if (error) throw new Error(JSON.stringify(error));
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('portal build', () => {
  it(`keeps the initial JavaScript within ${BUNDLE_BUDGET / 1000} kB gzip`, () => {
    const bundle = initialBundle();
    console.log(
      `portal initial JS: ${(bundle.jsGzip / 1000).toFixed(1)} kB gzip (${(bundle.jsBytes / 1000).toFixed(1)} kB raw) in ${bundle.scripts.length} files; CSS ${(bundle.cssGzip / 1000).toFixed(1)} kB gzip`,
    );
    expect(bundle.scripts.length).toBeGreaterThan(0);
    expect(bundle.jsGzip).toBeLessThanOrEqual(BUNDLE_BUDGET);
  });
});

async function expectAccessible(page: Page, name: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, `${name}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

async function heading(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

function nav(page: Page) {
  return page.getByRole('navigation', { name: 'Main' });
}

async function navLinks(page: Page): Promise<string[]> {
  return nav(page)
    .getByRole('link')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
}

async function fillPerson(page: Page, person: { first: string; last: string; email: string }) {
  await page.getByLabel(/^First name/).fill(person.first);
  await page.getByLabel(/^Last name/).fill(person.last);
  await page.getByLabel(/^E-mail address/).fill(person.email);
  await page.getByLabel(/^Initial password/).fill(INITIAL);
}

/** First sign-in with an initial password: the portal asks for a new one, then shows Home. */
async function firstSignIn(page: Page, email: string) {
  await signIn(page, server.url, email, INITIAL);
  await heading(page, 'Choose a new password');
  await expectAccessible(page, 'change password');
  await page.getByLabel(/^Current password/).fill(INITIAL);
  await page.getByLabel(/^New password/).fill(CHOSEN);
  await page.getByLabel(/^Repeat the new password/).fill(CHOSEN);
  await page.getByRole('button', { name: 'Change password' }).click();
  await heading(page, /^Welcome/);
}

describe.skipIf(status === 'skip')('seed 002 journey', () => {
  it('platform → distributor → partner → tenant, each administrator creating the next level', async () => {
    const { context, page } = await newPage(browser!);
    const seen = watch(page);
    try {
      // Platform administrator: Relationships → Distributors → Create, with its administrator.
      await signIn(page, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
      await heading(page, /^Welcome/);
      seen.since();
      await settled(page);
      await screenshot(page, 'journey/01-platform-home');
      await nav(page).getByRole('link', { name: 'Distributors' }).click();
      await heading(page, 'Distributors');
      await settled(page);
      await page.getByRole('link', { name: 'Create' }).first().click();
      await heading(page, 'Create distributor');
      await expectAccessible(page, 'create distributor');
      // The API's field errors land next to their fields.
      await page.getByLabel(/^Distributor name/).fill('Contoso Distribution');
      await fillPerson(page, { first: 'Dana', last: 'Distributor', email: 'dana@contoso' });
      await page.getByRole('button', { name: 'Save' }).click();
      const emailField = page.getByLabel(/^E-mail address/);
      await page.locator('input[aria-invalid="true"]').first().waitFor();
      expect(await emailField.getAttribute('aria-invalid')).toBe('true');
      expect(seen.problems()).toContain('API 400 POST /api/v1/distributors');
      seen.since();
      await emailField.fill('dana@contoso.test');
      await page.getByRole('button', { name: 'Save' }).click();
      await heading(page, 'Contoso Distribution');
      await page.getByRole('table', { name: 'Administrators' }).getByText('dana@contoso.test').waitFor();
      await settled(page);
      await screenshot(page, 'journey/02-distributor-created');
      await expectAccessible(page, 'distributor page');
      expect(seen.problems()).toEqual([]);
      await signOut(page);

      // Distributor administrator: changes the initial password, adds a partner.
      await firstSignIn(page, 'dana@contoso.test');
      seen.since();
      expect(await navLinks(page)).not.toContain('/distributors');
      await nav(page).getByRole('link', { name: 'Partners' }).click();
      await heading(page, 'Partners');
      await settled(page);
      await page.getByRole('link', { name: 'Create' }).first().click();
      await heading(page, 'Create partner');
      await page.getByLabel(/^Partner name/).fill('Northwind Partners');
      await fillPerson(page, { first: 'Paul', last: 'Partner', email: 'paul@northwind.test' });
      await page.getByRole('button', { name: 'Save' }).click();
      await heading(page, 'Northwind Partners');
      await settled(page);
      await screenshot(page, 'journey/03-partner-created');
      await expectAccessible(page, 'partner page');
      expect(seen.problems()).toEqual([]);
      await signOut(page);

      // Partner administrator: adds a tenant with its administrator.
      await firstSignIn(page, 'paul@northwind.test');
      seen.since();
      expect(await navLinks(page)).not.toContain('/partners');
      await nav(page).getByRole('link', { name: 'Tenants' }).click();
      await heading(page, 'Tenants');
      await settled(page);
      await page.getByRole('link', { name: 'Create' }).first().click();
      await heading(page, 'Create tenant');
      await page.getByLabel(/^Tenant name/).fill('Tailspin Toys');
      await fillPerson(page, { first: 'Tara', last: 'Tenant', email: 'tara@tailspin.test' });
      await page.getByRole('button', { name: 'Save' }).click();
      await heading(page, 'Tailspin Toys');
      await settled(page);
      await screenshot(page, 'journey/04-tenant-created');
      await expectAccessible(page, 'tenant page');
      expect(seen.problems()).toEqual([]);
      await signOut(page);

      // Tenant administrator: sees only its own things.
      await firstSignIn(page, 'tara@tailspin.test');
      seen.since();
      await settled(page);
      await screenshot(page, 'journey/05-tenant-home');
      await expectAccessible(page, 'tenant home');
      const links = await navLinks(page);
      expect(links).toEqual([
        '/',
        '/subscriptions',
        '/offers',
        '/alerts',
        '/jobs',
        '/invoices',
        '/reports',
        '/users',
        '/api-tokens',
        '/identity-providers',
        '/audit',
      ]);
      await expect(page.getByText('Tailspin Toys').first().isVisible()).resolves.toBe(true);

      await nav(page).getByRole('link', { name: 'Users' }).click();
      await heading(page, 'Users');
      await settled(page);
      const users = await page.getByRole('table', { name: 'Users' }).locator('tbody tr').allInnerTexts();
      expect(users).toHaveLength(1);
      expect(users[0]).toContain('tara@tailspin.test');
      await screenshot(page, 'journey/06-tenant-users');

      await nav(page).getByRole('link', { name: 'Audit log' }).click();
      await heading(page, 'Audit log');
      await settled(page);
      const audit = await page.getByRole('table', { name: 'Audit events' }).innerText();
      expect(audit).not.toContain('paul@northwind.test');
      expect(audit).not.toContain('dana@contoso.test');
      expect(audit).not.toContain(ADMIN_EMAIL);
      expect(audit).toContain('Provider staff');
      await screenshot(page, 'journey/07-tenant-audit');
      expect(seen.problems()).toEqual([]);

      // Pages of other levels do not exist for a tenant, and ask the API for nothing.
      for (const path of ['/distributors', '/partners', '/tenants', '/system-settings', '/tenants/new']) {
        seen.since();
        await page.goto(`${server.url}${path}`);
        await heading(page, 'Page not found');
        // The shell's own requests (who is signed in, its branding); no page data.
        expect(
          seen.requests().filter((r) => r !== 'GET /api/v1/branding'),
          path,
        ).toEqual(['GET /api/v1/auth/session']);
        expect(seen.problems(), path).toEqual([]);
      }
      await screenshot(page, 'journey/08-tenant-not-found');
    } finally {
      await context.close();
    }
  }, 240_000);
});

/** Every page the navigation can offer; a role that is not offered one gets "not found" there. */
const ALL_PAGES = [
  '/distributors',
  '/partners',
  '/tenants',
  '/subscriptions',
  '/regions',
  '/pricing',
  '/pricing-tools/price-increase',
  '/pricing-tools/estimator',
  '/calculator',
  '/invoices',
  '/reports',
  '/system-settings',
  '/users',
  '/api-tokens',
  '/identity-providers',
  '/audit',
  '/branding',
  '/alerts',
  '/jobs',
];
const LIST_PAGES = new Set([
  '/distributors',
  '/partners',
  '/tenants',
  '/subscriptions',
  '/regions',
  '/pricing',
  '/invoices',
  '/users',
]);
/** No page load may ask the API more than this (the shell's session and branding included). */
const REQUEST_BUDGET = 5;

interface RoleUser {
  role: string;
  email: string;
  password: string;
}

/** A second branch with an administrator and a reader at every level, made through the API. */
async function crawlWorld(): Promise<RoleUser[]> {
  const admin = await adminClient(server.url);
  const ok = <T>(result: { data?: T; error?: unknown }): T => {
    if (result.data === undefined) throw new Error(JSON.stringify(result.error));
    return result.data;
  };
  const person = (first: string, email: string) => ({
    firstName: first,
    lastName: 'Crawler',
    email,
    initialPassword: INITIAL,
  });
  const me = ok(await admin.GET('/api/v1/me'));
  const distributor = ok(
    await admin.POST('/api/v1/distributors', {
      body: { name: 'Fabrikam Distribution', administrators: [person('Dora', 'dora@fabrikam.test')] },
    }),
  );
  const partner = ok(
    await admin.POST('/api/v1/partners', {
      body: {
        name: 'Litware Partners',
        distributorId: distributor.id,
        administrators: [person('Pam', 'pam@litware.test')],
      },
    }),
  );
  const tenant = ok(
    await admin.POST('/api/v1/tenants', {
      body: { name: 'Adatum', partnerId: partner.id, administrators: [person('Tom', 'tom@adatum.test')] },
    }),
  );
  // An import source (a stamp would need an emulator): the region pages and a subscription on it.
  const region = ok(
    await admin.POST('/api/v1/regions', {
      body: { kind: 'import', name: 'Adatum Hybrid', timeZone: 'Europe/London' },
    }),
  );
  ok(
    await admin.POST('/api/v1/subscriptions', {
      body: {
        tenantId: tenant.id,
        name: 'Adatum Production',
        regionId: region.id,
        azsSubscriptionId: '5a1c7e2d-3b4f-4a6e-9c8d-0e1f2a3b4c5d',
      },
    }),
  );
  ok(await admin.POST('/api/v1/subscriptions', { body: { tenantId: tenant.id, name: 'Adatum Test' } }));
  // A price list of the region with a tiered item (the Pricing list and a list's page).
  ok(
    await admin.POST('/api/v1/regions/{id}/meters', {
      params: { path: { id: region.id } },
      body: { meterId: 'storage-gb', name: 'Storage', unit: 'GB' },
    }),
  );
  const prices = ok(
    await admin.POST('/api/v1/price-lists', {
      body: { scopeType: 'region', regionId: region.id, displayName: 'Adatum Hybrid prices' },
    }),
  );
  const draft = ok(
    await admin.POST('/api/v1/price-lists/{listId}/versions', {
      params: { path: { listId: prices.id } },
      body: { effectiveFrom: '2026-01' },
    }),
  );
  ok(
    await admin.POST('/api/v1/price-list-versions/{versionId}/items', {
      params: { path: { versionId: draft.id } },
      body: {
        meterId: 'storage-gb',
        pricing: 'graduated',
        tiers: [
          { from: '0', to: '100', rate: '0.05' },
          { from: '100', to: null, rate: '0.04' },
        ],
      },
    }),
  );
  // Billing inputs of the platform (issue 13): their pages list something.
  ok(
    await admin.POST('/api/v1/tax-profiles', {
      body: { name: 'Standard VAT', rates: [{ name: 'VAT', percentage: '20', effectiveFrom: '2026-01-01' }] },
    }),
  );
  ok(
    await admin.POST('/api/v1/exchange-rates', {
      body: { currency: 'EUR', rate: '0.9215', effectiveFrom: '2026-01-01T00:00:00Z' },
    }),
  );
  ok(
    await admin.POST('/api/v1/discounts', {
      body: { tenantId: tenant.id, percentage: '10', fromPeriod: '2026-01' },
    }),
  );
  ok(
    await admin.POST('/api/v1/credits', {
      body: {
        tenantId: tenant.id,
        amount: '25',
        fromPeriod: '2026-01',
        oneOff: true,
        description: 'Welcome credit',
      },
    }),
  );
  const readers: [string, string, string][] = [
    ['platform_reader', me.organisation.id, 'rita@platform.test'],
    ['distributor_reader', distributor.id, 'dirk@fabrikam.test'],
    ['partner_reader', partner.id, 'petra@litware.test'],
    ['tenant_reader', tenant.id, 'theo@adatum.test'],
  ];
  for (const [, orgId, email] of readers) {
    ok(await admin.POST('/api/v1/users', { body: { ...person('Reader', email), orgId, role: 'reader' } }));
  }
  const users: RoleUser[] = [{ role: 'platform_admin', email: ADMIN_EMAIL, password: ADMIN_PASSWORD }];
  const others: [string, string][] = [
    ['platform_reader', 'rita@platform.test'],
    ['distributor_admin', 'dora@fabrikam.test'],
    ['distributor_reader', 'dirk@fabrikam.test'],
    ['partner_admin', 'pam@litware.test'],
    ['partner_reader', 'petra@litware.test'],
    ['tenant_admin', 'tom@adatum.test'],
    ['tenant_reader', 'theo@adatum.test'],
  ];
  for (const [role, email] of others) {
    await completeFirstSignIn(server.url, email, INITIAL, CHOSEN);
    users.push({ role, email, password: CHOSEN });
  }
  return users;
}

describe.skipIf(status === 'skip')('crawler: every role, every page its navigation offers', () => {
  let users: RoleUser[] = [];
  beforeAll(async () => {
    users = await crawlWorld();
  }, 120_000);

  const ROLES = [
    'platform_admin',
    'platform_reader',
    'distributor_admin',
    'distributor_reader',
    'partner_admin',
    'partner_reader',
    'tenant_admin',
    'tenant_reader',
  ];

  /** API requests per page load, per role (printed at the end: the figures behind the budget). */
  const requestsPerPage = new Map<string, Map<string, number>>();
  afterAll(() => {
    for (const [role, pages] of requestsPerPage) {
      console.log(
        `API requests per page load, ${role}: ${[...pages].map(([p, n]) => `${p} ${n}`).join(', ')}`,
      );
    }
  });

  for (const role of ROLES) {
    it(`${role}: no error state, console error or failed API call; at most ${REQUEST_BUDGET} API requests per page; accessible in light and dark; fits a ${PHONE.width} px screen; others' pages do not exist`, async () => {
      const user = users.find((u) => u.role === role)!;
      const { context, page } = await newPage(browser!);
      const seen = watch(page);
      const failures: string[] = [];
      const counts = new Map<string, number>();
      requestsPerPage.set(role, counts);
      const check = async (label: string) => {
        await settled(page);
        const requests = seen.requests().filter((r) => r !== 'POST /api/v1/auth/sign-in');
        counts.set(label, requests.length);
        if (requests.length > REQUEST_BUDGET) {
          failures.push(`${label}: ${requests.length} API requests (${requests.join(', ')})`);
        }
        const errors = await page.locator('[data-state="error"]').count();
        if (errors > 0)
          failures.push(
            `${label}: ${errors} error state(s): ${await page.locator('[data-state="error"]').first().innerText()}`,
          );
        if ((await page.locator('[data-state="not-found"]').count()) > 0)
          failures.push(`${label}: shows "not found"`);
        for (const v of await axeViolations(page))
          failures.push(`${label}: axe ${v.impact} ${v.id}: ${v.nodes.join(' | ')}`);
        const name = label.replace(/^\//, '').replace(/[^a-z0-9-]+/gi, '_') || 'home';
        await screenshot(page, `crawl/${role}/${name}`);
        // The same page on a phone, in the dark theme: nothing scrolls sideways, and axe passes.
        await page.setViewportSize(PHONE);
        await emulateSystemScheme(page, 'dark');
        await page.waitForTimeout(100);
        const width = await pageWidth(page);
        if (width.scrollWidth > width.innerWidth)
          failures.push(
            `${label}: ${width.scrollWidth} px wide on a ${width.innerWidth} px screen (${width.overflowing.join(', ')})`,
          );
        for (const v of await axeViolations(page))
          failures.push(
            `${label} (dark, ${PHONE.width} px): axe ${v.impact} ${v.id}: ${v.nodes.join(' | ')}`,
          );
        await screenshot(page, `crawl-phone-dark/${role}/${name}`);
        await emulateSystemScheme(page, 'light');
        await page.setViewportSize(DESKTOP);
        for (const problem of seen.problems()) failures.push(`${label}: ${problem}`);
        seen.since();
      };
      try {
        await page.goto(`${server.url}/sign-in`);
        // The sign-in page looks up federated sign-in for the address once typing pauses.
        const lookup = page.waitForResponse((r) => r.url().includes('/api/v1/auth/identity-providers'));
        await page.getByLabel(/^E-mail address/).fill(user.email);
        await page.getByLabel(/^Password/).fill(user.password);
        await lookup;
        await settled(page);
        // The sign-in page's own requests are not Home's.
        expect(seen.problems()).toEqual([]);
        seen.since();
        await page.getByRole('button', { name: 'Sign in', exact: true }).click();
        await heading(page, /^Welcome/);
        await check('/');
        const offered = (await navLinks(page)).filter((href) => href !== '/');
        expect(offered.length).toBeGreaterThan(0);
        for (const href of offered) {
          await nav(page).locator(`a[href="${href}"]`).click();
          await page.waitForURL(`${server.url}${href}`);
          await check(href);
          if (!LIST_PAGES.has(href)) continue;
          const first = page.locator('main table tbody a').first();
          if ((await first.count()) === 0) continue;
          await first.click();
          await page.waitForURL((url) => url.pathname !== href);
          await check(`${href}-detail`);
          const edit = page.getByRole('link', { name: 'Edit', exact: true });
          if ((await edit.count()) > 0) {
            await edit.click();
            await page.waitForURL(/\/edit$/);
            await check(`${href}-edit`);
          }
        }
        await page.getByRole('button', { name: /^Account menu/ }).click();
        await page.getByRole('menuitem', { name: 'My account' }).click();
        await heading(page, 'My account');
        await check('/account');

        for (const path of ALL_PAGES.filter((p) => !offered.includes(p))) {
          seen.since();
          await page.goto(`${server.url}${path}`);
          await heading(page, 'Page not found');
          const calls = seen
            .requests()
            .filter((r) => r !== 'GET /api/v1/auth/session' && r !== 'GET /api/v1/branding');
          if (calls.length > 0) failures.push(`${path} (not offered): called ${calls.join(', ')}`);
          for (const problem of seen.problems()) failures.push(`${path} (not offered): ${problem}`);
        }
        expect(failures).toEqual([]);
      } finally {
        await context.close();
      }
    }, 240_000);
  }
});

describe.skipIf(status === 'skip')('administration flows', () => {
  let page: Page;
  let closeContext: () => Promise<void>;
  let seen: ReturnType<typeof watch>;

  beforeAll(async () => {
    const admin = await adminClient(server.url);
    const ok = <T>(result: { data?: T; error?: unknown }): T => {
      if (result.data === undefined) throw new Error(JSON.stringify(result.error));
      return result.data;
    };
    const adminOf = (email: string) => [{ firstName: 'Wing', lastName: 'Admin', email }];
    const distributor = ok(
      await admin.POST('/api/v1/distributors', {
        body: { name: 'Wingtip Distribution', administrators: adminOf('wing@wingtip.test') },
      }),
    );
    for (const name of ['Wingtip North', 'Wingtip South']) {
      ok(
        await admin.POST('/api/v1/partners', {
          body: {
            name,
            distributorId: distributor.id,
            administrators: adminOf(`${name.split(' ')[1]!.toLowerCase()}@wingtip.test`),
          },
        }),
      );
    }
    const partners = ok(
      await admin.GET('/api/v1/partners', { params: { query: { q: 'Wingtip', limit: 10 } } }),
    );
    const north = partners.items.find((p) => p.name === 'Wingtip North')!;
    const south = partners.items.find((p) => p.name === 'Wingtip South')!;
    ok(
      await admin.POST('/api/v1/tenants', {
        body: { name: 'Wingtip Movers', partnerId: north.id, administrators: adminOf('movers@wingtip.test') },
      }),
    );
    for (let i = 1; i <= 30; i++) {
      const n = String(i).padStart(2, '0');
      ok(
        await admin.POST('/api/v1/tenants', {
          body: {
            name: `Bulk Tenant ${n}`,
            partnerId: south.id,
            administrators: adminOf(`bulk${n}@wingtip.test`),
          },
        }),
      );
    }
    const opened = await newPage(browser!);
    page = opened.page;
    closeContext = () => opened.context.close();
    seen = watch(page);
    await signIn(page, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
    await heading(page, /^Welcome/);
  }, 120_000);

  afterAll(async () => {
    await closeContext?.();
  });

  it('pages through a list with a cursor stack, searches and sorts on the server', async () => {
    await page.goto(`${server.url}/tenants?q=Bulk`);
    await heading(page, 'Tenants');
    await settled(page);
    const table = page.getByRole('table', { name: 'Tenants' });
    const status = page.getByText(/^Showing /);
    expect(await status.innerText()).toBe('Showing 1–25 of 30');
    expect(await table.locator('tbody tr').count()).toBe(25);
    expect(await table.locator('tbody tr').first().innerText()).toContain('Bulk Tenant 01');
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('Showing 26–30 of 30').waitFor();
    expect(await table.locator('tbody tr').first().innerText()).toContain('Bulk Tenant 26');
    expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.getByText('Showing 1–25 of 30').waitFor();
    // Sort by name, descending.
    await table.getByRole('button', { name: /^Name/ }).click();
    await page.waitForURL(/sort=-name/);
    await settled(page);
    expect(await table.locator('tbody tr').first().innerText()).toContain('Bulk Tenant 30');
    expect(await table.getByRole('columnheader', { name: /^Name/ }).getAttribute('aria-sort')).toBe(
      'descending',
    );
    // Search narrows on the server.
    await page.getByLabel('Search tenants').fill('Tenant 07');
    await page.getByText('Showing 1–1 of 1').waitFor();
    await screenshot(page, 'admin/01-tenants-search');
    expect(seen.problems()).toEqual([]);
  });

  it('moves a tenant to another partner and refuses to delete an organisation with children', async () => {
    seen.since();
    await page.goto(`${server.url}/tenants?q=Wingtip%20Movers`);
    await page.getByRole('link', { name: 'Wingtip Movers' }).click();
    await heading(page, 'Wingtip Movers');
    await settled(page);
    await page.getByRole('button', { name: 'Move' }).click();
    const dialog = page.getByRole('dialog', { name: /Move/ });
    await dialog.getByLabel(/^New partner/).fill('Wingtip South');
    await page.getByRole('option', { name: 'Wingtip South' }).click();
    await dialog.getByRole('button', { name: 'Move' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('link', { name: 'Wingtip South' }).waitFor();
    await screenshot(page, 'admin/02-tenant-moved');

    await page.goto(`${server.url}/distributors?q=Wingtip`);
    await page.getByRole('link', { name: 'Wingtip Distribution' }).click();
    await heading(page, 'Wingtip Distribution');
    await settled(page);
    await page.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: /Delete distributor/ });
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await confirm.getByRole('alert').waitFor();
    expect(await confirm.getByRole('alert').innerText()).toMatch(/partner|child|depend/i);
    await screenshot(page, 'admin/03-delete-refused');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(seen.problems().filter((p) => !p.includes('409') && !p.includes('Conflict'))).toEqual([]);
  });

  it('creates a user scoped to a tenant, disables it, then deletes it after confirmation', async () => {
    seen.since();
    await page.goto(`${server.url}/users/new`);
    await heading(page, 'Create user');
    await page.getByLabel(/^First name/).fill('Uma');
    await page.getByLabel(/^Last name/).fill('User');
    await page.getByLabel(/^E-mail address/).fill('uma@wingtip.test');
    // Nothing is preselected: the role and the scope are chosen.
    await page.getByRole('combobox', { name: 'User role' }).click();
    await page.getByRole('option', { name: 'Reader' }).click();
    await page.locator('label', { hasText: /^Tenant$/ }).click();
    await page.getByRole('combobox', { name: /^Tenant/ }).fill('Bulk Tenant 03');
    await page.getByRole('option', { name: 'Bulk Tenant 03' }).click();
    await page.getByLabel(/^Initial password/).fill(INITIAL);
    await page.getByRole('button', { name: 'Save' }).click();
    await heading(page, 'Uma User');
    await settled(page);
    await page.getByRole('link', { name: 'Bulk Tenant 03' }).waitFor();
    await page.getByRole('switch', { name: /^Disabled/ }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('dd').getByText('Disabled').waitFor();
    await screenshot(page, 'admin/04-user-disabled');
    await expectAccessible(page, 'user page');
    await page.getByRole('button', { name: 'Delete' }).click();
    await page
      .getByRole('dialog', { name: /Delete uma@wingtip.test/ })
      .getByRole('button', { name: 'Delete' })
      .click();
    await heading(page, 'Users');
    await page.getByLabel('Search users').fill('uma@');
    await page.getByText('Nothing matches “uma@”').waitFor();
    expect(seen.problems()).toEqual([]);
  });

  it('System Settings shows the API field error next to the field, then saves', async () => {
    seen.since();
    await page.goto(`${server.url}/system-settings/users`);
    await heading(page, 'System Settings');
    await settled(page);
    await expectAccessible(page, 'system settings');
    const threshold = page.getByLabel(/^Lockout Threshold/);
    await threshold.fill('500');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('input[aria-invalid="true"]').first().waitFor();
    expect(await threshold.getAttribute('aria-invalid')).toBe('true');
    await threshold.fill('7');
    await page.getByRole('tab', { name: 'Subscriptions' }).click();
    await page.getByRole('switch', { name: /^Tenant Self Provisioning/ }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('2 setting(s) saved.').waitFor();
    await page.reload();
    await settled(page);
    expect(await page.getByRole('switch', { name: /^Tenant Self Provisioning/ }).isChecked()).toBe(true);
    await page.getByRole('tab', { name: 'Users' }).click();
    expect(await page.getByLabel(/^Lockout Threshold/).inputValue()).toBe('7');
    await screenshot(page, 'admin/05-system-settings');
    expect(seen.problems().filter((p) => !p.includes('400'))).toEqual([]);
  });

  it('creates an API token whose secret is shown once, then revokes it', async () => {
    seen.since();
    await page.goto(`${server.url}/api-tokens`);
    await heading(page, 'API tokens');
    await settled(page);
    await page.getByRole('button', { name: 'Create token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create API token' });
    await dialog.getByLabel(/^Name/).fill('Billing export');
    // Escape in the date field is the date picker's, not the dialog's.
    await dialog.getByLabel(/^Expires on/).focus();
    await page.keyboard.press('Escape');
    await page.waitForTimeout(300);
    expect(await dialog.isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Create token' }).click();
    const secret = await dialog.getByLabel('The new API token').innerText();
    expect(secret).toMatch(/^tok_/);
    const works = await fetch(`${server.url}/api/v1/me`, {
      headers: { authorization: `Bearer ${secret.trim()}` },
    });
    expect(works.status).toBe(200);
    await screenshot(page, 'admin/06-token-secret');
    await dialog.getByRole('button', { name: 'Done' }).click();
    const row = page.getByRole('row', { name: /Billing export/ });
    await row.getByRole('button', { name: 'Revoke' }).click();
    await page
      .getByRole('dialog', { name: /Revoke/ })
      .getByRole('button', { name: 'Revoke' })
      .click();
    await row.getByText('Revoked').waitFor();
    const revoked = await fetch(`${server.url}/api/v1/me`, {
      headers: { authorization: `Bearer ${secret.trim()}` },
    });
    expect(revoked.status).toBe(401);
    expect(seen.problems()).toEqual([]);
  });

  it('maps an identity provider to a distributor; the sign-in page then offers it for the domain', async () => {
    seen.since();
    await page.goto(`${server.url}/identity-providers`);
    await heading(page, 'Identity providers');
    await settled(page);
    await page.getByRole('button', { name: 'Create' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create identity provider' });
    await dialog.locator('label', { hasText: /^Distributor$/ }).click();
    await dialog.getByRole('combobox', { name: /^Distributor/ }).fill('Wingtip');
    await page.getByRole('option', { name: 'Wingtip Distribution' }).click();
    await dialog.getByLabel(/^Name/).fill('Wingtip Entra ID');
    await dialog.getByLabel(/^Directory/).fill('6f1d2c3b-4a59-4e7d-9c8b-1a2b3c4d5e6f');
    await dialog.getByLabel(/^Client id/).fill('portal-client');
    await dialog.getByLabel(/^Client secret/).fill('client-secret-value');
    await dialog.getByLabel(/^Allowed e-mail domains/).fill('wingtip.test');
    await expectAccessible(page, 'identity provider form');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Identity provider “Wingtip Entra ID” was created.').waitFor();
    const row = page.getByRole('row', { name: /Wingtip Entra ID/ });
    await row.getByText('Enabled').waitFor();
    await row.getByRole('button', { name: 'Wingtip Entra ID' }).click();
    const edit = page.getByRole('dialog', { name: /Edit Wingtip Entra ID/ });
    expect(await edit.getByLabel(/^Redirect URI/).inputValue()).toMatch(/\/api\/v1\/auth\/oidc\/callback$/);
    await screenshot(page, 'admin/08-identity-provider');
    await edit.getByRole('button', { name: 'Cancel' }).click();
    expect(seen.problems()).toEqual([]);

    const { context, page: anonymous } = await newPage(browser!);
    try {
      await anonymous.goto(`${server.url}/sign-in?next=%2Fusers`);
      await anonymous.getByLabel(/^E-mail address/).fill('someone@wingtip.test');
      const button = anonymous.getByRole('link', { name: 'Sign in with Wingtip Entra ID' });
      await button.waitFor();
      expect(await button.getAttribute('href')).toMatch(
        /^\/api\/v1\/auth\/oidc\/idp_[0-9a-z]{26}\/start\?returnTo=%2Fusers$/,
      );
      await screenshot(anonymous, 'sign-in/04-federated-button');
      await anonymous.getByLabel(/^E-mail address/).fill('someone@elsewhere.test');
      await button.waitFor({ state: 'detached' });
    } finally {
      await context.close();
    }
  });

  it('filters the audit log and exports the filtered rows as CSV', async () => {
    seen.since();
    await page.goto(`${server.url}/audit`);
    await heading(page, 'Audit log');
    await settled(page);
    await page.getByRole('combobox', { name: 'Object type' }).click();
    await page.getByRole('option', { name: 'API token' }).click();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await settled(page);
    const actions = await page
      .getByRole('table', { name: 'Audit events' })
      .locator('tbody tr td:nth-child(3)')
      .allInnerTexts();
    expect(actions.length).toBeGreaterThan(0);
    // Actions read as words ("API token created"); the code stays on hover.
    for (const action of actions) expect(action).toMatch(/^API token (created|revoked)$/);
    const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    expect(href).toContain('targetType=apiToken');
    const csv = await page.request.get(`${server.url}${href}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toMatch(/text\/csv/);
    const text = await csv.text();
    expect(text).toContain('apiToken.revoke');
    expect(text).not.toContain('tenant.create');
    await screenshot(page, 'admin/07-audit-filtered');
    expect(seen.problems()).toEqual([]);
  });
});

describe.skipIf(status === 'skip')('sign-in steps: MFA Required', () => {
  it('enrols an authenticator at the first sign-in, then signs in with a recovery code', async () => {
    const admin = await adminClient(server.url);
    const me = await admin.GET('/api/v1/me');
    const created = await admin.POST('/api/v1/users', {
      body: {
        orgId: me.data!.organisation.id,
        role: 'reader',
        firstName: 'Mia',
        lastName: 'Factor',
        email: 'mia@platform.test',
        initialPassword: INITIAL,
        mfaRequired: true,
      },
    });
    expect(created.error).toBeUndefined();
    await completeFirstSignIn(server.url, 'mia@platform.test', INITIAL, CHOSEN);

    const { context, page } = await newPage(browser!);
    const seen = watch(page);
    try {
      await signIn(page, server.url, 'mia@platform.test', CHOSEN);
      await heading(page, 'Set up two-step verification');
      await page.getByText(/^Or type this secret/).waitFor();
      await expectAccessible(page, 'mfa enrolment');
      await screenshot(page, 'sign-in/01-mfa-enrolment');
      const secret = (await page.locator('code').first().innerText()).trim();
      await page.getByLabel('Code from your authenticator app').first().click();
      await page.keyboard.type(generateSync({ secret }));
      await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
      // allInnerTexts() does not wait: wait for the codes to be shown before reading them.
      const codeList = page.getByRole('list', { name: 'Recovery codes' });
      await codeList.locator('li').first().waitFor();
      const codes = await codeList.locator('li').allInnerTexts();
      expect(codes.length).toBeGreaterThan(3);
      await screenshot(page, 'sign-in/02-recovery-codes');
      await page.getByRole('button', { name: 'Continue' }).click();
      await heading(page, /^Welcome/);
      await signOut(page);

      await signIn(page, server.url, 'mia@platform.test', CHOSEN);
      await heading(page, 'Two-step verification');
      await expectAccessible(page, 'mfa verify');
      await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
      await page.getByLabel(/^Recovery code/).fill(codes[0]!);
      await page.getByRole('button', { name: 'Verify' }).click();
      await heading(page, /^Welcome/);
      await screenshot(page, 'sign-in/03-after-recovery-code');

      // New recovery codes on My account need a proof of the factor: a used code is refused.
      await page.goto(`${server.url}/account`);
      await heading(page, 'My account');
      await page.getByText('No identity provider is linked').waitFor();
      await page.getByRole('button', { name: 'New recovery codes' }).click();
      const dialog = page.getByRole('dialog', { name: 'New recovery codes' });
      await dialog.getByLabel('I lost my authenticator: use a recovery code').check();
      await dialog.getByLabel('Recovery code', { exact: true }).fill(codes[0]!);
      await dialog.getByRole('button', { name: 'Make new codes' }).click();
      await dialog.getByText('Not a valid recovery code, or one already used.').first().waitFor();
      expect(seen.problems()).toContain('API 422 POST /api/v1/auth/mfa/recovery-codes');
      seen.since();
      await expectAccessible(page, 'mfa proof');
      await dialog.getByLabel('Recovery code', { exact: true }).fill(codes[1]!);
      await dialog.getByRole('button', { name: 'Make new codes' }).click();
      const fresh = page.getByRole('list', { name: 'Recovery codes' });
      await fresh.locator('li').first().waitFor();
      expect(await fresh.locator('li').allInnerTexts()).not.toContain(codes[2]);
      await screenshot(page, 'sign-in/04-new-recovery-codes');
      expect(seen.problems()).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});

describe.skipIf(status === 'skip')('white-label branding', () => {
  const PNG =
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

  beforeAll(async () => {
    const admin = await adminClient(server.url);
    const ok = <T>(result: { data?: T; error?: unknown }): T => {
      if (result.data === undefined) throw new Error(JSON.stringify(result.error));
      return result.data;
    };
    const person = (first: string, email: string) => ({
      firstName: first,
      lastName: 'Brand',
      email,
      initialPassword: INITIAL,
    });
    const distributor = ok(
      await admin.POST('/api/v1/distributors', {
        body: { name: 'Tailspin Distribution', administrators: [person('Dana', 'dana@tailspin.test')] },
      }),
    );
    const partner = ok(
      await admin.POST('/api/v1/partners', {
        body: {
          name: 'Tailspin Reseller',
          distributorId: distributor.id,
          administrators: [person('Rex', 'rex@tailspin.test')],
        },
      }),
    );
    ok(
      await admin.POST('/api/v1/tenants', {
        body: {
          name: 'Tailspin Customer',
          partnerId: partner.id,
          administrators: [person('Cara', 'cara@tailspin.test')],
        },
      }),
    );
    await completeFirstSignIn(server.url, 'cara@tailspin.test', INITIAL, CHOSEN);
    ok(
      await admin.PATCH('/api/v1/partners/{id}/branding', {
        params: { path: { id: partner.id } },
        body: {
          name: 'Tailspin Cloud',
          primaryColor: '#7b2cbf',
          logoLight: { contentType: 'image/png', data: PNG },
        },
      }),
    );
  }, 120_000);

  afterAll(async () => {
    // The other suites expect the built-in nouns and name.
    const admin = await adminClient(server.url);
    await admin.PATCH('/api/v1/settings', {
      body: { values: { 'labels.tenant': 'Tenant', 'labels.tenants': 'Tenants' } },
    });
    await admin.PATCH('/api/v1/branding/platform', { body: { name: null, primaryColor: null } });
  });

  it('a platform administrator renames Tenant to Department and brands the platform; the shell follows', async () => {
    const { context, page } = await newPage(browser!);
    const seen = watch(page);
    try {
      await signIn(page, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
      await heading(page, /^Welcome/);
      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: 'Branding' }).click();
      await heading(page, 'Branding');
      await settled(page);
      await expectAccessible(page, 'branding');

      // The API's field error lands next to its field, and nothing is saved.
      await page.getByLabel(/^Tenant \(singular\)/).fill('<b>Dept</b>');
      await page.getByRole('button', { name: 'Save labels' }).click();
      await page.locator('input[aria-invalid="true"]').first().waitFor();
      expect(await page.getByLabel(/^Tenant \(singular\)/).getAttribute('aria-invalid')).toBe('true');

      await page.getByLabel(/^Tenant \(singular\)/).fill('Department');
      await page.getByLabel(/^Tenants \(plural\)/).fill('Departments');
      await page.getByRole('button', { name: 'Save labels' }).click();
      await page.getByText('The labels were saved.').waitFor();
      await nav.getByRole('link', { name: 'Departments' }).waitFor();
      expect(await nav.getByRole('link', { name: 'Tenants', exact: true }).count()).toBe(0);

      await page.getByLabel('Name', { exact: true }).fill('Contoso Private Cloud');
      await page.getByLabel(/^Primary colour/).fill('#0b6e4f');
      await page.getByRole('button', { name: 'Save branding' }).click();
      await page.getByText('The branding was saved.').waitFor();
      await page.locator('header [data-brand-name]', { hasText: 'Contoso Private Cloud' }).waitFor();
      await page.waitForFunction(() => document.title.endsWith('Contoso Private Cloud'));
      const primary = await page.evaluate(() =>
        getComputedStyle(document.documentElement).getPropertyValue('--mantine-color-brand-8').trim(),
      );
      expect(primary.toLowerCase()).toBe('#0b6e4f');

      await nav.getByRole('link', { name: 'Departments' }).click();
      await heading(page, 'Departments');
      await screenshot(page, 'branding/01-departments');

      // Settings written with the default nouns speak the operator's.
      await page.goto(`${server.url}/system-settings`);
      await heading(page, 'System Settings');
      await settled(page);
      await page.getByRole('heading', { name: 'Department Settings' }).waitFor();
      await page
        .getByText('Allow partner administrators to create departments under their partner.')
        .waitFor();
      expect(await page.getByText(/\btenants?\b/i).count()).toBe(0);
      await page.getByRole('tab', { name: 'Subscriptions' }).click();
      await page.getByRole('switch', { name: /^Department Self Provisioning/ }).waitFor();
      expect(await page.getByText(/\btenants?\b/i).count()).toBe(0);

      // So do the API's refusals.
      await page.goto(`${server.url}/partners?q=Tailspin`);
      await page.getByRole('link', { name: 'Tailspin Reseller' }).click();
      await heading(page, 'Tailspin Reseller');
      await settled(page);
      await page.getByRole('button', { name: 'Delete' }).click();
      const confirm = page.getByRole('dialog', { name: /Delete partner/ });
      await confirm.getByRole('button', { name: 'Delete' }).click();
      await confirm.getByRole('alert').waitFor();
      const refusal = await confirm.getByRole('alert').innerText();
      expect(refusal).toContain('Partner still has 1 department; delete or move it first.');
      expect(refusal).not.toMatch(/tenant/i);
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      expect(seen.problems().filter((p) => !/400|409|Conflict/.test(p))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("a tenant user under a branded partner sees the partner's name and logo; the sign-in page the platform's", async () => {
    const { context, page } = await newPage(browser!);
    const seen = watch(page);
    try {
      await page.goto(`${server.url}/sign-in`);
      await page.getByText('Contoso Private Cloud').first().waitFor();
      await signIn(page, server.url, 'cara@tailspin.test', CHOSEN);
      await heading(page, /^Welcome/);
      const header = page.locator('header');
      await header.locator('[data-brand-name]', { hasText: 'Tailspin Cloud' }).waitFor();
      const logo = header.locator('img[data-logo="light"]');
      await logo.waitFor();
      expect(await logo.getAttribute('src')).toMatch(/^\/api\/v1\/branding\/logos\/lgo_/);
      expect(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      expect(await page.evaluate(() => document.title)).toContain('Tailspin Cloud');
      expect(await page.content()).not.toContain('Contoso Private Cloud');
      await expectAccessible(page, 'branded home');
      await screenshot(page, 'branding/02-partner-branded-tenant');
      expect(seen.problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe.skipIf(status === 'skip')('small screens, themes and the finishing touches', () => {
  const LIGHT_PNG =
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC';
  const DARK_PNG =
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGPg4uICAABAAB9egfgSAAAAAElFTkSuQmCC';
  let admin: Awaited<ReturnType<typeof adminClient>>;
  const ok = <T>(result: { data?: T; error?: unknown }): T => {
    if (result.data === undefined) throw new Error(JSON.stringify(result.error));
    return result.data;
  };

  beforeAll(async () => {
    admin = await adminClient(server.url);
  });

  it('a signed-out page load lands on sign-in without a console error or a refused API call', async () => {
    const { context, page } = await newPage(browser!);
    const seen = watch(page);
    try {
      await page.goto(`${server.url}/users`);
      await heading(page, 'Sign in');
      await settled(page);
      expect(new URL(page.url()).searchParams.get('next')).toBe('/users');
      expect(seen.requests()).toContain('GET /api/v1/auth/session');
      expect(seen.problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it(`at ${PHONE.width} px the header fits on one line, the page does not scroll sideways, and Home greets the person by name`, async () => {
    const context = await browser!.newContext({ viewport: PHONE, locale: 'en-GB', colorScheme: 'light' });
    const page = await context.newPage();
    const seen = watch(page);
    try {
      await signIn(page, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
      await heading(page, 'Welcome, Platform Administrator');
      await settled(page);
      const brand = page.locator('header [data-brand-name]');
      const box = (await brand.boundingBox())!;
      const lineHeight = await brand.evaluate((el) => Number.parseFloat(getComputedStyle(el).lineHeight));
      expect(box.height, 'the brand name is one line').toBeLessThan(lineHeight * 1.5);
      const account = (await page.getByRole('button', { name: /^Account menu/ }).boundingBox())!;
      expect(account.x + account.width).toBeLessThanOrEqual(PHONE.width);
      const toggle = (await page.getByRole('button', { name: /^Switch to the dark theme/ }).boundingBox())!;
      expect(toggle.x).toBeGreaterThanOrEqual(box.x + box.width);
      const width = await pageWidth(page);
      expect(width.scrollWidth).toBeLessThanOrEqual(width.innerWidth);
      // The account menu says who is signed in, as the header has no room for it.
      await page.getByRole('button', { name: /^Account menu: Platform Administrator/ }).click();
      await page.getByRole('menu').getByText('Platform Administrator', { exact: true }).waitFor();
      await screenshot(page, 'phone/01-home-account-menu');
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Open navigation' }).click();
      await nav(page).getByRole('link', { name: 'Audit log' }).click();
      await heading(page, 'Audit log');
      await settled(page);
      // A wide table scrolls inside its card, not the page.
      const table = page.getByRole('table', { name: 'Audit events' });
      expect(await table.evaluate((el) => el.getBoundingClientRect().width)).toBeGreaterThan(PHONE.width);
      const after = await pageWidth(page);
      expect(after.scrollWidth).toBeLessThanOrEqual(after.innerWidth);
      await screenshot(page, 'phone/02-audit');
      expect(seen.problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('follows the system colour scheme, remembers the toggle, shows the dark logo in the dark, and passes axe in both', async () => {
    ok(
      await admin.PATCH('/api/v1/branding/platform', {
        body: {
          logoLight: { contentType: 'image/png', data: LIGHT_PNG },
          logoDark: { contentType: 'image/png', data: DARK_PNG },
        },
      }),
    );
    const context = await browser!.newContext({ viewport: DESKTOP, locale: 'en-GB', colorScheme: 'dark' });
    const page = await context.newPage();
    const seen = watch(page);
    const scheme = () =>
      page.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme'));
    try {
      await signIn(page, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
      await heading(page, /^Welcome/);
      await settled(page);
      expect(await scheme()).toBe('dark');
      const dark = page.locator('header img[data-logo="dark"]');
      await dark.waitFor({ state: 'visible' });
      expect(await dark.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      expect(await page.locator('header img[data-logo="light"]').isVisible()).toBe(false);
      await expectAccessible(page, 'home, dark');
      await screenshot(page, 'themes/01-home-dark');
      await page.goto(`${server.url}/system-settings/users`);
      await settled(page);
      await expectAccessible(page, 'system settings, dark');

      // The toggle overrides the system and is remembered across reloads.
      await page.getByRole('button', { name: 'Switch to the light theme' }).click();
      expect(await scheme()).toBe('light');
      await page.reload();
      await settled(page);
      expect(await scheme()).toBe('light');
      await page.locator('header img[data-logo="light"]').waitFor({ state: 'visible' });
      expect(await page.locator('header img[data-logo="dark"]').isVisible()).toBe(false);
      await expectAccessible(page, 'system settings, light');
      await page.getByRole('button', { name: 'Switch to the dark theme' }).click();
      expect(await scheme()).toBe('dark');
      expect(seen.problems()).toEqual([]);
    } finally {
      await context.close();
      ok(await admin.PATCH('/api/v1/branding/platform', { body: { logoLight: null, logoDark: null } }));
    }
  });

  it('keeps read-only settings readable (AA contrast) for a reader, in light and dark', async () => {
    const me = ok(await admin.GET('/api/v1/me'));
    ok(
      await admin.POST('/api/v1/users', {
        body: {
          orgId: me.organisation.id,
          role: 'reader',
          firstName: 'Rhea',
          lastName: 'Reader',
          email: 'rhea@platform.test',
          initialPassword: INITIAL,
        },
      }),
    );
    await completeFirstSignIn(server.url, 'rhea@platform.test', INITIAL, CHOSEN);
    const { context, page } = await newPage(browser!);
    try {
      await signIn(page, server.url, 'rhea@platform.test', CHOSEN);
      await heading(page, 'Welcome, Rhea Reader');
      await page.goto(`${server.url}/system-settings/users`);
      await heading(page, 'System Settings');
      await settled(page);
      expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
      for (const scheme of ['light', 'dark'] as const) {
        await emulateSystemScheme(page, scheme);
        expect(
          await textContrast(page, 'input.mantine-Input-input:disabled'),
          `${scheme}: a read-only value`,
        ).toBeGreaterThanOrEqual(4.5);
        expect(
          await textContrast(page, '.mantine-Switch-label[data-disabled]'),
          `${scheme}: a read-only switch's label`,
        ).toBeGreaterThanOrEqual(4.5);
      }
      await screenshot(page, 'themes/02-read-only-settings-dark');
    } finally {
      await context.close();
    }
  });

  it("System Settings: one tab per group in the manual's order, addressable; warns while activation needs mail that is off; sends a test e-mail", async () => {
    const sink = await startSmtpSink();
    const { context, page } = await newPage(browser!);
    const seen = watch(page);
    try {
      ok(
        await admin.PATCH('/api/v1/settings', {
          body: { values: { 'users.requireActivation': true, 'smtp.host': '' } },
        }),
      );
      await signIn(page, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
      await heading(page, /^Welcome/);
      await page.goto(`${server.url}/system-settings/users`);
      await heading(page, 'System Settings');
      await settled(page);
      const tabs = await page.getByRole('tab').allInnerTexts();
      expect(tabs.map((t) => t.trim())).toEqual([
        'Tenants',
        'Subscriptions',
        'Invoices',
        'Users',
        'Billing',
        'Calculator',
        'Platform',
        'Jobs',
        'E-mail (SMTP)',
      ]);
      expect(await page.getByRole('tab', { name: 'Users' }).getAttribute('aria-selected')).toBe('true');
      await page.getByLabel(/^Lockout Threshold/).waitFor();
      await page.getByText('Activation is required, but e-mail is off').waitFor();
      await expectAccessible(page, 'system settings with the activation warning');
      await screenshot(page, 'settings/01-users-tab-warning');
      await page.getByRole('tab', { name: 'Subscriptions' }).click();
      await page.waitForURL(/\/system-settings\/subscriptions$/);
      await page.getByRole('switch', { name: /^Tenant Self Provisioning/ }).waitFor();

      // With mail set up the warning goes, and the E-mail tab sends a test message.
      ok(
        await admin.PATCH('/api/v1/settings', {
          body: {
            values: {
              'smtp.host': sink.host,
              'smtp.port': sink.port,
              'smtp.security': 'none',
              'smtp.fromAddress': 'cms@portal.test',
            },
          },
        }),
      );
      await page.goto(`${server.url}/system-settings/smtp`);
      await settled(page);
      expect(await page.getByText('Activation is required, but e-mail is off').count()).toBe(0);
      await page.getByLabel(/^Send to/).fill('ops@portal.test');
      await page.getByRole('button', { name: 'Send test e-mail' }).click();
      await page.getByText('The mail server accepted the test e-mail for ops@portal.test.').waitFor();
      const mail = await sink.waitFor((m) => m.to.includes('ops@portal.test'));
      expect(mail.subject).toMatch(/^Test e-mail from /);
      await screenshot(page, 'settings/02-test-mail-sent');
      expect(seen.problems()).toEqual([]);

      // A refusal reads as a sentence on the page.
      ok(await admin.PATCH('/api/v1/settings', { body: { values: { 'smtp.port': 1 } } }));
      await page.reload();
      await settled(page);
      await page.getByRole('button', { name: 'Send test e-mail' }).click();
      await page.getByText(/^The test e-mail was not sent: the mail server could not be reached\./).waitFor();
      expect(seen.problems().sort()).toEqual([
        'API 422 POST /api/v1/mail/test',
        'console error: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)',
      ]);
    } finally {
      await context.close();
      await sink.close();
      ok(
        await admin.PATCH('/api/v1/settings', {
          body: { values: { 'users.requireActivation': false, 'smtp.host': '', 'smtp.port': 587 } },
        }),
      );
    }
  });

  it('System Settings asks before leaving with unsaved changes (links and reload), not when switching tabs or after saving', async () => {
    const threshold = (document: { groups: { settings: { key: string; value: unknown }[] }[] }) =>
      document.groups.flatMap((g) => g.settings).find((s) => s.key === 'users.lockoutThreshold')?.value;
    const before = threshold(ok(await admin.GET('/api/v1/settings')));
    const { context, page } = await newPage(browser!);
    const seen = watch(page);
    // The portal's question (window.confirm), answered as the test says; the browser's own
    // (beforeunload) is recorded by its type and kept.
    const questions: string[] = [];
    let answer: 'accept' | 'dismiss' = 'dismiss';
    page.on('dialog', (dialog) => {
      if (dialog.type() === 'beforeunload') {
        questions.push('beforeunload');
        void dialog.dismiss().catch(() => undefined);
        return;
      }
      questions.push(dialog.message());
      void (answer === 'accept' ? dialog.accept() : dialog.dismiss()).catch(() => undefined);
    });
    const leave = 'You have unsaved changes. Leave this page and discard them?';
    try {
      await signIn(page, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
      await heading(page, /^Welcome/);
      await nav(page).getByRole('link', { name: 'System Settings' }).click();
      await heading(page, 'System Settings');
      await settled(page);
      await page.getByRole('tab', { name: 'Users' }).click();
      await page.getByLabel(/^Lockout Threshold/).fill('9');
      await page.getByRole('tab', { name: 'Platform' }).click();
      await page.waitForURL(/\/system-settings\/platform$/);
      await page.getByText('1 unsaved change(s)').waitFor();
      expect(questions).toEqual([]);

      await nav(page).getByRole('link', { name: 'Tenants' }).click();
      await expect.poll(() => questions).toEqual([leave]);
      expect(new URL(page.url()).pathname).toBe('/system-settings/platform');
      await page.getByRole('tab', { name: 'Users' }).click();
      expect(await page.getByLabel(/^Lockout Threshold/).inputValue()).toBe('9');

      // A reload or closing the tab: the browser's own question.
      await page.close({ runBeforeUnload: true });
      await expect.poll(() => questions).toEqual([leave, 'beforeunload']);
      expect(page.isClosed()).toBe(false);

      answer = 'accept';
      await nav(page).getByRole('link', { name: 'Tenants' }).click();
      await heading(page, 'Tenants');
      expect(questions).toEqual([leave, 'beforeunload', leave]);

      // Saved changes are not lost by leaving: no question.
      await nav(page).getByRole('link', { name: 'System Settings' }).click();
      await heading(page, 'System Settings');
      await page.getByRole('tab', { name: 'Users' }).click();
      await page.getByLabel(/^Lockout Threshold/).fill('9');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('No unsaved changes').waitFor();
      await nav(page).getByRole('link', { name: 'Tenants' }).click();
      await heading(page, 'Tenants');
      expect(questions).toHaveLength(3);
      expect(seen.problems()).toEqual([]);
    } finally {
      await context.close();
      ok(await admin.PATCH('/api/v1/settings', { body: { values: { 'users.lockoutThreshold': before } } }));
    }
  });

  it('cancelling a subscription asks first', async () => {
    const administrators = (email: string) => [{ firstName: 'Cal', lastName: 'Cancel', email }];
    const distributor = ok(
      await admin.POST('/api/v1/distributors', {
        body: { name: 'Cancel Distribution', administrators: administrators('cal@cancel-d.test') },
      }),
    );
    const partner = ok(
      await admin.POST('/api/v1/partners', {
        body: {
          name: 'Cancel Partners',
          distributorId: distributor.id,
          administrators: administrators('cal@cancel-p.test'),
        },
      }),
    );
    const tenant = ok(
      await admin.POST('/api/v1/tenants', {
        body: {
          name: 'Cancel Tenant',
          partnerId: partner.id,
          administrators: administrators('cal@cancel-t.test'),
        },
      }),
    );
    const sub = ok(
      await admin.POST('/api/v1/subscriptions', { body: { tenantId: tenant.id, name: 'Cancel Me' } }),
    );
    const { context, page } = await newPage(browser!);
    const seen = watch(page);
    try {
      await signIn(page, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
      await heading(page, /^Welcome/);
      await page.goto(`${server.url}/subscriptions/${sub.id}`);
      await heading(page, 'Cancel Me');
      await settled(page);
      // Cancelling goes to the region first (this one is on none): asked first, like a delete.
      const section = page.getByRole('region', { name: 'Lifecycle' });
      await section.getByRole('button', { name: 'Cancel subscription' }).click();
      const dialog = page.getByRole('dialog', { name: 'Cancel subscription “Cancel Me”?' });
      await dialog.waitFor();
      await expectAccessible(page, 'cancel confirmation');
      await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect(
        ok(await admin.GET('/api/v1/subscriptions/{id}', { params: { path: { id: sub.id } } })).status,
      ).toBe('active');
      await section.getByRole('button', { name: 'Cancel subscription' }).click();
      await dialog.getByRole('button', { name: 'Cancel subscription' }).click();
      await page.getByText('Subscription “Cancel Me” was cancelled.').waitFor();
      expect(
        ok(await admin.GET('/api/v1/subscriptions/{id}', { params: { path: { id: sub.id } } })).status,
      ).toBe('cancelled');
      expect(seen.problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
