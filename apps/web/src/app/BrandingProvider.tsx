import { MantineProvider } from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo, useReducer } from 'react';
import { fetchMe } from '../api/auth.ts';
import { brandingApi } from '../api/branding.ts';
import { keys } from '../api/keys.ts';
import { BrandContext, DEFAULT_BRANDING } from './brand.ts';
import { LabelsContext } from './labels.ts';
import { brandTheme, cssVariablesResolver } from './theme.ts';

/**
 * Applies the effective branding to everything below: Mantine's primary colour, the product name,
 * logos and the hierarchy nouns. Who is signed in decides the branding (a partner's tenants see
 * the partner's), so it is fetched again when the user changes; the previous one stays on screen
 * meanwhile, and a failure falls back to the built-in branding rather than blocking the portal.
 */
export function BrandingProvider({ children }: { children: ReactNode }) {
  // Signing in and out clear the whole query cache, which detaches this long-lived component's
  // observers from their queries; a render attaches them to fresh ones, so render on removal.
  const client = useQueryClient();
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  useEffect(
    () =>
      client.getQueryCache().subscribe((event) => {
        if (event.type === 'removed') rerender();
      }),
    [client],
  );
  // Only watches who is signed in (the layouts fetch it): a sign-in page must not ask for /me. The
  // server resolves the branding from the session cookie itself, so the first answer is already right.
  const me = useQuery({ queryKey: keys.me, queryFn: fetchMe, enabled: false });
  const userId = me.data?.user.id ?? null;
  const query = useQuery({
    queryKey: keys.branding(userId),
    queryFn: brandingApi.effective,
    staleTime: 5 * 60_000,
    placeholderData: keepPreviousData,
  });
  const branding = query.data ?? DEFAULT_BRANDING;
  const { labels, ...brand } = branding;
  const theme = useMemo(() => brandTheme(branding.primaryColor), [branding.primaryColor]);
  useEffect(() => {
    document.title = branding.name;
  }, [branding.name]);
  // The first paint waits for the branding, so nobody sees the default name flash by.
  if (query.isPending && query.fetchStatus === 'fetching') return null;
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto">
      <BrandContext.Provider value={brand}>
        <LabelsContext.Provider value={labels}>{children}</LabelsContext.Provider>
      </BrandContext.Provider>
    </MantineProvider>
  );
}
