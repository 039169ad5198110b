import { readFileSync } from 'node:fs';
import { QUOTA_PROVIDERS, quotaId } from './admin.ts';
import { stableGuid, unitHash } from './deterministic.ts';
import {
  APP_SERVICE_TIER_METERS,
  DISK_SKU_METERS,
  METERS,
  MONTHLY_METERS,
  VM_SIZE_VCORES,
} from './meters.ts';
import { HOUR_MS, hourIndex, parseIsoWithOffset } from './time.ts';

/**
 * The scenario file (JSON) and its compiled form. The file names what exists (subscriptions and
 * their resources, late records, faults, alerts); compiling turns every (resource, meter) pair into
 * one `MeterStream`, the unit the usage generator pages over. Streams are few (one per resource
 * meter, a few thousand for a large stamp); records are computed from them on demand, never stored.
 * README.md documents every field.
 */

export type ResourceSpec =
  | {
      kind: 'vm';
      name: string;
      resourceGroup: string;
      size: string;
      os: 'windows' | 'linux';
      image?: { publisher: string; offer: string; sku: string };
    }
  | { kind: 'disk'; name: string; resourceGroup: string; sku: string; actualSizeGb?: number }
  | {
      kind: 'storage';
      name: string;
      resourceGroup: string;
      blockBlobGb?: number;
      pageBlobGb?: number;
      tableGb?: number;
      queueGb?: number;
      blobTransactions?: number;
      blobIngressGb?: number;
      blobEgressGb?: number;
    }
  | { kind: 'publicIp'; name: string; resourceGroup: string; allocation: 'static' | 'dynamic' }
  | {
      kind: 'sqlDatabase' | 'mySqlDatabase';
      server: string;
      name: string;
      resourceGroup: string;
      sizeMb: number;
    }
  | { kind: 'appServicePlan'; name: string; resourceGroup: string; tier: string; instances: number }
  | { kind: 'keyVault'; name: string; resourceGroup: string; transactions: number }
  | { kind: 'custom'; name: string; resourceGroup: string; meterId: string; quantity: number };

type Lifetime = { from?: string; until?: string; tags?: Record<string, string> };
export type ResourceInput = ResourceSpec & Lifetime;

export type SubscriptionState = 'Enabled' | 'Warned' | 'PastDue' | 'Disabled' | 'Deleted';

interface SubscriptionInput {
  subscriptionId?: string;
  displayName: string;
  owner?: string;
  tenantId?: string;
  offer?: string;
  state?: SubscriptionState;
  resources?: ResourceInput[];
}

export interface FaultSpec {
  endpoint: 'usage' | 'token' | 'metadata' | 'admin' | 'alerts' | 'any';
  /**
   * An HTTP error (400 and 404 answer as a stamp without the resource provider addressed does:
   * with `match.provider`, a provider the stamp lacks); `drop` (the socket is destroyed, nothing done); `timeout` (no answer: the socket
   * is held `holdSeconds`, default 60, then destroyed); `commit-then-drop` (the request is carried
   * out, then the socket is destroyed instead of answering: the caller cannot know it landed).
   */
  status: 400 | 404 | 429 | 500 | 503 | 504 | 'drop' | 'timeout' | 'commit-then-drop';
  /** Matching requests let through before the fault starts firing. */
  skip?: number;
  /** How many matching requests fail; "always" never stops. Default 1. */
  times?: number | 'always';
  retryAfterSeconds?: number;
  holdSeconds?: number;
  match?: {
    /** HTTP method (any case): e.g. PUT to fail writes only. */
    method?: string;
    /** Admin resource: subscriptions, acquiredPlans, offers, plans, quotas, locations. */
    resource?: AdminResourceKind;
    /**
     * The admin resource provider addressed (any case), e.g. `Microsoft.Network.Admin` with
     * `resource: "quotas"` to fail one provider's quota list, as a stamp lacking that RP does.
     */
    provider?: string;
    reportedStartTime?: string;
    /** A subscriber id, or null for all-subscriber queries only. */
    subscriberId?: string | null;
    /** true: only follow-up pages (a continuationToken is present); false: only first pages. */
    continuation?: boolean;
  };
}

export const ADMIN_RESOURCE_KINDS = [
  'subscriptions',
  'acquiredPlans',
  'offers',
  'plans',
  'quotas',
  'locations',
] as const;
export type AdminResourceKind = (typeof ADMIN_RESOURCE_KINDS)[number];

interface AlertInput {
  title: string;
  severity: 'Warning' | 'Critical';
  raisedAt: string;
  closedAt?: string;
  faultTypeId?: string;
  impactedResource?: string;
  description?: string;
}

interface LateRecordInput {
  subscription: string;
  resource: string;
  meterId: string;
  usageHour: string;
  reportedAt: string;
  quantity: number;
}

