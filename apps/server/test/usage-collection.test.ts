import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decimal, toDecimalString } from '@cms/billing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../azs-emulator/test/support.ts';
import type { AppContext, RequestContext } from '../src/context.ts';
import { transaction } from '../src/db/transaction.ts';
import {
  type CollectHooks,
  type CollectRequest,
  collectUsage,
  confirmHeldPull,
  UsageCollectionError,
} from '../src/modules/usage/collect.ts';
import { heldPulls } from '../src/modules/usage/held-pulls.service.ts';
import { closePeriod } from '../src/modules/usage/periods.service.ts';
import { contextFor, startTestApp, type TestApp } from './support/app.ts';
import { skipWithout } from './support/engine-world.ts';
import { ALL_ENGINES, createTestDatabase, type TestDatabase } from './support/engines.ts';
import { insertRegion } from './support/usage.ts';
import { buildWorld, type World } from './support/world.ts';

/**
 * Acceptance (issue 11): collection from the emulator, run as a separate process, stores exactly
 * what its `dump` says the usage API serves, per (natural key, reported window) and per key,
 * however often and in whatever overlapping ranges the same hours are collected.
 */

const here = dirname(fileURLToPath(import.meta.url));
const SCENARIO = join(here, 'fixtures', 'usage-scenario.json');
const EMULATOR_MAIN = join(here, '..', '..', 'azs-emulator', 'src', 'main.ts');
const CONTOSO = 'a1f3c2d4-8e7b-4a6c-9d5e-2b1f0c3e4d5a';
const FABRIKAM = 'b7e4d9c1-2f6a-4b3e-8c1d-5a9f0e2b7c64';
const KEY_VAULT = 'ebf13b9fb3ea46febf54396e93d48ab4';
const MONTHLY = new Map([
  ['d5f7731bf639404a89d0e46186e22c8d', '1'],
  ['7ba084ecef9c4d64a1797732c6cb5e28', '37.2'],
]);
const HOUR = 3_600_000;
// Reported windows holding every record of the scenario: usage 03-31T18 … 04-01T04, reported up
// to 2 hours later, and the late record at 04-01T10:30.
const FIRST_WINDOW = Date.parse('2024-03-31T18:00:00Z');
const END = Date.parse('2024-04-01T11:00:00Z');

interface Expected {
  window: string;
  subscription: string;
  meter: string;
  uri: string;
  start: string;
  end: string;
  raw: string;
}

/** What `dump` prints for one reported hour (the emulator's own view), as natural keys. */
function dumpHour(startMs: number): Promise<Expected[]> {
  const from = new Date(startMs).toISOString();
  const to = new Date(startMs + HOUR).toISOString();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        EMULATOR_MAIN,
        'dump',
        '--scenario',
        SCENARIO,
        '--region',
        'westeu1',
        '--from',
        from,
        '--to',
        to,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`dump ${from}: ${code} ${err}`));
      const lines = out.split('\n').filter((l) => l !== '');
      resolve(
        lines.map((line) => {
          // The quantity's decimal text exactly as served (JSON.parse would round it to a double).
          const raw = /"quantity":(-?[0-9.eE+-]+)/.exec(line)![1]!;
          const record = JSON.parse(line) as {
            properties: {
              subscriptionId: string;
              meterId: string;
              usageStartTime: string;
              usageEndTime: string;
              instanceData: string;
            };
          };
          const p = record.properties;
          const uri = (JSON.parse(p.instanceData) as { 'Microsoft.Resources': { resourceUri: string } })[
            'Microsoft.Resources'
          ].resourceUri;
          return {
            window: new Date(startMs).toISOString(),
            subscription: p.subscriptionId.toLowerCase(),
            meter: p.meterId.toLowerCase().replace(/[-{}]/g, ''),
            uri: uri.toLowerCase(),
            start: new Date(p.usageStartTime).toISOString(),
            end: new Date(p.usageEndTime).toISOString(),
            raw: toDecimalString(decimal(raw)),
          };
        }),
      );
    });
  });
}

