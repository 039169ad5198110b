import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../src/http/errors.ts';
import { registerJobType } from '../src/modules/jobs/index.ts';
import { jobType } from '../src/modules/jobs/registry.ts';
import { COLLECT_JOB_TYPE } from '../src/modules/regions/region-schedule.ts';
import { adminClientForRegion } from '../src/modules/regions/regions.service.ts';
import type { TestApp } from './support/app.ts';
import { type EmulatorProcess, startEmulator } from './support/azs-emulator-process.ts';
import { useEngineWorld } from './support/engine-world.ts';
import type { World } from './support/world.ts';

/**
 * `adminClientForRegion`: a saved region's client for the admin API (its secret decrypted, the
 * interactive retry policy), and the refusals for what has no admin API. SQLite: the region read is
 * one plain select that the regions suite covers on every engine.
 */

const SCENARIO = join(import.meta.dirname, 'fixtures', 'regions-scenario.json');

let emulator: EmulatorProcess;
beforeAll(async () => {
  if (!jobType(COLLECT_JOB_TYPE)) registerJobType({ type: COLLECT_JOB_TYPE, handler: async () => {} });
  emulator = await startEmulator(SCENARIO);
});
afterAll(async () => {
  await emulator?.stop();
});

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('adminClientForRegion [sqlite]', () => {
  let t: TestApp;
  let w: World;
  const skip = useEngineWorld('sqlite', (app, world) => {
    t = app;
    w = world;
  });
  if (skip) return;

  async function createRegion(body: Record<string, unknown>): Promise<string> {
    const response = await t.inject({
      method: 'POST',
      url: '/api/v1/regions',
      headers: { authorization: `Bearer ${w.platformAdmin.token}`, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
    expect(response.statusCode, response.body).toBe(201);
    return (JSON.parse(response.body) as { id: string }).id;
  }

  let stampId: string;
  beforeAll(async () => {
    stampId = await createRegion({
      kind: 'azure_stack',
      name: 'West Europe admin',
      timeZone: 'Europe/Amsterdam',
      armEndpoint: emulator.regions.get('westeu1')!.armEndpoint,
      directoryTenant: 'contosocloud.onmicrosoft.com',
      clientId: 'cms-collector',
      clientSecret: 'westeu1-secret',
    });
  });

  it('reaches the stamp with the saved, decrypted credentials, and keeps one client per connection', async () => {
    const client = await adminClientForRegion(t.app, stampId);
    const subscriptions = await client.listAdminSubscriptions();
    expect(subscriptions.some((s) => s.platform)).toBe(true);
    expect(await adminClientForRegion(t.app, stampId)).toBe(client);
  });

  it('fails fast when the stamp does not answer: two attempts, an operator is waiting', async () => {
    const fault = await fetch(`${emulator.origin}/_emulator/westeu1/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ endpoint: 'admin', status: 500, times: 'always' }),
    });
    expect(fault.status).toBe(204);
    await fetch(`${emulator.origin}/_emulator/westeu1/requests`, { method: 'DELETE' });
    try {
      const client = await adminClientForRegion(t.app, stampId);
      const error = await client.listOffers().catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'server-error', status: 500 });
      // 500 is not retried at all; a 503 is, once (interactive policy).
      await fetch(`${emulator.origin}/_emulator/westeu1/faults`, { method: 'DELETE' });
      await fetch(`${emulator.origin}/_emulator/westeu1/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ endpoint: 'admin', status: 503, times: 'always', retryAfterSeconds: 0 }),
      });
      const throttled = await client.listPlans().catch((e: unknown) => e);
      expect(throttled).toMatchObject({ kind: 'throttled', attempts: 2 });
    } finally {
      await fetch(`${emulator.origin}/_emulator/westeu1/faults`, { method: 'DELETE' });
    }
  });

  it('refuses an import source and a secret that cannot be decrypted on body.regionId; 404 for an unknown id', async () => {
    const importId = await createRegion({ kind: 'import', name: 'Hybrid source', timeZone: 'UTC' });
    const imported = await refusal(adminClientForRegion(t.app, importId));
    expect(imported.code).toBe('invalid_request');
    expect(imported.errors[0]?.field).toBe('body.regionId');

    expect((await refusal(adminClientForRegion(t.app, 'reg_doesnotexist'))).code).toBe('not_found');

    const broken = await createRegion({
      kind: 'azure_stack',
      name: 'Broken secret',
      timeZone: 'UTC',
      armEndpoint: emulator.regions.get('westeu1')!.armEndpoint,
      directoryTenant: 'contosocloud.onmicrosoft.com',
      clientId: 'cms-collector',
      clientSecret: 'westeu1-secret',
    });
    await t.app.db.kysely
      .updateTable('regions')
      .set({ client_secret: 'v1:not-a-secret' })
      .where('id', '=', broken)
      .execute();
    const unreadable = await refusal(adminClientForRegion(t.app, broken));
    expect(unreadable.code).toBe('invalid_request');
    expect(unreadable.errors[0]?.field).toBe('body.regionId');
  });
});
