import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../src/context.ts';
import { systemContext } from '../src/context.ts';
import { ID_PREFIXES } from '../src/db/ids.ts';
import { transaction } from '../src/db/transaction.ts';
import { raiseAlert } from '../src/modules/alerts/alerts.service.ts';
import { openApiDocument, ROUTES } from '../src/routes.ts';
import { ok, startTestApp, type TestApp } from './support/app.ts';
import {
  type BadInputCase,
  baseRequestOf,
  casesFor,
  type Fixtures,
  MAX_PARAM_LENGTH,
  type Outcome,
  operationsOf,
  resolveBase,
  resolveRequest,
  unconstrainedStrings,
} from './support/bad-input-cases.ts';
import { createTestDatabase, type TestDatabase } from './support/engines.ts';
import { buildInvoiceWorld } from './support/invoice-world.ts';
import { insertOfferRow, insertPlanRow, insertQuotaRow } from './support/offer-rows.ts';
import { buildPriceWorld } from './support/price-rows.ts';
import { insertRegion } from './support/usage-rows.ts';
import { buildWorld, uploadPlatformLogo, type World } from './support/world.ts';

/**
 * The bad-input suite, generated from the OpenAPI document: for every operation, malformed and
 * boundary values in every declared input (path, query, headers, JSON body, nested one level),
 * broken JSON, wrong content types, an oversized body and malformed credentials. Every answer must
 * be a 4xx application/problem+json naming the offending `field`, never a 5xx, and no request may
 * change a single row. The cases come from support/bad-input-cases.ts; a new route is covered as
 * soon as it is in the document. Runs on SQLite only, to keep CI short: validation sits above the
 * database and does not differ between engines.
 */

// ---------------------------------------------------------------------------------------------
// "Never a write": a fingerprint of every row of every table.

/**
 * Columns that legitimately change when a request merely authenticates: when a credential was last
 * used (written at most once a minute). They record use, not a change to the data.
 */
const VOLATILE_COLUMNS: Record<string, readonly string[]> = {
  api_tokens: ['last_used_at'],
  sessions: ['last_seen_at'],
};

interface TableState {
  hash: string;
  rows: string[];
}
type Fingerprint = Map<string, TableState>;

const primaryKeys = new Map<string, string[]>();

/** Every table (but Kysely's migration bookkeeping), ordered by primary key, one JSON line a row. */
async function fingerprintDatabase(app: AppContext): Promise<Fingerprint> {
  const db = app.db.kysely;
  const tables = (await db.introspection.getTables())
    .filter((t) => !t.name.startsWith('cms_migrations'))
    .sort((a, b) => a.name.localeCompare(b.name));
  const fingerprint: Fingerprint = new Map();
  for (const table of tables) {
    let keys = primaryKeys.get(table.name);
    if (!keys) {
      // SQLite only (like this suite): the primary key columns in key order.
      const columns = sql<{
        name: string;
        pk: number;
      }>`select name, pk from pragma_table_info(${table.name})`;
      const info = await columns.execute(db);
      const pk = info.rows.filter((r) => r.pk > 0).sort((a, b) => a.pk - b.pk);
      keys = pk.length > 0 ? pk.map((r) => r.name) : table.columns.map((c) => c.name);
      primaryKeys.set(table.name, keys);
    }
    const orderBy = sql.join(keys.map((k) => sql.ref(k)));
    const select = sql<Record<string, unknown>>`select * from ${sql.table(table.name)} order by ${orderBy}`;
    const result = await select.execute(db);
    const volatile = VOLATILE_COLUMNS[table.name] ?? [];
    const rows = result.rows.map((row) => {
      for (const column of volatile) delete row[column];
      return JSON.stringify(row);
    });
    const hash = createHash('sha256').update(rows.join('\n')).digest('hex');
    fingerprint.set(table.name, { hash, rows });
  }
  return fingerprint;
}

