import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';
import { type ColumnTypes, columnTypes } from './column-types.ts';

/**
 * Identity and access: sign-in stages, lockout, activation, MFA, one-time links, rate limits,
 * identity-provider mappings and federated identities. Frozen once shipped.
 */
export function identity(dialect: DialectName) {
  const t: ColumnTypes = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('users').addColumn('activated_at', t.timestamp).execute();
      await db.schema.alterTable('users').addColumn('activation_code_hash', 'varchar(64)').execute();
      await db.schema.alterTable('users').addColumn('activation_code_expires_at', t.timestamp).execute();
      await db.schema.alterTable('users').addColumn('password_changed_at', t.timestamp).execute();
      await db.schema.alterTable('users').addColumn('mfa_secret', 'varchar(255)').execute();
      await db.schema.alterTable('users').addColumn('mfa_pending_secret', 'varchar(255)').execute();
      await db.schema.alterTable('users').addColumn('mfa_enabled_at', t.timestamp).execute();
      await db.schema
        .alterTable('users')
        .addColumn('mfa_last_step', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable('sessions')
        .addColumn('stage', 'varchar(20)', (c) => c.notNull().defaultTo('active'))
        .execute();

      // One-time links (invitation, password reset): only the hash of the token is stored.
      await db.schema
        .createTable('user_links')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('user_id', t.id, (c) => c.notNull().references('users.id'))
        .addColumn('purpose', 'varchar(20)', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('expires_at', t.timestamp, (c) => c.notNull())
        .addColumn('used_at', t.timestamp)
        .execute();
      await db.schema
        .createIndex('user_links_user')
        .on('user_links')
        .columns(['user_id', 'purpose'])
        .execute();

      await db.schema
        .createTable('recovery_codes')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('user_id', t.id, (c) => c.notNull().references('users.id'))
        .addColumn('code_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('used_at', t.timestamp)
        .execute();
      await db.schema.createIndex('recovery_codes_user').on('recovery_codes').column('user_id').execute();

      // Fixed-window counters shared by every server process (so limits hold with several).
      await db.schema
        .createTable('rate_limits')
        .addColumn('bucket', 'varchar(200)', (c) => c.notNull())
        .addColumn('window_start', t.timestamp, (c) => c.notNull())
        .addColumn('hits', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('rate_limits_pk', ['bucket', 'window_start'])
        .execute();

      await db.schema
        .createTable('identity_providers')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('org_id', t.id, (c) => c.notNull().references('organisations.id'))
        .addColumn('distributor_id', t.id)
        .addColumn('partner_id', t.id)
        .addColumn('tenant_id', t.id)
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('preset', 'varchar(20)', (c) => c.notNull())
        .addColumn('issuer', 'varchar(500)', (c) => c.notNull())
        .addColumn('client_id', 'varchar(500)', (c) => c.notNull())
        .addColumn('client_secret', t.text)
        .addColumn('allowed_domains', t.text)
        .addColumn('entra_tenant_id', 'varchar(100)')
        .addColumn('link_by_email', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addColumn('deleted_at', t.timestamp)
        .execute();
      await db.schema
        .createIndex('identity_providers_org')
        .on('identity_providers')
        .column('org_id')
        .execute();

      await db.schema
        .createTable('user_identities')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('user_id', t.id, (c) => c.notNull().references('users.id'))
        .addColumn('provider_id', t.id, (c) => c.notNull().references('identity_providers.id'))
        .addColumn('issuer', 'varchar(500)', (c) => c.notNull())
        .addColumn('subject', 'varchar(255)', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('user_identities_issuer_subject')
        .on('user_identities')
        .columns(['issuer', 'subject'])
        .unique()
        .execute();
      await db.schema.createIndex('user_identities_user').on('user_identities').column('user_id').execute();

      // An authorization-code flow in progress (state, PKCE verifier, nonce), shared by all processes.
      await db.schema
        .createTable('oidc_flows')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('provider_id', t.id, (c) => c.notNull())
        .addColumn('code_verifier', 'varchar(128)', (c) => c.notNull())
        .addColumn('nonce', 'varchar(128)', (c) => c.notNull())
        .addColumn('return_to', 'varchar(500)')
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('expires_at', t.timestamp, (c) => c.notNull())
        .execute();
    },
  };
}
