import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Azurite's blob service (the root devDependency `azurite`) as a separate process on loopback,
 * the way a storage account is another machine: the CMS reaches it over HTTP only. It runs
 * WITHOUT --skipApiVersionCheck, so a request stating a storage service version Azurite does not
 * know is refused, as a stamp refuses one it does not support. In memory, without telemetry (the
 * machine is offline). Outside CI a missing Azurite skips its suites loudly; under CI=true it fails.
 */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
/** Azurite's well-known development key (public, in its documentation). */
export const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteProcess {
  port: number;
  /** The blob endpoint, path-style: http://127.0.0.1:<port>/devstoreaccount1 */
  endpoint: string;
  pid: number;
  running(): boolean;
  stop(): Promise<void>;
}

function azuriteMain(): string | null {
  try {
    const root = dirname(createRequire(import.meta.url).resolve('azurite/package.json'));
    const main = join(root, 'dist', 'src', 'blob', 'main.js');
    return existsSync(main) ? main : null;
  } catch {
    return null;
  }
}

/** Whether Azurite is installed; under CI=true its absence is an error, elsewhere a loud skip. */
export function azuriteAvailable(): boolean {
  if (azuriteMain() !== null) return true;
  const message = 'Azurite (npm devDependency "azurite") is not installed: run npm ci.';
  if (process.env.CI === 'true') throw new Error(`CI=true requires Azurite. ${message}`);
  console.warn(`\n*** SKIPPING the Azure Blob storage suites: ${message}\n`);
  return false;
}

/** Starts the blob service on `port` (0: a free one) and resolves once it listens. */
export async function startAzurite(port = 0): Promise<AzuriteProcess> {
  const main = azuriteMain();
  if (!main) throw new Error('Azurite is not installed');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      main,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(port),
      '--inMemoryPersistence',
      '--extentMemoryLimit',
      '64',
      '--disableTelemetry',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const listening = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`Azurite did not start: ${output}`));
    }, 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/successfully listens on http:\/\/127\.0\.0\.1:(\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited with ${code}: ${output}`));
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    port: listening,
    endpoint: `http://127.0.0.1:${listening}/${AZURITE_ACCOUNT}`,
    pid: child.pid!,
    running: () => child.exitCode === null && child.signalCode === null,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(child.pid!, 'SIGTERM');
        await exited;
      }
    },
  };
}
