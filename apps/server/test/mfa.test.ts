import { generate, generateSync, verify } from 'otplib';
import { describe, expect, it } from 'vitest';
import { decryptSecret } from '../src/crypto/secrets.ts';
import { hashPassword } from '../src/modules/auth/passwords.ts';
import { ok, type TestApp, tokenFor } from './support/app.ts';
import { useEngineWorld } from './support/engine-world.ts';
import { ALL_ENGINES } from './support/engines.ts';
import { snapshotDatabase } from './support/snapshot.ts';
import type { World } from './support/world.ts';

/**
 * TOTP multi-factor authentication through HTTP, with sessions from real password sign-ins:
 * enrolment (URI, QR, recovery codes), the sign-in steps it adds, replay protection, recovery
 * codes, rate limiting, self-removal and the administrator's reset within scope.
 *
 * Codes are computed with otplib for explicit time steps (never by sleeping): the server accepts
 * one step either side of its clock, so a code for "the step after the last one accepted" is valid
 * and fresh whenever the test runs.
 */
describe.each(ALL_ENGINES)('mfa [%s]', (engine) => {
  let t: TestApp;
  let w: World;
  let seq = 0;

  const skip = useEngineWorld(engine, (app, world) => {
    t = app;
    w = world;
  });
  if (skip) return;

  const PASSWORD = 'correct horse battery staple';
  const STEP = 30;
  const currentStep = () => Math.floor(Date.now() / 1000 / STEP);
  const codeFor = (secret: string, step: number) => generateSync({ secret, epoch: step * STEP });

  /** A fresh user of branch A's tenant with a known password (activation is tested elsewhere). */
  async function newUser(flags: { mfa_required?: number } = {}) {
    seq += 1;
    const email = `mfa.${seq}@example.test`;
    const created = ok(
      await w.A.people.tenant_admin.client.POST('/api/v1/users', {
        body: { firstName: 'Mfa', lastName: `User${seq}`, email, orgId: w.A.tenantId, role: 'reader' },
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
    stage: string;
  }

  let ipSeq = 0;
  async function signIn(email: string): Promise<Session> {
    ipSeq += 1;
    const response = await t.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email, password: PASSWORD },
      // A new address each time: the per-address sign-in limit is not what these tests are about.
      remoteAddress: `10.77.${Math.floor(ipSeq / 200)}.${ipSeq % 200}`,
    });
    expect(response.statusCode, response.body).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'cms_session')!;
    return {
      cookie: `cms_session=${cookie.value}`,
      csrf: response.json().csrfToken,
      stage: response.json().me.stage,
    };
  }

  async function send(session: Session, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) {
    const response = await t.inject({
      method,
      url,
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    // A step up gives the session a new id and sets its cookie: follow it, as a browser does.
    const rotated = response.cookies.find((c) => c.name === 'cms_session');
    if (rotated) session.cookie = `cms_session=${rotated.value}`;
    return response;
  }

  const userRow = (id: string) =>
    t.app.db.kysely.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  const auditRows = (action: string, targetId: string) =>
    t.app.db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', action)
      .where('target_id', '=', targetId)
      .orderBy('id')
      .execute();

  /** Enrols through the API from the given session; returns the secret, codes and the spent step. */
  async function enrol(session: Session, userId: string) {
    const started = await send(session, 'POST', '/api/v1/auth/mfa/enrolment');
    expect(started.statusCode, started.body).toBe(200);
    const { secret } = started.json() as { secret: string };
    const confirmed = await send(session, 'POST', '/api/v1/auth/mfa/enrolment/confirm', {
      code: codeFor(secret, currentStep()),
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const { recoveryCodes, stage } = confirmed.json() as { recoveryCodes: string[]; stage: string };
    const { mfa_last_step } = await userRow(userId);
    return { secret, recoveryCodes, stage, spentStep: mfa_last_step };
  }

  /** An enrolled user and a new sign-in session of it, at the `mfa` step. */
  async function enrolledUser(flags: { mfa_required?: number } = {}) {
    const user = await newUser(flags);
    const first = await signIn(user.email);
    const enrolled = await enrol(first, user.id);
    const session = await signIn(user.email);
    expect(session.stage).toBe('mfa');
    return { ...user, ...enrolled, session };
  }

  async function mfaFailures(): Promise<number> {
    const text = (await t.inject({ method: 'GET', url: '/metrics' })).body;
    const line = text.split('\n').find((l) => l.startsWith('cms_auth_sign_in_failures_total{reason="mfa"}'));
    return line ? Number(line.split(' ').pop()) : 0;
  }

  describe('the TOTP library', () => {
    it('computes the RFC 6238 SHA-1 test vectors (pins otplib)', async () => {
      const secret = new TextEncoder().encode('12345678901234567890');
      expect(await generate({ secret, epoch: 59, digits: 8 })).toBe('94287082');
      expect(await generate({ secret, epoch: 1111111109, digits: 8 })).toBe('07081804');
      expect(await generate({ secret, epoch: 1234567890, digits: 8 })).toBe('89005924');
      const checked = await verify({ secret, token: '94287082', epoch: 59, digits: 8 });
      expect(checked).toMatchObject({ valid: true, timeStep: 1 });
    });
  });

  describe('enrolment', () => {
    it('returns a secret, an otpauth URI and a QR code; a right code enrols with 10 recovery codes', async () => {
      const user = await newUser();
      const session = await signIn(user.email);
      expect(session.stage).toBe('active');
      const started = await send(session, 'POST', '/api/v1/auth/mfa/enrolment');
      expect(started.statusCode, started.body).toBe(200);
      const { secret, otpauthUri, qrSvg } = started.json();
      expect(secret).toMatch(/^[A-Z2-7]{32}$/); // 20 bytes in base32
      const uri = new URL(otpauthUri);
      expect(uri.protocol).toBe('otpauth:');
      expect(uri.host).toBe('totp');
      expect(decodeURIComponent(uri.pathname)).toBe(`/Azure Stack Hub CMS:${user.email}`);
      expect(uri.searchParams.get('secret')).toBe(secret);
      expect(uri.searchParams.get('issuer')).toBe('Azure Stack Hub CMS');
      expect(qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);

      let row = await userRow(user.id);
      expect(row.mfa_secret).toBeNull();
      expect(row.mfa_pending_secret).not.toContain(secret);
      expect(decryptSecret(t.app.encryptionKey, row.mfa_pending_secret!)).toBe(secret);

      // A wrong code names the field and changes nothing.
      const before = await snapshotDatabase(t.app);
      const wrong = await send(session, 'POST', '/api/v1/auth/mfa/enrolment/confirm', {
        code: codeFor(secret, currentStep() - 5),
      });
      expect(wrong.statusCode).toBe(422);
      expect(wrong.json()).toMatchObject({ code: 'invalid_request', field: 'body.code' });
      const garbled = await send(session, 'POST', '/api/v1/auth/mfa/enrolment/confirm', { code: 'abc' });
      expect(garbled.json()).toMatchObject({ status: 422, field: 'body.code' });
      expect(await snapshotDatabase(t.app)).toBe(before);

      const step = currentStep();
      // Spaces, as an app displays them ("123 456"), are ignored.
      const code = codeFor(secret, step);
      const confirmed = await send(session, 'POST', '/api/v1/auth/mfa/enrolment/confirm', {
        code: `${code.slice(0, 3)} ${code.slice(3)}`,
      });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      const { stage, recoveryCodes } = confirmed.json() as { stage: string; recoveryCodes: string[] };
      expect(stage).toBe('active');
      expect(recoveryCodes).toHaveLength(10);
      expect(new Set(recoveryCodes).size).toBe(10);
      for (const c of recoveryCodes) expect(c).toMatch(/^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$/);

      row = await userRow(user.id);
      expect(decryptSecret(t.app.encryptionKey, row.mfa_secret!)).toBe(secret);
      expect(row.mfa_pending_secret).toBeNull();
      expect(row.mfa_enabled_at).not.toBeNull();
      // The confirming code is spent: its step is the last one accepted.
      expect(Math.abs(row.mfa_last_step - step)).toBeLessThanOrEqual(1);
      const stored = await t.app.db.kysely
        .selectFrom('recovery_codes')
        .selectAll()
        .where('user_id', '=', user.id)
        .execute();
      expect(stored).toHaveLength(10);
      const hashes = JSON.stringify(stored);
      for (const c of recoveryCodes) expect(hashes).not.toContain(c);

      const audit = await auditRows('user.mfaEnrol', user.id);
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ mfaEnabled: true, replacedFactor: false });
      expect(JSON.stringify(audit)).not.toContain(secret);
    });

    it('keeps the current factor until a re-enrolment is confirmed', async () => {
      const user = await enrolledUser();
      const active = await send(user.session, 'POST', '/api/v1/auth/mfa/verify', {
        code: codeFor(user.secret, user.spentStep + 1),
      });
      expect(active.json().stage).toBe('active');
      const restarted = await send(user.session, 'POST', '/api/v1/auth/mfa/enrolment');
      const newSecret = restarted.json().secret as string;
      expect(newSecret).not.toBe(user.secret);
      const row = await userRow(user.id);
      expect(decryptSecret(t.app.encryptionKey, row.mfa_secret!)).toBe(user.secret);
      const confirmed = await send(user.session, 'POST', '/api/v1/auth/mfa/enrolment/confirm', {
        code: codeFor(newSecret, currentStep()),
        currentRecoveryCode: user.recoveryCodes[0],
      });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      expect(confirmed.json().stage).toBe('active');
      expect(decryptSecret(t.app.encryptionKey, (await userRow(user.id)).mfa_secret!)).toBe(newSecret);
      const audit = await auditRows('user.mfaEnrol', user.id);
      expect(JSON.parse(audit[1]!.after_json!)).toMatchObject({ replacedFactor: true });
    });

    it('refuses to confirm without an enrolment in progress', async () => {
      const user = await newUser();
      const session = await signIn(user.email);
      const response = await send(session, 'POST', '/api/v1/auth/mfa/enrolment/confirm', { code: '123456' });
      expect(response.json()).toMatchObject({ status: 422, code: 'invalid_request' });
    });
  });

  describe('MFA Required', () => {
    it('makes the user enrol at the next sign-in before anything else is reachable', async () => {
      const user = await newUser({ mfa_required: 1 });
      const session = await signIn(user.email);
      expect(session.stage).toBe('mfa_enrolment');
      const me = (await send(session, 'GET', '/api/v1/me')).json();
      expect(me.permissions['tenants.list']).toBe(false);
      expect(me.permissions['mfa.enrolmentStart']).toBe(true);
      const blocked: Array<['GET' | 'POST' | 'DELETE', string]> = [
        ['GET', '/api/v1/tenants'],
        ['GET', '/api/v1/users'],
        ['GET', '/api/v1/subscriptions'],
        ['GET', '/api/v1/api-tokens'],
        ['POST', '/api/v1/api-tokens'],
        ['POST', '/api/v1/auth/mfa/verify'],
        ['POST', '/api/v1/auth/mfa/recovery-codes'],
        ['DELETE', '/api/v1/auth/mfa'],
      ];
      for (const [method, url] of blocked) {
        const response = await send(session, method, url, method === 'POST' ? { name: 'x' } : undefined);
        expect(response.statusCode, `${method} ${url}`).toBe(403);
        expect(response.json().code).toBe('sign_in_incomplete');
      }

      const enrolled = await enrol(session, user.id);
      expect(enrolled.stage).toBe('active');
      expect((await send(session, 'GET', '/api/v1/tenants')).statusCode).toBe(200);
      expect((await send(session, 'GET', '/api/v1/users')).statusCode).toBe(200);
      // From now on a sign-in asks for the code instead.
      expect((await signIn(user.email)).stage).toBe('mfa');
    });

    it('does not let the user remove the factor (403), only an administrator reset it', async () => {
      const user = await enrolledUser({ mfa_required: 1 });
      await send(user.session, 'POST', '/api/v1/auth/mfa/verify', {
        code: codeFor(user.secret, user.spentStep + 1),
      });
      const refused = await send(user.session, 'DELETE', '/api/v1/auth/mfa', {
        recoveryCode: user.recoveryCodes[0],
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().detail).toMatch(/MFA Required/);
      expect((await userRow(user.id)).mfa_secret).not.toBeNull();
    });
  });

  describe('verification at sign-in', () => {
    it('asks an enrolled user for a code before anything else; a right code makes the session active', async () => {
      const user = await enrolledUser();
      const { session } = user;
      expect((await send(session, 'GET', '/api/v1/tenants')).json().code).toBe('sign_in_incomplete');
      // Re-enrolling is not a way around the code.
      expect((await send(session, 'POST', '/api/v1/auth/mfa/enrolment')).statusCode).toBe(403);
      expect((await send(session, 'DELETE', '/api/v1/auth/mfa')).statusCode).toBe(403);

      const failuresBefore = await mfaFailures();
      const wrong = await send(session, 'POST', '/api/v1/auth/mfa/verify', {
        code: codeFor(user.secret, user.spentStep + 20),
      });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json()).toMatchObject({ code: 'mfa_invalid', field: 'body.code' });
      expect(await mfaFailures()).toBe(failuresBefore + 1);
      expect((await auditRows('auth.mfaVerifyFailed', user.id)).length).toBe(1);
      // A failure does not end the session: the user may try again.
      expect((await send(session, 'GET', '/api/v1/me')).json().stage).toBe('mfa');

      const right = await send(session, 'POST', '/api/v1/auth/mfa/verify', {
        code: codeFor(user.secret, user.spentStep + 1),
      });
      expect(right.statusCode, right.body).toBe(200);
      expect(right.json()).toEqual({ stage: 'active', recoveryCodesRemaining: 10 });
      expect((await send(session, 'GET', '/api/v1/tenants')).statusCode).toBe(200);
      expect((await userRow(user.id)).mfa_last_step).toBe(user.spentStep + 1);
      const audit = await auditRows('auth.mfaVerify', user.id);
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0]!.after_json!)).toEqual({ method: 'totp' });
    });

    it('refuses a replayed code and a code older than the last one accepted', async () => {
      const user = await enrolledUser();
      // The code that confirmed the enrolment is spent already.
      const spent = await send(user.session, 'POST', '/api/v1/auth/mfa/verify', {
        code: codeFor(user.secret, user.spentStep),
      });
      expect(spent.json()).toMatchObject({ status: 401, code: 'mfa_invalid' });

      const fresh = codeFor(user.secret, user.spentStep + 1);
      const first = await send(user.session, 'POST', '/api/v1/auth/mfa/verify', { code: fresh });
      expect(first.statusCode).toBe(200);

      const other = await signIn(user.email);
      const replayed = await send(other, 'POST', '/api/v1/auth/mfa/verify', { code: fresh });
      expect(replayed.statusCode).toBe(401);
      expect(replayed.json().code).toBe('mfa_invalid');
      const older = await send(other, 'POST', '/api/v1/auth/mfa/verify', {
        code: codeFor(user.secret, user.spentStep),
      });
      expect(older.statusCode).toBe(401);
      expect((await send(other, 'GET', '/api/v1/me')).json().stage).toBe('mfa');
    });

    it('accepts one of two concurrent requests with the same code', async () => {
      const user = await enrolledUser();
      const second = await signIn(user.email);
      const code = codeFor(user.secret, user.spentStep + 1);
      const answers = await Promise.all([
        send(user.session, 'POST', '/api/v1/auth/mfa/verify', { code }),
        send(second, 'POST', '/api/v1/auth/mfa/verify', { code }),
      ]);
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 401]);
      expect(await auditRows('auth.mfaVerify', user.id)).toHaveLength(1);
    });

    it('accepts each recovery code once, whatever its case and dashes', async () => {
      const user = await enrolledUser();
      const [first, second, third] = user.recoveryCodes as [string, string, string];
      const used = await send(user.session, 'POST', '/api/v1/auth/mfa/verify', { recoveryCode: first });
      expect(used.statusCode, used.body).toBe(200);
      expect(used.json()).toEqual({ stage: 'active', recoveryCodesRemaining: 9 });
      const audit = await auditRows('auth.mfaVerify', user.id);
      expect(JSON.parse(audit[0]!.after_json!)).toEqual({ method: 'recovery', recoveryCodesRemaining: 9 });

      const again = await signIn(user.email);
      const reused = await send(again, 'POST', '/api/v1/auth/mfa/verify', { recoveryCode: first });
      expect(reused.statusCode).toBe(401);
      expect(reused.json()).toMatchObject({ code: 'mfa_invalid', field: 'body.recoveryCode' });
      const typed = await send(again, 'POST', '/api/v1/auth/mfa/verify', {
        recoveryCode: ` ${second.toUpperCase().replace('-', ' ')} `,
      });
      expect(typed.statusCode, typed.body).toBe(200);

      // A new set (against a proof: another unused code) voids every earlier code.
      const regenerated = await send(again, 'POST', '/api/v1/auth/mfa/recovery-codes', {
        recoveryCode: user.recoveryCodes[3],
      });
      expect(regenerated.statusCode, regenerated.body).toBe(200);
      const fresh = regenerated.json().recoveryCodes as string[];
      expect(fresh).toHaveLength(10);
      expect(fresh).not.toContain(third);
      expect(await auditRows('user.mfaRecoveryCodes', user.id)).toHaveLength(1);
      const later = await signIn(user.email);
      const old = await send(later, 'POST', '/api/v1/auth/mfa/verify', { recoveryCode: third });
      expect(old.statusCode).toBe(401);
      const renewed = await send(later, 'POST', '/api/v1/auth/mfa/verify', { recoveryCode: fresh[0] });
      expect(renewed.json()).toEqual({ stage: 'active', recoveryCodesRemaining: 9 });
    });

    it('wants exactly one of code and recoveryCode', async () => {
      const user = await enrolledUser();
      const neither = await send(user.session, 'POST', '/api/v1/auth/mfa/verify', {});
      expect(neither.json()).toMatchObject({ status: 400, code: 'validation_failed', field: 'body.code' });
      const both = await send(user.session, 'POST', '/api/v1/auth/mfa/verify', {
        code: '123456',
        recoveryCode: user.recoveryCodes[0],
      });
      expect(both.json()).toMatchObject({ status: 400, field: 'body.recoveryCode' });
    });

    it('limits attempts per user without locking the account', async () => {
      const user = await enrolledUser();
      const wrongCode = { code: codeFor(user.secret, user.spentStep + 40) };
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) {
        // Alternate sessions: the limit is per user, not per session.
        const session = i % 2 === 0 ? user.session : await signIn(user.email);
        statuses.push((await send(session, 'POST', '/api/v1/auth/mfa/verify', wrongCode)).statusCode);
      }
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses[10]).toBe(429);
      const row = await userRow(user.id);
      expect(row.locked_out).toBe(0);
      expect((await signIn(user.email)).stage).toBe('mfa');
    });

    it('only checks the code for an API token (always active); needs an enrolled user', async () => {
      const user = await newUser();
      const token = await tokenFor(t.app, user.id);
      const byToken = (method: 'POST' | 'DELETE', url: string, payload?: unknown) =>
        t.inject({
          method,
          url,
          headers: { authorization: `Bearer ${token}` },
          ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
        });
      const notEnrolled = await byToken('POST', '/api/v1/auth/mfa/verify', { code: '123456' });
      expect(notEnrolled.json()).toMatchObject({ status: 422, code: 'invalid_request' });
      const codes = await byToken('POST', '/api/v1/auth/mfa/recovery-codes', { code: '123456' });
      expect(codes.json()).toMatchObject({ status: 422, code: 'invalid_request' });

      const { secret } = (await byToken('POST', '/api/v1/auth/mfa/enrolment')).json();
      const confirmed = await byToken('POST', '/api/v1/auth/mfa/enrolment/confirm', {
        code: codeFor(secret, currentStep()),
      });
      expect(confirmed.json().stage).toBe('active');
      const { mfa_last_step } = await userRow(user.id);
      const checked = await byToken('POST', '/api/v1/auth/mfa/verify', {
        code: codeFor(secret, mfa_last_step + 1),
      });
      expect(checked.json()).toEqual({ stage: 'active', recoveryCodesRemaining: 10 });
    });
  });

  /** The user's MFA columns and recovery codes: what a refused self-service change must leave alone. */
  async function factorState(userId: string) {
    const { mfa_secret, mfa_pending_secret, mfa_enabled_at } = await userRow(userId);
    const codes = await t.app.db.kysely
      .selectFrom('recovery_codes')
      .select(['code_hash', 'used_at'])
      .where('user_id', '=', userId)
      .orderBy('code_hash')
      .execute();
    return { mfa_secret, mfa_pending_secret, mfa_enabled_at, codes };
  }

  describe('self-service changes need a proof of the current factor', () => {
    /** An enrolled user acting through an API token (always active), so no code is spent on sign-in. */
    async function tokenUser() {
      const user = await enrolledUser();
      const token = await tokenFor(t.app, user.id);
      const call = (method: 'POST' | 'DELETE', url: string, payload: unknown) =>
        t.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload: payload as object });
      return { ...user, call };
    }

    it('refuses to remove the factor without a proof, or with a wrong, replayed or used one', async () => {
      const user = await tokenUser();
      const state = await factorState(user.id);
      const failures = await mfaFailures();
      const missing = await user.call('DELETE', '/api/v1/auth/mfa', {});
      expect(missing.statusCode).toBe(400);
      expect(missing.json()).toMatchObject({ code: 'validation_failed', field: 'body.code' });
      const wrong = await user.call('DELETE', '/api/v1/auth/mfa', {
        code: codeFor(user.secret, user.spentStep + 20),
      });
      expect(wrong.statusCode).toBe(422);
      expect(wrong.json()).toMatchObject({ code: 'invalid_request', field: 'body.code' });
      // The code that confirmed the enrolment is spent: a replay is refused like a wrong code.
      const replayed = await user.call('DELETE', '/api/v1/auth/mfa', {
        code: codeFor(user.secret, user.spentStep),
      });
      expect(replayed.json()).toMatchObject({ status: 422, field: 'body.code' });
      const unknown = await user.call('DELETE', '/api/v1/auth/mfa', { recoveryCode: 'aaaaa-bbbbb' });
      expect(unknown.json()).toMatchObject({ status: 422, field: 'body.recoveryCode' });
      expect(await factorState(user.id)).toEqual(state);
      expect(await mfaFailures()).toBe(failures + 3);
      const failed = await auditRows('auth.mfaVerifyFailed', user.id);
      expect(failed.map((a) => JSON.parse(a.after_json!))).toEqual([
        { method: 'totp', purpose: 'user.mfaDisable' },
        { method: 'totp', purpose: 'user.mfaDisable' },
        { method: 'recovery', purpose: 'user.mfaDisable' },
      ]);
      expect(await auditRows('user.mfaDisable', user.id)).toEqual([]);

      const proof = codeFor(user.secret, user.spentStep + 1);
      const removed = await user.call('DELETE', '/api/v1/auth/mfa', { code: proof });
      expect(removed.statusCode, removed.body).toBe(204);
      expect((await userRow(user.id)).mfa_secret).toBeNull();
    });

    it('spends a recovery code used as proof: it works once', async () => {
      const user = await tokenUser();
      const [proof] = user.recoveryCodes as [string];
      const regenerated = await user.call('POST', '/api/v1/auth/mfa/recovery-codes', { recoveryCode: proof });
      expect(regenerated.statusCode, regenerated.body).toBe(200);
      const fresh = regenerated.json().recoveryCodes as string[];
      const state = await factorState(user.id);
      // The old set is void, the proof among it.
      const reused = await user.call('POST', '/api/v1/auth/mfa/recovery-codes', { recoveryCode: proof });
      expect(reused.json()).toMatchObject({ status: 422, field: 'body.recoveryCode' });
      expect(await factorState(user.id)).toEqual(state);
      const next = await user.call('DELETE', '/api/v1/auth/mfa', { recoveryCode: fresh[0] });
      expect(next.statusCode, next.body).toBe(204);
      expect(await auditRows('user.mfaRecoveryCodes', user.id)).toHaveLength(1);
    });

    it('refuses to replace the factor without a proof of the current one, and replaces it with one', async () => {
      const user = await tokenUser();
      const { secret: newSecret } = (await user.call('POST', '/api/v1/auth/mfa/enrolment', undefined)).json();
      const state = await factorState(user.id);
      const newCode = codeFor(newSecret, currentStep());
      const missing = await user.call('POST', '/api/v1/auth/mfa/enrolment/confirm', { code: newCode });
      expect(missing.json()).toMatchObject({ status: 400, field: 'body.currentCode' });
      const wrong = await user.call('POST', '/api/v1/auth/mfa/enrolment/confirm', {
        code: newCode,
        currentCode: codeFor(user.secret, user.spentStep - 3),
      });
      expect(wrong.json()).toMatchObject({ status: 422, code: 'invalid_request', field: 'body.currentCode' });
      const used = await user.call('POST', '/api/v1/auth/mfa/enrolment/confirm', {
        code: newCode,
        currentRecoveryCode: 'zzzzz-zzzzz',
      });
      expect(used.json()).toMatchObject({ status: 422, field: 'body.currentRecoveryCode' });
      // A code of the new secret is not a proof of the old one.
      const borrowed = await user.call('POST', '/api/v1/auth/mfa/enrolment/confirm', {
        code: newCode,
        currentCode: newCode,
      });
      expect(borrowed.json()).toMatchObject({ status: 422, field: 'body.currentCode' });
      expect(await factorState(user.id)).toEqual(state);
      expect(await auditRows('user.mfaEnrol', user.id)).toHaveLength(1);
      const failed = await auditRows('auth.mfaVerifyFailed', user.id);
      expect(failed.map((a) => JSON.parse(a.after_json!).purpose)).toEqual([
        'user.mfaEnrol',
        'user.mfaEnrol',
        'user.mfaEnrol',
      ]);

      const replaced = await user.call('POST', '/api/v1/auth/mfa/enrolment/confirm', {
        code: newCode,
        currentCode: codeFor(user.secret, user.spentStep + 1),
      });
      expect(replaced.statusCode, replaced.body).toBe(200);
      expect(decryptSecret(t.app.encryptionKey, (await userRow(user.id)).mfa_secret!)).toBe(newSecret);
      // The old factor's codes are gone with it.
      const oldCode = await user.call('DELETE', '/api/v1/auth/mfa', { recoveryCode: user.recoveryCodes[1] });
      expect(oldCode.json()).toMatchObject({ status: 422, field: 'body.recoveryCode' });
    });
  });

  describe('removing a factor', () => {
    it('lets a user who is not MFA Required remove its own factor', async () => {
      const user = await enrolledUser();
      await send(user.session, 'POST', '/api/v1/auth/mfa/verify', {
        code: codeFor(user.secret, user.spentStep + 1),
      });
      const removed = await send(user.session, 'DELETE', '/api/v1/auth/mfa', {
        recoveryCode: user.recoveryCodes[0],
      });
      expect(removed.statusCode, removed.body).toBe(204);
      const row = await userRow(user.id);
      expect([row.mfa_secret, row.mfa_pending_secret, row.mfa_enabled_at]).toEqual([null, null, null]);
      const codes = await t.app.db.kysely
        .selectFrom('recovery_codes')
        .select('id')
        .where('user_id', '=', user.id)
        .execute();
      expect(codes).toEqual([]);
      expect(await auditRows('user.mfaDisable', user.id)).toHaveLength(1);
      expect((await signIn(user.email)).stage).toBe('active');
    });

    it('lets an administrator reset a user in scope: factor gone, sessions ended, enrolment next', async () => {
      const user = await enrolledUser({ mfa_required: 1 });
      const admin = w.A.people.tenant_admin;
      const reset = (token: string, id = user.id) =>
        t.inject({
          method: 'POST',
          url: `/api/v1/users/${id}/mfa-reset`,
          headers: { authorization: `Bearer ${token}` },
        });

      const before = await snapshotDatabase(t.app);
      expect((await reset(w.B.people.distributor_admin.token)).statusCode).toBe(404);
      expect((await reset(w.B.people.tenant_admin.token)).statusCode).toBe(404);
      expect((await reset(w.A.people.tenant_reader.token)).statusCode).toBe(403);
      const self = await reset(admin.token, admin.userId);
      expect(self.json()).toMatchObject({ status: 422, code: 'invalid_request' });
      expect(await snapshotDatabase(t.app)).toBe(before);

      const done = await reset(admin.token);
      expect(done.statusCode, done.body).toBe(204);
      const row = await userRow(user.id);
      expect([row.mfa_secret, row.mfa_pending_secret, row.mfa_enabled_at]).toEqual([null, null, null]);
      expect((await send(user.session, 'GET', '/api/v1/me')).statusCode).toBe(401);
      const audit = await auditRows('user.mfaReset', user.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]!.actor_user_id).toBe(admin.userId);
      expect(JSON.parse(audit[0]!.after_json!)).toEqual({ mfaEnabled: false });
      // A recovery code of the old factor is gone too, and MFA Required asks for a new enrolment.
      const next = await signIn(user.email);
      expect(next.stage).toBe('mfa_enrolment');
      expect(
        (await send(next, 'POST', '/api/v1/auth/mfa/verify', { recoveryCode: user.recoveryCodes[0] }))
          .statusCode,
      ).toBe(403);
    });
  });
});
