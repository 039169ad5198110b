import { Anchor, Button, Select } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { keys } from '../../api/keys.ts';
import { pricingApi } from '../../api/pricing.ts';
import { access } from '../../app/access.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { ListView } from '../../components/ListView.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { SCOPE_NAMES, type ScopeType, scopeText } from './pricing-parts.tsx';

/** Administration → Pricing: the price lists of regions, tenants and subscriptions (platform users). */
export default function PriceListsPage() {
  const me = useCurrentMe();
  const [scopeType, setScopeType] = useState<ScopeType | null>(null);
  const createButton = access.pricingCreate(me) && (
    <Button component={Link} to="/pricing/new" leftSection={<IconPlus size={16} aria-hidden />}>
      Create
    </Button>
  );
  return (
    <>
      <PageHeader title="Pricing" actions={createButton} />
      <ListView
        label="Price lists"
        queryKey={(p) => keys.list('priceLists', { ...p, scopeType })}
        fetchPage={(p) => pricingApi.list({ ...p, ...(scopeType ? { scopeType } : {}) })}
        filterKey={{ scopeType }}
        rowKey={(l) => l.id}
        defaultSort="displayName"
        searchLabel="Search price lists"
        emptyTitle="No price lists"
        emptyText="Create a price list for a region, a tenant or a subscription."
        urlState
        filters={
          <Select
            label="Scope"
            placeholder="Any scope"
            clearable
            data={Object.entries(SCOPE_NAMES).map(([value, label]) => ({ value, label }))}
            value={scopeType}
            onChange={(v) => setScopeType(v as ScopeType | null)}
          />
        }
        columns={[
          {
            key: 'name',
            header: 'Name',
            sortField: 'displayName',
            render: (l) => (
              <Anchor component={Link} to={`/pricing/${l.id}`}>
                {l.displayName}
              </Anchor>
            ),
          },
          { key: 'scope', header: 'Scope', render: (l) => scopeText(l) },
          { key: 'currency', header: 'Currency', render: (l) => l.currency },
          {
            key: 'active',
            header: 'Active version',
            render: (l) =>
              l.activeVersion
                ? `Version ${l.activeVersion.version}, from ${l.activeVersion.effectiveFrom}`
                : 'None',
          },
        ]}
      />
    </>
  );
}
