import { Anchor } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { keys } from '../../api/keys.ts';
import { plansApi } from '../../api/offers.ts';
import { ListView } from '../../components/ListView.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RegionFilter } from './offer-parts.tsx';

/** Administration → Plans: the plans of every region (platform users). */
export default function PlansPage() {
  const [regionId, setRegionId] = useState<string | null>(null);
  return (
    <>
      <PageHeader title="Plans" />
      <ListView
        label="Plans"
        queryKey={(p) => keys.list('plans', { ...p, regionId })}
        fetchPage={(p) => plansApi.list({ ...p, ...(regionId ? { regionId } : {}) })}
        filterKey={{ regionId }}
        rowKey={(p) => p.id}
        defaultSort="name"
        searchLabel="Search plans"
        emptyTitle="No plans"
        emptyText="Sync a region to read its plans."
        filters={<RegionFilter value={regionId} onChange={setRegionId} />}
        columns={[
          {
            key: 'name',
            header: 'Name',
            sortField: 'name',
            render: (p) => (
              <Anchor component={Link} to={`/plans/${p.id}`}>
                {p.displayName}
              </Anchor>
            ),
          },
          { key: 'region', header: 'Region', render: (p) => p.region.name ?? p.region.id },
          {
            key: 'quotas',
            header: 'Quotas',
            render: (p) =>
              p.quotas.map((q) => q.provider.replace(/^Microsoft\.|\.Admin$/g, '')).join(', ') || '—',
          },
          { key: 'subscriptions', header: 'Subscriptions', render: (p) => String(p.subscriptionCount) },
        ]}
      />
    </>
  );
}
