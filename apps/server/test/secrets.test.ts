import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret } from '../src/crypto/secrets.ts';

describe('secrets at rest', () => {
  const key = randomBytes(32);

  it('round-trips, with a fresh nonce each time', () => {
    const a = encryptSecret(key, 'smtp-p@ss wörd');
    const b = encryptSecret(key, 'smtp-p@ss wörd');
    expect(a).not.toBe(b);
    expect(a).not.toContain('smtp');
    expect(decryptSecret(key, a)).toBe('smtp-p@ss wörd');
  });

  it('fails loudly with the wrong key or a tampered value', () => {
    const stored = encryptSecret(key, 'secret');
    expect(() => decryptSecret(randomBytes(32), stored)).toThrow();
    const raw = Buffer.from(stored.slice(3), 'base64');
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    expect(() => decryptSecret(key, `v1:${raw.toString('base64')}`)).toThrow();
    expect(() => decryptSecret(key, 'plain')).toThrow('Unsupported secret format');
  });
});
