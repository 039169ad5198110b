import { defineRoute } from '../../http/route.ts';
import { IdParams } from '../shared.schema.ts';
import { isUserVisible } from '../users/users.service.ts';
import { LinkedIdentityList, OwnIdentityParams, UserIdentityParams } from './identity-providers.schema.ts';
import { listIdentities, removeIdentity } from './user-identities.service.ts';

const UNLINK =
  'The next sign-in through that provider is a first one again: it links only where the mapping allows ' +
  'linking by verified e-mail.';

export const userIdentityRoutes = [
  defineRoute({
    id: 'identities.listOwn',
    method: 'GET',
    path: '/api/v1/me/identities',
    tag: 'Authentication',
    summary: 'Your linked federated (OpenID Connect) identities',
    response: { status: 200, description: 'The linked identities, oldest first', schema: LinkedIdentityList },
    handler: ({ ctx }) => listIdentities(ctx, ctx.actor.userId),
  }),
  defineRoute({
    id: 'identities.removeOwn',
    method: 'DELETE',
    path: '/api/v1/me/identities/:identityId',
    tag: 'Authentication',
    summary: 'Unlink one of your federated identities',
    description: UNLINK,
    params: OwnIdentityParams,
    response: { status: 204, description: 'Unlinked' },
    handler: async ({ ctx, params }) => {
      await removeIdentity(ctx, ctx.actor.userId, params.identityId);
      return undefined;
    },
  }),
  defineRoute({
    id: 'users.listIdentities',
    method: 'GET',
    path: '/api/v1/users/:id/identities',
    tag: 'Users',
    summary: "A user's linked federated (OpenID Connect) identities",
    params: IdParams,
    response: { status: 200, description: 'The linked identities, oldest first', schema: LinkedIdentityList },
    handler: ({ ctx, params }) => listIdentities(ctx, params.id),
  }),
  defineRoute({
    id: 'users.removeIdentity',
    method: 'DELETE',
    path: '/api/v1/users/:id/identities/:identityId',
    tag: 'Users',
    summary: 'Unlink a federated identity from a user',
    description: UNLINK,
    params: UserIdentityParams,
    target: (ctx, params) => isUserVisible(ctx, params.id),
    response: { status: 204, description: 'Unlinked' },
    handler: async ({ ctx, params }) => {
      await removeIdentity(ctx, params.id, params.identityId);
      return undefined;
    },
  }),
];
