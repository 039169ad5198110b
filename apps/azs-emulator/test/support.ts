import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** Test helpers: the emulator as a child process on a free port, spoken to through real HTTP. */

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SMALL_SCENARIO = join(packageDir, 'test', 'fixtures', 'small-scenario.json');
export const PROVIDER_SUB = '7d2c1a4e-5b3f-4e21-9c7a-1f0e8d6b2a90';
export const CONTOSO = 'a1f3c2d4-8e7b-4a6c-9d5e-2b1f0c3e4d5a';
export const FABRIKAM = 'b7e4d9c1-2f6a-4b3e-8c1d-5a9f0e2b7c64';

export interface RunningEmulator {
  origin: string;
  regions: Map<string, { identity: string; base: string }>;
  stderr: () => string;
  stop: () => Promise<void>;
}

export async function startEmulator(
  scenarioPath: string,
  extraArgs: string[] = [],
): Promise<RunningEmulator> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(packageDir, 'src', 'main.ts'),
      '--scenario',
      scenarioPath,
      '--port',
      '0',
      ...extraArgs,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const lines = createInterface({ input: child.stdout! });
  const regions = new Map<string, { identity: string; base: string }>();
  const origin = await new Promise<string>((resolve, reject) => {
    let first: string | null = null;
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}: ${stderr}`)));
    lines.on('line', (line) => {
      if (first === null) {
        first = line;
        return;
      }
      const [word, name, identity, base] = line.split(' ');
      if (word === 'region') regions.set(name!, { identity: identity!, base: base! });
    });
    lines.once('line', (line) => resolve(line));
    setTimeout(() => reject(new Error(`emulator did not start: ${stderr}`)), 20_000);
  });
  // Region lines follow the URL immediately; give the last ones a moment.
  await new Promise((r) => setTimeout(r, 50));
  return {
    origin,
    regions,
    stderr: () => stderr,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function metadata(
  base: string,
): Promise<{ authentication: { loginEndpoint: string; audiences: string[] } }> {
  const res = await fetch(`${base}/metadata/endpoints?api-version=2015-01-01`);
  return (await res.json()) as { authentication: { loginEndpoint: string; audiences: string[] } };
}

export async function requestToken(
  tokenUrl: string,
  fields: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A bearer token for a region through its own identity system, as a client would get it. */
export async function bearer(
  base: string,
  tenant: string | null,
  clientId: string,
  secret: string,
): Promise<string> {
  const meta = await metadata(base);
  const login = meta.authentication.loginEndpoint;
  const url = tenant === null ? `${login}oauth2/token` : `${login}${tenant}/oauth2/token`;
  const { status, body } = await requestToken(url, {
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: secret,
    resource: meta.authentication.audiences[0]!,
  });
  if (status !== 200) throw new Error(`token: ${status} ${JSON.stringify(body)}`);
  return body.access_token as string;
}

export interface UsageRecord {
  id: string;
  name: string;
  type: string;
  properties: {
    subscriptionId: string;
    usageStartTime: string;
    usageEndTime: string;
    instanceData: string;
    quantity: number;
    meterId: string;
    name: string;
  };
}

export function usageUrl(base: string, params: Record<string, string>): string {
  const query = new URLSearchParams({ 'api-version': '2015-06-01-preview', ...params });
  return `${base}/subscriptions/${PROVIDER_SUB}/providers/Microsoft.Commerce.Admin/subscriberUsageAggregates?${query}`;
}

/** Follows nextLink verbatim to the end; returns every record and the page sizes. */
export async function collectAll(
  url: string,
  token: string,
): Promise<{ records: UsageRecord[]; pageSizes: number[]; nextLinks: string[] }> {
  const records: UsageRecord[] = [];
  const pageSizes: number[] = [];
  const nextLinks: string[] = [];
  let next: string | undefined = url;
  while (next !== undefined) {
    const res = await fetch(next, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`${next}: ${res.status} ${await res.text()}`);
    const page = (await res.json()) as { value: UsageRecord[]; nextLink?: string };
    records.push(...page.value);
    pageSizes.push(page.value.length);
    next = page.nextLink;
    if (next !== undefined) nextLinks.push(next);
  }
  return { records, pageSizes, nextLinks };
}

export function resourceUriOf(record: UsageRecord): string {
  const data = JSON.parse(record.properties.instanceData) as {
    'Microsoft.Resources': { resourceUri: string };
  };
  return data['Microsoft.Resources'].resourceUri;
}

/** The natural key of semantics.md: subscription, normalised meter, lower-cased URI, usage start and end. */
export function naturalKey(record: UsageRecord): string {
  const p = record.properties;
  const meter = p.meterId.toLowerCase().replace(/[-{}]/g, '');
  return [
    p.subscriptionId,
    meter,
    resourceUriOf(record).toLowerCase(),
    p.usageStartTime,
    p.usageEndTime,
  ].join('|');
}
