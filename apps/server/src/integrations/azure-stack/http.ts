import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { AzureStackError, type AzureStackErrorKind } from './errors.ts';

/**
 * The wire: one request over node:http/https, and the retry loop around it.
 *
 * node:http rather than fetch because a nextLink must leave exactly as the stamp wrote it (G12):
 * the WHATWG URL parser behind fetch rewrites some targets (`'` in a query, `\` and dot segments in
 * a path), while node:http sends the request target we give it byte for byte.
 */

export interface RetryPolicy {
  /** Requests per operation, the first included (1 = no retry). */
  maxAttempts: number;
  /** First backoff step; doubles per attempt, with jitter. */
  baseDelayMs: number;
  /** Longest single wait: the backoff cap, and the longest Retry-After the client honours. */
  maxDelayMs: number;
  /** Whole request (connect, headers and body) must finish within this. */
  requestTimeoutMs: number;
}

/** Time and chance, injectable so tests neither sleep nor depend on the wall clock. */
export interface Runtime {
  /** Milliseconds since the epoch. */
  clock: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Uniform in [0, 1), for jitter. */
  random: () => number;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** A page of 1,000 records is about 1 MB (§3.4); anything far larger is not a usage page. */
const MAX_BODY_BYTES = 128 * 1024 * 1024;

const UNREACHABLE_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'EHOSTDOWN',
]);

/** A request that got no HTTP answer. */
export class NetworkFailure extends Error {
  constructor(
    readonly kind: Extract<AzureStackErrorKind, 'unreachable' | 'tls' | 'connection-reset' | 'timeout'>,
    message: string,
    readonly errorCode: string | null,
  ) {
    super(message);
  }

  get retryable(): boolean {
    return this.kind !== 'tls';
  }
}

function isTlsCode(code: string): boolean {
  return (
    code.startsWith('ERR_TLS') ||
    code.startsWith('ERR_SSL') ||
    code.startsWith('CERT_') ||
    code.startsWith('UNABLE_TO_') ||
    code.includes('SELF_SIGNED') ||
    code === 'EPROTO' ||
    code === 'ERR_SSL_WRONG_VERSION_NUMBER' ||
    code === 'HOSTNAME_MISMATCH'
  );
}

function classify(error: NodeJS.ErrnoException, host: string): NetworkFailure {
  const code = typeof error.code === 'string' ? error.code : null;
  if (code !== null && UNREACHABLE_CODES.has(code)) {
    const why =
      code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'the host name does not resolve'
        : code === 'ECONNREFUSED'
          ? 'the connection was refused'
          : 'the host or network is unreachable';
    return new NetworkFailure('unreachable', `Cannot reach ${host}: ${why} (${code}).`, code);
  }
  if (code !== null && isTlsCode(code)) {
    return new NetworkFailure(
      'tls',
      `The TLS connection to ${host} failed: ${error.message} (${code}). If the stamp uses an internal certificate authority, add its root certificate to NODE_EXTRA_CA_CERTS.`,
      code,
    );
  }
  return new NetworkFailure(
    'connection-reset',
    `The connection to ${host} was closed without an answer (${code ?? error.message}).`,
    code,
  );
}

/** Splits an absolute URL into what node:http needs, keeping the request target verbatim. */
export function splitUrl(url: string): { secure: boolean; hostname: string; port: number; target: string } {
  const match = /^(https?):\/\/([^/?#]+)([^#]*)/i.exec(url);
  if (match === null) throw new Error(`not an absolute http(s) URL: ${url}`);
  const secure = match[1]!.toLowerCase() === 'https';
  // Only the authority goes through the URL parser; the target stays as written.
  const authority = new URL(`${secure ? 'https' : 'http'}://${match[2]!}`);
  const hostname = authority.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = authority.port === '' ? (secure ? 443 : 80) : Number(authority.port);
  const rest = match[3]!;
  return { secure, hostname, port, target: rest === '' ? '/' : rest.startsWith('/') ? rest : `/${rest}` };
}

export function hostOf(url: string): string {
  try {
    const { hostname, port, secure } = splitUrl(url);
    return (secure && port === 443) || (!secure && port === 80) ? hostname : `${hostname}:${port}`;
  } catch {
    return url;
  }
}

/** One HTTP exchange, no retry. Rejects with NetworkFailure when no answer arrives. */
export function sendOnce(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  headers: Record<string, string>,
  body: string | null,
  timeoutMs: number,
): Promise<RawResponse> {
  const { secure, hostname, port, target } = splitUrl(url);
  const host = hostOf(url);
  return new Promise<RawResponse>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const send = secure ? httpsRequest : httpRequest;
    const req = send({
      method,
      hostname,
      port,
      path: target,
      headers: {
        accept: 'application/json',
        ...(body === null ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
        ...headers,
      },
    });
    const timer = setTimeout(() => {
      finish(() =>
        reject(new NetworkFailure('timeout', `${host} did not answer within ${timeoutMs} ms.`, 'ETIMEDOUT')),
      );
      req.destroy();
    }, timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => finish(() => reject(classify(error, host))));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          finish(() =>
            reject(
              new NetworkFailure('connection-reset', `${host} sent more than ${MAX_BODY_BYTES} bytes.`, null),
            ),
          );
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', (error: NodeJS.ErrnoException) => finish(() => reject(classify(error, host))));
      res.on('aborted', () =>
        finish(() =>
          reject(new NetworkFailure('connection-reset', `${host} closed the connection mid-answer.`, null)),
        ),
      );
      res.on('end', () =>
        finish(() =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        ),
      );
    });
    req.end(body ?? undefined);
  });
}

