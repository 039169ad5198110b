import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../azs-emulator/test/support.ts';
import { openApp } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config.ts';
import { TEST_ENCRYPTION_KEY } from './support/app.ts';
import { insertRegion } from './support/usage.ts';

/** `cms collect-usage` as an operator runs it: its own process, the emulator in another. */
const root = new URL('../../../', import.meta.url).pathname;
const SCENARIO = join(root, 'apps/server/test/fixtures/usage-scenario.json');

function cms(
  args: string[],
  env: Record<string, string>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts', ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('cms collect-usage', () => {
  let emulator: RunningEmulator;
  let dataDir: string;
  let env: Record<string, string>;
  const regions: Record<string, string> = {};
  beforeAll(async () => {
    emulator = await startEmulator(SCENARIO);
    dataDir = mkdtempSync(join(tmpdir(), 'cms-collect-'));
    env = { CMS_DATA_DIR: dataDir, CMS_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY };
    const app = await openApp(loadConfig({ ...env, LOG_LEVEL: 'silent' }), () => {});
    const connection = {
      time_zone: 'UTC',
      collection_window_hours: 1,
      arm_endpoint: emulator.regions.get('westeu1')!.base,
      directory_tenant: '5e8a7c21-93d4-4f0b-a6e2-0c4b9d1f7a38',
      client_id: 'cms-collector',
    };
    regions.good = (await insertRegion(app, { name: 'good', ...connection }, 'westeu1-secret')).id;
    regions.bad = (await insertRegion(app, { name: 'bad', ...connection }, 'wrong')).id;
    await app.db.destroy();
  }, 60_000);
  afterAll(async () => {
    await emulator?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses times without an offset, naming the option, before touching anything', async () => {
    const result = await cms(
      ['collect-usage', '--region', 'reg_x', '--from', '2024-04-01T00:00:00', '--to', '2024-04-01T02:00:00Z'],
      env,
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--from must be an ISO-8601 date-time with an offset');
    const missing = await cms(
      ['collect-usage', '--from', '2024-04-01T00:00:00Z', '--to', '2024-04-01T02:00:00Z'],
      env,
    );
    expect([missing.status, missing.stderr.split('\n')[0]]).toEqual([2, 'collect-usage needs --region <id>']);
  });

  it('collects with progress lines when stderr is not a terminal, and fails with exit code 1', async () => {
    const ok = await cms(
      [
        'collect-usage',
        '--region',
        regions.good!,
        '--from',
        '2024-04-01T01:00:00+01:00',
        '--to',
        '2024-04-01T02:00:00Z',
      ],
      env,
    );
    expect(ok.status, ok.stderr).toBe(0);
    // [00:00, 02:00) plus the 1-hour collection window: three windows, one line each.
    expect(ok.stderr.trim().split('\n')).toEqual([
      '1/3 2024-04-01T00:00:00Z stored',
      '2/3 2024-04-01T01:00:00Z stored',
      '3/3 2024-04-01T02:00:00Z stored',
    ]);
    expect(ok.stdout).toMatch(
      /^Collected 3 reported window\(s\) of region reg_\w+: \d+ record\(s\), 3 stored/,
    );

    const bad = await cms(
      [
        'collect-usage',
        '--region',
        regions.bad!,
        '--from',
        '2024-04-01T00:00:00Z',
        '--to',
        '2024-04-01T01:00:00Z',
      ],
      env,
    );
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(
      /failed for 2 of 2 reported window\(s\): Microsoft Entra ID rejected the client secret/,
    );
  }, 60_000);
});
