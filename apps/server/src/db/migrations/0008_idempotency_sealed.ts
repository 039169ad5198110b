import type { Kysely } from 'kysely';
import { encryptSecret } from '../../crypto/secrets.ts';

interface IdempotencyRows {
  idempotency_keys: { id: string; response_body: string | null };
}

/** Rows re-encrypted per round trip: bounded memory whatever the table holds. */
const BATCH = 500;

/**
 * Stored idempotent responses become ciphertext (AES-256-GCM with the app's key, as every other
 * secret at rest): a create may answer with a secret shown once (an activation link or code, an API
 * token), and the replay store kept it in plain text. The column stays text; the responses stored
 * before this migration are encrypted in place, so a retry across the upgrade still replays.
 * Frozen once shipped.
 */
export function idempotencySealed(encryptionKey: Buffer) {
  return {
    async up(untyped: Kysely<unknown>): Promise<void> {
      const db = untyped as unknown as Kysely<IdempotencyRows>;
      let after = '';
      for (;;) {
        const rows = await db
          .selectFrom('idempotency_keys')
          .select(['id', 'response_body'])
          .where('id', '>', after)
          .where('response_body', 'is not', null)
          .orderBy('id')
          .limit(BATCH)
          .execute();
        for (const row of rows) {
          await db
            .updateTable('idempotency_keys')
            .set({ response_body: encryptSecret(encryptionKey, row.response_body ?? '') })
            .where('id', '=', row.id)
            .execute();
        }
        if (rows.length < BATCH) return;
        after = rows[rows.length - 1]!.id;
      }
    },
  };
}
