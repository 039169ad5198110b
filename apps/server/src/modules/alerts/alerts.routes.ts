import { defineRoute } from '../../http/route.ts';
import { Alert, AlertListQuery, AlertPage, AlertParams, AlertSummary } from './alerts.schema.ts';
import {
  acknowledgeAlert,
  alertSummary,
  getAlert,
  isAlertVisible,
  listAlerts,
  resolveAlert,
} from './alerts.service.ts';

export const alertRoutes = [
  defineRoute({
    id: 'alerts.list',
    method: 'GET',
    path: '/api/v1/alerts',
    tag: 'Alerts',
    summary: 'Alerts within your scope, newest first by last seen',
    description:
      "An alert about a subscription is visible to its tenant, partner, distributor and the platform; one about an organisation to that organisation's chain; one about a region or the system to the platform only.",
    query: AlertListQuery,
    response: { status: 200, description: 'A page of alerts', schema: AlertPage },
    handler: ({ ctx, query: { limit, cursor, includeTotal, ...filter } }) =>
      listAlerts(ctx, filter, { limit, cursor, includeTotal: includeTotal === 'true' }),
  }),
  defineRoute({
    id: 'alerts.summary',
    method: 'GET',
    path: '/api/v1/alerts/summary',
    tag: 'Alerts',
    summary: 'How many unresolved alerts you can see, by severity',
    response: { status: 200, description: 'The counts', schema: AlertSummary },
    handler: ({ ctx }) => alertSummary(ctx),
  }),
  defineRoute({
    id: 'alerts.get',
    method: 'GET',
    path: '/api/v1/alerts/:id',
    tag: 'Alerts',
    summary: 'One alert',
    params: AlertParams,
    response: { status: 200, description: 'The alert', schema: Alert },
    handler: ({ ctx, params }) => getAlert(ctx, params.id),
  }),
  defineRoute({
    id: 'alerts.acknowledge',
    method: 'POST',
    path: '/api/v1/alerts/:id/acknowledge',
    tag: 'Alerts',
    summary: 'Mark an alert seen (it stays unresolved)',
    description:
      'Records who acknowledged it and when. Acknowledging an acknowledged alert changes nothing; a resolved one answers 409. A repeat of the condition keeps the acknowledgement unless its severity rises.',
    params: AlertParams,
    target: (ctx, params) => isAlertVisible(ctx, params.id),
    response: { status: 200, description: 'The alert after the change', schema: Alert },
    handler: ({ ctx, params }) => acknowledgeAlert(ctx, params.id),
  }),
  defineRoute({
    id: 'alerts.resolve',
    method: 'POST',
    path: '/api/v1/alerts/:id/resolve',
    tag: 'Alerts',
    summary: 'Resolve an alert by hand',
    description:
      'For a condition that has been dealt with. If it occurs again, a new alert opens. Resolving a resolved alert changes nothing.',
    params: AlertParams,
    target: (ctx, params) => isAlertVisible(ctx, params.id),
    response: { status: 200, description: 'The alert after the change', schema: Alert },
    handler: ({ ctx, params }) => resolveAlert(ctx, params.id),
  }),
];
