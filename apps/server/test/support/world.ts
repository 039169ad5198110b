import type { CmsClient } from '@cms/api-client';
import type { RoleKey } from '../../src/context.ts';
import { PLATFORM_ORG_ID } from '../../src/db/ids.ts';
import { ok, platformAdminToken, type TestApp, tokenFor } from './app.ts';

/**
 * A small commercial world with two independent branches, A and B, each with a distributor, a
 * partner, a tenant and a subscription, and an administrator and a read-only user at every level.
 * Tests act as any of them through API tokens.
 */
export interface Person {
  userId: string;
  token: string;
  client: CmsClient;
}

export interface Branch {
  distributorId: string;
  partnerId: string;
  /** A second partner of the same distributor, with no tenants: a destination for moves. */
  sparePartnerId: string;
  tenantId: string;
  subscriptionId: string;
  /** An identity-provider mapping on the tenant; its issuer is unreachable (nothing listens there). */
  identityProviderId: string;
  /** Users of this branch by role key (distributor_admin, tenant_reader, …). */
  people: Record<Exclude<RoleKey, 'platform_admin' | 'platform_reader'>, Person>;
}

export interface World {
  platformAdmin: Person;
  platformReader: Person;
  A: Branch;
  B: Branch;
  /** The actor with this role key inside branch A (platform roles are branch-less). */
  actor(role: RoleKey, branch?: 'A' | 'B'): Person;
}

let seq = 0;
const person = (label: string) => {
  seq += 1;
  return { firstName: label, lastName: `User${seq}`, email: `${label.toLowerCase()}.${seq}@example.test` };
};

async function personFor(t: TestApp, userId: string): Promise<Person> {
  const token = await tokenFor(t.app, userId);
  return { userId, token, client: t.client(token) };
}

async function buildBranch(t: TestApp, admin: CmsClient, name: string): Promise<Branch> {
  const distributor = ok(
    await admin.POST('/api/v1/distributors', {
      body: { name: `${name} Distribution`, administrators: [person(`${name}DistAdmin`)] },
    }),
  );
  const partner = ok(
    await admin.POST('/api/v1/partners', {
      body: {
        name: `${name} Partner`,
        distributorId: distributor.id,
        administrators: [person(`${name}PtnAdmin`)],
      },
    }),
  );
  const sparePartner = ok(
    await admin.POST('/api/v1/partners', {
      body: {
        name: `${name} Spare Partner`,
        distributorId: distributor.id,
        administrators: [person(`${name}SpareAdmin`)],
      },
    }),
  );
  const tenant = ok(
    await admin.POST('/api/v1/tenants', {
      body: { name: `${name} Tenant`, partnerId: partner.id, administrators: [person(`${name}TenAdmin`)] },
    }),
  );
  const subscription = ok(
    await admin.POST('/api/v1/subscriptions', { body: { tenantId: tenant.id, name: `${name} Production` } }),
  );
  const reader = async (orgId: string, label: string) =>
    ok(await admin.POST('/api/v1/users', { body: { ...person(label), orgId, role: 'reader' } })).id;
  const identityProvider = ok(
    await admin.POST('/api/v1/identity-providers', {
      body: {
        orgId: tenant.id,
        name: `${name} Sign-in`,
        preset: 'oidc',
        issuer: `http://127.0.0.1:9/${name.toLowerCase()}`,
        clientId: `${name.toLowerCase()}-cms`,
        clientSecret: 'world-client-secret',
      },
    }),
  );
  const people = {
    distributor_admin: await personFor(t, distributor.administrators![0]!.id),
    distributor_reader: await personFor(t, await reader(distributor.id, `${name}DistReader`)),
    partner_admin: await personFor(t, partner.administrators![0]!.id),
    partner_reader: await personFor(t, await reader(partner.id, `${name}PtnReader`)),
    tenant_admin: await personFor(t, tenant.administrators![0]!.id),
    tenant_reader: await personFor(t, await reader(tenant.id, `${name}TenReader`)),
  };
  return {
    distributorId: distributor.id,
    partnerId: partner.id,
    sparePartnerId: sparePartner.id,
    tenantId: tenant.id,
    subscriptionId: subscription.id,
    identityProviderId: identityProvider.id,
    people,
  };
}

export async function buildWorld(t: TestApp): Promise<World> {
  const root = await platformAdminToken(t.app);
  const platformAdmin: Person = { userId: root.userId, token: root.token, client: t.client(root.token) };
  const readerId = ok(
    await platformAdmin.client.POST('/api/v1/users', {
      body: { ...person('PlatformReader'), orgId: PLATFORM_ORG_ID, role: 'reader' },
    }),
  ).id;
  const platformReader = await personFor(t, readerId);
  const A = await buildBranch(t, platformAdmin.client, 'Alpha');
  const B = await buildBranch(t, platformAdmin.client, 'Beta');
  return {
    platformAdmin,
    platformReader,
    A,
    B,
    actor(role, branch = 'A') {
      if (role === 'platform_admin') return platformAdmin;
      if (role === 'platform_reader') return platformReader;
      return (branch === 'A' ? A : B).people[role];
    },
  };
}

/** A 1×1 PNG, the smallest real logo. */
export const TINY_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** Gives the platform a light logo and returns the logo's id (the last segment of its URL). */
export async function uploadPlatformLogo(w: World): Promise<string> {
  const branding = ok(
    await w.platformAdmin.client.PATCH('/api/v1/branding/platform', {
      body: { logoLight: { contentType: 'image/png', data: TINY_PNG_BASE64 } },
    }),
  );
  return branding.logoLight!.url.split('/').pop()!;
}
