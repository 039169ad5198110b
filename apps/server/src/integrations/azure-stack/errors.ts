/**
 * One error type for everything the Azure Stack Hub client can fail with. `kind` is what callers
 * branch on (retry later, fall back per subscriber, tell the operator to fix a secret); `message` is
 * written for an operator; `code` and `status` keep what the stamp said, for the logs.
 */
export type AzureStackErrorKind =
  /** DNS failure, connection refused, host or network unreachable. */
  | 'unreachable'
  /** The TLS handshake failed (untrusted or expired certificate, wrong host name). */
  | 'tls'
  /** The connection was reset or closed without an answer, after every retry. */
  | 'connection-reset'
  /** 504 Gateway Timeout or no answer within the request timeout, after every retry. */
  | 'timeout'
  /** 429 or 503 after every retry (or a Retry-After longer than the client will wait). */
  | 'throttled'
  /** The identity provider rejected the client id or secret. */
  | 'invalid-client'
  /** The identity provider does not know the directory tenant. */
  | 'invalid-tenant'
  /** The identity provider does not know the resource (audience) asked for. */
  | 'invalid-resource'
  /** Any other refusal from the token endpoint. */
  | 'token-refused'
  /** ARM refused the token as minted for another audience, even after a fresh token. */
  | 'token-audience'
  /** ARM refused the token (expired, invalid, missing), even after a fresh token. */
  | 'unauthorized'
  /** 403: the service principal has no role on the subscription. */
  | 'forbidden'
  /** 400 SubscriberIdIsNotDirectTenant: the subscriber is not a direct tenant of the provider. */
  | 'not-direct-tenant'
  /** 400 RequestEndTimeIsInFuture. */
  | 'end-in-future'
  /** Any other 4xx answer from ARM (400 carries the stamp's message: owner invalid, offer not found…). */
  | 'bad-request'
  /** 404. */
  | 'not-found'
  /** 409: the stamp refuses the write in the resource's current state (e.g. a plan an offer uses). */
  | 'conflict'
  /** 5xx other than 503/504. */
  | 'server-error'
  /** The answer is not what the API documents or was observed to send (not JSON, fields missing). */
  | 'bad-response'
  /** A usage record could not be parsed; the whole unit fails (see `problems`). */
  | 'bad-record'
  /** The provider subscription could not be found among the subscriptions the principal sees. */
  | 'provider-subscription-unknown';

export interface RecordProblem {
  /** 0-based page of the unit and 0-based position of the record in that page's `value`. */
  page: number;
  index: number;
  /** The field at fault, e.g. `properties.quantity`. */
  field: string;
  reason: string;
}

export class AzureStackError extends Error {
  override readonly name = 'AzureStackError';
  readonly kind: AzureStackErrorKind;
  /** HTTP status of the last answer, when there was one. */
  readonly status: number | null;
  /** ARM `error.code` or OAuth `error` of the last answer, when there was one. */
  readonly code: string | null;
  /** Requests made for this operation, retries included. */
  readonly attempts: number;
  /** For `bad-record`: every record that could not be parsed. */
  readonly problems: RecordProblem[];
  /** For `throttled`: the wait the stamp asked for, when it was longer than the client will wait. */
  readonly retryAfterMs: number | null;

  constructor(
    kind: AzureStackErrorKind,
    message: string,
    details: {
      status?: number | null;
      code?: string | null;
      attempts?: number;
      problems?: RecordProblem[];
      retryAfterMs?: number | null;
      cause?: unknown;
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.status = details.status ?? null;
    this.code = details.code ?? null;
    this.attempts = details.attempts ?? 1;
    this.problems = details.problems ?? [];
    this.retryAfterMs = details.retryAfterMs ?? null;
  }
}
