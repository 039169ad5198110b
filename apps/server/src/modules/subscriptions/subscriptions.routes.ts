import { defineRoute } from '../../http/route.ts';
import { idempotencyKeyOf } from './provisioning.routes.ts';
import { createAnySubscription, patchSubscription } from './provisioning.service.ts';
import {
  Subscription,
  SubscriptionCreate,
  SubscriptionListQuery,
  SubscriptionPage,
  SubscriptionParams,
  SubscriptionUpdate,
} from './subscriptions.schema.ts';
import {
  deleteSubscription,
  getSubscription,
  isSubscriptionVisible,
  listSubscriptions,
} from './subscriptions.service.ts';

export const subscriptionRoutes = [
  defineRoute({
    id: 'subscriptions.list',
    method: 'GET',
    path: '/api/v1/subscriptions',
    tag: 'Subscriptions',
    summary: 'Subscriptions within your scope',
    query: SubscriptionListQuery,
    response: { status: 200, description: 'A page of subscriptions', schema: SubscriptionPage },
    cached: true,
    handler: ({ ctx, query: { tenantId, status, q, ...page } }) =>
      listSubscriptions(
        ctx,
        { tenantId, status, q },
        { ...page, includeTotal: page.includeTotal === 'true' },
      ),
  }),
  defineRoute({
    id: 'subscriptions.get',
    method: 'GET',
    path: '/api/v1/subscriptions/:id',
    tag: 'Subscriptions',
    summary: 'One subscription',
    params: SubscriptionParams,
    response: { status: 200, description: 'The subscription', schema: Subscription },
    handler: ({ ctx, params }) => getSubscription(ctx, params.id),
  }),
  defineRoute({
    id: 'subscriptions.create',
    method: 'POST',
    path: '/api/v1/subscriptions',
    tag: 'Subscriptions',
    summary: 'Create a subscription for a tenant',
    description:
      "With `offerId` the subscription is provisioned on the offer's region (its id there chosen first and recorded `provisioning` before the region is asked). A region that does not answer leaves it `provisioning` (503 `region_unavailable`): a retry with the same Idempotency-Key resumes it, and the reconciler finishes it once the region answers. A refusal by the region (offer, owner) is a 422 naming the field and leaves nothing behind.",
    body: SubscriptionCreate,
    idempotent: true,
    response: { status: 201, description: 'The new subscription', schema: Subscription },
    handler: ({ ctx, body, request }) =>
      createAnySubscription(ctx, { ...body, idempotencyKey: idempotencyKeyOf(request) }),
  }),
  defineRoute({
    id: 'subscriptions.update',
    method: 'PATCH',
    path: '/api/v1/subscriptions/:id',
    tag: 'Subscriptions',
    summary: 'Update a subscription',
    params: SubscriptionParams,
    body: SubscriptionUpdate,
    target: (ctx, params) => isSubscriptionVisible(ctx, params.id),
    response: { status: 200, description: 'The subscription after the change', schema: Subscription },
    handler: ({ ctx, params, body }) => patchSubscription(ctx, params.id, body),
  }),
  defineRoute({
    id: 'subscriptions.delete',
    method: 'DELETE',
    path: '/api/v1/subscriptions/:id',
    tag: 'Subscriptions',
    summary: 'Delete a subscription (soft: the record and its history stay)',
    params: SubscriptionParams,
    target: (ctx, params) => isSubscriptionVisible(ctx, params.id),
    response: { status: 204, description: 'Deleted' },
    handler: async ({ ctx, params }) => {
      await deleteSubscription(ctx, params.id);
      return undefined;
    },
  }),
];
