import type { Readable } from 'node:stream';
import fastJson from 'fast-json-stringify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Actor, AnonymousContext, AppContext, PublicContext, RequestContext } from '../context.ts';
import { authorizeRoute, authorizeTarget, routePolicy, type SettingReader } from '../policy/policy.ts';
import { STAGE_ROUTES } from '../policy/route-policy.ts';
import { AppError, type FieldError } from './errors.ts';
import { runIdempotent } from './idempotency.ts';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
type Schema = z.ZodType | undefined;
type Out<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;
type In<S extends Schema> = S extends z.ZodType ? z.input<S> : undefined;

/**
 * An answer that is not the route's JSON (an image, a file, a stream of CSV): its own status, body
 * and content type, which the route must declare (`response.contentType` or `response.alternatives`).
 * The handler sets any further headers (ETag, caching, Content-Disposition) on the reply.
 */
export class RawResponse {
  constructor(
    readonly status: number,
    readonly body: Buffer | string | Readable | undefined,
    readonly contentType?: string,
  ) {}
}

/** Another representation a route may answer instead of its JSON, chosen by the request. */
export interface AlternativeContent {
  contentType: string;
  /** Binary (an xlsx workbook) rather than text. */
  binary?: boolean;
}

const mediaType = (contentType: string) => contentType.split(';')[0]!.trim().toLowerCase();
const isJson = (contentType: string | undefined) =>
  contentType === undefined || mediaType(contentType) === 'application/json';

/** A public route's handler may run for an anonymous caller; every other handler has an actor. */
type HandlerContext<P extends boolean> = P extends true ? PublicContext : RequestContext;

export interface HandlerInput<
  PS extends Schema,
  QS extends Schema,
  BS extends Schema,
  P extends boolean = false,
> {
  ctx: HandlerContext<P>;
  params: Out<PS>;
  query: Out<QS>;
  body: Out<BS>;
  request: FastifyRequest;
  reply: FastifyReply;
}

/**
 * One API operation: its contract (schemas, which drive validation, types, the OpenAPI document
 * and the generated client) and a thin handler that calls a service.
 */
export interface RouteDef<
  PS extends Schema = Schema,
  QS extends Schema = Schema,
  BS extends Schema = Schema,
  RS extends Schema = Schema,
  P extends boolean = boolean,
> {
  /** Stable operation id (`tenants.create`); the key of the policy table and the client method. */
  id: string;
  method: Method;
  /** Fastify path syntax: `/api/v1/tenants/:id`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  params?: PS;
  query?: QS;
  body?: BS;
  response: {
    status: number;
    description: string;
    schema?: RS;
    contentType?: string;
    /** Other representations (CSV, xlsx) the handler may answer as a RawResponse instead of its JSON. */
    alternatives?: readonly AlternativeContent[];
  };
  /**
   * Set exactly when the policy table says `public` (registration refuses a mismatch): only then may
   * the handler run without an actor, and only then does its context say so.
   */
  public?: P;
  /** Accepts an Idempotency-Key header: a retried request replays the first response. */
  idempotent?: boolean;
  /** Bytes of request body this route takes, above the server's 1 MiB (a file upload); documented as x-body-limit. */
  bodyLimit?: number;
  /**
   * The answer may come from the response cache (http/response-cache.ts): only for a GET whose
   * answer depends on nothing but the caller, the URL and what the database holds (not the clock,
   * not the request's headers) and whose handler sets no headers.
   */
  cached?: boolean;
  /** Is the target of this request visible to the actor? Needed where the policy has "forbidden" rules. */
  target?(ctx: HandlerContext<P>, params: Out<PS>): Promise<boolean>;
  handler(input: HandlerInput<PS, QS, BS, P>): Promise<In<RS> | string | RawResponse>;
}

export function defineRoute<
  PS extends Schema,
  QS extends Schema,
  BS extends Schema,
  RS extends Schema,
  P extends boolean = false,
>(def: RouteDef<PS, QS, BS, RS, P>): RouteDef<PS, QS, BS, RS, NoInfer<P>> {
  return def;
}

