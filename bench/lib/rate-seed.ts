/**
 * The dataset of `npm run bench -- rate`, written straight into a fresh, migrated database (no
 * service layer: 6.2 million usage rows through it would take longer than the measurement).
 *
 * One Azure Stack region (UTC), 1 distributor, 10 partners, `subscriptions / perTenant` tenants of
 * `perTenant` subscriptions each, all linked to the region and billable from 2024-01-01; the first
 * 20 priced-looking (not informational) meters of the seeded Azure Stack catalog; one region price
 * list in USD, version 1 active from 2024-01, one item per meter: tiers on half of them (graduated
 * and volume alternately), flat rates on the other half (two of those per month, as IP addresses are
 * priced); and usage_daily rows for every subscription × meter × day of March 2024, each quantity an
 * exact decimal of 6–24 fraction digits. The rows are generated deterministically (a seeded PRNG), so
 * every engine and every run rates the same quantities.
 */
import Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { createConnection } from 'mysql2/promise';
import pg from 'pg';
import { newId, PLATFORM_ORG_ID } from '../../apps/server/src/db/ids.ts';
import type { Database as Schema } from '../../apps/server/src/db/schema.ts';
import type { BenchDatabase } from './harness.ts';

export const PERIOD = '2024-03';
export const DAYS = 31;
export const METERS = 20;
const NOW = '2024-01-01T00:00:00.000Z';
const BILLABLE_FROM = '2024-01-01T00:00:00.000Z';

/** Ids whose prefixes the pricing module does not register (columns are plain varchar ids). */
const idOf = (prefix: string) => `${prefix}${newId('job').slice(3)}`;

export interface Dataset {
  regionId: string;
  tenants: number;
  subscriptions: number;
  meters: string[];
  /** Items with tiers / flat. */
  tiered: number;
  flat: number;
}

