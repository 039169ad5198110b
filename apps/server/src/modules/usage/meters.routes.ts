import { defineRoute } from '../../http/route.ts';
import { isRegionVisible } from './import.service.ts';
import {
  Meter,
  MeterCreate,
  MeterListQuery,
  MeterPage,
  MeterUpdate,
  RegionIdParams,
  RegionMeterParams,
} from './meters.schema.ts';
import { createSourceMeter, deleteSourceMeter, listMeters, updateSourceMeter } from './meters.service.ts';

export const meterRoutes = [
  defineRoute({
    id: 'meters.list',
    method: 'GET',
    path: '/api/v1/meters',
    tag: 'Meters',
    summary: "The Azure Stack Hub meter catalog, or an import source's",
    query: MeterListQuery,
    response: { status: 200, description: 'A page of meters', schema: MeterPage },
    cached: true,
    handler: ({ ctx, query: { catalog, q, ...page } }) =>
      listMeters(ctx, catalog, q, { ...page, includeTotal: page.includeTotal === 'true' }),
  }),
  defineRoute({
    id: 'regionMeters.create',
    method: 'POST',
    path: '/api/v1/regions/:id/meters',
    tag: 'Meters',
    summary: "Add a meter to an import source's catalog",
    params: RegionIdParams,
    target: (ctx, params) => isRegionVisible(ctx, params.id),
    body: MeterCreate,
    idempotent: true,
    response: { status: 201, description: 'The new meter', schema: Meter },
    handler: ({ ctx, params, body }) => createSourceMeter(ctx, params.id, body),
  }),
  defineRoute({
    id: 'regionMeters.update',
    method: 'PATCH',
    path: '/api/v1/regions/:id/meters/:meterId',
    tag: 'Meters',
    summary: "Change a meter of an import source's catalog",
    params: RegionMeterParams,
    target: (ctx, params) => isRegionVisible(ctx, params.id),
    body: MeterUpdate,
    response: { status: 200, description: 'The meter after the change', schema: Meter },
    handler: ({ ctx, params, body }) => updateSourceMeter(ctx, params.id, params.meterId, body),
  }),
  defineRoute({
    id: 'regionMeters.delete',
    method: 'DELETE',
    path: '/api/v1/regions/:id/meters/:meterId',
    tag: 'Meters',
    summary: "Remove a meter from an import source's catalog (refused while usage refers to it)",
    params: RegionMeterParams,
    target: (ctx, params) => isRegionVisible(ctx, params.id),
    response: { status: 204, description: 'Removed' },
    handler: async ({ ctx, params }) => {
      await deleteSourceMeter(ctx, params.id, params.meterId);
      return undefined;
    },
  }),
];
