/**
 * Query-key factory: every cached query's key is built here, so invalidation after a change is
 * `queryClient.invalidateQueries({ queryKey: keys.all('tenants') })` and never a stray string.
 */
export type Resource =
  | 'distributors'
  | 'partners'
  | 'tenants'
  | 'subscriptions'
  | 'users'
  | 'audit'
  | 'alerts'
  | 'jobs'
  | 'emailLog'
  | 'apiTokens'
  | 'settings'
  | 'identityProviders'
  | 'identityProviderMappings'
  | 'linkedIdentities'
  | 'regions'
  | 'offers'
  | 'plans'
  | 'quotas'
  | 'meters'
  | 'identityChecks'
  | 'priceLists'
  | 'priceVersions'
  | 'taxProfiles'
  | 'exchangeRates'
  | 'discounts'
  | 'credits'
  | 'invoices';

export const keys = {
  me: ['me'] as const,
  session: ['session'] as const,
  all: (resource: Resource) => [resource] as const,
  list: (resource: Resource, params: object = {}) => [resource, 'list', params] as const,
  /** Every list of a resource, not its detail queries (which a delete must not refetch). */
  lists: (resource: Resource) => [[resource, 'list'] as const],
  detail: (resource: Resource, id: string) => [resource, 'detail', id] as const,
  settings: ['settings'] as const,
  overview: ['overview'] as const,
  /** The effective branding, per signed-in user (null: before sign-in). */
  branding: (userId: string | null) => ['branding', 'effective', userId] as const,
  brandingAll: ['branding'] as const,
  brandingOf: (orgId: string) => ['branding', 'org', orgId] as const,
  apiTokens: ['apiTokens'] as const,
  /** Rated lines, daily cost and cost to date: one prefix, so a Recalculate refreshes them all. */
  rating: (...parts: string[]) => ['rating', ...parts] as const,
  identityProviders: (email: string) => ['identityProviders', email] as const,
  /** The reports' JSON (chargeback and reconciliation per period, Subscription Summary per filter). */
  reports: (...parts: string[]) => ['reports', ...parts] as const,
};
