import { Button, Group, Paper } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorState, LoadingState } from './states.tsx';

/**
 * The parts every filtered log page (jobs, alerts, audit, e-mail) shares: the buttons under its
 * filter form and the panel that shows its current page.
 */

/** Apply (the form's submit) and Clear, under a log page's filter form. */
export function FilterButtons({ disabled, onClear }: { disabled: boolean; onClear: () => void }) {
  return (
    <Group mt="sm" gap="xs">
      <Button type="submit" size="xs" disabled={disabled}>
        Apply filters
      </Button>
      <Button size="xs" variant="default" onClick={onClear}>
        Clear
      </Button>
    </Group>
  );
}

/** The results panel: loading, the error with a retry, `empty` for an empty first page, or the page. */
export function LogResults<P extends { items: readonly unknown[] }>({
  query,
  page,
  pageNumber,
  empty,
  children,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown };
  page: P | undefined;
  pageNumber: number;
  empty: ReactNode;
  children: (page: P) => ReactNode;
}) {
  return (
    <Paper withBorder p="md">
      {query.isPending ? (
        <LoadingState />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : page && page.items.length === 0 && pageNumber === 1 ? (
        empty
      ) : page ? (
        children(page)
      ) : null}
    </Paper>
  );
}
