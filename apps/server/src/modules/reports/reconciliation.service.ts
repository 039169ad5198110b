import { type Decimal, decimal, minorUnits, toDecimalString } from '@cms/billing';
import type { RequestContext } from '../../context.ts';
import type { RatedLineKind } from '../../db/schema.ts';
import {
  type BilledLine,
  billedLinesOfPeriod,
  isStanding,
  type PeriodInvoiceHead,
  periodInvoiceHead,
} from '../invoices/invoice-reads.ts';
import { ratedPeriod } from '../rating/rated-reads.ts';
import { tenantFacts, wholePeriod } from '../rating/rating.service.ts';
import { meterCatalogOf } from '../regions/platform-subscriptions.service.ts';
import { usageSums } from '../usage/rating-usage.ts';
import { type MeterDetails, meterDetails } from '../usage/report-usage.ts';
import { consumedUnit } from './focus.cost-rows.ts';
import { type ReportTenant, reportTenants } from './report-scope.ts';

/**
 * The reconciliation usage → rated → invoiced of one period (product.md §6), per tenant in the
 * caller's scope (or the one it names), per subscription and meter:
 *
 * - usage: the period's exact usage as rating reads it (the daily aggregates of each region's
 *   local month, from each subscription's billable-from on; informational meters left out, as
 *   rating leaves them out), summed over SKUs, in the meter's unit;
 * - rated: the stored rated lines (rating's money of record): the usage lines' exact quantity in
 *   the meter's unit, and their amounts with their discounts and item credits;
 * - invoiced: the lines of the period's own issued (or paid) invoice, plus the prior-period
 *   adjustments for it on the tenant's later standing invoices (late usage billed afterwards);
 *   credit notes against either are a column of their own (credited), so net = invoiced + credited.
 *
 * Subscription and tenant credits are rows of their own (no quantity). Amounts are in the
 * tenant's currency, before tax, exact to its minor unit; totals per currency are exact sums.
 */

export type ReconciliationStatus =
  | 'matched'
  | 'adjusted'
  | 'not_rated'
  | 'unpriced'
  | 'not_invoiced'
  | 'differs';

export type ReconciliationRowKind = 'meter' | 'subscription_credit' | 'tenant_credit';

export interface ReconciliationRow {
  tenantId: string;
  tenantName: string;
  kind: ReconciliationRowKind;
  subscriptionId: string | null;
  subscriptionName: string | null;
  meterId: string | null;
  meterName: string | null;
  /** The meter's unit (hours for month-fraction meters), which every quantity of the row is in. */
  unit: string | null;
  usageQuantity: string | null;
  ratedQuantity: string | null;
  invoicedQuantity: string | null;
  currency: string;
  ratedAmount: string;
  invoicedAmount: string;
  /** The part of invoicedAmount billed by prior-period adjustments on later invoices. */
  adjustedAmount: string;
  creditedAmount: string;
  netInvoicedAmount: string;
  usageMinusRated: string | null;
  usageMinusInvoiced: string | null;
  ratedMinusInvoiced: string;
  status: ReconciliationStatus;
}

export interface ReconciliationTenant {
  tenantId: string;
  tenantName: string;
  currency: string;
  rating: 'rated' | 'missing_exchange_rate' | 'not_rated';
  ratedAt: string | null;
  invoiceId: string | null;
  invoiceNumber: string | null;
  invoiceKind: PeriodInvoiceHead['kind'] | null;
  invoiceStatus: PeriodInvoiceHead['status'] | null;
}

export interface ReconciliationTotals {
  currency: string;
  tenants: number;
  rows: number;
  ratedAmount: string;
  invoicedAmount: string;
  adjustedAmount: string;
  creditedAmount: string;
  netInvoicedAmount: string;
  ratedMinusInvoiced: string;
}

export interface Reconciliation {
  period: string;
  tenants: ReconciliationTenant[];
  rows: ReconciliationRow[];
  totals: ReconciliationTotals[];
}

const ZERO = decimal('0');

interface Entry {
  kind: ReconciliationRowKind;
  subscriptionId: string | null;
  meterId: string | null;
  usage: Decimal | null;
  rated: Decimal | null;
  ratedAmount: Decimal;
  ratedLines: number;
  invoiced: Decimal | null;
  invoicedAmount: Decimal;
  adjustedAmount: Decimal;
  adjustments: number;
  billedLines: number;
  credited: Decimal;
  unpriced: boolean;
}

function rowKind(kind: RatedLineKind): ReconciliationRowKind {
  if (kind === 'subscription_credit') return 'subscription_credit';
  if (kind === 'tenant_credit') return 'tenant_credit';
  return 'meter';
}

const add = (sum: Decimal | null, value: string | null): Decimal | null =>
  value === null ? sum : (sum ?? ZERO).plus(decimal(value));

