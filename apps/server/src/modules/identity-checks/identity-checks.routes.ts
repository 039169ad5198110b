import { defineRoute } from '../../http/route.ts';
import { IdentityCheck, IdentityCheckParams } from './identity-checks.schema.ts';
import { getIdentityCheck, isTenantVisible, runIdentityCheck } from './identity-checks.service.ts';

export const identityCheckRoutes = [
  defineRoute({
    id: 'tenants.identityCheck',
    method: 'GET',
    path: '/api/v1/tenants/:id/identity-check',
    tag: 'Tenants',
    summary: "The tenant's last identity health check",
    description:
      'Directory against its subscriptions\' directories on their regions, the sign-in mapping\'s discovery, and at least one active administrator (product.md §4). `never_checked` until a first check runs: the tenant\'s first administrator, "Check now" or the daily schedule (while "Perform Tenant Identity Health Checks" is on).',
    params: IdentityCheckParams,
    response: { status: 200, description: 'The last result', schema: IdentityCheck },
    handler: ({ ctx, params }) => getIdentityCheck(ctx, params.id),
  }),
  defineRoute({
    id: 'tenants.identityCheckRun',
    method: 'POST',
    path: '/api/v1/tenants/:id/identity-checks',
    tag: 'Tenants',
    summary: 'Check the tenant\'s identity health now ("Check now")',
    description:
      'Runs the check in the request (a provider that does not answer discovery within 5 s is reported unreachable) and answers the recorded result. Problems are raised as alerts while "Perform Tenant Identity Health Checks" is on; alerts of problems that are gone are resolved.',
    params: IdentityCheckParams,
    target: (ctx, params) => isTenantVisible(ctx, params.id),
    response: { status: 200, description: 'The result of this check', schema: IdentityCheck },
    handler: ({ ctx, params }) => runIdentityCheck(ctx, params.id),
  }),
];
