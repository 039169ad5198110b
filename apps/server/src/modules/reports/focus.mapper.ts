import { decimal, isDecimalString, minorUnits, toDecimalString } from '@cms/billing';
import type { FocusRow, ServiceCategory } from './focus.columns.ts';

/**
 * The FOCUS mapper (pure, no database): one cost row → one FOCUS 1.2 row. What a cost row is
 * worth (list, contracted, effective) is decided by whoever builds it (focus.cost-rows.ts for
 * rated periods; the invoices module for tax lines and prior-period adjustments); the mapper
 * applies the specification's rules on categories, classes and nulls, and writes every value in
 * its format: decimals as exact plain text, instants as `YYYY-MM-DDTHH:mm:ssZ`.
 */

/** [start, end) in UTC milliseconds: FOCUS period ends are exclusive. */
export interface Interval {
  start: number;
  end: number;
}

export type FocusChargeKind = 'usage' | 'credit' | 'tax' | 'adjustment';

/** What an issued invoice charged for a cost row (see docs/reports.md, "What invoices supply"). */
export interface InvoicedCharge {
  invoiceId: string;
  /** The invoice's amount for this row, in the billing currency (negative for a credit). */
  billedCost: string;
}

export interface FocusCostRow {
  /**
   * usage → ChargeCategory Usage; credit → Credit; tax → Tax; adjustment → Adjustment with
   * ChargeClass Correction (a prior-period adjustment of an issued invoice).
   */
  kind: FocusChargeKind;
  /** The CMS billing period the row belongs to, YYYY-MM. */
  period: string;
  /** The tenant. */
  billingAccount: { id: string; name: string };
  /** The tenant's currency, in which every cost of the row is stated. */
  currency: string;
  /** The subscription; null for a charge of the whole tenant (a tenant credit, tax). */
  subAccount: { id: string; name: string } | null;
  billingPeriod: Interval;
  chargePeriod: Interval;
  /** Who invoices the tenant: ProviderName and InvoiceIssuerName. */
  issuerName: string;
  publisherName: string;
  service: { name: string; category: ServiceCategory };
  region: { id: string; name: string } | null;
  description: string;
  meter: { id: string; sku: string | null } | null;
  /** The rated quantity in the price's unit; required on usage rows, null on tax rows. */
  pricing: { quantity: string; unit: string } | null;
  /** What was consumed, in the meter's unit; used on usage rows only. */
  consumed: { quantity: string; unit: string } | null;
  listCost: string;
  contractedCost: string;
  effectiveCost: string;
  /** Usage rows: whether ListCost comes from the region's price list or, lacking one, the contracted price. */
  listPriceSource: 'region' | 'contracted' | null;
  unpriced: boolean;
  /** null while the period is open (no issued invoice): BilledCost is then 0. */
  invoice: InvoicedCharge | null;
  /**
   * The invoiced period the row corrects (ChargeClass Correction): an adjustment's earlier period,
   * or the period a credit note's line credits; null for a row that corrects nothing.
   */
  correctedPeriod: string | null;
}

const CHARGE_CATEGORY: Record<FocusChargeKind, string> = {
  usage: 'Usage',
  credit: 'Credit',
  tax: 'Tax',
  adjustment: 'Adjustment',
};

/** An amount in its currency's minor unit (never "-0.00"). */
export function money(value: string, currency: string): string {
  if (!isDecimalString(value)) throw new RangeError(`Not a decimal: "${value}"`);
  const d = decimal(value);
  return (d.eq('0') ? decimal('0') : d).toFixed(minorUnits(currency));
}

/** A quantity as exact plain text. */
function quantity(value: string): string {
  if (!isDecimalString(value)) throw new RangeError(`Not a decimal: "${value}"`);
  return toDecimalString(decimal(value));
}

/** An instant as FOCUS writes it: UTC, whole seconds, ending in Z. */
export function focusInstant(ms: number): string {
  if (!Number.isFinite(ms) || ms % 1000 !== 0) throw new RangeError(`Not a whole-second instant: ${ms}`);
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function checkInterval(name: string, interval: Interval): void {
  if (!(interval.start < interval.end)) throw new RangeError(`${name}: the start must come before the end`);
}

export function toFocusRow(row: FocusCostRow): FocusRow {
  checkInterval('billing period', row.billingPeriod);
  checkInterval('charge period', row.chargePeriod);
  // A row that corrects an invoiced period: an adjustment, or what a credit note credits.
  const correction = row.correctedPeriod !== null;
  if (row.kind === 'usage' && (row.pricing === null || row.consumed === null)) {
    throw new RangeError('A usage row needs its pricing and consumed quantities');
  }
  if (row.kind === 'adjustment' && row.correctedPeriod === null) {
    throw new RangeError('An adjustment row names the period it corrects');
  }
  // FOCUS: no pricing quantity or unit on tax; consumption only on usage.
  const pricing = row.kind === 'tax' ? null : row.pricing;
  const consumed = row.kind === 'usage' ? row.consumed : null;
  const currency = row.currency;
  return {
    BilledCost: money(row.invoice?.billedCost ?? '0', currency),
    BillingAccountId: row.billingAccount.id,
    BillingAccountName: row.billingAccount.name,
    BillingCurrency: currency,
    BillingPeriodEnd: focusInstant(row.billingPeriod.end),
    BillingPeriodStart: focusInstant(row.billingPeriod.start),
    ChargeCategory: CHARGE_CATEGORY[row.kind],
    ChargeClass: correction ? 'Correction' : null,
    ChargeDescription: row.description,
    ChargePeriodEnd: focusInstant(row.chargePeriod.end),
    ChargePeriodStart: focusInstant(row.chargePeriod.start),
    ConsumedQuantity: consumed ? quantity(consumed.quantity) : null,
    ConsumedUnit: consumed?.unit ?? null,
    ContractedCost: money(row.contractedCost, currency),
    EffectiveCost: money(row.effectiveCost, currency),
    InvoiceId: row.invoice?.invoiceId ?? null,
    InvoiceIssuerName: row.issuerName,
    ListCost: money(row.listCost, currency),
    PricingQuantity: pricing ? quantity(pricing.quantity) : null,
    PricingUnit: pricing?.unit ?? null,
    ProviderName: row.issuerName,
    PublisherName: row.publisherName,
    RegionId: row.region?.id ?? null,
    RegionName: row.region?.name ?? null,
    ServiceCategory: row.service.category,
    ServiceName: row.service.name,
    SubAccountId: row.subAccount?.id ?? null,
    SubAccountName: row.subAccount?.name ?? null,
    x_BillingPeriod: row.period,
    x_CorrectedPeriod: row.correctedPeriod,
    x_ListPriceSource: row.listPriceSource,
    x_MeterId: row.meter?.id ?? null,
    x_Sku: row.meter?.sku ?? null,
    x_Unpriced: row.unpriced ? 'true' : 'false',
  };
}
