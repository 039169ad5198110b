import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import type { AnyContext, AppContext, Clock, RequestContext } from '../../context.ts';
import type { Database, SessionStage, UserRow } from '../../db/schema.ts';
import { addMinutes, nowIso } from '../../db/time.ts';
import { AppError } from '../../http/errors.ts';
import { insertSession, renameSession, revokeSessionsOfUser } from './auth.repository.ts';
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

/**
 * Opens a session (in the caller's transaction); returns its CSRF token and the cookie the route
 * sets (setSessionCookie).
 */
export async function openSession(
  trx: Kysely<Database>,
  ctx: AnyContext,
  userId: string,
  stage: SessionStage,
): Promise<{ sessionId: string; csrfToken: string; cookie: string }> {
  const cookieValue = randomSecret();
  const csrfToken = randomSecret();
  const sessionId = sha256Hex(cookieValue);
  const now = nowIso(ctx.app.clock);
  await insertSession(trx, {
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
  });
  return { sessionId, csrfToken, cookie: cookieValue };
}

/** Sets the session cookie; null (no session changed) sets nothing. */
export function setSessionCookie(app: AppContext, reply: FastifyReply, cookieValue: string | null): void {
  if (cookieValue === null) return;
  reply.setCookie(SESSION_COOKIE, cookieValue, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: app.config.publicUrl?.startsWith('https:') ?? false,
    maxAge: app.config.sessionAbsoluteHours * 3600,
  });
}

/** Drops the session cookie from the browser (sign-out). */
export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/**
 * Where a session stands after a step: its stage, and the new cookie the answer must set when the
 * session was rotated (null for API tokens, which have no session).
 */
export interface SessionChange {
  stage: SessionStage;
  cookie: string | null;
}

/**
 * Gives the caller's session a new id (and stage) in the caller's transaction: after every step up
 * (MFA verified, password changed, MFA enrolled) the old cookie stops working, so a cookie planted
 * or seen before the step (session fixation) never gains what the step grants. The CSRF token stays:
 * it is bound to the session row, not to its id, and the client holds it already.
 */
export async function rotateSession(
  trx: Kysely<Database>,
  ctx: RequestContext,
  stage: SessionStage,
): Promise<SessionChange> {
  const sessionId = ctx.actor.sessionId;
  if (!sessionId) return { stage, cookie: null };
  const cookieValue = randomSecret();
  // A concurrent step up with the same cookie rotated it first: this request's session is gone.
  if (!(await renameSession(trx, sessionId, sha256Hex(cookieValue), stage))) {
    throw new AppError('unauthenticated', 'The session ended while this request ran: sign in again.');
  }
  return { stage, cookie: cookieValue };
}

/** Moves the caller's session to the step after the one it just completed, under a new id. */
export function advanceSession(
  trx: Kysely<Database>,
  ctx: RequestContext,
  user: StageUser,
): Promise<SessionChange> {
  return rotateSession(trx, ctx, nextStage(user, true));
}

/** Ends sessions of a user, all of them or all but one (after a password change). */
export async function revokeSessions(
  trx: Kysely<Database>,
  clock: Clock,
  userId: string,
  exceptSessionId?: string | null,
) {
  await revokeSessionsOfUser(trx, userId, nowIso(clock), exceptSessionId);
}
