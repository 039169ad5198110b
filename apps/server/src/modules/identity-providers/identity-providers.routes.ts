import type { FastifyRequest } from 'fastify';
import type { RequestContext } from '../../context.ts';
import { defineRoute } from '../../http/route.ts';
import { setSessionCookie } from '../auth/sessions.ts';
import {
  IdentityProvider,
  IdentityProviderCreate,
  IdentityProviderListQuery,
  IdentityProviderPage,
  IdentityProviderParams,
  IdentityProviderUpdate,
  OidcCallbackQuery,
  OidcStartParams,
  OidcStartQuery,
  SessionInfo,
  SignInOptions,
  SignInOptionsQuery,
} from './identity-providers.schema.ts';
import {
  createMapping,
  deleteMapping,
  getMapping,
  isMappingVisible,
  listMappings,
  updateMapping,
} from './identity-providers.service.ts';
import {
  CALLBACK_PATH,
  callbackUrl,
  finishOidcSignIn,
  type OidcRequest,
  STATE_COOKIE,
  sessionInfo,
  signInOptions,
  startOidcSignIn,
} from './oidc-sign-in.service.ts';

const originOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;
const requestOf = (request: FastifyRequest): OidcRequest => ({ origin: originOf(request), log: request.log });

const isVisible = (ctx: RequestContext, params: { id: string }) => isMappingVisible(ctx, params.id);
const TAG = 'Identity providers';

