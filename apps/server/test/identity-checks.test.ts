import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONTOSO as CONTOSO_AZS,
  type RunningEmulator,
  startEmulator,
} from '../../azs-emulator/test/support.ts';
import { systemContext } from '../src/context.ts';
import { transaction } from '../src/db/transaction.ts';
import {
  ensureIdentityCheckSchedule,
  IDENTITY_CHECK_JOB,
} from '../src/modules/identity-checks/identity-checks.service.ts';
import { enqueueJob, readSchedule, upsertSchedule } from '../src/modules/jobs/index.ts';
import type { JobRunner } from '../src/modules/jobs/runner.ts';
import { recordAdminSubscriptions } from '../src/modules/regions/platform-subscriptions.service.ts';
import { ok, type TestApp, tokenFor } from './support/app.ts';
import { useEngineWorld } from './support/engine-world.ts';
import { ALL_ENGINES } from './support/engines.ts';
import { insertRegion as insertRegionRow } from './support/usage.ts';
import { insertRegion } from './support/usage-rows.ts';
import type { World } from './support/world.ts';

/**
 * Tenant identity health checks (product.md §4, issue 12): the directory recorded on a tenant
 * against the directory its region reports for each of its subscriptions (GUIDs, compared without
 * regard to case; a domain that cannot be resolved offline is "unresolved", never a mismatch), the
 * sign-in mapping's discovery, an active administrator; alerts raised once and resolved; the daily
 * job and its setting; the onboarding check after a tenant's first administrator; scope. On
 * SQLite, MariaDB and PostgreSQL, against a local identity provider and Entra authority.
 */

const DIRECTORY = '3f2b8c1d-7a4e-4b9f-8c2d-1e5a6b7c8d90';
const OTHER_DIRECTORY = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
const CONTOSO = 'contoso-identity.onmicrosoft.com';
let azsSeq = 0;
const azsId = () => {
  azsSeq += 1;
  return `cccccccc-0000-4000-8000-${String(azsSeq).padStart(12, '0')}`;
};

/**
 * One local server plays two parts: an Entra authority (`/{domain or tenant id}/v2.0/…`: the
 * CONTOSO domain is DIRECTORY's) and a plain OpenID provider whose discovery answers while
 * `providerUp` is true and 404s otherwise (`/idp/…`).
 */
let server: Server;
let origin = '';
let providerUp = true;
const env: Record<string, string> = { CMS_WORKER: 'false' };

