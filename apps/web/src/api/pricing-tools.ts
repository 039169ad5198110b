import { api } from './client.ts';
import { call } from './errors.ts';
import type { Body } from './types.ts';

/** Pricing tools: price increase model and apply, the estimator and the calculator (all POST). */
export const pricingToolsApi = {
  model: (body: Body<'priceIncreases.model'>) =>
    call(api.POST('/api/v1/pricing-tools/price-increases/model', { body })),
  apply: (body: Body<'priceIncreases.apply'>) =>
    call(api.POST('/api/v1/pricing-tools/price-increases/apply', { body })),
  estimate: (body: Body<'pricingTools.estimate'>) =>
    call(api.POST('/api/v1/pricing-tools/estimates', { body })),
  calculate: (body: Body<'calculator.calculate'>) => call(api.POST('/api/v1/calculator', { body })),
};
