import { api } from './client.ts';
import { call } from './errors.ts';
import { listQuery } from './list.ts';
import type { Body, ListParams, Query } from './types.ts';

/** Price lists, their versions and items (platform users; docs/pricing.md). */
export const pricingApi = {
  list: (params: ListParams & { scopeType?: Query<'priceLists.list'>['scopeType'] }) =>
    call(
      api.GET('/api/v1/price-lists', {
        params: {
          query: {
            ...listQuery<Query<'priceLists.list'>['sort'] & string>(params),
            ...(params.scopeType ? { scopeType: params.scopeType } : {}),
          },
        },
      }),
    ),
  get: (id: string) => call(api.GET('/api/v1/price-lists/{id}', { params: { path: { id } } })),
  create: (body: Body<'priceLists.create'>) => call(api.POST('/api/v1/price-lists', { body })),
  update: (id: string, body: Body<'priceLists.update'>) =>
    call(api.PATCH('/api/v1/price-lists/{id}', { params: { path: { id } }, body })),
  remove: (id: string) => call(api.DELETE('/api/v1/price-lists/{id}', { params: { path: { id } } })),
  clone: (listId: string, body: Body<'priceLists.clone'>) =>
    call(api.POST('/api/v1/price-lists/{listId}/clones', { params: { path: { listId } }, body })),
  createVersion: (listId: string, body: Body<'priceListVersions.create'>) =>
    call(api.POST('/api/v1/price-lists/{listId}/versions', { params: { path: { listId } }, body })),
  version: (id: string) => call(api.GET('/api/v1/price-list-versions/{id}', { params: { path: { id } } })),
  updateVersion: (id: string, body: Body<'priceListVersions.update'>) =>
    call(api.PATCH('/api/v1/price-list-versions/{id}', { params: { path: { id } }, body })),
  removeVersion: (id: string) =>
    call(api.DELETE('/api/v1/price-list-versions/{id}', { params: { path: { id } } })),
  activate: (id: string) =>
    call(api.POST('/api/v1/price-list-versions/{id}/activation', { params: { path: { id } } })),
  /** The CSV export's URL: a plain GET the browser downloads with the session cookie. */
  exportUrl: (id: string) => `/api/v1/price-list-versions/${encodeURIComponent(id)}/items.csv`,
  importCsv: (id: string, content: string, dryRun: boolean) =>
    call(
      api.POST('/api/v1/price-list-versions/{id}/items-import', {
        params: { path: { id }, query: { dryRun: dryRun ? 'true' : 'false' } },
        body: { content },
      }),
    ),
  createItem: (versionId: string, body: Body<'priceItems.create'>) =>
    call(
      api.POST('/api/v1/price-list-versions/{versionId}/items', { params: { path: { versionId } }, body }),
    ),
  updateItem: (id: string, body: Body<'priceItems.update'>) =>
    call(api.PATCH('/api/v1/price-items/{id}', { params: { path: { id } }, body })),
  removeItem: (id: string) => call(api.DELETE('/api/v1/price-items/{id}', { params: { path: { id } } })),
};

export const metersApi = {
  /** Meters of one catalog ('azure-stack' or an import source's region id) matching the text. */
  search: (catalog: string, q: string) =>
    call(
      api.GET('/api/v1/meters', {
        params: { query: { catalog, limit: 50, sort: 'meterId', ...(q.trim() ? { q: q.trim() } : {}) } },
      }),
    ),
};
