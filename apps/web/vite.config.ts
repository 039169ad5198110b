// The portal's build: React + Mantine, one chunk per route (see src/app/routes.tsx). `vite build`
// also writes .gz and .br copies of text assets, which the server sends to clients that accept
// them (apps/server/src/http/portal.ts). In development `vite` serves the portal on :5173 and
// proxies /api to the API server (CMS_API_URL, default http://127.0.0.1:3000).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'cms-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir).flatMap((name) => {
          const path = join(dir, name);
          return statSync(path).isDirectory() ? walk(path) : [path];
        });
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json|txt)$/.test(file)) continue;
        const data = readFileSync(file);
        if (data.length < 1024) continue;
        writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    chunkSizeWarningLimit: 600,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': { target: process.env.CMS_API_URL ?? 'http://127.0.0.1:3000' },
    },
  },
  preview: {
    proxy: {
      '/api': { target: process.env.CMS_API_URL ?? 'http://127.0.0.1:3000' },
    },
  },
});
