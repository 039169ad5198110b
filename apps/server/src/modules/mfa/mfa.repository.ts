import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { toCount } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';

/** Voids every recovery code of the user and stores the given hashes as a new, unused set. */
export async function replaceRecoveryCodes(
  trx: Kysely<Database>,
  userId: string,
  codeHashes: string[],
  now: string,
): Promise<void> {
  await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await trx
    .insertInto('recovery_codes')
    .values(
      codeHashes.map((codeHash) => ({
        id: randomUUID(),
        user_id: userId,
        code_hash: codeHash,
        created_at: now,
        used_at: null,
      })),
    )
    .execute();
}

export async function countUnusedRecoveryCodes(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return toCount(row.n);
}

/**
 * Marks the user's unused code with this hash used; false when there is none. The conditional
 * update holds under concurrency: of two requests with the same code only one updates the row.
 */
export async function spendRecoveryCode(
  trx: Kysely<Database>,
  userId: string,
  codeHash: string,
  now: string,
): Promise<boolean> {
  const code = await trx
    .selectFrom('recovery_codes')
    .select('id')
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (!code) return false;
  const result = await trx
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('id', '=', code.id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteRecoveryCodes(trx: Kysely<Database>, userId: string): Promise<void> {
  await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
}
