import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CmsClient, createCmsClient } from '@cms/api-client';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { type EmulatorProcess, startEmulator } from '../../../server/test/support/azs-emulator-process.ts';

export { buildAppOncePerRun } from '../../../server/test/support/build.ts';

/** Browser-test harness: builds the portal and the server, runs the server as a child process on a
 * fresh embedded database, drives Debian's Chromium with playwright-core. */

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const CHROMIUM = process.env.CMS_TEST_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');
export const ADMIN_EMAIL = 'admin@portal.test';
export const ADMIN_PASSWORD = 'Operator-Pass-Word-91';

/** Chromium flags that keep it off the network (machines/node-svc.md) and sandbox-free as root. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * Whether the browser suites can run. Outside CI a missing Chromium skips them loudly; under
 * CI=true it fails the run (a skipped browser suite would hide a broken portal).
 */
export function chromiumStatus(): 'available' | 'skip' | 'fail' {
  if (existsSync(CHROMIUM)) return 'available';
  if (process.env.CI === 'true') return 'fail';
  console.warn(
    `\n*** SKIPPING the portal browser tests: ${CHROMIUM} is missing (apt-get install -y chromium).\n`,
  );
  return 'skip';
}

export function initialBundle(): {
  jsGzip: number;
  jsBytes: number;
  cssGzip: number;
  scripts: { file: string; gzip: number }[];
} {
  const result = spawnSync(
    process.execPath,
    [join(ROOT, 'apps', 'web', 'scripts', 'bundle-size.mjs'), '--json'],
    {
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface RunningServer {
  url: string;
  /** The server's data folder (its SQLite database is `cms.sqlite` there). */
  dataDir: string;
  log: () => string;
  stop: () => Promise<void>;
}

/**
 * The built server (`node apps/server/dist/main.js serve`) on a temp SQLite folder and a free port,
 * with `env` as further configuration variables.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cms-portal-e2e-'));
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(
    process.execPath,
    [join(ROOT, 'apps', 'server', 'dist', 'main.js'), 'serve'],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOST: '127.0.0.1',
        PORT: String(port),
        CMS_DATA_DIR: dataDir,
        CMS_ADMIN_EMAIL: ADMIN_EMAIL,
        CMS_ADMIN_PASSWORD: ADMIN_PASSWORD,
        CMS_WEB_DIR: join(ROOT, 'apps', 'web', 'dist'),
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (d) => {
    output += String(d);
  });
  child.stderr?.on('data', (d) => {
    output += String(d);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server did not become ready:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    dataDir,
    log: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A cookie session made with fetch, for test setup through the API. */
export async function apiSession(url: string, email: string, password: string) {
  const response = await fetch(`${url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok)
    throw new Error(`sign-in of ${email} failed: ${response.status} ${await response.text()}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const body = (await response.json()) as { csrfToken: string; me: { stage: string } };
  const headers = { cookie, 'x-csrf-token': body.csrfToken };
  return { headers, stage: body.me.stage, client: createCmsClient({ baseUrl: url, headers }) };
}

const adminClients = new Map<string, Promise<CmsClient>>();

/**
 * A platform-admin API token client for setting up data, one per server: each new one
 * costs a sign-in, and sign-ins are rate limited per account.
 */
export function adminClient(url: string): Promise<CmsClient> {
  let client = adminClients.get(url);
  if (!client) {
    client = newAdminClient(url);
    adminClients.set(url, client);
    client.catch(() => adminClients.delete(url));
  }
  return client;
}

async function newAdminClient(url: string): Promise<CmsClient> {
  const session = await apiSession(url, ADMIN_EMAIL, ADMIN_PASSWORD);
  const { data, error } = await session.client.POST('/api/v1/api-tokens', {
    body: { name: 'browser tests' },
  });
  if (!data) throw new Error(`token: ${JSON.stringify(error)}`);
  return createCmsClient({ baseUrl: url, token: data.token });
}

/** Replaces an administrator-given initial password, as the user's first sign-in requires. */
export async function completeFirstSignIn(url: string, email: string, initial: string, chosen: string) {
  const session = await apiSession(url, email, initial);
  if (session.stage !== 'password_change') throw new Error(`${email}: stage ${session.stage}`);
  const { error } = await session.client.POST('/api/v1/auth/password', {
    body: { currentPassword: initial, newPassword: chosen },
  });
  if (error) throw new Error(`${email}: ${JSON.stringify(error)}`);
}

/** Chromium with a fresh, empty profile (playwright makes a new temporary user-data-dir per launch). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
}

export async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-GB', colorScheme: 'light' });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  return { context, page };
}

/**
 * Collects what a healthy page never shows: console errors, uncaught exceptions, API answers of
 * 400 and above, and failed requests. `since()` starts a new window (e.g. after signing in).
 */
export function watch(page: Page) {
  let problems: string[] = [];
  const requests: string[] = [];
  // Errors are printed as they happen too: a render error (caught by the router's boundary, so
  // only a console error) or an uncaught one often shows only as a later wait timing out.
  const report = (problem: string) => {
    problems.push(problem);
    process.stderr.write(`[browser] ${page.url()}: ${problem}\n`);
  };
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // The browser's own line for a 4xx/5xx response: counted below from the response, with its path.
    if (message.text().startsWith('Failed to load resource'))
      problems.push(`console error: ${message.text()}`);
    else report(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => report(`page error: ${error.stack ?? error.message}`));
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/api/')) requests.push(`${request.method()} ${path}`);
  });
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (path.startsWith('/api/') && response.status() >= 400) {
      problems.push(`API ${response.status()} ${response.request().method()} ${path}`);
    }
  });
  page.on('requestfailed', (request) => {
    const failure = request.failure()?.errorText ?? 'failed';
    // A download link is "aborted" by the browser when it turns into a download.
    if (!failure.includes('ERR_ABORTED')) problems.push(`request failed: ${request.url()} ${failure}`);
  });
  return {
    problems: () => [...problems],
    requests: () => [...requests],
    since: () => {
      problems = [];
      requests.length = 0;
    },
  };
}

