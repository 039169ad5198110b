import type { Me, OrgKind } from '../api/types.ts';
import { DEFAULT_LABELS, type Labels } from './labels.ts';

/**
 * What the signed-in user may see, from GET /api/v1/me `permissions` (operation id → allowed, with
 * the settings applied). The server stays authoritative; this only shapes the portal, so a page a
 * role may not use is neither offered nor rendered (its URL shows "not found" and loads no data).
 */
export const RANK: Record<OrgKind, number> = { platform: 0, distributor: 1, partner: 2, tenant: 3 };

export function can(me: Me, operation: string): boolean {
  return me.permissions[operation] === true;
}

/** True when the user's organisation is above `kind` in the hierarchy (it manages that level). */
export function above(me: Me, kind: OrgKind): boolean {
  return RANK[me.organisation.kind] < RANK[kind];
}

export type Access = (me: Me) => boolean;

// The Relationships pages list the levels below the user's own: a partner does not get a
// "Partners" page listing only itself, and a tenant sees no Relationships at all.
export const access = {
  distributors: (me: Me) => can(me, 'distributors.list') && above(me, 'distributor'),
  distributorCreate: (me: Me) => can(me, 'distributors.create') && above(me, 'distributor'),
  distributorEdit: (me: Me) => can(me, 'distributors.update') && above(me, 'distributor'),
  partners: (me: Me) => can(me, 'partners.list') && above(me, 'partner'),
  partnerCreate: (me: Me) => can(me, 'partners.create') && above(me, 'partner'),
  partnerEdit: (me: Me) => can(me, 'partners.update') && above(me, 'partner'),
  tenants: (me: Me) => can(me, 'tenants.list') && above(me, 'tenant'),
  tenantCreate: (me: Me) => can(me, 'tenants.create') && above(me, 'tenant'),
  tenantEdit: (me: Me) => can(me, 'tenants.update') && above(me, 'tenant'),
  subscriptions: (me: Me) => can(me, 'subscriptions.list'),
  subscriptionCreate: (me: Me) => can(me, 'subscriptions.create'),
  systemSettings: (me: Me) => can(me, 'settings.list'),
  // The platform's branding for platform users, their own partner's for a partner's staff.
  branding: (me: Me) =>
    me.organisation.kind === 'platform'
      ? can(me, 'branding.platformGet')
      : me.organisation.kind === 'partner' && can(me, 'partners.brandingGet'),
  partnerBranding: (me: Me) => can(me, 'partners.brandingGet') && above(me, 'partner'),
  users: (me: Me) => can(me, 'users.list'),
  userCreate: (me: Me) => can(me, 'users.create'),
  apiTokens: (me: Me) => can(me, 'apiTokens.list'),
  identityProviders: (me: Me) => can(me, 'identityProviders.list'),
  audit: (me: Me) => can(me, 'audit.list'),
  alerts: (me: Me) => can(me, 'alerts.list'),
  regions: (me: Me) => can(me, 'regions.list'),
  regionCreate: (me: Me) => can(me, 'regions.create'),
  jobs: (me: Me) => can(me, 'jobs.list'),
  // The platform's page: below it, an invoice's e-mails show with the invoice (the API scopes them).
  emailLog: (me: Me) => me.organisation.kind === 'platform' && can(me, 'emailLog.list'),
  offers: (me: Me) => can(me, 'offers.list'),
  plans: (me: Me) => can(me, 'plans.list'),
  quotas: (me: Me) => can(me, 'quotas.list'),
  pricing: (me: Me) => can(me, 'priceLists.list'),
  pricingCreate: (me: Me) => can(me, 'priceLists.create'),
  taxProfiles: (me: Me) => can(me, 'taxProfiles.list'),
  taxProfileCreate: (me: Me) => can(me, 'taxProfiles.create'),
  exchangeRates: (me: Me) => can(me, 'exchangeRates.list'),
  // Discounts and credits are the platform's: its users see them on tenant and subscription pages.
  adjustments: (me: Me) => can(me, 'discounts.list') && can(me, 'credits.list'),
  priceIncrease: (me: Me) => can(me, 'priceIncreases.model'),
  priceIncreaseApply: (me: Me) => can(me, 'priceIncreases.apply'),
  estimator: (me: Me) => can(me, 'pricingTools.estimate'),
  // Every level the Calculator Settings show it to (GET /me applies the settings).
  calculator: (me: Me) => can(me, 'calculator.calculate'),
  invoices: (me: Me) => can(me, 'invoices.list'),
  invoiceGenerate: (me: Me) => can(me, 'invoices.generate'),
  invoiceIssueAll: (me: Me) => can(me, 'invoices.issueAll'),
  reports: (me: Me) => can(me, 'reports.chargeback') && can(me, 'reports.subscriptionSummary'),
} satisfies Record<string, Access>;

