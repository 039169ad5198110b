import type { ChargebackReport } from './chargeback.service.ts';
import type { Reconciliation } from './reconciliation.service.ts';
import { type CsvColumn, csvTable } from './report-csv.ts';
import { type XlsxColumn, type XlsxSheet, xlsxWorkbook } from './report-xlsx.ts';
import type { SubscriptionSummary } from './subscription-summary.service.ts';

/** The CSV and Excel forms of the Subscription Summary, the chargeback and the reconciliation reports. */

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

type Cell = string | null;
const count = (n: number): string => String(n);

/** One table described once: its CSV column types and its spreadsheet cell types. */
interface TableColumn<K extends string> {
  key: K;
  header: string;
  csv: CsvColumn['type'];
  xlsx: XlsxColumn['type'];
  width?: number;
  /** Amounts: the column naming their currency. */
  currencyKey?: string;
}

const text = <K extends string>(key: K, width = 24): TableColumn<K> => ({
  key,
  header: key,
  csv: 'string',
  xlsx: 'text',
  width,
});
const amount = <K extends string>(key: K, currencyKey = 'currency'): TableColumn<K> => ({
  key,
  header: key,
  csv: 'decimal',
  xlsx: 'amount',
  currencyKey,
});
const quantity = <K extends string>(key: K): TableColumn<K> => ({
  key,
  header: key,
  csv: 'decimal',
  xlsx: 'quantity',
  width: 20,
});
const integer = <K extends string>(key: K): TableColumn<K> => ({
  key,
  header: key,
  csv: 'decimal',
  xlsx: 'integer',
  width: 12,
});

const csvColumns = <K extends string>(columns: readonly TableColumn<K>[]): CsvColumn<K>[] =>
  columns.map((c) => ({ name: c.key, type: c.csv }));
const sheet = <K extends string>(
  name: string,
  columns: readonly TableColumn<K>[],
  rows: Record<K, Cell>[],
): XlsxSheet =>
  ({
    name,
    columns: columns.map((c) => ({
      key: c.key,
      header: c.header,
      type: c.xlsx,
      ...(c.width === undefined ? {} : { width: c.width }),
      ...(c.currencyKey === undefined ? {} : { currencyKey: c.currencyKey }),
    })),
    rows,
  }) as XlsxSheet;

// ---------------------------------------------------------------------------------------------
// Subscription Summary

const SUMMARY_COLUMNS = [
  text('tenantId', 30),
  text('tenantName'),
  text('kind', 20),
  text('subscriptionId', 30),
  text('subscriptionName'),
  text('regionId', 30),
  text('regionName'),
  text('meterId', 34),
  text('meterName', 30),
  text('sku', 18),
  quantity('usageQuantity'),
  text('usageUnit', 14),
  quantity('ratedQuantity'),
  text('ratedUnit', 14),
  text('currency', 10),
  amount('gross'),
  amount('discounts'),
  amount('credits'),
  amount('net'),
  integer('unpricedLines'),
] as const;

const SUMMARY_PERIOD_COLUMNS = [
  text('tenantId', 30),
  text('tenantName'),
  text('period', 10),
  text('status', 22),
  text('ratedAt', 26),
  text('currency', 10),
  amount('subtotal'),
] as const;

const SUMMARY_TOTAL_COLUMNS = [
  text('tenantId', 30),
  text('tenantName'),
  text('currency', 10),
  amount('gross'),
  amount('discounts'),
  amount('credits'),
  amount('net'),
  integer('unpricedLines'),
] as const;

type Keys<C extends readonly TableColumn<string>[]> = C[number]['key'];

function summaryRows(summary: SubscriptionSummary): Record<Keys<typeof SUMMARY_COLUMNS>, Cell>[] {
  return summary.tenants.flatMap((tenant) =>
    tenant.rows.map((row) => ({
      tenantId: tenant.tenantId,
      tenantName: tenant.tenantName,
      ...row,
      unpricedLines: count(row.unpricedLines),
    })),
  );
}

export function summaryCsv(summary: SubscriptionSummary): string {
  return csvTable(csvColumns(SUMMARY_COLUMNS), summaryRows(summary));
}

export function summaryXlsx(summary: SubscriptionSummary, created: Date): Promise<Buffer> {
  const periods = summary.tenants.flatMap((tenant) =>
    tenant.periods.map((p) => ({ tenantId: tenant.tenantId, tenantName: tenant.tenantName, ...p })),
  );
  const totals = summary.tenants.flatMap((tenant) =>
    tenant.totals.map((t) => ({
      tenantId: tenant.tenantId,
      tenantName: tenant.tenantName,
      ...t,
      unpricedLines: count(t.unpricedLines),
    })),
  );
  return xlsxWorkbook(
    [
      sheet('Summary', SUMMARY_COLUMNS, summaryRows(summary)),
      sheet('Periods', SUMMARY_PERIOD_COLUMNS, periods),
      sheet('Totals', SUMMARY_TOTAL_COLUMNS, totals),
    ],
    created,
  );
}

// ---------------------------------------------------------------------------------------------
// Chargeback / showback

