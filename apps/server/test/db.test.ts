import { randomBytes } from 'node:crypto';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptSecret } from '../src/crypto/secrets.ts';
import { type Db, openDatabase } from '../src/db/database.ts';
import { isUniqueViolation } from '../src/db/errors.ts';
import { idPattern, newId } from '../src/db/ids.ts';
import { migrateToLatest, migrations } from '../src/db/migrate.ts';
import { idempotencySealed } from '../src/db/migrations/0008_idempotency_sealed.ts';
import { columnTypes } from '../src/db/migrations/column-types.ts';
import { ALL_ENGINES, availableEngines, createTestDatabase, type TestDatabase } from './support/engines.ts';

describe.each(ALL_ENGINES)('database layer [%s]', (engine) => {
  const skip = !availableEngines().includes(engine);
  let testDb: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    if (skip) return;
    testDb = await createTestDatabase(engine);
    db = openDatabase(testDb.url);
  });
  afterAll(async () => {
    if (skip) return;
    await db.destroy();
    await testDb.drop();
  });

  it.skipIf(skip)(
    'migrates an empty database to the latest schema, and a second run changes nothing',
    async () => {
      const first = await migrateToLatest(db, randomBytes(32));
      expect(first.map((r) => [r.migrationName, r.status])).toEqual([
        ['0001_foundation', 'Success'],
        ['0002_identity', 'Success'],
        ['0003_mail_outbox', 'Success'],
        ['0004_branding', 'Success'],
        ['0005_identity_last_used', 'Success'],
        ['0006_chain_history', 'Success'],
        ['0007_lockout_until', 'Success'],
        ['0008_idempotency_sealed', 'Success'],
        ['0009_entra_domain', 'Success'],
        ['0010_regions_usage', 'Success'],
        ['0011_jobs', 'Success'],
        ['0012_alerts', 'Success'],
        ['0013_plans_offers', 'Success'],
        ['0014_identity_checks', 'Success'],
        ['0015_pricing', 'Success'],
        ['0016_invoice_issuer', 'Success'],
        ['0017_document_uploads', 'Success'],
        ['0018_mail_log', 'Success'],
        ['0019_item_credit_identity', 'Success'],
        ['0020_invoices', 'Success'],
        ['0021_invoice_pdfs', 'Success'],
        ['0022_invoice_cycle', 'Success'],
        ['0023_invoice_lines_digest', 'Success'],
        ['0024_idempotency_key_expiry', 'Success'],
      ]);
      const second = await migrateToLatest(db, randomBytes(32));
      expect(second).toEqual([]);
      const tables = await db.kysely.introspection.getTables();
      const names = tables.map((t) => t.name).filter((n) => !n.startsWith('cms_migrations'));
      expect(names.sort()).toEqual(
        [
          'alerts',
          'api_tokens',
          'audit_events',
          'branding',
          'branding_logos',
          'closed_periods',
          'credits',
          'discounts',
          'document_uploads',
          'exchange_rates',
          'identity_providers',
          'idempotency_keys',
          'imported_usage',
          'invoice_lines',
          'invoice_payments',
          'invoice_pdfs',
          'invoice_sequences',
          'invoices',
          'job_schedules',
          'jobs',
          'mail_attachments',
          'mail_outbox',
          'meters',
          'offer_plans',
          'offer_visibility',
          'offers',
          'oidc_flows',
          'organisation_chain_history',
          'organisations',
          'plans',
          'price_items',
          'price_list_versions',
          'price_lists',
          'price_tiers',
          'quotas',
          'rate_limits',
          'rated_lines',
          'rated_periods',
          'recovery_codes',
          'region_subscriptions',
          'regions',
          'sessions',
          'settings',
          'subscription_plans',
          'subscriptions',
          'tax_profiles',
          'tax_rates',
          'tenant_identity_checks',
          'usage_daily',
          'usage_pulls',
          'usage_records',
          'user_identities',
          'user_links',
          'users',
        ].sort(),
      );
    },
  );

  it.skipIf(skip)('stores decimals exactly and sums them exactly', async () => {
    const t = columnTypes(db.dialect);
    await db.kysely.schema
      .createTable('decimal_probe')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('amount', t.decimal(38, 18))
      .execute();
    // 0.1 + 0.2 and 18-place quantities are where binary floats go wrong.
    const values = [
      '0.100000000000000000',
      '0.200000000000000000',
      '12345678901234.123456789012345678',
      '-0.000000000000000001',
    ];
    const probe = db.kysely as unknown as import('kysely').Kysely<{
      decimal_probe: { id: number; amount: string };
    }>;
    await probe
      .insertInto('decimal_probe')
      .values(values.map((amount, i) => ({ id: i + 1, amount })))
      .execute();
    const rows = await probe.selectFrom('decimal_probe').select('amount').orderBy('id').execute();
    const normalise = (v: string) => v.replace(/\.?0+$/, '');
    expect(rows.map((r) => typeof r.amount)).toEqual(['string', 'string', 'string', 'string']);
    expect(rows.map((r) => normalise(String(r.amount)))).toEqual(values.map(normalise));
    const { sumDecimals, toDecimalString } = await import('@cms/billing');
    // 0.1 + 0.2 + 12345678901234.123456789012345678 - 0.000000000000000001
    expect(toDecimalString(sumDecimals(rows.map((r) => String(r.amount))))).toBe(
      '12345678901234.423456789012345677',
    );
    await db.kysely.schema.dropTable('decimal_probe').execute();
  });

  it.skipIf(skip)('encrypts idempotent responses stored in plain text before 0008 in place', async () => {
    const key = randomBytes(32);
    const body = '{"id":"usr_x","activationLink":"http://portal/activate?token=secret-token-1"}';
    const row = (id: string, response: string | null) => ({
      id,
      user_id: 'usr_probe',
      idempotency_key: id,
      route_id: 'users.create',
      request_hash: 'f'.repeat(64),
      status_code: response === null ? null : 201,
      response_body: response,
      created_at: '2026-01-01T00:00:00.000Z',
      completed_at: response === null ? null : '2026-01-01T00:00:01.000Z',
    });
    await db.kysely
      .insertInto('idempotency_keys')
      .values([row('idk_probe_1', body), row('idk_probe_2', null)])
      .execute();
    await idempotencySealed(key).up(db.kysely as never);
    const rows = await db.kysely
      .selectFrom('idempotency_keys')
      .select(['id', 'response_body'])
      .where('user_id', '=', 'usr_probe')
      .orderBy('id')
      .execute();
    expect(rows[0]!.response_body).not.toContain('secret-token-1');
    expect(decryptSecret(key, rows[0]!.response_body!)).toBe(body);
    expect(rows[1]!.response_body).toBeNull();
    await db.kysely.deleteFrom('idempotency_keys').where('user_id', '=', 'usr_probe').execute();
  });

  it.skipIf(skip)('round-trips UTC timestamps as text with millisecond precision', async () => {
    const at = '2026-03-31T23:59:59.999Z';
    await db.kysely
      .insertInto('settings')
      .values({ key: 'probe.timestamp', value: '"x"', updated_at: at, updated_by: null })
      .execute();
    const row = await db.kysely
      .selectFrom('settings')
      .select('updated_at')
      .where('key', '=', 'probe.timestamp')
      .executeTakeFirstOrThrow();
    expect(row.updated_at).toBe(at);
    await db.kysely.deleteFrom('settings').where('key', '=', 'probe.timestamp').execute();
  });

  it.skipIf(skip)('reports unique violations the same way on every engine', async () => {
    const row = { key: 'probe.unique', value: '1', updated_at: '2026-01-01T00:00:00.000Z', updated_by: null };
    await db.kysely.insertInto('settings').values(row).execute();
    const error = await db.kysely
      .insertInto('settings')
      .values(row)
      .execute()
      .catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    expect(isUniqueViolation(new Error('other'))).toBe(false);
    await db.kysely.deleteFrom('settings').where('key', '=', 'probe.unique').execute();
  });

  it.skipIf(skip)('rolls back every write of a failed transaction', async () => {
    const failing = db.kysely.transaction().execute(async (trx) => {
      await trx
        .insertInto('settings')
        .values({ key: 'probe.tx', value: '1', updated_at: '2026-01-01T00:00:00.000Z', updated_by: null })
        .execute();
      throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    const rows = await db.kysely.selectFrom('settings').select('key').where('key', '=', 'probe.tx').execute();
    expect(rows).toEqual([]);
  });

  it.skipIf(skip)('counts with exact integers', async () => {
    const result = await sql<{ n: unknown }>`select count(*) as n from organisations`.execute(db.kysely);
    expect(Number(result.rows[0]?.n)).toBe(0);
  });
});

