import {
  Anchor,
  Button,
  Code,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { type AuditFilters, auditApi } from '../../api/audit.ts';
import { keys } from '../../api/keys.ts';
import type { AuditEvent, Me } from '../../api/types.ts';
import { access } from '../../app/access.ts';
import { type Labels, useLabels } from '../../app/labels.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { FilterButtons, LogResults } from '../../components/FilteredLog.tsx';
import { Timestamp } from '../../components/format.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Pager, usePaging } from '../../components/Pager.tsx';
import { EmptyState } from '../../components/states.tsx';
import { actionWords, objectWords } from './audit-words.ts';

const targetTypes = (labels: Labels) => [
  { value: 'distributor', label: labels.distributor.singular },
  { value: 'partner', label: labels.partner.singular },
  { value: 'tenant', label: labels.tenant.singular },
  { value: 'subscription', label: labels.subscription.singular },
  { value: 'platform', label: 'Platform' },
  { value: 'user', label: 'User' },
  { value: 'apiToken', label: 'API token' },
  { value: 'setting', label: 'Setting' },
  { value: 'identityProvider', label: 'Identity provider' },
];

const ID = /^[a-z]{3}_[0-9a-hjkmnp-tv-z]{26}$/;
const PAGE_SIZE = 50;

interface Draft {
  action: string;
  targetType: string | null;
  targetId: string;
  actorUserId: string;
  from: string;
  to: string;
}

const EMPTY: Draft = { action: '', targetType: null, targetId: '', actorUserId: '', from: '', to: '' };

/** Dates are local days: "from" is the start of that day, "to" the end of it, sent as UTC instants. */
function toFilters(d: Draft): AuditFilters {
  const day = (value: string, end: boolean) => {
    const date = new Date(`${value}T00:00:00`);
    if (end) date.setDate(date.getDate() + 1);
    return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  };
  return {
    ...(d.action.trim() ? { action: d.action.trim() } : {}),
    ...(d.targetType ? { targetType: d.targetType } : {}),
    ...(d.targetId.trim() ? { targetId: d.targetId.trim() } : {}),
    ...(d.actorUserId.trim() ? { actorUserId: d.actorUserId.trim() } : {}),
    ...(d.from ? { from: day(d.from, false) } : {}),
    ...(d.to ? { to: day(d.to, true) } : {}),
  };
}

const TARGET_PATHS: Record<string, string> = {
  distributor: '/distributors',
  partner: '/partners',
  tenant: '/tenants',
  subscription: '/subscriptions',
  user: '/users',
};

function Target({ event, me }: { event: AuditEvent; me: Me }) {
  const labels = useLabels();
  const path = TARGET_PATHS[event.targetType];
  const allowed =
    event.targetType === 'distributor'
      ? access.distributors(me)
      : event.targetType === 'partner'
        ? access.partners(me)
        : event.targetType === 'tenant'
          ? access.tenants(me)
          : event.targetType === 'subscription'
            ? access.subscriptions(me)
            : event.targetType === 'user'
              ? access.users(me)
              : false;
  // The object's name, its id on hover (and in Details); an object out of sight shows its id.
  const name = event.targetName ?? event.targetId;
  const title = `${objectWords(event.targetType, labels)} ${event.targetId}`;
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {objectWords(event.targetType, labels)}
      </Text>
      {path && allowed && ID.test(event.targetId) && !event.action.endsWith('.delete') ? (
        <Anchor
          component={Link}
          to={`${path}/${event.targetId}`}
          size="sm"
          title={title}
          className={event.targetName ? undefined : 'mono'}
        >
          {name}
        </Anchor>
      ) : (
        <Text size="sm" title={title} className={event.targetName ? undefined : 'mono'}>
          {name}
        </Text>
      )}
    </Stack>
  );
}

function Actor({ event }: { event: AuditEvent }) {
  if (event.actor.kind === 'provider') return <Text size="sm">Provider staff</Text>;
  if (event.actor.kind === 'system') return <Text size="sm">System</Text>;
  return (
    <Stack gap={0}>
      <Text size="sm">{event.actor.name}</Text>
      {event.actor.email && (
        <Text size="xs" c="dimmed">
          {event.actor.email}
        </Text>
      )}
    </Stack>
  );
}

function Changes({ event }: { event: AuditEvent }) {
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
      <div>
        <Text size="xs" fw={600} mb={2}>
          Before
        </Text>
        <Code block>{event.before ? JSON.stringify(event.before, null, 2) : '—'}</Code>
      </div>
      <div>
        <Text size="xs" fw={600} mb={2}>
          After
        </Text>
        <Code block>{event.after ? JSON.stringify(event.after, null, 2) : '—'}</Code>
      </div>
      <Text size="xs" c="dimmed">
        Action <span className="mono">{event.action}</span> · object{' '}
        <span className="mono">{event.targetId}</span> · request id{' '}
        <span className="mono">{event.requestId ?? '—'}</span>
        {event.userAgent ? ` · ${event.userAgent}` : ''}
      </Text>
    </SimpleGrid>
  );
}

