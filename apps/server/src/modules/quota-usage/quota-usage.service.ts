import { type Decimal, toDecimalString } from '@cms/billing';
import type { AppContext, RequestContext } from '../../context.ts';
import { offerPlansForSubscription, quotasOfPlans } from '../offers/offers.service.ts';
import { type QuotaSubject, quotaSubject } from '../subscriptions/quota-subjects.service.ts';
import { lastCompleteHourUsage } from '../usage/usage-reads.service.ts';
import { measure, metersOf, quotaMapping } from './quota-meters.ts';

/** How far back the last complete hour with collected usage is looked for. */
export const CONSUMPTION_LOOKBACK_HOURS = 24;

const HOUR_MS = 3_600_000;

export interface MeasuredQuota {
  property: string;
  unit: string;
  limit: number;
  /** Null when untracked. */
  consumption: Decimal | null;
  meterIds: string[];
  explanation: string;
}

export interface MeasuredPlan {
  planId: string;
  name: string;
  displayName: string;
  kind: 'base' | 'addon';
  acquisitionId: string | null;
  regionDeleted: boolean;
  quotas: { quotaId: string; provider: string; name: string; items: MeasuredQuota[] }[];
}

export interface SubscriptionConsumption {
  offer: { id: string; name: string; displayName: string } | null;
  window: { start: string; end: string } | null;
  plans: MeasuredPlan[];
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
 * A subscription's plans (its offer's base plans, then its acquired add-ons), each plan's quotas
 * with their limits, and the consumption measuring each quota property (quota-meters.ts) or null
 * when untracked. Plans and quotas are read unscoped: the caller found the subscription in its scope.
 */
export async function measureSubscription(
  app: AppContext,
  subject: QuotaSubject,
): Promise<SubscriptionConsumption> {
  if (subject.offerId === null) return { offer: null, window: null, plans: [] };
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
      acquisitionId: a.acquisitionId,
    })),
  ];
  const quotas = await quotasOfPlans(db, [...new Set(held.map((h) => h.planId))]);
  const hour = subject.usageKey ? await consumptionHour(app, subject.usageKey) : null;
  const records = hour?.records ?? [];
  const measured = new Map<string, MeasuredQuota[]>();
  const itemsOf = (quota: (typeof quotas)[number]) => {
    const key = quota.quotaId;
    const known = measured.get(key);
    if (known) return known;
    const items = Object.entries(quota.limits)
      .filter(([, limit]) => typeof limit === 'number')
      .map(([property, limit]) => {
        const mapping = quotaMapping(quota.provider, property);
        return {
          property,
          unit: mapping.unit,
          limit,
          consumption: mapping.measure ? measure(mapping.measure, records) : null,
          meterIds: mapping.measure ? metersOf(mapping.measure) : [],
          explanation: mapping.explanation,
        };
      });
    measured.set(key, items);
    return items;
  };
  const plans = held.flatMap((h): MeasuredPlan[] => {
    const plan = catalog.plans.get(h.planId);
    if (!plan) return [];
    return [
      {
        planId: plan.id,
        name: plan.name,
        displayName: plan.displayName,
        kind: h.kind,
        acquisitionId: h.acquisitionId,
        regionDeleted: plan.regionDeletedAt !== null,
        quotas: quotas
          .filter((q) => q.planId === h.planId)
          .map((q) => ({ quotaId: q.quotaId, provider: q.provider, name: q.name, items: itemsOf(q) })),
      },
    ];
  });
  return { offer: catalog.offer, window: hour ? { start: hour.start, end: hour.end } : null, plans };
}

/** GET /subscriptions/{id}/quotas: in the caller's scope (404 outside it). */
export async function subscriptionQuotas(ctx: RequestContext, id: string) {
  const subject = await quotaSubject(ctx, id);
  const result = await measureSubscription(ctx.app, subject);
  return {
    subscriptionId: subject.id,
    offer: result.offer,
    window: result.window,
    plans: result.plans.map((plan) => ({
      ...plan,
      quotas: plan.quotas.map((quota) => ({
        ...quota,
        items: quota.items.map((item) => ({
          ...item,
          consumption: item.consumption === null ? null : toDecimalString(item.consumption),
          untracked: item.consumption === null,
        })),
      })),
    })),
  };
}
