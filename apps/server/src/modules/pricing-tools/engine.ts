import {
  MissingExchangeRateError,
  type PriceItemInput,
  rateTenantPeriod,
  type TenantPeriodInput,
  type TenantPeriodResult,
} from '@cms/billing';
import type { RequestContext } from '../../context.ts';
import { buildTenantPeriodInput, type TenantPeriodUsageRow } from './deps.ts';

/**
 * The one way the pricing tools reach the rating engine: the rating module assembles the engine's
 * input for a (tenant, period) exactly as rating does — its subscriptions, price book, month hours,
 * informational meters, discounts, credits and exchange rates — and `rateTenantPeriod` prices it.
 * The tools only change WHAT is priced (given quantities instead of stored usage) or WITH WHICH
 * prices (which versions, and an increase's rates), never how.
 */

export type UsageRow = TenantPeriodUsageRow;

export interface EngineRun {
  input: TenantPeriodInput;
  /** null: a needed exchange rate is missing (`missingCurrency`). */
  result: TenantPeriodResult | null;
  missingCurrency: string | null;
}

export interface EngineOptions {
  /** Price these quantities instead of the period's stored usage. */
  usage?: readonly UsageRow[];
  /** listId → the version to price that list with instead of the one that rates the period. */
  versions?: ReadonlyMap<string, string>;
  /** Price with this one version of one list only (the estimator's chosen list; a draft too). */
  onlyVersion?: { listId: string; versionId: string };
  /** The rates an item prices with (a price increase's). */
  mapItem?: (item: PriceItemInput) => PriceItemInput;
}

export async function runEngine(
  ctx: RequestContext,
  tenantId: string,
  period: string,
  options: EngineOptions = {},
): Promise<EngineRun> {
  const input = await buildTenantPeriodInput(ctx, tenantId, period, {
    ...(options.usage ? { usage: options.usage } : {}),
    book: {
      ...(options.versions ? { versions: options.versions } : {}),
      ...(options.onlyVersion ? { only: options.onlyVersion } : {}),
      ...(options.mapItem ? { mapItem: options.mapItem } : {}),
    },
  });
  try {
    return { input, result: rateTenantPeriod(input), missingCurrency: null };
  } catch (error) {
    if (error instanceof MissingExchangeRateError)
      return { input, result: null, missingCurrency: error.currency };
    throw error;
  }
}
