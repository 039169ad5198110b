import { defineRoute } from '../../http/route.ts';
import { HeldPullList, HeldPullParams } from './held-pulls.schema.ts';
import { heldPulls } from './held-pulls.service.ts';

export const heldPullRoutes = [
  defineRoute({
    id: 'regions.heldPulls',
    method: 'GET',
    path: '/api/v1/regions/:id/held-pulls',
    tag: 'Usage',
    summary: 'Re-pulls held because they would lower usage of a closed period',
    params: HeldPullParams,
    response: { status: 200, description: 'Held pulls, oldest first', schema: HeldPullList },
    handler: ({ ctx, params }) => heldPulls(ctx, params.id),
  }),
];
