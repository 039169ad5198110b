import type { Kysely } from 'kysely';
import type { Clock } from '../../context.ts';
import type { Database, UserLinkPurpose } from '../../db/schema.ts';
import { addMinutes, nowIso } from '../../db/time.ts';
import { randomSecret, sha256Hex } from '../auth/tokens.ts';

/** How long a link stays valid. Invitations wait for a person; resets must be used soon. */
export const LINK_LIFETIME_MINUTES: Record<UserLinkPurpose, number> = {
  invitation: 7 * 24 * 60,
  password_reset: 60,
};

/**
 * Creates a one-time link token for a user and purpose; only its hash is stored. Earlier unused
 * links of the same purpose stop working, so only the newest e-mail is live.
 */
export async function createUserLink(
  trx: Kysely<Database>,
  clock: Clock,
  userId: string,
  purpose: UserLinkPurpose,
): Promise<string> {
  const token = randomSecret();
  const now = nowIso(clock);
  await trx
    .updateTable('user_links')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
  await trx
    .insertInto('user_links')
    .values({
      id: sha256Hex(token),
      user_id: userId,
      purpose,
      created_at: now,
      expires_at: addMinutes(now, LINK_LIFETIME_MINUTES[purpose]),
      used_at: null,
    })
    .execute();
  return token;
}

/** Marks a link used and returns its user, or null when it is unknown, expired or already used. */
export async function consumeUserLink(
  trx: Kysely<Database>,
  clock: Clock,
  token: string,
  purpose: UserLinkPurpose,
): Promise<string | null> {
  const now = nowIso(clock);
  const link = await trx
    .selectFrom('user_links')
    .selectAll()
    .where('id', '=', sha256Hex(token))
    .where('purpose', '=', purpose)
    .executeTakeFirst();
  if (!link || link.used_at !== null || link.expires_at <= now) return null;
  const claimed = await trx
    .updateTable('user_links')
    .set({ used_at: now })
    .where('id', '=', link.id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1 ? link.user_id : null;
}

/** When a link stops working, as stored with it. */
export async function linkExpiry(db: Kysely<Database>, token: string): Promise<string> {
  const link = await db
    .selectFrom('user_links')
    .select('expires_at')
    .where('id', '=', sha256Hex(token))
    .executeTakeFirstOrThrow();
  return link.expires_at;
}
