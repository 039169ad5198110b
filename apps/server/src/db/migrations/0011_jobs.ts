import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';
import { type ColumnTypes, columnTypes } from './column-types.ts';

/**
 * Durable jobs and their schedules. A job row is claimed with the same lease as the mail outbox
 * (db/lease.ts: status, attempts, next_attempt_at, claim_token as the fencing token, lease_until),
 * so the column names match mail_outbox. Frozen once shipped.
 */
export function jobs(dialect: DialectName) {
  const t: ColumnTypes = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('jobs')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('type', 'varchar(60)', (c) => c.notNull())
        .addColumn('payload_json', t.text, (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('progress_done', 'integer')
        .addColumn('progress_total', 'integer')
        .addColumn('progress_message', 'varchar(300)')
        .addColumn('checkpoint_json', t.text)
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('max_attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', t.timestamp, (c) => c.notNull())
        .addColumn('claim_token', 'varchar(64)')
        .addColumn('lease_until', t.timestamp)
        .addColumn('last_error', 'varchar(1000)')
        .addColumn('requested_by', t.id)
        .addColumn('dedupe_key', 'varchar(200)')
        // The dedupe key while the job is queued or running, null otherwise: unique per type, and
        // NULLs never collide on any engine, so at most one live job per (type, key).
        .addColumn('active_dedupe_key', 'varchar(200)')
        // The organisation the job concerns (the platform's for region and system jobs); its
        // visibility follows that organisation's current chain, joined.
        .addColumn('org_id', t.id, (c) => c.notNull().references('organisations.id'))
        .addColumn('subscription_id', t.id)
        .addColumn('region_id', 'varchar(40)')
        .addColumn('schedule_key', 'varchar(120)')
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('started_at', t.timestamp)
        .addColumn('finished_at', t.timestamp)
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();
      // The runner's question: which jobs are due (queued and due, or running with a lapsed lease)?
      await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'next_attempt_at']).execute();
      await db.schema
        .createIndex('jobs_active_dedupe')
        .on('jobs')
        .columns(['type', 'active_dedupe_key'])
        .unique()
        .execute();
      await db.schema.createIndex('jobs_org').on('jobs').columns(['org_id', 'id']).execute();
      await db.schema.createIndex('jobs_region').on('jobs').columns(['region_id', 'id']).execute();

      await db.schema
        .createTable('job_schedules')
        .addColumn('key', 'varchar(120)', (c) => c.primaryKey())
        .addColumn('type', 'varchar(60)', (c) => c.notNull())
        .addColumn('payload_json', t.text, (c) => c.notNull())
        .addColumn('cron', 'varchar(120)')
        .addColumn('interval_seconds', 'integer')
        .addColumn('time_zone', 'varchar(64)', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('org_id', t.id, (c) => c.notNull().references('organisations.id'))
        .addColumn('subscription_id', t.id)
        .addColumn('region_id', 'varchar(40)')
        .addColumn('next_run_at', t.timestamp)
        .addColumn('last_run_at', t.timestamp)
        .addColumn('last_job_id', t.id)
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('job_schedules_due')
        .on('job_schedules')
        .columns(['enabled', 'next_run_at'])
        .execute();
    },
  };
}
