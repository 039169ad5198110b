import { Anchor, Select } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { keys } from '../../api/keys.ts';
import { offersApi } from '../../api/offers.ts';
import { can } from '../../app/access.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { ListView } from '../../components/ListView.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import {
  GoneBadge,
  PUBLICATION_NAMES,
  type Publication,
  PublicationBadge,
  RegionFilter,
  SyncNowButton,
} from './offer-parts.tsx';

/** Administration → Offers: every offer for platform users, the ones published to them for the rest. */
export default function OffersPage() {
  const me = useCurrentMe();
  const platform = can(me, 'regions.list');
  const [regionId, setRegionId] = useState<string | null>(null);
  const [publication, setPublication] = useState<Publication | null>(null);
  return (
    <>
      <PageHeader
        title="Offers"
        actions={
          regionId && can(me, 'regions.syncOffers') ? <SyncNowButton regionId={regionId} /> : undefined
        }
      />
      <ListView
        label="Offers"
        queryKey={(p) => keys.list('offers', { ...p, regionId, publication })}
        fetchPage={(p) =>
          offersApi.list({ ...p, ...(regionId ? { regionId } : {}), ...(publication ? { publication } : {}) })
        }
        filterKey={{ regionId, publication }}
        rowKey={(o) => o.id}
        defaultSort="name"
        searchLabel="Search offers"
        emptyTitle="No offers"
        emptyText={platform ? 'Sync a region to read its offers.' : 'No offer is published to you yet.'}
        filters={
          platform && (
            <>
              <RegionFilter value={regionId} onChange={setRegionId} />
              <Select
                label="Publication"
                placeholder="Any"
                clearable
                data={Object.entries(PUBLICATION_NAMES).map(([value, label]) => ({ value, label }))}
                value={publication}
                onChange={(v) => setPublication(v as Publication | null)}
                w={180}
              />
            </>
          )
        }
        columns={[
          {
            key: 'name',
            header: 'Name',
            sortField: 'name',
            render: (o) => (
              <>
                <Anchor component={Link} to={`/offers/${o.id}`}>
                  {o.displayName}
                </Anchor>{' '}
                <GoneBadge at={o.regionDeletedAt} />
              </>
            ),
          },
          { key: 'region', header: 'Region', render: (o) => o.region.name ?? o.region.id },
          {
            key: 'publication',
            header: 'Publication',
            render: (o) => <PublicationBadge publication={o.publication} />,
          },
          {
            key: 'visibility',
            header: 'Visible to',
            render: (o) =>
              o.visibility === 'all'
                ? 'Everyone'
                : o.visibleTo.length === 0
                  ? 'Nobody chosen'
                  : o.visibleTo.map((v) => v.name).join(', '),
          },
          {
            key: 'plans',
            header: 'Plans',
            render: (o) => `${o.basePlans.length} base, ${o.addonPlans.length} add-on`,
          },
        ]}
      />
    </>
  );
}
