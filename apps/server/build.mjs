// Bundles the server (with the workspace packages) into dist/main.js, and the usage collector's
// pulling thread into dist/usage-pull-worker.js (a worker thread loads it beside main.js); npm
// dependencies stay external and load from node_modules at run time.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const external = Object.keys(pkg.dependencies).filter((name) => !name.startsWith('@cms/'));

await build({
  entryPoints: { main: 'src/main.ts', 'usage-pull-worker': 'src/modules/usage/pull-worker.ts' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outdir: 'dist',
  external,
  sourcemap: true,
  logLevel: 'warning',
});
