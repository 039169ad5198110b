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
 * The base address of a service the server calls with a key (an Azure Blob endpoint): `https:`,
 * or `http:` on a loopback address (127.0.0.0/8, [::1], localhost) where an emulator stands in;
 * no credentials, query or fragment (a SAS token belongs in no address the CMS stores), in normal
 * form. A path is allowed: emulators address the account in it.
 */
export function serviceEndpoint(max: number, example: string) {
  return z
    .string()
    .max(max)
    .superRefine((value, ctx) => {
      const problem = serviceEndpointProblem(value, example);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({ format: 'uri' });
}

function serviceEndpointProblem(value: string, example: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `Not an absolute URL, e.g. ${example}.`;
  }
  const loopback =
    url.hostname === 'localhost' ||
    url.hostname === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return 'Use an https: URL (http: only on a loopback address: 127.0.0.0/8, ::1 or localhost).';
  }
  if (url.username !== '' || url.password !== '') return 'No user name or password in the URL.';
  if (url.search !== '' || url.hash !== '') return 'No query or fragment: the endpoint only.';
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

/**
 * A Microsoft Entra directory: a GUID in its 8-4-4-4-12 hexadecimal form (either case), or a DNS
 * name of at least two labels (letters, digits and inner hyphens; the top label starts with a
 * letter; at most 253 characters).
 */
const ENTRA_DIRECTORY =
  /^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]{0,61}[A-Za-z0-9])$/;

export const ENTRA_DIRECTORY_MESSAGE =
  'A Microsoft Entra directory: its tenant id (a GUID) or a domain name such as nwtraders.onmicrosoft.com.';

/**
 * A Microsoft Entra directory, wherever the contract takes one: the directory's tenant id (a GUID)
 * or one of its domain names. Kept as typed; the rule is a pattern, so the OpenAPI document carries it.
 */
export function entraDirectory() {
  return z
    .string()
    .trim()
    .regex(ENTRA_DIRECTORY, ENTRA_DIRECTORY_MESSAGE)
    .meta({ examples: ['nwtraders.onmicrosoft.com', '72f988bf-86f1-41af-91ab-2d7cd011db47'] });
}

/** An optional directory: empty text or null clears it. */
export function optionalEntraDirectory() {
  return z
    .literal('')
    .transform(() => null)
    .or(entraDirectory())
    .nullable()
    .optional();
}

/**
 * Sentences for zod's built-in checks, for the fields that do not name their own message: "Must
 * be at least 1." rather than "Too small: expected number to be >=1". People read these on the
 * field in the portal; clients read the same text in problem+json `errors[].message`.
 */
function sentence(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'Required.';
      return issue.expected === 'int' || issue.expected === 'number'
        ? 'Must be a number.'
        : issue.expected === 'object' || issue.expected === 'array' || issue.expected === 'boolean'
          ? `Must be ${issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'an object' : 'true or false'}.`
          : `Must be ${issue.expected === 'string' ? 'text' : `a ${issue.expected}`}.`;
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? 'Required.' : `At least ${min} characters.`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `At least ${min} ${min === 1 ? 'item' : 'items'}.`;
      return issue.inclusive === false ? `Must be more than ${min}.` : `Must be at least ${min}.`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `At most ${max} characters.`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `At most ${max} ${max === 1 ? 'item' : 'items'}.`;
      return issue.inclusive === false ? `Must be less than ${max}.` : `Must be at most ${max}.`;
    }
    case 'invalid_format':
      if (issue.format === 'email') return 'Not a valid e-mail address, e.g. name@example.com.';
      if (issue.format === 'guid' || issue.format === 'uuid') return 'Not a valid GUID.';
      return 'Not in the expected format.';
    case 'invalid_value':
      return issue.values.length === 1
        ? `Must be ${JSON.stringify(issue.values[0])}.`
        : `Must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}.`;
    case 'not_multiple_of':
      return `Must be a multiple of ${String(issue.divisor)}.`;
    default:
      return undefined;
  }
}

z.config({ customError: sentence });
