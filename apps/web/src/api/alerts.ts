import { api } from './client.ts';
import { call } from './errors.ts';
import type { Query } from './types.ts';

export type AlertFilters = Omit<Query<'alerts.list'>, 'limit' | 'cursor' | 'includeTotal'>;

export const alertsApi = {
  list: (filters: AlertFilters, page: { limit?: number; cursor?: string } = {}) =>
    call(api.GET('/api/v1/alerts', { params: { query: { ...filters, ...page } } })),
  acknowledge: (id: string) =>
    call(api.POST('/api/v1/alerts/{id}/acknowledge', { params: { path: { id } } })),
  resolve: (id: string) => call(api.POST('/api/v1/alerts/{id}/resolve', { params: { path: { id } } })),
};
