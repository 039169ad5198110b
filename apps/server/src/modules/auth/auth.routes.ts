import { defineRoute } from '../../http/route.ts';
import {
  ApiTokenCreate,
  ApiTokenCreated,
  ApiTokenList,
  ApiTokenParams,
  ChangePasswordBody,
  Me,
  SignInBody,
  SignInResult,
  StageResult,
} from './auth.schema.ts';
import { createApiToken, describeActor, listApiTokens, revokeApiToken } from './auth.service.ts';
import { clearSessionCookie, setSessionCookie } from './sessions.ts';
import { changePassword, signIn, signOut, signOutEverywhere } from './sign-in.service.ts';

export const authRoutes = [
  defineRoute({
    id: 'auth.signIn',
    public: true,
    method: 'POST',
    path: '/api/v1/auth/sign-in',
    tag: 'Authentication',
    summary: 'Sign in with email and password; sets the session cookie',
    description:
      'The session starts at the first sign-in step still to do (`me.stage`): MFA verification, a required ' +
      'password change or MFA enrolment. Until it is `active` only the operations of that step answer.',
    body: SignInBody,
    response: { status: 200, description: 'Signed in', schema: SignInResult },
    handler: async ({ ctx, body, reply }) => {
      const { cookie, ...answer } = await signIn(ctx, body);
      setSessionCookie(ctx.app, reply, cookie);
      return answer;
    },
  }),
  defineRoute({
    id: 'auth.signOutEverywhere',
    method: 'POST',
    path: '/api/v1/auth/sign-out-everywhere',
    tag: 'Authentication',
    summary: 'End every session of the caller, on every device',
    response: { status: 204, description: 'Signed out everywhere' },
    handler: async ({ ctx, reply }) => {
      await signOutEverywhere(ctx);
      clearSessionCookie(reply);
      return undefined;
    },
  }),
  defineRoute({
    id: 'auth.changePassword',
    method: 'POST',
    path: '/api/v1/auth/password',
    tag: 'Authentication',
    summary: "Change the caller's password (ends its other sessions)",
    body: ChangePasswordBody,
    response: { status: 200, description: 'Changed; the sign-in step now due', schema: StageResult },
    handler: async ({ ctx, body, reply }) => {
      const { stage, cookie } = await changePassword(ctx, body);
      setSessionCookie(ctx.app, reply, cookie);
      return { stage };
    },
  }),
  defineRoute({
    id: 'auth.signOut',
    method: 'POST',
    path: '/api/v1/auth/sign-out',
    tag: 'Authentication',
    summary: 'End the current session',
    response: { status: 204, description: 'Signed out' },
    handler: async ({ ctx, reply }) => {
      await signOut(ctx);
      clearSessionCookie(reply);
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
