import {
  type AcquiredPlan,
  type AdminLocation,
  type AdminOffer,
  type AdminPlan,
  type AdminQuota,
  type AdminSubscription,
  acquiredPlanOf,
  adminSubscriptionOf,
  isObject,
  locationOf,
  type OfferState,
  offerOf,
  planOf,
  QUOTA_API_VERSIONS,
  type QuotaProvider,
  quotaOf,
  str,
} from './admin-parse.ts';
import {
  type AzureStackConnection,
  type IdentitySettings,
  identityFromMetadata,
  METADATA_API_VERSION,
  TokenCache,
  trimSlash,
} from './auth.ts';
import { AzureStackError, type AzureStackErrorKind, type RecordProblem } from './errors.ts';
import {
  errorBodyOf,
  hostOf,
  type RawResponse,
  type RetryPolicy,
  type Runtime,
  sendOnce,
  sendWithRetry,
  splitUrl,
} from './http.ts';
import { formatUtc, HOUR_MS, parseIsoUtc } from './time.ts';
import { parseUsagePage, type UsageRecord } from './usage-parse.ts';
import { canonicalWindows, checkWindow, type UsageWindow } from './windows.ts';

export const USAGE_API_VERSION = '2015-06-01-preview';
export const ADMIN_API_VERSION = '2015-11-01';
export const ARM_SUBSCRIPTIONS_API_VERSION = '2016-05-01';
export const ALERTS_API_VERSION = '2016-05-01';

export interface AzureStackClientOptions {
  /** ms since the epoch; token expiry and testConnection's window read it. Default Date.now. */
  clock?: () => number;
  /** Waits between retries. Default: a real timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). Default Math.random. */
  random?: () => number;
  /** Defaults: 6 attempts, 2 s first backoff, 120 s longest wait, 120 s per request. */
  retry?: Partial<RetryPolicy>;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 2_000,
  maxDelayMs: 120_000,
  requestTimeoutMs: 120_000,
};

/** A usage pull of one window for all subscribers (subscriberId null) or one. */
interface UnitBase {
  window: UsageWindow;
  subscriberId: string | null;
}

/** Every page succeeded and every record parsed: the storage layer may replace what this unit covers. */
export interface CompleteUnit extends UnitBase {
  status: 'complete';
  records: UsageRecord[];
  pages: number;
  /** Non-fatal oddities (unparseable tags or additionalInfo), with the record's position. */
  warnings: RecordProblem[];
}

/** 400 SubscriberIdIsNotDirectTenant (G19): nothing to collect for this subscriber here. */
export interface SkippedUnit extends UnitBase {
  status: 'skipped';
  subscriberId: string;
  note: string;
}

/** Nothing of this unit may be stored. */
export interface FailedUnit extends UnitBase {
  status: 'failed';
  error: AzureStackError;
  /**
   * True on the whole-window unit when its timeouts made the client pull the window per subscriber:
   * the per-subscriber units of the window follow it.
   */
  fallback: boolean;
}

export type PullUnit = CompleteUnit | SkippedUnit | FailedUnit;

export interface PullWindowOptions {
  /**
   * Subscribers to pull one by one when the whole-window pull keeps timing out (G10): every
   * subscriber the region has ever reported (deleted ones included) plus the admin subscription
   * list. Read only when needed. Without it a timed-out window is reported failed.
   */
  subscribers?: Iterable<string> | (() => Promise<Iterable<string>>);
}

/** `GET /subscriptions` on the admin ARM: the subscriptions the service principal itself sees. */
export interface ArmSubscription {
  subscriptionId: string;
  displayName: string | null;
  state: string | null;
}

/** A `Microsoft.InfrastructureInsights.Admin` alert (§6.5). */
export interface InfrastructureAlert {
  alertId: string;
  title: string;
  severity: string;
  state: 'Active' | 'Closed' | string;
  createdAt: string | null;
  lastUpdatedAt: string | null;
  closedAt: string | null;
  closedBy: string | null;
  faultId: string | null;
  faultTypeId: string | null;
  impactedResourceId: string | null;
  impactedResourceDisplayName: string | null;
  /** The text blocks of `description`, joined. */
  description: string;
  /** The text blocks of `remediation`, joined (the stamp writes a link's URI as a text block too). */
  remediation: string;
}

export type ConnectionStep = 'metadata' | 'token' | 'usage' | 'admin';

export interface ConnectionStepResult {
  step: ConnectionStep;
  status: 'ok' | 'failed' | 'not-run';
  /** For an operator: what worked, or what is wrong and what to check. */
  message: string;
  errorKind: AzureStackErrorKind | null;
}

