import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Bytes whose base64 is `+/+/`: every continuation token starts with the two characters URLs mangle. */
const TOKEN_PREFIX = Buffer.from([0xfb, 0xff, 0xbf]);

/**
 * Signed opaque strings: continuation tokens and bearer tokens. The key comes from the seed, so the
 * tokens of a scenario are reproducible (golden files pin them) yet cannot be edited by a client:
 * a continuation token that was decoded, re-encoded or changed fails its MAC and is refused.
 */
export class Signer {
  private readonly key: Buffer;

  constructor(seed: number) {
    this.key = createHash('sha256').update(`azs-emulator:${seed}`).digest();
  }

  private mac(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('base64url').slice(0, 22);
  }

  private verifyMac(text: string, mac: string): boolean {
    const expected = Buffer.from(this.mac(text));
    const given = Buffer.from(mac);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /**
   * A continuation token: standard base64 (with `=` padding, like ASH's own, G12) of the JSON state
   * and its MAC. Three leading bytes make every token start with `+/+/`, and the text is padded so it
   * ends in `==`: a client that rebuilds the nextLink without encoding `+` (which then arrives as a
   * space), or double-encodes `%3D`, sends a different token and is refused.
   */
  sealContinuation(state: object): string {
    const body = JSON.stringify(state);
    let text = `${body}|${this.mac(body)}`;
    while ((TOKEN_PREFIX.length + Buffer.byteLength(text)) % 3 !== 1) text += ' ';
    return Buffer.concat([TOKEN_PREFIX, Buffer.from(text)]).toString('base64');
  }

  /** The state of a continuation token, or null when it is malformed or was modified. */
  openContinuation(token: string): Record<string, unknown> | null {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(token)) return null;
    const bytes = Buffer.from(token, 'base64');
    if (!bytes.subarray(0, TOKEN_PREFIX.length).equals(TOKEN_PREFIX)) return null;
    const text = bytes.subarray(TOKEN_PREFIX.length).toString('utf8').trimEnd();
    const separator = text.lastIndexOf('|');
    if (separator < 0) return null;
    const body = text.slice(0, separator);
    if (!this.verifyMac(body, text.slice(separator + 1))) return null;
    try {
      const state: unknown = JSON.parse(body);
      return typeof state === 'object' && state !== null ? (state as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }

  /** A JWT-shaped access token (HS256 with the emulator's key). */
  signJwt(claims: Record<string, unknown>): string {
    const header = Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'HS256' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const signature = createHmac('sha256', this.key).update(`${header}.${payload}`).digest('base64url');
    return `${header}.${payload}.${signature}`;
  }

  /** The claims of an access token this emulator signed, or null. */
  verifyJwt(token: string): Record<string, unknown> | null {
    const [header, payload, signature, extra] = token.split('.');
    if (header === undefined || payload === undefined || signature === undefined || extra !== undefined)
      return null;
    const expected = Buffer.from(
      createHmac('sha256', this.key).update(`${header}.${payload}`).digest('base64url'),
    );
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      return null;
    }
  }
}
