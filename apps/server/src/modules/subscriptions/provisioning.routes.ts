import type { FastifyRequest } from 'fastify';
import { defineRoute } from '../../http/route.ts';
import {
  acquirePlan,
  changeLifecycle,
  deleteOnRegion,
  listSubscriptionPlans,
  removePlan,
} from './provisioning.service.ts';
import {
  AcquiredPlan,
  AcquiredPlanList,
  AcquiredPlanParams,
  PlanAcquisition,
  Subscription,
  SubscriptionParams,
  SubscriptionRegionDeletion,
} from './subscriptions.schema.ts';
import { isSubscriptionVisible } from './subscriptions.service.ts';

/** The request's Idempotency-Key (checked by the route layer): retries of a provisioning resume it. */
export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const key = request.headers['idempotency-key'];
  return typeof key === 'string' ? key : undefined;
}

const visible = (ctx: Parameters<typeof isSubscriptionVisible>[0], params: { id: string }) =>
  isSubscriptionVisible(ctx, params.id);

/** The lifecycle of a subscription on its region (product.md §4) and its add-on plans. */
export const provisioningRoutes = [
  defineRoute({
    id: 'subscriptions.suspend',
    method: 'POST',
    path: '/api/v1/subscriptions/:id/suspension',
    tag: 'Subscriptions',
    summary: 'Suspend a subscription (Disabled on its region)',
    description:
      'The region first: its subscription is set Disabled (no usage, resources stopped); then the CMS record. A region failure changes nothing.',
    params: SubscriptionParams,
    target: visible,
    response: { status: 200, description: 'The suspended subscription', schema: Subscription },
    handler: ({ ctx, params }) => changeLifecycle(ctx, params.id, 'suspend'),
  }),
  defineRoute({
    id: 'subscriptions.resume',
    method: 'DELETE',
    path: '/api/v1/subscriptions/:id/suspension',
    tag: 'Subscriptions',
    summary: 'Resume a suspended subscription (Enabled on its region)',
    params: SubscriptionParams,
    target: visible,
    response: { status: 200, description: 'The active subscription', schema: Subscription },
    handler: ({ ctx, params }) => changeLifecycle(ctx, params.id, 'resume'),
  }),
  defineRoute({
    id: 'subscriptions.cancel',
    method: 'POST',
    path: '/api/v1/subscriptions/:id/cancellation',
    tag: 'Subscriptions',
    summary: 'Cancel a subscription (Disabled on its region; its resources stay until deleted there)',
    params: SubscriptionParams,
    target: visible,
    response: { status: 200, description: 'The cancelled subscription', schema: Subscription },
    handler: ({ ctx, params }) => changeLifecycle(ctx, params.id, 'cancel'),
  }),
  defineRoute({
    id: 'subscriptions.regionDelete',
    method: 'POST',
    path: '/api/v1/subscriptions/:id/region-deletion',
    tag: 'Subscriptions',
    summary: 'Delete a subscription on its region, after typing its name',
    description:
      "Destroys the subscription and its resources on the region. `confirm` must repeat the subscription's name exactly (422 naming body.confirm otherwise). The CMS record stays, cancelled, with `regionDeletedAt`.",
    params: SubscriptionParams,
    body: SubscriptionRegionDeletion,
    target: visible,
    response: { status: 200, description: 'The subscription, deleted on its region', schema: Subscription },
    handler: ({ ctx, params, body }) => deleteOnRegion(ctx, params.id, body.confirm),
  }),
  defineRoute({
    id: 'subscriptions.plans',
    method: 'GET',
    path: '/api/v1/subscriptions/:id/plans',
    tag: 'Subscriptions',
    summary: 'Add-on plans the subscription has acquired',
    params: SubscriptionParams,
    response: { status: 200, description: 'Acquired add-on plans', schema: AcquiredPlanList },
    handler: ({ ctx, params }) => listSubscriptionPlans(ctx, params.id),
  }),
  defineRoute({
    id: 'subscriptions.acquirePlan',
    method: 'POST',
    path: '/api/v1/subscriptions/:id/plans',
    tag: 'Subscriptions',
    summary: "Acquire an add-on plan of the subscription's offer on its region",
    params: SubscriptionParams,
    body: PlanAcquisition,
    target: visible,
    idempotent: true,
    response: { status: 201, description: 'The acquisition', schema: AcquiredPlan },
    handler: ({ ctx, params, body, request }) =>
      acquirePlan(ctx, params.id, { planId: body.planId, idempotencyKey: idempotencyKeyOf(request) }),
  }),
  defineRoute({
    id: 'subscriptions.removePlan',
    method: 'DELETE',
    path: '/api/v1/subscriptions/:id/plans/:acquisitionId',
    tag: 'Subscriptions',
    summary: 'Remove an acquired add-on plan (from the region first)',
    params: AcquiredPlanParams,
    target: visible,
    response: { status: 204, description: 'Removed' },
    handler: async ({ ctx, params }) => {
      await removePlan(ctx, params.id, params.acquisitionId);
      return undefined;
    },
  }),
];
