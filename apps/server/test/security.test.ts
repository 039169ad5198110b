import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { generateSync } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RoleKey, systemContext } from '../src/context.ts';
import { encryptSecret } from '../src/crypto/secrets.ts';
import { newId, PLATFORM_ORG_ID } from '../src/db/ids.ts';
import { transaction } from '../src/db/transaction.ts';
import { raiseAlert } from '../src/modules/alerts/alerts.service.ts';
import { hashPassword } from '../src/modules/auth/passwords.ts';
import { queueEmail } from '../src/modules/mail/outbox.ts';
import { adminClientForRegion } from '../src/modules/regions/regions.service.ts';
import { settingDefinition } from '../src/modules/settings/settings.registry.ts';
import { getSetting } from '../src/modules/settings/settings.service.ts';
import { createUserLink } from '../src/modules/users/user-links.repository.ts';
import { ROLE_KEYS, ROUTE_POLICY, type RoutePolicy, type Rule } from '../src/policy/route-policy.ts';
import { openApiDocument } from '../src/routes.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, type TestApp } from './support/app.ts';
import { type EmulatorProcess, startEmulator } from './support/azs-emulator-process.ts';
import { createTestDatabase, type TestDatabase } from './support/engines.ts';
import { buildInvoiceWorld, type InvoiceWorld } from './support/invoice-world.ts';
import { buildPriceWorld, type PriceWorld } from './support/price-rows.ts';
import { type SmtpSink, startSmtpSink, useSmtpSink } from './support/smtp-sink.ts';
import { changedTables, snapshotDatabase, snapshotTables } from './support/snapshot.ts';
import { insertRegion as insertRegionRow } from './support/usage.ts';
import { insertRegion, insertRegionSubscription } from './support/usage-rows.ts';
import {
  type BranchRole,
  buildWorld,
  expectedIds,
  type Person,
  uploadPlatformLogo,
  type World,
  type WorldObject,
} from './support/world.ts';

