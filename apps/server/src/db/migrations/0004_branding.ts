import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.ts';
import { type ColumnTypes, columnTypes } from './column-types.ts';

/**
 * White-label branding: one row per branded organisation (the platform, partners) and the logo
 * images themselves. Frozen once shipped.
 */
export function branding(dialect: DialectName) {
  const t: ColumnTypes = columnTypes(dialect);
  // Logos are at most 256 kB: MySQL's BLOB stops at 64 kB, so MEDIUMBLOB there.
  const binary = dialect === 'mysql' ? sql`mediumblob` : dialect === 'postgres' ? sql`bytea` : sql`blob`;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('branding_logos')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('org_id', t.id, (c) => c.notNull().references('organisations.id'))
        .addColumn('content_type', 'varchar(20)', (c) => c.notNull())
        .addColumn('byte_size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
        .addColumn('data', binary, (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('branding_logos_org').on('branding_logos').column('org_id').execute();

      await db.schema
        .createTable('branding')
        .addColumn('org_id', t.id, (c) => c.primaryKey().references('organisations.id'))
        .addColumn('name', 'varchar(100)')
        .addColumn('primary_color', 'varchar(7)')
        .addColumn('support_email', 'varchar(254)')
        .addColumn('support_url', 'varchar(300)')
        .addColumn('portal_hostname', 'varchar(253)')
        .addColumn('logo_light_id', t.id, (c) => c.references('branding_logos.id'))
        .addColumn('logo_dark_id', t.id, (c) => c.references('branding_logos.id'))
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_by', t.id)
        .execute();
      // Several NULLs are allowed on every engine; a hostname names at most one organisation.
      await db.schema
        .createIndex('branding_portal_hostname')
        .on('branding')
        .column('portal_hostname')
        .unique()
        .execute();
    },
  };
}
