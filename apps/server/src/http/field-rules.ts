import { z } from 'zod';

/**
 * The rules every field of the contract that takes text, a URL or a query integer follows; one
 * builder each, so that there is one rule.
 *
 * Text: no C0 or C1 control characters, no DEL, and no bidirectional embeddings, overrides or
 * isolates (U+202A–U+202E, U+2066–U+2069). PostgreSQL refuses NUL in text (a 500 before this rule),
 * and an override such as U+202E lets a name show as another in the portal and the audit log. The
 * implicit marks U+200E, U+200F and U+061C stay allowed: right-to-left names need them to display
 * next to digits and Latin text, and they cannot reverse a run of letters. Multi-line text also
 * takes line feeds and tabs; a CRLF is stored as LF. The rules are regular expressions, so the
 * OpenAPI document carries them as `pattern` and clients can check before they send.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these rules exist to find control characters
export const SINGLE_LINE_TEXT = /^[^\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]*$/;
// A CR only before an LF: what a client sends as CRLF is stored as LF (multiLineText).
// biome-ignore lint/suspicious/noControlCharactersInRegex: these rules exist to find control characters
export const MULTI_LINE_TEXT = /^(?:[^\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?=\n))*$/;
/**
 * Passwords and other secrets are never shown, so bidi marks cannot spoof anything there; control
 * characters cannot be typed reliably, and NUL ends a string in some clients and libraries.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these rules exist to find control characters
export const SECRET_TEXT = /^[^\x00-\x1f\x7f-\x9f]*$/;

const NO_CONTROL_MESSAGE = 'No control characters or bidirectional overrides.';

/** One line of text (names, search terms), trimmed. */
export function singleLineText(max: number) {
  return z.string().trim().max(max).regex(SINGLE_LINE_TEXT, NO_CONTROL_MESSAGE);
}

/**
 * Text that may span lines (descriptions, payment details), trimmed, CRLF stored as LF. No field
 * of today's contract is multi-line; billing's fields are the first (issue 9 §4).
 */
export function multiLineText(max: number) {
  return z
    .string()
    .overwrite((v) => v.replace(/\r\n/g, '\n').trim())
    .max(max)
    .regex(MULTI_LINE_TEXT, 'No control characters (but line feeds and tabs) or bidirectional overrides.');
}

/** A password or other secret: kept exactly as sent (never trimmed), no control characters. */
export function secretText(max: number) {
  return z.string().max(max).regex(SECRET_TEXT, 'No control characters.');
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * An absolute web address: `https:`, or `http:` on this machine only (the emulator, Azurite and
 * the OIDC tests), without credentials, and already in the WHATWG normal form, so what is stored
 * is what every browser and HTTP client will request. An origin may leave out its final `/`
 * (`https://accounts.google.com` is Google's issuer exactly as it is compared).
 */
export function webUrl(max: number) {
  return z
    .string()
    .max(max)
    .superRefine((value, ctx) => {
      const problem = webUrlProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({ format: 'uri' });
}

function webUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Not an absolute URL, e.g. https://example.com/help.';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname))) {
    return 'Use an https: URL (http: only for localhost, 127.0.0.1 and [::1]).';
  }
  if (url.username !== '' || url.password !== '') return 'No user name or password in the URL.';
  const normal = url.href;
  const bareOrigin = normal === `${url.origin}/` && value === url.origin;
  if (value !== normal && !bareOrigin) return `Not in normal form; send ${normal}`;
  return null;
}

/**
 * An integer in the query string: plain decimal digits only. `Number()` would also take `0x10`,
 * `1e1`, `+3`, `0b11` and ` 12 `; a client sending those has a bug worth hearing about. The
 * contract documents it as the integer it is.
 */
export function queryInteger(min: number, max: number) {
  return z
    .string()
    .refine((v) => /^[0-9]+$/.test(v), 'Plain decimal digits only.')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .meta({ type: 'integer', minimum: min, maximum: max });
}
