import { defineRoute } from '../../http/route.ts';
import { AuditExportQuery, AuditListQuery, AuditPage } from './audit.schema.ts';
import { exportAuditEventsCsv, listAuditEvents } from './audit-query.service.ts';

export const auditRoutes = [
  defineRoute({
    id: 'audit.list',
    method: 'GET',
    path: '/api/v1/audit-events',
    tag: 'Audit',
    summary: 'Search the audit log within your scope, newest first',
    query: AuditListQuery,
    response: { status: 200, description: 'A page of audit events', schema: AuditPage },
    handler: ({ ctx, query: { limit, cursor, ...filter } }) =>
      listAuditEvents(ctx, filter, { limit, cursor }),
  }),
  defineRoute({
    id: 'audit.export',
    method: 'GET',
    path: '/api/v1/audit-events/export',
    tag: 'Audit',
    summary: 'Export the audit log within your scope as CSV (same filters as the search)',
    query: AuditExportQuery,
    response: { status: 200, description: 'CSV, one event per line', contentType: 'text/csv; charset=utf-8' },
    handler: ({ ctx, query: { format: _format, ...filter }, reply }) => {
      reply.header('content-disposition', 'attachment; filename="audit-events.csv"');
      return exportAuditEventsCsv(ctx, filter);
    },
  }),
];
