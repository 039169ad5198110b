import { BlobServiceClient, newPipeline, StorageSharedKeyCredential } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../src/context.ts';
import { pinnedVersionPolicy } from '../src/modules/document-storage/blob-store.ts';
import { resolveIssuer } from '../src/modules/invoice-pdf/issuer.ts';
import { updateSettings } from '../src/modules/settings/settings.service.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import {
  AZURITE_ACCOUNT,
  AZURITE_KEY,
  type AzuriteProcess,
  azuriteAvailable,
  startAzurite,
} from './support/azurite.ts';
import { skipWithout } from './support/engine-world.ts';
import { ALL_ENGINES, createTestDatabase, type TestDatabase } from './support/engines.ts';
import { buildInvoiceWorld, type InvoiceWorld } from './support/invoice-world.ts';
import { pdfText, popplerStatus } from './support/pdf-tools.ts';
import { type SmtpSink, startSmtpSink, useSmtpSink } from './support/smtp-sink.ts';
import { buildWorld, type World } from './support/world.ts';

/**
 * An invoice's PDF, e-mail and archive copy (issue 14), on every engine, against a real SMTP server
 * and Azurite: issuing April's preview of branch A's tenant (4 units × 2.00 = 8.00, no tax) keeps
 * its PDF, uploads it, and that same file is what the route serves and the e-mail carries, also
 * after the Invoice Settings change. The PDF route is scoped like the invoice.
 */
// biome-ignore lint/suspicious/noExplicitAny: answers of many shapes, read field by field in assertions
type Json = Record<string, any>;

