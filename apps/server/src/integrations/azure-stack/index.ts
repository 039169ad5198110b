/**
 * Azure Stack Hub client: everything the CMS asks of a region (one stamp) over its admin ARM
 * endpoint. No database, no HTTP server; it shares no code with apps/azs-emulator on purpose.
 * See README.md beside this file.
 *
 * Public surface:
 * - `new AzureStackClient(connection, options?)` — keep one per region for the process lifetime:
 *   it caches the metadata, the bearer token (until expires_on − 5 min) and the discovered provider
 *   subscription. A changed secret needs a new client.
 *   - `discover()`: metadata discovery → `IdentitySettings` (Entra or AD FS, audience, token endpoint).
 *   - `token()`: a cached client-credentials token.
 *   - `providerSubscriptionId()`: the configured one, else the Default Provider Subscription from
 *     `GET /subscriptions`.
 *   - `pullWindow(window, { subscribers })`: async iterable of `PullUnit`s for one canonical window:
 *     the whole window, or — after it keeps timing out — one unit per subscriber. Only a
 *     `complete` unit may replace stored data: (window) for `subscriberId: null`, (window,
 *     subscriber) otherwise. `skipped` = not a direct tenant; `failed` = keep what is stored.
 *   - `pullUnit(window, subscriberId | null)`: one unit, every page.
 *   - `listArmSubscriptions()`, `listAdminSubscriptions()` (with `platform`), `listAlerts(location)`.
 *   - Admin writes (§6.1–6.4; idempotent, retried like reads; 409 → `conflict`, 400 → `bad-request`
 *     with the stamp's message, 404 → `not-found`):
 *     `getAdminSubscription(id)` (404 → null), `putAdminSubscription(input)`,
 *     `deleteAdminSubscription(id)` (404 = done); `listAcquiredPlans(sub)`,
 *     `putAcquiredPlan(sub, {acquisitionId, planId})`, `deleteAcquiredPlan(sub, acquisitionId)`
 *     (404 = done); `listOffers()`, `putOffer(rg, name, input)`, `deleteOffer(rg, name)`;
 *     `listPlans()`, `putPlan(rg, name, input)`, `deletePlan(rg, name)` (deletes: 404 = done);
 *     `listQuotas(provider, location)`, `putQuota(provider, location, name, limits)`;
 *     `listLocations()`. Offers and plans are written in their current location, else the first
 *     listed one.
 *   - `testConnection()`: metadata → token → usage → admin, each step ok / failed / not-run with an
 *     operator-readable message.
 * - `canonicalWindows(from, to, granularity, nowMs)`: the windows covering [from, to); throws
 *   `WindowError` (with `field`) for unaligned ends or an end after the last complete unit.
 * - Every failure is an `AzureStackError` with a `kind` (see errors.ts) and an operator message.
 * - `normaliseMeterId`, `normaliseResourceUri`: the natural-key forms, for data from other paths.
 */

export {
  type AcquiredPlan,
  type AdminLocation,
  type AdminOffer,
  type AdminPlan,
  type AdminQuota,
  type AdminSubscription,
  isPlatformSubscription,
  type OfferState,
  QUOTA_PROVIDERS,
  type QuotaProvider,
} from './admin-parse.ts';
export type { AzureStackConnection, IdentitySettings, IdentitySystem } from './auth.ts';
export {
  type ArmSubscription,
  AzureStackClient,
  type AzureStackClientOptions,
  type CompleteUnit,
  type ConnectionStep,
  type ConnectionStepResult,
  type ConnectionTestResult,
  DEFAULT_RETRY_POLICY,
  type FailedUnit,
  type InfrastructureAlert,
  type PullUnit,
  type PullWindowOptions,
  type SkippedUnit,
} from './client.ts';
export { AzureStackError, type AzureStackErrorKind, type RecordProblem } from './errors.ts';
export type { RetryPolicy } from './http.ts';
export type { Granularity } from './time.ts';
export { normaliseMeterId, normaliseResourceUri, type UsageRecord } from './usage-parse.ts';
export { canonicalWindows, type UsageWindow, WindowError } from './windows.ts';
