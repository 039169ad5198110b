import { api } from './client.ts';
import { call } from './errors.ts';
import type { Body } from './types.ts';

/** An import source's meter catalog and its usage uploads (docs/usage-import.md). */
export const usageImportApi = {
  meters: (regionId: string) =>
    call(
      api.GET('/api/v1/meters', { params: { query: { catalog: regionId, limit: 200, sort: 'meterId' } } }),
    ),
  addMeter: (regionId: string, body: Body<'regionMeters.create'>) =>
    call(api.POST('/api/v1/regions/{id}/meters', { params: { path: { id: regionId } }, body })),
  updateMeter: (regionId: string, meterId: string, body: Body<'regionMeters.update'>) =>
    call(
      api.PATCH('/api/v1/regions/{id}/meters/{meterId}', {
        params: { path: { id: regionId, meterId } },
        body,
      }),
    ),
  removeMeter: (regionId: string, meterId: string) =>
    call(
      api.DELETE('/api/v1/regions/{id}/meters/{meterId}', { params: { path: { id: regionId, meterId } } }),
    ),
  upload: (regionId: string, body: Body<'usageImports.create'>, dryRun: boolean) =>
    call(
      api.POST('/api/v1/regions/{id}/usage-imports', {
        params: { path: { id: regionId }, query: { dryRun: dryRun ? 'true' : 'false' } },
        body,
      }),
    ),
};
