import type { CmsClient } from '@cms/api-client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../../../azs-emulator/test/support.ts';
import type { EmulatorProcess } from '../../../server/test/support/azs-emulator-process.ts';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  axeViolations,
  buildAppOncePerRun,
  CHROMIUM,
  chromiumStatus,
  DESKTOP,
  type EmulatorPortal,
  emulateSystemScheme,
  PHONE,
  pageWidth,
  type RunningServer,
  screenshot,
  settled,
  signIn,
  startEmulatorPortal,
  watch,
} from './support.ts';

/**
 * Issue 12's browser acceptance: a platform administrator creates a subscription in the portal
 * from an offer synced from the Azure Stack Hub emulator and published; the subscription exists on
 * the emulated region (its admin API) with the chosen offer, owner and directory; Update Usage
 * collects its usage (the emulator backdates a new subscription's usage by a few hours, so the
 * real clock has whole hours to collect at once), shown on the region as usage before the
 * subscription's billable-from time; the subscription page shows its plan's quotas, untracked ones
 * saying why.
 */
const status = chromiumStatus();

const REGION = 'browserquota';
const DIRECTORY = '5e2a9c71-4b3d-4f8e-a1c6-0d7b9e3f2a14';
const PROVIDER = '8c4e2a16-7d3b-4c5f-9e1a-2b6d0f8c4e37';
const SECRET = 'browser-quota-secret';
const OWNER = 'olivia@fabrikam.test';
const SUBSCRIPTION_DIRECTORY = '2f9d4c1a-6e3b-4a7d-8c5f-1b0e9a2d7c46';
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const scenario = {
  seed: 1212,
  regions: [
    {
      name: REGION,
      identity: 'entra',
      directoryTenantId: DIRECTORY,
      providerSubscriptionId: PROVIDER,
      clients: [{ clientId: 'cms-collector', clientSecret: SECRET }],
      usage: {
        from: `${dayOf(Date.now() - 2 * 86_400_000)}T00:00:00Z`,
        // Past now: a subscription created during the test reports usage up to the emulator's clock.
        to: new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 2 * 3_600_000).toISOString(),
        twoHourDelayFraction: 0,
      },
      offers: [{ name: 'iaas', displayName: 'IaaS Quota Offer', basePlans: ['iaas-plan'] }],
      plans: [{ name: 'iaas-plan', displayName: 'IaaS Plan' }],
      newSubscriptionResources: [
        { kind: 'vm', name: 'app01', resourceGroup: 'rg-app', size: 'Standard_D2_v2', os: 'linux' },
        { kind: 'publicIp', name: 'app01-pip', resourceGroup: 'rg-app', allocation: 'static' },
      ],
      backdateNewSubscriptionsHours: 4,
      subscriptions: [],
    },
  ],
};

let server: RunningServer;
let emulator: EmulatorProcess;
let browser: Browser | undefined;
let admin: CmsClient;
let portal: EmulatorPortal | undefined;

beforeAll(async () => {
  buildAppOncePerRun();
  if (status === 'fail') {
    throw new Error(
      `CI=true requires Chromium at ${CHROMIUM} for the portal tests (apt-get install -y chromium).`,
    );
  }
  if (status === 'skip') return;
  portal = await startEmulatorPortal(scenario, 'cms-quota-e2e-');
  ({ server, emulator, browser, admin } = portal);
}, 240_000);

afterAll(async () => {
  await portal?.stop();
});

const ok = <T>(result: { data?: T; error?: unknown }): T => {
  if (result.data === undefined) throw new Error(JSON.stringify(result.error));
  return result.data;
};

/** Polls a job until it ends; answers its status. */
async function jobOutcome(id: string): Promise<string> {
  for (let i = 0; i < 240; i++) {
    const job = ok(await admin.GET('/api/v1/jobs/{id}', { params: { path: { id } } }));
    if (['succeeded', 'failed', 'cancelled'].includes(job.status)) return job.status;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`job ${id} did not end`);
}

/**
 * The setup the acceptance starts from, through the API: a tenant chain, a region on the emulator
 * (not collecting on a schedule), its offers synced, and the offer published to everyone.
 */