/**
 * The security suite, generated from the OpenAPI document and the policy table. The world has two
 * siblings at every level (two distributors, two partners of one distributor, two tenants of one
 * partner, two subscriptions of one tenant, people at each). For every operation it proves,
 * against the real server on SQLite:
 *  1. an in-scope actor of each role gets exactly the table's outcome (success, 403 or 404), and a
 *     list answers exactly the ids the world says that actor must see;
 *  2. the same role from the other branch, and from a sibling organisation inside the branch, gets
 *     404 on branch A's objects (403 where the route is not for the role at all), and its lists
 *     answer exactly its own ids;
 *  3. an anonymous caller gets 401;
 *  4. every successful write adds exactly one audit row (exceptions named in AUDIT), and
 *     when that row cannot be written the whole change rolls back;
 * and that every refused request left every table unchanged. Invariants that do not come from the
 * table hold as well: a read-only role never succeeds on a write except to its own records
 * (SELF_SERVICE_WRITES), no actor outside branch A's organisation ever succeeds on its objects,
 * and no role sees less in a list than the role below it. An operation without a policy entry or
 * a fixture here fails the suite.
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
  /**
   * For a collection read whose `request` names a branch A object in its query (a report of one
   * tenant): the same read over the caller's whole scope. An outsider gets 404 on `request`, and
   * on this one an answer holding nothing it may not see.
   */
  wide?(w: World, actor: Person): Probe;
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
/** Empties branch A's tenant (both its subscriptions) so it can be deleted. */
const removeSubscriptions = async (t: TestApp, w: World) => {
  await remove(`/api/v1/subscriptions/${w.A.subscriptionId}`)(t, w);
  await remove(`/api/v1/subscriptions/${w.A.siblings!.subscriptionId}`)(t, w);
};
/** Empties branch A's partner (both its tenants) so it can be deleted. */
const removeTenants = async (t: TestApp, w: World) => {
  await removeSubscriptions(t, w);
  await remove(`/api/v1/tenants/${w.A.tenantId}`)(t, w);
  await remove(`/api/v1/subscriptions/${w.A.siblings!.tenantSubscriptionId}`)(t, w);
  await remove(`/api/v1/tenants/${w.A.siblings!.tenantId}`)(t, w);
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
/** What this run's prepare() made, once (refusals, which run no prepare(), aim at the world's object). */
const takeHandoff = (key: string) => {
  const value = handoff.get(key);
  handoff.delete(key);
  return value;
};
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

/** A meter in the world's import source catalog (added as the platform administrator, audited before the probe). */
const addSourceMeter = async (t: TestApp, w: World) => {
  const response = await call(t, 'POST', `/api/v1/regions/${importRegionId}/meters`, w.platformAdmin.token, {
    meterId: 'world-meter',
    name: 'World meter',
    unit: 'Hours',
  });
  expect(response.statusCode, response.body).toBe(201);
};

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
  'distributors.export': {},
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
      await removeTenants(t, w);
      await remove(`/api/v1/partners/${w.A.partnerId}`)(t, w);
      await remove(`/api/v1/partners/${w.A.sparePartnerId}`)(t, w);
    },
  },

  'partners.list': {},
  'partners.export': {},
  'partners.get': { request: (w) => ({ params: { id: w.A.partnerId } }) },
  'partners.create': {
    request: (w) => ({
      body: { name: 'New Partner', distributorId: w.A.distributorId, administrators: [newPerson()] },
    }),
  },
  'partners.update': {
    request: (w) => ({ params: { id: w.A.partnerId }, body: { name: 'Renamed Partner' } }),
  },
  'partners.delete': { request: (w) => ({ params: { id: w.A.partnerId } }), prepare: removeTenants },
  'partners.move': {
    request: (w) => ({ params: { id: w.A.partnerId }, body: { distributorId: w.B.distributorId } }),
  },

  'tenants.list': {},
  'tenants.export': {},
  'tenants.get': { request: (w) => ({ params: { id: w.A.tenantId } }) },
  'tenants.create': {
    request: (w) => ({
      body: { name: 'New Tenant', partnerId: w.A.partnerId, administrators: [newPerson()] },
    }),
  },
  'tenants.update': { request: (w) => ({ params: { id: w.A.tenantId }, body: { name: 'Renamed Tenant' } }) },
  'tenants.delete': { request: (w) => ({ params: { id: w.A.tenantId } }), prepare: removeSubscriptions },
  'tenants.move': {
    request: (w) => ({ params: { id: w.A.tenantId }, body: { partnerId: w.A.sparePartnerId } }),
  },
  'tenants.identityCheck': { request: (w) => ({ params: { id: w.A.tenantId } }) },
  'tenants.identityCheckRun': { request: (w) => ({ params: { id: w.A.tenantId } }) },

  'subscriptions.list': {},
  'subscriptions.get': { request: (w) => ({ params: { id: w.A.subscriptionId } }) },
  'subscriptions.create': {
    request: (w) => ({ body: { tenantId: w.A.tenantId, name: 'New Subscription' } }),
  },
  'subscriptions.update': {
    request: (w) => ({ params: { id: w.A.subscriptionId }, body: { name: 'Renamed' } }),
  },
  'subscriptions.delete': { request: (w) => ({ params: { id: w.A.subscriptionId } }) },
  // The lifecycle of branch A's second subscription, which is on no region (the CMS record only).
  'subscriptions.suspend': { request: (w) => ({ params: { id: w.A.siblings!.subscriptionId } }) },
  'subscriptions.resume': {
    request: (w) => ({ params: { id: w.A.siblings!.subscriptionId } }),
    prepare: async (t, w) => {
      const response = await call(
        t,
        'POST',
        `/api/v1/subscriptions/${w.A.siblings!.subscriptionId}/suspension`,
        w.platformAdmin.token,
      );
      expect(response.statusCode, response.body).toBe(200);
    },
  },
  'subscriptions.cancel': { request: (w) => ({ params: { id: w.A.siblings!.subscriptionId } }) },
  'subscriptions.plans': { request: (w) => ({ params: { id: w.A.subscriptionId } }) },
  // Branch A's subscription lives on the emulated stamp (its subscription there is put back first).
  'subscriptions.regionDelete': {
    request: (w) => ({ params: { id: w.A.subscriptionId }, body: { confirm: worldSubscriptionName } }),
    prepare: ensureOnEmulator,
  },
  'subscriptions.acquirePlan': {
    request: (w) => ({ params: { id: w.A.subscriptionId }, body: { planId: addonPlanId } }),
    prepare: ensureOnEmulator,
  },
  'subscriptions.removePlan': {
    request: (w) => ({ params: { id: w.A.subscriptionId, acquisitionId: WORLD_ACQUISITION } }),
    prepare: async (t, w) => {
      await ensureOnEmulator(t);
      await t.app.db.kysely
        .insertInto('subscription_plans')
        .values({
          subscription_id: w.A.subscriptionId,
          plan_id: addonPlanId,
          acquisition_id: WORLD_ACQUISITION,
          state: 'provisioned',
          acquired_at: '2024-03-01T00:00:00.000Z',
          removed_at: null,
        })
        .execute();
    },
  },

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
  // A user whose first sign-in still needs an activation code (Require User Activation Code).
  'users.activationCode': {
    request: (w) => ({ params: { id: w.A.people.tenant_reader.userId } }),
    prepare: async (t, w) => {
      await t.app.db.kysely
        .updateTable('users')
        .set({ activation_code_hash: 'f'.repeat(64), activation_code_expires_at: '2999-01-01T00:00:00.000Z' })
        .where('id', '=', w.A.people.tenant_reader.userId)
        .execute();
    },
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
  'mail.sendTest': { request: () => ({ body: { to: 'probe@example.test' } }), prepare: withSmtp },
  'documentStorage.test': {},

  'audit.list': {},
  'audit.export': {},
  'overview.get': {},

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

  'meters.list': { request: () => ({ query: { catalog: importRegionId } }) },
  'regionMeters.create': {
    request: () => ({
      params: { id: importRegionId },
      body: { meterId: 'probe-meter', name: 'Probe', unit: 'Hours' },
    }),
  },
  'regionMeters.update': {
    prepare: addSourceMeter,
    request: () => ({ params: { id: importRegionId, meterId: 'world-meter' }, body: { name: 'Renamed' } }),
  },
  'regionMeters.delete': {
    prepare: addSourceMeter,
    request: () => ({ params: { id: importRegionId, meterId: 'world-meter' } }),
  },
  'usageImports.create': {
    prepare: async (t, w) => {
      await addSourceMeter(t, w);
      await t.app.db.kysely
        .updateTable('subscriptions')
        .set({
          region_id: importRegionId,
          azs_subscription_id: 'world-ext',
          azs_link_key: `${importRegionId}:world-ext`,
        })
        .where('id', '=', w.A.subscriptionId)
        .execute();
    },
    request: () => ({
      params: { id: importRegionId },
      body: {
        records: [
          {
            externalId: 'probe-1',
            subscription: 'world-ext',
            meterId: 'world-meter',
            usageStart: '2026-03-01T00:00:00Z',
            usageEnd: '2026-03-01T01:00:00Z',
            quantity: '1.5',
          },
        ],
      },
    }),
  },
  // Pricing: the world's region list (an active version and a draft with one item), see beforeAll.
  'priceLists.list': {},
  'priceLists.get': { request: () => ({ params: { id: priceWorld.listId } }) },
  'priceLists.create': {
    request: (w) => ({ body: { scopeType: 'tenant', tenantId: w.A.tenantId, displayName: 'Probe prices' } }),
  },
  'priceLists.update': {
    request: () => ({ params: { id: priceWorld.listId }, body: { displayName: 'Renamed prices' } }),
  },
  'priceLists.delete': { request: () => ({ params: { id: priceWorld.listId } }) },
  'priceLists.clone': {
    request: (w) => ({
      params: { listId: priceWorld.listId },
      body: { scopeType: 'tenant', tenantId: w.A.tenantId },
    }),
  },
  'priceListVersions.create': {
    request: () => ({ params: { listId: priceWorld.listId }, body: { effectiveFrom: '2031-01' } }),
  },
  'priceListVersions.get': { request: () => ({ params: { id: priceWorld.draftVersionId } }) },
  'priceListVersions.update': {
    request: () => ({ params: { id: priceWorld.draftVersionId }, body: { notes: 'Probe notes' } }),
  },
  'priceListVersions.delete': { request: () => ({ params: { id: priceWorld.draftVersionId } }) },
  'priceListVersions.activate': { request: () => ({ params: { id: priceWorld.draftVersionId } }) },
  'priceListVersions.export': { request: () => ({ params: { id: priceWorld.activeVersionId } }) },
  'priceListVersions.import': {
    request: () => ({
      params: { id: priceWorld.draftVersionId },
      query: { dryRun: 'false' },
      body: { content: `meter_id,rate\n${priceWorld.meterId},9.75\n` },
    }),
  },
  'priceItems.create': {
    request: () => ({
      params: { versionId: priceWorld.draftVersionId },
      body: { meterId: priceWorld.meterId, sku: 'Probe', rate: '2' },
    }),
  },
  'priceItems.update': { request: () => ({ params: { id: priceWorld.draftItemId }, body: { rate: '3' } }) },
  'priceItems.delete': { request: () => ({ params: { id: priceWorld.draftItemId } }) },
  'regions.list': {},
  'regions.get': { request: () => ({ params: { id: importRegionId } }) },
  'regions.health': { request: () => ({ params: { id: stampRegionId } }) },
  'regions.create': { request: () => ({ body: { kind: 'import', name: 'New Source', timeZone: 'UTC' } }) },
  'regions.update': { request: () => ({ params: { id: importRegionId }, body: { name: 'Renamed Source' } }) },
  'regions.delete': { request: () => ({ params: { id: importRegionId } }) },
  // The stamp does not answer: the test still answers 200, each step saying what failed.
  'regions.testConnection': { request: () => ({ params: { id: stampRegionId } }) },
  'regions.testDraftConnection': {
    request: () => ({
      body: {
        kind: 'azure_stack',
        name: 'Probe Stamp',
        timeZone: 'UTC',
        armEndpoint: 'http://127.0.0.1:9/probe',
        clientId: 'probe',
        clientSecret: 'probe-secret',
      },
    }),
  },

  'branding.effective': {},
  'branding.logo': { request: () => ({ params: { id: platformLogoId } }) },
  'branding.platformGet': {},
  'branding.platformUpdate': { request: () => ({ body: { name: 'Probe Cloud' } }) },
  'partners.brandingGet': { request: (w) => ({ params: { id: w.A.partnerId } }) },
  'jobs.list': {},
  'jobs.get': { request: (w) => ({ params: { id: w.A.jobId } }) },
  'jobs.cancel': { request: (w) => ({ params: { id: w.A.jobId } }) },
  'jobs.retry': { request: (w) => ({ params: { id: w.A.failedJobId } }) },
  'partners.brandingUpdate': {
    request: (w) => ({
      params: { id: w.A.partnerId },
      body: { name: 'Probe Brand', primaryColor: '#224466' },
    }),
  },

  'subscriptions.usage': { request: (w) => ({ params: { id: w.A.subscriptionId } }) },
  'subscriptions.quotas': { request: (w) => ({ params: { id: w.A.subscriptionId } }) },
  'subscriptions.ratedLines': {
    request: (w) => ({ params: { id: w.A.subscriptionId }, query: { period: '2024-03' } }),
  },
  'subscriptions.dailyCost': {
    request: (w) => ({ params: { id: w.A.subscriptionId }, query: { period: '2024-03' } }),
  },
  'subscriptions.costToDate': { request: (w) => ({ params: { id: w.A.subscriptionId } }) },
  'tenants.ratedLines': { request: (w) => ({ params: { id: w.A.tenantId }, query: { period: '2024-03' } }) },
  'tenants.costToDate': { request: (w) => ({ params: { id: w.A.tenantId } }) },
  'rating.recalculate': { request: (w) => ({ body: { tenantId: w.A.tenantId, period: '2024-03' } }) },
  'regions.unassignedUsage': { request: () => ({ params: { id: regionId } }) },
  'regions.platformSubscriptions': { request: () => ({ params: { id: regionId } }) },
  'regions.heldPulls': { request: () => ({ params: { id: regionId } }) },
  'regions.confirmHeldPull': {
    request: () => ({
      params: { id: regionId },
      body: { window: '2024-03-01T00:00:00Z', subscriberId: UNLINKED_AZS_SUBSCRIPTION },
    }),
    // A re-pull of that window held for the subscriber, as a collection would have recorded it.
    prepare: async (t) => {
      await t.app.db.kysely
        .insertInto('usage_pulls')
        .values({
          region_id: regionId,
          reported_window: '2024-03-01T00:00:00.000Z',
          subscriber: UNLINKED_AZS_SUBSCRIPTION,
          status: 'held',
          record_count: 1,
          job_id: null,
          pulled_at: '2024-03-01T02:00:00.000Z',
          held_summary: JSON.stringify({ changes: 0, shown: [] }),
          confirmed_by: null,
          confirmed_at: null,
        })
        .execute();
    },
  },
  'regions.collectUsage': {
    request: () => ({ params: { id: regionId }, body: { fromDate: '2024-03-01', toDate: '2024-03-02' } }),
  },
  'subscriptions.collectUsage': {
    request: (w) => ({
      params: { id: w.A.subscriptionId },
      body: { fromDate: '2024-03-01', toDate: '2024-03-02' },
    }),
  },
  'subscriptions.link': {
    request: (w) => ({
      params: { regionId },
      body: { azsSubscriptionId: UNLINKED_AZS_SUBSCRIPTION, tenantId: w.A.tenantId },
    }),
  },
  'plans.list': {},
  'plans.get': { request: () => ({ params: { id: offerWorld.planId } }) },
  'plans.create': {
    request: () => ({
      body: {
        regionId: offerWorld.regionId,
        name: probeName('plan'),
        displayName: 'Probe Plan',
        quotaIds: [],
      },
    }),
  },
  'plans.update': {
    request: () => ({ params: { id: offerWorld.planId }, body: { displayName: 'Renamed Plan' } }),
  },
  'plans.delete': {
    prepare: async (t, w) => {
      const response = await call(t, 'POST', '/api/v1/plans', w.platformAdmin.token, {
        regionId: offerWorld.regionId,
        name: probeName('plan'),
        displayName: 'Doomed Plan',
        quotaIds: [],
      });
      expect(response.statusCode, response.body).toBe(201);
      handoff.set('plan', response.json().id);
    },
    request: () => ({ params: { id: takeHandoff('plan') ?? offerWorld.planId } }),
  },
  'quotas.list': {},
  'quotas.get': { request: () => ({ params: { id: offerWorld.quotaId } }) },
  'quotas.create': {
    request: () => ({
      body: {
        regionId: offerWorld.regionId,
        provider: 'Microsoft.Compute.Admin',
        name: probeName('quota'),
        limits: { coresLimit: 10 },
      },
    }),
  },
  'quotas.update': {
    request: () => ({ params: { id: offerWorld.quotaId }, body: { limits: { coresLimit: 300 } } }),
  },
  'offers.list': {},
  'offers.get': { request: () => ({ params: { id: offerWorld.offerId } }) },
  'offers.create': {
    request: () => ({
      body: {
        regionId: offerWorld.regionId,
        name: probeName('offer'),
        displayName: 'Probe Offer',
        basePlanIds: [offerWorld.planId],
      },
    }),
  },
  // The CMS's own publishing (the write through is offers.test.ts's).
  'offers.update': {
    request: () => ({ params: { id: offerWorld.offerId }, body: { publication: 'decommissioned' } }),
  },
  'offers.delete': {
    prepare: async (t, w) => {
      const response = await call(t, 'POST', '/api/v1/offers', w.platformAdmin.token, {
        regionId: offerWorld.regionId,
        name: probeName('offer'),
        displayName: 'Doomed Offer',
        basePlanIds: [offerWorld.planId],
        publication: 'public',
        visibility: 'chosen',
        visibleTo: [w.A.tenantId],
      });
      expect(response.statusCode, response.body).toBe(201);
      handoff.set('offer', response.json().id);
    },
    request: () => ({ params: { id: takeHandoff('offer') ?? offerWorld.offerId } }),
  },
  'regions.syncOffers': { request: () => ({ params: { regionId: offerWorld.regionId } }) },
  // Pricing tools on the world's region list (its version from 2020-01 rates the current month);
  // the estimator and calculator price branch A's subscription (on a region) with no price (an
  // unpriced line at zero), which is all a success needs here (pricing-tools.test.ts has figures).
  'priceIncreases.model': {
    request: () => ({
      body: {
        scope: 'priceList',
        priceListId: priceWorld.listId,
        increaseType: 'percentage',
        amount: '5',
        period: '2024-03',
      },
    }),
  },
  'priceIncreases.apply': {
    request: () => ({
      body: {
        scope: 'priceList',
        priceListId: priceWorld.listId,
        increaseType: 'percentage',
        amount: '5',
        effectiveFrom: new Date().toISOString().slice(0, 7),
      },
    }),
  },
  'pricingTools.estimate': {
    request: (w) => ({
      body: { subscriptionId: w.A.subscriptionId, quantities: [{ meterId: 'probe.meter', quantity: '1' }] },
    }),
  },
  'calculator.calculate': {
    request: (w) => ({
      body: { subscriptionId: w.A.subscriptionId, quantities: [{ meterId: 'probe.meter', quantity: '1' }] },
    }),
  },
  'emailLog.list': {},
  'alerts.list': {},
  'alerts.summary': {},
  'alerts.get': { request: () => ({ params: { id: subscriptionAlertId } }) },
  'alerts.acknowledge': { request: () => ({ params: { id: subscriptionAlertId } }) },
  'alerts.resolve': { request: () => ({ params: { id: subscriptionAlertId } }) },

  'taxProfiles.list': {},
  'taxProfiles.get': { request: () => ({ params: { id: adjustmentWorld.taxProfileId } }) },
  'taxProfiles.create': { request: () => ({ body: { name: probeName('tax'), exempt: true } }) },
  'taxProfiles.update': {
    request: () => ({ params: { id: adjustmentWorld.taxProfileId }, body: { name: probeName('tax') } }),
  },
  'taxProfiles.delete': { request: () => ({ params: { id: adjustmentWorld.taxProfileId } }) },
  'exchangeRates.list': {},
  'exchangeRates.get': { request: () => ({ params: { id: adjustmentWorld.exchangeRateId } }) },
  'exchangeRates.create': {
    request: () => ({
      body: { currency: 'EUR', rate: '0.9123456789', effectiveFrom: '2026-02-01T00:00:00Z' },
    }),
  },
  'exchangeRates.delete': { request: () => ({ params: { id: adjustmentWorld.exchangeRateId } }) },
  'discounts.list': {},
  'discounts.get': { request: () => ({ params: { id: adjustmentWorld.discountId } }) },
  // After the world's discount of branch A's tenant (2030), so it overlaps nothing.
  'discounts.create': {
    request: (w) => ({ body: { tenantId: w.A.tenantId, percentage: '10', fromPeriod: '2031-01' } }),
  },
  'discounts.update': {
    request: () => ({ params: { id: adjustmentWorld.discountId }, body: { percentage: '11' } }),
  },
  'discounts.delete': { request: () => ({ params: { id: adjustmentWorld.discountId } }) },
  'credits.list': {},
  'credits.get': { request: () => ({ params: { id: adjustmentWorld.creditId } }) },
  'credits.create': {
    request: (w) => ({
      body: { subscriptionId: w.A.subscriptionId, amount: '5', fromPeriod: '2026-01', description: 'Probe' },
    }),
  },
  'credits.update': { request: () => ({ params: { id: adjustmentWorld.creditId }, body: { amount: '6' } }) },
  'credits.delete': { request: () => ({ params: { id: adjustmentWorld.creditId } }) },

  // Reports over the rated March of both branches' tenants (see beforeAll); text formats, so the
  // leak check can read them.
  'reports.focus': {
    request: (w) => ({ query: { period: '2024-03', tenantId: w.A.tenantId } }),
    wide: () => ({ query: { period: '2024-03' } }),
  },
  'reports.subscriptionSummary': {
    request: (w) => ({
      query: { tenantId: w.A.tenantId, from: '2024-03-01', to: '2024-03-31', format: 'csv' },
    }),
    wide: () => ({ query: { from: '2024-03-01', to: '2024-03-31' } }),
  },
  'reports.chargeback': { request: () => ({ query: { period: '2024-03', format: 'csv' } }) },
  'reports.reconciliation': {
    request: (w) => ({ query: { period: '2024-03', tenantId: w.A.tenantId, format: 'csv' } }),
    wide: () => ({ query: { period: '2024-03' } }),
  },
  // Invoices of branch A's tenant (support/invoice-world.ts): March issued, April a preview.
  'invoices.list': {},
  'invoices.get': { request: () => ({ params: { id: invoiceWorld.issuedId } }) },
  'invoices.generate': { request: (w) => ({ body: { period: '2024-03', tenantIds: [w.A.tenantId] } }) },
  'invoices.issue': { request: () => ({ params: { id: invoiceWorld.previewId } }) },
  'invoices.issueAll': { request: (w) => ({ body: { period: '2024-04', tenantIds: [w.A.tenantId] } }) },
  'invoices.delete': { request: () => ({ params: { id: invoiceWorld.previewId } }) },
  'invoices.void': { request: () => ({ params: { id: invoiceWorld.issuedId }, body: { reason: 'Probe' } }) },
  'invoices.creditNote': {
    request: () => ({
      params: { id: invoiceWorld.issuedId },
      body: { lines: [{ lineId: invoiceWorld.issuedLineId, amount: '1' }], reason: 'Probe' },
    }),
  },
  'invoices.pdf': { request: () => ({ params: { id: invoiceWorld.issuedId } }) },
  'invoices.email': {
    request: () => ({ params: { id: invoiceWorld.issuedId }, body: { to: ['probe@invoices.test'] } }),
  },
  'invoices.emails': { request: () => ({ params: { id: invoiceWorld.issuedId } }) },
  'invoices.payments': { request: () => ({ params: { id: invoiceWorld.issuedId } }) },
  'invoices.recordPayment': {
    request: () => ({ params: { id: invoiceWorld.issuedId }, body: { amount: '1', paidOn: '2024-04-02' } }),
  },
};

