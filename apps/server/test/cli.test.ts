import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildAppOncePerRun } from './support/build.ts';
import { startSmtpSink } from './support/smtp-sink.ts';

/** The `cms` command as an operator runs it: separate processes, a real port, a fresh data folder. */
const root = new URL('../../../', import.meta.url).pathname;
const dirs: string[] = [];
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function freshDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cms-cli-'));
  dirs.push(dir);
  return dir;
}

function cms(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
  });
}

describe('cms command', () => {
  it('migrates a fresh embedded database, generating an encryption key into the data folder once', () => {
    const dataDir = freshDataDir();
    const first = cms(['migrate'], { CMS_DATA_DIR: dataDir });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('Generated an encryption key');
    expect(existsSync(join(dataDir, 'cms.sqlite'))).toBe(true);
    const second = cms(['migrate'], { CMS_DATA_DIR: dataDir });
    expect(second.stdout).not.toContain('Generated an encryption key');
    expect(second.stdout).toContain('latest migration');
  });

  it('creates a platform administrator with a generated password shown once', () => {
    const dataDir = freshDataDir();
    const result = cms(['create-admin', '--email', 'ops@example.test'], { CMS_DATA_DIR: dataDir });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Password \(shown once\): \S{20}/);
    const again = cms(['create-admin', '--email', 'OPS@example.test'], { CMS_DATA_DIR: dataDir });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('already exists');
  });

  it('fails fast on invalid configuration, naming the variable', () => {
    const result = cms(['migrate'], { CMS_DATA_DIR: freshDataDir(), PORT: 'eighty' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('PORT');
    const setting = cms(['migrate'], { CMS_DATA_DIR: freshDataDir(), CMS_SETTING_NO_SUCH_THING: 'true' });
    expect(setting.status).toBe(1);
    expect(setting.stderr).toContain('CMS_SETTING_NO_SUCH_THING does not name a setting');
    const badValue = cms(['migrate'], {
      CMS_DATA_DIR: freshDataDir(),
      CMS_SETTING_TENANTS_PARTNER_CAN_CREATE: 'maybe',
    });
    expect(badValue.status).toBe(1);
    expect(badValue.stderr).toContain('must be true or false');
  });

  it('serves on first start: creates the administrator from the environment and answers on loopback', async () => {
    const dataDir = freshDataDir();
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts', 'serve'], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        CMS_DATA_DIR: dataDir,
        PORT: '0',
        LOG_LEVEL: 'info',
        CMS_ADMIN_EMAIL: 'first@example.test',
        CMS_ADMIN_PASSWORD: 'a-long-enough-password',
        CMS_SETTING_TENANTS_PARTNER_CAN_CREATE: 'false',
      },
    });
    children.push(child);
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
    });
    expect(output).toContain('first@example.test created from CMS_ADMIN_EMAIL');
    expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ status: 'ok' });
    expect(((await (await fetch(`${url}/api/docs`)).json()) as { openapi: string }).openapi).toBe('3.1.0');
    const signIn = await fetch(`${url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'first@example.test', password: 'a-long-enough-password' }),
    });
    expect(signIn.status).toBe(200);
    const me = (await signIn.json()) as { me: { permissions: Record<string, boolean> } };
    expect(me.me.permissions['distributors.create']).toBe(true);
    const settings = await fetch(`${url}/api/v1/settings`, {
      headers: { cookie: signIn.headers.get('set-cookie')!.split(';')[0]! },
    });
    const groups = ((await settings.json()) as { groups: { settings: { key: string; value: unknown }[] }[] })
      .groups;
    const partnerCanCreate = groups
      .flatMap((g) => g.settings)
      .find((s) => s.key === 'tenants.partnerCanCreate');
    expect(partnerCanCreate?.value).toBe(false);
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  });

  it('delivers the mail outbox while serving, and stops cleanly on SIGTERM', async () => {
    const sink = await startSmtpSink();
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts', 'serve'], {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? '',
          CMS_DATA_DIR: freshDataDir(),
          PORT: '0',
          LOG_LEVEL: 'info',
          CMS_ADMIN_EMAIL: 'mailed@example.test',
          CMS_ADMIN_PASSWORD: 'a-long-enough-password',
          CMS_SETTING_SMTP_HOST: sink.host,
          CMS_SETTING_SMTP_PORT: String(sink.port),
          CMS_SETTING_SMTP_SECURITY: 'none',
          CMS_SETTING_SMTP_FROM_ADDRESS: 'cms@example.test',
        },
      });
      children.push(child);
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
      });
      const asked = await fetch(`${url}/api/v1/auth/password-reset`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'mailed@example.test' }),
      });
      expect(asked.status).toBe(202);
      const mail = await sink.waitFor((m) => m.to.includes('mailed@example.test'), 15_000);
      expect(mail.subject).toBe('Reset your password');
      child.kill('SIGTERM');
      const code = await new Promise((resolve) => child.once('exit', resolve));
      expect(code, output).toBe(0);
    } finally {
      await sink.close();
    }
  });

  it('builds into one bundle that runs with only node_modules beside it', () => {
    buildAppOncePerRun();
    const result = spawnSync(process.execPath, ['apps/server/dist/main.js', 'help'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('Usage: cms <command>');
  });
});
