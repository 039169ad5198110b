import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import {
  type AdminSubscriptionSeen,
  findRegionBasics,
  findRegionSubscriptionRow,
  listRegionSubscriptionRows,
  upsertAdminSubscriptions,
} from './platform-subscriptions.repository.ts';

export type { AdminSubscriptionSeen };

/** Records the subscriptions the region's admin API lists (operator ones marked), in the caller's transaction. */
export function recordAdminSubscriptions(
  trx: Kysely<Database>,
  regionId: string,
  seen: readonly AdminSubscriptionSeen[],
  now: string,
): Promise<void> {
  return upsertAdminSubscriptions(trx, regionId, seen, now);
}

/**
 * What other modules read of a region and of the Azure Stack subscriptions it has reported
 * (platform data: the callers are platform routes, jobs, or reads already scoped through a
 * CMS subscription).
 */
export type RegionBasics = NonNullable<Awaited<ReturnType<typeof findRegionBasics>>>;

export function regionBasics(app: AppContext, id: string, db?: Kysely<Database>) {
  return findRegionBasics(db ?? app.db.kysely, id);
}

/** The region's Default Provider Subscription (admin ARM ids start with it); null when not known yet. */
export async function regionProviderSubscription(db: Kysely<Database>, id: string): Promise<string | null> {
  return (await findRegionBasics(db, id))?.provider_subscription_id ?? null;
}

/** The region, or 404. */
export async function requireRegion(app: AppContext, id: string): Promise<RegionBasics> {
  const region = await findRegionBasics(app.db.kysely, id);
  if (!region) throw AppError.notFound('Region');
  return region;
}

/** The meter catalog a region's usage is named in: Azure Stack Hub's, or the import source's own. */
export function meterCatalogOf(region: Pick<RegionBasics, 'id' | 'kind'>): string {
  return region.kind === 'import' ? region.id : 'azure-stack';
}

export function regionSubscriptions(app: AppContext, regionId: string, db?: Kysely<Database>) {
  return listRegionSubscriptionRows(db ?? app.db.kysely, regionId);
}

export function regionSubscription(
  app: AppContext,
  regionId: string,
  azsSubscriptionId: string,
  db?: Kysely<Database>,
) {
  return findRegionSubscriptionRow(db ?? app.db.kysely, regionId, azsSubscriptionId);
}
