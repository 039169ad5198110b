import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';
import { type ColumnTypes, columnTypes } from './column-types.ts';

/**
 * Foundation: the organisation tree, subscriptions, users and their credentials, settings, the
 * audit log and idempotency keys. Frozen once shipped: later changes are new migrations.
 */
export function foundation(dialect: DialectName) {
  const t: ColumnTypes = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('organisations')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('kind', 'varchar(16)', (c) => c.notNull())
        .addColumn('parent_id', t.id)
        .addColumn('distributor_id', t.id)
        .addColumn('partner_id', t.id)
        .addColumn('tenant_id', t.id)
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('name_key', 'varchar(200)')
        .addColumn('contact_name', 'varchar(200)')
        .addColumn('contact_email', 'varchar(254)')
        .addColumn('contact_phone', 'varchar(40)')
        .addColumn('billing_contact_name', 'varchar(200)')
        .addColumn('billing_email', 'varchar(254)')
        .addColumn('billing_phone', 'varchar(40)')
        .addColumn('address_line1', 'varchar(200)')
        .addColumn('address_line2', 'varchar(200)')
        .addColumn('city', 'varchar(100)')
        .addColumn('region', 'varchar(100)')
        .addColumn('postal_code', 'varchar(20)')
        .addColumn('country', 'varchar(2)')
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        .addColumn('directory_id', 'varchar(200)')
        .addColumn('billing_mode', 'varchar(16)')
        .addColumn('payment_terms_days', 'integer')
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addColumn('deleted_at', t.timestamp)
        .execute();
      await db.schema
        .createIndex('organisations_parent_name_key')
        .on('organisations')
        .columns(['parent_id', 'name_key'])
        .unique()
        .execute();
      await db.schema
        .createIndex('organisations_kind_name')
        .on('organisations')
        .columns(['kind', 'name', 'id'])
        .execute();
      await db.schema
        .createIndex('organisations_distributor')
        .on('organisations')
        .columns(['distributor_id', 'kind', 'name', 'id'])
        .execute();
      await db.schema
        .createIndex('organisations_partner')
        .on('organisations')
        .columns(['partner_id', 'kind', 'name', 'id'])
        .execute();

      await db.schema
        .createTable('subscriptions')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('tenant_id', t.id, (c) => c.notNull().references('organisations.id'))
        .addColumn('partner_id', t.id, (c) => c.notNull())
        .addColumn('distributor_id', t.id, (c) => c.notNull())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('directory_id', 'varchar(200)')
        .addColumn('initial_owner', 'varchar(254)')
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addColumn('deleted_at', t.timestamp)
        .execute();
      for (const column of ['tenant_id', 'partner_id', 'distributor_id'] as const) {
        await db.schema
          .createIndex(`subscriptions_${column}`)
          .on('subscriptions')
          .columns([column, 'name', 'id'])
          .execute();
      }

      await db.schema
        .createTable('users')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('org_id', t.id, (c) => c.notNull().references('organisations.id'))
        .addColumn('level', 'varchar(16)', (c) => c.notNull())
        .addColumn('role', 'varchar(16)', (c) => c.notNull())
        .addColumn('distributor_id', t.id)
        .addColumn('partner_id', t.id)
        .addColumn('tenant_id', t.id)
        .addColumn('email', 'varchar(254)', (c) => c.notNull())
        .addColumn('email_key', 'varchar(254)', (c) => c.notNull())
        .addColumn('first_name', 'varchar(100)')
        .addColumn('last_name', 'varchar(100)')
        .addColumn('phone', 'varchar(40)')
        .addColumn('password_hash', 'varchar(255)')
        .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('mfa_required', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('federated_only', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_out', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('failed_sign_ins', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_sign_in_at', t.timestamp)
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addColumn('deleted_at', t.timestamp)
        .execute();
      await db.schema.createIndex('users_email_key').on('users').column('email_key').unique().execute();
      await db.schema.createIndex('users_org').on('users').columns(['org_id', 'email_key']).execute();
      for (const column of ['tenant_id', 'partner_id', 'distributor_id'] as const) {
        await db.schema.createIndex(`users_${column}`).on('users').columns([column, 'email_key']).execute();
      }

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('user_id', t.id, (c) => c.notNull().references('users.id'))
        .addColumn('csrf_token', 'varchar(64)', (c) => c.notNull())
        .addColumn('ip', 'varchar(64)')
        .addColumn('user_agent', 'varchar(400)')
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('last_seen_at', t.timestamp, (c) => c.notNull())
        .addColumn('expires_at', t.timestamp, (c) => c.notNull())
        .addColumn('revoked_at', t.timestamp)
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

      await db.schema
        .createTable('api_tokens')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('user_id', t.id, (c) => c.notNull().references('users.id'))
        .addColumn('name', 'varchar(100)', (c) => c.notNull())
        .addColumn('secret_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('expires_at', t.timestamp)
        .addColumn('last_used_at', t.timestamp)
        .addColumn('revoked_at', t.timestamp)
        .execute();
      await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();

      await db.schema
        .createTable('settings')
        .addColumn('key', 'varchar(100)', (c) => c.primaryKey())
        .addColumn('value', t.text, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_by', t.id)
        .execute();

      await db.schema
        .createTable('audit_events')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('occurred_at', t.timestamp, (c) => c.notNull())
        .addColumn('actor_kind', 'varchar(16)', (c) => c.notNull())
        .addColumn('actor_user_id', t.id)
        .addColumn('actor_org_id', t.id)
        .addColumn('actor_token_id', t.id)
        .addColumn('ip', 'varchar(64)')
        .addColumn('user_agent', 'varchar(400)')
        .addColumn('request_id', 'varchar(100)')
        .addColumn('action', 'varchar(100)', (c) => c.notNull())
        .addColumn('target_type', 'varchar(50)', (c) => c.notNull())
        .addColumn('target_id', t.id, (c) => c.notNull())
        .addColumn('org_id', t.id, (c) => c.notNull())
        .addColumn('before_json', t.text)
        .addColumn('after_json', t.text)
        .execute();
      await db.schema.createIndex('audit_events_org').on('audit_events').columns(['org_id', 'id']).execute();
      await db.schema
        .createIndex('audit_events_target')
        .on('audit_events')
        .columns(['target_id', 'id'])
        .execute();
      await db.schema
        .createIndex('audit_events_actor')
        .on('audit_events')
        .columns(['actor_user_id', 'id'])
        .execute();

      await db.schema
        .createTable('idempotency_keys')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('user_id', t.id, (c) => c.notNull())
        .addColumn('idempotency_key', 'varchar(200)', (c) => c.notNull())
        .addColumn('route_id', 'varchar(100)', (c) => c.notNull())
        .addColumn('request_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('response_body', t.text)
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('completed_at', t.timestamp)
        .execute();
      await db.schema
        .createIndex('idempotency_keys_user_key')
        .on('idempotency_keys')
        .columns(['user_id', 'idempotency_key'])
        .unique()
        .execute();
    },
  };
}
