import { createContext, useContext } from 'react';
import type { EffectiveBranding } from '../api/branding.ts';
import { DEFAULT_LABELS } from './labels.ts';

export type Brand = Omit<EffectiveBranding, 'labels'>;

export const DEFAULT_BRAND: Brand = {
  name: 'Azure Stack Hub CMS',
  primaryColor: '#1971c2',
  logoLightUrl: null,
  logoDarkUrl: null,
  supportEmail: null,
  supportUrl: null,
};

/** The effective branding (GET /api/v1/branding): the caller's partner's, else the platform's. */
export const BrandContext = createContext<Brand>(DEFAULT_BRAND);

export function useBrand(): Brand {
  return useContext(BrandContext);
}

export const DEFAULT_BRANDING: EffectiveBranding = { ...DEFAULT_BRAND, labels: DEFAULT_LABELS };
