import {
  decimal,
  periodBoundsUtc,
  type RatedLine,
  type TaxRateInput,
  type TierSlice,
  toDecimalString,
} from '@cms/billing';
import type { Insertable, Kysely } from 'kysely';
import type { AnyContext } from '../../context.ts';
import { newId } from '../../db/ids.ts';
import type { Database, InvoiceLineTable, OrganisationRow, RatedLineTable } from '../../db/schema.ts';
import type { TenantFacts } from '../rating/rating.service.ts';
import { meterCatalogOf, regionBasics } from '../regions/platform-subscriptions.service.ts';
import { addDays, localDay } from '../usage/local-time.ts';
import { meterLabels } from '../usage/meters.service.ts';
import {
  type ComparedLine,
  type ContentLine,
  type LineLabels,
  type PrintedTaxLine,
  sumOf,
  type Totals,
  taxLinesFor,
  totalsOf,
} from './invoice-content.ts';

/**
 * The database-facing half of building an invoice: which regional months a tenant-period covers
 * and whether each was collected, the names printed beside lines, and the rows that freeze them.
 */

/** One region's local month that the invoice covers (semantics.md "Billing periods and time"). */
export interface Coverage {
  regionId: string;
  regionName: string;
  timeZone: string;
  /** UTC instants of the local month's start and end. */
  from: string;
  to: string;
}

export type CoverageResult =
  | { ok: true; coverage: Coverage[] }
  | { ok: false; message: string; coverage: Coverage[] };

/** Region names already read in the caller's transaction (a batch of tenants reads each once). */
export type RegionNames = Map<string, Promise<string>>;

/**
 * The regions a tenant used in period P: those of its subscriptions billable before the region's
 * month ended. A region's month can be invoiced once it has collected past its local month end:
 * a stamp's usage watermark has passed it; an import source (no watermark: it is fed) once the
 * month has ended.
 */
export async function coverageOf(
  db: Kysely<Database>,
  ctx: AnyContext,
  facts: TenantFacts,
  period: string,
  regionNames: RegionNames = new Map(),
): Promise<CoverageResult> {
  const now = ctx.app.clock();
  const coverage: Coverage[] = [];
  const late: string[] = [];
  const seen = new Set<string>();
  for (const source of facts.sources) {
    if (seen.has(source.regionId)) continue;
    const region = facts.regions.get(source.regionId)!;
    const { start, end } = periodBoundsUtc(period, region.timeZone);
    if (Date.parse(source.billableFrom) >= end) continue;
    seen.add(source.regionId);
    let named = regionNames.get(region.id);
    if (!named) {
      named = regionBasics(ctx.app, region.id, db).then((basics) => basics?.name ?? region.id);
      regionNames.set(region.id, named);
    }
    const name = await named;
    coverage.push({
      regionId: region.id,
      regionName: name,
      timeZone: region.timeZone,
      from: new Date(start).toISOString(),
      to: new Date(end).toISOString(),
    });
    const collectedTo =
      region.kind === 'import' ? now : Date.parse(region.usageWatermark ?? '1970-01-01T00:00:00Z');
    if (collectedTo < end) {
      late.push(
        region.kind === 'import'
          ? `import source ${name}: its month ${period} ends ${new Date(end).toISOString()}`
          : `region ${name} has collected up to ${region.usageWatermark ?? 'nothing yet'}, its month ${period} ends ${new Date(end).toISOString()}`,
      );
    }
  }
  coverage.sort((a, b) => a.regionId.localeCompare(b.regionId));
  if (late.length > 0) {
    return {
      ok: false,
      message: `Usage is not collected past the month's end: ${late.join('; ')}.`,
      coverage,
    };
  }
  return { ok: true, coverage };
}

/** Names beside the lines of one tenant: subscriptions from the facts, meters from each region's catalog. */
export async function labelsFor(
  db: Kysely<Database>,
  facts: TenantFacts,
  lines: readonly { subscriptionId: string | null; meterId: string | null }[],
): Promise<LineLabels> {
  return (await labelsOfTenants(db, [{ facts, lines }]))[0]!;
}