export interface ConnectionTestResult {
  ok: boolean;
  steps: ConnectionStepResult[];
  identitySystem: 'entra' | 'adfs' | null;
  providerSubscriptionId: string | null;
}

/** Kinds after which pulling further subscribers of a window cannot succeed either. */
const FATAL_KINDS = new Set<AzureStackErrorKind>([
  'unreachable',
  'tls',
  'invalid-client',
  'invalid-tenant',
  'invalid-resource',
  'token-refused',
  'token-audience',
  'unauthorized',
  'forbidden',
  'provider-subscription-unknown',
]);

function isoOrNull(value: unknown): string | null {
  const text = str(value);
  if (text === null) return null;
  const ms = parseIsoUtc(text.replace(/(\.\d+)/, ''));
  return ms === null ? text : formatUtc(ms);
}

function joinBlocks(value: unknown): string {
  if (!Array.isArray(value)) return typeof value === 'string' ? value : '';
  return value.map((block) => (isObject(block) && typeof block.text === 'string' ? block.text : '')).join('');
}

export class AzureStackClient {
  private readonly arm: string;
  private readonly runtime: Runtime;
  private readonly policy: RetryPolicy;
  private readonly tokens: TokenCache;
  private identity: Promise<IdentitySettings> | null = null;
  private providerSubscription: Promise<string> | null = null;

  constructor(
    private readonly connection: AzureStackConnection,
    options: AzureStackClientOptions = {},
  ) {
    this.arm = trimSlash(connection.armEndpoint);
    this.runtime = {
      clock: options.clock ?? Date.now,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      random: options.random ?? Math.random,
    };
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.tokens = new TokenCache(connection, () => this.discover(), this.runtime, this.policy);
  }

  /** Metadata discovery (anonymous); remembered once it succeeded. */
  discover(): Promise<IdentitySettings> {
    if (this.identity === null) {
      const attempt = this.fetchIdentity();
      this.identity = attempt;
      attempt.catch(() => {
        if (this.identity === attempt) this.identity = null;
      });
    }
    return this.identity;
  }

  private async fetchIdentity(): Promise<IdentitySettings> {
    const url = `${this.arm}/metadata/endpoints?api-version=${METADATA_API_VERSION}`;
    const what = `The metadata request to ${hostOf(url)}`;
    const { response, attempts } = await sendWithRetry(this.runtime, this.policy, what, () =>
      sendOnce('GET', url, {}, null, this.policy.requestTimeoutMs),
    );
    if (response.status !== 200) throw this.armFailure(response, what, attempts);
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch (error) {
      throw new AzureStackError('bad-response', `${what} answered with a body that is not JSON.`, {
        cause: error,
      });
    }
    return identityFromMetadata(body, this.connection.tenant, hostOf(url));
  }

  /** A bearer token for the admin ARM (cached until expires_on − 5 min). */
  token(): Promise<string> {
    return this.tokens.get();
  }

  /** The configured provider subscription, or the one `GET /subscriptions` shows as Default Provider. */
  providerSubscriptionId(): Promise<string> {
    const given = str(this.connection.providerSubscriptionId);
    if (given !== null) return Promise.resolve(given.toLowerCase());
    if (this.providerSubscription === null) {
      const attempt = this.findProviderSubscription();
      this.providerSubscription = attempt;
      attempt.catch(() => {
        if (this.providerSubscription === attempt) this.providerSubscription = null;
      });
    }
    return this.providerSubscription;
  }

  private async findProviderSubscription(): Promise<string> {
    const subscriptions = await this.listArmSubscriptions();
    const named = subscriptions.filter(
      (s) => s.displayName?.toLowerCase() === 'default provider subscription',
    );
    const chosen = named.length === 1 ? named[0] : subscriptions.length === 1 ? subscriptions[0] : undefined;
    if (chosen === undefined) {
      const seen = subscriptions
        .map((s) => `${s.displayName ?? '(no name)'} (${s.subscriptionId})`)
        .join(', ');
      throw new AzureStackError(
        'provider-subscription-unknown',
        subscriptions.length === 0
          ? `The service principal '${this.connection.clientId}' sees no subscription on ${hostOf(this.arm)}; give it Reader on the Default Provider Subscription, or enter the provider subscription id.`
          : `Cannot tell which subscription is the provider subscription among ${seen}; enter the provider subscription id.`,
      );
    }
    return chosen.subscriptionId;
  }

  /** `GET /subscriptions?api-version=2016-05-01` on the admin ARM. */
  async listArmSubscriptions(): Promise<ArmSubscription[]> {
    const items = await this.armList(
      `${this.arm}/subscriptions?api-version=${ARM_SUBSCRIPTIONS_API_VERSION}`,
      `Listing the subscriptions visible on ${hostOf(this.arm)}`,
    );
    return items.flatMap((item): ArmSubscription[] => {
      if (!isObject(item)) return [];
      const id = str(item.subscriptionId);
      if (id === null) return [];
      return [
        { subscriptionId: id.toLowerCase(), displayName: str(item.displayName), state: str(item.state) },
      ];
    });
  }

