import type { LogoContentType } from '../../db/schema.ts';

/** The largest logo accepted, decoded. Logos are shown at header size; 256 kB is plenty. */
export const MAX_LOGO_BYTES = 256 * 1024;
/** Base64 of MAX_LOGO_BYTES (4 characters per 3 bytes, padded). */
export const MAX_LOGO_BASE64 = 4 * Math.ceil(MAX_LOGO_BYTES / 3);

export const LOGO_CONTENT_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * What the bytes are, by their signature. The declared type is never trusted on its own: a
 * browser that sniffs would run an SVG's script, so only these raster formats are recognised
 * (anything else, SVG included, is null) and the logo is served with exactly the type found here.
 */
export function sniffImage(bytes: Buffer): LogoContentType | null {
  if (
    bytes.length >= 8 &&
    bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  ) {
    return 'image/png';
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (
    bytes.length >= 12 &&
    bytes.toString('latin1', 0, 4) === 'RIFF' &&
    bytes.toString('latin1', 8, 12) === 'WEBP'
  ) {
    return 'image/webp';
  }
  return null;
}

export type LogoCheck = { ok: true; bytes: Buffer } | { ok: false; message: string };

/** Decodes and checks an upload: strict base64, size, and a signature matching the declared type. */
export function checkLogo(data: string, declared: LogoContentType): LogoCheck {
  if (!BASE64.test(data)) return { ok: false, message: 'Must be the image encoded as base64.' };
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length === 0) return { ok: false, message: 'The image is empty.' };
  if (bytes.length > MAX_LOGO_BYTES) {
    return { ok: false, message: `The image is larger than ${MAX_LOGO_BYTES / 1024} kB.` };
  }
  const found = sniffImage(bytes);
  if (found === null) {
    return { ok: false, message: 'Not a PNG, JPEG or WebP image (SVG and other formats are not accepted).' };
  }
  if (found !== declared) {
    return { ok: false, message: `The image is ${found}, not ${declared} as declared.` };
  }
  return { ok: true, bytes };
}
