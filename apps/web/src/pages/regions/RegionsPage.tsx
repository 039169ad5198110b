import { Anchor, Badge, Button, Select, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { keys } from '../../api/keys.ts';
import { regionsApi } from '../../api/regions.ts';
import type { Region } from '../../api/types.ts';
import { access } from '../../app/access.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { Timestamp } from '../../components/format.tsx';
import { ListView } from '../../components/ListView.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { IDENTITY_NAMES, KIND_NAMES, type RegionKind } from './RegionFields.tsx';

/** The outcome of the region's last collection, as the list shows it. */
export function RunStatus({ region }: { region: Region }) {
  if (region.kind === 'import') return <Text size="sm">—</Text>;
  if (region.lastRunAt === null)
    return (
      <Badge color="gray" variant="dot">
        Not run yet
      </Badge>
    );
  const failed = region.lastErrorAt !== null && region.lastErrorAt >= (region.lastSuccessAt ?? '');
  return (
    <Badge
      color={failed ? 'red' : 'green'}
      variant="dot"
      title={failed ? (region.lastError ?? undefined) : undefined}
    >
      {failed ? 'Failed' : 'Succeeded'}
    </Badge>
  );
}

/** Administration → Regions: the stamps whose usage is collected, and the import sources. */
export default function RegionsPage() {
  const me = useCurrentMe();
  const [kind, setKind] = useState<RegionKind | null>(null);
  const createButton = access.regionCreate(me) && (
    <Button component={Link} to="/regions/new" leftSection={<IconPlus size={16} aria-hidden />}>
      Create
    </Button>
  );
  return (
    <>
      <PageHeader title="Regions" actions={createButton} />
      <ListView
        label="Regions"
        queryKey={(p) => keys.list('regions', { ...p, kind })}
        fetchPage={(p) => regionsApi.list({ ...p, ...(kind ? { kind } : {}) })}
        filterKey={{ kind }}
        rowKey={(r) => r.id}
        defaultSort="name"
        searchLabel="Search regions"
        emptyTitle="No regions yet"
        emptyAction={createButton || undefined}
        filters={
          <Select
            label="Kind"
            placeholder="Any kind"
            clearable
            data={[
              { value: 'azure_stack', label: KIND_NAMES.azure_stack },
              { value: 'import', label: KIND_NAMES.import },
            ]}
            value={kind}
            onChange={(v) => setKind(v as RegionKind | null)}
            w={200}
          />
        }
        columns={[
          {
            key: 'name',
            header: 'Name',
            sortField: 'name',
            render: (r) => (
              <Anchor component={Link} to={`/regions/${r.id}`}>
                {r.name}
              </Anchor>
            ),
          },
          { key: 'kind', header: 'Kind', render: (r) => KIND_NAMES[r.kind] },
          { key: 'timeZone', header: 'Time zone', render: (r) => r.timeZone },
          {
            key: 'identity',
            header: 'Identity system',
            render: (r) => (r.identitySystem ? IDENTITY_NAMES[r.identitySystem] : '—'),
          },
          { key: 'lastRun', header: 'Last run', render: (r) => <Timestamp value={r.lastRunAt} /> },
          { key: 'status', header: 'Status', render: (r) => <RunStatus region={r} /> },
        ]}
      />
    </>
  );
}
