import { api } from './client.ts';
import { call } from './errors.ts';
import { listQuery } from './list.ts';
import type { Body, ListParams, Query } from './types.ts';

/** Invoices, credit notes and statements (docs/invoices.md). */
export type InvoiceFilters = Pick<Query<'invoices.list'>, 'status' | 'kind' | 'period' | 'tenantId'>;

const defined = <T extends object>(value: T) =>
  Object.fromEntries(Object.entries(value).filter((entry) => entry[1] !== undefined && entry[1] !== null));

export const invoicesApi = {
  list: (params: ListParams & InvoiceFilters) =>
    call(
      api.GET('/api/v1/invoices', {
        params: {
          query: {
            ...listQuery<Query<'invoices.list'>['sort'] & string>(params),
            ...(defined({
              status: params.status,
              kind: params.kind,
              period: params.period,
              tenantId: params.tenantId,
            }) as InvoiceFilters),
          },
        },
      }),
    ),
  get: (id: string) => call(api.GET('/api/v1/invoices/{id}', { params: { path: { id } } })),
  generate: (body: Body<'invoices.generate'>) => call(api.POST('/api/v1/invoice-generations', { body })),
  /** Every preview of the period the caller bills (or chosen tenants'), as an invoices.issue job. */
  issueAll: (body: Body<'invoices.issueAll'>) => call(api.POST('/api/v1/invoice-issues', { body })),
  issue: (id: string) => call(api.POST('/api/v1/invoices/{id}/issue', { params: { path: { id } } })),
  remove: (id: string) => call(api.DELETE('/api/v1/invoices/{id}', { params: { path: { id } } })),
  void: (id: string, body: Body<'invoices.void'>) =>
    call(api.POST('/api/v1/invoices/{id}/void', { params: { path: { id } }, body })),
  creditNote: (id: string, body: Body<'invoices.creditNote'>) =>
    call(api.POST('/api/v1/invoices/{id}/credit-notes', { params: { path: { id } }, body })),
  payments: (id: string) => call(api.GET('/api/v1/invoices/{id}/payments', { params: { path: { id } } })),
  recordPayment: (id: string, body: Body<'invoices.recordPayment'>) =>
    call(api.POST('/api/v1/invoices/{id}/payments', { params: { path: { id } }, body })),
  /** The PDF is a plain GET the browser downloads with the session cookie. */
  pdfUrl: (id: string) => `/api/v1/invoices/${encodeURIComponent(id)}/pdf`,
  /** `{}`: to the tenant's billing address (docs/invoices.md "E-mail"). */
  email: (id: string, body: Body<'invoices.email'> = {}) =>
    call(api.POST('/api/v1/invoices/{id}/email', { params: { path: { id } }, body })),
};
