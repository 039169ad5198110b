import type { RequestContext } from '../../context.ts';
import type { PageRequest } from '../../http/pagination.ts';
import { ruleFor } from '../../policy/policy.ts';
import { alertSummary } from '../alerts/alerts.service.ts';
import { listOrganisations } from '../organisations/organisations.service.ts';
import { listSubscriptions } from '../subscriptions/subscriptions.service.ts';
import { listUsers } from '../users/users.service.ts';

/** Only the total: one row and a count, never the items. */
const TOTAL: PageRequest = { limit: 1, sort: 'createdAt', includeTotal: true };
const STATUSES = ['active', 'suspended', 'cancelled'] as const;
const totalOf = (page: object): number =>
  'total' in page && typeof page.total === 'number' ? page.total : 0;

/**
 * The caller's Home figures in one answer (a page load asks the API at most a handful of times):
 * what the list of each kind would total for the caller, with the lists' own scoping, and only for
 * the kinds the caller may list.
 */
export async function overview(ctx: RequestContext) {
  const mayList = (routeId: string) => ruleFor(ctx, routeId) === 'allow';
  const total = async (routeId: string, count: () => Promise<object>) =>
    mayList(routeId) ? totalOf(await count()) : null;
  const organisations = (kind: 'distributor' | 'partner' | 'tenant') => () =>
    listOrganisations(ctx, kind, {}, TOTAL);
  const counts = {
    distributors: await total('distributors.list', organisations('distributor')),
    partners: await total('partners.list', organisations('partner')),
    tenants: await total('tenants.list', organisations('tenant')),
    subscriptions: await total('subscriptions.list', () => listSubscriptions(ctx, {}, TOTAL)),
    users: await total('users.list', () => listUsers(ctx, {}, TOTAL)),
  };
  let subscriptionsByStatus: Record<(typeof STATUSES)[number], number> | null = null;
  if (mayList('subscriptions.list')) {
    const byStatus = await Promise.all(
      STATUSES.map(async (status) => totalOf(await listSubscriptions(ctx, { status }, TOTAL))),
    );
    subscriptionsByStatus = { active: byStatus[0]!, suspended: byStatus[1]!, cancelled: byStatus[2]! };
  }
  let alerts: { open: number; acknowledged: number; openCritical: number } | null = null;
  if (mayList('alerts.list')) {
    const summary = await alertSummary(ctx);
    alerts = {
      open: summary.open.total,
      acknowledged: summary.acknowledged.total,
      openCritical: summary.open.critical,
    };
  }
  return { counts, subscriptionsByStatus, alerts };
}
