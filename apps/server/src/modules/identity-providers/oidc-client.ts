import * as oidc from 'openid-client';

/**
 * The narrow interface to OpenID Connect providers (openid-client v6): discovery, the
 * authorization request (code flow with PKCE S256, state and nonce) and the code exchange with ID
 * token validation. Nothing else in the CMS imports openid-client.
 */

/** Discovery documents are cached per issuer for this long; they are derived data, so every process may keep its own. */
const METADATA_TTL_MS = 5 * 60_000;
/** Seconds to wait for the provider (discovery, token, userinfo) before giving up. */
const HTTP_TIMEOUT_SECONDS = 10;

export const OIDC_SCOPE = 'openid email profile';

/** The provider could not be reached or its discovery document is unusable. */
export class ProviderUnavailableError extends Error {
  override readonly name = 'ProviderUnavailableError';
}

/** The provider answered, but the authorization response, the token response or the ID token did not pass. */
export class ProviderRejectedError extends Error {
  override readonly name = 'ProviderRejectedError';
}

export interface ProviderClient {
  issuer: string;
  clientId: string;
  /** Decrypted just for the token request; null for a public client (PKCE only). */
  clientSecret: string | null;
}

/** What the CMS reads from a validated sign-in. */
export interface FederatedClaims {
  issuer: string;
  subject: string;
  email: string | null;
  /** `email_verified`; only the boolean `true` counts. */
  emailVerified: boolean;
  /** Entra's `xms_edov` (the e-mail's domain owner is verified); Entra sends no `email_verified`. */
  emailDomainOwnerVerified: boolean;
  /** Entra's `tid`: the directory the account belongs to. */
  tenantId: string | null;
}

/**
 * Plain http is accepted only for a provider on this machine (development and the tests);
 * everything else must be https.
 */
