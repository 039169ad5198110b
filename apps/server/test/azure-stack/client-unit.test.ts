import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from '../../src/integrations/azure-stack/http.ts';
import {
  AzureStackClient,
  type AzureStackClientOptions,
  canonicalWindows,
  type FailedUnit,
  type PullUnit,
  type UsageWindow,
  WindowError,
} from '../../src/integrations/azure-stack/index.ts';

/**
 * The client's own rules against a small scripted HTTP server: exact request targets, retries,
 * Retry-After, token renewal on 401, paging guards. The emulator suite covers the protocol end to
 * end; this one pins what a recorded exchange could not make the emulator do.
 */

const T0 = Date.parse('2024-03-31T10:30:00Z');
const PROVIDER = '11111111-2222-4333-8444-555555555555';
const WINDOW: UsageWindow = {
  granularity: 'Hourly',
  start: '2024-03-31T07:00:00Z',
  end: '2024-03-31T08:00:00Z',
};
const USAGE_PATH = `/subscriptions/${PROVIDER}/providers/Microsoft.Commerce.Admin/subscriberUsageAggregates`;
const FIRST_TARGET = `${USAGE_PATH}?reportedStartTime=2024-03-31T07%3A00%3A00Z&reportedEndTime=2024-03-31T08%3A00%3A00Z&aggregationGranularity=Hourly&api-version=2015-06-01-preview`;

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server;
let origin: string;
let seen: Seen[];
let tokensIssued: number;
let usageHandler: Handler;

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

const record = (sub: string, quantity: string) =>
  `{"properties":{"subscriptionId":"${sub}","usageStartTime":"2024-03-31T06:00:00+00:00","usageEndTime":"2024-03-31T07:00:00+00:00",` +
  `"instanceData":"{\\"Microsoft.Resources\\":{\\"resourceUri\\":\\"/subscriptions/${sub}/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/a\\",\\"location\\":\\"local\\",\\"tags\\":\\"\\",\\"additionalInfo\\":\\"\\"}}",` +
  `"quantity":${quantity},"meterId":"09F8879E-87E9-4305-A572-4B7BE209F857"}}`;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
      if (req.url?.startsWith('/metadata/endpoints')) {
        json(res, 200, {
          galleryEndpoint: 'x',
          graphEndpoint: 'x',
          portalEndpoint: 'x',
          authentication: {
            loginEndpoint: `${origin}/login/`,
            audiences: ['https://adminmanagement.test/aud'],
          },
        });
        return;
      }
      if (req.url === '/login/t1/oauth2/token') {
        tokensIssued++;
        json(res, 200, {
          token_type: 'Bearer',
          expires_in: '3600',
          expires_on: String(Math.floor(T0 / 1000) + 3600),
          resource: 'https://adminmanagement.test/aud',
          access_token: `tok-${tokensIssued}`,
        });
        return;
      }
      usageHandler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

let sleeps: number[];
beforeEach(() => {
  seen = [];
  tokensIssued = 0;
  sleeps = [];
});

function client(options: AzureStackClientOptions = {}, arm = origin): AzureStackClient {
  return new AzureStackClient(
    {
      armEndpoint: `${arm}/`,
      tenant: 't1',
      clientId: 'app',
      clientSecret: 's',
      providerSubscriptionId: PROVIDER,
    },
    {
      clock: () => T0,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
      ...options,
      retry: {
        maxAttempts: 4,
        baseDelayMs: 1000,
        maxDelayMs: 30_000,
        requestTimeoutMs: 5_000,
        ...options.retry,
      },
    },
  );
}

const usageRequests = () => seen.filter((s) => s.url.startsWith('/subscriptions/'));

async function units(iterable: AsyncIterable<PullUnit>): Promise<PullUnit[]> {
  const out: PullUnit[] = [];
  for await (const unit of iterable) out.push(unit);
  return out;
}

