import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import { call } from './errors.ts';
import { keys } from './keys.ts';
import { csrf } from './session.ts';
import type { Body, Me } from './types.ts';

/**
 * Who is signed in, or null. Asked through the session probe, which answers 200 also when nobody
 * is (a 401 would be logged by the browser on every signed-out page load), and which carries the
 * CSRF token a new tab or the return from a federated sign-in does not have yet.
 */
export async function fetchMe(): Promise<Me | null> {
  const session = await call(api.GET('/api/v1/auth/session'));
  if (!session.signedIn || !session.me) {
    csrf.clear();
    return null;
  }
  if (session.csrfToken && session.csrfToken !== csrf.get()) csrf.set(session.csrfToken);
  return session.me;
}

export function useMe() {
  return useQuery({ queryKey: keys.me, queryFn: fetchMe, staleTime: 60_000 });
}

export const authApi = {
  signIn: async (body: Body<'auth.signIn'>) => {
    const result = await call(api.POST('/api/v1/auth/sign-in', { body }));
    csrf.set(result.csrfToken);
    return result;
  },
  signOut: async () => {
    try {
      await call(api.POST('/api/v1/auth/sign-out'));
    } finally {
      csrf.clear();
    }
  },
  signOutEverywhere: async () => {
    try {
      await call(api.POST('/api/v1/auth/sign-out-everywhere'));
    } finally {
      csrf.clear();
    }
  },
  changePassword: (body: Body<'auth.changePassword'>) => call(api.POST('/api/v1/auth/password', { body })),
  /** The identity providers that serve an e-mail address (federated sign-in buttons). */
  identityProviders: (email: string) =>
    call(api.GET('/api/v1/auth/identity-providers', { params: { query: { email } } })),
  /** Where a federated sign-in starts: the server redirects to the provider, and back to `returnTo`. */
  oidcStartUrl: (providerId: string, returnTo: string) =>
    `/api/v1/auth/oidc/${encodeURIComponent(providerId)}/start?${new URLSearchParams({ returnTo }).toString()}`,
  activate: (token: string, password: string) =>
    call(api.POST('/api/v1/auth/activate', { body: { token, password } })),
  requestPasswordReset: (email: string) => call(api.POST('/api/v1/auth/password-reset', { body: { email } })),
  confirmPasswordReset: (token: string, password: string) =>
    call(api.POST('/api/v1/auth/password-reset/confirm', { body: { token, password } })),
};

export const mfaApi = {
  startEnrolment: () => call(api.POST('/api/v1/auth/mfa/enrolment')),
  confirmEnrolment: (body: Body<'mfa.enrolmentConfirm'>) =>
    call(api.POST('/api/v1/auth/mfa/enrolment/confirm', { body })),
  verify: (body: Body<'mfa.verify'>) => call(api.POST('/api/v1/auth/mfa/verify', { body })),
  /** Both need a proof of the current factor: a code of the app or an unused recovery code. */
  regenerateRecoveryCodes: (proof: Body<'mfa.recoveryCodesRegenerate'>) =>
    call(api.POST('/api/v1/auth/mfa/recovery-codes', { body: proof })),
  disable: (proof: Body<'mfa.disable'>) => call(api.DELETE('/api/v1/auth/mfa', { body: proof })),
};
