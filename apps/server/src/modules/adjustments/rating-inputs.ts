import { type CreditInput, type DiscountInput, decimal, toDecimalString } from '@cms/billing';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { itemIdentityKey, itemIdentityKeys } from '../pricing/items-lookup.ts';
import { creditsInPeriod, discountsInPeriod } from './rating-inputs.repository.ts';

/**
 * The discounts and credits valid in a tenant's period P, shaped for the rating engine. Read only
 * (written by the rating helper; the adjustments module owns the tables).
 *
 * Valid in P: from ≤ P ≤ to, a null bound open. At most one discount per scope is valid in a
 * period (the adjustments service refuses overlaps); should two ever be found, the first by id is
 * used so the result stays deterministic. Discounts of subscriptions that are not the tenant's are
 * ignored, as are credits of other scopes.
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

export async function loadRatingAdjustments(
  db: Kysely<Database>,
  input: { tenantId: string; subscriptionIds: string[]; itemIds: string[]; period: string },
): Promise<RatingAdjustments> {
  const [discounts, { credits, itemOf }] = await Promise.all([
    discountsInPeriod(db, input.tenantId, input.period),
    (async () => {
      const items = await itemIdentityKeys(db, input.itemIds);
      const found = await creditsInPeriod(db, {
        tenantId: input.tenantId,
        subscriptionIds: input.subscriptionIds,
        priceListIds: [...new Set(items.map((i) => i.priceListId))],
        period: input.period,
      });
      return { credits: found, itemOf: new Map(items.map((i) => [i.key, i.itemId])) };
    })(),
  ]);
  const mine = new Set(input.subscriptionIds);
  let tenantDiscount: DiscountInput | null = null;
  const subscriptionDiscounts: Record<string, DiscountInput> = {};
  for (const d of discounts) {
    const shaped: DiscountInput = {
      discountId: d.id,
      percentage: plain(d.percentage),
      meterIds: meterList(d.meter_ids),
    };
    if (d.scope_type === 'tenant') tenantDiscount ??= shaped;
    else if (d.subscription_id && mine.has(d.subscription_id) && !subscriptionDiscounts[d.subscription_id]) {
      subscriptionDiscounts[d.subscription_id] = shaped;
    }
  }
  return {
    tenantDiscount,
    subscriptionDiscounts,
    credits: credits.flatMap((c) => {
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
}