describe.each(ALL_ENGINES)('migration 0019_item_credit_identity [%s]', (engine) => {
  const skip = !availableEngines().includes(engine);
  it.skipIf(skip)(
    "gives an item credit its item's list, meter and SKU, and drops the item reference",
    async () => {
      const testDb = await createTestDatabase(engine);
      const db = openDatabase(testDb.url);
      try {
        const key = randomBytes(32);
        const before = await new Migrator({
          db: db.kysely,
          provider: { getMigrations: async () => migrations(db, key) },
          migrationTableName: 'cms_migrations',
          migrationLockTableName: 'cms_migrations_lock',
        }).migrateTo('0018_mail_log');
        expect(before.error).toBeUndefined();
        const at = '2026-01-01T00:00:00.000Z';
        const k = db.kysely;
        await sql`insert into price_lists (id, scope_type, scope_key, display_name, currency, created_at, updated_at)
        values ('prl_m', 'region', 'region:none', 'L', 'EUR', ${at}, ${at})`.execute(k);
        await sql`insert into price_list_versions (id, price_list_id, version, state, effective_from, created_at, updated_at)
        values ('plv_m', 'prl_m', 1, 'active', '2026-01', ${at}, ${at})`.execute(k);
        await sql`insert into price_items (id, version_id, meter_id, sku, price_unit, pricing, rate, created_at, updated_at)
        values ('pri_m1', 'plv_m', 'vm-hours', 'D2', 'meter', 'flat', 1, ${at}, ${at}),
               ('pri_m2', 'plv_m', 'storage-gb', '', 'meter', 'flat', 1, ${at}, ${at})`.execute(k);
        await sql`insert into credits (id, scope_type, price_item_id, amount, currency, from_period, description, created_at, updated_at)
        values ('crd_m1', 'item', 'pri_m1', 1, 'EUR', '2026-01', 'D2', ${at}, ${at}),
               ('crd_m2', 'item', 'pri_m2', 1, 'EUR', '2026-01', 'Storage', ${at}, ${at}),
               ('crd_m3', 'tenant', null, 1, 'EUR', '2026-01', 'Tenant', ${at}, ${at})`.execute(k);

        // Later migrations run too; this one runs first, over the rows written before it.
        expect((await migrateToLatest(db, key)).map((r) => r.migrationName)[0]).toBe(
          '0019_item_credit_identity',
        );
        const rows = await k
          .selectFrom('credits')
          .select(['id', 'price_list_id', 'meter_id', 'sku'])
          .orderBy('id')
          .execute();
        expect(rows).toEqual([
          { id: 'crd_m1', price_list_id: 'prl_m', meter_id: 'vm-hours', sku: 'D2' },
          { id: 'crd_m2', price_list_id: 'prl_m', meter_id: 'storage-gb', sku: '' },
          { id: 'crd_m3', price_list_id: null, meter_id: null, sku: null },
        ]);
        const columns = (await k.introspection.getTables()).find((t) => t.name === 'credits')!.columns;
        expect(columns.map((c) => c.name)).not.toContain('price_item_id');
        // Items and versions are free to go; the list is held by its credits.
        await k.deleteFrom('price_items').execute();
        await k.deleteFrom('price_list_versions').execute();
        const held = await k
          .deleteFrom('price_lists')
          .execute()
          .catch((e: unknown) => e);
        expect(held).toBeInstanceOf(Error);
      } finally {
        await db.destroy();
        await testDb.drop();
      }
    },
  );
});

