import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/**
 * The Azure Stack Hub emulator (apps/azs-emulator) as a separate process on a free port, the way
 * a stamp is a separate machine: the CMS reaches it over HTTP only. Its first stdout line is its
 * URL, then one line per region: `region <name> <entra|adfs> <admin ARM endpoint>`.
 */
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const MAIN = join(repoRoot, 'apps', 'azs-emulator', 'src', 'main.ts');

export interface EmulatorRegion {
  identity: 'entra' | 'adfs';
  /** The region's admin ARM endpoint. */
  armEndpoint: string;
}

export interface EmulatorProcess {
  origin: string;
  regions: Map<string, EmulatorRegion>;
  stop(): Promise<void>;
}

export async function startEmulator(scenarioPath: string): Promise<EmulatorProcess> {
  const expectedRegions = (JSON.parse(readFileSync(scenarioPath, 'utf8')) as { regions: unknown[] }).regions
    .length;
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', MAIN, '--scenario', scenarioPath, '--port', '0', '--host', '127.0.0.1'],
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: repoRoot },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const lines = createInterface({ input: child.stdout! });
  const regions = new Map<string, EmulatorRegion>();
  let origin = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the emulator did not start: ${stderr}`)), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited with ${code}: ${stderr}`));
    });
    lines.on('line', (line) => {
      if (origin === '') {
        origin = line.trim();
        return;
      }
      const [word, name, identity, base] = line.trim().split(' ');
      if (word !== 'region' || !name || !base) return;
      regions.set(name, { identity: identity as 'entra' | 'adfs', armEndpoint: base });
      // Every region line has arrived once the last one did: the scenario names how many.
      if (regions.size === expectedRegions) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    origin,
    regions,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
