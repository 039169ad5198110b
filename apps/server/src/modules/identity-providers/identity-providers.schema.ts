import { z } from 'zod';
import { entraDirectory, secretText, singleLineText, webUrl } from '../../http/field-rules.ts';
import { listQueryFields, pageSchema } from '../../http/pagination.ts';
import { Me, Stage } from '../auth/auth.schema.ts';
import { Email, Id, Name, prefixedId } from '../shared.schema.ts';

export const Preset = z
  .enum(['entra', 'google', 'oidc'])
  .describe(
    'entra: Microsoft Entra ID (the issuer follows from entraTenantId); google: Google; oidc: any OpenID ' +
      'Connect provider (give its issuer)',
  );

/** Lower-case DNS names: what the domain of a verified e-mail address is compared with. */
const Domain = z
  .string()
  .max(253)
  .regex(
    /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/,
    'A lower-case domain such as example.com.',
  );

const AllowedDomains = z
  .array(Domain)
  .max(100)
  .describe(
    'E-mail domains whose people may link their account by verified e-mail and that the sign-in page offers ' +
      'this mapping to; empty: any domain',
  );

const Issuer = webUrl(500).describe(
  'The issuer identifier (https; http only on localhost, 127.0.0.1 or [::1]), in normal form. Set by the entra and google presets',
);

const EntraTenantId = entraDirectory().describe(
  'The Entra directory: tenant id (GUID) or domain, e.g. nwtraders.onmicrosoft.com; required with the entra preset. ' +
    'A domain is resolved to its tenant id when saved (422 when no directory has it, 503 when Entra cannot be reached) ' +
    'and kept as typed in entraDomain',
);

const ClientSecret = secretText(1000)
  .min(1)
  .describe('Write-only: stored encrypted and never returned (see clientSecretSet)');

export const IdentityProvider = z
  .object({
    id: z.string(),
    orgId: z
      .string()
      .describe('The organisation it attaches to; it serves the users of that organisation and below'),
    name: z.string(),
    preset: Preset,
    issuer: z.string(),
    entraTenantId: z
      .string()
      .nullable()
      .describe(
        "The Entra directory's tenant id (a GUID), which sign-in compares with the token's tid; null for other presets",
      ),
    entraDomain: z
      .string()
      .nullable()
      .describe('The domain given as the directory, as typed, when it was given as a domain; null otherwise'),
    clientId: z.string(),
    clientSecretSet: z
      .boolean()
      .describe('Whether a client secret is stored; the secret itself is never returned'),
    allowedDomains: z.array(z.string()),
    linkByEmail: z
      .boolean()
      .describe("May a first sign-in link to the existing user with the provider's verified e-mail address?"),
    enabled: z.boolean(),
    redirectUri: z.string().describe('The redirect URI to register with the identity provider'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'IdentityProvider' });

export const IdentityProviderPage = pageSchema(IdentityProvider);

export const IdentityProviderCreate = z.strictObject({
  orgId: Id.describe('The organisation the mapping attaches to, at or below your own'),
  name: Name,
  preset: Preset,
  issuer: Issuer.optional(),
  entraTenantId: EntraTenantId.optional(),
  clientId: singleLineText(500).min(1),
  clientSecret: ClientSecret.optional(),
  allowedDomains: AllowedDomains.optional(),
  linkByEmail: z.boolean().optional().describe('Default false'),
  enabled: z.boolean().optional().describe('Default true; an organisation has at most one enabled mapping'),
});

export const IdentityProviderUpdate = z.strictObject({
  name: Name.optional(),
  preset: Preset.optional(),
  issuer: Issuer.optional(),
  entraTenantId: EntraTenantId.optional(),
  clientId: singleLineText(500).min(1).optional(),
  clientSecret: ClientSecret.nullable().optional().describe('A new secret; null removes it'),
  allowedDomains: AllowedDomains.optional(),
  linkByEmail: z.boolean().optional(),
  enabled: z.boolean().optional(),
});

export const IdentityProviderParams = z.strictObject({ id: prefixedId('idp') });

export const IdentityProviderListQuery = z.strictObject({
  ...listQueryFields(['name', 'createdAt']),
  orgId: Id.optional().describe('Only the mappings attached to this organisation'),
});

// ---------------------------------------------------------------------------------------------
// The sign-in side (public)

export const SignInOptionsQuery = z.strictObject({ email: Email });

export const SignInOptions = z
  .object({
    items: z.array(z.object({ id: z.string(), name: z.string(), preset: Preset })),
  })
  .meta({ id: 'SignInOptions' });

export const OidcStartParams = z.strictObject({ providerId: prefixedId('idp') });

/**
 * Where to land after signing in: a path on this site only. A leading `//` or `/\` would make
 * browsers leave the site (an open redirect), so the second character may be neither.
 */
const ReturnTo = z
  .string()
  .max(500)
  .regex(/^\/(?![/\\])[\x21-\x5b\x5d-\x7e]*$/, 'A path on this site, starting with a single /.')
  .describe('A path on this site to go to after signing in; default /');

export const OidcStartQuery = z.strictObject({ returnTo: ReturnTo.optional() });

/** Printable ASCII without spaces: authorization codes, states and session states. */
const Token = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[\x21-\x7e]+$/, 'Not a valid value.');
/** RFC 6749 error text: printable ASCII without `"` and `\`. */
const ErrorText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[\x20\x21\x23-\x5b\x5d-\x7e]+$/, 'Not a valid value.');