  /** Tenant and operator subscriptions of `Microsoft.Subscriptions.Admin` (flat, unpaged, §6.1). */
  async listAdminSubscriptions(): Promise<AdminSubscription[]> {
    const provider = await this.providerSubscriptionId();
    const items = await this.armList(
      `${this.arm}/subscriptions/${encodeURIComponent(provider)}/providers/Microsoft.Subscriptions.Admin/subscriptions?api-version=${ADMIN_API_VERSION}`,
      `Listing the tenant subscriptions on ${hostOf(this.arm)}`,
    );
    return items.flatMap((item) => adminSubscriptionOf(item) ?? []);
  }

  /** `…/providers/Microsoft.Subscriptions.Admin` on the provider subscription. */
  private async subscriptionsAdmin(): Promise<string> {
    const provider = await this.providerSubscriptionId();
    return `${this.arm}/subscriptions/${encodeURIComponent(provider)}/providers/Microsoft.Subscriptions.Admin`;
  }

  /** `…/resourceGroups/{rg}/providers/Microsoft.Subscriptions.Admin/{kind}/{name}` (offers, plans). */
  private async adminResource(
    kind: 'offers' | 'plans',
    resourceGroup: string,
    name: string,
  ): Promise<string> {
    const provider = await this.providerSubscriptionId();
    return `${this.arm}/subscriptions/${encodeURIComponent(provider)}/resourceGroups/${encodeURIComponent(resourceGroup)}/providers/Microsoft.Subscriptions.Admin/${kind}/${encodeURIComponent(name)}?api-version=${ADMIN_API_VERSION}`;
  }

  /** One tenant subscription (§6.1), or null when the stamp does not have it (404). */
  async getAdminSubscription(subscriptionId: string): Promise<AdminSubscription | null> {
    const url = `${await this.subscriptionsAdmin()}/subscriptions/${encodeURIComponent(subscriptionId)}?api-version=${ADMIN_API_VERSION}`;
    const what = `Reading subscription ${subscriptionId} on ${hostOf(this.arm)}`;
    let text: string;
    try {
      text = await this.armGet(url, what);
    } catch (error) {
      if (error instanceof AzureStackError && error.kind === 'not-found') return null;
      throw error;
    }
    return this.parsed(adminSubscriptionOf(this.json(text, what)), what);
  }

  /**
   * Creates or updates a tenant subscription (PUT, flat body, §6.1). Idempotent: retried on
   * 429/503/504 and dropped connections like a read. A 400 (owner invalid, offer not found) is a
   * `bad-request` with the stamp's message; 409 `conflict`.
   */
  async putAdminSubscription(input: {
    subscriptionId: string;
    displayName: string;
    owner: string;
    tenantId: string;
    /** Full ARM id of the offer. */
    offerId: string;
    state?: 'Enabled' | 'Disabled';
    externalReferenceId?: string;
  }): Promise<AdminSubscription> {
    const url = `${await this.subscriptionsAdmin()}/subscriptions/${encodeURIComponent(input.subscriptionId)}?api-version=${ADMIN_API_VERSION}`;
    const what = `Writing subscription ${input.subscriptionId} on ${hostOf(this.arm)}`;
    const body = {
      subscriptionId: input.subscriptionId,
      displayName: input.displayName,
      owner: input.owner,
      tenantId: input.tenantId,
      offerId: input.offerId,
      ...(input.state === undefined ? {} : { state: input.state }),
      ...(input.externalReferenceId === undefined ? {} : { externalReferenceId: input.externalReferenceId }),
    };
    const response = await this.armSend('PUT', url, body, what);
    return this.parsed(adminSubscriptionOf(this.json(response.text, what)), what);
  }

  /** Deletes a tenant subscription; one the stamp does not have (404) counts as deleted. */
  async deleteAdminSubscription(subscriptionId: string): Promise<void> {
    const url = `${await this.subscriptionsAdmin()}/subscriptions/${encodeURIComponent(subscriptionId)}?api-version=${ADMIN_API_VERSION}`;
    await this.armDelete(url, `Deleting subscription ${subscriptionId} on ${hostOf(this.arm)}`);
  }

  /** The add-on plans a subscription acquired (§6.1). */
  async listAcquiredPlans(subscriptionId: string): Promise<AcquiredPlan[]> {
    const items = await this.armList(
      `${await this.subscriptionsAdmin()}/subscriptions/${encodeURIComponent(subscriptionId)}/acquiredPlans?api-version=${ADMIN_API_VERSION}`,
      `Listing the acquired plans of subscription ${subscriptionId} on ${hostOf(this.arm)}`,
    );
    return items.flatMap((item) => acquiredPlanOf(item) ?? []);
  }

