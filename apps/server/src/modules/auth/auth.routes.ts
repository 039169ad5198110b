import { defineRoute } from '../../http/route.ts';
import {
  ApiTokenCreate,
  ApiTokenCreated,
  ApiTokenList,
  ApiTokenParams,
  Me,
  SignInBody,
  SignInResult,
} from './auth.schema.ts';
import {
  createApiToken,
  describeActor,
  listApiTokens,
  revokeApiToken,
  signIn,
  signOut,
} from './auth.service.ts';

export const authRoutes = [
  defineRoute({
    id: 'auth.signIn',
    method: 'POST',
    path: '/api/v1/auth/sign-in',
    tag: 'Authentication',
    summary: 'Sign in with email and password; sets the session cookie',
    body: SignInBody,
    response: { status: 200, description: 'Signed in', schema: SignInResult },
    handler: ({ ctx, body, reply }) => signIn(ctx, reply, body.email, body.password),
  }),
  defineRoute({
    id: 'auth.signOut',
    method: 'POST',
    path: '/api/v1/auth/sign-out',
    tag: 'Authentication',
    summary: 'End the current session',
    response: { status: 204, description: 'Signed out' },
    handler: async ({ ctx, reply }) => {
      await signOut(ctx, reply);
      return undefined;
    },
  }),
  defineRoute({
    id: 'auth.me',
    method: 'GET',
    path: '/api/v1/me',
    tag: 'Authentication',
    summary: 'The caller, its organisation and the operations it may use',
    response: { status: 200, description: 'The caller', schema: Me },
    handler: ({ ctx }) => describeActor(ctx),
  }),
  defineRoute({
    id: 'apiTokens.list',
    method: 'GET',
    path: '/api/v1/api-tokens',
    tag: 'API tokens',
    summary: "The caller's API tokens (never their secrets)",
    response: { status: 200, description: 'Tokens', schema: ApiTokenList },
    handler: ({ ctx }) => listApiTokens(ctx),
  }),
  defineRoute({
    id: 'apiTokens.create',
    method: 'POST',
    path: '/api/v1/api-tokens',
    tag: 'API tokens',
    summary: 'Create an API token scoped exactly like the caller; the secret is shown once',
    body: ApiTokenCreate,
    response: { status: 201, description: 'The new token with its secret', schema: ApiTokenCreated },
    handler: ({ ctx, body }) => createApiToken(ctx, body),
  }),
  defineRoute({
    id: 'apiTokens.revoke',
    method: 'DELETE',
    path: '/api/v1/api-tokens/:id',
    tag: 'API tokens',
    summary: 'Revoke one of your API tokens; it stops working at once',
    params: ApiTokenParams,
    response: { status: 204, description: 'Revoked' },
    handler: async ({ ctx, params }) => {
      await revokeApiToken(ctx, params.id);
      return undefined;
    },
  }),
];
