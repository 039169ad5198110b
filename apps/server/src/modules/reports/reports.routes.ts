import { defineRoute, RawResponse } from '../../http/route.ts';
import { chargebackReport } from './chargeback.service.ts';
import { focusExport } from './focus.service.ts';
import { reconciliation } from './reconciliation.service.ts';
import {
  CSV_CONTENT_TYPE,
  chargebackCsv,
  chargebackXlsx,
  reconciliationCsv,
  reconciliationXlsx,
  summaryCsv,
  summaryXlsx,
  XLSX_CONTENT_TYPE,
} from './report-files.ts';
import {
  ChargebackQuery,
  ChargebackView,
  FocusQuery,
  ReconciliationQuery,
  ReconciliationView,
  SubscriptionSummaryQuery,
  SubscriptionSummaryView,
} from './reports.schema.ts';
import { subscriptionSummary } from './subscription-summary.service.ts';

const FILES = [{ contentType: CSV_CONTENT_TYPE }, { contentType: XLSX_CONTENT_TYPE, binary: true }] as const;
const attachment = (name: string) => `attachment; filename="${name}"`;

export const reportRoutes = [
  defineRoute({
    id: 'reports.focus',
    method: 'GET',
    path: '/api/v1/reports/focus',
    tag: 'Reports',
    summary: 'FOCUS 1.2 export of a period (CSV)',
    description:
      'The rated lines of the period as FinOps Open Cost and Usage Specification 1.2 rows, for one tenant or every tenant you can see, streamed as CSV (docs/reports.md maps every column). BilledCost and InvoiceId come from the issued invoice of the period; while the period is open they are 0 and empty.',
    query: FocusQuery,
    response: {
      status: 200,
      description: 'CSV (RFC 4180), one FOCUS row per line; the header names the columns',
      contentType: CSV_CONTENT_TYPE,
    },
    handler: async ({ ctx, query, reply }) => {
      const stream = await focusExport(ctx, query);
      reply.header('content-disposition', attachment(`focus-${query.period}.csv`));
      return new RawResponse(200, stream, CSV_CONTENT_TYPE);
    },
  }),
  defineRoute({
    id: 'reports.subscriptionSummary',
    method: 'GET',
    path: '/api/v1/reports/subscription-summary',
    tag: 'Reports',
    summary: 'Subscription Summary: usage totals and billing results per subscription and meter',
    description:
      "Usage of the range's local days beside the rated amounts (discounts and credits included) of every period the range overlaps, for one tenant or every tenant you can see; as JSON, CSV or an Excel workbook.",
    query: SubscriptionSummaryQuery,
    response: {
      status: 200,
      description: 'The summary (format=json), or its CSV or xlsx file',
      schema: SubscriptionSummaryView,
      alternatives: FILES,
    },
    handler: async ({ ctx, query, reply }) => {
      const { format, ...filter } = query;
      const summary = await subscriptionSummary(ctx, filter);
      if (format === 'json') return summary;
      reply.header(
        'content-disposition',
        attachment(`subscription-summary-${query.from}-${query.to}.${format}`),
      );
      return format === 'csv'
        ? new RawResponse(200, summaryCsv(summary), CSV_CONTENT_TYPE)
        : new RawResponse(200, await summaryXlsx(summary, new Date(ctx.app.clock())), XLSX_CONTENT_TYPE);
    },
  }),
  defineRoute({
    id: 'reports.chargeback',
    method: 'GET',
    path: '/api/v1/reports/chargeback',
    tag: 'Reports',
    summary: 'Chargeback/showback report of a period, per tenant you can see',
    description:
      "Per tenant: billing mode, currency, the period's rated usage, discounts, credits and subtotal (before tax), unpriced lines and the state of its rating; as JSON, CSV or an Excel workbook. What was invoiced: the reconciliation report.",
    query: ChargebackQuery,
    response: {
      status: 200,
      description: 'The report (format=json), or its CSV or xlsx file',
      schema: ChargebackView,
      alternatives: FILES,
    },
    handler: async ({ ctx, query, reply }) => {
      const report = await chargebackReport(ctx, query.period);
      if (query.format === 'json') return report;
      reply.header('content-disposition', attachment(`chargeback-${query.period}.${query.format}`));
      return query.format === 'csv'
        ? new RawResponse(200, chargebackCsv(report), CSV_CONTENT_TYPE)
        : new RawResponse(200, await chargebackXlsx(report, new Date(ctx.app.clock())), XLSX_CONTENT_TYPE);
    },
  }),
  defineRoute({
    id: 'reports.reconciliation',
    method: 'GET',
    path: '/api/v1/reports/reconciliation',
    tag: 'Reports',
    summary: 'Reconciliation usage → rated → invoiced of a period, per subscription and meter',
    description:
      "Per tenant you can see (or the one named), subscription and meter: the period's collected usage, the rated quantity and amount, what its issued invoice and later prior-period adjustments billed, credit notes against them, the differences and a status per row; totals per currency, before tax. As JSON, CSV or an Excel workbook.",
    query: ReconciliationQuery,
    response: {
      status: 200,
      description: 'The report (format=json), or its CSV or xlsx file',
      schema: ReconciliationView,
      alternatives: FILES,
    },
    handler: async ({ ctx, query, reply }) => {
      const { format, ...filter } = query;
      const report = await reconciliation(ctx, filter);
      if (format === 'json') return report;
      reply.header('content-disposition', attachment(`reconciliation-${query.period}.${format}`));
      return format === 'csv'
        ? new RawResponse(200, reconciliationCsv(report), CSV_CONTENT_TYPE)
        : new RawResponse(
            200,
            await reconciliationXlsx(report, new Date(ctx.app.clock())),
            XLSX_CONTENT_TYPE,
          );
    },
  }),
];