/** mulberry32: a small deterministic PRNG (the same rows on every engine and run). */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const azsIdOf = (n: number) => `bbbbbbbb-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** Organisations, subscriptions, the price list and its items (small: through the app's Kysely). */
export async function seedCatalog(
  db: Kysely<Schema>,
  subscriptions: number,
  perTenant: number,
  /** Spread the subscriptions evenly over this many tenants instead (not a multiple of them). */
  tenantCount?: number,
): Promise<Dataset> {
  const regionId = newId('reg');
  await db
    .insertInto('regions')
    .values({
      id: regionId,
      kind: 'azure_stack',
      name: 'bench',
      name_key: 'bench',
      description: null,
      arm_endpoint: 'https://adminmanagement.bench.test',
      identity_system: null,
      directory_tenant: null,
      client_id: null,
      client_secret: null,
      provider_subscription_id: null,
      location: 'bench',
      time_zone: 'UTC',
      collection_window_hours: 6,
      schedule: null,
      enabled: 1,
      usage_watermark: null,
      last_run_at: null,
      last_success_at: null,
      last_error: null,
      last_error_at: null,
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();

  const org = (kind: 'distributor' | 'partner' | 'tenant', id: string, parent: string, name: string) => ({
    id,
    kind,
    parent_id: parent,
    distributor_id: null as string | null,
    partner_id: null as string | null,
    tenant_id: null as string | null,
    name,
    name_key: name.toLowerCase(),
    contact_name: null,
    contact_email: null,
    contact_phone: null,
    billing_contact_name: null,
    billing_email: null,
    billing_phone: null,
    address_line1: null,
    address_line2: null,
    city: null,
    region: null,
    postal_code: null,
    country: null,
    currency: 'USD',
    directory_id: null,
    billing_mode: kind === 'tenant' ? ('chargeback' as const) : null,
    payment_terms_days: null,
    tax_profile_id: null,
    created_at: NOW,
    updated_at: NOW,
    deleted_at: null,
  });
  const distributorId = newId('dst');
  const distributor = org('distributor', distributorId, PLATFORM_ORG_ID, 'Bench distributor');
  distributor.distributor_id = distributorId;
  await db.insertInto('organisations').values(distributor).execute();
  const partners: string[] = [];
  for (let p = 0; p < 10; p++) {
    const id = newId('ptn');
    partners.push(id);
    const row = org('partner', id, distributorId, `Bench partner ${p}`);
    row.distributor_id = distributorId;
    row.partner_id = id;
    await db.insertInto('organisations').values(row).execute();
  }
  const tenants = tenantCount ?? Math.ceil(subscriptions / perTenant);
  const tenantOf = (s: number) =>
    tenantCount === undefined ? Math.floor(s / perTenant) : Math.floor((s * tenantCount) / subscriptions);
  const tenantIds: string[] = [];
  const tenantRows = [];
  for (let t = 0; t < tenants; t++) {
    const id = newId('ten');
    tenantIds.push(id);
    const partner = partners[t % partners.length]!;
    const row = org('tenant', id, partner, `Bench tenant ${t}`);
    row.distributor_id = distributorId;
    row.partner_id = partner;
    row.tenant_id = id;
    tenantRows.push(row);
  }
  for (let i = 0; i < tenantRows.length; i += 200)
    await db
      .insertInto('organisations')
      .values(tenantRows.slice(i, i + 200))
      .execute();

  const subscriptionRows = [];
  for (let s = 0; s < subscriptions; s++) {
    const tenantId = tenantIds[tenantOf(s)]!;
    const azs = azsIdOf(s);
    const partner = partners[tenantOf(s) % partners.length]!;
    subscriptionRows.push({
      id: newId('sub'),
      tenant_id: tenantId,
      partner_id: partner,
      distributor_id: distributorId,
      name: `Bench subscription ${s}`,
      status: 'active' as const,
      directory_id: null,
      initial_owner: null,
      created_at: NOW,
      updated_at: NOW,
      deleted_at: null,
      region_id: regionId,
      azs_subscription_id: azs,
      azs_link_key: `${regionId}:${azs}`,
      billable_from: BILLABLE_FROM,
      origin: 'linked' as const,
      offer_id: null,
      provisioning_state: null,
      provisioning_error: null,
      provisioning_started_at: null,
      region_state: 'Enabled',
      region_deleted_at: null,
    });
  }
  for (let i = 0; i < subscriptionRows.length; i += 200)
    await db
      .insertInto('subscriptions')
      .values(subscriptionRows.slice(i, i + 200))
      .execute();

  // Seeded Azure Stack meters that rating prices (informational ones are never priced).
  const meters = (
    await db
      .selectFrom('meters')
      .select('meter_id')
      .where('catalog', '=', 'azure-stack')
      .where('informational', '=', 0)
      .orderBy('meter_id')
      .limit(METERS)
      .execute()
  ).map((m) => m.meter_id);
  if (meters.length < METERS) throw new Error(`the seeded catalog has only ${meters.length} priced meters`);

  const listId = idOf('prl');
  await db
    .insertInto('price_lists')
    .values({
      id: listId,
      scope_type: 'region',
      region_id: regionId,
      tenant_id: null,
      subscription_id: null,
      scope_key: `region:${regionId}`,
      display_name: 'Bench region list',
      description: null,
      currency: 'USD',
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();
  const versionId = idOf('plv');
  await db
    .insertInto('price_list_versions')
    .values({
      id: versionId,
      price_list_id: listId,
      version: 1,
      state: 'active',
      effective_from: '2024-01',
      notes: null,
      activated_at: NOW,
      superseded_at: null,
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();
  let tiered = 0;
  let flat = 0;
  for (const [i, meterId] of meters.entries()) {
    const id = idOf('pri');
    const withTiers = i % 2 === 0;
    const monthly = !withTiers && i % 10 === 9;
    await db
      .insertInto('price_items')
      .values({
        id,
        version_id: versionId,
        meter_id: meterId,
        sku: '',
        price_unit: monthly ? 'month' : 'meter',
        pricing: withTiers ? (i % 4 === 0 ? 'graduated' : 'volume') : 'flat',
        rate: withTiers ? null : monthly ? '3.65' : `0.${String(1 + i).padStart(2, '0')}75`,
        description: null,
        created_at: NOW,
        updated_at: NOW,
      })
      .execute();
    if (withTiers) {
      tiered += 1;
      // A month's sum per subscription and meter is about 31 × 250 ≈ 7,750 units: the three
      // tiers are all reached by some subscriptions and not by others.
      const tiers = [
        { from: '0', to: '1000', rate: '0.0500' },
        { from: '1000', to: '7500', rate: '0.0375' },
        { from: '7500', to: null, rate: '0.0125' },
      ];
      for (const [position, tier] of tiers.entries())
        await db
          .insertInto('price_tiers')
          .values({ item_id: id, position, from_quantity: tier.from, to_quantity: tier.to, rate: tier.rate })
          .execute();
    } else flat += 1;
  }
  return { regionId, tenants, subscriptions, meters, tiered, flat };
}

// 4,096 random digits: each fraction is a slice of them at a random offset (cheap, and every
// row gets its own string).
const rand = prng(13);
const DIGITS = Array.from({ length: 4096 }, () => Math.floor(rand() * 10)).join('');

/** Usage rows of `count` subscriptions from `first` on, in primary-key order: [azs, meter, day, quantity]. */
function* usageRows(
  first: number,
  count: number,
  meters: string[],
): Generator<[string, string, string, string]> {
  for (let s = first; s < first + count; s++) {
    const azs = azsIdOf(s);
    const next = prng(1000 + s);
    for (const meter of meters) {
      for (let d = 1; d <= DAYS; d++) {
        const whole = Math.floor(next() * 500);
        const places = 6 + Math.floor(next() * 19);
        const offset = Math.floor(next() * (DIGITS.length - places));
        // A last digit of 0 would be the same decimal as one place fewer: use 7 instead.
        let fraction = DIGITS.slice(offset, offset + places);
        if (fraction.endsWith('0')) fraction = `${fraction.slice(0, -1)}7`;
        yield [azs, meter, `${PERIOD}-${String(d).padStart(2, '0')}`, `${whole}.${fraction}`];
      }
    }
  }
}

/** Writes subscriptions × meters × 31 days of usage_daily rows with the engine's driver. */
export async function seedUsage(
  database: BenchDatabase,
  data: Dataset,
  progress: (rows: number) => void,
): Promise<number> {
  const perBatch = 16; // subscriptions per statement or transaction: 16 × 620 = 9,920 rows
  let written = 0;
  const batches = function* () {
    for (let s = 0; s < data.subscriptions; s += perBatch)
      yield [...usageRows(s, Math.min(perBatch, data.subscriptions - s), data.meters)];
  };
  const report = (n: number) => {
    const before = written;
    written += n;
    if (Math.floor(written / 500_000) > Math.floor(before / 500_000)) progress(written);
  };
  if (database.engine === 'sqlite') {
    const db = new Database(database.url.slice('sqlite:'.length));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const insert = db.prepare(
      `insert into usage_daily (region_id, azs_subscription_id, meter_id, sku, local_day, quantity, record_count, updated_at) values (?, ?, ?, '', ?, ?, 24, ?)`,
    );
    const write = db.transaction((rows: [string, string, string, string][]) => {
      for (const [azs, meter, day, q] of rows) insert.run(data.regionId, azs, meter, day, q, NOW);
    });
    for (const rows of batches()) {
      write(rows);
      report(rows.length);
    }
    db.close();
  } else if (database.engine === 'postgres') {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const text = `insert into usage_daily (region_id, azs_subscription_id, meter_id, sku, local_day, quantity, record_count, updated_at)
      select $1, a, m, '', d, q::numeric, 24, $2 from unnest($3::text[], $4::text[], $5::text[], $6::text[]) as t(a, m, d, q)`;
    for (const rows of batches()) {
      await client.query(text, [
        data.regionId,
        NOW,
        rows.map((r) => r[0]),
        rows.map((r) => r[1]),
        rows.map((r) => r[2]),
        rows.map((r) => r[3]),
      ]);
      report(rows.length);
    }
    await client.query('analyze usage_daily');
    await client.end();
  } else {
    const conn = await createConnection({ uri: database.url });
    for (const rows of batches()) {
      await conn.query(
        'insert into usage_daily (region_id, azs_subscription_id, meter_id, sku, local_day, quantity, record_count, updated_at) values ?',
        [rows.map(([azs, meter, day, q]) => [data.regionId, azs, meter, '', day, q, 24, NOW])],
      );
      report(rows.length);
    }
    await conn.query('analyze table usage_daily');
    await conn.end();
  }
  return written;
}
