import { api } from './client.ts';
import { call } from './errors.ts';
import { listQuery } from './list.ts';
import type { Body, ListParams, Query } from './types.ts';

/**
 * The address of a list's CSV export: the whole list with the same search, order and parent
 * filter (the server pages through it); a plain link, so the browser downloads it with the session.
 */
function exportUrl(
  resource: string,
  params: { q?: string; sort?: string } & Record<string, string | undefined>,
) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value?.trim()) search.set(key, value.trim());
  const query = search.toString();
  return `/api/v1/${resource}.csv${query ? `?${query}` : ''}`;
}

export const distributorsApi = {
  list: (params: ListParams) =>
    call(
      api.GET('/api/v1/distributors', {
        params: { query: listQuery<Query<'distributors.list'>['sort'] & string>(params) },
      }),
    ),
  get: (id: string) => call(api.GET('/api/v1/distributors/{id}', { params: { path: { id } } })),
  create: (body: Body<'distributors.create'>) => call(api.POST('/api/v1/distributors', { body })),
  update: (id: string, body: Body<'distributors.update'>) =>
    call(api.PATCH('/api/v1/distributors/{id}', { params: { path: { id } }, body })),
  remove: (id: string) => call(api.DELETE('/api/v1/distributors/{id}', { params: { path: { id } } })),
  exportUrl: (params: { q?: string; sort?: string }) => exportUrl('distributors', params),
};

export const partnersApi = {
  list: (params: ListParams & { distributorId?: string }) =>
    call(
      api.GET('/api/v1/partners', {
        params: {
          query: {
            ...listQuery<Query<'partners.list'>['sort'] & string>(params),
            ...(params.distributorId ? { distributorId: params.distributorId } : {}),
          },
        },
      }),
    ),
  get: (id: string) => call(api.GET('/api/v1/partners/{id}', { params: { path: { id } } })),
  create: (body: Body<'partners.create'>) => call(api.POST('/api/v1/partners', { body })),
  update: (id: string, body: Body<'partners.update'>) =>
    call(api.PATCH('/api/v1/partners/{id}', { params: { path: { id } }, body })),
  remove: (id: string) => call(api.DELETE('/api/v1/partners/{id}', { params: { path: { id } } })),
  move: (id: string, distributorId: string) =>
    call(api.POST('/api/v1/partners/{id}/move', { params: { path: { id } }, body: { distributorId } })),
  exportUrl: (params: { q?: string; sort?: string; distributorId?: string }) => exportUrl('partners', params),
};

export const tenantsApi = {
  list: (params: ListParams & { distributorId?: string; partnerId?: string }) =>
    call(
      api.GET('/api/v1/tenants', {
        params: {
          query: {
            ...listQuery<Query<'tenants.list'>['sort'] & string>(params),
            ...(params.distributorId ? { distributorId: params.distributorId } : {}),
            ...(params.partnerId ? { partnerId: params.partnerId } : {}),
          },
        },
      }),
    ),
  get: (id: string) => call(api.GET('/api/v1/tenants/{id}', { params: { path: { id } } })),
  create: (body: Body<'tenants.create'>) => call(api.POST('/api/v1/tenants', { body })),
  update: (id: string, body: Body<'tenants.update'>) =>
    call(api.PATCH('/api/v1/tenants/{id}', { params: { path: { id } }, body })),
  remove: (id: string) => call(api.DELETE('/api/v1/tenants/{id}', { params: { path: { id } } })),
  move: (id: string, partnerId: string) =>
    call(api.POST('/api/v1/tenants/{id}/move', { params: { path: { id } }, body: { partnerId } })),
  exportUrl: (params: { q?: string; sort?: string; distributorId?: string; partnerId?: string }) =>
    exportUrl('tenants', params),
};
