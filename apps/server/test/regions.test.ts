import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptSecret } from '../src/crypto/secrets.ts';
import { newId, PLATFORM_ORG_ID } from '../src/db/ids.ts';
import { registerJobType } from '../src/modules/jobs/index.ts';
import { jobType } from '../src/modules/jobs/registry.ts';
import { COLLECT_JOB_TYPE } from '../src/modules/regions/region-schedule.ts';
import { ensureRegionSchedules } from '../src/modules/regions/regions.service.ts';
import type { TestApp } from './support/app.ts';
import { type EmulatorProcess, startEmulator } from './support/azs-emulator-process.ts';
import { useEngineWorld } from './support/engine-world.ts';
import { ALL_ENGINES } from './support/engines.ts';
import type { Person, World } from './support/world.ts';

/**
 * Regions against the Azure Stack Hub emulator running as its own process (an Entra stamp and an
 * AD FS stamp, test/fixtures/regions-scenario.json): what a save discovers, the connection test
 * step by step, the secret's life (encrypted at rest, never answered or audited), the rules of the
 * form, the time-zone lock and delete refusal once usage exists, scope, and subscriptions placed on
 * a region with their Azure Stack subscription id. On SQLite, MariaDB and PostgreSQL.
 */

const SCENARIO = join(import.meta.dirname, 'fixtures', 'regions-scenario.json');
const ENTRA = {
  tenantId: '5e8a7c21-93d4-4f0b-a6e2-0c4b9d1f7a38',
  domain: 'contosocloud.onmicrosoft.com',
  clientId: 'cms-collector',
  secret: 'westeu1-secret',
  provider: '7d2c1a4e-5b3f-4e21-9c7a-1f0e8d6b2a90',
};
const ADFS = {
  clientId: 'cms-adfs-app',
  secret: 'northwest-secret',
  provider: '3c9e2b71-0d4a-4f86-b2e5-6a1f7c8d9e02',
};
/** Nothing listens on the discard port. */
const UNREACHABLE = 'http://127.0.0.1:9/nowhere';

let emulator: EmulatorProcess;
beforeAll(async () => {
  // The usage module registers the collection job at boot; these tests only schedule it.
  if (!jobType(COLLECT_JOB_TYPE)) registerJobType({ type: COLLECT_JOB_TYPE, handler: async () => {} });
  emulator = await startEmulator(SCENARIO);
});
afterAll(async () => {
  await emulator?.stop();
});

const endpoint = (region: 'westeu1' | 'northwest') => emulator.regions.get(region)!.armEndpoint;

// biome-ignore lint/suspicious/noExplicitAny: answers of many shapes, read field by field in assertions
type Json = Record<string, any>;

interface Answer {
  status: number;
  body: Json;
  text: string;
}

