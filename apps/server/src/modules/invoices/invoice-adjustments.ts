import {
  type CreditInput,
  type DiscountInput,
  decimal,
  type PeriodUsageInput,
  type PriceItemInput,
  type RatedLine,
  type TaxRateInput,
  type TenantPeriodInput,
} from '@cms/billing';
import type { Kysely } from 'kysely';
import type { AnyContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import {
  buildRatingInput,
  factsOfSubscriptions,
  runEngine,
  type TenantFacts,
  wholePeriod,
} from '../rating/rating.service.ts';
import { type RatedSubscription, subscriptionsOfTenant } from '../subscriptions/rating-subscriptions.ts';
import { closedPeriodsOfTenant } from '../usage/periods.service.ts';
import { usageSums } from '../usage/rating-usage.ts';
import { contentOf, labelsFor } from './invoice-build.ts';
import { adjustmentLines, type ContentLine, printedLine } from './invoice-content.ts';
import { billedLinesOf, findPeriodInvoice } from './invoices.repository.ts';

/**
 * Prior-period adjustments (semantics.md "Periods, late usage and corrections"). Issuing a period
 * freezes what it was rated from (FrozenInput, stored on the invoice). Usage that arrives for it
 * later is priced by recomputing the period from that frozen input — the same items, month hours,
 * discounts, credits and exchange rates — with the usage as it is now, through the same engine
 * (@cms/billing rateTenantPeriod); each line whose amount differs from what was billed for the
 * period goes on the tenant's next invoice as the difference, labelled with the period and taxed
 * at the rates of the invoice it corrects.
 *
 * Usage of a (subscription, meter, SKU) the issued period did not have is priced by the price
 * book of the period as it is now: a price list version that rated an issued period cannot change
 * or be superseded from that period on (pricing.service), so that is the book the period was
 * issued with. Its month hours follow "Use Monthly Variable Pricing" as it is now.
 */

interface FrozenUsage {
  subscriptionId: string;
  meterId: string;
  sku: string | null;
  quantity: string;
  itemId: string | null;
  monthHours: number;
}

export interface FrozenInput {
  v: 1;
  period: string;
  currency: string;
  platformCurrency: string;
  perPlatformUnit: Record<string, string>;
  /** The tenant's subscriptions when it was issued (their usage keys and billable-from). */
  subscriptions: RatedSubscription[];
  usage: FrozenUsage[];
  items: Record<string, PriceItemInput>;
  tenantDiscount: DiscountInput | null;
  subscriptionDiscounts: Record<string, DiscountInput>;
  credits: CreditInput[];
}

export function freezeInput(input: TenantPeriodInput, subscriptions: RatedSubscription[]): FrozenInput {
  const items: Record<string, PriceItemInput> = {};
  for (const row of input.usage) if (row.item) items[row.item.itemId] = row.item;
  return {
    v: 1,
    period: input.period,
    currency: input.currency,
    platformCurrency: input.exchangeRates?.platformCurrency ?? input.currency,
    perPlatformUnit: input.exchangeRates?.perPlatformUnit ?? {},
    subscriptions,
    usage: input.usage.map((row) => ({
      subscriptionId: row.subscriptionId,
      meterId: row.meterId,
      sku: row.sku,
      quantity: row.quantity,
      itemId: row.item?.itemId ?? null,
      monthHours: row.monthHours,
    })),
    items,
    tenantDiscount: input.tenantDiscount,
    subscriptionDiscounts: input.subscriptionDiscounts,
    credits: input.credits,
  };
}

const usageKey = (row: { subscriptionId: string; meterId: string; sku: string | null }) =>
  `${row.subscriptionId}\u0000${row.meterId}\u0000${row.sku ?? ''}`;

/** Whether the period's usage is what it was issued with (each key once: sums are grouped by it). */
function sameUsage(frozen: readonly FrozenUsage[], now: readonly PeriodUsageInput[]): boolean {
  if (frozen.length !== now.length) return false;
  const before = new Map(frozen.map((row) => [usageKey(row), row.quantity]));
  return now.every((row) => {
    const quantity = before.get(usageKey(row));
    return quantity !== undefined && decimal(quantity).eq(decimal(row.quantity));
  });
}

export type Recomputed =
  | { kind: 'unchanged' }
  | { kind: 'rated'; lines: RatedLine[]; facts: TenantFacts }
  | { kind: 'missing_exchange_rate'; currency: string };

/** A closed period recomputed from its frozen input with the usage as it is now. */
export async function recomputeClosedPeriod(
  db: Kysely<Database>,
  ctx: AnyContext,
  tenantId: string,
  frozen: FrozenInput,
): Promise<Recomputed> {
  const known = new Set(frozen.subscriptions.map((s) => s.id));
  const subscriptions = [
    ...frozen.subscriptions,
    ...(await subscriptionsOfTenant(db, tenantId)).filter((s) => !known.has(s.id)),
  ];
  const facts = await factsOfSubscriptions(db, { id: tenantId, currency: frozen.currency }, subscriptions);
  const sums = await usageSums(db, facts.sources, wholePeriod(frozen.period));
  const current = await buildRatingInput(db, ctx, facts, frozen.period, sums);
  const frozenRows = new Map(frozen.usage.map((row) => [usageKey(row), row]));
  const usage: PeriodUsageInput[] = current.usage.map((row) => {
    const was = frozenRows.get(usageKey(row));
    if (!was) return row;
    return {
      ...row,
      item: was.itemId === null ? null : (frozen.items[was.itemId] ?? null),
      monthHours: was.monthHours,
    };
  });
  if (sameUsage(frozen.usage, usage)) return { kind: 'unchanged' };
  const input: TenantPeriodInput = {
    tenantId,
    period: frozen.period,
    currency: frozen.currency,
    usage,
    tenantDiscount: frozen.tenantDiscount,
    subscriptionDiscounts: frozen.subscriptionDiscounts,
    credits: frozen.credits,
    exchangeRates: {
      platformCurrency: frozen.platformCurrency,
      // A currency the issued period did not need takes the rate at the end of the period.
      perPlatformUnit: { ...(current.exchangeRates?.perPlatformUnit ?? {}), ...frozen.perPlatformUnit },
    },
  };
  const outcome = runEngine(input);
  if (outcome.kind === 'missing_exchange_rate') return outcome;
  return { kind: 'rated', lines: outcome.result.lines, facts };
}

export type Adjustments =
  | { ok: true; lines: ContentLine[]; rates: Record<string, TaxRateInput[]> }
  | { ok: false; period: string; currency: string };

/**
 * The adjustment lines a tenant's invoice for `period` carries: every other closed period of the
 * tenant whose issued invoice (not void) no longer matches its usage. A voided period is left as
 * voided: its corrections are by hand.
 */
export async function priorPeriodAdjustments(
  db: Kysely<Database>,
  ctx: AnyContext,
  tenantId: string,
  period: string,
): Promise<Adjustments> {
  const lines: ContentLine[] = [];
  const rates: Record<string, TaxRateInput[]> = {};
  for (const closed of await closedPeriodsOfTenant(db, tenantId)) {
    if (closed.period === period) continue;
    const invoice = await findPeriodInvoice(db, `${tenantId}:${closed.period}`);
    if (!invoice || (invoice.status !== 'issued' && invoice.status !== 'paid') || !invoice.frozen_input)
      continue;
    const frozen = JSON.parse(invoice.frozen_input) as FrozenInput;
    const recomputed = await recomputeClosedPeriod(db, ctx, tenantId, frozen);
    if (recomputed.kind === 'unchanged') continue;
    if (recomputed.kind === 'missing_exchange_rate') {
      return { ok: false, period: closed.period, currency: recomputed.currency };
    }
    const labels = await labelsFor(db, recomputed.facts, recomputed.lines);
    const now = recomputed.lines.map((line) => printedLine(line, labels, invoice.currency));
    const billed = (await billedLinesOf(db, tenantId, closed.period)).map(contentOf);
    const differences = adjustmentLines(closed.period, now, billed, invoice.currency);
    if (differences.length === 0) continue;
    lines.push(...differences);
    rates[closed.period] = (JSON.parse(invoice.tax_rates) as Record<string, TaxRateInput[]>)[''] ?? [];
  }
  return { ok: true, lines, rates };
}