function statusOf(e: Entry, standing: boolean): ReconciliationStatus {
  if (e.unpriced) return 'unpriced';
  if (!standing) {
    // A line billed although the period's own invoice does not stand: its invoice was voided.
    if (e.billedLines > 0) return 'differs';
    if (e.kind === 'meter' && e.ratedLines === 0) return 'not_rated';
    if (e.kind === 'meter' && !(e.usage ?? ZERO).eq(e.rated ?? ZERO)) return 'differs';
    return 'not_invoiced';
  }
  const usage = e.usage ?? ZERO;
  const invoiced = e.invoiced ?? ZERO;
  const quantitiesMatch = e.kind !== 'meter' || usage.eq(invoiced);
  if (e.adjustments > 0) return quantitiesMatch ? 'adjusted' : 'differs';
  const rated = e.kind !== 'meter' || (e.rated ?? ZERO).eq(invoiced);
  return quantitiesMatch && rated && e.ratedAmount.eq(e.invoicedAmount) ? 'matched' : 'differs';
}

export async function reconciliation(
  ctx: RequestContext,
  query: { period: string; tenantId?: string | undefined },
): Promise<Reconciliation> {
  const tenants: ReconciliationTenant[] = [];
  const rows: ReconciliationRow[] = [];
  for (const tenant of await reportTenants(ctx, query.tenantId)) {
    const result = await tenantReconciliation(ctx, tenant, query.period);
    tenants.push(result.tenant);
    rows.push(...result.rows);
  }
  const totals = new Map<string, { tenants: Set<string>; rows: number; sums: Decimal[] }>();
  for (const row of rows) {
    const t = totals.get(row.currency) ?? { tenants: new Set(), rows: 0, sums: [ZERO, ZERO, ZERO, ZERO] };
    t.tenants.add(row.tenantId);
    t.rows += 1;
    t.sums = [row.ratedAmount, row.invoicedAmount, row.adjustedAmount, row.creditedAmount].map((v, i) =>
      t.sums[i]!.plus(decimal(v)),
    );
    totals.set(row.currency, t);
  }
  return {
    period: query.period,
    tenants,
    rows,
    totals: [...totals.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, t]) => {
        const [rated, invoiced, adjusted, credited] = t.sums as [Decimal, Decimal, Decimal, Decimal];
        return {
          currency,
          tenants: t.tenants.size,
          rows: t.rows,
          ratedAmount: money(rated, currency),
          invoicedAmount: money(invoiced, currency),
          adjustedAmount: money(adjusted, currency),
          creditedAmount: money(credited, currency),
          netInvoicedAmount: money(invoiced.plus(credited), currency),
          ratedMinusInvoiced: money(rated.minus(invoiced), currency),
        };
      }),
  };
}

function money(value: Decimal, currency: string): string {
  return (value.eq(ZERO) ? ZERO : value).toFixed(minorUnits(currency));
}

