import type { Resource } from '../../api/keys.ts';
import { distributorsApi, partnersApi, tenantsApi } from '../../api/organisations.ts';
import { useLabels } from '../../app/labels.ts';

export type Kind = 'distributor' | 'partner' | 'tenant';

export const KIND: Record<
  Kind,
  {
    resource: Resource & ('distributors' | 'partners' | 'tenants');
    path: string;
  }
> = {
  distributor: { resource: 'distributors', path: '/distributors' },
  partner: { resource: 'partners', path: '/partners' },
  tenant: { resource: 'tenants', path: '/tenants' },
};

/** A level's resource and path with its (renamable) nouns. */
export function useKind(kind: Kind) {
  const noun = useLabels()[kind];
  return { ...KIND[kind], label: noun.singular, plural: noun.plural };
}

export const ORG_API = { distributor: distributorsApi, partner: partnersApi, tenant: tenantsApi };
