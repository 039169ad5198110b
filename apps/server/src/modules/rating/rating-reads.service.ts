import { allocateLargestRemainder, decimal, minorUnits, type TierSlice, toDecimalString } from '@cms/billing';
import type { Kysely } from 'kysely';
import type { RequestContext } from '../../context.ts';
import { PLATFORM_ORG_ID } from '../../db/ids.ts';
import type { Database, OrganisationRow, RatedLineTable } from '../../db/schema.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findOrganisationInScope } from '../organisations/organisations.service.ts';
import { priceVersionNames } from '../pricing/price-book.ts';
import { getSetting } from '../settings/settings.service.ts';
import { type RatedSubscription, subscriptionInScope } from '../subscriptions/rating-subscriptions.ts';
import { PLATFORM_SCOPE } from '../subscriptions/subscription-links.service.ts';
import { addDays, dayStart, localDay, localMonth } from '../usage/local-time.ts';
import { dailyUsageOf, lastDayOfMonth, type UsageSum, usageSums } from '../usage/rating-usage.ts';
import { requestRerating } from './rating.jobs.ts';
import { findRatedPeriod, subscriptionLines, tenantLines } from './rating.repository.ts';
import { buildRatingInput, runEngine, tenantFacts } from './rating.service.ts';

/**
 * What people read of rating: rated lines per subscription and per tenant, daily allocations for
 * charts, cost to date with its projection; and "Recalculate". Scoped: the subscription or tenant
 * is looked up in the caller's scope first (404 outside it).
 *
 * Price-list ids: platform users get the ids of the list, version and item that priced a line;
 * everyone else gets the list's scope, display name and version number only (ids null), so a
 * tenant, partner or distributor never learns an id it could not use anywhere: lists are the
 * platform's. What they see only ever prices their own lines.
 */

async function requireSubscription(ctx: RequestContext, id: string): Promise<RatedSubscription> {
  const found = await subscriptionInScope(ctx, id);
  if (!found) throw AppError.notFound('Subscription');
  return found;
}

async function requireTenant(ctx: RequestContext, id: string): Promise<OrganisationRow> {
  const found = await findOrganisationInScope(ctx.app.db.kysely, ctx.actor.scope, id, 'tenant');
  if (!found) throw AppError.notFound('Tenant');
  return found;
}

const isPlatform = (ctx: RequestContext) => ctx.actor.scope.level === 'platform';
const plain = (v: string | null) => (v === null ? null : toDecimalString(decimal(v)));

async function presentLines(ctx: RequestContext, rows: RatedLineTable[]) {
  const names = await priceVersionNames(
    ctx.app.db.kysely,
    rows.flatMap((r) => (r.price_list_version_id ? [r.price_list_version_id] : [])),
  );
  const platform = isPlatform(ctx);
  return rows.map((r) => {
    const version = r.price_list_version_id ? names.get(r.price_list_version_id) : undefined;
    const places = minorUnits(r.currency);
    return {
      position: Number(r.position),
      kind: r.kind,
      parentPosition: r.parent_position === null ? null : Number(r.parent_position),
      subscriptionId: r.subscription_id,
      meterId: r.meter_id,
      sku: r.sku,
      rawQuantity: plain(r.raw_quantity),
      quantity: plain(r.quantity),
      priceUnit: r.price_unit,
      rate: plain(r.rate),
      tierMode: r.tier_mode,
      slices: r.slices ? (JSON.parse(r.slices) as TierSlice[]) : null,
      amount: decimal(r.amount).toFixed(places),
      currency: r.currency,
      unpriced: Number(r.unpriced) === 1,
      discountId: r.discount_id,
      creditId: r.credit_id,
      description: r.description,
      priceList: version
        ? {
            id: platform ? version.listId : null,
            versionId: platform ? r.price_list_version_id : null,
            itemId: platform ? r.price_item_id : null,
            scope: version.scope,
            name: version.name,
            version: version.version,
          }
        : null,
    };
  });
}

async function platformPeriod(ctx: RequestContext): Promise<string> {
  return localMonth(ctx.app.clock(), String(await getSetting(ctx, 'platform.timeZone')));
}

