import { Button, Group, Text } from '@mantine/core';
import type { Dispatch, ReactNode, SetStateAction } from 'react';

/** The keyset cursors of the pages seen so far; the first page has none. */
export type CursorStack = (string | undefined)[];

/**
 * Previous/next under a keyset-paged table: "previous" walks back through the cursors seen,
 * "next" follows the page's `nextCursor`.
 */
export function Pager({
  status,
  cursors,
  setCursors,
  nextCursor,
}: {
  status: ReactNode;
  cursors: CursorStack;
  setCursors: Dispatch<SetStateAction<CursorStack>>;
  nextCursor: string | null | undefined;
}) {
  return (
    <Group justify="space-between" mt="md" wrap="wrap">
      <Text size="sm" c="dimmed" aria-live="polite">
        {status}
      </Text>
      <Group gap="xs">
        <Button
          variant="default"
          size="xs"
          disabled={cursors.length === 1}
          onClick={() => setCursors((stack) => stack.slice(0, -1))}
        >
          Previous page
        </Button>
        <Button
          variant="default"
          size="xs"
          disabled={!nextCursor}
          onClick={() => setCursors((stack) => [...stack, nextCursor ?? undefined])}
        >
          Next page
        </Button>
      </Group>
    </Group>
  );
}
