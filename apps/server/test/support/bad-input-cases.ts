import { ID_PREFIXES } from '../../src/db/ids.ts';
import { MULTI_LINE_TEXT, SECRET_TEXT, SINGLE_LINE_TEXT } from '../../src/http/field-rules.ts';

/**
 * The bad-input case generator. It reads the generated OpenAPI document (never a hand-kept route
 * list) and derives, from each operation's path, query and header parameters and its JSON request
 * body schema, requests that break exactly one rule each: wrong types, missing and unknown fields,
 * oversized strings, out-of-range and non-numeric numbers, values outside an enum, malformed ids,
 * control characters and bidi overrides in text, non-https and non-normal URLs, query integers
 * that are not plain digits, broken JSON, wrong content types, oversized bodies and malformed credentials. Every case says
 * which answers are acceptable; the suite (bad-input.test.ts) sends it and checks the answer and
 * that nothing was written.
 *
 * Requests are built around a *base* request that is valid per the document, so that the one
 * injected fault is the only problem and the answer's `field` can be asserted exactly. Ids in the
 * base are placeholders (`ten_0000000000000000000000beef`), swapped for real ids of the test world
 * when the case runs; see resolveRequest().
 */

export type JsonSchema = Record<string, unknown>;
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
const HTTP_METHODS: readonly string[] = ['get', 'post', 'patch', 'delete', 'put'];

export interface Parameter {
  name: string;
  location: 'path' | 'query' | 'header';
  required: boolean;
  schema: JsonSchema;
}

export interface Operation {
  id: string;
  method: HttpMethod;
  /** OpenAPI path template: `/api/v1/tenants/{id}`. */
  path: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  headerParams: Parameter[];
  /** The JSON request body schema with every `$ref` inlined; null when the operation takes none. */
  body: JsonSchema | null;
  /** The documented success status (the first 2xx response, or 3xx for a redirect). */
  successStatus: number;
  /** Needs credentials (the document lists a security requirement). */
  /** Bytes of body the operation takes: the server's 1 MiB, or its own x-body-limit (a file upload). */
  bodyLimit: number;
  secured: boolean;
}

export interface RequestSpec {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

/** One acceptable answer. `field`, when set, must be the problem's `field` exactly. */
export interface Outcome {
  status: number | '4xx' | 'success';
  code?: string;
  field?: string;
}

export type CaseGroup =
  | 'path'
  | 'query'
  | 'header'
  | 'body'
  | 'json'
  | 'content-type'
  | 'size'
  | 'credentials'
  | 'method'
  | 'ignored';

export interface BadInputCase {
  operationId: string;
  group: CaseGroup;
  name: string;
  request: RequestSpec;
  /** Acceptable answers; the first one is what the contract calls for. */
  expect: Outcome[];
}

/** The valid request every case is a variation of (placeholders unresolved). */
export interface BaseRequest {
  params: Record<string, string>;
  query: Record<string, string>;
  body: Json | undefined;
}

/** Fastify's default `maxParamLength`: the router refuses a longer path segment before any route runs. */
export const MAX_PARAM_LENGTH = 100;
/** The server's body limit (server.ts). */
export const BODY_LIMIT = 1024 * 1024;

const ID_ALPHABET_CLASS = '[0-9a-hjkmnp-tv-z]{26}';
const PLACEHOLDER_SUFFIX = `${'0'.repeat(22)}beef`;
const UNKNOWN_SUFFIX = `7${'z'.repeat(25)}`;
const PLACEHOLDER_ID = /\b([a-z]{3})_0{22}beef\b/g;
/** Stands for a valid, non-empty record (e.g. settings `values`): the contract cannot name real keys. */
export const RECORD_PLACEHOLDER = '@@record@@';
const RAW_MARKER = /"@@raw:([^@"]+)@@"/g;
const raw = (text: string): string => `@@raw:${text}@@`;

export const placeholderId = (prefix: string): string => `${prefix}_${PLACEHOLDER_SUFFIX}`;
export const unknownId = (prefix: string): string => `${prefix}_${UNKNOWN_SUFFIX}`;

// ---------------------------------------------------------------------------------------------
// Reading the document

const asObject = (value: unknown): JsonSchema | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonSchema) : undefined;
const asNumber = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Replaces every `$ref: #/components/schemas/X` with the component itself. */
function inlineRefs(node: unknown, doc: JsonSchema, depth = 0): unknown {
  if (depth > 20) throw new Error('Schema nesting too deep (a recursive $ref?)');
  if (Array.isArray(node)) return node.map((n) => inlineRefs(n, doc, depth + 1));
  const object = asObject(node);
  if (!object) return node;
  const ref = asString(object.$ref);
  if (ref?.startsWith('#/components/schemas/')) {
    const name = ref.slice('#/components/schemas/'.length);
    const target = asObject(asObject(asObject(doc.components)?.schemas)?.[name]);
    if (!target) throw new Error(`Unresolvable $ref ${ref}`);
    return inlineRefs(target, doc, depth + 1);
  }
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, inlineRefs(v, doc, depth + 1)]));
}

/** Every operation of the OpenAPI document, in document order. */
export function operationsOf(doc: JsonSchema): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(asObject(doc.paths) ?? {})) {
    for (const [method, value] of Object.entries(asObject(item) ?? {})) {
      if (!HTTP_METHODS.includes(method)) continue;
      const op = asObject(value)!;
      const id = asString(op.operationId);
      if (!id) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      const parameters = ((op.parameters ?? []) as unknown[]).map((p): Parameter => {
        const param = asObject(inlineRefs(p, doc))!;
        return {
          name: asString(param.name)!,
          location: asString(param.in) as Parameter['location'],
          required: param.required === true,
          schema: asObject(param.schema) ?? {},
        };
      });
      const bodySchema = asObject(
        asObject(asObject(asObject(op.requestBody)?.content)?.['application/json'])?.schema,
      );
      // A redirect is the success of the browser-facing sign-in operations (302).
      const success = Object.keys(asObject(op.responses) ?? {}).find((code) => /^[23]\d\d$/.test(code));
      operations.push({
        id,
        method: method.toUpperCase() as HttpMethod,
        path,
        pathParams: parameters.filter((p) => p.location === 'path'),
        queryParams: parameters.filter((p) => p.location === 'query'),
        headerParams: parameters.filter((p) => p.location === 'header'),
        body: bodySchema ? (inlineRefs(bodySchema, doc) as JsonSchema) : null,
        successStatus: Number(success ?? 200),
        secured: Array.isArray(op.security) && op.security.length > 0,
        bodyLimit: asNumber(op['x-body-limit']) ?? BODY_LIMIT,
      });
    }
  }
  return operations;
}

