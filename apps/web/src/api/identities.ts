import { api } from './client.ts';
import { call } from './errors.ts';

/** Linked federated (OpenID Connect) identities: your own, or a user's within your scope. */
export const identitiesApi = {
  listOwn: () => call(api.GET('/api/v1/me/identities')),
  removeOwn: (identityId: string) =>
    call(api.DELETE('/api/v1/me/identities/{identityId}', { params: { path: { identityId } } })),
  listOf: (id: string) => call(api.GET('/api/v1/users/{id}/identities', { params: { path: { id } } })),
  removeOf: (id: string, identityId: string) =>
    call(api.DELETE('/api/v1/users/{id}/identities/{identityId}', { params: { path: { id, identityId } } })),
};