/** The invoices of the template world (support/invoice-world.ts). */
let invoiceWorld: InvoiceWorld;

/**
 * Tax profile, exchange rate, discount and credit of the template world (platform objects: only
 * platform users reach them; the discount and credit are about branch A's tenant).
 */
const adjustmentWorld = { taxProfileId: '', exchangeRateId: '', discountId: '', creditId: '' };
async function buildAdjustmentWorld(t: TestApp, w: World): Promise<void> {
  const made = async (path: string, body: unknown) => {
    const response = await call(t, 'POST', path, w.platformAdmin.token, body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  };
  adjustmentWorld.taxProfileId = await made('/api/v1/tax-profiles', {
    name: 'World VAT',
    rates: [{ name: 'VAT', percentage: '20', effectiveFrom: '2026-01-01' }],
  });
  adjustmentWorld.exchangeRateId = await made('/api/v1/exchange-rates', {
    currency: 'EUR',
    rate: '0.92',
    effectiveFrom: '2026-01-01T00:00:00Z',
  });
  adjustmentWorld.discountId = await made('/api/v1/discounts', {
    tenantId: w.A.tenantId,
    percentage: '5',
    fromPeriod: '2030-01',
    toPeriod: '2030-12',
  });
  adjustmentWorld.creditId = await made('/api/v1/credits', {
    tenantId: w.A.tenantId,
    amount: '10',
    fromPeriod: '2026-01',
    description: 'World credit',
  });
}

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

/**
 * The list operations and the kind of world object each answers: every actor's list must hold
 * exactly the ids the world says it may see (WorldObject chains), no more and no fewer. Other
 * collection reads are not lists of world objects: the audit log (its rows are checked by the
 * audit suites and here for leaks), settings, branding and the caller's own records.
 */
const LISTS: Record<string, WorldObject['kind']> = {
  'distributors.list': 'distributor',
  'partners.list': 'partner',
  'tenants.list': 'tenant',
  'subscriptions.list': 'subscription',
  'users.list': 'user',
  'identityProviders.list': 'identityProvider',
  'alerts.list': 'alert',
  'emailLog.list': 'email',
  'jobs.list': 'job',
  'offers.list': 'offer',
  'plans.list': 'plan',
  'quotas.list': 'quota',
  'invoices.list': 'invoice',
};

/**
 * The writes a read-only role may still make: each acts on the caller's own records (signing out,
 * its password, its MFA, its API tokens, its linked identities), which its path says (under
 * /auth, /me or /api-tokens, never naming another object's owner). Named here, not read from the
 * policy table, so a table that lets a reader write anything else fails the suite.
 */
const SELF_SERVICE_WRITES = new Set([
  'auth.signOut',
  'auth.signOutEverywhere',
  'auth.changePassword',
  'apiTokens.create',
  'apiTokens.revoke',
  'mfa.enrolmentStart',
  'mfa.enrolmentConfirm',
  'mfa.verify',
  'mfa.recoveryCodesRegenerate',
  'mfa.disable',
  'identities.removeOwn',
]);
const isReadOnly = (role: RoleKey) => role.endsWith('_reader');

/**
 * POSTs that compute an answer and write nothing (a body too rich for a query string): a
 * read-only role may use them, and every success is proved to leave the database unchanged.
 */
const COMPUTATIONS = new Set(['priceIncreases.model', 'pricingTools.estimate', 'calculator.calculate']);

/** Pairs (higher, lower) of roles in branch A: the higher one must see at least what the lower sees. */
const LEVELS = ['platform', 'distributor', 'partner', 'tenant'] as const;
const DOMINANCE: [RoleKey, RoleKey][] = [
  ...LEVELS.slice(1).flatMap((lower, i) =>
    (['admin', 'reader'] as const).map(
      (kind) => [`${LEVELS[i]}_${kind}`, `${lower}_${kind}`] as [RoleKey, RoleKey],
    ),
  ),
  ...LEVELS.map((level) => [`${level}_admin`, `${level}_reader`] as [RoleKey, RoleKey]),
];

/** The ids of every world object an actor may know of: what it sees, and its own ancestors. */
function reachable(w: World, actor: Person): Set<string> {
  const kinds = [
    'distributor',
    'partner',
    'tenant',
    'subscription',
    'user',
    'identityProvider',
    'job',
    'invoice',
  ] as const;
  const ids = new Set(kinds.flatMap((kind) => expectedIds(w, actor, kind)));
  const home = w.objects.find((o) => o.id === actor.userId)!;
  for (const id of Object.values(home.chain)) if (id !== null) ids.add(id);
  return ids;
}

/** A list's ids, from one page big enough for the whole world. */
async function listIds(t: TestApp, op: Operation, actor: Person): Promise<{ status: number; ids: string[] }> {
  const response = await call(t, 'GET', `${op.path}?limit=200`, actor.token);
  if (response.statusCode !== 200) return { status: response.statusCode, ids: [] };
  const body = response.json() as { items: { id: string }[]; nextCursor?: string | null };
  expect(body.nextCursor ?? null, `${op.id}: the world fits one page`).toBeNull();
  return { status: 200, ids: body.items.map((item) => item.id).sort() };
}

/**
 * The audit rows each successful write adds, by action. Most writes add exactly one row; the
 * exceptions say why. The suite knows what each route is for, so a route that stops auditing,
 * audits twice or audits the wrong action fails here.
 */
const AUDIT: Record<string, { actions: string[]; why?: string }> = {
  'auth.signIn': { actions: ['auth.signIn'] },
  'auth.signOut': {
    actions: [],
    why: 'ends the caller\'s own session and nothing else; sign-ins and "sign out everywhere" are audited',
  },
  'auth.signOutEverywhere': { actions: ['auth.signOutEverywhere'] },
  'auth.changePassword': { actions: ['user.passwordChange'] },
  'auth.activate': { actions: ['user.activate'] },
  'auth.passwordResetRequest': {
    actions: [],
    why: 'anonymous, and answers alike for unknown addresses; it only queues a link, whose use is audited',
  },
  'auth.passwordResetConfirm': { actions: ['user.passwordReset'] },
  'apiTokens.create': { actions: ['apiToken.create'] },
  'apiTokens.revoke': { actions: ['apiToken.revoke'] },
  'mfa.enrolmentStart': {
    actions: [],
    why: 'keeps a pending secret only; the enrolment is audited when it is confirmed',
  },
  'mfa.enrolmentConfirm': { actions: ['user.mfaEnrol'] },
  'mfa.verify': { actions: ['auth.mfaVerify'] },
  'mfa.recoveryCodesRegenerate': { actions: ['user.mfaRecoveryCodes'] },
  'mfa.disable': { actions: ['user.mfaDisable'] },
  'identities.removeOwn': { actions: ['user.identityUnlink'] },
  'distributors.create': {
    actions: ['distributor.create', 'user.create'],
    why: 'creates the distributor and its administrator (one given), each audited',
  },
  'distributors.update': { actions: ['distributor.update'] },
  'distributors.delete': {
    actions: ['distributor.delete', 'user.delete', 'user.delete'],
    why: 'its two users (administrator and reader) are deleted with it, each audited',
  },
  'partners.create': {
    actions: ['partner.create', 'user.create'],
    why: 'creates the partner and its administrator (one given), each audited',
  },
  'partners.update': { actions: ['partner.update'] },
  'partners.delete': {
    actions: ['partner.delete', 'user.delete', 'user.delete'],
    why: 'its two users (administrator and reader) are deleted with it, each audited',
  },
  'partners.move': { actions: ['partner.move'] },
  'partners.brandingUpdate': { actions: ['partner.brandingUpdate'] },
  'tenants.create': {
    actions: ['tenant.create', 'user.create'],
    why: 'creates the tenant and its administrator (one given), each audited',
  },
  'tenants.update': { actions: ['tenant.update'] },
  'tenants.delete': {
    actions: ['tenant.delete', 'user.delete', 'user.delete'],
    why: 'its two users (administrator and reader) are deleted with it, each audited',
  },
  'tenants.move': { actions: ['tenant.move'] },
  'tenants.identityCheckRun': { actions: ['tenant.identityCheck'] },
  'subscriptions.create': { actions: ['subscription.create'] },
  'subscriptions.update': { actions: ['subscription.update'] },
  'subscriptions.delete': { actions: ['subscription.delete'] },
  'subscriptions.suspend': { actions: ['subscription.suspend'] },
  'subscriptions.resume': { actions: ['subscription.resume'] },
  'subscriptions.cancel': { actions: ['subscription.cancel'] },
  'subscriptions.regionDelete': { actions: ['subscription.regionDelete'] },
  'subscriptions.acquirePlan': { actions: ['subscription.planAcquire'] },
  'subscriptions.removePlan': { actions: ['subscription.planRemove'] },
  'subscriptions.link': { actions: ['subscription.link'] },
  'regions.collectUsage': { actions: ['region.collectUsage'] },
  'regions.confirmHeldPull': { actions: ['region.heldPullConfirm'] },
  'subscriptions.collectUsage': { actions: ['subscription.collectUsage'] },
  'users.create': { actions: ['user.create'] },
  'users.update': { actions: ['user.update'] },
  'users.delete': { actions: ['user.delete'] },
  'users.resendInvitation': { actions: ['user.invitationResent'] },
  'users.activationCode': { actions: ['user.activationCodeIssued'] },
  'users.passwordReset': { actions: ['user.passwordResetSent'] },
  'users.mfaReset': { actions: ['user.mfaReset'] },
  'users.removeIdentity': { actions: ['user.identityUnlink'] },
  'settings.update': { actions: ['setting.update'] },
  'mail.sendTest': { actions: ['mail.test'] },
  'documentStorage.test': {
    actions: [],
    why: 'writes and deletes a probe blob in the storage container (none is set up here); nothing in the CMS',
  },
  'identityProviders.create': { actions: ['identityProvider.create'] },
  'identityProviders.update': { actions: ['identityProvider.update'] },
  'identityProviders.delete': { actions: ['identityProvider.delete'] },
  'branding.platformUpdate': { actions: ['platform.brandingUpdate'] },
  'alerts.acknowledge': { actions: ['alert.acknowledge'] },
  'alerts.resolve': { actions: ['alert.resolve'] },
  'regions.create': { actions: ['region.create'] },
  'regionMeters.create': { actions: ['region.meterAdd'] },
  'regionMeters.update': { actions: ['region.meterUpdate'] },
  'regionMeters.delete': { actions: ['region.meterRemove'] },
  'usageImports.create': { actions: ['region.usageImport'] },
  'regions.update': { actions: ['region.update'] },
  'regions.delete': { actions: ['region.delete'] },
  'regions.testConnection': { actions: [], why: 'asks the stamp and reports; writes nothing' },
  'regions.testDraftConnection': {
    actions: [],
    why: 'asks the stamp about a form not yet saved; writes nothing',
  },
  'jobs.cancel': { actions: ['job.cancel'] },
  'jobs.retry': { actions: ['job.retry'] },
  'plans.create': { actions: ['plan.create'] },
  'plans.update': { actions: ['plan.update'] },
  'plans.delete': { actions: ['plan.delete'] },
  'quotas.create': { actions: ['quota.create'] },
  'quotas.update': { actions: ['quota.update'] },
  'offers.create': { actions: ['offer.create'] },
  'offers.update': { actions: ['offer.update'] },
  'offers.delete': { actions: ['offer.delete'] },
  'regions.syncOffers': { actions: ['region.offerSync'] },
  'priceIncreases.model': { actions: [], why: 'a model computes and writes nothing (COMPUTATIONS)' },
  'priceIncreases.apply': { actions: ['priceList.priceIncrease'] },
  'pricingTools.estimate': { actions: [], why: 'an estimate computes and writes nothing (COMPUTATIONS)' },
  'calculator.calculate': { actions: [], why: 'a calculation computes and writes nothing (COMPUTATIONS)' },
  'priceLists.create': { actions: ['priceList.create'] },
  'priceLists.update': { actions: ['priceList.update'] },
  'priceLists.delete': { actions: ['priceList.delete'] },
  'priceLists.clone': { actions: ['priceList.clone'] },
  'priceListVersions.create': { actions: ['priceListVersion.create'] },
  'priceListVersions.update': { actions: ['priceListVersion.update'] },
  'priceListVersions.delete': { actions: ['priceListVersion.delete'] },
  'priceListVersions.activate': { actions: ['priceListVersion.activate'] },
  'priceListVersions.import': { actions: ['priceListVersion.import'] },
  'priceItems.create': { actions: ['priceItem.create'] },
  'priceItems.update': { actions: ['priceItem.update'] },
  'priceItems.delete': { actions: ['priceItem.delete'] },
  'taxProfiles.create': { actions: ['taxProfile.create'] },
  'taxProfiles.update': { actions: ['taxProfile.update'] },
  'taxProfiles.delete': { actions: ['taxProfile.delete'] },
  'exchangeRates.create': { actions: ['exchangeRate.create'] },
  'exchangeRates.delete': { actions: ['exchangeRate.delete'] },
  'discounts.create': { actions: ['discount.create'] },
  'discounts.update': { actions: ['discount.update'] },
  'discounts.delete': { actions: ['discount.delete'] },
  'credits.create': { actions: ['credit.create'] },
  'credits.update': { actions: ['credit.update'] },
  'credits.delete': { actions: ['credit.delete'] },
  'rating.recalculate': { actions: ['rating.recalculate'] },
  'invoices.generate': { actions: ['invoice.generate'] },
  'invoices.issue': { actions: ['invoice.issue'] },
  'invoices.issueAll': { actions: ['invoice.issue_all'] },
  'invoices.delete': { actions: ['invoice.delete'] },
  'invoices.void': { actions: ['invoice.void'] },
  'invoices.creditNote': { actions: ['invoice.creditNote'] },
  'invoices.recordPayment': { actions: ['invoice.payment'] },
  'invoices.email': { actions: ['invoice.email'] },
};

/**
 * Tables a write may change even when it fails, because they are not part of the change: the
 * rate limiter counts an attempt before the route runs, so a failing attempt still counts.
 */
const OUTSIDE_THE_CHANGE = ['rate_limits'];

const OPERATIONS = operations();
let template: TestDatabase;
let shared: TestApp;
let world: World;
/** A platform logo in the template world, for the public logo route. */
let platformLogoId = '';
/** A region of the template world, with an Azure Stack subscription no CMS subscription holds. */
let regionId = '';
const UNLINKED_AZS_SUBSCRIPTION = 'bbbbbbbb-0000-4000-8000-000000000001';
const LINKED_AZS_SUBSCRIPTION = 'bbbbbbbb-0000-4000-8000-000000000002';
/**
 * The Azure Stack Hub emulator (a separate process): branch A's subscription is linked to its
 * Contoso subscription on the "westeu1" stamp, under an offer with an add-on plan.
 */
let provisioningEmulator: EmulatorProcess | undefined;
let emulatedRegionId = '';
let addonPlanId = '';
let worldSubscriptionName = '';
const EMULATED_AZS_SUBSCRIPTION = 'a1f3c2d4-8e7b-4a6c-9d5e-2b1f0c3e4d5a';
const EMULATED_PROVIDER = '7d2c1a4e-5b3f-4e21-9c7a-1f0e8d6b2a90';
const WORLD_ACQUISITION = 'dddddddd-0000-4000-8000-000000000001';
afterAll(async () => {
  await provisioningEmulator?.stop();
});
/** Puts branch A's subscription (back) on the emulated stamp: an earlier probe may have deleted it. */
async function ensureOnEmulator(t: TestApp): Promise<void> {
  const stamp = await adminClientForRegion(t.app, emulatedRegionId);
  for (const plan of await stamp.listAcquiredPlans(EMULATED_AZS_SUBSCRIPTION).catch(() => [])) {
    await stamp.deleteAcquiredPlan(EMULATED_AZS_SUBSCRIPTION, plan.acquisitionId);
  }
  await stamp.putAdminSubscription({
    subscriptionId: EMULATED_AZS_SUBSCRIPTION,
    displayName: worldSubscriptionName,
    owner: 'owner@alpha.test',
    tenantId: '0b6f3c1e-2d4a-4e8b-9f7c-1a2b3c4d5e6f',
    offerId: `/subscriptions/${EMULATED_PROVIDER}/resourceGroups/offers-rg/providers/Microsoft.Subscriptions.Admin/offers/iaas-standard`,
    state: 'Enabled',
  });
}

/** The emulated stamp as a region, an offer with an add-on plan on it, and branch A's subscription linked there. */
async function placeOnEmulator(t: TestApp, w: World): Promise<void> {
  emulatedRegionId = (
    await insertRegionRow(
      t.app,
      {
        name: 'World Emulated Stamp',
        arm_endpoint: provisioningEmulator!.regions.get('westeu1')!.armEndpoint,
        identity_system: 'entra',
        directory_tenant: 'contosocloud.onmicrosoft.com',
        client_id: 'cms-collector',
        provider_subscription_id: EMULATED_PROVIDER,
        location: 'local',
      },
      'westeu1-secret',
    )
  ).id;
  const now = '2024-03-01T00:00:00.000Z';
  const offerId = newId('off');
  addonPlanId = newId('pln');
  const db = t.app.db.kysely;
  await db
    .insertInto('offers')
    .values({
      id: offerId,
      region_id: emulatedRegionId,
      resource_group: 'offers-rg',
      name: 'iaas-standard',
      arm_key: 'offers-rg/iaas-standard',
      display_name: 'IaaS Standard',
      description: null,
      region_state: 'Public',
      publication: 'private',
      visibility: 'chosen',
      max_subscriptions_per_account: 0,
      subscription_count: 0,
      synced_at: now,
      region_deleted_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  // A private offer and its plan: platform users list them.
  const platformOnly = { distributor: null, partner: null, tenant: null };
  w.objects.push({ id: offerId, kind: 'offer', chain: platformOnly });
  w.objects.push({ id: addonPlanId, kind: 'plan', chain: platformOnly });
  await db
    .insertInto('plans')
    .values({
      id: addonPlanId,
      region_id: emulatedRegionId,
      resource_group: 'plans-rg',
      name: 'extra-storage',
      arm_key: 'plans-rg/extra-storage',
      display_name: 'Extra Storage',
      description: null,
      quota_ids: '[]',
      subscription_count: 0,
      synced_at: now,
      region_deleted_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db
    .insertInto('offer_plans')
    .values({ offer_id: offerId, plan_id: addonPlanId, link_type: 'addon', max_acquisition_count: null })
    .execute();
  const row = await db
    .updateTable('subscriptions')
    .set({
      region_id: emulatedRegionId,
      azs_subscription_id: EMULATED_AZS_SUBSCRIPTION,
      azs_link_key: `${emulatedRegionId}:${EMULATED_AZS_SUBSCRIPTION}`,
      offer_id: offerId,
    })
    .where('id', '=', w.A.subscriptionId)
    .returning('name')
    .executeTakeFirstOrThrow();
  worldSubscriptionName = row.name;
}

/** An alert about branch A's subscription: its chain and the platform see it. */
let subscriptionAlertId = '';

/**
 * Alerts about each kind of subject, recorded as world objects with the chain that must see them:
 * a subscription's (branch A), an organisation's (branch B's partner) and a region's (platform only).
 */
async function raiseWorldAlerts(t: TestApp, w: World): Promise<void> {
  const subjects = [
    { key: 'subscription', subscriptionId: w.A.subscriptionId },
    { key: 'partner', orgId: w.B.partnerId },
    { key: 'region', regionId: newId('chg') },
  ];
  for (const subject of subjects) {
    const { id } = await transaction(t.app.db, (trx) =>
      raiseAlert(trx, systemContext(t.app), {
        kind: 'security.probe',
        severity: 'warning',
        title: `Probe about a ${subject.key}`,
        message: 'Raised by the security suite.',
        ...subject,
      }),
    );
    const of = (objectId: string) => w.objects.find((o) => o.id === objectId)!.chain;
    const chain =
      subject.key === 'subscription'
        ? of(w.A.subscriptionId)
        : subject.key === 'partner'
          ? of(w.B.partnerId)
          : { distributor: null, partner: null, tenant: null };
    w.objects.push({ id, kind: 'alert', chain });
    if (subject.key === 'subscription') subscriptionAlertId = id;
  }
}
/**
 * E-mail log entries about objects of each kind of chain: one about branch A's tenant (its chain
 * and the platform read it), one about branch B's partner, and one with no chain (the platform
 * only, like the account e-mails the world's users were sent, which are recorded the same way).
 */
async function queueWorldEmails(t: TestApp, w: World): Promise<void> {
  const of = (objectId: string) => w.objects.find((o) => o.id === objectId)!.chain;
  const subjects = [
    { about: w.A.tenantId, chain: of(w.A.tenantId) },
    { about: w.B.partnerId, chain: of(w.B.partnerId) },
    { about: null, chain: { distributor: null, partner: null, tenant: null } },
  ];
  for (const subject of subjects) {
    const [id] = await transaction(t.app.db, (trx) =>
      queueEmail(trx, t.app.clock, {
        to: ['billing.probe@example.test'],
        kind: 'security_probe',
        subject: 'Probe',
        text: 'Queued by the security suite.',
        html: '<p>Queued by the security suite.</p>',
        ...(subject.about
          ? {
              about: { type: 'organisation', id: subject.about },
              visibleTo: {
                distributorId: subject.chain.distributor,
                partnerId: subject.chain.partner,
                tenantId: subject.chain.tenant,
              },
            }
          : {}),
      }),
    );
    w.objects.push({ id: id!, kind: 'email', chain: subject.chain });
  }
  // No e-mail stays due: with no SMTP server a pending row is tried again after a backoff, and an
  // attempt falling between a probe's two snapshots (they dispatch what is due) would look like a
  // change the probe made. Ended rows are still e-mail log entries.
  await t.app.db.kysely
    .updateTable('mail_outbox')
    .set({ status: 'failed', last_error: 'Not sent: the security world has no SMTP server.' })
    .where('status', '=', 'pending')
    .execute();
  const known = new Set(w.objects.map((o) => o.id));
  const others = await t.app.db.kysely
    .selectFrom('mail_outbox')
    .select('id')
    .where('status', '!=', 'dropped')
    .execute();
  for (const { id } of others) {
    if (!known.has(id))
      w.objects.push({ id, kind: 'email', chain: { distributor: null, partner: null, tenant: null } });
  }
}

/**
 * Plans and offers of the template world: a region on the emulator (the write-through routes reach
 * it), synced, with its private offer (platform users only) and a public one published to branch
 * A's tenant alone, whose chain sees it. Names made by the probes are unique per run.
 */
const offerWorld = { regionId: '', planId: '', quotaId: '', offerId: '' };
let offerEmulator: EmulatorProcess | undefined;
let probeSeq = 0;
const probeName = (kind: string) => `probe-${kind}-${++probeSeq}-${Date.now()}`;
afterAll(async () => {
  await offerEmulator?.stop();
});

async function buildOfferWorld(t: TestApp, w: World): Promise<void> {
  offerEmulator = await startEmulator(join(import.meta.dirname, 'fixtures', 'offers-scenario.json'));
  const region = await call(t, 'POST', '/api/v1/regions', w.platformAdmin.token, {
    kind: 'azure_stack',
    name: 'Offerland',
    timeZone: 'UTC',
    armEndpoint: offerEmulator.regions.get('offerland')!.armEndpoint,
    directoryTenant: 'offerland.onmicrosoft.com',
    clientId: 'cms-offers',
    clientSecret: 'offerland-secret',
    // No schedule fires during the suite (a runner's write would change what a probe compares).
    enabled: false,
  });
  expect(region.statusCode, region.body).toBe(201);
  offerWorld.regionId = region.json().id;
  const sync = await call(
    t,
    'POST',
    `/api/v1/regions/${offerWorld.regionId}/offer-syncs`,
    w.platformAdmin.token,
  );
  expect(sync.statusCode, sync.body).toBe(202);
  await t.app.jobs.runNow();
  // A region's job: platform users see it.
  w.objects.push({
    id: sync.json().id,
    kind: 'job',
    chain: { distributor: null, partner: null, tenant: null },
  });
  const db = t.app.db.kysely;
  // Only this region's: the provisioning world's emulated stamp holds an offer and plan too.
  const ofRegion = offerWorld.regionId;
  const offers = await db
    .selectFrom('offers')
    .select(['id', 'name'])
    .where('region_id', '=', ofRegion)
    .execute();
  const plans = await db.selectFrom('plans').select('id').where('region_id', '=', ofRegion).execute();
  const quotas = await db
    .selectFrom('quotas')
    .select(['id', 'provider'])
    .where('region_id', '=', ofRegion)
    .execute();
  expect(offers.length, 'the sync stored the offers').toBe(2);
  const gold = offers.find((o) => o.name === 'gold')!;
  const published = await call(t, 'PATCH', `/api/v1/offers/${gold.id}`, w.platformAdmin.token, {
    publication: 'public',
    visibility: 'chosen',
    visibleTo: [w.A.tenantId],
  });
  expect(published.statusCode, published.body).toBe(200);
  offerWorld.offerId = gold.id;
  offerWorld.planId = plans[0]!.id;
  offerWorld.quotaId = quotas.find((q) => q.provider === 'Microsoft.Compute.Admin')!.id;
  const tenantChain = w.objects.find((o) => o.id === w.A.tenantId)!.chain;
  const platformOnly = { distributor: null, partner: null, tenant: null };
  for (const offer of offers) {
    w.objects.push({ id: offer.id, kind: 'offer', chain: offer.id === gold.id ? tenantChain : platformOnly });
  }
  for (const plan of plans) w.objects.push({ id: plan.id, kind: 'plan', chain: platformOnly });
  for (const quota of quotas) w.objects.push({ id: quota.id, kind: 'quota', chain: platformOnly });
}

/**
 * March 2024 rated for both branches' tenants, as rating stores it (one usage line each, and a
 * tenant credit for branch A's), so the reports have something of each branch to leak.
 */
async function rateWorldMarch(t: TestApp, w: World): Promise<void> {
  const line = (
    tenantId: string,
    position: number,
    fields: { subscriptionId: string | null; amount: string },
  ) => ({
    tenant_id: tenantId,
    period: '2024-03',
    position,
    kind: fields.subscriptionId ? ('usage' as const) : ('tenant_credit' as const),
    parent_position: null,
    subscription_id: fields.subscriptionId,
    region_id: null,
    meter_id: fields.subscriptionId ? 'probe.meter' : null,
    sku: null,
    price_list_id: null,
    price_list_version_id: null,
    price_item_id: null,
    raw_quantity: fields.subscriptionId ? '3' : null,
    quantity: fields.subscriptionId ? '3' : null,
    price_unit: fields.subscriptionId ? ('meter' as const) : null,
    rate: null,
    tier_mode: null,
    slices: null,
    amount: fields.amount,
    currency: 'USD',
    unpriced: 0,
    discount_id: null,
    credit_id: null,
    description: fields.subscriptionId ? null : 'World credit',
  });
  for (const [branch, lines] of [
    [
      w.A,
      [
        line(w.A.tenantId, 0, { subscriptionId: w.A.subscriptionId, amount: '3.00' }),
        line(w.A.tenantId, 1, { subscriptionId: null, amount: '-1.00' }),
      ],
    ],
    [w.B, [line(w.B.tenantId, 0, { subscriptionId: w.B.subscriptionId, amount: '5.00' })]],
  ] as const) {
    await t.app.db.kysely
      .insertInto('rated_periods')
      .values({
        tenant_id: branch.tenantId,
        period: '2024-03',
        currency: 'USD',
        status: 'rated',
        subtotal: branch === w.A ? '2.00' : '5.00',
        unpriced_lines: 0,
        exchange_rates: null,
        rated_at: '2024-04-01T00:00:00.000Z',
      })
      .execute();
    await t.app.db.kysely
      .insertInto('rated_lines')
      .values([...lines])
      .execute();
  }
}

/** Regions of the template world: an import source, and a stamp whose endpoint does not answer. */
let importRegionId = '';
let stampRegionId = '';
/** The price list of the template world: on its own import source, so deleting the world source stays possible. */
let priceWorld: PriceWorld;
const settingDefaults = new Map<string, boolean>();

beforeAll(async () => {
  template = await createTestDatabase('sqlite');
  const builder = await startTestApp(template.url, NO_WORKER);
  world = await buildWorld(builder, { siblings: true });
  await linkIdentity(builder, world, world.A.people.tenant_reader.userId, TENANT_READER_IDENTITY);
  await linkIdentity(builder, world, world.platformAdmin.userId, PLATFORM_ADMIN_IDENTITY);
  platformLogoId = await uploadPlatformLogo(world);
  regionId = await insertRegion(builder.app);
  await insertRegionSubscription(builder.app, regionId, UNLINKED_AZS_SUBSCRIPTION);
  // Branch A's subscription runs on that region (Update Usage for one subscription needs it).
  await insertRegionSubscription(builder.app, regionId, LINKED_AZS_SUBSCRIPTION);
  await builder.app.db.kysely
    .updateTable('subscriptions')
    .set({
      region_id: regionId,
      azs_subscription_id: LINKED_AZS_SUBSCRIPTION,
      azs_link_key: `${regionId}:${LINKED_AZS_SUBSCRIPTION}`,
    })
    .where('id', '=', world.A.subscriptionId)
    .execute();
  provisioningEmulator = await startEmulator(
    join(import.meta.dirname, 'fixtures', 'provisioning-scenario.json'),
  );
  await raiseWorldAlerts(builder, world);
  await buildOfferWorld(builder, world);
  await buildAdjustmentWorld(builder, world);
  // After the offers world, which counts the offers its sync stored.
  await placeOnEmulator(builder, world);
  await rateWorldMarch(builder, world);
  const source = await call(builder, 'POST', '/api/v1/regions', world.platformAdmin.token, {
    kind: 'import',
    name: 'World Source',
    timeZone: 'Europe/London',
  });
  importRegionId = source.json().id;
  const priceSource = await call(builder, 'POST', '/api/v1/regions', world.platformAdmin.token, {
    kind: 'import',
    name: 'World Price Source',
    timeZone: 'UTC',
  });
  const priceMeter = await call(
    builder,
    'POST',
    `/api/v1/regions/${priceSource.json().id}/meters`,
    world.platformAdmin.token,
    { meterId: 'priced-meter', name: 'Priced meter', unit: 'Hours' },
  );
  expect(priceMeter.statusCode, priceMeter.body).toBe(201);
  priceWorld = await buildPriceWorld(
    builder,
    world.platformAdmin.token,
    priceSource.json().id,
    'priced-meter',
  );
  // Saved directly: saving a stamp through the API asks it, and this one has nobody listening.
  stampRegionId = (
    await insertRegionRow(
      builder.app,
      {
        name: 'World Stamp',
        arm_endpoint: 'http://127.0.0.1:9/world',
        identity_system: 'entra',
        directory_tenant: 'world.onmicrosoft.com',
        client_id: 'world-collector',
        schedule: '15 * * * *',
      },
      'world-secret',
    )
  ).id;
  invoiceWorld = await buildInvoiceWorld(builder, world, world.A.siblings!.subscriptionId);
  // Price changes made above (an activated version, discounts, credits) asked for a rating of the
  // open periods: platform jobs, which platform users list and nobody below them sees.
  const ratingJobs = await builder.app.db.kysely
    .selectFrom('jobs')
    .select('id')
    .where('type', '=', 'rating.rate')
    .execute();
  for (const job of ratingJobs) {
    world.objects.push({
      id: job.id,
      kind: 'job',
      chain: { distributor: null, partner: null, tenant: null },
    });
  }
  // Last: every e-mail the world's making queued is an entry too.
  await queueWorldEmails(builder, world);
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

/**
 * The suite's apps run no jobs, schedules or mail outbox in the background: the world's stamp is
 * collected at :15 every hour, and a collection (or a mail sent) between a probe's two snapshots
 * would look like a change the probe made. Setup runs the jobs it needs itself (jobs.runNow).
 */
const NO_WORKER = { CMS_WORKER: 'false' };

const copies: TestDatabase[] = [];
afterAll(async () => {
  for (const copy of copies) await copy.drop();
});

/** A private copy of the world, for requests that are expected to change it. */
async function freshApp(): Promise<TestApp> {
  const copy = await createTestDatabase('sqlite');
  copyFileSync(template.url.slice('sqlite:'.length), copy.url.slice('sqlite:'.length));
  copies.push(copy);
  return startTestApp(copy.url, NO_WORKER);
}

/** The outcome the table promises for an in-scope actor, with settings at their defaults. */
function inScopeOutcome(rule: Rule): 'success' | 403 | 404 {
  if (typeof rule === 'object') return settingDefaults.get(rule.setting) ? 'success' : 403;
  return rule === 'allow' ? 'success' : rule === 'hidden' ? 404 : 403;
}

async function send(t: TestApp, op: Operation, probe: Probe, token: string | null) {
  return t.inject({
    method: op.method as 'GET',
    url: url(op, probe),
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(probe.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(probe.body === undefined ? {} : { payload: JSON.stringify(probe.body) }),
  });
}

/** Sends a request that must be refused and proves it changed nothing. */
async function expectRefused(t: TestApp, op: Operation, probe: Probe, token: string | null, status: number) {
  const before = await snapshotTables(t.app);
  const response = await send(t, op, probe, token);
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  // A refusal says why in words (a clear 4xx), not just with its status.
  expect((response.json() as { detail: string }).detail.length, response.body).toBeGreaterThan(10);
  expect(changedTables(before, await snapshotTables(t.app)), 'tables the refused request changed').toEqual(
    [],
  );
}

async function auditRows(t: TestApp) {
  return t.app.db.kysely
    .selectFrom('audit_events')
    .select(['id', 'action', 'target_type', 'target_id'])
    .execute();
}

/**
 * Sends a request that must succeed. A write must add exactly the audit rows it is known to add,
 * and may not succeed for a read-only role unless it is a self-service write. A list must answer
 * exactly the ids the world gives the actor.
 */
async function expectSuccess(op: Operation, fixture: Fixture, actor: Person | null, role?: RoleKey) {
  const mutates = op.method !== 'GET';
  const t = mutates ? await freshApp() : shared;
  try {
    if (mutates && fixture.prepare) await fixture.prepare(t, world, actor ?? world.platformAdmin);
    const probe = fixture.request?.(world, actor ?? world.platformAdmin) ?? {};
    const auditBefore = new Set((await auditRows(t)).map((row) => row.id));
    const unchanged = COMPUTATIONS.has(op.id) ? await snapshotDatabase(t.app) : undefined;
    const response = await send(t, op, probe, actor?.token ?? null);
    if (
      role !== undefined &&
      isReadOnly(role) &&
      mutates &&
      !SELF_SERVICE_WRITES.has(op.id) &&
      !COMPUTATIONS.has(op.id)
    ) {
      const refused = response.statusCode === 403 || response.statusCode === 404;
      expect(refused, `${role} is read-only, yet ${op.id} answered ${response.statusCode}`).toBe(true);
    }
    expect(response.statusCode, response.body).toBe(op.success);
    if (unchanged !== undefined) expect(await snapshotDatabase(t.app), `${op.id} wrote`).toBe(unchanged);
    const added = (await auditRows(t)).filter((row) => !auditBefore.has(row.id));
    expect(added.map((row) => row.action).sort(), `${op.id}: its audit rows`).toEqual(
      mutates ? AUDIT[op.id]!.actions : [],
    );
    const target = probe.params?.id;
    if (added.length === 1 && target !== undefined) expect(added[0]!.target_id).toBe(target);
    for (const row of added) {
      // An action names its target's type (`tenant.update` → tenant); `auth.*` actions are a user's.
      const type = row.action.startsWith('auth.') ? 'user' : row.action.split('.')[0];
      expect(row.target_type, row.action).toBe(type);
    }
    const kind = LISTS[op.id];
    if (kind !== undefined && actor !== null) {
      const body = response.json() as { items: { id: string }[]; nextCursor?: string | null };
      expect(body.nextCursor ?? null, `${op.id}: the world fits one page`).toBeNull();
      const ids = body.items.map((item) => item.id).sort();
      expect(ids, `${op.id} for ${role}`).toEqual(expectedIds(world, actor, kind));
    }
  } finally {
    if (mutates) await t.close();
  }
}

/** A role of branch A the table lets do this (to try the write with a failing audit), if any. */
function someWriter(policy: Exclude<RoutePolicy, 'public'>) {
  if (policy === 'self') return world.platformAdmin;
  const role = ROLE_KEYS.find((r) => inScopeOutcome(policy[r]) === 'success');
  return role === undefined ? undefined : world.actor(role, 'A');
}

/** Makes every audit write fail, as a full disk or a broken connection would. */
async function breakAuditWrites(t: TestApp): Promise<void> {
  await sql`CREATE TRIGGER audit_write_fails BEFORE INSERT ON audit_events
    BEGIN SELECT RAISE(ABORT, 'audit write refused by the test'); END`.execute(t.app.db.kysely);
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

  it("names as self-service only writes on the caller's own records", () => {
    for (const id of SELF_SERVICE_WRITES) {
      const op = OPERATIONS.find((o) => o.id === id);
      expect(op, id).toBeDefined();
      expect(op!.method, id).not.toBe('GET');
      expect(op!.path, id).toMatch(/^\/api\/v1\/(auth|me|api-tokens)(\/|$)/);
    }
  });

  it('names as computations only POSTs that audit nothing', () => {
    for (const id of COMPUTATIONS) {
      expect(OPERATIONS.find((o) => o.id === id)?.method, id).toBe('POST');
      expect(AUDIT[id]?.actions, id).toEqual([]);
    }
  });

  it('names the list of every kind of world object, and the audit rows of every write', () => {
    for (const id of Object.keys(LISTS)) expect(OPERATIONS.find((o) => o.id === id)?.method, id).toBe('GET');
    const writes = OPERATIONS.filter((op) => op.method !== 'GET').map((op) => op.id);
    expect(Object.keys(AUDIT).sort()).toEqual(writes.sort());
    for (const [id, audit] of Object.entries(AUDIT)) {
      if (audit.actions.length !== 1)
        expect(audit.why, `${id} says why it is not one audit row`).toBeTruthy();
    }
  });
});

describe.each(OPERATIONS)('$id ($method $path)', (op) => {
  const policy = ROUTE_POLICY[op.id];
  const fixture = FIXTURES[op.id];
  if (policy === undefined || fixture === undefined) return;

  const audited = op.method !== 'GET' && (AUDIT[op.id]?.actions.length ?? 0) > 0;
  if (audited && fixture.anonymousRefusal === undefined) {
    it('rolls the whole change back when its audit row cannot be written', async () => {
      const actor = policy === 'public' ? null : someWriter(policy);
      if (actor === undefined) return;
      const t = await freshApp();
      try {
        if (fixture.prepare) await fixture.prepare(t, world, actor ?? world.platformAdmin);
        await breakAuditWrites(t);
        const before = await snapshotTables(t.app);
        const probe = fixture.request?.(world, actor ?? world.platformAdmin) ?? {};
        const response = await send(t, op, probe, actor?.token ?? null);
        expect(response.statusCode, response.body).toBe(500);
        const changed = changedTables(before, await snapshotTables(t.app));
        expect(changed.filter((table) => !OUTSIDE_THE_CHANGE.includes(table))).toEqual([]);
      } finally {
        await t.close();
      }
    });
  }

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
      await expectSuccess(op, fixture, world.actor(role), role);
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
      await expectSuccess(op, fixture, actor, role);
    } else {
      await expectRefused(shared, op, fixture.request?.(world, actor) ?? {}, actor.token, outcome);
    }
  });

  // Every branch role from branch B; partner and tenant roles also from the sibling partner and
  // the sibling tenant inside branch A (branch B's distributor is the distributor's sibling).
  const branchRoles = ROLE_KEYS.filter((role): role is BranchRole => !role.startsWith('platform_'));
  const outsiders: [BranchRole, string][] = [
    ...branchRoles.map((role): [BranchRole, string] => [role, 'branch B']),
    ...branchRoles
      .filter((role) => !role.startsWith('distributor_'))
      .map((role): [BranchRole, string] => [role, 'a sibling in branch A']),
  ];
  it.each(outsiders)("%s from %s cannot reach branch A's objects", async (role, where) => {
    const actor =
      where === 'branch B'
        ? world.B.people[role]
        : world.A.siblings!.people[role as keyof NonNullable<World['A']['siblings']>['people']];
    const probe = fixture.request?.(world, actor) ?? {};
    const rule = policy[role];
    if (rule === 'denied' || (typeof rule === 'object' && !settingDefaults.get(rule.setting))) {
      await expectRefused(shared, op, probe, actor.token, 403);
      return;
    }
    const isCollection = !op.path.includes('{');
    if (isCollection && op.method === 'GET') {
      const kind = LISTS[op.id];
      if (kind !== undefined) {
        const { status, ids } = await listIds(shared, op, actor);
        expect(status).toBe(200);
        expect(ids).toEqual(expectedIds(world, actor, kind));
        return;
      }
      if (fixture.wide) await expectRefused(shared, op, probe, actor.token, 404);
      const response = await call(shared, 'GET', url(op, fixture.wide?.(world, actor) ?? probe), actor.token);
      expect(response.statusCode, response.body).toBe(200);
      const known = reachable(world, actor);
      const leaked = world.objects.filter((o) => !known.has(o.id) && response.body.includes(o.id));
      expect(leaked).toEqual([]);
      return;
    }
    await expectRefused(shared, op, probe, actor.token, 404);
  });

  if (LISTS[op.id] !== undefined || op.id === 'audit.list') {
    it('shows no role less than the role below it in branch A', async () => {
      const seen = new Map<RoleKey, string[]>();
      for (const role of ROLE_KEYS) seen.set(role, (await listIds(shared, op, world.actor(role, 'A'))).ids);
      for (const [higher, lower] of DOMINANCE) {
        const above = new Set(seen.get(higher));
        const missing = seen.get(lower)!.filter((id) => !above.has(id));
        expect(missing, `${higher} sees what ${lower} sees`).toEqual([]);
      }
    });
  }
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

describe('the Calculator Settings open the calculator to a level, inside its branch only', () => {
  it.each([
    ['calculator.showToTenants', 'tenant_admin', 'tenant_reader'],
    ['calculator.showToPartners', 'partner_admin', 'partner_reader'],
    ['calculator.showToDistributors', 'distributor_admin', 'distributor_reader'],
  ] as const)('with %s on, %s and %s price branch A only; outsiders get 404', async (key, admin, reader) => {
    expect(settingDefinition(key)?.defaultValue).toBe(false);
    const t = await freshApp();
    try {
      const on = await call(t, 'PATCH', '/api/v1/settings', world.platformAdmin.token, {
        values: { [key]: true },
      });
      expect(on.statusCode, on.body).toBe(200);
      const body = {
        subscriptionId: world.A.subscriptionId,
        quantities: [{ meterId: 'probe.meter', quantity: '1' }],
      };
      const before = await snapshotDatabase(t.app);
      for (const role of [admin, reader]) {
        const own = await call(t, 'POST', '/api/v1/calculator', world.actor(role).token, body);
        expect(own.statusCode, `${role}: ${own.body}`).toBe(200);
        const outsiders = [
          world.B.people[role],
          ...(role.startsWith('distributor_')
            ? []
            : [
                world.A.siblings!.people[
                  role as 'partner_admin' | 'partner_reader' | 'tenant_admin' | 'tenant_reader'
                ],
              ]),
        ];
        for (const outsider of outsiders) {
          const refused = await call(t, 'POST', '/api/v1/calculator', outsider.token, body);
          expect(refused.statusCode, `${role} outside branch A: ${refused.body}`).toBe(404);
          const byTenant = await call(t, 'POST', '/api/v1/calculator', outsider.token, {
            tenantId: world.A.tenantId,
            quantities: body.quantities,
          });
          expect(byTenant.statusCode, byTenant.body).toBe(404);
        }
      }
      expect(await snapshotDatabase(t.app)).toBe(before);
    } finally {
      await t.close();
    }
  });
});

describe('ids inside audit rows', () => {
  const tenantCreation = async (actor: Person) => {
    const response = await call(
      shared,
      'GET',
      `/api/v1/audit-events?action=tenant.create&targetId=${world.A.tenantId}`,
      actor.token,
    );
    expect(response.statusCode, response.body).toBe(200);
    const items = response.json().items as { after: Record<string, unknown> }[];
    expect(items).toHaveLength(1);
    return items[0]!.after;
  };

  it('show the ids the viewer can see, and hide those it cannot', async () => {
    expect((await tenantCreation(world.actor('partner_admin'))).partner_id).toBe(world.A.partnerId);
    expect((await tenantCreation(world.actor('tenant_admin'))).partner_id).toBe('[hidden]');
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
