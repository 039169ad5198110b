import { type Decimal, toDecimalString } from '@cms/billing';
import type { AppContext, RequestContext } from '../../context.ts';
import { offerPlansForSubscription, quotasOfPlans } from '../offers/offers.service.ts';
import { type QuotaSubject, quotaSubject } from '../subscriptions/quota-subjects.service.ts';
import { lastCompleteHourUsage } from '../usage/usage-reads.service.ts';
import { measure, metersOf, quotaMapping } from './quota-meters.ts';

/** How far back the last complete hour with collected usage is looked for. */
export const CONSUMPTION_LOOKBACK_HOURS = 24;

const HOUR_MS = 3_600_000;

/** One quota property as one plan's quota sets it: that plan's share of the effective limit. */
export interface PlanQuotaItem {
  property: string;
  unit: string;
  limit: number;
}

export interface MeasuredPlan {
  planId: string;
  name: string;
  displayName: string;
  kind: 'base' | 'addon';
  acquisitionId: string | null;
  regionDeleted: boolean;
  quotas: { quotaId: string; provider: string; name: string; items: PlanQuotaItem[] }[];
}

/** Where part of an effective limit comes from: one held plan's quota. */
export interface QuotaContribution {
  planId: string;
  kind: 'base' | 'addon';
  acquisitionId: string | null;
  quotaId: string;
  quotaName: string;
  limit: number;
}

/**
 * One quota property of the subscription as the region enforces it: the limits of every plan the
 * subscription holds that sets it, summed, against the consumption measuring it.
 */
export interface MeasuredQuota {
  provider: string;
  property: string;
  unit: string;
  limit: number;
  /** Null when untracked. */
  consumption: Decimal | null;
  meterIds: string[];
  explanation: string;
  contributions: QuotaContribution[];
}

export interface SubscriptionConsumption {
  offer: { id: string; name: string; displayName: string } | null;
  window: { start: string; end: string } | null;
  plans: MeasuredPlan[];
  quotas: MeasuredQuota[];
}

/**
 * The usage the consumption is measured over: the subscription's last complete hour with collected
 * usage, within the lookback (from the hour that began 24 hours before the current one); no hour:
 * nothing was reported in that day, every tracked consumption is 0.
 */
async function consumptionHour(app: AppContext, key: NonNullable<QuotaSubject['usageKey']>) {
  const currentHour = Math.floor(app.clock() / HOUR_MS) * HOUR_MS;
  const since = new Date(currentHour - CONSUMPTION_LOOKBACK_HOURS * HOUR_MS).toISOString();
  return lastCompleteHourUsage(app, {
    ...key,
    billableFrom: key.billableFrom > since ? key.billableFrom : since,
  });
}

/**
 * A subscription's plans (its offer's base plans, then its acquired add-ons, each acquisition once)
 * with each plan's quotas, and its effective quotas: per provider and property, the limits of every
 * held plan's quota summed (an add-on plan extends the base plan's quotas: Microsoft's "Create
 * add-on plans in Azure Stack Hub"; azure-stack-hub-api.md is silent on how plans combine), each
 * with the consumption measuring it (quota-meters.ts) or null when untracked. Plans and quotas are
 * read unscoped: the caller found the subscription in its scope.
 */
export async function measureSubscription(
  app: AppContext,
  subject: QuotaSubject,
): Promise<SubscriptionConsumption> {
  if (subject.offerId === null) return { offer: null, window: null, plans: [], quotas: [] };
  const db = app.db.kysely;
  const catalog = await offerPlansForSubscription(
    db,
    subject.offerId,
    subject.addonPlans.map((a) => a.planId),
  );
  const held = [
    ...catalog.basePlanIds.map((planId) => ({ planId, kind: 'base' as const, acquisitionId: null })),
    ...subject.addonPlans.map((a) => ({
      planId: a.planId,
      kind: 'addon' as const,
      acquisitionId: a.acquisitionId as string | null,
    })),
  ];
  const quotas = await quotasOfPlans(db, [...new Set(held.map((h) => h.planId))]);
  const hour = subject.usageKey ? await consumptionHour(app, subject.usageKey) : null;
  const records = hour?.records ?? [];
  const itemsOf = (quota: (typeof quotas)[number]): PlanQuotaItem[] =>
    Object.entries(quota.limits)
      .filter(([, limit]) => typeof limit === 'number')
      .map(([property, limit]) => ({ property, unit: quotaMapping(quota.provider, property).unit, limit }));
  const plans: MeasuredPlan[] = [];
  const effective = new Map<string, MeasuredQuota>();
  for (const h of held) {
    const plan = catalog.plans.get(h.planId);
    if (!plan) continue;
    const planQuotas = quotas
      .filter((q) => q.planId === h.planId)
      .map((q) => ({ quotaId: q.quotaId, provider: q.provider, name: q.name, items: itemsOf(q) }));
    plans.push({
      planId: plan.id,
      name: plan.name,
      displayName: plan.displayName,
      kind: h.kind,
      acquisitionId: h.acquisitionId,
      regionDeleted: plan.regionDeletedAt !== null,
      quotas: planQuotas,
    });
    for (const quota of planQuotas) {
      for (const item of quota.items) {
        // Providers are matched without case, as the stamp's ARM ids are.
        const key = `${quota.provider.toLowerCase()}|${item.property}`;
        let total = effective.get(key);
        if (!total) {
          const mapping = quotaMapping(quota.provider, item.property);
          total = {
            provider: quota.provider,
            property: item.property,
            unit: item.unit,
            limit: 0,
            consumption: mapping.measure ? measure(mapping.measure, records) : null,
            meterIds: mapping.measure ? metersOf(mapping.measure) : [],
            explanation: mapping.explanation,
            contributions: [],
          };
          effective.set(key, total);
        }
        total.limit += item.limit;
        total.contributions.push({
          planId: plan.id,
          kind: h.kind,
          acquisitionId: h.acquisitionId,
          quotaId: quota.quotaId,
          quotaName: quota.name,
          limit: item.limit,
        });
      }
    }
  }
  return {
    offer: catalog.offer,
    window: hour ? { start: hour.start, end: hour.end } : null,
    plans,
    quotas: [...effective.values()],
  };
}

/** GET /subscriptions/{id}/quotas: in the caller's scope (404 outside it). */
export async function subscriptionQuotas(ctx: RequestContext, id: string) {
  const subject = await quotaSubject(ctx, id);
  const result = await measureSubscription(ctx.app, subject);
  return {
    subscriptionId: subject.id,
    offer: result.offer,
    window: result.window,
    plans: result.plans,
    quotas: result.quotas.map((quota) => ({
      ...quota,
      consumption: quota.consumption === null ? null : toDecimalString(quota.consumption),
      untracked: quota.consumption === null,
    })),
  };
}
