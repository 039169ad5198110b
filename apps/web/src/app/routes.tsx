import type { ComponentType } from 'react';
import { createBrowserRouter } from 'react-router';
import type { Me } from '../api/types.ts';
import { LoadingState } from '../components/states.tsx';
import { NotFoundPage } from '../pages/not-found/NotFoundPage.tsx';
import { AppLayout } from './AppLayout.tsx';
import { type Access, access } from './access.ts';
import { PublicLayout } from './PublicLayout.tsx';
import { RouteError } from './RouteError.tsx';
import { StageLayout } from './StageLayout.tsx';

/** What a route needs: `allowed` decides from GET /me whether it exists for the signed-in user. */
export interface RouteHandle {
  allowed?: Access;
  stage?: Me['stage'];
}

// Every page is its own chunk, loaded when first visited.
const page = (load: () => Promise<{ default: ComponentType }>) => async () => ({
  Component: (await load()).default,
});

const guarded = (allowed: Access): { handle: RouteHandle } => ({ handle: { allowed } });

export const router = createBrowserRouter([
  {
    errorElement: <RouteError />,
    hydrateFallbackElement: <LoadingState label="Loading the portal" />,
    children: [
      {
        element: <PublicLayout />,
        children: [
          { path: 'sign-in', lazy: page(() => import('../pages/sign-in/SignInPage.tsx')) },
          { path: 'activate', lazy: page(() => import('../pages/activate/ActivatePage.tsx')) },
          {
            path: 'reset-password',
            lazy: page(() => import('../pages/reset-password/ResetPasswordPage.tsx')),
          },
        ],
      },
      {
        element: <StageLayout />,
        children: [
          {
            path: 'sign-in/change-password',
            handle: { stage: 'password_change' } satisfies RouteHandle,
            lazy: page(() => import('../pages/change-password/ChangePasswordPage.tsx')),
          },
          {
            path: 'sign-in/mfa',
            handle: { stage: 'mfa' } satisfies RouteHandle,
            lazy: page(() => import('../pages/mfa/MfaVerifyPage.tsx')),
          },
          {
            path: 'sign-in/mfa-enrolment',
            handle: { stage: 'mfa_enrolment' } satisfies RouteHandle,
            lazy: page(() => import('../pages/mfa-enrolment/MfaEnrolmentPage.tsx')),
          },
        ],
      },
      {
        element: <AppLayout />,
        children: [
          { index: true, lazy: page(() => import('../pages/home/HomePage.tsx')) },
          {
            path: 'distributors',
            ...guarded(access.distributors),
            lazy: page(() => import('../pages/distributors/DistributorsPage.tsx')),
          },
          {
            path: 'distributors/new',
            ...guarded(access.distributorCreate),
            lazy: page(() => import('../pages/distributors/DistributorCreatePage.tsx')),
          },
          {
            path: 'distributors/:id',
            ...guarded(access.distributors),
            lazy: page(() => import('../pages/distributors/DistributorPage.tsx')),
          },
          {
            path: 'distributors/:id/edit',
            ...guarded(access.distributorEdit),
            lazy: page(() => import('../pages/distributors/DistributorEditPage.tsx')),
          },
          {
            path: 'partners',
            ...guarded(access.partners),
            lazy: page(() => import('../pages/partners/PartnersPage.tsx')),
          },
          {
            path: 'partners/new',
            ...guarded(access.partnerCreate),
            lazy: page(() => import('../pages/partners/PartnerCreatePage.tsx')),
          },
          {
            path: 'partners/:id',
            ...guarded(access.partners),
            lazy: page(() => import('../pages/partners/PartnerPage.tsx')),
          },
          {
            path: 'partners/:id/edit',
            ...guarded(access.partnerEdit),
            lazy: page(() => import('../pages/partners/PartnerEditPage.tsx')),
          },
          {
            path: 'tenants',
            ...guarded(access.tenants),
            lazy: page(() => import('../pages/tenants/TenantsPage.tsx')),
          },
          {
            path: 'tenants/new',
            ...guarded(access.tenantCreate),
            lazy: page(() => import('../pages/tenants/TenantCreatePage.tsx')),
          },
          {
            path: 'tenants/onboarding',
            ...guarded(access.tenantCreate),
            lazy: page(() => import('../pages/tenants/TenantOnboardingPage.tsx')),
          },
          {
            path: 'tenants/:id',
            ...guarded(access.tenants),
            lazy: page(() => import('../pages/tenants/TenantPage.tsx')),
          },
          {
            path: 'tenants/:id/edit',
            ...guarded(access.tenantEdit),
            lazy: page(() => import('../pages/tenants/TenantEditPage.tsx')),
          },
          {
            path: 'subscriptions',
            ...guarded(access.subscriptions),
            lazy: page(() => import('../pages/subscriptions/SubscriptionsPage.tsx')),
          },
          {
            path: 'subscriptions/new',
            ...guarded(access.subscriptionCreate),
            lazy: page(() => import('../pages/subscriptions/SubscriptionCreatePage.tsx')),
          },
          {
            path: 'subscriptions/:id',
            ...guarded(access.subscriptions),
            lazy: page(() => import('../pages/subscriptions/SubscriptionPage.tsx')),
          },
          {
            path: 'regions',
            ...guarded(access.regions),
            lazy: page(() => import('../pages/regions/RegionsPage.tsx')),
          },
          {
            path: 'regions/new',
            ...guarded(access.regionCreate),
            lazy: page(() => import('../pages/regions/RegionCreatePage.tsx')),
          },
          {
            path: 'regions/:id',
            ...guarded(access.regions),
            lazy: page(() => import('../pages/regions/RegionPage.tsx')),
          },
          {
            path: 'offers',
            ...guarded(access.offers),
            lazy: page(() => import('../pages/offers/OffersPage.tsx')),
          },
          {
            path: 'offers/:id',
            ...guarded(access.offers),
            lazy: page(() => import('../pages/offers/OfferPage.tsx')),
          },
          {
            path: 'plans',
            ...guarded(access.plans),
            lazy: page(() => import('../pages/offers/PlansPage.tsx')),
          },
          {
            path: 'plans/:id',
            ...guarded(access.plans),
            lazy: page(() => import('../pages/offers/PlanPage.tsx')),
          },
          {
            path: 'quotas',
            ...guarded(access.quotas),
            lazy: page(() => import('../pages/offers/QuotasPage.tsx')),
          },
          {
            path: 'quotas/:id',
            ...guarded(access.quotas),
            lazy: page(() => import('../pages/offers/QuotaPage.tsx')),
          },
          {
            path: 'pricing-tools/price-increase',
            ...guarded(access.priceIncrease),
            lazy: page(() => import('../pages/pricing-tools/PriceIncreasePage.tsx')),
          },
          {
            path: 'pricing-tools/estimator',
            ...guarded(access.estimator),
            lazy: page(() => import('../pages/pricing-tools/EstimatorPage.tsx')),
          },
          {
            path: 'calculator',
            ...guarded(access.calculator),
            lazy: page(() => import('../pages/pricing-tools/CalculatorPage.tsx')),
          },
          {
            path: 'pricing',
            ...guarded(access.pricing),
            lazy: page(() => import('../pages/pricing/PriceListsPage.tsx')),
          },
          {
            path: 'pricing/new',
            ...guarded(access.pricingCreate),
            lazy: page(() => import('../pages/pricing/PriceListCreatePage.tsx')),
          },
          {
            path: 'pricing/:id',
            ...guarded(access.pricing),
            lazy: page(() => import('../pages/pricing/PriceListPage.tsx')),
          },
          {
            path: 'pricing/versions/:id',
            ...guarded(access.pricing),
            lazy: page(() => import('../pages/pricing/PriceVersionPage.tsx')),
          },
          {
            path: 'tax-profiles',
            ...guarded(access.taxProfiles),
            lazy: page(() => import('../pages/tax-profiles/TaxProfilesPage.tsx')),
          },
          {
            path: 'tax-profiles/new',
            ...guarded(access.taxProfileCreate),
            lazy: page(() => import('../pages/tax-profiles/TaxProfilePage.tsx')),
          },
          {
            path: 'tax-profiles/:id',
            ...guarded(access.taxProfiles),
            lazy: page(() => import('../pages/tax-profiles/TaxProfilePage.tsx')),
          },
          {
            path: 'exchange-rates',
            ...guarded(access.exchangeRates),
            lazy: page(() => import('../pages/exchange-rates/ExchangeRatesPage.tsx')),
          },
          {
            path: 'invoices',
            ...guarded(access.invoices),
            lazy: page(() => import('../pages/invoices/InvoicesPage.tsx')),
          },
          {
            path: 'invoices/:id',
            ...guarded(access.invoices),
            lazy: page(() => import('../pages/invoices/InvoicePage.tsx')),
          },
          {
            path: 'reports',
            ...guarded(access.reports),
            lazy: page(() => import('../pages/reports/ReportsPage.tsx')),
          },
          {
            // The group (tab) is part of the address: /system-settings/users.
            path: 'system-settings/:group?',
            ...guarded(access.systemSettings),
            lazy: page(() => import('../pages/system-settings/SystemSettingsPage.tsx')),
          },
          {
            path: 'branding',
            ...guarded(access.branding),
            lazy: page(() => import('../pages/branding/BrandingPage.tsx')),
          },
          {
            path: 'partners/:id/branding',
            ...guarded(access.partnerBranding),
            lazy: page(() => import('../pages/branding/BrandingPage.tsx')),
          },
          {
            path: 'users',
            ...guarded(access.users),
            lazy: page(() => import('../pages/users/UsersPage.tsx')),
          },
          {
            path: 'users/new',
            ...guarded(access.userCreate),
            lazy: page(() => import('../pages/users/UserCreatePage.tsx')),
          },
          {
            path: 'users/:id',
            ...guarded(access.users),
            lazy: page(() => import('../pages/users/UserPage.tsx')),
          },
          {
            path: 'api-tokens',
            ...guarded(access.apiTokens),
            lazy: page(() => import('../pages/api-tokens/ApiTokensPage.tsx')),
          },
          {
            path: 'identity-providers',
            ...guarded(access.identityProviders),
            lazy: page(() => import('../pages/identity-providers/IdentityProvidersPage.tsx')),
          },
          {
            path: 'jobs',
            ...guarded(access.jobs),
            lazy: page(() => import('../pages/jobs/JobsPage.tsx')),
          },
          {
            path: 'jobs/:id',
            ...guarded(access.jobs),
            lazy: page(() => import('../pages/jobs/JobPage.tsx')),
          },
          {
            path: 'email-log',
            ...guarded(access.emailLog),
            lazy: page(() => import('../pages/email-log/EmailLogPage.tsx')),
          },
          {
            path: 'audit',
            ...guarded(access.audit),
            lazy: page(() => import('../pages/audit/AuditPage.tsx')),
          },
          {
            path: 'alerts',
            ...guarded(access.alerts),
            lazy: page(() => import('../pages/alerts/AlertsPage.tsx')),
          },
          { path: 'account', lazy: page(() => import('../pages/account/AccountPage.tsx')) },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
