import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';

/**
 * Reading a PDF back the way a person's viewer would: Debian's poppler-utils (`pdftotext`,
 * `pdftoppm`). Without them the PDF suites skip with a warning, except under CI=true, where they
 * fail (.ci/run installs poppler-utils).
 */
export function popplerStatus(): 'available' | 'skip' | 'fail' {
  if (!spawnSync('pdftotext', ['-v']).error && !spawnSync('pdftoppm', ['-v']).error) return 'available';
  if (process.env.CI === 'true') return 'fail';
  console.warn(
    '\n*** SKIPPING the invoice PDF read-back tests: pdftotext/pdftoppm are missing (apt-get install -y poppler-utils).\n',
  );
  return 'skip';
}

function withFile<T>(pdf: Buffer, use: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'cms-pdf-'));
  try {
    const file = join(dir, 'document.pdf');
    writeFileSync(file, pdf);
    return use(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], encoding: 'utf8' | 'buffer') {
  const result = spawnSync(command, args, {
    encoding: encoding === 'utf8' ? 'utf8' : undefined,
    maxBuffer: 64 << 20,
  });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr?.toString()}`);
  return result.stdout;
}

/** The text of the whole document, or of one page (1-based), laid out as printed. */
export function pdfText(pdf: Buffer, page?: number): string {
  return withFile(pdf, (file) =>
    String(
      run(
        'pdftotext',
        ['-layout', ...(page !== undefined ? ['-f', String(page), '-l', String(page)] : []), file, '-'],
        'utf8',
      ),
    ),
  );
}

export function pdfPageCount(pdf: Buffer): number {
  const info = withFile(pdf, (file) => String(run('pdfinfo', [file], 'utf8')));
  const match = /^Pages:\s+(\d+)$/m.exec(info);
  if (!match) throw new Error(`pdfinfo gave no page count:\n${info}`);
  return Number(match[1]);
}

export interface Raster {
  width: number;
  height: number;
  /** The colour at a pixel as #rrggbb. */
  at(x: number, y: number): string;
}

/** One page rendered by pdftoppm at `dpi` (read from its PPM output). */
export function pdfRaster(pdf: Buffer, page: number, dpi: number): Raster {
  const ppm = withFile(pdf, (file) =>
    run('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), file], 'buffer'),
  ) as Buffer;
  // P6 header: magic, width, height, maximum value, each followed by whitespace.
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(ppm.subarray(0, 50).toString('latin1'));
  if (!header) throw new Error('pdftoppm did not write a PPM image');
  const width = Number(header[1]);
  const height = Number(header[2]);
  const offset = header[0].length;
  return {
    width,
    height,
    at(x, y) {
      const i = offset + 3 * (y * width + x);
      return `#${[ppm[i]!, ppm[i + 1]!, ppm[i + 2]!].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
    },
  };
}

/** Every compressed content stream of the file, inflated: where drawing operators can be read. */
export function pdfContent(pdf: Buffer): string {
  const text = pdf.toString('latin1');
  const start = /stream\r?\n/g;
  let out = '';
  for (let match = start.exec(text); match; match = start.exec(text)) {
    const from = match.index + match[0].length;
    const to = text.indexOf('endstream', from);
    try {
      out += `${inflateSync(pdf.subarray(from, to)).toString('latin1')}\n`;
    } catch {
      // Not a deflated stream (an image's raw data, say): nothing to read there.
    }
  }
  return out;
}

/** The fill-colour operator pdfkit writes for #rrggbb (components as fractions of 255). */
export function fillOperator(hex: string): string {
  const parts = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255);
  return `${parts.join(' ')} scn`;
}
