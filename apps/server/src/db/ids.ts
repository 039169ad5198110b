import { randomFillSync } from 'node:crypto';

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

// Random bytes drawn 4,000 at a time: one randomBytes call per id cost more than the id itself
// when thousands of invoice lines are written at once.
const POOL = Buffer.alloc(4000);
let pooled = POOL.length;
function randomTen(): Buffer {
  if (pooled + 10 > POOL.length) {
    randomFillSync(POOL);
    pooled = 0;
  }
  return POOL;
}

export function newId(prefix: IdPrefix, now = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const random = randomTen();
  // The 80 random bits as two 40-bit halves (exact in a double), eight characters each.
  let rand = '';
  for (const from of [pooled, pooled + 5]) {
    let half = 0;
    for (let i = from; i < from + 5; i++) half = half * 256 + random[i]!;
    let chars = '';
    for (let i = 0; i < 8; i++) {
      chars = ALPHABET[half % 32] + chars;
      half = Math.floor(half / 32);
    }
    rand += chars;
  }
  pooled += 10;
  return `${prefix}_${time}${rand}`;
}

export function idPattern(prefix: IdPrefix): RegExp {
  return new RegExp(`^${prefix}_[${ALPHABET}]{26}$`);
}
