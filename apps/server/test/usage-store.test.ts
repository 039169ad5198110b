import { decimal, sumDecimals, toDecimalString } from '@cms/billing';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../src/context.ts';
import { transaction } from '../src/db/transaction.ts';
import { azureStackMeterFlags } from '../src/modules/usage/meters.service.ts';
import { packUnit, unpackUnit } from '../src/modules/usage/packed-unit.ts';
import { closePeriod } from '../src/modules/usage/periods.service.ts';
import { type PulledRecord, prepareUnit } from '../src/modules/usage/prepare.ts';
import { type StoreOptions, storePrepared, storeUnit } from '../src/modules/usage/store.ts';
import { monthFractionToHours } from '../src/modules/usage/usage.keys.ts';
import { skipWithout, useEngineWorld } from './support/engine-world.ts';
import { ALL_ENGINES } from './support/engines.ts';
import { insertRegion } from './support/usage.ts';
import type { World } from './support/world.ts';

const SUB_A = 'a1f3c2d4-8e7b-4a6c-9d5e-2b1f0c3e4d5a';
const SUB_B = 'b7e4d9c1-2f6a-4b3e-8c1d-5a9f0e2b7c64';
const BLOCK_BLOB = '09f8879e87e94305a5722b7be209f857';
const S10 = 'd5f7731bf639404a89d0e46186e22c8d';
const NOW = '2024-04-03T00:00:00.000Z';

function rec(over: Partial<PulledRecord>): PulledRecord {
  return {
    subscriptionId: SUB_A,
    meterId: BLOCK_BLOB,
    resourceUri: `/subscriptions/${SUB_A}/resourcegroups/rg/providers/microsoft.storage/storageaccounts/acc1`,
    usageStart: '2024-03-05T10:00:00Z',
    usageEnd: '2024-03-05T11:00:00Z',
    quantity: '1',
    location: 'westeu1',
    sku: null,
    tags: null,
    additionalInfo: null,
    ...over,
  };
}

const canon = (value: unknown) => toDecimalString(decimal(String(value)));

describe('month-fraction conversion', () => {
  it('turns a whole month of hourly 1/h fractions back into exactly h hours', () => {
    // The stamp's text for 1/744 (spec §5.4) and JavaScript's shortest text for each divisor.
    const cases: [string, string, number][] = [
      ['0.0013440860215053762', '2024-03-01T00:00:00Z', 744],
      [String(1 / 744), '2024-03-01T00:00:00Z', 744],
      [String(1 / 720), '2024-04-01T00:00:00Z', 720],
      [String(1 / 672), '2023-02-01T00:00:00Z', 672],
      [String(1 / 696), '2024-02-01T00:00:00Z', 696],
    ];
    for (const [raw, start, hours] of cases) {
      // raw × hours = 1.000000000000000…; 15 significant digits half away from zero give exactly 1.
      expect(monthFractionToHours(raw, start)).toBe('1');
      const month = Array.from({ length: hours }, () => monthFractionToHours(raw, start));
      expect(sumDecimals(month).toFixed()).toBe(String(hours));
    }
    // 37.2 GB / 744 printed as a double, back to 37.2 GB-hours; 4,096 GB too (magnitude does not matter).
    expect(monthFractionToHours(String(37.2 / 744), '2024-03-10T00:00:00Z')).toBe('37.2');
    expect(monthFractionToHours(String(4096 / 720), '2024-04-10T00:00:00Z')).toBe('4096');
  });
});

