import { Badge, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { keys } from '../../api/keys.ts';
import { regionsApi } from '../../api/regions.ts';
import { subscriptionsApi } from '../../api/subscriptions.ts';
import type { PriceListSummary, PriceListVersionSummary } from '../../api/types.ts';
import { OrganisationSelect } from '../../components/orgs.tsx';
import { RemoteSelect } from '../../components/RemoteSelect.tsx';

export type ScopeType = PriceListSummary['scopeType'];
export type VersionState = PriceListVersionSummary['state'];

export const SCOPE_NAMES: Record<ScopeType, string> = {
  region: 'Region',
  tenant: 'Tenant',
  subscription: 'Subscription override',
};

const STATE_COLOURS: Record<VersionState, string> = { draft: 'gray', active: 'green', superseded: 'orange' };
const STATE_NAMES: Record<VersionState, string> = {
  draft: 'Draft',
  active: 'Active',
  superseded: 'Superseded',
};

export function VersionStateBadge({ state }: { state: VersionState }) {
  return (
    // A dot badge keeps the text in the theme's AA colours (a light badge's green on green is 3.8:1).
    <Badge color={STATE_COLOURS[state]} variant="dot" size="md">
      {STATE_NAMES[state]}
    </Badge>
  );
}

/** "Region: West Europe", "Subscription override: Web shop". */
export function scopeText(
  list: Pick<PriceListSummary, 'scopeType' | 'scopeName' | 'regionId' | 'tenantId' | 'subscriptionId'>,
) {
  const id = list.regionId ?? list.tenantId ?? list.subscriptionId;
  return `${SCOPE_NAMES[list.scopeType]}: ${list.scopeName ?? id}`;
}

export interface ScopeValues {
  scopeType: ScopeType;
  scopeId: string | null;
}

/** The scope body fields of a create or clone: the id under the field its type names. */
export function scopeBody(values: ScopeValues) {
  const id = values.scopeId ?? undefined;
  return {
    scopeType: values.scopeType,
    ...(values.scopeType === 'region' ? { regionId: id } : {}),
    ...(values.scopeType === 'tenant' ? { tenantId: id } : {}),
    ...(values.scopeType === 'subscription' ? { subscriptionId: id } : {}),
  };
}

/** Picks a scope: a region (from the region list), a tenant, or a subscription (searched). */
export function ScopeFields({
  value,
  onChange,
  error,
}: {
  value: ScopeValues;
  onChange: (value: ScopeValues) => void;
  error?: React.ReactNode;
}) {
  const regions = useQuery({
    queryKey: keys.list('regions', { limit: 200, purpose: 'pricing' }),
    queryFn: () => regionsApi.list({ limit: 200, sort: 'name' }),
    enabled: value.scopeType === 'region',
  });
  return (
    <Stack gap="xs">
      <div>
        <Text size="sm" fw={500} id="scope-type-label" mb={4}>
          Scope
        </Text>
        <SegmentedControl
          aria-labelledby="scope-type-label"
          value={value.scopeType}
          onChange={(v) => onChange({ scopeType: v as ScopeType, scopeId: null })}
          data={[
            { label: 'Region', value: 'region' },
            { label: 'Tenant', value: 'tenant' },
            { label: 'Subscription', value: 'subscription' },
          ]}
        />
      </div>
      {value.scopeType === 'region' && (
        <Select
          label="Region"
          required
          searchable
          data={(regions.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }))}
          value={value.scopeId}
          onChange={(id) => onChange({ ...value, scopeId: id })}
          error={error}
          nothingFoundMessage={regions.isFetching ? 'Loading…' : 'No regions'}
        />
      )}
      {value.scopeType === 'tenant' && (
        <OrganisationSelect
          kind="tenant"
          label="Tenant"
          required
          value={value.scopeId}
          onChange={(id) => onChange({ ...value, scopeId: id })}
          error={error}
        />
      )}
      {value.scopeType === 'subscription' && (
        <RemoteSelect
          cacheKey={['subscriptions', 'options']}
          label="Subscription"
          description="An override in its tenant's currency; its items beat the tenant's and the region's"
          required
          value={value.scopeId}
          onChange={(id) => onChange({ ...value, scopeId: id })}
          search={(q) =>
            subscriptionsApi
              .list({ q, limit: 20, sort: 'name' })
              .then((page) => page.items.map((s) => ({ value: s.id, label: s.name })))
          }
          lookup={(id) => subscriptionsApi.get(id).then((s) => ({ value: s.id, label: s.name }))}
          placeholder="Search subscriptions"
          error={error}
        />
      )}
    </Stack>
  );
}
