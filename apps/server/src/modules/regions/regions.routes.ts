import type { RequestContext } from '../../context.ts';
import { defineRoute } from '../../http/route.ts';
import {
  ConnectionTest,
  Region,
  RegionCreate,
  RegionHealth,
  RegionListQuery,
  RegionPage,
  RegionParams,
  RegionUpdate,
} from './regions.schema.ts';
import {
  createRegion,
  deleteRegion,
  getRegion,
  isRegionVisible,
  listRegions,
  regionHealth,
  testDraftConnection,
  testSavedConnection,
  updateRegion,
} from './regions.service.ts';

const TAG = 'Regions';
const isVisible = (ctx: RequestContext, params: { id: string }) => isRegionVisible(ctx, params.id);

const SAVE_DESCRIPTION =
  'An azure_stack region is asked at save time what it signs in with (its metadata endpoint: Microsoft ' +
  'Entra ID or AD FS) and, unless given, which subscription is its Default Provider Subscription (a token ' +
  'and GET /subscriptions). A stamp that cannot be reached, or refuses the credentials, refuses the save ' +
  'with 422 naming the field to fix and what the stamp answered; nothing is saved. The client secret is ' +
  'stored encrypted and never returned.';

export const regionRoutes = [
  defineRoute({
    id: 'regions.list',
    method: 'GET',
    path: '/api/v1/regions',
    tag: TAG,
    summary: 'Regions: Azure Stack Hub stamps and import sources (platform users)',
    query: RegionListQuery,
    response: { status: 200, description: 'A page of regions', schema: RegionPage },
    handler: ({ ctx, query: { kind, q, includeTotal, ...page } }) =>
      listRegions(ctx, { kind, q }, { ...page, includeTotal: includeTotal === 'true' }),
  }),
  defineRoute({
    id: 'regions.get',
    method: 'GET',
    path: '/api/v1/regions/:id',
    tag: TAG,
    summary: 'One region (never its client secret)',
    params: RegionParams,
    response: { status: 200, description: 'The region', schema: Region },
    handler: ({ ctx, params }) => getRegion(ctx, params.id),
  }),
  defineRoute({
    id: 'regions.create',
    method: 'POST',
    path: '/api/v1/regions',
    tag: TAG,
    summary: 'Register a region: an Azure Stack Hub stamp, or an import source',
    description: `${SAVE_DESCRIPTION} An import source takes a name, a description and a time zone only.`,
    body: RegionCreate,
    idempotent: true,
    response: { status: 201, description: 'The new region', schema: Region },
    handler: ({ ctx, body }) => createRegion(ctx, body),
  }),
  defineRoute({
    id: 'regions.update',
    method: 'PATCH',
    path: '/api/v1/regions/:id',
    tag: TAG,
    summary: 'Change a region: name, connection, time zone (until it has usage), collection window, schedule',
    description: `${SAVE_DESCRIPTION} The stamp is asked again only when the connection changes.`,
    params: RegionParams,
    body: RegionUpdate,
    target: isVisible,
    response: { status: 200, description: 'The region after the change', schema: Region },
    handler: ({ ctx, params, body }) => updateRegion(ctx, params.id, body),
  }),
  defineRoute({
    id: 'regions.delete',
    method: 'DELETE',
    path: '/api/v1/regions/:id',
    tag: TAG,
    summary: 'Delete a region that has no usage and no subscriptions (409 otherwise)',
    params: RegionParams,
    target: isVisible,
    response: { status: 204, description: 'Deleted' },
    handler: async ({ ctx, params }) => {
      await deleteRegion(ctx, params.id);
      return undefined;
    },
  }),
  defineRoute({
    id: 'regions.testConnection',
    method: 'POST',
    path: '/api/v1/regions/:id/test-connection',
    tag: TAG,
    summary: "Test a saved region's connection: metadata, token, usage API, admin API",
    description:
      'Each step reports ok or error in words for the operator; after a failed step the rest are skipped. ' +
      'Always 200 when the region exists (the outcome is in the body); writes nothing.',
    params: RegionParams,
    target: isVisible,
    response: { status: 200, description: 'Each step and its outcome', schema: ConnectionTest },
    handler: ({ ctx, params }) => testSavedConnection(ctx, params.id),
  }),
  defineRoute({
    id: 'regions.testDraftConnection',
    method: 'POST',
    path: '/api/v1/region-connection-tests',
    tag: TAG,
    summary: 'Test the connection of a region form before saving it (the create body)',
    description:
      'Takes the body of POST /api/v1/regions (kind azure_stack) and runs the same steps as a saved ' +
      "region's test; writes nothing.",
    body: RegionCreate,
    response: { status: 200, description: 'Each step and its outcome', schema: ConnectionTest },
    handler: ({ ctx, body }) => testDraftConnection(ctx, body),
  }),
  defineRoute({
    id: 'regions.health',
    method: 'GET',
    path: '/api/v1/regions/:id/health',
    tag: TAG,
    summary: "A region's health: last and next run, last error, failed collection jobs",
    params: RegionParams,
    response: { status: 200, description: 'The health panel', schema: RegionHealth },
    handler: ({ ctx, params }) => regionHealth(ctx, params.id),
  }),
];
