import type { RequestContext } from '../../context.ts';
import { defineRoute } from '../../http/route.ts';
import { isRegionVisible } from '../regions/regions.service.ts';
import { requestOfferSync } from './offer-sync.service.ts';
import {
  Offer,
  OfferCreate,
  OfferListQuery,
  OfferPage,
  OfferParams,
  OfferSync,
  OfferSyncParams,
  OfferUpdate,
  Plan,
  PlanCreate,
  PlanListQuery,
  PlanPage,
  PlanParams,
  PlanUpdate,
  Quota,
  QuotaCreate,
  QuotaListQuery,
  QuotaPage,
  QuotaParams,
  QuotaUpdate,
} from './offers.schema.ts';
import {
  createOffer,
  deleteOffer,
  getOffer,
  isOfferVisible,
  listOffers,
  updateOffer,
} from './offers.service.ts';
import {
  createPlan,
  createQuota,
  deletePlan,
  getPlan,
  getQuota,
  isPlanVisible,
  isQuotaVisible,
  listPlans,
  listQuotas,
  updatePlan,
  updateQuota,
} from './plans.service.ts';

const TAG = 'Plans and offers';

const WRITE_THROUGH =
  'Written to the region through its admin API first, then stored as the region answers. The region ' +
  "refusing it is a 422 naming the field, with the stamp's message; a region that cannot be reached is a " +
  '503 (not_ready). Either way nothing is stored.';

const planVisible = (ctx: RequestContext, params: { id: string }) => isPlanVisible(ctx, params.id);
const quotaVisible = (ctx: RequestContext, params: { id: string }) => isQuotaVisible(ctx, params.id);
const offerVisible = (ctx: RequestContext, params: { id: string }) => isOfferVisible(ctx, params.id);
const bool = (value: 'true' | 'false') => value === 'true';

