import { api } from './client.ts';
import { call } from './errors.ts';
import { listQuery } from './list.ts';
import type { Body, ListParams, Query, User } from './types.ts';

export type Role = User['role'];

export const usersApi = {
  list: (params: ListParams & { orgId?: string; role?: Role }) =>
    call(
      api.GET('/api/v1/users', {
        params: {
          query: {
            ...listQuery<Query<'users.list'>['sort'] & string>(params),
            ...(params.orgId ? { orgId: params.orgId } : {}),
            ...(params.role ? { role: params.role } : {}),
          },
        },
      }),
    ),
  get: (id: string) => call(api.GET('/api/v1/users/{id}', { params: { path: { id } } })),
  create: (body: Body<'users.create'>) => call(api.POST('/api/v1/users', { body })),
  update: (id: string, body: Body<'users.update'>) =>
    call(api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body })),
  remove: (id: string) => call(api.DELETE('/api/v1/users/{id}', { params: { path: { id } } })),
  resetMfa: (id: string) => call(api.POST('/api/v1/users/{id}/mfa-reset', { params: { path: { id } } })),
  /** E-mails the user a link to choose a new password. */
  sendPasswordReset: (id: string) =>
    call(api.POST('/api/v1/users/{id}/password-reset', { params: { path: { id } } })),
  /** E-mails a new invitation to a user who has not activated yet (a new activation code, if one was pending). */
  resendInvitation: (id: string) =>
    call(api.POST('/api/v1/users/{id}/invitation', { params: { path: { id } } })),
};
