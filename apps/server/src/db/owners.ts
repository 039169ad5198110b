import type { Database } from './schema.ts';

/**
 * Who owns each table: the one part of the server whose repository reads and writes it. Everyone
 * else reaches the data through the owner's service. `npm run lint` (scripts/check-ownership.ts)
 * refuses a query against a table from any other part, except the grants below. A new table fails
 * the type check until it is given an owner here.
 *
 * Owners are module folders (src/modules/<name>), the tenancy kernel (src/tenancy) and the route
 * layer (src/http).
 */
export const TABLE_OWNERS: Record<keyof Database, string> = {
  organisations: 'organisations',
  subscriptions: 'subscriptions',
  users: 'users',
  user_links: 'users',
  sessions: 'auth',
  api_tokens: 'auth',
  rate_limits: 'http',
  recovery_codes: 'mfa',
  settings: 'settings',
  audit_events: 'audit',
  idempotency_keys: 'http',
  identity_providers: 'identity-providers',
  user_identities: 'identity-providers',
  oidc_flows: 'identity-providers',
  mail_outbox: 'mail',
  mail_attachments: 'mail',
  document_uploads: 'document-storage',
  branding: 'branding',
  branding_logos: 'branding',
  organisation_chain_history: 'tenancy',
  regions: 'regions',
  region_subscriptions: 'regions',
  meters: 'usage',
  usage_records: 'usage',
  imported_usage: 'usage',
  usage_daily: 'usage',
  usage_pulls: 'usage',
  closed_periods: 'usage',
  alerts: 'alerts',
  jobs: 'jobs',
  job_schedules: 'jobs',
  plans: 'offers',
  offers: 'offers',
  offer_plans: 'offers',
  offer_visibility: 'offers',
  quotas: 'offers',
  subscription_plans: 'subscriptions',
  tenant_identity_checks: 'identity-checks',
  price_lists: 'pricing',
  price_list_versions: 'pricing',
  price_items: 'pricing',
  price_tiers: 'pricing',
  credits: 'adjustments',
  discounts: 'adjustments',
  tax_profiles: 'taxes',
  tax_rates: 'taxes',
  exchange_rates: 'exchange-rates',
  rated_periods: 'rating',
  rated_lines: 'rating',
  invoices: 'invoices',
  invoice_lines: 'invoices',
  invoice_payments: 'invoices',
  invoice_pdfs: 'invoices',
  invoice_sequences: 'invoices',
};

/**
 * Queries one part may make against a table it does not own, each with its reason. Reads are
 * joins that a list needs in the same query (one request per page, keyset paging over the join);
 * writes are the tenancy kernel's chain rewrite, which must touch every chained table in the move's
 * transaction.
 */
