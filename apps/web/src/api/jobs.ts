import { api } from './client.ts';
import { call } from './errors.ts';
import type { Query } from './types.ts';

export type JobFilters = Omit<Query<'jobs.list'>, 'limit' | 'cursor'>;

export const jobsApi = {
  list: (filters: JobFilters, page: { limit?: number; cursor?: string } = {}) =>
    call(api.GET('/api/v1/jobs', { params: { query: { ...filters, ...page } } })),
  get: (id: string) => call(api.GET('/api/v1/jobs/{id}', { params: { path: { id } } })),
  cancel: (id: string) => call(api.POST('/api/v1/jobs/{id}/cancel', { params: { path: { id } } })),
  retry: (id: string) => call(api.POST('/api/v1/jobs/{id}/retry', { params: { path: { id } } })),
};
