import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  alertJson,
  allSubscriptions,
  armSubscriptionJson,
  locationJson,
  offerJson,
  planJson,
  QUOTA_PROVIDERS,
  quotaJson,
  subscriptionJson,
} from './admin.ts';
import {
  deleteAcquiredPlan,
  deleteOffer,
  deletePlan,
  deleteSubscription,
  findOffer,
  findPlan,
  findQuota,
  linkOffer,
  listAcquiredPlans,
  putAcquiredPlan,
  putOffer,
  putPlan,
  putQuota,
  putSubscription,
  type Reply,
} from './admin-writes.ts';
import { type EndpointClass, FaultInjector } from './faults.ts';
import { armError, matchPath, readBody, sendJson, sendText } from './http.ts';
import { authorize, issueToken, metadataEndpoints } from './identity.ts';
import {
  type AdminResourceKind,
  checkFault,
  type FaultSpec,
  type Region,
  type Scenario,
  ScenarioError,
} from './scenario.ts';
import { DAY_HOURS, formatUsageTime, HOUR_MS, hourIndex, parseIsoWithOffset } from './time.ts';
import { Signer } from './tokens.ts';
import { type Cursor, type Granularity, recordJson, type UsageQuery, usagePage } from './usage.ts';

/**
 * The emulator's HTTP server. Every region lives under its own base path, `/{region}`: that base is
 * the region's admin ARM endpoint (metadata, tokens, usage, admin APIs all hang below it), so one
 * process serves several regions on one port. `/_emulator/…` is the test-control surface.
 */

const USAGE_API_VERSION = '2015-06-01-preview';
const ADMIN_API_VERSION = '2015-11-01';
const ALERTS_API_VERSION = '2016-05-01';

interface RegionState {
  region: Region;
  faults: FaultInjector;
  /** The latest requests, oldest first (bounded), for tests that check what a client sent. */
  log: { method: string; url: string; status: number }[];
}

const LOG_LIMIT = 10_000;

interface Call {
  state: RegionState;
  segments: string[];
  query: URLSearchParams;
  regionBase: string;
  req: IncomingMessage;
  res: ServerResponse;
}