  /** Attaches an add-on plan (full ARM id) to a subscription under the caller's acquisition id (PUT). */
  async putAcquiredPlan(
    subscriptionId: string,
    input: { acquisitionId: string; planId: string },
  ): Promise<AcquiredPlan> {
    const url = `${await this.subscriptionsAdmin()}/subscriptions/${encodeURIComponent(subscriptionId)}/acquiredPlans/${encodeURIComponent(input.acquisitionId)}?api-version=${ADMIN_API_VERSION}`;
    const what = `Attaching plan ${input.planId} to subscription ${subscriptionId} on ${hostOf(this.arm)}`;
    const response = await this.armSend(
      'PUT',
      url,
      { acquisitionId: input.acquisitionId, planId: input.planId },
      what,
    );
    return this.parsed(acquiredPlanOf(this.json(response.text, what)), what);
  }

  /** Detaches an acquired plan; one the stamp does not have (404) counts as detached. */
  async deleteAcquiredPlan(subscriptionId: string, acquisitionId: string): Promise<void> {
    const url = `${await this.subscriptionsAdmin()}/subscriptions/${encodeURIComponent(subscriptionId)}/acquiredPlans/${encodeURIComponent(acquisitionId)}?api-version=${ADMIN_API_VERSION}`;
    await this.armDelete(
      url,
      `Detaching acquisition ${acquisitionId} from subscription ${subscriptionId} on ${hostOf(this.arm)}`,
    );
  }

  /** The stamp's locations (§6.1); the first one is where offers and plans are written. */
  async listLocations(): Promise<AdminLocation[]> {
    const items = await this.armList(
      `${await this.subscriptionsAdmin()}/locations?api-version=${ADMIN_API_VERSION}`,
      `Listing the locations of ${hostOf(this.arm)}`,
    );
    return items.flatMap((item) => locationOf(item) ?? []);
  }

  /** The location an offer or plan is written in: the one already there, else the stamp's first. */
  private async writeLocation(existingUrl: string, what: string): Promise<string> {
    try {
      const current = this.json(await this.armGet(existingUrl, what), what);
      const location = isObject(current) ? str(current.location) : null;
      if (location !== null) return location;
    } catch (error) {
      if (!(error instanceof AzureStackError) || error.kind !== 'not-found') throw error;
    }
    const [first] = await this.listLocations();
    if (first === undefined) {
      throw new AzureStackError('bad-response', `${what}: the stamp lists no location to create it in.`);
    }
    return first.name;
  }

  /** Every offer of the stamp (§6.2, paged). */
  async listOffers(): Promise<AdminOffer[]> {
    const items = await this.armList(
      `${await this.subscriptionsAdmin()}/offers?api-version=${ADMIN_API_VERSION}`,
      `Listing the offers on ${hostOf(this.arm)}`,
    );
    return items.flatMap((item) => offerOf(item) ?? []);
  }

  /** Creates or updates an offer (PUT, §6.2); plans by full ARM id. */
  async putOffer(
    resourceGroup: string,
    name: string,
    input: {
      displayName: string;
      description?: string | null;
      state: OfferState;
      maxSubscriptionsPerAccount?: number;
      basePlanIds: string[];
      addonPlans?: { planId: string; maxAcquisitionCount?: number | null }[];
    },
  ): Promise<AdminOffer> {
    const url = await this.adminResource('offers', resourceGroup, name);
    const what = `Writing offer ${resourceGroup}/${name} on ${hostOf(this.arm)}`;
    const location = await this.writeLocation(url, what);
    const body = {
      location,
      properties: {
        name,
        displayName: input.displayName,
        ...(input.description == null ? {} : { description: input.description }),
        state: input.state,
        ...(input.maxSubscriptionsPerAccount === undefined
          ? {}
          : { maxSubscriptionsPerAccount: input.maxSubscriptionsPerAccount }),
        basePlanIds: input.basePlanIds,
        addonPlans: (input.addonPlans ?? []).map((a) => ({
          planId: a.planId,
          ...(a.maxAcquisitionCount == null ? {} : { maxAcquisitionCount: a.maxAcquisitionCount }),
        })),
      },
    };
    const response = await this.armSend('PUT', url, body, what);
    return this.parsed(offerOf(this.json(response.text, what)), what);
  }

