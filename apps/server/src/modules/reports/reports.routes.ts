import { defineRoute, RawResponse } from '../../http/route.ts';
import { chargebackReport } from './chargeback.service.ts';
import { focusExport } from './focus.service.ts';
import {
  CSV_CONTENT_TYPE,
  chargebackCsv,
  chargebackXlsx,
  summaryCsv,
  summaryXlsx,
  XLSX_CONTENT_TYPE,
} from './report-files.ts';
import {
  ChargebackQuery,
  ChargebackView,
  FocusQuery,
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
      'The rated lines of the period as FinOps Open Cost and Usage Specification 1.2 rows, for one tenant or every tenant you can see, streamed as CSV (docs/reports.md maps every column). BilledCost is 0 and InvoiceId empty until the period is invoiced.',
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
      "Per tenant: billing mode, currency, the period's rated usage, discounts, credits and subtotal (before tax), unpriced lines and the state of its rating; as JSON, CSV or an Excel workbook. Invoiced amounts come with invoices.",
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
];