async function call(t: TestApp, who: Person, method: string, url: string, body?: unknown): Promise<Answer> {
  const response = await t.inject({
    method: method as 'GET',
    url,
    headers: {
      authorization: `Bearer ${who.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  const text = response.body;
  return { status: response.statusCode, body: text ? JSON.parse(text) : {}, text };
}

let seq = 0;
const uniqueName = (label: string) => `${label} ${++seq}`;

const entraBody = (overrides: Record<string, unknown> = {}) => ({
  kind: 'azure_stack',
  name: uniqueName('West Europe'),
  timeZone: 'Europe/Amsterdam',
  armEndpoint: endpoint('westeu1'),
  directoryTenant: ENTRA.domain,
  clientId: ENTRA.clientId,
  clientSecret: ENTRA.secret,
  ...overrides,
});

const importBody = (overrides: Record<string, unknown> = {}) => ({
  kind: 'import',
  name: uniqueName('Hybrid source'),
  timeZone: 'America/New_York',
  ...overrides,
});

describe.each(ALL_ENGINES)('regions [%s]', (engine) => {
  let t: TestApp;
  let w: World;
  const skip = useEngineWorld(engine, (app, world) => {
    t = app;
    w = world;
  });
  if (skip) return;

  const admin = () => w.platformAdmin;
  const db = () => t.app.db.kysely;
  const regionRow = (id: string) =>
    db().selectFrom('regions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const regionCount = async () => (await db().selectFrom('regions').select('id').execute()).length;
  const auditTexts = async () =>
    (await db().selectFrom('audit_events').select(['before_json', 'after_json']).execute())
      .map((r) => `${r.before_json ?? ''} ${r.after_json ?? ''}`)
      .join('\n');

  async function create(body: Record<string, unknown>): Promise<Answer> {
    return call(t, admin(), 'POST', '/api/v1/regions', body);
  }

  async function created(body: Record<string, unknown>): Promise<Json> {
    const answer = await create(body);
    expect(answer.status, answer.text).toBe(201);
    return answer.body;
  }

  /**
   * Holds the first request at `point` (inside its transaction, after its checks, before it
   * writes), fires the second, then lets the first go: both statuses, sorted.
   */
  async function race(point: string, first: () => Promise<Answer>, second: () => Promise<Answer>) {
    let release!: () => void;
    let reached!: () => void;
    const reachedP = new Promise<void>((r) => {
      reached = r;
    });
    const released = new Promise<void>((r) => {
      release = r;
    });
    const previous = t.app.pause;
    t.app.pause = async (name) => {
      if (name !== point) return;
      t.app.pause = previous;
      reached();
      await released;
    };
    const a = first();
    await reachedP;
    const b = second();
    await Promise.race([b, new Promise((r) => setTimeout(r, 400))]);
    release();
    return (await Promise.all([a, b])).map((answer) => answer.status).sort();
  }

  async function addUsage(regionId: string): Promise<void> {
    await db()
      .insertInto('usage_daily')
      .values({
        region_id: regionId,
        azs_subscription_id: 'a1f3c2d4-8e7b-4a6c-9d5e-2b1f0c3e4d5a',
        meter_id: '3023fef4eca8403289c2b7e4eb30a3a4',
        sku: '',
        local_day: '2024-03-01',
        quantity: '1.5',
        record_count: 1,
        updated_at: new Date().toISOString(),
      })
      .execute();
  }

  describe('saving discovers the stamp', () => {
    it('an Entra stamp: identity system and Default Provider Subscription from the stamp, the secret encrypted', async () => {
      const region = await created(entraBody());
      expect(region).toMatchObject({
        kind: 'azure_stack',
        identitySystem: 'entra',
        providerSubscriptionId: ENTRA.provider,
        clientSecretSet: true,
        timeZone: 'Europe/Amsterdam',
        collectionWindowHours: 6,
        schedule: '15 * * * *',
        enabled: true,
        timeZoneLocked: false,
      });
      expect(region.clientSecret).toBeUndefined();
      expect(JSON.stringify(region)).not.toContain(ENTRA.secret);
      const row = await regionRow(region.id);
      expect(row.client_secret).not.toBeNull();
      expect(row.client_secret).not.toContain(ENTRA.secret);
      expect(decryptSecret(t.app.encryptionKey, row.client_secret!)).toBe(ENTRA.secret);
      const creation = await db()
        .selectFrom('audit_events')
        .select('after_json')
        .where('target_id', '=', region.id)
        .where('action', '=', 'region.create')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(creation.after_json!)).toMatchObject({
        identitySystem: 'entra',
        clientSecretChanged: true,
      });
      const audit = await auditTexts();
      expect(audit).not.toContain(ENTRA.secret);
      expect(audit).not.toContain(row.client_secret!);
      // The audit log names the region it is about.
      const log = await call(t, admin(), 'GET', `/api/v1/audit-events?action=region.create`);
      expect(log.status).toBe(200);
      expect(log.body.items.find((e: { targetId: string }) => e.targetId === region.id)).toMatchObject({
        targetName: region.name,
      });
      const read = await call(t, admin(), 'GET', `/api/v1/regions/${region.id}`);
      expect(read.status).toBe(200);
      expect(read.text).not.toContain(ENTRA.secret);
      expect(read.body.clientSecretSet).toBe(true);
    });

    it('an AD FS stamp: no directory tenant needed; identity system and provider subscription discovered', async () => {
      const region = await created({
        kind: 'azure_stack',
        name: uniqueName('Northwest'),
        timeZone: 'America/Los_Angeles',
        armEndpoint: endpoint('northwest'),
        clientId: ADFS.clientId,
        clientSecret: ADFS.secret,
        collectionWindowHours: 12,
        schedule: '5 */2 * * *',
      });
      expect(region).toMatchObject({
        identitySystem: 'adfs',
        providerSubscriptionId: ADFS.provider,
        directoryTenant: null,
        collectionWindowHours: 12,
        schedule: '5 */2 * * *',
      });
    });

    it('a given provider subscription is kept (lower-case) and not looked up', async () => {
      const region = await created(entraBody({ providerSubscriptionId: ENTRA.provider.toUpperCase() }));
      expect(region.providerSubscriptionId).toBe(ENTRA.provider);
    });

    it('an Entra stamp without a directory tenant is refused naming the field, and nothing is saved', async () => {
      const before = await regionCount();
      const { directoryTenant: _d, ...body } = entraBody();
      const answer = await create(body);
      expect(answer.status, answer.text).toBe(422);
      expect(answer.body.field).toBe('body.directoryTenant');
      expect(await regionCount()).toBe(before);
    });

    it('a wrong secret is refused at save on the secret, with what the stamp said', async () => {
      const before = await regionCount();
      const answer = await create(entraBody({ clientSecret: 'not-the-secret' }));
      expect(answer.status, answer.text).toBe(422);
      expect(answer.body.field).toBe('body.clientSecret');
      expect(answer.body.detail).toMatch(/secret/i);
      expect(answer.text).not.toContain('not-the-secret');
      expect(await regionCount()).toBe(before);
    });

    it('an endpoint that does not answer is refused on the endpoint', async () => {
      const before = await regionCount();
      const answer = await create(entraBody({ armEndpoint: UNREACHABLE }));
      expect(answer.status, answer.text).toBe(422);
      expect(answer.body.field).toBe('body.armEndpoint');
      expect(await regionCount()).toBe(before);
    });
  });

  describe('the collection schedule and health', () => {
    const scheduleOf = (id: string) =>
      db()
        .selectFrom('job_schedules')
        .selectAll()
        .where('key', '=', `region:${id}:collect`)
        .executeTakeFirst();

    it('follows the region in the same transaction: created, changed, switched off, removed', async () => {
      const region = await created(entraBody({ providerSubscriptionId: ENTRA.provider }));
      const schedule = await scheduleOf(region.id);
      expect(schedule).toMatchObject({
        type: 'usage.collect',
        cron: '15 * * * *',
        time_zone: 'Europe/Amsterdam',
        enabled: 1,
        region_id: region.id,
      });
      expect(JSON.parse(schedule!.payload_json)).toEqual({ regionId: region.id });
      let health = await call(t, admin(), 'GET', `/api/v1/regions/${region.id}/health`);
      expect(health.status, health.text).toBe(200);
      expect(health.body).toMatchObject({
        regionId: region.id,
        enabled: true,
        lastRunAt: null,
        lastError: null,
        failedJobs: { count: 0, latest: [] },
      });
      expect(health.body.nextRunAt).toBe(schedule!.next_run_at);
      expect(new Date(health.body.nextRunAt).getUTCMinutes()).toBe(15);

      const changed = await call(t, admin(), 'PATCH', `/api/v1/regions/${region.id}`, {
        schedule: '0 3 * * *',
        timeZone: 'Asia/Tokyo',
      });
      expect(changed.status, changed.text).toBe(200);
      expect(await scheduleOf(region.id)).toMatchObject({
        cron: '0 3 * * *',
        time_zone: 'Asia/Tokyo',
        enabled: 1,
      });
      // 03:00 in Tokyo is 18:00 UTC.
      health = await call(t, admin(), 'GET', `/api/v1/regions/${region.id}/health`);
      expect(new Date(health.body.nextRunAt).getUTCHours()).toBe(18);

      const off = await call(t, admin(), 'PATCH', `/api/v1/regions/${region.id}`, { enabled: false });
      expect(off.status, off.text).toBe(200);
      expect((await scheduleOf(region.id))?.enabled).toBe(0);
      health = await call(t, admin(), 'GET', `/api/v1/regions/${region.id}/health`);
      expect(health.body).toMatchObject({ enabled: false, nextRunAt: null });

      const removed = await call(t, admin(), 'DELETE', `/api/v1/regions/${region.id}`);
      expect(removed.status, removed.text).toBe(204);
      expect(await scheduleOf(region.id)).toBeUndefined();
    });

    it('are put back at boot when missing (a region saved by an earlier version), leaving right ones alone', async () => {
      const region = await created(entraBody({ providerSubscriptionId: ENTRA.provider }));
      const offersKey = `region:${region.id}:offers`;
      const before = await scheduleOf(region.id);
      await db().deleteFrom('job_schedules').where('key', '=', offersKey).execute();
      await ensureRegionSchedules(t.app);
      const offers = await db()
        .selectFrom('job_schedules')
        .selectAll()
        .where('key', '=', offersKey)
        .executeTakeFirst();
      expect(offers).toMatchObject({ type: 'offers.sync', region_id: region.id, enabled: 1 });
      expect(offers?.next_run_at).not.toBeNull();
      expect((await scheduleOf(region.id))?.next_run_at).toBe(before?.next_run_at);
    });

    it('an import source has no schedule', async () => {
      const region = await created(importBody());
      expect(await scheduleOf(region.id)).toBeUndefined();
      const health = await call(t, admin(), 'GET', `/api/v1/regions/${region.id}/health`);
      expect(health.body).toMatchObject({ kind: 'import', enabled: false, nextRunAt: null });
    });

    it("lists the region's failed jobs, newest first, and counts them", async () => {
      const region = await created(importBody());
      const other = await created(importBody());
      let at = Date.now();
      const failed = async (regionId: string, error: string) => {
        // A second apart: job ids sort by their time.
        at += 1000;
        const id = newId('job', at);
        const now = new Date().toISOString();
        await db()
          .insertInto('jobs')
          .values({
            id,
            type: COLLECT_JOB_TYPE,
            payload_json: JSON.stringify({ regionId }),
            status: 'failed',
            progress_done: null,
            progress_total: null,
            progress_message: null,
            checkpoint_json: null,
            attempts: 5,
            max_attempts: 5,
            next_attempt_at: now,
            claim_token: null,
            lease_until: null,
            last_error: error,
            requested_by: null,
            dedupe_key: null,
            active_dedupe_key: null,
            org_id: PLATFORM_ORG_ID,
            subscription_id: null,
            region_id: regionId,
            schedule_key: null,
            created_at: now,
            started_at: now,
            finished_at: now,
            updated_at: now,
          })
          .execute();
        return id;
      };
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) ids.push(await failed(region.id, `Failure ${i}`));
      await failed(other.id, 'Not this region');
      const health = await call(t, admin(), 'GET', `/api/v1/regions/${region.id}/health`);
      expect(health.status, health.text).toBe(200);
      expect(health.body.failedJobs.count).toBe(7);
      expect(health.body.failedJobs.latest.map((j: { id: string }) => j.id)).toEqual(
        ids.reverse().slice(0, 5),
      );
      expect(health.body.failedJobs.latest[0].error).toBe('Failure 6');
    });
  });

  describe('the form', () => {
    it.each([
      ['http outside loopback', { armEndpoint: 'http://adminmanagement.example.com' }, 'body.armEndpoint'],
      ['not in normal form', { armEndpoint: 'https://EXAMPLE.com/' }, 'body.armEndpoint'],
      ['a query', { armEndpoint: 'https://adminmanagement.example.com/?x=1' }, 'body.armEndpoint'],
      ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, 'body.timeZone'],
      ['a time zone with spaces', { timeZone: 'Europe London' }, 'body.timeZone'],
      ['a minute out of range', { schedule: '61 * * * *' }, 'body.schedule'],
      ['four cron fields', { schedule: '15 * * *' }, 'body.schedule'],
      ['a malformed cron field', { schedule: '15 * * * funday' }, 'body.schedule'],
      ['a collection window of 0 hours', { collectionWindowHours: 0 }, 'body.collectionWindowHours'],
      ['a collection window of 73 hours', { collectionWindowHours: 73 }, 'body.collectionWindowHours'],
      [
        'a directory that is neither a GUID nor a domain',
        { directoryTenant: 'not a domain' },
        'body.directoryTenant',
      ],
      ['an unknown field', { bogus: 1 }, 'body.bogus'],
    ])('refuses %s with 400 naming the field', async (_label, overrides, field) => {
      const before = await regionCount();
      const answer = await create(entraBody(overrides));
      expect(answer.status, answer.text).toBe(400);
      expect(answer.body.field).toBe(field);
      expect(await regionCount()).toBe(before);
    });

    it.each([
      'http://127.0.0.1:9/nowhere',
      'http://127.3.4.5:9/nowhere',
      'http://localhost:9/nowhere',
      'http://[::1]:9/nowhere',
    ])(
      'accepts plain http on the loopback address %s (it is then asked, and does not answer)',
      async (url) => {
        const answer = await create(entraBody({ armEndpoint: url }));
        expect(answer.status, answer.text).toBe(422);
        expect(answer.body.field).toBe('body.armEndpoint');
        expect(answer.body.code).toBe('invalid_request');
      },
    );

    it('an Azure Stack Hub region needs its endpoint and credentials', async () => {
      for (const field of ['armEndpoint', 'clientId', 'clientSecret'] as const) {
        const { [field]: _dropped, ...body } = entraBody();
        const answer = await create(body);
        expect(answer.status, answer.text).toBe(422);
        expect(answer.body.field).toBe(`body.${field}`);
      }
    });

    it('an import source takes a name, a description and a time zone only', async () => {
      const region = await created(importBody({ description: 'CSV from the VMware estate' }));
      expect(region).toMatchObject({
        kind: 'import',
        armEndpoint: null,
        identitySystem: null,
        clientSecretSet: false,
        schedule: null,
        collectionWindowHours: null,
        enabled: false,
        description: 'CSV from the VMware estate',
      });
      for (const [field, value] of Object.entries({
        armEndpoint: 'https://adminmanagement.example.com',
        clientSecret: 'x',
        schedule: '0 * * * *',
        enabled: true,
      })) {
        const answer = await create(importBody({ [field]: value }));
        expect(answer.status, answer.text).toBe(422);
        expect(answer.body.field).toBe(`body.${field}`);
        const patch = await call(t, admin(), 'PATCH', `/api/v1/regions/${region.id}`, { [field]: value });
        expect(patch.status, patch.text).toBe(422);
        expect(patch.body.field).toBe(`body.${field}`);
      }
    });

    it('names are unique, whatever their case', async () => {
      const name = uniqueName('Unique');
      await created(importBody({ name }));
      const again = await create(importBody({ name: name.toUpperCase() }));
      expect(again.status, again.text).toBe(409);
      expect(again.body.field).toBe('body.name');
    });

    it('two creates with one name at the same moment: one 201, one 409', async () => {
      const name = uniqueName('Race');
      const statuses = await race(
        'region.create',
        () => create(importBody({ name })),
        () => create(importBody({ name })),
      );
      expect(statuses).toEqual([201, 409]);
      const rows = await db()
        .selectFrom('regions')
        .select('id')
        .where('name_key', '=', name.toLowerCase())
        .execute();
      expect(rows).toHaveLength(1);
    });
  });

  describe('the secret', () => {
    it('is kept when left out or sent as "********", replaced when given, and never answered or audited', async () => {
      const region = await created(entraBody());
      const stored = (await regionRow(region.id)).client_secret;
      const renamed = await call(t, admin(), 'PATCH', `/api/v1/regions/${region.id}`, {
        name: uniqueName('Renamed'),
      });
      expect(renamed.status, renamed.text).toBe(200);
      expect((await regionRow(region.id)).client_secret).toBe(stored);
      const masked = await call(t, admin(), 'PATCH', `/api/v1/regions/${region.id}`, {
        clientSecret: '********',
      });
      expect(masked.status, masked.text).toBe(200);
      expect((await regionRow(region.id)).client_secret).toBe(stored);

      // A wrong new secret is refused (the stamp is asked again) and the stored one stays.
      const wrong = await call(t, admin(), 'PATCH', `/api/v1/regions/${region.id}`, {
        clientSecret: 'wrong-secret',
      });
      expect(wrong.status, wrong.text).toBe(422);
      expect(wrong.body.field).toBe('body.clientSecret');
      expect((await regionRow(region.id)).client_secret).toBe(stored);

      const replaced = await call(t, admin(), 'PATCH', `/api/v1/regions/${region.id}`, {
        clientSecret: ENTRA.secret,
        providerSubscriptionId: null,
      });
      expect(replaced.status, replaced.text).toBe(200);
      expect(replaced.body.providerSubscriptionId).toBe(ENTRA.provider);
      const after = (await regionRow(region.id)).client_secret!;
      expect(after).not.toBe(stored);
      expect(decryptSecret(t.app.encryptionKey, after)).toBe(ENTRA.secret);
      const audits = await db()
        .selectFrom('audit_events')
        .select(['action', 'after_json'])
        .where('target_id', '=', region.id)
        .where('action', '=', 'region.update')
        .execute();
      expect(audits.some((a) => a.after_json?.includes('"clientSecretChanged":true'))).toBe(true);
      const texts = await auditTexts();
      for (const secret of [ENTRA.secret, 'wrong-secret', stored!, after])
        expect(texts).not.toContain(secret);
    });
  });

  describe('test connection', () => {
    it('a saved region: metadata, token, usage API and admin API all answer', async () => {
      const region = await created(entraBody());
      const answer = await call(t, admin(), 'POST', `/api/v1/regions/${region.id}/test-connection`);
      expect(answer.status, answer.text).toBe(200);
      expect(answer.body.ok).toBe(true);
      expect(answer.body.identitySystem).toBe('entra');
      expect(answer.body.providerSubscriptionId).toBe(ENTRA.provider);
      expect(answer.body.steps.map((s: { step: string; status: string }) => [s.step, s.status])).toEqual([
        ['metadata', 'ok'],
        ['token', 'ok'],
        ['usage', 'ok'],
        ['admin', 'ok'],
      ]);
      expect(answer.text).not.toContain(ENTRA.secret);
    });

    it('an unsaved AD FS form succeeds too, and writes nothing', async () => {
      const before = await regionCount();
      const answer = await call(t, admin(), 'POST', '/api/v1/region-connection-tests', {
        kind: 'azure_stack',
        name: uniqueName('Draft'),
        timeZone: 'UTC',
        armEndpoint: endpoint('northwest'),
        clientId: ADFS.clientId,
        clientSecret: ADFS.secret,
      });
      expect(answer.status, answer.text).toBe(200);
      expect(answer.body.ok).toBe(true);
      expect(answer.body.identitySystem).toBe('adfs');
      expect(await regionCount()).toBe(before);
    });

    it('a wrong secret fails the token step in words, and the later steps are not run', async () => {
      const answer = await call(
        t,
        admin(),
        'POST',
        '/api/v1/region-connection-tests',
        entraBody({ clientSecret: 'nope' }),
      );
      expect(answer.status, answer.text).toBe(200);
      expect(answer.body.ok).toBe(false);
      const steps = answer.body.steps as { step: string; status: string; message: string }[];
      expect(steps.map((s) => [s.step, s.status])).toEqual([
        ['metadata', 'ok'],
        ['token', 'error'],
        ['usage', 'skipped'],
        ['admin', 'skipped'],
      ]);
      expect(steps[1]!.message).toMatch(/client secret/i);
      expect(steps[1]!.message).toContain(ENTRA.clientId);
    });

    it('an unreachable endpoint fails the metadata step', async () => {
      const answer = await call(
        t,
        admin(),
        'POST',
        '/api/v1/region-connection-tests',
        entraBody({ armEndpoint: UNREACHABLE }),
      );
      expect(answer.status, answer.text).toBe(200);
      const steps = answer.body.steps as { step: string; status: string; message: string }[];
      expect(steps.map((s) => s.status)).toEqual(['error', 'skipped', 'skipped', 'skipped']);
      expect(steps[0]!.message).toContain('127.0.0.1');
    });

    it('an import source has nothing to test', async () => {
      const region = await created(importBody());
      const answer = await call(t, admin(), 'POST', `/api/v1/regions/${region.id}/test-connection`);
      expect(answer.status, answer.text).toBe(422);
    });
  });

  describe('once a region has usage', () => {
    it('its time zone is locked, and it cannot be deleted', async () => {
      const region = await created(importBody());
      const moved = await call(t, admin(), 'PATCH', `/api/v1/regions/${region.id}`, {
        timeZone: 'Europe/Paris',
      });
      expect(moved.status, moved.text).toBe(200);
      expect(moved.body.timeZone).toBe('Europe/Paris');

      await addUsage(region.id);
      const locked = await call(t, admin(), 'PATCH', `/api/v1/regions/${region.id}`, {
        timeZone: 'Europe/Berlin',
      });
      expect(locked.status, locked.text).toBe(422);
      expect(locked.body.field).toBe('body.timeZone');
      expect((await regionRow(region.id)).time_zone).toBe('Europe/Paris');
      // Sending the zone it has is no change.
      const same = await call(t, admin(), 'PATCH', `/api/v1/regions/${region.id}`, {
        timeZone: 'Europe/Paris',
        name: uniqueName('Still'),
      });
      expect(same.status, same.text).toBe(200);
      expect(same.body.timeZoneLocked).toBe(true);

      const refused = await call(t, admin(), 'DELETE', `/api/v1/regions/${region.id}`);
      expect(refused.status, refused.text).toBe(409);
      expect(refused.body.detail).toMatch(/usage/);
      expect(await regionRow(region.id)).toBeDefined();

      await db().deleteFrom('usage_daily').where('region_id', '=', region.id).execute();
      const removed = await call(t, admin(), 'DELETE', `/api/v1/regions/${region.id}`);
      expect(removed.status, removed.text).toBe(204);
      expect(
        await db().selectFrom('regions').select('id').where('id', '=', region.id).executeTakeFirst(),
      ).toBeUndefined();
      const deletion = await db()
        .selectFrom('audit_events')
        .select('action')
        .where('target_id', '=', region.id)
        .where('action', '=', 'region.delete')
        .execute();
      expect(deletion).toHaveLength(1);
    });
  });

  describe('scope', () => {
    it('below the platform regions do not exist; platform readers read but do not write', async () => {
      const region = await created(importBody());
      const routes: [string, string, unknown?][] = [
        ['GET', `/api/v1/regions/${region.id}`],
        ['GET', `/api/v1/regions/${region.id}/health`],
        ['PATCH', `/api/v1/regions/${region.id}`, { name: 'Taken over' }],
        ['DELETE', `/api/v1/regions/${region.id}`],
        ['POST', `/api/v1/regions/${region.id}/test-connection`],
      ];
      for (const role of ['distributor_admin', 'partner_admin', 'tenant_admin', 'tenant_reader'] as const) {
        const who = w.actor(role);
        for (const [method, url, body] of routes) {
          const answer = await call(t, who, method, url, body);
          expect(answer.status, `${role} ${method} ${url}`).toBe(404);
        }
        expect((await call(t, who, 'GET', '/api/v1/regions')).status).toBe(403);
        expect((await call(t, who, 'POST', '/api/v1/regions', importBody())).status).toBe(403);
        expect((await call(t, who, 'POST', '/api/v1/region-connection-tests', entraBody())).status).toBe(403);
      }
      const reader = w.platformReader;
      expect((await call(t, reader, 'GET', `/api/v1/regions/${region.id}`)).status).toBe(200);
      expect(
        (await call(t, reader, 'GET', '/api/v1/regions')).body.items.map((r: { id: string }) => r.id),
      ).toContain(region.id);
      expect((await call(t, reader, 'PATCH', `/api/v1/regions/${region.id}`, { name: 'No' })).status).toBe(
        403,
      );
      expect((await call(t, reader, 'DELETE', `/api/v1/regions/${region.id}`)).status).toBe(403);
    });
  });

  describe('subscriptions on a region', () => {
    const AZS = 'C0FFEE00-1234-4ABC-8DEF-0123456789AB';

    it('a platform administrator places a subscription and links its Azure Stack id (stored lower-case)', async () => {
      const region = await created(importBody());
      const other = await created(importBody());
      const sub = await call(t, admin(), 'POST', '/api/v1/subscriptions', {
        tenantId: w.A.tenantId,
        name: uniqueName('On region'),
        regionId: region.id,
        azsSubscriptionId: AZS,
      });
      expect(sub.status, sub.text).toBe(201);
      expect(sub.body).toMatchObject({
        regionId: region.id,
        regionName: region.name,
        azsSubscriptionId: AZS.toLowerCase(),
        billableFrom: null,
        origin: 'manual',
      });

      // The tenant sees where its subscription runs.
      const seen = await call(t, w.A.people.tenant_reader, 'GET', `/api/v1/subscriptions/${sub.body.id}`);
      expect(seen.status).toBe(200);
      expect(seen.body.regionName).toBe(region.name);

      // One live subscription per Azure Stack id on a region, whatever its case.
      const duplicate = await call(t, admin(), 'POST', '/api/v1/subscriptions', {
        tenantId: w.B.tenantId,
        name: uniqueName('Duplicate'),
        regionId: region.id,
        azsSubscriptionId: AZS.toLowerCase(),
      });
      expect(duplicate.status, duplicate.text).toBe(409);
      expect(duplicate.body.field).toBe('body.azsSubscriptionId');
      // The same id on another region is another subscription.
      const elsewhere = await call(t, admin(), 'POST', '/api/v1/subscriptions', {
        tenantId: w.B.tenantId,
        name: uniqueName('Elsewhere'),
        regionId: other.id,
        azsSubscriptionId: AZS,
      });
      expect(elsewhere.status, elsewhere.text).toBe(201);

      // The region cannot go while a subscription lives on it.
      expect((await call(t, admin(), 'DELETE', `/api/v1/regions/${region.id}`)).status).toBe(409);

      // Deleting the subscription frees its link.
      expect((await call(t, admin(), 'DELETE', `/api/v1/subscriptions/${sub.body.id}`)).status).toBe(204);
      const reuse = await call(t, admin(), 'POST', '/api/v1/subscriptions', {
        tenantId: w.B.tenantId,
        name: uniqueName('Reuse'),
        regionId: region.id,
        azsSubscriptionId: AZS,
      });
      expect(reuse.status, reuse.text).toBe(201);
    });

    it('two subscriptions linking one Azure Stack id at the same moment: one 201, one 409', async () => {
      const region = await created(importBody());
      const body = (name: string) => ({
        tenantId: w.A.tenantId,
        name: uniqueName(name),
        regionId: region.id,
        azsSubscriptionId: '22222222-3333-4444-8555-666666666666',
      });
      const statuses = await race(
        'subscription.create',
        () => call(t, admin(), 'POST', '/api/v1/subscriptions', body('First')),
        () => call(t, admin(), 'POST', '/api/v1/subscriptions', body('Second')),
      );
      expect(statuses).toEqual([201, 409]);
      const linked = await db()
        .selectFrom('subscriptions')
        .select('id')
        .where('azs_link_key', '=', `${region.id}:22222222-3333-4444-8555-666666666666`)
        .execute();
      expect(linked).toHaveLength(1);
    });

    it('linking later records when it became billable; unlinking clears it', async () => {
      const region = await created(importBody());
      const sub = await call(t, admin(), 'POST', '/api/v1/subscriptions', {
        tenantId: w.A.tenantId,
        name: uniqueName('Later'),
        regionId: region.id,
      });
      expect(sub.status, sub.text).toBe(201);
      expect(sub.body.azsSubscriptionId).toBeNull();
      const linked = await call(t, admin(), 'PATCH', `/api/v1/subscriptions/${sub.body.id}`, {
        azsSubscriptionId: '11111111-2222-4333-8444-555555555555',
      });
      expect(linked.status, linked.text).toBe(200);
      expect(linked.body.billableFrom).not.toBeNull();
      const audit = await db()
        .selectFrom('audit_events')
        .select('after_json')
        .where('target_id', '=', sub.body.id)
        .where('action', '=', 'subscription.update')
        .execute();
      expect(audit.map((a) => a.after_json).join()).toContain('11111111-2222-4333-8444-555555555555');
      // Another region needs the id on that region, or null.
      const other = await created(importBody());
      const move = await call(t, admin(), 'PATCH', `/api/v1/subscriptions/${sub.body.id}`, {
        regionId: other.id,
      });
      expect(move.status, move.text).toBe(422);
      expect(move.body.field).toBe('body.azsSubscriptionId');
      const unlinked = await call(t, admin(), 'PATCH', `/api/v1/subscriptions/${sub.body.id}`, {
        azsSubscriptionId: null,
      });
      expect(unlinked.status, unlinked.text).toBe(200);
      expect(unlinked.body).toMatchObject({
        azsSubscriptionId: null,
        billableFrom: null,
        regionId: region.id,
      });
    });

    it('refuses an id without a region, an unknown region, and partner administrators', async () => {
      const region = await created(importBody());
      const noRegion = await call(t, admin(), 'POST', '/api/v1/subscriptions', {
        tenantId: w.A.tenantId,
        name: uniqueName('No region'),
        azsSubscriptionId: AZS,
      });
      expect(noRegion.status, noRegion.text).toBe(422);
      expect(noRegion.body.field).toBe('body.azsSubscriptionId');
      const unknown = await call(t, admin(), 'POST', '/api/v1/subscriptions', {
        tenantId: w.A.tenantId,
        name: uniqueName('Unknown region'),
        regionId: 'reg_7zzzzzzzzzzzzzzzzzzzzzzzzz',
      });
      expect(unknown.status, unknown.text).toBe(422);
      expect(unknown.body.field).toBe('body.regionId');
      const badGuid = await call(t, admin(), 'POST', '/api/v1/subscriptions', {
        tenantId: w.A.tenantId,
        name: uniqueName('Bad id'),
        regionId: region.id,
        azsSubscriptionId: 'not-a-guid',
      });
      expect(badGuid.status).toBe(400);
      expect(badGuid.body.field).toBe('body.azsSubscriptionId');
      const partner = await call(
        t,
        w.A.people.partner_admin,
        'PATCH',
        `/api/v1/subscriptions/${w.A.subscriptionId}`,
        {
          regionId: region.id,
        },
      );
      expect(partner.status, partner.text).toBe(403);
      const row = await db()
        .selectFrom('subscriptions')
        .select('region_id')
        .where('id', '=', w.A.subscriptionId)
        .executeTakeFirstOrThrow();
      expect(row.region_id).toBeNull();
      // A partner administrator still edits the rest of the subscription.
      const rename = await call(
        t,
        w.A.people.partner_admin,
        'PATCH',
        `/api/v1/subscriptions/${w.A.subscriptionId}`,
        {
          name: uniqueName('Partner rename'),
        },
      );
      expect(rename.status, rename.text).toBe(200);
    });
  });
});
