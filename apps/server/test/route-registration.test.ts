import { get } from 'node:http';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyRoute, RawResponse, registerRoutes } from '../src/http/route.ts';
import { authenticateRequest, checkCsrf } from '../src/modules/auth/auth.service.ts';
import { getSetting } from '../src/modules/settings/settings.service.ts';
import { routePolicy } from '../src/policy/policy.ts';
import { ROUTES } from '../src/routes.ts';
import { platformAdminToken, startTestApp, type TestApp } from './support/app.ts';
import { createTestDatabase, type TestDatabase } from './support/engines.ts';

/**
 * Only a route the policy table calls public may run without an actor, and it must say so
 * (`public: true`), so its handler's context type admits an anonymous caller and no other does.
 */
let db: TestDatabase;
let t: TestApp;

beforeAll(async () => {
  db = await createTestDatabase('sqlite');
  t = await startTestApp(db.url);
});
afterAll(async () => {
  await t.close();
  await db.drop();
});

function serverWith(route: AnyRoute) {
  const server = Fastify();
  registerRoutes(server, t.app, [route], {
    authenticate: authenticateRequest,
    checkCsrf,
    readSetting: (ctx, key) => getSetting(ctx, key),
  });
  return server;
}
const register = (route: AnyRoute) => serverWith(route).close();

const route = (id: string) => ROUTES.find((r) => r.id === id)!;

describe('route registration', () => {
  it('accepts every route as defined', async () => {
    for (const r of ROUTES) await register(r);
  });

  it('refuses a public route that does not declare it, and a declared one the policy does not make public', () => {
    const { public: _declared, ...undeclared } = route('auth.signIn');
    expect(() => register(undeclared)).toThrow('auth.signIn: its public flag does not match its policy');
    expect(() => register({ ...route('auth.me'), public: true })).toThrow(
      'auth.me: its public flag does not match its policy',
    );
  });

  it('refuses a public route that takes an idempotency key: an anonymous caller has nobody to hold it', () => {
    expect(() => register({ ...route('auth.signIn'), idempotent: true })).toThrow(
      'Route auth.signIn is public and idempotent',
    );
  });

  it('refuses a route with "forbidden" rules but no visibility check of its target', () => {
    const guarded = ROUTES.find((r) => {
      const policy = routePolicy(r.id);
      return typeof policy === 'object' && Object.values(policy).includes('forbidden');
    })!;
    expect(guarded.target).toBeDefined();
    const { target: _target, ...unguarded } = guarded;
    expect(() => register(unguarded)).toThrow(`Route ${guarded.id} has "forbidden" rules but no target()`);
  });

  it('caches only JSON GETs without an idempotency key', () => {
    const cached = ROUTES.find((r) => r.cached)!;
    const message = `Route ${cached.id} is cached but not a JSON GET`;
    expect(() => register({ ...cached, method: 'POST' })).toThrow(message);
    expect(() => register({ ...cached, response: { ...cached.response, contentType: 'text/csv' } })).toThrow(
      message,
    );
    expect(() => register({ ...cached, idempotent: true })).toThrow(message);
  });

  it('fails loudly (500, in this bare server with its message) when a handler answers in the wrong form', async () => {
    const image = new RawResponse(200, Buffer.from('png'), 'image/png');
    const jsonRoute = { ...route('health.live'), handler: async () => image };
    const server = serverWith(jsonRoute);
    const wrongForJson = await server.inject({ method: 'GET', url: jsonRoute.path });
    expect(wrongForJson.statusCode).toBe(500);
    expect(wrongForJson.json().message).toBe(
      'Route health.live answered a RawResponse without declaring its content type',
    );
    await server.close();

    const imageRoute = ROUTES.find((r) => r.response.contentType?.startsWith('image/'))!;
    const notRaw = serverWith({ ...imageRoute, handler: async () => ({ not: 'an image' }) });
    const wrongForImage = await notRaw.inject({
      method: 'GET',
      url: imageRoute.path.replace(/:\w+/g, `lgo_${'0'.repeat(26)}`),
    });
    expect(wrongForImage.statusCode).toBe(500);
    expect(wrongForImage.json().message).toBe(`Route ${imageRoute.id} must answer a RawResponse`);
    await notRaw.close();
  });

  it('refuses a file route that would be idempotent or cached (a stream has no stored replay)', () => {
    const file = route('reports.chargeback');
    const message = 'Route reports.chargeback answers files, which are neither idempotent nor cached';
    expect(() => register({ ...file, idempotent: true })).toThrow(message);
  });

  it('sends a file only in a content type the route declares', async () => {
    const { token } = await platformAdminToken(t.app);
    const file = route('reports.chargeback');
    const send = async (raw: RawResponse) => {
      const server = serverWith({ ...file, handler: async () => raw });
      try {
        return await server.inject({
          method: 'GET',
          url: `${file.path}?period=2024-03`,
          headers: { authorization: `Bearer ${token}` },
        });
      } finally {
        await server.close();
      }
    };
    const csv = await send(new RawResponse(200, 'a,b\r\n', 'text/csv; charset=utf-8'));
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body).toBe('a,b\r\n');
    const html = await send(new RawResponse(200, '<p/>', 'text/html'));
    expect(html.statusCode).toBe(500);
    expect(html.json().message).toBe('Route reports.chargeback answered text/html without declaring it');
  });

  it('serves a request that sends no User-Agent (node:http sends none)', async () => {
    const server = serverWith(route('health.live'));
    const address = await server.listen({ host: '127.0.0.1', port: 0 });
    try {
      const status = await new Promise<number | undefined>((resolve, reject) => {
        const request = get(`${address}/healthz`, (response) => {
          response.resume();
          resolve(response.statusCode);
        });
        request.on('error', reject);
      });
      expect(status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
