import { createHash } from 'node:crypto';

/**
 * Deterministic pseudo-randomness: every varying value the emulator serves is a pure function of the
 * scenario seed and the coordinates of the value (resource, meter, hour), so any page can be computed
 * on its own and two runs serve byte-identical answers.
 */
export function unitHash(seed: number, ...parts: (string | number)[]): number {
  // FNV-1a over the parts, then a murmur3 finaliser for good low-bit spread.
  let h = 0x811c9dc5 ^ seed;
  for (const part of parts) {
    const text = typeof part === 'number' ? part.toString(36) : part;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x7c;
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 0x1_0000_0000;
}

/** A version-4-shaped GUID derived from the seed and a name, stable across runs. */
export function stableGuid(seed: number, name: string): string {
  const hex = createHash('sha256').update(`${seed}:${name}`).digest('hex');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The hot-path variant of unitHash for integer coordinates (stream index, hour): a few integer
 * multiplications instead of hashing text, because it runs several times for every record served.
 */
export function unitHashInts(salt: number, a: number, b: number): number {
  let h = salt ^ Math.imul(a + 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h ^= Math.imul(b + 0x7f4a7c15, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) / 0x1_0000_0000;
}
