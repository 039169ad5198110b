import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secrets at rest (SMTP passwords, OIDC client secrets, region credentials): AES-256-GCM with the
 * process's encryption key, a fresh 96-bit nonce per value, and a version prefix so the scheme
 * can change later. The authentication tag makes a tampered or wrong-key value fail loudly.
 */
const VERSION = 'v1';

export function encryptSecret(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64')}`;
}

export function decryptSecret(key: Buffer, stored: string): string {
  const [version, payload] = stored.split(':', 2);
  if (version !== VERSION || payload === undefined) {
    throw new Error('Unsupported secret format');
  }
  const raw = Buffer.from(payload, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

/** What the API shows instead of a secret: whether one is set, never the value. */
export const MASKED_SECRET = '********';