async function tenantReconciliation(
  ctx: RequestContext,
  tenant: ReportTenant,
  period: string,
): Promise<{ tenant: ReconciliationTenant; rows: ReconciliationRow[] }> {
  const db = ctx.app.db.kysely;
  const facts = await tenantFacts(db, tenant);
  const sums = await usageSums(db, facts.sources, wholePeriod(period));
  const rated = await ratedPeriod(db, tenant.id, period);
  const invoice = await periodInvoiceHead(db, tenant.id, period);
  const billed = await billedLinesOfPeriod(db, tenant.id, period);
  const standing = isStanding(invoice);

  const subscriptionOf = new Map(facts.subscriptions.map((s) => [s.id, s]));
  const meterIdsByRegion = new Map<string, Set<string>>();
  const wantMeter = (subscriptionId: string | null, meterId: string | null) => {
    const regionId = subscriptionId ? subscriptionOf.get(subscriptionId)?.regionId : null;
    if (!regionId || !meterId) return;
    const ids = meterIdsByRegion.get(regionId) ?? new Set<string>();
    ids.add(meterId);
    meterIdsByRegion.set(regionId, ids);
  };
  for (const s of sums) wantMeter(s.subscriptionId, s.meterId);
  for (const l of [...(rated?.lines ?? []), ...billed]) wantMeter(l.subscriptionId, l.meterId);
  const meters = new Map<string, Map<string, MeterDetails>>();
  for (const [regionId, ids] of meterIdsByRegion) {
    const region = facts.regions.get(regionId);
    if (region) meters.set(regionId, await meterDetails(db, meterCatalogOf(region), [...ids]));
  }
  const meterOf = (subscriptionId: string | null, meterId: string | null) => {
    const regionId = subscriptionId ? subscriptionOf.get(subscriptionId)?.regionId : null;
    return regionId && meterId ? meters.get(regionId)?.get(meterId) : undefined;
  };

  const entries = new Map<string, Entry>();
  const entryOf = (kind: ReconciliationRowKind, subscriptionId: string | null, meterId: string | null) => {
    const sub = kind === 'tenant_credit' ? null : subscriptionId;
    const meter = kind === 'meter' ? meterId : null;
    const key = `${kind}\u0000${sub ?? ''}\u0000${meter ?? ''}`;
    let entry = entries.get(key);
    if (!entry) {
      entry = {
        kind,
        subscriptionId: sub,
        meterId: meter,
        usage: null,
        rated: null,
        ratedAmount: ZERO,
        ratedLines: 0,
        invoiced: null,
        invoicedAmount: ZERO,
        adjustedAmount: ZERO,
        adjustments: 0,
        billedLines: 0,
        credited: ZERO,
        unpriced: false,
      };
      entries.set(key, entry);
    }
    return entry;
  };

  for (const s of sums) {
    if (meterOf(s.subscriptionId, s.meterId)?.informational) continue;
    const entry = entryOf('meter', s.subscriptionId, s.meterId);
    entry.usage = add(entry.usage, s.quantity);
  }
  for (const line of rated?.lines ?? []) {
    const entry = entryOf(rowKind(line.kind), line.subscriptionId, line.meterId);
    entry.ratedLines += 1;
    entry.ratedAmount = entry.ratedAmount.plus(decimal(line.amount));
    if (line.kind === 'usage') {
      entry.rated = add(entry.rated ?? ZERO, line.rawQuantity);
      if (line.unpriced) entry.unpriced = true;
    }
  }
  for (const line of billed)
    accountBilled(entryOf(rowKind(line.sourceKind), line.subscriptionId, line.meterId), line);

  const currency = rated?.head.currency ?? tenant.currency;
  const rows: ReconciliationRow[] = [...entries.values()].map((e) => {
    const subscription = e.subscriptionId ? subscriptionOf.get(e.subscriptionId) : undefined;
    const meter = meterOf(e.subscriptionId, e.meterId);
    const isMeter = e.kind === 'meter';
    const quantity = (value: Decimal | null) => (isMeter ? toDecimalString(value ?? ZERO) : null);
    return {
      tenantId: tenant.id,
      tenantName: tenant.name,
      kind: e.kind,
      subscriptionId: e.subscriptionId,
      subscriptionName: subscription?.name ?? e.subscriptionId,
      meterId: e.meterId,
      meterName: isMeter ? (meter?.name ?? null) : null,
      unit: isMeter && meter ? consumedUnit(meter) : null,
      usageQuantity: quantity(e.usage),
      ratedQuantity: quantity(e.rated),
      invoicedQuantity: quantity(e.invoiced),
      currency,
      ratedAmount: money(e.ratedAmount, currency),
      invoicedAmount: money(e.invoicedAmount, currency),
      adjustedAmount: money(e.adjustedAmount, currency),
      creditedAmount: money(e.credited, currency),
      netInvoicedAmount: money(e.invoicedAmount.plus(e.credited), currency),
      usageMinusRated: quantity((e.usage ?? ZERO).minus(e.rated ?? ZERO)),
      usageMinusInvoiced: quantity((e.usage ?? ZERO).minus(e.invoiced ?? ZERO)),
      ratedMinusInvoiced: money(e.ratedAmount.minus(e.invoicedAmount), currency),
      status: statusOf(e, standing),
    };
  });
  const order: Record<ReconciliationRowKind, number> = { meter: 0, subscription_credit: 1, tenant_credit: 2 };
  rows.sort(
    (a, b) =>
      (a.kind === 'tenant_credit' ? 1 : 0) - (b.kind === 'tenant_credit' ? 1 : 0) ||
      (a.subscriptionName ?? '').localeCompare(b.subscriptionName ?? '') ||
      (a.subscriptionId ?? '').localeCompare(b.subscriptionId ?? '') ||
      order[a.kind] - order[b.kind] ||
      (a.meterName ?? a.meterId ?? '').localeCompare(b.meterName ?? b.meterId ?? '') ||
      (a.meterId ?? '').localeCompare(b.meterId ?? ''),
  );
  return {
    tenant: {
      tenantId: tenant.id,
      tenantName: tenant.name,
      currency,
      rating: rated?.head.status ?? 'not_rated',
      ratedAt: rated?.head.ratedAt ?? null,
      invoiceId: invoice?.id ?? null,
      invoiceNumber: invoice?.number ?? null,
      invoiceKind: invoice?.kind ?? null,
      invoiceStatus: invoice?.status ?? null,
    },
    rows,
  };
}

function accountBilled(entry: Entry, line: BilledLine): void {
  entry.billedLines += 1;
  if (line.role === 'credited') {
    entry.credited = entry.credited.plus(decimal(line.amount));
    return;
  }
  entry.invoicedAmount = entry.invoicedAmount.plus(decimal(line.amount));
  if (line.sourceKind === 'usage') {
    entry.invoiced = add(entry.invoiced ?? ZERO, line.rawQuantity);
    if (line.unpriced && line.role === 'own') entry.unpriced = true;
  }
  if (line.role === 'adjustment') {
    entry.adjustments += 1;
    entry.adjustedAmount = entry.adjustedAmount.plus(decimal(line.amount));
  }
}
