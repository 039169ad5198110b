import { Checkbox, Group, Paper, Table, TextInput, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconChevronDown, IconChevronUp, IconSearch, IconSelector } from '@tabler/icons-react';
import { keepPreviousData, type QueryKey, useQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { ListParams, Page } from '../api/types.ts';
import { Pager, usePaging } from './Pager.tsx';
import { EmptyState, ErrorState, LoadingState } from './states.tsx';

export interface Column<T> {
  key: string;
  header: string;
  /** The API's sort field for this column, when it can be sorted. */
  sortField?: string;
  render: (row: T) => ReactNode;
}

interface ListViewProps<T> {
  /** Accessible name of the table, e.g. "Tenants". */
  label: string;
  queryKey: (params: ListParams) => QueryKey;
  fetchPage: (params: ListParams) => Promise<Page<T>>;
  columns: Column<T>[];
  rowKey: (row: T) => string;
  defaultSort: string;
  /** Shown as the search box label; no search box without it. */
  searchLabel?: string;
  emptyTitle: string;
  emptyText?: ReactNode;
  emptyAction?: ReactNode;
  /** Extra filter controls beside the search box. */
  filters?: ReactNode;
  /** Values of those filters: a change goes back to the first page. */
  filterKey?: unknown;
  pageSize?: number;
  /** Keep search and sort in the URL (top-level list pages). */
  urlState?: boolean;
  /** Draw its own border (off when it sits inside another panel). */
  bordered?: boolean;
  /** Rows can be selected (a checkbox each, and one for the page); the caller keeps the selection. */
  selection?: {
    selected: ReadonlyMap<string, T>;
    onChange: (selected: Map<string, T>) => void;
    /** The accessible name of a row's checkbox, e.g. "Select Contoso". */
    rowLabel: (row: T) => string;
  };
  /** Told the search and sort in effect, e.g. for an export of the whole list. */
  onParamsChange?: (params: { q: string; sort: string }) => void;
}

function useListState(urlState: boolean, defaultSort: string) {
  const [params, setParams] = useSearchParams();
  const [local, setLocal] = useState({ q: '', sort: defaultSort });
  if (!urlState) {
    return {
      q: local.q,
      sort: local.sort,
      setQ: (q: string) => setLocal((s) => ({ ...s, q })),
      setSort: (sort: string) => setLocal((s) => ({ ...s, sort })),
    };
  }
  const update = (name: string, value: string, fallback: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value === fallback) next.delete(name);
        else next.set(name, value);
        return next;
      },
      { replace: true },
    );
  return {
    q: params.get('q') ?? '',
    sort: params.get('sort') ?? defaultSort,
    setQ: (q: string) => update('q', q, ''),
    setSort: (sort: string) => update('sort', sort, defaultSort),
  };
}

/**
 * A server-side paged, searchable, sortable table. Pages are keyset cursors, so "previous" walks
 * back through a stack of the cursors seen; a new search, sort or filter starts again at page 1.
 */
