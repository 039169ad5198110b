import { type AnyContext, actingAs, type PublicContext, type RequestContext } from '../../context.ts';
import type { UserRow } from '../../db/schema.ts';
import { addMinutes, nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import { consumeRateLimit } from '../../http/rate-limit.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { getSetting } from '../settings/settings.service.ts';
import {
  countWrongPassword,
  findSigningInUserByEmail,
  loadOwnUser,
  lockOutUser,
  recordPasswordSignIn,
  setPasswordHash,
} from '../users/users.service.ts';
import { revokeSession } from './auth.repository.ts';
import { actorFromUser, describeActor } from './auth.service.ts';
import { isLockedOut } from './lockout.ts';
import { assertPasswordPolicy, hashPassword, verifyPassword } from './passwords.ts';
import { advanceSession, nextStage, openSession, revokeSessions } from './sessions.ts';
import { safeEqualHex, sha256Hex } from './tokens.ts';

/** Attempts per window: per client address, and per account (whichever address it comes from). */
const SIGN_IN_LIMITS = { perIp: { hits: 30, seconds: 60 }, perAccount: { hits: 10, seconds: 60 } };

const GENERIC_FAILURE = 'Invalid email or password.';

type FailureReason =
  | 'bad_credentials'
  | 'locked_out'
  | 'disabled'
  | 'federated_only'
  | 'not_activated'
  | 'activation_code';

async function refuse(ctx: AnyContext, reason: FailureReason, user?: UserRow): Promise<never> {
  ctx.app.metrics.signInFailures.inc({ reason });
  if (user) {
    await transaction(ctx.app.db, (trx) =>
      recordAudit(trx, ctx, {
        action: 'auth.signInFailed',
        targetType: 'user',
        targetId: user.id,
        orgId: user.org_id,
        after: { reason },
      }),
    );
  }
  throw new AppError('unauthenticated', GENERIC_FAILURE);
}

/**
 * Counts a wrong password; the Lockout Threshold-th consecutive one locks password sign-in for the
 * Lockout Duration (0: until an administrator unlocks) and starts the count afresh, so that after
 * the lockout a few more mistakes are allowed again. Tokens and sessions are not touched: a
 * stranger who knows the address must not be able to cut an account and its automation off.
 */
async function recordWrongPassword(ctx: AnyContext, user: UserRow): Promise<void> {
  const threshold = Number(await getSetting(ctx, 'users.lockoutThreshold'));
  const minutes = Number(await getSetting(ctx, 'users.lockoutDurationMinutes'));
  const locked = await transaction(ctx.app.db, async (trx) => {
    const row = await countWrongPassword(trx, user.id);
    const now = nowIso(ctx.app.clock);
    if (row.failed_sign_ins < threshold || isLockedOut(row, now)) return false;
    const lockedUntil = minutes === 0 ? null : addMinutes(now, minutes);
    await lockOutUser(trx, user.id, lockedUntil, now);
    await recordAudit(trx, ctx, {
      action: 'user.lockout',
      targetType: 'user',
      targetId: user.id,
      orgId: user.org_id,
      before: { lockedOut: false },
      after: { lockedOut: true, lockedUntil, failedSignIns: row.failed_sign_ins },
    });
    return true;
  });
  if (locked) ctx.app.metrics.lockouts.inc();
}

/**
 * Password sign-in. Every refusal before the password is proven gives the same answer, whether
 * the account is unknown, the password wrong, or the account locked, disabled, federated-only or
 * not yet activated; the audit and the metrics record the real reason. A right password opens a
 * session at the first sign-in step still to do (MFA, password change, MFA enrolment).
 */
export async function signIn(
  ctx: PublicContext,
  input: { email: string; password: string; activationCode?: string | undefined },
) {
  const emailKey = input.email.toLowerCase();
  await consumeRateLimit(
    ctx.app,
    `sign-in:ip:${ctx.ip ?? 'unknown'}`,
    SIGN_IN_LIMITS.perIp.hits,
    SIGN_IN_LIMITS.perIp.seconds,
  );
  await consumeRateLimit(
    ctx.app,
    `sign-in:account:${emailKey}`,
    SIGN_IN_LIMITS.perAccount.hits,
    SIGN_IN_LIMITS.perAccount.seconds,
  );
  const user = await findSigningInUserByEmail(ctx.app.db.kysely, emailKey);
  const passwordOk = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!user) return refuse(ctx, 'bad_credentials');
  // A locked account's wrong passwords are not counted: guessing on cannot prolong the lockout.
  if (isLockedOut(user, nowIso(ctx.app.clock))) return refuse(ctx, 'locked_out', user);
  if (!passwordOk) {
    await recordWrongPassword(ctx, user);
    return refuse(ctx, 'bad_credentials', user);
  }
  if (user.disabled === 1) return refuse(ctx, 'disabled', user);
  if (user.federated_only === 1) return refuse(ctx, 'federated_only', user);
  if (user.activated_at === null) return refuse(ctx, 'not_activated', user);
  if (user.activation_code_hash !== null) {
    const code = input.activationCode?.trim().toUpperCase();
    const valid =
      code !== undefined &&
      (user.activation_code_expires_at ?? '') > nowIso(ctx.app.clock) &&
      safeEqualHex(user.activation_code_hash, sha256Hex(code));
    if (!valid) {
      ctx.app.metrics.signInFailures.inc({ reason: 'activation_code' });
      throw new AppError(
        'activation_code_required',
        'Enter the activation code your administrator gave you.',
        [{ field: 'body.activationCode', message: code === undefined ? 'Required.' : 'Not valid.' }],
      );
    }
  }
  const stage = nextStage(user, false);
  const now = nowIso(ctx.app.clock);
  const session = await transaction(ctx.app.db, async (trx) => {
    await recordPasswordSignIn(trx, user.id, now);
    const opened = await openSession(trx, ctx, user.id, stage);
    await recordAudit(trx, actingAs(ctx, actorFromUser(user, { sessionId: opened.sessionId })), {
      action: 'auth.signIn',
      targetType: 'user',
      targetId: user.id,
      orgId: user.org_id,
      after: { method: 'password', stage },
    });
    return opened;
  });
  const actorCtx = actingAs(ctx, actorFromUser(user, { sessionId: session.sessionId, stage }));
  return { cookie: session.cookie, csrfToken: session.csrfToken, me: await describeActor(actorCtx) };
}

