import type { Resource } from '../../api/keys.ts';
import { distributorsApi, partnersApi, tenantsApi } from '../../api/organisations.ts';

export type Kind = 'distributor' | 'partner' | 'tenant';

export const KIND: Record<
  Kind,
  {
    resource: Resource & ('distributors' | 'partners' | 'tenants');
    label: string;
    plural: string;
    path: string;
  }
> = {
  distributor: {
    resource: 'distributors',
    label: 'Distributor',
    plural: 'Distributors',
    path: '/distributors',
  },
  partner: { resource: 'partners', label: 'Partner', plural: 'Partners', path: '/partners' },
  tenant: { resource: 'tenants', label: 'Tenant', plural: 'Tenants', path: '/tenants' },
};

export const ORG_API = { distributor: distributorsApi, partner: partnersApi, tenant: tenantsApi };
