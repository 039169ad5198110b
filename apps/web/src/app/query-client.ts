import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/errors.ts';
import { keys } from '../api/keys.ts';
import { csrf } from '../api/session.ts';

function onAuthError(error: unknown): void {
  if (!(error instanceof ApiError)) return;
  // The session ended (expired, signed out elsewhere, user disabled): back to sign-in.
  if (error.status === 401 && error.code === 'unauthenticated') {
    csrf.clear();
    queryClient.setQueryData(keys.me, null);
  }
  // A sign-in step became due (e.g. after an administrator's change): show it.
  if (error.code === 'sign_in_incomplete') void queryClient.invalidateQueries({ queryKey: keys.me });
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onAuthError }),
  mutationCache: new MutationCache({ onError: onAuthError }),
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // Only a lost connection or a server failure is worth one more try; 4xx answers are final.
      retry: (count, error) =>
        error instanceof ApiError && (error.status === 0 || error.status >= 500) && count < 1,
    },
    mutations: { retry: false },
  },
});
