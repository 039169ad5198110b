import { type CreditInput, type DiscountInput, decimal, toDecimalString } from '@cms/billing';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { itemIdentityKey, itemIdentityKeys } from '../pricing/items-lookup.ts';
import { creditsInPeriods, discountsInPeriods } from './rating-inputs.repository.ts';

/**
 * The discounts and credits valid in a tenant's period P, shaped for the rating engine. Read only
 * (written by the rating helper; the adjustments module owns the tables).
 *
 * Valid in P: from ≤ P ≤ to, a null bound open. At most one discount per scope is valid in a
 * period (the adjustments service refuses overlaps); should two ever be found, the first by id is
 * used so the result stays deterministic. Discounts of subscriptions that are not the tenant's are
 * ignored, as are credits of other scopes. A rating batch reads its tenant-periods' adjustments
 * together and each gets exactly what it would get alone.
 *
 * An item credit names its item by (price list, meter, SKU): it offsets the item of that list's
 * version that prices P (one of `itemIds`, the items of the chosen versions), whatever that
 * version's item ids are; when that version has no such item, the credit has nothing to offset in P.
 */
export interface RatingAdjustments {
  tenantDiscount: DiscountInput | null;
  subscriptionDiscounts: Record<string, DiscountInput>;
  credits: CreditInput[];
}

const plain = (value: string): string => toDecimalString(decimal(value));

function meterList(json: string | null): string[] | null {
  if (json === null) return null;
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.map(String) : null;
}

export interface AdjustmentsInput {
  tenantId: string;
  subscriptionIds: string[];
  itemIds: string[];
  period: string;
}

/** Subscription ids per credits query: well under every engine's limit of bound parameters. */
const IDS_PER_QUERY = 5000;

const within = (period: string, from: string | null, to: string | null) =>
  (from === null || from <= period) && (to === null || to >= period);

export async function loadRatingAdjustments(
  db: Kysely<Database>,
  inputs: readonly AdjustmentsInput[],
): Promise<RatingAdjustments[]> {
  if (inputs.length === 0) return [];
  const periods = inputs.map((i) => i.period).sort();
  const fromPeriod = periods[0]!;
  const toPeriod = periods[periods.length - 1]!;
  const tenantIds = [...new Set(inputs.map((i) => i.tenantId))];
  const subscriptionIds = [...new Set(inputs.flatMap((i) => i.subscriptionIds))];
  const discounts = await discountsInPeriods(db, tenantIds, fromPeriod, toPeriod);
  const items = await itemIdentityKeys(db, [...new Set(inputs.flatMap((i) => i.itemIds))]);
  const creditRows = new Map<string, Awaited<ReturnType<typeof creditsInPeriods>>[number]>();
  for (let i = 0; i === 0 || i < subscriptionIds.length; i += IDS_PER_QUERY) {
    const rows = await creditsInPeriods(db, {
      tenantIds: i === 0 ? tenantIds : [],
      subscriptionIds: subscriptionIds.slice(i, i + IDS_PER_QUERY),
      priceListIds: i === 0 ? [...new Set(items.map((item) => item.priceListId))] : [],
      fromPeriod,
      toPeriod,
    });
    for (const row of rows) creditRows.set(row.id, row);
  }
  const credits = [...creditRows.values()];
  return inputs.map((input) => {
    const mine = new Set(input.subscriptionIds);
    const own = new Set(input.itemIds);
    // Per tenant-period: two periods of a batch may price the same list with different versions.
    const itemOf = new Map(items.filter((i) => own.has(i.itemId)).map((i) => [i.key, i.itemId]));
    let tenantDiscount: DiscountInput | null = null;
    const subscriptionDiscounts: Record<string, DiscountInput> = {};
    for (const d of discounts) {
      if (d.tenant_id !== input.tenantId || !within(input.period, d.from_period, d.to_period)) continue;
      const shaped: DiscountInput = {
        discountId: d.id,
        percentage: plain(d.percentage),
        meterIds: meterList(d.meter_ids),
      };
      if (d.scope_type === 'tenant') tenantDiscount ??= shaped;
      else if (
        d.subscription_id &&
        mine.has(d.subscription_id) &&
        !subscriptionDiscounts[d.subscription_id]
      ) {
        subscriptionDiscounts[d.subscription_id] = shaped;
      }
    }
    return {
      tenantDiscount,
      subscriptionDiscounts,
      credits: credits.flatMap((c): CreditInput[] => {
        if (!within(input.period, c.from_period, c.to_period)) return [];
        let itemId: string | null = null;
        if (c.scope_type === 'item') {
          itemId =
            itemOf.get(
              itemIdentityKey({
                priceListId: c.price_list_id ?? '',
                meterId: c.meter_id ?? '',
                sku: c.sku ?? '',
              }),
            ) ?? null;
          if (itemId === null) return [];
        } else if (
          !(c.scope_type === 'tenant' && c.tenant_id === input.tenantId) &&
          !(c.scope_type === 'subscription' && c.subscription_id !== null && mine.has(c.subscription_id))
        ) {
          return [];
        }
        return [
          {
            creditId: c.id,
            scope: c.scope_type,
            itemId,
            subscriptionId: c.scope_type === 'subscription' ? c.subscription_id : null,
            amount: plain(c.amount),
            currency: c.currency,
            description: c.description,
          },
        ];
      }),
    };
  });
}
