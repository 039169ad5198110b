import { decimal, toDecimalString } from '@cms/billing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../src/context.ts';
import { transaction } from '../src/db/transaction.ts';
import { applyDailyDeltas } from '../src/modules/usage/daily.ts';
import { skipWithout } from './support/engine-world.ts';
import { ALL_ENGINES } from './support/engines.ts';
import { insertRegion, openUsageApp } from './support/usage.ts';

const NOW = '2024-04-02T00:00:00.000Z';
const SUB = 'a1f3c2d4-8e7b-4a6c-9d5e-2b1f0c3e4d5a';

async function daily(app: AppContext, regionId: string) {
  const rows = await app.db.kysely
    .selectFrom('usage_daily')
    .select(['azs_subscription_id', 'meter_id', 'sku', 'local_day', 'quantity', 'record_count'])
    .where('region_id', '=', regionId)
    .orderBy('local_day')
    .orderBy('meter_id')
    .orderBy('sku')
    .execute();
  // DECIMAL columns come back padded on MySQL/PostgreSQL: compare values, not text.
  return rows.map((r) => ({
    ...r,
    quantity: toDecimalString(decimal(String(r.quantity))),
    record_count: Number(r.record_count),
  }));
}

describe.each(ALL_ENGINES)('usage daily aggregates [%s]', (engine) => {
  const skip = skipWithout(engine);
  let app: AppContext;
  let close: () => Promise<void>;
  beforeAll(async () => {
    if (skip) return;
    const opened = await openUsageApp(engine);
    app = opened.app;
    close = opened.close;
  });
  afterAll(async () => {
    await close?.();
  });

  it.skipIf(skip)('sums deltas per local day of a region east of UTC, and a DST day', async () => {
    // Asia/Tokyo is UTC+9: 2024-03-31T15:00Z is 2024-04-01 00:00 local, so the two hours below
    // fall on different local days although they share the UTC day.
    const tokyo = await insertRegion(app, { name: 'tokyo', time_zone: 'Asia/Tokyo' });
    // Europe/Berlin springs forward on 2024-03-31: the local day is 23 hours long,
    // 2024-03-30T23:00Z … 2024-03-31T22:00Z.
    const berlin = await insertRegion(app, { name: 'berlin', time_zone: 'Europe/Berlin' });
    await transaction(app.db, (trx) =>
      applyDailyDeltas(
        trx,
        tokyo,
        [
          {
            azsSubscriptionId: SUB,
            meterId: 'm1',
            sku: null,
            usageStart: '2024-03-31T14:00:00.000Z',
            quantity: '0.1',
            records: 1,
          },
          {
            azsSubscriptionId: SUB,
            meterId: 'm1',
            sku: null,
            usageStart: '2024-03-31T15:00:00.000Z',
            quantity: '0.2',
            records: 1,
          },
          {
            azsSubscriptionId: SUB,
            meterId: 'm1',
            sku: null,
            usageStart: '2024-03-31T16:00:00.000Z',
            quantity: '0.7',
            records: 1,
          },
        ],
        NOW,
      ),
    );
    // 0.1 on 03-31 local; 0.2 + 0.7 = 0.9 on 04-01 local (exact: 0.1 + 0.2 is not 0.30000000000000004).
    expect(await daily(app, tokyo.id)).toEqual([
      {
        azs_subscription_id: SUB,
        meter_id: 'm1',
        sku: '',
        local_day: '2024-03-31',
        quantity: '0.1',
        record_count: 1,
      },
      {
        azs_subscription_id: SUB,
        meter_id: 'm1',
        sku: '',
        local_day: '2024-04-01',
        quantity: '0.9',
        record_count: 2,
      },
    ]);

    const hours = Array.from({ length: 25 }, (_, i) =>
      new Date(Date.parse('2024-03-30T23:00:00Z') + i * 3_600_000).toISOString(),
    );
    await transaction(app.db, (trx) =>
      applyDailyDeltas(
        trx,
        berlin,
        hours.map((usageStart) => ({
          azsSubscriptionId: SUB,
          meterId: 'vm',
          sku: 'Standard_D2_v2',
          usageStart,
          quantity: '1',
          records: 1,
        })),
        NOW,
      ),
    );
    // 23 of the 25 hours are on the short local day 03-31; 22:00Z and 23:00Z are 04-01 00:00 and 01:00 CEST.
    expect(await daily(app, berlin.id)).toEqual([
      {
        azs_subscription_id: SUB,
        meter_id: 'vm',
        sku: 'Standard_D2_v2',
        local_day: '2024-03-31',
        quantity: '23',
        record_count: 23,
      },
      {
        azs_subscription_id: SUB,
        meter_id: 'vm',
        sku: 'Standard_D2_v2',
        local_day: '2024-04-01',
        quantity: '2',
        record_count: 2,
      },
    ]);
  });

  it.skipIf(skip)('adds to existing rows, subtracts removed records and drops emptied groups', async () => {
    const region = await insertRegion(app, { name: 'utc-region', time_zone: 'UTC' });
    const at = '2024-03-05T10:00:00.000Z';
    const delta = (quantity: string, records: number, meterId = 'disk') => ({
      azsSubscriptionId: SUB,
      meterId,
      sku: null,
      usageStart: at,
      quantity,
      records,
    });
    await transaction(app.db, (trx) =>
      applyDailyDeltas(trx, region, [delta('1.5', 1), delta('2', 1, 'ip')], NOW),
    );
    await transaction(app.db, (trx) => applyDailyDeltas(trx, region, [delta('0.25', 1)], NOW));
    expect((await daily(app, region.id)).map((r) => [r.meter_id, r.quantity, r.record_count])).toEqual([
      ['disk', '1.75', 2],
      ['ip', '2', 1],
    ]);
    // A re-pull replaces the ip record with nothing and one disk record with a smaller one.
    await transaction(app.db, (trx) =>
      applyDailyDeltas(trx, region, [delta('-2', -1, 'ip'), delta('-1.5', -1), delta('1.2', 1)], NOW),
    );
    expect((await daily(app, region.id)).map((r) => [r.meter_id, r.quantity, r.record_count])).toEqual([
      ['disk', '1.45', 2],
    ]);
  });
});