interface RegionInput {
  name: string;
  identity: 'entra' | 'adfs';
  directoryTenantId?: string;
  directoryTenantName?: string;
  audience?: string;
  clients: { clientId: string; clientSecret: string }[];
  providerSubscriptionId?: string;
  pageSize?: number;
  adminPageSize?: number;
  tokenLifetimeSeconds?: number;
  usage: { from: string; to: string; twoHourDelayFraction?: number };
  subscriptions?: SubscriptionInput[];
  subscriptionSets?: {
    count: number;
    displayNamePrefix: string;
    offer?: string;
    resources: ResourceInput[];
  }[];
  offers?: {
    name: string;
    displayName?: string;
    resourceGroup?: string;
    state?: OfferState;
    basePlans: string[];
    addonPlans?: { plan: string; maxAcquisitionCount?: number }[];
  }[];
  plans?: { name: string; displayName?: string; resourceGroup?: string }[];
  /** Resources every subscription created through the admin API gets (default: seeded, see README). */
  newSubscriptionResources?: ResourceInput[];
  /** A subscription created through the admin API reports usage from this many hours before its creation. */
  backdateNewSubscriptionsHours?: number;
  lateRecords?: LateRecordInput[];
  faults?: FaultSpec[];
  alerts?: AlertInput[];
}

export interface ScenarioFile {
  seed: number;
  now?: string;
  regions: RegionInput[];
}

/**
 * When a subscription reports usage: `initial` before the first event, then each event's `active`
 * from its hour on (hours ascending; an event replaces another of the same hour). Scenario
 * subscriptions start active with no event; the admin API adds events (create, Disabled/Enabled,
 * delete) at the hour of the emulator's clock.
 */
export interface Activity {
  initial: boolean;
  events: { hour: number; active: boolean }[];
}

export function activeAt(activity: Activity, hour: number): boolean {
  let active = activity.initial;
  for (const event of activity.events) {
    if (event.hour > hour) break;
    active = event.active;
  }
  return active;
}

/** Records a change from `hour` on; the clock never runs back, so an earlier hour is the last one. */
export function recordActivity(activity: Activity, hour: number, active: boolean): void {
  const last = activity.events[activity.events.length - 1];
  if (last !== undefined && hour <= last.hour) last.active = active;
  else activity.events.push({ hour, active });
}

/** One meter of one resource: everything needed to compute its record for any usage hour. */
export interface MeterStream {
  subscriptionId: string;
  /** The subscription's activity (shared by its streams). */
  activity: Activity;
  /** The resource URI with `resourceGroups`; records alternate it with `resourcegroups` (G4). */
  resourceUri: string;
  resourceName: string;
  tags: string;
  additionalInfo: string;
  meterId: string;
  /** Monthly meters report 1/(hours of the UTC month) per hour and are reported without delay. */
  monthly: boolean;
  /** Per-hour quantity (before the monthly division and the jitter). */
  base: number;
  /** Relative spread of the hourly quantity, 0 for constant meters (VM hours, IPs, databases). */
  jitter: number;
  fromHour: number;
  untilHour: number;
}

export interface LateRecord {
  usageHour: number;
  reportedHour: number;
  quantity: number;
}

export interface SubscriptionRecord {
  subscriptionId: string;
  displayName: string;
  owner: string;
  tenantId: string;
  offerId: string;
  state: SubscriptionState;
  externalReferenceId?: string;
  routingResourceManagerType: 'Default' | 'Admin';
}

export type OfferState = 'Private' | 'Public' | 'Decommissioned';

export interface PlanRecord {
  name: string;
  displayName: string;
  resourceGroup: string;
  description: string;
  /** Full ARM ids of quotas, canonical spelling. */
  quotaIds: string[];
}

export interface OfferRecord {
  name: string;
  displayName: string;
  resourceGroup: string;
  description: string;
  state: OfferState;
  maxSubscriptionsPerAccount: number;
  basePlans: PlanRecord[];
  addonPlans: { plan: PlanRecord; maxAcquisitionCount: number | null }[];
}

export interface QuotaRecord {
  name: string;
  properties: Record<string, unknown>;
}

export interface AcquisitionRecord {
  acquisitionId: string;
  plan: PlanRecord;
  externalReferenceId: string;
  acquisitionTime: string;
}

