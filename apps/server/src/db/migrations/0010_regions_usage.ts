import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';
import { type ColumnTypes, columnTypes } from './column-types.ts';

/**
 * Regions (Azure Stack Hub stamps and import sources), the meter catalog and collected usage.
 * Usage is keyed by (region, Azure Stack subscription id), never by the CMS subscription, so a
 * tenant move or a link rewrites no usage row (semantics.md). Frozen once shipped.
 */
export function regionsUsage(dialect: DialectName) {
  const t: ColumnTypes = columnTypes(dialect);
  // Quantities keep at least 18 decimal places as received; a double printed in full has up to
  // 17 significant digits, so a tiny one (1.2345678901234567e-10) needs 27 places.
  const quantity = t.decimal(48, 30);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('regions')
        .addColumn('id', t.id, (c) => c.primaryKey())
        // 'azure_stack' (collected from a stamp) or 'import' (a hybrid source fed by files and the API).
        .addColumn('kind', 'varchar(20)', (c) => c.notNull())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('name_key', 'varchar(200)', (c) => c.notNull())
        .addColumn('description', 'varchar(1000)')
        // The stamp: null on import sources.
        .addColumn('arm_endpoint', 'varchar(500)')
        .addColumn('identity_system', 'varchar(10)')
        .addColumn('directory_tenant', 'varchar(253)')
        .addColumn('client_id', 'varchar(200)')
        // Encrypted with the app key (crypto/secrets.ts); never returned.
        .addColumn('client_secret', t.text)
        .addColumn('provider_subscription_id', 'varchar(64)')
        // The stamp's location name ("local", "redmond"): usage records and alert paths carry it.
        .addColumn('location', 'varchar(100)')
        .addColumn('time_zone', 'varchar(64)', (c) => c.notNull())
        .addColumn('collection_window_hours', 'integer', (c) => c.notNull())
        .addColumn('schedule', 'varchar(100)')
        .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
        // Every reported window before this instant has been collected completely.
        .addColumn('usage_watermark', t.timestamp)
        .addColumn('last_run_at', t.timestamp)
        .addColumn('last_success_at', t.timestamp)
        .addColumn('last_error', 'varchar(1000)')
        .addColumn('last_error_at', t.timestamp)
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('regions_name_key').on('regions').column('name_key').unique().execute();

      // A CMS subscription is a subscription on one region. `azs_link_key` is
      // "{region}:{azure stack subscription id}" while the subscription is live and linked, NULL
      // otherwise, so one Azure Stack subscription has at most one live CMS subscription.
      await db.schema.alterTable('subscriptions').addColumn('region_id', t.id).execute();
      await db.schema.alterTable('subscriptions').addColumn('azs_subscription_id', 'varchar(64)').execute();
      await db.schema.alterTable('subscriptions').addColumn('azs_link_key', 'varchar(120)').execute();
      // Usage before this instant stays unassigned (a link made later than the subscription began).
      await db.schema.alterTable('subscriptions').addColumn('billable_from', t.timestamp).execute();
      // 'manual' (created in the CMS), 'linked' (an existing Azure Stack subscription), 'auto_created'.
      await db.schema.alterTable('subscriptions').addColumn('origin', 'varchar(20)').execute();
      await db.schema
        .createIndex('subscriptions_azs_link_key')
        .on('subscriptions')
        .column('azs_link_key')
        .unique()
        .execute();
      await db.schema
        .createIndex('subscriptions_region_azs')
        .on('subscriptions')
        .columns(['region_id', 'azs_subscription_id'])
        .execute();

      // Azure Stack subscriptions a region has reported, from its admin API or its usage: the
      // platform subscriptions list, the per-subscriber fallback's subscriber list (deleted ones
      // included) and auto-creation read it.
      await db.schema
        .createTable('region_subscriptions')
        .addColumn('region_id', t.id, (c) => c.notNull().references('regions.id'))
        .addColumn('azs_subscription_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('display_name', 'varchar(500)')
        .addColumn('owner', 'varchar(500)')
        .addColumn('directory_tenant', 'varchar(253)')
        .addColumn('offer_id', 'varchar(1000)')
        .addColumn('state', 'varchar(40)')
        // The operator's own (Default Provider, Metering, Consumption): never created or billed.
        .addColumn('is_operator', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('seen_in_admin_api', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('seen_in_usage', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('first_seen_at', t.timestamp, (c) => c.notNull())
        .addColumn('last_seen_at', t.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('region_subscriptions_pk', ['region_id', 'azs_subscription_id'])
        .execute();

      // The meter catalog. `catalog` is 'azure-stack' for the seeded Azure Stack Hub meters (shared
      // by every stamp) or an import source's region id for that source's own meters.
      await db.schema
        .createTable('meters')
        .addColumn('catalog', t.id, (c) => c.notNull())
        // Normalised: lower case, without dashes and braces (azure-stack-hub-api.md G5).
        .addColumn('meter_id', 'varchar(100)', (c) => c.notNull())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('unit', 'varchar(100)', (c) => c.notNull())
        .addColumn('category', 'varchar(40)')
        // Collected and shown, never priced, never flagged as unpriced (semantics.md).
        .addColumn('informational', 'integer', (c) => c.notNull().defaultTo(0))
        // Reported per hour as a fraction of the UTC month; stored converted back to hours.
        .addColumn('month_fraction', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('deprecated', 'integer', (c) => c.notNull().defaultTo(0))
        // 'seed' (shipped with the product) or 'api' (added by an administrator).
        .addColumn('source', 'varchar(20)', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('meters_pk', ['catalog', 'meter_id'])
        .execute();

      // Hourly Azure Stack Hub usage, one row per (natural key, canonical reported window).
      // `record_key` is a digest of the natural key (region, subscription, meter, resource URI,
      // usage start, usage end): the per-key sum is over its windows.
      await db.schema
        .createTable('usage_records')
        .addColumn('region_id', t.id, (c) => c.notNull())
        .addColumn('reported_window', t.timestamp, (c) => c.notNull())
        .addColumn('azs_subscription_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('record_key', t.id, (c) => c.notNull())
        .addColumn('meter_id', 'varchar(100)', (c) => c.notNull())
        .addColumn('resource_uri', t.text, (c) => c.notNull())
        .addColumn('usage_start', t.timestamp, (c) => c.notNull())
        .addColumn('usage_end', t.timestamp, (c) => c.notNull())
        // Hours for month-fraction meters (raw × hours of the UTC month), else as received.
        .addColumn('quantity', quantity, (c) => c.notNull())
        .addColumn('raw_quantity', quantity, (c) => c.notNull())
        .addColumn('sku', 'varchar(200)')
        .addColumn('location', 'varchar(100)')
        .addColumn('tags', t.text)
        .addColumn('additional_info', t.text)
        // Provenance: the job (or command-line run) that first collected this key in this window.
        .addColumn('first_job_id', t.id)
        .addColumn('first_collected_at', t.timestamp, (c) => c.notNull())
        .addColumn('collected_at', t.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('usage_records_pk', [
          'region_id',
          'reported_window',
          'azs_subscription_id',
          'record_key',
        ])
        .execute();
      // Scoped reads, unassigned usage and daily aggregates go by subscription and usage time.
      await db.schema
        .createIndex('usage_records_subscription')
        .on('usage_records')
        .columns(['region_id', 'azs_subscription_id', 'usage_start'])
        .execute();

      // Hybrid usage: exactly once per (source, external record id); a re-import replaces it.
      await db.schema
        .createTable('imported_usage')
        .addColumn('region_id', t.id, (c) => c.notNull().references('regions.id'))
        .addColumn('external_record_id', 'varchar(200)', (c) => c.notNull())
        .addColumn('azs_subscription_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('meter_id', 'varchar(100)', (c) => c.notNull())
        .addColumn('sku', 'varchar(200)')
        .addColumn('resource_id', 'varchar(1000)')
        .addColumn('usage_start', t.timestamp, (c) => c.notNull())
        .addColumn('usage_end', t.timestamp, (c) => c.notNull())
        .addColumn('quantity', quantity, (c) => c.notNull())
        .addColumn('first_batch_id', t.id, (c) => c.notNull())
        .addColumn('batch_id', t.id, (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('imported_usage_pk', ['region_id', 'external_record_id'])
        .execute();
      await db.schema
        .createIndex('imported_usage_subscription')
        .on('imported_usage')
        .columns(['region_id', 'azs_subscription_id', 'usage_start'])
        .execute();

      // Daily totals per subscription, meter and SKU on the region's local days ('' = no SKU),
      // kept in step with the records in the transaction that changes them.
      await db.schema
        .createTable('usage_daily')
        .addColumn('region_id', t.id, (c) => c.notNull())
        .addColumn('azs_subscription_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('meter_id', 'varchar(100)', (c) => c.notNull())
        .addColumn('sku', 'varchar(200)', (c) => c.notNull())
        .addColumn('local_day', 'varchar(10)', (c) => c.notNull())
        .addColumn('quantity', quantity, (c) => c.notNull())
        .addColumn('record_count', 'integer', (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('usage_daily_pk', [
          'region_id',
          'azs_subscription_id',
          'meter_id',
          'sku',
          'local_day',
        ])
        .execute();
      await db.schema
        .createIndex('usage_daily_region_day')
        .on('usage_daily')
        .columns(['region_id', 'local_day'])
        .execute();

      // What each pull of a canonical reported window brought ('' = the whole window, else the
      // subscriber the pull named): the watermark, the health panel and held re-pulls read it.
      await db.schema
        .createTable('usage_pulls')
        .addColumn('region_id', t.id, (c) => c.notNull())
        .addColumn('reported_window', t.timestamp, (c) => c.notNull())
        .addColumn('subscriber', 'varchar(64)', (c) => c.notNull())
        // 'stored' or 'held' (would lower usage of an invoiced period: waits for a confirmation).
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('record_count', 'integer', (c) => c.notNull())
        .addColumn('job_id', t.id)
        .addColumn('pulled_at', t.timestamp, (c) => c.notNull())
        .addColumn('held_summary', t.text)
        .addColumn('confirmed_by', t.id)
        .addColumn('confirmed_at', t.timestamp)
        .addPrimaryKeyConstraint('usage_pulls_pk', ['region_id', 'reported_window', 'subscriber'])
        .execute();
      await db.schema
        .createIndex('usage_pulls_status')
        .on('usage_pulls')
        .columns(['status', 'region_id'])
        .execute();

      // A tenant's period on a region, closed when its invoice is issued: re-pulls that would
      // lower its usage are held, and late usage becomes a prior-period adjustment.
      await db.schema
        .createTable('closed_periods')
        .addColumn('tenant_id', t.id, (c) => c.notNull())
        .addColumn('region_id', t.id, (c) => c.notNull())
        // The region's local calendar month, 'YYYY-MM'.
        .addColumn('period', 'varchar(7)', (c) => c.notNull())
        .addColumn('closed_at', t.timestamp, (c) => c.notNull())
        .addColumn('invoice_id', t.id)
        .addPrimaryKeyConstraint('closed_periods_pk', ['tenant_id', 'region_id', 'period'])
        .execute();
    },
  };
}