describe('ids', () => {
  it('are prefixed, 26-character lower-case ULIDs that sort by creation time', () => {
    const a = newId('ten', 1_700_000_000_000);
    const b = newId('ten', 1_700_000_000_001);
    expect(a).toMatch(idPattern('ten'));
    expect(a < b).toBe(true);
    expect(new Set(Array.from({ length: 1000 }, () => newId('usr'))).size).toBe(1000);
  });
});

describe('PostgreSQL pool [postgres]', () => {
  const skip = !availableEngines().includes('postgres');
  it.skipIf(skip)(
    'survives the server closing an idle connection, and the next query reconnects',
    async () => {
      const testDb = await createTestDatabase('postgres');
      const db = openDatabase(testDb.url);
      try {
        await sql`select 1`.execute(db.kysely);
        const admin = openDatabase(testDb.url.replace(/\/[^/]+$/, '/postgres'));
        // Kill every other backend of the test database, as a restart or an administrator would.
        await sql`select pg_terminate_backend(pid) from pg_stat_activity
        where datname = ${testDb.url.split('/').pop()!} and pid <> pg_backend_pid()`.execute(admin.kysely);
        await admin.destroy();
        await new Promise((resolve) => setTimeout(resolve, 200));
        const result = await sql<{ one: number }>`select 1 as one`.execute(db.kysely);
        expect(Number(result.rows[0]?.one)).toBe(1);
      } finally {
        await db.destroy();
        await testDb.drop();
      }
    },
  );
});
