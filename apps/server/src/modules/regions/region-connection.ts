import type { AppContext } from '../../context.ts';
import { decryptSecret } from '../../crypto/secrets.ts';
import { AppError } from '../../http/errors.ts';
import {
  AzureStackClient,
  type AzureStackClientOptions,
  AzureStackError,
  type AzureStackErrorKind,
  type IdentitySystem,
} from '../../integrations/azure-stack/index.ts';
import { findCollectionRegion } from './collection.repository.ts';

/** What it takes to reach a stamp as its service principal. */
export interface RegionCredentials {
  armEndpoint: string;
  directoryTenant: string | null;
  clientId: string;
  clientSecret: string;
  providerSubscriptionId: string | null;
}

/**
 * An operator is waiting on a save or a connection test: a stamp that does not answer fails the
 * step after one quick retry, not after the collector's minutes of patience.
 */
const INTERACTIVE: AzureStackClientOptions['retry'] = {
  maxAttempts: 2,
  baseDelayMs: 500,
  maxDelayMs: 2_000,
  requestTimeoutMs: 20_000,
};

/** The one place that builds a client from a region's credentials (interactive retries). */
function clientFor(app: AppContext, credentials: RegionCredentials): AzureStackClient {
  return new AzureStackClient(
    {
      armEndpoint: credentials.armEndpoint,
      // AD FS stamps take no tenant segment; the client ignores it there.
      tenant: credentials.directoryTenant ?? '',
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      providerSubscriptionId: credentials.providerSubscriptionId,
    },
    { clock: app.clock, retry: INTERACTIVE },
  );
}

/** The request field an operator fixes for each kind of failure. */
function fieldOf(kind: AzureStackErrorKind, identity: IdentitySystem | null): string {
  switch (kind) {
    case 'invalid-client':
      return 'body.clientSecret';
    case 'invalid-tenant':
      return 'body.directoryTenant';
    case 'provider-subscription-unknown':
    case 'forbidden':
      return 'body.providerSubscriptionId';
    case 'token-refused':
      return identity === 'entra' ? 'body.directoryTenant' : 'body.clientId';
    default:
      return 'body.armEndpoint';
  }
}

/** What a save learns from the stamp. */
export interface Discovered {
  identitySystem: IdentitySystem;
  providerSubscriptionId: string;
}

/**
 * Asks the stamp, at save time, what it uses to sign in (metadata: Entra ID or AD FS) and, when the
 * operator gave none, which subscription is the Default Provider Subscription (`GET /subscriptions`),
 * and whether the service principal gets a token. A stamp that cannot be reached or refuses the credentials refuses the
 * save: 422 naming the field to fix, with the stamp's answer in words. Nothing is saved half-known.
 */
export async function discoverRegion(app: AppContext, credentials: RegionCredentials): Promise<Discovered> {
  const client = clientFor(app, credentials);
  let identitySystem: IdentitySystem | null = null;
  try {
    identitySystem = (await client.discover()).identitySystem;
    if (identitySystem === 'entra' && !credentials.directoryTenant) {
      throw AppError.invalidField(
        'body.directoryTenant',
        'Required: the stamp signs in with Microsoft Entra ID; enter the directory tenant that deployed it.',
        'invalid_request',
      );
    }
    // The credentials are proved even when the provider subscription is given: a region saved
    // with a secret the stamp refuses would only fail later, in the collector.
    await client.token();
    const providerSubscriptionId =
      credentials.providerSubscriptionId ?? (await client.providerSubscriptionId()).toLowerCase();
    return { identitySystem, providerSubscriptionId };
  } catch (error) {
    if (error instanceof AzureStackError) {
      throw AppError.invalidField(fieldOf(error.kind, identitySystem), error.message, 'invalid_request');
    }
    throw error;
  }
}

/** "Test connection": metadata, token, usage API, admin API; each step with its outcome in words. */
export async function testRegionConnection(app: AppContext, credentials: RegionCredentials) {
  const result = await clientFor(app, credentials).testConnection();
  return {
    ok: result.ok,
    identitySystem: result.identitySystem,
    providerSubscriptionId: result.providerSubscriptionId,
    steps: result.steps.map((s) => ({
      step: s.step,
      status:
        s.status === 'failed' ? ('error' as const) : s.status === 'not-run' ? ('skipped' as const) : s.status,
      message: s.message,
    })),
  };
}

const adminClients = new WeakMap<AppContext, Map<string, { key: string; client: AzureStackClient }>>();

/**
 * A client for a saved Azure Stack Hub region, for admin API calls an operator waits on (plans,
 * offers, quotas, provisioning): the secret decrypted, the interactive retry policy. One client per
 * region and connection is kept for the process (it caches the metadata and the token); a changed
 * endpoint or secret makes a new one. Unknown region → 404; an import source, a region without
 * complete credentials or with a secret that cannot be decrypted → 422 on `body.regionId`.
 */
export async function adminClientForRegion(app: AppContext, regionId: string): Promise<AzureStackClient> {
  const row = await findCollectionRegion(app.db.kysely, regionId);
  if (row === undefined) throw AppError.notFound('Region');
  if (row.kind !== 'azure_stack') {
    throw AppError.invalidField(
      'body.regionId',
      `Region '${row.name}' is an import source: it has no Azure Stack Hub admin API.`,
      'invalid_request',
    );
  }
  if (row.arm_endpoint === null || row.client_id === null || row.client_secret === null) {
    throw AppError.invalidField(
      'body.regionId',
      `Region '${row.name}' has no complete connection (ARM endpoint, client id and secret).`,
      'invalid_request',
    );
  }
  let clientSecret: string;
  try {
    clientSecret = decryptSecret(app.encryptionKey, row.client_secret);
  } catch {
    throw AppError.invalidField(
      'body.regionId',
      `The stored client secret of region '${row.name}' cannot be read (the encryption key changed); enter it again on the region.`,
      'invalid_request',
    );
  }
  const credentials: RegionCredentials = {
    armEndpoint: row.arm_endpoint,
    directoryTenant: row.directory_tenant,
    clientId: row.client_id,
    clientSecret,
    providerSubscriptionId: row.provider_subscription_id,
  };
  const key = JSON.stringify(credentials);
  let perApp = adminClients.get(app);
  if (perApp === undefined) {
    perApp = new Map();
    adminClients.set(app, perApp);
  }
  const cached = perApp.get(row.id);
  if (cached !== undefined && cached.key === key) return cached.client;
  const client = clientFor(app, credentials);
  perApp.set(row.id, { key, client });
  return client;
}
