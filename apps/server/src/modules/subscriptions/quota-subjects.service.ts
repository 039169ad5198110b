import type { AppContext, RequestContext } from '../../context.ts';
import type { SubscriptionRow } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import {
  heldAddonPlans,
  heldAddonPlansOnRegion,
  offerSubscriptionsOnRegion,
} from './quota-subjects.repository.ts';
import { billableFromOf } from './subscription-links.service.ts';
import { findSubscription } from './subscriptions.repository.ts';

/** A subscription as its quotas are measured: where its usage is, its offer and add-on plans. */
export interface QuotaSubject {
  id: string;
  name: string;
  status: SubscriptionRow['status'];
  provisioningState: SubscriptionRow['provisioning_state'];
  regionState: string | null;
  offerId: string | null;
  /** Set when its usage can be read: on a region, linked to its Azure Stack subscription. */
  usageKey: { regionId: string; azsSubscriptionId: string; billableFrom: string } | null;
  addonPlans: { planId: string; acquisitionId: string; acquiredAt: string }[];
}

function subjectOf(row: SubscriptionRow, addons: QuotaSubject['addonPlans']): QuotaSubject {
  const linked = row.region_id !== null && row.azs_link_key !== null && row.azs_subscription_id !== null;
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    provisioningState: row.provisioning_state,
    regionState: row.region_state,
    offerId: row.offer_id,
    usageKey: linked
      ? {
          regionId: row.region_id!,
          azsSubscriptionId: row.azs_subscription_id!,
          billableFrom: billableFromOf(row),
        }
      : null,
    addonPlans: addons,
  };
}

/** Acquisitions grouped by subscription, oldest first (as the rows come). */
function bySubscription(rows: Awaited<ReturnType<typeof heldAddonPlans>>) {
  const out = new Map<string, QuotaSubject['addonPlans']>();
  for (const r of rows) {
    const list = out.get(r.subscription_id) ?? [];
    list.push({ planId: r.plan_id, acquisitionId: r.acquisition_id, acquiredAt: r.acquired_at });
    out.set(r.subscription_id, list);
  }
  return out;
}

/** One subscription in the caller's scope (404 outside it). */
export async function quotaSubject(ctx: RequestContext, id: string): Promise<QuotaSubject> {
  const row = await findSubscription(ctx.app.db.kysely, ctx.actor.scope, id);
  if (!row) throw AppError.notFound('Subscription');
  const addons = bySubscription(await heldAddonPlans(ctx.app.db.kysely, row.id));
  return subjectOf(row, addons.get(row.id) ?? []);
}

/** The region's subscriptions created from an offer and linked there (platform read). */
export async function quotaSubjectsOnRegion(app: AppContext, regionId: string): Promise<QuotaSubject[]> {
  const rows = await offerSubscriptionsOnRegion(app.db.kysely, regionId);
  const addons = bySubscription(await heldAddonPlansOnRegion(app.db.kysely, regionId));
  return rows.map((row) => subjectOf(row, addons.get(row.id) ?? []));
}