  /** Deletes an offer (409 `conflict` while subscriptions use it); 404 counts as deleted. */
  async deleteOffer(resourceGroup: string, name: string): Promise<void> {
    await this.armDelete(
      await this.adminResource('offers', resourceGroup, name),
      `Deleting offer ${resourceGroup}/${name} on ${hostOf(this.arm)}`,
    );
  }

  /** Every plan of the stamp (§6.3, paged). */
  async listPlans(): Promise<AdminPlan[]> {
    const items = await this.armList(
      `${await this.subscriptionsAdmin()}/plans?api-version=${ADMIN_API_VERSION}`,
      `Listing the plans on ${hostOf(this.arm)}`,
    );
    return items.flatMap((item) => planOf(item) ?? []);
  }

  /** Creates or updates a plan (PUT, §6.3); quotas by full ARM id (spaces kept). */
  async putPlan(
    resourceGroup: string,
    name: string,
    input: { displayName: string; description?: string | null; quotaIds: string[] },
  ): Promise<AdminPlan> {
    const url = await this.adminResource('plans', resourceGroup, name);
    const what = `Writing plan ${resourceGroup}/${name} on ${hostOf(this.arm)}`;
    const location = await this.writeLocation(url, what);
    const body = {
      location,
      properties: {
        name,
        displayName: input.displayName,
        ...(input.description == null ? {} : { description: input.description }),
        quotaIds: input.quotaIds,
      },
    };
    const response = await this.armSend('PUT', url, body, what);
    return this.parsed(planOf(this.json(response.text, what)), what);
  }

  /** Deletes a plan (409 `conflict` while an offer uses it); 404 counts as deleted. */
  async deletePlan(resourceGroup: string, name: string): Promise<void> {
    await this.armDelete(
      await this.adminResource('plans', resourceGroup, name),
      `Deleting plan ${resourceGroup}/${name} on ${hostOf(this.arm)}`,
    );
  }

  private async quotasUrl(provider: QuotaProvider, location: string, name?: string): Promise<string> {
    const sub = encodeURIComponent(await this.providerSubscriptionId());
    const tail = name === undefined ? '' : `/${encodeURIComponent(name)}`;
    return `${this.arm}/subscriptions/${sub}/providers/${provider}/locations/${encodeURIComponent(location)}/quotas${tail}?api-version=${QUOTA_API_VERSIONS[provider]}`;
  }

  /** The quotas of one admin RP in one location (§6.4, api-version per RP). */
  async listQuotas(provider: QuotaProvider, location: string): Promise<AdminQuota[]> {
    const items = await this.armList(
      await this.quotasUrl(provider, location),
      `Listing the ${provider} quotas of ${location} on ${hostOf(this.arm)}`,
    );
    return items.flatMap((item) => quotaOf(item, provider, location) ?? []);
  }

  /** Creates or updates a quota's limits (PUT); the name is URL-encoded (`Default Quota`). */
  async putQuota(
    provider: QuotaProvider,
    location: string,
    name: string,
    limits: Record<string, number>,
  ): Promise<AdminQuota> {
    const what = `Writing the ${provider} quota '${name}' of ${location} on ${hostOf(this.arm)}`;
    const response = await this.armSend(
      'PUT',
      await this.quotasUrl(provider, location, name),
      { location, properties: limits },
      what,
    );
    return this.parsed(quotaOf(this.json(response.text, what), provider, location), what);
  }

  /** Infrastructure alerts of the region (`location` is the region name, e.g. `local`), §6.5. */
  async listAlerts(location: string): Promise<InfrastructureAlert[]> {
    const provider = await this.providerSubscriptionId();
    const loc = encodeURIComponent(location.trim());
    const items = await this.armList(
      `${this.arm}/subscriptions/${encodeURIComponent(provider)}/resourceGroups/System.${loc}/providers/Microsoft.InfrastructureInsights.Admin/regionHealths/${loc}/alerts?api-version=${ALERTS_API_VERSION}`,
      `Listing the infrastructure alerts of ${location}`,
    );
    return items.flatMap((item): InfrastructureAlert[] => {
      if (!isObject(item)) return [];
      const p = isObject(item.properties) ? item.properties : {};
      const alertId = str(p.alertId) ?? str(item.name);
      if (alertId === null) return [];
      return [
        {
          alertId: alertId.toLowerCase(),
          title: str(p.title) ?? '',
          severity: str(p.severity) ?? '',
          state: str(p.state) ?? '',
          createdAt: isoOrNull(p.createdTimestamp),
          lastUpdatedAt: isoOrNull(p.lastUpdatedTimestamp),
          closedAt: isoOrNull(p.closedTimestamp),
          closedBy: str(p.closedByUserAlias),
          faultId: str(p.faultId),
          faultTypeId: str(p.faultTypeId),
          impactedResourceId: str(p.impactedResourceId),
          impactedResourceDisplayName: str(p.impactedResourceDisplayName),
          description: joinBlocks(p.description),
          remediation: joinBlocks(p.remediation),
        },
      ];
    });
  }