/** Settings → Audit log: every change within the signed-in user's scope, filterable, exportable as CSV. */
export default function AuditPage() {
  const labels = useLabels();
  const me = useCurrentMe();
  // The applied filters live in the address with the page, so reload and Back keep both.
  const [params, setParams] = useSearchParams();
  const applied: Draft = {
    action: params.get('action') ?? '',
    targetType: params.get('targetType'),
    targetId: params.get('targetId') ?? '',
    actorUserId: params.get('actorUserId') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
  };
  const filters = toFilters(applied);
  const [draft, setDraft] = useState<Draft>(applied);
  const paging = usePaging(true);
  const [open, setOpen] = useState<string | null>(null);
  const cursor = paging.cursor;
  const query = useQuery({
    queryKey: keys.list('audit', { ...filters, cursor }),
    queryFn: () => auditApi.list(filters, { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }),
    placeholderData: keepPreviousData,
  });
  const apply = (next: Draft) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(next)) if (value?.trim()) search.set(key, value.trim());
    setParams(search);
    setOpen(null);
  };
  const idError = (v: string) => (v.trim() && !ID.test(v.trim()) ? 'Not an id (e.g. ten_01…).' : null);
  const invalid = Boolean(idError(draft.targetId) || idError(draft.actorUserId));
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const page = query.data;
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who changed what, when and from where — newest first."
        actions={
          <Button
            component="a"
            href={auditApi.exportUrl(filters)}
            download
            variant="default"
            leftSection={<IconDownload size={16} aria-hidden />}
          >
            Export CSV
          </Button>
        }
      />
      <Paper withBorder p="md" mb="md">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (!invalid) apply(draft);
          }}
          aria-label="Audit log filters"
        >
          <SimpleGrid cols={{ base: 1, sm: 3, lg: 6 }} spacing="sm">
            <TextInput
              label="Action"
              placeholder="e.g. tenant.update"
              value={draft.action}
              onChange={(e) => set({ action: e.currentTarget.value })}
            />
            <Select
              label="Object type"
              placeholder="Any"
              clearable
              data={targetTypes(labels)}
              value={draft.targetType}
              onChange={(v) => set({ targetType: v })}
            />
            <TextInput
              label="Object id"
              value={draft.targetId}
              error={idError(draft.targetId)}
              onChange={(e) => set({ targetId: e.currentTarget.value })}
            />
            <TextInput
              label="User id"
              value={draft.actorUserId}
              error={idError(draft.actorUserId)}
              onChange={(e) => set({ actorUserId: e.currentTarget.value })}
            />
            <TextInput
              label="From"
              type="date"
              value={draft.from}
              onChange={(e) => set({ from: e.currentTarget.value })}
            />
            <TextInput
              label="To"
              type="date"
              value={draft.to}
              onChange={(e) => set({ to: e.currentTarget.value })}
            />
          </SimpleGrid>
          <FilterButtons
            disabled={invalid}
            onClear={() => {
              setDraft(EMPTY);
              apply(EMPTY);
            }}
          />
        </form>
      </Paper>
      <LogResults
        query={query}
        page={page}
        pageNumber={paging.pageNumber}
        empty={<EmptyState title="No audit events match">Change the filters to see more.</EmptyState>}
      >
        {(page) => (
          <>
            <Table.ScrollContainer minWidth={760}>
              <Table aria-label="Audit events" aria-busy={query.isFetching}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">When</Table.Th>
                    <Table.Th scope="col">Who</Table.Th>
                    <Table.Th scope="col">Action</Table.Th>
                    <Table.Th scope="col">Object</Table.Th>
                    <Table.Th scope="col">From</Table.Th>
                    <Table.Th scope="col">
                      <span className="visually-hidden">Details</span>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((event) => (
                    <Fragment key={event.id}>
                      <Table.Tr>
                        <Table.Td>
                          <Timestamp value={event.occurredAt} />
                        </Table.Td>
                        <Table.Td>
                          <Actor event={event} />
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" title={event.action}>
                            {actionWords(event.action, labels)}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Target event={event} me={me} />
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{event.ip ?? '—'}</Text>
                        </Table.Td>
                        <Table.Td>
                          <Button
                            size="xs"
                            variant="subtle"
                            aria-expanded={open === event.id}
                            aria-controls={`audit-${event.id}`}
                            onClick={() => setOpen(open === event.id ? null : event.id)}
                          >
                            {open === event.id ? 'Hide' : 'Details'}
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                      {open === event.id && (
                        <Table.Tr id={`audit-${event.id}`}>
                          <Table.Td colSpan={6}>
                            <Changes event={event} />
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
                  ? `Page ${paging.pageNumber}: no more events`
                  : `Page ${paging.pageNumber} · events ${(paging.pageNumber - 1) * PAGE_SIZE + 1}–${(paging.pageNumber - 1) * PAGE_SIZE + page.items.length}${page.nextCursor ? '' : ' (the last)'}`
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