describe('packed units (pulling thread to storing thread)', () => {
  it('unpack gives back every row exactly, nulls and repeated values included', () => {
    const uri = (n: number) =>
      `/subscriptions/${SUB_A}/resourcegroups/rg/providers/microsoft.storage/storageaccounts/acc${n}`;
    const records = [
      rec({ resourceUri: uri(1), tags: { team: 'a' }, sku: 'S1' }),
      rec({ resourceUri: uri(1), meterId: S10, quantity: '0.25', additionalInfo: { note: 'x' } }),
      rec({ subscriptionId: SUB_B, resourceUri: uri(2), quantity: '1', location: null }),
      rec({ resourceUri: uri(3), usageStart: '2024-03-05T09:00:00Z', usageEnd: '2024-03-05T10:00:00Z' }),
    ];
    const meters = new Map([[S10, { monthFraction: true }]]);
    const prepared = prepareUnit(
      { window: '2024-03-05T11:00:00Z', subscriberId: null, records },
      { regionId: 'reg_1', meters },
    );
    prepared.rows[1]!.first_job_id = 'job_1';
    const packed = packUnit(prepared);
    // Each distinct value crosses once: far fewer table entries than cells.
    expect(packed.values.length).toBeLessThan(packed.cells.length / 2);
    const { rows, ...unpacked } = unpackUnit(structuredClone(packed));
    const all = rows.slice(0, rows.length);
    expect({ ...unpacked, rows: all }).toEqual(prepared);
    expect(all.map((row) => Object.keys(row))).toEqual(prepared.rows.map((row) => Object.keys(row)));
    // The storing thread expands one batch at a time, the last one short.
    expect(rows.slice(1, 3)).toEqual(prepared.rows.slice(1, 3));
    expect(rows.slice(2, 100)).toEqual(prepared.rows.slice(2));
  });
});