  /** The first-page URL of a usage pull (times as `YYYY-MM-DDTHH:00:00Z`, G9). */
  async usageUrl(window: UsageWindow, subscriberId: string | null): Promise<string> {
    const provider = await this.providerSubscriptionId();
    const params = [
      `reportedStartTime=${encodeURIComponent(window.start)}`,
      `reportedEndTime=${encodeURIComponent(window.end)}`,
      `aggregationGranularity=${window.granularity}`,
      ...(subscriberId === null ? [] : [`subscriberId=${encodeURIComponent(subscriberId)}`]),
      `api-version=${USAGE_API_VERSION}`,
    ];
    return `${this.arm}/subscriptions/${encodeURIComponent(provider)}/providers/Microsoft.Commerce.Admin/subscriberUsageAggregates?${params.join('&')}`;
  }

  /**
   * Pulls one window for all subscribers (null) or one, every page. Complete only when every page
   * answered and every record parsed; otherwise failed, with no record (a unit is never partial).
   * A record that cannot be parsed fails the unit with kind `bad-record`, naming page, position and
   * field: it is never dropped.
   */
  async pullUnit(window: UsageWindow, subscriberId: string | null): Promise<PullUnit> {
    checkWindow(window);
    const wanted = subscriberId === null ? null : subscriberId.trim().toLowerCase();
    try {
      const first = await this.usageUrl(window, wanted);
      const records: UsageRecord[] = [];
      const warnings: RecordProblem[] = [];
      const requested = new Set<string>();
      let url: string | null = first;
      let page = 0;
      while (url !== null) {
        requested.add(url);
        const what = `The usage pull of ${window.start} (${window.granularity}${wanted === null ? '' : `, subscriber ${wanted}`}) page ${page + 1}`;
        const body = await this.armGet(url, what);
        const parsed = parseUsagePage(body, page);
        const problems = [...parsed.problems];
        if (wanted !== null) {
          parsed.records.forEach((record, index) => {
            if (record.subscriptionId !== wanted) {
              problems.push({
                page,
                index,
                field: 'properties.subscriptionId',
                reason: `belongs to ${record.subscriptionId}, not the requested subscriber`,
              });
            }
          });
        }
        if (problems.length > 0) {
          const first3 = problems
            .slice(0, 3)
            .map((p) => `page ${p.page + 1} record ${p.index + 1} ${p.field}: ${p.reason}`)
            .join('; ');
          throw new AzureStackError(
            'bad-record',
            `${what} has ${problems.length} record problem(s), so nothing of this pull is kept: ${first3}.`,
            { problems },
          );
        }
        records.push(...parsed.records);
        warnings.push(...parsed.warnings);
        page++;
        url = this.nextPage(first, parsed.nextLink, parsed.continuationToken, requested, what);
      }
      return { status: 'complete', window, subscriberId: wanted, records, pages: page, warnings };
    } catch (error) {
      if (!(error instanceof AzureStackError)) throw error;
      if (error.kind === 'not-direct-tenant' && wanted !== null) {
        return {
          status: 'skipped',
          window,
          subscriberId: wanted,
          note: `Skipped: ${wanted} is not a direct tenant of the provider subscription (SubscriberIdIsNotDirectTenant).`,
        };
      }
      return { status: 'failed', window, subscriberId: wanted, error, fallback: false };
    }
  }

  /**
   * Pulls one window: first for all subscribers; when that keeps timing out (504 or request
   * timeouts after the retry budget, G10), once per subscriber of `options.subscribers`. Yields
   * the whole-window unit (with `fallback: true` when per-subscriber units follow), then one unit
   * per subscriber. After a failure no other subscriber can get past (unreachable, auth,
   * permission), the remaining subscribers are reported failed without being asked.
   */
  async *pullWindow(window: UsageWindow, options: PullWindowOptions = {}): AsyncGenerator<PullUnit> {
    const whole = await this.pullUnit(window, null);
    if (whole.status !== 'failed' || whole.error.kind !== 'timeout' || options.subscribers === undefined) {
      yield whole;
      return;
    }
    const given =
      typeof options.subscribers === 'function' ? await options.subscribers() : options.subscribers;
    const subscribers = [...new Set([...given].map((s) => s.trim().toLowerCase()).filter((s) => s !== ''))];
    yield { ...whole, fallback: subscribers.length > 0 };
    let fatal: AzureStackError | null = null;
    for (const subscriberId of subscribers) {
      if (fatal !== null) {
        yield { status: 'failed', window, subscriberId, error: fatal, fallback: false };
        continue;
      }
      const unit = await this.pullUnit(window, subscriberId);
      if (unit.status === 'failed' && FATAL_KINDS.has(unit.error.kind)) fatal = unit.error;
      yield unit;
    }
  }

