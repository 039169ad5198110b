// A real OpenID Connect provider (oidc-provider) for the federated sign-in tests, run as its own
// process on 127.0.0.1 with an ephemeral port, so the CMS talks to it over HTTP exactly as it would
// to Entra ID or Google: discovery, authorization endpoint, token endpoint, JWKS and userinfo.
//
// Configuration comes as JSON in OIDC_PEER_CONFIG:
//   { "clients": [{ "client_id", "client_secret", "redirect_uris", "token_endpoint_auth_method"? }],
//     "accounts": { "<sub>": { "email": "…", "email_verified": true, "tid"?: "…" } },
//     "clientAuthMethods"?: [...]   what discovery offers (default: oidc-provider's list),
//     "claimsInIdToken"?: true      put the e-mail claims in the ID token, as Entra and Google do,
//                                   instead of only at userinfo (oidc-provider's default),
//     "entra"?: { "tenantId": "<GUID>", "domains": ["<domain>", …] }
//                                   act as a Microsoft Entra authority (CMS_ENTRA_AUTHORITY is then
//                                   http://127.0.0.1:<port>): the provider is the directory's, at
//                                   issuer <authority>/<tenantId>/v2.0; the discovery document of
//                                   each domain, <authority>/<domain>/v2.0/.well-known/openid-configuration,
//                                   is that directory's document; any other directory's answers 400
//                                   AADSTS90002, as Entra does }
// When listening it prints one line of JSON, `{"issuer":"http://127.0.0.1:<port>[/<tenantId>/v2.0]"}`,
// and serves, below the issuer:
//   /interaction/<uid>       the login and consent step, done without a form: it signs in the account
//                            named by the `peer_account` cookie (the test's browser sets it), else the
//                            first configured one, and grants the requested scopes;
//   PUT /_peer/accounts/<sub> creates or replaces an account's claims (JSON body), so tests can add
//                            people and change their e-mail between sign-ins;
//   PUT /_peer/reachable     body `false`: from now on every other request has its connection
//                            dropped (an unreachable provider); `true` ends that;
//   everything else           the provider itself.
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_PEER_CONFIG ?? '{}');
const accounts = new Map(Object.entries(config.accounts ?? {}));

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const signingKey = { ...(await exportJWK(privateKey)), kid: 'peer-1', alg: 'RS256', use: 'sig' };

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
const address = server.address();
if (address === null || typeof address === 'string') throw new Error('no TCP address');
const origin = `http://127.0.0.1:${address.port}`;
/** Where the provider is mounted: Entra's issuers are paths below the authority. */
const mount = config.entra ? `/${config.entra.tenantId}/v2.0` : '';
const issuer = `${origin}${mount}`;
const entraDomains = new Set(config.entra?.domains ?? []);
let reachable = true;

// Fixed lifetimes silence the "default ttl function called" notices; they are long enough for a test.
const ttl = (seconds) => () => seconds;

const provider = new Provider(issuer, {
  clients: config.clients ?? [],
  jwks: { keys: [signingKey] },
  cookies: { keys: ['oidc-peer-cookie-key'] },
  ...(config.clientAuthMethods ? { clientAuthMethods: config.clientAuthMethods } : {}),
  conformIdTokenClaims: config.claimsInIdToken !== true,
  claims: {
    // `tid` is Entra's directory id; it rides with openid so an Entra-like test can get it.
    openid: ['sub', 'tid'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name'],
  },
  async findAccount(_ctx, sub) {
    const claims = accounts.get(sub);
    if (!claims) return undefined;
    return { accountId: sub, claims: async () => ({ ...claims, sub }) };
  },
  features: { devInteractions: { enabled: false } },
  // PKCE for every client, confidential ones included: what the CMS must always send.
  pkce: { required: () => true },
  interactions: { url: (_ctx, interaction) => `${mount}/interaction/${interaction.uid}` },
  ttl: {
    AccessToken: ttl(600),
    AuthorizationCode: ttl(60),
    Grant: ttl(600),
    IdToken: ttl(600),
    Interaction: ttl(600),
    Session: ttl(600),
    RefreshToken: ttl(600),
    ClientCredentials: ttl(600),
    DeviceCode: ttl(600),
    BackchannelAuthenticationRequest: ttl(600),
    PreAuthorizedCode: ttl(600),
  },
});
function cookie(req, name) {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === 'login') {
    const accountId = cookie(req, 'peer_account') ?? [...accounts.keys()][0];
    if (!accountId || !accounts.has(accountId)) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(`unknown account ${accountId}`);
      return;
    }
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId } },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  // Consent: grant exactly what the client asked for (scopes and claims still missing).
  const { accountId } = details.session;
  const clientId = details.params.client_id;
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId, clientId });
  const missing = details.prompt.details;
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

async function control(req, res, path) {
  const match = /^\/_peer\/accounts\/([^/]+)$/.exec(path);
  if (req.method !== 'PUT' || (!match && path !== '/_peer/reachable')) {
    res.writeHead(404).end();
    return;
  }
  let body = '';
  for await (const chunk of req) body += chunk;
  if (match) accounts.set(decodeURIComponent(match[1]), JSON.parse(body));
  else reachable = JSON.parse(body) === true;
  res.writeHead(204).end();
}

/**
 * Entra's discovery by domain: a domain of the directory gets the directory's own document (its
 * issuer names the tenant id); any other directory is unknown, answered as Entra answers it.
 */
async function directoryDocument(res, directory) {
  if (!entraDomains.has(directory.toLowerCase())) {
    res.writeHead(400, { 'content-type': 'application/json; charset=utf-8' }).end(
      JSON.stringify({
        error: 'invalid_tenant',
        error_description: `AADSTS90002: Tenant '${directory}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
        error_codes: [90002],
      }),
    );
    return;
  }
  const document = await fetch(`${issuer}/.well-known/openid-configuration`);
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(await document.text());
}

const handle = provider.callback();
server.on('request', (req, res) => {
  let path = new URL(req.url ?? '/', origin).pathname;
  const byDomain = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(path);
  if (mount && path.startsWith(`${mount}/`)) {
    // Mounted below the issuer's path, as oidc-provider expects it (what Express's mount does).
    req.originalUrl = req.url;
    req.url = req.url.slice(mount.length);
    path = path.slice(mount.length);
  }
  if (!reachable && !path.startsWith('/_peer/')) {
    req.socket.destroy();
    return;
  }
  const work = path.startsWith('/interaction/')
    ? interaction(req, res)
    : path.startsWith('/_peer/')
      ? control(req, res, path)
      : config.entra && byDomain && byDomain[1] !== config.entra.tenantId
        ? directoryDocument(res, decodeURIComponent(byDomain[1]))
        : Promise.resolve(handle(req, res));
  work.catch((error) => {
    process.stderr.write(`oidc peer: ${error?.stack ?? error}\n`);
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(String(error?.message ?? error));
  });
});

process.stdout.write(`${JSON.stringify({ issuer })}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
