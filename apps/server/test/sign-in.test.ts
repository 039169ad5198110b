import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.ts';
import type { AppError } from '../src/http/errors.ts';
import { consumeRateLimit } from '../src/http/rate-limit.ts';
import { hashPassword } from '../src/modules/auth/passwords.ts';
import { sha256Hex } from '../src/modules/auth/tokens.ts';
import { ok, startTestApp, type TestApp } from './support/app.ts';
import { useEngineWorld } from './support/engine-world.ts';
import { ALL_ENGINES, availableEngines, createTestDatabase, type TestDatabase } from './support/engines.ts';
import { snapshotDatabase } from './support/snapshot.ts';
import type { World } from './support/world.ts';

/** Local sign-in: generic refusals, lockout, sign-in steps, password change, rate limits. */
describe.each(ALL_ENGINES)('sign-in [%s]', (engine) => {
  let db: TestDatabase;
  let t: TestApp;
  let w: World;
  let seq = 0;

  const skip = useEngineWorld(engine, (app, world, database) => {
    t = app;
    w = world;
    db = database;
  });
  if (skip) return;

  /** A fresh tenant user with a known password (set directly: activation is tested elsewhere). */
  async function userWithPassword(password: string, flags: Record<string, number> = {}) {
    seq += 1;
    const email = `signin.${seq}@example.test`;
    const created = ok(
      await w.A.people.tenant_admin.client.POST('/api/v1/users', {
        body: { firstName: 'Sign', lastName: `In${seq}`, email, orgId: w.A.tenantId, role: 'reader' },
      }),
    );
    await t.app.db.kysely
      .updateTable('users')
      .set({ password_hash: await hashPassword(password), activated_at: new Date().toISOString(), ...flags })
      .where('id', '=', created.id)
      .execute();
    return { id: created.id, email };
  }

  function signIn(email: string, password: string, ip = '10.0.0.1') {
    return t.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email, password },
      remoteAddress: ip,
    });
  }

  const cookieOf = (response: Awaited<ReturnType<typeof signIn>>) => {
    const cookie = response.cookies.find((c) => c.name === 'cms_session');
    return cookie ? `cms_session=${cookie.value}` : '';
  };

  describe('password sign-in', () => {
    it('answers unknown, wrong, disabled, federated-only and not-activated alike', async () => {
      const right = 'correct horse battery staple';
      const disabled = await userWithPassword(right, { disabled: 1 });
      const federated = await userWithPassword(right, { federated_only: 1 });
      const inactive = await userWithPassword(right);
      await t.app.db.kysely
        .updateTable('users')
        .set({ activated_at: null })
        .where('id', '=', inactive.id)
        .execute();
      const good = await userWithPassword(right);
      const answers = await Promise.all([
        signIn('nobody@example.test', right, '10.0.1.1'),
        signIn(good.email, 'wrong password here', '10.0.1.2'),
        signIn(disabled.email, right, '10.0.1.3'),
        signIn(federated.email, right, '10.0.1.4'),
        signIn(inactive.email, right, '10.0.1.5'),
      ]);
      for (const answer of answers) {
        expect(answer.statusCode).toBe(401);
        expect(answer.json()).toMatchObject({
          code: 'unauthenticated',
          detail: 'Invalid email or password.',
        });
      }
      const audit = await t.app.db.kysely
        .selectFrom('audit_events')
        .select(['target_id', 'after_json'])
        .where('action', '=', 'auth.signInFailed')
        .execute();
      const reasons = Object.fromEntries(audit.map((a) => [a.target_id, JSON.parse(a.after_json!).reason]));
      expect(reasons[disabled.id]).toBe('disabled');
      expect(reasons[federated.id]).toBe('federated_only');
      expect(reasons[inactive.id]).toBe('not_activated');
      expect(reasons[good.id]).toBe('bad_credentials');
      const metrics = (await t.inject({ method: 'GET', url: '/metrics' })).body;
      expect(metrics).toMatch(/cms_auth_sign_in_failures_total\{reason="federated_only"\} [1-9]/);
    });

    it('locks an account after the threshold of consecutive failures; the right password is then refused', async () => {
      ok(
        await w.platformAdmin.client.PATCH('/api/v1/settings', {
          body: { values: { 'users.lockoutThreshold': 3 } },
        }),
      );
      const right = 'correct horse battery staple';
      const user = await userWithPassword(right);
      for (let i = 0; i < 2; i++)
        expect((await signIn(user.email, 'not it at all!!', `10.0.2.${i}`)).statusCode).toBe(401);
      // A success in between resets the count: only consecutive failures lock.
      expect((await signIn(user.email, right, '10.0.2.9')).statusCode).toBe(200);
      const counted = await t.app.db.kysely
        .selectFrom('users')
        .select('failed_sign_ins')
        .where('id', '=', user.id)
        .executeTakeFirstOrThrow();
      expect(counted.failed_sign_ins).toBe(0);
      for (let i = 0; i < 3; i++)
        expect((await signIn(user.email, 'not it at all!!', `10.0.3.${i}`)).statusCode).toBe(401);
      const locked = await signIn(user.email, right, '10.0.3.9');
      expect(locked.statusCode).toBe(401);
      expect(locked.json().detail).toBe('Invalid email or password.');
      const row = await t.app.db.kysely
        .selectFrom('users')
        .selectAll()
        .where('id', '=', user.id)
        .executeTakeFirstOrThrow();
      expect(row.locked_out).toBe(1);
      const audit = ok(
        await w.A.people.tenant_admin.client.GET('/api/v1/audit-events', {
          params: { query: { targetId: user.id, action: 'user.lockout' } },
        }),
      );
      expect(audit.items).toHaveLength(1);
      expect((await t.inject({ method: 'GET', url: '/metrics' })).body).toMatch(
        /cms_auth_lockouts_total [1-9]/,
      );
      // An administrator unlocks; the password works again.
      ok(
        await w.A.people.tenant_admin.client.PATCH('/api/v1/users/{id}', {
          params: { path: { id: user.id } },
          body: { lockedOut: false },
        }),
      );
      expect((await signIn(user.email, right, '10.0.3.10')).statusCode).toBe(200);
      ok(
        await w.platformAdmin.client.PATCH('/api/v1/settings', {
          body: { values: { 'users.lockoutThreshold': 5 } },
        }),
      );
    });

    it('limits attempts per account across addresses, with Retry-After', async () => {
      const user = await userWithPassword('correct horse battery staple');
      // The limit counts per minute window: start well inside one so the twelve attempts share it.
      const intoMinute = Date.now() % 60_000;
      if (intoMinute > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++)
        statuses.push((await signIn(user.email.toUpperCase(), 'x', `10.9.${i}.1`)).statusCode);
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429]);
      const limited = await signIn(user.email, 'x', '10.9.99.1');
      expect(limited.headers['retry-after']).toMatch(/^\d+$/);
      expect(limited.json().code).toBe('rate_limited');
    });
  });

  /** The value of one counter in /metrics (0 before its first increment). */
  async function counter(name: string, labels = ''): Promise<number> {
    const text = (await t.inject({ method: 'GET', url: '/metrics' })).body;
    const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  }
  const failures = (reason: string) => counter('cms_auth_sign_in_failures_total', `{reason="${reason}"}`);

  const auditRows = (userId: string, action: string) =>
    t.app.db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('target_id', '=', userId)
      .where('action', '=', action)
      .execute();

  describe('what a refusal and a sign-in record', () => {
    it('counts each refusal under its reason, audits it on the user, and counts a lockout only when one begins', async () => {
      ok(
        await w.platformAdmin.client.PATCH('/api/v1/settings', {
          body: { values: { 'users.lockoutThreshold': 2 } },
        }),
      );
      try {
        const right = 'correct horse battery staple';
        const user = await userWithPassword(right);
        const [badBefore, lockedBefore, lockoutsBefore] = await Promise.all([
          failures('bad_credentials'),
          failures('locked_out'),
          counter('cms_auth_lockouts_total'),
        ]);
        expect((await signIn(`nobody.${seq}@example.test`, right, '10.4.0.1')).statusCode).toBe(401);
        expect((await signIn(user.email, 'wrong password one', '10.4.0.2')).statusCode).toBe(401);
        // Below the threshold: refused and counted, but nothing locked.
        expect(await failures('bad_credentials')).toBe(badBefore + 2);
        expect(await counter('cms_auth_lockouts_total')).toBe(lockoutsBefore);
        const [failed] = await auditRows(user.id, 'auth.signInFailed');
        expect(failed).toMatchObject({ target_type: 'user', org_id: w.A.tenantId });
        expect(JSON.parse(failed!.after_json!)).toEqual({ reason: 'bad_credentials' });

        expect((await signIn(user.email, 'wrong password two', '10.4.0.3')).statusCode).toBe(401);
        expect(await counter('cms_auth_lockouts_total')).toBe(lockoutsBefore + 1);
        const [lockout] = await auditRows(user.id, 'user.lockout');
        expect(lockout).toMatchObject({ target_type: 'user', org_id: w.A.tenantId });
        expect(JSON.parse(lockout!.before_json!)).toEqual({ lockedOut: false });
        expect(JSON.parse(lockout!.after_json!)).toMatchObject({ lockedOut: true, failedSignIns: 2 });

        // Locked: the right password is refused as locked out, and no second lockout begins.
        expect((await signIn(user.email, right, '10.4.0.4')).statusCode).toBe(401);
        expect(await failures('locked_out')).toBe(lockedBefore + 1);
        expect(await counter('cms_auth_lockouts_total')).toBe(lockoutsBefore + 1);
        const reasons = (await auditRows(user.id, 'auth.signInFailed')).map(
          (r) => JSON.parse(r.after_json!).reason,
        );
        expect(reasons.sort()).toEqual(['bad_credentials', 'bad_credentials', 'locked_out']);
      } finally {
        ok(
          await w.platformAdmin.client.PATCH('/api/v1/settings', {
            body: { values: { 'users.lockoutThreshold': 5 } },
          }),
        );
      }
    });

    it('audits a sign-in as the new session, with its method and step', async () => {
      const user = await userWithPassword('audited password 1234', { must_change_password: 1 });
      const response = await signIn(user.email, 'audited password 1234', '10.4.1.1');
      expect(response.statusCode).toBe(200);
      const [row] = await auditRows(user.id, 'auth.signIn');
      expect(row).toMatchObject({ actor_kind: 'user', actor_user_id: user.id, target_type: 'user' });
      expect(JSON.parse(row!.after_json!)).toEqual({ method: 'password', stage: 'password_change' });
    });

    it('asks for the activation code by name, tells a missing code from a wrong one, and counts both', async () => {
      const user = await userWithPassword('coded password 12345');
      const expires = new Date(Date.now() + 3_600_000).toISOString();
      const setCode = (expiresAt: string | null) =>
        t.app.db.kysely
          .updateTable('users')
          .set({ activation_code_hash: sha256Hex('ABCDEFGHJK'), activation_code_expires_at: expiresAt })
          .where('id', '=', user.id)
          .execute();
      const withCode = (code: string | undefined, ip: string) =>
        t.inject({
          method: 'POST',
          url: '/api/v1/auth/sign-in',
          payload: { email: user.email, password: 'coded password 12345', activationCode: code },
          remoteAddress: ip,
        });
      await setCode(expires);
      const before = await failures('activation_code');
      const missing = await withCode(undefined, '10.4.2.1');
      expect(missing.statusCode).toBe(401);
      expect(missing.json()).toMatchObject({
        code: 'activation_code_required',
        detail: 'Enter the activation code your administrator gave you.',
        errors: [{ field: 'body.activationCode', message: 'Required.' }],
      });
      const wrong = await withCode('KJHGFEDCBA', '10.4.2.2');
      expect(wrong.json()).toMatchObject({
        errors: [{ field: 'body.activationCode', message: 'Not valid.' }],
      });
      expect(await failures('activation_code')).toBe(before + 2);
      // A code without an expiry, or past it, is worth nothing.
      await setCode(null);
      expect((await withCode('ABCDEFGHJK', '10.4.2.3')).json().code).toBe('activation_code_required');
      await setCode(new Date(Date.now() - 1_000).toISOString());
      expect((await withCode('ABCDEFGHJK', '10.4.2.4')).json().code).toBe('activation_code_required');
      await setCode(expires);
      expect((await withCode(' abcdefghjk ', '10.4.2.5')).statusCode).toBe(200);
    });
  });

  describe('password change', () => {
    it('after a forced change, moves on to MFA enrolment when MFA is required', async () => {
      const user = await userWithPassword('initial password 1234', {
        must_change_password: 1,
        mfa_required: 1,
      });
      const response = await signIn(user.email, 'initial password 1234', '10.5.0.1');
      expect(response.json().me.stage).toBe('password_change');
      const changed = await t.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: { cookie: cookieOf(response), 'x-csrf-token': response.json().csrfToken },
        payload: { currentPassword: 'initial password 1234', newPassword: 'a much better password' },
      });
      expect(changed.json()).toEqual({ stage: 'mfa_enrolment' });
    });

    it('explains each refusal on its field, refuses a federated-only account, and limits attempts per user', async () => {
      const user = await userWithPassword('limited password 1234');
      const other = await userWithPassword('other password 12345');
      const federated = await userWithPassword('federated password 1', { federated_only: 1 });
      const session = async (email: string, password: string, ip: string) => {
        const response = await signIn(email, password, ip);
        return { cookie: cookieOf(response), 'x-csrf-token': response.json().csrfToken as string };
      };
      const change = (headers: Record<string, string>, currentPassword: string, newPassword: string) =>
        t.inject({
          method: 'POST',
          url: '/api/v1/auth/password',
          headers,
          payload: { currentPassword, newPassword },
        });
      const mine = await session(user.email, 'limited password 1234', '10.5.1.1');
      const theirs = await session(other.email, 'other password 12345', '10.5.1.2');

      const same = await change(mine, 'limited password 1234', 'limited password 1234');
      expect(same.json()).toMatchObject({
        field: 'body.newPassword',
        errors: [{ field: 'body.newPassword', message: 'Choose a password different from the current one.' }],
      });
      for (let i = 0; i < 9; i++) {
        const wrong = await change(mine, 'not my password at all', 'a much better password');
        expect(wrong.statusCode).toBe(422);
        expect(wrong.json()).toMatchObject({
          code: 'invalid_request',
          errors: [{ field: 'body.currentPassword', message: 'Not your current password.' }],
        });
      }
      // Ten attempts in ten minutes per user; another user's attempts are not counted with them.
      expect((await change(mine, 'limited password 1234', 'a much better password')).statusCode).toBe(429);
      expect((await change(theirs, 'other password 12345', 'a much better password')).statusCode).toBe(200);

      // A federated-only account (its password set before it became one) cannot change a password.
      await t.app.db.kysely
        .updateTable('users')
        .set({ federated_only: 0 })
        .where('id', '=', federated.id)
        .execute();
      const fed = await session(federated.email, 'federated password 1', '10.5.1.3');
      await t.app.db.kysely
        .updateTable('users')
        .set({ federated_only: 1 })
        .where('id', '=', federated.id)
        .execute();
      const refused = await change(fed, 'federated password 1', 'a much better password');
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({
        code: 'invalid_request',
        detail: 'This account signs in through its identity provider only.',
      });
    });
  });

  describe('sign-in steps', () => {
    it('makes a user with an initial password change it before anything else is reachable', async () => {
      const user = await userWithPassword('initial password 1234', { must_change_password: 1 });
      const response = await signIn(user.email, 'initial password 1234', '10.1.0.1');
      expect(response.statusCode).toBe(200);
      expect(response.json().me.stage).toBe('password_change');
      expect(response.json().me.permissions['tenants.list']).toBe(false);
      const cookie = cookieOf(response);
      const csrf = response.json().csrfToken as string;
      for (const url of ['/api/v1/tenants', '/api/v1/users', '/api/v1/subscriptions', '/api/v1/api-tokens']) {
        const blocked = await t.inject({ method: 'GET', url, headers: { cookie } });
        expect(blocked.statusCode, url).toBe(403);
        expect(blocked.json()).toMatchObject({
          code: 'sign_in_incomplete',
          detail: 'Finish signing in first: the step due is "password_change".',
        });
      }
      const token = await t.inject({
        method: 'POST',
        url: '/api/v1/api-tokens',
        headers: { cookie, 'x-csrf-token': csrf },
        payload: { name: 'x' },
      });
      expect(token.statusCode).toBe(403);
      expect((await t.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).json().stage).toBe(
        'password_change',
      );

      const weak = await t.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: { cookie, 'x-csrf-token': csrf },
        payload: { currentPassword: 'initial password 1234', newPassword: 'short' },
      });
      expect(weak.json()).toMatchObject({ code: 'validation_failed', field: 'body.newPassword' });
      const wrongCurrent = await t.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: { cookie, 'x-csrf-token': csrf },
        payload: { currentPassword: 'not the initial one', newPassword: 'a much better password' },
      });
      expect(wrongCurrent.json()).toMatchObject({ field: 'body.currentPassword' });
      const same = await t.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: { cookie, 'x-csrf-token': csrf },
        payload: { currentPassword: 'initial password 1234', newPassword: 'initial password 1234' },
      });
      expect(same.statusCode, same.body).toBe(400);
      expect(same.json()).toMatchObject({ field: 'body.newPassword' });
      const changed = await t.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: { cookie, 'x-csrf-token': csrf },
        payload: { currentPassword: 'initial password 1234', newPassword: 'a much better password' },
      });
      expect(changed.json()).toEqual({ stage: 'active' });
      // The step up rotated the session id: the old cookie is dead, the new one is active.
      expect((await t.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(
        401,
      );
      const rotated = cookieOf(changed);
      expect(
        (await t.inject({ method: 'GET', url: '/api/v1/tenants', headers: { cookie: rotated } })).statusCode,
      ).toBe(200);
      expect((await signIn(user.email, 'initial password 1234', '10.1.0.2')).statusCode).toBe(401);
      expect((await signIn(user.email, 'a much better password', '10.1.0.3')).json().me.stage).toBe('active');
    });

    it('ends the other sessions on a password change, and every session on sign-out everywhere', async () => {
      const user = await userWithPassword('first password 12345');
      const a = await signIn(user.email, 'first password 12345', '10.2.0.1');
      const b = await signIn(user.email, 'first password 12345', '10.2.0.2');
      const c = await signIn(user.email, 'first password 12345', '10.2.0.3');
      const changed = await t.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: { cookie: cookieOf(a), 'x-csrf-token': a.json().csrfToken },
        payload: { currentPassword: 'first password 12345', newPassword: 'second password 12345' },
      });
      expect(changed.statusCode).toBe(200);
      expect(
        (await t.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: cookieOf(changed) } }))
          .statusCode,
      ).toBe(200);
      expect(
        (await t.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: cookieOf(b) } })).statusCode,
      ).toBe(401);
      expect(
        (await t.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: cookieOf(c) } })).statusCode,
      ).toBe(401);
      const d = await signIn(user.email, 'second password 12345', '10.2.0.4');
      const out = await t.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-out-everywhere',
        headers: { cookie: cookieOf(d), 'x-csrf-token': d.json().csrfToken },
      });
      expect(out.statusCode).toBe(204);
      for (const s of [changed, d])
        expect(
          (await t.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: cookieOf(s) } })).statusCode,
        ).toBe(401);
    });

    it('expires a session after the idle timeout', async () => {
      const user = await userWithPassword('idle password 12345');
      const response = await signIn(user.email, 'idle password 12345', '10.3.0.1');
      const stale = new Date(Date.now() - (t.app.config.sessionIdleMinutes + 1) * 60_000).toISOString();
      await t.app.db.kysely
        .updateTable('sessions')
        .set({ last_seen_at: stale })
        .where('user_id', '=', user.id)
        .execute();
      expect(
        (await t.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: cookieOf(response) } }))
          .statusCode,
      ).toBe(401);
    });
  });

  describe('the session probe (GET /api/v1/auth/session)', () => {
    const probe = (headers: Record<string, string> = {}) =>
      t.inject({ method: 'GET', url: '/api/v1/auth/session', headers });
    const SIGNED_OUT = { signedIn: false, csrfToken: null, stage: null, authenticatedBy: null, me: null };

    it('answers 200 "signed out" without credentials or with a dead cookie, so a browser logs no error', async () => {
      const none = await probe();
      expect(none.statusCode).toBe(200);
      expect(none.json()).toEqual(SIGNED_OUT);
      const garbage = await probe({ cookie: 'cms_session=not-a-session' });
      expect(garbage.statusCode).toBe(200);
      expect(garbage.json()).toEqual(SIGNED_OUT);
      const user = await userWithPassword('probe password 12345');
      const response = await signIn(user.email, 'probe password 12345', '10.5.0.1');
      const cookie = cookieOf(response);
      await t.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-out',
        headers: { cookie, 'x-csrf-token': response.json().csrfToken },
      });
      expect((await probe({ cookie })).json()).toEqual(SIGNED_OUT);
    });

    it('describes a signed-in session as GET /me does, with its CSRF token and step', async () => {
      const user = await userWithPassword('probe password 23456', { must_change_password: 1 });
      const response = await signIn(user.email, 'probe password 23456', '10.5.0.2');
      const cookie = cookieOf(response);
      const answer = await probe({ cookie });
      expect(answer.statusCode).toBe(200);
      const me = await t.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
      expect(answer.json()).toEqual({
        signedIn: true,
        csrfToken: response.json().csrfToken,
        stage: 'password_change',
        authenticatedBy: 'session',
        me: me.json(),
      });
    });
  });

  describe('User Settings', () => {
    it.each([
      ['users.tenantCanCreate', 'tenant_admin'],
      ['users.partnerCanCreate', 'partner_admin'],
      ['users.distributorCanCreate', 'distributor_admin'],
    ] as const)('with %s off, %s cannot create users and nothing is written', async (key, role) => {
      ok(await w.platformAdmin.client.PATCH('/api/v1/settings', { body: { values: { [key]: false } } }));
      const before = await snapshotDatabase(t.app);
      const refused = await w.A.people[role].client.POST('/api/v1/users', {
        body: {
          firstName: 'No',
          lastName: 'Way',
          email: `noway.${key}@example.test`,
          orgId: w.A.tenantId,
          role: 'reader',
        },
      });
      expect(refused.response.status).toBe(403);
      expect(await snapshotDatabase(t.app)).toBe(before);
      ok(await w.platformAdmin.client.PATCH('/api/v1/settings', { body: { values: { [key]: true } } }));
      ok(
        await w.A.people[role].client.POST('/api/v1/users', {
          body: {
            firstName: 'Now',
            lastName: 'Yes',
            email: `yes.${key}@example.test`,
            orgId: w.A.tenantId,
            role: 'reader',
          },
        }),
      );
    });

    it('refuses an initial password while Require User Activation is on, and applies the password policy', async () => {
      const admin = w.A.people.tenant_admin.client;
      const base = { firstName: 'Pw', lastName: 'Policy', orgId: w.A.tenantId, role: 'reader' as const };
      const refused = await admin.POST('/api/v1/users', {
        body: { ...base, email: 'pw1@example.test', initialPassword: 'long enough password' },
      });
      expect(refused.error).toMatchObject({ code: 'invalid_request', field: 'body.initialPassword' });
      ok(
        await w.platformAdmin.client.PATCH('/api/v1/settings', {
          body: { values: { 'users.requireActivation': false } },
        }),
      );
      const containsEmail = await admin.POST('/api/v1/users', {
        body: { ...base, email: 'pwuser@example.test', initialPassword: 'my pwuser password' },
      });
      expect(containsEmail.error).toMatchObject({ field: 'body.initialPassword' });
      const created = ok(
        await admin.POST('/api/v1/users', {
          body: { ...base, email: 'pw3@example.test', initialPassword: 'long enough password' },
        }),
      );
      const row = await t.app.db.kysely
        .selectFrom('users')
        .selectAll()
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ must_change_password: 1 });
      expect(row.activated_at).not.toBeNull();
      ok(
        await w.platformAdmin.client.PATCH('/api/v1/settings', {
          body: { values: { 'users.requireActivation': true } },
        }),
      );
    });
  });

  describe('database handle', () => {
    it('opens a second connection to the same embedded file (how two processes share it)', async () => {
      const other = openDatabase(db.url);
      const count = await other.kysely
        .selectFrom('users')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBeGreaterThan(10);
      await other.destroy();
    });
  });

  describe('user scope changes', () => {
    it('moves a user to another organisation within the admin scope; the new scope applies at once', async () => {
      const user = await userWithPassword('scope change password');
      const partnerAdmin = w.A.people.partner_admin.client;
      const outside = await partnerAdmin.PATCH('/api/v1/users/{id}', {
        params: { path: { id: user.id } },
        body: { orgId: w.B.tenantId },
      });
      expect(outside.error).toMatchObject({ code: 'not_found', field: 'body.orgId' });
      const moved = ok(
        await partnerAdmin.PATCH('/api/v1/users/{id}', {
          params: { path: { id: user.id } },
          body: { orgId: w.A.partnerId },
        }),
      );
      expect(moved).toMatchObject({ orgId: w.A.partnerId, level: 'partner' });
      // The tenant admin no longer sees the user, the partner's reader does.
      const tenantView = await w.A.people.tenant_admin.client.GET('/api/v1/users/{id}', {
        params: { path: { id: user.id } },
      });
      expect(tenantView.response.status).toBe(404);
      expect(
        (
          await w.A.people.partner_reader.client.GET('/api/v1/users/{id}', {
            params: { path: { id: user.id } },
          })
        ).response.status,
      ).toBe(200);
      const self = await w.A.people.partner_admin.client.PATCH('/api/v1/users/{id}', {
        params: { path: { id: w.A.people.partner_admin.userId } },
        body: { orgId: w.A.tenantId },
      });
      expect(self.error).toMatchObject({ code: 'invalid_request' });
    });
  });

  describe('disabling and deleting', () => {
    it('stops a disabled user’s sessions and tokens at once, and a deleted user’s too', async () => {
      const user = await userWithPassword('disable me password');
      const session = await signIn(user.email, 'disable me password', '10.4.0.1');
      const cookie = cookieOf(session);
      const created = await t.inject({
        method: 'POST',
        url: '/api/v1/api-tokens',
        headers: { cookie, 'x-csrf-token': session.json().csrfToken },
        payload: { name: 'mine' },
      });
      const token = created.json().token as string;
      const admin = w.A.people.tenant_admin.client;
      ok(
        await admin.PATCH('/api/v1/users/{id}', {
          params: { path: { id: user.id } },
          body: { disabled: true },
        }),
      );
      expect((await t.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(
        401,
      );
      expect(
        (await t.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } }))
          .statusCode,
      ).toBe(401);

      const other = await userWithPassword('delete me password');
      const otherSession = cookieOf(await signIn(other.email, 'delete me password', '10.4.0.2'));
      ok(await admin.DELETE('/api/v1/users/{id}', { params: { path: { id: other.id } } }));
      expect(
        (await t.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: otherSession } })).statusCode,
      ).toBe(401);
      expect((await signIn(other.email, 'delete me password', '10.4.0.3')).statusCode).toBe(401);
    });
  });
});

