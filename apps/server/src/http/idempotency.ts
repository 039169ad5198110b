import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { RequestContext } from '../context.ts';
import { decryptSecret, encryptSecret } from '../crypto/secrets.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { newId } from '../db/ids.ts';
import type { Database } from '../db/schema.ts';
import { nowIso } from '../db/time.ts';
import { AppError } from './errors.ts';

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/**
 * Runs a POST at most once per (user, Idempotency-Key). The key is claimed before the work and
 * the response stored after it: a retry of a finished request replays the stored response, a
 * retry while the first is still running (or after it crashed mid-way) gets 409 rather than a
 * second execution, and a request that failed releases the key so it can be retried.
 *
 * The stored response is encrypted with the app's key: a create may answer with a secret shown
 * once (an activation link or code, an API token), and a replay must repeat it, so the row holds
 * it, but never readable from the database or a backup alone.
 */
export async function runIdempotent(
  ctx: RequestContext,
  routeId: string,
  request: FastifyRequest,
  reply: FastifyReply,
  execute: () => Promise<{ status: number; body: string | undefined }>,
): Promise<{ status: number; body: string | undefined }> {
  const key = String(request.headers['idempotency-key']);
  if (!KEY_PATTERN.test(key)) {
    throw AppError.invalidField('header.idempotency-key', 'Must be 1 to 200 printable ASCII characters.');
  }
  const userId = ctx.actor.userId;
  const db = ctx.app.db.kysely;
  const requestHash = createHash('sha256')
    .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
  const id = newId('idk');
  try {
    await db
      .insertInto('idempotency_keys')
      .values({
        id,
        user_id: userId,
        idempotency_key: key,
        route_id: routeId,
        request_hash: requestHash,
        status_code: null,
        response_body: null,
        created_at: nowIso(ctx.app.clock),
        completed_at: null,
      })
      .execute();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const existing = await db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('user_id', '=', userId)
      .where('idempotency_key', '=', key)
      .executeTakeFirstOrThrow();
    if (existing.route_id !== routeId || existing.request_hash !== requestHash) {
      throw new AppError(
        'idempotency_conflict',
        'This Idempotency-Key was already used for a different request.',
        [{ field: 'header.idempotency-key', message: 'Already used for a different request.' }],
      );
    }
    if (existing.completed_at === null || existing.status_code === null) {
      throw new AppError(
        'idempotency_conflict',
        'A request with this Idempotency-Key is still in progress.',
        [{ field: 'header.idempotency-key', message: 'Still in progress.' }],
      );
    }
    const body = existing.response_body === null ? undefined : openStoredBody(ctx, existing.response_body);
    reply.header('idempotent-replayed', 'true');
    return { status: existing.status_code, body };
  }
  try {
    const result = await execute();
    await db
      .updateTable('idempotency_keys')
      .set({
        status_code: result.status,
        response_body: result.body === undefined ? null : encryptSecret(ctx.app.encryptionKey, result.body),
        completed_at: nowIso(ctx.app.clock),
      })
      .where('id', '=', id)
      .execute();
    return result;
  } catch (error) {
    await db.deleteFrom('idempotency_keys').where('id', '=', id).execute();
    throw error;
  }
}

/** A stored response, decrypted; one sealed with another encryption key cannot be replayed. */
function openStoredBody(ctx: RequestContext, stored: string): string {
  try {
    return decryptSecret(ctx.app.encryptionKey, stored);
  } catch {
    throw new AppError(
      'idempotency_conflict',
      'The response to this Idempotency-Key was stored under another encryption key and cannot be replayed.',
      [{ field: 'header.idempotency-key', message: 'Its stored response cannot be read.' }],
    );
  }
}

/**
 * Keys expire: those claimed before `before`, a page of them (the daily cleanup job deletes them,
 * "Idempotency Key Retention (Days)"). A claim that never completed (its process stopped mid-way)
 * goes too, so its key answers 409 only until then.
 */
export async function idempotencyKeyIdsBefore(
  db: Kysely<Database>,
  before: string,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('idempotency_keys')
    .select('id')
    .where('created_at', '<', before)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export async function deleteIdempotencyKeys(db: Kysely<Database>, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .deleteFrom('idempotency_keys')
    .where('id', 'in', [...ids])
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
