import { api } from './client.ts';
import { call } from './errors.ts';

/** A tenant's identity health check: the last result, and "Check now". */
export const identityChecksApi = {
  get: (tenantId: string) =>
    call(api.GET('/api/v1/tenants/{id}/identity-check', { params: { path: { id: tenantId } } })),
  run: (tenantId: string) =>
    call(api.POST('/api/v1/tenants/{id}/identity-checks', { params: { path: { id: tenantId } } })),
};
