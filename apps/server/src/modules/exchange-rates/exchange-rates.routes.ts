import type { RequestContext } from '../../context.ts';
import { defineRoute } from '../../http/route.ts';
import {
  ExchangeRate,
  ExchangeRateCreate,
  ExchangeRateListQuery,
  ExchangeRatePage,
  ExchangeRateParams,
} from './exchange-rates.schema.ts';
import {
  createExchangeRate,
  deleteExchangeRate,
  getExchangeRate,
  isExchangeRateVisible,
  listExchangeRates,
} from './exchange-rates.service.ts';

const TAG = 'Exchange rates';
const isVisible = (ctx: RequestContext, params: { id: string }) => isExchangeRateVisible(ctx, params.id);

export const exchangeRateRoutes = [
  defineRoute({
    id: 'exchangeRates.list',
    method: 'GET',
    path: '/api/v1/exchange-rates',
    tag: TAG,
    summary: 'Exchange rates against the platform currency, with their effective instants (platform users)',
    query: ExchangeRateListQuery,
    response: { status: 200, description: 'A page of exchange rates', schema: ExchangeRatePage },
    handler: ({ ctx, query: { currency, includeTotal, ...page } }) =>
      listExchangeRates(ctx, currency, { ...page, includeTotal: includeTotal === 'true' }),
  }),
  defineRoute({
    id: 'exchangeRates.get',
    method: 'GET',
    path: '/api/v1/exchange-rates/:id',
    tag: TAG,
    summary: 'One exchange rate',
    params: ExchangeRateParams,
    response: { status: 200, description: 'The exchange rate', schema: ExchangeRate },
    handler: ({ ctx, params }) => getExchangeRate(ctx, params.id),
  }),
  defineRoute({
    id: 'exchangeRates.create',
    method: 'POST',
    path: '/api/v1/exchange-rates',
    tag: TAG,
    summary: 'Set an exchange rate from an instant (against the current platform currency)',
    description:
      'Open periods are rated with, per currency, the latest rate effective at the end of the period ' +
      '(the first moment of the next month in the Platform Time Zone). One rate per currency and instant (409).',
    body: ExchangeRateCreate,
    idempotent: true,
    response: { status: 201, description: 'The new rate', schema: ExchangeRate },
    handler: ({ ctx, body }) => createExchangeRate(ctx, body),
  }),
  defineRoute({
    id: 'exchangeRates.delete',
    method: 'DELETE',
    path: '/api/v1/exchange-rates/:id',
    tag: TAG,
    summary: 'Delete a rate (refused, 409, once an invoice was issued while it was in effect)',
    params: ExchangeRateParams,
    target: isVisible,
    response: { status: 204, description: 'Deleted' },
    handler: async ({ ctx, params }) => {
      await deleteExchangeRate(ctx, params.id);
      return undefined;
    },
  }),
];