export function ListView<T>({
  label,
  queryKey,
  fetchPage,
  columns,
  rowKey,
  defaultSort,
  searchLabel,
  emptyTitle,
  emptyText,
  emptyAction,
  filters,
  filterKey,
  pageSize = 25,
  urlState = true,
  bordered = true,
  selection,
  onParamsChange,
}: ListViewProps<T>) {
  const state = useListState(urlState, defaultSort);
  const [search, setSearch] = useState(state.q);
  const [debounced] = useDebouncedValue(search, 300);
  const paging = usePaging(urlState);
  const resetKey = JSON.stringify([state.q, state.sort, filterKey ?? null]);
  const lastResetKey = useRef(resetKey);

  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new search text updates the list
  useEffect(() => {
    if (debounced !== state.q) state.setQ(debounced);
  }, [debounced]);
  // A new search, sort or filter starts at page 1; the first render keeps the page of the address.
  // biome-ignore lint/correctness/useExhaustiveDependencies: resetKey is the trigger
  useEffect(() => {
    if (lastResetKey.current === resetKey) return;
    lastResetKey.current = resetKey;
    paging.reset();
  }, [resetKey]);

  const cursor = paging.cursor;
  const params: ListParams = useMemo(
    () => ({
      limit: pageSize,
      sort: state.sort,
      includeTotal: true,
      ...(state.q.trim() ? { q: state.q.trim() } : {}),
      ...(cursor ? { cursor } : {}),
    }),
    [pageSize, state.sort, state.q, cursor],
  );
  const query = useQuery({
    queryKey: queryKey(params),
    queryFn: () => fetchPage(params),
    placeholderData: keepPreviousData,
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new search or sort is news
  useEffect(() => onParamsChange?.({ q: state.q.trim(), sort: state.sort }), [state.q, state.sort]);

  const toggleSort = (field: string) => {
    state.setSort(state.sort === field ? `-${field}` : field);
  };

  const page = query.data;
  const pageNumber = paging.pageNumber;
  // A later page that came back empty (its rows were moved or deleted) gives way to the first.
  const emptyLaterPage = pageNumber > 1 && !query.isFetching && page?.items.length === 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the empty page is the trigger
  useEffect(() => {
    if (emptyLaterPage) paging.reset();
  }, [emptyLaterPage]);
  const first = (pageNumber - 1) * pageSize + 1;

  return (
    <Paper withBorder={bordered} p={bordered ? 'md' : 0}>
      {(searchLabel || filters) && (
        <Group mb="md" align="flex-end" gap="sm" wrap="wrap">
          {searchLabel && (
            <TextInput
              label={searchLabel}
              type="search"
              value={search}
              onChange={(event) => setSearch(event.currentTarget.value)}
              leftSection={<IconSearch size={16} aria-hidden />}
              w={{ base: '100%', sm: 320 }}
            />
          )}
          {filters}
        </Group>
      )}
      {query.isPending ? (
        <LoadingState />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : page && page.items.length === 0 && pageNumber === 1 ? (
        <EmptyState
          title={state.q ? `Nothing matches “${state.q}”` : emptyTitle}
          action={state.q ? null : emptyAction}
        >
          {state.q ? 'Try another search.' : emptyText}
        </EmptyState>
      ) : page ? (
        <>
          <Table.ScrollContainer minWidth={640}>
            <Table striped highlightOnHover aria-label={label} aria-busy={query.isFetching}>
              <Table.Thead>
                <Table.Tr>
                  {selection && (
                    <Table.Th scope="col" w={40}>
                      <Checkbox
                        aria-label="Select every row on this page"
                        checked={
                          page.items.length > 0 && page.items.every((r) => selection.selected.has(rowKey(r)))
                        }
                        indeterminate={
                          page.items.some((r) => selection.selected.has(rowKey(r))) &&
                          !page.items.every((r) => selection.selected.has(rowKey(r)))
                        }
                        onChange={(event) => {
                          const next = new Map(selection.selected);
                          for (const r of page.items) {
                            if (event.currentTarget.checked) next.set(rowKey(r), r);
                            else next.delete(rowKey(r));
                          }
                          selection.onChange(next);
                        }}
                      />
                    </Table.Th>
                  )}
                  {columns.map((column) => {
                    const active = column.sortField && state.sort.replace(/^-/, '') === column.sortField;
                    const descending = active && state.sort.startsWith('-');
                    return (
                      <Table.Th
                        key={column.key}
                        scope="col"
                        aria-sort={active ? (descending ? 'descending' : 'ascending') : undefined}
                      >
                        {column.sortField ? (
                          <UnstyledButton
                            onClick={() => toggleSort(column.sortField!)}
                            fw={700}
                            fz="sm"
                            style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}
                          >
                            {column.header}
                            {active ? (
                              descending ? (
                                <IconChevronDown size={14} aria-hidden />
                              ) : (
                                <IconChevronUp size={14} aria-hidden />
                              )
                            ) : (
                              <IconSelector size={14} aria-hidden />
                            )}
                            <VisuallyHidden>
                              {active
                                ? descending
                                  ? ', sorted descending'
                                  : ', sorted ascending'
                                : ', sort'}
                            </VisuallyHidden>
                          </UnstyledButton>
                        ) : (
                          column.header
                        )}
                      </Table.Th>
                    );
                  })}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.items.map((row) => (
                  <Table.Tr key={rowKey(row)}>
                    {selection && (
                      <Table.Td>
                        <Checkbox
                          aria-label={selection.rowLabel(row)}
                          checked={selection.selected.has(rowKey(row))}
                          onChange={(event) => {
                            const next = new Map(selection.selected);
                            if (event.currentTarget.checked) next.set(rowKey(row), row);
                            else next.delete(rowKey(row));
                            selection.onChange(next);
                          }}
                        />
                      </Table.Td>
                    )}
                    {columns.map((column) => (
                      <Table.Td key={column.key}>{column.render(row)}</Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Pager
            status={
              page.items.length === 0
                ? 'No more results'
                : `Showing ${first}–${first + page.items.length - 1}${page.total !== undefined ? ` of ${page.total}` : ''}`
            }
            paging={paging}
            nextCursor={page.nextCursor}
          />
        </>
      ) : null}
    </Paper>
  );
}
