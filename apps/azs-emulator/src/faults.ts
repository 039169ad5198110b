import type { IncomingMessage, ServerResponse } from 'node:http';
import { armError } from './http.ts';
import type { AdminResourceKind, FaultSpec } from './scenario.ts';
import { parseIsoWithOffset } from './time.ts';

export type EndpointClass = Exclude<FaultSpec['endpoint'], 'any'>;

/** What a fault can match on besides the endpoint class. */
export interface FaultTarget {
  query: URLSearchParams;
  method: string;
  /** The admin resource addressed (subscriptions, acquiredPlans, offers, plans, quotas, locations). */
  resource: AdminResourceKind | null;
  /** The resource provider namespace the path addresses (`…/providers/{namespace}/…`), lower case. */
  provider: string | null;
}

/**
 * Injected failures. Each fault counts the requests it matches and fires on matches
 * `skip … skip+times-1`, so a scenario says exactly which calls fail (deterministic, no randomness).
 */
export class FaultInjector {
  private readonly counts = new Map<FaultSpec, number>();

  constructor(private readonly faults: FaultSpec[]) {}

  add(fault: FaultSpec): void {
    this.faults.push(fault);
  }

  clear(): void {
    this.faults.length = 0;
    this.counts.clear();
  }

  /**
   * Fires the first fault due for this request. `taken`: the response was taken over (answered,
   * dropped or held); `commit-then-drop`: the caller carries the request out and the answer is
   * replaced by a dropped connection; null: no fault.
   */
  intercept(
    endpoint: EndpointClass,
    target: FaultTarget,
    req: IncomingMessage,
    res: ServerResponse,
  ): 'taken' | 'commit-then-drop' | null {
    for (const fault of this.faults) {
      if (!matches(fault, endpoint, target)) continue;
      const seen = this.counts.get(fault) ?? 0;
      this.counts.set(fault, seen + 1);
      const skip = fault.skip ?? 0;
      const times = fault.times ?? 1;
      if (seen < skip || (times !== 'always' && seen >= skip + times)) continue;
      if (fault.status === 'commit-then-drop') {
        dropInsteadOfAnswering(req, res);
        return 'commit-then-drop';
      }
      fire(fault, req, res);
      return 'taken';
    }
    return null;
  }
}

/** The handler runs (its changes land); whatever it answers is replaced by a destroyed socket. */
function dropInsteadOfAnswering(req: IncomingMessage, res: ServerResponse): void {
  const drop = () => {
    req.socket.destroy();
    return res;
  };
  res.writeHead = drop as unknown as ServerResponse['writeHead'];
  res.end = drop as unknown as ServerResponse['end'];
}

function matches(fault: FaultSpec, endpoint: EndpointClass, target: FaultTarget): boolean {
  if (fault.endpoint !== 'any' && fault.endpoint !== endpoint) return false;
  const match = fault.match;
  if (match === undefined) return true;
  const { query } = target;
  if (match.method !== undefined && match.method.toUpperCase() !== target.method.toUpperCase()) return false;
  if (match.resource !== undefined && match.resource !== target.resource) return false;
  if (match.provider !== undefined && match.provider.toLowerCase() !== target.provider) return false;
  if (match.reportedStartTime !== undefined) {
    const wanted = parseIsoWithOffset(match.reportedStartTime);
    const given = parseIsoWithOffset(query.get('reportedStartTime') ?? '');
    if (wanted === null || wanted !== given) return false;
  }
  if (match.subscriberId !== undefined) {
    const given = query.get('subscriberId');
    if (
      match.subscriberId === null ? given !== null : given?.toLowerCase() !== match.subscriberId.toLowerCase()
    ) {
      return false;
    }
  }
  if (match.continuation !== undefined && match.continuation !== query.has('continuationToken')) return false;
  return true;
}

function fire(fault: FaultSpec, req: IncomingMessage, res: ServerResponse): void {
  const retryAfter = { 'retry-after': String(fault.retryAfterSeconds ?? 1) };
  switch (fault.status) {
    case 'drop':
      req.socket.destroy();
      return;
    case 'timeout': {
      // No answer; the socket is let go after holdSeconds (the client's own timeout comes first).
      const timer = setTimeout(() => req.socket.destroy(), (fault.holdSeconds ?? 60) * 1000);
      timer.unref();
      req.socket.once('close', () => clearTimeout(timer));
      return;
    }
    case 400:
      // ARM's answer for a namespace with no resource provider behind it on this stamp.
      armError(
        res,
        400,
        'NoRegisteredProviderFound',
        `No registered resource provider found for the path '${(req.url ?? '').split('?')[0]}'.`,
      );
      return;
    case 404:
      armError(
        res,
        404,
        'ResourceNotFound',
        `The resource '${(req.url ?? '').split('?')[0]}' was not found.`,
      );
      return;
    case 429:
      armError(
        res,
        429,
        'SubscriptionRequestsThrottled',
        `Number of 'read' requests exceeded. Please try again after '${fault.retryAfterSeconds ?? 1}' seconds.`,
        retryAfter,
      );
      return;
    case 503:
      armError(
        res,
        503,
        'ServiceUnavailable',
        'The server is currently unable to handle the request due to a temporary overloading. Please retry later.',
        retryAfter,
      );
      return;
    case 504:
      // The exact observed body and header (§3.6, S20).
      armError(
        res,
        504,
        'GatewayTimeout',
        "The gateway did not receive a response from 'Microsoft.Commerce.Admin' within the specified time period.",
        { 'x-ms-failure-cause': 'service', ...(fault.retryAfterSeconds === undefined ? {} : retryAfter) },
      );
      return;
    default:
      armError(res, 500, 'InternalServerError', 'An injected internal error occurred.');
  }
}
