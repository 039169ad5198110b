import {
  Anchor,
  Group,
  Paper,
  Progress,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { auditApi } from '../../api/audit.ts';
import { keys, type Resource } from '../../api/keys.ts';
import { overviewApi } from '../../api/overview.ts';
import type { Me } from '../../api/types.ts';
import { access } from '../../app/access.ts';
import { lower, roleKeyLabel, useLabels } from '../../app/labels.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { DetailList } from '../../components/DetailList.tsx';
import { personName, Timestamp } from '../../components/format.tsx';
import { getOrganisation } from '../../components/orgs.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyState, ErrorState } from '../../components/states.tsx';

/** Home's figures come in one request, so the page stays within a handful of API calls. */
function useOverview() {
  // Fresh on every visit: any change elsewhere (a new tenant, a cancelled subscription) moves a figure.
  return useQuery({ queryKey: keys.overview, queryFn: overviewApi.get, staleTime: 0 });
}

type OverviewQuery = ReturnType<typeof useOverview>;

function StatCard({
  label,
  to,
  query,
  count,
}: {
  label: string;
  to: string;
  query: OverviewQuery;
  count?: number | null;
}) {
  return (
    <Paper withBorder p="md" component={Link} to={to} style={{ textDecoration: 'none', color: 'inherit' }}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      {query.isError ? (
        <Text c="var(--mantine-color-error)" size="sm" data-state="error" role="alert">
          Could not load
        </Text>
      ) : count === undefined || count === null ? (
        <Skeleton h={34} w={60} mt={4} />
      ) : (
        <Text fz={28} fw={700}>
          {count.toLocaleString()}
        </Text>
      )}
    </Paper>
  );
}

function Counts({ me, query }: { me: Me; query: OverviewQuery }) {
  const labels = useLabels();
  const counts = query.data?.counts;
  const cards = [
    {
      label: labels.distributor.plural,
      to: '/distributors',
      allowed: access.distributors(me),
      count: counts?.distributors,
    },
    { label: labels.partner.plural, to: '/partners', allowed: access.partners(me), count: counts?.partners },
    { label: labels.tenant.plural, to: '/tenants', allowed: access.tenants(me), count: counts?.tenants },
    {
      label: labels.subscription.plural,
      to: '/subscriptions',
      allowed: access.subscriptions(me),
      count: counts?.subscriptions,
    },
    { label: 'Users', to: '/users', allowed: access.users(me), count: counts?.users },
    {
      label: 'Open alerts',
      to: '/alerts?status=open',
      allowed: access.alerts(me),
      count: query.data?.alerts?.open,
    },
  ].filter((c) => c.allowed);
  if (cards.length === 0) return null;
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="md">
      {cards.map((c) => (
        <StatCard key={c.label} label={c.label} to={c.to} query={query} count={c.count} />
      ))}
    </SimpleGrid>
  );
}

const STATUSES = [
  { status: 'active', label: 'Active', color: 'green' },
  { status: 'suspended', label: 'Suspended', color: 'orange' },
  { status: 'cancelled', label: 'Cancelled', color: 'gray' },
] as const;

function SubscriptionStatus({ query }: { query: OverviewQuery }) {
  const labels = useLabels();
  const byStatus = query.data?.subscriptionsByStatus;
  const total = byStatus ? byStatus.active + byStatus.suspended + byStatus.cancelled : 0;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="home-subscriptions">
      <Title order={2} size="h4" mb="sm" id="home-subscriptions">
        {labels.subscription.plural} by status
      </Title>
      {query.isError ? (
        <ErrorState error={query.error} />
      ) : !byStatus ? (
        <Skeleton h={60} />
      ) : total === 0 ? (
        <Text size="sm" c="dimmed">
          No {lower(labels.subscription.plural)} yet.
        </Text>
      ) : (
        <Stack gap="xs">
          <Progress.Root size={18} aria-hidden>
            {STATUSES.map((s) => (
              <Progress.Section key={s.status} value={(byStatus[s.status] / total) * 100} color={s.color} />
            ))}
          </Progress.Root>
          <Group gap="lg">
            {STATUSES.map((s) => (
              <Text key={s.status} size="sm">
                {s.label}: <strong>{byStatus[s.status]}</strong>
              </Text>
            ))}
          </Group>
        </Stack>
      )}
    </Paper>
  );
}

function OwnOrganisation({ me }: { me: Me }) {
  const kind = me.organisation.kind;
  const query = useQuery({
    queryKey: kind === 'platform' ? ['platform'] : keys.detail(`${kind}s` as Resource, me.organisation.id),
    queryFn: () => getOrganisation(kind as 'distributor', me.organisation.id),
    enabled: kind !== 'platform',
  });
  if (kind === 'platform') return null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="home-org">
      <Title order={2} size="h4" mb="sm" id="home-org">
        Your organisation
      </Title>
      {query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : !query.data ? (
        <Skeleton h={60} />
      ) : (
        <DetailList
          items={[
            { label: 'Name', value: query.data.name },
            { label: 'Currency', value: query.data.currency },
            {
              label: 'Main contact',
              value: [query.data.contact.name, query.data.contact.email].filter(Boolean).join(' · '),
            },
            {
              label: 'Administrators',
              value: query.data.administrators?.map((a) => personName(a)).join(', '),
            },
          ]}
        />
      )}
    </Paper>
  );
}

function RecentActivity() {
  const query = useQuery({
    queryKey: keys.list('audit', { recent: true }),
    queryFn: () => auditApi.list({}, { limit: 8 }),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="home-activity">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="home-activity">
          Recent activity
        </Title>
        <Anchor component={Link} to="/audit" size="sm">
          Audit log
        </Anchor>
      </Group>
      {query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : !query.data ? (
        <Skeleton h={120} />
      ) : query.data.items.length === 0 ? (
        <EmptyState title="No activity yet" />
      ) : (
        // Focusable, so a keyboard can scroll it where it is wider than the screen.
        <Table.ScrollContainer
          minWidth={480}
          scrollAreaProps={{
            viewportProps: { tabIndex: 0, role: 'region', 'aria-label': 'Recent activity' },
          }}
        >
          <Table aria-label="Recent activity">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">When</Table.Th>
                <Table.Th scope="col">Who</Table.Th>
                <Table.Th scope="col">Action</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.data.items.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>
                    <Timestamp value={e.occurredAt} />
                  </Table.Td>
                  <Table.Td>{e.actor.kind === 'provider' ? 'Provider staff' : e.actor.name}</Table.Td>
                  <Table.Td>{e.action}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

/** Home: the signed-in user's figures, from the list endpoints' totals. */
export default function HomePage() {
  const me = useCurrentMe();
  const labels = useLabels();
  // The whole name: a first name alone can read as something else ("Welcome, Platform").
  const name = personName(me.user);
  const overview = useOverview();
  return (
    <>
      <PageHeader
        title={`Welcome, ${name}`}
        description={`${roleKeyLabel(me.roleKey, labels)} · ${me.organisation.name}`}
      />
      <Stack gap="lg">
        <Counts me={me} query={overview} />
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
          {access.subscriptions(me) && <SubscriptionStatus query={overview} />}
          <OwnOrganisation me={me} />
        </SimpleGrid>
        {access.audit(me) && <RecentActivity />}
      </Stack>
    </>
  );
}
