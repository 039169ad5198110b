import type { Kysely } from 'kysely';
import type { Database, PlanTable, QuotaTable } from '../../db/schema.ts';
import { regionProviderSubscription } from '../regions/platform-subscriptions.service.ts';
import { regionNamesById } from '../regions/regions.service.ts';
import { parseQuotaId, quotaArmId, quotaArmKey, resourceArmId } from './arm.ts';
import { findQuotasByArmKey } from './offers.repository.ts';

/** What the presenters of a page need of its regions: names and provider subscriptions. */
export async function regionFacts(db: Kysely<Database>, regionIds: string[]) {
  const ids = [...new Set(regionIds)];
  const names = await regionNamesById(db, ids);
  const providers = new Map<string, string | null>();
  for (const id of ids) providers.set(id, await regionProviderSubscription(db, id));
  return {
    region: (id: string) => ({ id, name: names.get(id) ?? null }),
    provider: (id: string) => providers.get(id) ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// Presentation

export async function presentPlans(db: Kysely<Database>, rows: PlanTable[]) {
  const facts = await regionFacts(
    db,
    rows.map((r) => r.region_id),
  );
  const views = [];
  for (const row of rows) {
    const named = parseQuotaIds(row.quota_ids);
    const quotas = await findQuotasByArmKey(
      db,
      row.region_id,
      named.map((q) => quotaArmKey(q.provider, q.location, q.name)),
    );
    const byKey = new Map(quotas.map((q) => [q.arm_key, q.id]));
    const provider = facts.provider(row.region_id);
    views.push({
      id: row.id,
      region: facts.region(row.region_id),
      resourceGroup: row.resource_group,
      name: row.name,
      armId: provider === null ? null : resourceArmId(provider, 'plans', row.resource_group, row.name),
      displayName: row.display_name,
      description: row.description,
      quotas: named.map((q) => ({
        id: byKey.get(quotaArmKey(q.provider, q.location, q.name)) ?? null,
        provider: q.provider,
        location: q.location,
        name: q.name,
      })),
      subscriptionCount: row.subscription_count,
      syncedAt: row.synced_at,
      regionDeletedAt: row.region_deleted_at,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    });
  }
  return views;
}

export async function presentQuotas(db: Kysely<Database>, rows: QuotaTable[]) {
  const facts = await regionFacts(
    db,
    rows.map((r) => r.region_id),
  );
  return rows.map((row) => {
    const provider = facts.provider(row.region_id);
    return {
      id: row.id,
      region: facts.region(row.region_id),
      provider: row.provider,
      location: row.location,
      name: row.name,
      armId: provider === null ? null : quotaArmId(provider, row.provider, row.location, row.name),
      limits: parseLimits(row.limits),
      syncedAt: row.synced_at,
      regionDeletedAt: row.region_deleted_at,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Stored JSON

/** The quota ids a plan names, parsed (ids the CMS cannot read are skipped). */
export function parseQuotaIds(json: string) {
  const ids = JSON.parse(json) as string[];
  return ids.flatMap((id) => {
    const parsed = parseQuotaId(id);
    return parsed ? [{ armId: id, ...parsed }] : [];
  });
}

export function parseLimits(json: string): Record<string, number> {
  return JSON.parse(json) as Record<string, number>;
}
