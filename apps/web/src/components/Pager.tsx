import { Button, Group, Text } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { useLocation, useSearchParams } from 'react-router';

/** The keyset cursors of the pages seen so far; the first page has none. */
export type CursorStack = (string | undefined)[];

export interface Paging {
  /** The cursor of the page shown; undefined on the first page. */
  cursor: string | undefined;
  /** 1 on the first page. */
  pageNumber: number;
  hasPrevious: boolean;
  next: (cursor: string) => void;
  previous: () => void;
  /** Back to the first page (a new search, sort or filter). */
  reset: () => void;
}

interface PagingState {
  listCursors?: CursorStack;
}

/**
 * Where a keyset-paged list is. Pages are cursors, so "previous" walks back through the cursors
 * seen. With `inUrl` the page lives in the address (`?page=3&cursor=…`), each page a history entry:
 * reload and Back return to it. The cursors before it ride in the history entry's state (kept
 * across a reload); an address opened without them still shows its page, and "previous" then
 * goes to the first page.
 */
export function usePaging(inUrl: boolean): Paging {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const [local, setLocal] = useState<CursorStack>([undefined]);
  if (!inUrl) {
    return {
      cursor: local[local.length - 1],
      pageNumber: local.length,
      hasPrevious: local.length > 1,
      next: (cursor) => setLocal((stack) => [...stack, cursor]),
      previous: () => setLocal((stack) => stack.slice(0, -1)),
      reset: () => setLocal([undefined]),
    };
  }
  const cursor = params.get('cursor') ?? undefined;
  const pageNumber = cursor ? Math.max(2, Number.parseInt(params.get('page') ?? '', 10) || 2) : 1;
  const saved = (location.state as PagingState | null)?.listCursors;
  const stack: CursorStack =
    saved && saved.length === pageNumber && saved[saved.length - 1] === cursor
      ? saved
      : cursor
        ? [undefined, cursor]
        : [undefined];
  const go = (nextStack: CursorStack, number: number, replace: boolean) => {
    const target = nextStack[nextStack.length - 1];
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (target) {
          next.set('cursor', target);
          next.set('page', String(number));
        } else {
          next.delete('cursor');
          next.delete('page');
        }
        return next;
      },
      { replace, state: { listCursors: nextStack } satisfies PagingState },
    );
  };
  return {
    cursor,
    pageNumber,
    hasPrevious: pageNumber > 1,
    next: (c) => go([...stack, c], pageNumber + 1, false),
    previous: () => {
      const back = stack.slice(0, -1);
      go(back, back[back.length - 1] ? pageNumber - 1 : 1, false);
    },
    reset: () => {
      if (cursor) go([undefined], 1, true);
    },
  };
}

/**
 * Previous/next under a keyset-paged table: "previous" walks back through the cursors seen,
 * "next" follows the page's `nextCursor`.
 */
export function Pager({
  status,
  paging,
  nextCursor,
}: {
  status: ReactNode;
  paging: Paging;
  nextCursor: string | null | undefined;
}) {
  return (
    <Group justify="space-between" mt="md" wrap="wrap">
      <Text size="sm" c="dimmed" aria-live="polite" data-testid="pager-status">
        {status}
      </Text>
      <Group gap="xs">
        <Button variant="default" size="xs" disabled={!paging.hasPrevious} onClick={paging.previous}>
          Previous page
        </Button>
        <Button
          variant="default"
          size="xs"
          disabled={!nextCursor}
          onClick={() => nextCursor && paging.next(nextCursor)}
        >
          Next page
        </Button>
      </Group>
    </Group>
  );
}
