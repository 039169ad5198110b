import type { RequestContext } from '../../context.ts';
import { defineRoute } from '../../http/route.ts';
import {
  TaxProfile,
  TaxProfileCreate,
  TaxProfileListQuery,
  TaxProfilePage,
  TaxProfileParams,
  TaxProfileUpdate,
} from './taxes.schema.ts';
import {
  createTaxProfile,
  deleteTaxProfile,
  getTaxProfile,
  isTaxProfileVisible,
  listTaxProfiles,
  updateTaxProfile,
} from './taxes.service.ts';

const TAG = 'Tax profiles';
const isVisible = (ctx: RequestContext, params: { id: string }) => isTaxProfileVisible(ctx, params.id);

export const taxRoutes = [
  defineRoute({
    id: 'taxProfiles.list',
    method: 'GET',
    path: '/api/v1/tax-profiles',
    tag: TAG,
    summary: 'Tax profiles (platform users): named rates with effective dates, or exempt',
    query: TaxProfileListQuery,
    response: { status: 200, description: 'A page of tax profiles', schema: TaxProfilePage },
    handler: ({ ctx, query: { q, includeTotal, ...page } }) =>
      listTaxProfiles(ctx, q, { ...page, includeTotal: includeTotal === 'true' }),
  }),
  defineRoute({
    id: 'taxProfiles.get',
    method: 'GET',
    path: '/api/v1/tax-profiles/:id',
    tag: TAG,
    summary: 'One tax profile with all its rates',
    params: TaxProfileParams,
    response: { status: 200, description: 'The tax profile', schema: TaxProfile },
    handler: ({ ctx, params }) => getTaxProfile(ctx, params.id),
  }),
  defineRoute({
    id: 'taxProfiles.create',
    method: 'POST',
    path: '/api/v1/tax-profiles',
    tag: TAG,
    summary: 'Create a tax profile: exempt, or one or more rates',
    description:
      'A tenant without a profile of its own is taxed by the Default Tax Profile setting. Rating computes ' +
      'no tax; the estimator, the calculator and invoices apply the rates effective on the issue date.',
    body: TaxProfileCreate,
    idempotent: true,
    response: { status: 201, description: 'The new tax profile', schema: TaxProfile },
    handler: ({ ctx, body }) => createTaxProfile(ctx, body),
  }),
  defineRoute({
    id: 'taxProfiles.update',
    method: 'PATCH',
    path: '/api/v1/tax-profiles/:id',
    tag: TAG,
    summary: 'Change a tax profile: name, exempt, or its whole set of rates',
    description:
      '`rates`, when given, replaces every rate of the profile. Marking it exempt without `rates` removes ' +
      'its rates. To change a rate from a date, add a rate of the same name with that effective date.',
    params: TaxProfileParams,
    body: TaxProfileUpdate,
    target: isVisible,
    response: { status: 200, description: 'The tax profile after the change', schema: TaxProfile },
    handler: ({ ctx, params, body }) => updateTaxProfile(ctx, params.id, body),
  }),
  defineRoute({
    id: 'taxProfiles.delete',
    method: 'DELETE',
    path: '/api/v1/tax-profiles/:id',
    tag: TAG,
    summary: 'Delete a tax profile no tenant has and that is not the default (409 otherwise)',
    params: TaxProfileParams,
    target: isVisible,
    response: { status: 204, description: 'Deleted' },
    handler: async ({ ctx, params }) => {
      await deleteTaxProfile(ctx, params.id);
      return undefined;
    },
  }),
];
