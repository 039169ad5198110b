import { api } from './client.ts';
import { call } from './errors.ts';
import type { Body } from './types.ts';

export const apiTokensApi = {
  list: () => call(api.GET('/api/v1/api-tokens')),
  create: (body: Body<'apiTokens.create'>) => call(api.POST('/api/v1/api-tokens', { body })),
  revoke: (id: string) => call(api.DELETE('/api/v1/api-tokens/{id}', { params: { path: { id } } })),
};