async function regionZone(ctx: RequestContext, sub: RatedSubscription): Promise<string> {
  if (!sub.regionId) return String(await getSetting(ctx, 'platform.timeZone'));
  const facts = await tenantFacts(ctx.app.db.kysely, { id: sub.tenantId, currency: 'USD' });
  return facts.regions.get(sub.regionId)?.timeZone ?? 'UTC';
}

export async function subscriptionRatedLines(ctx: RequestContext, id: string, period: string | undefined) {
  const sub = await requireSubscription(ctx, id);
  const p = period ?? localMonth(ctx.app.clock(), await regionZone(ctx, sub));
  const rated = await findRatedPeriod(ctx.app.db.kysely, sub.tenantId, p);
  const rows = await subscriptionLines(ctx.app.db.kysely, id, p);
  return {
    subscriptionId: id,
    period: p,
    status: rated?.status ?? null,
    ratedAt: rated?.rated_at ?? null,
    currency: rated?.currency ?? null,
    total: totalOf(rows, rated?.currency),
    lines: await presentLines(ctx, rows),
  };
}

export async function tenantRatedLines(ctx: RequestContext, id: string, period: string | undefined) {
  const tenant = await requireTenant(ctx, id);
  const p = period ?? (await platformPeriod(ctx));
  const rated = await findRatedPeriod(ctx.app.db.kysely, id, p);
  const rows = await tenantLines(ctx.app.db.kysely, id, p);
  return {
    tenantId: tenant.id,
    period: p,
    status: rated?.status ?? null,
    ratedAt: rated?.rated_at ?? null,
    currency: rated?.currency ?? tenant.currency,
    total: totalOf(rows, rated?.currency ?? tenant.currency),
    lines: await presentLines(ctx, rows),
  };
}

function totalOf(rows: RatedLineTable[], currency: string | undefined): string | null {
  if (!currency) return null;
  return rows.reduce((sum, r) => sum.plus(decimal(r.amount)), decimal('0')).toFixed(minorUnits(currency));
}

/**
 * Each line's amount spread over the local days by quantity (largest remainder: the days add up
 * exactly to the line). Discount and item-credit lines follow their usage line's days;
 * subscription credits follow the days' gross amounts. An allocation, not money of record.
 */
export async function subscriptionDailyCost(ctx: RequestContext, id: string, period: string | undefined) {
  const sub = await requireSubscription(ctx, id);
  const zone = await regionZone(ctx, sub);
  const p = period ?? localMonth(ctx.app.clock(), zone);
  const rows = await subscriptionLines(ctx.app.db.kysely, id, p);
  const rated = await findRatedPeriod(ctx.app.db.kysely, sub.tenantId, p);
  const currency = rated?.currency ?? null;
  const days: string[] = [];
  for (let d = `${p}-01`; d <= lastDayOfMonth(p); d = addDays(d, 1)) days.push(d);
  const totals = new Map(days.map((d) => [d, decimal('0')]));
  if (currency && sub.regionId && sub.azsSubscriptionId) {
    const places = minorUnits(currency);
    const daily = await dailyUsageOf(
      ctx.app.db.kysely,
      {
        subscriptionId: sub.id,
        regionId: sub.regionId,
        azsSubscriptionId: sub.azsSubscriptionId,
        billableFrom: sub.billableFrom,
        timeZone: zone,
      },
      `${p}-01`,
      lastDayOfMonth(p),
    );
    const usageLines = rows.filter((r) => r.kind === 'usage');
    // A day's row belongs to the line of its (meter, SKU), else to its meter's meter-wide line.
    const lineOf = (meterId: string, sku: string) =>
      usageLines.find((l) => l.meter_id === meterId && (l.sku ?? '') === sku) ??
      usageLines.find((l) => l.meter_id === meterId && l.sku === null);
    const weights = new Map<number, string[]>();
    for (const line of usageLines)
      weights.set(
        Number(line.position),
        days.map(() => '0'),
      );
    for (const row of daily) {
      const line = lineOf(row.meterId, row.sku);
      if (!line) continue;
      const w = weights.get(Number(line.position))!;
      const i = days.indexOf(row.day);
      w[i] = toDecimalString(decimal(w[i]!).plus(decimal(row.quantity)));
    }
    const gross = days.map(() => decimal('0'));
    const spread = (amount: string, w: string[]) =>
      allocateLargestRemainder(decimal(amount).toFixed(places), w, places).forEach((share, i) => {
        totals.set(days[i]!, totals.get(days[i]!)!.plus(decimal(share)));
      });
    for (const line of rows) {
      const own = weights.get(Number(line.position));
      const parent = line.parent_position === null ? undefined : weights.get(Number(line.parent_position));
      if (line.kind === 'usage' && own) {
        allocateLargestRemainder(decimal(line.amount).toFixed(places), own, places).forEach((share, i) => {
          gross[i] = gross[i]!.plus(decimal(share));
          totals.set(days[i]!, totals.get(days[i]!)!.plus(decimal(share)));
        });
      } else if (parent) {
        spread(line.amount, parent);
      }
    }
    for (const line of rows) {
      if (line.kind === 'subscription_credit')
        spread(
          line.amount,
          gross.map((g) => (g.gt('0') ? toDecimalString(g) : '0')),
        );
    }
  }
  return {
    subscriptionId: id,
    period: p,
    currency,
    allocation: true as const,
    days: days.map((d) => ({
      day: d,
      amount: currency ? totals.get(d)!.toFixed(minorUnits(currency)) : null,
    })),
  };
}

