import { Anchor, Button, Select } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { keys } from '../../api/keys.ts';
import { type SubscriptionStatus, subscriptionsApi } from '../../api/subscriptions.ts';
import { above, access } from '../../app/access.ts';
import { lower, useLabels } from '../../app/labels.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { StatusBadge, Timestamp } from '../../components/format.tsx';
import { ListView } from '../../components/ListView.tsx';
import { OrganisationSelect, OrgName } from '../../components/orgs.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';

/** Administration → Subscriptions. */
export default function SubscriptionsPage() {
  const labels = useLabels();
  const me = useCurrentMe();
  const [status, setStatus] = useState<SubscriptionStatus | null>(null);
  const [tenantId, setTenantId] = useState<string | null>(null);
  const showTenant = above(me, 'tenant');
  const createButton = access.subscriptionCreate(me) && (
    <Button component={Link} to="/subscriptions/new" leftSection={<IconPlus size={16} aria-hidden />}>
      Create
    </Button>
  );
  const filters = { status, tenantId };
  return (
    <>
      <PageHeader title={labels.subscription.plural} actions={createButton} />
      <ListView
        label={labels.subscription.plural}
        queryKey={(p) => keys.list('subscriptions', { ...p, ...filters })}
        fetchPage={(p) =>
          subscriptionsApi.list({ ...p, ...(status ? { status } : {}), ...(tenantId ? { tenantId } : {}) })
        }
        filterKey={filters}
        rowKey={(r) => r.id}
        defaultSort="name"
        searchLabel={`Search ${lower(labels.subscription.plural)}`}
        emptyTitle={`No ${lower(labels.subscription.plural)} yet`}
        emptyAction={createButton || undefined}
        filters={
          <>
            <Select
              label="Status"
              placeholder="Any status"
              clearable
              data={[
                { value: 'active', label: 'Active' },
                { value: 'suspended', label: 'Suspended' },
                { value: 'cancelled', label: 'Cancelled' },
              ]}
              value={status}
              onChange={(v) => setStatus(v as SubscriptionStatus | null)}
              w={180}
            />
            {showTenant && (
              <div style={{ width: 260 }}>
                <OrganisationSelect
                  kind="tenant"
                  label={labels.tenant.singular}
                  value={tenantId}
                  onChange={setTenantId}
                />
              </div>
            )}
          </>
        }
        columns={[
          {
            key: 'name',
            header: 'Name',
            sortField: 'name',
            render: (r) => (
              <Anchor component={Link} to={`/subscriptions/${r.id}`}>
                {r.name}
              </Anchor>
            ),
          },
          ...(showTenant
            ? [
                {
                  key: 'tenant',
                  header: labels.tenant.singular,
                  render: (r: { tenantId: string }) => <OrgName id={r.tenantId} me={me} />,
                },
              ]
            : []),
          { key: 'status', header: 'Status', render: (r) => <StatusBadge status={r.status} /> },
          { key: 'owner', header: 'Initial owner', render: (r) => r.initialOwner ?? '—' },
          {
            key: 'created',
            header: 'Created',
            sortField: 'createdAt',
            render: (r) => <Timestamp value={r.createdAt} />,
          },
        ]}
      />
    </>
  );
}
