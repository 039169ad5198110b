import { decimal, toDecimalString } from '@cms/billing';
import type { ServiceCategory } from './focus.columns.ts';
import type { FocusCostRow, Interval, InvoicedCharge } from './focus.mapper.ts';

/**
 * A rated tenant-period (rating's stored lines, the money of record) as FOCUS cost rows, pure:
 *
 * - each usage line is a Usage row: ContractedCost is its amount (quantity × the rate that applied,
 *   tiers included, converted and rounded as printed); EffectiveCost is that amount after its own
 *   discount lines (a discount is a reduced rate: FOCUS applies discounts to the row they pertain
 *   to, never as a separate row); ListCost is what the region's price list asks for the same
 *   quantity (`listAmounts`), or the contracted amount when the region's list has no price for it;
 * - each credit line (item, subscription, tenant) is a Credit row of its own, whose list,
 *   contracted and effective costs are the credit. Folding credits into the usage rows as well
 *   would count them twice; spreading a tenant credit over usage rows would blend charges, which
 *   FOCUS forbids. So Σ EffectiveCost over the rows of a period is the rated subtotal: contracted
 *   costs after discounts and credits.
 */

export interface RatedLineFact {
  position: number;
  kind: 'usage' | 'discount' | 'item_credit' | 'subscription_credit' | 'tenant_credit';
  parentPosition: number | null;
  subscriptionId: string | null;
  regionId: string | null;
  meterId: string | null;
  sku: string | null;
  /** Exact period sum in the meter's unit (hours for month-fraction meters). */
  rawQuantity: string | null;
  /** The period quantity in the price unit, rounded to 6 places. */
  quantity: string | null;
  priceUnit: 'meter' | 'month' | null;
  amount: string;
  unpriced: boolean;
  description: string | null;
}

export interface MeterFact {
  name: string;
  unit: string;
  /** The Azure Stack Hub catalog's category (null for meters of an import source). */
  category: string | null;
  /** Reported as fractions of a month and stored as hours. */
  monthFraction: boolean;
}

export interface RegionFact {
  id: string;
  name: string;
  /** An Azure Stack Hub stamp (else an import source). */
  azureStack: boolean;
  /** The period as this region's local calendar month. */
  bounds: Interval;
}

export interface RatedPeriodFacts {
  period: string;
  tenant: { id: string; name: string };
  currency: string;
  issuerName: string;
  /** The period in the Platform Time Zone: the bounds of a row with no region (a tenant credit). */
  platformBounds: Interval;
  lines: readonly RatedLineFact[];
  subscriptionNames: ReadonlyMap<string, string>;
  regions: ReadonlyMap<string, RegionFact>;
  meter(regionId: string, meterId: string): MeterFact | undefined;
  /** Usage line position → the region list's amount for its quantity, in the tenant's currency. */
  listAmounts: ReadonlyMap<number, string>;
  /** Line position → what an issued invoice charged for it; empty while the period is open. */
  invoiced: ReadonlyMap<number, InvoicedCharge>;
}

const AZURE_STACK_SERVICES: Record<string, { name: string; category: ServiceCategory }> = {
  compute: { name: 'Virtual Machines', category: 'Compute' },
  managed_disk: { name: 'Managed Disks', category: 'Storage' },
  storage: { name: 'Storage Accounts', category: 'Storage' },
  network: { name: 'IP Addresses', category: 'Networking' },
  sql: { name: 'SQL Server Databases', category: 'Databases' },
  key_vault: { name: 'Key Vault', category: 'Security' },
  app_service: { name: 'App Service', category: 'Web' },
};
const AZURE_STACK_OTHER = { name: 'Azure Stack Hub', category: 'Other' as const };
const CREDITS = { name: 'Credits', category: 'Other' as const };
export const AZURE_STACK_PUBLISHER = 'Microsoft';

/** The unit usage is stored in: month-fraction meters are kept as hours. */
export function consumedUnit(meter: MeterFact | undefined): string {
  if (!meter) return 'Units';
  return meter.monthFraction ? meter.unit.replace(/month$/i, 'hours') : meter.unit;
}

/** The unit of the rated quantity: the meter's own, or months of it for a per-month price. */
export function pricingUnit(priceUnit: 'meter' | 'month' | null, meter: MeterFact | undefined): string {
  if (priceUnit !== 'month') return consumedUnit(meter);
  if (!meter) return 'Months';
  return meter.monthFraction ? meter.unit : meter.unit.replace(/hours?$/i, 'months');
}

function serviceOf(region: RegionFact | undefined, meter: MeterFact | undefined) {
  if (region && !region.azureStack) {
    return { service: { name: region.name, category: 'Other' as const }, publisher: region.name };
  }
  const known = meter?.category ? AZURE_STACK_SERVICES[meter.category] : undefined;
  return { service: known ?? AZURE_STACK_OTHER, publisher: AZURE_STACK_PUBLISHER };
}