describe('canonical windows', () => {
  const now = Date.parse('2024-03-31T02:30:00Z');
  it('splits [from, to) into UTC hours or days', () => {
    expect(canonicalWindows('2024-03-31T00:00:00Z', '2024-03-31T02:00:00+00:00', 'Hourly', now)).toEqual([
      { granularity: 'Hourly', start: '2024-03-31T00:00:00Z', end: '2024-03-31T01:00:00Z' },
      { granularity: 'Hourly', start: '2024-03-31T01:00:00Z', end: '2024-03-31T02:00:00Z' },
    ]);
    expect(canonicalWindows('2024-03-29T00:00:00Z', '2024-03-31T00:00:00Z', 'Daily', now)).toEqual([
      { granularity: 'Daily', start: '2024-03-29T00:00:00Z', end: '2024-03-30T00:00:00Z' },
      { granularity: 'Daily', start: '2024-03-30T00:00:00Z', end: '2024-03-31T00:00:00Z' },
    ]);
    // Another notation of the same instant, and epoch milliseconds.
    expect(
      canonicalWindows('2024-03-31T03:00:00+02:00', Date.parse('2024-03-31T02:00:00Z'), 'Hourly', now),
    ).toHaveLength(1);
    expect(canonicalWindows('2024-03-31T01:00:00Z', '2024-03-31T01:00:00Z', 'Hourly', now)).toEqual([]);
  });

  it.each([
    ['2024-03-31T00:30:00Z', '2024-03-31T02:00:00Z', 'Hourly', 'from', /start of a UTC hour/],
    ['2024-03-31T00:00:00Z', '2024-03-31T01:00:01Z', 'Hourly', 'to', /start of a UTC hour/],
    ['2024-03-30T01:00:00Z', '2024-03-31T00:00:00Z', 'Daily', 'from', /UTC midnight/],
    ['2024-03-31T02:00:00Z', '2024-03-31T01:00:00Z', 'Hourly', 'to', /not be before/],
    // 02:30 now: the hour 02:00–03:00 is not complete yet, nor is the day.
    [
      '2024-03-31T00:00:00Z',
      '2024-03-31T03:00:00Z',
      'Hourly',
      'to',
      /last complete hour \(2024-03-31T02:00:00Z\)/,
    ],
    ['2024-03-31T00:00:00Z', '2024-04-01T00:00:00Z', 'Daily', 'to', /last complete day/],
    ['yesterday', '2024-03-31T01:00:00Z', 'Hourly', 'from', /not an ISO-8601/],
  ] as const)('refuses %s – %s (%s)', (from, to, granularity, field, message) => {
    let error: unknown;
    try {
      canonicalWindows(from, to, granularity, now);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(WindowError);
    expect((error as WindowError).field).toBe(field);
    expect((error as WindowError).message).toMatch(message);
  });

  it('pullUnit refuses a window that is not one canonical window', async () => {
    await expect(
      client().pullUnit(
        { granularity: 'Hourly', start: '2024-03-31T07:00:00Z', end: '2024-03-31T09:00:00Z' },
        null,
      ),
    ).rejects.toThrow(WindowError);
    expect(seen).toEqual([]);
  });
});

describe('Retry-After and backoff', () => {
  const now = Date.parse('2024-03-31T10:00:00Z');
  it('reads delay-seconds and HTTP dates', () => {
    expect(parseRetryAfter('5', now)).toBe(5000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter(['2'], now)).toBe(2000);
    expect(parseRetryAfter('Sun, 31 Mar 2024 10:00:12 GMT', now)).toBe(12_000);
    expect(parseRetryAfter('Sun, 31 Mar 2024 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-3', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });

  it('doubles the step per attempt, jitters the upper half, and caps it', () => {
    const policy = { maxAttempts: 9, baseDelayMs: 1000, maxDelayMs: 5000, requestTimeoutMs: 1 };
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, policy, () => 0))).toEqual([500, 1000, 2000, 2500]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, policy, () => 0.999999))).toEqual([
      1000, 2000, 4000, 5000,
    ]);
  });
});

