import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyRoute, registerRoutes } from '../src/http/route.ts';
import { authenticateRequest, checkCsrf } from '../src/modules/auth/auth.service.ts';
import { getSetting } from '../src/modules/settings/settings.service.ts';
import { ROUTES } from '../src/routes.ts';
import { startTestApp, type TestApp } from './support/app.ts';
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

function register(route: AnyRoute) {
  const server = Fastify();
  registerRoutes(server, t.app, [route], {
    authenticate: authenticateRequest,
    checkCsrf,
    readSetting: (ctx, key) => getSetting(ctx, key),
  });
  return server.close();
}

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
});
