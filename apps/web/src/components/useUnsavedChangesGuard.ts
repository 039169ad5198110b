import { useCallback, useEffect, useRef } from 'react';
import { type BlockerFunction, type Location, useBlocker } from 'react-router';

export const UNSAVED_CHANGES_QUESTION = 'You have unsaved changes. Leave this page and discard them?';

/**
 * Asks before a form with unsaved changes is left: a link or Back inside the portal gets a
 * confirmation, closing or reloading the tab the browser's own "Leave site?" question. Changing
 * only the query string (a list's page, a tab) is not leaving, nor is a destination for which
 * `stays` says yes: another path that keeps the form mounted with its changes (System Settings'
 * tabs are addresses like `/system-settings/users`).
 *
 * Call `release()` just before navigating away on purpose (after a successful save, or Cancel);
 * the form is still dirty at that moment, and its state update would land only after the
 * navigation was refused.
 */
export function useUnsavedChangesGuard(
  dirty: boolean,
  options: { stays?: (next: Location) => boolean } = {},
): { release: () => void } {
  const dirtyRef = useRef(dirty);
  const releasedRef = useRef(false);
  const staysRef = useRef(options.stays);
  dirtyRef.current = dirty;
  staysRef.current = options.stays;
  // Saved or reverted: the next change is guarded again.
  useEffect(() => {
    if (!dirty) releasedRef.current = false;
  }, [dirty]);

  const blocker = useBlocker(
    useCallback<BlockerFunction>(
      ({ currentLocation, nextLocation }) =>
        dirtyRef.current &&
        !releasedRef.current &&
        currentLocation.pathname !== nextLocation.pathname &&
        !staysRef.current?.(nextLocation),
      [],
    ),
  );

  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    if (window.confirm(UNSAVED_CHANGES_QUESTION)) blocker.proceed();
    else blocker.reset();
  }, [blocker]);

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (releasedRef.current) return;
      event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  return {
    release: useCallback(() => {
      releasedRef.current = true;
    }, []),
  };
}
