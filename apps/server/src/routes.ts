import { buildOpenApiDocument } from './http/openapi.ts';
import { type AnyRoute, defineRoute } from './http/route.ts';
import { adjustmentRoutes } from './modules/adjustments/adjustments.routes.ts';
import { alertRoutes } from './modules/alerts/alerts.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { brandingRoutes } from './modules/branding/branding.routes.ts';
import { documentStorageRoutes } from './modules/document-storage/document-storage.routes.ts';
import { exchangeRateRoutes } from './modules/exchange-rates/exchange-rates.routes.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { identityCheckRoutes } from './modules/identity-checks/identity-checks.routes.ts';
import { identityProviderRoutes } from './modules/identity-providers/identity-providers.routes.ts';
import { userIdentityRoutes } from './modules/identity-providers/user-identities.routes.ts';
import { invoiceRoutes } from './modules/invoices/invoices.routes.ts';
import { jobRoutes } from './modules/jobs/jobs.routes.ts';
import { mailRoutes } from './modules/mail/mail.routes.ts';
import { mfaRoutes } from './modules/mfa/mfa.routes.ts';
import { offerRoutes } from './modules/offers/offers.routes.ts';
import { organisationRoutes } from './modules/organisations/organisations.routes.ts';
import { overviewRoutes } from './modules/overview/overview.routes.ts';
import { pricingRoutes } from './modules/pricing/pricing.routes.ts';
import { pricingToolRoutes } from './modules/pricing-tools/pricing-tools.routes.ts';
import { quotaUsageRoutes } from './modules/quota-usage/quota-usage.routes.ts';
import { ratingRoutes } from './modules/rating/rating.routes.ts';
import { regionRoutes } from './modules/regions/regions.routes.ts';
import { reportRoutes } from './modules/reports/reports.routes.ts';
import { settingsRoutes } from './modules/settings/settings.routes.ts';
import { provisioningRoutes } from './modules/subscriptions/provisioning.routes.ts';
import { subscriptionLinkRoutes } from './modules/subscriptions/subscription-links.routes.ts';
import { subscriptionRoutes } from './modules/subscriptions/subscriptions.routes.ts';
import { taxRoutes } from './modules/taxes/taxes.routes.ts';
import { heldPullRoutes } from './modules/usage/held-pulls.routes.ts';
import { importRoutes } from './modules/usage/import.routes.ts';
import { meterRoutes } from './modules/usage/meters.routes.ts';
import { usageCollectionRoutes } from './modules/usage/usage-collections.routes.ts';
import { usageReadRoutes } from './modules/usage/usage-reads.routes.ts';
import { activationRoutes } from './modules/users/activation.routes.ts';
import { userRoutes } from './modules/users/users.routes.ts';

export const API_VERSION = '0.1.0';

let document: Record<string, unknown> | undefined;

/** The OpenAPI document of every route, built once. */
export function openApiDocument(): Record<string, unknown> {
  document ??= buildOpenApiDocument(ROUTES, API_VERSION);
  return document;
}

const docsRoute = defineRoute({
  id: 'docs.openapi',
  public: true,
  method: 'GET',
  path: '/api/docs',
  tag: 'Operations',
  summary: 'This OpenAPI 3.1 document',
  response: { status: 200, description: 'OpenAPI document', contentType: 'application/json; charset=utf-8' },
  handler: async () => JSON.stringify(openApiDocument()),
});

/** Every API operation. The policy table must have an entry for each id. */
export const ROUTES: readonly AnyRoute[] = [
  ...healthRoutes,
  docsRoute as AnyRoute,
  ...(authRoutes as AnyRoute[]),
  ...(mfaRoutes as AnyRoute[]),
  ...organisationRoutes,
  ...(subscriptionRoutes as AnyRoute[]),
  ...(provisioningRoutes as AnyRoute[]),
  ...(userRoutes as AnyRoute[]),
  ...(activationRoutes as AnyRoute[]),
  ...(settingsRoutes as AnyRoute[]),
  ...(mailRoutes as AnyRoute[]),
  ...(documentStorageRoutes as AnyRoute[]),
  ...(auditRoutes as AnyRoute[]),
  ...(overviewRoutes as AnyRoute[]),
  ...(identityProviderRoutes as AnyRoute[]),
  ...(userIdentityRoutes as AnyRoute[]),
  ...(brandingRoutes as AnyRoute[]),
  ...(alertRoutes as AnyRoute[]),
  ...(regionRoutes as AnyRoute[]),
  ...(meterRoutes as AnyRoute[]),
  ...(importRoutes as AnyRoute[]),
  ...(jobRoutes as AnyRoute[]),
  ...(usageReadRoutes as AnyRoute[]),
  ...(ratingRoutes as AnyRoute[]),
  ...(usageCollectionRoutes as AnyRoute[]),
  ...(heldPullRoutes as AnyRoute[]),
  ...(subscriptionLinkRoutes as AnyRoute[]),
  ...(offerRoutes as AnyRoute[]),
  ...(identityCheckRoutes as AnyRoute[]),
  ...(quotaUsageRoutes as AnyRoute[]),
  ...(pricingToolRoutes as AnyRoute[]),
  ...(pricingRoutes as AnyRoute[]),
  ...(taxRoutes as AnyRoute[]),
  ...(exchangeRateRoutes as AnyRoute[]),
  ...(adjustmentRoutes as AnyRoute[]),
  ...(reportRoutes as AnyRoute[]),
  ...(invoiceRoutes as AnyRoute[]),
];
