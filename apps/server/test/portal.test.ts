import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.ts';
import { createTestDatabase, type TestDatabase } from './support/engines.ts';

/** The API process serves the built portal: files, SPA fallback, cache headers, and nothing under /api. */
let db: TestDatabase;
let t: TestApp;
let dir: string;
const script = `console.log(${JSON.stringify('x'.repeat(2000))});`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cms-portal-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Portal</title><div id="root"></div>');
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), script);
  writeFileSync(join(dir, 'assets', 'index-abc123.js.gz'), gzipSync(script));
  db = await createTestDatabase('sqlite');
  t = await startTestApp(db.url, { CMS_WEB_DIR: dir });
});
afterAll(async () => {
  await t.close();
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('portal serving', () => {
  it('serves index.html at / and for portal routes, never cached, with a CSP', async () => {
    for (const url of ['/', '/tenants/ten_01jd0000000000000000000000', '/reset-password?token=a.b']) {
      const response = await t.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.body).toContain('<div id="root">');
    }
  });

  it('caches hashed assets for a year and sends the pre-compressed copy when accepted', async () => {
    const plain = await t.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toMatch(/^text\/javascript/);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
    const gzipped = await t.inject({
      method: 'GET',
      url: '/assets/index-abc123.js',
      headers: { 'accept-encoding': 'gzip, deflate' },
    });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers.vary).toMatch(/accept-encoding/i);
    expect(gzipped.rawPayload.length).toBeLessThan(script.length);
  });

  it('answers a matching ETag with 304 and HEAD without a body', async () => {
    const first = await t.inject({ method: 'GET', url: '/favicon.svg' });
    expect(first.headers['cache-control']).toBe('no-cache');
    const again = await t.inject({
      method: 'GET',
      url: '/favicon.svg',
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    const head = await t.inject({ method: 'HEAD', url: '/' });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
  });

  it('leaves /api, missing files and unsafe paths to the problem+json 404', async () => {
    for (const url of [
      '/api/v1/nothing-here',
      '/api',
      '/assets/index-old999.js',
      '/robots.txt',
      '/../package.json',
      '/%2e%2e/%2e%2e/package.json',
    ]) {
      const response = await t.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toMatch(/^application\/problem\+json/);
    }
    const malformed = await t.inject({ method: 'GET', url: '/assets/%E0%A4%A' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toMatch(/^application\/problem\+json/);
    const post = await t.inject({ method: 'POST', url: '/tenants', payload: {} });
    expect(post.statusCode).toBe(404);
  });
});