async function regionWithPublishedOffer(): Promise<void> {
  const person = (first: string, email: string) => ({ firstName: first, lastName: 'Quota', email });
  const distributor = ok(
    await admin.POST('/api/v1/distributors', {
      body: { name: 'Quota Distribution', administrators: [person('Dora', 'dora@quota.test')] },
    }),
  );
  const partner = ok(
    await admin.POST('/api/v1/partners', {
      body: {
        name: 'Quota Partners',
        distributorId: distributor.id,
        administrators: [person('Paul', 'paul@quota.test')],
      },
    }),
  );
  ok(
    await admin.POST('/api/v1/tenants', {
      body: {
        name: 'Fabrikam Labs',
        partnerId: partner.id,
        administrators: [person('Fay', 'fay@fabrikam.test')],
      },
    }),
  );
  const region = ok(
    await admin.POST('/api/v1/regions', {
      body: {
        kind: 'azure_stack',
        name: 'Browser Quota',
        timeZone: 'UTC',
        armEndpoint: emulator.regions.get(REGION)!.armEndpoint,
        directoryTenant: DIRECTORY,
        clientId: 'cms-collector',
        clientSecret: SECRET,
        enabled: false,
      } as never,
    }),
  );
  const sync = ok(
    await admin.POST('/api/v1/regions/{regionId}/offer-syncs', { params: { path: { regionId: region.id } } }),
  ) as { id: string };
  expect(await jobOutcome(sync.id)).toBe('succeeded');
  const offers = ok(await admin.GET('/api/v1/offers', { params: { query: { regionId: region.id } } }));
  const offer = offers.items.find((o) => o.name === 'iaas')!;
  ok(
    await admin.PATCH('/api/v1/offers/{id}', {
      params: { path: { id: offer.id } },
      body: { publication: 'public', visibility: 'all' } as never,
    }),
  );
}

/** The emulated region's own record of a subscription (its admin API). */
async function onRegion(azsSubscriptionId: string) {
  const base = emulator.regions.get(REGION)!.armEndpoint;
  const token = await bearer(base, DIRECTORY, 'cms-collector', SECRET);
  const response = await fetch(
    `${base}/subscriptions/${PROVIDER}/providers/Microsoft.Subscriptions.Admin/subscriptions/${azsSubscriptionId}?api-version=2015-11-01`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  expect(response.status).toBe(200);
  return (await response.json()) as {
    subscriptionId: string;
    displayName: string;
    owner: string;
    tenantId: string;
    offerId: string;
    state: string;
  };
}

/** The page as it is now, on a phone in the dark theme: nothing scrolls sideways and axe passes. */
async function fitsPhoneInDark(page: Page, shot: string): Promise<void> {
  await page.setViewportSize(PHONE);
  await emulateSystemScheme(page, 'dark');
  try {
    await page.waitForTimeout(100);
    const width = await pageWidth(page);
    expect(width.scrollWidth, width.overflowing.join(', ')).toBeLessThanOrEqual(width.innerWidth);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, shot);
  } finally {
    await emulateSystemScheme(page, 'light');
    await page.setViewportSize(DESKTOP);
  }
}

