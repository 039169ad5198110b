import type { Kysely } from 'kysely';
import type { AppContext, RequestContext } from '../../context.ts';
import type { Database, UserRow } from '../../db/schema.ts';
import { addMinutes, nowIso } from '../../db/time.ts';
import { AppError } from '../../http/errors.ts';
import { consumeRateLimit } from '../../http/rate-limit.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { actorFromUser } from '../auth/auth.service.ts';
import { assertPasswordPolicy, hashPassword } from '../auth/passwords.ts';
import { revokeSessions } from '../auth/sessions.ts';
import { sha256Hex } from '../auth/tokens.ts';
import {
  assertMailConfigured,
  isMailConfigured,
  logLine,
  sendMail,
  trySendMail,
} from '../mail/mail.service.ts';
import { invitationMail, passwordResetMail } from '../mail/templates.ts';
import { findOrganisationAnyKind } from '../organisations/organisations.repository.ts';
import { getSetting } from '../settings/settings.service.ts';
import { consumeUserLink, createUserLink, LINK_LIFETIME_MINUTES } from './user-links.ts';
import { findUser } from './users.repository.ts';
import { type CreatedUser, newActivationCode } from './users.service.ts';

/**
 * Invitations, activation and password resets: the flows that reach a person by e-mail with a
 * one-time link (user-links.ts). Links are created in the transaction of the change; e-mails go
 * out only after it commits, so a slow or failing mail server never holds a transaction or undoes
 * a user an administrator has just created.
 */

export type InvitationOutcome = 'sent' | 'not_sent' | 'not_needed';

/**
 * Where links in e-mails point: the Portal Address setting, else CMS_PUBLIC_URL, else the address
 * the server listens on (fine for a trial on one machine, wrong behind a proxy: set the setting).
 */
export async function portalBaseUrl(ctx: RequestContext | AppContext): Promise<string> {
  const app = 'app' in ctx ? ctx.app : ctx;
  const configured = String(await getSetting(ctx, 'platform.publicUrl')) || app.config.publicUrl || '';
  if (configured) return configured.replace(/\/+$/, '');
  const host = app.config.host.includes(':') ? `[${app.config.host}]` : app.config.host;
  return `http://${host}:${app.config.port}`;
}

async function linkTo(ctx: RequestContext, path: string, token: string): Promise<string> {
  return `${await portalBaseUrl(ctx)}${path}?token=${encodeURIComponent(token)}`;
}

/** When a link stops working, as stored with it. */
async function linkExpiry(db: Kysely<Database>, token: string): Promise<string> {
  const link = await db
    .selectFrom('user_links')
    .select('expires_at')
    .where('id', '=', sha256Hex(token))
    .executeTakeFirstOrThrow();
  return link.expires_at;
}

async function organisationName(ctx: RequestContext, user: UserRow): Promise<string> {
  // The user's own organisation is always inside the user's own scope.
  const org = await findOrganisationAnyKind(ctx.app.db.kysely, actorFromUser(user).scope, user.org_id);
  return org?.name ?? 'the portal';
}

async function invitationFor(ctx: RequestContext, user: UserRow, token: string) {
  const mail = invitationMail({
    firstName: user.first_name,
    organisationName: await organisationName(ctx, user),
    link: await linkTo(ctx, '/activate', token),
    expiresAt: await linkExpiry(ctx.app.db.kysely, token),
  });
  return { ...mail, to: user.email, template: 'invitation' as const };
}

/**
 * E-mails the invitation of a user created by a transaction that has committed. Never throws: the
 * user exists either way, and the administrator learns from the outcome whether to resend.
 */
export async function deliverInvitation(
  ctx: RequestContext,
  created: CreatedUser,
): Promise<InvitationOutcome> {
  // A Federated Only user signs in through its identity provider: a set-password link is useless.
  if (!created.invitationToken || created.user.federated_only === 1) return 'not_needed';
  try {
    const result = await trySendMail(ctx, await invitationFor(ctx, created.user, created.invitationToken));
    return result === 'sent' ? 'sent' : 'not_sent';
  } catch (error) {
    logLine(ctx, 'error', { err: (error as Error).message }, 'invitation e-mail failed');
    return 'not_sent';
  }
}

/**
 * For an organisation create/update response: sends the invitations of the administrators the
 * request created (after the commit) and adds `invitation` and `activationCode` to their entries.
 */
export async function withNewAdministrators<T extends { administrators: Array<{ id: string }> }>(
  ctx: RequestContext,
  view: T,
  created: readonly CreatedUser[],
): Promise<T> {
  const extra = new Map<string, { invitation: InvitationOutcome; activationCode?: string }>();
  for (const c of created) {
    extra.set(c.user.id, {
      invitation: await deliverInvitation(ctx, c),
      ...(c.activationCode ? { activationCode: c.activationCode } : {}),
    });
  }
  return { ...view, administrators: view.administrators.map((a) => ({ ...a, ...extra.get(a.id) })) };
}

/** One refusal for every unusable link: unknown, expired, used, replaced, or its user gone. */
function invalidLink(): AppError {
  return AppError.invalidField(
    'body.token',
    'This link is not valid: it has expired, was already used or was replaced by a newer one. Ask for a new one.',
  );
}

