import { defineRoute } from '../../http/route.ts';
import { isRegionVisible } from '../regions/regions.service.ts';
import { RegionParams } from '../usage/usage-reads.schema.ts';
import {
  PlatformSubscriptions,
  SubscriptionLink,
  SubscriptionLinkParams,
} from './subscription-links.schema.ts';
import { linkSubscription, listPlatformSubscriptions } from './subscription-links.service.ts';
import { Subscription } from './subscriptions.schema.ts';

export const subscriptionLinkRoutes = [
  defineRoute({
    id: 'subscriptions.link',
    method: 'POST',
    path: '/api/v1/regions/:regionId/subscription-links',
    tag: 'Subscriptions',
    summary: 'Link an Azure Stack subscription found on a region to a tenant',
    description:
      'Creates a subscription (origin `linked`) for an Azure Stack subscription the region has reported. Its usage from `billableFrom` on is billed to it; earlier usage stays unassigned.',
    params: SubscriptionLinkParams,
    body: SubscriptionLink,
    target: (ctx, params) => isRegionVisible(ctx, params.regionId),
    idempotent: true,
    response: { status: 201, description: 'The new subscription', schema: Subscription },
    handler: ({ ctx, params, body }) => linkSubscription(ctx, params.regionId, body),
  }),
  defineRoute({
    id: 'regions.platformSubscriptions',
    method: 'GET',
    path: '/api/v1/regions/:id/platform-subscriptions',
    tag: 'Subscriptions',
    summary: 'Azure Stack subscriptions on a region that are not in the CMS',
    params: RegionParams,
    response: { status: 200, description: 'Platform subscriptions', schema: PlatformSubscriptions },
    handler: ({ ctx, params }) => listPlatformSubscriptions(ctx, params.id),
  }),
];
