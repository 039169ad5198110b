import { api } from './client.ts';
import { call } from './errors.ts';
import type { Body } from './types.ts';

/** Rated lines, the daily allocation and cost to date (modules/rating); Recalculate (platform admins). */
export const ratingApi = {
  subscriptionLines: (id: string, period?: string) =>
    call(
      api.GET('/api/v1/subscriptions/{id}/rated-lines', {
        params: { path: { id }, query: period ? { period } : {} },
      }),
    ),
  subscriptionDailyCost: (id: string, period?: string) =>
    call(
      api.GET('/api/v1/subscriptions/{id}/daily-cost', {
        params: { path: { id }, query: period ? { period } : {} },
      }),
    ),
  subscriptionCostToDate: (id: string) =>
    call(api.GET('/api/v1/subscriptions/{id}/cost-to-date', { params: { path: { id } } })),
  tenantLines: (id: string, period?: string) =>
    call(
      api.GET('/api/v1/tenants/{id}/rated-lines', {
        params: { path: { id }, query: period ? { period } : {} },
      }),
    ),
  tenantCostToDate: (id: string) =>
    call(api.GET('/api/v1/tenants/{id}/cost-to-date', { params: { path: { id } } })),
  recalculate: (body: Body<'rating.recalculate'>) => call(api.POST('/api/v1/rating/recalculate', { body })),
};