export function isLoopbackHttp(issuer: string): boolean {
  const url = new URL(issuer);
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

const cache = new Map<string, { expires: number; metadata: Promise<oidc.ServerMetadata> }>();

/** The provider's discovery document, from the cache while fresh. A failure is not cached. */
export function serverMetadata(issuer: string, now = Date.now()): Promise<oidc.ServerMetadata> {
  const hit = cache.get(issuer);
  if (hit && hit.expires > now) return hit.metadata;
  const metadata = discover(issuer, HTTP_TIMEOUT_SECONDS).catch((error: unknown) => {
    cache.delete(issuer);
    throw error;
  });
  cache.set(issuer, { expires: now + METADATA_TTL_MS, metadata });
  return metadata;
}

/**
 * Asks the provider for its discovery document now, bypassing the cache (a health check wants the
 * provider's current answer), waiting at most `timeoutSeconds`. Throws ProviderUnavailableError.
 */
export async function probeDiscovery(issuer: string, timeoutSeconds: number): Promise<void> {
  await discover(issuer, timeoutSeconds);
}

function discover(issuer: string, timeoutSeconds: number): Promise<oidc.ServerMetadata> {
  return oidc
    .discovery(new URL(issuer), 'metadata-only', undefined, undefined, {
      timeout: timeoutSeconds,
      execute: isLoopbackHttp(issuer) ? [oidc.allowInsecureRequests] : [],
    })
    .then((config) => ({ ...config.serverMetadata() }))
    .catch((error: unknown) => {
      throw new ProviderUnavailableError(`Discovery of ${issuer} failed: ${explain(error)}`);
    });
}

/** Forgets cached discovery documents (after a mapping's issuer changes, and in tests). */
export function forgetServerMetadata(issuer?: string): void {
  if (issuer === undefined) cache.clear();
  else cache.delete(issuer);
}

/**
 * Client authentication at the token endpoint, as the discovery document offers it:
 * client_secret_basic (the default when the document names none) or client_secret_post.
 */
function clientAuthentication(metadata: oidc.ServerMetadata, secret: string | null): oidc.ClientAuth {
  if (secret === null) return oidc.None();
  const methods = metadata.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
  if (methods.includes('client_secret_basic')) return oidc.ClientSecretBasic(secret);
  if (methods.includes('client_secret_post')) return oidc.ClientSecretPost(secret);
  throw new ProviderUnavailableError(
    `${metadata.issuer} offers neither client_secret_basic nor client_secret_post (${methods.join(', ')})`,
  );
}

async function configuration(client: ProviderClient): Promise<oidc.Configuration> {
  const metadata = await serverMetadata(client.issuer);
  const config = new oidc.Configuration(
    metadata,
    client.clientId,
    undefined,
    clientAuthentication(metadata, client.clientSecret),
  );
  config.timeout = HTTP_TIMEOUT_SECONDS;
  if (isLoopbackHttp(client.issuer)) oidc.allowInsecureRequests(config);
  return config;
}

/** Fresh secrets for one authorization request: state, nonce and the PKCE verifier. */
export function newFlowSecrets() {
  return {
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    codeVerifier: oidc.randomPKCECodeVerifier(),
  };
}

/** Where to send the browser: the provider's authorization endpoint with a code + PKCE request. */
export async function authorizationUrl(
  client: Omit<ProviderClient, 'clientSecret'>,
  request: { redirectUri: string; state: string; nonce: string; codeVerifier: string },
): Promise<URL> {
  const config = await configuration({ ...client, clientSecret: null });
  return oidc.buildAuthorizationUrl(config, {
    redirect_uri: request.redirectUri,
    scope: OIDC_SCOPE,
    response_type: 'code',
    code_challenge: await oidc.calculatePKCECodeChallenge(request.codeVerifier),
    code_challenge_method: 'S256',
    state: request.state,
    nonce: request.nonce,
  });
}

/**
 * Validates the authorization response that reached the redirect URI (state, `iss`), redeems the
 * code with the PKCE verifier and validates the ID token (issuer, audience, expiry, nonce). When
 * the ID token carries no e-mail (providers may put it only in userinfo, as oidc-provider does by
 * default), userinfo is asked, bound to the same subject.
 */
export async function redeemCode(
  client: ProviderClient,
  response: { currentUrl: URL; state: string; nonce: string; codeVerifier: string },
): Promise<FederatedClaims> {
  const config = await configuration(client);
  let claims: oidc.IDToken | undefined;
  let accessToken: string;
  try {
    const tokens = await oidc.authorizationCodeGrant(config, response.currentUrl, {
      pkceCodeVerifier: response.codeVerifier,
      expectedState: response.state,
      expectedNonce: response.nonce,
      idTokenExpected: true,
    });
    claims = tokens.claims();
    accessToken = tokens.access_token;
  } catch (error) {
    throw new ProviderRejectedError(`Code exchange with ${client.issuer} failed: ${explain(error)}`);
  }
  if (!claims) throw new ProviderRejectedError(`${client.issuer} returned no ID token`);
  let email = typeof claims.email === 'string' ? claims.email : null;
  let emailVerified = claims.email_verified === true;
  if (email === null && config.serverMetadata().userinfo_endpoint) {
    try {
      const info = await oidc.fetchUserInfo(config, accessToken, claims.sub);
      email = typeof info.email === 'string' ? info.email : null;
      emailVerified = info.email_verified === true;
    } catch (error) {
      throw new ProviderRejectedError(`Userinfo from ${client.issuer} failed: ${explain(error)}`);
    }
  }
  return {
    issuer: claims.iss,
    subject: claims.sub,
    email,
    emailVerified,
    emailDomainOwnerVerified: claims.xms_edov === true,
    tenantId: typeof claims.tid === 'string' ? claims.tid : null,
  };
}

function explain(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  const code = 'code' in error && typeof error.code === 'string' ? `${error.code}: ` : '';
  return `${code}${error.message}${cause}`;
}
