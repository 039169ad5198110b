import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * Reads for rating (price-book.ts): the lists of some scopes, the versions that may rate a period,
 * and the items and tiers of chosen versions. Read only: the pricing service writes these tables.
 */

export function listsByScopeKeys(db: Kysely<Database>, scopeKeys: string[]) {
  if (scopeKeys.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('price_lists')
    .select(['id', 'scope_type', 'scope_key', 'display_name', 'currency'])
    .where('scope_key', 'in', scopeKeys)
    .execute();
}

/** Some lists by id (the estimator's chosen list). */
export function listsByIds(db: Kysely<Database>, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('price_lists')
    .select(['id', 'scope_type', 'scope_key', 'display_name', 'currency'])
    .where('id', 'in', ids)
    .execute();
}

/** Versions by id, whatever their state or month (the pricing tools choose them). */
export function versionsByIds(db: Kysely<Database>, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('price_list_versions')
    .select(['id', 'price_list_id', 'version', 'effective_from'])
    .where('id', 'in', ids)
    .execute();
}

/** Active or superseded versions of the lists effective from `period` or earlier (drafts never rate). */
export function ratingVersions(db: Kysely<Database>, listIds: string[], period: string) {
  if (listIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('price_list_versions')
    .select(['id', 'price_list_id', 'version', 'effective_from'])
    .where('price_list_id', 'in', listIds)
    .where('state', 'in', ['active', 'superseded'])
    .where('effective_from', '<=', period)
    .execute();
}

export function itemsOfVersions(db: Kysely<Database>, versionIds: string[]) {
  if (versionIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('price_items')
    .select(['id', 'version_id', 'meter_id', 'sku', 'price_unit', 'pricing', 'rate', 'description'])
    .where('version_id', 'in', versionIds)
    .execute();
}

export function tiersOfVersions(db: Kysely<Database>, versionIds: string[]) {
  if (versionIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('price_tiers')
    .innerJoin('price_items', 'price_items.id', 'price_tiers.item_id')
    .select([
      'price_tiers.item_id',
      'price_tiers.position',
      'price_tiers.from_quantity',
      'price_tiers.to_quantity',
      'price_tiers.rate',
    ])
    .where('price_items.version_id', 'in', versionIds)
    .orderBy('price_tiers.item_id')
    .orderBy('price_tiers.position')
    .execute();
}

/** Display facts of some lists and versions (rated-line reads name what priced them). */
export function listAndVersionNames(db: Kysely<Database>, versionIds: string[]) {
  if (versionIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('price_list_versions')
    .innerJoin('price_lists', 'price_lists.id', 'price_list_versions.price_list_id')
    .select([
      'price_list_versions.id as version_id',
      'price_list_versions.version',
      'price_lists.id as list_id',
      'price_lists.scope_type',
      'price_lists.display_name',
    ])
    .where('price_list_versions.id', 'in', versionIds)
    .execute();
}
