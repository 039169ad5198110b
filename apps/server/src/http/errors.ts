/**
 * The one error type. Services throw AppError with a stable machine code; the HTTP layer turns it
 * into an RFC 9457 problem+json body. Anything else that escapes is an internal error: logged in
 * full, answered as a bare 500 with no internals.
 */
export const ERROR_STATUS = {
  /** Request failed schema validation; `errors` names each offending field. */
  validation_failed: 400,
  /** The body is not parseable JSON. */
  malformed_json: 400,
  /** A request that is well-formed but breaks a business rule (e.g. invalid currency for the tenant). */
  invalid_request: 422,
  /** No valid session or API token. */
  unauthenticated: 401,
  /** Session-authenticated unsafe request without a valid CSRF token. */
  csrf_failed: 403,
  /** The session has not finished signing in (MFA, password change…); `detail` names the step. */
  sign_in_incomplete: 403,
  /** The password was right, but the one-time activation code is missing or wrong. */
  activation_code_required: 401,
  /** A wrong, reused or outdated TOTP code or recovery code; `field` names which. */
  mfa_invalid: 401,
  /** The caller can see the object but may not do this (read-only role, wrong level, setting off). */
  forbidden: 403,
  /** No such object, or not visible to the caller: the two are indistinguishable on purpose. */
  not_found: 404,
  method_not_allowed: 405,
  /** A uniqueness rule would be broken (e.g. a live sibling with the same name). */
  conflict: 409,
  /** Deleting an organisation that still has children, subscriptions or users. */
  has_dependents: 409,
  /** Idempotency-Key reused with a different request, or the first request is still running. */
  idempotency_conflict: 409,
  payload_too_large: 413,
  /** The request took too long to arrive (Node's request timeout). */
  request_timeout: 408,
  /** The request headers together exceed the server's limit (Node's maxHeaderSize). */
  headers_too_large: 431,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  not_ready: 503,
  /**
   * An Azure Stack Hub region did not answer, failed or refused the CMS's credentials; `detail` says
   * whether anything changed (a create whose outcome is unknown is finished by the reconciler).
   */
  region_unavailable: 503,
  /** A write kept colliding with concurrent ones (deadlocks, lock timeouts); retry after Retry-After. */
  busy: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldError {
  /** Where the problem is: `body.name`, `query.limit`, `params.id`, `header.idempotency-key`. */
  field: string;
  message: string;
  /** For a refused file (usage import): the row (CSV: header = 1; JSON: first record = 1; 0 = the file). */
  row?: number;
  /** For a refused file: the column or property at fault, when one is. */
  column?: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors: FieldError[];
  /** For rate_limited and busy: sent as Retry-After. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: ErrorCode,
    detail: string,
    errors: FieldError[] = [],
    extra: { retryAfterSeconds?: number } = {},
  ) {
    super(detail);
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.errors = errors;
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }

  static notFound(what = 'Resource'): AppError {
    return new AppError('not_found', `${what} not found.`);
  }

  static forbidden(detail = 'You are not allowed to do this.'): AppError {
    return new AppError('forbidden', detail);
  }

  static invalidField(field: string, message: string, code: ErrorCode = 'validation_failed'): AppError {
    return new AppError(code, `${field}: ${message}`, [{ field, message }]);
  }
}

const TITLES: Record<ErrorCode, string> = {
  validation_failed: 'Validation failed',
  malformed_json: 'Malformed JSON',
  invalid_request: 'Invalid request',
  unauthenticated: 'Authentication required',
  csrf_failed: 'CSRF check failed',
  sign_in_incomplete: 'Sign-in incomplete',
  activation_code_required: 'Activation code required',
  mfa_invalid: 'Invalid second factor',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  conflict: 'Conflict',
  has_dependents: 'Has dependents',
  idempotency_conflict: 'Idempotency conflict',
  payload_too_large: 'Payload too large',
  request_timeout: 'Request timeout',
  headers_too_large: 'Request headers too large',
  unsupported_media_type: 'Unsupported media type',
  rate_limited: 'Too many requests',
  internal_error: 'Internal error',
  not_ready: 'Not ready',
  region_unavailable: 'Region unavailable',
  busy: 'Busy',
};

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance: string;
  requestId: string;
  field?: string;
  errors?: FieldError[];
}

export function toProblem(error: AppError, instance: string, requestId: string): ProblemBody {
  const body: ProblemBody = {
    type: `urn:cms:problem:${error.code}`,
    title: TITLES[error.code],
    status: error.status,
    detail: error.message,
    code: error.code,
    instance,
    requestId,
  };
  if (error.errors.length > 0) {
    body.field = error.errors[0]?.field;
    body.errors = error.errors;
  }
  return body;
}
