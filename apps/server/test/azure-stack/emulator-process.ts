import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

/**
 * The Azure Stack Hub emulator as a separate process, started through its CLI only: the client
 * shares no code with it, so a misreading of the protocol in one is not mirrored in the other.
 */

const EMULATOR = join(import.meta.dirname, '../../../azs-emulator');
const MAIN = join(EMULATOR, 'src', 'main.ts');
export const SMALL_SCENARIO = join(EMULATOR, 'test', 'fixtures', 'small-scenario.json');

export interface Emulator {
  origin: string;
  /** Region name → admin ARM endpoint. */
  regions: Map<string, string>;
  stop: () => Promise<void>;
}

/** Starts the emulator and waits for its URL line and the `region …` lines of `regionCount` regions. */
export async function startEmulator(scenario: string, regionCount: number): Promise<Emulator> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', MAIN, '--scenario', scenario, '--port', '0'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const regions = new Map<string, string>();
  const lines = createInterface({ input: child.stdout! });
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`emulator did not start: ${stderr}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}: ${stderr}`)));
    let first: string | null = null;
    lines.on('line', (line) => {
      if (first === null) {
        first = line;
        return;
      }
      const [word, name, , base] = line.split(' ');
      if (word === 'region' && name !== undefined && base !== undefined) regions.set(name, base);
      if (regions.size === regionCount) {
        clearTimeout(timer);
        resolve(first);
      }
    });
  });
  return {
    origin,
    regions,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** `azs-emulator dump`: every record the usage API serves for a reported range, one JSON text per line. */
export async function dump(scenario: string, region: string, from: string, to: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', MAIN, 'dump', '--scenario', scenario, '--region', region, '--from', from, '--to', to],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout.split('\n').filter((line) => line !== '');
}