export interface Region {
  name: string;
  identity: 'entra' | 'adfs';
  directoryTenantId: string;
  directoryTenantName: string;
  audience: string;
  clients: Map<string, string>;
  providerSubscriptionId: string;
  pageSize: number;
  adminPageSize: number;
  tokenLifetimeSeconds: number;
  usageFromHour: number;
  usageToHour: number;
  twoHourDelayFraction: number;
  streams: MeterStream[];
  /** Stream index range [first, end) of each direct tenant; streams are grouped by subscription. */
  streamRanges: Map<string, [number, number]>;
  /** Late records by stream index. */
  lateRecords: Map<number, LateRecord[]>;
  /** Tenant subscriptions (mutable: the admin API creates and updates them). */
  subscriptions: Map<string, SubscriptionRecord>;
  platformSubscriptions: SubscriptionRecord[];
  /** Usage activity of every tenant subscription that has streams, deleted ones included. */
  activity: Map<string, Activity>;
  /** Acquired add-on plans by subscription id, then acquisition id. */
  acquisitions: Map<string, Map<string, AcquisitionRecord>>;
  offers: OfferRecord[];
  plans: PlanRecord[];
  /** Quotas by admin RP namespace (lower case). */
  quotas: Map<string, QuotaRecord[]>;
  /** Resources of subscriptions created through the admin API; null: seeded defaults. */
  newSubscriptionResources: ResourceInput[] | null;
  /** Hours before its creation from which a subscription created through the admin API reports usage. */
  backdateNewSubscriptionsHours: number;
  faults: FaultSpec[];
  alerts: (AlertInput & { alertId: string })[];
}

export interface Scenario {
  seed: number;
  /** Fixed "now" for the future-end-time check and alert state; null means the real clock. */
  nowMs: number | null;
  regions: Region[];
}

/** A scenario the emulator cannot serve; the message names the field. */
export class ScenarioError extends Error {}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_DELAY_HOURS = 2;

export function loadScenario(path: string): Scenario {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ScenarioError(`${path}: ${(error as Error).message}`);
  }
  return compileScenario(parsed as ScenarioFile);
}

export function compileScenario(file: ScenarioFile): Scenario {
  onlyKnown(file, ['seed', 'now', 'regions'], 'scenario');
  if (!Number.isInteger(file.seed)) throw new ScenarioError('seed: an integer is required');
  if (!Array.isArray(file.regions) || file.regions.length === 0) {
    throw new ScenarioError('regions: at least one region is required');
  }
  const names = new Set<string>();
  const regions = file.regions.map((region, i) => {
    const compiled = compileRegion(file.seed, region, `regions[${i}]`);
    if (names.has(compiled.name)) throw new ScenarioError(`regions[${i}].name: duplicate '${compiled.name}'`);
    names.add(compiled.name);
    return compiled;
  });
  return { seed: file.seed, nowMs: file.now === undefined ? null : instant(file.now, 'now'), regions };
}

/** A fault of a scenario or added at run time; the message names the field at fault. */
export function checkFault(fault: FaultSpec, at: string): void {
  onlyKnown(fault, ['endpoint', 'status', 'skip', 'times', 'retryAfterSeconds', 'holdSeconds', 'match'], at);
  if (!['usage', 'token', 'metadata', 'admin', 'alerts', 'any'].includes(fault.endpoint)) {
    throw new ScenarioError(`${at}.endpoint: usage, token, metadata, admin, alerts or any`);
  }
  if (![400, 404, 429, 500, 503, 504, 'drop', 'timeout', 'commit-then-drop'].includes(fault.status)) {
    throw new ScenarioError(
      `${at}.status: 400, 404, 429, 500, 503, 504, "drop", "timeout" or "commit-then-drop"`,
    );
  }
  for (const field of ['skip', 'retryAfterSeconds', 'holdSeconds'] as const) {
    if (fault[field] !== undefined) positive(fault[field], `${at}.${field}`);
  }
  if (fault.times !== undefined && fault.times !== 'always') positive(fault.times, `${at}.times`);
  if (fault.match !== undefined) {
    onlyKnown(
      fault.match,
      ['method', 'resource', 'provider', 'reportedStartTime', 'subscriberId', 'continuation'],
      `${at}.match`,
    );
    if (fault.match.resource !== undefined && !ADMIN_RESOURCE_KINDS.includes(fault.match.resource)) {
      throw new ScenarioError(`${at}.match.resource: one of ${ADMIN_RESOURCE_KINDS.join(', ')}`);
    }
    if (fault.match.method !== undefined) text(fault.match.method, `${at}.match.method`);
    if (fault.match.provider !== undefined) text(fault.match.provider, `${at}.match.provider`);
  }
}

/** Refuses fields the format does not define, so a misspelt one is reported, not silently ignored. */
function onlyKnown(value: unknown, known: string[], at: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ScenarioError(`${at}: an object is required`);
  }
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) throw new ScenarioError(`${at}.${key}: unknown field`);
  }
}

const RESOURCE_FIELDS: Record<string, string[]> = {
  vm: ['size', 'os', 'image'],
  disk: ['sku', 'actualSizeGb'],
  storage: [
    'blockBlobGb',
    'pageBlobGb',
    'tableGb',
    'queueGb',
    'blobTransactions',
    'blobIngressGb',
    'blobEgressGb',
  ],
  publicIp: ['allocation'],
  sqlDatabase: ['server', 'sizeMb'],
  mySqlDatabase: ['server', 'sizeMb'],
  appServicePlan: ['tier', 'instances'],
  keyVault: ['transactions'],
  custom: ['meterId', 'quantity'],
};

