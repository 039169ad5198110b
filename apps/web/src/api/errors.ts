/** The API's problem+json errors (docs/api.md "Errors") as one Error class the UI can read. */
export interface FieldError {
  field: string;
  message: string;
  /** A refused file (usage import): the row and column at fault. */
  row?: number;
  column?: string;
}

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  field?: string;
  errors?: FieldError[];
  requestId?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  get code(): string {
    return this.problem.code;
  }

  get fieldErrors(): FieldError[] {
    return this.problem.errors ?? [];
  }
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'code' in value && 'title' in value;
}

export function toApiError(response: Response, body: unknown): ApiError {
  if (isProblem(body)) return new ApiError(response.status, { ...body, status: response.status });
  return new ApiError(response.status, {
    title: response.statusText || 'Request failed',
    status: response.status,
    code: response.status >= 500 ? 'internal_error' : 'unexpected_response',
    detail: `The server answered ${response.status}.`,
  });
}

export const NETWORK_ERROR = (): ApiError =>
  new ApiError(0, {
    title: 'Cannot reach the server',
    status: 0,
    code: 'network_error',
    detail: 'The portal could not reach the server. Check your connection and try again.',
  });

/**
 * Awaits an openapi-fetch call: the data on success, an ApiError otherwise (a network failure
 * included), so TanStack Query sees one kind of error.
 */
export async function call<T>(
  request: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await request;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw NETWORK_ERROR();
  }
  if (result.response.ok) return result.data as T;
  throw toApiError(result.response, result.error);
}

/** A sentence for a person: what went wrong, with the request id for support on server errors. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const p = error.problem;
    if (p.code === 'csrf_failed') {
      return 'This tab lost its security token for your session. Sign out and sign in again.';
    }
    if (p.code === 'internal_error') {
      return `Something went wrong on the server. Quote request id ${p.requestId ?? 'unknown'} to support.`;
    }
    // The detail of a field refusal starts with the field's API path ("body.x: …"): people get the sentence.
    if (p.errors?.length === 1 && p.errors[0]) return p.errors[0].message;
    if (p.code === 'validation_failed' && p.errors?.length) return 'Some values were refused.';
    return p.detail ?? p.title;
  }
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
