import { Alert, Button, Center, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiError, errorMessage } from '../api/errors.ts';
import { relabel, useLabels } from '../app/labels.ts';

// Every loading, error and empty state carries data-state, so the browser tests can tell a page
// that failed from one that worked.

export function LoadingState({ label = 'Loading' }: { label?: string }) {
  return (
    <Center py="xl" data-state="loading" role="status" aria-live="polite">
      <Loader size="md" aria-hidden />
      <Text ml="sm" c="dimmed" size="sm">
        {label}…
      </Text>
    </Center>
  );
}

export function ErrorState({
  error,
  title = 'This could not be loaded',
  onRetry,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}) {
  const labels = useLabels();
  return (
    <Alert color="red" variant="light" title={title} role="alert" data-state="error">
      <Stack gap="xs">
        <Text size="sm">{relabel(errorMessage(error), labels)}</Text>
        {onRetry && (
          <Group>
            <Button size="xs" variant="outline" color="red" onClick={onRetry}>
              Try again
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}

export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <Paper withBorder p="xl" data-state="empty">
      <Stack align="center" gap="xs">
        <Text fw={600}>{title}</Text>
        {children && (
          <Text c="dimmed" size="sm" ta="center">
            {children}
          </Text>
        )}
        {action}
      </Stack>
    </Paper>
  );
}

/**
 * An address naming an object that does not exist, or not for this user: a 404, or a malformed
 * id in the path (the server refuses it as `params.id`).
 */
export function isNotFound(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    (error.status === 404 || error.fieldErrors.some((e) => e.field.startsWith('params.')))
  );
}

export function NotFoundState() {
  return (
    <Alert color="gray" variant="light" title="Not found" role="alert" data-state="not-found">
      <Text size="sm">
        Nothing with this address exists, or it is not visible to you. Check the address, or go back to the
        list.
      </Text>
    </Alert>
  );
}

/** Loading and error states of one query; renders `children(data)` once there is data. */
export function QueryState<T>({
  query,
  children,
  loadingLabel,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
  loadingLabel?: string;
}) {
  if (query.isPending) return <LoadingState {...(loadingLabel ? { label: loadingLabel } : {})} />;
  if (query.isError) {
    if (isNotFound(query.error)) return <NotFoundState />;
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  }
  return <>{children(query.data)}</>;
}
