/**
 * `npm run bench -- invoice-pdf [--invoices=200]`: invoice PDFs per second, 2-page invoices with
 * the embedded DejaVu Sans font and a logo (bench/lib/invoice-document.ts), rendered by the
 * process's worker-thread pool (one thread per core), against the baseline of the same documents
 * rendered one after another on this thread. No database: issuer and settings are fixed inputs.
 * See bench/README.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { pdfFonts } from '../apps/server/src/modules/invoice-pdf/fonts.ts';
import { PdfRenderPool } from '../apps/server/src/modules/invoice-pdf/pdf-pool.ts';
import { type RenderInput, renderInvoicePdf } from '../apps/server/src/modules/invoice-pdf/render.ts';
import { solidPng } from '../apps/server/test/support/png.ts';
import { RESULTS_DIR, readOptions } from './lib/harness.ts';
import { benchInvoiceDocument } from './lib/invoice-document.ts';

const TARGET_PER_SECOND = 20;

const options = readOptions();
const invoices = options.number('invoices', 200);
options.rejectUnknown();

const logo = solidPng(360, 100, [20, 60, 110]);
const input = (sequence: number): RenderInput => ({
  document: benchInvoiceDocument(sequence),
  issuer: {
    name: 'Northwind Cloud Services',
    logo: { bytes: logo, mime: 'image/png' },
    paymentDetails:
      'Bank: Example Bank AG\nIBAN: CH93 0076 2011 6238 5295 7\nBIC: EXAMCHZZ\nPlease quote the invoice number.',
  },
  theme: {
    headerBackground: '#e8eef5',
    headerFont: '#14283c',
    bodyBackground: '#ffffff',
    bodyFont: '#1a1a1a',
    footerBackground: '#f1f3f5',
    footerFont: '#343a40',
    groupingBackground: '#d6e2ef',
    groupingFont: '#14283c',
  },
});
const pages = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;

const fonts = pdfFonts();
const sample = await renderInvoicePdf(input(0), fonts);
if (pages(sample) !== 2) throw new Error(`The benchmark's invoice has ${pages(sample)} pages, not 2`);
// Warm-up (not counted): the JIT, and the font's glyph caches on this thread.
for (let i = 0; i < 10; i++) await renderInvoicePdf(input(i), fonts);

const loadBefore = os.loadavg();
let cpu = process.cpuUsage();
let started = performance.now();
for (let i = 0; i < invoices; i++) await renderInvoicePdf(input(i), fonts);
const singleSeconds = (performance.now() - started) / 1000;
const singleCpu = process.cpuUsage(cpu);

const pool = new PdfRenderPool();
// Starting the threads (and their warm-up) is not what is measured: one round per thread first.
await Promise.all(Array.from({ length: pool.size * 3 }, (_, i) => pool.render(input(i))));
cpu = process.cpuUsage();
started = performance.now();
const rendered = await Promise.all(Array.from({ length: invoices }, (_, i) => pool.render(input(i))));
const poolSeconds = (performance.now() - started) / 1000;
// The process's CPU time (every thread's): what a document costs, whatever else the machine runs.
const poolCpu = process.cpuUsage(cpu);
await pool.close();
const loadAfter = os.loadavg();

const same = rendered[0]!.equals(await renderInvoicePdf(input(0), fonts));
const single = invoices / singleSeconds;
const pooled = invoices / poolSeconds;
const ratio = pooled / single;
const met = pooled >= TARGET_PER_SECOND;
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000 / invoices;
const poolCpuMs = cpuMs(poolCpu);
// What the pool's threads would render on otherwise idle cores, from the CPU time per document.
const idleEstimate = (pool.size * 1000) / poolCpuMs;
const report = {
  node: process.version,
  cpus: os.availableParallelism(),
  invoices,
  pages: 2,
  bytes: sample.length,
  singleThreadPerSecond: Number(single.toFixed(1)),
  poolThreads: pool.size,
  poolPerSecond: Number(pooled.toFixed(1)),
  ratioPoolToSingle: Number(ratio.toFixed(2)),
  cpuMsPerInvoice: { singleThread: Number(cpuMs(singleCpu).toFixed(1)), pool: Number(poolCpuMs.toFixed(1)) },
  idleCoresEstimatePerSecond: Number(idleEstimate.toFixed(1)),
  target: { poolPerSecond: TARGET_PER_SECOND, met },
  sameBytesOnPoolAndThread: same,
  loadAverage: {
    before: loadBefore.map((l) => Number(l.toFixed(2))),
    after: loadAfter.map((l) => Number(l.toFixed(2))),
  },
};

console.log(
  `invoice PDFs, 2 pages (${(sample.length / 1024).toFixed(0)} kB), embedded DejaVu Sans, ${invoices} each way`,
);
console.log(`  baseline, one thread:        ${single.toFixed(1)} invoices/s`);
console.log(
  `  pool, ${pool.size} threads:             ${pooled.toFixed(1)} invoices/s   (×${ratio.toFixed(2)} the baseline)`,
);
console.log(
  `  CPU time per invoice: ${cpuMs(singleCpu).toFixed(1)} ms on one thread, ${poolCpuMs.toFixed(1)} ms in the pool` +
    ` (idle ${pool.size} cores would render about ${idleEstimate.toFixed(0)}/s)`,
);
console.log(`  target: ≥ ${TARGET_PER_SECOND} invoices/s with the pool: ${met ? 'met' : 'MISSED'}`);
console.log(`  same bytes from a thread of the pool and from this one: ${same ? 'yes' : 'NO'}`);
console.log(
  `  load average (1/5/15 min) before ${report.loadAverage.before.join(' / ')}, after ${report.loadAverage.after.join(' / ')}`,
);
mkdirSync(RESULTS_DIR, { recursive: true });
const file = join(RESULTS_DIR, `invoice-pdf-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
console.log(`results: ${file}`);
if (!same) process.exit(1);
