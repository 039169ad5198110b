import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, type TestApp } from './support/app.ts';
import { useEngineWorld } from './support/engine-world.ts';
import { ALL_ENGINES } from './support/engines.ts';
import {
  type ReceivedMail,
  type SmtpSink,
  startSmtpSink,
  tokenIn,
  useSmtpSink,
} from './support/smtp-sink.ts';
import { snapshotDatabase } from './support/snapshot.ts';
import type { World } from './support/world.ts';

/**
 * Invitations, activation, activation codes and password resets, end to end: the API creates a
 * user, a real SMTP server on loopback receives the e-mail, the link in it is followed, and the
 * user signs in, on every engine (their conditional updates differ per engine).
 */
describe.each(ALL_ENGINES)('activation [%s]', (engine) => {
  let t: TestApp;
  let w: World;
  let sink: SmtpSink;
  let seq = 0;
  let ipSeq = 0;

  const skip = useEngineWorld(engine, (app, world) => {
    t = app;
    w = world;
  });
  if (skip) return;
  beforeAll(async () => {
    sink = await startSmtpSink();
    await useSmtpSink(t.app, sink);
  });
  afterAll(async () => {
    await sink.close();
  });

  /** A fresh client address per call, so the per-address sign-in and reset limits stay out of the way. */
  const nextIp = () => {
    ipSeq += 1;
    return `10.30.${Math.floor(ipSeq / 250)}.${(ipSeq % 250) + 1}`;
  };

  function post(url: string, payload: unknown, headers: Record<string, string> = {}, ip = nextIp()) {
    return t.inject({ method: 'POST', url, payload: payload as object, headers, remoteAddress: ip });
  }

  const signIn = (email: string, password: string, activationCode?: string) =>
    post('/api/v1/auth/sign-in', { email, password, ...(activationCode ? { activationCode } : {}) });
  const activate = (token: string, password: string) => post('/api/v1/auth/activate', { token, password });
  const resetRequest = (email: string, ip?: string) => post('/api/v1/auth/password-reset', { email }, {}, ip);
  const resetConfirm = (token: string, password: string) =>
    post('/api/v1/auth/password-reset/confirm', { token, password });

  const cookieOf = (response: Awaited<ReturnType<typeof post>>) => {
    const cookie = response.cookies.find((c) => c.name === 'cms_session');
    return cookie ? `cms_session=${cookie.value}` : '';
  };

  async function setSettings(values: Record<string, unknown>) {
    ok(await w.platformAdmin.client.PATCH('/api/v1/settings', { body: { values } }));
  }

  /** A new tenant reader created by branch A's tenant administrator through the API. */
  async function createUser(extra: { initialPassword?: string; federatedOnly?: boolean } = {}) {
    seq += 1;
    const email = `activation.${seq}@example.test`;
    const created = ok(
      await w.A.people.tenant_admin.client.POST('/api/v1/users', {
        body: {
          firstName: 'Ada',
          lastName: `Act${seq}`,
          email,
          orgId: w.A.tenantId,
          role: 'reader',
          ...extra,
        },
      }),
    );
    return { ...created, email };
  }

  const invitationTo = (email: string) =>
    sink.waitFor((m) => m.to.includes(email) && m.subject.startsWith('Activate'));
  const resetMailTo = (email: string) =>
    sink.waitFor((m) => m.to.includes(email) && m.subject === 'Reset your password');

  async function userRow(id: string) {
    return t.app.db.kysely.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  describe('invitation and activation (Require User Activation on, the default)', () => {
    it('e-mails an invitation link; the user cannot sign in until activating with it, then can', async () => {
      const user = await createUser();
      expect(user.invitation).toBe('queued');
      expect(user).not.toHaveProperty('activationCode');
      const mail = await invitationTo(user.email);
      expect(mail.subject).toBe('Activate your Alpha Tenant account');
      expect(mail.text).toContain('Hello Ada,');
      expect(mail.html).toContain('Choose a password');
      // Without the Portal Address setting the links point at the listen address.
      const link = new URL(mail.text.match(/http\S+\/activate\?token=\S+/)![0]);
      expect(link.origin).toBe('http://127.0.0.1:3000');
      const token = tokenIn(mail, '/activate');

      const password = 'correct horse battery staple';
      expect((await signIn(user.email, password)).statusCode).toBe(401);
      // A password that breaks the policy is refused and leaves the link usable.
      const weak = await activate(token, 'short');
      expect(weak.statusCode).toBe(400);
      expect(weak.json()).toMatchObject({ code: 'validation_failed', field: 'body.password' });
      const containsEmail = await activate(token, `my ${user.email.split('@')[0]} password`);
      expect(containsEmail.json()).toMatchObject({ field: 'body.password' });

      const activated = await activate(token, password);
      expect(activated.statusCode, activated.body).toBe(200);
      expect(activated.json()).toEqual({ email: user.email, activationCodeRequired: false });
      const row = await userRow(user.id);
      expect(row.activated_at).not.toBeNull();
      expect(row.must_change_password).toBe(0);

      const signedIn = await signIn(user.email, password);
      expect(signedIn.statusCode, signedIn.body).toBe(200);
      expect(signedIn.json().me.stage).toBe('active');

      const audit = ok(
        await w.A.people.tenant_admin.client.GET('/api/v1/audit-events', {
          params: { query: { targetId: user.id, action: 'user.activate' } },
        }),
      );
      expect(audit.items).toHaveLength(1);
      expect(audit.items[0]!.actor).toMatchObject({ userId: user.id });
    });

    it('works once: a second use of the link is refused and changes nothing', async () => {
      const user = await createUser();
      const token = tokenIn(await invitationTo(user.email), '/activate');
      expect((await activate(token, 'first password 12345')).statusCode).toBe(200);
      const before = await snapshotDatabase(t.app);
      const again = await activate(token, 'second password 12345');
      expect(again.statusCode).toBe(400);
      expect(again.json()).toMatchObject({ code: 'validation_failed', field: 'body.token' });
      expect(again.json().detail).toMatch(/expired, was already used/);
      expect(await snapshotDatabase(t.app)).toBe(before);
      expect((await signIn(user.email, 'second password 12345')).statusCode).toBe(401);
      expect((await signIn(user.email, 'first password 12345')).statusCode).toBe(200);
    });

    it('expires: an expired or unknown link is refused and nothing is written', async () => {
      const user = await createUser();
      const token = tokenIn(await invitationTo(user.email), '/activate');
      await t.app.db.kysely
        .updateTable('user_links')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('user_id', '=', user.id)
        .execute();
      const before = await snapshotDatabase(t.app);
      for (const candidate of [token, 'x'.repeat(43)]) {
        const refused = await activate(candidate, 'a perfectly fine password');
        expect(refused.statusCode).toBe(400);
        expect(refused.json()).toMatchObject({ field: 'body.token' });
      }
      expect(await snapshotDatabase(t.app)).toBe(before);
      expect((await userRow(user.id)).activated_at).toBeNull();
    });

    it('refuses an initial password while activation is required', async () => {
      const refused = await w.A.people.tenant_admin.client.POST('/api/v1/users', {
        body: {
          firstName: 'No',
          lastName: 'Password',
          email: 'initial.refused@example.test',
          orgId: w.A.tenantId,
          role: 'reader',
          initialPassword: 'long enough password',
        },
      });
      expect(refused.response.status).toBe(422);
      expect(refused.error).toMatchObject({ code: 'invalid_request', field: 'body.initialPassword' });
    });

    it('uses the Portal Address setting for links, and e-mails the administrators of a new organisation', async () => {
      await setSettings({ 'platform.publicUrl': 'https://cms.example.test/' });
      try {
        seq += 1;
        const email = `tenant.admin.${seq}@example.test`;
        const tenant = ok(
          await w.A.people.partner_admin.client.POST('/api/v1/tenants', {
            body: {
              name: `Invited Tenant ${seq}`,
              partnerId: w.A.partnerId,
              administrators: [{ firstName: 'Tia', lastName: 'Admin', email }],
            },
          }),
        );
        expect(tenant.administrators![0]).toMatchObject({ email, invitation: 'queued' });
        expect(tenant.administrators![0]).not.toHaveProperty('activationCode');
        const mail = await invitationTo(email);
        expect(mail.subject).toBe(`Activate your Invited Tenant ${seq} account`);
        const link = new URL(mail.text.match(/https\S+\/activate\?token=\S+/)![0]);
        expect(link.origin + link.pathname).toBe('https://cms.example.test/activate');

        // addAdministrators on an update: only the new one carries the invitation outcome.
        const added = `added.admin.${seq}@example.test`;
        const updated = ok(
          await w.A.people.partner_admin.client.PATCH('/api/v1/tenants/{id}', {
            params: { path: { id: tenant.id } },
            body: { addAdministrators: [{ firstName: 'Ned', lastName: 'Admin', email: added }] },
          }),
        );
        const byEmail = Object.fromEntries(updated.administrators!.map((a) => [a.email, a]));
        expect(byEmail[added]).toMatchObject({ invitation: 'queued' });
        expect(byEmail[email]).not.toHaveProperty('invitation');
        await invitationTo(added);
        // A plain read never carries invitation outcomes or codes.
        const read = ok(
          await w.A.people.partner_admin.client.GET('/api/v1/tenants/{id}', {
            params: { path: { id: tenant.id } },
          }),
        );
        for (const admin of read.administrators!) {
          expect(admin).not.toHaveProperty('invitation');
          expect(admin).not.toHaveProperty('activationCode');
        }
      } finally {
        await setSettings({ 'platform.publicUrl': '' });
      }
    });
  });

  describe('without Require User Activation', () => {
    beforeAll(() => setSettings({ 'users.requireActivation': false }));
    afterAll(() => setSettings({ 'users.requireActivation': true }));

    it('accepts an initial password, sends no invitation, and makes the user change it at first sign-in', async () => {
      const before = sink.messages.length;
      const user = await createUser({ initialPassword: 'initial password 1234' });
      expect(user.invitation).toBe('not_needed');
      const signedIn = await signIn(user.email, 'initial password 1234');
      expect(signedIn.statusCode, signedIn.body).toBe(200);
      expect(signedIn.json().me.stage).toBe('password_change');
      const cookie = cookieOf(signedIn);
      const changed = await post(
        '/api/v1/auth/password',
        { currentPassword: 'initial password 1234', newPassword: 'my own password 5678' },
        { cookie, 'x-csrf-token': signedIn.json().csrfToken },
      );
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json()).toEqual({ stage: 'active' });
      const rotated = cookieOf(changed); // the step up gave the session a new id
      expect(
        (await t.inject({ method: 'GET', url: '/api/v1/tenants', headers: { cookie: rotated } })).statusCode,
      ).toBe(200);
      expect(sink.to(user.email)).toEqual([]);
      expect(sink.messages.length).toBe(before);
    });

    it('still invites a user created without a password', async () => {
      const user = await createUser();
      expect(user.invitation).toBe('queued');
      await invitationTo(user.email);
    });
  });

  describe('Require User Activation Code', () => {
    beforeAll(() => setSettings({ 'users.requireActivationCode': true }));
    afterAll(() => setSettings({ 'users.requireActivationCode': false }));

    it('returns the code once; the first sign-in needs it, and afterwards it is worth nothing', async () => {
      const user = await createUser();
      expect(user.activationCode).toMatch(/^[A-Z2-9]{10}$/);
      const code = user.activationCode!;
      // Shown only in the create response.
      const read = ok(
        await w.A.people.tenant_admin.client.GET('/api/v1/users/{id}', { params: { path: { id: user.id } } }),
      );
      expect(JSON.stringify(read)).not.toContain(code);
      const mail = await invitationTo(user.email);
      expect(mail.text).not.toContain(code);
      const activated = await activate(tokenIn(mail, '/activate'), 'coded password 12345');
      expect(activated.json()).toEqual({ email: user.email, activationCodeRequired: true });

      const without = await signIn(user.email, 'coded password 12345');
      expect(without.statusCode).toBe(401);
      expect(without.json()).toMatchObject({
        code: 'activation_code_required',
        field: 'body.activationCode',
      });
      const wrong = await signIn(user.email, 'coded password 12345', 'ABCDEFGHJK');
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json()).toMatchObject({ code: 'activation_code_required' });
      const right = await signIn(user.email, 'coded password 12345', code.toLowerCase());
      expect(right.statusCode, right.body).toBe(200);
      expect((await userRow(user.id)).activation_code_hash).toBeNull();

      // Consumed: later sign-ins need no code, and the code opens nothing for anyone else.
      expect((await signIn(user.email, 'coded password 12345')).statusCode).toBe(200);
      const other = await createUser();
      const otherToken = tokenIn(await invitationTo(other.email), '/activate');
      expect((await activate(otherToken, 'other password 12345')).statusCode).toBe(200);
      const borrowed = await signIn(other.email, 'other password 12345', code);
      expect(borrowed.json()).toMatchObject({ code: 'activation_code_required' });
      expect((await signIn(other.email, 'other password 12345', other.activationCode!)).statusCode).toBe(200);
    });

    it('gives administrators created with an organisation their codes in the create response', async () => {
      seq += 1;
      const partner = ok(
        await w.A.people.distributor_admin.client.POST('/api/v1/partners', {
          body: {
            name: `Coded Partner ${seq}`,
            distributorId: w.A.distributorId,
            administrators: [{ firstName: 'Cody', lastName: 'Admin', email: `coded.${seq}@example.test` }],
          },
        }),
      );
      expect(partner.administrators![0]).toMatchObject({ invitation: 'queued' });
      expect(partner.administrators![0]!.activationCode).toMatch(/^[A-Z2-9]{10}$/);
    });

    it('renews a pending code when the invitation is resent; the old code stops working', async () => {
      const user = await createUser();
      const oldCode = user.activationCode!;
      await invitationTo(user.email);
      const resent = ok(
        await w.A.people.tenant_admin.client.POST('/api/v1/users/{id}/invitation', {
          params: { path: { id: user.id } },
        }),
      );
      expect(resent.activationCode).toMatch(/^[A-Z2-9]{10}$/);
      expect(resent.activationCode).not.toBe(oldCode);
      await sink.waitFor((m) => m.to.includes(user.email) && sink.to(user.email).length === 2);
      const latest = sink.to(user.email).at(-1)!;
      expect((await activate(tokenIn(latest, '/activate'), 'renewed password 123')).statusCode).toBe(200);
      const stale = await signIn(user.email, 'renewed password 123', oldCode);
      expect(stale.json()).toMatchObject({ code: 'activation_code_required' });
      expect((await signIn(user.email, 'renewed password 123', resent.activationCode)).statusCode).toBe(200);
    });
    it('never strands a user: code A shown, resend replaces it, activate with the link, enter code A, then a new code from the administrator works', async () => {
      // The sequence from issue 10: the create screen shows code A and the administrator resends.
      const user = await createUser();
      const codeA = user.activationCode!;
      await invitationTo(user.email);
      const resent = ok(
        await w.A.people.tenant_admin.client.POST('/api/v1/users/{id}/invitation', {
          params: { path: { id: user.id } },
        }),
      );
      expect(resent.delivery).toBe('email');
      await sink.waitFor(() => sink.to(user.email).length === 2);
      const link = tokenIn(sink.to(user.email).at(-1)!, '/activate');
      expect((await activate(link, 'stranded password 123')).statusCode).toBe(200);
      // The user types the code first shown: refused, and a resend is no longer possible.
      const stale = await signIn(user.email, 'stranded password 123', codeA);
      expect(stale.json()).toMatchObject({ code: 'activation_code_required', field: 'body.activationCode' });
      const again = await w.A.people.tenant_admin.client.POST('/api/v1/users/{id}/invitation', {
        params: { path: { id: user.id } },
      });
      expect(again.response.status).toBe(422);
      expect(again.error?.detail).toMatch(/issue a new code/);
      // Turning the setting off does not lift a pending code by itself...
      await setSettings({ 'users.requireActivationCode': false });
      try {
        expect((await signIn(user.email, 'stranded password 123')).statusCode).toBe(401);
        const read = ok(
          await w.A.people.tenant_admin.client.GET('/api/v1/users/{id}', {
            params: { path: { id: user.id } },
          }),
        );
        expect(read).toMatchObject({ status: 'active', activationCodePending: true });
        // ...but the administrator can always issue a new code, and the user signs in with it.
        const outsider = await w.B.people.tenant_admin.client.POST('/api/v1/users/{id}/activation-code', {
          params: { path: { id: user.id } },
        });
        expect(outsider.response.status).toBe(404);
        const reader = await w.A.people.tenant_reader.client.POST('/api/v1/users/{id}/activation-code', {
          params: { path: { id: user.id } },
        });
        expect(reader.response.status).toBe(403);
        const issued = ok(
          await w.A.people.tenant_admin.client.POST('/api/v1/users/{id}/activation-code', {
            params: { path: { id: user.id } },
          }),
        );
        expect(issued.activationCode).toMatch(/^[A-Z2-9]{10}$/);
        expect([codeA, resent.activationCode]).not.toContain(issued.activationCode);
        expect((await signIn(user.email, 'stranded password 123', resent.activationCode)).statusCode).toBe(
          401,
        );
        const signedIn = await signIn(user.email, 'stranded password 123', issued.activationCode);
        expect(signedIn.statusCode, signedIn.body).toBe(200);
      } finally {
        await setSettings({ 'users.requireActivationCode': true });
      }
      // Done: nothing left to issue, and the audit names what happened without the code.
      const done = await w.A.people.tenant_admin.client.POST('/api/v1/users/{id}/activation-code', {
        params: { path: { id: user.id } },
      });
      expect(done.response.status).toBe(422);
      expect(done.error?.detail).toMatch(/needs no activation code/);
      const audit = ok(
        await w.A.people.tenant_admin.client.GET('/api/v1/audit-events', {
          params: { query: { targetId: user.id, action: 'user.activationCodeIssued' } },
        }),
      );
      expect(audit.items).toHaveLength(1);
      expect(audit.items[0]!.actor).toMatchObject({ userId: w.A.people.tenant_admin.userId });
    });
  });

  describe('resending an invitation', () => {
    it('sends a new link and kills the old one; refused once activated, 404 from another branch', async () => {
      const user = await createUser();
      const first = tokenIn(await invitationTo(user.email), '/activate');
      const outsider = await w.B.people.tenant_admin.client.POST('/api/v1/users/{id}/invitation', {
        params: { path: { id: user.id } },
      });
      expect(outsider.response.status).toBe(404);
      const reader = await w.A.people.tenant_reader.client.POST('/api/v1/users/{id}/invitation', {
        params: { path: { id: user.id } },
      });
      expect(reader.response.status).toBe(403);

      const resent = await w.A.people.partner_admin.client.POST('/api/v1/users/{id}/invitation', {
        params: { path: { id: user.id } },
      });
      expect(resent.response.status).toBe(202);
      expect(Date.parse(resent.data!.expiresAt)).toBeGreaterThan(Date.now() + 6 * 86_400_000);
      await sink.waitFor(() => sink.to(user.email).length === 2);
      const second = tokenIn(sink.to(user.email).at(-1)!, '/activate');
      expect(second).not.toBe(first);
      expect((await activate(first, 'a fine password 1234')).json()).toMatchObject({ field: 'body.token' });
      expect((await activate(second, 'a fine password 1234')).statusCode).toBe(200);

      const already = await w.A.people.tenant_admin.client.POST('/api/v1/users/{id}/invitation', {
        params: { path: { id: user.id } },
      });
      expect(already.response.status).toBe(422);
      expect(already.error?.detail).toMatch(/already activated/);
      const audit = ok(
        await w.A.people.tenant_admin.client.GET('/api/v1/audit-events', {
          params: { query: { targetId: user.id, action: 'user.invitationResent' } },
        }),
      );
      expect(audit.items).toHaveLength(1);
    });

    it('without e-mail, hands the creating administrator a one-time activation link, audited without the secret', async () => {
      await setSettings({ 'smtp.host': '' });
      try {
        const before = sink.messages.length;
        const user = await createUser();
        expect(user.invitation).toBe('link');
        expect(user.status).toBe('invited');
        const link = new URL(user.activationLink!);
        expect(link.origin + link.pathname).toBe('http://127.0.0.1:3000/activate');
        const token = link.searchParams.get('token')!;
        // Shown once: a read of the user never carries it.
        const read = ok(
          await w.A.people.tenant_admin.client.GET('/api/v1/users/{id}', {
            params: { path: { id: user.id } },
          }),
        );
        expect(JSON.stringify(read)).not.toContain(token);
        const audit = ok(
          await w.A.people.tenant_admin.client.GET('/api/v1/audit-events', {
            params: { query: { targetId: user.id, action: 'user.create' } },
          }),
        );
        expect(audit.items).toHaveLength(1);
        expect(audit.items[0]!.after).toMatchObject({ invitation: 'link' });
        const stored = await t.app.db.kysely.selectFrom('audit_events').selectAll().execute();
        expect(JSON.stringify(stored)).not.toContain(token);

        expect((await activate(token, 'link password 123456')).statusCode).toBe(200);
        const signedIn = await signIn(user.email, 'link password 123456');
        expect(signedIn.statusCode, signedIn.body).toBe(200);
        expect(signedIn.json().me.user).toMatchObject({ status: 'active', orgName: 'Alpha Tenant' });

        // The administrators created with an organisation get their links the same way.
        seq += 1;
        const tenant = ok(
          await w.A.people.partner_admin.client.POST('/api/v1/tenants', {
            body: {
              name: `Linked Tenant ${seq}`,
              partnerId: w.A.partnerId,
              administrators: [{ firstName: 'Lin', lastName: 'Admin', email: `linked.${seq}@example.test` }],
            },
          }),
        );
        const administrator = tenant.administrators![0]!;
        expect(administrator).toMatchObject({ invitation: 'link' });
        const adminToken = new URL(administrator.activationLink!).searchParams.get('token')!;
        expect((await activate(adminToken, 'tenant admin password 9')).statusCode).toBe(200);
        expect(sink.messages.length).toBe(before);
      } finally {
        await setSettings({ 'smtp.host': sink.host });
      }
    });

    it('without e-mail, a resend hands over a new link (the old one stops working); with e-mail it is e-mailed', async () => {
      await setSettings({ 'smtp.host': '' });
      let user: Awaited<ReturnType<typeof createUser>>;
      try {
        user = await createUser();
        const first = new URL(user.activationLink!).searchParams.get('token')!;
        const resent = ok(
          await w.A.people.tenant_admin.client.POST('/api/v1/users/{id}/invitation', {
            params: { path: { id: user.id } },
          }),
        );
        expect(resent.delivery).toBe('link');
        const second = new URL(resent.activationLink!).searchParams.get('token')!;
        expect(second).not.toBe(first);
        expect((await activate(first, 'a fine password 1234')).json()).toMatchObject({ field: 'body.token' });
        const audit = ok(
          await w.A.people.tenant_admin.client.GET('/api/v1/audit-events', {
            params: { query: { targetId: user.id, action: 'user.invitationResent' } },
          }),
        );
        expect(audit.items.map((a) => a.after)).toEqual([{ activationCodeRenewed: false, delivery: 'link' }]);
        expect(JSON.stringify(audit.items)).not.toContain(second);
      } finally {
        await setSettings({ 'smtp.host': sink.host });
      }
      const emailed = ok(
        await w.A.people.tenant_admin.client.POST('/api/v1/users/{id}/invitation', {
          params: { path: { id: user.id } },
        }),
      );
      expect(emailed.delivery).toBe('email');
      expect(emailed).not.toHaveProperty('activationLink');
      const token = tokenIn(await invitationTo(user.email), '/activate');
      expect((await activate(token, 'a fine password 1234')).statusCode).toBe(200);
    });

    it('keeps the secrets of an idempotent create encrypted in the replay store, and a replay answers the same', async () => {
      await setSettings({ 'smtp.host': '', 'users.requireActivationCode': true });
      try {
        seq += 1;
        const body = {
          firstName: 'Ida',
          lastName: `Idem${seq}`,
          email: `idempotent.${seq}@example.test`,
          orgId: w.A.tenantId,
          role: 'reader' as const,
        };
        const headers = { 'idempotency-key': `idem-secret-${engine}-${seq}` };
        const first = await w.A.people.tenant_admin.client.POST('/api/v1/users', { body, headers });
        expect(first.response.status).toBe(201);
        const created = first.data!;
        const token = new URL(created.activationLink!).searchParams.get('token')!;
        const code = created.activationCode!;
        expect(token.length).toBeGreaterThan(20);
        expect(code.length).toBeGreaterThan(5);
        const row = await t.app.db.kysely
          .selectFrom('idempotency_keys')
          .selectAll()
          .where('idempotency_key', '=', headers['idempotency-key'])
          .executeTakeFirstOrThrow();
        expect(row.status_code).toBe(201);
        const raw = JSON.stringify(row);
        expect(raw).not.toContain(token);
        expect(raw).not.toContain(code);
        expect(raw).not.toContain(body.email);

        const replay = await w.A.people.tenant_admin.client.POST('/api/v1/users', { body, headers });
        expect(replay.response.status).toBe(201);
        expect(replay.response.headers.get('idempotent-replayed')).toBe('true');
        expect(replay.data).toEqual(created);

        // Stored under another key (the key was replaced), the response cannot be replayed: 409, no new user.
        const key = t.app.encryptionKey;
        t.app.encryptionKey = Buffer.alloc(32, 9);
        try {
          const lost = await w.A.people.tenant_admin.client.POST('/api/v1/users', { body, headers });
          expect(lost.response.status).toBe(409);
          expect(lost.error).toMatchObject({ code: 'idempotency_conflict', field: 'header.idempotency-key' });
        } finally {
          t.app.encryptionKey = key;
        }
        const same = ok(
          await w.A.people.tenant_admin.client.GET('/api/v1/users', { params: { query: { q: body.email } } }),
        );
        expect(same.items).toHaveLength(1);
      } finally {
        await setSettings({ 'smtp.host': sink.host, 'users.requireActivationCode': false });
      }
    });

    it('queues the invitation when the mail server refuses: the user exists and the e-mail is retried', async () => {
      const refusing = await startSmtpSink({ rejectWith: 'Mailbox unavailable' });
      await setSettings({ 'smtp.port': refusing.port });
      try {
        const user = await createUser();
        expect(user.invitation).toBe('queued');
        const resend = await w.A.people.tenant_admin.client.POST('/api/v1/users/{id}/invitation', {
          params: { path: { id: user.id } },
        });
        expect(resend.response.status).toBe(202);
        await t.dispatchMailNow();
        const rows = await t.app.db.kysely
          .selectFrom('mail_outbox')
          .selectAll()
          .where('recipient', '=', user.email)
          .execute();
        expect(rows).toHaveLength(2);
        for (const row of rows) {
          expect(row).toMatchObject({
            status: 'pending',
            attempts: 1,
            last_error: 'the mail server refused the message (SMTP 550)',
          });
          expect(Date.parse(row.next_attempt_at)).toBeGreaterThan(Date.now());
        }
        expect(refusing.messages).toEqual([]);
        expect(sink.to(user.email)).toEqual([]);
      } finally {
        await setSettings({ 'smtp.port': sink.port });
        await refusing.close();
      }
    });

    it('does not invite Federated Only users', async () => {
      const user = await createUser({ federatedOnly: true });
      expect(user.invitation).toBe('not_needed');
      const resend = await w.A.people.tenant_admin.client.POST('/api/v1/users/{id}/invitation', {
        params: { path: { id: user.id } },
      });
      expect(resend.response.status).toBe(422);
    });
  });

  /** A tenant reader that has activated with a known password. */
  async function activeUser(password: string) {
    const user = await createUser();
    const token = tokenIn(await invitationTo(user.email), '/activate');
    expect((await activate(token, password)).statusCode).toBe(200);
    return user;
  }

  describe('self-service password reset', () => {
    it('answers alike for unknown and known addresses and e-mails only the known one', async () => {
      const user = await activeUser('forgotten password 123');
      const before = sink.messages.length;
      const unknown = await resetRequest('nobody.here@example.test');
      const known = await resetRequest(user.email.toUpperCase());
      expect(unknown.statusCode).toBe(202);
      expect(known.statusCode).toBe(202);
      expect(known.body).toBe(unknown.body);
      expect(known.headers['content-type']).toBe(unknown.headers['content-type']);
      await t.dispatchMailNow();
      const mail = await resetMailTo(user.email);
      expect(sink.messages.length).toBe(before + 1);
      expect(sink.to('nobody.here@example.test')).toEqual([]);
      expect(mail.text).toContain('asked to reset the password');
      expect(linkOrigin(mail)).toBe('http://127.0.0.1:3000/reset-password');
    });

    it('resets the password, unlocks a locked-out user, ends every session, and works once', async () => {
      const user = await activeUser('old password 123456');
      const session = await signIn(user.email, 'old password 123456');
      expect(session.statusCode).toBe(200);
      await t.app.db.kysely
        .updateTable('users')
        .set({ locked_out: 1, failed_sign_ins: 7 })
        .where('id', '=', user.id)
        .execute();
      expect((await signIn(user.email, 'old password 123456')).statusCode).toBe(401);

      await resetRequest(user.email);
      await t.dispatchMailNow();
      const token = tokenIn(await resetMailTo(user.email), '/reset-password');
      const weak = await resetConfirm(token, 'tiny');
      expect(weak.json()).toMatchObject({ code: 'validation_failed', field: 'body.password' });
      const confirmed = await resetConfirm(token, 'brand new password 789');
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      expect(confirmed.json()).toEqual({ email: user.email });

      const row = await userRow(user.id);
      expect(row).toMatchObject({ locked_out: 0, failed_sign_ins: 0, must_change_password: 0 });
      const me = await t.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: cookieOf(session) } });
      expect(me.statusCode).toBe(401);
      expect((await signIn(user.email, 'old password 123456')).statusCode).toBe(401);
      expect((await signIn(user.email, 'brand new password 789')).statusCode).toBe(200);

      const before = await snapshotDatabase(t.app);
      const again = await resetConfirm(token, 'yet another password 1');
      expect(again.statusCode).toBe(400);
      expect(again.json()).toMatchObject({ field: 'body.token' });
      expect(await snapshotDatabase(t.app)).toBe(before);
      const audit = ok(
        await w.A.people.tenant_admin.client.GET('/api/v1/audit-events', {
          params: { query: { targetId: user.id, action: 'user.passwordReset' } },
        }),
      );
      expect(audit.items).toHaveLength(1);
    });

    it('refuses an expired reset link', async () => {
      const user = await activeUser('expiring password 12');
      await resetRequest(user.email);
      await t.dispatchMailNow();
      const token = tokenIn(await resetMailTo(user.email), '/reset-password');
      await t.app.db.kysely
        .updateTable('user_links')
        .set({ expires_at: new Date(Date.now() - 1).toISOString() })
        .where('user_id', '=', user.id)
        .where('purpose', '=', 'password_reset')
        .execute();
      expect((await resetConfirm(token, 'never used password 1')).json()).toMatchObject({
        field: 'body.token',
      });
    });

    it('sends nothing to users who have not activated, are disabled or Federated Only', async () => {
      const pending = await createUser();
      const disabled = await activeUser('disabled password 123');
      await t.app.db.kysely.updateTable('users').set({ disabled: 1 }).where('id', '=', disabled.id).execute();
      const federated = await activeUser('federated password 12');
      await t.app.db.kysely
        .updateTable('users')
        .set({ federated_only: 1 })
        .where('id', '=', federated.id)
        .execute();
      for (const user of [pending, disabled, federated]) {
        expect((await resetRequest(user.email)).statusCode).toBe(202);
      }
      await t.dispatchMailNow();
      for (const user of [pending, disabled, federated]) {
        expect(sink.to(user.email).filter((m) => m.subject === 'Reset your password')).toEqual([]);
      }
    });

    it('limits requests per e-mail address (whether or not it exists) and per client address, with Retry-After', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await resetRequest('limited@example.test')).statusCode);
      expect(statuses).toEqual([202, 202, 202, 202, 202, 429, 429]);
      const limited = await resetRequest('limited@example.test');
      expect(limited.headers['retry-after']).toMatch(/^\d+$/);
      expect(limited.json()).toMatchObject({ code: 'rate_limited' });

      const ip = '10.99.0.1';
      const perIp: number[] = [];
      for (let i = 0; i < 21; i++) perIp.push((await resetRequest(`ip.${i}@example.test`, ip)).statusCode);
      expect(perIp.slice(0, 20).every((s) => s === 202)).toBe(true);
      expect(perIp[20]).toBe(429);
      await t.dispatchMailNow();
    });
  });

  function linkOrigin(mail: ReceivedMail): string {
    const url = new URL(mail.text.match(/http\S+\/reset-password\?token=\S+/)![0]);
    return url.origin + url.pathname;
  }

  describe('administrator-triggered password reset', () => {
    it('e-mails the user a reset link within scope; 404 from another branch, 403 for readers', async () => {
      const user = await activeUser('admin reset password 1');
      const outsider = await w.B.people.partner_admin.client.POST('/api/v1/users/{id}/password-reset', {
        params: { path: { id: user.id } },
      });
      expect(outsider.response.status).toBe(404);
      const reader = await w.A.people.partner_reader.client.POST('/api/v1/users/{id}/password-reset', {
        params: { path: { id: user.id } },
      });
      expect(reader.response.status).toBe(403);

      const sent = await w.A.people.tenant_admin.client.POST('/api/v1/users/{id}/password-reset', {
        params: { path: { id: user.id } },
      });
      expect(sent.response.status).toBe(202);
      const mail = await resetMailTo(user.email);
      expect(mail.text).toContain('An administrator has asked');
      const token = tokenIn(mail, '/reset-password');
      expect((await resetConfirm(token, 'chosen by the user 42')).statusCode).toBe(200);
      expect((await signIn(user.email, 'chosen by the user 42')).statusCode).toBe(200);
      const audit = ok(
        await w.A.people.tenant_admin.client.GET('/api/v1/audit-events', {
          params: { query: { targetId: user.id, action: 'user.passwordResetSent' } },
        }),
      );
      expect(audit.items).toHaveLength(1);
      expect(audit.items[0]!.actor).toMatchObject({ userId: w.A.people.tenant_admin.userId });
    });

    it('without e-mail, hands the administrator a one-time reset link: it sets the password, a newer one kills it, the audit never holds it', async () => {
      const user = await activeUser('smtp off password 12');
      await setSettings({ 'smtp.fromAddress': '' });
      try {
        const before = sink.messages.length;
        const outsider = await w.B.people.partner_admin.client.POST('/api/v1/users/{id}/password-reset', {
          params: { path: { id: user.id } },
        });
        expect(outsider.response.status).toBe(404);
        const reader = await w.A.people.partner_reader.client.POST('/api/v1/users/{id}/password-reset', {
          params: { path: { id: user.id } },
        });
        expect(reader.response.status).toBe(403);

        const first = ok(
          await w.A.people.tenant_admin.client.POST('/api/v1/users/{id}/password-reset', {
            params: { path: { id: user.id } },
          }),
        );
        expect(first.delivery).toBe('link');
        const firstLink = new URL(first.passwordResetLink!);
        expect(firstLink.origin + firstLink.pathname).toBe('http://127.0.0.1:3000/reset-password');
        const firstToken = firstLink.searchParams.get('token')!;
        expect(Date.parse(first.expiresAt)).toBeGreaterThan(Date.now() + 59 * 60_000);

        const second = ok(
          await w.A.people.tenant_admin.client.POST('/api/v1/users/{id}/password-reset', {
            params: { path: { id: user.id } },
          }),
        );
        const secondToken = new URL(second.passwordResetLink!).searchParams.get('token')!;
        expect(secondToken).not.toBe(firstToken);
        const dead = await resetConfirm(firstToken, 'from the old link 123');
        expect(dead.statusCode).toBe(400);
        expect(dead.json()).toMatchObject({ field: 'body.token' });

        expect((await resetConfirm(secondToken, 'handed over password 7')).statusCode).toBe(200);
        expect((await signIn(user.email, 'smtp off password 12')).statusCode).toBe(401);
        const signedIn = await signIn(user.email, 'handed over password 7');
        expect(signedIn.statusCode, signedIn.body).toBe(200);

        const audit = ok(
          await w.A.people.tenant_admin.client.GET('/api/v1/audit-events', {
            params: { query: { targetId: user.id, action: 'user.passwordResetSent' } },
          }),
        );
        expect(audit.items.map((a) => a.after)).toEqual([{ delivery: 'link' }, { delivery: 'link' }]);
        const stored = JSON.stringify(await t.app.db.kysely.selectFrom('audit_events').selectAll().execute());
        expect(stored).not.toContain(firstToken);
        expect(stored).not.toContain(secondToken);
        expect(sink.messages.length).toBe(before);
      } finally {
        await setSettings({ 'smtp.fromAddress': 'cms@platform.test' });
      }
      const emailed = ok(
        await w.A.people.tenant_admin.client.POST('/api/v1/users/{id}/password-reset', {
          params: { path: { id: user.id } },
        }),
      );
      expect(emailed.delivery).toBe('email');
      expect(emailed).not.toHaveProperty('passwordResetLink');
    });

    it('refuses Federated Only, disabled and not yet activated users, and changes nothing', async () => {
      const federated = await activeUser('federated password 34');
      await t.app.db.kysely
        .updateTable('users')
        .set({ federated_only: 1 })
        .where('id', '=', federated.id)
        .execute();
      const disabled = await activeUser('disabled password 345');
      await t.app.db.kysely.updateTable('users').set({ disabled: 1 }).where('id', '=', disabled.id).execute();
      const pending = await createUser();
      await t.dispatchMailNow();
      for (const [user, reason] of [
        [federated, /Federated Only/],
        [disabled, /disabled/],
        [pending, /not activated/],
      ] as const) {
        for (const mail of ['on', 'off']) {
          if (mail === 'off') await setSettings({ 'smtp.fromAddress': '' });
          try {
            const before = await snapshotDatabase(t.app);
            const refused = await w.A.people.tenant_admin.client.POST('/api/v1/users/{id}/password-reset', {
              params: { path: { id: user.id } },
            });
            expect(refused.response.status).toBe(422);
            expect(refused.error?.detail).toMatch(reason);
            expect(await snapshotDatabase(t.app)).toBe(before);
          } finally {
            if (mail === 'off') await setSettings({ 'smtp.fromAddress': 'cms@platform.test' });
          }
        }
      }
    });

    it('forgot password with e-mail off says an administrator must issue the link, alike for every address, and queues nothing', async () => {
      const user = await activeUser('forgot without mail 1');
      await setSettings({ 'smtp.host': '' });
      try {
        const known = await resetRequest(user.email);
        const unknown = await resetRequest('nobody.at.all@example.test');
        expect(known.statusCode).toBe(202);
        expect(known.body).toBe(unknown.body);
        expect(known.json()).toEqual({
          message:
            'This portal does not send e-mail, so no link was sent. Ask your administrator to issue a password reset link for your account.',
          delivery: 'administrator',
        });
        const queued = await t.app.db.kysely
          .selectFrom('mail_outbox')
          .select('id')
          .where('template', '=', 'password_reset_request')
          .where('recipient', 'in', [user.email.toLowerCase(), 'nobody.at.all@example.test'])
          .execute();
        expect(queued).toEqual([]);
      } finally {
        await setSettings({ 'smtp.host': sink.host });
      }
      expect((await resetRequest(user.email)).json()).toMatchObject({ delivery: 'email' });
    });

    it('counts e-mails in the metrics', async () => {
      const metrics = (await t.inject({ method: 'GET', url: '/metrics' })).body;
      expect(metrics).toMatch(/cms_mail_sent_total\{template="invitation",result="sent"\} [1-9]/);
      expect(metrics).toMatch(/cms_mail_sent_total\{template="password_reset",result="sent"\} [1-9]/);
      expect(metrics).toMatch(/cms_mail_sent_total\{template="invitation",result="not_configured"\} [1-9]/);
      expect(metrics).toMatch(
        /cms_mail_sent_total\{template="password_reset",result="not_configured"\} [1-9]/,
      );
      expect(metrics).toMatch(/cms_mail_sent_total\{template="invitation",result="failed"\} [1-9]/);
    });
  });
});