export function costRowsOfPeriod(facts: RatedPeriodFacts): FocusCostRow[] {
  const byPosition = new Map(facts.lines.map((line) => [line.position, line]));
  const discountsOf = new Map<number, ReturnType<typeof decimal>>();
  for (const line of facts.lines) {
    if (line.kind !== 'discount' || line.parentPosition === null) continue;
    const sum = discountsOf.get(line.parentPosition) ?? decimal('0');
    discountsOf.set(line.parentPosition, sum.plus(decimal(line.amount)));
  }
  const rows: FocusCostRow[] = [];
  for (const line of facts.lines) {
    if (line.kind === 'discount') continue;
    // An item credit is about its usage line's meter; subscription and tenant credits are not.
    const source =
      line.kind === 'item_credit' && line.parentPosition !== null
        ? byPosition.get(line.parentPosition)
        : line;
    const region = line.regionId ? facts.regions.get(line.regionId) : undefined;
    const meterId = source?.meterId ?? null;
    const meter = region && meterId ? facts.meter(region.id, meterId) : undefined;
    const bounds = region?.bounds ?? facts.platformBounds;
    const common = {
      period: facts.period,
      billingAccount: facts.tenant,
      currency: facts.currency,
      subAccount: line.subscriptionId
        ? {
            id: line.subscriptionId,
            name: facts.subscriptionNames.get(line.subscriptionId) ?? line.subscriptionId,
          }
        : null,
      billingPeriod: bounds,
      chargePeriod: bounds,
      issuerName: facts.issuerName,
      region: region ? { id: region.id, name: region.name } : null,
      meter: meterId ? { id: meterId, sku: source?.sku ?? null } : null,
      unpriced: line.unpriced,
      invoice: facts.invoiced.get(line.position) ?? null,
      correctedPeriod: null,
    };
    if (line.kind === 'usage') {
      const { service, publisher } = serviceOf(region, meter);
      const name = meter?.name ?? line.meterId ?? 'Usage';
      const listed = facts.listAmounts.get(line.position);
      rows.push({
        ...common,
        kind: 'usage',
        publisherName: publisher,
        service,
        description: `${name}${line.sku ? ` (${line.sku})` : ''}${line.unpriced ? ': no applicable price' : ''}`,
        pricing: { quantity: line.quantity ?? '0', unit: pricingUnit(line.priceUnit, meter) },
        consumed: { quantity: line.rawQuantity ?? '0', unit: consumedUnit(meter) },
        listCost: listed ?? line.amount,
        contractedCost: line.amount,
        effectiveCost: toDecimalString(
          decimal(line.amount).plus(discountsOf.get(line.position) ?? decimal('0')),
        ),
        listPriceSource: listed === undefined ? 'contracted' : 'region',
      });
      continue;
    }
    const about =
      line.kind === 'item_credit'
        ? serviceOf(region, meter)
        : { service: CREDITS, publisher: facts.issuerName };
    rows.push({
      ...common,
      kind: 'credit',
      publisherName: about.publisher,
      service: about.service,
      description: line.description ?? 'Credit',
      pricing: null,
      consumed: null,
      listCost: line.amount,
      contractedCost: line.amount,
      effectiveCost: line.amount,
      listPriceSource: null,
    });
  }
  return rows;
}

/** A line an issued document charges beyond the rated lines (invoices/invoice-reads.ts). */
export interface DocumentLineFact {
  documentNumber: string;
  creditNote: boolean;
  kind: 'usage' | 'discount' | 'credit' | 'adjustment' | 'tax';
  subscription: { id: string; name: string } | null;
  regionId: string | null;
  meterId: string | null;
  sku: string | null;
  amount: string;
  unpriced: boolean;
  description: string;
  originalPeriod: string | null;
}

export interface DocumentPeriodFacts {
  period: string;
  tenant: { id: string; name: string };
  currency: string;
  issuerName: string;
  lines: readonly DocumentLineFact[];
  regions: ReadonlyMap<string, RegionFact>;
  meter(regionId: string, meterId: string): MeterFact | undefined;
  /** A period as the region's local month (a line without a region: the Platform Time Zone's). */
  bounds(regionId: string | null, period: string): Interval;
}

const TAX = { name: 'Tax', category: 'Other' as const };

/**
 * What the issued documents of a tenant-period charge that its rated lines do not, as FOCUS cost
 * rows billed by the document that carries them (BilledCost its amount, InvoiceId its number):
 *
 * - a tax line of the invoice is a Tax row of the whole tenant (no subscription, no region);
 * - a prior-period adjustment on the invoice is an Adjustment row (ChargeClass Correction): billed
 *   in this period, charged for the period it corrects;
 * - each line of a credit note against the invoice is a Credit row, or a Tax row for its tax,
 *   correcting this period (or, for a credited adjustment, the period that one corrected).
 *
 * Their list, contracted and effective costs are what the document charges, so Σ EffectiveCost and
 * Σ BilledCost over the whole export both come to what the invoice and its credit notes total.
 */
export function documentRowsOfPeriod(facts: DocumentPeriodFacts): FocusCostRow[] {
  return facts.lines.map((line) => {
    const region = line.regionId ? facts.regions.get(line.regionId) : undefined;
    const meter = region && line.meterId ? facts.meter(region.id, line.meterId) : undefined;
    const corrected = line.creditNote ? (line.originalPeriod ?? facts.period) : line.originalPeriod;
    const kind = line.kind === 'tax' ? 'tax' : line.creditNote ? 'credit' : 'adjustment';
    const about = kind === 'tax' ? { service: TAX, publisher: facts.issuerName } : serviceOf(region, meter);
    const regionId = kind === 'tax' ? null : (region?.id ?? null);
    return {
      kind,
      period: facts.period,
      billingAccount: facts.tenant,
      currency: facts.currency,
      subAccount: kind === 'tax' ? null : line.subscription,
      billingPeriod: facts.bounds(regionId, facts.period),
      chargePeriod: facts.bounds(regionId, corrected ?? facts.period),
      issuerName: facts.issuerName,
      publisherName: about.publisher,
      service: about.service,
      region: kind !== 'tax' && region ? { id: region.id, name: region.name } : null,
      description: line.description,
      meter: kind !== 'tax' && line.meterId ? { id: line.meterId, sku: line.sku } : null,
      pricing: null,
      consumed: null,
      listCost: line.amount,
      contractedCost: line.amount,
      effectiveCost: line.amount,
      listPriceSource: null,
      unpriced: line.unpriced,
      invoice: { invoiceId: line.documentNumber, billedCost: line.amount },
      correctedPeriod: corrected,
    };
  });
}