/** labelsFor of several tenants: each catalog's meter names read once for all of them. */
export async function labelsOfTenants(
  db: Kysely<Database>,
  of: readonly {
    facts: TenantFacts;
    lines: readonly { subscriptionId: string | null; meterId: string | null }[];
  }[],
): Promise<LineLabels[]> {
  const catalogsOf = of.map(({ facts }) => {
    const subscriptions = new Map(facts.subscriptions.map((s) => [s.id, s]));
    const catalogOf = (subscriptionId: string | null): string | null => {
      const regionId = subscriptionId ? subscriptions.get(subscriptionId)?.regionId : null;
      const region = regionId ? facts.regions.get(regionId) : undefined;
      return region ? meterCatalogOf(region) : null;
    };
    return { subscriptions, catalogOf };
  });
  const wanted = new Map<string, Set<string>>();
  of.forEach(({ lines }, n) => {
    const { catalogOf } = catalogsOf[n]!;
    for (const line of lines) {
      const catalog = catalogOf(line.subscriptionId);
      if (!catalog || !line.meterId) continue;
      let ids = wanted.get(catalog);
      if (!ids) {
        ids = new Set();
        wanted.set(catalog, ids);
      }
      ids.add(line.meterId);
    }
  });
  const labels = new Map<string, Map<string, { name: string; unit: string }>>();
  for (const [catalog, ids] of wanted) labels.set(catalog, await meterLabels(db, catalog, [...ids]));
  return catalogsOf.map(({ subscriptions, catalogOf }) => ({
    subscriptionName: (id) => subscriptions.get(id)?.name ?? null,
    regionOf: (id) => subscriptions.get(id)?.regionId ?? null,
    meter: (subscriptionId, meterId) => {
      const catalog = catalogOf(subscriptionId);
      return (catalog && labels.get(catalog)?.get(meterId)) || null;
    },
  }));
}

/** A stored rated line in the engine's shape. */
export function ratedLineOf(row: RatedLineTable): RatedLine & { regionId: string | null } {
  return {
    kind: row.kind,
    subscriptionId: row.subscription_id,
    regionId: row.region_id,
    meterId: row.meter_id,
    sku: row.sku,
    itemId: row.price_item_id,
    priceListId: row.price_list_id,
    versionId: row.price_list_version_id,
    rawQuantity: row.raw_quantity,
    quantity: row.quantity,
    priceUnit: row.price_unit,
    rate: row.rate,
    tierMode: row.tier_mode,
    slices: row.slices ? (JSON.parse(row.slices) as TierSlice[]) : null,
    amount: row.amount,
    unpriced: Number(row.unpriced) === 1,
    discountId: row.discount_id,
    creditId: row.credit_id,
    parentIndex: row.parent_position,
    description: row.description,
  };
}

/** The tax rates of each group of lines: '' the period's own, 'YYYY-MM' the adjustments of that period. */
export type TaxRatesByGroup = Record<string, TaxRateInput[]>;

export interface Composition {
  lines: ContentLine[];
  taxLines: PrintedTaxLine[];
  totals: Totals;
}

/**
 * The printed invoice: the period's own lines, then the prior-period adjustments grouped by the
 * period they correct (each taxed at that period's rates), the tax lines and the totals.
 */
export function compose(
  own: readonly ContentLine[],
  adjustments: readonly ContentLine[],
  rates: TaxRatesByGroup,
  currency: string,
): Composition {
  const lines = [...own, ...adjustments];
  const periods = [...new Set(adjustments.map((l) => l.originalPeriod!))];
  const groups = [
    { base: sumOf(own), rates: rates[''] ?? [] },
    ...periods.map((p) => ({
      base: sumOf(adjustments.filter((l) => l.originalPeriod === p)),
      rates: rates[p] ?? [],
    })),
  ];
  const taxLines = taxLinesFor(groups, currency);
  return { lines, taxLines, totals: totalsOf(lines, taxLines, currency) };
}

const plainOrNull = (v: string | null) => (v === null ? null : toDecimalString(decimal(v)));

/** The frozen rows of a composition (positions in print order; tax lines last). */
export function lineRows(invoiceId: string, composition: Composition): Insertable<InvoiceLineTable>[] {
  const rows: Insertable<InvoiceLineTable>[] = composition.lines.map((line, position) => ({
    id: newId('inl'),
    invoice_id: invoiceId,
    position,
    kind: line.kind,
    source_kind: line.sourceKind,
    parent_position: line.parentPosition,
    subscription_id: line.subscriptionId,
    subscription_name: line.subscriptionName,
    region_id: line.regionId,
    meter_id: line.meterId,
    meter_name: line.meterName,
    sku: line.sku,
    unit: line.unit,
    price_unit: line.priceUnit,
    price_list_id: line.priceListId,
    price_list_version_id: line.priceListVersionId,
    price_item_id: line.priceItemId,
    discount_id: line.discountId,
    credit_id: line.creditId,
    raw_quantity: plainOrNull(line.rawQuantity),
    quantity: plainOrNull(line.quantity),
    rate: plainOrNull(line.rate),
    tier_mode: line.tierMode,
    slices: line.slices ? JSON.stringify(line.slices) : null,
    amount: line.amount,
    unpriced: line.unpriced ? 1 : 0,
    description: line.description.slice(0, 1000),
    original_period: line.originalPeriod,
    credited_line_id: null,
    tax_name: null,
    tax_percentage: null,
    tax_base: null,
  }));
  const offset = rows.length;
  composition.taxLines.forEach((tax, i) => {
    rows.push(taxLineRow(invoiceId, offset + i, tax));
  });
  return rows;
}

