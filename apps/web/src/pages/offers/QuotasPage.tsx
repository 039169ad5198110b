import { Anchor } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { keys } from '../../api/keys.ts';
import { quotasApi } from '../../api/offers.ts';
import { ListView } from '../../components/ListView.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RegionFilter } from './offer-parts.tsx';

/** Administration → Quotas: the admin providers' quotas of every region (platform users). */
export default function QuotasPage() {
  const [regionId, setRegionId] = useState<string | null>(null);
  return (
    <>
      <PageHeader title="Quotas" />
      <ListView
        label="Quotas"
        queryKey={(p) => keys.list('quotas', { ...p, regionId })}
        fetchPage={(p) => quotasApi.list({ ...p, ...(regionId ? { regionId } : {}) })}
        filterKey={{ regionId }}
        rowKey={(q) => q.id}
        defaultSort="name"
        searchLabel="Search quotas"
        emptyTitle="No quotas"
        emptyText="Sync a region to read its quotas."
        filters={<RegionFilter value={regionId} onChange={setRegionId} />}
        columns={[
          {
            key: 'name',
            header: 'Name',
            sortField: 'name',
            render: (q) => (
              <Anchor component={Link} to={`/quotas/${q.id}`}>
                {q.name}
              </Anchor>
            ),
          },
          { key: 'provider', header: 'Provider', render: (q) => q.provider },
          {
            key: 'region',
            header: 'Region',
            render: (q) => `${q.region.name ?? q.region.id} (${q.location})`,
          },
          { key: 'limits', header: 'Limits', render: (q) => String(Object.keys(q.limits).length) },
        ]}
      />
    </>
  );
}