async function dumpRange(): Promise<Expected[]> {
  const hours: number[] = [];
  for (let t = FIRST_WINDOW; t < END; t += HOUR) hours.push(t);
  const all: Expected[] = [];
  // Three at a time: each dump is a process of its own.
  for (let i = 0; i < hours.length; i += 3) {
    for (const part of await Promise.all(hours.slice(i, i + 3).map(dumpHour))) all.push(...part);
  }
  return all;
}

/** Per (natural key, reported window): quantity as stored (month fractions in hours) and raw. */
function expectedRows(records: Expected[]) {
  const rows = new Map<
    string,
    { raw: string; quantity: string; day: string; meter: string; subscription: string }
  >();
  for (const r of records) {
    const key = [r.window, r.subscription, r.meter, r.uri, r.start, r.end].join('|');
    const monthly = MONTHLY.get(r.meter);
    const quantity = monthly ?? r.raw;
    const row = rows.get(key);
    if (row) {
      row.raw = toDecimalString(decimal(row.raw).plus(r.raw));
      row.quantity = toDecimalString(decimal(row.quantity).plus(quantity));
    } else {
      rows.set(key, {
        raw: r.raw,
        quantity,
        day: berlinDay(r.start),
        meter: r.meter,
        subscription: r.subscription,
      });
    }
  }
  return rows;
}

/** The local day in Europe/Berlin, computed here independently of the server's code. */
function berlinDay(iso: string): string {
  // CET is UTC+1 until 2024-03-31T01:00Z, then CEST UTC+2.
  const ms = Date.parse(iso);
  const offset = ms < Date.parse('2024-03-31T01:00:00Z') ? 1 : 2;
  return new Date(ms + offset * HOUR).toISOString().slice(0, 10);
}

const canon = (value: unknown) => toDecimalString(decimal(String(value)));

let expected: Expected[];
beforeAll(async () => {
  expected = await dumpRange();
}, 120_000);