export function createEmulator(scenario: Scenario): Server {
  const signer = new Signer(scenario.seed);
  const regions = new Map<string, RegionState>(
    scenario.regions.map((region) => [
      region.name,
      { region, faults: new FaultInjector(region.faults), log: [] },
    ]),
  );
  const now = () => scenario.nowMs ?? Date.now();
  let readsRemaining = 15_000;
  let requests = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    requests++;
    const url = new URL(req.url ?? '/', 'http://emulator');
    let segments: string[];
    try {
      segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    } catch {
      armError(res, 400, 'InvalidRequestUri', 'The request URI is not valid.');
      return;
    }
    const origin = `http://${req.headers.host ?? 'localhost'}`;
    if (segments[0] === '_emulator') {
      await control(segments.slice(1), req, res);
      return;
    }
    const state = regions.get(segments[0] ?? '');
    if (state === undefined) {
      armError(res, 404, 'NotFound', `No region is served at '/${segments[0] ?? ''}'.`);
      return;
    }
    // The raw request target, as the client sent it (a nextLink must arrive verbatim).
    const rawUrl = req.url ?? '/';
    res.once('close', () => {
      if (state.log.length >= LOG_LIMIT) state.log.shift();
      state.log.push({
        method: req.method ?? 'GET',
        url: rawUrl,
        status: res.headersSent ? res.statusCode : 0,
      });
    });
    const call: Call = {
      state,
      segments: segments.slice(1),
      query: url.searchParams,
      regionBase: `${origin}/${state.region.name}`,
      req,
      res,
    };
    await route(call);
  }

  /** Test control: memory stats, the request log, and faults added or cleared at run time. */
  async function control(segments: string[], req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (segments[0] === 'stats' && req.method === 'GET') {
      const memory = process.memoryUsage();
      sendJson(res, 200, { requests, rss: memory.rss, heapUsed: memory.heapUsed });
      return;
    }
    if (segments[0] === 'clock' && segments.length === 1) {
      await clock(req, res);
      return;
    }
    const state = regions.get(segments[0] ?? '');
    if (state !== undefined && segments[1] === 'requests' && req.method === 'GET') {
      sendJson(res, 200, { value: state.log });
      return;
    }
    if (state !== undefined && segments[1] === 'requests' && req.method === 'DELETE') {
      state.log.length = 0;
      res.writeHead(204).end();
      return;
    }
    if (state === undefined || segments[1] !== 'faults') {
      armError(res, 404, 'NotFound', 'Unknown control path.');
      return;
    }
    if (req.method === 'DELETE') {
      state.faults.clear();
      res.writeHead(204).end();
      return;
    }
    if (req.method === 'POST') {
      let fault: FaultSpec;
      try {
        fault = JSON.parse(await readBody(req)) as FaultSpec;
        checkFault(fault, 'fault');
      } catch (error) {
        const message = error instanceof ScenarioError ? error.message : 'The body is not valid JSON.';
        armError(res, 400, 'InvalidFault', message);
        return;
      }
      state.faults.add(fault);
      res.writeHead(204).end();
      return;
    }
    armError(res, 405, 'MethodNotAllowed', 'Use POST or DELETE.');
  }

  /**
   * `GET /_emulator/clock` → `{now}`; `PUT` with `{now}` sets the emulator's "now" (forward only: the
   * usage model records subscription changes at the clock's hour, and history does not change).
   */
  async function clock(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'PUT') {
      let next: number | null = null;
      try {
        const body = JSON.parse(await readBody(req)) as { now?: unknown };
        next = typeof body.now === 'string' ? parseIsoWithOffset(body.now) : null;
      } catch {
        next = null;
      }
      if (next === null) {
        armError(res, 400, 'InvalidProperty', "'now' must be an ISO-8601 time with an offset.");
        return;
      }
      if (next < now()) {
        armError(
          res,
          409,
          'Conflict',
          `The clock does not run back (now is ${new Date(now()).toISOString()}).`,
        );
        return;
      }
      scenario.nowMs = next;
    } else if (req.method !== 'GET') {
      armError(res, 405, 'MethodNotAllowed', 'Use GET or PUT.');
      return;
    }
    sendJson(res, 200, { now: new Date(now()).toISOString() });
  }

  function faulted(call: Call, endpoint: EndpointClass): boolean {
    const outcome = call.state.faults.intercept(
      endpoint,
      {
        query: call.query,
        method: call.req.method ?? 'GET',
        resource: adminResourceOf(call.segments),
        provider: providerOf(call.segments),
      },
      call.req,
      call.res,
    );
    return outcome === 'taken';
  }

  function send(call: Call, reply: Reply): void {
    if (reply.error !== undefined) {
      armError(call.res, reply.status, reply.error.code, reply.error.message);
    } else if (reply.body !== undefined) {
      sendJson(call.res, reply.status, reply.body, armHeaders(call));
    } else {
      call.res.writeHead(reply.status, armHeaders(call)).end();
    }
  }

  /** The JSON object body of a write, or null after answering 400. */
  async function objectBody(call: Call): Promise<Record<string, unknown> | null> {
    let body: unknown;
    try {
      body = JSON.parse(await readBody(call.req));
    } catch {
      badProperty(call, 'The request body is not valid JSON.');
      return null;
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      badProperty(call, 'The request body must be a JSON object.');
      return null;
    }
    return body as Record<string, unknown>;
  }

  const writeContext = () => ({ seed: scenario.seed, nowMs: now() });

  function requireApiVersion(call: Call, accepted: string[]): boolean {
    const version = call.query.get('api-version');
    if (version === null || version === '') {
      armError(
        call.res,
        400,
        'NoApiVersion',
        'The api-version query parameter (?api-version=) is required for all requests.',
      );
      return false;
    }
    if (!accepted.includes(version)) {
      armError(
        call.res,
        400,
        'InvalidApiVersionParameter',
        `The api-version '${version}' is invalid. The supported versions are '${accepted.join(',')}'.`,
      );
      return false;
    }
    return true;
  }

  /** The caller's subscription in the path must be the provider subscription its role is on (§2.4). */
  function requireProviderSubscription(call: Call, subscriptionId: string, action: string): boolean {
    if (subscriptionId.toLowerCase() === call.state.region.providerSubscriptionId) return true;
    armError(
      call.res,
      403,
      'AuthorizationFailed',
      `The client does not have authorization to perform action '${action}' over scope '/subscriptions/${subscriptionId}'.`,
    );
    return false;
  }

  function armHeaders(call: Call): Record<string, string> {
    readsRemaining = readsRemaining > 1 ? readsRemaining - 1 : 15_000;
    const requestId = randomUUID();
    const correlation = call.req.headers['x-ms-correlation-request-id'];
    return {
      'x-ms-ratelimit-remaining-subscription-reads': String(readsRemaining),
      'x-ms-request-id': requestId,
      'x-ms-correlation-request-id': typeof correlation === 'string' ? correlation : randomUUID(),
      'x-ms-routing-request-id': `${call.state.region.name.toUpperCase()}:${new Date().toISOString().replace(/[-:.]/g, '')}:${requestId}`,
    };
  }

  async function route(call: Call): Promise<void> {
    const { segments, req, res } = call;
    const region = call.state.region;
    const method = req.method ?? 'GET';

    if (matchPath(segments, 'metadata/endpoints')) {
      if (faulted(call, 'metadata')) return;
      if (!requireApiVersion(call, ['2015-01-01', '1.0'])) return;
      sendJson(res, 200, metadataEndpoints(region, call.regionBase));
      return;
    }
    const entra = matchPath(segments, 'login/:tenant/oauth2/token');
    const adfs = matchPath(segments, 'adfs/oauth2/token');
    if ((entra && region.identity === 'entra') || (adfs && region.identity === 'adfs')) {
      if (method !== 'POST') {
        armError(res, 405, 'MethodNotAllowed', 'The token endpoint accepts POST only.');
        return;
      }
      if (faulted(call, 'token')) return;
      await issueToken(region, signer, entra?.tenant ?? null, req, res, call.regionBase);
      return;
    }

    if (segments[0]?.toLowerCase() !== 'subscriptions') {
      armError(res, 404, 'NotFound', `The resource path '/${segments.join('/')}' is not served.`);
      return;
    }
    const usage =
      matchPath(
        segments,
        'subscriptions/:sub/providers/Microsoft.Commerce.Admin/subscriberUsageAggregates',
      ) ?? matchPath(segments, 'subscriptions/:sub/providers/Microsoft.Commerce/subscriberUsageAggregates');
    const alerts =
      matchPath(
        segments,
        'subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.InfrastructureInsights.Admin/regionHealths/:location/alerts',
      ) ??
      matchPath(
        segments,
        'subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.InfrastructureInsights.Admin/regionHealths/:location/alerts/:alertId',
      );
    if (faulted(call, usage ? 'usage' : alerts ? 'alerts' : 'admin')) return;
    if (!authorize(region, signer, req, res)) return;

    if (matchPath(segments, 'subscriptions')) {
      if (!requireApiVersion(call, ['2016-05-01', '2015-01-01', '2019-06-01', '2020-01-01'])) return;
      const own = [...region.platformSubscriptions].sort((a, b) =>
        a.displayName.localeCompare(b.displayName),
      );
      sendJson(res, 200, { value: own.map(armSubscriptionJson) }, armHeaders(call));
      return;
    }
    if (usage) {
      if (method !== 'GET') {
        armError(res, 405, 'MethodNotAllowed', 'subscriberUsageAggregates accepts GET only.');
        return;
      }
      if (!requireApiVersion(call, [USAGE_API_VERSION])) return;
      if (
        !requireProviderSubscription(
          call,
          usage.sub!,
          'Microsoft.Commerce.Admin/subscriberUsageAggregates/read',
        )
      )
        return;
      serveUsage(call, usage.sub!);
      return;
    }
    if (alerts) {
      if (!requireApiVersion(call, [ALERTS_API_VERSION])) return;
      if (
        !requireProviderSubscription(
          call,
          alerts.sub!,
          'Microsoft.InfrastructureInsights.Admin/regionHealths/alerts/read',
        )
      )
        return;
      serveAlerts(call, alerts);
      return;
    }
    const quotas =
      matchPath(segments, 'subscriptions/:sub/providers/:rp/locations/:location/quotas') ??
      matchPath(segments, 'subscriptions/:sub/providers/:rp/locations/:location/quotas/:name');
    if (quotas) {
      await serveQuotas(call, quotas);
      return;
    }
    const acquired =
      matchPath(
        segments,
        'subscriptions/:sub/providers/Microsoft.Subscriptions.Admin/subscriptions/:id/acquiredPlans',
      ) ??
      matchPath(
        segments,
        'subscriptions/:sub/providers/Microsoft.Subscriptions.Admin/subscriptions/:id/acquiredPlans/:acquisitionId',
      );
    const offerAction = matchPath(
      segments,
      'subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.Subscriptions.Admin/offers/:id/:action',
    );
    if (acquired || offerAction) {
      if (!requireApiVersion(call, [ADMIN_API_VERSION])) return;
      const sub = (acquired ?? offerAction)!.sub!;
      if (!requireProviderSubscription(call, sub, 'Microsoft.Subscriptions.Admin/write')) return;
      if (acquired) await serveAcquiredPlans(call, acquired);
      else await serveOfferAction(call, offerAction!);
      return;
    }
    const adminList = matchPath(segments, `subscriptions/:sub/providers/Microsoft.Subscriptions.Admin/:kind`);
    const adminItem =
      matchPath(segments, 'subscriptions/:sub/providers/Microsoft.Subscriptions.Admin/subscriptions/:id') ??
      matchPath(
        segments,
        'subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.Subscriptions.Admin/:kind/:id',
      );
    const admin = adminList ?? adminItem;
    if (admin) {
      if (!requireApiVersion(call, [ADMIN_API_VERSION])) return;
      if (!requireProviderSubscription(call, admin.sub!, 'Microsoft.Subscriptions.Admin/read')) return;
      await serveAdmin(call, admin);
      return;
    }
    armError(res, 404, 'NotFound', `The resource path '/${segments.join('/')}' is not served.`);
  }

  function badProperty(call: Call, message: string): void {
    armError(call.res, 400, 'InvalidProperty', message);
  }

  function reportedTime(call: Call, name: 'reportedStartTime' | 'reportedEndTime'): number | null {
    const value = call.query.get(name);
    if (value === null || value === '') {
      badProperty(call, `The query parameter '${name}' is required.`);
      return null;
    }
    const ms = parseIsoWithOffset(value);
    if (ms === null) {
      // Observed wording (§3.6, G9): a '+' sent unencoded arrives as a space.
      badProperty(
        call,
        `The reported date time '${value}' is not in ISO 8601 format(YYYY-MM-DDTHH:mm:ss.sssZ).`,
      );
      return null;
    }
    return ms;
  }

  function serveUsage(call: Call, pathSubscription: string): void {
    const region = call.state.region;
    const { query } = call;
    const startMs = reportedTime(call, 'reportedStartTime');
    if (startMs === null) return;
    const endMs = reportedTime(call, 'reportedEndTime');
    if (endMs === null) return;
    const granularityText = query.get('aggregationGranularity') ?? 'Daily';
    const granularity: Granularity | null =
      granularityText.toLowerCase() === 'daily'
        ? 'Daily'
        : granularityText.toLowerCase() === 'hourly'
          ? 'Hourly'
          : null;
    if (granularity === null) {
      armError(
        call.res,
        400,
        'InvalidAggregationGranularity',
        `The aggregation granularity '${granularityText}' is invalid. Use 'Daily' or 'Hourly'.`,
      );
      return;
    }
    const unitMs = granularity === 'Daily' ? DAY_HOURS * HOUR_MS : HOUR_MS;
    const alignment = granularity === 'Daily' ? 'UTC midnight' : 'the start of an hour';
    if (startMs % unitMs !== 0) {
      badProperty(call, `reportedStartTime must be at ${alignment} for ${granularity} granularity.`);
      return;
    }
    if (endMs % unitMs !== 0) {
      badProperty(call, `reportedEndTime must be at ${alignment} for ${granularity} granularity.`);
      return;
    }
    if (endMs <= startMs) {
      badProperty(call, 'reportedEndTime must be later than reportedStartTime.');
      return;
    }
    if (endMs > now()) {
      armError(
        call.res,
        400,
        'RequestEndTimeIsInFuture',
        `The reportedEndTime '${new Date(endMs).toISOString()}' is in the future.`,
      );
      return;
    }
    const subscriberId = query.get('subscriberId')?.toLowerCase() ?? null;
    let firstStream = 0;
    let endStream = region.streams.length;
    if (subscriberId !== null) {
      const range =
        region.streamRanges.get(subscriberId) ?? (region.subscriptions.has(subscriberId) ? [0, 0] : null);
      if (range === null) {
        armError(
          call.res,
          400,
          'SubscriberIdIsNotDirectTenant',
          `The subscriber '${subscriberId}' is not a direct tenant of the caller.`,
        );
        return;
      }
      [firstStream, endStream] = range;
    }
    const usageQuery: UsageQuery = {
      granularity,
      startHour: hourIndex(startMs),
      endHour: hourIndex(endMs),
      firstStream,
      endStream,
    };
    // The token binds the query it was issued for; any other query (or an edited token) is refused.
    const binding = {
      r: region.name,
      g: granularity,
      a: usageQuery.startHour,
      b: usageQuery.endHour,
      s: subscriberId ?? '',
    };
    let cursor: Cursor | null = null;
    const token = query.get('continuationToken');
    if (token !== null) {
      const opened = signer.openContinuation(token);
      const sameQuery =
        opened !== null && Object.entries(binding).every(([key, value]) => opened[key] === value);
      if (
        !sameQuery ||
        typeof opened.u !== 'number' ||
        typeof opened.t !== 'number' ||
        typeof opened.i !== 'number'
      ) {
        badProperty(call, 'The continuationToken is not valid for this request.');
        return;
      }
      cursor = { unit: opened.u, stream: opened.t, item: opened.i };
    }
    const page = usagePage(scenario.seed, region, usageQuery, cursor, region.pageSize);
    const records = page.items.map((item) => recordJson(scenario.seed, region, item));
    let body = `{"value":[${records.join(',')}]`;
    if (page.next !== null) {
      const nextToken = signer.sealContinuation({
        ...binding,
        u: page.next.unit,
        t: page.next.stream,
        i: page.next.item,
      });
      const namespace = call.segments[3];
      const params = [
        `api-version=${USAGE_API_VERSION}`,
        `reportedStartTime=${encodeURIComponent(formatUsageTime(usageQuery.startHour))}`,
        `reportedEndTime=${encodeURIComponent(formatUsageTime(usageQuery.endHour))}`,
        `aggregationGranularity=${granularity}`,
        ...(subscriberId === null ? [] : [`subscriberId=${subscriberId}`]),
        `continuationToken=${encodeURIComponent(nextToken)}`,
      ];
      const nextLink = `${call.regionBase}/subscriptions/${pathSubscription}/providers/${namespace}/subscriberUsageAggregates?${params.join('&')}`;
      body += `,"nextLink":${JSON.stringify(nextLink)}`;
    }
    sendText(call.res, 200, `${body}}`, armHeaders(call));
  }

  function serveAlerts(call: Call, params: Record<string, string>): void {
    const region = call.state.region;
    const location = params.location!;
    if (location.toLowerCase() !== region.name || params.rg!.toLowerCase() !== `system.${region.name}`) {
      armError(call.res, 404, 'ResourceNotFound', `The region health '${location}' was not found.`);
      return;
    }
    const visible = region.alerts
      .map((alert) => ({ alert, json: alertJson(region, alert, now()) }))
      .filter((entry) => entry.json !== null);
    if (params.alertId !== undefined) {
      const found = visible.find((entry) => entry.alert.alertId === params.alertId!.toLowerCase());
      if (found === undefined) {
        armError(call.res, 404, 'ResourceNotFound', `The alert '${params.alertId}' was not found.`);
        return;
      }
      sendJson(call.res, 200, found.json, armHeaders(call));
      return;
    }
    // Observed shape (§6.5): nextLink is an empty string when there is no next page.
    sendJson(call.res, 200, { value: visible.map((entry) => entry.json), nextLink: '' }, armHeaders(call));
  }

  async function serveQuotas(call: Call, params: Record<string, string>): Promise<void> {
    const region = call.state.region;
    const method = call.req.method ?? 'GET';
    const rp = QUOTA_PROVIDERS.find((p) => p.namespace.toLowerCase() === params.rp!.toLowerCase());
    if (rp === undefined || params.location!.toLowerCase() !== region.name) {
      armError(call.res, 404, 'NotFound', `The resource path '/${call.segments.join('/')}' is not served.`);
      return;
    }
    if (!requireApiVersion(call, rp.apiVersions)) return;
    if (!requireProviderSubscription(call, params.sub!, `${rp.namespace}/locations/quotas/read`)) return;
    const quotas = region.quotas.get(rp.namespace.toLowerCase())!;
    if (params.name === undefined) {
      if (method !== 'GET') {
        armError(call.res, 405, 'MethodNotAllowed', 'Lists accept GET only.');
        return;
      }
      sendJson(call.res, 200, { value: quotas.map((q) => quotaJson(region, rp, q)) }, armHeaders(call));
      return;
    }
    if (method === 'PUT') {
      const body = await objectBody(call);
      if (body !== null) send(call, putQuota(region, rp, params.name, body));
      return;
    }
    if (method !== 'GET') {
      armError(call.res, 405, 'MethodNotAllowed', 'Quotas accept GET and PUT.');
      return;
    }
    const quota = findQuota(region, rp, params.name);
    if (quota === undefined) {
      armError(call.res, 404, 'QuotaNotFound', `The quota '${params.name}' was not found.`);
      return;
    }
    sendJson(call.res, 200, quotaJson(region, rp, quota), armHeaders(call));
  }

  /** Offers and plans are paged with a signed `$skipToken` in nextLink; subscriptions are not (G21). */
  function pagedList(call: Call, kind: string, items: object[]): void {
    const size = call.state.region.adminPageSize;
    let offset = 0;
    const skipToken = call.query.get('$skipToken');
    if (skipToken !== null) {
      const opened = signer.openContinuation(skipToken);
      if (opened === null || opened.k !== kind || typeof opened.o !== 'number') {
        badProperty(call, 'The $skipToken is not valid for this request.');
        return;
      }
      offset = opened.o;
    }
    const value = items.slice(offset, offset + size);
    const more = offset + size < items.length;
    const nextLink = more
      ? `${call.regionBase}/${call.segments.join('/')}?api-version=${ADMIN_API_VERSION}&$skipToken=${encodeURIComponent(signer.sealContinuation({ k: kind, o: offset + size }))}`
      : undefined;
    sendJson(call.res, 200, nextLink === undefined ? { value } : { value, nextLink }, armHeaders(call));
  }

  async function serveAdmin(call: Call, params: Record<string, string>): Promise<void> {
    const region = call.state.region;
    const method = call.req.method ?? 'GET';
    const kind = (params.kind ?? 'subscriptions').toLowerCase();
    if (params.id === undefined) {
      if (method !== 'GET') {
        armError(call.res, 405, 'MethodNotAllowed', 'Lists accept GET only.');
        return;
      }
      if (kind === 'subscriptions') {
        sendJson(
          call.res,
          200,
          { value: allSubscriptions(region).map((s) => subscriptionJson(region, s)) },
          armHeaders(call),
        );
      } else if (kind === 'locations') {
        sendJson(call.res, 200, { value: [locationJson(region)] }, armHeaders(call));
      } else if (kind === 'offers') {
        pagedList(
          call,
          kind,
          region.offers.map((o) => offerJson(region, o)),
        );
      } else if (kind === 'plans') {
        pagedList(
          call,
          kind,
          region.plans.map((p) => planJson(region, p)),
        );
      } else {
        armError(call.res, 404, 'NotFound', `The resource type '${params.kind}' is not served.`);
      }
      return;
    }
    if (kind === 'offers' || kind === 'plans') {
      const rg = params.rg ?? '';
      if (method === 'PUT') {
        const body = await objectBody(call);
        if (body === null) return;
        send(
          call,
          kind === 'offers' ? putOffer(region, rg, params.id, body) : putPlan(region, rg, params.id, body),
        );
        return;
      }
      if (method === 'DELETE') {
        send(
          call,
          kind === 'offers' ? deleteOffer(region, rg, params.id) : deletePlan(region, rg, params.id),
        );
        return;
      }
      if (method !== 'GET') {
        armError(call.res, 405, 'MethodNotAllowed', 'Use GET, PUT or DELETE.');
        return;
      }
      const offer = kind === 'offers' ? findOffer(region, rg, params.id) : undefined;
      const plan = kind === 'plans' ? findPlan(region, rg, params.id) : undefined;
      if (offer === undefined && plan === undefined) {
        armError(call.res, 404, 'NotFound', `The ${kind.slice(0, -1)} '${params.id}' was not found.`);
        return;
      }
      sendJson(
        call.res,
        200,
        offer !== undefined ? offerJson(region, offer) : planJson(region, plan!),
        armHeaders(call),
      );
      return;
    }
    if (kind !== 'subscriptions') {
      armError(call.res, 404, 'NotFound', `The resource type '${params.kind}' is not served.`);
      return;
    }
    const id = params.id.toLowerCase();
    const platform = region.platformSubscriptions.find((s) => s.subscriptionId === id);
    if (method === 'GET') {
      const found = platform ?? region.subscriptions.get(id);
      if (found === undefined) {
        armError(
          call.res,
          404,
          'SubscriptionNotFound',
          `The subscription '${params.id}' could not be found.`,
        );
        return;
      }
      sendJson(call.res, 200, subscriptionJson(region, found), armHeaders(call));
      return;
    }
    if (platform !== undefined) {
      armError(call.res, 409, 'Conflict', `The operator subscription '${params.id}' cannot be changed.`);
      return;
    }
    if (method === 'DELETE') {
      send(call, deleteSubscription(region, writeContext(), id));
      return;
    }
    if (method !== 'PUT') {
      armError(call.res, 405, 'MethodNotAllowed', 'Use GET, PUT or DELETE.');
      return;
    }
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) {
      badProperty(call, `The subscription id '${params.id}' is not a GUID.`);
      return;
    }
    const body = await objectBody(call);
    if (body !== null) send(call, putSubscription(region, writeContext(), id, body));
  }

  async function serveAcquiredPlans(call: Call, params: Record<string, string>): Promise<void> {
    const region = call.state.region;
    const method = call.req.method ?? 'GET';
    const sub = params.id!.toLowerCase();
    if (params.acquisitionId === undefined) {
      if (method !== 'GET') {
        armError(call.res, 405, 'MethodNotAllowed', 'Lists accept GET only.');
        return;
      }
      send(call, listAcquiredPlans(region, sub));
      return;
    }
    const acquisitionId = params.acquisitionId.toLowerCase();
    if (method === 'PUT') {
      const body = await objectBody(call);
      if (body !== null) send(call, putAcquiredPlan(region, writeContext(), sub, acquisitionId, body));
      return;
    }
    if (method === 'DELETE') {
      send(call, deleteAcquiredPlan(region, sub, acquisitionId));
      return;
    }
    if (method === 'GET') {
      const listed = listAcquiredPlans(region, sub);
      const found = (listed.body as { value?: { acquisitionId: string }[] } | undefined)?.value?.find(
        (a) => a.acquisitionId === acquisitionId,
      );
      if (listed.error !== undefined || found === undefined) {
        send(
          call,
          listed.error !== undefined
            ? listed
            : {
                status: 404,
                error: {
                  code: 'NotFound',
                  message: `The acquisition '${acquisitionId}' could not be found.`,
                },
              },
        );
        return;
      }
      sendJson(call.res, 200, found, armHeaders(call));
      return;
    }
    armError(call.res, 405, 'MethodNotAllowed', 'Use GET, PUT or DELETE.');
  }

  async function serveOfferAction(call: Call, params: Record<string, string>): Promise<void> {
    const action = params.action!.toLowerCase();
    if ((action !== 'link' && action !== 'unlink') || call.req.method !== 'POST') {
      armError(call.res, 404, 'NotFound', `The resource path '/${call.segments.join('/')}' is not served.`);
      return;
    }
    const region = call.state.region;
    const offer = findOffer(region, params.rg!, params.id!);
    if (offer === undefined) {
      armError(call.res, 404, 'NotFound', `The offer '${params.id}' was not found.`);
      return;
    }
    const body = await objectBody(call);
    if (body !== null) send(call, linkOffer(region, offer, action, body));
  }

  return createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) armError(res, 500, 'InternalServerError', (error as Error).message);
      else res.destroy();
    });
  });
}

/** The resource provider a path addresses (the segment after `providers`), for `match.provider`. */
function providerOf(segments: string[]): string | null {
  const at = segments.findIndex((s) => s.toLowerCase() === 'providers');
  return at < 0 ? null : (segments[at + 1]?.toLowerCase() ?? null);
}

/** The admin resource a path addresses, for faults that match one (`match.resource`). */
function adminResourceOf(segments: string[]): AdminResourceKind | null {
  const lower = segments.map((s) => s.toLowerCase());
  if (lower.includes('acquiredplans')) return 'acquiredPlans';
  if (lower.at(-2) === 'quotas' || lower.at(-1) === 'quotas') return 'quotas';
  const at = lower.indexOf('microsoft.subscriptions.admin');
  const kind = at < 0 ? undefined : lower[at + 1];
  return kind === 'subscriptions' || kind === 'offers' || kind === 'plans' || kind === 'locations'
    ? kind
    : null;
}