async function liveUser(trx: Kysely<Database>, id: string): Promise<UserRow | undefined> {
  return trx
    .selectFrom('users')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** Acting as the user whose link it is, so the audit row names who activated or reset. */
const asUser = (ctx: RequestContext, user: UserRow): RequestContext => ({
  ...ctx,
  actor: actorFromUser(user),
});

/**
 * Before an administrator's e-mail action: the user must be visible (404 first, so nothing about
 * users outside the branch leaks, not even that SMTP is off), in a state the action fits, and SMTP
 * set up. Checked before the transaction, which then re-checks the user: the settings cannot be
 * read inside it (SQLite has one connection) and no link should be made that cannot be sent.
 */
async function checkBeforeMailing(
  ctx: RequestContext,
  userId: string,
  refusal: (user: UserRow) => string | null,
): Promise<void> {
  const user = await findUser(ctx.app.db.kysely, ctx.actor!.scope, userId);
  if (!user) throw AppError.notFound('User');
  const refused = refusal(user);
  if (refused) throw new AppError('invalid_request', refused);
  await assertMailConfigured(ctx);
}

/**
 * Sends a new invitation link (earlier ones stop working). A pending activation code is replaced
 * too, and the new one returned: the old one may have expired with the old link or been lost.
 */
export async function resendInvitation(ctx: RequestContext, userId: string) {
  const refusal = (user: UserRow) =>
    user.activated_at !== null
      ? 'This user has already activated the account.'
      : user.federated_only === 1
        ? 'This user is Federated Only and signs in through an identity provider: no invitation is needed.'
        : null;
  await checkBeforeMailing(ctx, userId, refusal);
  const issued = await ctx.app.db.kysely.transaction().execute(async (trx) => {
    const user = await findUser(trx, ctx.actor!.scope, userId);
    if (!user) throw AppError.notFound('User');
    const refused = refusal(user);
    if (refused) throw new AppError('invalid_request', refused);
    const token = await createUserLink(trx, user.id, 'invitation');
    let activationCode: string | null = null;
    if (user.activation_code_hash !== null) {
      activationCode = newActivationCode();
      await trx
        .updateTable('users')
        .set({
          activation_code_hash: sha256Hex(activationCode),
          activation_code_expires_at: addMinutes(nowIso(), LINK_LIFETIME_MINUTES.invitation),
          updated_at: nowIso(),
        })
        .where('id', '=', user.id)
        .execute();
    }
    await recordAudit(trx, ctx, {
      action: 'user.invitationResent',
      targetType: 'user',
      targetId: user.id,
      orgId: user.org_id,
      after: { activationCodeRenewed: activationCode !== null },
    });
    return { user, token, activationCode };
  });
  await sendMail(ctx, await invitationFor(ctx, issued.user, issued.token));
  return {
    expiresAt: await linkExpiry(ctx.app.db.kysely, issued.token),
    ...(issued.activationCode ? { activationCode: issued.activationCode } : {}),
  };
}

/**
 * Sets the first password through the invitation link: the link is used up, the account active.
 * Everything happens in one transaction, so a refused password leaves the link usable.
 */
export async function activateAccount(ctx: RequestContext, input: { token: string; password: string }) {
  return ctx.app.db.kysely.transaction().execute(async (trx) => {
    const userId = await consumeUserLink(trx, input.token, 'invitation');
    const user = userId ? await liveUser(trx, userId) : undefined;
    if (!user || user.activated_at !== null) throw invalidLink();
    if (user.federated_only === 1) {
      throw new AppError('invalid_request', 'This account signs in through its identity provider only.');
    }
    assertPasswordPolicy(input.password, user.email, 'body.password');
    const now = nowIso();
    await trx
      .updateTable('users')
      .set({
        password_hash: await hashPassword(input.password),
        password_changed_at: now,
        must_change_password: 0,
        activated_at: now,
        updated_at: now,
      })
      .where('id', '=', user.id)
      .execute();
    await recordAudit(trx, asUser(ctx, user), {
      action: 'user.activate',
      targetType: 'user',
      targetId: user.id,
      orgId: user.org_id,
    });
    return { email: user.email, activationCodeRequired: user.activation_code_hash !== null };
  });
}

/** Who may reset a password by e-mail: activated, enabled, not Federated Only (locked out is fine). */
function canResetPassword(user: UserRow): boolean {
  return user.activated_at !== null && user.disabled === 0 && user.federated_only === 0;
}

async function resetMailFor(ctx: RequestContext, user: UserRow, token: string, byAdministrator: boolean) {
  const mail = passwordResetMail({
    firstName: user.first_name,
    link: await linkTo(ctx, '/reset-password', token),
    expiresAt: await linkExpiry(ctx.app.db.kysely, token),
    byAdministrator,
  });
  return { ...mail, to: user.email, template: 'password_reset' as const };
}

/** Reset requests per window: per client address, and per e-mail address asked about. */
const RESET_LIMITS = { perIp: { hits: 20, seconds: 900 }, perAccount: { hits: 5, seconds: 900 } };

export const RESET_ACCEPTED = {
  message: 'If an account with this e-mail address can reset its password, a link is on its way.',
};

// Work a request started but does not wait for (see requestPasswordReset); tests wait for it.
const inFlight = new Set<Promise<void>>();

function inBackground(ctx: RequestContext, work: () => Promise<void>): void {
  const task: Promise<void> = work()
    .catch((error: unknown) => {
      logLine(ctx, 'error', { err: (error as Error).message }, 'password reset request failed');
    })
    .finally(() => inFlight.delete(task));
  inFlight.add(task);
}

/** Resolves once the background work started so far has finished (for tests and shutdown). */
export async function backgroundWorkSettled(): Promise<void> {
  while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
}

/**
 * Self-service "forgot password". The answer is the same 202, at the same speed, whether or not
 * the address has an account: the lookup and the e-mail happen after the response, so neither the
 * body nor the timing tells an attacker which addresses exist. The per-address limit counts every
 * address asked about, existing or not, so a 429 reveals nothing either.
 */
export async function requestPasswordReset(ctx: RequestContext, input: { email: string }) {
  const emailKey = input.email.toLowerCase();
  const { perIp, perAccount } = RESET_LIMITS;
  await consumeRateLimit(ctx.app, `password-reset:ip:${ctx.ip ?? 'unknown'}`, perIp.hits, perIp.seconds);
  await consumeRateLimit(ctx.app, `password-reset:account:${emailKey}`, perAccount.hits, perAccount.seconds);
  inBackground(ctx, async () => {
    const user = await ctx.app.db.kysely
      .selectFrom('users')
      .selectAll()
      .where('email_key', '=', emailKey)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!user || !canResetPassword(user)) return;
    if (!(await isMailConfigured(ctx))) {
      ctx.app.metrics.mailSent.inc({ template: 'password_reset', result: 'not_configured' });
      return;
    }
    const token = await ctx.app.db.kysely.transaction().execute(async (trx) => {
      const created = await createUserLink(trx, user.id, 'password_reset');
      await recordAudit(trx, ctx, {
        action: 'user.passwordResetRequested',
        targetType: 'user',
        targetId: user.id,
        orgId: user.org_id,
      });
      return created;
    });
    await trySendMail(ctx, await resetMailFor(ctx, user, token, false));
  });
  return RESET_ACCEPTED;
}