describe.each(ALL_ENGINES)('rate limits shared by two processes [%s]', (engine) => {
  const skip = !availableEngines().includes(engine);
  let testDb: TestDatabase;
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    if (skip) return;
    testDb = await createTestDatabase(engine);
    first = await startTestApp(testDb.url);
    second = await startTestApp(testDb.url);
  });
  afterAll(async () => {
    if (skip) return;
    await first.close();
    await second.close();
    await testDb.drop();
  });

  it.skipIf(skip)('counts hits from both processes against one limit, per window', async () => {
    const now = Date.parse('2026-11-22T10:00:30.000Z');
    const hit = (app: TestApp, bucket: string, at = now) => consumeRateLimit(app.app, bucket, 5, 60, at);
    // Taking turns: exactly five pass, whichever process they reach.
    const turns: string[] = [];
    for (let i = 0; i < 7; i++) {
      turns.push(
        await hit(i % 2 ? second : first, 'probe:turns').then(
          () => 'ok',
          (e: unknown) => (e as AppError).code,
        ),
      );
    }
    expect(turns).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'rate_limited', 'rate_limited']);
    // A burst from both at once: never more than five pass (a burst may refuse a few more).
    const burst = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => hit(i % 2 ? second : first, 'probe:burst')),
    );
    expect(burst.filter((r) => r.status === 'fulfilled').length).toBeLessThanOrEqual(5);
    // The next window starts from zero.
    await expect(hit(first, 'probe:turns', now + 60_000)).resolves.toBeUndefined();
    const rows = await first.app.db.kysely
      .selectFrom('rate_limits')
      .selectAll()
      .where('bucket', '=', 'probe:turns')
      .execute();
    expect(rows.map((r) => r.hits).sort()).toEqual([1, 7]);
  });
});