// Routes are stored type-erased; each kept its exact types at its definition site.
export type AnyRoute = RouteDef<Schema, Schema, Schema, Schema, boolean>;

function parsePart(part: 'params' | 'query' | 'body', schema: Schema, value: unknown): unknown {
  if (!schema) {
    // No schema means this part takes nothing: a body (even `null`) or a query parameter is an
    // error, never silently ignored (`DELETE …?dryRun=true` must not delete).
    if (part === 'body' && value !== undefined) {
      throw AppError.invalidField('body', 'This operation takes no request body.');
    }
    if (part === 'query' && value && typeof value === 'object' && Object.keys(value).length > 0) {
      const errors = Object.keys(value).map((key) => ({ field: `query.${key}`, message: 'Unknown field.' }));
      throw new AppError('validation_failed', `${errors[0]!.field}: Unknown field.`, errors);
    }
    return undefined;
  }
  // Fastify always hands over params and query as objects; a missing body is undefined.
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors: FieldError[] = [];
  for (const issue of result.error.issues) {
    const base = [part, ...issue.path.map(String)].join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push({ field: `${base}.${key}`, message: 'Unknown field.' });
      }
    } else {
      errors.push({ field: base, message: issue.message });
    }
  }
  const first = errors[0]!;
  throw new AppError('validation_failed', `${first.field}: ${first.message}`, errors);
}

/**
 * A JSON serializer compiled from the response schema. It writes only the properties the contract
 * declares, so a field a service returns by mistake never reaches the client, and it is several
 * times faster than validating with zod and calling JSON.stringify.
 */
function compileSerializer(schema: z.ZodType): (payload: unknown) => string {
  // zod's defaults: draft 2020-12, the output side; a type JSON Schema cannot state fails here, at start.
  const json = z.toJSONSchema(schema);
  delete (json as { $schema?: string }).$schema;
  return fastJson(json as Parameters<typeof fastJson>[0]) as (payload: unknown) => string;
}

/**
 * The parts of an HTTP request that authentication reads (a Fastify request is one), so the auth
 * service takes no Fastify type.
 */
export interface RequestCredentials {
  method: string;
  headers: { authorization?: string | undefined; 'x-csrf-token'?: string | string[] | undefined };
  cookies?: Record<string, string | undefined>;
}

/**
 * What the route layer needs from the modules, handed to it when the server is built (server.ts),
 * so that the core imports no module.
 */
export interface RouteServices {
  /** The verified caller of a request (session cookie or API token), or null when anonymous. */
  authenticate(app: AppContext, request: RequestCredentials): Promise<Actor | null>;
  /** Refuses a cookie-authenticated write that lacks the session's CSRF token. */
  checkCsrf(actor: Actor | null, request: RequestCredentials): void;
  /** A setting's current value, for the policy's setting-controlled rules. */
  readSetting: SettingReader;
}