const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core's WCAG 2.x A/AA rules on the current page; the critical and serious violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Transitions first run to their end (a notification or a dialog fading in, a button changing
  // state): half-way colours are a contrast nobody reads. Endless animations (loaders) are not
  // waited for, and a transition still running after 5 s is checked as it stands.
  await page
    .waitForFunction(
      () =>
        document
          .getAnimations()
          .every(
            (a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Number.POSITIVE_INFINITY,
          ),
      undefined,
      { timeout: 5_000 },
    )
    .catch(() => undefined);
  // Evaluated through DevTools, so the portal's Content-Security-Policy stays on.
  await page.evaluate(`if (!window.axe) { ${AXE_SOURCE} }`);
  const violations = (await page.evaluate(`
    window.axe
      .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
      .then((r) => r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 3).map((n) => n.html.slice(0, 200) + ' :: ' + (n.failureSummary || '').split('\\n')[1]),
      })))
  `)) as AxeViolation[];
  return violations.filter((v) => v.impact === 'critical' || v.impact === 'serious');
}

/** The phone the crawler also visits every page on (an iPhone 12–15's CSS width). */
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

/**
 * How wide the page is and how wide the screen: equal unless something scrolls sideways; then
 * `overflowing` names the innermost elements that reach past the screen's edge.
 */
export async function pageWidth(
  page: Page,
): Promise<{ scrollWidth: number; innerWidth: number; overflowing: string[] }> {
  // Right after a viewport change the layout is still moving (the navbar collapses, scroll
  // containers re-measure on their resize observers): measure once it fits, or after two seconds.
  await page
    .waitForFunction(() => document.scrollingElement!.scrollWidth <= window.innerWidth, undefined, {
      timeout: 2_000,
    })
    .catch(() => undefined);
  return page.evaluate(() => {
    const beyond = [...document.querySelectorAll('body *')].filter(
      (el) => el.getBoundingClientRect().right > window.innerWidth + 0.5,
    );
    const innermost = beyond.filter((el) => !beyond.some((other) => other !== el && el.contains(other)));
    return {
      scrollWidth: document.scrollingElement!.scrollWidth,
      innerWidth: window.innerWidth,
      overflowing: innermost
        .slice(0, 4)
        .map(
          (el) =>
            `${el.tagName.toLowerCase()}.${[...el.classList].slice(0, 2).join('.')} "${(el.textContent ?? '').slice(0, 30)}"`,
        ),
    };
  });
}

