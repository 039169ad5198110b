import { defineRoute } from '../../http/route.ts';
import {
  CalculateBody,
  Estimate,
  EstimateBody,
  PriceIncreaseApplied,
  PriceIncreaseApplyBody,
  PriceIncreaseModel,
  PriceIncreaseModelBody,
} from './pricing-tools.schema.ts';
import { applyPriceIncrease, calculate, estimate, modelPriceIncrease } from './pricing-tools.service.ts';

const TAG = 'Pricing tools';

const SCOPE_RULES =
  'Scope: `priceList` (give `priceListId`, optionally `sourceVersionId`), `allRegionLists`, `region` (`regionId`: ' +
  "that region's list) or `tenant` (`tenantId`: that tenant's list). Each list's source version is the one " +
  'that rates the current month (Platform Time Zone) unless `sourceVersionId` names another. A percentage ' +
  'multiplies every flat and tier rate by (1 + amount ÷ 100); a fixed amount is added to every flat and ' +
  'tier rate per price unit; no rate goes below zero. New rates keep 18 decimal places, rounded half away ' +
  'from zero, exactly as `apply` stores them.';

export const pricingToolRoutes = [
  defineRoute({
    id: 'priceIncreases.model',
    method: 'POST',
    path: '/api/v1/pricing-tools/price-increases/model',
    tag: TAG,
    summary: 'Run Model: old versus new cost of a price increase on a period’s real usage (writes nothing)',
    description:
      `${SCOPE_RULES} The period's real usage of every tenant the lists price is rated twice by the rating ` +
      'engine — with the prices that rate it today, then with the increased rates of the source versions in ' +
      'their place — with the same price resolution, discounts, credits, exchange rates and rounding. ' +
      'Answers per meter (gross usage lines), per tenant (subtotals after discounts and credits) and totals ' +
      'per currency. Applying the same increase from that period and rating it gives exactly the new figures.',
    body: PriceIncreaseModelBody,
    response: { status: 200, description: 'The model', schema: PriceIncreaseModel },
    handler: ({ ctx, body }) => modelPriceIncrease(ctx, body),
  }),
  defineRoute({
    id: 'priceIncreases.apply',
    method: 'POST',
    path: '/api/v1/pricing-tools/price-increases/apply',
    tag: TAG,
    summary: 'Apply a price increase: a new version of each list in scope, from a month',
    description:
      `${SCOPE_RULES} Each list gets a new version (a copy of its source version's items at the increased ` +
      'rates) effective from `effectiveFrom`, which may not be before the current month; it is activated at ' +
      'once (the version it follows becomes superseded from that month) unless `activate` is false, which ' +
      'leaves a draft. Open periods from that month are re-rated. All lists change in one transaction.',
    body: PriceIncreaseApplyBody,
    idempotent: true,
    response: { status: 201, description: 'The new versions', schema: PriceIncreaseApplied },
    handler: ({ ctx, body }) => applyPriceIncrease(ctx, body),
  }),
  defineRoute({
    id: 'pricingTools.estimate',
    method: 'POST',
    path: '/api/v1/pricing-tools/estimates',
    tag: TAG,
    summary: 'Estimator: price quantities for a tenant or subscription, as an invoice would (writes nothing)',
    description:
      "Quantities per meter (and SKU) in the meter's own unit, for a tenant (each row may name one of its " +
      'subscriptions; a tenant with one subscription needs none) or a subscription, priced for a period by ' +
      'the rating engine: with the lists that apply (subscription override → tenant list → region list, ' +
      'item by item) or with one price list (`priceListId`, optionally a draft `versionId`), with the ' +
      "tenant's discounts and credits valid in the period, then tax from the tenant's tax profile. Every " +
      'line is rounded as on an invoice; subtotal + tax = total. Quantities equal to a past month’s real ' +
      'usage give exactly that month’s rated amount.',
    body: EstimateBody,
    response: { status: 200, description: 'The estimate', schema: Estimate },
    handler: ({ ctx, body }) => estimate(ctx, body),
  }),
  defineRoute({
    id: 'calculator.calculate',
    method: 'POST',
    path: '/api/v1/calculator',
    tag: TAG,
    summary: 'Calculator: price quantities with the prices of your own subscriptions (writes nothing)',
    description:
      'The estimator for tenants, partners and distributors, as far as the Calculator Settings show it to ' +
      'their level (403 otherwise; platform users always): the quantities are priced with the lists that ' +
      "apply to the chosen tenant's or subscription's own subscriptions, never another list; a tenant or " +
      'subscription outside your branch is not found (404).',
    body: CalculateBody,
    response: { status: 200, description: 'The calculation', schema: Estimate },
    handler: ({ ctx, body }) => calculate(ctx, body),
  }),
];