/**
 * An administrator e-mails a user a reset link (the user chooses the password; the administrator
 * never knows it). Refused while SMTP is not set up, and for users who cannot reset by e-mail.
 */
export async function sendPasswordReset(ctx: RequestContext, userId: string) {
  const refusal = (user: UserRow) =>
    user.federated_only === 1
      ? 'This user is Federated Only and signs in through an identity provider: there is no password to reset.'
      : user.activated_at === null
        ? 'This user has not activated the account yet: resend the invitation instead.'
        : user.disabled === 1
          ? 'This user is disabled: enable the account first.'
          : null;
  await checkBeforeMailing(ctx, userId, refusal);
  const issued = await ctx.app.db.kysely.transaction().execute(async (trx) => {
    const user = await findUser(trx, ctx.actor!.scope, userId);
    if (!user) throw AppError.notFound('User');
    const refused = refusal(user);
    if (refused) throw new AppError('invalid_request', refused);
    const token = await createUserLink(trx, user.id, 'password_reset');
    await recordAudit(trx, ctx, {
      action: 'user.passwordResetSent',
      targetType: 'user',
      targetId: user.id,
      orgId: user.org_id,
    });
    return { user, token };
  });
  await sendMail(ctx, await resetMailFor(ctx, issued.user, issued.token, true));
  return { expiresAt: await linkExpiry(ctx.app.db.kysely, issued.token) };
}

/**
 * Sets a new password through a reset link: the link is used up, a lockout is lifted, and every
 * session of the user ends (whoever had the old password is out). One transaction, so a refused
 * password leaves the link usable.
 */
export async function confirmPasswordReset(ctx: RequestContext, input: { token: string; password: string }) {
  return ctx.app.db.kysely.transaction().execute(async (trx) => {
    const userId = await consumeUserLink(trx, input.token, 'password_reset');
    const user = userId ? await liveUser(trx, userId) : undefined;
    // The account may have been disabled or made Federated Only since the link was sent.
    if (!user || !canResetPassword(user)) throw invalidLink();
    assertPasswordPolicy(input.password, user.email, 'body.password');
    const now = nowIso();
    await trx
      .updateTable('users')
      .set({
        password_hash: await hashPassword(input.password),
        password_changed_at: now,
        must_change_password: 0,
        locked_out: 0,
        failed_sign_ins: 0,
        updated_at: now,
      })
      .where('id', '=', user.id)
      .execute();
    await revokeSessions(trx, user.id);
    await recordAudit(trx, asUser(ctx, user), {
      action: 'user.passwordReset',
      targetType: 'user',
      targetId: user.id,
      orgId: user.org_id,
      ...(user.locked_out === 1 ? { before: { lockedOut: true }, after: { lockedOut: false } } : {}),
    });
    return { email: user.email };
  });
}
