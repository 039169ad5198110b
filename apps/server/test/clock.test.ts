import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../src/modules/auth/tokens.ts';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  ok,
  platformAdminToken,
  startTestApp,
  type TestApp,
} from './support/app.ts';
import { createTestDatabase, type TestDatabase } from './support/engines.ts';

/**
 * The app's clock (AppContext.clock) is the only time services read: a test sets it far from the
 * system's and every timestamp written, and every expiry checked, follows it end to end.
 */
const START = Date.parse('2101-03-01T12:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
let now = START;
let db: TestDatabase;
let t: TestApp;
let adminToken: string;

beforeAll(async () => {
  db = await createTestDatabase('sqlite');
  t = await startTestApp(db.url, {}, { clock: () => now });
  adminToken = (await platformAdminToken(t.app)).token;
});
afterAll(async () => {
  await t.close();
  await db.drop();
});

describe('the app clock', () => {
  it('stamps rows, audit and sessions with its time and ends sessions and tokens by it', async () => {
    const admin = t.client(adminToken);
    const stamp = new Date(now).toISOString();

    // A token's creation time and the audit row of its creation carry the app's time.
    const token = ok(
      await admin.POST('/api/v1/api-tokens', {
        body: { name: 'clocked', expiresAt: new Date(now + 30 * MINUTE).toISOString() },
      }),
    );
    expect(token.createdAt).toBe(stamp);
    const audit = await t.app.db.kysely
      .selectFrom('audit_events')
      .select('occurred_at')
      .where('action', '=', 'apiToken.create')
      .executeTakeFirstOrThrow();
    expect(audit.occurred_at).toBe(stamp);

    // An expiry that is in the system's future but the app's past is refused.
    const past = await admin.POST('/api/v1/api-tokens', {
      body: { name: 'stale', expiresAt: '2100-01-01T00:00:00.000Z' },
    });
    expect(past.response.status).toBe(400);

    // A session opens at the app's time and lasts the configured hours from it.
    const signedIn = await t.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
    });
    expect(signedIn.statusCode).toBe(200);
    const session = await t.app.db.kysely
      .selectFrom('sessions')
      .select(['created_at', 'expires_at'])
      .executeTakeFirstOrThrow();
    expect(session).toEqual({
      created_at: stamp,
      expires_at: new Date(now + t.app.config.sessionAbsoluteHours * HOUR).toISOString(),
    });
    const cookie = signedIn.cookies.find((c) => c.name === 'cms_session')!;
    const me = () =>
      t.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `cms_session=${cookie.value}` } });
    expect((await me()).statusCode).toBe(200);
    const tokenMe = () => t.client(token.token).GET('/api/v1/me');
    expect((await tokenMe()).response.status).toBe(200);

    // Moving the app's clock (not the system's) past the token's expiry ends the token; past the
    // idle limit, the session.
    now += 45 * MINUTE;
    expect((await tokenMe()).response.status).toBe(401);
    expect((await me()).statusCode).toBe(200);
    now += (t.app.config.sessionIdleMinutes + 1) * MINUTE;
    expect((await me()).statusCode).toBe(401);
  });

  it('ends an activation code at its expiry instant', async () => {
    const admin = await t.app.db.kysely
      .selectFrom('users')
      .select('id')
      .where('email', '=', ADMIN_EMAIL)
      .executeTakeFirstOrThrow();
    const codeExpiring = (at: number) =>
      t.app.db.kysely
        .updateTable('users')
        .set({
          activation_code_hash: sha256Hex('ABCDEFGHJK'),
          activation_code_expires_at: new Date(at).toISOString(),
        })
        .where('id', '=', admin.id)
        .execute();
    const signIn = () =>
      t.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD, activationCode: 'ABCDEFGHJK' },
      });
    await codeExpiring(now);
    expect((await signIn()).json().code).toBe('activation_code_required');
    await codeExpiring(now + 1);
    expect((await signIn()).statusCode).toBe(200);
  });
});
