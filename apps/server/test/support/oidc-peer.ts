import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/**
 * The OpenID Connect peer (test/peers/oidc-provider.mjs, a real oidc-provider) as its own process
 * on 127.0.0.1: a provider for the federated sign-in tests, and with `entra` in its configuration
 * a Microsoft Entra authority whose domains resolve to one directory (CMS_ENTRA_AUTHORITY).
 */

const PEER_SCRIPT = fileURLToPath(new URL('../peers/oidc-provider.mjs', import.meta.url));

export interface Peer {
  issuer: string;
  /** Creates or replaces an account at the provider (its `sub` is the key). */
  account(sub: string, claims: Record<string, unknown>): Promise<void>;
  /** false: the provider drops every connection from now on (unreachable); true: it answers again. */
  reachable(answers: boolean): Promise<void>;
  close(): Promise<void>;
}

export async function startPeer(config: Record<string, unknown>): Promise<Peer> {
  const child: ChildProcess = spawn(process.execPath, [PEER_SCRIPT], {
    env: { ...process.env, OIDC_PEER_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const issuer = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n') && line) resolve((JSON.parse(line) as { issuer: string }).issuer);
    });
    child.once('exit', (code) => reject(new Error(`oidc peer exited (${code}): ${stderr}`)));
    setTimeout(() => reject(new Error(`oidc peer did not start: ${stderr}`)), 15_000).unref();
  });
  return {
    issuer,
    async account(sub, claims) {
      const response = await fetch(`${issuer}/_peer/accounts/${encodeURIComponent(sub)}`, {
        method: 'PUT',
        body: JSON.stringify(claims),
      });
      expect(response.status).toBe(204);
    },
    async reachable(answers) {
      const response = await fetch(`${issuer}/_peer/reachable`, {
        method: 'PUT',
        body: JSON.stringify(answers),
      });
      expect(response.status).toBe(204);
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
