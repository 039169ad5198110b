import type { CmsClient } from '@cms/api-client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpSink, startSmtpSink, tokenIn } from '../../../server/test/support/smtp-sink.ts';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  adminClient,
  axeViolations,
  buildAppOncePerRun,
  CHROMIUM,
  chromiumStatus,
  launchBrowser,
  newPage,
  type RunningServer,
  screenshot,
  settled,
  signIn,
  signOut,
  startServer,
  watch,
} from './support.ts';

/**
 * A new operator's first day (issue 10): onboarding a user with the defaults (Require User
 * Activation on) and no mail server, where the creating administrator hands over the activation
 * link the portal shows once; and with Require User Activation Code and a mail server, where a
 * resend replaces the code and the user signs in with the new one. Without a mail server, a user who
 * forgot the password is told to ask the administrator, who hands over the reset link shown once.
 */
const status = chromiumStatus();

let server: RunningServer;
let browser: Browser | undefined;
let admin: CmsClient;
let sink: SmtpSink;

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
  sink = await startSmtpSink();
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await sink?.close();
});

async function settings(values: Record<string, unknown>) {
  const { error } = await admin.PATCH('/api/v1/settings', { body: { values } });
  if (error) throw new Error(JSON.stringify(error));
}

async function expectAccessible(page: Page, name: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, `${name}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

async function heading(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/** The new user opens the link, chooses a password and lands on the sign-in page. */
async function activateWith(page: Page, link: string, password: string) {
  await page.goto(link);
  await page.getByLabel(/^New password/).fill(password);
  await page.getByLabel(/^Repeat the password/).fill(password);
  await page.getByRole('button', { name: 'Set password and activate' }).click();
  await page.getByText('Your account is active').waitFor();
  await expectAccessible(page, 'activated');
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
}

describe.skipIf(status === 'skip')('onboarding', () => {
  it('without a mail server: the administrator copies the activation link shown once, the user activates and signs in', async () => {
    const { context, page } = await newPage(browser!);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const seen = watch(page);
    try {
      await signIn(page, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
      await heading(page, /^Welcome/);
      await page.goto(`${server.url}/users/new`);
      await heading(page, 'Create user');
      await settled(page);
      // No role or scope is chosen for the administrator, and no unusable initial password offered.
      expect(await page.getByRole('combobox', { name: 'User role' }).inputValue()).toBe('');
      expect(await page.getByRole('radio', { checked: true }).count()).toBe(0);
      expect(await page.getByLabel(/^Initial password/).count()).toBe(0);
      await page.getByLabel(/^First name/).fill('Nora');
      await page.getByLabel(/^Last name/).fill('Newcomer');
      await page.getByLabel(/^E-mail address/).fill('nora@first-day.test');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Choose a role.').waitFor();
      await page.getByText('Choose the level and organisation.').waitFor();
      await page.getByRole('combobox', { name: 'User role' }).click();
      await page.getByRole('option', { name: 'Administrator' }).click();
      await page.getByRole('radiogroup', { name: 'Scope' }).getByText('Platform').click();
      seen.since();
      await page.getByRole('button', { name: 'Save' }).click();
      await heading(page, 'User created');
      await expectAccessible(page, 'user created');
      await screenshot(page, 'onboarding/01-activation-link');
      const shown = (await page.getByLabel('Activation link', { exact: true }).textContent())!.trim();
      expect(new URL(shown).pathname).toBe('/activate');
      expect(await page.getByText('You will not see it again').count()).toBe(1);
      await page.getByRole('button', { name: 'Copy link' }).click();
      await page.getByRole('button', { name: 'Copied' }).waitFor();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toBe(shown);
      expect(seen.problems()).toEqual([]);

      // The user page shows the state and offers a new link, saying it replaces the previous one.
      await page.getByRole('link', { name: 'Go to the user' }).click();
      await heading(page, 'Nora Newcomer');
      await settled(page);
      await page.getByText('Invited').first().waitFor();
      expect(await page.getByRole('button', { name: 'Send password reset' }).count()).toBe(0);
      await signOut(page);

      await activateWith(page, copied, 'Quiet-Harbour-Lamp-71');
      await page.getByLabel(/^E-mail address/).fill('nora@first-day.test');
      await page.getByLabel(/^Password/).fill('Quiet-Harbour-Lamp-71');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await heading(page, /^Welcome/);
      expect(seen.problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('without a mail server: forgot password says to ask the administrator, who copies the reset link shown once; the user sets a new password and signs in', async () => {
    const { data: me } = await admin.GET('/api/v1/me');
    const { data: created, error } = await admin.POST('/api/v1/users', {
      body: {
        firstName: 'Rita',
        lastName: 'Reset',
        email: 'rita@first-day.test',
        orgId: me!.organisation.id,
        role: 'reader',
      },
    });
    if (!created) throw new Error(JSON.stringify(error));
    const token = new URL(created.activationLink!).searchParams.get('token')!;
    const activated = await fetch(`${server.url}/api/v1/auth/activate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, password: 'Forgotten-Maple-Door-12' }),
    });
    expect(activated.status).toBe(200);

    const { context, page } = await newPage(browser!);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const seen = watch(page);
    try {
      // The user forgot the password: with e-mail off the page says plainly that nothing is sent.
      await page.goto(`${server.url}/reset-password`);
      await page.getByLabel(/^E-mail address/).fill('rita@first-day.test');
      await page.getByRole('button', { name: 'Send reset link' }).click();
      await page.getByRole('heading', { name: 'Ask your administrator' }).waitFor();
      await page.getByText('Ask your administrator to issue a password reset link').waitFor();
      expect(await page.getByText('Check your e-mail').count()).toBe(0);
      await expectAccessible(page, 'forgot password without e-mail');

      await signIn(page, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
      await heading(page, /^Welcome/);
      await page.goto(`${server.url}/users/${created.id}`);
      await heading(page, 'Rita Reset');
      await settled(page);
      await page.getByRole('button', { name: 'Send password reset' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('earlier reset links stop working').waitFor();
      await dialog.getByRole('button', { name: 'Issue link' }).click();
      const shown = (await page.getByLabel('Password reset link', { exact: true }).textContent())!.trim();
      expect(new URL(shown).pathname).toBe('/reset-password');
      expect(await page.getByText('You will not see it again').count()).toBe(1);
      await page.getByRole('button', { name: 'Copy link' }).click();
      await page.getByRole('button', { name: 'Copied' }).waitFor();
      // Checked once the dialog has finished fading in (mid-fade colours are not the real ones).
      await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
      await expectAccessible(page, 'password reset link');
      await screenshot(page, 'onboarding/02-reset-link');
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toBe(shown);
      await page.getByRole('button', { name: 'Done' }).click();
      expect(seen.problems()).toEqual([]);
      await signOut(page);

      await page.goto(copied);
      await page.getByLabel(/^New password/).fill('Bright-Cedar-Window-45');
      await page.getByLabel(/^Repeat the password/).fill('Bright-Cedar-Window-45');
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.getByText('Your password is changed').waitFor();
      await page.getByRole('link', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await page.getByLabel(/^Password/).fill('Bright-Cedar-Window-45');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await heading(page, /^Welcome/);
      expect(seen.problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('with a mail server and Require User Activation Code: resend replaces the code, the user activates with the link and signs in with the new code', async () => {
    await settings({
      'users.requireActivationCode': true,
      'smtp.host': sink.host,
      'smtp.port': sink.port,
      'smtp.security': 'none',
      'smtp.fromAddress': 'cms@first-day.test',
    });
    const { data: me } = await admin.GET('/api/v1/me');
    const { data: created, error } = await admin.POST('/api/v1/users', {
      body: {
        firstName: 'Cody',
        lastName: 'Coded',
        email: 'cody@first-day.test',
        orgId: me!.organisation.id,
        role: 'reader',
      },
    });
    if (!created) throw new Error(JSON.stringify(error));
    const codeA = created.activationCode!;
    await sink.waitFor((m) => m.to.includes('cody@first-day.test'));

    const { context, page } = await newPage(browser!);
    const seen = watch(page);
    try {
      await signIn(page, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
      await heading(page, /^Welcome/);
      await page.goto(`${server.url}/users/${created.id}`);
      await heading(page, 'Cody Coded');
      await settled(page);
      await page.getByRole('button', { name: 'Resend invitation' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('replaces the previous one').waitFor();
      expect(await dialog.textContent()).toContain('activation code given before');
      await expectAccessible(page, 'resend confirmation');
      await dialog.getByRole('button', { name: 'Replace and send' }).click();
      const codeB = (await page.getByLabel('Activation code', { exact: true }).textContent())!.trim();
      expect(codeB).toMatch(/^[A-Z2-9]{10}$/);
      expect(codeB).not.toBe(codeA);
      await screenshot(page, 'onboarding/03-new-code');
      await page.getByRole('button', { name: 'Done' }).click();
      expect(seen.problems()).toEqual([]);
      await signOut(page);

      await sink.waitFor(() => sink.to('cody@first-day.test').length === 2);
      const latest = sink.to('cody@first-day.test').at(-1)!;
      await activateWith(
        page,
        `${server.url}/activate?token=${tokenIn(latest, '/activate')}`,
        'Amber-Valley-Clock-38',
      );
      await page.getByLabel(/^Password/).fill('Amber-Valley-Clock-38');
      // The code shown first no longer works; the new one does.
      await page.getByLabel(/^Activation code/).fill(codeA);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByText('Not valid.').waitFor();
      seen.since();
      await page.getByLabel(/^Activation code/).fill(codeB);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await heading(page, /^Welcome/);
      expect(seen.problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('lists users in one request per page with their state and organisation, and an organisation delete says how many users go with it', async () => {
    const { data: distributor, error } = await admin.POST('/api/v1/distributors', {
      body: {
        name: 'Fabrikam Distribution',
        administrators: [{ firstName: 'Fay', lastName: 'Fabrikam', email: 'fay@fabrikam.test' }],
      },
    });
    if (!distributor) throw new Error(JSON.stringify(error));
    const { context, page } = await newPage(browser!);
    const seen = watch(page);
    try {
      await signIn(page, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
      await heading(page, /^Welcome/);
      seen.since();
      await page.goto(`${server.url}/users?q=fabrikam`);
      await heading(page, 'Users');
      await settled(page);
      const row = page.getByRole('row', { name: /fay@fabrikam\.test/ });
      expect(await row.getByRole('link', { name: 'Fabrikam Distribution' }).count()).toBe(1);
      expect(await row.textContent()).toContain('Invited');
      // The page is one request for its rows: no request per row for the organisation's name.
      const requests = seen.requests();
      expect(requests.filter((r) => r.startsWith('GET /api/v1/users'))).toHaveLength(1);
      expect(requests.filter((r) => /\/api\/v1\/(distributors|partners|tenants)\//.test(r))).toEqual([]);
      // The state filter is applied by the server.
      await page.getByRole('combobox', { name: 'Status' }).click();
      await page.getByRole('option', { name: 'Active' }).click();
      await page.getByText('Nothing matches').waitFor();
      await expectAccessible(page, 'users filtered');
      await screenshot(page, 'onboarding/04-users-filtered');

      await page.goto(`${server.url}/distributors/${distributor.id}`);
      await heading(page, 'Fabrikam Distribution');
      await settled(page);
      await page.getByRole('button', { name: 'Delete' }).click();
      const confirm = page.getByRole('dialog', { name: /Delete distributor/ });
      await confirm.getByText('Its user is deleted with it').waitFor();
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      expect(seen.problems()).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