  /**
   * Metadata → token → usage API (the last complete UTC hour, first page) → admin API, stopping at
   * the first failure; later steps are reported as not run.
   */
  async testConnection(): Promise<ConnectionTestResult> {
    const steps: ConnectionStepResult[] = [];
    const result: ConnectionTestResult = {
      ok: false,
      steps,
      identitySystem: null,
      providerSubscriptionId: null,
    };
    const order: ConnectionStep[] = ['metadata', 'token', 'usage', 'admin'];
    const run = async (step: ConnectionStep, action: () => Promise<string>): Promise<boolean> => {
      try {
        steps.push({ step, status: 'ok', message: await action(), errorKind: null });
        return true;
      } catch (error) {
        if (!(error instanceof AzureStackError)) throw error;
        steps.push({ step, status: 'failed', message: error.message, errorKind: error.kind });
        for (const later of order.slice(order.indexOf(step) + 1)) {
          steps.push({
            step: later,
            status: 'not-run',
            message: 'Not run: an earlier step failed.',
            errorKind: null,
          });
        }
        return false;
      }
    };
    const ok =
      (await run('metadata', async () => {
        const identity = await this.discover();
        result.identitySystem = identity.identitySystem;
        return `${hostOf(this.arm)} answered; it signs in with ${identity.identitySystem === 'adfs' ? 'AD FS' : 'Microsoft Entra ID'} at ${identity.loginEndpoint} for the audience ${identity.audience}.`;
      })) &&
      (await run('token', async () => {
        await this.tokens.get();
        return `The service principal '${this.connection.clientId}' obtained a token.`;
      })) &&
      (await run('usage', async () => {
        const provider = await this.providerSubscriptionId();
        result.providerSubscriptionId = provider;
        const end = Math.floor(this.runtime.clock() / HOUR_MS) * HOUR_MS;
        const [window] = canonicalWindows(end - HOUR_MS, end, 'Hourly', end);
        const url = await this.usageUrl(window!, null);
        const page = parseUsagePage(await this.armGet(url, 'The usage API'), 0);
        return `The usage API answered for ${window!.start} – ${window!.end} on provider subscription ${provider}: ${page.records.length} record(s) on the first page.`;
      })) &&
      (await run('admin', async () => {
        const subscriptions = await this.listAdminSubscriptions();
        const platform = subscriptions.filter((s) => s.platform).length;
        return `The admin API lists ${subscriptions.length} subscription(s), ${platform} of them operator (platform) subscriptions.`;
      }));
    result.ok = ok;
    return result;
  }

  /** The next page: nextLink verbatim; else a bare continuationToken on the first-page URL; else the end. */
  private nextPage(
    first: string,
    nextLink: string | null,
    continuationToken: string | null,
    requested: Set<string>,
    what: string,
  ): string | null {
    let next: string | null = null;
    if (nextLink !== null) {
      next = nextLink.startsWith('/') ? `${this.origin()}${nextLink}` : nextLink;
    } else if (continuationToken !== null) {
      next = `${first}&continuationToken=${encodeURIComponent(continuationToken)}`;
    }
    if (next === null) return null;
    this.checkSameOrigin(next, what);
    if (requested.has(next)) {
      throw new AzureStackError(
        'bad-response',
        `${what}: the stamp sent a nextLink that was already followed; stopping a loop.`,
      );
    }
    return next;
  }

  private origin(): string {
    const { secure, hostname, port } = splitUrl(this.arm);
    const host = hostname.includes(':') ? `[${hostname}]` : hostname;
    return `${secure ? 'https' : 'http'}://${host}:${port}`;
  }

  /** The bearer token goes only to the admin ARM host it was obtained for. */
  private checkSameOrigin(url: string, what: string): void {
    let target: ReturnType<typeof splitUrl>;
    try {
      target = splitUrl(url);
    } catch {
      throw new AzureStackError(
        'bad-response',
        `${what}: the stamp sent a nextLink that is not an absolute URL.`,
      );
    }
    const arm = splitUrl(this.arm);
    if (target.secure !== arm.secure || target.hostname.toLowerCase() !== arm.hostname.toLowerCase()) {
      throw new AzureStackError(
        'bad-response',
        `${what}: the stamp sent a nextLink to ${hostOf(url)}, not ${hostOf(this.arm)}; the token is not sent elsewhere.`,
      );
    }
  }

