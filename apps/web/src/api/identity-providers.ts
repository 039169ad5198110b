import { api } from './client.ts';
import { call } from './errors.ts';
import { listQuery } from './list.ts';
import type { Body, ListParams, Query } from './types.ts';

export const identityProvidersApi = {
  list: (params: ListParams & { orgId?: string }) =>
    call(
      api.GET('/api/v1/identity-providers', {
        params: {
          query: {
            ...listQuery<Query<'identityProviders.list'>['sort'] & string>(params),
            ...(params.orgId ? { orgId: params.orgId } : {}),
          },
        },
      }),
    ),
  create: (body: Body<'identityProviders.create'>) => call(api.POST('/api/v1/identity-providers', { body })),
  update: (id: string, body: Body<'identityProviders.update'>) =>
    call(api.PATCH('/api/v1/identity-providers/{id}', { params: { path: { id } }, body })),
  remove: (id: string) => call(api.DELETE('/api/v1/identity-providers/{id}', { params: { path: { id } } })),
};
