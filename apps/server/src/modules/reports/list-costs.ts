import type { Kysely } from 'kysely';
import type { AnyContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import type { StoredLine } from '../rating/rated-reads.ts';
import { buildRatingInput, runEngine, tenantFacts } from '../rating/rating.service.ts';

/**
 * ListCost of the FOCUS export: what each stored usage line would cost at the region's list price.
 * Like the pricing tools, this never prices by itself: rating builds the engine's input from the
 * stored lines' exact period sums with the region lists alone (`regionOnly`: each subscription's
 * region list, its version for the period, month hours and exchange rates as rating uses them), and
 * the engine prices it (tiers, conversion into the tenant's currency, rounding per line), with no
 * discount and no credit.
 *
 * The region item is the one for the line's own meter and SKU (a line a meter-wide item priced
 * holds no SKU, so the region's meter-wide item prices it). Each line is priced on its own: its
 * tiers apply to its own quantity. A line the region list does not price, or a period whose list
 * currency has no exchange rate, has no list amount (the export then states the contracted cost).
 */
export async function regionListAmounts(
  db: Kysely<Database>,
  ctx: AnyContext,
  tenant: { id: string; currency: string },
  period: string,
  lines: readonly StoredLine[],
): Promise<Map<number, string>> {
  const priced = lines.filter(
    (l) => l.kind === 'usage' && !l.unpriced && l.subscriptionId && l.meterId && l.rawQuantity !== null,
  );
  if (priced.length === 0) return new Map();
  const key = (subscriptionId: string, meterId: string, sku: string | null) =>
    `${subscriptionId}\u0000${meterId}\u0000${sku ?? ''}`;
  // (subscription, meter, SKU) names one stored usage line: the line of the item that priced it.
  const positionOf = new Map(priced.map((l) => [key(l.subscriptionId!, l.meterId!, l.sku), l.position]));
  const facts = await tenantFacts(db, tenant);
  const input = await buildRatingInput(
    db,
    ctx,
    facts,
    period,
    priced.map((l) => ({
      subscriptionId: l.subscriptionId!,
      meterId: l.meterId!,
      sku: l.sku ?? '',
      quantity: l.rawQuantity!,
    })),
    { regionOnly: true },
  );
  // The engine sums the rows of one item into one line; keying each row's item by its stored line
  // keeps the lines apart (two SKU lines one meter-wide region item prices stay two lines).
  const usage = input.usage.map((row) =>
    row.item ? { ...row, item: { ...row.item, itemId: key(row.subscriptionId, row.meterId, row.sku) } } : row,
  );
  const outcome = runEngine({
    ...input,
    usage,
    tenantDiscount: null,
    subscriptionDiscounts: {},
    credits: [],
  });
  const out = new Map<number, string>();
  if (outcome.kind !== 'rated') return out;
  for (const line of outcome.result.lines) {
    if (line.kind !== 'usage' || line.unpriced || line.itemId === null) continue;
    const position = positionOf.get(line.itemId);
    if (position !== undefined) out.set(position, line.amount);
  }
  return out;
}