/** Projected quantity: the fully collected days' quantity × days of the month ÷ those days. */
function project(sum: UsageSum, daysInMonth: number, basedOn: number): UsageSum {
  const q = decimal(sum.quantity)
    .times(decimal(String(daysInMonth)))
    .div(decimal(String(basedOn)));
  return { ...sum, quantity: toDecimalString(q.round(18, 1)) };
}

interface Projection {
  currency: string;
  subtotal: string;
  perSubscription: Map<string, string>;
  daysBasedOn: Map<string, number>;
  missingExchangeRate: string | null;
}

/**
 * A tenant's projected month-end cost for period P: per subscription, the usage of the local days
 * fully collected (the region's usage watermark passed the day's end; an import source, which has
 * none, counts the days that have ended) is extended to the whole month by its run rate, and the
 * projected quantities are rated by the same engine (tiers apply to the projected quantity).
 */
async function projectTenant(
  db: Kysely<Database>,
  ctx: RequestContext,
  tenant: Pick<OrganisationRow, 'id' | 'currency'>,
  period: string,
): Promise<Projection> {
  const facts = await tenantFacts(db, tenant);
  const now = ctx.app.clock();
  const daysBasedOn = new Map<string, number>();
  const projected: UsageSum[] = [];
  const first = `${period}-01`;
  const last = lastDayOfMonth(period);
  for (const source of facts.sources) {
    const region = facts.regions.get(source.regionId)!;
    const horizon = Math.min(
      now,
      region.kind === 'import' ? now : Date.parse(region.usageWatermark ?? '1970-01-01T00:00:00Z'),
    );
    const billableDay =
      localMonth(source.billableFrom, source.timeZone) === period ? source.billableFrom : null;
    const start = billableDay ? new Date(billableDay) : null;
    const firstDay = start ? localDay(start.getTime(), source.timeZone) : first;
    let lastFull: string | null = null;
    for (let d = firstDay; d <= last; d = addDays(d, 1)) {
      if (dayStart(addDays(d, 1), source.timeZone) <= horizon) lastFull = d;
      else break;
    }
    const basedOn = lastFull ? countDays(firstDay, lastFull) : 0;
    daysBasedOn.set(source.subscriptionId, basedOn);
    if (!lastFull || firstDay > last) continue;
    const sums = await usageSums(db, [source], () => ({ fromDay: first, toDay: lastFull }));
    const daysInMonth = countDays(firstDay, last);
    for (const s of sums) projected.push(project(s, daysInMonth, basedOn));
  }
  const input = await buildRatingInput(db, ctx, facts, period, projected);
  const outcome = runEngine(input);
  if (outcome.kind === 'missing_exchange_rate') {
    return {
      currency: tenant.currency,
      subtotal: '0',
      perSubscription: new Map(),
      daysBasedOn,
      missingExchangeRate: outcome.currency,
    };
  }
  const perSubscription = new Map<string, string>();
  for (const line of outcome.result.lines) {
    if (!line.subscriptionId) continue;
    perSubscription.set(
      line.subscriptionId,
      toDecimalString(decimal(perSubscription.get(line.subscriptionId) ?? '0').plus(decimal(line.amount))),
    );
  }
  return {
    currency: outcome.result.currency,
    subtotal: outcome.result.subtotal,
    perSubscription,
    daysBasedOn,
    missingExchangeRate: null,
  };
}

function countDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

export async function subscriptionCostToDate(ctx: RequestContext, id: string) {
  const sub = await requireSubscription(ctx, id);
  const period = localMonth(ctx.app.clock(), await regionZone(ctx, sub));
  const db = ctx.app.db.kysely;
  const tenant = await findOrganisationInScope(db, PLATFORM_SCOPE, sub.tenantId, 'tenant');
  if (!tenant) throw AppError.notFound('Subscription');
  const rated = await findRatedPeriod(db, sub.tenantId, period);
  const rows = await subscriptionLines(db, id, period);
  const projection = await projectTenant(db, ctx, tenant, period);
  const places = minorUnits(projection.currency);
  const basedOn = projection.daysBasedOn.get(id) ?? 0;
  return {
    subscriptionId: id,
    period,
    currency: rated?.currency ?? tenant.currency,
    status: rated?.status ?? null,
    ratedAt: rated?.rated_at ?? null,
    monthToDate: rated?.status === 'rated' ? totalOf(rows, rated.currency) : null,
    projected:
      projection.missingExchangeRate || basedOn === 0
        ? null
        : decimal(projection.perSubscription.get(id) ?? '0').toFixed(places),
    daysBasedOn: basedOn,
    missingExchangeRate: projection.missingExchangeRate,
  };
}

export async function tenantCostToDate(ctx: RequestContext, id: string) {
  const tenant = await requireTenant(ctx, id);
  const period = await platformPeriod(ctx);
  const db = ctx.app.db.kysely;
  const rated = await findRatedPeriod(db, id, period);
  const projection = await projectTenant(db, ctx, tenant, period);
  const counts = [...projection.daysBasedOn.values()].filter((n) => n > 0);
  const basedOn = counts.length > 0 ? Math.min(...counts) : 0;
  return {
    tenantId: id,
    period,
    currency: rated?.currency ?? tenant.currency,
    status: rated?.status ?? null,
    ratedAt: rated?.rated_at ?? null,
    monthToDate:
      rated?.status === 'rated' ? decimal(rated.subtotal).toFixed(minorUnits(rated.currency)) : null,
    projected: projection.missingExchangeRate || basedOn === 0 ? null : projection.subtotal,
    daysBasedOn: basedOn,
    missingExchangeRate: projection.missingExchangeRate,
  };
}

/** "Recalculate": rate open periods again (platform administrators), optionally one tenant / period. */
export async function recalculate(
  ctx: RequestContext,
  input: { tenantId?: string | undefined; period?: string | undefined },
) {
  if (
    input.tenantId &&
    !(await findOrganisationInScope(ctx.app.db.kysely, ctx.actor.scope, input.tenantId, 'tenant'))
  ) {
    throw AppError.invalidField('body.tenantId', 'No such tenant.', 'invalid_request');
  }
  const job = await transaction(ctx.app.db, async (trx) => {
    const queued = await requestRerating(trx, ctx, 'recalculate', {
      tenantId: input.tenantId,
      period: input.period,
    });
    await recordAudit(trx, ctx, {
      action: 'rating.recalculate',
      targetType: 'rating',
      targetId: input.tenantId ?? PLATFORM_ORG_ID,
      orgId: input.tenantId ?? PLATFORM_ORG_ID,
      after: { jobId: queued.id, tenantId: input.tenantId ?? null, period: input.period ?? null },
    });
    return queued;
  });
  ctx.app.jobs.wake();
  return { id: job.id, status: job.status, created: job.created };
}
