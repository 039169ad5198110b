import { api } from './client.ts';
import { call } from './errors.ts';
import type { Query, Schemas } from './types.ts';

export type EmailLogEntry = Schemas['EmailLogEntry'];
export type EmailLogFilters = Omit<Query<'emailLog.list'>, 'limit' | 'cursor' | 'includeTotal'>;

export const emailLogApi = {
  list: (filters: EmailLogFilters, page: { limit?: number; cursor?: string } = {}) =>
    call(api.GET('/api/v1/email-log', { params: { query: { ...filters, ...page, includeTotal: 'true' } } })),
};