function discoveryDocument(issuer: string) {
  return JSON.stringify({
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/keys`,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
  });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? '';
    const entra = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url);
    if (entra && (entra[1] === CONTOSO || entra[1] === DIRECTORY)) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(discoveryDocument(`${origin}/${DIRECTORY}/v2.0`));
      return;
    }
    if (url === '/idp/.well-known/openid-configuration' && providerUp) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(discoveryDocument(`${origin}/idp`));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  origin = `http://127.0.0.1:${address.port}`;
  // Read by the app the engine block starts next (its beforeAll runs after this one).
  env.CMS_ENTRA_AUTHORITY = origin;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** An emulated Entra stamp (westeu1), whose usage collection records each subscription's directory. */
let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator(join(import.meta.dirname, 'fixtures', 'regions-scenario.json'));
}, 60_000);
afterAll(async () => {
  await emulator?.stop();
});

// biome-ignore lint/suspicious/noExplicitAny: answers read field by field in assertions
type Json = Record<string, any>;

describe.each(ALL_ENGINES)('tenant identity health checks [%s]', (engine) => {
  let t: TestApp;
  let w: World;
  let regionId = '';
  const skip = useEngineWorld(
    engine,
    (app, world) => {
      t = app;
      w = world;
    },
    env,
  );
  const admin = () => w.platformAdmin.client;

  beforeAll(async () => {
    if (skip) return;
    regionId = await insertRegion(t.app, { name: 'Identity Region' });
  });

  async function setSetting(key: string, value: boolean) {
    ok(await admin().PATCH('/api/v1/settings', { body: { values: { [key]: value } } }));
  }

  /** A new tenant under branch A's partner, with one administrator (invited, or active with a password). */
  async function newTenant(name: string, options: { directoryId?: string; activeAdmin?: boolean } = {}) {
    if (options.activeAdmin) await setSetting('users.requireActivation', false);
    const tenant = ok(
      await admin().POST('/api/v1/tenants', {
        body: {
          name,
          partnerId: w.A.partnerId,
          ...(options.directoryId ? { directoryId: options.directoryId } : {}),
          administrators: [
            {
              firstName: 'Ada',
              lastName: name,
              email: `admin.${name.toLowerCase().replace(/\W+/g, '.')}@${engine}.test`,
              ...(options.activeAdmin ? { initialPassword: 'a-Long-enough-passw0rd!' } : {}),
            },
          ],
        },
      }),
    );
    if (options.activeAdmin) await setSetting('users.requireActivation', true);
    return tenant;
  }

  /** An Azure Stack subscription the region reports in `directory`, linked to the tenant; the CMS subscription's id. */
  async function linkedSubscription(tenantId: string, directory: string | null): Promise<string> {
    const id = azsId();
    const ctx = systemContext(t.app);
    await transaction(t.app.db, (trx) =>
      recordAdminSubscriptions(
        trx,
        regionId,
        [
          {
            azsSubscriptionId: id,
            displayName: `Subscription ${id.slice(-4)}`,
            owner: 'owner@tenant.test',
            directoryTenant: directory,
            offerId: null,
            state: 'Enabled',
            isOperator: false,
          },
        ],
        new Date(ctx.app.clock()).toISOString(),
      ),
    );
    const linked = ok(
      await admin().POST('/api/v1/regions/{regionId}/subscription-links', {
        params: { path: { regionId } },
        body: { azsSubscriptionId: id, tenantId },
      }),
    );
    return linked.id;
  }

  async function checkNow(tenantId: string): Promise<Json> {
    return ok(
      await admin().POST('/api/v1/tenants/{id}/identity-checks', { params: { path: { id: tenantId } } }),
    ) as Json;
  }

  async function lastCheck(tenantId: string): Promise<Json> {
    return ok(
      await admin().GET('/api/v1/tenants/{id}/identity-check', { params: { path: { id: tenantId } } }),
    ) as Json;
  }

  async function identityAlerts(tenantId: string, status: 'unresolved' | 'resolved' = 'unresolved') {
    const page = ok(
      await admin().GET('/api/v1/alerts', { params: { query: { orgId: tenantId, status, limit: 100 } } }),
    );
    return page.items.filter((a) => a.kind.startsWith('identity.'));
  }

  const kinds = (check: Json) => (check.problems as Json[]).map((p) => p.kind).sort();

  it.skipIf(skip)(
    "reports a subscription whose directory on the region differs from the tenant's, GUIDs compared without case",
    async () => {
      const tenant = await newTenant('Mismatch Tenant', {
        directoryId: DIRECTORY.toUpperCase(),
        activeAdmin: true,
      });
      const matching = await linkedSubscription(tenant.id, DIRECTORY);
      const matchingUpper = await linkedSubscription(tenant.id, DIRECTORY.toUpperCase());
      const differing = await linkedSubscription(tenant.id, OTHER_DIRECTORY.toUpperCase());
      const unseen = await linkedSubscription(tenant.id, null);
      const byHand = ok(
        await admin().POST('/api/v1/subscriptions', { body: { tenantId: tenant.id, name: 'Made by hand' } }),
      );
      const check = await checkNow(tenant.id);
      expect(check).toMatchObject({ tenantId: tenant.id, status: 'problems', trigger: 'manual' });
      expect(check.problems).toEqual([
        {
          kind: 'directory_mismatch',
          severity: 'warning',
          subject: differing,
          message: expect.stringContaining(OTHER_DIRECTORY),
        },
      ]);
      expect(JSON.stringify(check.problems)).not.toContain(matching);
      expect(JSON.stringify(check.problems)).not.toContain(matchingUpper);
      const notes = check.notes as Json[];
      expect(notes.find((n) => n.subject === unseen)?.message).toMatch(/not been reported with a directory/);
      expect(notes.some((n) => /1 subscription\(s\) are not linked/.test(n.message))).toBe(true);
      expect(JSON.stringify(notes)).not.toContain(byHand.id);
      // The tenant page reads the same result.
      expect(await lastCheck(tenant.id)).toEqual(check);
    },
  );

  it.skipIf(skip)(
    'reports a directory recorded as a domain as unresolved, never as a mismatch, unless its Entra mapping resolves it',
    async () => {
      const tenant = await newTenant('Domain Tenant', { directoryId: CONTOSO, activeAdmin: true });
      const subscription = await linkedSubscription(tenant.id, OTHER_DIRECTORY);
      const check = await checkNow(tenant.id);
      expect(kinds(check)).toEqual(['directory_unresolved']);
      expect(check.problems[0]).toMatchObject({ severity: 'info', subject: null });
      expect(check.problems[0].message).toContain(CONTOSO);

      // An Entra mapping saved with this very domain names its tenant id (looked up when saved):
      // now the comparison is exact, and the subscription's directory differs.
      const mapping = ok(
        await admin().POST('/api/v1/identity-providers', {
          body: {
            orgId: tenant.id,
            name: 'Contoso Entra',
            preset: 'entra',
            entraTenantId: CONTOSO,
            clientId: 'contoso-cms',
            clientSecret: 'contoso-secret',
          },
        }),
      );
      const resolved = await checkNow(tenant.id);
      expect(kinds(resolved)).toEqual(['directory_mismatch']);
      expect(resolved.problems[0]).toMatchObject({ subject: subscription });
      expect(resolved.problems[0].message).toContain(DIRECTORY);

      // A mapping for another domain resolves nothing: unresolved again.
      ok(
        await admin().PATCH('/api/v1/identity-providers/{id}', {
          params: { path: { id: mapping.id } },
          body: { entraTenantId: DIRECTORY },
        }),
      );
      expect(kinds(await checkNow(tenant.id))).toEqual(['directory_unresolved']);
    },
  );

  it.skipIf(skip)('reports a tenant without an active administrator', async () => {
    const invited = await newTenant('Invited Tenant');
    const check = await checkNow(invited.id);
    expect(check.problems).toEqual([
      {
        kind: 'no_active_admin',
        severity: 'info',
        subject: null,
        message: 'The tenant has no active administrator (1 invited, not yet activated).',
      },
    ]);

    const active = await newTenant('Active Tenant', { activeAdmin: true });
    expect(await checkNow(active.id)).toMatchObject({ status: 'ok', problems: [] });
    ok(
      await admin().PATCH('/api/v1/users/{id}', {
        params: { path: { id: active.administrators![0]!.id } },
        body: { disabled: true },
      }),
    );
    expect((await checkNow(active.id)).problems).toEqual([
      {
        kind: 'no_active_admin',
        severity: 'warning',
        subject: null,
        message: 'The tenant has no active administrator (1 disabled).',
      },
    ]);
  });

  it.skipIf(skip)(
    'reports an identity provider whose discovery does not answer, and not once it does',
    async () => {
      const tenant = await newTenant('Provider Tenant', { activeAdmin: true });
      const mapping = ok(
        await admin().POST('/api/v1/identity-providers', {
          body: {
            orgId: tenant.id,
            name: 'Provider Sign-in',
            preset: 'oidc',
            issuer: `${origin}/idp`,
            clientId: 'provider-cms',
            clientSecret: 'provider-secret',
          },
        }),
      );
      providerUp = false;
      try {
        const down = await checkNow(tenant.id);
        expect(kinds(down)).toEqual(['identity_provider_unreachable']);
        expect(down.problems[0]).toMatchObject({ severity: 'warning', subject: mapping.id });
        expect(down.problems[0].message).toContain(`${origin}/idp`);
      } finally {
        providerUp = true;
      }
      expect(await checkNow(tenant.id)).toMatchObject({ status: 'ok', problems: [] });
      // Branch A's tenant maps sign-in to a port where nothing listens: refused.
      expect(kinds(await checkNow(w.A.tenantId))).toContain('identity_provider_unreachable');
    },
  );

  it.skipIf(skip)(
    'raises one alert per tenant and problem while the setting is on, and resolves it when the problem is gone',
    async () => {
      const tenant = await newTenant('Alerting Tenant', { directoryId: DIRECTORY, activeAdmin: true });
      await linkedSubscription(tenant.id, OTHER_DIRECTORY);
      // Off: the result is recorded and shown, no alert.
      expect(kinds(await checkNow(tenant.id))).toEqual(['directory_mismatch']);
      expect(await identityAlerts(tenant.id)).toEqual([]);

      await setSetting('subscriptions.identityHealthChecks', true);
      try {
        expect(await checkNow(tenant.id)).toMatchObject({ alertsRaised: true });
        await checkNow(tenant.id);
        const open = await identityAlerts(tenant.id);
        expect(open).toHaveLength(1);
        expect(open[0]).toMatchObject({
          kind: 'identity.directory_mismatch',
          key: tenant.id,
          severity: 'warning',
          occurrences: 2,
          organisation: { id: tenant.id },
        });
        // The tenant's partner sees it; the other branch does not.
        const alertPath = { params: { path: { id: open[0]!.id } } };
        expect(
          (await w.A.people.partner_admin.client.GET('/api/v1/alerts/{id}', alertPath)).response.status,
        ).toBe(200);
        expect(
          (await w.B.people.partner_admin.client.GET('/api/v1/alerts/{id}', alertPath)).response.status,
        ).toBe(404);

        // Fixed: the tenant's directory is the one the region reports.
        ok(
          await admin().PATCH('/api/v1/tenants/{id}', {
            params: { path: { id: tenant.id } },
            body: { directoryId: OTHER_DIRECTORY },
          }),
        );
        expect(await checkNow(tenant.id)).toMatchObject({ status: 'ok' });
        expect(await identityAlerts(tenant.id)).toEqual([]);
        const resolved = await identityAlerts(tenant.id, 'resolved');
        expect(resolved.map((a) => [a.id, a.resolved?.by.kind])).toEqual([[open[0]!.id, 'system']]);
      } finally {
        await setSetting('subscriptions.identityHealthChecks', false);
      }
    },
  );

  it.skipIf(skip)(
    'schedules the daily check only while the setting is on; a run while it is off does nothing',
    async () => {
      // The daily schedule exists only while the setting is on.
      const schedule = () => readSchedule(t.app.db.kysely, 'tenants:identity-check');
      expect(await schedule()).toBeUndefined();
      await setSetting('subscriptions.identityHealthChecks', true);
      expect(await schedule()).toMatchObject({
        type: IDENTITY_CHECK_JOB,
        cron: '30 3 * * *',
        nextRunAt: expect.any(String),
      });
      await setSetting('subscriptions.identityHealthChecks', false);
      expect(await schedule()).toBeUndefined();
      // One left by an earlier version while the setting was off is removed at start.
      await transaction(t.app.db, (trx) =>
        upsertSchedule(trx, systemContext(t.app), 'tenants:identity-check', {
          type: IDENTITY_CHECK_JOB,
          payload: {},
          cron: '30 3 * * *',
        }),
      );
      await ensureIdentityCheckSchedule(systemContext(t.app));
      expect(await schedule()).toBeUndefined();
      const tenant = await newTenant('Scheduled Tenant', { directoryId: DIRECTORY, activeAdmin: true });
      await linkedSubscription(tenant.id, OTHER_DIRECTORY);
      const before = await lastCheck(tenant.id);
      expect(before.trigger).toBe('onboarding');

      const runScheduled = async () => {
        const ctx = systemContext(t.app);
        const job = await transaction(t.app.db, (trx) =>
          enqueueJob(trx, ctx, { type: IDENTITY_CHECK_JOB, payload: {} }),
        );
        await (t.app.jobs as JobRunner).runNow();
        return ok(await admin().GET('/api/v1/jobs/{id}', { params: { path: { id: job.id } } }));
      };

      const idle = await runScheduled();
      expect(idle).toMatchObject({ status: 'succeeded', progress: { done: 0, total: 0 } });
      expect(await lastCheck(tenant.id)).toEqual(before);
      expect(await identityAlerts(tenant.id)).toEqual([]);

      await setSetting('subscriptions.identityHealthChecks', true);
      try {
        const ran = await runScheduled();
        expect(ran.status).toBe('succeeded');
        const tenants = ok(await admin().GET('/api/v1/tenants', { params: { query: { limit: 100 } } }));
        expect(ran.progress).toMatchObject({ done: tenants.items.length, total: tenants.items.length });
        const after = await lastCheck(tenant.id);
        expect(after).toMatchObject({ trigger: 'schedule' });
        expect(kinds(after)).toEqual(['directory_mismatch']);
        expect((await lastCheck(w.B.tenantId)).trigger).toBe('schedule');
        expect((await identityAlerts(tenant.id)).map((a) => a.kind)).toEqual(['identity.directory_mismatch']);
      } finally {
        await setSetting('subscriptions.identityHealthChecks', false);
      }
    },
  );

  it.skipIf(skip)(
    'compares with the directory a usage collection recorded from the emulated region',
    async () => {
      const region = await insertRegionRow(
        t.app,
        {
          name: 'westeu1',
          arm_endpoint: emulator.regions.get('westeu1')!.base,
          identity_system: 'entra',
          directory_tenant: '5e8a7c21-93d4-4f0b-a6e2-0c4b9d1f7a38',
          client_id: 'cms-collector',
        },
        'westeu1-secret',
      );
      const path = { params: { path: { id: region.id } } };
      const job = ok(
        await admin().POST('/api/v1/regions/{id}/usage-collections', {
          ...path,
          body: { fromDate: '2024-03-01', toDate: '2024-03-01' },
        }),
      );
      await (t.app.jobs as JobRunner).runNow();
      const done = ok(await admin().GET('/api/v1/jobs/{id}', { params: { path: { id: job.id } } }));
      expect(done.status, done.lastError ?? '').toBe('succeeded');
      const found = ok(await admin().GET('/api/v1/regions/{id}/platform-subscriptions', path));
      const reported = found.items.find((i) => i.azsSubscriptionId === CONTOSO_AZS)?.directoryTenant;
      expect(reported).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

      // A link needs the subscription's offer known to the CMS: sync the region's offers first.
      ok(
        await admin().POST('/api/v1/regions/{regionId}/offer-syncs', {
          params: { path: { regionId: region.id } },
        }),
      );
      await (t.app.jobs as JobRunner).runNow();

      const tenant = await newTenant('Emulated Tenant', { directoryId: OTHER_DIRECTORY, activeAdmin: true });
      const linked = ok(
        await admin().POST('/api/v1/regions/{regionId}/subscription-links', {
          params: { path: { regionId: region.id } },
          body: { azsSubscriptionId: CONTOSO_AZS, tenantId: tenant.id },
        }),
      );
      const mismatch = await checkNow(tenant.id);
      expect(kinds(mismatch)).toEqual(['directory_mismatch']);
      expect(mismatch.problems[0]).toMatchObject({ subject: linked.id });
      expect(mismatch.problems[0].message).toContain(reported);

      const patch = (directoryId: string) =>
        admin().PATCH('/api/v1/tenants/{id}', { params: { path: { id: tenant.id } }, body: { directoryId } });
      ok(await patch(reported!.toUpperCase()));
      expect(await checkNow(tenant.id)).toMatchObject({ status: 'ok', problems: [] });
      ok(await patch('contosocloud.onmicrosoft.com'));
      expect(kinds(await checkNow(tenant.id))).toEqual(['directory_unresolved']);
    },
    60_000,
  );

  it.skipIf(skip)("checks a new tenant's identity when its first administrator is created", async () => {
    const tenant = await newTenant('Onboarding Tenant', { directoryId: CONTOSO });
    const check = await lastCheck(tenant.id);
    expect(check).toMatchObject({ status: 'problems', trigger: 'onboarding', checkedAt: expect.any(String) });
    expect(kinds(check)).toEqual(['no_active_admin']);
    // A second administrator is not the first: the recorded check stays the onboarding one.
    ok(
      await admin().POST('/api/v1/users', {
        body: {
          firstName: 'Second',
          lastName: 'Admin',
          email: `second.admin@${engine}.test`,
          orgId: tenant.id,
          role: 'admin',
        },
      }),
    );
    expect(await lastCheck(tenant.id)).toEqual(check);
  });

  it.skipIf(skip)('checks again when a tenant left without administrators gets a new first one', async () => {
    const tenant = await newTenant('Reonboarded Tenant', { activeAdmin: true });
    ok(
      await admin().DELETE('/api/v1/users/{id}', {
        params: { path: { id: tenant.administrators![0]!.id } },
      }),
    );
    expect(await checkNow(tenant.id)).toMatchObject({ trigger: 'manual' });
    ok(
      await admin().POST('/api/v1/users', {
        body: {
          firstName: 'New',
          lastName: 'First',
          email: `new.first@${engine}.test`,
          orgId: tenant.id,
          role: 'admin',
        },
      }),
    );
    const check = await lastCheck(tenant.id);
    expect(check).toMatchObject({ trigger: 'onboarding' });
    expect(check.problems.map((p: Json) => p.message)).toEqual([
      'The tenant has no active administrator (1 invited, not yet activated).',
    ]);
  });

  it.skipIf(skip)(
    "answers 404 to a sibling partner's administrator and 403 to a reader asking to run",
    async () => {
      // A partner beside branch A's, under the same distributor, and its administrator.
      const sibling = ok(
        await admin().POST('/api/v1/partners', {
          body: {
            name: 'Sibling Partner',
            distributorId: w.A.distributorId,
            administrators: [{ firstName: 'Sib', lastName: 'Ling', email: `sibling@${engine}.test` }],
          },
        }),
      );
      const stranger = t.client(await tokenFor(t.app, sibling.administrators![0]!.id));
      const path = { params: { path: { id: w.A.tenantId } } };
      expect((await stranger.GET('/api/v1/tenants/{id}/identity-check', path)).response.status).toBe(404);
      expect((await stranger.POST('/api/v1/tenants/{id}/identity-checks', path)).response.status).toBe(404);
      const otherBranch = w.B.people.tenant_admin.client;
      expect((await otherBranch.POST('/api/v1/tenants/{id}/identity-checks', path)).response.status).toBe(
        404,
      );
      const reader = w.A.people.tenant_reader.client;
      expect((await reader.POST('/api/v1/tenants/{id}/identity-checks', path)).response.status).toBe(403);
      const own = await w.A.people.tenant_admin.client.POST('/api/v1/tenants/{id}/identity-checks', path);
      expect(own.response.status).toBe(200);
      expect(ok(await reader.GET('/api/v1/tenants/{id}/identity-check', path))).toMatchObject({
        tenantId: w.A.tenantId,
        trigger: 'manual',
      });
    },
  );
});
