import { copyFileSync } from 'node:fs';
import { generateSync } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoleKey } from '../src/context.ts';
import { encryptSecret } from '../src/crypto/secrets.ts';
import { newId, PLATFORM_ORG_ID } from '../src/db/ids.ts';
import { hashPassword } from '../src/modules/auth/passwords.ts';
import { settingDefinition } from '../src/modules/settings/settings.registry.ts';
import { getSetting } from '../src/modules/settings/settings.service.ts';
import { createUserLink } from '../src/modules/users/user-links.ts';
import { ROLE_KEYS, ROUTE_POLICY, type Rule } from '../src/policy/route-policy.ts';
import { openApiDocument } from '../src/routes.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, type TestApp } from './support/app.ts';
import { createTestDatabase, type TestDatabase } from './support/engines.ts';
import { type SmtpSink, startSmtpSink, useSmtpSink } from './support/smtp-sink.ts';
import { snapshotDatabase } from './support/snapshot.ts';
import { buildWorld, type Person, uploadPlatformLogo, type World } from './support/world.ts';

/**
 * The security suite, generated from the OpenAPI document and the policy table. For every
 * operation it proves, against the real server on SQLite:
 *  1. an in-scope actor of each role gets exactly the table's outcome (success, 403 or 404);
 *  2. the same role from the other branch gets 404 on branch A's objects (403 where the route is
 *     not for the role at all) and sees none of branch A's ids in lists;
 *  3. an anonymous caller gets 401;
 * and that every refused request left every table unchanged. An operation without a policy entry
 * or a fixture here fails the suite.
 */

interface Probe {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}

interface Fixture {
  /** The request, aimed at branch A's objects. `actor` is who sends it (for "self" routes). */
  request?(w: World, actor: Person): Probe;
  /** For "self" routes: the same request aimed at someone else's object. */
  othersRequest?(w: World, actor: Person): Probe;
  /** Makes a success possible (e.g. removes dependents before a delete); runs as platform admin. */
  prepare?(t: TestApp, w: World, actor: Person): Promise<void>;
  /**
   * For public routes that succeed only inside a live exchange with an identity provider (proved
   * end to end in oidc.test.ts): `request` is then a hostile anonymous request and this is the
   * refusal it must get, writing nothing.
   */
  anonymousRefusal?: number;
}

let personSeq = 0;
const newPerson = () => {
  personSeq += 1;
  return { firstName: 'New', lastName: 'Person', email: `new.person.${personSeq}@example.test` };
};
const tokenId = (person: Person) => person.token.split('.')[0]!;

