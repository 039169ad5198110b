import { api } from './client.ts';
import { call } from './errors.ts';
import { listQuery } from './list.ts';
import type { Body, ListParams, Query } from './types.ts';

/** Plans, quotas and offers of the regions, and the CMS's publishing of offers. */

export const offersApi = {
  list: (params: ListParams & { regionId?: string; publication?: Query<'offers.list'>['publication'] }) =>
    call(
      api.GET('/api/v1/offers', {
        params: {
          query: {
            ...listQuery<Query<'offers.list'>['sort'] & string>(params),
            ...(params.regionId ? { regionId: params.regionId } : {}),
            ...(params.publication ? { publication: params.publication } : {}),
          },
        },
      }),
    ),
  get: (id: string) => call(api.GET('/api/v1/offers/{id}', { params: { path: { id } } })),
  update: (id: string, body: Body<'offers.update'>) =>
    call(api.PATCH('/api/v1/offers/{id}', { params: { path: { id } }, body })),
  remove: (id: string) => call(api.DELETE('/api/v1/offers/{id}', { params: { path: { id } } })),
  sync: (regionId: string) =>
    call(api.POST('/api/v1/regions/{regionId}/offer-syncs', { params: { path: { regionId } } })),
};

export const plansApi = {
  list: (params: ListParams & { regionId?: string }) =>
    call(
      api.GET('/api/v1/plans', {
        params: {
          query: {
            ...listQuery<Query<'plans.list'>['sort'] & string>(params),
            ...(params.regionId ? { regionId: params.regionId } : {}),
          },
        },
      }),
    ),
  get: (id: string) => call(api.GET('/api/v1/plans/{id}', { params: { path: { id } } })),
  update: (id: string, body: Body<'plans.update'>) =>
    call(api.PATCH('/api/v1/plans/{id}', { params: { path: { id } }, body })),
};

export const quotasApi = {
  list: (params: ListParams & { regionId?: string }) =>
    call(
      api.GET('/api/v1/quotas', {
        params: {
          query: {
            ...listQuery<Query<'quotas.list'>['sort'] & string>(params),
            ...(params.regionId ? { regionId: params.regionId } : {}),
          },
        },
      }),
    ),
  get: (id: string) => call(api.GET('/api/v1/quotas/{id}', { params: { path: { id } } })),
  update: (id: string, body: Body<'quotas.update'>) =>
    call(api.PATCH('/api/v1/quotas/{id}', { params: { path: { id } }, body })),
};
