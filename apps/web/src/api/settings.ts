import { api } from './client.ts';
import { call } from './errors.ts';

export const settingsApi = {
  get: () => call(api.GET('/api/v1/settings')),
  update: (values: Record<string, boolean | string | number>) =>
    call(api.PATCH('/api/v1/settings', { body: { values } })),
};

export const mailApi = {
  /** Sends a test e-mail at once with the saved SMTP settings; `to` defaults to the caller. */
  sendTest: (to?: string) => call(api.POST('/api/v1/mail/test', { body: to ? { to } : {} })),
};
