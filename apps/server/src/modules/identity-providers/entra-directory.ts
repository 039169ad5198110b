import { AppError } from '../../http/errors.ts';

/**
 * Microsoft Entra directories given as a domain. Sign-in compares the token's `tid` (always the
 * tenant id) with the mapping's directory, and the issuer is `{authority}/{tenant id}/v2.0`, so a
 * domain is turned into its tenant id when the mapping is saved: Entra's discovery document for
 * `{authority}/{domain}/v2.0` names the directory's issuer, `{authority}/{tenant id}/v2.0`.
 */

/** Seconds to wait for the authority before answering 503, as for every other provider call. */
const LOOKUP_TIMEOUT_MS = 10_000;

const FIELD = 'body.entraTenantId';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const entraIssuer = (authority: string, tenantId: string) => `${authority}/${tenantId}/v2.0`;

/** Is this directory (as the contract's rule allows it) a tenant id rather than a domain? */
export const isTenantId = (directory: string) => GUID.test(directory);

/** A domain and the tenant id it resolved to. */
export interface DomainLookup {
  domain: string;
  tenantId: string;
}

/**
 * The tenant id of the directory that has `domain`, from the authority's discovery document.
 * 422 on the field when the authority knows no such directory (Entra answers 400 AADSTS90002) or
 * its answer is not a single directory's; 503 when it cannot be reached or fails, so nothing is
 * saved that sign-in would refuse. `field` is the request field that named the domain.
 */
export async function lookUpEntraDomain(
  authority: string,
  domain: string,
  field: string = FIELD,
): Promise<DomainLookup> {
  const url = `${authority}/${encodeURIComponent(domain.toLowerCase())}/v2.0/.well-known/openid-configuration`;
  const unreachable = (why: string) =>
    new AppError(
      'not_ready',
      `Microsoft Entra (${authority}) could not be asked for the directory of ${domain}: ${why}.`,
      [
        {
          field,
          message: `Microsoft Entra could not be reached to look up ${domain}; try again later, or give the directory's tenant id (a GUID).`,
        },
      ],
    );
  let response: Response;
  let body: string;
  try {
    response = await fetch(url, {
      redirect: 'manual',
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS),
    });
    body = await response.text();
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    throw unreachable(timedOut ? `no answer within ${LOOKUP_TIMEOUT_MS / 1000} s` : describe(error));
  }
  if (response.status === 400 || response.status === 404) {
    throw AppError.invalidField(
      field,
      `No Microsoft Entra directory has the domain ${domain}; give one of the directory's verified domains or its tenant id (a GUID).`,
      'invalid_request',
    );
  }
  if (response.status !== 200) throw unreachable(`it answered ${response.status}`);
  const tenantId = tenantIdOfIssuer(authority, issuerIn(body));
  if (tenantId === undefined) {
    throw AppError.invalidField(
      field,
      `${domain} does not name a single Microsoft Entra directory; give the directory's tenant id (a GUID).`,
      'invalid_request',
    );
  }
  return { domain, tenantId };
}

function issuerIn(body: string): unknown {
  try {
    const document: unknown = JSON.parse(body);
    return typeof document === 'object' && document !== null && 'issuer' in document
      ? document.issuer
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The tenant id in an issuer of exactly the form `{authority}/{GUID}/v2.0`. Anything else (the
 * `{tenantid}` placeholder of the multi-tenant documents, another host) names no single directory.
 */
function tenantIdOfIssuer(authority: string, issuer: unknown): string | undefined {
  if (typeof issuer !== 'string' || !issuer.startsWith(`${authority}/`) || !issuer.endsWith('/v2.0')) {
    return undefined;
  }
  const tenantId = issuer.slice(authority.length + 1, -'/v2.0'.length);
  return isTenantId(tenantId) ? tenantId.toLowerCase() : undefined;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
}