  /** Every item of an ARM list, following nextLink (`""` or absent ends it). */
  private async armList(firstUrl: string, what: string): Promise<unknown[]> {
    const items: unknown[] = [];
    const requested = new Set<string>();
    let url: string | null = firstUrl;
    while (url !== null) {
      requested.add(url);
      const text = await this.armGet(url, what);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch (error) {
        throw new AzureStackError('bad-response', `${what}: the answer is not JSON.`, { cause: error });
      }
      if (!isObject(body) || !Array.isArray(body.value)) {
        throw new AzureStackError('bad-response', `${what}: the answer has no "value" array.`);
      }
      items.push(...body.value);
      url = this.nextPage(firstUrl, str(body.nextLink), null, requested, what);
    }
    return items;
  }

  /** GET with the bearer token; a 401 drops the token and retries once with a new one. */
  private async armGet(url: string, what: string): Promise<string> {
    return (await this.armSend('GET', url, null, what)).text;
  }

  /** DELETE; a 404 counts as done (ARM deletes are idempotent, and a retried one finds nothing). */
  private async armDelete(url: string, what: string): Promise<void> {
    try {
      await this.armSend('DELETE', url, null, what);
    } catch (error) {
      if (error instanceof AzureStackError && error.kind === 'not-found') return;
      throw error;
    }
  }

  /**
   * One ARM call with the bearer token and a JSON body (or none). Every method is retried the same
   * way (429/503/504, dropped connections, timeouts): PUT and DELETE are idempotent on ARM. A 401
   * drops the token and retries once with a new one. Answers other than 2xx throw (armFailure).
   */
  private async armSend(
    method: 'GET' | 'PUT' | 'DELETE' | 'POST',
    url: string,
    body: unknown,
    what: string,
  ): Promise<RawResponse> {
    const payload = body === null || body === undefined ? null : JSON.stringify(body);
    let token = await this.tokens.get();
    let renewed = false;
    let total = 0;
    for (;;) {
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (payload !== null) headers['content-type'] = 'application/json';
      const { response, attempts } = await sendWithRetry(this.runtime, this.policy, what, () =>
        sendOnce(method, url, headers, payload, this.policy.requestTimeoutMs),
      );
      total += attempts;
      if (response.status >= 200 && response.status < 300) return response;
      if (response.status === 401 && !renewed) {
        this.tokens.invalidate(token);
        token = await this.tokens.get();
        renewed = true;
        continue;
      }
      throw this.armFailure(response, what, total);
    }
  }

  private json(text: string, what: string): unknown {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new AzureStackError('bad-response', `${what}: the answer is not JSON.`, { cause: error });
    }
  }

  private parsed<T>(value: T | null, what: string): T {
    if (value === null) {
      throw new AzureStackError('bad-response', `${what}: the answer lacks the fields that identify it.`);
    }
    return value;
  }

  private armFailure(response: RawResponse, what: string, attempts: number): AzureStackError {
    const { status } = response;
    const { code, message } = errorBodyOf(response.text);
    const said = `${status}${code === null ? '' : ` ${code}`}${message === null ? '' : `: ${message}`}`;
    const details = { status, code, attempts };
    if (status === 401) {
      if (code === 'InvalidAuthenticationTokenAudience') {
        return new AzureStackError(
          'token-audience',
          `${what} was refused: ARM does not accept tokens for the audience its own metadata announced, even a fresh one (${said}). Check that the ARM endpoint is the admin endpoint of this stamp.`,
          details,
        );
      }
      return new AzureStackError(
        'unauthorized',
        `${what} was refused even with a fresh token (${said}).`,
        details,
      );
    }
    if (status === 403) {
      return new AzureStackError(
        'forbidden',
        `${what} was refused: the service principal '${this.connection.clientId}' has no permission (${said}). Give it Reader, Contributor or Owner on the Default Provider Subscription (admin portal, Access control (IAM)).`,
        details,
      );
    }
    if (status === 400 && code === 'SubscriberIdIsNotDirectTenant') {
      return new AzureStackError('not-direct-tenant', `${what}: ${said}.`, details);
    }
    if (status === 400 && code === 'RequestEndTimeIsInFuture') {
      return new AzureStackError(
        'end-in-future',
        `${what}: the window ends in the future for the stamp (${said}); check the server clock.`,
        details,
      );
    }
    if (status === 404) return new AzureStackError('not-found', `${what}: not found (${said}).`, details);
    if (status === 409) {
      return new AzureStackError('conflict', `${what} was refused in the current state (${said}).`, details);
    }
    if (status >= 400 && status < 500)
      return new AzureStackError('bad-request', `${what} was refused (${said}).`, details);
    if (status >= 500)
      return new AzureStackError('server-error', `${what} failed at the stamp (${said}).`, details);
    return new AzureStackError('bad-response', `${what}: unexpected answer ${said}.`, details);
  }
}