async function heading(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

if (status === 'skip') it.skip(`needs Chromium at ${CHROMIUM} (not installed)`, () => {});

describe.skipIf(status === 'skip')('a subscription provisioned from the portal', () => {
  it('create from a synced, published offer → on the emulated region → Update Usage → usage and quotas', async () => {
    await regionWithPublishedOffer();
    const context = await browser!.newContext({
      viewport: DESKTOP,
      locale: 'en-GB',
      colorScheme: 'light',
      timezoneId: 'UTC',
    });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    const seen = watch(page);
    try {
      await signIn(page, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
      await heading(page, /^Welcome/);

      // The create wizard: tenant → offer (its plans and quotas) → details → review → Create.
      await page.goto(`${server.url}/subscriptions/new`);
      await heading(page, /^Create /);
      await page.getByRole('heading', { level: 2, name: 'Step 1 of 4: Tenant' }).waitFor();
      // A step is checked before the next.
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByText('Select the tenant.').waitFor();
      await page.getByRole('combobox', { name: /^Tenant/ }).fill('Fabrikam');
      await page.getByRole('option', { name: 'Fabrikam Labs' }).click();
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('heading', { level: 2, name: 'Step 2 of 4: Offer' }).waitFor();
      await page.getByRole('combobox', { name: /^Offer/ }).fill('IaaS');
      await page.getByRole('option', { name: /^IaaS Quota Offer/ }).click();
      const summary = page.getByRole('region', { name: 'IaaS Quota Offer' });
      await summary.getByRole('list', { name: 'Base plans' }).getByText('IaaS Plan').waitFor();
      await summary
        .getByRole('table', { name: 'Quotas of the base plans' })
        .getByText(/coresLimit 200/)
        .waitFor();
      await settled(page);
      await screenshot(page, 'subscriptions/create-wizard-offer');
      expect(await axeViolations(page)).toEqual([]);
      await fitsPhoneInDark(page, 'subscriptions/create-wizard-offer-phone-dark');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('heading', { level: 2, name: 'Step 3 of 4: Details' }).waitFor();
      await page.getByLabel(/^Subscription name/).fill('Fabrikam Apps');
      await page.getByLabel(/^Entra directory/).fill(SUBSCRIPTION_DIRECTORY);
      // The owner is required with an offer.
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByText('Enter the owner on the region.').waitFor();
      await page.getByLabel(/^Initial owner/).fill(OWNER);
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('heading', { level: 2, name: 'Step 4 of 4: Review' }).waitFor();
      const review = page.getByRole('table', { name: 'The new subscription' });
      await review.getByText('Fabrikam Labs').waitFor();
      await review.getByText(/^IaaS Quota Offer/).waitFor();
      expect(await review.innerText()).toMatch(/Fabrikam Labs[\s\S]*IaaS Quota Offer[\s\S]*Fabrikam Apps/);
      expect(await review.innerText()).toContain(OWNER);
      await settled(page);
      await screenshot(page, 'subscriptions/create-wizard-review');
      expect(await axeViolations(page)).toEqual([]);
      await fitsPhoneInDark(page, 'subscriptions/create-wizard-review-phone-dark');
      await page.getByRole('button', { name: 'Create' }).click();
      await heading(page, 'Fabrikam Apps');
      await page.getByText('Provisioned on its region').waitFor();

      // The region has it, with the chosen offer, owner and directory.
      const subscriptionId = page.url().split('/').pop()!;
      const sub = ok(
        await admin.GET('/api/v1/subscriptions/{id}', { params: { path: { id: subscriptionId } } }),
      );
      expect(sub.azsSubscriptionId).toMatch(/^[0-9a-f-]{36}$/);
      const remote = await onRegion(sub.azsSubscriptionId!);
      expect(remote.displayName).toBe('Fabrikam Apps');
      expect(remote.owner).toBe(OWNER);
      expect(remote.tenantId).toBe(SUBSCRIPTION_DIRECTORY);
      expect(remote.offerId.toLowerCase()).toMatch(/\/offers\/iaas$/);
      expect(remote.state).toBe('Enabled');

      // Before any collection: the plan's quotas, nothing consumed yet.
      const quotas = page.getByRole('region', { name: 'Plans and quotas' });
      await quotas.getByText('IaaS Plan').waitFor();
      await quotas.getByText('No usage collected in the last 24 hours').waitFor();

      // Update Usage for the subscription: yesterday and today, collected at once.
      await page.getByRole('button', { name: 'Update Usage' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(/^From/).fill(dayOf(Date.now() - 86_400_000));
      await dialog.getByLabel(/^To/).fill(dayOf(Date.now()));
      await dialog.getByRole('button', { name: 'Collect usage' }).click();
      await dialog.getByText(/^(Succeeded|Failed|Cancelled)$/).waitFor({ timeout: 120_000 });
      expect(((await dialog.getByText(/^(Succeeded|Failed|Cancelled)$/).textContent()) ?? '').trim()).toBe(
        'Succeeded',
      );
      await dialog.getByRole('button', { name: 'Close', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });

      // The job collected its usage: the emulator backdates a new subscription's usage by four
      // hours, which is before the subscription existed in the CMS (billable from its creation), so
      // it is stored for the region (its records per day) but is not the subscription's: its own
      // usage and quota consumption start with the first hour after its creation, which the real
      // clock has not reported yet.
      const health = ok(
        await admin.GET('/api/v1/regions/{id}/health', { params: { path: { id: sub.regionId! } } }),
      );
      expect(health.usage.recordsPerDay.reduce((n, d) => n + d.records, 0)).toBeGreaterThan(0);
      await page.goto(`${server.url}/subscriptions/${subscriptionId}`);
      await heading(page, 'Fabrikam Apps');

      // The plan's quotas with nothing consumed in the last 24 hours; VNets untracked, saying why.
      const row = (property: string) => quotas.locator(`tr[data-property="${property}"]`);
      await quotas.getByText('No usage collected in the last 24 hours').waitFor();
      expect(await row('coresLimit').innerText()).toMatch(/0 of 200 vCPUs/);
      expect(await row('maxVnetsPerSubscription').innerText()).toMatch(/untracked/i);
      expect(await row('maxVnetsPerSubscription').innerText()).toMatch(
        /No usage meter reports virtual networks/,
      );
      await settled(page);
      await screenshot(page, 'subscriptions/provisioned-quotas');
      expect(await axeViolations(page)).toEqual([]);
      expect(seen.problems()).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);

  it('Tenant Onboarding: tenant → tenant administrators → first subscription, stopped and resumed', async () => {
    const context = await browser!.newContext({
      viewport: DESKTOP,
      locale: 'en-GB',
      colorScheme: 'light',
      timezoneId: 'UTC',
    });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    const seen = watch(page);
    try {
      await signIn(page, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
      await heading(page, /^Welcome/);
      await page.goto(`${server.url}/tenants`);
      await heading(page, 'Tenants');
      await page.getByRole('link', { name: 'Onboard' }).click();
      await heading(page, 'Onboard a tenant');

      // 1. The tenant, with its first administrator (every organisation is created with one).
      await page.getByLabel(/^Tenant name/).fill('Contoso Onboarded');
      await page.getByRole('combobox', { name: /^Partner/ }).fill('Quota');
      await page.getByRole('option', { name: 'Quota Partners' }).click();
      await page.getByLabel(/^Directory/).fill(SUBSCRIPTION_DIRECTORY);
      await page.getByLabel(/^First name/).fill('Carla');
      await page.getByLabel(/^Last name/).fill('Contoso');
      await page.getByLabel(/^E-mail address/).fill('carla@contoso.test');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('heading', { name: '1. Tenant: done' }).waitFor();
      const admins = page.getByRole('list', { name: 'Tenant administrators' });
      await admins.getByText('carla@contoso.test', { exact: false }).waitFor();

      // 2. Another tenant administrator, federated only (seed 003's advice).
      const add = page.getByRole('form', { name: 'Add a tenant administrator' });
      await add.getByLabel(/^First name/).fill('Dave');
      await add.getByLabel(/^Last name/).fill('Contoso');
      await add.getByLabel(/^E-mail/).fill('dave@contoso.test');
      await add.getByLabel(/^Federated only/).check({ force: true });
      await add.getByRole('button', { name: 'Add administrator' }).click();
      await admins.getByText('dave@contoso.test', { exact: false }).waitFor();
      expect(await admins.getByText('Federated only').count()).toBe(1);
      await settled(page);
      expect(await axeViolations(page)).toEqual([]);

      // Stop here, and resume from the tenant's page: the administrators are kept, continue.
      const onboarding = page.url();
      await page.goto(`${server.url}/tenants`);
      await page.getByRole('link', { name: 'Contoso Onboarded' }).click();
      await heading(page, 'Contoso Onboarded');
      await page.getByRole('link', { name: 'Continue onboarding' }).click();
      await page.waitForURL(onboarding);
      await admins.getByText('dave@contoso.test', { exact: false }).waitFor();
      await page.getByRole('button', { name: 'Continue to the first subscription' }).click();

      // 3. The first subscription, from the published offer; directory from the tenant, owner the first admin.
      const first = page.getByRole('form', { name: 'First subscription' });
      await first.getByRole('combobox', { name: /^Offer/ }).fill('IaaS');
      await page.getByRole('option', { name: /^IaaS Quota Offer/ }).click();
      await first.getByLabel(/^Subscription name/).fill('Contoso Production');
      expect(await first.getByLabel(/^Entra directory/).inputValue()).toBe(SUBSCRIPTION_DIRECTORY);
      expect(await first.getByLabel(/^Initial owner/).inputValue()).toBe('carla@contoso.test');
      await first.getByRole('button', { name: 'Create subscription' }).click();
      await page.getByText('The tenant is onboarded.').waitFor({ timeout: 60_000 });
      await page.getByRole('heading', { name: '3. First subscription: done' }).waitFor();
      await page.getByRole('link', { name: 'Contoso Production' }).waitFor();
      await screenshot(page, 'tenants/onboarded');
      await settled(page);
      expect(await axeViolations(page)).toEqual([]);
      expect(seen.problems()).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);
});
