import { Anchor, Badge, Paper, Select, SimpleGrid, Table, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { type EmailLogEntry, type EmailLogFilters, emailLogApi } from '../../api/email-log.ts';
import { keys } from '../../api/keys.ts';
import { access } from '../../app/access.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { FilterButtons, LogResults } from '../../components/FilteredLog.tsx';
import { Timestamp } from '../../components/format.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Pager, usePaging } from '../../components/Pager.tsx';
import { EmptyState } from '../../components/states.tsx';

const PAGE_SIZE = 50;
const ID = /^[a-z]{3}_[0-9a-hjkmnp-tv-z]{26}$/;

const STATUS: Record<EmailLogEntry['status'], { label: string; color: string }> = {
  queued: { label: 'Pending', color: 'gray' },
  sending: { label: 'Sending', color: 'blue' },
  sent: { label: 'Sent', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
};
const STATUS_OPTIONS = (Object.keys(STATUS) as EmailLogEntry['status'][]).map((value) => ({
  value,
  label: STATUS[value].label,
}));

const KINDS: Record<string, string> = {
  invoice: 'Invoice',
  delinquency_notice: 'Delinquency notice',
  invitation: 'Invitation',
  password_reset: 'Password reset',
};

interface Draft {
  status: string | null;
  recipient: string;
  from: string;
  to: string;
  /** Set by a link from the object's page (an invoice's "E-mails sent"), cleared with the rest. */
  relatedId: string;
}

const EMPTY: Draft = { status: null, recipient: '', from: '', to: '', relatedId: '' };

/** Dates are local days: "from" is the start of that day, "to" the end of it, sent as UTC instants. */
function toFilters(d: Draft): EmailLogFilters {
  const day = (value: string, end: boolean) => {
    const date = new Date(`${value}T00:00:00`);
    if (end) date.setDate(date.getDate() + 1);
    return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  };
  return {
    ...(d.status ? { status: d.status as EmailLogEntry['status'] } : {}),
    ...(d.recipient.trim() ? { recipient: d.recipient.trim() } : {}),
    ...(d.from ? { from: day(d.from, false) } : {}),
    ...(d.to ? { to: day(d.to, true) } : {}),
    ...(ID.test(d.relatedId) ? { relatedId: d.relatedId } : {}),
  };
}

function About({ entry }: { entry: EmailLogEntry }) {
  const me = useCurrentMe();
  if (!entry.related) return <Text size="sm">—</Text>;
  if (entry.related.type === 'invoice' && access.invoices(me)) {
    return (
      <Anchor component={Link} to={`/invoices/${entry.related.id}`} size="sm" className="mono">
        {entry.related.id}
      </Anchor>
    );
  }
  return (
    <Text size="sm" className="mono">
      {entry.related.id}
    </Text>
  );
}

/** Administration → E-mail log: what the CMS sent, is sending or gave up on, newest first. */
export default function EmailLogPage() {
  // The applied filters live in the address with the page, so reload and Back keep both.
  const [params, setParams] = useSearchParams();
  const applied: Draft = {
    status: params.get('status'),
    recipient: params.get('recipient') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    relatedId: params.get('relatedId') ?? '',
  };
  const filters = toFilters(applied);
  const [draft, setDraft] = useState<Draft>(applied);
  const paging = usePaging(true);
  const cursor = paging.cursor;
  const query = useQuery({
    queryKey: keys.list('emailLog', { ...filters, cursor }),
    queryFn: () => emailLogApi.list(filters, { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }),
    placeholderData: keepPreviousData,
    // Pending e-mails change on their own: the list follows them while any is on its way.
    refetchInterval: (q) =>
      q.state.data?.items.some((e) => e.status === 'queued' || e.status === 'sending') ? 5_000 : false,
  });
  const apply = (next: Draft) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(next)) if (value?.trim()) search.set(key, value.trim());
    setParams(search);
  };
  const datesInvalid = Boolean(draft.from && draft.to && draft.from > draft.to);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const page = query.data;
  const first = (paging.pageNumber - 1) * PAGE_SIZE + 1;
  return (
    <>
      <PageHeader
        title="E-mail log"
        description="E-mails the CMS sent, is sending or gave up on (invoices, invitations, password resets), newest first."
      />
      <Paper withBorder p="md" mb="md">
        <form
          aria-label="E-mail log filters"
          onSubmit={(event) => {
            event.preventDefault();
            if (!datesInvalid) apply(draft);
          }}
        >
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
            <Select
              label="Status"
              placeholder="Any"
              clearable
              data={STATUS_OPTIONS}
              value={draft.status}
              onChange={(v) => set({ status: v })}
            />
            <TextInput
              label="Recipient"
              placeholder="Part of an address"
              value={draft.recipient}
              onChange={(e) => set({ recipient: e.currentTarget.value })}
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
              error={datesInvalid ? 'Before "From".' : null}
              onChange={(e) => set({ to: e.currentTarget.value })}
            />
          </SimpleGrid>
          {applied.relatedId && (
            <Text size="sm" mt="sm">
              Only e-mails about <span className="mono">{applied.relatedId}</span>.
            </Text>
          )}
          <FilterButtons
            disabled={datesInvalid}
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
        empty={
          <EmptyState title="No e-mails">
            {Object.keys(filters).length > 0
              ? 'Change the filters to see more.'
              : 'The CMS has sent no e-mail yet.'}
          </EmptyState>
        }
      >
        {(page) => (
          <>
            <Table.ScrollContainer minWidth={820}>
              <Table aria-label="E-mails" aria-busy={query.isFetching}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Queued</Table.Th>
                    <Table.Th scope="col">Recipient</Table.Th>
                    <Table.Th scope="col">Subject</Table.Th>
                    <Table.Th scope="col">About</Table.Th>
                    <Table.Th scope="col">Status</Table.Th>
                    <Table.Th scope="col">Attempts</Table.Th>
                    <Table.Th scope="col">Sent</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((entry) => (
                    <Table.Tr key={entry.id}>
                      <Table.Td>
                        <Timestamp value={entry.createdAt} />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{entry.recipient}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs" c="dimmed">
                          {KINDS[entry.kind] ?? entry.kind}
                        </Text>
                        <Text size="sm">{entry.subject}</Text>
                        {entry.attachments.length > 0 && (
                          <Text size="xs" c="dimmed">
                            Attached: {entry.attachments.map((a) => a.filename).join(', ')}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <About entry={entry} />
                      </Table.Td>
                      <Table.Td>
                        <Badge color={STATUS[entry.status].color} variant="dot" size="md">
                          {STATUS[entry.status].label}
                        </Badge>
                        {entry.lastError && entry.status !== 'sent' && (
                          <Text size="xs" c="dimmed" maw={240}>
                            {entry.lastError}
                          </Text>
                        )}
                        {entry.nextAttemptAt && (
                          <Text size="xs" c="dimmed">
                            Next try <Timestamp value={entry.nextAttemptAt} />
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{entry.attempts}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Timestamp value={entry.sentAt} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Pager
              status={
                page.items.length === 0
                  ? 'No more e-mails'
                  : `Showing ${first}–${first + page.items.length - 1}${page.total !== undefined ? ` of ${page.total}` : ''}`
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
