import { api } from './client.ts';
import { call } from './errors.ts';

/**
 * Reports (modules/reports): the chargeback and reconciliation reports and the Subscription Summary as JSON for the
 * page; every file (CSV, xlsx, the FOCUS export) is a plain GET the browser downloads with the
 * session cookie.
 */

export type ReportFormat = 'csv' | 'xlsx';

export interface SummaryFilter {
  tenantId?: string | undefined;
  from: string;
  to: string;
}

const url = (path: string, query: Record<string, string | undefined>) => {
  const params = new URLSearchParams(
    Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  return `/api/v1/reports/${path}?${params}`;
};

export const reportsApi = {
  chargeback: (period: string) =>
    call(api.GET('/api/v1/reports/chargeback', { params: { query: { period } } })),
  summary: (filter: SummaryFilter) =>
    call(
      api.GET('/api/v1/reports/subscription-summary', {
        params: {
          query: {
            from: filter.from,
            to: filter.to,
            ...(filter.tenantId ? { tenantId: filter.tenantId } : {}),
          },
        },
      }),
    ),
  reconciliation: (period: string) =>
    call(api.GET('/api/v1/reports/reconciliation', { params: { query: { period } } })),
  chargebackUrl: (period: string, format: ReportFormat) => url('chargeback', { period, format }),
  reconciliationUrl: (period: string, format: ReportFormat) => url('reconciliation', { period, format }),
  summaryUrl: (filter: SummaryFilter, format: ReportFormat) =>
    url('subscription-summary', { tenantId: filter.tenantId, from: filter.from, to: filter.to, format }),
  focusUrl: (period: string, tenantId?: string) => url('focus', { period, tenantId }),
};
