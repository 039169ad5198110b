import { api } from './client.ts';
import { call } from './errors.ts';
import { listQuery } from './list.ts';
import type { Body, ListParams, Query } from './types.ts';

/** Tax profiles, exchange rates, discounts and credits (issue 13): the platform's billing inputs. */

export const taxProfilesApi = {
  list: (params: ListParams) =>
    call(
      api.GET('/api/v1/tax-profiles', {
        params: { query: listQuery<Query<'taxProfiles.list'>['sort'] & string>(params) },
      }),
    ),
  get: (id: string) => call(api.GET('/api/v1/tax-profiles/{id}', { params: { path: { id } } })),
  create: (body: Body<'taxProfiles.create'>) => call(api.POST('/api/v1/tax-profiles', { body })),
  update: (id: string, body: Body<'taxProfiles.update'>) =>
    call(api.PATCH('/api/v1/tax-profiles/{id}', { params: { path: { id } }, body })),
  remove: (id: string) => call(api.DELETE('/api/v1/tax-profiles/{id}', { params: { path: { id } } })),
};

export const exchangeRatesApi = {
  list: (params: ListParams & { currency?: string }) => {
    const { q: _q, ...rest } = params;
    return call(
      api.GET('/api/v1/exchange-rates', {
        params: {
          query: {
            ...listQuery<Query<'exchangeRates.list'>['sort'] & string>(rest),
            ...(params.currency
              ? { currency: params.currency as Query<'exchangeRates.list'>['currency'] }
              : {}),
          },
        },
      }),
    );
  },
  create: (body: Body<'exchangeRates.create'>) => call(api.POST('/api/v1/exchange-rates', { body })),
  remove: (id: string) => call(api.DELETE('/api/v1/exchange-rates/{id}', { params: { path: { id } } })),
};

export type AdjustmentScope = { tenantId: string } | { subscriptionId: string };

export const discountsApi = {
  list: (scope: AdjustmentScope) =>
    call(api.GET('/api/v1/discounts', { params: { query: { ...scope, limit: 200 } } })),
  create: (body: Body<'discounts.create'>) => call(api.POST('/api/v1/discounts', { body })),
  update: (id: string, body: Body<'discounts.update'>) =>
    call(api.PATCH('/api/v1/discounts/{id}', { params: { path: { id } }, body })),
  remove: (id: string) => call(api.DELETE('/api/v1/discounts/{id}', { params: { path: { id } } })),
};

export const creditsApi = {
  /** A tenant's or subscription's credits, or a price list's item credits. */
  list: (scope: AdjustmentScope | { priceListId: string }) =>
    call(api.GET('/api/v1/credits', { params: { query: { ...scope, limit: 200 } } })),
  create: (body: Body<'credits.create'>) => call(api.POST('/api/v1/credits', { body })),
  update: (id: string, body: Body<'credits.update'>) =>
    call(api.PATCH('/api/v1/credits/{id}', { params: { path: { id } }, body })),
  remove: (id: string) => call(api.DELETE('/api/v1/credits/{id}', { params: { path: { id } } })),
};
