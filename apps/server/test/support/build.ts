import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm run build` (the portal's `vite build` and the server's bundle: what `npm start` runs), once
 * per vitest run. Every test that needs the built app calls this: the CLI test and every browser
 * test file, which vitest runs in parallel forks of one process. A second build would empty
 * apps/web/dist while another file's server is still serving it, leaving that server without some
 * of the portal's chunks; so the first caller builds under a lock and stamps the run (the forks'
 * parent process id), and later callers in the same run find it built. A new run builds again.
 */

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const BUILD_LOCK = join(ROOT, 'test-results', '.build-lock');
const BUILD_STAMP = join(ROOT, 'test-results', '.build-run');

export function buildAppOncePerRun(): void {
  const run = String(process.ppid);
  withBuildLock(() => {
    const built =
      existsSync(BUILD_STAMP) &&
      readFileSync(BUILD_STAMP, 'utf8') === run &&
      existsSync(join(ROOT, 'apps', 'web', 'dist', 'index.html')) &&
      existsSync(join(ROOT, 'apps', 'server', 'dist', 'main.js'));
    if (built) return;
    // NODE_ENV is 'test' under vitest; the build must be the production one (React's production build).
    const env = { ...process.env, NO_COLOR: '1', NODE_ENV: 'production' };
    const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, encoding: 'utf8', env });
    if (result.status !== 0) {
      throw new Error(`npm run build failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
    }
    writeFileSync(BUILD_STAMP, run);
  });
}

/** One build at a time across test files. A lock older than ten minutes was left by a killed run. */
function withBuildLock(build: () => void): void {
  mkdirSync(dirname(BUILD_LOCK), { recursive: true });
  const waitUntil = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch {
      if (existsSync(BUILD_LOCK) && Date.now() - statSync(BUILD_LOCK).mtimeMs > 10 * 60_000) {
        rmSync(BUILD_LOCK, { recursive: true, force: true });
      } else if (Date.now() > waitUntil) {
        throw new Error(`another build held ${BUILD_LOCK} for too long`);
      } else {
        spawnSync('sleep', ['1']);
      }
    }
  }
  try {
    build();
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}
