import { type AnonymousContext, type AnyContext, actingAs, type PublicContext } from '../../context.ts';
import { decryptSecret } from '../../crypto/secrets.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { newId, PLATFORM_ORG_ID } from '../../db/ids.ts';
import type { IdentityProviderRow, UserRow } from '../../db/schema.ts';
import { addMinutes, nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import { consumeRateLimit } from '../../http/rate-limit.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { actorFromUser, describeActor } from '../auth/auth.service.ts';
import { openSession } from '../auth/sessions.ts';
import { safeEqualHex, sha256Hex } from '../auth/tokens.ts';
import { getSetting } from '../settings/settings.service.ts';
import {
  findSigningInUser,
  findSigningInUserByEmail,
  recordFederatedSignIn,
} from '../users/users.service.ts';
import { allowedDomainsOf } from './identity-providers.presenter.ts';
import {
  consumeFlow,
  findFlow,
  findLinkedUserId,
  findUsableMapping,
  insertFlow,
  insertUserIdentity,
  mappingsForDomain,
  nearestMapping,
  touchUserIdentity,
} from './identity-providers.repository.ts';
import {
  authorizationUrl,
  type FederatedClaims,
  newFlowSecrets,
  ProviderRejectedError,
  ProviderUnavailableError,
  redeemCode,
} from './oidc-client.ts';

/**
 * Federated sign-in: the authorization code flow with PKCE. `start` records the flow (state hash,
 * PKCE verifier, nonce, where to return) in the database, so any server process can finish it, and
 * binds it to the browser with a short-lived cookie holding the state; `finish` consumes the flow
 * exactly once, redeems the code, matches the person to a user and opens a session. The identity
 * provider is the authentication authority: the session starts `active`, without the local
 * password-change and TOTP steps.
 */

export const CALLBACK_PATH = '/api/v1/auth/oidc/callback';
const FLOW_MINUTES = 10;
/**
 * Holds the state of the flow this browser started. Without it, someone could start a flow, sign
 * in as themselves at the provider and send the callback link to a victim, whose browser would
 * then be signed in as the attacker (login CSRF). Path-limited to the callback; Lax is enough
 * because the provider sends the browser back with a top-level GET.
 */
export const STATE_COOKIE = 'cms_oidc_state';
const START_LIMIT = { hits: 60, seconds: 60 };

const REFUSED = 'Signing in through the identity provider was refused.';
const STALE = 'This sign-in has expired or was already used; start again.';

type FailureReason =
  | 'state_mismatch'
  | 'state_unknown'
  | 'state_expired'
  | 'provider_unavailable'
  | 'provider_error'
  | 'token_rejected'
  | 'tenant_mismatch'
  | 'link_not_allowed'
  | 'email_not_verified'
  | 'domain_not_allowed'
  | 'no_user'
  | 'other_mapping'
  | 'disabled'
  | 'locked_out';

/**
 * The base of the redirect URI: the Portal Address setting, else CMS_PUBLIC_URL, else the
 * request's own origin (`https://host`). Behind a proxy set one of the first two; the provider only
 * redirects to URIs registered with it, so a forged Host header gains nothing.
 */
export async function callbackUrl(ctx: AnyContext, requestOrigin: string): Promise<string> {
  const configured = String(await getSetting(ctx, 'platform.publicUrl')) || ctx.app.config.publicUrl || '';
  const base = configured ? configured.replace(/\/+$/, '') : requestOrigin;
  return `${base}${CALLBACK_PATH}`;
}

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

/**
 * Which identity providers the sign-in page offers for an e-mail address. Decided by the domain
 * alone, never by whether an account exists, so the answer reveals nothing about who has one:
 * enabled mappings that list the domain, and platform-level mappings open to any domain.
 */
export async function signInOptions(ctx: PublicContext, email: string) {
  const domain = domainOf(email);
  const rows = await mappingsForDomain(ctx.app.db.kysely, domain);
  const items = rows
    .filter((row) => {
      const domains = allowedDomainsOf(row);
      return domains.includes(domain) || (row.org_id === PLATFORM_ORG_ID && domains.length === 0);
    })
    .map((row) => ({ id: row.id, name: row.name, preset: row.preset }));
  return { items };
}

/** What the OIDC routes pass in from the HTTP request. */
export interface OidcRequest {
  /** `protocol://host` of the request, the redirect URI's base when no address is configured. */
  origin: string;
  /** Where a provider's failure is logged (the request's logger). */
  log: { warn(details: object, message: string): void };
}

/**
 * Where to send the browser (the provider's authorization endpoint) and the flow's state, which
 * the route sets as a cookie on the callback path. Answers 404 for a mapping that does not exist or
 * is disabled.
 */
export async function startOidcSignIn(
  ctx: PublicContext,
  request: OidcRequest,
  input: { providerId: string; returnTo?: string | undefined },
): Promise<{ location: string; state: string; stateMaxAgeSeconds: number }> {
  const db = ctx.app.db.kysely;
  const mapping = await findUsableMapping(db, input.providerId);
  if (!mapping) throw AppError.notFound('Identity provider');
  const redirectUri = await callbackUrl(ctx, request.origin);
  const secrets = newFlowSecrets();
  let location: URL;
  try {
    location = await authorizationUrl(
      { issuer: mapping.issuer, clientId: mapping.client_id },
      { redirectUri, ...secrets },
    );
  } catch (error) {
    if (!(error instanceof ProviderUnavailableError)) throw error;
    request.log.warn({ err: error, providerId: mapping.id }, 'identity provider unavailable');
    throw new AppError('not_ready', 'The identity provider cannot be reached; try again later.');
  }
  // Limited only now, and flows written only now: a request that fails above writes nothing.
  await consumeRateLimit(
    ctx.app,
    `oidc-start:ip:${ctx.ip ?? 'unknown'}`,
    START_LIMIT.hits,
    START_LIMIT.seconds,
  );
  const now = nowIso(ctx.app.clock);
  await transaction(ctx.app.db, async (trx) => {
    await insertFlow(
      trx,
      {
        id: sha256Hex(secrets.state),
        provider_id: mapping.id,
        code_verifier: secrets.codeVerifier,
        nonce: secrets.nonce,
        return_to: input.returnTo ?? null,
        created_at: now,
        expires_at: addMinutes(now, FLOW_MINUTES),
      },
      now,
    );
  });
  return { location: location.href, state: secrets.state, stateMaxAgeSeconds: FLOW_MINUTES * 60 };
}

/**
 * Every refusal answers the same 401 (the state problems excepted, which say to start again);
 * the metrics and, where a user or mapping is known, the audit record the real reason.
 */
async function refuse(
  ctx: AnyContext,
  reason: FailureReason,
  about: { mapping?: IdentityProviderRow; user?: UserRow } = {},
): Promise<never> {
  ctx.app.metrics.signInFailures.inc({ reason: `oidc_${reason}` });
  // Whoever the browser was signed in as before is not who is signing in now.
  const anonymous: AnonymousContext = { ...ctx, actor: null };
  const { mapping, user } = about;
  if (user || mapping) {
    await transaction(ctx.app.db, (trx) =>
      recordAudit(trx, anonymous, {
        action: 'auth.signInFailed',
        ...(user
          ? { targetType: 'user', targetId: user.id, orgId: user.org_id }
          : { targetType: 'identityProvider', targetId: mapping!.id, orgId: mapping!.org_id }),
        after: { reason, method: 'oidc', ...(mapping ? { providerId: mapping.id } : {}) },
      }),
    );
  }
  const stale = reason === 'state_mismatch' || reason === 'state_unknown' || reason === 'state_expired';
  throw new AppError('unauthenticated', stale ? STALE : REFUSED);
}

/** The user a federated identity stands for, or the refusal. */
async function matchUser(
  ctx: AnyContext,
  mapping: IdentityProviderRow,
  claims: FederatedClaims,
): Promise<{ user: UserRow; link: boolean }> {
  const db = ctx.app.db.kysely;
  const linkedId = await findLinkedUserId(db, claims);
  const linked = linkedId === undefined ? undefined : await findSigningInUser(db, linkedId);
  if (linked) return { user: linked, link: false };
  // First sign-in: link by e-mail only where the mapping allows it, the provider vouches for the
  // address and its domain is one the mapping serves.
  if (mapping.link_by_email !== 1) return refuse(ctx, 'link_not_allowed', { mapping });
  const verified = claims.emailVerified || (mapping.preset === 'entra' && claims.emailDomainOwnerVerified);
  if (claims.email === null || !verified) return refuse(ctx, 'email_not_verified', { mapping });
  const domains = allowedDomainsOf(mapping);
  if (domains.length > 0 && !domains.includes(domainOf(claims.email))) {
    return refuse(ctx, 'domain_not_allowed', { mapping });
  }
  const user = await findSigningInUserByEmail(db, claims.email);
  if (!user) return refuse(ctx, 'no_user', { mapping });
  return { user, link: true };
}

/**
 * The provider sent the browser back: finish the flow and sign the user in. Returns the session
 * cookie to set and where to redirect (returnTo). The route has already dropped the state cookie.
 */
export async function finishOidcSignIn(
  ctx: PublicContext,
  request: OidcRequest & {
    /** The path and query the browser came back with. */
    url: string;
    /** The state cookie the browser sent, if any. */
    browserState: string | undefined;
  },
  query: { state: string; code?: string | undefined; error?: string | undefined },
): Promise<{ location: string; cookie: string }> {
  const db = ctx.app.db.kysely;
  const { browserState } = request;
  if (browserState === undefined || !safeEqualHex(sha256Hex(browserState), sha256Hex(query.state))) {
    return refuse(ctx, 'state_mismatch');
  }
  const flowId = sha256Hex(query.state);
  const flow = await findFlow(db, flowId);
  if (!flow) return refuse(ctx, 'state_unknown');
  // Consumed exactly once, whichever process gets here first.
  if (!(await consumeFlow(db, flowId))) return refuse(ctx, 'state_unknown');
  if (flow.expires_at <= nowIso(ctx.app.clock)) return refuse(ctx, 'state_expired');
  const mapping = await findUsableMapping(db, flow.provider_id);
  if (!mapping) return refuse(ctx, 'provider_unavailable');
  if (query.error !== undefined || query.code === undefined)
    return refuse(ctx, 'provider_error', { mapping });

  // The response as the provider produced it (state, code, iss…), at the redirect URI it was sent to.
  const currentUrl = new URL(await callbackUrl(ctx, request.origin));
  currentUrl.search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
  let claims: FederatedClaims;
  try {
    claims = await redeemCode(
      {
        issuer: mapping.issuer,
        clientId: mapping.client_id,
        // Decrypted only for the token request.
        clientSecret: mapping.client_secret
          ? decryptSecret(ctx.app.encryptionKey, mapping.client_secret)
          : null,
      },
      { currentUrl, state: query.state, nonce: flow.nonce, codeVerifier: flow.code_verifier },
    );
  } catch (error) {
    if (error instanceof ProviderRejectedError || error instanceof ProviderUnavailableError) {
      request.log.warn({ err: error, providerId: mapping.id }, 'federated sign-in failed at the provider');
      return refuse(ctx, error instanceof ProviderRejectedError ? 'token_rejected' : 'provider_unavailable', {
        mapping,
      });
    }
    throw error;
  }
  // An Entra mapping serves one directory; any other directory's accounts are strangers.
  if (mapping.preset === 'entra' && claims.tenantId !== mapping.entra_tenant_id) {
    return refuse(ctx, 'tenant_mismatch', { mapping });
  }
  const { user, link } = await matchUser(ctx, mapping, claims);
  // A user signs in only through the nearest mapping up its chain: an organisation that brings its
  // own provider decides how its people sign in, not a mapping further up.
  const nearest = await nearestMapping(db, user);
  if (nearest?.id !== mapping.id) return refuse(ctx, 'other_mapping', { mapping, user });
  if (user.disabled === 1) return refuse(ctx, 'disabled', { mapping, user });
  if (user.locked_out === 1) return refuse(ctx, 'locked_out', { mapping, user });

  let cookie: string;
  try {
    cookie = await transaction(ctx.app.db, async (trx) => {
      const now = nowIso(ctx.app.clock);
      // The provider has proved the person behind the address: a first federated sign-in
      // activates an account still waiting for its invitation (whose link then stops working)
      // and makes a pending activation code, the other proof of the person, unnecessary.
      const activating = user.activated_at === null;
      await recordFederatedSignIn(trx, user.id, now, activating);
      const session = await openSession(trx, ctx, user.id, 'active');
      const userCtx = actingAs(ctx, actorFromUser(user, { sessionId: session.sessionId }));
      if (activating) {
        await recordAudit(trx, userCtx, {
          action: 'user.activate',
          targetType: 'user',
          targetId: user.id,
          orgId: user.org_id,
          after: { method: 'oidc', providerId: mapping.id },
        });
      }
      if (link) {
        await insertUserIdentity(trx, {
          id: newId('uid'),
          user_id: user.id,
          provider_id: mapping.id,
          issuer: claims.issuer,
          subject: claims.subject,
          created_at: now,
          last_used_at: now,
        });
        await recordAudit(trx, userCtx, {
          action: 'user.identityLink',
          targetType: 'user',
          targetId: user.id,
          orgId: user.org_id,
          after: { providerId: mapping.id, issuer: claims.issuer },
        });
      } else {
        await touchUserIdentity(trx, claims, now);
      }
      await recordAudit(trx, userCtx, {
        action: 'auth.signIn',
        targetType: 'user',
        targetId: user.id,
        orgId: user.org_id,
        after: { method: 'oidc', stage: 'active', providerId: mapping.id },
      });
      return session.cookie;
    });
  } catch (error) {
    // The same identity linked by a concurrent sign-in: nothing was committed; signing in again works.
    if (isUniqueViolation(error)) throw new AppError('unauthenticated', STALE);
    throw error;
  }
  return { location: flow.return_to ?? '/', cookie };
}

/**
 * The caller's session, or that there is none: always an answer (never a 401), so the portal can
 * ask who is signed in on every page load without the browser logging a failed request. It carries
 * the CSRF token (for a portal that arrived by redirect) and the caller as GET /me describes it.
 */
export async function sessionInfo(ctx: PublicContext) {
  const actor = ctx.actor;
  if (!actor) return { signedIn: false, csrfToken: null, stage: null, authenticatedBy: null, me: null };
  const me = await describeActor({ ...ctx, actor });
  return {
    signedIn: true,
    csrfToken: actor.csrfToken,
    stage: actor.stage,
    authenticatedBy: me.authenticatedBy,
    me,
  };
}
