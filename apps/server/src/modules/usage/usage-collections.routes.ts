import { defineRoute } from '../../http/route.ts';
import { isRegionVisible } from '../regions/regions.service.ts';
import { isSubscriptionVisible } from '../subscriptions/subscriptions.service.ts';
import { UsageCollection, UsageCollectionRequest } from './usage-collections.schema.ts';
import { requestRegionCollection, requestSubscriptionCollection } from './usage-collections.service.ts';
import { RegionParams, SubscriptionUsageParams } from './usage-reads.schema.ts';

const DESCRIPTION =
  "Queues a `usage.collect` job for the reported windows from the start of fromDate to the end of toDate (the region's local days) plus the region's collection window. The same request while that job is queued or running answers that job. Follow it with GET /api/v1/jobs/{id}.";

export const usageCollectionRoutes = [
  defineRoute({
    id: 'regions.collectUsage',
    method: 'POST',
    path: '/api/v1/regions/:id/usage-collections',
    tag: 'Usage',
    summary: 'Update Usage: collect a range of days from a region',
    description: DESCRIPTION,
    params: RegionParams,
    body: UsageCollectionRequest,
    idempotent: true,
    target: (ctx, params) => isRegionVisible(ctx, params.id),
    response: { status: 202, description: 'The collection job', schema: UsageCollection },
    handler: ({ ctx, params, body }) => requestRegionCollection(ctx, params.id, body),
  }),
  defineRoute({
    id: 'subscriptions.collectUsage',
    method: 'POST',
    path: '/api/v1/subscriptions/:id/usage-collections',
    tag: 'Usage',
    summary: "Update Usage: collect a range of days of one subscription's usage",
    description: DESCRIPTION,
    params: SubscriptionUsageParams,
    body: UsageCollectionRequest,
    idempotent: true,
    target: (ctx, params) => isSubscriptionVisible(ctx, params.id),
    response: { status: 202, description: 'The collection job', schema: UsageCollection },
    handler: ({ ctx, params, body }) => requestSubscriptionCollection(ctx, params.id, body),
  }),
];
