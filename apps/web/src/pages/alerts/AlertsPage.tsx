import {
  Badge,
  Button,
  Code,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useSearchParams } from 'react-router';
import { type AlertFilters, alertsApi } from '../../api/alerts.ts';
import { keys } from '../../api/keys.ts';
import type { Alert, Me } from '../../api/types.ts';
import { can } from '../../app/access.ts';
import { type Labels, useLabels } from '../../app/labels.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { DetailList } from '../../components/DetailList.tsx';
import { FilterButtons, LogResults } from '../../components/FilteredLog.tsx';
import { Timestamp } from '../../components/format.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Pager, usePaging } from '../../components/Pager.tsx';
import { EmptyState } from '../../components/states.tsx';

const PAGE_SIZE = 50;
const KIND = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

/** Without a status in the address the page shows what still needs attention. */
const STATUSES = [
  { value: 'unresolved', label: 'Unresolved' },
  { value: 'open', label: 'Open (not acknowledged)' },
  { value: 'acknowledged', label: 'Acknowledged' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'all', label: 'All' },
];
const SEVERITIES = [
  { value: 'critical', label: 'Critical' },
  { value: 'warning', label: 'Warning' },
  { value: 'info', label: 'Information' },
];
const SEVERITY_COLORS: Record<Alert['severity'], string> = {
  critical: 'red.9',
  warning: 'orange.9',
  info: 'blue.8',
};
const STATUS_WORDS: Record<Alert['status'], string> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
};

interface Draft {
  status: string;
  severity: string | null;
  kind: string;
  q: string;
}

function toFilters(d: Draft): AlertFilters {
  return {
    ...(d.status !== 'all' ? { status: d.status as AlertFilters['status'] } : {}),
    ...(d.severity ? { severity: d.severity as AlertFilters['severity'] } : {}),
    ...(d.kind.trim() ? { kind: d.kind.trim() } : {}),
    ...(d.q.trim() ? { q: d.q.trim() } : {}),
  };
}

function subjectOf(alert: Alert, labels: Labels): string {
  if (alert.subscription) return `${labels.subscription.singular} ${alert.subscription.name}`;
  if (alert.organisation) {
    const kind = alert.organisation.kind;
    const noun = kind === 'platform' ? 'Platform' : labels[kind].singular;
    return `${noun} ${alert.organisation.name}`;
  }
  return alert.regionId ? `Region ${alert.regionId}` : 'System';
}

function Actions({ alert, me, onDone }: { alert: Alert; me: Me; onDone: () => void }) {
  if (alert.status === 'resolved') return null;
  return (
    <Group gap="xs" wrap="nowrap">
      {alert.status === 'open' && can(me, 'alerts.acknowledge') && (
        <ConfirmButton
          label="Acknowledge"
          size="xs"
          variant="default"
          color="blue"
          title="Acknowledge this alert?"
          message={`"${alert.title}" stays open and shows that you have seen it. If it gets worse, it asks for attention again.`}
          confirmLabel="Acknowledge"
          success="The alert is acknowledged."
          onConfirm={() => alertsApi.acknowledge(alert.id)}
          onDone={onDone}
        />
      )}
      {can(me, 'alerts.resolve') && (
        <ConfirmButton
          label="Resolve"
          size="xs"
          title="Resolve this alert?"
          message={`Resolve "${alert.title}" only when the condition has been dealt with. If it occurs again, a new alert opens.`}
          confirmLabel="Resolve"
          success="The alert is resolved."
          onConfirm={() => alertsApi.resolve(alert.id)}
          onDone={onDone}
        />
      )}
    </Group>
  );
}

function Details({ alert }: { alert: Alert }) {
  const by = (who: { name: string } | undefined) => who?.name ?? '';
  return (
    <Stack gap="sm">
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {alert.message}
      </Text>
      <DetailList
        items={[
          { label: 'First seen', value: <Timestamp value={alert.firstSeenAt} /> },
          { label: 'Last seen', value: <Timestamp value={alert.lastSeenAt} /> },
          { label: 'Occurrences', value: alert.occurrences.toLocaleString() },
          {
            label: 'Acknowledged',
            value: alert.acknowledged ? (
              <>
                <Timestamp value={alert.acknowledged.at} /> by {by(alert.acknowledged.by)}
              </>
            ) : (
              'No'
            ),
          },
          {
            label: 'Resolved',
            value: alert.resolved ? (
              <>
                <Timestamp value={alert.resolved.at} /> by {by(alert.resolved.by)}
              </>
            ) : (
              'No'
            ),
          },
          { label: 'Kind', value: <span className="mono">{alert.kind}</span> },
          { label: 'Key', value: <span className="mono">{alert.key}</span> },
        ]}
      />
      {alert.details && (
        <div>
          <Text size="xs" fw={600} mb={2}>
            Details
          </Text>
          <Code block>{JSON.stringify(alert.details, null, 2)}</Code>
        </div>
      )}
    </Stack>
  );
}

