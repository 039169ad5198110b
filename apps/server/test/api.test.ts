import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  ok,
  platformAdminToken,
  startTestApp,
  type TestApp,
} from './support/app.ts';
import { createTestDatabase, type TestDatabase } from './support/engines.ts';
import { buildWorld, type World } from './support/world.ts';

/** The HTTP surface on the embedded database: sessions, CSRF, tokens, operations endpoints, errors. */
let db: TestDatabase;
let t: TestApp;
let adminToken: string;

beforeAll(async () => {
  db = await createTestDatabase('sqlite');
  t = await startTestApp(db.url);
  adminToken = (await platformAdminToken(t.app)).token;
});
afterAll(async () => {
  await t.close();
  await db.drop();
});

async function signIn(email = ADMIN_EMAIL, password = ADMIN_PASSWORD) {
  const response = await t.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { email, password },
  });
  const cookie = response.cookies.find((c) => c.name === 'cms_session');
  return {
    response,
    cookie: cookie ? `cms_session=${cookie.value}` : '',
    csrf: response.json().csrfToken as string,
  };
}

describe('sessions', () => {
  it('signs in with a password and sets an http-only, same-site session cookie', async () => {
    const { response } = await signIn();
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'cms_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(response.json().me.roleKey).toBe('platform_admin');
  });

  it('answers unknown users and wrong passwords with the same generic 401', async () => {
    const wrong = await signIn(ADMIN_EMAIL, 'not-the-password');
    const unknown = await signIn('nobody@example.test', 'not-the-password');
    expect(wrong.response.statusCode).toBe(401);
    expect(unknown.response.statusCode).toBe(401);
    expect(wrong.response.json().detail).toBe(unknown.response.json().detail);
  });

  it('requires the CSRF token on cookie-authenticated writes, not on reads', async () => {
    const { cookie, csrf } = await signIn();
    const read = await t.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(read.statusCode).toBe(200);
    expect(read.json().authenticatedBy).toBe('session');
    const body = { name: 'via session' };
    const missing = await t.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: { cookie },
      payload: body,
    });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().code).toBe('csrf_failed');
    const forged = await t.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: { cookie, 'x-csrf-token': 'forged' },
      payload: body,
    });
    expect(forged.statusCode).toBe(403);
    const good = await t.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: body,
    });
    expect(good.statusCode).toBe(201);
  });

  it('ends the session on sign-out', async () => {
    const { cookie, csrf } = await signIn();
    const out = await t.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-out',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(out.statusCode).toBe(204);
    expect((await t.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(401);
  });
});

describe('API tokens', () => {
  it('are shown once, stored hashed, listed without secrets and stop working when revoked', async () => {
    const client = t.client(adminToken);
    const created = ok(await client.POST('/api/v1/api-tokens', { body: { name: 'ci' } }));
    expect(created.token).toMatch(/^tok_[0-9a-z]{26}\.[A-Za-z0-9_-]{43}$/);
    const row = await t.app.db.kysely
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row.secret_hash).not.toContain(created.token.split('.')[1]);
    const listed = ok(await client.GET('/api/v1/api-tokens', {}));
    expect(JSON.stringify(listed)).not.toContain(created.token.split('.')[1]);
    const mine = t.client(created.token);
    expect((await mine.GET('/api/v1/me', {})).response.status).toBe(200);
    const used = await t.app.db.kysely
      .selectFrom('api_tokens')
      .select('last_used_at')
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(used.last_used_at).not.toBeNull();
    ok(await client.DELETE('/api/v1/api-tokens/{id}', { params: { path: { id: created.id } } }));
    expect((await mine.GET('/api/v1/me', {})).response.status).toBe(401);
  });

  it('refuse expiry dates in the past and stop at their expiry', async () => {
    const client = t.client(adminToken);
    const past = await client.POST('/api/v1/api-tokens', {
      body: { name: 'old', expiresAt: '2020-01-01T00:00:00.000Z' },
    });
    expect(past.error).toMatchObject({ field: 'body.expiresAt' });
    const soon = ok(
      await client.POST('/api/v1/api-tokens', {
        body: { name: 'soon', expiresAt: new Date(Date.now() + 60_000).toISOString() },
      }),
    );
    await t.app.db.kysely
      .updateTable('api_tokens')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', soon.id)
      .execute();
    expect((await t.client(soon.token).GET('/api/v1/me', {})).response.status).toBe(401);
  });

  it('reject malformed bearer values without revealing anything', async () => {
    for (const value of [
      'Bearer nope',
      'Basic abc',
      'Bearer tok_00000000000000000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    ]) {
      const response = await t.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { authorization: value },
      });
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe('unauthenticated');
    }
  });
});