function instant(text: unknown, field: string): number {
  const ms = typeof text === 'string' ? parseIsoWithOffset(text) : null;
  if (ms === null) throw new ScenarioError(`${field}: an ISO-8601 time with an offset is required`);
  return ms;
}

function wholeHour(text: unknown, field: string): number {
  const ms = instant(text, field);
  if (ms % HOUR_MS !== 0) throw new ScenarioError(`${field}: must be at the start of an hour`);
  return hourIndex(ms);
}

function positive(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ScenarioError(`${field}: a non-negative number is required`);
  }
  return value;
}

function wholeNumber(value: unknown, field: string): number {
  const n = positive(value, field);
  if (!Number.isInteger(n)) throw new ScenarioError(`${field}: a whole number is required`);
  return n;
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0)
    throw new ScenarioError(`${field}: a string is required`);
  return value;
}

function compileRegion(seed: number, input: RegionInput, at: string): Region {
  onlyKnown(
    input,
    [
      'name',
      'identity',
      'directoryTenantId',
      'directoryTenantName',
      'audience',
      'clients',
      'providerSubscriptionId',
      'pageSize',
      'adminPageSize',
      'tokenLifetimeSeconds',
      'usage',
      'subscriptions',
      'subscriptionSets',
      'offers',
      'plans',
      'newSubscriptionResources',
      'backdateNewSubscriptionsHours',
      'lateRecords',
      'faults',
      'alerts',
    ],
    at,
  );
  onlyKnown(input.usage, ['from', 'to', 'twoHourDelayFraction'], `${at}.usage`);
  (input.subscriptions ?? []).forEach((sub, i) => {
    onlyKnown(
      sub,
      ['subscriptionId', 'displayName', 'owner', 'tenantId', 'offer', 'state', 'resources'],
      `${at}.subscriptions[${i}]`,
    );
  });
  (input.subscriptionSets ?? []).forEach((set, i) => {
    onlyKnown(set, ['count', 'displayNamePrefix', 'offer', 'resources'], `${at}.subscriptionSets[${i}]`);
  });
  (input.lateRecords ?? []).forEach((late, i) => {
    onlyKnown(
      late,
      ['subscription', 'resource', 'meterId', 'usageHour', 'reportedAt', 'quantity'],
      `${at}.lateRecords[${i}]`,
    );
  });
  (input.faults ?? []).forEach((fault, i) => {
    checkFault(fault, `${at}.faults[${i}]`);
  });
  (input.alerts ?? []).forEach((alert, i) => {
    onlyKnown(
      alert,
      ['title', 'severity', 'raisedAt', 'closedAt', 'faultTypeId', 'impactedResource', 'description'],
      `${at}.alerts[${i}]`,
    );
  });
  const name = text(input.name, `${at}.name`);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name))
    throw new ScenarioError(`${at}.name: lower-case letters, digits, '-'`);
  if (input.identity !== 'entra' && input.identity !== 'adfs') {
    throw new ScenarioError(`${at}.identity: "entra" or "adfs"`);
  }
  if (!Array.isArray(input.clients) || input.clients.length === 0) {
    throw new ScenarioError(`${at}.clients: at least one client is required`);
  }
  const clients = new Map<string, string>();
  input.clients.forEach((client, i) => {
    clients.set(
      text(client.clientId, `${at}.clients[${i}].clientId`),
      text(client.clientSecret, `${at}.clients[${i}].clientSecret`),
    );
  });
  const providerSubscriptionId = input.providerSubscriptionId ?? stableGuid(seed, `${name}:provider`);
  const usageFromHour = wholeHour(input.usage?.from, `${at}.usage.from`);
  const usageToHour = wholeHour(input.usage?.to, `${at}.usage.to`);
  if (usageToHour <= usageFromHour) throw new ScenarioError(`${at}.usage.to: must be after usage.from`);
  const twoHourDelayFraction = input.usage.twoHourDelayFraction ?? 0.05;
  if (twoHourDelayFraction < 0 || twoHourDelayFraction > 1) {
    throw new ScenarioError(`${at}.usage.twoHourDelayFraction: between 0 and 1`);
  }

  const defaultQuotaIds = QUOTA_PROVIDERS.map((rp) =>
    quotaId(providerSubscriptionId, name, rp.namespace, rp.quota.name),
  );
  const plans: PlanRecord[] = (input.plans ?? [{ name: 'iaas-plan', displayName: 'IaaS Plan' }]).map(
    (plan, i) => {
      onlyKnown(plan, ['name', 'displayName', 'resourceGroup'], `${at}.plans[${i}]`);
      return {
        name: text(plan.name, `${at}.plans[${i}].name`),
        displayName: plan.displayName ?? plan.name,
        resourceGroup: plan.resourceGroup ?? 'plans-rg',
        description: '',
        quotaIds: [...defaultQuotaIds],
      };
    },
  );
  const planNamed = (planName: string, field: string): PlanRecord => {
    const plan = plans.find((p) => p.name === planName);
    if (plan === undefined) throw new ScenarioError(`${field}: unknown plan '${planName}'`);
    return plan;
  };
  const offers: OfferRecord[] = (
    input.offers ?? [
      // The default offer holds the first plan (the default plan when none is given).
      {
        name: 'iaas-standard',
        displayName: 'IaaS Standard',
        basePlans: plans.slice(0, 1).map((p) => p.name),
      },
    ]
  ).map((offer, i) => {
    const offerAt = `${at}.offers[${i}]`;
    onlyKnown(offer, ['name', 'displayName', 'resourceGroup', 'state', 'basePlans', 'addonPlans'], offerAt);
    if (offer.state !== undefined && !['Private', 'Public', 'Decommissioned'].includes(offer.state)) {
      throw new ScenarioError(`${offerAt}.state: Private, Public or Decommissioned`);
    }
    return {
      name: text(offer.name, `${offerAt}.name`),
      displayName: offer.displayName ?? offer.name,
      resourceGroup: offer.resourceGroup ?? 'offers-rg',
      description: '',
      state: offer.state ?? 'Public',
      maxSubscriptionsPerAccount: 0,
      basePlans: (offer.basePlans ?? []).map((p, j) => planNamed(p, `${offerAt}.basePlans[${j}]`)),
      addonPlans: (offer.addonPlans ?? []).map((a, j) => ({
        plan: planNamed(a.plan, `${offerAt}.addonPlans[${j}].plan`),
        maxAcquisitionCount:
          a.maxAcquisitionCount === undefined
            ? null
            : positive(a.maxAcquisitionCount, `${offerAt}.addonPlans[${j}].maxAcquisitionCount`),
      })),
    };
  });
  if (input.newSubscriptionResources !== undefined) {
    // Compiled once here so a mistake is reported at start, not at the first create.
    compileResources(
      seed,
      [],
      stableGuid(seed, `${name}:new-subscription-check`),
      input.newSubscriptionResources,
      `${at}.newSubscriptionResources`,
      usageFromHour,
      usageToHour,
      { initial: false, events: [] },
    );
  }
  const offerId = (offerName: string | undefined, field: string): string => {
    const offer = offerName === undefined ? offers[0]! : offers.find((o) => o.name === offerName);
    if (offer === undefined) throw new ScenarioError(`${field}: unknown offer '${offerName}'`);
    return `/subscriptions/${providerSubscriptionId}/resourceGroups/${offer.resourceGroup}/providers/Microsoft.Subscriptions.Admin/offers/${offer.name}`;
  };

  const expanded: { input: SubscriptionInput; at: string }[] = (input.subscriptions ?? []).map((sub, i) => ({
    input: sub,
    at: `${at}.subscriptions[${i}]`,
  }));
  (input.subscriptionSets ?? []).forEach((set, s) => {
    const count = positive(set.count, `${at}.subscriptionSets[${s}].count`);
    for (let n = 0; n < count; n++) {
      expanded.push({
        input: {
          subscriptionId: stableGuid(seed, `${name}:set${s}:${n}`),
          displayName: `${set.displayNamePrefix} ${n + 1}`,
          ...(set.offer === undefined ? {} : { offer: set.offer }),
          resources: set.resources,
        },
        at: `${at}.subscriptionSets[${s}]`,
      });
    }
  });

  const streams: MeterStream[] = [];
  const streamRanges = new Map<string, [number, number]>();
  const subscriptions = new Map<string, SubscriptionRecord>();
  const activity = new Map<string, Activity>();
  expanded.forEach(({ input: sub, at: subAt }, i) => {
    const subscriptionId = (sub.subscriptionId ?? stableGuid(seed, `${name}:sub${i}`)).toLowerCase();
    if (!GUID.test(subscriptionId)) throw new ScenarioError(`${subAt}.subscriptionId: a GUID is required`);
    if (subscriptions.has(subscriptionId)) throw new ScenarioError(`${subAt}.subscriptionId: duplicate`);
    subscriptions.set(subscriptionId, {
      subscriptionId,
      displayName: text(sub.displayName, `${subAt}.displayName`),
      owner: sub.owner ?? `owner${i + 1}@tenant${i + 1}.example`,
      tenantId: sub.tenantId ?? stableGuid(seed, `${name}:tenant${i}`),
      offerId: offerId(sub.offer, `${subAt}.offer`),
      state: sub.state ?? 'Enabled',
      routingResourceManagerType: 'Default',
    });
    const subActivity: Activity = { initial: true, events: [] };
    activity.set(subscriptionId, subActivity);
    const range = compileResources(
      seed,
      streams,
      subscriptionId,
      sub.resources ?? [],
      subAt,
      usageFromHour,
      usageToHour,
      subActivity,
    );
    streamRanges.set(subscriptionId, range);
  });

  const lateRecords = new Map<number, LateRecord[]>();
  (input.lateRecords ?? []).forEach((late, i) => {
    const lateAt = `${at}.lateRecords[${i}]`;
    const subscriptionId = [...subscriptions.values()].find(
      (s) => s.subscriptionId === late.subscription.toLowerCase() || s.displayName === late.subscription,
    )?.subscriptionId;
    if (subscriptionId === undefined)
      throw new ScenarioError(`${lateAt}.subscription: unknown '${late.subscription}'`);
    const [first, end] = streamRanges.get(subscriptionId)!;
    let streamIndex = -1;
    for (let s = first; s < end; s++) {
      const stream = streams[s]!;
      if (
        stream.resourceName === late.resource &&
        stream.meterId.toLowerCase() === late.meterId.toLowerCase()
      ) {
        streamIndex = s;
      }
    }
    if (streamIndex < 0)
      throw new ScenarioError(`${lateAt}: no resource '${late.resource}' with meter ${late.meterId}`);
    const usageHour = wholeHour(late.usageHour, `${lateAt}.usageHour`);
    const reportedHour = hourIndex(instant(late.reportedAt, `${lateAt}.reportedAt`));
    // Later than any regular report of that hour, so a window never holds two records of one key.
    if (reportedHour <= usageHour + MAX_DELAY_HOURS) {
      throw new ScenarioError(
        `${lateAt}.reportedAt: must be at least ${MAX_DELAY_HOURS + 1} hours after usageHour`,
      );
    }
    const list = lateRecords.get(streamIndex) ?? [];
    if (list.some((l) => l.usageHour === usageHour && l.reportedHour === reportedHour)) {
      throw new ScenarioError(`${lateAt}: duplicate late record`);
    }
    list.push({ usageHour, reportedHour, quantity: positive(late.quantity, `${lateAt}.quantity`) });
    list.sort((a, b) => a.usageHour - b.usageHour);
    lateRecords.set(streamIndex, list);
  });

  const platform = (label: string, displayName: string): SubscriptionRecord => ({
    subscriptionId: label === 'provider' ? providerSubscriptionId : stableGuid(seed, `${name}:${label}`),
    displayName,
    owner: `azsadmin@${name}.operator.example`,
    tenantId: input.directoryTenantId ?? stableGuid(seed, `${name}:directory`),
    offerId: `/subscriptions/${providerSubscriptionId}/resourceGroups/system.global/providers/Microsoft.Subscriptions.Admin/offers/${stableGuid(seed, `${name}:${label}:offer`).toUpperCase()}`,
    state: 'Enabled',
    routingResourceManagerType: 'Admin',
  });

  const directoryTenantId = input.directoryTenantId ?? stableGuid(seed, `${name}:directory`);
  const directoryTenantName = input.directoryTenantName ?? `${name}operator.onmicrosoft.com`;
  return {
    name,
    identity: input.identity,
    directoryTenantId,
    directoryTenantName,
    audience:
      input.audience ??
      (input.identity === 'adfs'
        ? `https://adminmanagement.adfs.${name}.azurestack.local/${stableGuid(seed, `${name}:audience`)}`
        : `https://adminmanagement.${directoryTenantName}/${stableGuid(seed, `${name}:audience`)}`),
    clients,
    providerSubscriptionId,
    pageSize: input.pageSize ?? 1000,
    adminPageSize: input.adminPageSize ?? 50,
    tokenLifetimeSeconds: input.tokenLifetimeSeconds ?? 3599,
    usageFromHour,
    usageToHour,
    twoHourDelayFraction,
    streams,
    streamRanges,
    lateRecords,
    subscriptions,
    platformSubscriptions: [
      platform('consumption', 'Consumption Subscription'),
      platform('provider', 'Default Provider Subscription'),
      platform('metering', 'Metering Subscription'),
    ],
    activity,
    acquisitions: new Map(),
    offers,
    plans,
    quotas: new Map(
      QUOTA_PROVIDERS.map((rp) => [
        rp.namespace.toLowerCase(),
        [{ name: rp.quota.name, properties: { ...rp.quota.properties } }],
      ]),
    ),
    newSubscriptionResources: input.newSubscriptionResources ?? null,
    backdateNewSubscriptionsHours: wholeNumber(
      input.backdateNewSubscriptionsHours ?? 0,
      `${at}.backdateNewSubscriptionsHours`,
    ),
    faults: [...(input.faults ?? [])],
    alerts: (input.alerts ?? []).map((alert, i) => {
      instant(alert.raisedAt, `${at}.alerts[${i}].raisedAt`);
      if (alert.closedAt !== undefined) instant(alert.closedAt, `${at}.alerts[${i}].closedAt`);
      return { ...alert, alertId: stableGuid(seed, `${name}:alert${i}`) };
    }),
  };
}

