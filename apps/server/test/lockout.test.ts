import { describe, expect, it } from 'vitest';
import { isLockedOut, lockedUntil } from '../src/modules/auth/lockout.ts';
import { hashPassword } from '../src/modules/auth/passwords.ts';
import { ok, type TestApp, tokenFor } from './support/app.ts';
import { useEngineWorld } from './support/engine-world.ts';
import { ALL_ENGINES } from './support/engines.ts';
import type { World } from './support/world.ts';

/**
 * Lockout after wrong passwords (issue 9 §4): it stops password sign-in only, for the Lockout
 * Duration (0: until an administrator unlocks), while the account's API tokens and sessions keep
 * working; a successful sign-in starts the count afresh; the audit log shows the lock and the
 * unlock; sign-in refuses a locked account exactly as it refuses a wrong password.
 */
const RIGHT = 'correct horse battery staple';
const WRONG = 'not the password at all';

describe.each(ALL_ENGINES)('lockout [%s]', (engine) => {
  let t: TestApp;
  let w: World;
  let seq = 0;
  let ipSeq = 0;

  const skip = useEngineWorld(engine, (app, world) => {
    t = app;
    w = world;
  });

  async function settings(values: Record<string, number>) {
    ok(await w.platformAdmin.client.PATCH('/api/v1/settings', { body: { values } }));
  }

  async function newUser() {
    seq += 1;
    const email = `lockout.${seq}@example.test`;
    const created = ok(
      await w.A.people.tenant_admin.client.POST('/api/v1/users', {
        body: { firstName: 'Lock', lastName: `Out${seq}`, email, orgId: w.A.tenantId, role: 'reader' },
      }),
    );
    await t.app.db.kysely
      .updateTable('users')
      .set({ password_hash: await hashPassword(RIGHT), activated_at: new Date().toISOString() })
      .where('id', '=', created.id)
      .execute();
    return { id: created.id, email };
  }

  function signIn(email: string, password: string) {
    ipSeq += 1;
    return t.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email, password },
      // A new address each time: the per-address limit is not what these tests are about.
      remoteAddress: `10.91.${Math.floor(ipSeq / 200)}.${ipSeq % 200}`,
    });
  }

  /** What a refused sign-in says, without what differs per request. */
  async function refusal(email: string, password: string) {
    const response = await signIn(email, password);
    const { requestId: _r, ...body } = response.json() as Record<string, unknown>;
    return { status: response.statusCode, body };
  }

  const adminView = async (id: string) =>
    ok(await w.A.people.tenant_admin.client.GET('/api/v1/users/{id}', { params: { path: { id } } }));

  const auditOf = async (targetId: string, action: string) =>
    ok(
      await w.A.people.tenant_admin.client.GET('/api/v1/audit-events', {
        params: { query: { targetId, action } },
      }),
    ).items;

  const userRow = (id: string) =>
    t.app.db.kysely.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it.skipIf(skip)('a successful sign-in starts the count of wrong passwords afresh', async () => {
    await settings({ 'users.lockoutThreshold': 3, 'users.lockoutDurationMinutes': 15 });
    const user = await newUser();
    for (let round = 0; round < 3; round++) {
      // Two wrong, then right: never three in a row, so never locked, however many in total.
      expect((await signIn(user.email, WRONG)).statusCode).toBe(401);
      expect((await signIn(user.email, WRONG)).statusCode).toBe(401);
      expect((await userRow(user.id)).failed_sign_ins).toBe(2);
      const right = await signIn(user.email, RIGHT);
      expect(right.statusCode, right.body).toBe(200);
      expect((await userRow(user.id)).failed_sign_ins).toBe(0);
    }
    expect((await adminView(user.id)).lockedOut).toBe(false);
    expect(await auditOf(user.id, 'user.lockout')).toEqual([]);
  });

  it.skipIf(skip)(
    'locks password sign-in for the Lockout Duration; tokens and sessions keep working',
    async () => {
      await settings({ 'users.lockoutThreshold': 3, 'users.lockoutDurationMinutes': 15 });
      const user = await newUser();
      const session = await signIn(user.email, RIGHT);
      const cookie = `cms_session=${session.cookies.find((c) => c.name === 'cms_session')!.value}`;
      const token = await tokenFor(t.app, user.id);
      const lockedAt = Date.now();
      for (let i = 0; i < 3; i++) expect((await signIn(user.email, WRONG)).statusCode).toBe(401);

      // The right password is refused exactly like a wrong one, or an unknown address.
      const locked = await refusal(user.email, RIGHT);
      expect(locked.status).toBe(401);
      expect(locked.body).toEqual({ ...(await refusal('nobody.here@example.test', RIGHT)).body });
      expect(locked.body).toEqual((await refusal(user.email, WRONG)).body);

      // The account's automation and the session it already had are not cut off.
      const byToken = await t.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(byToken.statusCode, byToken.body).toBe(200);
      const bySession = await t.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
      expect(bySession.statusCode, bySession.body).toBe(200);

      const view = await adminView(user.id);
      expect(view.lockedOut).toBe(true);
      const until = Date.parse(view.lockedUntil!);
      expect(until - lockedAt).toBeGreaterThanOrEqual(15 * 60_000 - 1000);
      expect(until - lockedAt).toBeLessThanOrEqual(15 * 60_000 + 30_000);
      const audit = await auditOf(user.id, 'user.lockout');
      expect(audit).toHaveLength(1);
      expect(audit[0]!.after).toMatchObject({ lockedOut: true, lockedUntil: view.lockedUntil });

      // Guessing on while locked neither counts nor moves the end.
      const before = await userRow(user.id);
      for (let i = 0; i < 3; i++) expect((await signIn(user.email, WRONG)).statusCode).toBe(401);
      const after = await userRow(user.id);
      expect(after.locked_until).toBe(before.locked_until);
      expect(after.failed_sign_ins).toBe(before.failed_sign_ins);
      expect(await auditOf(user.id, 'user.lockout')).toHaveLength(1);

      // The end comes with the time, without any write: the clock is moved, not the lockout.
      await t.app.db.kysely
        .updateTable('users')
        .set({ locked_until: new Date(Date.now() - 1000).toISOString() })
        .where('id', '=', user.id)
        .execute();
      const expired = await adminView(user.id);
      expect(expired).toMatchObject({ lockedOut: false, lockedUntil: null });
      const listed = ok(
        await w.A.people.tenant_admin.client.GET('/api/v1/users', {
          params: { query: { q: user.email } },
        }),
      );
      expect(listed.items.map((u) => [u.id, u.lockedOut])).toEqual([[user.id, false]]);
      const again = await signIn(user.email, RIGHT);
      expect(again.statusCode, again.body).toBe(200);
    },
  );

  it.skipIf(skip)('a duration of 0 locks until an administrator unlocks; the audit shows both', async () => {
    await settings({ 'users.lockoutThreshold': 3, 'users.lockoutDurationMinutes': 0 });
    const user = await newUser();
    for (let i = 0; i < 3; i++) expect((await signIn(user.email, WRONG)).statusCode).toBe(401);
    expect((await userRow(user.id)).locked_until).toBeNull();
    expect(await adminView(user.id)).toMatchObject({ lockedOut: true, lockedUntil: null });
    expect((await signIn(user.email, RIGHT)).statusCode).toBe(401);
    const [lock] = await auditOf(user.id, 'user.lockout');
    expect(lock!.after).toMatchObject({ lockedOut: true, lockedUntil: null });

    ok(
      await w.A.people.tenant_admin.client.PATCH('/api/v1/users/{id}', {
        params: { path: { id: user.id } },
        body: { lockedOut: false },
      }),
    );
    const [unlock] = await auditOf(user.id, 'user.update');
    expect(unlock!.before).toMatchObject({ lockedOut: true });
    expect(unlock!.after).toMatchObject({ lockedOut: false });
    expect(unlock!.actor.userId).toBe(w.A.people.tenant_admin.userId);
    const right = await signIn(user.email, RIGHT);
    expect(right.statusCode, right.body).toBe(200);
    await settings({ 'users.lockoutThreshold': 5, 'users.lockoutDurationMinutes': 15 });
  });

  it.skipIf(skip)('registers Lockout Duration (Minutes) beside the threshold: 0 to a week', async () => {
    const all = ok(await w.platformAdmin.client.GET('/api/v1/settings'));
    const users = all.groups.find((g) => g.id === 'users')!.settings.map((s) => s.key);
    expect(users.indexOf('users.lockoutDurationMinutes')).toBe(users.indexOf('users.lockoutThreshold') + 1);
    const duration = all.groups
      .flatMap((g) => g.settings)
      .find((s) => s.key === 'users.lockoutDurationMinutes')!;
    expect(duration).toMatchObject({
      label: 'Lockout Duration (Minutes)',
      type: 'integer',
      defaultValue: 15,
    });
    for (const bad of [-1, 1.5, 10_081, '15']) {
      const refused = await t.inject({
        method: 'PATCH',
        url: '/api/v1/settings',
        headers: { authorization: `Bearer ${w.platformAdmin.token}`, 'content-type': 'application/json' },
        payload: JSON.stringify({ values: { 'users.lockoutDurationMinutes': bad } }),
      });
      expect(refused.statusCode, String(bad)).toBe(400);
      expect(refused.json().field).toBe('body.values.users.lockoutDurationMinutes');
    }
  });
});

describe('when a lockout ends', () => {
  const end = '2026-03-01T10:15:00.000Z';
  it('lasts until its end time, exclusive: at that instant password sign-in is open again', () => {
    const user = { locked_out: 1, locked_until: end };
    expect(isLockedOut(user, '2026-03-01T10:14:59.999Z')).toBe(true);
    expect(isLockedOut(user, end)).toBe(false);
    expect(lockedUntil(user, '2026-03-01T10:14:59.999Z')).toBe(end);
    expect(lockedUntil(user, end)).toBeNull();
  });
  it('without an end lasts until an administrator unlocks; an unlocked account is never locked out', () => {
    expect(isLockedOut({ locked_out: 1, locked_until: null }, '2099-01-01T00:00:00.000Z')).toBe(true);
    expect(lockedUntil({ locked_out: 1, locked_until: null }, '2099-01-01T00:00:00.000Z')).toBeNull();
    expect(isLockedOut({ locked_out: 0, locked_until: end }, '2026-03-01T10:00:00.000Z')).toBe(false);
  });
});
