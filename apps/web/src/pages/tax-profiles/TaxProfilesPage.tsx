import { Anchor, Badge, Button, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { taxProfilesApi } from '../../api/billing.ts';
import { keys } from '../../api/keys.ts';
import type { TaxProfile } from '../../api/types.ts';
import { access } from '../../app/access.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { ListView } from '../../components/ListView.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';

/** The rates in effect today, per name (the latest effective date on or before today). */
export function currentRates(profile: TaxProfile, today = new Date().toISOString().slice(0, 10)): string {
  if (profile.exempt) return 'Exempt';
  const latest = new Map<string, string>();
  for (const rate of profile.rates) if (rate.effectiveFrom <= today) latest.set(rate.name, rate.percentage);
  return latest.size === 0
    ? 'None in effect yet'
    : [...latest].map(([name, percentage]) => `${name} ${percentage}%`).join(', ');
}

/** Administration → Tax Profiles: named rates with effective dates, or exempt. */
export default function TaxProfilesPage() {
  const me = useCurrentMe();
  const createButton = access.taxProfileCreate(me) && (
    <Button component={Link} to="/tax-profiles/new" leftSection={<IconPlus size={16} aria-hidden />}>
      Create
    </Button>
  );
  return (
    <>
      <PageHeader
        title="Tax Profiles"
        description="A tenant without a profile of its own is taxed by the Default Tax Profile (System Settings → Billing)."
        actions={createButton}
      />
      <ListView<TaxProfile>
        label="Tax profiles"
        queryKey={(p) => keys.list('taxProfiles', p)}
        fetchPage={(p) => taxProfilesApi.list(p)}
        rowKey={(r) => r.id}
        defaultSort="name"
        searchLabel="Search tax profiles"
        emptyTitle="No tax profiles yet"
        emptyAction={createButton || undefined}
        columns={[
          {
            key: 'name',
            header: 'Name',
            sortField: 'name',
            render: (r) => (
              <Anchor component={Link} to={`/tax-profiles/${r.id}`}>
                {r.name}
              </Anchor>
            ),
          },
          { key: 'rates', header: 'Rates today', render: (r) => <Text size="sm">{currentRates(r)}</Text> },
          {
            key: 'default',
            header: 'Default',
            render: (r) =>
              r.isDefault ? (
                <Badge variant="light" color="blue">
                  Default
                </Badge>
              ) : (
                '—'
              ),
          },
          { key: 'tenants', header: 'Tenants', render: (r) => r.tenantCount },
        ]}
      />
    </>
  );
}
