import { generateSync } from 'otplib';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../src/modules/auth/passwords.ts';
import { ok, type TestApp } from './support/app.ts';
import { useEngineWorld } from './support/engine-world.ts';
import { ALL_ENGINES, type TestDatabase } from './support/engines.ts';
import type { World } from './support/world.ts';

/**
 * Every step up of a session (MFA verified, password changed, MFA enrolled) gives it a new id
 * (issue 9 §4): the cookie from before the step stops working, the one the answer sets works, with
 * the CSRF token the client already holds. A step that fails changes nothing.
 */
const PASSWORD = 'correct horse battery staple';
const STEP = 30;
const codeFor = (secret: string, step: number) => generateSync({ secret, epoch: step * STEP });
const currentStep = () => Math.floor(Date.now() / 1000 / STEP);

describe.each(ALL_ENGINES)('session id rotation at each step up [%s]', (engine) => {
  let _db: TestDatabase;
  let t: TestApp;
  let w: World;
  let seq = 0;

  const skip = useEngineWorld(engine, (app, world, database) => {
    t = app;
    w = world;
    _db = database;
  });

  async function newUser(flags: { must_change_password?: number; mfa_required?: number } = {}) {
    seq += 1;
    const email = `step.up.${seq}@example.test`;
    const created = ok(
      await w.A.people.tenant_admin.client.POST('/api/v1/users', {
        body: { firstName: 'Step', lastName: `Up${seq}`, email, orgId: w.A.tenantId, role: 'reader' },
      }),
    );
    await t.app.db.kysely
      .updateTable('users')
      .set({ password_hash: await hashPassword(PASSWORD), activated_at: new Date().toISOString(), ...flags })
      .where('id', '=', created.id)
      .execute();
    return { id: created.id, email };
  }

  interface Session {
    cookie: string;
    csrf: string;
  }

  const cookieOf = (response: { cookies: Array<{ name: string; value: string }> }) => {
    const cookie = response.cookies.find((c) => c.name === 'cms_session');
    return cookie ? `cms_session=${cookie.value}` : null;
  };

  async function signIn(email: string, stage: string): Promise<Session> {
    seq += 1;
    const response = await t.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email, password: PASSWORD },
      remoteAddress: `10.92.${Math.floor(seq / 200)}.${seq % 200}`,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().me.stage).toBe(stage);
    return { cookie: cookieOf(response)!, csrf: response.json().csrfToken };
  }

  const post = (session: Session, url: string, payload?: Record<string, unknown>) =>
    t.inject({
      method: 'POST',
      url,
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
      ...(payload === undefined ? {} : { payload }),
    });

  const meWith = (cookie: string) => t.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });

  /** The answer set a new cookie; the old one is refused, the new one works at `stage`. */
  async function expectRotated(before: Session, response: Awaited<ReturnType<typeof post>>, stage: string) {
    expect(response.statusCode, response.body).toBe(200);
    const rotated = cookieOf(response);
    expect(rotated).not.toBeNull();
    expect(rotated).not.toBe(before.cookie);
    expect((await meWith(before.cookie)).statusCode).toBe(401);
    const me = await meWith(rotated!);
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json().stage).toBe(stage);
    return { cookie: rotated!, csrf: before.csrf };
  }

  async function enrol(session: Session) {
    const started = await post(session, '/api/v1/auth/mfa/enrolment');
    expect(started.statusCode, started.body).toBe(200);
    const { secret } = started.json() as { secret: string };
    const confirmed = await post(session, '/api/v1/auth/mfa/enrolment/confirm', {
      code: codeFor(secret, currentStep()),
    });
    return { secret, confirmed };
  }

  it.skipIf(skip)('password changed: a new id; a wrong current password changes nothing', async () => {
    const user = await newUser({ must_change_password: 1 });
    const session = await signIn(user.email, 'password_change');
    const refused = await post(session, '/api/v1/auth/password', {
      currentPassword: 'not the current one',
      newPassword: 'a much better password',
    });
    expect(refused.statusCode).toBe(422);
    expect(cookieOf(refused)).toBeNull();
    expect((await meWith(session.cookie)).json().stage).toBe('password_change');

    const changed = await post(session, '/api/v1/auth/password', {
      currentPassword: PASSWORD,
      newPassword: 'a much better password',
    });
    const active = await expectRotated(session, changed, 'active');
    // The CSRF token the client holds stays valid with the new cookie.
    const write = await post(active, '/api/v1/api-tokens', { name: 'after the step up' });
    expect(write.statusCode, write.body).toBe(201);
    // An active session changing its password gets a new id too.
    const again = await post(active, '/api/v1/auth/password', {
      currentPassword: 'a much better password',
      newPassword: 'an even better password',
    });
    await expectRotated(active, again, 'active');
  });

  it.skipIf(skip)('MFA enrolled (required at sign-in, or replacing a factor): a new id', async () => {
    const user = await newUser({ mfa_required: 1 });
    const session = await signIn(user.email, 'mfa_enrolment');
    const { confirmed } = await enrol(session);
    const active = await expectRotated(session, confirmed, 'active');
    // An active session replacing its factor steps up too.
    const started = await post(active, '/api/v1/auth/mfa/enrolment');
    const { secret: next } = started.json() as { secret: string };
    const row = await t.app.db.kysely
      .selectFrom('users')
      .select('mfa_last_step')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    const { recoveryCodes } = confirmed.json() as { recoveryCodes: string[] };
    const replaced = await post(active, '/api/v1/auth/mfa/enrolment/confirm', {
      code: codeFor(next, Math.max(currentStep(), row.mfa_last_step + 1)),
      currentRecoveryCode: recoveryCodes[0],
    });
    await expectRotated(active, replaced, 'active');
  });

  it.skipIf(skip)('MFA verified: a new id; a wrong code changes nothing', async () => {
    const user = await newUser();
    const first = await signIn(user.email, 'active');
    const { secret, confirmed } = await enrol(first);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const session = await signIn(user.email, 'mfa');
    const wrong = await post(session, '/api/v1/auth/mfa/verify', { code: '000000' });
    expect(wrong.statusCode).toBe(401);
    expect(cookieOf(wrong)).toBeNull();
    expect((await meWith(session.cookie)).json().stage).toBe('mfa');

    const { mfa_last_step } = await t.app.db.kysely
      .selectFrom('users')
      .select('mfa_last_step')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    const verified = await post(session, '/api/v1/auth/mfa/verify', {
      code: codeFor(secret, mfa_last_step + 1),
    });
    await expectRotated(session, verified, 'active');
  });
});
