import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import type { AppContext } from './context.ts';
import { answerClientError } from './http/client-errors.ts';
import { AppError, type ErrorCode, toProblem } from './http/errors.ts';
import { findPortalDir, loadPortal } from './http/portal.ts';
import { registerRoutes } from './http/route.ts';
import { authenticateRequest, checkCsrf } from './modules/auth/auth.service.ts';
import { getSetting } from './modules/settings/settings.service.ts';
import { startProvisioningReconciler } from './modules/subscriptions/provisioning.service.ts';
import { ROUTES } from './routes.ts';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** Maps Fastify's own 4xx errors (bad JSON, wrong content type, body too large) to our codes. */
function frameworkError(error: FastifyError): AppError | null {
  const status = error.statusCode ?? 500;
  if (status >= 500) return null;
  const byStatus: Record<number, ErrorCode> = {
    400:
      error.code?.includes('JSON') || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
        ? 'malformed_json'
        : 'validation_failed',
    404: 'not_found',
    405: 'method_not_allowed',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    429: 'rate_limited',
  };
  const code = byStatus[status] ?? 'validation_failed';
  return new AppError(
    code,
    error.message,
    code === 'malformed_json' || code === 'unsupported_media_type' || code === 'payload_too_large'
      ? [
          {
            field: code === 'unsupported_media_type' ? 'header.content-type' : 'body',
            message: error.message,
          },
        ]
      : [],
  );
}

export async function buildServer(app: AppContext): Promise<FastifyInstance> {
  const server = Fastify({
    logger: { level: app.config.logLevel },
    bodyLimit: 1024 * 1024,
    trustProxy: app.config.trustProxy,
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // What Node's HTTP parser refuses (headers too large) is answered as problem+json too.
    clientErrorHandler: answerClientError,
    // Errors Fastify meets before routing (an undecodable or over-long URL) get the same
    // problem+json answer, request id and headers as everything else.
    frameworkErrors: (error, request, reply) => {
      const code: ErrorCode = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'not_found' : 'validation_failed';
      const problem = new AppError(
        code,
        code === 'not_found' ? 'Resource not found.' : 'The URL is malformed.',
        [{ field: 'url', message: error.message }],
      );
      reply.header('x-request-id', request.id);
      const body = JSON.stringify(
        toProblem(problem, (request.url.split('?')[0] ?? '').slice(0, 200), request.id),
      );
      return (reply as FastifyReply).code(problem.status).type('application/problem+json').send(body);
    },
  });
  // The mail outbox, jobs and schedules run while the server runs, unless this process serves the
  // API only (CMS_WORKER=false or `cms serve --no-worker`) and `cms worker` processes run them.
  server.addHook('onReady', async () => {
    if (!app.config.worker) return;
    startProvisioningReconciler(app, (message) => server.log.error(message));
    app.mail.start();
    app.jobs.start();
  });
  server.addHook('onClose', async () => {
    await app.jobs.stop();
    await app.mail.stop();
  });
  await server.register(cookie);
  // JSON is the only body this API accepts; anything else is 415, not a string to validate.
  server.removeContentTypeParser(['text/plain']);

  server.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    // API answers are not cached, unless a route says otherwise (immutable logo images).
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) {
      reply.header('cache-control', 'no-store');
    }
  });
  server.addHook('onResponse', async (request, reply) => {
    const route = (request.routeOptions.config as { routeId?: string }).routeId ?? 'unmatched';
    app.metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    app.metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  server.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = error instanceof AppError ? error : frameworkError(error);
    if (!appError) {
      request.log.error({ err: error }, 'unhandled error');
      const internal = new AppError(
        'internal_error',
        'An internal error occurred; quote the request id to support.',
      );
      return reply
        .code(500)
        .type('application/problem+json')
        .send(toProblem(internal, request.url, request.id));
    }
    if (appError.status >= 500) request.log.error({ err: error }, appError.message);
    if (appError.retryAfterSeconds !== undefined)
      reply.header('retry-after', String(appError.retryAfterSeconds));
    return reply
      .code(appError.status)
      .type('application/problem+json')
      .send(toProblem(appError, request.url.split('?')[0] ?? request.url, request.id));
  });
  // The web portal (apps/web/dist): its files, and index.html for its routes outside /api.
  const portal = loadPortal(app.config.webDir ?? findPortalDir());
  if (portal) server.log.info({ dir: portal.dir }, 'serving the web portal');
  else server.log.warn('web portal not built (apps/web/dist); run npm run build to serve it at /');
  server.setNotFoundHandler((request, reply) => {
    if (portal?.serve(request, reply)) return reply;
    const error = AppError.notFound('Route');
    return reply
      .code(404)
      .type('application/problem+json')
      .send(toProblem(error, request.url.split('?')[0] ?? '', request.id));
  });

  registerRoutes(server, app, ROUTES, {
    authenticate: authenticateRequest,
    checkCsrf,
    readSetting: (ctx, key) => getSetting(ctx, key),
  });
  return server;
}