/**
 * Retry-After as milliseconds from now: delay-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Null when absent or unreadable; a date in the past is 0.
 */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | null {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (text === undefined || text === '') return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  if (!/[a-z]/i.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

/** Exponential backoff with "equal jitter": half the step fixed, half random. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

const RETRYABLE_STATUS = new Set([429, 503, 504]);

export interface ArmErrorBody {
  code: string | null;
  message: string | null;
}

/** `{"error":{"code","message"}}` (ARM) or `{"error","error_description"}` (OAuth), leniently. */
export function errorBodyOf(text: string): ArmErrorBody {
  try {
    const body = JSON.parse(text) as unknown;
    if (typeof body !== 'object' || body === null) return { code: null, message: null };
    const record = body as Record<string, unknown>;
    const inner = record.error;
    if (typeof inner === 'object' && inner !== null) {
      const error = inner as Record<string, unknown>;
      return {
        code: typeof error.code === 'string' ? error.code : null,
        message: typeof error.message === 'string' ? error.message : null,
      };
    }
    return {
      code: typeof inner === 'string' ? inner : null,
      message: typeof record.error_description === 'string' ? record.error_description : null,
    };
  } catch {
    return { code: null, message: null };
  }
}

/**
 * Sends until an answer that is not 429/503/504 arrives, or the attempt budget is spent. Dropped
 * connections and timeouts are retried too; a TLS failure is not (it will not heal by itself).
 * Returns the answer with the attempts it took; throws AzureStackError when the budget runs out.
 */
export async function sendWithRetry(
  runtime: Runtime,
  policy: RetryPolicy,
  what: string,
  send: () => Promise<RawResponse>,
): Promise<{ response: RawResponse; attempts: number }> {
  let attempt = 0;
  for (;;) {
    attempt++;
    let waitMs: number;
    let failure: AzureStackError;
    try {
      const response = await send();
      if (!RETRYABLE_STATUS.has(response.status)) return { response, attempts: attempt };
      const { code, message } = errorBodyOf(response.text);
      const retryAfter = parseRetryAfter(response.headers['retry-after'], runtime.clock());
      const kind = response.status === 504 ? 'timeout' : 'throttled';
      const said = `${response.status}${code === null ? '' : ` ${code}`}${message === null ? '' : `: ${message}`}`;
      if (retryAfter !== null && retryAfter > policy.maxDelayMs) {
        throw new AzureStackError(
          kind,
          `${what} was refused (${said}) and the stamp asked to wait ${Math.ceil(retryAfter / 1000)} s, longer than the ${Math.ceil(policy.maxDelayMs / 1000)} s this client waits; try again later.`,
          { status: response.status, code, attempts: attempt, retryAfterMs: retryAfter },
        );
      }
      failure = new AzureStackError(
        kind,
        kind === 'timeout'
          ? `${what} timed out at the stamp's gateway (${said}), ${attempt} attempt(s).`
          : `${what} was throttled or the service was unavailable (${said}), ${attempt} attempt(s).`,
        { status: response.status, code, attempts: attempt },
      );
      waitMs = retryAfter ?? backoffDelay(attempt, policy, runtime.random);
    } catch (error) {
      if (error instanceof AzureStackError) throw error;
      if (!(error instanceof NetworkFailure)) throw error;
      failure = new AzureStackError(error.kind, `${what}: ${error.message}`, {
        code: error.errorCode,
        attempts: attempt,
        cause: error,
      });
      if (!error.retryable) throw failure;
      waitMs = backoffDelay(attempt, policy, runtime.random);
    }
    if (attempt >= policy.maxAttempts) throw failure;
    await runtime.sleep(waitMs);
  }
}
