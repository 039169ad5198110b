/**
 * The session's CSRF token: given by sign-in (and by GET /api/v1/auth/session where the server
 * has it), sent as X-CSRF-Token on every write. Kept in memory and in sessionStorage, so a reload
 * of the tab keeps it while the cookie lives; it never goes to localStorage.
 */
const KEY = 'cms.csrfToken';
let memory: string | null | undefined;

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export const csrf = {
  get(): string | null {
    if (memory === undefined) memory = storage()?.getItem(KEY) ?? null;
    return memory;
  },
  set(token: string): void {
    memory = token;
    storage()?.setItem(KEY, token);
  },
  clear(): void {
    memory = null;
    storage()?.removeItem(KEY);
  },
};
