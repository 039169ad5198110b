import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.ts';
import { type ColumnTypes, columnTypes } from './column-types.ts';

/**
 * The alert store: one row per occurrence of a condition (kind + key) from when it is first raised
 * until it is resolved. Frozen once shipped.
 *
 * `open_key` is a hash of kind and key while the alert is unresolved and NULL once it is resolved;
 * its unique index lets at most one unresolved alert exist per condition on every engine (NULLs
 * never collide), so two transactions raising the same condition at once end with one alert. The
 * hash keeps the index small and exact: a key compared under MySQL's case-insensitive collation
 * would merge conditions that differ only in case.
 *
 * Alerts carry no chain: who sees one follows its subscription's or organisation's current chain
 * (joined), so a move takes the alerts along without rewriting them.
 */
export function alerts(dialect: DialectName) {
  const t: ColumnTypes = columnTypes(dialect);
  const hash = dialect === 'mysql' ? sql`varchar(64) character set ascii collate ascii_bin` : 'varchar(64)';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('alerts')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('kind', 'varchar(60)', (c) => c.notNull())
        .addColumn('alert_key', 'varchar(400)', (c) => c.notNull())
        .addColumn('open_key', hash)
        .addColumn('severity', 'varchar(16)', (c) => c.notNull())
        .addColumn('title', 'varchar(200)', (c) => c.notNull())
        .addColumn('message', t.text, (c) => c.notNull())
        .addColumn('details_json', t.text)
        // Regions arrive with another capability; the column holds their id without a key yet.
        .addColumn('region_id', t.id)
        .addColumn('subscription_id', t.id, (c) => c.references('subscriptions.id'))
        .addColumn('org_id', t.id, (c) => c.references('organisations.id'))
        .addColumn('occurrences', 'integer', (c) => c.notNull())
        .addColumn('first_seen_at', t.timestamp, (c) => c.notNull())
        .addColumn('last_seen_at', t.timestamp, (c) => c.notNull())
        .addColumn('acknowledged_at', t.timestamp)
        .addColumn('acknowledged_by', t.id, (c) => c.references('users.id'))
        .addColumn('resolved_at', t.timestamp)
        // NULL with resolved_at set: the system resolved it when the condition cleared.
        .addColumn('resolved_by', t.id, (c) => c.references('users.id'))
        .execute();
      await db.schema.createIndex('alerts_open_key').on('alerts').column('open_key').unique().execute();
      // The list's order (newest first by last seen), alone and under its most common filters.
      await db.schema.createIndex('alerts_last_seen').on('alerts').columns(['last_seen_at', 'id']).execute();
      for (const column of ['subscription_id', 'org_id', 'kind', 'region_id']) {
        await db.schema
          .createIndex(`alerts_${column}`)
          .on('alerts')
          .columns([column, 'last_seen_at'])
          .execute();
      }
    },
  };
}