async function call(t: TestApp, method: string, path: string, token: string, body?: unknown) {
  return t.inject({
    method: method as 'GET',
    url: path,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
}

const remove = (path: string) => async (t: TestApp, w: World) => {
  const response = await call(t, 'DELETE', path, w.platformAdmin.token);
  expect(response.statusCode, `prepare: DELETE ${path}`).toBe(204);
};
const removeSubscription = (t: TestApp, w: World) =>
  remove(`/api/v1/subscriptions/${w.A.subscriptionId}`)(t, w);
const removeTenant = async (t: TestApp, w: World) => {
  await removeSubscription(t, w);
  await remove(`/api/v1/tenants/${w.A.tenantId}`)(t, w);
};

/** The MFA fixtures give the actor this TOTP secret (20 bytes) and send its current code. */
const MFA_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const withMfa =
  (column: 'mfa_secret' | 'mfa_pending_secret') => async (t: TestApp, _w: World, actor: Person) => {
    const value = encryptSecret(t.app.encryptionKey, MFA_SECRET);
    await t.app.db.kysely
      .updateTable('users')
      .set(column === 'mfa_secret' ? { mfa_secret: value } : { mfa_pending_secret: value })
      .where('id', '=', actor.userId)
      .execute();
  };
const mfaCode = () => ({ body: { code: generateSync({ secret: MFA_SECRET }) } });

/** Linked federated identities: two in the world (see beforeAll), one a self-service fixture adds. */
const TENANT_READER_IDENTITY = newId('uid');
const PLATFORM_ADMIN_IDENTITY = newId('uid');
const OWN_IDENTITY = newId('uid');
async function linkIdentity(t: TestApp, w: World, userId: string, id: string): Promise<void> {
  await t.app.db.kysely
    .insertInto('user_identities')
    .values({
      id,
      user_id: userId,
      provider_id: w.A.identityProviderId,
      issuer: 'http://127.0.0.1:9/alpha',
      subject: `subject-of-${id}`,
      created_at: new Date().toISOString(),
    })
    .execute();
}

/** What a prepare() hands to its request() (request() is synchronous): link tokens made per run. */
const handoff = new Map<string, string>();
const linkFor =
  (purpose: 'invitation' | 'password_reset', person: (w: World) => Person) =>
  async (t: TestApp, w: World): Promise<void> => {
    handoff.set(purpose, await createUserLink(t.app.db.kysely, t.app.clock, person(w).userId, purpose));
  };
const linkBody = (purpose: 'invitation' | 'password_reset') => () => ({
  body: { token: handoff.get(purpose), password: 'a-brand-new-password' },
});
/** Routes that e-mail an administrator's action need SMTP: a real server on loopback, started once. */
let smtpSink: SmtpSink | undefined;
const withSmtp = async (t: TestApp): Promise<void> => {
  smtpSink ??= await startSmtpSink();
  await useSmtpSink(t.app, smtpSink);
};
afterAll(async () => {
  await smtpSink?.close();
});

const FIXTURES: Record<string, Fixture> = {
  'health.live': {},
  'health.ready': {},
  'metrics.scrape': {},
  'docs.openapi': {},
  'auth.signIn': { request: () => ({ body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } }) },
  'auth.activate': {
    prepare: linkFor('invitation', (w) => w.A.people.tenant_reader),
    request: linkBody('invitation'),
  },
  'auth.passwordResetRequest': { request: () => ({ body: { email: ADMIN_EMAIL } }) },
  'auth.passwordResetConfirm': {
    prepare: linkFor('password_reset', (w) => w.platformAdmin),
    request: linkBody('password_reset'),
  },
  'auth.signOut': {},
  'auth.signOutEverywhere': {},
  'auth.changePassword': {
    request: () => ({ body: { currentPassword: 'the-old-password', newPassword: 'a-brand-new-password' } }),
    prepare: async (t, _w, actor) => {
      const password_hash = await hashPassword('the-old-password');
      await t.app.db.kysely
        .updateTable('users')
        .set({ password_hash })
        .where('id', '=', actor.userId)
        .execute();
    },
  },
  'auth.me': {},
  'apiTokens.list': {},
  'apiTokens.create': { request: () => ({ body: { name: 'probe' } }) },
  'apiTokens.revoke': {
    request: (_w, actor) => ({ params: { id: tokenId(actor) } }),
    othersRequest: (w, actor) => ({
      params: { id: tokenId(actor === w.platformAdmin ? w.A.people.tenant_admin : w.platformAdmin) },
    }),
  },
  'mfa.enrolmentStart': {},
  'mfa.enrolmentConfirm': { request: mfaCode, prepare: withMfa('mfa_pending_secret') },
  // With a token (always `active`) verify is a plain check of an enrolled user's code.
  'mfa.verify': { request: mfaCode, prepare: withMfa('mfa_secret') },
  'mfa.recoveryCodesRegenerate': { request: mfaCode, prepare: withMfa('mfa_secret') },
  'mfa.disable': { request: mfaCode, prepare: withMfa('mfa_secret') },
  'identities.listOwn': {},
  'identities.removeOwn': {
    prepare: async (t, w, actor) => linkIdentity(t, w, actor.userId, OWN_IDENTITY),
    request: () => ({ params: { identityId: OWN_IDENTITY } }),
    othersRequest: (w, actor) => ({
      params: {
        identityId: actor === w.A.people.tenant_reader ? PLATFORM_ADMIN_IDENTITY : TENANT_READER_IDENTITY,
      },
    }),
  },

  'distributors.list': {},
  'distributors.get': { request: (w) => ({ params: { id: w.A.distributorId } }) },
  'distributors.create': {
    request: () => ({ body: { name: 'New Distribution', administrators: [newPerson()] } }),
  },
  'distributors.update': {
    request: (w) => ({ params: { id: w.A.distributorId }, body: { name: 'Renamed Distribution' } }),
  },
  'distributors.delete': {
    request: (w) => ({ params: { id: w.A.distributorId } }),
    prepare: async (t, w) => {
      await removeTenant(t, w);
      await remove(`/api/v1/partners/${w.A.partnerId}`)(t, w);
      await remove(`/api/v1/partners/${w.A.sparePartnerId}`)(t, w);
    },
  },

  'partners.list': {},
  'partners.get': { request: (w) => ({ params: { id: w.A.partnerId } }) },
  'partners.create': {
    request: (w) => ({
      body: { name: 'New Partner', distributorId: w.A.distributorId, administrators: [newPerson()] },
    }),
  },
  'partners.update': {
    request: (w) => ({ params: { id: w.A.partnerId }, body: { name: 'Renamed Partner' } }),
  },
  'partners.delete': { request: (w) => ({ params: { id: w.A.partnerId } }), prepare: removeTenant },
  'partners.move': {
    request: (w) => ({ params: { id: w.A.partnerId }, body: { distributorId: w.B.distributorId } }),
  },

  'tenants.list': {},
  'tenants.get': { request: (w) => ({ params: { id: w.A.tenantId } }) },
  'tenants.create': {
    request: (w) => ({
      body: { name: 'New Tenant', partnerId: w.A.partnerId, administrators: [newPerson()] },
    }),
  },
  'tenants.update': { request: (w) => ({ params: { id: w.A.tenantId }, body: { name: 'Renamed Tenant' } }) },
  'tenants.delete': { request: (w) => ({ params: { id: w.A.tenantId } }), prepare: removeSubscription },
  'tenants.move': {
    request: (w) => ({ params: { id: w.A.tenantId }, body: { partnerId: w.A.sparePartnerId } }),
  },

  'subscriptions.list': {},
  'subscriptions.get': { request: (w) => ({ params: { id: w.A.subscriptionId } }) },
  'subscriptions.create': {
    request: (w) => ({ body: { tenantId: w.A.tenantId, name: 'New Subscription' } }),
  },
  'subscriptions.update': {
    request: (w) => ({ params: { id: w.A.subscriptionId }, body: { name: 'Renamed' } }),
  },
  'subscriptions.delete': { request: (w) => ({ params: { id: w.A.subscriptionId } }) },

  'users.list': {},
  'users.get': { request: (w) => ({ params: { id: w.A.people.tenant_reader.userId } }) },
  'users.create': { request: (w) => ({ body: { ...newPerson(), orgId: w.A.tenantId, role: 'reader' } }) },
  'users.update': {
    request: (w) => ({ params: { id: w.A.people.tenant_reader.userId }, body: { firstName: 'Changed' } }),
  },
  'users.delete': { request: (w) => ({ params: { id: w.A.people.tenant_reader.userId } }) },
  // The world's users have not activated yet: an invitation can be resent to them.
  'users.resendInvitation': {
    request: (w) => ({ params: { id: w.A.people.tenant_reader.userId } }),
    prepare: withSmtp,
  },
  'users.passwordReset': {
    request: (w) => ({ params: { id: w.A.people.tenant_reader.userId } }),
    prepare: async (t, w) => {
      await withSmtp(t);
      await t.app.db.kysely
        .updateTable('users')
        .set({ activated_at: new Date().toISOString() })
        .where('id', '=', w.A.people.tenant_reader.userId)
        .execute();
    },
  },
  'users.listIdentities': { request: (w) => ({ params: { id: w.A.people.tenant_reader.userId } }) },
  'users.removeIdentity': {
    request: (w) => ({ params: { id: w.A.people.tenant_reader.userId, identityId: TENANT_READER_IDENTITY } }),
  },
  'users.mfaReset': {
    request: (w) => ({ params: { id: w.A.people.tenant_reader.userId } }),
    prepare: (t, w) => withMfa('mfa_secret')(t, w, w.A.people.tenant_reader),
  },

  'settings.list': {},
  'settings.update': { request: () => ({ body: { values: { 'tenants.partnerCanCreate': false } } }) },

  'audit.list': {},
  'audit.export': {},

  'auth.identityProviders': { request: () => ({ query: { email: 'someone@example.test' } }) },
  // An off-site returnTo would make the sign-in an open redirect.
  'auth.oidcStart': {
    request: (w) => ({ params: { providerId: w.A.identityProviderId }, query: { returnTo: '//evil.test/' } }),
    anonymousRefusal: 400,
  },
  // A callback for a flow this browser did not start (forged state, no state cookie).
  'auth.oidcCallback': {
    request: () => ({ query: { state: 'forged-state', code: 'forged-code' } }),
    anonymousRefusal: 401,
  },
  'auth.session': {},
  'identityProviders.list': {},
  'identityProviders.get': { request: (w) => ({ params: { id: w.A.identityProviderId } }) },
  // Disabled: the tenant already has its enabled mapping (one per organisation).
  'identityProviders.create': {
    request: (w) => ({
      body: { orgId: w.A.tenantId, name: 'Probe', preset: 'google', clientId: 'probe', enabled: false },
    }),
  },
  'identityProviders.update': {
    request: (w) => ({ params: { id: w.A.identityProviderId }, body: { name: 'Renamed' } }),
  },
  'identityProviders.delete': { request: (w) => ({ params: { id: w.A.identityProviderId } }) },

  'branding.effective': {},
  'branding.logo': { request: () => ({ params: { id: platformLogoId } }) },
  'branding.platformGet': {},
  'branding.platformUpdate': { request: () => ({ body: { name: 'Probe Cloud' } }) },
  'partners.brandingGet': { request: (w) => ({ params: { id: w.A.partnerId } }) },
  'partners.brandingUpdate': {
    request: (w) => ({
      params: { id: w.A.partnerId },
      body: { name: 'Probe Brand', primaryColor: '#224466' },
    }),
  },
};

interface Operation {
  id: string;
  method: string;
  path: string;
  success: number;
}

function operations(): Operation[] {
  const doc = openApiDocument() as {
    paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
  };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      id: op.operationId,
      method: method.toUpperCase(),
      path,
      // 2xx, or 3xx for the browser-facing sign-in redirects.
      success: Number(Object.keys(op.responses).find((code) => /^[23]/.test(code))),
    })),
  );
}

