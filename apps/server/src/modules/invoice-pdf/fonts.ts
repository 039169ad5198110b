import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { create, type Font } from 'fontkit';

/**
 * DejaVu Sans (Debian's `fonts-dejavu-core`, free licence: Bitstream Vera + public domain changes),
 * embedded as a subset in every PDF: the standard PDF fonts only know WinAnsi and would garble
 * names such as "Łódź" or "Ωmega". Parsed once per thread and handed to pdfkit as the parsed font:
 * parsing the 750 kB file for every document would cost more than the whole rendering.
 */
export const FONT_DIR = '/usr/share/fonts/truetype/dejavu';
const FILES = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const;

export interface PdfFonts {
  regular: Font;
  bold: Font;
}

let loaded: PdfFonts | null = null;

function load(file: string): Font {
  const path = join(FONT_DIR, file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new Error(
      `Invoice PDFs need the DejaVu Sans font at ${path}: install it with apt-get install fonts-dejavu-core.`,
    );
  }
  return create(bytes) as Font;
}

export function pdfFonts(): PdfFonts {
  loaded ??= { regular: load(FILES.regular), bold: load(FILES.bold) };
  return loaded;
}
