// Bundles the server (with the workspace packages) into dist/main.js, and the worker threads beside
// it: the usage collector's pulling thread (dist/usage-pull-worker.js) and the invoice PDF renderer
// (dist/invoice-pdf-worker.js); npm dependencies stay external and load from node_modules at run time.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const external = Object.keys(pkg.dependencies).filter((name) => !name.startsWith('@cms/'));

await build({
  entryPoints: {
    main: 'src/main.ts',
    'usage-pull-worker': 'src/modules/usage/pull-worker.ts',
    'invoice-pdf-worker': 'src/modules/invoice-pdf/pdf-worker.ts',
  },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outdir: 'dist',
  external,
  sourcemap: true,
  logLevel: 'warning',
});