describe('operations endpoints', () => {
  it('answers /healthz and /readyz', async () => {
    expect((await t.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ok' });
  });

  it('serves the OpenAPI document at /api/docs', async () => {
    const response = await t.inject({ method: 'GET', url: '/api/docs' });
    expect(response.statusCode).toBe(200);
    expect(response.json().openapi).toBe('3.1.0');
    expect(response.json().paths['/api/v1/tenants'].post.operationId).toBe('tenants.create');
  });

  it('exposes Prometheus metrics with per-route request counters and process metrics', async () => {
    await t.inject({ method: 'GET', url: '/healthz' });
    const response = await t.inject({ method: 'GET', url: '/metrics' });
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.body).toMatch(
      /cms_http_requests_total\{method="GET",route="health.live",status="200"\} \d+/,
    );
    expect(response.body).toContain('cms_http_request_duration_seconds_bucket');
    expect(response.body).toContain('cms_process_resident_memory_bytes');
  });
});

describe('metrics for platform users only (CMS_METRICS_ACCESS=platform)', () => {
  let guardedDb: TestDatabase;
  let guarded: TestApp;
  let w: World;
  beforeAll(async () => {
    guardedDb = await createTestDatabase('sqlite');
    guarded = await startTestApp(guardedDb.url, { CMS_METRICS_ACCESS: 'platform' });
    w = await buildWorld(guarded);
  });
  afterAll(async () => {
    await guarded.close();
    await guardedDb.drop();
  });

  const scrape = (token?: string) =>
    guarded.inject({
      method: 'GET',
      url: '/metrics',
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  it('answers a platform read-only user’s token and refuses everyone else', async () => {
    const anonymous = await scrape();
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().code).toBe('unauthenticated');
    expect(anonymous.body).not.toContain('cms_http_requests_total');
    for (const person of [w.A.people.distributor_admin, w.B.people.tenant_reader]) {
      const refused = await scrape(person.token);
      expect(refused.statusCode).toBe(403);
      expect(refused.body).not.toContain('cms_http_requests_total');
    }
    const allowed = await scrape(w.platformReader.token);
    expect(allowed.statusCode).toBe(200);
    expect(allowed.body).toContain('cms_http_requests_total');
  });
});

describe('errors and request ids', () => {
  it('echoes a sane X-Request-Id and generates one otherwise', async () => {
    const given = await t.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'trace-123' },
    });
    expect(given.headers['x-request-id']).toBe('trace-123');
    const hostile = await t.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'a b\nc' } });
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes with a problem+json 404 carrying the request id', async () => {
    const response = await t.inject({
      method: 'GET',
      url: '/api/v1/nothing-here',
      headers: { 'x-request-id': 'rid-1' },
    });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({
      status: 404,
      code: 'not_found',
      requestId: 'rid-1',
      instance: '/api/v1/nothing-here',
    });
  });

  it('names every offending field of a bad body', async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/api/v1/distributors',
      headers: { authorization: `Bearer ${adminToken}` },
      payload: {
        name: 7,
        surprise: true,
        administrators: [{ firstName: 'A', lastName: 'B', email: 'not-an-email' }],
      },
    });
    expect(response.statusCode).toBe(400);
    const fields = (response.json().errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['body.administrators.0.email', 'body.name', 'body.surprise']);
    expect(response.json().errors).toContainEqual({ field: 'body.surprise', message: 'Unknown field.' });
  });
});

describe('the route pipeline', () => {
  it('lets a public write through without a CSRF token, even from a signed-in browser', async () => {
    const { cookie } = await signIn();
    const again = await t.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { cookie },
      payload: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
    });
    expect(again.statusCode).toBe(200);
  });

  it('answers JSON as UTF-8, and records at most 400 characters of the user agent', async () => {
    const agent = `probe/${'x'.repeat(600)}`;
    const created = await t.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: { authorization: `Bearer ${adminToken}`, 'user-agent': agent },
      payload: { name: 'long agent' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers['content-type']).toBe('application/json; charset=utf-8');
    const row = await t.app.db.kysely
      .selectFrom('audit_events')
      .select('user_agent')
      .where('target_id', '=', created.json().id)
      .executeTakeFirstOrThrow();
    expect(row.user_agent).toBe(agent.slice(0, 400));
  });

  it('refuses a body or a query parameter on an operation that takes none, naming each', async () => {
    const withBody = await t.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-out-everywhere',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(withBody.statusCode).toBe(400);
    expect(withBody.json()).toMatchObject({
      field: 'body',
      detail: 'body: This operation takes no request body.',
    });
    const withQuery = await t.inject({
      method: 'GET',
      url: '/api/v1/me?dryRun=true&b=1',
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(withQuery.statusCode).toBe(400);
    expect(withQuery.json().errors).toEqual([
      { field: 'query.dryRun', message: 'Unknown field.' },
      { field: 'query.b', message: 'Unknown field.' },
    ]);
  });

  it('sends a 204 without a body or a content type', async () => {
    const out = await t.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-out',
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(out.statusCode).toBe(204);
    expect(out.body).toBe('');
    expect(out.headers['content-type']).toBeUndefined();
  });

  it('ignores an Idempotency-Key on an operation that does not take one', async () => {
    const send = () =>
      t.inject({
        method: 'POST',
        url: '/api/v1/api-tokens',
        headers: { authorization: `Bearer ${adminToken}`, 'idempotency-key': 'same-key-twice' },
        payload: { name: 'not idempotent' },
      });
    const first = await send();
    const second = await send();
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    expect(second.json().id).not.toBe(first.json().id);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
  });
});