export const TABLE_GRANTS: readonly {
  table: keyof Database;
  part: string;
  access: 'read' | 'write';
  why: string;
}[] = [
  {
    table: 'organisations',
    part: 'tenancy',
    access: 'write',
    why: 'locks parents and rewrites the chain on a move',
  },
  { table: 'subscriptions', part: 'tenancy', access: 'write', why: 'rewrites the chain on a move' },
  { table: 'users', part: 'tenancy', access: 'write', why: 'rewrites the chain on a move' },
  { table: 'identity_providers', part: 'tenancy', access: 'write', why: 'rewrites the chain on a move' },
  {
    table: 'organisations',
    part: 'audit',
    access: 'read',
    why: "the search pages over rows whose organisation's current chain is in scope, and shows the actor as its organisation's chain allows",
  },
  { table: 'users', part: 'audit', access: 'read', why: "the search shows each actor's name and address" },
  {
    table: 'organisations',
    part: 'identity-providers',
    access: 'read',
    why: "a mapping is scoped by its organisation's current chain and lives while it does (joined); changes to one organisation's mappings lock its row",
  },
  {
    table: 'organisations',
    part: 'users',
    access: 'read',
    why: "the user list shows each user's organisation name (joined)",
  },
  {
    table: 'users',
    part: 'auth',
    access: 'read',
    why: "every request's token or session is checked with its live user's actor columns in one prepared query",
  },
  {
    table: 'organisations',
    part: 'branding',
    access: 'read',
    why: 'a logo is served, and a portal host name names a partner, only while its organisation is live (joined)',
  },
  {
    table: 'subscriptions',
    part: 'alerts',
    access: 'read',
    why: "an alert about a subscription is scoped by the subscription's current chain and shows its name (joined)",
  },
  {
    table: 'organisations',
    part: 'alerts',
    access: 'read',
    why: 'an alert about an organisation is scoped by its current chain and shows its name (joined)',
  },
  {
    table: 'regions',
    part: 'usage',
    access: 'read',
    why: "an import, and a change to an import source's meters, locks the source's row first (FOR UPDATE), so imports of one source run one at a time and its time zone is read in the same transaction",
  },
  {
    table: 'subscriptions',
    part: 'usage',
    access: 'read',
    why: "an import resolves every row's subscription on its source (CMS id or linked external id) in one query per 500 references",
  },
  {
    table: 'usage_daily',
    part: 'regions',
    access: 'read',
    why: "whether a region has collected usage: its time zone is then locked and it cannot be deleted (one index probe; the usage module's service would be a cycle, it reads regions)",
  },
  {
    table: 'imported_usage',
    part: 'regions',
    access: 'read',
    why: 'whether an import source has imported usage: its time zone is then locked and it cannot be deleted (its rows refer to the region)',
  },
  {
    table: 'organisations',
    part: 'jobs',
    access: 'read',
    why: 'a job is scoped by the current chain of the organisation it concerns (joined), so a move carries its jobs along',
  },
  {
    table: 'organisations',
    part: 'offers',
    access: 'read',
    why: "an offer published to chosen organisations is seen by each one's branch and the chain above it: the chosen organisations' current chains are read in a subquery, so a move carries what a branch sees along",
  },
  {
    table: 'mail_outbox',
    part: 'db',
    access: 'write',
    why: 'the one lease mechanism (db/lease.ts) claims, fences and releases outbox rows',
  },
  {
    table: 'jobs',
    part: 'db',
    access: 'write',
    why: 'the one lease mechanism (db/lease.ts) claims, fences and releases jobs',
  },
  {
    table: 'subscriptions',
    part: 'usage',
    access: 'read',
    why: "a re-pull is held when it would lower a closed period of the tenant whose subscription is linked to the Azure Stack subscription (joined with closed_periods in the unit's transaction)",
  },
  {
    table: 'subscriptions',
    part: 'usage',
    access: 'read',
    why: "rating's work list finds the tenants whose subscriptions have usage in a month with one query per region and month, probing usage_daily's primary key per subscription (EXISTS): the usage of a month is never read to list its subscriptions",
  },
  {
    table: 'meters',
    part: 'pricing',
    access: 'read',
    why: "an item's meter is checked against its list's catalog (and its unit: per month only for hour-metered meters) in the item's transaction, and a version's items show their meter's name and unit (joined)",
  },
  {
    table: 'rated_lines',
    part: 'pricing',
    access: 'read',
    why: 'a price list is not deleted while rated lines name it (money of record traces to it): read in the delete transaction (the rating module reads pricing, so calling its service would be a cycle)',
  },
  {
    table: 'usage_daily',
    part: 'pricing',
    access: 'read',
    why: "a price list whose activated version covers the current month is not deleted while its scope has usage this month (joined with subscriptions for a tenant's or a subscription's list)",
  },
  {
    table: 'subscriptions',
    part: 'pricing',
    access: 'read',
    why: "the list filter by tenant shows the overrides of the tenant's subscriptions (subquery), and a list's usage is found through its subscriptions (joined with usage_daily)",
  },
  {
    table: 'closed_periods',
    part: 'pricing',
    access: 'read',
    why: "an activated version changes in place only while no closed period of its list's scope falls in the months it rates, and a version is not activated from a month at or before a closed period (read under the list's lock)",
  },
  {
    table: 'price_lists',
    part: 'regions',
    access: 'read',
    why: 'a region with a price list (which refers to it) is not deleted: one probe in the delete transaction (the pricing module reads regions, so its service would be a cycle)',
  },
];
