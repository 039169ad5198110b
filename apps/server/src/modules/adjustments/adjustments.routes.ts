import type { RequestContext } from '../../context.ts';
import { defineRoute } from '../../http/route.ts';
import {
  Credit,
  CreditCreate,
  CreditListQuery,
  CreditPage,
  CreditParams,
  CreditUpdate,
  Discount,
  DiscountCreate,
  DiscountListQuery,
  DiscountPage,
  DiscountParams,
  DiscountUpdate,
} from './adjustments.schema.ts';
import {
  createCredit,
  deleteCredit,
  getCredit,
  isCreditVisible,
  listCredits,
  updateCredit,
} from './credits.service.ts';
import {
  createDiscount,
  deleteDiscount,
  getDiscount,
  isDiscountVisible,
  listDiscounts,
  updateDiscount,
} from './discounts.service.ts';

const TAG = 'Discounts and credits';
const WHO =
  'Platform administrators manage them and platform readers read them; a tenant and the partner and ' +
  'distributor above it see them only as the discount and credit lines of their rated usage.';
const discountVisible = (ctx: RequestContext, params: { id: string }) => isDiscountVisible(ctx, params.id);
const creditVisible = (ctx: RequestContext, params: { id: string }) => isCreditVisible(ctx, params.id);

export const adjustmentRoutes = [
  defineRoute({
    id: 'discounts.list',
    method: 'GET',
    path: '/api/v1/discounts',
    tag: TAG,
    summary: 'Discounts, per tenant or subscription',
    description: WHO,
    query: DiscountListQuery,
    response: { status: 200, description: 'A page of discounts', schema: DiscountPage },
    handler: ({ ctx, query: { tenantId, subscriptionId, q, includeTotal, ...page } }) =>
      listDiscounts(ctx, { tenantId, subscriptionId, q }, { ...page, includeTotal: includeTotal === 'true' }),
  }),
  defineRoute({
    id: 'discounts.get',
    method: 'GET',
    path: '/api/v1/discounts/:id',
    tag: TAG,
    summary: 'One discount',
    params: DiscountParams,
    response: { status: 200, description: 'The discount', schema: Discount },
    handler: ({ ctx, params }) => getDiscount(ctx, params.id),
  }),
  defineRoute({
    id: 'discounts.create',
    method: 'POST',
    path: '/api/v1/discounts',
    tag: TAG,
    summary: 'Give a tenant or a subscription a percentage off',
    description:
      'Optionally limited to some meters and to a range of periods. At most one discount of a tenant (or ' +
      'of a subscription) is valid in a period: one whose periods meet another of the same scope is refused ' +
      "(409, naming it). A subscription's discount replaces its tenant's for that subscription. " +
      WHO,
    body: DiscountCreate,
    idempotent: true,
    response: { status: 201, description: 'The new discount', schema: Discount },
    handler: ({ ctx, body }) => createDiscount(ctx, body),
  }),
  defineRoute({
    id: 'discounts.update',
    method: 'PATCH',
    path: '/api/v1/discounts/:id',
    tag: TAG,
    summary: 'Change a discount: percentage, meters, periods, description',
    params: DiscountParams,
    body: DiscountUpdate,
    target: discountVisible,
    response: { status: 200, description: 'The discount after the change', schema: Discount },
    handler: ({ ctx, params, body }) => updateDiscount(ctx, params.id, body),
  }),
  defineRoute({
    id: 'discounts.delete',
    method: 'DELETE',
    path: '/api/v1/discounts/:id',
    tag: TAG,
    summary: 'Delete a discount (open periods are re-rated without it)',
    params: DiscountParams,
    target: discountVisible,
    response: { status: 204, description: 'Deleted' },
    handler: async ({ ctx, params }) => {
      await deleteDiscount(ctx, params.id);
      return undefined;
    },
  }),
  defineRoute({
    id: 'credits.list',
    method: 'GET',
    path: '/api/v1/credits',
    tag: TAG,
    summary: 'Credits, per tenant, subscription or price item',
    description: WHO,
    query: CreditListQuery,
    response: { status: 200, description: 'A page of credits', schema: CreditPage },
    handler: ({
      ctx,
      query: { tenantId, subscriptionId, priceListId, priceItemId, q, includeTotal, ...page },
    }) =>
      listCredits(
        ctx,
        { tenantId, subscriptionId, priceListId, priceItemId, q },
        { ...page, includeTotal: includeTotal === 'true' },
      ),
  }),
  defineRoute({
    id: 'credits.get',
    method: 'GET',
    path: '/api/v1/credits/:id',
    tag: TAG,
    summary: 'One credit',
    params: CreditParams,
    response: { status: 200, description: 'The credit', schema: Credit },
    handler: ({ ctx, params }) => getCredit(ctx, params.id),
  }),
  defineRoute({
    id: 'credits.create',
    method: 'POST',
    path: '/api/v1/credits',
    tag: TAG,
    summary: 'Give a credit: an amount per period on a price item, a subscription or a tenant',
    description:
      "An item credit is in the price list's currency and offsets that item's lines across a tenant's " +
      "subscriptions: the list's item of the same meter and SKU in whichever version prices a period (new " +
      'versions and price increases keep it; a clone of the list to another scope does not). A ' +
      "subscription or tenant credit is in the tenant's currency (it follows a change of that currency). " +
      'Valid from fromPeriod ' +
      'to toPeriod (null: no end); oneOff true makes it the first period only. What a period does not use ' +
      'expires with it. ' +
      WHO,
    body: CreditCreate,
    idempotent: true,
    response: { status: 201, description: 'The new credit', schema: Credit },
    handler: ({ ctx, body }) => createCredit(ctx, body),
  }),
  defineRoute({
    id: 'credits.update',
    method: 'PATCH',
    path: '/api/v1/credits/:id',
    tag: TAG,
    summary: 'Change a credit: amount, periods, one-off, description',
    params: CreditParams,
    body: CreditUpdate,
    target: creditVisible,
    response: { status: 200, description: 'The credit after the change', schema: Credit },
    handler: ({ ctx, params, body }) => updateCredit(ctx, params.id, body),
  }),
  defineRoute({
    id: 'credits.delete',
    method: 'DELETE',
    path: '/api/v1/credits/:id',
    tag: TAG,
    summary: 'Delete a credit (open periods are re-rated without it)',
    params: CreditParams,
    target: creditVisible,
    response: { status: 204, description: 'Deleted' },
    handler: async ({ ctx, params }) => {
      await deleteCredit(ctx, params.id);
      return undefined;
    },
  }),
];