const CHARGEBACK_COLUMNS = [
  text('tenantId', 30),
  text('tenantName'),
  text('distributorId', 30),
  text('distributorName'),
  text('partnerId', 30),
  text('partnerName'),
  text('billingMode', 12),
  text('currency', 10),
  text('status', 22),
  text('ratedAt', 26),
  amount('usage'),
  amount('discounts'),
  amount('credits'),
  amount('subtotal'),
  integer('unpricedLines'),
  integer('lines'),
  text('platformCurrency', 10),
  amount('platformSubtotal', 'platformCurrency'),
] as const;

const CHARGEBACK_PLATFORM_TOTAL_COLUMNS = [
  text('billingMode', 12),
  text('platformCurrency', 10),
  integer('tenants'),
  integer('withoutRate'),
  amount('subtotal', 'platformCurrency'),
] as const;

const CHARGEBACK_TOTAL_COLUMNS = [
  text('billingMode', 12),
  text('currency', 10),
  integer('tenants'),
  amount('usage'),
  amount('discounts'),
  amount('credits'),
  amount('subtotal'),
] as const;

/** The parent columns the viewer is shown (none above its own level). */
function chargebackColumns(report: ChargebackReport) {
  const hidden = new Set<string>();
  if (report.rows.every((r) => r.distributorId === null)) hidden.add('distributorId').add('distributorName');
  if (report.rows.every((r) => r.partnerId === null)) hidden.add('partnerId').add('partnerName');
  return CHARGEBACK_COLUMNS.filter((c) => !hidden.has(c.key));
}

function chargebackRows(report: ChargebackReport): Record<Keys<typeof CHARGEBACK_COLUMNS>, Cell>[] {
  return report.rows.map((row) => ({
    ...row,
    unpricedLines: count(row.unpricedLines),
    lines: count(row.lines),
    platformCurrency: report.platformCurrency,
  }));
}

export function chargebackCsv(report: ChargebackReport): string {
  return csvTable(csvColumns(chargebackColumns(report)), chargebackRows(report));
}

export function chargebackXlsx(report: ChargebackReport, created: Date): Promise<Buffer> {
  const totals = report.totals.map((t) => ({ ...t, tenants: count(t.tenants) }));
  const platformTotals = report.platformTotals.map((t) => ({
    ...t,
    platformCurrency: report.platformCurrency,
    tenants: count(t.tenants),
    withoutRate: count(t.withoutRate),
  }));
  return xlsxWorkbook(
    [
      sheet('Tenants', chargebackColumns(report), chargebackRows(report)),
      sheet('Totals', CHARGEBACK_TOTAL_COLUMNS, totals),
      sheet(`Totals in ${report.platformCurrency}`, CHARGEBACK_PLATFORM_TOTAL_COLUMNS, platformTotals),
    ],
    created,
  );
}

// ---------------------------------------------------------------------------------------------
// Reconciliation usage → rated → invoiced

const RECONCILIATION_COLUMNS = [
  text('tenantId', 30),
  text('tenantName'),
  text('kind', 20),
  text('subscriptionId', 30),
  text('subscriptionName'),
  text('meterId', 34),
  text('meterName', 30),
  text('unit', 14),
  quantity('usageQuantity'),
  quantity('ratedQuantity'),
  quantity('invoicedQuantity'),
  text('currency', 10),
  amount('ratedAmount'),
  amount('invoicedAmount'),
  amount('adjustedAmount'),
  amount('creditedAmount'),
  amount('netInvoicedAmount'),
  quantity('usageMinusRated'),
  quantity('usageMinusInvoiced'),
  amount('ratedMinusInvoiced'),
  text('status', 14),
] as const;

const RECONCILIATION_TENANT_COLUMNS = [
  text('tenantId', 30),
  text('tenantName'),
  text('currency', 10),
  text('rating', 22),
  text('ratedAt', 26),
  text('invoiceId', 30),
  text('invoiceNumber', 20),
  text('invoiceKind', 12),
  text('invoiceStatus', 12),
] as const;

const RECONCILIATION_TOTAL_COLUMNS = [
  text('currency', 10),
  integer('tenants'),
  integer('rows'),
  amount('ratedAmount'),
  amount('invoicedAmount'),
  amount('adjustedAmount'),
  amount('creditedAmount'),
  amount('netInvoicedAmount'),
  amount('ratedMinusInvoiced'),
] as const;

export function reconciliationCsv(report: Reconciliation): string {
  return csvTable(csvColumns(RECONCILIATION_COLUMNS), report.rows);
}

export function reconciliationXlsx(report: Reconciliation, created: Date): Promise<Buffer> {
  const totals = report.totals.map((t) => ({ ...t, tenants: count(t.tenants), rows: count(t.rows) }));
  return xlsxWorkbook(
    [
      sheet('Reconciliation', RECONCILIATION_COLUMNS, report.rows),
      sheet('Tenants', RECONCILIATION_TENANT_COLUMNS, report.tenants),
      sheet('Totals', RECONCILIATION_TOTAL_COLUMNS, totals),
    ],
    created,
  );
}
