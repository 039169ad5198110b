import { defineRoute } from '../../http/route.ts';
import { isRegionVisible } from '../regions/regions.service.ts';
import {
  HeldPullConfirmation,
  HeldPullConfirmationJob,
  HeldPullList,
  HeldPullParams,
} from './held-pulls.schema.ts';
import { confirmHeld, heldPulls } from './held-pulls.service.ts';

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
  defineRoute({
    id: 'regions.confirmHeldPull',
    method: 'POST',
    path: '/api/v1/regions/:id/held-pull-confirmations',
    tag: 'Usage',
    summary: 'Confirm a held re-pull: a job pulls the window again and stores it, closed period or not',
    params: HeldPullParams,
    body: HeldPullConfirmation,
    idempotent: true,
    target: (ctx, params) => isRegionVisible(ctx, params.id),
    response: { status: 202, description: 'The confirmation job', schema: HeldPullConfirmationJob },
    handler: ({ ctx, params, body }) => confirmHeld(ctx, params.id, body),
  }),
];
