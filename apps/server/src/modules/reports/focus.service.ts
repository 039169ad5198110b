import { Readable } from 'node:stream';
import { periodBoundsUtc } from '@cms/billing';
import type { RequestContext } from '../../context.ts';
import { chainAt } from '../../tenancy/chain.ts';
import { issuerName } from '../branding/branding.service.ts';
import { ratedPeriod } from '../rating/rated-reads.ts';
import { meterCatalogOf } from '../regions/platform-subscriptions.service.ts';
import { regionClocks } from '../regions/rating-regions.ts';
import { regionNamesById } from '../regions/regions.service.ts';
import { getSetting } from '../settings/settings.service.ts';
import { subscriptionNames } from '../subscriptions/subscriptions.service.ts';
import { type MeterDetails, meterDetails } from '../usage/report-usage.ts';
import { FOCUS_COLUMNS } from './focus.columns.ts';
import { costRowsOfPeriod, type RegionFact } from './focus.cost-rows.ts';
import { type Interval, toFocusRow } from './focus.mapper.ts';
import { regionListAmounts } from './list-costs.ts';
import { csvHeader, csvRecord } from './report-csv.ts';
import { type ReportTenant, reportTenants } from './report-scope.ts';

/**
 * The FOCUS 1.2 export of one period: the rated lines of each tenant the caller may see (or the
 * one it names), as CSV streamed tenant by tenant, so a platform-wide export holds one tenant's
 * rows in memory at a time. Every period is open until the invoices module issues one, so every
 * BilledCost is 0 and every InvoiceId empty (docs/reports.md says what invoices will supply).
 */

/** The scope is checked, and the period's bounds worked out, before the first byte is sent. */
export async function focusExport(
  ctx: RequestContext,
  query: { period: string; tenantId?: string | undefined },
): Promise<Readable> {
  const tenants = await reportTenants(ctx, query.tenantId);
  const platformZone = String(await getSetting(ctx, 'platform.timeZone'));
  const platformBounds = periodBoundsUtc(query.period, platformZone);
  async function* chunks() {
    yield Buffer.from(csvHeader(FOCUS_COLUMNS));
    for (const tenant of tenants) {
      const text = await tenantRows(ctx, tenant, query.period, platformBounds);
      if (text !== '') yield Buffer.from(text);
    }
  }
  return Readable.from(chunks());
}

async function tenantRows(
  ctx: RequestContext,
  tenant: ReportTenant,
  period: string,
  platformBounds: Interval,
): Promise<string> {
  const db = ctx.app.db.kysely;
  const rated = await ratedPeriod(db, tenant.id, period);
  if (!rated || rated.lines.length === 0) return '';
  const { head, lines } = rated;
  const regionIds = [...new Set(lines.flatMap((l) => (l.regionId ? [l.regionId] : [])))];
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
    const meterIds = lines.flatMap((l) => (l.regionId === id && l.meterId ? [l.meterId] : []));
    meters.set(id, await meterDetails(db, meterCatalogOf(clock), meterIds));
  }
  const subscriptionIds = [...new Set(lines.flatMap((l) => (l.subscriptionId ? [l.subscriptionId] : [])))];
  // The partner that owned the tenant when the period began issues its charges.
  const chain = await chainAt(db, tenant.id, new Date(platformBounds.start).toISOString());
  const rows = costRowsOfPeriod({
    period,
    tenant: { id: tenant.id, name: tenant.name },
    currency: head.currency,
    issuerName: await issuerName(db, chain?.partner_id ?? null),
    platformBounds,
    lines,
    subscriptionNames: await subscriptionNames(ctx, subscriptionIds),
    regions,
    meter: (regionId, meterId) => meters.get(regionId)?.get(meterId),
    listAmounts: await regionListAmounts(db, ctx, { id: tenant.id, currency: head.currency }, period, lines),
    invoiced: new Map(),
  });
  return rows.map((row) => csvRecord(FOCUS_COLUMNS, toFocusRow(row))).join('');
}
