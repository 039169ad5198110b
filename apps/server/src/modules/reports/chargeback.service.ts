import { type Decimal, decimal, divideRounded, minorUnits, periodBoundsUtc } from '@cms/billing';
import type { RequestContext } from '../../context.ts';
import type { BillingMode } from '../../db/schema.ts';
import { ratesAt } from '../exchange-rates/rating-rates.ts';
import { organisationNames } from '../organisations/organisations.service.ts';
import { periodTotals } from '../rating/rated-reads.ts';
import { getSetting } from '../settings/settings.service.ts';
import { reportTenants } from './report-scope.ts';

/**
 * The chargeback/showback report of one period over the caller's scope: per tenant, its billing
 * mode, currency, rated amounts (usage, discounts, credits, subtotal: the money of record of the
 * period, before tax), unpriced lines and the state of its rating. Each tenant's figures are in its
 * own currency; the subtotal is also shown in the platform currency (semantics.md: platform-wide
 * reports show the platform currency), converted at the rate rating uses for the period (in effect
 * at its end in the Platform Time Zone) and rounded to the platform currency's minor unit.
 *
 * What was invoiced is the reconciliation report's (reconciliation.service.ts).
 */

export type RatingState = 'rated' | 'missing_exchange_rate' | 'not_rated';

export interface ChargebackRow {
  tenantId: string;
  tenantName: string;
  /** Levels below the viewer only (a partner does not learn its distributor here). */
  distributorId: string | null;
  distributorName: string | null;
  partnerId: string | null;
  partnerName: string | null;
  billingMode: BillingMode;
  currency: string;
  status: RatingState;
  ratedAt: string | null;
  usage: string;
  discounts: string;
  credits: string;
  subtotal: string;
  unpricedLines: number;
  lines: number;
  /** The subtotal in the platform currency; null when its currency has no exchange rate. */
  platformSubtotal: string | null;
}

export interface ChargebackTotals {
  billingMode: BillingMode;
  currency: string;
  tenants: number;
  usage: string;
  discounts: string;
  credits: string;
  subtotal: string;
}

export interface ChargebackReport {
  period: string;
  platformCurrency: string;
  rows: ChargebackRow[];
  /** Per billing mode and currency. */
  totals: ChargebackTotals[];
  /** Per billing mode, in the platform currency (tenants whose rate is missing left out, and counted). */
  platformTotals: { billingMode: BillingMode; subtotal: string; tenants: number; withoutRate: number }[];
}

const ZERO = decimal('0');

export async function chargebackReport(ctx: RequestContext, period: string): Promise<ChargebackReport> {
  const db = ctx.app.db.kysely;
  const scope = ctx.actor.scope;
  const tenants = await reportTenants(ctx, undefined);
  const totalsOf = await periodTotals(
    db,
    tenants.map((t) => t.id),
    period,
  );
  const showDistributor = scope.level === 'platform';
  const showPartner = showDistributor || scope.level === 'distributor';
  const parentIds = [
    ...new Set(
      tenants.flatMap((t) => [
        ...(showDistributor && t.distributorId ? [t.distributorId] : []),
        ...(showPartner && t.partnerId ? [t.partnerId] : []),
      ]),
    ),
  ];
  const names = await organisationNames(ctx, parentIds);
  const platformCurrency = String(await getSetting(ctx, 'billing.platformCurrency'));
  const platformZone = String(await getSetting(ctx, 'platform.timeZone'));
  const instant = new Date(periodBoundsUtc(period, platformZone).end).toISOString();
  const currencies = tenants.map((t) => totalsOf.get(t.id)?.head.currency ?? t.currency);
  const perPlatformUnit = await ratesAt(db, platformCurrency, currencies, instant);
  const platformPlaces = minorUnits(platformCurrency);
  const money = (value: Decimal, currency: string) =>
    (value.eq(ZERO) ? ZERO : value).toFixed(minorUnits(currency));

  const rows = tenants.map((tenant): ChargebackRow => {
    const totals = totalsOf.get(tenant.id);
    const currency = totals?.head.currency ?? tenant.currency;
    const kind = (k: 'usage' | 'discount' | 'item_credit' | 'subscription_credit' | 'tenant_credit') =>
      decimal(totals?.byKind[k] ?? '0');
    const credits = kind('item_credit').plus(kind('subscription_credit')).plus(kind('tenant_credit'));
    const subtotal = kind('usage').plus(kind('discount')).plus(credits);
    const rate = currency === platformCurrency ? '1' : perPlatformUnit[currency];
    return {
      tenantId: tenant.id,
      tenantName: tenant.name,
      distributorId: showDistributor ? tenant.distributorId : null,
      distributorName:
        showDistributor && tenant.distributorId ? (names.get(tenant.distributorId) ?? null) : null,
      partnerId: showPartner ? tenant.partnerId : null,
      partnerName: showPartner && tenant.partnerId ? (names.get(tenant.partnerId) ?? null) : null,
      billingMode: tenant.billingMode,
      currency,
      status: totals?.head.status ?? 'not_rated',
      ratedAt: totals?.head.ratedAt ?? null,
      usage: money(kind('usage'), currency),
      discounts: money(kind('discount'), currency),
      credits: money(credits, currency),
      subtotal: money(subtotal, currency),
      unpricedLines: totals?.head.unpricedLines ?? 0,
      lines: totals?.lines ?? 0,
      platformSubtotal:
        rate === undefined
          ? null
          : money(
              divideRounded(decimal(money(subtotal, currency)), decimal(rate), platformPlaces),
              platformCurrency,
            ),
    };
  });

  const byCurrency = new Map<string, ChargebackTotals & { sums: Decimal[] }>();
  const byMode = new Map<BillingMode, { sum: Decimal; tenants: number; withoutRate: number }>();
  for (const row of rows) {
    const key = `${row.billingMode}\u0000${row.currency}`;
    const t = byCurrency.get(key) ?? {
      billingMode: row.billingMode,
      currency: row.currency,
      tenants: 0,
      usage: '',
      discounts: '',
      credits: '',
      subtotal: '',
      sums: [ZERO, ZERO, ZERO, ZERO],
    };
    t.tenants += 1;
    t.sums = [row.usage, row.discounts, row.credits, row.subtotal].map((v, i) => t.sums[i]!.plus(decimal(v)));
    byCurrency.set(key, t);
    const m = byMode.get(row.billingMode) ?? { sum: ZERO, tenants: 0, withoutRate: 0 };
    m.tenants += 1;
    if (row.platformSubtotal === null) m.withoutRate += 1;
    else m.sum = m.sum.plus(decimal(row.platformSubtotal));
    byMode.set(row.billingMode, m);
  }
  return {
    period,
    platformCurrency,
    rows,
    totals: [...byCurrency.values()]
      .sort((a, b) => a.billingMode.localeCompare(b.billingMode) || a.currency.localeCompare(b.currency))
      .map(({ sums, ...t }) => ({
        ...t,
        usage: money(sums[0]!, t.currency),
        discounts: money(sums[1]!, t.currency),
        credits: money(sums[2]!, t.currency),
        subtotal: money(sums[3]!, t.currency),
      })),
    platformTotals: [...byMode.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([billingMode, m]) => ({
        billingMode,
        subtotal: money(m.sum, platformCurrency),
        tenants: m.tenants,
        withoutRate: m.withoutRate,
      })),
  };
}