describe.each(ALL_ENGINES)('usage collection from the emulator [%s]', (engine) => {
  const skip = skipWithout(engine);
  let now = Date.parse('2024-04-01T06:30:00Z');
  let emulator: RunningEmulator;
  let db: TestDatabase;
  let t: TestApp;
  let app: AppContext;
  let world: World;
  let admin: RequestContext;
  let regionId: string;

  const hooks = (progress: string[] = []): CollectHooks => ({
    transaction: (work) => transaction(app.db, work),
    progress: (done, total, message) => {
      progress.push(`${done}/${total} ${message}`);
    },
    client: { retry: { baseDelayMs: 20, maxDelayMs: 3_000, maxAttempts: 4 } },
  });
  const collect = (request: Omit<CollectRequest, 'regionId'>, id = regionId) =>
    collectUsage(app, { regionId: id, ...request }, hooks());

  beforeAll(async () => {
    if (skip) return;
    emulator = await startEmulator(SCENARIO);
    db = await createTestDatabase(engine);
    t = await startTestApp(db.url, {}, { clock: () => now });
    app = t.app;
    world = await buildWorld(t);
    admin = await contextFor(app, world.platformAdmin.userId);
    const region = await insertRegion(
      app,
      {
        name: 'westeu1',
        time_zone: 'Europe/Berlin',
        collection_window_hours: 3,
        arm_endpoint: emulator.regions.get('westeu1')!.base,
        directory_tenant: '5e8a7c21-93d4-4f0b-a6e2-0c4b9d1f7a38',
        client_id: 'cms-collector',
      },
      'westeu1-secret',
    );
    regionId = region.id;
    // Key Vault transactions is taken out of the catalog: its usage is on an unknown meter.
    await app.db.kysely.deleteFrom('meters').where('meter_id', '=', KEY_VAULT).execute();
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await db?.drop();
    await emulator?.stop();
  });

  const storedRows = () =>
    app.db.kysely.selectFrom('usage_records').selectAll().where('region_id', '=', regionId).execute();

  async function expectStoredAsDumped(): Promise<void> {
    const want = expectedRows(expected);
    const rows = await storedRows();
    const got = new Map(
      rows.map((r) => [
        [
          r.reported_window,
          r.azs_subscription_id,
          r.meter_id,
          r.resource_uri,
          r.usage_start,
          r.usage_end,
        ].join('|'),
        { raw: canon(r.raw_quantity), quantity: canon(r.quantity) },
      ]),
    );
    expect(got.size).toBe(want.size);
    for (const [key, row] of want)
      expect(got.get(key), key).toEqual({ raw: row.raw, quantity: row.quantity });

    // Per natural key (over its windows), the sums agree too.
    const perKey = (entries: [string, string][]) => {
      const sums = new Map<string, string>();
      for (const [key, q] of entries) {
        const natural = key.split('|').slice(1).join('|');
        sums.set(natural, toDecimalString(decimal(sums.get(natural) ?? '0').plus(q)));
      }
      return sums;
    };
    expect(perKey([...got].map(([k, v]) => [k, v.quantity]))).toEqual(
      perKey([...want].map(([k, v]) => [k, v.quantity])),
    );

    // Daily aggregates: the per-day sums computed here from the dump.
    const days = new Map<string, { quantity: string; records: number }>();
    for (const row of want.values()) {
      const key = [row.subscription, row.meter, row.day].join('|');
      const d = days.get(key) ?? { quantity: '0', records: 0 };
      days.set(key, {
        quantity: toDecimalString(decimal(d.quantity).plus(row.quantity)),
        records: d.records + 1,
      });
    }
    const daily = await app.db.kysely
      .selectFrom('usage_daily')
      .selectAll()
      .where('region_id', '=', regionId)
      .execute();
    const gotDays = new Map<string, { quantity: string; records: number }>();
    for (const d of daily) {
      // One SKU per subscription and meter in this scenario: fold the SKU away.
      const key = [d.azs_subscription_id, d.meter_id, d.local_day].join('|');
      const prev = gotDays.get(key) ?? { quantity: '0', records: 0 };
      gotDays.set(key, {
        quantity: toDecimalString(decimal(prev.quantity).plus(String(d.quantity))),
        records: prev.records + Number(d.record_count),
      });
    }
    expect(gotDays).toEqual(days);
  }

  it.skipIf(skip)(
    'collects the range three times with overlaps and stores exactly what the emulator serves',
    async () => {
      // 1. Manual, through a 503, two 429s, a 504 storm that forces the per-subscriber fallback,
      //    a dropped connection and a 503 on a follow-up page. The watermark starts there.
      const first = await collect({
        mode: 'manual',
        from: '2024-03-31T18:00:00Z',
        to: '2024-04-01T03:00:00Z',
      });
      expect(first.failedWindows).toBe(0);
      expect(first.windows).toBe(12); // 18:00 … 05:00 (+3 h of collection window), before 06:00
      const region1 = await app.db.kysely
        .selectFrom('regions')
        .selectAll()
        .where('id', '=', regionId)
        .executeTakeFirstOrThrow();
      expect(region1.usage_watermark).toBe('2024-04-01T06:00:00.000Z');
      expect(region1.last_error).toBeNull();
      const requests = (
        (await (await fetch(`${emulator.origin}/_emulator/westeu1/requests`)).json()) as {
          value: {
            url: string;
            status: number;
          }[];
        }
      ).value;
      const statuses = new Set(requests.map((r) => r.status));
      for (const status of [503, 429, 504, 0]) expect(statuses).toContain(status);
      // The 23:00 window was pulled per subscriber, the deleted Fabrikam included.
      expect(
        requests.some(
          (r) => r.url.includes('2024-03-31T23%3A00%3A00Z') && r.url.includes(`subscriberId=${FABRIKAM}`),
        ),
      ).toBe(true);

      // 2. Scheduled at 11:30: from the watermark minus 3 hours to 11:00; the late record of
      //    03-31T23:00 (reported 04-01T10:30) is picked up.
      now = Date.parse('2024-04-01T11:30:00Z');
      const scheduled = await collect({ mode: 'scheduled' });
      expect(scheduled.windows).toBe(8); // 03:00 … 10:00
      const late = (await storedRows()).filter((r) => r.reported_window === '2024-04-01T10:00:00.000Z');
      expect(late.map((r) => [r.azs_subscription_id, r.meter_id, r.usage_start, canon(r.quantity)])).toEqual([
        [CONTOSO, '6dab500fa4fd49c4956d229bb9c8c793', '2024-03-31T23:00:00.000Z', '0.5'],
      ]);

      // 3. Manual again over most of it, overlapping both.
      await collect({ mode: 'manual', from: '2024-03-31T20:00:00+02:00', to: '2024-04-01T06:00:00+02:00' });
      await expectStoredAsDumped();
      const before = await storedRows();

      // Once more: nothing changes, not even provenance.
      await collect({ mode: 'manual', from: '2024-03-31T18:00:00Z', to: '2024-04-01T08:00:00Z' });
      const after = await storedRows();
      const key = (r: (typeof before)[number]) =>
        `${r.reported_window}|${r.azs_subscription_id}|${r.record_key}`;
      const strip = (rows: typeof before) =>
        rows
          .map((r) => ({
            ...r,
            quantity: canon(r.quantity),
            raw_quantity: canon(r.raw_quantity),
            collected_at: '',
          }))
          .sort((a, b) => key(a).localeCompare(key(b)));
      expect(strip(after)).toEqual(strip(before));

      // Every subscriber seen in usage is on the region, the deleted one included.
      const subs = await app.db.kysely
        .selectFrom('region_subscriptions')
        .selectAll()
        .where('region_id', '=', regionId)
        .execute();
      expect(
        subs
          .filter((s) => Number(s.seen_in_usage) === 1)
          .map((s) => s.azs_subscription_id)
          .sort(),
      ).toEqual([CONTOSO, FABRIKAM]);
    },
    240_000,
  );

  it.skipIf(skip)(
    'a run stopped mid-way keeps what it stored, and running it again completes it',
    async () => {
      const other = await insertRegion(
        app,
        {
          name: 'resumed',
          time_zone: 'Europe/Berlin',
          collection_window_hours: 3,
          arm_endpoint: emulator.regions.get('westeu1')!.base,
          directory_tenant: '5e8a7c21-93d4-4f0b-a6e2-0c4b9d1f7a38',
          client_id: 'cms-collector',
        },
        'westeu1-secret',
      );
      const stop = new AbortController();
      const request: CollectRequest = {
        regionId: other.id,
        mode: 'manual',
        from: '2024-03-31T18:00:00Z',
        to: '2024-04-01T08:00:00Z',
      };
      const stopped = await collectUsage(app, request, {
        ...hooks(),
        signal: stop.signal,
        progress: (done) => {
          if (done === 3) stop.abort(new Error('stopped'));
        },
      }).catch((e: unknown) => e);
      expect(stopped).toMatchObject({ message: 'stopped' });
      const partial = await app.db.kysely
        .selectFrom('regions')
        .selectAll()
        .where('id', '=', other.id)
        .executeTakeFirstOrThrow();
      expect(partial.usage_watermark).toBe('2024-03-31T21:00:00.000Z');
      await collectUsage(app, request, hooks());
      // The same rows as the main region's for every window of the range (keys differ by region).
      const view = async (id: string) =>
        (await app.db.kysely.selectFrom('usage_records').selectAll().where('region_id', '=', id).execute())
          .filter((r) => r.reported_window < '2024-04-01T11:00:00.000Z')
          .map((r) =>
            [
              r.reported_window,
              r.azs_subscription_id,
              r.meter_id,
              r.resource_uri,
              r.usage_start,
              canon(r.quantity),
            ].join('|'),
          )
          .sort();
      expect(await view(other.id)).toEqual(await view(regionId));
    },
  );

  it.skipIf(skip)('stores usage on an unknown meter and raises one alert for it', async () => {
    const kv = (await storedRows()).filter((r) => r.meter_id === KEY_VAULT);
    expect(kv.length).toBeGreaterThan(0);
    const alerts = await app.db.kysely
      .selectFrom('alerts')
      .selectAll()
      .where('kind', '=', 'usage.unknown_meter')
      .where('region_id', '=', regionId)
      .execute();
    expect(alerts.map((a) => [a.alert_key, a.region_id, a.resolved_at])).toEqual([
      [`${regionId}:${KEY_VAULT}`, regionId, null],
    ]);
  });

  it.skipIf(skip)(
    'holds a re-pull that lowers a closed period until a platform administrator confirms it',
    async () => {
      // Tenant A's subscription is Contoso on this region, and its March is invoiced. The stored
      // VM-hours of 03-31T20:00 are made larger than what the stamp serves, as if it had pruned them.
      await app.db.kysely
        .updateTable('subscriptions')
        .set({ region_id: regionId, azs_subscription_id: CONTOSO, azs_link_key: `${regionId}:${CONTOSO}` })
        .where('id', '=', world.A.subscriptionId)
        .execute();
      await transaction(app.db, (trx) =>
        closePeriod(trx, world.A.tenantId, regionId, '2024-03', { closedAt: '2024-04-01T11:00:00.000Z' }),
      );
      const vmRow = (await storedRows()).find(
        (r) =>
          r.azs_subscription_id === CONTOSO &&
          r.meter_id === '6dab500fa4fd49c4956d229bb9c8c793' &&
          r.usage_start === '2024-03-31T20:00:00.000Z',
      )!;
      await app.db.kysely
        .updateTable('usage_records')
        .set({ quantity: '3' })
        .where('region_id', '=', regionId)
        .where('reported_window', '=', vmRow.reported_window)
        .where('record_key', '=', vmRow.record_key)
        .execute();
      // The daily aggregate follows, as it would have had the stamp served 3 (1 + 2 more).
      const day = await app.db.kysely
        .selectFrom('usage_daily')
        .selectAll()
        .where('region_id', '=', regionId)
        .where('azs_subscription_id', '=', CONTOSO)
        .where('meter_id', '=', vmRow.meter_id)
        .where('local_day', '=', berlinDay(vmRow.usage_start))
        .executeTakeFirstOrThrow();
      await app.db.kysely
        .updateTable('usage_daily')
        .set({ quantity: toDecimalString(decimal(String(day.quantity)).plus('2')) })
        .where('region_id', '=', regionId)
        .where('azs_subscription_id', '=', CONTOSO)
        .where('meter_id', '=', vmRow.meter_id)
        .where('local_day', '=', day.local_day)
        .execute();
      const from = new Date(Date.parse(vmRow.reported_window)).toISOString();
      const result = await collect({
        mode: 'manual',
        from,
        to: new Date(Date.parse(from) + HOUR).toISOString(),
      }).catch((e: unknown) => e);
      expect(result).not.toBeInstanceOf(Error);
      const pull = await app.db.kysely
        .selectFrom('usage_pulls')
        .selectAll()
        .where('region_id', '=', regionId)
        .where('reported_window', '=', vmRow.reported_window)
        .where('subscriber', '=', '')
        .executeTakeFirstOrThrow();
      expect(pull.status).toBe('held');
      expect(JSON.parse(pull.held_summary!).shown[0]).toMatchObject({
        oldQuantity: '3',
        newQuantity: '1',
        period: '2024-03',
      });
      const stillThree = (await storedRows()).find(
        (r) => r.record_key === vmRow.record_key && r.reported_window === vmRow.reported_window,
      )!;
      expect(canon(stillThree.quantity)).toBe('3');
      const heldAlert = await app.db.kysely
        .selectFrom('alerts')
        .selectAll()
        .where('kind', '=', 'usage.held_pull')
        .executeTakeFirstOrThrow();
      expect(heldAlert.resolved_at).toBeNull();
      // The region's held pulls list it, with what it would change.
      const listed = await heldPulls(admin, regionId);
      expect(listed.items).toEqual([
        expect.objectContaining({
          window: vmRow.reported_window,
          subscriberId: null,
          changes: 1,
          shown: [expect.objectContaining({ oldQuantity: '3', newQuantity: '1', period: '2024-03' })],
        }),
      ]);

      // A tenant administrator may not confirm; the platform administrator does.
      const tenantAdmin = await contextFor(app, world.actor('tenant_admin').userId);
      await expect(confirmHeldPull(tenantAdmin, regionId, vmRow.reported_window, null)).rejects.toMatchObject(
        { code: 'forbidden' },
      );
      // Through the API: below the platform the region does not exist; the platform administrator's
      // confirmation queues a job that pulls the window again and stores it.
      const confirm = (who: ReturnType<World['actor']>) =>
        who.client.POST('/api/v1/regions/{id}/held-pull-confirmations', {
          params: { path: { id: regionId } },
          body: { window: vmRow.reported_window },
        });
      expect((await confirm(world.actor('tenant_admin'))).response.status).toBe(404);
      const accepted = await confirm(world.actor('platform_admin'));
      expect(accepted.response.status, JSON.stringify(accepted.error)).toBe(202);
      await app.jobs.runNow();
      const job = await app.db.kysely
        .selectFrom('jobs')
        .selectAll()
        .where('id', '=', accepted.data!.id)
        .executeTakeFirstOrThrow();
      expect([job.type, job.status, job.last_error]).toEqual(['usage.confirm-held-pull', 'succeeded', null]);
      const fixed = (await storedRows()).find(
        (r) => r.record_key === vmRow.record_key && r.reported_window === vmRow.reported_window,
      )!;
      expect(canon(fixed.quantity)).toBe('1');
      const resolved = await app.db.kysely
        .selectFrom('alerts')
        .selectAll()
        .where('id', '=', heldAlert.id)
        .executeTakeFirstOrThrow();
      expect(resolved.resolved_at).not.toBeNull();
      await expect(
        confirmHeldPull(admin, regionId, vmRow.reported_window, null, hooks()),
      ).rejects.toMatchObject({ code: 'conflict' });
      expect((await heldPulls(admin, regionId)).items).toEqual([]);
      await expectStoredAsDumped();
    },
  );

  it.skipIf(skip)(
    'a wrong secret and an unreachable endpoint give a region error and an alert, no crash',
    async () => {
      const wrong = await insertRegion(
        app,
        {
          name: 'wrong-secret',
          time_zone: 'UTC',
          arm_endpoint: emulator.regions.get('westeu1')!.base,
          directory_tenant: '5e8a7c21-93d4-4f0b-a6e2-0c4b9d1f7a38',
          client_id: 'cms-collector',
        },
        'not-the-secret',
      );
      const unreachable = await insertRegion(
        app,
        {
          name: 'unreachable',
          time_zone: 'UTC',
          arm_endpoint: 'http://127.0.0.1:9',
          directory_tenant: 'x',
          client_id: 'c',
        },
        's',
      );
      for (const region of [wrong, unreachable]) {
        const error = await collect(
          { mode: 'manual', from: '2024-04-01T00:00:00Z', to: '2024-04-01T01:00:00Z' },
          region.id,
        ).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(UsageCollectionError);
        const row = await app.db.kysely
          .selectFrom('regions')
          .selectAll()
          .where('id', '=', region.id)
          .executeTakeFirstOrThrow();
        expect(row.last_error).toMatch(/failed for (\d+) of \1 reported/);
        expect(row.usage_watermark).toBeNull();
        const alert = await app.db.kysely
          .selectFrom('alerts')
          .selectAll()
          .where('kind', '=', 'usage.collection_failed')
          .where('alert_key', '=', region.id)
          .executeTakeFirstOrThrow();
        expect([alert.severity, alert.resolved_at]).toEqual(['critical', null]);
      }
      const wrongRow = await app.db.kysely
        .selectFrom('regions')
        .select('last_error')
        .where('id', '=', wrong.id)
        .executeTakeFirstOrThrow();
      expect(wrongRow.last_error).toMatch(/secret|client|credential/i);

      // Fixed secret: the next run succeeds, clears the error and resolves the alert.
      await app.db.kysely
        .updateTable('regions')
        .set({
          client_secret: (
            await app.db.kysely
              .selectFrom('regions')
              .select('client_secret')
              .where('id', '=', regionId)
              .executeTakeFirstOrThrow()
          ).client_secret,
        })
        .where('id', '=', wrong.id)
        .execute();
      await collect({ mode: 'manual', from: '2024-04-01T00:00:00Z', to: '2024-04-01T01:00:00Z' }, wrong.id);
      const healed = await app.db.kysely
        .selectFrom('regions')
        .selectAll()
        .where('id', '=', wrong.id)
        .executeTakeFirstOrThrow();
      expect([healed.last_error, healed.last_success_at !== null]).toEqual([null, true]);
      const alert = await app.db.kysely
        .selectFrom('alerts')
        .selectAll()
        .where('alert_key', '=', wrong.id)
        .executeTakeFirstOrThrow();
      expect(alert.resolved_at).not.toBeNull();
    },
    60_000,
  );
});
