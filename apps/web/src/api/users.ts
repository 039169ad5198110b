import { api } from './client.ts';
import { call } from './errors.ts';
import { listQuery } from './list.ts';
import type { Body, ListParams, Query, User } from './types.ts';

export type Role = User['role'];
export type UserStatus = User['status'];

/** The list's filters: organisation, its level, role and state (all server-side). */
export interface UserFilters {
  orgId?: string | undefined;
  level?: User['level'] | undefined;
  role?: Role | undefined;
  status?: UserStatus | undefined;
}

export const usersApi = {
  list: (params: ListParams & UserFilters) =>
    call(
      api.GET('/api/v1/users', {
        params: {
          query: {
            ...listQuery<Query<'users.list'>['sort'] & string>(params),
            ...(params.orgId ? { orgId: params.orgId } : {}),
            ...(params.level ? { level: params.level } : {}),
            ...(params.role ? { role: params.role } : {}),
            ...(params.status ? { status: params.status } : {}),
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
  /** A link for the user to choose a new password: e-mailed, or with e-mail off returned to hand over. */
  sendPasswordReset: (id: string) =>
    call(api.POST('/api/v1/users/{id}/password-reset', { params: { path: { id } } })),
  /**
   * A new invitation for a user who has not activated yet: e-mailed, or with e-mail off returned as a
   * link to hand over (and a new activation code, if one was pending).
   */
  resendInvitation: (id: string) =>
    call(api.POST('/api/v1/users/{id}/invitation', { params: { path: { id } } })),
  /** A new activation code for a user whose first sign-in still needs one. */
  issueActivationCode: (id: string) =>
    call(api.POST('/api/v1/users/{id}/activation-code', { params: { path: { id } } })),
};
