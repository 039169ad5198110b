import { api } from './client.ts';
import { call } from './errors.ts';
import { listQuery } from './list.ts';
import type { Body, ListParams, Query } from './types.ts';

export const regionsApi = {
  list: (params: ListParams & { kind?: 'azure_stack' | 'import' }) =>
    call(
      api.GET('/api/v1/regions', {
        params: {
          query: {
            ...listQuery<Query<'regions.list'>['sort'] & string>(params),
            ...(params.kind ? { kind: params.kind } : {}),
          },
        },
      }),
    ),
  get: (id: string) => call(api.GET('/api/v1/regions/{id}', { params: { path: { id } } })),
  health: (id: string) => call(api.GET('/api/v1/regions/{id}/health', { params: { path: { id } } })),
  create: (body: Body<'regions.create'>) => call(api.POST('/api/v1/regions', { body })),
  update: (id: string, body: Body<'regions.update'>) =>
    call(api.PATCH('/api/v1/regions/{id}', { params: { path: { id } }, body })),
  remove: (id: string) => call(api.DELETE('/api/v1/regions/{id}', { params: { path: { id } } })),
  testSaved: (id: string) =>
    call(api.POST('/api/v1/regions/{id}/test-connection', { params: { path: { id } } })),
  testDraft: (body: Body<'regions.testDraftConnection'>) =>
    call(api.POST('/api/v1/region-connection-tests', { body })),
  collectUsage: (id: string, body: Body<'regions.collectUsage'>) =>
    call(api.POST('/api/v1/regions/{id}/usage-collections', { params: { path: { id } }, body })),
  unassignedUsage: (id: string) =>
    call(api.GET('/api/v1/regions/{id}/unassigned-usage', { params: { path: { id } } })),
  heldPulls: (id: string) => call(api.GET('/api/v1/regions/{id}/held-pulls', { params: { path: { id } } })),
  confirmHeldPull: (id: string, body: Body<'regions.confirmHeldPull'>) =>
    call(api.POST('/api/v1/regions/{id}/held-pull-confirmations', { params: { path: { id } }, body })),
  platformSubscriptions: (id: string) =>
    call(api.GET('/api/v1/regions/{id}/platform-subscriptions', { params: { path: { id } } })),
  link: (regionId: string, body: Body<'subscriptions.link'>) =>
    call(api.POST('/api/v1/regions/{regionId}/subscription-links', { params: { path: { regionId } }, body })),
};