/** The frozen row of a tax line. */
export function taxLineRow(
  invoiceId: string,
  position: number,
  tax: PrintedTaxLine,
): Insertable<InvoiceLineTable> {
  return {
    id: newId('inl'),
    invoice_id: invoiceId,
    position,
    kind: 'tax',
    source_kind: null,
    parent_position: null,
    subscription_id: null,
    subscription_name: null,
    region_id: null,
    meter_id: null,
    meter_name: null,
    sku: null,
    unit: null,
    price_unit: null,
    price_list_id: null,
    price_list_version_id: null,
    price_item_id: null,
    discount_id: null,
    credit_id: null,
    raw_quantity: null,
    quantity: null,
    rate: null,
    tier_mode: null,
    slices: null,
    amount: tax.amount,
    unpriced: 0,
    description: `${tax.name} ${toDecimalString(decimal(tax.percentage))}%`,
    original_period: null,
    credited_line_id: null,
    tax_name: tax.name,
    tax_percentage: tax.percentage,
    tax_base: tax.base,
  };
}

/** A stored line back in the content shape (decimals plain, amounts in minor units). */
export function contentOf(row: {
  kind: string;
  source_kind: ContentLine['sourceKind'] | null;
  parent_position: number | null;
  subscription_id: string | null;
  subscription_name: string | null;
  region_id: string | null;
  meter_id: string | null;
  meter_name: string | null;
  sku: string | null;
  unit: string | null;
  price_unit: ContentLine['priceUnit'];
  price_list_id: string | null;
  price_list_version_id: string | null;
  price_item_id: string | null;
  discount_id: string | null;
  credit_id: string | null;
  raw_quantity: string | null;
  quantity: string | null;
  rate: string | null;
  tier_mode: ContentLine['tierMode'];
  slices: string | null;
  amount: string;
  unpriced: number;
  description: string;
  original_period: string | null;
}): ContentLine {
  return {
    kind: row.kind as ContentLine['kind'],
    sourceKind: row.source_kind ?? 'usage',
    parentPosition: row.parent_position === null ? null : Number(row.parent_position),
    subscriptionId: row.subscription_id,
    subscriptionName: row.subscription_name,
    regionId: row.region_id,
    meterId: row.meter_id,
    meterName: row.meter_name,
    sku: row.sku,
    unit: row.unit,
    priceUnit: row.price_unit,
    priceListId: row.price_list_id,
    priceListVersionId: row.price_list_version_id,
    priceItemId: row.price_item_id,
    discountId: row.discount_id,
    creditId: row.credit_id,
    rawQuantity: plainOrNull(row.raw_quantity),
    quantity: plainOrNull(row.quantity),
    rate: plainOrNull(row.rate),
    tierMode: row.tier_mode,
    slices: row.slices ? (JSON.parse(row.slices) as TierSlice[]) : null,
    amount: toDecimalString(decimal(row.amount)),
    unpriced: Number(row.unpriced) === 1,
    description: row.description,
    originalPeriod: row.original_period,
  };
}

/** What sameLines compares of a stored line (decimals as stored: sameLines reads them as values). */
export function comparedOf(row: {
  kind: string;
  source_kind: ContentLine['sourceKind'] | null;
  subscription_id: string | null;
  price_item_id: string | null;
  meter_id: string | null;
  sku: string | null;
  discount_id: string | null;
  credit_id: string | null;
  original_period: string | null;
  quantity: string | null;
  amount: string;
}): ComparedLine {
  return {
    kind: row.kind as ContentLine['kind'],
    sourceKind: row.source_kind ?? 'usage',
    subscriptionId: row.subscription_id,
    priceItemId: row.price_item_id,
    meterId: row.meter_id,
    sku: row.sku,
    discountId: row.discount_id,
    creditId: row.credit_id,
    originalPeriod: row.original_period,
    quantity: row.quantity === null ? null : String(row.quantity),
    amount: String(row.amount),
  };
}

/** The issue day in the Platform Time Zone, and the due day after the payment terms. */
export function issueAndDueDates(now: number, platformZone: string, termsDays: number | null) {
  const issueDate = localDay(now, platformZone);
  return { issueDate, dueDate: termsDays === null ? null : addDays(issueDate, termsDays) };
}

/** The bill-to block printed on the invoice, from the tenant as it is now. */
export function billToOf(tenant: OrganisationRow) {
  const cityLine = [tenant.postal_code, tenant.city, tenant.region].filter((p) => p).join(' ');
  return {
    bill_to_name: tenant.name,
    bill_to_contact: tenant.billing_contact_name ?? tenant.contact_name,
    bill_to_email: tenant.billing_email ?? tenant.contact_email,
    bill_to_address: JSON.stringify(
      [tenant.address_line1, tenant.address_line2, cityLine, tenant.country].filter(
        (p): p is string => typeof p === 'string' && p.length > 0,
      ),
    ),
  };
}
