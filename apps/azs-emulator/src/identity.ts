import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { armError, readBody, sendJson } from './http.ts';
import type { Region } from './scenario.ts';
import type { Signer } from './tokens.ts';

/**
 * Metadata discovery (§2.1) and the two client-credentials token endpoints (§2.2 Entra v1,
 * §2.3 AD FS), plus the bearer check every ARM call goes through (§2.5).
 * A region serves only its own identity system: Entra at `{base}/login/{tenant}/oauth2/token`,
 * AD FS at `{base}/adfs/oauth2/token` (the login endpoint ends with `/adfs/`, as the detection
 * regex `.+(/adfs|/adfs/)$` expects).
 */

export function loginEndpoint(region: Region, regionBase: string): string {
  return region.identity === 'adfs' ? `${regionBase}/adfs/` : `${regionBase}/login/`;
}

export function metadataEndpoints(region: Region, regionBase: string): object {
  const host = new URL(regionBase).host;
  return {
    galleryEndpoint: `http://${host}/${region.name}/gallery/`,
    graphEndpoint: region.identity === 'adfs' ? `${regionBase}/graph/` : 'https://graph.windows.net/',
    portalEndpoint: `http://${host}/${region.name}/adminportal/`,
    authentication: { loginEndpoint: loginEndpoint(region, regionBase), audiences: [region.audience] },
  };
}

function entraError(
  res: ServerResponse,
  status: number,
  error: string,
  code: number,
  description: string,
): void {
  sendJson(res, status, {
    error,
    error_description: `AADSTS${code}: ${description}\r\nTrace ID: ${randomUUID()}\r\nCorrelation ID: ${randomUUID()}\r\nTimestamp: ${new Date().toISOString()}`,
    error_codes: [code],
    timestamp: new Date().toISOString(),
    trace_id: randomUUID(),
    correlation_id: randomUUID(),
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  });
}

function adfsError(res: ServerResponse, status: number, error: string, description: string): void {
  sendJson(res, status, { error, error_description: description });
}

/** POST {loginEndpoint}{tenant}/oauth2/token (Entra) or {loginEndpoint}oauth2/token (AD FS). */
export async function issueToken(
  region: Region,
  signer: Signer,
  tenant: string | null,
  req: IncomingMessage,
  res: ServerResponse,
  regionBase: string,
): Promise<void> {
  const form = new URLSearchParams(await readBody(req));
  const adfs = region.identity === 'adfs';
  const clientId = form.get('client_id') ?? '';
  const resource = form.get('resource') ?? '';
  if (!adfs && tenant !== null) {
    const known = [region.directoryTenantId, region.directoryTenantName].map((t) => t.toLowerCase());
    if (!known.includes(tenant.toLowerCase())) {
      entraError(
        res,
        400,
        'invalid_request',
        90002,
        `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      );
      return;
    }
  }
  if (form.get('grant_type') !== 'client_credentials') {
    if (adfs)
      adfsError(
        res,
        400,
        'unsupported_grant_type',
        "MSIS9611: The authorization server does not support the requested 'grant_type'.",
      );
    else
      entraError(res, 400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    return;
  }
  const secret = region.clients.get(clientId);
  if (secret === undefined) {
    if (adfs)
      adfsError(
        res,
        400,
        'invalid_client',
        "MSIS9607: The 'client_id' parameter in the request is invalid. No registered client is found with this identifier.",
      );
    else
      entraError(
        res,
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${tenant}'.`,
      );
    return;
  }
  if (form.get('client_secret') !== secret) {
    if (adfs)
      adfsError(
        res,
        401,
        'invalid_client',
        'MSIS9622: Client authentication failed. Please verify the credential provided for client authentication is valid.',
      );
    else
      entraError(
        res,
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
      );
    return;
  }
  if (resource !== region.audience) {
    if (adfs)
      adfsError(
        res,
        400,
        'invalid_resource',
        "MSIS9602: The received 'resource' parameter is invalid. No relying party trust is registered with this identifier.",
      );
    else
      entraError(
        res,
        400,
        'invalid_resource',
        500011,
        `The resource principal named ${resource} was not found in the tenant named ${tenant}.`,
      );
    return;
  }
  const now = Math.floor(Date.now() / 1000);
  const expiresOn = now + region.tokenLifetimeSeconds;
  const accessToken = signer.signJwt({
    aud: resource,
    iss: adfs ? `${regionBase}/adfs` : `https://sts.windows.net/${region.directoryTenantId}/`,
    iat: now,
    nbf: now,
    exp: expiresOn,
    appid: clientId,
    tid: region.directoryTenantId,
    region: region.name,
    jti: randomUUID(),
  });
  // v1 shape: the numbers are strings (§2.2).
  sendJson(res, 200, {
    token_type: 'Bearer',
    expires_in: String(region.tokenLifetimeSeconds),
    ...(adfs ? {} : { ext_expires_in: String(region.tokenLifetimeSeconds) }),
    expires_on: String(expiresOn),
    not_before: String(now),
    resource,
    access_token: accessToken,
  });
}

/** The bearer check of an ARM call; answers 401 itself and returns false when the token is not good. */
export function authorize(
  region: Region,
  signer: Signer,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  const header = req.headers.authorization;
  const challenge = {
    'www-authenticate': `Bearer authorization_uri="${region.identity}", error="invalid_token"`,
  };
  if (header === undefined) {
    armError(
      res,
      401,
      'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is missing.",
      challenge,
    );
    return false;
  }
  const match = /^Bearer (\S+)$/i.exec(header);
  if (match === null) {
    armError(
      res,
      401,
      'AuthenticationFailedInvalidHeader',
      "Authentication failed. The 'Authorization' header is provided in an invalid format.",
      challenge,
    );
    return false;
  }
  const claims = signer.verifyJwt(match[1]!);
  if (claims === null) {
    armError(res, 401, 'InvalidAuthenticationToken', 'The access token is invalid.', challenge);
    return false;
  }
  const exp = typeof claims.exp === 'number' ? claims.exp : 0;
  if (exp * 1000 <= Date.now()) {
    armError(
      res,
      401,
      'ExpiredAuthenticationToken',
      `The access token expiry UTC time '${new Date(exp * 1000).toISOString()}' is earlier than current UTC time '${new Date().toISOString()}'.`,
      challenge,
    );
    return false;
  }
  if (claims.aud !== region.audience) {
    armError(
      res,
      401,
      'InvalidAuthenticationTokenAudience',
      `The access token has been obtained for wrong audience or resource '${String(claims.aud)}'. It should exactly match with one of the allowed audiences '${region.audience}'.`,
      challenge,
    );
    return false;
  }
  return true;
}
