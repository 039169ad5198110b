import type { CmsClient } from '@cms/api-client';
import { type RoleKey, systemContext } from '../../src/context.ts';
import { PLATFORM_ORG_ID } from '../../src/db/ids.ts';
import { transaction } from '../../src/db/transaction.ts';
import { enqueueJob, registerJobType } from '../../src/modules/jobs/index.ts';
import { ok, platformAdminToken, type TestApp, tokenFor } from './app.ts';

/** The world's jobs are of this type (registered in tests only); running one does nothing. */
export const WORLD_JOB_TYPE = 'test.world';
registerJobType({ type: WORLD_JOB_TYPE, handler: async () => {} });
/** The world's queued jobs wait for this far-away time, so no runner starts them during a suite. */
const FAR_FUTURE = Date.parse('2999-01-01T00:00:00.000Z');

/**
 * A small commercial world with two independent branches, A and B, each with a distributor, a
 * partner, a tenant and a subscription, and an administrator and a read-only user at every level.
 * Tests act as any of them through API tokens.
 *
 * With `siblings`, every level also has a sibling inside the branch: the spare partner gets a
 * reader, the partner a second tenant (with its own subscription and users) and the tenant a
 * second subscription, so a scope that leaks to a sibling shows in what each actor can reach.
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
  /** A job about the subscription, queued for the far future (cancellable). */
  jobId: string;
  /** A job about the subscription that failed (retryable). */
  failedJobId: string;
  /** Users of this branch by role key (distributor_admin, tenant_reader, …). */
  people: Record<BranchRole, Person>;
  /** Only with `siblings`: the same level's neighbours inside this branch. */
  siblings?: Siblings;
}

export type BranchRole = Exclude<RoleKey, 'platform_admin' | 'platform_reader'>;

export interface Siblings {
  /** A second tenant of the branch's partner, with a subscription of its own. */
  tenantId: string;
  tenantSubscriptionId: string;
  /** A second subscription of the branch's tenant. */
  subscriptionId: string;
  /** Partner people are the spare partner's, tenant people the sibling tenant's. */
  people: Record<'partner_admin' | 'partner_reader' | 'tenant_admin' | 'tenant_reader', Person>;
}

/**
 * What the world holds, written down as it is built: every scoped object with the chain of
 * organisations it belongs to. Tests derive who must see what from this record, not from the
 * server's scope rule.
 */
export interface WorldObject {
  id: string;
  kind:
    | 'distributor'
    | 'partner'
    | 'tenant'
    | 'subscription'
    | 'user'
    | 'identityProvider'
    | 'alert'
    | 'email'
    | 'job'
    | 'offer'
    | 'plan'
    | 'quota'
    | 'invoice';
  chain: Chain;
}

export interface Chain {
  distributor: string | null;
  partner: string | null;
  tenant: string | null;
}

export interface World {
  platformAdmin: Person;
  platformReader: Person;
  A: Branch;
  B: Branch;
  /** A job about the platform (a region's or the system's): platform users only. */
  platformJobId: string;
  /** Every scoped object of the world, with its chain (see WorldObject). */
  objects: WorldObject[];
  /** The organisation each person belongs to, by user id. */
  homes: Map<string, { level: 'platform' | 'distributor' | 'partner' | 'tenant'; orgId: string }>;
  /** The actor with this role key inside branch A (platform roles are branch-less). */
  actor(role: RoleKey, branch?: 'A' | 'B'): Person;
}

