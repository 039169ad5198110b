import { api } from './client.ts';
import { call } from './errors.ts';
import type { Query } from './types.ts';

export type AuditFilters = Omit<Query<'audit.list'>, 'limit' | 'cursor'>;

export const auditApi = {
  list: (filters: AuditFilters, page: { limit?: number; cursor?: string } = {}) =>
    call(api.GET('/api/v1/audit-events', { params: { query: { ...filters, ...page } } })),
  /** The CSV export's URL: a plain GET the browser downloads with the session cookie. */
  exportUrl: (filters: AuditFilters) => {
    const search = new URLSearchParams({ format: 'csv' });
    for (const [key, value] of Object.entries(filters)) if (value) search.set(key, String(value));
    return `/api/v1/audit-events/export?${search.toString()}`;
  },
};
