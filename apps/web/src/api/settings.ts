import { api } from './client.ts';
import { call } from './errors.ts';

export const settingsApi = {
  get: () => call(api.GET('/api/v1/settings')),
  update: (values: Record<string, boolean | string | number>) =>
    call(api.PATCH('/api/v1/settings', { body: { values } })),
};
