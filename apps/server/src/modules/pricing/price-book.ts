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
 * owns the tables. A rating batch reads the books of all its tenant-periods together.
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
  /** The currencies of the chosen versions' lists: every currency an item can price in. */
  currencies(): string[];
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

/** A tenant-period whose price book is wanted. */
export interface PriceBookInput {
  tenantId: string;
  subscriptions: readonly PriceBookSubscription[];
  period: string;
}

/** How the pricing tools choose versions (modules/pricing-tools); rating passes none. */
export interface VersionChoice {
  /**
   * List id → the version to use for that list instead of the one that rates the period (a price
   * increase models its source versions, as the version it applies would be chosen from its month).
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

type VersionRow = Awaited<ReturnType<typeof ratingVersions>>[number];

/** Scope keys per query: well under every engine's limit of bound parameters. */
const KEYS_PER_QUERY = 1000;

function scopeKeysOf(input: PriceBookInput): string[] {
  const regionIds = [...new Set(input.subscriptions.map((s) => s.regionId).filter((r) => r !== null))];
  return [
    `tenant:${input.tenantId}`,
    ...input.subscriptions.map((s) => `subscription:${s.id}`),
    ...regionIds.map((r) => `region:${r}`),
  ];
}

/**
 * The price books of several tenant-periods (a rating batch) from one read of the lists, versions,
 * items and tiers they need together; each book is the one its tenant-period would get alone.
 */
export async function loadPriceBooks(
  db: Kysely<Database>,
  inputs: readonly PriceBookInput[],
  choice: VersionChoice = {},
): Promise<PriceBook[]> {
  if (inputs.length === 0) return [];
  const keysOf = inputs.map(scopeKeysOf);
  let lists: Awaited<ReturnType<typeof listsByIds>>;
  if (choice.only) lists = await listsByIds(db, [choice.only.listId]);
  else {
    const keys = [...new Set(keysOf.flat())];
    lists = [];
    for (let i = 0; i < keys.length; i += KEYS_PER_QUERY)
      lists.push(...(await listsByScopeKeys(db, keys.slice(i, i + KEYS_PER_QUERY))));
  }
  const listIds = lists.map((l) => l.id);
  // Versions named by the tools price whatever their month; the others only from their month on.
  const named = choice.only
    ? await versionsByIds(db, [choice.only.versionId])
    : await versionsByIds(
        db,
        [...(choice.versions ?? new Map<string, string>()).entries()]
          .filter(([listId]) => listIds.includes(listId))
          .map(([, versionId]) => versionId),
      );
  const latestPeriod = inputs.reduce((max, i) => (i.period > max ? i.period : max), inputs[0]!.period);
  const dated = choice.only
    ? []
    : (await ratingVersions(db, listIds, latestPeriod)).filter((v) => !choice.versions?.has(v.price_list_id));
  // One version per list and period: the latest effective_from ≤ P, then the highest number.
  const chosenFor = new Map<string, Map<string, VersionRow>>();
  const chosenIn = (period: string) => {
    let chosen = chosenFor.get(period);
    if (chosen) return chosen;
    chosen = new Map();
    for (const v of [...dated.filter((d) => d.effective_from <= period), ...named]) {
      const best = chosen.get(v.price_list_id);
      if (
        !best ||
        v.effective_from > best.effective_from ||
        (v.effective_from === best.effective_from && Number(v.version) > Number(best.version))
      ) {
        chosen.set(v.price_list_id, v);
      }
    }
    chosenFor.set(period, chosen);
    return chosen;
  };
  const versionIds = [...new Set(inputs.flatMap((i) => [...chosenIn(i.period).values()].map((v) => v.id)))];
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
  const listOf = new Map(lists.map((l) => [l.id, l]));
  // Each chosen version once, shared by the books that use it (read only).
  const versionsById = new Map<string, ChosenVersion>();
  for (const chosen of chosenFor.values()) {
    for (const version of chosen.values()) {
      const list = listOf.get(version.price_list_id)!;
      versionsById.set(version.id, {
        listId: list.id,
        versionId: version.id,
        currency: list.currency,
        items: new Map(),
      });
    }
  }
  const itemsOf = new Map<string, string[]>();
  for (const item of items) {
    const chosen = versionsById.get(item.version_id)!;
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
    let ids = itemsOf.get(item.version_id);
    if (!ids) {
      ids = [];
      itemsOf.set(item.version_id, ids);
    }
    ids.push(item.id);
  }
  const listsByKey = new Map(lists.map((l) => [l.scope_key, l]));
  return inputs.map((input, n) => {
    const chosen = chosenIn(input.period);
    const byScope = new Map<string, ChosenVersion>();
    const reachable = choice.only
      ? [listOf.get(choice.only.listId)]
      : keysOf[n]!.map((k) => listsByKey.get(k));
    for (const list of reachable) {
      const version = list ? chosen.get(list.id) : undefined;
      if (list && version) byScope.set(list.scope_key, versionsById.get(version.id)!);
    }
    const itemIds = [...new Set([...byScope.values()].map((v) => v.versionId))].flatMap(
      (id) => itemsOf.get(id) ?? [],
    );
    const currencies = [...new Set([...byScope.values()].map((v) => v.currency))];
    const regionOf = new Map(input.subscriptions.map((s) => [s.id, s.regionId]));
    const tenantVersion = byScope.get(`tenant:${input.tenantId}`);
    const onlyVersion = choice.only ? versionsById.get(choice.only.versionId) : undefined;
    return {
      resolve(subscriptionId, meterId, sku) {
        const regionId = regionOf.get(subscriptionId) ?? null;
        const regionVersion = regionId === null ? undefined : byScope.get(`region:${regionId}`);
        const chain = choice.only
          ? [onlyVersion]
          : choice.regionOnly
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
      itemIds: () => itemIds,
      currencies: () => currencies,
    };
  });
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