describe.each(ALL_ENGINES)('usage storage [%s]', (engine) => {
  const skip = skipWithout(engine);
  let app: AppContext;
  let world: World;
  let options: (jobId: string, now?: string) => StoreOptions;
  let regionId: string;
  useEngineWorld(engine, (t, w) => {
    app = t.app;
    world = w;
  });
  beforeAll(async () => {
    if (skip) return;
    const region = await insertRegion(app, { name: 'store-region', time_zone: 'Europe/Berlin' });
    regionId = region.id;
    const meters = await azureStackMeterFlags(app.db.kysely);
    options = (jobId, now = NOW) => ({ region, meters, jobId, now });
  });

  const rows = () =>
    app.db.kysely
      .selectFrom('usage_records')
      .selectAll()
      .where('region_id', '=', regionId)
      .orderBy('reported_window')
      .orderBy('azs_subscription_id')
      .orderBy('meter_id')
      .execute();
  const dailyTotal = async () =>
    toDecimalString(
      sumDecimals(
        (
          await app.db.kysely
            .selectFrom('usage_daily')
            .select('quantity')
            .where('region_id', '=', regionId)
            .execute()
        ).map((r) => String(r.quantity)),
      ),
    );
  const store = (
    window: string,
    subscriberId: string | null,
    records: PulledRecord[],
    jobId = 'job_1',
    now?: string,
  ) => transaction(app.db, (trx) => storeUnit(trx, { window, subscriberId, records }, options(jobId, now)));

  it.skipIf(skip)(
    'sums identical natural keys of one unit, replaces on re-pull and keeps the first provenance',
    async () => {
      const w1 = '2024-03-05T11:00:00Z';
      // Two records of one natural key (same id on the wire, G2; the URI differs only in case, G4):
      // 1.25 + 0.5 = 1.75 in one row. A month-fraction disk (1/744) is stored as 1 hour.
      await store(w1, null, [
        rec({ quantity: '1.25' }),
        rec({ quantity: '0.5' }),
        rec({ subscriptionId: SUB_B, resourceUri: `/subscriptions/${SUB_B}/x`, quantity: '2' }),
        rec({
          meterId: S10,
          resourceUri: `/subscriptions/${SUB_A}/disks/d1`,
          quantity: '0.0013440860215053762',
        }),
      ]);
      let stored = await rows();
      expect(
        stored.map((r) => [r.azs_subscription_id, r.meter_id, canon(r.quantity), canon(r.raw_quantity)]),
      ).toEqual([
        [SUB_A, BLOCK_BLOB, '1.75', '1.75'],
        [SUB_A, S10, '1', '0.0013440860215053762'],
        [SUB_B, BLOCK_BLOB, '2', '2'],
      ]);
      expect(await dailyTotal()).toBe('4.75');

      // The same window again, later, by another job, one record lower: replaced, provenance kept.
      await store(
        w1,
        null,
        [
          rec({ quantity: '1' }),
          rec({ subscriptionId: SUB_B, resourceUri: `/subscriptions/${SUB_B}/x`, quantity: '2' }),
        ],
        'job_2',
        '2024-04-04T00:00:00.000Z',
      );
      stored = await rows();
      expect(
        stored.map((r) => [
          r.azs_subscription_id,
          r.meter_id,
          canon(r.quantity),
          r.first_job_id,
          r.first_collected_at,
          r.collected_at,
        ]),
      ).toEqual([
        [SUB_A, BLOCK_BLOB, '1', 'job_1', NOW, '2024-04-04T00:00:00.000Z'],
        [SUB_B, BLOCK_BLOB, '2', 'job_1', NOW, '2024-04-04T00:00:00.000Z'],
      ]);
      expect(await dailyTotal()).toBe('3');

      // A late record of the same natural key in a later window adds; a per-subscriber re-pull of
      // the first window replaces only that subscriber's rows.
      await store('2024-03-05T20:00:00Z', null, [rec({ quantity: '0.3' })]);
      await store(w1, SUB_B, []);
      stored = await rows();
      expect(stored.map((r) => [r.reported_window, r.azs_subscription_id, canon(r.quantity)])).toEqual([
        ['2024-03-05T11:00:00.000Z', SUB_A, '1'],
        ['2024-03-05T20:00:00.000Z', SUB_A, '0.3'],
      ]);
      expect(stored[0]!.record_key).toBe(stored[1]!.record_key);
      expect(await dailyTotal()).toBe('1.3');
      const pulls = await app.db.kysely
        .selectFrom('usage_pulls')
        .selectAll()
        .where('region_id', '=', regionId)
        .orderBy('reported_window')
        .orderBy('subscriber')
        .execute();
      expect(
        pulls.map((p) => [p.reported_window, p.subscriber, p.status, Number(p.record_count), p.job_id]),
      ).toEqual([
        ['2024-03-05T11:00:00.000Z', '', 'stored', 2, 'job_2'],
        ['2024-03-05T11:00:00.000Z', SUB_B, 'stored', 0, 'job_1'],
        ['2024-03-05T20:00:00.000Z', '', 'stored', 1, 'job_1'],
      ]);
    },
  );

  it.skipIf(skip)(
    'holds a re-pull that would lower a closed period, and stores it once confirmed',
    async () => {
      // Tenant A's subscription is linked to SUB_A on the region; March (Berlin) is invoiced.
      await app.db.kysely
        .updateTable('subscriptions')
        .set({ region_id: regionId, azs_subscription_id: SUB_B, azs_link_key: `${regionId}:${SUB_B}` })
        .where('id', '=', world.A.subscriptionId)
        .execute();
      const w = '2024-03-31T23:00:00Z';
      // 2024-03-31T21:00Z is 23:00 in Berlin (March); 22:00Z is already April 1st locally.
      const march = rec({
        subscriptionId: SUB_B,
        usageStart: '2024-03-31T21:00:00Z',
        usageEnd: '2024-03-31T22:00:00Z',
        quantity: '5',
      });
      const april = rec({
        subscriptionId: SUB_B,
        usageStart: '2024-03-31T22:00:00Z',
        usageEnd: '2024-03-31T23:00:00Z',
        quantity: '7',
      });
      await store(w, null, [march, april]);
      await transaction(app.db, (trx) =>
        closePeriod(trx, world.A.tenantId, regionId, '2024-03', { closedAt: NOW }),
      );
      const before = await rows();

      // Lowering April (open) and raising March changes nothing closed: stored.
      const raised = await store(w, null, [
        { ...march, quantity: '6' },
        { ...april, quantity: '1' },
      ]);
      expect(raised.status).toBe('stored');
      // Lowering March (closed): held, nothing written but the pull's record.
      const held = await store(w, null, [{ ...march, quantity: '4' }, april]);
      expect(held.status).toBe('held');
      if (held.status !== 'held') throw new Error('unreachable');
      expect(held.changes.map((c) => [c.period, c.oldQuantity, c.newQuantity])).toEqual([
        ['2024-03', '6', '4'],
      ]);
      const afterHold = await rows();
      expect(
        afterHold
          .filter((r) => r.reported_window === '2024-03-31T23:00:00.000Z')
          .map((r) => canon(r.quantity))
          .sort(),
      ).toEqual(['1', '6']);
      const pull = await app.db.kysely
        .selectFrom('usage_pulls')
        .selectAll()
        .where('region_id', '=', regionId)
        .where('reported_window', '=', '2024-03-31T23:00:00.000Z')
        .executeTakeFirstOrThrow();
      expect(pull.status).toBe('held');
      expect(JSON.parse(pull.held_summary!)).toMatchObject({
        changes: 1,
        shown: [{ oldQuantity: '6', newQuantity: '4', period: '2024-03' }],
      });
      // Removing March altogether is held as well.
      expect((await store(w, null, [april])).status).toBe('held');

      // Confirmed by a platform administrator: applied, and the pull says who confirmed it.
      const confirmed = await transaction(app.db, (trx) =>
        storeUnit(
          trx,
          { window: w, subscriberId: null, records: [{ ...march, quantity: '4' }, april] },
          { ...options('job_3'), confirmedBy: world.platformAdmin.userId },
        ),
      );
      expect(confirmed.status).toBe('stored');
      const after = await app.db.kysely
        .selectFrom('usage_pulls')
        .selectAll()
        .where('region_id', '=', regionId)
        .where('reported_window', '=', '2024-03-31T23:00:00.000Z')
        .executeTakeFirstOrThrow();
      expect([after.status, after.confirmed_by, after.held_summary]).toEqual([
        'stored',
        world.platformAdmin.userId,
        null,
      ]);
      expect(
        (await rows())
          .filter((r) => r.reported_window === '2024-03-31T23:00:00.000Z')
          .map((r) => canon(r.quantity))
          .sort(),
      ).toEqual(['4', '7']);
      expect(before.length).toBeGreaterThan(0);
    },
  );

  it.skipIf(skip)(
    'writes a packed unit batch by batch, awkward text exactly, and a packed re-pull keeps the first provenance',
    async () => {
      const region = await insertRegion(app, { name: 'packed-region', time_zone: 'UTC' });
      const meters = await azureStackMeterFlags(app.db.kysely);
      // Quotes, backslashes (JSON's own escapes), placeholders and non-Latin text: on MySQL these
      // rows go as literals written by the repository, not as parameters (usage.repository.ts).
      const awkward = { note: `it's a \\ "quote" ?, -- \u00e9 中 😀\n` };
      const records = Array.from({ length: 250 }, (_, n) =>
        rec({
          resourceUri: `/subscriptions/${SUB_A}/resourcegroups/rg/providers/microsoft.storage/storageaccounts/p${n}`,
          usageStart: '2024-03-06T10:00:00Z',
          usageEnd: '2024-03-06T11:00:00Z',
          quantity: `${n}.5`,
          location: n === 3 ? "west'eu ?" : 'westeu1',
          tags: n % 2 === 0 ? awkward : null,
          additionalInfo: n === 7 ? { owner: "O'Brien \\ ?" } : null,
        }),
      );
      const pull = (jobId: string, now: string) =>
        transaction(app.db, (trx) =>
          storePrepared(
            trx,
            unpackUnit(
              structuredClone(
                packUnit(
                  prepareUnit(
                    { window: '2024-03-06T11:00:00Z', subscriberId: null, records },
                    { regionId: region.id, meters },
                  ),
                ),
              ),
            ),
            { region, jobId, now },
          ),
        );
      const read = () =>
        app.db.kysely
          .selectFrom('usage_records')
          .select(['resource_uri', 'quantity', 'location', 'tags', 'additional_info'])
          .select(['first_job_id', 'first_collected_at', 'collected_at'])
          .where('region_id', '=', region.id)
          .execute();
      const expected = records
        .map((r) => [
          r.resourceUri,
          r.quantity,
          r.location,
          r.tags === null ? null : JSON.stringify(r.tags),
          r.additionalInfo === null ? null : JSON.stringify(r.additionalInfo),
        ])
        .sort();
      const cells = (stored: Awaited<ReturnType<typeof read>>) =>
        stored.map((r) => [r.resource_uri, canon(r.quantity), r.location, r.tags, r.additional_info]).sort();

      expect(await pull('job_p1', NOW)).toMatchObject({ status: 'stored', rows: 250, records: 250 });
      let stored = await read();
      expect(cells(stored)).toEqual(expected);
      expect(
        new Set(stored.map((r) => `${r.first_job_id} ${r.first_collected_at} ${r.collected_at}`)),
      ).toEqual(new Set([`job_p1 ${NOW} ${NOW}`]));

      const later = '2024-04-05T00:00:00.000Z';
      expect(await pull('job_p2', later)).toMatchObject({ status: 'stored', rows: 250 });
      stored = await read();
      expect(cells(stored)).toEqual(expected);
      expect(
        new Set(stored.map((r) => `${r.first_job_id} ${r.first_collected_at} ${r.collected_at}`)),
      ).toEqual(new Set([`job_p1 ${NOW} ${later}`]));
    },
  );
});
