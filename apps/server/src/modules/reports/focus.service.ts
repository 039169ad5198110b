import { Readable } from 'node:stream';
import { decimal, periodBoundsUtc, toDecimalString } from '@cms/billing';
import type { Kysely } from 'kysely';
import type { RequestContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { chainAt } from '../../tenancy/chain.ts';
import { issuerName } from '../branding/branding.service.ts';
import {
  billedLinesOfPeriod,
  documentOnlyLines,
  isStanding,
  periodInvoiceHead,
} from '../invoices/invoice-reads.ts';
import { ratedPeriod, type StoredLine } from '../rating/rated-reads.ts';
import { meterCatalogOf } from '../regions/platform-subscriptions.service.ts';
import { regionClocks } from '../regions/rating-regions.ts';
import { regionNamesById } from '../regions/regions.service.ts';
import { getSetting } from '../settings/settings.service.ts';
import { subscriptionNames } from '../subscriptions/subscriptions.service.ts';
import { type MeterDetails, meterDetails } from '../usage/report-usage.ts';
import { FOCUS_COLUMNS } from './focus.columns.ts';
import { costRowsOfPeriod, documentRowsOfPeriod, type RegionFact } from './focus.cost-rows.ts';
import { type InvoicedCharge, toFocusRow } from './focus.mapper.ts';
import { regionListAmounts } from './list-costs.ts';
import { csvHeader, csvRecord } from './report-csv.ts';
import { type ReportTenant, reportTenants } from './report-scope.ts';

/**
 * The FOCUS 1.2 export of one period: the rated lines of each tenant the caller may see (or the
 * one it names), as CSV streamed tenant by tenant, so a platform-wide export holds one tenant's
 * rows in memory at a time. Once the tenant-period's own invoice is issued (or paid), each row's
 * BilledCost is what that invoice charged for it and InvoiceId its number; while the period is
 * open (no invoice, a preview, or a voided one) BilledCost is 0 and InvoiceId null: nothing has
 * been invoiced for it (docs/reports.md).
 */

/** The scope is checked, and the period's bounds worked out, before the first byte is sent. */
export async function focusExport(
  ctx: RequestContext,
  query: { period: string; tenantId?: string | undefined },
): Promise<Readable> {
  const tenants = await reportTenants(ctx, query.tenantId);
  const platformZone = String(await getSetting(ctx, 'platform.timeZone'));
  async function* chunks() {
    yield Buffer.from(csvHeader(FOCUS_COLUMNS));
    for (const tenant of tenants) {
      const text = await tenantRows(ctx, tenant, query.period, platformZone);
      if (text !== '') yield Buffer.from(text);
    }
  }
  return Readable.from(chunks());
}

async function tenantRows(
  ctx: RequestContext,
  tenant: ReportTenant,
  period: string,
  platformZone: string,
): Promise<string> {
  const db = ctx.app.db.kysely;
  const platformBounds = periodBoundsUtc(period, platformZone);
  const rated = await ratedPeriod(db, tenant.id, period);
  const lines = rated?.lines ?? [];
  const documentLines = await documentOnlyLines(db, tenant.id, period);
  const currency = rated?.head.currency ?? documentLines[0]?.currency;
  if (currency === undefined || (lines.length === 0 && documentLines.length === 0)) return '';
  const used = [...lines, ...documentLines];
  const regionIds = [...new Set(used.flatMap((l) => (l.regionId ? [l.regionId] : [])))];
  const clocks = await regionClocks(db, regionIds);
  const names = await regionNamesById(db, regionIds);
  const regions = new Map<string, RegionFact>();
  const meters = new Map<string, Map<string, MeterDetails>>();
  for (const id of regionIds) {
    const clock = clocks.get(id);
    if (!clock) continue;
    regions.set(id, {
      id,
      name: names.get(id) ?? id,
      azureStack: clock.kind === 'azure_stack',
      bounds: periodBoundsUtc(period, clock.timeZone),
    });
    const meterIds = used.flatMap((l) => (l.regionId === id && l.meterId ? [l.meterId] : []));
    meters.set(id, await meterDetails(db, meterCatalogOf(clock), meterIds));
  }
  const meter = (regionId: string, meterId: string) => meters.get(regionId)?.get(meterId);
  const subscriptionIds = [...new Set(lines.flatMap((l) => (l.subscriptionId ? [l.subscriptionId] : [])))];
  // The partner that owned the tenant when the period began issues its charges.
  const chain = await chainAt(db, tenant.id, new Date(platformBounds.start).toISOString());
  const issuer = await issuerName(db, chain?.partner_id ?? null);
  const rows = [
    ...costRowsOfPeriod({
      period,
      tenant: { id: tenant.id, name: tenant.name },
      currency,
      issuerName: issuer,
      platformBounds,
      lines,
      subscriptionNames: await subscriptionNames(ctx, subscriptionIds),
      regions,
      meter,
      listAmounts: await regionListAmounts(db, ctx, { id: tenant.id, currency }, period, lines),
      invoiced: await invoicedCharges(db, tenant.id, period, lines),
    }),
    ...documentRowsOfPeriod({
      period,
      tenant: { id: tenant.id, name: tenant.name },
      currency,
      issuerName: issuer,
      lines: documentLines,
      regions,
      meter,
      bounds: (regionId, of) => {
        const zone = regionId ? clocks.get(regionId)?.timeZone : undefined;
        return periodBoundsUtc(of, zone ?? platformZone);
      },
    }),
  ];
  return rows.map((row) => csvRecord(FOCUS_COLUMNS, toFocusRow(row))).join('');
}

/**
 * Rated line position → what the period's issued invoice charged for it. The invoice's own lines
 * are the rated lines in the same order (a preview is issued only if rating it again gives the
 * same lines, and rating never changes a closed period), so position n of both is one charge; a
 * usage row is billed its line plus its discount lines (FOCUS folds discounts into the row), a
 * credit row its credit line. A line that does not match its rated line is left unbilled rather
 * than attributed to the wrong row.
 */
async function invoicedCharges(
  db: Kysely<Database>,
  tenantId: string,
  period: string,
  lines: readonly StoredLine[],
): Promise<Map<number, InvoicedCharge>> {
  const out = new Map<number, InvoicedCharge>();
  const invoice = await periodInvoiceHead(db, tenantId, period);
  if (!isStanding(invoice) || invoice.number === null) return out;
  const own = (await billedLinesOfPeriod(db, tenantId, period)).filter((l) => l.role === 'own');
  const byPosition = new Map(own.map((l) => [l.position, l]));
  const discounts = new Map<number, ReturnType<typeof decimal>>();
  for (const l of own) {
    if (l.sourceKind !== 'discount' || l.parentPosition === null) continue;
    discounts.set(
      l.parentPosition,
      (discounts.get(l.parentPosition) ?? decimal('0')).plus(decimal(l.amount)),
    );
  }
  for (const line of lines) {
    if (line.kind === 'discount') continue;
    const billed = byPosition.get(line.position);
    if (
      !billed ||
      billed.sourceKind !== line.kind ||
      billed.subscriptionId !== line.subscriptionId ||
      billed.meterId !== line.meterId
    )
      continue;
    const amount = decimal(billed.amount).plus(
      line.kind === 'usage' ? (discounts.get(line.position) ?? decimal('0')) : decimal('0'),
    );
    out.set(line.position, { invoiceId: invoice.number, billedCost: toDecimalString(amount) });
  }
  return out;
}