// ---------------------------------------------------------------------------------------------
// Understanding a schema

type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'null';

interface Shape {
  /** Accepts any JSON value (no type information, e.g. a record's `additionalProperties: {}`). */
  any: boolean;
  types: Set<JsonType>;
  nullable: boolean;
  /** The schema with the constraints: the single non-null branch of an `anyOf`, or the schema. */
  main: JsonSchema;
}

function typesOf(schema: JsonSchema): JsonType[] {
  if (Array.isArray(schema.type)) return schema.type as JsonType[];
  if (typeof schema.type === 'string') return [schema.type as JsonType];
  const values = Array.isArray(schema.enum) ? schema.enum : 'const' in schema ? [schema.const] : [];
  return values.map((v) => (v === null ? 'null' : Number.isInteger(v) ? 'integer' : (typeof v as JsonType)));
}

function shapeOf(schema: JsonSchema): Shape {
  const branches = Array.isArray(schema.anyOf)
    ? schema.anyOf.map((b) => asObject(b) ?? {})
    : Array.isArray(schema.oneOf)
      ? schema.oneOf.map((b) => asObject(b) ?? {})
      : [schema];
  const types = new Set<JsonType>();
  let any = false;
  for (const branch of branches) {
    const t = typesOf(branch);
    if (t.length === 0) any = true;
    for (const type of t) types.add(type);
  }
  const nonNull = branches.filter((b) => !(typesOf(b).length === 1 && typesOf(b)[0] === 'null'));
  return {
    any,
    types,
    nullable: types.has('null'),
    main: nonNull.length === 1 ? nonNull[0]! : schema,
  };
}

function accepts(shape: Shape, type: JsonType): boolean {
  if (shape.any) return true;
  if (type === 'integer') return shape.types.has('integer') || shape.types.has('number');
  return shape.types.has(type);
}

function patternOf(schema: JsonSchema): RegExp | undefined {
  const pattern = asString(schema.pattern);
  return pattern === undefined ? undefined : new RegExp(pattern);
}

function stringOk(value: string, schema: JsonSchema): boolean {
  const min = asNumber(schema.minLength);
  const max = asNumber(schema.maxLength);
  if (min !== undefined && value.length < min) return false;
  if (max !== undefined && value.length > max) return false;
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return false;
  return patternOf(schema)?.test(value) ?? true;
}

function numberOk(value: number, schema: JsonSchema, integer: boolean): boolean {
  if (!Number.isFinite(value)) return false;
  if (integer && !Number.isInteger(value)) return false;
  const min = asNumber(schema.minimum);
  const max = asNumber(schema.maximum);
  return (min === undefined || value >= min) && (max === undefined || value <= max);
}

const isIdPattern = (schema: JsonSchema): boolean =>
  asString(schema.pattern)?.includes(ID_ALPHABET_CLASS) ?? false;

/** Which text rule of http/field-rules.ts a string field follows, known by its pattern. */
function textRuleOf(schema: JsonSchema): 'single-line' | 'multi-line' | 'secret' | undefined {
  const pattern = asString(schema.pattern);
  if (pattern === SINGLE_LINE_TEXT.source) return 'single-line';
  if (pattern === MULTI_LINE_TEXT.source) return 'multi-line';
  if (pattern === SECRET_TEXT.source) return 'secret';
  return undefined;
}

/**
 * Text every field under a text rule must refuse, whatever else it takes: NUL (PostgreSQL refuses
 * it in text: a 500 before the rule), another control character, and a bidi override (spoofs names
 * in the portal and the audit log). A secret is never displayed, so an override is fine there.
 */
function forbiddenText(rule: 'single-line' | 'multi-line' | 'secret'): Array<[string, string]> {
  const out: Array<[string, string]> = [
    ['NUL', 'Bad\u0000Probe'],
    ['control character BEL', 'Bad\u0007Probe'],
    ['C1 control character NEL', 'Bad\u0085Probe'],
  ];
  if (rule !== 'secret') out.push(['bidi override U+202E', 'Bad\u202eProbe']);
  if (rule === 'single-line') out.push(['line feed in a single-line field', 'Bad\nProbe']);
  return out;
}

/** URLs every URL field must refuse: not https (nor http on this machine), or not in normal form. */
const FORBIDDEN_URLS: ReadonlyArray<[string, string]> = [
  ['not in normal form (space and emoji)', 'https://example.com/probe \u{1F4B8}'],
  ['not in normal form (upper-case host)', 'https://EXAMPLE.com/'],
  ['not in normal form (dot segment)', 'https://example.com/a/../b'],
  ['not https', 'http://example.com/'],
  ['another scheme', 'ftp://example.com/'],
  ['javascript:', 'javascript:alert(1)'],
  ['credentials in the URL', 'https://user:secret@example.com/'],
];

/** Query integers that Number() would take but that are not plain decimal digits. */
const NOT_PLAIN_DIGITS: ReadonlyArray<[string, string]> = [
  ['hexadecimal', '0x10'],
  ['exponent', '1e1'],
  ['plus sign', '+3'],
  ['binary', '0b11'],
  ['surrounding spaces', ' 12 '],
];