export const identityProviderRoutes = [
  defineRoute({
    id: 'identityProviders.list',
    method: 'GET',
    path: '/api/v1/identity-providers',
    tag: TAG,
    summary: 'Identity-provider mappings of the organisations within your scope',
    query: IdentityProviderListQuery,
    response: { status: 200, description: 'A page of mappings', schema: IdentityProviderPage },
    handler: async ({ ctx, request, query: { orgId, q, includeTotal, ...page } }) =>
      listMappings(
        ctx,
        { orgId, q },
        { ...page, includeTotal: includeTotal === 'true' },
        await callbackUrl(ctx, originOf(request)),
      ),
  }),
  defineRoute({
    id: 'identityProviders.get',
    method: 'GET',
    path: '/api/v1/identity-providers/:id',
    tag: TAG,
    summary: 'One identity-provider mapping (never its client secret)',
    params: IdentityProviderParams,
    response: { status: 200, description: 'The mapping', schema: IdentityProvider },
    handler: async ({ ctx, request, params }) =>
      getMapping(ctx, params.id, await callbackUrl(ctx, originOf(request))),
  }),
  defineRoute({
    id: 'identityProviders.create',
    method: 'POST',
    path: '/api/v1/identity-providers',
    tag: TAG,
    summary: 'Attach an identity provider to an organisation at or below your own',
    description:
      'The users of that organisation and below sign in through the nearest enabled mapping up their chain. ' +
      'An organisation has at most one enabled mapping (409 otherwise). Register `redirectUri` with the provider.',
    body: IdentityProviderCreate,
    idempotent: true,
    response: { status: 201, description: 'The new mapping', schema: IdentityProvider },
    handler: async ({ ctx, request, body }) =>
      createMapping(ctx, body, await callbackUrl(ctx, originOf(request))),
  }),
  defineRoute({
    id: 'identityProviders.update',
    method: 'PATCH',
    path: '/api/v1/identity-providers/:id',
    tag: TAG,
    summary: 'Change a mapping: name, preset and issuer, client, allowed domains, linking, enabled',
    params: IdentityProviderParams,
    body: IdentityProviderUpdate,
    target: isVisible,
    response: { status: 200, description: 'The mapping after the change', schema: IdentityProvider },
    handler: async ({ ctx, request, params, body }) =>
      updateMapping(ctx, params.id, body, await callbackUrl(ctx, originOf(request))),
  }),
  defineRoute({
    id: 'identityProviders.delete',
    method: 'DELETE',
    path: '/api/v1/identity-providers/:id',
    tag: TAG,
    summary: 'Remove a mapping; its users fall back to the next mapping up their chain',
    params: IdentityProviderParams,
    target: isVisible,
    response: { status: 204, description: 'Deleted' },
    handler: async ({ ctx, params }) => {
      await deleteMapping(ctx, params.id);
      return undefined;
    },
  }),

  defineRoute({
    id: 'auth.identityProviders',
    public: true,
    method: 'GET',
    path: '/api/v1/auth/identity-providers',
    tag: 'Authentication',
    summary: 'Identity providers the sign-in page offers for an e-mail address',
    description:
      'Decided by the domain of the address only (mappings that list it, and platform-level mappings open to ' +
      'any domain), never by whether an account exists.',
    query: SignInOptionsQuery,
    response: { status: 200, description: 'Providers to offer', schema: SignInOptions },
    handler: ({ ctx, query }) => signInOptions(ctx, query.email),
  }),
  defineRoute({
    id: 'auth.oidcStart',
    public: true,
    method: 'GET',
    path: '/api/v1/auth/oidc/:providerId/start',
    tag: 'Authentication',
    summary: "Start signing in through an identity provider: redirects to the provider's sign-in page",
    description:
      'Browsers navigate here. 503 when the provider cannot be reached; 404 for a mapping that does not exist ' +
      'or is disabled.',
    params: OidcStartParams,
    query: OidcStartQuery,
    response: { status: 302, description: "Redirect to the provider's authorization endpoint" },
    handler: async ({ ctx, request, reply, params, query }) => {
      const flow = await startOidcSignIn(ctx, requestOf(request), {
        providerId: params.providerId,
        returnTo: query.returnTo,
      });
      reply.setCookie(STATE_COOKIE, flow.state, {
        path: CALLBACK_PATH,
        httpOnly: true,
        sameSite: 'lax',
        secure: ctx.app.config.publicUrl?.startsWith('https:') ?? false,
        maxAge: flow.stateMaxAgeSeconds,
      });
      reply.header('location', flow.location);
      return undefined;
    },
  }),
  defineRoute({
    id: 'auth.oidcCallback',
    public: true,
    method: 'GET',
    path: '/api/v1/auth/oidc/callback',
    tag: 'Authentication',
    summary: 'Where the identity provider sends the browser back; signs in and redirects to returnTo',
    description:
      'Sets the session cookie; the portal then reads its CSRF token from `GET /api/v1/auth/session`. ' +
      'Every refusal is the same 401 (an expired, replayed or foreign sign-in says to start again).',
    query: OidcCallbackQuery,
    response: { status: 302, description: 'Signed in: redirect to returnTo' },
    handler: async ({ ctx, request, reply, query }) => {
      // Dropped whatever the outcome: a state is good for one attempt.
      reply.clearCookie(STATE_COOKIE, { path: CALLBACK_PATH });
      const { location, cookie } = await finishOidcSignIn(
        ctx,
        { ...requestOf(request), url: request.url, browserState: request.cookies?.[STATE_COOKIE] },
        query,
      );
      setSessionCookie(ctx.app, reply, cookie);
      reply.header('location', location);
      return undefined;
    },
  }),
  defineRoute({
    id: 'auth.session',
    public: true,
    method: 'GET',
    path: '/api/v1/auth/session',
    tag: 'Authentication',
    summary: "Who is signed in: the caller's session, its CSRF token and sign-in step, or none",
    description:
      'Always 200, also without credentials (`signedIn: false`), so a browser can ask on every page ' +
      'load without logging a failed request. The portal reads the CSRF token here when it arrived by ' +
      'redirect (federated sign-in) and has no sign-in response to read.',
    response: { status: 200, description: 'The session', schema: SessionInfo },
    handler: async ({ ctx }) => sessionInfo(ctx),
  }),
];