/** Compiles a subscription's resources onto the end of `streams`; returns its stream range. */
function compileResources(
  seed: number,
  streams: MeterStream[],
  subscriptionId: string,
  resources: ResourceInput[],
  at: string,
  usageFromHour: number,
  usageToHour: number,
  activity: Activity,
): [number, number] {
  const first = streams.length;
  const seenUris = new Set<string>();
  resources.forEach((resource, r) => {
    const resourceAt = `${at}.resources[${r}]`;
    const compiled = compileResource(
      seed,
      subscriptionId,
      resource,
      resourceAt,
      usageFromHour,
      usageToHour,
      activity,
    );
    const key = compiled[0]?.resourceUri.toLowerCase();
    if (key !== undefined && seenUris.has(key))
      throw new ScenarioError(`${resourceAt}.name: duplicate resource`);
    if (key !== undefined) seenUris.add(key);
    streams.push(...compiled);
  });
  return [first, streams.length];
}

const DEFAULT_VM_SIZES = ['Standard_A2', 'Standard_D2_v2', 'Standard_F4s_v2'];

/**
 * The resources of a subscription created through the admin API: the region's
 * `newSubscriptionResources`, else a seeded set (a Windows or Linux VM of a seeded size, a storage
 * account with a seeded capacity, a static public IP), the same for the same seed and id.
 */