function url(op: Operation, probe: Probe): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => probe.params?.[name] ?? `missing-${name}`);
  const query = probe.query ? `?${new URLSearchParams(probe.query)}` : '';
  return path + query;
}

/** Every id of branch A that must never reach branch B's actors. */
function branchAIds(w: World): string[] {
  return [
    w.A.distributorId,
    w.A.partnerId,
    w.A.sparePartnerId,
    w.A.tenantId,
    w.A.subscriptionId,
    w.A.identityProviderId,
    ...Object.values(w.A.people).map((p) => p.userId),
  ];
}

const OPERATIONS = operations();
let template: TestDatabase;
let shared: TestApp;
let world: World;
/** A platform logo in the template world, for the public logo route. */
let platformLogoId = '';
const settingDefaults = new Map<string, boolean>();

beforeAll(async () => {
  template = await createTestDatabase('sqlite');
  const builder = await startTestApp(template.url);
  world = await buildWorld(builder);
  await linkIdentity(builder, world, world.A.people.tenant_reader.userId, TENANT_READER_IDENTITY);
  await linkIdentity(builder, world, world.platformAdmin.userId, PLATFORM_ADMIN_IDENTITY);
  platformLogoId = await uploadPlatformLogo(world);
  for (const policy of Object.values(ROUTE_POLICY)) {
    if (typeof policy !== 'object') continue;
    for (const rule of Object.values(policy)) {
      if (typeof rule === 'object')
        settingDefaults.set(rule.setting, (await getSetting(builder.app, rule.setting)) === true);
    }
  }
  await builder.close();
  shared = await freshApp();
});

