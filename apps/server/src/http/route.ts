import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AppContext, RequestContext } from '../context.ts';
import { authenticateRequest, checkCsrf } from '../modules/auth/auth.service.ts';
import { authorizeRoute, authorizeTarget, routePolicy } from '../policy/policy.ts';
import { AppError, type FieldError } from './errors.ts';
import { runIdempotent } from './idempotency.ts';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
type Schema = z.ZodType | undefined;
type Out<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;
type In<S extends Schema> = S extends z.ZodType ? z.input<S> : undefined;

export interface HandlerInput<PS extends Schema, QS extends Schema, BS extends Schema> {
  ctx: RequestContext;
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
  response: { status: number; description: string; schema?: RS; contentType?: string };
  /** Accepts an Idempotency-Key header: a retried request replays the first response. */
  idempotent?: boolean;
  /** Is the target of this request visible to the actor? Needed where the policy has "forbidden" rules. */
  target?(ctx: RequestContext, params: Out<PS>): Promise<boolean>;
  handler(input: HandlerInput<PS, QS, BS>): Promise<In<RS> | string>;
}

export function defineRoute<PS extends Schema, QS extends Schema, BS extends Schema, RS extends Schema>(
  def: RouteDef<PS, QS, BS, RS>,
): RouteDef<PS, QS, BS, RS> {
  return def;
}

// Routes are stored type-erased; each kept its exact types at its definition site.
export type AnyRoute = RouteDef<Schema, Schema, Schema, Schema>;

function parsePart(part: 'params' | 'query' | 'body', schema: Schema, value: unknown): unknown {
  if (!schema) {
    if (part === 'body' && value !== undefined && value !== null) {
      throw AppError.invalidField('body', 'This operation takes no request body.');
    }
    return undefined;
  }
  const result = schema.safeParse(value ?? (part === 'body' ? undefined : {}));
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

export function registerRoutes(server: FastifyInstance, app: AppContext, routes: readonly AnyRoute[]): void {
  for (const route of routes) {
    const policy = routePolicy(route.id);
    if (typeof policy === 'object' && Object.values(policy).includes('forbidden') && !route.target) {
      throw new Error(`Route ${route.id} has "forbidden" rules but no target() visibility check`);
    }
    server.route({
      method: route.method,
      url: route.path,
      config: { routeId: route.id },
      handler: async (request, reply) => {
        const ctx: RequestContext = {
          app,
          actor: await authenticateRequest(app, request),
          requestId: request.id,
          ip: request.ip ?? null,
          userAgent: request.headers['user-agent']?.slice(0, 400) ?? null,
        };
        const rule = await authorizeRoute(ctx, route.id);
        if (rule !== 'public') checkCsrf(ctx.actor, request);
        const params = parsePart('params', route.params, request.params);
        const query = parsePart('query', route.query, request.query);
        const body = parsePart('body', route.body, request.body);
        await authorizeTarget(rule, () => route.target!(ctx, params as never));

        const execute = async (): Promise<{ status: number; payload: unknown }> => {
          const result = await route.handler({ ctx, params, query, body, request, reply } as never);
          if (typeof result === 'string') {
            return { status: route.response.status, payload: result };
          }
          const payload = route.response.schema ? route.response.schema.parse(result) : undefined;
          return { status: route.response.status, payload };
        };
        const { status, payload } =
          route.idempotent && request.headers['idempotency-key'] !== undefined
            ? await runIdempotent(ctx, route.id, request, reply, execute)
            : await execute();
        reply.code(status);
        if (route.response.contentType) {
          reply.type(route.response.contentType);
        }
        return payload === undefined ? reply.send() : reply.send(payload);
      },
    });
  }
}