export function newSubscriptionResources(
  seed: number,
  region: Region,
  subscriptionId: string,
): ResourceInput[] {
  if (region.newSubscriptionResources !== null) return region.newSubscriptionResources;
  const pick = (purpose: string, n: number) =>
    Math.floor(unitHash(seed, region.name, subscriptionId, purpose) * n);
  return [
    {
      kind: 'vm',
      name: 'vm1',
      resourceGroup: 'rg-default',
      size: DEFAULT_VM_SIZES[pick('size', DEFAULT_VM_SIZES.length)]!,
      os: pick('os', 2) === 0 ? 'windows' : 'linux',
    },
    {
      kind: 'storage',
      name: `st${subscriptionId.replaceAll('-', '').slice(0, 12)}`,
      resourceGroup: 'rg-default',
      blockBlobGb: 10 + pick('capacity', 190),
      blobTransactions: 0.5,
    },
    { kind: 'publicIp', name: 'vm1-pip', resourceGroup: 'rg-default', allocation: 'static' },
  ];
}

/**
 * Gives a subscription created at run time its streams (appended: positions of earlier streams, and
 * so every continuation token, stay valid) and an activity that starts inactive. Its usage starts
 * with the activity event its creation records.
 */
export function addSubscriptionStreams(seed: number, region: Region, subscriptionId: string): Activity {
  const activity: Activity = { initial: false, events: [] };
  const range = compileResources(
    seed,
    region.streams,
    subscriptionId,
    newSubscriptionResources(seed, region, subscriptionId),
    `newSubscriptionResources(${subscriptionId})`,
    region.usageFromHour,
    region.usageToHour,
    activity,
  );
  region.streamRanges.set(subscriptionId, range);
  region.activity.set(subscriptionId, activity);
  return activity;
}

