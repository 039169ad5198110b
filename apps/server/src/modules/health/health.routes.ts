import { sql } from 'kysely';
import { z } from 'zod';
import { AppError } from '../../http/errors.ts';
import { type AnyRoute, defineRoute } from '../../http/route.ts';

const Health = z.object({ status: z.enum(['ok']) }).meta({ id: 'Health' });

export const healthRoutes: AnyRoute[] = [
  defineRoute({
    id: 'health.live',
    public: true,
    method: 'GET',
    path: '/healthz',
    tag: 'Operations',
    summary: 'Liveness: the process answers',
    response: { status: 200, description: 'Alive', schema: Health },
    handler: async () => ({ status: 'ok' as const }),
  }),
  defineRoute({
    id: 'health.ready',
    public: true,
    method: 'GET',
    path: '/readyz',
    tag: 'Operations',
    summary: 'Readiness: the database answers',
    response: { status: 200, description: 'Ready', schema: Health },
    handler: async ({ ctx }) => {
      try {
        await sql`select 1`.execute(ctx.app.db.kysely);
      } catch {
        throw new AppError('not_ready', 'The database is not reachable.');
      }
      return { status: 'ok' as const };
    },
  }),
  defineRoute({
    id: 'metrics.scrape',
    public: true,
    method: 'GET',
    path: '/metrics',
    tag: 'Operations',
    summary: 'Prometheus metrics',
    description:
      'Open to anyone who reaches it unless the server runs with CMS_METRICS_ACCESS=platform; then only ' +
      'platform users may read it, e.g. Prometheus with the API token of a platform read-only user.',
    response: {
      status: 200,
      description: 'Prometheus text format',
      contentType: 'text/plain; version=0.0.4',
    },
    handler: ({ ctx }) => {
      if (ctx.app.config.metricsAccess === 'platform') {
        if (!ctx.actor) throw new AppError('unauthenticated', 'Send the API token of a platform user.');
        if (ctx.actor.scope.level !== 'platform')
          throw AppError.forbidden('Only platform users may read metrics.');
      }
      return ctx.app.metrics.registry.metrics();
    },
  }),
];
