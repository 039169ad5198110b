import { defineRoute } from '../../http/route.ts';
import { IdParams } from '../shared.schema.ts';
import { UserCreated } from './activation.schema.ts';
import { User, UserCreate, UserListQuery, UserPage, UserUpdate } from './users.schema.ts';
import { createUser, deleteUser, getUser, isUserVisible, listUsers, updateUser } from './users.service.ts';

const isVisible = (ctx: Parameters<typeof isUserVisible>[0], params: { id: string }) =>
  isUserVisible(ctx, params.id);

export const userRoutes = [
  defineRoute({
    id: 'users.list',
    method: 'GET',
    path: '/api/v1/users',
    tag: 'Users',
    summary: 'Users within your scope, each with its organisation name and status',
    query: UserListQuery,
    response: { status: 200, description: 'A page of users', schema: UserPage },
    handler: ({ ctx, query: { orgId, level, role, status, q, ...page } }) =>
      listUsers(
        ctx,
        { orgId, level, role, status, q },
        { ...page, includeTotal: page.includeTotal === 'true' },
      ),
  }),
  defineRoute({
    id: 'users.get',
    method: 'GET',
    path: '/api/v1/users/:id',
    tag: 'Users',
    summary: 'One user',
    params: IdParams,
    response: { status: 200, description: 'The user', schema: User },
    handler: ({ ctx, params }) => getUser(ctx, params.id),
  }),
  defineRoute({
    id: 'users.create',
    method: 'POST',
    path: '/api/v1/users',
    tag: 'Users',
    summary: 'Create a user at an organisation at or below your own',
    body: UserCreate,
    idempotent: true,
    response: {
      status: 201,
      description: 'The new user, whether its invitation was e-mailed, and its one-time activation code',
      schema: UserCreated,
    },
    handler: ({ ctx, body }) => createUser(ctx, body),
  }),
  defineRoute({
    id: 'users.update',
    method: 'PATCH',
    path: '/api/v1/users/:id',
    tag: 'Users',
    summary: 'Change details, role or the MFA Required / Federated Only / Disabled / Locked Out toggles',
    params: IdParams,
    body: UserUpdate,
    target: isVisible,
    response: { status: 200, description: 'The user after the change', schema: User },
    handler: ({ ctx, params, body }) => updateUser(ctx, params.id, body),
  }),
  defineRoute({
    id: 'users.delete',
    method: 'DELETE',
    path: '/api/v1/users/:id',
    tag: 'Users',
    summary: 'Delete a user: access and personal data are removed, the audit keeps the id',
    params: IdParams,
    target: isVisible,
    response: { status: 204, description: 'Deleted' },
    handler: async ({ ctx, params }) => {
      await deleteUser(ctx, params.id);
      return undefined;
    },
  }),
];
