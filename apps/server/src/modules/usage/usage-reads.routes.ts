import { defineRoute } from '../../http/route.ts';
import {
  RegionParams,
  SubscriptionUsage,
  SubscriptionUsageParams,
  SubscriptionUsageQuery,
  UnassignedUsage,
} from './usage-reads.schema.ts';
import { subscriptionUsage, unassignedUsage } from './usage-reads.service.ts';

export const usageReadRoutes = [
  defineRoute({
    id: 'subscriptions.usage',
    method: 'GET',
    path: '/api/v1/subscriptions/:id/usage',
    tag: 'Usage',
    summary: "A subscription's usage per local day or per meter",
    description:
      "From the region's daily aggregates, on the region's local days, from the subscription's billable-from instant on.",
    params: SubscriptionUsageParams,
    query: SubscriptionUsageQuery,
    response: { status: 200, description: 'Usage', schema: SubscriptionUsage },
    handler: ({ ctx, params, query }) => subscriptionUsage(ctx, params.id, query),
  }),
  defineRoute({
    id: 'regions.unassignedUsage',
    method: 'GET',
    path: '/api/v1/regions/:id/unassigned-usage',
    tag: 'Usage',
    summary: 'Usage of a region that no subscription takes',
    description:
      "Azure Stack subscriptions with usage but no live linked subscription, and usage before a linked subscription's billable-from instant.",
    params: RegionParams,
    response: {
      status: 200,
      description: 'Unassigned usage per Azure Stack subscription',
      schema: UnassignedUsage,
    },
    handler: ({ ctx, params }) => unassignedUsage(ctx, params.id),
  }),
];