/** Switches the system colour scheme and waits until the portal (Mantine) follows it. */
export async function emulateSystemScheme(page: Page, scheme: 'light' | 'dark'): Promise<void> {
  await page.emulateMedia({ colorScheme: scheme });
  await page.waitForFunction(
    (wanted) => document.documentElement.getAttribute('data-mantine-color-scheme') === wanted,
    scheme,
  );
}

/** WCAG contrast ratio of an element's text colour against the first opaque background behind it. */
export async function textContrast(page: Page, selector: string): Promise<number> {
  const seen = await page
    .locator(selector)
    .first()
    .evaluate((element) => {
      let background = 'rgb(255, 255, 255)';
      for (let node: Element | null = element; node; node = node.parentElement) {
        const colour = getComputedStyle(node).backgroundColor;
        const alpha = colour.startsWith('rgba') ? Number(colour.split(',')[3]?.replace(')', '')) : 1;
        if (alpha > 0.9) {
          background = colour;
          break;
        }
      }
      const style = getComputedStyle(element);
      return { colour: style.color, background, opacity: Number(style.opacity) };
    });
  const luminance = (css: string) => {
    const [r, g, b] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const s = Number(v) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const fg = luminance(seen.colour);
  const bg = luminance(seen.background);
  const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
  // Opacity below 1 blends the text into the background: count it.
  return 1 + (ratio - 1) * seen.opacity;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  const file = join(SCREENSHOTS, `${name}.png`);
  mkdirSync(dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
}

/** Waits until the page shows its h1 and nothing is loading any more. */
export async function settled(page: Page): Promise<void> {
  await page.locator('main h1, h1').first().waitFor({ state: 'visible' });
  for (let i = 0; i < 3; i++) {
    await page
      .locator('[data-state="loading"], .mantine-Skeleton-root, [aria-busy="true"]')
      .first()
      .waitFor({ state: 'detached', timeout: 20_000 });
    await page.waitForTimeout(150);
  }
}

/**
 * Signs in through the form. The server limits sign-ins per account and per address (10 and 30 a
 * minute), and a test file signs the same people in from one address many times; a refusal for
 * that reason is waited out as a person would, any other answer is left to the caller.
 */
export async function signIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(`${url}/sign-in`);
  await page.getByLabel(/^E-mail address/).fill(email);
  await page.getByLabel(/^Password/).fill(password);
  for (let attempt = 1; ; attempt++) {
    const answer = page.waitForResponse(
      (response) => response.url().endsWith('/api/v1/auth/sign-in') && response.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const response = await answer;
    if (response.status() !== 429 || attempt === 3) return;
    const wait = Number(response.headers()['retry-after'] ?? '5');
    await page.waitForTimeout(Math.min(Math.max(wait, 1), 60) * 1000 + 250);
  }
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Account menu/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
}

/** What an acceptance test against an emulated region runs on. */
export interface EmulatorPortal {
  server: RunningServer;
  emulator: EmulatorProcess;
  browser: Browser;
  admin: CmsClient;
  stop(): Promise<void>;
}

/**
 * The emulator on `scenario` (a separate process), the built server and Chromium, with an API
 * client signed in as the platform administrator; `stop` undoes it all.
 */
export async function startEmulatorPortal(scenario: object, prefix: string): Promise<EmulatorPortal> {
  const scenarioDir = mkdtempSync(join(tmpdir(), prefix));
  const scenarioPath = join(scenarioDir, 'scenario.json');
  writeFileSync(scenarioPath, JSON.stringify(scenario));
  const emulator = await startEmulator(scenarioPath);
  const server = await startServer();
  const admin = await adminClient(server.url);
  const browser = await launchBrowser();
  return {
    server,
    emulator,
    browser,
    admin,
    stop: async () => {
      await browser.close();
      await server.stop();
      await emulator.stop();
      rmSync(scenarioDir, { recursive: true, force: true });
    },
  };
}
