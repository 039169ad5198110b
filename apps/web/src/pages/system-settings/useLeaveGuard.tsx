import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useEffect } from 'react';
import { type Location, useBlocker } from 'react-router';

/**
 * Asks before leaving with unsaved changes: the browser's own prompt on reload, close or an
 * address typed in; a dialog for the portal's links. `stays` says which destinations keep the
 * changes (another tab of the same form). Local to System Settings until the shared hook for every
 * form replaces it; its render result is the dialog to place in the page.
 */
export function useLeaveGuard(dirty: boolean, stays: (next: Location) => boolean) {
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  const blocker = useBlocker(({ nextLocation }) => dirty && !stays(nextLocation));
  return (
    <Modal
      opened={blocker.state === 'blocked'}
      onClose={() => blocker.reset?.()}
      title="Leave without saving?"
      centered
    >
      <Stack>
        <Text size="sm">Your changes have not been saved. If you leave this page now, they are lost.</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => blocker.reset?.()} data-autofocus>
            Stay on this page
          </Button>
          <Button color="red.9" onClick={() => blocker.proceed?.()}>
            Leave and discard changes
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
