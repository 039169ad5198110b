/**
 * The rating engine's inputs and outputs (semantics.md is binding). Everything that turns usage
 * into money — rating, cost to date, the estimator, the calculator, price-increase models and,
 * later, invoices — goes through `rateTenantPeriod` with these shapes, so an estimate for a past
 * month's real quantities equals that month's rated amount.
 *
 * Decimals travel as strings (plain notation); the engine computes with exact decimals inside.
 */

/** A tier: quantities greater than `from` and up to and including `to` (null: open-ended). */
export interface Tier {
  from: string;
  to: string | null;
  rate: string;
}

export type TierMode = 'graduated' | 'volume';

/**
 * How an item states its price: per unit of the meter's own unit, or per month for a meter
 * metered in hours (the period quantity is then hours ÷ the month's hours).
 */
export type PriceUnit = 'meter' | 'month';

/** A price item as rating needs it: a flat rate or tiers (tiers replace the flat rate). */
export interface PriceItemInput {
  /** The item's id (stable key for credits and printed lines). */
  itemId: string;
  meterId: string;
  /** null: meter-wide item. */
  sku: string | null;
  priceUnit: PriceUnit;
  /** Exactly one of `rate` and `tiers` is set. */
  rate: string | null;
  tiers: Tier[] | null;
  tierMode: TierMode;
  /** The price list's currency; rates are converted into the tenant's currency first. */
  currency: string;
  priceListId: string;
  versionId: string;
}

/** One subscription's usage of one meter (and SKU) in the period, summed exactly. */
export interface PeriodUsageInput {
  subscriptionId: string;
  meterId: string;
  /** '' or null: no SKU. */
  sku: string | null;
  /** Exact sum of the period's usage in the meter's unit (hours for month-fraction meters). */
  quantity: string;
  /**
   * The item that prices this usage (override → tenant list → region list; SKU item before
   * meter-wide), resolved by the caller. null: unpriced (rated at zero and flagged).
   */
  item: PriceItemInput | null;
  /**
   * Hours of the local month for a per-month item: monthHours(period, zone, setting) — real
   * elapsed hours, or 730 with "Use Monthly Variable Pricing" off. Month-fraction meters (managed
   * disks, stored as hours on ingest) always take the real hours: monthHours(period, zone, true).
   */
  monthHours: number;
}

export interface DiscountInput {
  discountId: string;
  /** Percentage off, e.g. '12.5'. */
  percentage: string;
  /** null: every meter. */
  meterIds: string[] | null;
}

export interface CreditInput {
  creditId: string;
  scope: 'item' | 'subscription' | 'tenant';
  /** scope 'item': the price item whose lines it offsets across the tenant's subscriptions. */
  itemId: string | null;
  /** scope 'subscription'. */
  subscriptionId: string | null;
  /** The amount per period in `currency` (item credits: the price list's; others: the tenant's). */
  amount: string;
  currency: string;
  description: string;
}

/**
 * Units of each currency per one unit of the platform currency (rates crossed through the
 * platform currency). Must hold every price-list and credit currency that differs from the
 * tenant's, plus the tenant's own currency, unless they are all equal.
 */
export interface ExchangeRatesInput {
  platformCurrency: string;
  /** currency → units of that currency per 1 platform currency (at least 10 decimal places). */
  perPlatformUnit: Record<string, string>;
}

export interface TenantPeriodInput {
  tenantId: string;
  /** The local calendar month, 'YYYY-MM'. */
  period: string;
  /** The tenant's currency: everything is converted into it first, then priced and rounded. */
  currency: string;
  usage: PeriodUsageInput[];
  /** Subscription discounts replace the tenant discount for that subscription; never stacked. */
  tenantDiscount: DiscountInput | null;
  subscriptionDiscounts: Record<string, DiscountInput>;
  credits: CreditInput[];
  exchangeRates: ExchangeRatesInput | null;
}

/** One tier's share of a line: the units that fell in it and their (unrounded) amount. */
export interface TierSlice {
  from: string;
  to: string | null;
  rate: string;
  quantity: string;
  amount: string;
}

export type RatedLineKind = 'usage' | 'discount' | 'item_credit' | 'subscription_credit' | 'tenant_credit';

export interface RatedLine {
  kind: RatedLineKind;
  /** null only for tenant credits. */
  subscriptionId: string | null;
  meterId: string | null;
  sku: string | null;
  itemId: string | null;
  priceListId: string | null;
  versionId: string | null;
  /** Usage lines: the exact period sum in the meter's unit. */
  rawQuantity: string | null;
  /** Usage lines: the period quantity in the price unit, rounded half away from zero to 6 places. */
  quantity: string | null;
  priceUnit: PriceUnit | null;
  /** Flat rate in the tenant's currency (converted, unrounded); null for tiered or unpriced. */
  rate: string | null;
  tierMode: TierMode | null;
  slices: TierSlice[] | null;
  /** Rounded half away from zero to the currency's minor unit; negative for discounts/credits. */
  amount: string;
  unpriced: boolean;
  /** discount / credit lines: the id of what produced them. */
  discountId: string | null;
  creditId: string | null;
  /** Index into `lines` of the usage line a discount or item credit belongs to. */
  parentIndex: number | null;
  description: string | null;
}

export interface TenantPeriodResult {
  tenantId: string;
  period: string;
  currency: string;
  /** Usage lines in (subscription id, meter id, sku) order, each followed by its own adjustments. */
  lines: RatedLine[];
  /** Sum of every printed line (the net before tax). */
  subtotal: string;
  /** Units of the tenant currency per 1 unit of each price list currency used, when converted. */
  appliedExchangeRates: Record<string, string>;
  /**
   * Added by the rating core: what each credit left unused this period, in the tenant's currency
   * (it expires at period end; semantics.md). Credits used in full are not listed.
   */
  expiredCredits: { creditId: string; amount: string }[];
}
