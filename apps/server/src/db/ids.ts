import { randomBytes } from 'node:crypto';

/**
 * Type-prefixed, time-sortable identifiers ("ten_01jdx3…"): a ULID (48-bit millisecond time +
 * 80 random bits) in lower-case Crockford base32. The prefix makes ids readable in logs and
 * support tickets; the randomness makes them unguessable; the time part gives a stable order.
 */
export const ID_PREFIXES = {
  platform: 'plt',
  distributor: 'dst',
  partner: 'ptn',
  tenant: 'ten',
  subscription: 'sub',
  user: 'usr',
  apiToken: 'tok',
  audit: 'aud',
  idempotency: 'idk',
  identityProvider: 'idp',
  userIdentity: 'uid',
  mail: 'mel',
  mailAttachment: 'mat',
  documentUpload: 'dup',
  logo: 'lgo',
  chainChange: 'chg',
  region: 'reg',
  importBatch: 'imb',
  alert: 'alr',
  job: 'job',
  plan: 'pln',
  offer: 'off',
  quota: 'quo',
  priceList: 'prl',
  priceListVersion: 'plv',
  priceItem: 'pri',
  taxProfile: 'txp',
  taxRate: 'txr',
  exchangeRate: 'fxr',
  discount: 'dsc',
  credit: 'crd',
  invoice: 'inv',
  invoiceLine: 'inl',
  payment: 'pay',
} as const;

export type IdPrefix = (typeof ID_PREFIXES)[keyof typeof ID_PREFIXES];

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export const PLATFORM_ORG_ID = `plt_${'0'.repeat(26)}`;

export function newId(prefix: IdPrefix, now = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const random = randomBytes(10);
  let bits = 0n;
  for (const byte of random) {
    bits = (bits << 8n) | BigInt(byte);
  }
  let rand = '';
  for (let i = 0; i < 16; i++) {
    rand = ALPHABET[Number(bits & 31n)] + rand;
    bits >>= 5n;
  }
  return `${prefix}_${time}${rand}`;
}

export function idPattern(prefix: IdPrefix): RegExp {
  return new RegExp(`^${prefix}_[${ALPHABET}]{26}$`);
}
