import { api } from './client.ts';
import { call } from './errors.ts';
import type { Schemas } from './types.ts';

/** A new picture for an `image` setting (base64 of a PNG or JPEG), checked by the server's bytes. */
export interface ImageUpload {
  contentType: 'image/png' | 'image/jpeg';
  data: string;
}
export type SettingInput = boolean | string | number | ImageUpload;
export type StorageConnectionTest = Schemas['StorageConnectionTest'];

export const settingsApi = {
  get: () => call(api.GET('/api/v1/settings')),
  update: (values: Record<string, SettingInput>) => call(api.PATCH('/api/v1/settings', { body: { values } })),
};

export const mailApi = {
  /** Sends a test e-mail at once with the saved SMTP settings; `to` defaults to the caller. */
  sendTest: (to?: string) => call(api.POST('/api/v1/mail/test', { body: to ? { to } : {} })),
};

export const documentStorageApi = {
  /** Writes, reads back and deletes a probe blob with the saved "Store Invoices In Azure Storage" connection. */
  test: () => call(api.POST('/api/v1/document-storage/test')),
};
