import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import type { RequestContext } from '../../context.ts';
import type { Database, SessionStage, UserRow } from '../../db/schema.ts';
import { addMinutes, nowIso } from '../../db/time.ts';
import { randomSecret, sha256Hex } from './tokens.ts';

export const SESSION_COOKIE = 'cms_session';

type StageUser = Pick<UserRow, 'mfa_secret' | 'mfa_required' | 'must_change_password'>;

/**
 * The step a sign-in must complete next. A second factor is checked first (before a password
 * change, so a stolen password alone changes nothing), then a required password change, then a
 * required MFA enrolment. `mfaDone` is true once the session is past its first step.
 */
export function nextStage(user: StageUser, mfaDone: boolean): SessionStage {
  if (!mfaDone && user.mfa_secret !== null) return 'mfa';
  if (user.must_change_password === 1) return 'password_change';
  if (user.mfa_required === 1 && user.mfa_secret === null) return 'mfa_enrolment';
  return 'active';
}

/** Opens a session (in the caller's transaction) and sets its cookie; returns the CSRF token. */
export async function openSession(
  trx: Kysely<Database>,
  ctx: RequestContext,
  reply: FastifyReply,
  userId: string,
  stage: SessionStage,
): Promise<{ sessionId: string; csrfToken: string }> {
  const cookieValue = randomSecret();
  const csrfToken = randomSecret();
  const sessionId = sha256Hex(cookieValue);
  const now = nowIso();
  await trx
    .insertInto('sessions')
    .values({
      id: sessionId,
      user_id: userId,
      stage,
      csrf_token: csrfToken,
      ip: ctx.ip,
      user_agent: ctx.userAgent,
      created_at: now,
      last_seen_at: now,
      expires_at: addMinutes(now, ctx.app.config.sessionAbsoluteHours * 60),
      revoked_at: null,
    })
    .execute();
  reply.setCookie(SESSION_COOKIE, cookieValue, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.app.config.publicUrl?.startsWith('https:') ?? false,
    maxAge: ctx.app.config.sessionAbsoluteHours * 3600,
  });
  return { sessionId, csrfToken };
}

/** Moves the caller's session to the step after the one it just completed. */
export async function advanceSession(
  trx: Kysely<Database>,
  ctx: RequestContext,
  user: StageUser,
): Promise<SessionStage> {
  const stage = nextStage(user, true);
  if (ctx.actor?.sessionId) {
    await trx.updateTable('sessions').set({ stage }).where('id', '=', ctx.actor.sessionId).execute();
  }
  return stage;
}

/** Ends sessions of a user, all of them or all but one (after a password change). */
export async function revokeSessions(trx: Kysely<Database>, userId: string, exceptSessionId?: string | null) {
  let query = trx
    .updateTable('sessions')
    .set({ revoked_at: nowIso() })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (exceptSessionId) query = query.where('id', '!=', exceptSessionId);
  await query.execute();
}