export const offerRoutes = [
  defineRoute({
    id: 'plans.list',
    method: 'GET',
    path: '/api/v1/plans',
    tag: TAG,
    summary: 'Plans of the regions (platform users)',
    query: PlanListQuery,
    response: { status: 200, description: 'A page of plans', schema: PlanPage },
    handler: ({ ctx, query: { regionId, includeDeleted, q, includeTotal, ...page } }) =>
      listPlans(
        ctx,
        { regionId, q, includeDeleted: bool(includeDeleted) },
        { ...page, includeTotal: bool(includeTotal) },
      ),
  }),
  defineRoute({
    id: 'plans.get',
    method: 'GET',
    path: '/api/v1/plans/:id',
    tag: TAG,
    summary: 'One plan with its quotas',
    params: PlanParams,
    response: { status: 200, description: 'The plan', schema: Plan },
    handler: ({ ctx, params }) => getPlan(ctx, params.id),
  }),
  defineRoute({
    id: 'plans.create',
    method: 'POST',
    path: '/api/v1/plans',
    tag: TAG,
    summary: 'Create a plan on a region',
    description: WRITE_THROUGH,
    body: PlanCreate,
    idempotent: true,
    response: { status: 201, description: 'The new plan', schema: Plan },
    handler: ({ ctx, body }) => createPlan(ctx, body),
  }),
  defineRoute({
    id: 'plans.update',
    method: 'PATCH',
    path: '/api/v1/plans/:id',
    tag: TAG,
    summary: "Change a plan's display name, description or quotas",
    description: WRITE_THROUGH,
    params: PlanParams,
    body: PlanUpdate,
    target: planVisible,
    response: { status: 200, description: 'The plan after the change', schema: Plan },
    handler: ({ ctx, params, body }) => updatePlan(ctx, params.id, body),
  }),
  defineRoute({
    id: 'plans.delete',
    method: 'DELETE',
    path: '/api/v1/plans/:id',
    tag: TAG,
    summary: 'Delete a plan no offer or subscription uses (409 otherwise)',
    description: `${WRITE_THROUGH} The CMS keeps the plan, marked as gone from the region.`,
    params: PlanParams,
    target: planVisible,
    response: { status: 204, description: 'Deleted on the region' },
    handler: async ({ ctx, params }) => {
      await deletePlan(ctx, params.id);
      return undefined;
    },
  }),
  defineRoute({
    id: 'quotas.list',
    method: 'GET',
    path: '/api/v1/quotas',
    tag: TAG,
    summary: 'Quotas of the regions’ admin providers (platform users)',
    query: QuotaListQuery,
    response: { status: 200, description: 'A page of quotas', schema: QuotaPage },
    handler: ({ ctx, query: { regionId, provider, includeDeleted, q, includeTotal, ...page } }) =>
      listQuotas(
        ctx,
        { regionId, provider, q, includeDeleted: bool(includeDeleted) },
        { ...page, includeTotal: bool(includeTotal) },
      ),
  }),
  defineRoute({
    id: 'quotas.get',
    method: 'GET',
    path: '/api/v1/quotas/:id',
    tag: TAG,
    summary: 'One quota with its limits',
    params: QuotaParams,
    response: { status: 200, description: 'The quota', schema: Quota },
    handler: ({ ctx, params }) => getQuota(ctx, params.id),
  }),
  defineRoute({
    id: 'quotas.create',
    method: 'POST',
    path: '/api/v1/quotas',
    tag: TAG,
    summary: "Create a quota of one of a region's admin providers",
    description: WRITE_THROUGH,
    body: QuotaCreate,
    idempotent: true,
    response: { status: 201, description: 'The new quota', schema: Quota },
    handler: ({ ctx, body }) => createQuota(ctx, body),
  }),
  defineRoute({
    id: 'quotas.update',
    method: 'PATCH',
    path: '/api/v1/quotas/:id',
    tag: TAG,
    summary: "Change a quota's limits",
    description: WRITE_THROUGH,
    params: QuotaParams,
    body: QuotaUpdate,
    target: quotaVisible,
    response: { status: 200, description: 'The quota after the change', schema: Quota },
    handler: ({ ctx, params, body }) => updateQuota(ctx, params.id, body),
  }),
  defineRoute({
    id: 'offers.list',
    method: 'GET',
    path: '/api/v1/offers',
    tag: TAG,
    summary: 'Offers: platform users see all; everyone else the public offers published to their branch',
    query: OfferListQuery,
    response: { status: 200, description: 'A page of offers', schema: OfferPage },
    handler: ({ ctx, query: { regionId, publication, includeDeleted, q, includeTotal, ...page } }) =>
      listOffers(
        ctx,
        { regionId, publication, q, includeDeleted: bool(includeDeleted) },
        { ...page, includeTotal: bool(includeTotal) },
      ),
  }),
  defineRoute({
    id: 'offers.get',
    method: 'GET',
    path: '/api/v1/offers/:id',
    tag: TAG,
    summary: 'One offer with its base and add-on plans and whom it is published to',
    params: OfferParams,
    response: { status: 200, description: 'The offer', schema: Offer },
    handler: ({ ctx, params }) => getOffer(ctx, params.id),
  }),
  defineRoute({
    id: 'offers.create',
    method: 'POST',
    path: '/api/v1/offers',
    tag: TAG,
    summary: 'Create an offer on a region, and publish it',
    description: `${WRITE_THROUGH} The offer is Private on the region (subscriptions are made by the CMS); publication and visibility are the CMS's own.`,
    body: OfferCreate,
    idempotent: true,
    response: { status: 201, description: 'The new offer', schema: Offer },
    handler: ({ ctx, body }) => createOffer(ctx, body),
  }),
  defineRoute({
    id: 'offers.update',
    method: 'PATCH',
    path: '/api/v1/offers/:id',
    tag: TAG,
    summary: "Change an offer's plans or names (on the region) and its publishing (the CMS's own)",
    description: `Display name, description and plans: ${WRITE_THROUGH} Publication, visibility and visibleTo are stored by the CMS alone.`,
    params: OfferParams,
    body: OfferUpdate,
    target: offerVisible,
    response: { status: 200, description: 'The offer after the change', schema: Offer },
    handler: ({ ctx, params, body }) => updateOffer(ctx, params.id, body),
  }),
  defineRoute({
    id: 'offers.delete',
    method: 'DELETE',
    path: '/api/v1/offers/:id',
    tag: TAG,
    summary: 'Delete an offer no subscription uses (409 otherwise; decommission it instead)',
    description: `${WRITE_THROUGH} The CMS keeps the offer, marked as gone from the region.`,
    params: OfferParams,
    target: offerVisible,
    response: { status: 204, description: 'Deleted on the region' },
    handler: async ({ ctx, params }) => {
      await deleteOffer(ctx, params.id);
      return undefined;
    },
  }),
  defineRoute({
    id: 'regions.syncOffers',
    method: 'POST',
    path: '/api/v1/regions/:regionId/offer-syncs',
    tag: TAG,
    summary: "Sync now: read the region's plans, offers and quotas",
    description:
      'Queues an `offers.sync` job of the region (the one queued or running, if any). Follow it with GET /api/v1/jobs/{id}.',
    params: OfferSyncParams,
    target: (ctx, params) => isRegionVisible(ctx, params.regionId),
    response: { status: 202, description: 'The sync job', schema: OfferSync },
    handler: ({ ctx, params }) => requestOfferSync(ctx, params.regionId),
  }),
];
