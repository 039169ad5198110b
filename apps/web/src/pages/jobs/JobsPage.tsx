import { Anchor, Paper, Select, SimpleGrid, Table, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { type JobFilters, jobsApi } from '../../api/jobs.ts';
import { keys } from '../../api/keys.ts';
import type { Job } from '../../api/types.ts';
import { FilterButtons, LogResults } from '../../components/FilteredLog.tsx';
import { Timestamp } from '../../components/format.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Pager, usePaging } from '../../components/Pager.tsx';
import { EmptyState } from '../../components/states.tsx';
import { isLive, JOB_STATUS_OPTIONS, JobProgress, JobStatusBadge } from './job-parts.tsx';

const PAGE_SIZE = 50;
const TYPE = /^[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*$/;
const ID = /^[a-z]{3}_[0-9a-hjkmnp-tv-z]{26}$/;

interface Draft {
  type: string;
  status: string | null;
  regionId: string;
}

const EMPTY: Draft = { type: '', status: null, regionId: '' };

function toFilters(d: Draft): JobFilters {
  return {
    ...(d.type.trim() ? { type: d.type.trim() } : {}),
    ...(d.status ? { status: d.status as Job['status'] } : {}),
    ...(d.regionId.trim() ? { regionId: d.regionId.trim() } : {}),
  };
}

/** Administration → Jobs: background work within the user's scope, newest first; refreshes while any runs. */
export default function JobsPage() {
  const [params, setParams] = useSearchParams();
  const applied: Draft = {
    type: params.get('type') ?? '',
    status: params.get('status'),
    regionId: params.get('regionId') ?? '',
  };
  const filters = toFilters(applied);
  const [draft, setDraft] = useState<Draft>(applied);
  const paging = usePaging(true);
  const cursor = paging.cursor;
  const query = useQuery({
    queryKey: keys.list('jobs', { ...filters, cursor }),
    queryFn: () => jobsApi.list(filters, { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.items.some(isLive) ? 5_000 : false),
  });
  const apply = (next: Draft) => {
    const search = new URLSearchParams();
    if (next.type.trim()) search.set('type', next.type.trim());
    if (next.status) search.set('status', next.status);
    if (next.regionId.trim()) search.set('regionId', next.regionId.trim());
    setParams(search);
  };
  const typeError =
    draft.type.trim() && !TYPE.test(draft.type.trim()) ? 'A job type such as usage.collect.' : null;
  const regionError = draft.regionId.trim() && !ID.test(draft.regionId.trim()) ? 'Not an id.' : null;
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const page = query.data;
  return (
    <>
      <PageHeader
        title="Jobs"
        description="Background work such as usage collection: its status, progress and errors, newest first."
      />
      <Paper withBorder p="md" mb="md">
        <form
          aria-label="Job filters"
          onSubmit={(event) => {
            event.preventDefault();
            if (!typeError && !regionError) apply(draft);
          }}
        >
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput
              label="Type"
              placeholder="e.g. usage.collect"
              value={draft.type}
              error={typeError}
              onChange={(e) => set({ type: e.currentTarget.value })}
            />
            <Select
              label="Status"
              placeholder="Any"
              clearable
              data={JOB_STATUS_OPTIONS}
              value={draft.status}
              onChange={(v) => set({ status: v })}
            />
            <TextInput
              label="Region id"
              value={draft.regionId}
              error={regionError}
              onChange={(e) => set({ regionId: e.currentTarget.value })}
            />
          </SimpleGrid>
          <FilterButtons
            disabled={Boolean(typeError || regionError)}
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
          <EmptyState title="No jobs">
            {Object.keys(filters).length > 0
              ? 'Change the filters to see more.'
              : 'No background work has run yet.'}
          </EmptyState>
        }
      >
        {(page) => (
          <>
            <Table.ScrollContainer minWidth={720}>
              <Table aria-label="Jobs" aria-busy={query.isFetching}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Job</Table.Th>
                    <Table.Th scope="col">Status</Table.Th>
                    <Table.Th scope="col">Progress</Table.Th>
                    <Table.Th scope="col">Attempts</Table.Th>
                    <Table.Th scope="col">Started</Table.Th>
                    <Table.Th scope="col">Finished</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((job) => (
                    <Table.Tr key={job.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/jobs/${job.id}`} size="sm" title={job.id}>
                          {job.type}
                        </Anchor>
                        {job.lastError && job.status !== 'succeeded' && (
                          <Text size="xs" c="dimmed" lineClamp={1} maw={280} title={job.lastError}>
                            {job.lastError}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <JobStatusBadge status={job.status} />
                      </Table.Td>
                      <Table.Td>
                        <JobProgress job={job} />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {job.attempts} of {job.maxAttempts}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Timestamp value={job.startedAt} />
                      </Table.Td>
                      <Table.Td>
                        <Timestamp value={job.finishedAt} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Pager
              status={
                page.items.length === 0
                  ? `Page ${paging.pageNumber}: no more jobs`
                  : `Page ${paging.pageNumber} · jobs ${(paging.pageNumber - 1) * PAGE_SIZE + 1}–${(paging.pageNumber - 1) * PAGE_SIZE + page.items.length}${page.nextCursor ? '' : ' (the last)'}`
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