/** Ends the caller's session; the route drops its cookie. */
export async function signOut(ctx: RequestContext): Promise<void> {
  const actor = ctx.actor;
  if (actor.sessionId) {
    await revokeSession(ctx.app.db.kysely, actor.sessionId, nowIso(ctx.app.clock));
  }
}

/**
 * Ends every session of the caller, on every device (API tokens are revoked separately); the route
 * drops its cookie.
 */
export async function signOutEverywhere(ctx: RequestContext): Promise<void> {
  const actor = ctx.actor;
  const user = await loadOwnUser(ctx.app.db.kysely, actor.userId);
  await transaction(ctx.app.db, async (trx) => {
    await revokeSessions(trx, ctx.app.clock, actor.userId);
    await recordAudit(trx, ctx, {
      action: 'auth.signOutEverywhere',
      targetType: 'user',
      targetId: user.id,
      orgId: user.org_id,
    });
  });
}

/**
 * Changes the caller's password after proving the current one. Other sessions end (whoever knew
 * the old password is signed out); the caller's own session moves on under a new id, whose cookie
 * the route sets.
 */
export async function changePassword(
  ctx: RequestContext,
  input: { currentPassword: string; newPassword: string },
) {
  const actor = ctx.actor;
  await consumeRateLimit(ctx.app, `password-change:${actor.userId}`, 10, 600);
  const user = await loadOwnUser(ctx.app.db.kysely, actor.userId);
  if (user.federated_only === 1) {
    throw new AppError('invalid_request', 'This account signs in through its identity provider only.');
  }
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw AppError.invalidField('body.currentPassword', 'Not your current password.', 'invalid_request');
  }
  assertPasswordPolicy(input.newPassword, user.email, 'body.newPassword');
  if (input.newPassword === input.currentPassword) {
    throw AppError.invalidField('body.newPassword', 'Choose a password different from the current one.');
  }
  const passwordHash = await hashPassword(input.newPassword);
  return transaction(ctx.app.db, async (trx) => {
    const now = nowIso(ctx.app.clock);
    await setPasswordHash(trx, user.id, passwordHash, now);
    await revokeSessions(trx, ctx.app.clock, user.id, actor.sessionId);
    await recordAudit(trx, ctx, {
      action: 'user.passwordChange',
      targetType: 'user',
      targetId: user.id,
      orgId: user.org_id,
    });
    return advanceSession(trx, ctx, { ...user, must_change_password: 0 });
  });
}