/** Hints for picking a fitting id for a generic `^[a-z]{3}_…` pattern: the name, the path. */
interface Hint {
  name: string;
  /** The path segment before `{name}` for path parameters (`users` for `/users/{id}`). */
  collection?: string;
}

/** The id prefix a value for this schema should have. */
function idPrefixFor(schema: JsonSchema, hint: Hint): string {
  const literal = /^\^([a-z]{3})_/.exec(asString(schema.pattern) ?? '');
  if (literal) return literal[1]!;
  const kinds = Object.entries(ID_PREFIXES) as [string, string][];
  const noun = hint.name.replace(/Id$/, '').toLowerCase();
  const byName = kinds.find(([kind]) => noun !== 'id' && noun.endsWith(kind.toLowerCase()));
  if (byName) return byName[1];
  if (hint.collection) {
    const singular = hint.collection
      .replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())
      .replace(/s$/, '');
    const byPath = kinds.find(([kind]) => kind === singular);
    if (byPath) return byPath[1];
  }
  // A generic organisation id (`orgId`, `targetId`): a tenant is an organisation.
  return ID_PREFIXES.tenant;
}

/** A value that satisfies the schema, for base requests. Throws when it cannot make one. */
export function validValue(schema: JsonSchema, hint: Hint): Json {
  if ('const' in schema) return schema.const as Json;
  if (Array.isArray(schema.enum)) return schema.enum[0] as Json;
  const shape = shapeOf(schema);
  if (shape.main !== schema) return validValue(shape.main, hint);
  if (shape.any) return 'text';
  const s = shape.main;
  if (shape.types.has('string')) {
    const candidates = isIdPattern(s)
      ? [placeholderId(idPrefixFor(s, hint))]
      : s.format === 'email'
        ? ['bad.input.probe@example.test']
        : s.format === 'uri'
          ? ['https://example.test/help']
          : s.format === 'date-time'
            ? ['2099-01-01T00:00:00Z']
            : s.format === 'date'
              ? ['2024-03-01']
              : [
                  'Bad Input Probe',
                  'GB',
                  '+1 555 0100',
                  'example.test',
                  'x'.repeat(Math.max(1, asNumber(s.minLength) ?? 1)),
                  '/',
                  // A time with an offset and a decimal (usage import records), as patterns ask.
                  '2099-01-01T00:00:00Z',
                  // A billing period 'YYYY-MM' (price list versions).
                  '2099-01',
                  '1',
                  // A lower-case GUID (an acquisition id on a region).
                  '00000000-0000-4000-8000-000000000000',
                  // A billing period, YYYY-MM (rating).
                  '2024-03',
                ];
    const value = candidates.find((c) => stringOk(c, s));
    if (value === undefined)
      throw new Error(`Cannot make a valid value for ${hint.name}: ${JSON.stringify(s)}`);
    return value;
  }
  if (shape.types.has('integer') || shape.types.has('number')) {
    const min = asNumber(s.minimum);
    const max = asNumber(s.maximum);
    return min !== undefined ? min : max !== undefined && max < 0 ? max : 0;
  }
  if (shape.types.has('boolean')) return false;
  if (shape.types.has('array')) {
    const items = asObject(s.items) ?? {};
    const count = asNumber(s.minItems) ?? 0;
    return Array.from({ length: count }, () => validValue(items, hint));
  }
  if (shape.types.has('object')) {
    const properties = asObject(s.properties);
    if (!properties && asObject(s.additionalProperties)) return RECORD_PLACEHOLDER;
    const required = (s.required ?? []) as string[];
    const value: JsonObject = {};
    for (const name of required) value[name] = validValue(asObject(properties?.[name]) ?? {}, { name });
    return value;
  }
  if (shape.types.has('null')) return null;
  throw new Error(`Cannot make a valid value for ${hint.name}: ${JSON.stringify(schema)}`);
}

/**
 * Every string input of the document that no rule constrains: no pattern (a text rule is one), no
 * format, no enum. As `operationId field` lines, for the suite to compare with a short, reasoned
 * list: a free-text field that loses its text rule shows up here.
 */
