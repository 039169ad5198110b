import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../src/http/errors.ts';
import { lookUpEntraDomain } from '../src/modules/identity-providers/entra-directory.ts';

/**
 * The look-up of a directory by domain against an authority that answers each domain differently
 * (the end-to-end path, with a real provider behind the authority, is in oidc.test.ts).
 */
describe('lookUpEntraDomain', () => {
  const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
  let server: Server;
  let authority: string;
  const documents: Record<string, (origin: string) => [number, string]> = {
    'nwtraders.onmicrosoft.com': (o) => [
      200,
      JSON.stringify({ issuer: `${o}/${TENANT.toUpperCase()}/v2.0` }),
    ],
    // The multi-tenant documents carry a placeholder, not a directory.
    'placeholder.example': (o) => [200, JSON.stringify({ issuer: `${o}/{tenantid}/v2.0` })],
    'elsewhere.example': () => [200, JSON.stringify({ issuer: `https://evil.example/${TENANT}/v2.0` })],
    'suffix.example': (o) => [200, JSON.stringify({ issuer: `${o}/${TENANT}/v2.0/extra` })],
    'not-json.example': () => [200, '<html>'],
    'failing.example': () => [500, 'oops'],
    'missing.example': () => [404, ''],
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      const origin = `http://${req.headers.host}`;
      const domain = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(req.url ?? '')?.[1] ?? '';
      const [status, body] = documents[domain]?.(origin) ?? [400, '{"error":"invalid_tenant"}'];
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    authority = `http://127.0.0.1:${address.port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function refusal(domain: string, at = authority): Promise<AppError> {
    const error = await lookUpEntraDomain(at, domain).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error, domain).toBeInstanceOf(AppError);
    return error as AppError;
  }

  it('reads the tenant id from an issuer of exactly the form {authority}/{GUID}/v2.0, in lower case', async () => {
    expect(await lookUpEntraDomain(authority, 'NWTraders.onmicrosoft.com')).toEqual({
      domain: 'NWTraders.onmicrosoft.com',
      tenantId: TENANT,
    });
  });

  it('answers 422 on the field for an unknown domain or an answer that names no single directory', async () => {
    for (const domain of [
      'unknown.example',
      'missing.example',
      'placeholder.example',
      'elsewhere.example',
      'suffix.example',
      'not-json.example',
    ]) {
      const error = await refusal(domain);
      expect(error.status, domain).toBe(422);
      expect(
        error.errors.map((e) => e.field),
        domain,
      ).toEqual(['body.entraTenantId']);
      expect(error.errors[0]?.message, domain).toContain(domain);
    }
  });

  it('answers 503 when the authority fails or cannot be reached', async () => {
    expect((await refusal('failing.example')).status).toBe(503);
    const closed = await refusal('nwtraders.onmicrosoft.com', 'http://127.0.0.1:9');
    expect(closed).toMatchObject({ status: 503, code: 'not_ready' });
    expect(closed.message).toMatch(/^Microsoft Entra \(http:\/\/127\.0\.0\.1:9\) could not be asked/);
  });
});
