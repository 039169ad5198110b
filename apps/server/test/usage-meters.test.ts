import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../src/context.ts';
import { AZURE_STACK_CATALOG, AZURE_STACK_METERS } from '../src/modules/usage/meters.catalog.ts';
import { syncMeterCatalog } from '../src/modules/usage/meters.service.ts';
import { skipWithout } from './support/engine-world.ts';
import { ALL_ENGINES } from './support/engines.ts';
import { openUsageApp } from './support/usage.ts';

describe('the shipped meter catalog', () => {
  it('holds the 84 distinct meters of azure-stack-hub-api.md §5', () => {
    const ids = AZURE_STACK_METERS.map((m) => m.id.toLowerCase().replace(/[-{}]/g, ''));
    expect(new Set(ids).size).toBe(84);
    expect(ids.length).toBe(84);
  });
});

describe.each(ALL_ENGINES)('meter catalog seed [%s]', (engine) => {
  const skip = skipWithout(engine);
  let app: AppContext;
  let close: () => Promise<void>;
  beforeAll(async () => {
    if (skip) return;
    ({ app, close } = await openUsageApp(engine));
  });
  afterAll(async () => {
    await close?.();
  });

  it.skipIf(skip)('is inserted at boot with its flags, and a second sync changes nothing', async () => {
    const rows = await app.db.kysely
      .selectFrom('meters')
      .selectAll()
      .where('catalog', '=', AZURE_STACK_CATALOG)
      .execute();
    expect(rows).toHaveLength(84);
    for (const row of rows) expect(row.meter_id).toMatch(/^[0-9a-f]{32}$/);
    const flagged = (flag: 'month_fraction' | 'informational' | 'deprecated') =>
      rows
        .filter((r) => Number(r[flag]) === 1)
        .map((r) => r.meter_id)
        .sort();
    expect(flagged('informational')).toEqual(['6dab500fa4fd49c4956d229bb9c8c793']);
    // §5.4: 16 disk SKUs + 4 Actual* sizes; §5.5: the two GB × month snapshot ids.
    expect(flagged('month_fraction')).toHaveLength(22);
    expect(flagged('month_fraction')).toContain('d5f7731bf639404a89d0e46186e22c8d');
    expect(flagged('month_fraction')).toContain('75d4b7071027440399866ec7c05579c8');
    expect(flagged('month_fraction')).not.toContain('e5572fce9f5849d7840cb168c0f01fff');
    // §5.5's 22 deprecated disk meters and the Technical Preview public IP meter.
    expect(flagged('deprecated')).toHaveLength(23);
    expect(flagged('deprecated')).toContain('f114cb19ea6440b5bcd7aee474b62853');
    expect(new Set(rows.map((r) => r.source))).toEqual(new Set(['seed']));

    expect(await syncMeterCatalog(app)).toEqual({ inserted: 0, updated: 0 });
    // A meter edited in the database is put back; a removed one comes back.
    await app.db.kysely
      .updateTable('meters')
      .set({ name: 'edited', month_fraction: 0 })
      .where('meter_id', '=', 'd5f7731bf639404a89d0e46186e22c8d')
      .execute();
    await app.db.kysely
      .deleteFrom('meters')
      .where('meter_id', '=', 'f271a8a388c44d93956a063e1d2fa80b')
      .execute();
    expect(await syncMeterCatalog(app)).toEqual({ inserted: 1, updated: 1 });
    const s10 = await app.db.kysely
      .selectFrom('meters')
      .selectAll()
      .where('meter_id', '=', 'd5f7731bf639404a89d0e46186e22c8d')
      .executeTakeFirstOrThrow();
    expect([s10.name, Number(s10.month_fraction)]).toEqual(['S10 managed disk (128 GB)', 1]);
  });
});
