import { mkdirSync } from 'node:fs';
import { type CmsClient, createCmsClient } from '@cms/api-client';
import type { FastifyInstance } from 'fastify';
import { createPlatformAdmin, openApp } from '../../src/bootstrap.ts';
import { loadConfig } from '../../src/config.ts';
import type { AppContext, Clock, RequestContext } from '../../src/context.ts';
import { actorFromUser, createApiToken } from '../../src/modules/auth/auth.service.ts';
import { buildServer } from '../../src/server.ts';
import { tempDataDir } from './engines.ts';

export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');

export interface TestApp {
  app: AppContext;
  server: FastifyInstance;
  /** A typed API client that talks to the server in-process (no socket). */
  client(token?: string, headers?: Record<string, string>): CmsClient;
  /** A raw request, for inputs the typed client cannot express (broken JSON, wrong types). */
  inject: FastifyInstance['inject'];
  /** Runs the mail outbox dispatcher now and resolves when every due e-mail has been handled. */
  dispatchMailNow(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestApp(
  databaseUrl: string,
  env: Record<string, string> = {},
  options: { clock?: Clock } = {},
): Promise<TestApp> {
  const dataDir = tempDataDir();
  mkdirSync(dataDir, { recursive: true });
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    CMS_DATA_DIR: dataDir,
    CMS_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const app = await openApp(config, () => {}, options.clock);
  const server = await buildServer(app);
  await server.ready();
  const fetch = injectFetch(server);
  return {
    app,
    server,
    client: (token, headers) => createCmsClient({ baseUrl: 'http://cms.test', token, headers, fetch }),
    inject: server.inject.bind(server),
    dispatchMailNow: () => app.mail.dispatchNow(),
    close: async () => {
      await server.close();
      await app.db.destroy();
    },
  };
}

/** A fetch that hands requests to Fastify's inject: the whole HTTP stack minus the socket. */
export function injectFetch(server: FastifyInstance) {
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const response = await server.inject({
      method: request.method as 'GET',
      url: url.pathname + url.search,
      headers: Object.fromEntries(request.headers),
      ...(body ? { payload: body } : {}),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (Array.isArray(value)) for (const v of value) headers.append(name, String(v));
      else if (value !== undefined) headers.set(name, String(value));
    }
    const hasBody =
      response.statusCode !== 204 && response.statusCode !== 304 && response.rawPayload.length > 0;
    return new Response(hasBody ? response.rawPayload : null, { status: response.statusCode, headers });
  };
}

/** The request context of a user, as the auth layer would build it. */
export async function contextFor(app: AppContext, userId: string): Promise<RequestContext> {
  const user = await app.db.kysely
    .selectFrom('users')
    .selectAll()
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const actor = actorFromUser(user);
  return { app, actor, requestId: 'test', ip: '127.0.0.1', userAgent: 'vitest' };
}

export async function tokenFor(app: AppContext, userId: string): Promise<string> {
  const created = await createApiToken(await contextFor(app, userId), { name: 'test' });
  return created.token;
}

export const ADMIN_EMAIL = 'root@platform.test';
export const ADMIN_PASSWORD = 'platform-admin-password';

/** Creates the first platform administrator and returns a token for it. */
export async function platformAdminToken(app: AppContext): Promise<{ userId: string; token: string }> {
  const { userId } = await createPlatformAdmin(app, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
  return { userId, token: await tokenFor(app, userId) };
}

/** Unwraps an openapi-fetch result, failing the test with the problem body on an error. */
export function ok<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (!result.response.ok) {
    throw new Error(`Expected success, got ${result.response.status}: ${JSON.stringify(result.error)}`);
  }
  return result.data as T;
}