export interface NavItem {
  label: string;
  to: string;
  allowed: Access;
}

export interface NavGroup {
  label: string;
  items: NavItem[];
}

/** The navigation of the seeds: Relationships, Administration, Billing, Settings (nouns as renamed). */
export function navigation(labels: Labels): NavGroup[] {
  return [
    {
      label: 'Relationships',
      items: [
        { label: labels.distributor.plural, to: '/distributors', allowed: access.distributors },
        { label: labels.partner.plural, to: '/partners', allowed: access.partners },
        { label: labels.tenant.plural, to: '/tenants', allowed: access.tenants },
      ],
    },
    {
      label: 'Administration',
      items: [
        { label: labels.subscription.plural, to: '/subscriptions', allowed: access.subscriptions },
        { label: 'Regions', to: '/regions', allowed: access.regions },
        { label: 'Offers', to: '/offers', allowed: access.offers },
        { label: 'Plans', to: '/plans', allowed: access.plans },
        { label: 'Quotas', to: '/quotas', allowed: access.quotas },
        { label: 'Pricing', to: '/pricing', allowed: access.pricing },
        { label: 'Tax Profiles', to: '/tax-profiles', allowed: access.taxProfiles },
        { label: 'Exchange Rates', to: '/exchange-rates', allowed: access.exchangeRates },
        { label: 'Price Increase', to: '/pricing-tools/price-increase', allowed: access.priceIncrease },
        { label: 'Estimator', to: '/pricing-tools/estimator', allowed: access.estimator },
        { label: 'Calculator', to: '/calculator', allowed: access.calculator },
        { label: 'System Settings', to: '/system-settings', allowed: access.systemSettings },
        { label: 'Branding', to: '/branding', allowed: access.branding },
        { label: 'Alerts', to: '/alerts', allowed: access.alerts },
        { label: 'Jobs', to: '/jobs', allowed: access.jobs },
        { label: 'E-mail Log', to: '/email-log', allowed: access.emailLog },
      ],
    },
    {
      label: 'Billing',
      items: [
        { label: 'Invoices', to: '/invoices', allowed: access.invoices },
        { label: 'Reports', to: '/reports', allowed: access.reports },
      ],
    },
    {
      label: 'Settings',
      items: [
        { label: 'Users', to: '/users', allowed: access.users },
        { label: 'API tokens', to: '/api-tokens', allowed: access.apiTokens },
        { label: 'Identity providers', to: '/identity-providers', allowed: access.identityProviders },
        { label: 'Audit log', to: '/audit', allowed: access.audit },
      ],
    },
  ];
}

export function navigationFor(me: Me, labels: Labels = DEFAULT_LABELS): NavGroup[] {
  return navigation(labels)
    .map((group) => ({ ...group, items: group.items.filter((item) => item.allowed(me)) }))
    .filter((group) => group.items.length > 0);
}

/** Where each sign-in step is done. */
export const STAGE_PATHS: Record<Exclude<Me['stage'], 'active'>, string> = {
  password_change: '/sign-in/change-password',
  mfa: '/sign-in/mfa',
  mfa_enrolment: '/sign-in/mfa-enrolment',
};

/** A `next` parameter is followed only to a path of this portal. */
export function safeNext(next: string | null): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/sign-in')) return '/';
  return next;
}