afterAll(async () => {
  await shared?.close();
  await template?.drop();
});

const copies: TestDatabase[] = [];
afterAll(async () => {
  for (const copy of copies) await copy.drop();
});

/** A private copy of the world, for requests that are expected to change it. */
async function freshApp(): Promise<TestApp> {
  const copy = await createTestDatabase('sqlite');
  copyFileSync(template.url.slice('sqlite:'.length), copy.url.slice('sqlite:'.length));
  copies.push(copy);
  return startTestApp(copy.url);
}

/** The outcome the table promises for an in-scope actor, with settings at their defaults. */
function inScopeOutcome(rule: Rule): 'success' | 403 | 404 {
  if (typeof rule === 'object') return settingDefaults.get(rule.setting) ? 'success' : 403;
  return rule === 'allow' ? 'success' : rule === 'hidden' ? 404 : 403;
}

/** Sends a request that must be refused and proves it changed nothing. */
async function expectRefused(t: TestApp, op: Operation, probe: Probe, token: string | null, status: number) {
  const before = await snapshotDatabase(t.app);
  const response = await t.inject({
    method: op.method as 'GET',
    url: url(op, probe),
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(probe.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(probe.body === undefined ? {} : { payload: JSON.stringify(probe.body) }),
  });
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(await snapshotDatabase(t.app)).toBe(before);
}

async function expectSuccess(op: Operation, fixture: Fixture, actor: Person | null) {
  const mutates = op.method !== 'GET';
  const t = mutates ? await freshApp() : shared;
  try {
    if (mutates && fixture.prepare) await fixture.prepare(t, world, actor ?? world.platformAdmin);
    const probe = actor
      ? (fixture.request?.(world, actor) ?? {})
      : (fixture.request?.(world, world.platformAdmin) ?? {});
    const response = await t.inject({
      method: op.method as 'GET',
      url: url(op, probe),
      headers: {
        ...(actor ? { authorization: `Bearer ${actor.token}` } : {}),
        ...(probe.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(probe.body === undefined ? {} : { payload: JSON.stringify(probe.body) }),
    });
    expect(response.statusCode, response.body).toBe(op.success);
  } finally {
    if (mutates) await t.close();
  }
}

describe('the route table', () => {
  it('covers every operation of the API document, and the document has the operations we expect', () => {
    expect(OPERATIONS.length).toBeGreaterThanOrEqual(41);
    const ids = OPERATIONS.map((op) => op.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => ROUTE_POLICY[id] === undefined)).toEqual([]);
    expect(ids.filter((id) => FIXTURES[id] === undefined)).toEqual([]);
    expect(Object.keys(ROUTE_POLICY).filter((id) => !ids.includes(id))).toEqual([]);
  });

  it('denies something to somebody on most operations (a table of "allow" everywhere would be a defect)', () => {
    const restricted = OPERATIONS.filter((op) => {
      const policy = ROUTE_POLICY[op.id];
      return typeof policy === 'object' && Object.values(policy).some((rule) => rule !== 'allow');
    });
    expect(restricted.length).toBeGreaterThanOrEqual(20);
  });
});

describe.each(OPERATIONS)('$id ($method $path)', (op) => {
  const policy = ROUTE_POLICY[op.id];
  const fixture = FIXTURES[op.id];
  if (policy === undefined || fixture === undefined) return;

  if (policy === 'public' && fixture.anonymousRefusal !== undefined) {
    it(`refuses a hostile anonymous request with ${fixture.anonymousRefusal} and changes nothing`, async () => {
      const probe = fixture.request?.(world, world.platformAdmin) ?? {};
      await expectRefused(shared, op, probe, null, fixture.anonymousRefusal!);
    });
    return;
  }
  if (policy === 'public') {
    it('answers an anonymous caller', async () => {
      await expectSuccess(op, fixture, null);
    });
    return;
  }

  it('refuses an anonymous caller with 401 and changes nothing', async () => {
    await expectRefused(shared, op, fixture.request?.(world, world.platformAdmin) ?? {}, null, 401);
  });

  if (policy === 'self') {
    it.each(ROLE_KEYS)('%s may use it on its own records', async (role) => {
      await expectSuccess(op, fixture, world.actor(role));
    });
    if (fixture.othersRequest) {
      it.each(ROLE_KEYS)("%s gets 404 on another user's records and changes nothing", async (role) => {
        const actor = world.actor(role);
        await expectRefused(shared, op, fixture.othersRequest!(world, actor), actor.token, 404);
      });
    }
    return;
  }

  it.each(ROLE_KEYS)('%s in branch A gets the table outcome', async (role: RoleKey) => {
    const actor = world.actor(role, 'A');
    const outcome = inScopeOutcome(policy[role]);
    if (outcome === 'success') {
      await expectSuccess(op, fixture, actor);
    } else {
      await expectRefused(shared, op, fixture.request?.(world, actor) ?? {}, actor.token, outcome);
    }
  });

  const branchRoles = ROLE_KEYS.filter((role) => !role.startsWith('platform_'));
  it.each(branchRoles)("%s from branch B cannot reach branch A's objects", async (role: RoleKey) => {
    const actor = world.actor(role, 'B');
    const probe = fixture.request?.(world, actor) ?? {};
    const outcome = inScopeOutcome(policy[role]);
    const refusedByRole = outcome === 403 && (policy[role] === 'denied' || typeof policy[role] === 'object');
    if (refusedByRole) {
      await expectRefused(shared, op, probe, actor.token, 403);
      return;
    }
    const isCollection = !op.path.includes('{');
    if (isCollection && op.method === 'GET') {
      const response = await call(shared, 'GET', url(op, probe), actor.token);
      expect(response.statusCode, response.body).toBe(200);
      for (const id of branchAIds(world)) expect(response.body).not.toContain(id);
      return;
    }
    await expectRefused(shared, op, probe, actor.token, 404);
  });
});

describe('settings narrow the table', () => {
  it.each([
    [
      'tenants.partnerCanCreate',
      'partner_admin',
      '/api/v1/tenants',
      (w: World) => ({ name: 'T', partnerId: w.A.partnerId, administrators: [newPerson()] }),
    ],
    [
      'tenants.distributorCanCreate',
      'distributor_admin',
      '/api/v1/tenants',
      (w: World) => ({ name: 'T', partnerId: w.A.partnerId, administrators: [newPerson()] }),
    ],
    [
      'subscriptions.partnerCanCreate',
      'partner_admin',
      '/api/v1/subscriptions',
      (w: World) => ({ name: 'S', tenantId: w.A.tenantId }),
    ],
    [
      'subscriptions.distributorCanCreate',
      'distributor_admin',
      '/api/v1/subscriptions',
      (w: World) => ({ name: 'S', tenantId: w.A.tenantId }),
    ],
  ] as const)(
    'with %s off, %s gets 403 from POST %s and nothing is written',
    async (key, role, path, body) => {
      expect(settingDefinition(key)?.defaultValue).toBe(true);
      const t = await freshApp();
      try {
        const off = await call(t, 'PATCH', '/api/v1/settings', world.platformAdmin.token, {
          values: { [key]: false },
        });
        expect(off.statusCode, off.body).toBe(200);
        const before = await snapshotDatabase(t.app);
        const refused = await call(t, 'POST', path, world.actor(role).token, body(world));
        expect(refused.statusCode, refused.body).toBe(403);
        expect(await snapshotDatabase(t.app)).toBe(before);
        const me = await call(t, 'GET', '/api/v1/me', world.actor(role).token);
        const createId = path.endsWith('tenants') ? 'tenants.create' : 'subscriptions.create';
        expect(me.json().permissions[createId]).toBe(false);
      } finally {
        await t.close();
      }
    },
  );

  it('with Tenant Self Provisioning on, a tenant admin may create its own subscription (off by default)', async () => {
    expect(settingDefinition('subscriptions.tenantCanCreate')?.defaultValue).toBe(false);
    const t = await freshApp();
    try {
      const tenantAdmin = world.actor('tenant_admin');
      expect(
        (await call(t, 'POST', '/api/v1/subscriptions', tenantAdmin.token, { name: 'Mine' })).statusCode,
      ).toBe(403);
      await call(t, 'PATCH', '/api/v1/settings', world.platformAdmin.token, {
        values: { 'subscriptions.tenantCanCreate': true },
      });
      const created = await call(t, 'POST', '/api/v1/subscriptions', tenantAdmin.token, { name: 'Mine' });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json().tenantId).toBe(world.A.tenantId);
    } finally {
      await t.close();
    }
  });
});

describe('ids cannot be guessed across branches', () => {
  it('a distributor admin of B gets 404 for every object of A on every object route', async () => {
    const intruder = world.actor('distributor_admin', 'B');
    const targets: [string, string][] = [
      ['distributors', world.A.distributorId],
      ['partners', world.A.partnerId],
      ['tenants', world.A.tenantId],
      ['subscriptions', world.A.subscriptionId],
      ['users', world.A.people.tenant_admin.userId],
      ['identity-providers', world.A.identityProviderId],
    ];
    for (const [resource, id] of targets) {
      for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
        const body = method === 'PATCH' ? {} : undefined;
        const response = await call(shared, method, `/api/v1/${resource}/${id}`, intruder.token, body);
        expect(response.statusCode, `${method} ${resource}/${id}`).toBe(404);
      }
    }
    const platformUsers = await call(shared, 'GET', `/api/v1/users?orgId=${PLATFORM_ORG_ID}`, intruder.token);
    expect(platformUsers.json().items).toEqual([]);
  });
});