/** Administration → Alerts: conditions that need attention within the signed-in user's scope. */
export default function AlertsPage() {
  const labels = useLabels();
  const me = useCurrentMe();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const applied: Draft = {
    status: params.get('status') ?? 'unresolved',
    severity: params.get('severity'),
    kind: params.get('kind') ?? '',
    q: params.get('q') ?? '',
  };
  const filters = toFilters(applied);
  const [draft, setDraft] = useState<Draft>(applied);
  const paging = usePaging(true);
  const [open, setOpen] = useState<string | null>(null);
  const cursor = paging.cursor;
  const query = useQuery({
    queryKey: keys.list('alerts', { ...filters, cursor }),
    queryFn: () => alertsApi.list(filters, { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }),
    placeholderData: keepPreviousData,
  });
  const apply = (next: Draft) => {
    const search = new URLSearchParams();
    if (next.status !== 'unresolved') search.set('status', next.status);
    if (next.severity) search.set('severity', next.severity);
    if (next.kind.trim()) search.set('kind', next.kind.trim());
    if (next.q.trim()) search.set('q', next.q.trim());
    setParams(search);
    setOpen(null);
  };
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: keys.all('alerts') });
    void queryClient.invalidateQueries({ queryKey: keys.overview });
  };
  const kindError =
    draft.kind.trim() && !KIND.test(draft.kind.trim()) ? 'A kind such as usage.unknown_meter.' : null;
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const page = query.data;
  return (
    <>
      <PageHeader
        title="Alerts"
        description="Conditions that need attention, newest first. A condition that occurs again updates its alert."
      />
      <Paper withBorder p="md" mb="md">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (!kindError) apply(draft);
          }}
          aria-label="Alert filters"
        >
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
            <Select
              label="Status"
              data={STATUSES}
              value={draft.status}
              allowDeselect={false}
              onChange={(v) => set({ status: v ?? 'unresolved' })}
            />
            <Select
              label="Severity"
              placeholder="Any"
              clearable
              data={SEVERITIES}
              value={draft.severity}
              onChange={(v) => set({ severity: v })}
            />
            <TextInput
              label="Kind"
              placeholder="e.g. usage.unknown_meter"
              value={draft.kind}
              error={kindError}
              onChange={(e) => set({ kind: e.currentTarget.value })}
            />
            <TextInput
              label="Title contains"
              value={draft.q}
              onChange={(e) => set({ q: e.currentTarget.value })}
            />
          </SimpleGrid>
          <FilterButtons
            disabled={Boolean(kindError)}
            onClear={() => {
              const empty = { status: 'unresolved', severity: null, kind: '', q: '' };
              setDraft(empty);
              apply(empty);
            }}
          />
        </form>
      </Paper>
      <LogResults
        query={query}
        page={page}
        pageNumber={paging.pageNumber}
        empty={
          <EmptyState title="No alerts match">
            Nothing needs attention here, or the filters hide it.
          </EmptyState>
        }
      >
        {(page) => (
          <>
            <Table.ScrollContainer minWidth={760}>
              <Table aria-label="Alerts" aria-busy={query.isFetching}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Severity</Table.Th>
                    <Table.Th scope="col">Alert</Table.Th>
                    <Table.Th scope="col">About</Table.Th>
                    <Table.Th scope="col">Last seen</Table.Th>
                    <Table.Th scope="col">Status</Table.Th>
                    <Table.Th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((alert) => (
                    <Fragment key={alert.id}>
                      <Table.Tr>
                        <Table.Td>
                          <Badge color={SEVERITY_COLORS[alert.severity]} variant="light">
                            {SEVERITIES.find((s) => s.value === alert.severity)?.label}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" fw={600}>
                            {alert.title}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {alert.occurrences > 1 ? `${alert.occurrences.toLocaleString()} times · ` : ''}
                            <span className="mono">{alert.kind}</span>
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{subjectOf(alert, labels)}</Text>
                        </Table.Td>
                        <Table.Td>
                          <Timestamp value={alert.lastSeenAt} />
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{STATUS_WORDS[alert.status]}</Text>
                        </Table.Td>
                        <Table.Td>
                          <Group gap="xs" wrap="nowrap">
                            <Button
                              size="xs"
                              variant="subtle"
                              aria-expanded={open === alert.id}
                              aria-controls={`alert-${alert.id}`}
                              onClick={() => setOpen(open === alert.id ? null : alert.id)}
                            >
                              {open === alert.id ? 'Hide' : 'Details'}
                            </Button>
                            <Actions alert={alert} me={me} onDone={refresh} />
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                      {open === alert.id && (
                        <Table.Tr id={`alert-${alert.id}`}>
                          <Table.Td colSpan={6}>
                            <Details alert={alert} />
                          </Table.Td>
                        </Table.Tr>
                      )}
                    </Fragment>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Pager
              status={
                page.items.length === 0
                  ? `Page ${paging.pageNumber}: no more alerts`
                  : `Page ${paging.pageNumber} · alerts ${(paging.pageNumber - 1) * PAGE_SIZE + 1}–${(paging.pageNumber - 1) * PAGE_SIZE + page.items.length}${page.nextCursor ? '' : ' (the last)'}`
              }
              paging={paging}
              nextCursor={page.nextCursor}
            />
          </>
        )}
      </LogResults>
    </>
  );
}
