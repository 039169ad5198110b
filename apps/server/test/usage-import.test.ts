import { decimal, toDecimalString } from '@cms/billing';
import { describe, expect, it } from 'vitest';
import { newId } from '../src/db/ids.ts';
import type { TestApp } from './support/app.ts';
import { useEngineWorld } from './support/engine-world.ts';
import { ALL_ENGINES } from './support/engines.ts';
import type { Person, World } from './support/world.ts';

/**
 * Hybrid usage import (issue 11 §10): a source's own meter catalog, and usage files stored once
 * per (source, external record id), replaced on re-import, refused whole on any bad row, with the
 * daily aggregates on the source's local days. The source here is in Pacific/Auckland (UTC+13 in
 * March 2026, daylight time), so records an hour either side of local midnight land on different
 * local days than their UTC dates say.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const canonical = (value: string) => toDecimalString(decimal(value));

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, unknown>;
}

describe.each(ALL_ENGINES)('usage import [%s]', (engine) => {
  let t: TestApp;
  let w: World;
  const skip = useEngineWorld(engine, (app, world) => {
    t = app;
    w = world;
  });

  async function call(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    options: { token?: string; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const response = await t.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${options.token ?? w.platformAdmin.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return {
      status: response.statusCode,
      body: response.body ? (JSON.parse(response.body) as Record<string, unknown>) : {},
      headers: response.headers,
    };
  }

  /** An import source (the regions API is another branch's: the row is written as it would write it). */
  async function createSource(kind: 'import' | 'azure_stack' = 'import', timeZone = 'Pacific/Auckland') {
    const id = newId('reg');
    const now = new Date().toISOString();
    await t.app.db.kysely
      .insertInto('regions')
      .values({
        id,
        kind,
        name: `Source ${id}`,
        name_key: `source ${id}`,
        description: null,
        arm_endpoint: kind === 'import' ? null : 'https://adminmanagement.local.azurestack.external',
        identity_system: null,
        directory_tenant: null,
        client_id: null,
        client_secret: null,
        provider_subscription_id: null,
        location: null,
        time_zone: timeZone,
        collection_window_hours: 0,
        schedule: null,
        enabled: 1,
        usage_watermark: null,
        last_run_at: null,
        last_success_at: null,
        last_error: null,
        last_error_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return id;
  }

  /** Puts a CMS subscription on the source, linked to an external subscription id. */
  async function link(subscriptionId: string, regionId: string, external: string | null) {
    await t.app.db.kysely
      .updateTable('subscriptions')
      .set({
        region_id: regionId,
        azs_subscription_id: external,
        azs_link_key: external === null ? null : `${regionId}:${external}`,
      })
      .where('id', '=', subscriptionId)
      .execute();
  }

  async function addMeter(regionId: string, meterId: string, name = meterId, unit = 'Hours') {
    const answer = await call('POST', `/api/v1/regions/${regionId}/meters`, { meterId, name, unit });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body;
  }

  /** A source with meters `vm-hours` and `storage-gb` and the world's two subscriptions linked to it. */
  async function readySource() {
    const regionId = await createSource();
    await addMeter(regionId, 'vm-hours');
    await addMeter(regionId, 'storage-gb', 'Storage', 'GB');
    const ext = `ext-${regionId.slice(-8)}`;
    await link(w.A.subscriptionId, regionId, `${ext}-a`);
    await link(w.B.subscriptionId, regionId, `${ext}-b`);
    return { regionId, extA: `${ext}-a`, extB: `${ext}-b` };
  }

  const upload = (regionId: string, body: unknown, query = '', options = {}) =>
    call('POST', `/api/v1/regions/${regionId}/usage-imports${query}`, body, options);

  async function storedRecords(regionId: string) {
    const rows = await t.app.db.kysely
      .selectFrom('imported_usage')
      .selectAll()
      .where('region_id', '=', regionId)
      .execute();
    // Sorted here: the engines' collations order punctuation differently.
    return rows
      .map((r) => ({ ...r, quantity: canonical(r.quantity) }))
      .sort((a, b) => (a.external_record_id < b.external_record_id ? -1 : 1));
  }

  async function dailyRows(regionId: string) {
    const rows = await t.app.db.kysely
      .selectFrom('usage_daily')
      .select(['azs_subscription_id', 'meter_id', 'sku', 'local_day', 'quantity', 'record_count'])
      .where('region_id', '=', regionId)
      .orderBy('azs_subscription_id')
      .orderBy('meter_id')
      .orderBy('sku')
      .orderBy('local_day')
      .execute();
    return rows.map((r) => ({ ...r, quantity: canonical(r.quantity), record_count: Number(r.record_count) }));
  }

  const csv = (lines: string[]) => `${lines.join('\r\n')}\r\n`;
  const HEADER = 'externalId,subscription,meterId,sku,resourceId,usageStart,usageEnd,quantity';

  describe('the meter catalog', () => {
    it.skipIf(skip)(
      'adds, lists, changes and removes an import source meter; ids are normalised',
      async () => {
        const regionId = await createSource();
        const guid = await addMeter(regionId, '{6DAB500F-A4FD-49C4-A1B5-7D5C6A8A6C0E}', 'Big VM', 'Hours');
        expect(guid).toMatchObject({
          catalog: regionId,
          meterId: '6dab500fa4fd49c4a1b57d5c6a8a6c0e',
          source: 'api',
        });
        const named = await addMeter(regionId, 'VM-Hours.Linux', 'Linux VM hours');
        expect(named.meterId).toBe('vm-hours.linux');
        const again = await call('POST', `/api/v1/regions/${regionId}/meters`, {
          meterId: 'vm-hours.LINUX',
          name: 'Twice',
          unit: 'Hours',
        });
        expect(again.status).toBe(409);

        const list = await call('GET', `/api/v1/meters?catalog=${regionId}&sort=meterId`, undefined, {
          token: w.A.people.tenant_reader.token,
        });
        expect(list.status).toBe(200);
        expect((list.body.items as { meterId: string }[]).map((m) => m.meterId)).toEqual([
          '6dab500fa4fd49c4a1b57d5c6a8a6c0e',
          'vm-hours.linux',
        ]);

        const changed = await call('PATCH', `/api/v1/regions/${regionId}/meters/VM-HOURS.linux`, {
          name: 'Linux hours',
          informational: true,
        });
        expect(changed.status).toBe(200);
        expect(changed.body).toMatchObject({ name: 'Linux hours', unit: 'Hours', informational: true });

        const removed = await call(
          'DELETE',
          `/api/v1/regions/${regionId}/meters/6dab500f-a4fd-49c4-a1b5-7d5c6a8a6c0e`,
        );
        expect(removed.status).toBe(204);
        const gone = await call(
          'DELETE',
          `/api/v1/regions/${regionId}/meters/6dab500fa4fd49c4a1b57d5c6a8a6c0e`,
        );
        expect(gone.status).toBe(404);
      },
    );

    it.skipIf(skip)(
      'refuses meters on an Azure Stack Hub region, and removing a meter that has usage',
      async () => {
        const stamp = await createSource('azure_stack');
        const refused = await call('POST', `/api/v1/regions/${stamp}/meters`, {
          meterId: 'vm-hours',
          name: 'VM',
          unit: 'Hours',
        });
        expect(refused.status).toBe(422);
        expect(refused.body.field).toBe('params.id');

        const { regionId, extA } = await readySource();
        const stored = await upload(regionId, {
          records: [
            {
              externalId: 'm-1',
              subscription: extA,
              meterId: 'vm-hours',
              usageStart: '2026-03-01T00:00:00Z',
              usageEnd: '2026-03-01T01:00:00Z',
              quantity: '1',
            },
          ],
        });
        expect(stored.status).toBe(200);
        const inUse = await call('DELETE', `/api/v1/regions/${regionId}/meters/vm-hours`);
        expect(inUse.status).toBe(409);
        expect(inUse.body.code).toBe('has_dependents');
        expect((await call('DELETE', `/api/v1/regions/${regionId}/meters/storage-gb`)).status).toBe(204);
      },
    );
  });

  describe('importing', () => {
    it.skipIf(skip)(
      'the same file twice and then a corrected one leave exactly the corrected quantities and their daily sums',
      async () => {
        const { regionId, extA, extB } = await readySource();
        // Auckland is UTC+13 on these dates: local midnight of 10 March is 2026-03-09T11:00Z.
        const file = csv([
          HEADER,
          // 22:00 local on 9 March
          `r-1,${extA},vm-hours,,,2026-03-09T09:00:00Z,2026-03-09T10:00:00Z,1.5`,
          // 23:00 local on 9 March
          `r-2,${extA},vm-hours,,,2026-03-09T10:00:00Z,2026-03-09T11:00:00Z,2.25`,
          // 00:00 local on 10 March (the same UTC date as r-1 and r-2)
          `r-3,${extA},vm-hours,,,2026-03-09T11:00:00Z,2026-03-09T12:00:00Z,0.000000000000000001`,
          // 00:30 local on 10 March, given in local time
          `r-4,${w.A.subscriptionId},vm-hours,,,2026-03-10T00:30:00+13:00,2026-03-10T01:30:00+13:00,4`,
          `r-5,${extB},storage-gb,Premium,/disks/one,2026-03-09T10:30:00Z,2026-03-09T11:30:00Z,10`,
        ]);
        const first = await upload(regionId, { format: 'csv', content: file });
        expect(first.status, JSON.stringify(first.body)).toBe(200);
        expect(first.body).toMatchObject({
          records: 5,
          inserted: 5,
          replaced: 0,
          unchanged: 0,
          dryRun: false,
        });
        expect(first.body.batchId).toMatch(/^imb_/);

        const second = await upload(regionId, { format: 'csv', content: file });
        expect(second.body).toMatchObject({ records: 5, inserted: 0, replaced: 0, unchanged: 5 });

        const corrected = csv([
          HEADER,
          `r-1,${extA},vm-hours,,,2026-03-09T09:00:00Z,2026-03-09T10:00:00Z,1.5`,
          `r-2,${extA},vm-hours,,,2026-03-09T10:00:00Z,2026-03-09T11:00:00Z,3`,
          // moved an hour earlier: from 10 March to 9 March local
          `r-3,${extA},vm-hours,,,2026-03-09T10:00:00Z,2026-03-09T11:00:00Z,0.000000000000000001`,
          `r-4,${w.A.subscriptionId},vm-hours,,,2026-03-10T00:30:00+13:00,2026-03-10T01:30:00+13:00,4`,
          `r-5,${extB},storage-gb,Premium,/disks/one,2026-03-09T10:30:00Z,2026-03-09T11:30:00Z,7.5`,
        ]);
        const third = await upload(regionId, { format: 'csv', content: corrected });
        expect(third.body).toMatchObject({ records: 5, inserted: 0, replaced: 3, unchanged: 2 });

        const records = await storedRecords(regionId);
        expect(
          records.map((r) => [r.external_record_id, r.azs_subscription_id, r.usage_start, r.quantity]),
        ).toEqual([
          ['r-1', extA, '2026-03-09T09:00:00.000Z', '1.5'],
          ['r-2', extA, '2026-03-09T10:00:00.000Z', '3'],
          ['r-3', extA, '2026-03-09T10:00:00.000Z', '0.000000000000000001'],
          ['r-4', extA, '2026-03-09T11:30:00.000Z', '4'],
          ['r-5', extB, '2026-03-09T10:30:00.000Z', '7.5'],
        ]);
        // Provenance: the first batch stays, the latest batch that changed a record is its batch.
        const byId = new Map(records.map((r) => [r.external_record_id, r]));
        expect(byId.get('r-1')!.first_batch_id).toBe(first.body.batchId);
        expect(byId.get('r-1')!.batch_id).toBe(first.body.batchId);
        expect(byId.get('r-2')!.first_batch_id).toBe(first.body.batchId);
        expect(byId.get('r-2')!.batch_id).toBe(third.body.batchId);

        // Local days in Auckland (UTC+13):
        //   extA vm-hours 2026-03-09: r-1 1.5 + r-2 3 + r-3 0.000000000000000001 = 4.500000000000000001 (3 records)
        //   extA vm-hours 2026-03-10: r-4 4 (1 record; r-3 has left this day)
        //   extB storage-gb Premium 2026-03-09: r-5 7.5 (23:30 local)
        expect(await dailyRows(regionId)).toEqual([
          {
            azs_subscription_id: extA,
            meter_id: 'vm-hours',
            sku: '',
            local_day: '2026-03-09',
            quantity: '4.500000000000000001',
            record_count: 3,
          },
          {
            azs_subscription_id: extA,
            meter_id: 'vm-hours',
            sku: '',
            local_day: '2026-03-10',
            quantity: '4',
            record_count: 1,
          },
          {
            azs_subscription_id: extB,
            meter_id: 'storage-gb',
            sku: 'Premium',
            local_day: '2026-03-09',
            quantity: '7.5',
            record_count: 1,
          },
        ]);
        const sums = new Map<string, string>();
        for (const r of await storedRecords(regionId)) {
          const day = new Date(Date.parse(r.usage_start) + 13 * 3_600_000).toISOString().slice(0, 10);
          const key = `${r.azs_subscription_id}|${r.meter_id}|${r.sku ?? ''}|${day}`;
          sums.set(key, toDecimalString(decimal(sums.get(key) ?? '0').plus(r.quantity)));
        }
        expect(
          Object.fromEntries(
            (await dailyRows(regionId)).map((d) => [
              `${d.azs_subscription_id}|${d.meter_id}|${d.sku}|${d.local_day}`,
              d.quantity,
            ]),
          ),
        ).toEqual(Object.fromEntries(sums));
      },
    );

    it.skipIf(skip)(
      'a file with one bad row stores nothing and names the row, column and reason',
      async () => {
        const { regionId, extA } = await readySource();
        const before = await dailyRows(regionId);
        const answer = await upload(regionId, {
          format: 'csv',
          content: csv([
            HEADER,
            `b-1,${extA},vm-hours,,,2026-03-01T00:00:00Z,2026-03-01T01:00:00Z,1`,
            `b-2,${extA},vm-hours,,,2026-03-01T01:00:00Z,2026-03-01T02:00:00Z,1e3`,
            `b-3,${extA},vm-hours,,,2026-03-01T02:00:00Z,2026-03-01T03:00:00Z,1`,
          ]),
        });
        expect(answer.status).toBe(422);
        expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(answer.body.code).toBe('invalid_request');
        expect(answer.body.errors).toEqual([
          {
            field: 'body.content',
            row: 3,
            column: 'quantity',
            message: 'A non-negative decimal in plain notation, e.g. "1.5" (no exponent, sign or spaces).',
          },
        ]);
        expect(answer.body.detail).toMatch(
          /^Nothing was imported: 1 error in 1 row\. First, row 3, quantity/,
        );
        expect(await storedRecords(regionId)).toEqual([]);
        expect(await dailyRows(regionId)).toEqual(before);
      },
    );

    it.skipIf(skip)('reports every bad row (up to the cap), not just the first', async () => {
      const { regionId, extA } = await readySource();
      const lines = [HEADER];
      for (let i = 0; i < 150; i++) {
        lines.push(`x-${i},${extA},vm-hours,,,2026-03-01T00:00:00,2026-03-01T01:00:00Z,1`);
      }
      lines.push(`x-ok,${extA},vm-hours,,,2026-03-01T00:00:00Z,2026-03-01T00:00:00Z,1`);
      const answer = await upload(regionId, { format: 'csv', content: csv(lines) });
      expect(answer.status).toBe(422);
      const errors = answer.body.errors as { row: number; column: string; message: string }[];
      expect(errors).toHaveLength(100);
      expect(errors[0]).toMatchObject({ row: 2, column: 'usageStart' });
      expect(errors[0]!.message).toMatch(/offset/);
      expect(errors[99]).toMatchObject({ row: 101, column: 'usageStart' });
      expect(answer.body.detail).toMatch(
        /^Nothing was imported: 150 errors in 150 rows; the first 100 are listed\./,
      );
      expect(await storedRecords(regionId)).toEqual([]);
    });

    it.skipIf(skip)(
      'refuses an end not after the start, a duplicate id and an unknown meter, each on its row',
      async () => {
        const { regionId, extA } = await readySource();
        const answer = await upload(regionId, {
          format: 'csv',
          content: csv([
            HEADER,
            `d-1,${extA},vm-hours,,,2026-03-01T01:00:00Z,2026-03-01T01:00:00Z,1`,
            `d-2,${extA},vm-hours,,,2026-03-01T00:00:00Z,2026-03-01T01:00:00Z,1`,
            `d-2,${extA},vm-hours,,,2026-03-01T00:00:00Z,2026-03-01T01:00:00Z,1`,
          ]),
        });
        expect(answer.status).toBe(422);
        expect((answer.body.errors as object[]).map((e) => ({ ...e, field: undefined }))).toEqual([
          { field: undefined, row: 2, column: 'usageEnd', message: 'Must be after usageStart.' },
          {
            field: undefined,
            row: 4,
            column: 'externalId',
            message: 'Also on row 3: each external id appears once per upload.',
          },
        ]);
        const meter = await upload(regionId, {
          format: 'csv',
          content: csv([HEADER, `d-3,${extA},cpu-hours,,,2026-03-01T00:00:00Z,2026-03-01T01:00:00Z,1`]),
        });
        expect(meter.body.errors).toEqual([
          {
            field: 'body.content',
            row: 2,
            column: 'meterId',
            message: "Meter cpu-hours is not in this source's catalog: add it first.",
          },
        ]);
      },
    );

    it.skipIf(skip)(
      'reads CSV as RFC 4180 writes it: quotes, commas, doubled quotes, BOM, LF, any column order',
      async () => {
        const { regionId, extA } = await readySource();
        const content =
          '\uFEFFQuantity,externalId,SUBSCRIPTION,meterId,usageStart,usageEnd,sku,resourceId\n' +
          `"2.5","q,1",${extA},vm-hours,2026-03-01T00:00:00Z,2026-03-01T01:00:00Z,"Standard ""D2""","/a,b"\n` +
          `0.5,"q""2",${extA},VM-HOURS,2026-03-01T00:00:00Z,2026-03-01T01:00:00Z,,\n` +
          '\n';
        const answer = await upload(regionId, { format: 'csv', content });
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        expect(answer.body).toMatchObject({ inserted: 2 });
        expect(
          (await storedRecords(regionId)).map((r) => [
            r.external_record_id,
            r.sku,
            r.resource_id,
            r.quantity,
          ]),
        ).toEqual([
          ['q"2', null, null, '0.5'],
          ['q,1', 'Standard "D2"', '/a,b', '2.5'],
        ]);

        const refusals: [string, { row: number; message: RegExp }][] = [
          [
            `${HEADER}\nz-1,${extA},vm-hours,a"b,,2026-03-01T00:00:00Z,2026-03-01T01:00:00Z,1\n`,
            { row: 2, message: /quote inside an unquoted field/ },
          ],
          [
            `${HEADER}\n"z-1"x,${extA},vm-hours,,,2026-03-01T00:00:00Z,2026-03-01T01:00:00Z,1\n`,
            { row: 2, message: /after a closing quote/ },
          ],
          [
            `${HEADER}\n"z-1,${extA},vm-hours,,,2026-03-01T00:00:00Z,2026-03-01T01:00:00Z,1\n`,
            { row: 2, message: /not closed/ },
          ],
          [
            `${HEADER}\nz-1,${extA},vm-hours,,2026-03-01T00:00:00Z,2026-03-01T01:00:00Z,1\n`,
            { row: 2, message: /has 8/ },
          ],
          [`${HEADER},colour\n`, { row: 1, message: /Unknown column/ }],
          ['', { row: 0, message: /header row is required/ }],
          [`${HEADER}\n`, { row: 0, message: /no records/ }],
        ];
        for (const [text, expected] of refusals) {
          const refused = await upload(regionId, { format: 'csv', content: text });
          expect(refused.status, text).toBe(422);
          const first = (refused.body.errors as { row: number; message: string }[])[0]!;
          expect(first.row, text).toBe(expected.row);
          expect(first.message, text).toMatch(expected.message);
        }
        expect(await storedRecords(regionId)).toHaveLength(2);
      },
    );

    it.skipIf(skip)('refuses JSON numbers as quantities, as records and in a JSON file', async () => {
      const { regionId, extA } = await readySource();
      const record = {
        externalId: 'n-1',
        subscription: extA,
        meterId: 'vm-hours',
        usageStart: '2026-03-01T00:00:00Z',
        usageEnd: '2026-03-01T01:00:00Z',
      };
      const asRecords = await upload(
        regionId,
        `{"records":[${JSON.stringify({ ...record, quantity: 'x' }).replace('"x"', '0.1')}]}`,
      );
      expect(asRecords.status).toBe(400);
      expect(asRecords.body.field).toBe('body.records.0.quantity');
      expect(asRecords.body.detail).toMatch(/JSON numbers are refused/);

      const asFile = await upload(regionId, {
        format: 'json',
        content: JSON.stringify([
          { ...record, quantity: '1' },
          { ...record, externalId: 'n-2', quantity: 2 },
        ]),
      });
      expect(asFile.status).toBe(422);
      expect(asFile.body.errors).toEqual([
        {
          field: 'body.content',
          row: 2,
          column: 'quantity',
          message:
            'A decimal written as a string, e.g. "1.5": JSON numbers are refused because they lose digits.',
        },
      ]);
      const good = await upload(regionId, {
        format: 'json',
        content: JSON.stringify({ records: [{ ...record, quantity: '1' }] }),
      });
      expect(good.body).toMatchObject({ inserted: 1 });
      const tooPrecise = await upload(regionId, {
        records: [{ ...record, quantity: `0.${'1'.repeat(31)}` }],
      });
      expect(tooPrecise.status).toBe(400);
      expect(tooPrecise.body.detail).toMatch(/At most 30 decimal places/);
      expect((await storedRecords(regionId)).map((r) => r.quantity)).toEqual(['1']);
    });

    it.skipIf(skip)(
      "refuses unknown subscriptions, another source's and unlinked ones, per row",
      async () => {
        const { regionId, extA } = await readySource();
        const other = await readySource(); // takes branch A's and B's subscriptions to another source
        await link(w.A.subscriptionId, regionId, extA);
        const created = await call('POST', '/api/v1/subscriptions', {
          tenantId: w.A.tenantId,
          name: 'Unlinked',
        });
        const unlinked = created.body.id as string;
        await link(unlinked, regionId, null);
        const row = (id: string, subscription: string) =>
          `${id},${subscription},vm-hours,,,2026-03-01T00:00:00Z,2026-03-01T01:00:00Z,1`;
        const answer = await upload(regionId, {
          format: 'csv',
          content: csv([
            HEADER,
            row('s-1', extA),
            row('s-2', 'no-such-subscription'),
            row('s-3', other.extB),
            row('s-4', w.B.subscriptionId),
            row('s-5', unlinked),
          ]),
        });
        expect(answer.status).toBe(422);
        const errors = answer.body.errors as { row: number; column: string; message: string }[];
        expect(errors.map((e) => [e.row, e.column])).toEqual([
          [3, 'subscription'],
          [4, 'subscription'],
          [5, 'subscription'],
          [6, 'subscription'],
        ]);
        expect(errors[0]!.message).toMatch(
          /No live subscription of this source is linked to external subscription id no-such-subscription/,
        );
        expect(errors[2]!.message).toMatch(/No live subscription sub_/);
        expect(errors[3]!.message).toMatch(/has no external subscription id on this source/);
        expect(await storedRecords(regionId)).toEqual([]);
      },
    );

    it.skipIf(skip)('a dry run checks and counts, and stores nothing', async () => {
      const { regionId, extA } = await readySource();
      const records = [
        {
          externalId: 'dry-1',
          subscription: extA,
          meterId: 'vm-hours',
          usageStart: '2026-03-01T00:00:00Z',
          usageEnd: '2026-03-01T01:00:00Z',
          quantity: '1',
        },
      ];
      const auditBefore = await t.app.db.kysely.selectFrom('audit_events').select('id').execute();
      const dry = await upload(regionId, { records }, '?dryRun=true');
      expect(dry.body).toEqual({
        batchId: null,
        regionId,
        dryRun: true,
        records: 1,
        inserted: 1,
        replaced: 0,
        unchanged: 0,
      });
      expect(await storedRecords(regionId)).toEqual([]);
      expect(await dailyRows(regionId)).toEqual([]);
      expect(await t.app.db.kysely.selectFrom('audit_events').select('id').execute()).toHaveLength(
        auditBefore.length,
      );
      const bad = await upload(regionId, { records: [{ ...records[0]!, meterId: 'nope' }] }, '?dryRun=true');
      expect(bad.status).toBe(422);
    });

    it.skipIf(skip)(
      'an Idempotency-Key replays the first answer and imports once; each import is audited with counts',
      async () => {
        const { regionId, extA } = await readySource();
        const body = {
          records: [
            {
              externalId: 'i-1',
              subscription: extA,
              meterId: 'vm-hours',
              usageStart: '2026-03-01T00:00:00Z',
              usageEnd: '2026-03-01T01:00:00Z',
              quantity: '1',
            },
          ],
        };
        const headers = { 'idempotency-key': `import-${regionId}` };
        const first = await upload(regionId, body, '', { headers });
        const replay = await upload(regionId, body, '', { headers });
        expect(replay.status).toBe(200);
        expect(replay.body).toEqual(first.body);
        expect(replay.headers['idempotent-replayed']).toBe('true');
        const audits = await t.app.db.kysely
          .selectFrom('audit_events')
          .selectAll()
          .where('action', '=', 'region.usageImport')
          .where('target_id', '=', regionId)
          .execute();
        expect(audits).toHaveLength(1);
        expect(JSON.parse(audits[0]!.after_json ?? '{}')).toEqual({
          batchId: first.body.batchId,
          format: 'records',
          records: 1,
          inserted: 1,
          replaced: 0,
          unchanged: 0,
        });
      },
    );

    it.skipIf(skip)(
      'two concurrent imports of overlapping records end as if one ran after the other',
      async () => {
        const { regionId, extA } = await readySource();
        const rec = (
          id: string,
          quantity: string,
          start = '2026-03-09T10:00:00Z',
          end = '2026-03-09T11:00:00Z',
        ) => ({
          externalId: id,
          subscription: extA,
          meterId: 'vm-hours',
          usageStart: start,
          usageEnd: end,
          quantity,
        });
        const firstBody = { records: [rec('c-1', '1'), rec('c-2', '2'), rec('c-3', '3')] };
        // c-2 moves to the next local day; c-3 changes; c-4 is new.
        const secondBody = {
          records: [
            rec('c-2', '20', '2026-03-09T11:00:00Z', '2026-03-09T12:00:00Z'),
            rec('c-3', '30'),
            rec('c-4', '4'),
          ],
        };
        let reached!: () => void;
        let release!: () => void;
        const held = new Promise<void>((resolve) => {
          reached = resolve;
        });
        const gate = new Promise<void>((resolve) => {
          release = resolve;
        });
        const previous = t.app.pause;
        t.app.pause = async (point) => {
          if (point !== 'usage.import') return;
          t.app.pause = previous;
          reached();
          await gate;
        };
        const a = upload(regionId, firstBody);
        await held;
        const b = upload(regionId, secondBody);
        // The second would finish well inside this window if nothing made it wait.
        await Promise.race([b, sleep(400)]);
        release();
        const [ra, rb] = await Promise.all([a, b]);
        expect(ra.status).toBe(200);
        expect(rb.status).toBe(200);
        expect(ra.body).toMatchObject({ inserted: 3, replaced: 0 });
        expect(rb.body).toMatchObject({ inserted: 1, replaced: 2, unchanged: 0 });
        expect((await storedRecords(regionId)).map((r) => [r.external_record_id, r.quantity])).toEqual([
          ['c-1', '1'],
          ['c-2', '20'],
          ['c-3', '30'],
          ['c-4', '4'],
        ]);
        // Auckland days: 9 March holds c-1 1 + c-3 30 + c-4 4 = 35 (3 records); 10 March holds c-2 20.
        expect((await dailyRows(regionId)).map((d) => [d.local_day, d.quantity, d.record_count])).toEqual([
          ['2026-03-09', '35', 3],
          ['2026-03-10', '20', 1],
        ]);
      },
    );

    it.skipIf(skip)('is for platform administrators only, and only on import sources', async () => {
      const { regionId, extA } = await readySource();
      const body = {
        records: [
          {
            externalId: 'p-1',
            subscription: extA,
            meterId: 'vm-hours',
            usageStart: '2026-03-01T00:00:00Z',
            usageEnd: '2026-03-01T01:00:00Z',
            quantity: '1',
          },
        ],
      };
      // A platform reader sees the source but may not change it (403); below the platform it does
      // not exist (404).
      const expected: [Person, number][] = [
        [w.platformReader, 403],
        [w.A.people.distributor_admin, 404],
        [w.A.people.partner_admin, 404],
        [w.A.people.tenant_admin, 404],
      ];
      for (const [person, status] of expected) {
        expect((await upload(regionId, body, '', { token: person.token })).status).toBe(status);
        const meter = await call(
          'POST',
          `/api/v1/regions/${regionId}/meters`,
          { meterId: 'x', name: 'x', unit: 'x' },
          { token: person.token },
        );
        expect(meter.status).toBe(status);
      }
      expect((await upload(newId('reg'), body)).status).toBe(404);
      const stamp = await createSource('azure_stack');
      const refused = await upload(stamp, body);
      expect(refused.status).toBe(422);
      expect(refused.body.field).toBe('params.id');
      expect(await storedRecords(regionId)).toEqual([]);
    });
  });
});
