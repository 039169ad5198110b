import { defineRoute } from '../../http/route.ts';
import { Overview } from './overview.schema.ts';
import { overview } from './overview.service.ts';

export const overviewRoutes = [
  defineRoute({
    id: 'overview.get',
    method: 'GET',
    path: '/api/v1/overview',
    tag: 'Authentication',
    summary: "The caller's Home figures: how many of each kind it can see, subscriptions by status",
    description:
      'The totals the list operations would give the caller, in one answer; null for kinds the caller may not list.',
    response: { status: 200, description: 'The figures', schema: Overview },
    handler: ({ ctx }) => overview(ctx),
  }),
];