/** What changed between two fingerprints, table by table (empty when nothing did). */
function changes(before: Fingerprint, after: Fingerprint): string[] {
  const out: string[] = [];
  for (const name of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(name);
    const b = after.get(name);
    if (a?.hash === b?.hash) continue;
    const old = new Set(a?.rows ?? []);
    const now = new Set(b?.rows ?? []);
    const added = [...now].filter((r) => !old.has(r));
    const removed = [...old].filter((r) => !now.has(r));
    const clip = (r: string) => (r.length > 300 ? `${r.slice(0, 300)}…` : r);
    out.push(
      `${name}: +${added.length} -${removed.length} rows` +
        `${added.length ? ` added ${added.slice(0, 2).map(clip).join(' ')}` : ''}` +
        `${removed.length ? ` removed ${removed.slice(0, 2).map(clip).join(' ')}` : ''}`,
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The cases, generated at collection time from the document.

const operations = operationsOf(openApiDocument());
const casesByOperation = new Map<string, BadInputCase[]>(
  operations.map((op) => [op.id, casesFor(op, operations)]),
);
const generatedTotal = [...casesByOperation.values()].reduce((n, cases) => n + cases.length, 0);

let testDb: TestDatabase;
let t: TestApp;
let world: World;
let fixtures: Fixtures;
let fingerprint: Fingerprint;
const ran = new Map<string, number>();
const started = Date.now();

beforeAll(async () => {
  testDb = await createTestDatabase('sqlite');
  t = await startTestApp(testDb.url);
  world = await buildWorld(t);
  const admin = world.platformAdmin.client;
  // A token of the administrator that is not the one the suite signs in with: revoking it by
  // mistake must not lock the suite out (and would show up as a write).
  const spareToken = ok(await admin.POST('/api/v1/api-tokens', { body: { name: 'bad-input target' } }));
  const settings = ok(await admin.GET('/api/v1/settings'));
  const setting = settings.groups.flatMap((g) => g.settings)[0];
  const alert = await transaction(t.app.db, (trx) =>
    raiseAlert(trx, systemContext(t.app), {
      kind: 'bad_input.probe',
      key: 'probe',
      severity: 'info',
      title: 'Probe',
      message: 'An alert for the bad-input cases to aim at.',
      subscriptionId: world.A.subscriptionId,
    }),
  );
  if (!setting) throw new Error('No settings registered');
  const regionId = await insertRegion(t.app);
  // Static IP Address Usage, of the seeded Azure Stack Hub catalog (the region is a stamp).
  const prices = await buildPriceWorld(
    t,
    world.platformAdmin.token,
    regionId,
    'f271a8a388c44d93956a063e1d2fa80b',
  );
  // Platform objects of issue 13 for the routes that name one.
  const taxProfile = ok(
    await admin.POST('/api/v1/tax-profiles', { body: { name: 'Probe Tax', exempt: true } }),
  );
  const exchangeRate = ok(
    await admin.POST('/api/v1/exchange-rates', {
      body: { currency: 'EUR', rate: '0.9', effectiveFrom: '2026-01-01T00:00:00Z' },
    }),
  );
  const discount = ok(
    await admin.POST('/api/v1/discounts', { body: { tenantId: world.A.tenantId, percentage: '5' } }),
  );
  const credit = ok(
    await admin.POST('/api/v1/credits', {
      body: { tenantId: world.A.tenantId, amount: '1', fromPeriod: '2026-01', description: 'Probe' },
    }),
  );
  // A subscription of its own: the world's is the one the subscription cases aim at (unlinked).
  const invoiced = ok(
    await admin.POST('/api/v1/subscriptions', { body: { tenantId: world.A.tenantId, name: 'Invoiced' } }),
  );
  const invoices = await buildInvoiceWorld(t, world, invoiced.id);
  fixtures = {
    ids: {
      [ID_PREFIXES.distributor]: world.A.distributorId,
      [ID_PREFIXES.partner]: world.A.partnerId,
      [ID_PREFIXES.tenant]: world.A.tenantId,
      [ID_PREFIXES.subscription]: world.A.subscriptionId,
      [ID_PREFIXES.user]: world.A.people.tenant_reader.userId,
      [ID_PREFIXES.apiToken]: spareToken.id,
      [ID_PREFIXES.identityProvider]: world.A.identityProviderId,
      [ID_PREFIXES.logo]: await uploadPlatformLogo(world),
      [ID_PREFIXES.region]: regionId,
      [ID_PREFIXES.plan]: await insertPlanRow(t.app, regionId),
      [ID_PREFIXES.offer]: await insertOfferRow(t.app, regionId),
      [ID_PREFIXES.quota]: await insertQuotaRow(t.app, regionId),
      [ID_PREFIXES.alert]: alert.id,
      [ID_PREFIXES.job]: world.A.jobId,
      [ID_PREFIXES.priceList]: prices.listId,
      [ID_PREFIXES.priceListVersion]: prices.draftVersionId,
      [ID_PREFIXES.priceItem]: prices.draftItemId,
      [ID_PREFIXES.taxProfile]: taxProfile.id,
      [ID_PREFIXES.exchangeRate]: exchangeRate.id,
      [ID_PREFIXES.discount]: discount.id,
      [ID_PREFIXES.credit]: credit.id,
      [ID_PREFIXES.invoice]: invoices.issuedId,
      [ID_PREFIXES.invoiceLine]: invoices.issuedLineId,
    },
    // A real setting at its current value: the contract can say "a record", not which keys.
    record: { [setting.key]: setting.value },
  };
  fingerprint = await fingerprintDatabase(t.app);
});

afterAll(async () => {
  const total = [...ran.values()].reduce((n, c) => n + c, 0);
  const lines = operations.map((op) => `  ${op.id.padEnd(24)} ${String(ran.get(op.id) ?? 0).padStart(4)}`);
  console.log(
    `bad-input suite: ${total} cases run (${generatedTotal} generated) over ${operations.length} operations ` +
      `in ${((Date.now() - started) / 1000).toFixed(1)} s\n${lines.join('\n')}`,
  );
  await t?.close();
  await testDb?.drop();
});

// ---------------------------------------------------------------------------------------------
// Checking one answer

interface Answer {
  status: number;
  contentType: string;
  body: Record<string, unknown> | null;
  text: string;
}

function matches(outcome: Outcome, answer: Answer, successStatus: number): boolean {
  if (outcome.status === 'success') return answer.status === successStatus;
  if (outcome.status === '4xx') {
    if (answer.status < 400 || answer.status >= 500) return false;
  } else if (answer.status !== outcome.status) {
    return false;
  }
  if (outcome.code !== undefined && answer.body?.code !== outcome.code) return false;
  if (outcome.field !== undefined && answer.body?.field !== outcome.field) return false;
  return true;
}

const describeOutcome = (o: Outcome) =>
  [String(o.status), o.code, o.field && `field=${o.field}`].filter(Boolean).join(' ');

/**
 * Operations whose success needs a live exchange with an identity provider (oidc.test.ts runs it
 * end to end against a real one). Here a well-formed request meets the world's mapping, whose
 * provider is unreachable, or carries a state no flow has: where a case expects success, these
 * refusals are expected instead, still as problems and still without a write.
 */
const REFUSED_WITHOUT_PROVIDER: Record<string, Outcome> = {
  'auth.oidcStart': { status: 503, code: 'not_ready' },
  'auth.oidcCallback': { status: 401, code: 'unauthenticated' },
};

/**
 * Cases whose base request is missing something the operation needs besides the field under test,
 * which the server reports first: a subscription's offer is looked up for its tenant, and the base
 * request (required fields only) names no tenant, which a platform administrator must.
 */
const REPORTED_FIRST: Record<string, Outcome> = {
  'subscriptions.create body.offerId: well-formed but unknown id': {
    status: 400,
    code: 'validation_failed',
    field: 'body.tenantId',
  },
};

function withoutProvider(c: BadInputCase): BadInputCase {
  const first = REPORTED_FIRST[`${c.operationId} ${c.name}`];
  if (first) return { ...c, expect: [...c.expect, first] };
  const refusal = REFUSED_WITHOUT_PROVIDER[c.operationId];
  return refusal ? { ...c, expect: c.expect.map((o) => (o.status === 'success' ? refusal : o)) } : c;
}

/** Everything wrong with an answer; empty when it is right. */
function problemsWith(c: BadInputCase, answer: Answer, successStatus: number): string[] {
  const problems: string[] = [];
  // Only an unreachable identity provider may answer 5xx (REFUSED_WITHOUT_PROVIDER), as the case expects.
  if (answer.status >= 500 && !c.expect.some((o) => o.status === answer.status)) {
    problems.push(`a server error (${answer.status})`);
  }
  if (answer.status >= 400) {
    if (!answer.contentType.startsWith('application/problem+json')) {
      problems.push(`content-type ${answer.contentType || '(none)'} instead of application/problem+json`);
    }
    for (const key of ['code', 'detail', 'requestId'] as const) {
      if (typeof answer.body?.[key] !== 'string' || answer.body[key] === '') {
        problems.push(`problem body without ${key}`);
      }
    }
    if (answer.body?.status !== answer.status) {
      problems.push('problem body status differs from the HTTP status');
    }
  }
  if (!c.expect.some((o) => matches(o, answer, successStatus))) {
    const got = [answer.status, answer.body?.code, answer.body?.field && `field=${answer.body.field}`]
      .filter(Boolean)
      .join(' ');
    problems.push(`expected ${c.expect.map(describeOutcome).join(' or ')}; got ${got}`);
  }
  return problems;
}

async function send(c: BadInputCase): Promise<Answer> {
  const request = resolveRequest(c.request, fixtures);
  const response = await t.inject({
    method: request.method,
    url: request.url,
    headers: { authorization: `Bearer ${world.platformAdmin.token}`, ...request.headers },
    ...(request.payload === undefined ? {} : { payload: request.payload }),
  });
  const contentType = String(response.headers['content-type'] ?? '');
  let body: Record<string, unknown> | null = null;
  if (contentType.includes('json')) {
    try {
      const parsed: unknown = JSON.parse(response.body);
      body = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
    } catch {
      body = null;
    }
  }
  return { status: response.statusCode, contentType, body, text: response.body };
}

// ---------------------------------------------------------------------------------------------
// The suite

describe('bad-input generator', () => {
  it('covers every operation of the document, with many cases', () => {
    const documented = operations.map((op) => op.id).sort();
    expect(documented).toEqual(ROUTES.map((r) => r.id).sort());
    const empty = operations
      .filter((op) => (casesByOperation.get(op.id)?.length ?? 0) === 0)
      .map((op) => op.id);
    expect(empty, 'operations without a single bad-input case').toEqual([]);
    expect(operations.length).toBeGreaterThan(30);
    expect(generatedTotal).toBeGreaterThan(300);
    for (const op of operations.filter((o) => o.body)) {
      const bodyCases = casesByOperation.get(op.id)!.filter((c) => c.group === 'body');
      expect(bodyCases.length, `${op.id}: body cases`).toBeGreaterThan(5);
    }
  });

  it("builds base requests that pass each route's own schemas, so each case has exactly one fault", () => {
    for (const op of operations) {
      const route = ROUTES.find((r) => r.id === op.id)!;
      const base = resolveBase(baseRequestOf(op), fixtures);
      if (route.params) expect(route.params.safeParse(base.params).error, `${op.id} params`).toBeUndefined();
      if (route.query) expect(route.query.safeParse(base.query).error, `${op.id} query`).toBeUndefined();
      if (route.body) expect(route.body.safeParse(base.body).error, `${op.id} body`).toBeUndefined();
    }
  });

  it('notices a write, and ignores only the last-use bookkeeping columns', async () => {
    const db = t.app.db.kysely;
    const before = await fingerprintDatabase(t.app);
    await db
      .insertInto('settings')
      .values({
        key: 'probe.bad-input',
        value: '1',
        updated_at: '2026-01-01T00:00:00.000Z',
        updated_by: null,
      })
      .execute();
    expect(changes(before, await fingerprintDatabase(t.app))).toEqual([
      expect.stringMatching(/^settings: \+1 -0/),
    ]);
    await db.deleteFrom('settings').where('key', '=', 'probe.bad-input').execute();
    await db.updateTable('api_tokens').set({ last_used_at: '2000-01-01T00:00:00.000Z' }).execute();
    expect(changes(before, await fingerprintDatabase(t.app))).toEqual([]);
    fingerprint = await fingerprintDatabase(t.app);
  });

  it('finds every text field under a text rule (or another check), so the control-character cases reach it', () => {
    // Strings with no pattern, format or enum, each checked elsewhere and never stored as text.
    const checkedElsewhere = [
      /^body\.(activationCode|code|currentCode|recoveryCode|currentRecoveryCode)$/, // compared with a hash
      /^query\.cursor$/, // decoded, and refused unless this API made it
      /^header\.Idempotency-Key$/, // printable ASCII only (http/idempotency.ts)
      /^body\.currency$/, // an ISO 4217 code
      /^body\.values\.\(key\)$/, // a key of the settings registry
      /^body\.logo(Light|Dark)\.data$/, // base64 of an image, checked against the image
    ];
    const unchecked = unconstrainedStrings(operations).filter(
      (line) => !checkedElsewhere.some((rule) => rule.test(line.split(' ')[1]!)),
    );
    expect(unchecked).toEqual([]);
  });

  it("knows the router's path segment limit (a longer segment is refused before any route runs)", () => {
    expect(t.server.initialConfig.maxParamLength).toBe(MAX_PARAM_LENGTH);
  });
});

for (const op of operations) {
  describe(`${op.id}: ${op.method} ${op.path}`, () => {
    for (const c of casesByOperation.get(op.id)!) {
      it(c.name, async () => {
        ran.set(op.id, (ran.get(op.id) ?? 0) + 1);
        const answer = await send(c);
        const problems = problemsWith(withoutProvider(c), answer, op.successStatus);
        const after = await fingerprintDatabase(t.app);
        const written = changes(fingerprint, after);
        if (written.length > 0) {
          problems.push(`wrote to the database: ${written.join('; ')}`);
          fingerprint = after; // so that only this case fails for it
        }
        const response = answer.text.length > 600 ? `${answer.text.slice(0, 600)}…` : answer.text;
        expect(
          problems,
          `${c.request.method} ${c.request.url.slice(0, 200)} → ${answer.status} ${response}`,
        ).toEqual([]);
      });
    }
  });
}
