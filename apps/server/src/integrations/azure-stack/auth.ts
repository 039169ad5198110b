import { AzureStackError } from './errors.ts';
import { errorBodyOf, hostOf, type RetryPolicy, type Runtime, sendOnce, sendWithRetry } from './http.ts';

/**
 * Metadata discovery (§2.1) and client-credentials tokens for Entra ID (§2.2, v1 with `resource`)
 * and AD FS (§2.3), with a per-connection cache.
 */

/** What a region's service principal signs in with. */
export interface AzureStackConnection {
  /** Admin ARM endpoint, e.g. `https://adminmanagement.local.azurestack.external`. */
  armEndpoint: string;
  /** Directory tenant (GUID or domain) that deployed the stamp; not used by AD FS. */
  tenant: string;
  clientId: string;
  clientSecret: string;
  /** Default Provider Subscription; discovered through `GET /subscriptions` when absent. */
  providerSubscriptionId?: string | null;
}

export type IdentitySystem = 'entra' | 'adfs';

export interface IdentitySettings {
  identitySystem: IdentitySystem;
  /** As announced by the stamp. */
  loginEndpoint: string;
  /** audiences[0]: the `resource` of the token request. */
  audience: string;
  tokenEndpoint: string;
}

/** Azure CLI's AD FS test (S37); case-insensitive because host names are. */
const ADFS_LOGIN = /.+(\/adfs|\/adfs\/)$/i;

export const METADATA_API_VERSION = '2015-01-01';

/** Tokens are renewed this long before `expires_on` (§7.1). */
export const TOKEN_RENEWAL_MARGIN_MS = 5 * 60_000;

export function trimSlash(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

export function identityFromMetadata(body: unknown, tenant: string, host: string): IdentitySettings {
  const authentication =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>).authentication : undefined;
  const auth =
    typeof authentication === 'object' && authentication !== null
      ? (authentication as Record<string, unknown>)
      : {};
  const loginEndpoint = typeof auth.loginEndpoint === 'string' ? auth.loginEndpoint.trim() : '';
  const audiences = Array.isArray(auth.audiences) ? auth.audiences : [];
  const audience = typeof audiences[0] === 'string' ? audiences[0].trim() : '';
  if (!/^https?:\/\//i.test(loginEndpoint) || audience === '') {
    throw new AzureStackError(
      'bad-response',
      `The metadata endpoint of ${host} did not announce authentication.loginEndpoint and authentication.audiences; is this an Azure Stack Hub admin ARM endpoint?`,
    );
  }
  if (ADFS_LOGIN.test(loginEndpoint)) {
    return {
      identitySystem: 'adfs',
      loginEndpoint,
      audience,
      tokenEndpoint: `${trimSlash(loginEndpoint)}/oauth2/token`,
    };
  }
  return {
    identitySystem: 'entra',
    loginEndpoint,
    audience,
    tokenEndpoint: `${trimSlash(loginEndpoint)}/${encodeURIComponent(tenant.trim())}/oauth2/token`,
  };
}

function firstLine(text: string | null): string {
  return (text ?? '').split(/\r?\n/)[0]!.trim();
}

/** The token endpoint's refusal in an operator's words. */
export function tokenFailure(
  status: number,
  body: string,
  connection: AzureStackConnection,
  identity: IdentitySettings,
  attempts: number,
): AzureStackError {
  const { code, message } = errorBodyOf(body);
  const detail = firstLine(message);
  const said = `${status}${code === null ? '' : ` ${code}`}${detail === '' ? '' : `: ${detail}`}`;
  const where = identity.identitySystem === 'adfs' ? 'AD FS' : 'Microsoft Entra ID';
  const details = { status, code, attempts };
  if (code === 'invalid_client' || code === 'unauthorized_client') {
    const unknown = code === 'unauthorized_client' || /MSIS9607|AADSTS700016/.test(detail);
    return new AzureStackError(
      'invalid-client',
      unknown
        ? `${where} does not know the application (client id) '${connection.clientId}'${identity.identitySystem === 'entra' ? ` in the directory '${connection.tenant}'` : ''} (${said}).`
        : `${where} rejected the client secret of application '${connection.clientId}': it is wrong or has expired (${said}).`,
      details,
    );
  }
  if (code === 'invalid_resource') {
    return new AzureStackError(
      'invalid-resource',
      `${where} does not know the audience '${identity.audience}' that the stamp announced (${said}). The application may be registered in another directory, or the ARM endpoint may belong to another stamp.`,
      details,
    );
  }
  if (/AADSTS90002|AADSTS900023/.test(detail) || (code === 'invalid_request' && /tenant/i.test(detail))) {
    return new AzureStackError(
      'invalid-tenant',
      `${where} does not know the directory tenant '${connection.tenant}' (${said}).`,
      details,
    );
  }
  return new AzureStackError(
    'token-refused',
    `${where} refused a token at ${identity.tokenEndpoint} (${said}).`,
    details,
  );
}

/**
 * One bearer token per connection, reused until `expires_on` − 5 minutes, renewed after. A token
 * ARM refuses (401) is dropped through `invalidate`, so the next call gets a new one. Concurrent
 * callers share one token request.
 */
export class TokenCache {
  private cached: { token: string; renewAtMs: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly connection: AzureStackConnection,
    private readonly identity: () => Promise<IdentitySettings>,
    private readonly runtime: Runtime,
    private readonly policy: RetryPolicy,
  ) {}

  async get(): Promise<string> {
    if (this.cached !== null && this.runtime.clock() < this.cached.renewAtMs) return this.cached.token;
    this.pending ??= this.request().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = null;
  }

  private async request(): Promise<string> {
    const identity = await this.identity();
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.connection.clientId,
      client_secret: this.connection.clientSecret,
      resource: identity.audience,
    }).toString();
    const what = `The token request to ${hostOf(identity.tokenEndpoint)}`;
    const { response, attempts } = await sendWithRetry(this.runtime, this.policy, what, () =>
      sendOnce(
        'POST',
        identity.tokenEndpoint,
        { 'content-type': 'application/x-www-form-urlencoded' },
        form,
        this.policy.requestTimeoutMs,
      ),
    );
    if (response.status !== 200) {
      throw tokenFailure(response.status, response.text, this.connection, identity, attempts);
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(response.text) as Record<string, unknown>;
    } catch (error) {
      throw new AzureStackError('bad-response', `${what} answered 200 with a body that is not JSON.`, {
        cause: error,
      });
    }
    const token = typeof body.access_token === 'string' ? body.access_token : '';
    if (token === '') {
      throw new AzureStackError('bad-response', `${what} answered 200 without an access_token.`);
    }
    this.cached = { token, renewAtMs: this.renewAt(body) };
    return token;
  }

  /** v1 answers carry their numbers as strings (§2.2); either form is read. */
  private renewAt(body: Record<string, unknown>): number {
    const seconds = (value: unknown): number | null => {
      const n =
        typeof value === 'string' ? Number(value.trim()) : typeof value === 'number' ? value : Number.NaN;
      return Number.isFinite(n) && (typeof value !== 'string' || value.trim() !== '') ? n : null;
    };
    const expiresOn = seconds(body.expires_on);
    const expiresIn = seconds(body.expires_in);
    const expiresAt =
      expiresOn !== null
        ? expiresOn * 1000
        : expiresIn !== null
          ? this.runtime.clock() + expiresIn * 1000
          : null;
    // Without an expiry the token is used for this call only.
    return expiresAt === null ? 0 : expiresAt - TOKEN_RENEWAL_MARGIN_MS;
  }
}
