import type { Kysely } from 'kysely';
import {
  type AnonymousContext,
  type AnyContext,
  type AppContext,
  actingAs,
  type RequestContext,
} from '../../context.ts';
import type { Database, UserRow } from '../../db/schema.ts';
import { addMinutes, nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import { consumeRateLimit } from '../../http/rate-limit.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { actorFromUser } from '../auth/auth.service.ts';
import { isLockedOut } from '../auth/lockout.ts';
import { assertPasswordPolicy, hashPassword } from '../auth/passwords.ts';
import { revokeSessions } from '../auth/sessions.ts';
import { sha256Hex } from '../auth/tokens.ts';
import { checkNewTenantIdentity } from '../identity-checks/identity-checks.service.ts';
import { isMailConfigured, type OutgoingMail } from '../mail/mail.service.ts';
import { enqueueDeferred, enqueueMail, type MailPreparer } from '../mail/outbox.ts';
import { invitationMail, passwordResetMail } from '../mail/templates.ts';
import { findOrganisationInScope } from '../organisations/organisations.service.ts';
import { getSetting } from '../settings/settings.service.ts';
import {
  consumeUserLink,
  createUserLink,
  LINK_LIFETIME_MINUTES,
  linkExpiry,
} from './user-links.repository.ts';
import {
  activateWithPassword,
  findLiveUserByEmail,
  findLiveUserById,
  findUser,
  renewActivationCode,
  resetPasswordHash,
} from './users.repository.ts';
import { type CreatedUser, newActivationCode } from './users.service.ts';

/**
 * Invitations, activation and password resets: the flows that reach a person by e-mail with a
 * one-time link (user-links.repository.ts). The link and its e-mail are written in the same transaction (the
 * mail outbox, mail/outbox.ts), so either both exist or neither; the outbox dispatcher sends the
 * e-mail after the commit, and a slow or failing mail server never holds a transaction or undoes
 * a user an administrator has just created.
 */

export type InvitationOutcome = 'queued' | 'link' | 'not_needed';

/**
 * Where links in e-mails point: the Portal Address setting, else CMS_PUBLIC_URL, else the address
 * the server listens on (fine for a trial on one machine, wrong behind a proxy: set the setting).
 */
export async function portalBaseUrl(ctx: AnyContext | AppContext, db?: Kysely<Database>): Promise<string> {
  const app = 'app' in ctx ? ctx.app : ctx;
  const configured = String(await getSetting(ctx, 'platform.publicUrl', db)) || app.config.publicUrl || '';
  if (configured) return configured.replace(/\/+$/, '');
  const host = app.config.host.includes(':') ? `[${app.config.host}]` : app.config.host;
  return `http://${host}:${app.config.port}`;
}

async function linkTo(trx: Kysely<Database>, ctx: AnyContext, path: string, token: string): Promise<string> {
  return `${await portalBaseUrl(ctx, trx)}${path}?token=${encodeURIComponent(token)}`;
}

async function invitationFor(
  trx: Kysely<Database>,
  ctx: AnyContext,
  user: UserRow,
  token: string,
): Promise<OutgoingMail> {
  // The user's own organisation is always inside the user's own scope.
  const org = await findOrganisationInScope(trx, actorFromUser(user).scope, user.org_id);
  const mail = invitationMail({
    firstName: user.first_name,
    organisationName: org?.name ?? 'the portal',
    link: await linkTo(trx, ctx, '/activate', token),
    expiresAt: await linkExpiry(trx, token),
  });
  return { ...mail, to: user.email, template: 'invitation' };
}

/**
 * Gives a new user its invitation link, in the caller's transaction: e-mailed (queued in the outbox)
 * when e-mail is set up, else returned for the creating administrator to hand over, shown once. So
 * onboarding works without a mail server, and no invited user is left without a way in.
 */
export async function issueInvitation(
  trx: Kysely<Database>,
  ctx: AnyContext,
  user: UserRow,
): Promise<{ invitation: InvitationOutcome; activationLink: string | null }> {
  // A Federated Only user signs in through its identity provider: a set-password link is useless.
  if (user.federated_only === 1) return { invitation: 'not_needed', activationLink: null };
  const delivery = await deliverInvitation(trx, ctx, user);
  return delivery.activationLink === null
    ? { invitation: 'queued', activationLink: null }
    : { invitation: 'link', activationLink: delivery.activationLink };
}

/**
 * A new invitation link for the user (earlier ones stop working), e-mailed when e-mail is set up,
 * else returned as `activationLink`.
 */
async function deliverInvitation(trx: Kysely<Database>, ctx: AnyContext, user: UserRow) {
  const token = await createUserLink(trx, ctx.app.clock, user.id, 'invitation');
  if (await isMailConfigured(ctx, trx)) {
    await enqueueMail(trx, ctx.app.clock, await invitationFor(trx, ctx, user, token));
    return { token, activationLink: null };
  }
  ctx.app.metrics.mailSent.inc({ template: 'invitation', result: 'not_configured' });
  return { token, activationLink: await linkTo(trx, ctx, '/activate', token) };
}

/**
 * For an organisation create/update response, after the commit: wakes the outbox for the
 * invitations queued, runs a new tenant's onboarding identity check (its first administrator) and
 * adds `invitation` and `activationCode` to the new administrators' entries.
 */
export async function withNewAdministrators<T extends { administrators: Array<{ id: string }> }>(
  ctx: RequestContext,
  view: T,
  created: readonly CreatedUser[],
): Promise<T> {
  if (created.some((c) => c.invitation === 'queued')) ctx.app.mail.wake();
  const firstOfTenant = created.find((c) => c.firstTenantAdministrator);
  if (firstOfTenant) await checkNewTenantIdentity(ctx, firstOfTenant.user.org_id);
  const extra = new Map<
    string,
    { invitation: InvitationOutcome; activationCode?: string; activationLink?: string }
  >();
  for (const c of created) {
    extra.set(c.user.id, {
      invitation: c.invitation,
      ...(c.activationCode ? { activationCode: c.activationCode } : {}),
      ...(c.activationLink ? { activationLink: c.activationLink } : {}),
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

/** Acting as the user whose link it is, so the audit row names who activated or reset. */
const asUser = (ctx: AnyContext, user: UserRow): RequestContext => actingAs(ctx, actorFromUser(user));

/** Why an action does not fit the user's state, or null when it does. */
type Refusal = (user: UserRow) => string | null;

/** The user in scope (404 otherwise) and in a state the action fits (422 with the reason otherwise). */
async function userFit(db: Kysely<Database>, ctx: RequestContext, userId: string, refusal: Refusal) {
  const user = await findUser(db, ctx.actor.scope, userId);
  if (!user) throw AppError.notFound('User');
  const refused = refusal(user);
  if (refused) throw new AppError('invalid_request', refused);
  return user;
}

/** A new activation code for the user, replacing the pending one; returns the code (shown once). */
async function renewCode(trx: Kysely<Database>, ctx: RequestContext, user: UserRow) {
  const code = newActivationCode();
  const now = nowIso(ctx.app.clock);
  const expiresAt = addMinutes(now, LINK_LIFETIME_MINUTES.invitation);
  await renewActivationCode(trx, user.id, sha256Hex(code), expiresAt, now);
  return { code, expiresAt };
}

/**
 * A new invitation link (earlier ones stop working): e-mailed when e-mail is set up, else returned
 * once as `activationLink` to hand over. A pending activation code is replaced too, and the new one
 * returned: the old one may have expired with the old link or been lost.
 */
export async function resendInvitation(ctx: RequestContext, userId: string) {
  const refusal: Refusal = (user) =>
    user.activated_at !== null
      ? 'This user has already activated the account. If the first sign-in still needs an activation code, issue a new code instead.'
      : user.federated_only === 1
        ? 'This user is Federated Only and signs in through an identity provider: no invitation is needed.'
        : null;
  const issued = await transaction(ctx.app.db, async (trx) => {
    const user = await userFit(trx, ctx, userId, refusal);
    const { token, activationLink } = await deliverInvitation(trx, ctx, user);
    const activationCode = user.activation_code_hash === null ? null : (await renewCode(trx, ctx, user)).code;
    await recordAudit(trx, ctx, {
      action: 'user.invitationResent',
      targetType: 'user',
      targetId: user.id,
      orgId: user.org_id,
      // Whether the link went by e-mail or to the administrator; never the link or the code.
      after: { activationCodeRenewed: activationCode !== null, delivery: activationLink ? 'link' : 'email' },
    });
    return { expiresAt: await linkExpiry(trx, token), activationCode, activationLink };
  });
  if (issued.activationLink === null) ctx.app.mail.wake();
  return {
    expiresAt: issued.expiresAt,
    delivery: issued.activationLink === null ? ('email' as const) : ('link' as const),
    ...(issued.activationLink ? { activationLink: issued.activationLink } : {}),
    ...(issued.activationCode ? { activationCode: issued.activationCode } : {}),
  };
}

/**
 * A new activation code for a user whose first sign-in still needs one (Require User Activation
 * Code), activated or not: the way back for a user who activated but lost the code, or holds one a
 * resend replaced. The pending code stops working; the new one is returned once.
 */
export async function issueActivationCode(ctx: RequestContext, userId: string) {
  const refusal: Refusal = (user) =>
    user.federated_only === 1
      ? 'This user is Federated Only and signs in through an identity provider: no activation code is needed.'
      : user.activation_code_hash === null
        ? 'This user needs no activation code: none was required, or the first sign-in is done.'
        : null;
  return transaction(ctx.app.db, async (trx) => {
    const user = await userFit(trx, ctx, userId, refusal);
    const renewed = await renewCode(trx, ctx, user);
    await recordAudit(trx, ctx, {
      action: 'user.activationCodeIssued',
      targetType: 'user',
      targetId: user.id,
      orgId: user.org_id,
    });
    return { activationCode: renewed.code, expiresAt: renewed.expiresAt };
  });
}

/**
 * Sets the first password through the invitation link: the link is used up, the account active.
 * Everything happens in one transaction, so a refused password leaves the link usable.
 */
export async function activateAccount(ctx: AnyContext, input: { token: string; password: string }) {
  return transaction(ctx.app.db, async (trx) => {
    const userId = await consumeUserLink(trx, ctx.app.clock, input.token, 'invitation');
    const user = userId ? await findLiveUserById(trx, userId) : undefined;
    if (!user || user.activated_at !== null) throw invalidLink();
    if (user.federated_only === 1) {
      throw new AppError('invalid_request', 'This account signs in through its identity provider only.');
    }
    assertPasswordPolicy(input.password, user.email, 'body.password');
    const now = nowIso(ctx.app.clock);
    await activateWithPassword(trx, user.id, await hashPassword(input.password), now);
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

async function resetMailFor(
  trx: Kysely<Database>,
  ctx: AnyContext,
  user: UserRow,
  token: string,
  byAdministrator: boolean,
): Promise<OutgoingMail> {
  const mail = passwordResetMail({
    firstName: user.first_name,
    link: await linkTo(trx, ctx, '/reset-password', token),
    expiresAt: await linkExpiry(trx, token),
    byAdministrator,
  });
  return { ...mail, to: user.email, template: 'password_reset' };
}

/** Reset requests per window: per client address, and per e-mail address asked about. */
const RESET_LIMITS = { perIp: { hits: 20, seconds: 900 }, perAccount: { hits: 5, seconds: 900 } };

/** The answers to a reset request: by whether e-mail is on, never by whether the address exists. */
export const RESET_ACCEPTED = {
  message: 'If an account with this e-mail address can reset its password, a link is on its way.',
  delivery: 'email' as const,
};
const RESET_NEEDS_ADMINISTRATOR = {
  message:
    'This portal does not send e-mail, so no link was sent. Ask your administrator to issue a password reset link for your account.',
  delivery: 'administrator' as const,
};

/** The outbox row of a self-service reset request, rendered by the dispatcher (see below). */
const RESET_REQUEST = 'password_reset_request';

interface RequestOrigin {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
}

/**
 * Self-service "forgot password". The answer is the same 202, at the same speed, whether or not
 * the address has an account: the request only queues the address asked about (one insert, for
 * every address), and the outbox dispatcher looks the account up, makes the link and renders the
 * e-mail in one transaction. Neither the body nor the timing tells an attacker which addresses
 * exist, and a process that dies after the answer loses nothing. The per-address limit counts
 * every address asked about, existing or not, so a 429 reveals nothing either. With e-mail off
 * nothing is queued and every address gets the answer that an administrator must issue the link.
 */
export async function requestPasswordReset(ctx: AnyContext, input: { email: string }) {
  const emailKey = input.email.toLowerCase();
  const { perIp, perAccount } = RESET_LIMITS;
  await consumeRateLimit(ctx.app, `password-reset:ip:${ctx.ip ?? 'unknown'}`, perIp.hits, perIp.seconds);
  await consumeRateLimit(ctx.app, `password-reset:account:${emailKey}`, perAccount.hits, perAccount.seconds);
  // E-mail off is a fact about the platform, not the address: every address gets this answer.
  if (!(await isMailConfigured(ctx))) return RESET_NEEDS_ADMINISTRATOR;
  // Who asked, for the audit row the dispatcher writes when the address has an account.
  const origin: RequestOrigin = { requestId: ctx.requestId, ip: ctx.ip, userAgent: ctx.userAgent };
  await transaction(ctx.app.db, (trx) =>
    enqueueDeferred(trx, ctx.app.clock, RESET_REQUEST, emailKey, JSON.stringify(origin)),
  );
  ctx.app.mail.wake();
  return RESET_ACCEPTED;
}

/** Renders a queued reset request: nothing for an address that cannot reset, else link, audit and mail. */
const prepareResetRequest: MailPreparer = async (trx, app, row) => {
  const origin = JSON.parse(row.text_body ?? '{}') as Partial<RequestOrigin>;
  const ctx: AnonymousContext = {
    app,
    actor: null,
    requestId: origin.requestId ?? 'mail-outbox',
    ip: origin.ip ?? null,
    userAgent: origin.userAgent ?? null,
  };
  // The recipient is the address asked about, already in lower case.
  const user = await findLiveUserByEmail(trx, row.recipient);
  if (!user || !canResetPassword(user)) return null;
  if (!(await isMailConfigured(ctx, trx))) {
    app.metrics.mailSent.inc({ template: 'password_reset', result: 'not_configured' });
    return null;
  }
  const token = await createUserLink(trx, ctx.app.clock, user.id, 'password_reset');
  await recordAudit(trx, ctx, {
    action: 'user.passwordResetRequested',
    targetType: 'user',
    targetId: user.id,
    orgId: user.org_id,
  });
  return resetMailFor(trx, ctx, user, token, false);
};

/** Outbox rows whose mail is rendered at dispatch, by template (given to the dispatcher at start). */
export const MAIL_PREPARERS: Record<string, MailPreparer> = { [RESET_REQUEST]: prepareResetRequest };

/**
 * An administrator has a user reset its password (the user chooses the password; the administrator
 * never knows it): a new reset link (earlier ones stop working), e-mailed when e-mail is set up,
 * else returned once as `passwordResetLink` for the administrator to hand over, so an activated
 * user who forgot the password is never stranded by a missing mail server. Refused for users who
 * cannot reset a password.
 */
export async function sendPasswordReset(ctx: RequestContext, userId: string) {
  const refusal: Refusal = (user) =>
    user.federated_only === 1
      ? 'This user is Federated Only and signs in through an identity provider: there is no password to reset.'
      : user.activated_at === null
        ? 'This user has not activated the account yet: resend the invitation instead.'
        : user.disabled === 1
          ? 'This user is disabled: enable the account first.'
          : null;
  const issued = await transaction(ctx.app.db, async (trx) => {
    const user = await userFit(trx, ctx, userId, refusal);
    const token = await createUserLink(trx, ctx.app.clock, user.id, 'password_reset');
    const byMail = await isMailConfigured(ctx, trx);
    await recordAudit(trx, ctx, {
      action: 'user.passwordResetSent',
      targetType: 'user',
      targetId: user.id,
      orgId: user.org_id,
      // Whether the link went by e-mail or to the administrator; never the link.
      after: { delivery: byMail ? 'email' : 'link' },
    });
    const expiresAt = await linkExpiry(trx, token);
    if (byMail) {
      await enqueueMail(trx, ctx.app.clock, await resetMailFor(trx, ctx, user, token, true));
      return { expiresAt, passwordResetLink: null };
    }
    return { expiresAt, passwordResetLink: await linkTo(trx, ctx, '/reset-password', token) };
  });
  if (issued.passwordResetLink === null) {
    ctx.app.mail.wake();
    return { expiresAt: issued.expiresAt, delivery: 'email' as const };
  }
  // Counted after the commit: a transaction run again after a deadlock counts once.
  ctx.app.metrics.mailSent.inc({ template: 'password_reset', result: 'not_configured' });
  return {
    expiresAt: issued.expiresAt,
    delivery: 'link' as const,
    passwordResetLink: issued.passwordResetLink,
  };
}

/**
 * Sets a new password through a reset link: the link is used up, a lockout is lifted, and every
 * session of the user ends (whoever had the old password is out). One transaction, so a refused
 * password leaves the link usable.
 */
export async function confirmPasswordReset(ctx: AnyContext, input: { token: string; password: string }) {
  return transaction(ctx.app.db, async (trx) => {
    const userId = await consumeUserLink(trx, ctx.app.clock, input.token, 'password_reset');
    const user = userId ? await findLiveUserById(trx, userId) : undefined;
    // The account may have been disabled or made Federated Only since the link was sent.
    if (!user || !canResetPassword(user)) throw invalidLink();
    assertPasswordPolicy(input.password, user.email, 'body.password');
    const now = nowIso(ctx.app.clock);
    await resetPasswordHash(trx, user.id, await hashPassword(input.password), now);
    await revokeSessions(trx, ctx.app.clock, user.id);
    await recordAudit(trx, asUser(ctx, user), {
      action: 'user.passwordReset',
      targetType: 'user',
      targetId: user.id,
      orgId: user.org_id,
      ...(isLockedOut(user, nowIso(ctx.app.clock))
        ? { before: { lockedOut: true }, after: { lockedOut: false } }
        : {}),
    });
    return { email: user.email };
  });
}
