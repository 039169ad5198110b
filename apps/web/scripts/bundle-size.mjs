#!/usr/bin/env node
// The portal's initial download: the scripts and modulepreloads index.html loads before any
// route chunk, measured gzip-compressed (level 9). `node apps/web/scripts/bundle-size.mjs [--json]`
// after `npm run build`. The browser test suite asserts the budget (350 kB).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = process.env.CMS_WEB_DIR ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const refs = [
  ...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g),
  ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g),
].map((m) => m[1]);
const css = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+\.css)"/g)].map((m) => m[1]);
const measure = (ref) => {
  const body = readFileSync(join(dist, ref.replace(/^\//, '')));
  return { file: ref, bytes: body.length, gzip: gzipSync(body, { level: 9 }).length };
};
const scripts = refs.map(measure);
const styles = css.map(measure);
const result = {
  scripts,
  styles,
  jsGzip: scripts.reduce((sum, s) => sum + s.gzip, 0),
  jsBytes: scripts.reduce((sum, s) => sum + s.bytes, 0),
  cssGzip: styles.reduce((sum, s) => sum + s.gzip, 0),
};
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(result));
} else {
  for (const s of [...scripts, ...styles])
    console.log(`${s.file}  ${(s.bytes / 1000).toFixed(1)} kB, gzip ${(s.gzip / 1000).toFixed(1)} kB`);
  console.log(
    `initial JS: ${(result.jsGzip / 1000).toFixed(1)} kB gzip (${(result.jsBytes / 1000).toFixed(1)} kB raw); CSS ${(result.cssGzip / 1000).toFixed(1)} kB gzip`,
  );
}