const DEFAULT_IMAGES = {
  windows: { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2019-Datacenter' },
  linux: { publisher: 'Canonical', offer: 'UbuntuServer', sku: '18.04-LTS' },
};

function compileResource(
  seed: number,
  subscriptionId: string,
  resource: ResourceInput,
  at: string,
  usageFromHour: number,
  usageToHour: number,
  activity: Activity,
): MeterStream[] {
  const kindFields = RESOURCE_FIELDS[resource.kind];
  if (kindFields === undefined) {
    throw new ScenarioError(`${at}.kind: one of ${Object.keys(RESOURCE_FIELDS).join(', ')}`);
  }
  onlyKnown(resource, ['kind', 'name', 'resourceGroup', 'from', 'until', 'tags', ...kindFields], at);
  const group = text(resource.resourceGroup, `${at}.resourceGroup`);
  const resourceName = text(resource.name, `${at}.name`);
  const fromHour = resource.from === undefined ? usageFromHour : wholeHour(resource.from, `${at}.from`);
  const untilHour = resource.until === undefined ? usageToHour : wholeHour(resource.until, `${at}.until`);
  const prefix = `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers`;
  // Tags as observed (G3): a JSON-encoded object when given, else "" or the literal "null".
  const tags =
    resource.tags !== undefined
      ? JSON.stringify(resource.tags)
      : unitHash(seed, 'tags', subscriptionId, resourceName) < 0.3
        ? 'null'
        : '';
  const stream = (
    resourceUri: string,
    meterId: string,
    base: number,
    jitter = 0,
    additionalInfo = '',
  ): MeterStream => ({
    subscriptionId,
    activity,
    resourceUri,
    resourceName,
    tags,
    additionalInfo,
    meterId,
    monthly: MONTHLY_METERS.has(meterId),
    base,
    jitter,
    fromHour,
    untilHour,
  });
  switch (resource.kind) {
    case 'vm': {
      const vcores = VM_SIZE_VCORES[resource.size];
      if (vcores === undefined) throw new ScenarioError(`${at}.size: unknown VM size '${resource.size}'`);
      if (resource.os !== 'windows' && resource.os !== 'linux')
        throw new ScenarioError(`${at}.os: "windows" or "linux"`);
      const image = resource.image ?? DEFAULT_IMAGES[resource.os];
      const info = JSON.stringify({
        ServiceType: resource.size,
        ImageType: null,
        Publisher: image.publisher,
        Offer: image.offer,
        Sku: image.sku,
      });
      const uri = `${prefix}/Microsoft.Compute/virtualMachines/${resourceName}`;
      // Windows and Linux vCore meters are exclusive per VM (G15).
      const vcoreMeter = resource.os === 'windows' ? METERS.windowsVcoreHours : METERS.baseVcoreHours;
      return [stream(uri, METERS.vmHours, 1, 0, info), stream(uri, vcoreMeter, vcores, 0, info)];
    }
    case 'disk': {
      const meter = DISK_SKU_METERS[resource.sku];
      if (meter === undefined) throw new ScenarioError(`${at}.sku: unknown disk SKU '${resource.sku}'`);
      const uri = `${prefix}/Microsoft.Compute/disks/${resourceName}`;
      const streams = [stream(uri, meter, 1)];
      if (resource.actualSizeGb !== undefined) {
        const actual = resource.sku.startsWith('P')
          ? METERS.actualPremiumDiskSize
          : METERS.actualStandardDiskSize;
        streams.push(stream(uri, actual, positive(resource.actualSizeGb, `${at}.actualSizeGb`)));
      }
      return streams;
    }
    case 'storage': {
      const uri = `${prefix}/Microsoft.Storage/storageAccounts/${resourceName}`;
      const fields = [
        ['blockBlobGb', METERS.blockBlobCapacity, 0.02],
        ['pageBlobGb', METERS.pageBlobCapacity, 0.02],
        ['tableGb', METERS.tableCapacity, 0.02],
        ['queueGb', METERS.queueCapacity, 0.02],
        ['blobTransactions', METERS.blobTransactions, 1],
        ['blobIngressGb', METERS.blobDataTransIn, 1],
        ['blobEgressGb', METERS.blobDataTransOut, 1],
      ] as const;
      const streams = fields
        .filter(([field]) => resource[field] !== undefined)
        .map(([field, meter, jitter]) =>
          stream(uri, meter, positive(resource[field], `${at}.${field}`), jitter),
        );
      if (streams.length === 0)
        throw new ScenarioError(`${at}: a storage account needs at least one quantity`);
      return streams;
    }
    case 'publicIp': {
      const meter = resource.allocation === 'dynamic' ? METERS.dynamicIp : METERS.staticIp;
      return [stream(`${prefix}/Microsoft.Network/publicIPAddresses/${resourceName}`, meter, 1)];
    }
    case 'sqlDatabase':
    case 'mySqlDatabase': {
      const server = text(resource.server, `${at}.server`);
      const [namespace, meter] =
        resource.kind === 'sqlDatabase'
          ? ['Microsoft.SQLAdapter', METERS.sqlDatabaseSize]
          : ['Microsoft.MySQLAdapter', METERS.mySqlDatabaseSize];
      const uri = `${prefix}/${namespace}/servers/${server}/databases/${resourceName}`;
      return [stream(uri, meter, positive(resource.sizeMb, `${at}.sizeMb`))];
    }
    case 'appServicePlan': {
      const meter = APP_SERVICE_TIER_METERS[resource.tier];
      if (meter === undefined)
        throw new ScenarioError(`${at}.tier: unknown App Service tier '${resource.tier}'`);
      const uri = `${prefix}/Microsoft.Web/serverFarms/${resourceName}`;
      return [stream(uri, meter, positive(resource.instances, `${at}.instances`))];
    }
    case 'keyVault': {
      const uri = `${prefix}/Microsoft.KeyVault/vaults/${resourceName}`;
      return [
        stream(uri, METERS.keyVaultTransactions, positive(resource.transactions, `${at}.transactions`), 1),
      ];
    }
    case 'custom': {
      // Any meter id, known or not: how a stamp reports a meter the CMS catalog lacks (a new
      // resource provider, a renamed meter). Constant hourly quantity, so tests can sum it.
      const meterId = text(resource.meterId, `${at}.meterId`);
      const uri = `${prefix}/Custom.Provider/resources/${resourceName}`;
      return [stream(uri, meterId, positive(resource.quantity, `${at}.quantity`))];
    }
  }
}
