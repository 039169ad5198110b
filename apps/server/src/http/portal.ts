import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Serves the built web portal (apps/web/dist) from the API process: the files Vite wrote, and
 * index.html for every other GET outside /api (the portal's own routes). Content-hashed files
 * under /assets/ are cached for a year; index.html and the rest are revalidated on every load
 * (ETag), so a new deployment is picked up at once. Pre-compressed .br/.gz copies written by the
 * build are sent to clients that accept them. The files are read once, at start.
 */

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/** The portal's Content-Security-Policy: its own scripts only; Mantine injects style elements. */
export const PORTAL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const IMMUTABLE = 'public, max-age=31536000, immutable';

interface Asset {
  body: Buffer;
  br?: Buffer;
  gzip?: Buffer;
  type: string;
  etag: string;
  cacheControl: string;
}

export interface Portal {
  dir: string;
  /** Answers the request if it is the portal's; false leaves it to the API's 404. */
  serve(request: FastifyRequest, reply: FastifyReply): boolean;
}

/** apps/web/dist, found upwards from this module (src/http in a checkout, dist/ when bundled). */
export function findPortalDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'apps', 'web', 'dist');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

export function loadPortal(dir: string | undefined): Portal | null {
  if (!dir) return null;
  const root = resolve(dir);
  if (!existsSync(join(root, 'index.html'))) return null;
  const files = new Set(walk(root));
  const assets = new Map<string, Asset>();
  for (const file of files) {
    if (file.endsWith('.br') || file.endsWith('.gz')) continue;
    const urlPath = `/${relative(root, file).split(sep).join('/')}`;
    const body = readFileSync(file);
    const asset: Asset = {
      body,
      type: TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      cacheControl: urlPath.startsWith('/assets/') ? IMMUTABLE : 'no-cache',
    };
    if (files.has(`${file}.br`)) asset.br = readFileSync(`${file}.br`);
    if (files.has(`${file}.gz`)) asset.gzip = readFileSync(`${file}.gz`);
    assets.set(urlPath, asset);
  }
  const index = assets.get('/index.html')!;

  return {
    dir: root,
    serve(request, reply) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return false;
      const raw = request.url.split('?')[0] ?? '/';
      if (raw === '/api' || raw.startsWith('/api/')) return false;
      let path: string;
      try {
        path = decodeURIComponent(raw);
      } catch {
        return false;
      }
      let asset = assets.get(path);
      if (!asset) {
        // A missing file (an old hashed asset, /robots.txt) is a 404; any other path is a
        // portal route, answered with index.html.
        if (path.startsWith('/assets/') || extname(path) !== '') return false;
        asset = index;
      }
      reply.header('cache-control', asset.cacheControl);
      reply.header('etag', asset.etag);
      reply.header('vary', 'accept-encoding');
      if (asset === index) reply.header('content-security-policy', PORTAL_CSP);
      if (request.headers['if-none-match'] === asset.etag) {
        reply.code(304).send();
        return true;
      }
      const accepted = String(request.headers['accept-encoding'] ?? '');
      let body = asset.body;
      if (asset.br && /\bbr\b/.test(accepted)) {
        body = asset.br;
        reply.header('content-encoding', 'br');
      } else if (asset.gzip && /\bgzip\b/.test(accepted)) {
        body = asset.gzip;
        reply.header('content-encoding', 'gzip');
      }
      reply.code(200).type(asset.type);
      if (request.method === 'HEAD') {
        reply.header('content-length', String(body.length));
        reply.send();
      } else {
        reply.send(body);
      }
      return true;
    },
  };
}