const poppler = popplerStatus();
if (poppler === 'fail') throw new Error('poppler-utils (pdftotext) is required under CI=true');
const haveAzurite = azuriteAvailable();
let azurite: AzuriteProcess | undefined;
beforeAll(async () => {
  if (haveAzurite) azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

describe.each(ALL_ENGINES)('invoice PDF, e-mail and storage [%s]', (engine) => {
  const skip = skipWithout(engine) || poppler !== 'available' || !haveAzurite;
  let testDb: TestDatabase;
  let t: TestApp;
  let w: World;
  let inv: InvoiceWorld;
  let sink: SmtpSink;
  let issued: Json;
  let pdf: Buffer;
  const container = `delivery-${engine}`;

  async function call(method: string, url: string, token: string, body?: unknown) {
    const response = await t.inject({
      method: method as 'GET',
      url,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    return response;
  }
  const admin = () => w.platformAdmin.token;

  beforeAll(async () => {
    if (skip) return;
    testDb = await createTestDatabase(engine);
    t = await startTestApp(
      testDb.url,
      { CMS_WORKER: 'false' },
      { clock: () => Date.parse('2024-05-10T08:00:00Z') },
    );
    w = await buildWorld(t, { siblings: true });
    inv = await buildInvoiceWorld(t, w, w.A.siblings!.subscriptionId);
    sink = await startSmtpSink();
    await useSmtpSink(t.app, sink);
    await updateSettings(systemContext(t.app, 'test'), {
      'invoices.storeInAzureStorage': true,
      'invoices.storageBlobEndpoint': azurite!.endpoint,
      'invoices.storageAccountName': AZURITE_ACCOUNT,
      'invoices.storageAccountKey': AZURITE_KEY,
      'invoices.storageContainer': container,
    });
  });
  afterAll(async () => {
    if (skip) return;
    await t.close();
    await sink.close();
    await testDb.drop();
  });

  it.skipIf(skip)(
    'issuing keeps the PDF and uploads it to Azurite; the route serves those bytes',
    async () => {
      const issue = await call('POST', `/api/v1/invoices/${inv.previewId}/issue`, admin());
      expect(issue.statusCode, issue.body).toBe(200);
      issued = issue.json();
      expect(issued.total).toBe('8.00');
      expect(issued.storage).toEqual({ status: 'pending', lastError: null });

      const response = await call('GET', `/api/v1/invoices/${inv.previewId}/pdf`, admin());
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.headers['content-disposition']).toBe(`attachment; filename="${issued.number}.pdf"`);
      pdf = response.rawPayload;
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const text = pdfText(pdf);
      expect(text).toContain(issued.number);
      expect(text).toMatch(/Total \(USD\)\s+8\.00/);
      expect(text).not.toContain('PREVIEW');

      await t.app.jobs.runNow();
      const after = (await call('GET', `/api/v1/invoices/${inv.previewId}`, admin())).json();
      expect(after.storage).toEqual({ status: 'uploaded', lastError: null });
      const pipeline = newPipeline(new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY));
      pipeline.factories.push(pinnedVersionPolicy());
      const blob = new BlobServiceClient(azurite!.endpoint, pipeline)
        .getContainerClient(container)
        .getBlockBlobClient(`${w.A.tenantId}/${issued.number}.pdf`);
      expect(Buffer.compare(await blob.downloadToBuffer(), pdf)).toBe(0);
      // Below the platform the archive is not shown.
      const partnerView = (
        await call('GET', `/api/v1/invoices/${inv.previewId}`, w.A.people.partner_admin.token)
      ).json();
      expect(partnerView).not.toHaveProperty('storage');
    },
  );

  it.skipIf(skip)('an issued PDF stays the same file after the Invoice Settings change', async () => {
    await updateSettings(systemContext(t.app, 'test'), {
      'invoices.headerBackgroundColor': '#102030',
      'invoices.paymentDetails': 'A new bank account',
    });
    const again = await call('GET', `/api/v1/invoices/${inv.previewId}/pdf`, admin());
    expect(Buffer.compare(again.rawPayload, pdf)).toBe(0);
    const tenant = await call('GET', `/api/v1/invoices/${inv.previewId}/pdf`, w.A.people.tenant_reader.token);
    expect(tenant.statusCode).toBe(200);
    expect(Buffer.compare(tenant.rawPayload, pdf)).toBe(0);
  });

  it.skipIf(skip)('is 404 to another tenant, a sibling and another branch; a preview is marked', async () => {
    for (const token of [
      w.A.siblings!.people.tenant_admin.token,
      w.A.siblings!.people.partner_admin.token,
      w.B.people.tenant_admin.token,
      w.B.people.partner_admin.token,
    ]) {
      const response = await call('GET', `/api/v1/invoices/${inv.previewId}/pdf`, token);
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toContain('problem+json');
    }
    // A document whose file was not kept at issue (the process died after the commit) gets it
    // rendered on first request, then kept.
    await t.app.db.kysely.deleteFrom('invoice_pdfs').where('invoice_id', '=', inv.issuedId).execute();
    const first = await call('GET', `/api/v1/invoices/${inv.issuedId}/pdf`, admin());
    expect(first.headers['content-disposition']).toBe('attachment; filename="WORLD-2024-1.pdf"');
    const second = await call('GET', `/api/v1/invoices/${inv.issuedId}/pdf`, w.A.people.tenant_admin.token);
    expect(Buffer.compare(first.rawPayload, second.rawPayload)).toBe(0);
    // A preview: the chain sees it marked, the tenant does not see it at all.
    await t.app.db.kysely
      .updateTable('invoices')
      .set({ status: 'preview', number: null, issue_date: null, due_date: null, issued_at: null })
      .where('id', '=', inv.issuedId)
      .execute();
    await t.app.db.kysely.deleteFrom('invoice_pdfs').where('invoice_id', '=', inv.issuedId).execute();
    const preview = await call(
      'GET',
      `/api/v1/invoices/${inv.issuedId}/pdf`,
      w.A.people.partner_reader.token,
    );
    expect(preview.statusCode).toBe(200);
    expect(preview.headers['content-disposition']).toBe('attachment; filename="preview-2024-03.pdf"');
    expect(pdfText(preview.rawPayload)).toContain('PREVIEW');
    expect(
      (await call('GET', `/api/v1/invoices/${inv.issuedId}/pdf`, w.A.people.tenant_admin.token)).statusCode,
    ).toBe(404);
    const email = await call('POST', `/api/v1/invoices/${inv.issuedId}/email`, admin(), {
      to: ['x@billing.test'],
    });
    expect(email.statusCode).toBe(409);
  });

  it.skipIf(skip)('e-mails the kept PDF to the billing address through SMTP and logs it', async () => {
    const to = `billing.${engine}@tenant.test`;
    await t.app.db.kysely
      .updateTable('organisations')
      .set({ billing_email: to })
      .where('id', '=', w.A.tenantId)
      .execute();
    const response = await t.inject({
      method: 'POST',
      url: `/api/v1/invoices/${inv.previewId}/email`,
      headers: {
        authorization: `Bearer ${admin()}`,
        'idempotency-key': `email-${engine}`,
        'content-type': 'application/json',
      },
      payload: '{}',
    });
    expect(response.statusCode, response.body).toBe(202);
    expect(response.json().queued).toBe(1);
    await t.dispatchMailNow();
    const mail = await sink.waitFor((m) => m.to.includes(to));
    const issuer = await resolveIssuer(t.app, { organisationId: w.A.partnerId });
    expect(mail.subject).toBe(`Invoice ${issued.number} from ${issuer.name}`);
    expect(mail.text).toContain('Total: 8.00');
    expect(mail.parsed.attachments).toHaveLength(1);
    const [attachment] = mail.parsed.attachments;
    expect(attachment!.filename).toBe(`${issued.number}.pdf`);
    expect(attachment!.contentType).toBe('application/pdf');
    expect(Buffer.compare(attachment!.content, pdf)).toBe(0);
    // The same key again replays the answer and sends nothing more.
    const replay = await t.inject({
      method: 'POST',
      url: `/api/v1/invoices/${inv.previewId}/email`,
      headers: {
        authorization: `Bearer ${admin()}`,
        'idempotency-key': `email-${engine}`,
        'content-type': 'application/json',
      },
      payload: '{}',
    });
    expect(replay.json()).toEqual(response.json());
    // Its history, for the chain and the tenant; audited.
    for (const token of [admin(), w.A.people.partner_reader.token, w.A.people.tenant_reader.token]) {
      const history = (await call('GET', `/api/v1/invoices/${inv.previewId}/emails`, token)).json();
      expect(history.items).toMatchObject([
        { kind: 'invoice', recipient: to, status: 'sent', related: { type: 'invoice', id: inv.previewId } },
      ]);
    }
    const sibling = await call(
      'GET',
      `/api/v1/invoices/${inv.previewId}/emails`,
      w.A.siblings!.people.tenant_admin.token,
    );
    expect(sibling.statusCode).toBe(404);
    const audit = await t.app.db.kysely
      .selectFrom('audit_events')
      .select('action')
      .where('target_id', '=', inv.previewId)
      .where('action', '=', 'invoice.email')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it.skipIf(skip)('refuses with 422 naming body.to when nobody is there to send to', async () => {
    await t.app.db.kysely
      .updateTable('organisations')
      .set({ billing_email: null, contact_email: null })
      .where('id', '=', w.A.tenantId)
      .execute();
    await t.app.db.kysely
      .updateTable('invoices')
      .set({ bill_to_email: null })
      .where('id', '=', inv.previewId)
      .execute();
    const response = await call('POST', `/api/v1/invoices/${inv.previewId}/email`, admin(), {});
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      { field: 'body.to', message: expect.stringMatching(/no billing/) },
    ]);
    const tenant = await call(
      'POST',
      `/api/v1/invoices/${inv.previewId}/email`,
      w.A.people.tenant_admin.token,
      {
        to: ['me@tenant.test'],
      },
    );
    expect(tenant.statusCode).toBe(403);
  });

  it.skipIf(skip)(
    "voiding keeps the credit note's PDF and uploads it; a void invoice is not e-mailed",
    async () => {
      const voided = await call('POST', `/api/v1/invoices/${inv.previewId}/void`, admin(), {
        reason: 'Wrong',
      });
      expect(voided.statusCode, voided.body).toBe(200);
      const creditNote = voided.json().creditNote as Json;
      expect(creditNote.total).toBe('-8.00');
      expect(creditNote.storage).toEqual({ status: 'pending', lastError: null });
      const response = await call(
        'GET',
        `/api/v1/invoices/${creditNote.id}/pdf`,
        w.A.people.tenant_reader.token,
      );
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-disposition']).toBe(`attachment; filename="${creditNote.number}.pdf"`);
      const text = pdfText(response.rawPayload);
      expect(text).toContain(creditNote.number);
      expect(text).toContain(issued.number);
      expect(text).toMatch(/Total \(USD\)\s+-8\.00/);
      await t.app.jobs.runNow();
      const pipeline = newPipeline(new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY));
      pipeline.factories.push(pinnedVersionPolicy());
      const blob = new BlobServiceClient(azurite!.endpoint, pipeline)
        .getContainerClient(container)
        .getBlockBlobClient(`${w.A.tenantId}/${creditNote.number}.pdf`);
      expect(Buffer.compare(await blob.downloadToBuffer(), response.rawPayload)).toBe(0);
      const refused = await call('POST', `/api/v1/invoices/${inv.previewId}/email`, admin(), {
        to: ['x@billing.test'],
      });
      expect(refused.statusCode).toBe(409);
    },
  );
});
