import { expect } from 'vitest';
import { systemContext } from '../../src/context.ts';
import { transaction } from '../../src/db/transaction.ts';
import { keepIssuedPdf } from '../../src/modules/invoices/invoice-files.ts';
import { generatePreview } from '../../src/modules/invoices/invoice-generate.ts';
import type { TestApp } from './app.ts';
import type { World } from './world.ts';

/** Invoices of branch A's tenant for suites that aim at one (security, bad input). */
export interface InvoiceWorld {
  /** March 2024, issued (6.00): voided, credited and paid by the probes. */
  issuedId: string;
  issuedLineId: string;
  /** April 2024, a preview that can be issued (8.00). */
  previewId: string;
}

async function post(t: TestApp, token: string, url: string, body?: unknown) {
  const response = await t.inject({
    method: 'POST',
    url,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  expect(response.statusCode, `POST ${url}: ${response.body}`).toBeLessThan(300);
  return response.json() as { id: string };
}

/**
 * Through the API where it can (an import source in UTC with one meter priced at 2.00, usage of
 * 3 units in March and 4 in April 2024 on `subscriptionId`, placed on it from 1 January), then the
 * previews generated as the invoicing job does; March is marked issued in the table, so issuing it
 * closes no period in the template (the probes issue April in their own copies).
 */
export async function buildInvoiceWorld(t: TestApp, w: World, subscriptionId: string): Promise<InvoiceWorld> {
  const token = w.platformAdmin.token;
  const source = await post(t, token, '/api/v1/regions', {
    kind: 'import',
    name: 'World Invoicing',
    timeZone: 'UTC',
  });
  await post(t, token, `/api/v1/regions/${source.id}/meters`, {
    meterId: 'invoiced-meter',
    name: 'Invoiced meter',
    unit: 'Hours',
  });
  const list = await post(t, token, '/api/v1/price-lists', {
    scopeType: 'region',
    regionId: source.id,
    displayName: 'World invoicing prices',
  });
  const version = await post(t, token, `/api/v1/price-lists/${list.id}/versions`, {
    effectiveFrom: '2020-01',
  });
  await post(t, token, `/api/v1/price-list-versions/${version.id}/items`, {
    meterId: 'invoiced-meter',
    rate: '2',
  });
  await post(t, token, `/api/v1/price-list-versions/${version.id}/activation`);
  const db = t.app.db.kysely;
  await db
    .updateTable('subscriptions')
    .set({
      region_id: source.id,
      azs_subscription_id: 'world-invoiced',
      azs_link_key: `${source.id}:world-invoiced`,
      billable_from: '2024-01-01T00:00:00.000Z',
    })
    .where('id', '=', subscriptionId)
    .execute();
  const record = (externalId: string, month: string, quantity: string) => ({
    externalId,
    subscription: 'world-invoiced',
    meterId: 'invoiced-meter',
    usageStart: `${month}-10T10:00:00Z`,
    usageEnd: `${month}-10T11:00:00Z`,
    quantity,
  });
  await post(t, token, `/api/v1/regions/${source.id}/usage-imports`, {
    records: [record('world-march', '2024-03', '3'), record('world-april', '2024-04', '4')],
  });
  const ctx = systemContext(t.app, 'world');
  const generated = async (period: string) => {
    const outcome = await transaction(t.app.db, (trx) => generatePreview(trx, ctx, w.A.tenantId, period));
    if (outcome.status !== 'generated')
      throw new Error(`world invoice ${period}: ${JSON.stringify(outcome)}`);
    return outcome.invoiceId;
  };
  const issuedId = await generated('2024-03');
  const previewId = await generated('2024-04');
  await db
    .updateTable('invoices')
    .set({
      status: 'issued',
      number: 'WORLD-2024-1',
      issue_date: '2024-04-02',
      due_date: '2024-05-02',
      issued_at: '2024-04-02T00:00:00.000Z',
      bill_to_email: 'billing@world-invoices.test',
    })
    .where('id', '=', issuedId)
    .execute();
  // Issuing keeps the file (invoice-files.ts); reading it must not be the first write.
  await keepIssuedPdf(ctx, issuedId);
  const line = await db
    .selectFrom('invoice_lines')
    .select('id')
    .where('invoice_id', '=', issuedId)
    .where('kind', '=', 'usage')
    .executeTakeFirstOrThrow();
  const chainOf = (id: string) => w.objects.find((o) => o.id === id)!.chain;
  const tenantChain = chainOf(w.A.tenantId);
  w.objects.push({ id: issuedId, kind: 'invoice', chain: tenantChain });
  // A preview is the operator's: its chain above the tenant sees it, the tenant does not.
  w.objects.push({ id: previewId, kind: 'invoice', chain: { ...tenantChain, tenant: null } });
  return { issuedId, issuedLineId: line.id, previewId };
}