export function unconstrainedStrings(operations: readonly Operation[]): string[] {
  const out: string[] = [];
  const visit = (schema: JsonSchema, op: Operation, field: string): void => {
    const shape = shapeOf(schema);
    if (shape.any) return;
    const s = shape.main;
    if (Array.isArray(s.anyOf)) {
      for (const branch of s.anyOf) visit(asObject(branch) ?? {}, op, field);
      return;
    }
    if (
      shape.types.has('string') &&
      s.pattern === undefined &&
      s.format === undefined &&
      !Array.isArray(s.enum) &&
      !('const' in s)
    ) {
      out.push(`${op.id} ${field}`);
    }
    if (shape.types.has('array')) visit(asObject(s.items) ?? {}, op, `${field}.0`);
    const record = asObject(s.additionalProperties);
    if (record) visit(record, op, `${field}.*`);
    const names = asObject(s.propertyNames);
    if (names) visit(names, op, `${field}.(key)`);
    for (const [name, property] of Object.entries(asObject(s.properties) ?? {})) {
      visit(asObject(property) ?? {}, op, `${field}.${name}`);
    }
  };
  for (const op of operations) {
    for (const p of [...op.pathParams, ...op.queryParams, ...op.headerParams]) {
      visit(p.schema, op, `${p.location === 'path' ? 'params' : p.location}.${p.name}`);
    }
    if (op.body) visit(op.body, op, 'body');
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Bad values

/** One wrong value at a position; `field` is the path below that position to the offending field. */
interface Variant {
  label: string;
  value: Json;
  field: Array<string | number>;
}

const WRONG_TYPE_SAMPLES: ReadonlyArray<[JsonType, Json, string]> = [
  ['string', 'text', 'a string'],
  ['integer', 42, 'a number'],
  ['boolean', true, 'a boolean'],
  ['object', {}, 'an object'],
  ['array', [], 'an array'],
  ['null', null, 'null'],
];

export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 24)}…(${text.length} chars)` : text;
}

const HUGE_STRING_LENGTH = 100_000;

/** Malformed strings for an id-, email-, date- or otherwise patterned string. */
function malformedStrings(schema: JsonSchema, hint: Hint): string[] {
  const prefix = isIdPattern(schema) ? idPrefixFor(schema, hint) : 'ten';
  const candidates =
    schema.format === 'email'
      ? ['not-an-email', 'a@b', 'two@@example.test', 'spaces in@example.test']
      : schema.format === 'date-time'
        ? ['yesterday', '2026-02-30T00:00:00Z', '2026-01-01', '2026-01-01T00:00:00+01:00']
        : schema.format === 'date'
          ? ['yesterday', '2026-1-1', '2026-01-01T00:00:00Z', '20260101']
          : isIdPattern(schema)
            ? [
                'not-an-id',
                `xyz_${'0'.repeat(26)}`,
                `${prefix}_${'1'.repeat(27)}`,
                `${prefix}_${'1'.repeat(25)}`,
                `${prefix}_${'A'.repeat(26)}`,
                "1' OR '1'='1",
              ]
            : ['not valid!', "1' OR '1'='1", 'ab12', '<script>'];
  const pattern = patternOf(schema);
  return candidates.filter((c) => pattern !== undefined && !pattern.test(c));
}

function variantsAt(schema: JsonSchema, depth: number, hint: Hint): Variant[] {
  const out: Variant[] = [];
  const shape = shapeOf(schema);
  if (shape.any) return out;
  const s = shape.main;
  const at = (label: string, value: Json): Variant => ({ label, value, field: [] });

  // Wrong JSON types: every other type at the top levels, one (plus null) deeper down.
  const wrong = WRONG_TYPE_SAMPLES.filter(([type]) => !accepts(shape, type));
  const chosen = depth <= 0 ? wrong : wrong.filter(([type], i) => i === 0 || type === 'null');
  for (const [type, value, label] of chosen) {
    out.push(at(type === 'null' ? 'null (not nullable)' : `wrong type: ${label} ${show(value)}`, value));
  }

  if ('const' in s) {
    const constant = s.const;
    if (typeof constant === 'boolean') out.push(at(`not the constant ${constant}: ${!constant}`, !constant));
    else out.push(at('not the constant', 'not-the-constant'));
    return out;
  }

  if (Array.isArray(s.enum)) {
    const values = s.enum;
    const first = String(values[0]);
    const candidates = ['not-in-enum', first.toUpperCase(), ` ${first}`, ''].filter(
      (c) => !values.includes(c),
    );
    for (const c of depth <= 0 ? candidates : candidates.slice(0, 1))
      out.push(at(`not in enum: ${show(c)}`, c));
    return out;
  }

  if (shape.types.has('string')) {
    const min = asNumber(s.minLength);
    const max = asNumber(s.maxLength);
    if (min !== undefined && min >= 1) out.push(at(`too short: "" (minLength ${min})`, ''));
    if (max !== undefined) out.push(at(`too long: ${max + 1} chars (maxLength ${max})`, 'x'.repeat(max + 1)));
    // Not for a field that takes more (a whole file as text): its too-long case is the refusal.
    if (depth <= 0 && (max === undefined || max < HUGE_STRING_LENGTH))
      out.push(at(`huge string: ${HUGE_STRING_LENGTH} chars`, 'x'.repeat(HUGE_STRING_LENGTH)));
    const malformed = malformedStrings(s, hint);
    for (const m of depth <= 0 ? malformed.slice(0, 4) : malformed.slice(0, 1)) {
      out.push(at(`malformed: ${show(m)}`, m));
    }
    // At every depth: each is a hole the database or the portal falls into (issue 9 §4).
    const rule = textRuleOf(s);
    if (rule)
      for (const [label, value] of forbiddenText(rule)) out.push(at(`${label}: ${show(value)}`, value));
    if (s.format === 'uri')
      for (const [label, value] of FORBIDDEN_URLS) out.push(at(`${label}: ${show(value)}`, value));
  }

  if (shape.types.has('integer') || shape.types.has('number')) {
    const integer = !shape.types.has('number');
    const min = asNumber(s.minimum);
    const max = asNumber(s.maximum);
    const numbers: Array<[string, number]> = [];
    if (min !== undefined) numbers.push([`below minimum ${min}`, min - 1]);
    if (min !== undefined && min - 1 !== -1) numbers.push(['negative', -1]);
    if (max !== undefined) numbers.push([`above maximum ${max}`, max + 1]);
    if (max !== undefined && depth <= 0) numbers.push(['huge', 1e308]);
    if (integer) numbers.push(['not an integer', 1.5]);
    for (const [label, n] of numbers) {
      if (!numberOk(n, s, integer)) out.push(at(`${label}: ${n}`, n));
    }
    if (depth <= 0) {
      out.push(at('numeric string "12"', '12'));
      out.push(at('non-numeric string "abc"', 'abc'));
      out.push(at('overflow 1e400 (Infinity)', raw('1e400')));
    }
  }

  if (shape.types.has('boolean') && depth <= 0) {
    out.push(at('string "true"', 'true'));
    out.push(at('number 1', 1));
  }

  if (shape.types.has('array')) {
    const items = asObject(s.items) ?? {};
    const minItems = asNumber(s.minItems);
    const maxItems = asNumber(s.maxItems);
    const item = validValue(items, hint);
    if (minItems !== undefined && minItems >= 1) out.push(at(`empty (minItems ${minItems})`, []));
    if (maxItems !== undefined) {
      out.push(at(`too many items: ${maxItems + 1} (maxItems ${maxItems})`, Array(maxItems + 1).fill(item)));
    }
    // The items sit at the array's own depth, so `administrators.0.email` is one level down.
    for (const v of variantsAt(items, depth, hint)) {
      out.push({ label: v.label, value: [v.value], field: [0, ...v.field] });
    }
  }

  if (shape.types.has('object')) out.push(...objectVariants(s, depth));
  return out;
}

function objectVariants(schema: JsonSchema, depth: number): Variant[] {
  const out: Variant[] = [];
  const properties = asObject(schema.properties);
  const record = asObject(schema.additionalProperties);
  if (!properties && record) {
    // A record (`values: { key: value }`): the keys are the fields.
    const maxKey = asNumber(asObject(schema.propertyNames)?.maxLength);
    const entry = validValue(record, { name: 'value' });
    if (maxKey !== undefined) {
      const key = 'k'.repeat(maxKey + 1);
      out.push({ label: `key too long: ${maxKey + 1} chars`, value: { [key]: entry }, field: [key] });
    }
    out.push({ label: 'unknown key', value: { bogus: entry }, field: ['bogus'] });
    return out;
  }
  const base = validValue(schema, { name: 'object' }) as JsonObject;
  for (const name of (schema.required ?? []) as string[]) {
    const { [name]: _dropped, ...rest } = base;
    out.push({ label: 'missing required field', value: rest, field: [name] });
  }
  if (schema.additionalProperties === false) {
    out.push({ label: 'unknown field', value: { ...base, bogus: 'unexpected' }, field: ['bogus'] });
  }
  if (depth < 1) {
    for (const [name, property] of Object.entries(properties ?? {})) {
      const propertySchema = asObject(property) ?? {};
      const variants = variantsAt(propertySchema, depth + 1, { name });
      if (depth + 1 === 0 && isIdPattern(shapeOf(propertySchema).main)) {
        // Well-formed, but no such object: the service must refuse it without writing.
        const prefix = idPrefixFor(shapeOf(propertySchema).main, { name });
        variants.push({ label: 'well-formed but unknown id', value: unknownId(prefix), field: [] });
      }
      for (const v of variants) {
        out.push({ label: v.label, value: { ...base, [name]: v.value }, field: [name, ...v.field] });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Requests

/** Serialises a body, turning `@@raw:…@@` markers into raw JSON text (numbers JSON cannot hold). */
export function serialize(body: Json): string {
  return JSON.stringify(body).replace(RAW_MARKER, (_m, text: string) => text);
}

function collectionOf(path: string, name: string): string | undefined {
  const segments = path.split('/');
  const index = segments.indexOf(`{${name}}`);
  return index > 0 ? segments[index - 1] : undefined;
}

export function baseRequestOf(op: Operation): BaseRequest {
  const params: Record<string, string> = {};
  for (const p of op.pathParams) {
    params[p.name] = String(
      validValue(p.schema, { name: p.name, collection: collectionOf(op.path, p.name) }),
    );
  }
  const query: Record<string, string> = {};
  for (const p of op.queryParams.filter((q) => q.required)) {
    query[p.name] = String(validValue(p.schema, { name: p.name }));
  }
  const body = op.body ? validValue(op.body, { name: 'body' }) : undefined;
  return { params, query, body };
}

/** A path parameter value put into the URL as it is, not percent-encoded (to send broken encodings). */
interface RawSegment {
  raw: string;
}

function buildUrl(
  op: Operation,
  params: Record<string, string | RawSegment>,
  query: Array<[string, string]>,
): string {
  const path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const value = params[name] ?? '';
    return typeof value === 'string' ? encodeURIComponent(value) : value.raw;
  });
  const search = query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return search ? `${path}?${search}` : path;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

interface Parts {
  params?: Record<string, string | RawSegment>;
  query?: Array<[string, string]>;
  headers?: Record<string, string>;
  /** The payload text; `null` sends none. Defaults to the base body. */
  payload?: string | null;
}

function requestFor(op: Operation, base: BaseRequest, parts: Parts = {}): RequestSpec {
  const query = parts.query ?? Object.entries(base.query);
  const payload =
    parts.payload === undefined
      ? base.body === undefined
        ? undefined
        : serialize(base.body)
      : parts.payload;
  return {
    method: op.method,
    url: buildUrl(op, { ...base.params, ...parts.params }, query),
    headers: {
      ...(payload !== undefined && payload !== null ? JSON_HEADERS : {}),
      ...parts.headers,
    },
    ...(payload !== undefined && payload !== null ? { payload } : {}),
  };
}

const validation = (field: string): Outcome[] => [{ status: 400, code: 'validation_failed', field }];
const MALFORMED_JSON: Outcome[] = [{ status: 400, code: 'malformed_json', field: 'body' }];
const UNSUPPORTED: Outcome[] = [
  { status: 415, code: 'unsupported_media_type', field: 'header.content-type' },
];
const NOT_FOUND: Outcome[] = [{ status: 404, code: 'not_found' }];
/** A path segment longer than the router accepts: no route (404), or 414 URI Too Long. */
const SEGMENT_TOO_LONG: Outcome[] = [...NOT_FOUND, { status: 414 }];

function pathCases(op: Operation, base: BaseRequest): Omit<BadInputCase, 'operationId'>[] {
  const cases: Omit<BadInputCase, 'operationId'>[] = [];
  for (const p of op.pathParams) {
    const hint = { name: p.name, collection: collectionOf(op.path, p.name) };
    const prefix = isIdPattern(p.schema) ? idPrefixFor(p.schema, hint) : 'ten';
    const values: Array<[string, string]> = [
      ['malformed', 'not-an-id'],
      ['wrong prefix', `xyz_${'0'.repeat(26)}`],
      ['one character too long', `${prefix}_${'1'.repeat(27)}`],
      ['one character too short', `${prefix}_${'1'.repeat(25)}`],
      ['upper case', `${prefix}_${'A'.repeat(26)}`],
      ['letters outside the id alphabet', `${prefix}_${'u'.repeat(26)}`],
      ['SQL injection', "1' OR '1'='1"],
      ['path traversal', '../../etc/passwd'],
      ['NUL byte', `${prefix}_\u0000`],
      ['very long', 'x'.repeat(10_000)],
      ['well-formed but unknown', unknownId(prefix)],
    ];
    const pattern = patternOf(p.schema);
    for (const [label, value] of values) {
      const expect = pattern?.test(value)
        ? NOT_FOUND
        : encodeURIComponent(value).length > MAX_PARAM_LENGTH
          ? SEGMENT_TOO_LONG
          : validation(`params.${p.name}`);
      cases.push({
        group: 'path',
        name: `params.${p.name}: ${label} ${show(value)} → ${expect[0]!.status}`,
        request: requestFor(op, base, { params: { [p.name]: value } }),
        expect,
      });
    }
    // A segment that cannot be percent-decoded: the router refuses it before any route runs.
    const broken = '%E0%A4%A';
    cases.push({
      group: 'path',
      name: `params.${p.name}: broken percent-encoding ${broken} → 400`,
      request: requestFor(op, base, { params: { [p.name]: { raw: broken } } }),
      expect: [{ status: 400 }],
    });
  }
  return cases;
}

function queryValues(schema: JsonSchema, hint: Hint): Array<[string, string | string[]]> {
  const shape = shapeOf(schema);
  const s = shape.main;
  const values: Array<[string, string | string[]]> = [];
  if (Array.isArray(s.enum)) {
    const first = String(s.enum[0]);
    for (const c of ['not-in-enum', first.toUpperCase(), '']) {
      if (!s.enum.includes(c)) values.push([`not in enum: ${show(c)}`, c]);
    }
    values.push(['repeated (an array)', [first, first]]);
    return values;
  }
  if (shape.types.has('integer') || shape.types.has('number')) {
    const integer = !shape.types.has('number');
    const min = asNumber(s.minimum);
    const max = asNumber(s.maximum);
    const candidates: Array<[string, string]> = [
      ['non-numeric', 'abc'],
      ['not an integer', '1.5'],
      ['negative', '-1'],
      ['zero', '0'],
      ...(min !== undefined ? ([[`below minimum ${min}`, String(min - 1)]] as Array<[string, string]>) : []),
      ...(max !== undefined ? ([[`above maximum ${max}`, String(max + 1)]] as Array<[string, string]>) : []),
      ['huge', '100000'],
      ['NaN', 'NaN'],
      ['Infinity', 'Infinity'],
      ['empty', ''],
      ...NOT_PLAIN_DIGITS,
    ];
    // A query integer is plain decimal digits in range; keep only the candidates that are not.
    for (const [label, c] of candidates) {
      if (!/^[0-9]+$/.test(c) || !numberOk(Number(c), s, integer)) values.push([label, c]);
    }
    values.push(['repeated (an array)', ['1', '2']]);
    return values;
  }
  const min = asNumber(s.minLength);
  const max = asNumber(s.maxLength);
  if (min !== undefined && min >= 1) values.push([`too short (minLength ${min})`, '']);
  if (max !== undefined) values.push([`too long: ${max + 1} chars (maxLength ${max})`, 'x'.repeat(max + 1)]);
  values.push(['oversized: 10000 chars', 'x'.repeat(10_000)]);
  for (const m of malformedStrings(s, hint)) values.push([`malformed ${show(m)}`, m]);
  const rule = textRuleOf(s);
  if (rule) values.push(...forbiddenText(rule));
  if (s.format === 'uri') values.push(...FORBIDDEN_URLS);
  values.push(['repeated (an array)', [String(validValue(s, hint)), String(validValue(s, hint))]]);
  return values;
}

/**
 * Hostile strings a free-text query parameter must survive (they may legitimately match nothing).
 * NUL and bidi overrides are no longer among them: the text rule refuses those (forbiddenText).
 */
const HOSTILE_TEXT: ReadonlyArray<[string, string]> = [
  ['SQL injection', "x' OR '1'='1' --"],
  ['LIKE wildcards and escapes', '%_\\'],
  ['unicode: emoji and a right-to-left mark', '\u200f\u{1F4A5}'],
  ['not base64 / not a cursor', '!!not-a-cursor!!'],
];

function queryCases(op: Operation, base: BaseRequest): Omit<BadInputCase, 'operationId'>[] {
  const cases: Omit<BadInputCase, 'operationId'>[] = [];
  const baseQuery = Object.entries(base.query);
  const without = (name: string) => baseQuery.filter(([k]) => k !== name);
  for (const p of op.queryParams) {
    for (const [label, value] of queryValues(p.schema, { name: p.name })) {
      const pairs: Array<[string, string]> = Array.isArray(value)
        ? value.map((v): [string, string] => [p.name, v])
        : [[p.name, value]];
      cases.push({
        group: 'query',
        name: `query.${p.name}: ${label}${Array.isArray(value) ? '' : ` ${show(value)}`}`,
        request: requestFor(op, base, { query: [...without(p.name), ...pairs] }),
        expect: validation(`query.${p.name}`),
      });
    }
    const s = shapeOf(p.schema).main;
    const freeText =
      s.type === 'string' &&
      !Array.isArray(s.enum) &&
      (s.pattern === undefined || textRuleOf(s) === 'single-line') &&
      s.format === undefined;
    if (freeText && op.method === 'GET') {
      for (const [label, value] of HOSTILE_TEXT) {
        cases.push({
          group: 'query',
          name: `query.${p.name}: ${label} ${show(value)} (valid per the schema: never a 5xx)`,
          request: requestFor(op, base, { query: [...without(p.name), [p.name, value]] }),
          expect: [
            { status: 'success' },
            { status: 400, code: 'validation_failed', field: `query.${p.name}` },
          ],
        });
      }
    }
  }
  if (op.queryParams.length > 0) {
    cases.push({
      group: 'query',
      name: 'query.bogus: unknown query parameter',
      request: requestFor(op, base, { query: [...baseQuery, ['bogus', '1']] }),
      expect: validation('query.bogus'),
    });
  }
  return cases;
}

function headerCases(op: Operation, base: BaseRequest): Omit<BadInputCase, 'operationId'>[] {
  const cases: Omit<BadInputCase, 'operationId'>[] = [];
  for (const p of op.headerParams) {
    const field = `header.${p.name.toLowerCase()}`;
    const min = asNumber(p.schema.minLength);
    const max = asNumber(p.schema.maxLength);
    const values: Array<[string, string]> = [];
    if (min !== undefined && min >= 1) values.push([`empty (minLength ${min})`, '']);
    if (max !== undefined)
      values.push([`too long: ${max + 1} chars (maxLength ${max})`, 'k'.repeat(max + 1)]);
    for (const [label, value] of values) {
      cases.push({
        group: 'header',
        name: `${field}: ${label}`,
        request: requestFor(op, base, { headers: { [p.name.toLowerCase()]: value } }),
        expect: validation(field),
      });
    }
  }
  return cases;
}

function bodyCases(op: Operation, base: BaseRequest): Omit<BadInputCase, 'operationId'>[] {
  const cases: Omit<BadInputCase, 'operationId'>[] = [];
  if (!op.body) return cases;
  const baseBody = base.body as Json;
  for (const v of variantsAt(op.body, -1, { name: 'body' })) {
    const field = ['body', ...v.field].join('.');
    const expect: Outcome[] = v.label.startsWith('well-formed but unknown id')
      ? [{ status: '4xx', field }]
      : validation(field);
    cases.push({
      group: 'body',
      name: `${field}: ${v.label}`,
      request: requestFor(op, base, { payload: serialize(v.value) }),
      expect,
    });
  }
  cases.push({
    group: 'body',
    name: 'body: an array holding a valid body',
    request: requestFor(op, base, { payload: serialize([baseBody]) }),
    expect: validation('body'),
  });
  cases.push({
    group: 'body',
    name: 'body: none at all (no content type, no payload)',
    request: requestFor(op, base, { payload: null }),
    expect: validation('body'),
  });
  return cases;
}

/** JSON bodies for an operation that takes none: route.ts must refuse each. */
function unwantedBodyCases(op: Operation, base: BaseRequest): Omit<BadInputCase, 'operationId'>[] {
  const bodies: Array<[string, string]> = [
    ['an empty object', '{}'],
    ['an object with a field', '{"bogus":1}'],
    ['an array', '[]'],
    ['a string', '"text"'],
    ['a number', '42'],
    ['a boolean', 'true'],
  ];
  const cases = bodies.map(
    ([label, payload]): Omit<BadInputCase, 'operationId'> => ({
      group: 'body',
      name: `body: ${label} sent to an operation that takes no body`,
      request: requestFor(op, base, { payload }),
      expect: validation('body'),
    }),
  );
  // JSON `null` is a body too. Aimed at an unknown id, so that a server that takes it for "no
  // body" answers 404 instead of deleting a real object.
  const unknown = Object.fromEntries(
    op.pathParams.map((p) => {
      const hint = { name: p.name, collection: collectionOf(op.path, p.name) };
      // A path parameter that is not an id (a region's acquisition GUID) keeps a valid value.
      return [
        p.name,
        isIdPattern(p.schema) ? unknownId(idPrefixFor(p.schema, hint)) : String(validValue(p.schema, hint)),
      ];
    }),
  );
  cases.push({
    group: 'body',
    name: `body: JSON null sent to an operation that takes no body${op.pathParams.length ? ' (unknown id)' : ''}`,
    request: requestFor(op, base, { payload: 'null', params: unknown }),
    expect: validation('body'),
  });
  return cases;
}

/** Methods the path does not offer: 404 or 405 problem+json, for the first operation of a path. */
function wrongMethodCases(
  op: Operation,
  base: BaseRequest,
  operations: readonly Operation[],
): Omit<BadInputCase, 'operationId'>[] {
  const onPath = operations.filter((o) => o.path === op.path);
  if (onPath[0] !== op) return [];
  const offered = new Set(onPath.map((o) => o.method));
  const methods: HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
  return methods
    .filter((m) => !offered.has(m))
    .map((method) => ({
      group: 'method',
      name: `method ${method} is not offered on ${op.path}`,
      request: { ...requestFor(op, base, { payload: method === 'GET' ? null : '{}' }), method },
      expect: [...NOT_FOUND, { status: 405, code: 'method_not_allowed' }],
    }));
}

/** Broken JSON, wrong content types and oversized bodies: the framework layer. */
function transportCases(op: Operation, base: BaseRequest): Omit<BadInputCase, 'operationId'>[] {
  const cases: Omit<BadInputCase, 'operationId'>[] = [];
  const json = base.body === undefined ? '{}' : serialize(base.body);
  const broken: Array<[string, string]> = [
    ['truncated', '{"name":'],
    ['trailing comma', '{"name":"x",}'],
    ['single quotes', "{'name':'x'}"],
    ['trailing garbage', `${json}x`],
    ['two documents', `${json}${json}`],
    ['a bare word', 'undefined'],
    ['NaN literal', '{"n":NaN}'],
    ['prototype poisoning (__proto__)', '{"__proto__":{"isAdmin":true}}'],
    ['constructor poisoning', '{"constructor":{"prototype":{"isAdmin":true}}}'],
    ['empty payload', ''],
    ['whitespace only', '   '],
  ];
  for (const [label, payload] of broken) {
    cases.push({
      group: 'json',
      name: `broken JSON: ${label}`,
      request: requestFor(op, base, { payload, headers: JSON_HEADERS }),
      expect: MALFORMED_JSON,
    });
  }
  const types: Array<[string, string]> = [
    ['text/plain', json],
    ['application/x-www-form-urlencoded', 'name=x&bogus=1'],
    ['application/xml', '<body><name>x</name></body>'],
    [
      'multipart/form-data; boundary=xyz',
      '--xyz\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--xyz--',
    ],
    ['application/octet-stream', json],
    ['application/jsonx', json],
    ['not a media type', json],
  ];
  for (const [type, payload] of types) {
    cases.push({
      group: 'content-type',
      name: `content type ${type}`,
      request: requestFor(op, base, { payload, headers: { 'content-type': type } }),
      expect: UNSUPPORTED,
    });
  }
  cases.push({
    group: 'content-type',
    name: 'a JSON payload without a content type',
    request: { ...requestFor(op, base, { payload: json }), headers: {} },
    expect: UNSUPPORTED,
  });
  const filler = 'x'.repeat(op.bodyLimit + 1024);
  cases.push({
    group: 'size',
    name: `oversized body: ${filler.length + 12} bytes (limit ${op.bodyLimit})`,
    request: requestFor(op, base, { payload: `{"name":"${filler}"}` }),
    expect: [{ status: 413, code: 'payload_too_large', field: 'body' }],
  });
  return cases;
}

function credentialCases(op: Operation, base: BaseRequest): Omit<BadInputCase, 'operationId'>[] {
  const values: Array<[string, string]> = [
    ['not a token', 'Bearer not-a-token'],
    ['well-formed but unknown token', `Bearer tok_${'0'.repeat(26)}.${'0'.repeat(64)}`],
    ['oversized token', `Bearer ${'x'.repeat(10_000)}`],
    ['SQL injection as a token', "Bearer tok_x'OR'1'='1.x"],
    ['wrong scheme', 'Basic cm9vdDpyb290'],
    ['scheme only', 'Bearer'],
  ];
  return values.map(([label, authorization]) => ({
    group: 'credentials',
    name: `authorization: ${label} → 401`,
    request: requestFor(op, base, { headers: { authorization } }),
    expect: [{ status: 401, code: 'unauthenticated' }],
  }));
}

/**
 * Inputs an operation does not declare. A GET body has no meaning (RFC 9110) and Fastify never
 * reads it; an unknown query parameter on a GET without a query schema may be ignored (a load
 * balancer's cache buster on /healthz) or refused, both are fine. On a write an unknown query
 * parameter must be refused: ignoring `?dryRun=true` would make the change the caller did not ask
 * for. That case carries an invalid body too, so a server that ignores the query still cannot
 * write; because params, query and body are checked in that order, a correct server names the
 * query parameter.
 */
function undeclaredInputCases(op: Operation, base: BaseRequest): Omit<BadInputCase, 'operationId'>[] {
  const cases: Omit<BadInputCase, 'operationId'>[] = [];
  const baseQuery = Object.entries(base.query);
  if (op.method === 'GET') {
    cases.push({
      group: 'ignored',
      name: 'a JSON body on a GET is ignored',
      request: requestFor(op, base, { payload: '{"bogus":1}' }),
      expect: [{ status: 'success' }],
    });
    if (op.queryParams.length === 0) {
      cases.push({
        group: 'ignored',
        name: 'query.bogus: unknown query parameter on a GET without query parameters (ignored or refused)',
        request: requestFor(op, base, { query: [...baseQuery, ['bogus', '1']] }),
        expect: [{ status: 'success' }, ...validation('query.bogus')],
      });
    }
  } else if (op.queryParams.length === 0) {
    cases.push({
      group: 'query',
      name: 'query.bogus: unknown query parameter on a write (body invalid too, so nothing can be written)',
      request: requestFor(op, base, { query: [...baseQuery, ['bogus', '1']], payload: '[]' }),
      expect: validation('query.bogus'),
    });
  }
  return cases;
}

/** Every bad-input case for one operation (`operations`: all of them, for the path's methods). */
export function casesFor(op: Operation, operations: readonly Operation[]): BadInputCase[] {
  const base = baseRequestOf(op);
  const cases = [
    ...pathCases(op, base),
    ...queryCases(op, base),
    ...headerCases(op, base),
    ...(op.body ? bodyCases(op, base) : op.method === 'GET' ? [] : unwantedBodyCases(op, base)),
    ...(op.method === 'GET' ? [] : transportCases(op, base)),
    ...(op.secured ? credentialCases(op, base) : []),
    ...undeclaredInputCases(op, base),
    ...wrongMethodCases(op, base, operations),
  ];
  const seen = new Map<string, number>();
  return cases.map((c) => {
    const n = (seen.get(c.name) ?? 0) + 1;
    seen.set(c.name, n);
    return { ...c, operationId: op.id, name: n === 1 ? c.name : `${c.name} #${n}` };
  });
}

// ---------------------------------------------------------------------------------------------
// Running

/** Real objects of the test world that placeholders stand for. */
export interface Fixtures {
  /** id prefix → a real id (`ten` → branch A's tenant). */
  ids: Record<string, string>;
  /** A valid, non-empty record for RECORD_PLACEHOLDER. */
  record: JsonObject;
}

export function resolveText(text: string, fixtures: Fixtures): string {
  return text
    .replace(PLACEHOLDER_ID, (match, prefix: string) => fixtures.ids[prefix] ?? match)
    .replaceAll(JSON.stringify(RECORD_PLACEHOLDER), JSON.stringify(fixtures.record));
}

export function resolveRequest(request: RequestSpec, fixtures: Fixtures): RequestSpec {
  return {
    ...request,
    url: resolveText(request.url, fixtures),
    headers: Object.fromEntries(
      Object.entries(request.headers).map(([k, v]) => [k, resolveText(v, fixtures)]),
    ),
    ...(request.payload === undefined ? {} : { payload: resolveText(request.payload, fixtures) }),
  };
}

export function resolveBase(base: BaseRequest, fixtures: Fixtures): BaseRequest {
  return JSON.parse(resolveText(JSON.stringify(base), fixtures)) as BaseRequest;
}
