import { decimal, type PriceItemInput, type Tier, toDecimalString } from '@cms/billing';
import type { Kysely } from 'kysely';
import type { Database, PriceListScope } from '../../db/schema.ts';
import {
  itemsOfVersions,
  listAndVersionNames,
  listsByIds,
  listsByScopeKeys,
  ratingVersions,
  tiersOfVersions,
  versionsByIds,
} from './price-book.repository.ts';

/**
 * The price book of one tenant for one period (docs: issue 13 design, "Which price applies"): the
 * applicable version of every list that can price its subscriptions — each subscription's override,
 * the tenant's list, each region's list — and a resolver that answers, per usage row, the item that
 * prices it. Read only; written by the rating helper for the rating service, the pricing module
 * owns the tables.
 *
 * Version selection for period P: among active and superseded versions, the greatest
 * effective_from ≤ P, ties to the highest version number. Drafts never rate.
 * Resolution: override → tenant → region, item by item; in a version the (meter, SKU) item beats
 * the meter-wide (meter, '') one; the first list with a matching item wins.
 */

export interface PriceBookSubscription {
  id: string;
  regionId: string | null;
}

export interface PriceBook {
  /** The item that prices (subscription, meter, sku) in the period, or null (unpriced). */
  resolve(subscriptionId: string, meterId: string, sku: string | null): PriceItemInput | null;
  /** Every item of the chosen versions (item credits are looked up by these ids). */
  itemIds(): string[];
}

interface ChosenVersion {
  listId: string;
  versionId: string;
  currency: string;
  /** `${meterId}\u0000${sku}` → item. */
  items: Map<string, PriceItemInput>;
}

/** Decimals come back with the column's trailing zeros on MySQL/PostgreSQL: plain, trimmed. */
const plain = (value: string): string => toDecimalString(decimal(value));

export interface PriceBookInput {
  tenantId: string;
  subscriptions: readonly PriceBookSubscription[];
  period: string;
  /**
   * The pricing tools (modules/pricing-tools): list id → the version to use for that list instead
   * of the one that rates the period (a price increase models its source versions, as the version
   * it applies would be chosen from its month).
   */
  versions?: ReadonlyMap<string, string>;
  /** The estimator's chosen list: only this version of this list prices (a draft too). */
  only?: { listId: string; versionId: string };
  /**
   * Reports (the FOCUS export's list cost): only each subscription's region list prices, as if the
   * tenant had no list and the subscription no override.
   */
  regionOnly?: boolean;
}

export async function loadPriceBook(db: Kysely<Database>, input: PriceBookInput): Promise<PriceBook> {
  const regionIds = [...new Set(input.subscriptions.map((s) => s.regionId).filter((r) => r !== null))];
  const scopeKeys = [
    `tenant:${input.tenantId}`,
    ...input.subscriptions.map((s) => `subscription:${s.id}`),
    ...regionIds.map((r) => `region:${r}`),
  ];
  const lists = input.only
    ? await listsByIds(db, [input.only.listId])
    : await listsByScopeKeys(db, scopeKeys);
  const chosenIds = input.only
    ? [input.only.versionId]
    : [...(input.versions ?? new Map<string, string>()).entries()]
        .filter(([listId]) => lists.some((l) => l.id === listId))
        .map(([, versionId]) => versionId);
  const versions = [
    ...(input.only
      ? []
      : (
          await ratingVersions(
            db,
            lists.map((l) => l.id),
            input.period,
          )
        ).filter((v) => !input.versions?.has(v.price_list_id))),
    ...(await versionsByIds(db, chosenIds)),
  ];
  // One version per list: the latest effective_from ≤ P, then the highest number.
  const chosenVersionOf = new Map<string, (typeof versions)[number]>();
  for (const v of versions) {
    const best = chosenVersionOf.get(v.price_list_id);
    if (
      !best ||
      v.effective_from > best.effective_from ||
      (v.effective_from === best.effective_from && Number(v.version) > Number(best.version))
    ) {
      chosenVersionOf.set(v.price_list_id, v);
    }
  }
  const versionIds = [...chosenVersionOf.values()].map((v) => v.id);
  const [items, tiers] = await Promise.all([
    itemsOfVersions(db, versionIds),
    tiersOfVersions(db, versionIds),
  ]);
  const tiersOf = new Map<string, { position: number; tier: Tier }[]>();
  for (const t of tiers) {
    let list = tiersOf.get(t.item_id);
    if (!list) {
      list = [];
      tiersOf.set(t.item_id, list);
    }
    list.push({
      position: Number(t.position),
      tier: {
        from: plain(t.from_quantity),
        to: t.to_quantity === null ? null : plain(t.to_quantity),
        rate: plain(t.rate),
      },
    });
  }
  const byScope = new Map<string, ChosenVersion>();
  const chosenById = new Map<string, ChosenVersion>();
  for (const list of lists) {
    const version = chosenVersionOf.get(list.id);
    if (!version) continue;
    const chosen: ChosenVersion = {
      listId: list.id,
      versionId: version.id,
      currency: list.currency,
      items: new Map(),
    };
    byScope.set(list.scope_key, chosen);
    chosenById.set(version.id, chosen);
  }
  for (const item of items) {
    const chosen = chosenById.get(item.version_id)!;
    const tiered = item.pricing !== 'flat';
    const input: PriceItemInput = {
      itemId: item.id,
      meterId: item.meter_id,
      sku: item.sku === '' ? null : item.sku,
      priceUnit: item.price_unit,
      rate: tiered || item.rate === null ? null : plain(item.rate),
      // Tiers in their stored order (position), whatever order the engine returned them in.
      tiers: tiered
        ? (tiersOf.get(item.id) ?? []).sort((a, b) => a.position - b.position).map((t) => t.tier)
        : null,
      tierMode: item.pricing === 'volume' ? 'volume' : 'graduated',
      currency: chosen.currency,
      priceListId: chosen.listId,
      versionId: chosen.versionId,
    };
    chosen.items.set(`${item.meter_id}\u0000${item.sku}`, input);
  }
  const regionOf = new Map(input.subscriptions.map((s) => [s.id, s.regionId]));
  const tenantVersion = byScope.get(`tenant:${input.tenantId}`);
  const onlyVersion = input.only ? chosenById.get(input.only.versionId) : undefined;
  return {
    resolve(subscriptionId, meterId, sku) {
      const regionId = regionOf.get(subscriptionId) ?? null;
      const regionVersion = regionId === null ? undefined : byScope.get(`region:${regionId}`);
      const chain = input.only
        ? [onlyVersion]
        : input.regionOnly
          ? [regionVersion]
          : [byScope.get(`subscription:${subscriptionId}`), tenantVersion, regionVersion];
      for (const version of chain) {
        if (!version) continue;
        const found =
          (sku ? version.items.get(`${meterId}\u0000${sku}`) : undefined) ??
          version.items.get(`${meterId}\u0000`);
        if (found) return found;
      }
      return null;
    },
    itemIds: () => items.map((i) => i.id),
  };
}

export interface PricedByName {
  listId: string;
  scope: PriceListScope;
  name: string;
  version: number;
}

/** What each price-list version is called (rated-line reads): list id, scope, name, version number. */
export async function priceVersionNames(
  db: Kysely<Database>,
  versionIds: string[],
): Promise<Map<string, PricedByName>> {
  const rows = await listAndVersionNames(db, [...new Set(versionIds)]);
  return new Map(
    rows.map((r) => [
      r.version_id,
      { listId: r.list_id, scope: r.scope_type, name: r.display_name, version: Number(r.version) },
    ]),
  );
}