/** The ids of a kind of object that an actor at this home must see: its own level's subtree. */
export function expectedIds(w: World, home: Person, kind: WorldObject['kind']): string[] {
  const at = w.homes.get(home.userId)!;
  return w.objects
    .filter((o) => o.kind === kind && (at.level === 'platform' || o.chain[at.level] === at.orgId))
    .map((o) => o.id)
    .sort();
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

async function buildBranch(
  t: TestApp,
  admin: CmsClient,
  name: string,
  record: Recorder,
  siblings: boolean,
): Promise<Branch> {
  const distributor = ok(
    await admin.POST('/api/v1/distributors', {
      body: { name: `${name} Distribution`, administrators: [person(`${name}DistAdmin`)] },
    }),
  );
  const d = distributor.id;
  record.object(d, 'distributor', { distributor: d, partner: null, tenant: null });
  const partner = ok(
    await admin.POST('/api/v1/partners', {
      body: {
        name: `${name} Partner`,
        distributorId: distributor.id,
        administrators: [person(`${name}PtnAdmin`)],
      },
    }),
  );
  const p = partner.id;
  record.object(p, 'partner', { distributor: d, partner: p, tenant: null });
  const sparePartner = ok(
    await admin.POST('/api/v1/partners', {
      body: {
        name: `${name} Spare Partner`,
        distributorId: distributor.id,
        administrators: [person(`${name}SpareAdmin`)],
      },
    }),
  );
  const sp = sparePartner.id;
  record.object(sp, 'partner', { distributor: d, partner: sp, tenant: null });
  const tenant = ok(
    await admin.POST('/api/v1/tenants', {
      body: { name: `${name} Tenant`, partnerId: partner.id, administrators: [person(`${name}TenAdmin`)] },
    }),
  );
  const tenantChain = { distributor: d, partner: p, tenant: tenant.id };
  record.object(tenant.id, 'tenant', tenantChain);
  const subscription = ok(
    await admin.POST('/api/v1/subscriptions', { body: { tenantId: tenant.id, name: `${name} Production` } }),
  );
  record.object(subscription.id, 'subscription', tenantChain);
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
  record.object(identityProvider.id, 'identityProvider', tenantChain);
  const jobId = await worldJob(t, { orgId: tenant.id, subscriptionId: subscription.id });
  record.object(jobId, 'job', tenantChain);
  const failedJobId = await worldJob(t, { orgId: tenant.id, subscriptionId: subscription.id }, 'failed');
  record.object(failedJobId, 'job', tenantChain);
  const member = async (userId: string, level: 'distributor' | 'partner' | 'tenant', chain: Chain) => {
    record.user(userId, level, chain);
    return personFor(t, userId);
  };
  const distChain = { distributor: d, partner: null, tenant: null };
  const ptnChain = { distributor: d, partner: p, tenant: null };
  const people = {
    distributor_admin: await member(distributor.administrators![0]!.id, 'distributor', distChain),
    distributor_reader: await member(await reader(d, `${name}DistReader`), 'distributor', distChain),
    partner_admin: await member(partner.administrators![0]!.id, 'partner', ptnChain),
    partner_reader: await member(await reader(p, `${name}PtnReader`), 'partner', ptnChain),
    tenant_admin: await member(tenant.administrators![0]!.id, 'tenant', tenantChain),
    tenant_reader: await member(await reader(tenant.id, `${name}TenReader`), 'tenant', tenantChain),
  };
  const spareChain = { distributor: d, partner: sp, tenant: null };
  const spareAdmin = sparePartner.administrators![0]!.id;
  record.user(spareAdmin, 'partner', spareChain);
  return {
    distributorId: distributor.id,
    partnerId: partner.id,
    sparePartnerId: sparePartner.id,
    tenantId: tenant.id,
    subscriptionId: subscription.id,
    identityProviderId: identityProvider.id,
    jobId,
    failedJobId,
    people,
    ...(siblings
      ? {
          siblings: await buildSiblings(t, admin, name, record, {
            tenantChain,
            spareChain,
            spareAdmin,
            reader,
            member,
          }),
        }
      : {}),
  };
}

async function buildSiblings(
  t: TestApp,
  admin: CmsClient,
  name: string,
  record: Recorder,
  branch: {
    tenantChain: Chain;
    spareChain: Chain;
    spareAdmin: string;
    reader: (orgId: string, label: string) => Promise<string>;
    member: (userId: string, level: 'partner' | 'tenant', chain: Chain) => Promise<Person>;
  },
): Promise<Siblings> {
  const { distributor, partner, tenant } = branch.tenantChain;
  const second = ok(
    await admin.POST('/api/v1/subscriptions', { body: { tenantId: tenant!, name: `${name} Staging` } }),
  );
  record.object(second.id, 'subscription', branch.tenantChain);
  const siblingTenant = ok(
    await admin.POST('/api/v1/tenants', {
      body: {
        name: `${name} Sibling Tenant`,
        partnerId: partner!,
        administrators: [person(`${name}SibAdmin`)],
      },
    }),
  );
  const siblingChain = { distributor, partner, tenant: siblingTenant.id };
  record.object(siblingTenant.id, 'tenant', siblingChain);
  const siblingSubscription = ok(
    await admin.POST('/api/v1/subscriptions', {
      body: { tenantId: siblingTenant.id, name: `${name} Sibling Production` },
    }),
  );
  record.object(siblingSubscription.id, 'subscription', siblingChain);
  const spareId = branch.spareChain.partner!;
  return {
    tenantId: siblingTenant.id,
    tenantSubscriptionId: siblingSubscription.id,
    subscriptionId: second.id,
    people: {
      partner_admin: await personFor(t, branch.spareAdmin),
      partner_reader: await branch.member(
        await branch.reader(spareId, `${name}SpareReader`),
        'partner',
        branch.spareChain,
      ),
      tenant_admin: await branch.member(siblingTenant.administrators![0]!.id, 'tenant', siblingChain),
      tenant_reader: await branch.member(
        await branch.reader(siblingTenant.id, `${name}SibReader`),
        'tenant',
        siblingChain,
      ),
    },
  };
}

/** A job of the world: queued for the far future, or failed. */
async function worldJob(
  t: TestApp,
  about: { orgId?: string; subscriptionId?: string },
  status: 'queued' | 'failed' = 'queued',
): Promise<string> {
  const ctx = systemContext(t.app, 'world');
  const { id } = await transaction(t.app.db, (trx) =>
    enqueueJob(trx, ctx, { type: WORLD_JOB_TYPE, payload: { world: true }, runAt: FAR_FUTURE, ...about }),
  );
  if (status === 'failed') {
    await t.app.db.kysely
      .updateTable('jobs')
      .set({ status: 'failed', attempts: 5, last_error: 'The world says no.', active_dedupe_key: null })
      .where('id', '=', id)
      .execute();
  }
  return id;
}

interface Recorder {
  object(id: string, kind: WorldObject['kind'], chain: Chain): void;
  user(id: string, level: 'distributor' | 'partner' | 'tenant', chain: Chain): void;
}

export async function buildWorld(t: TestApp, options: { siblings?: boolean } = {}): Promise<World> {
  const objects: WorldObject[] = [];
  const homes: World['homes'] = new Map();
  const record: Recorder = {
    object: (id, kind, chain) => objects.push({ id, kind, chain }),
    user: (id, level, chain) => {
      objects.push({ id, kind: 'user', chain });
      homes.set(id, { level, orgId: chain[level]! });
    },
  };
  const platformChain = { distributor: null, partner: null, tenant: null };
  const root = await platformAdminToken(t.app);
  const platformAdmin: Person = { userId: root.userId, token: root.token, client: t.client(root.token) };
  const readerId = ok(
    await platformAdmin.client.POST('/api/v1/users', {
      body: { ...person('PlatformReader'), orgId: PLATFORM_ORG_ID, role: 'reader' },
    }),
  ).id;
  const platformReader = await personFor(t, readerId);
  for (const id of [root.userId, readerId]) {
    objects.push({ id, kind: 'user', chain: platformChain });
    homes.set(id, { level: 'platform', orgId: PLATFORM_ORG_ID });
  }
  const siblings = options.siblings ?? false;
  const A = await buildBranch(t, platformAdmin.client, 'Alpha', record, siblings);
  const B = await buildBranch(t, platformAdmin.client, 'Beta', record, siblings);
  const platformJobId = await worldJob(t, {});
  record.object(platformJobId, 'job', platformChain);
  return {
    platformAdmin,
    platformReader,
    A,
    B,
    platformJobId,
    objects,
    homes,
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