describe('paging', () => {
  it('sends the first page with Z times, then follows nextLink byte for byte until ""', async () => {
    const tail = `${USAGE_PATH}?api-version=2015-06-01-preview&reportedStartTime=2024-03-31T07%3a00%3a00%2b00%3a00&continuationToken=%2B%2F%2Bab+cd%3d%3d&x='q'`;
    usageHandler = (req, res) => {
      if (req.url === FIRST_TARGET)
        json(res, 200, `{"value":[${record(PROVIDER, '1.5')}],"nextLink":"${origin}${tail}"}`);
      else if (req.url === tail) json(res, 200, `{"value":[${record(PROVIDER, '2.25')}],"nextLink":""}`);
      else json(res, 400, { error: { code: 'InvalidProperty', message: `unexpected ${req.url}` } });
    };
    const unit = await client().pullUnit(WINDOW, null);
    expect(unit.status).toBe('complete');
    expect(usageRequests().map((s) => s.url)).toEqual([FIRST_TARGET, tail]);
    expect(usageRequests().map((s) => s.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-1']);
    if (unit.status === 'complete') {
      expect(unit.pages).toBe(2);
      expect(unit.records.map((r) => r.quantity)).toEqual(['1.5', '2.25']);
    }
  });

  it('falls back to a bare continuationToken, encoded once onto the first-page URL', async () => {
    usageHandler = (req, res) => {
      if (req.url === FIRST_TARGET) json(res, 200, `{"value":[],"continuationToken":"+/+/ab=="}`);
      else json(res, 200, `{"value":[${record(PROVIDER, '1')}]}`);
    };
    const unit = await client().pullUnit(WINDOW, null);
    expect(unit.status).toBe('complete');
    expect(usageRequests().map((s) => s.url)).toEqual([
      FIRST_TARGET,
      `${FIRST_TARGET}&continuationToken=%2B%2F%2B%2Fab%3D%3D`,
    ]);
  });

  it('does not send the token to another host, and stops a nextLink loop', async () => {
    usageHandler = (_req, res) =>
      json(res, 200, `{"value":[],"nextLink":"http://evil.example/subscriptions/x?continuationToken=a"}`);
    const away = (await client().pullUnit(WINDOW, null)) as FailedUnit;
    expect(away.status).toBe('failed');
    expect(away.error.kind).toBe('bad-response');
    expect(away.error.message).toMatch(/nextLink to evil\.example/);

    seen = [];
    usageHandler = (_req, res) => json(res, 200, `{"value":[],"nextLink":"${origin}${FIRST_TARGET}"}`);
    const loop = (await client().pullUnit(WINDOW, null)) as FailedUnit;
    expect(loop.error.kind).toBe('bad-response');
    expect(loop.error.message).toMatch(/already followed/);
    expect(usageRequests()).toHaveLength(1);
  });

  it('fails the whole unit on an unparseable record, naming page, position and field', async () => {
    usageHandler = (req, res) => {
      if (req.url === FIRST_TARGET)
        json(res, 200, `{"value":[${record(PROVIDER, '1')}],"nextLink":"${origin}${USAGE_PATH}?p=2"}`);
      else json(res, 200, `{"value":[${record(PROVIDER, '1')},${record(PROVIDER, '"n/a"')}]}`);
    };
    const unit = (await client().pullUnit(WINDOW, null)) as FailedUnit;
    expect(unit.status).toBe('failed');
    expect(unit.error.kind).toBe('bad-record');
    expect(unit.error.problems).toEqual([
      { page: 1, index: 1, field: 'properties.quantity', reason: 'not a number: "n/a"' },
    ]);
    expect(unit.error.message).toMatch(/page 2 record 2 properties\.quantity/);
    expect('records' in unit).toBe(false);
  });

  it('fails a per-subscriber unit that receives another subscriber’s records', async () => {
    usageHandler = (_req, res) =>
      json(res, 200, `{"value":[${record('aaaaaaaa-0000-4000-8000-000000000000', '1')}]}`);
    const unit = (await client().pullUnit(WINDOW, 'BBBBBBBB-0000-4000-8000-000000000000')) as FailedUnit;
    expect(unit.subscriberId).toBe('bbbbbbbb-0000-4000-8000-000000000000');
    expect(unit.error.kind).toBe('bad-record');
    expect(usageRequests()[0]!.url).toContain('&subscriberId=bbbbbbbb-0000-4000-8000-000000000000&');
  });
});

describe('retries', () => {
  it('honours Retry-After (seconds and HTTP date) on 503 and 429, then succeeds', async () => {
    let calls = 0;
    usageHandler = (_req, res) => {
      calls++;
      if (calls === 1)
        json(res, 503, { error: { code: 'ServiceUnavailable', message: 'busy' } }, { 'retry-after': '7' });
      else if (calls === 2)
        json(
          res,
          429,
          { error: { code: 'SubscriptionRequestsThrottled', message: 'slow down' } },
          {
            'retry-after': new Date(T0 + 3000).toUTCString(),
          },
        );
      else json(res, 200, `{"value":[${record(PROVIDER, '1')}]}`);
    };
    const unit = await client().pullUnit(WINDOW, null);
    expect(unit.status).toBe('complete');
    expect(sleeps).toEqual([7000, 3000]);
  });

  it('backs off exponentially without Retry-After and reports the spent budget', async () => {
    usageHandler = (_req, res) => json(res, 503, { error: { code: 'ServiceUnavailable', message: 'busy' } });
    const unit = (await client().pullUnit(WINDOW, null)) as FailedUnit;
    expect(unit.error.kind).toBe('throttled');
    expect(unit.error.attempts).toBe(4);
    expect(unit.error.status).toBe(503);
    expect(usageRequests()).toHaveLength(4);
    // random 0.5: three quarters of 1 s, 2 s, 4 s.
    expect(sleeps).toEqual([750, 1500, 3000]);
  });

  it('gives up at once when Retry-After is longer than it will wait', async () => {
    usageHandler = (_req, res) =>
      json(res, 429, { error: { code: 'Throttled', message: 'x' } }, { 'retry-after': '3600' });
    const unit = (await client().pullUnit(WINDOW, null)) as FailedUnit;
    expect(unit.error.kind).toBe('throttled');
    expect(unit.error.retryAfterMs).toBe(3_600_000);
    expect(usageRequests()).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('retries a dropped connection', async () => {
    let calls = 0;
    usageHandler = (req, res) => {
      calls++;
      if (calls === 1) req.socket.destroy();
      else json(res, 200, `{"value":[${record(PROVIDER, '1')}]}`);
    };
    expect((await client().pullUnit(WINDOW, null)).status).toBe('complete');
    expect(calls).toBe(2);
    expect(sleeps).toHaveLength(1);
  });

  it('falls back per subscriber when the whole window keeps hitting the request timeout', async () => {
    const A = 'aaaaaaaa-0000-4000-8000-000000000000';
    const B = 'bbbbbbbb-0000-4000-8000-000000000000';
    usageHandler = (req, res) => {
      const sub = new URL(req.url ?? '/', origin).searchParams.get('subscriberId');
      if (sub === null) return; // never answers
      if (sub === B) {
        json(res, 400, { error: { code: 'SubscriberIdIsNotDirectTenant', message: 'not direct' } });
        return;
      }
      json(res, 200, `{"value":[${record(sub, '0.25')}]}`);
    };
    const all = await units(
      client({ retry: { maxAttempts: 2, requestTimeoutMs: 150 } }).pullWindow(WINDOW, {
        subscribers: async () => [A, ` ${A.toUpperCase()} `, B],
      }),
    );
    expect(all.map((u) => [u.subscriberId, u.status])).toEqual([
      [null, 'failed'],
      [A, 'complete'],
      [B, 'skipped'],
    ]);
    const whole = all[0] as FailedUnit;
    expect(whole.error.kind).toBe('timeout');
    expect(whole.fallback).toBe(true);
    expect(usageRequests().filter((s) => !s.url.includes('subscriberId'))).toHaveLength(2);
  });

  it('stops asking subscribers after a failure none can get past (no permission)', async () => {
    usageHandler = (req, res) => {
      if (!(req.url ?? '').includes('subscriberId'))
        json(res, 504, { error: { code: 'GatewayTimeout', message: 'slow' } });
      else json(res, 403, { error: { code: 'AuthorizationFailed', message: 'no role' } });
    };
    const subscribers = [
      'aaaaaaaa-0000-4000-8000-000000000000',
      'bbbbbbbb-0000-4000-8000-000000000000',
      'cccccccc-0000-4000-8000-000000000000',
    ];
    const all = await units(client({ retry: { maxAttempts: 1 } }).pullWindow(WINDOW, { subscribers }));
    expect(all.map((u) => [u.subscriberId, u.status, u.status === 'failed' ? u.error.kind : null])).toEqual([
      [null, 'failed', 'timeout'],
      [subscribers[0], 'failed', 'forbidden'],
      [subscribers[1], 'failed', 'forbidden'],
      [subscribers[2], 'failed', 'forbidden'],
    ]);
    expect(usageRequests().filter((s) => s.url.includes('subscriberId'))).toHaveLength(1);
  });

  it('does not fall back on throttling, nor without a subscriber list', async () => {
    usageHandler = (_req, res) => json(res, 504, { error: { code: 'GatewayTimeout', message: 'slow' } });
    const noList = await units(client({ retry: { maxAttempts: 1 } }).pullWindow(WINDOW));
    expect(noList).toHaveLength(1);
    expect((noList[0] as FailedUnit).fallback).toBe(false);

    usageHandler = (_req, res) => json(res, 503, { error: { code: 'ServiceUnavailable', message: 'busy' } });
    const throttled = await units(
      client({ retry: { maxAttempts: 1 } }).pullWindow(WINDOW, { subscribers: [PROVIDER] }),
    );
    expect(throttled.map((u) => u.status)).toEqual(['failed']);
  });
});

describe('authorisation', () => {
  it('drops a token ARM refuses and retries once with a new one', async () => {
    usageHandler = (req, res) => {
      if (req.headers.authorization === 'Bearer tok-1') {
        json(res, 401, { error: { code: 'ExpiredAuthenticationToken', message: 'expired' } });
      } else json(res, 200, `{"value":[]}`);
    };
    const c = client();
    expect((await c.pullUnit(WINDOW, null)).status).toBe('complete');
    expect(usageRequests().map((s) => s.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
    // The new token is the cached one now.
    await c.pullUnit(WINDOW, null);
    expect(tokensIssued).toBe(2);
  });

  it('reports a persistent wrong audience as token-audience after one renewal', async () => {
    usageHandler = (_req, res) =>
      json(res, 401, {
        error: {
          code: 'InvalidAuthenticationTokenAudience',
          message: "The access token has been obtained for wrong audience or resource 'x'.",
        },
      });
    const unit = (await client().pullUnit(WINDOW, null)) as FailedUnit;
    expect(unit.error.kind).toBe('token-audience');
    expect(unit.error.message).toMatch(/admin endpoint of this stamp/);
    expect(tokensIssued).toBe(2);
    expect(usageRequests()).toHaveLength(2);
  });

  it('renews the token 5 minutes before expires_on, not earlier', async () => {
    usageHandler = (_req, res) => json(res, 200, `{"value":[]}`);
    let now = T0;
    const c = client({ clock: () => now });
    await c.pullUnit(WINDOW, null);
    now = T0 + 3600_000 - 5 * 60_000 - 1;
    await c.pullUnit(WINDOW, null);
    expect(tokensIssued).toBe(1);
    now += 1;
    await c.pullUnit(WINDOW, null);
    expect(tokensIssued).toBe(2);
  });
});

describe('testConnection', () => {
  it('reports an unreachable endpoint at the first step and the rest as not run', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await client({ retry: { maxAttempts: 2 } }, `http://127.0.0.1:${port}`).testConnection();
    expect(result.ok).toBe(false);
    expect(result.steps.map((s) => [s.step, s.status, s.errorKind])).toEqual([
      ['metadata', 'failed', 'unreachable'],
      ['token', 'not-run', null],
      ['usage', 'not-run', null],
      ['admin', 'not-run', null],
    ]);
    expect(result.steps[0]!.message).toMatch(/Cannot reach 127\.0\.0\.1:\d+: the connection was refused/);
  });

  it('names a TLS failure as such, without retrying it', async () => {
    const result = await client({}, origin.replace('http:', 'https:')).testConnection();
    expect(result.steps[0]).toMatchObject({ step: 'metadata', status: 'failed', errorKind: 'tls' });
    expect(result.steps[0]!.message).toMatch(/TLS connection/);
    expect(sleeps).toEqual([]);
  });

  it('explains a missing role on the provider subscription', async () => {
    usageHandler = (_req, res) =>
      json(res, 403, {
        error: { code: 'AuthorizationFailed', message: 'The client does not have authorization.' },
      });
    const result = await client().testConnection();
    expect(result.steps.map((s) => [s.step, s.status])).toEqual([
      ['metadata', 'ok'],
      ['token', 'ok'],
      ['usage', 'failed'],
      ['admin', 'not-run'],
    ]);
    expect(result.steps[2]).toMatchObject({ errorKind: 'forbidden' });
    expect(result.steps[2]!.message).toMatch(
      /Reader, Contributor or Owner on the Default Provider Subscription/,
    );
    // The usage step asks for the last complete hour before the clock (10:30 → 09:00–10:00).
    expect(usageRequests()[0]!.url).toContain(
      'reportedStartTime=2024-03-31T09%3A00%3A00Z&reportedEndTime=2024-03-31T10%3A00%3A00Z',
    );
  });
});
