/**
 * A PDF rendering thread (see pdf-pool.ts): parses the fonts once, then renders each document it
 * is sent and posts the bytes back (transferred, not copied).
 */
import { parentPort } from 'node:worker_threads';
import { pdfFonts } from './fonts.ts';
import type { PoolReply, PoolRequest } from './pdf-pool.ts';
import { renderInvoicePdf } from './render.ts';

const port = parentPort!;
port.on('message', async (request: PoolRequest) => {
  let reply: PoolReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const pdf = await renderInvoicePdf(request.input, pdfFonts());
    // Transferred whole: a buffer that shares its memory with others is copied out first.
    const bytes =
      pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength
        ? (pdf.buffer as ArrayBuffer)
        : (pdf.buffer.slice(pdf.byteOffset, pdf.byteOffset + pdf.byteLength) as ArrayBuffer);
    reply = { id: request.id, ok: true, bytes };
    transfer = [bytes];
  } catch (error) {
    reply = { id: request.id, ok: false, message: (error as Error).message };
  }
  port.postMessage(reply, transfer);
});
