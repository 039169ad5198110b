import { api } from './client.ts';
import { call } from './errors.ts';
import { listQuery } from './list.ts';
import type { Body, ListParams, Query, Subscription } from './types.ts';

export type SubscriptionStatus = Subscription['status'];

export const subscriptionsApi = {
  list: (params: ListParams & { tenantId?: string; status?: SubscriptionStatus }) =>
    call(
      api.GET('/api/v1/subscriptions', {
        params: {
          query: {
            ...listQuery<Query<'subscriptions.list'>['sort'] & string>(params),
            ...(params.tenantId ? { tenantId: params.tenantId } : {}),
            ...(params.status ? { status: params.status } : {}),
          },
        },
      }),
    ),
  get: (id: string) => call(api.GET('/api/v1/subscriptions/{id}', { params: { path: { id } } })),
  create: (body: Body<'subscriptions.create'>) => call(api.POST('/api/v1/subscriptions', { body })),
  update: (id: string, body: Body<'subscriptions.update'>) =>
    call(api.PATCH('/api/v1/subscriptions/{id}', { params: { path: { id } }, body })),
  remove: (id: string) => call(api.DELETE('/api/v1/subscriptions/{id}', { params: { path: { id } } })),
  usage: (id: string, query: Query<'subscriptions.usage'>) =>
    call(api.GET('/api/v1/subscriptions/{id}/usage', { params: { path: { id }, query } })),
  quotas: (id: string) => call(api.GET('/api/v1/subscriptions/{id}/quotas', { params: { path: { id } } })),
  suspend: (id: string) =>
    call(api.POST('/api/v1/subscriptions/{id}/suspension', { params: { path: { id } } })),
  resume: (id: string) =>
    call(api.DELETE('/api/v1/subscriptions/{id}/suspension', { params: { path: { id } } })),
  cancel: (id: string) =>
    call(api.POST('/api/v1/subscriptions/{id}/cancellation', { params: { path: { id } } })),
  deleteOnRegion: (id: string, confirm: string) =>
    call(
      api.POST('/api/v1/subscriptions/{id}/region-deletion', { params: { path: { id } }, body: { confirm } }),
    ),
  collectUsage: (id: string, body: Body<'subscriptions.collectUsage'>) =>
    call(api.POST('/api/v1/subscriptions/{id}/usage-collections', { params: { path: { id } }, body })),
};
