import type { Kysely } from 'kysely';

/**
 * Idempotency keys expire (http/idempotency.ts, swept daily by modules/jobs cleanup.ts): the
 * sweep finds the old ones by creation time. Frozen once shipped.
 */
export function idempotencyKeyExpiry() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createIndex('idempotency_keys_created')
        .on('idempotency_keys')
        .columns(['created_at', 'id'])
        .execute();
    },
  };
}
