import { api } from './client.ts';
import { call } from './errors.ts';

/** Home's figures in one request (GET /api/v1/overview). */
export const overviewApi = {
  get: () => call(api.GET('/api/v1/overview')),
};
