import { api } from './client.ts';
import { call } from './errors.ts';
import type { Body, Schemas } from './types.ts';

export type EffectiveBranding = Schemas['EffectiveBranding'];
export type Branding = Schemas['Branding'];
export type BrandingUpdate = Body<'partners.brandingUpdate'>;
export type LogoUpload = Schemas['LogoUploadInput'];

export const brandingApi = {
  effective: () => call(api.GET('/api/v1/branding')),
  platform: () => call(api.GET('/api/v1/branding/platform')),
  updatePlatform: (body: Body<'branding.platformUpdate'>) =>
    call(api.PATCH('/api/v1/branding/platform', { body })),
  partner: (id: string) => call(api.GET('/api/v1/partners/{id}/branding', { params: { path: { id } } })),
  updatePartner: (id: string, body: BrandingUpdate) =>
    call(api.PATCH('/api/v1/partners/{id}/branding', { params: { path: { id } }, body })),
};
