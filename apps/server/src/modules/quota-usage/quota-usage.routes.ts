import { defineRoute } from '../../http/route.ts';
import { SubscriptionQuotas, SubscriptionQuotasParams } from './quota-usage.schema.ts';
import { subscriptionQuotas } from './quota-usage.service.ts';

export const quotaUsageRoutes = [
  defineRoute({
    id: 'subscriptions.quotas',
    method: 'GET',
    path: '/api/v1/subscriptions/:id/quotas',
    tag: 'Subscriptions',
    summary: "A subscription's plans, their quotas and the consumption that measures each",
    description:
      "The offer's base plans and the acquired add-on plans, each quota property with its limit and its consumption in the subscription's last complete hour with collected usage (within the last 24 hours), or marked untracked when no usage meter measures it.",
    params: SubscriptionQuotasParams,
    response: { status: 200, description: 'Plans, quotas and consumption', schema: SubscriptionQuotas },
    handler: ({ ctx, params }) => subscriptionQuotas(ctx, params.id),
  }),
];