export function registerRoutes(
  server: FastifyInstance,
  app: AppContext,
  routes: readonly AnyRoute[],
  services: RouteServices,
): void {
  for (const route of routes) {
    const policy = routePolicy(route.id);
    if ((policy === 'public') !== (route.public === true)) {
      throw new Error(
        `Route ${route.id}: its public flag does not match its policy (${JSON.stringify(policy)})`,
      );
    }
    // Idempotency keys belong to the caller: an anonymous request has nobody to hold one.
    if (route.public && route.idempotent) throw new Error(`Route ${route.id} is public and idempotent`);
    if (typeof policy === 'object' && Object.values(policy).includes('forbidden') && !route.target) {
      throw new Error(`Route ${route.id} has "forbidden" rules but no target() visibility check`);
    }
    if (route.cached && (route.method !== 'GET' || route.response.contentType || route.idempotent)) {
      throw new Error(`Route ${route.id} is cached but not a JSON GET`);
    }
    // Files are answered as they come (a stream has no stored replay): never idempotent or cached.
    const fileRoute = !isJson(route.response.contentType) || route.response.alternatives !== undefined;
    if (fileRoute && (route.idempotent || route.cached)) {
      throw new Error(`Route ${route.id} answers files, which are neither idempotent nor cached`);
    }
    const declared = new Set(
      [route.response.contentType, ...(route.response.alternatives ?? []).map((a) => a.contentType)]
        .filter((type): type is string => type !== undefined)
        .map(mediaType),
    );
    const serialize = route.response.schema ? compileSerializer(route.response.schema) : undefined;
    server.route({
      method: route.method,
      url: route.path,
      config: { routeId: route.id },
      ...(route.bodyLimit !== undefined ? { bodyLimit: route.bodyLimit } : {}),
      handler: async (request, reply) => {
        const base = {
          app,
          requestId: request.id,
          ip: request.ip ?? null,
          userAgent: request.headers['user-agent']?.slice(0, 400) ?? null,
        };
        const actor = await services.authenticate(app, request);
        // A non-public route's handler sees `actor: Actor`: authorizeRoute answers 401 without one.
        const ctx: PublicContext = actor
          ? { ...base, actor }
          : ({ ...base, actor: null } satisfies AnonymousContext);
        const stage = actor?.stage ?? 'active';
        if (stage !== 'active' && policy !== 'public' && !STAGE_ROUTES[stage].includes(route.id)) {
          throw new AppError('sign_in_incomplete', `Finish signing in first: the step due is "${stage}".`);
        }
        const rule = await authorizeRoute(ctx, route.id, services.readSetting);
        if (rule !== 'public') services.checkCsrf(ctx.actor, request);
        const params = parsePart('params', route.params, request.params);
        const query = parsePart('query', route.query, request.query);
        const body = parsePart('body', route.body, request.body);
        await authorizeTarget(rule, () => route.target!(ctx, params as never));

        const execute = async (
          context: PublicContext = ctx,
        ): Promise<{ status: number; body: string | undefined }> => {
          const result = await route.handler({ ctx: context, params, query, body, request, reply } as never);
          if (result instanceof RawResponse)
            throw new Error(`Route ${route.id} answered a RawResponse without declaring its content type`);
          const text = typeof result === 'string' ? result : serialize?.(result);
          return { status: route.response.status, body: text };
        };
        if (fileRoute) {
          // Images and files carry their own status and type; a stream is sent as it is produced.
          const result = await route.handler({ ctx, params, query, body, request, reply } as never);
          if (result instanceof RawResponse) {
            const type = mediaType(result.contentType ?? '');
            if (
              result.body !== undefined &&
              !declared.has(type) &&
              !declared.has(`${type.split('/')[0]}/*`)
            ) {
              throw new Error(`Route ${route.id} answered ${result.contentType} without declaring it`);
            }
            reply.code(result.status);
            return result.body === undefined
              ? reply.send()
              : reply.type(result.contentType!).send(result.body);
          }
          if (route.response.contentType?.startsWith('image/'))
            throw new Error(`Route ${route.id} must answer a RawResponse`);
          reply.code(route.response.status);
          if (typeof result === 'string') {
            return reply.type(route.response.contentType ?? 'application/json; charset=utf-8').send(result);
          }
          return reply.type('application/json; charset=utf-8').send(serialize!(result));
        }
        const respond = async (): Promise<{ status: number; body: string | undefined }> => {
          if (route.idempotent && ctx.actor && request.headers['idempotency-key'] !== undefined) {
            return runIdempotent(ctx, route.id, request, reply, execute);
          }
          if (route.cached && app.responseCache && ctx.actor) {
            const text = await app.responseCache.answer(ctx, request.url, async (recording) => {
              return (await execute(recording)).body;
            });
            return { status: route.response.status, body: text };
          }
          return execute();
        };
        const result = await respond();
        reply.code(result.status);
        if (result.body === undefined) return reply.send();
        return reply.type(route.response.contentType ?? 'application/json; charset=utf-8').send(result.body);
      },
    });
  }
}