/**
 * What an identity provider sends back to the redirect URI. Unknown parameters are refused like
 * everywhere else, so the extras real providers add are listed: `iss` (RFC 9207, sent by
 * oidc-provider and Entra), `session_state` (Entra), `scope`, `authuser`, `hd`, `prompt` (Google).
 */
export const OidcCallbackQuery = z.strictObject({
  state: Token(200),
  code: Token(4000).optional(),
  iss: webUrl(500).optional(),
  error: ErrorText(200).optional(),
  error_description: ErrorText(2000).optional(),
  error_uri: webUrl(500).optional(),
  session_state: Token(500).optional(),
  scope: ErrorText(2000).optional(),
  authuser: Token(10).optional(),
  hd: Domain.optional(),
  prompt: ErrorText(100).optional(),
});

export const SessionInfo = z
  .object({
    signedIn: z
      .boolean()
      .describe('false without a valid session cookie or API token; the other fields are then null'),
    csrfToken: z
      .string()
      .nullable()
      .describe('Send as X-CSRF-Token on every write made with the session cookie; null for API tokens'),
    stage: Stage.nullable(),
    authenticatedBy: z.enum(['session', 'token']).nullable(),
    me: Me.nullable().describe('The caller, as `GET /api/v1/me` describes it'),
  })
  .meta({ id: 'SessionInfo' });

/** A federated identity linked to a user: how the user signs in through a provider. */
export const LinkedIdentity = z
  .object({
    id: z.string(),
    issuer: z.string().describe('The provider that vouches for the identity'),
    subject: z.string().describe("The provider's stable id of the person (`sub`)"),
    providerId: z
      .string()
      .nullable()
      .describe('The mapping the identity was linked through; null when it is outside your scope'),
    providerName: z.string().nullable().describe('That mapping’s name; null when the mapping was deleted'),
    linkedAt: z.string(),
    lastUsedAt: z
      .string()
      .nullable()
      .describe('The last sign-in through this identity; null for links made before this was recorded'),
  })
  .meta({ id: 'LinkedIdentity' });

export const LinkedIdentityList = z
  .object({ items: z.array(LinkedIdentity) })
  .meta({ id: 'LinkedIdentityList' });

export const OwnIdentityParams = z.strictObject({ identityId: prefixedId('uid') });
export const UserIdentityParams = z.strictObject({ id: Id, identityId: prefixedId('uid') });
