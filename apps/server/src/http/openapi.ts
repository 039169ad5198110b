import { z } from 'zod';
import { routePolicy } from '../policy/policy.ts';
import { ERROR_STATUS } from './errors.ts';
import type { AnyRoute } from './route.ts';

type JsonSchema = Record<string, unknown>;

const PROBLEM_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', enum: Object.keys(ERROR_STATUS) },
    instance: { type: 'string' },
    requestId: { type: 'string' },
    field: { type: 'string', description: 'The first offending field, e.g. body.name' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          field: { type: 'string' },
          message: { type: 'string' },
          row: { type: 'integer', description: 'A refused file: the row at fault (0: the file as a whole)' },
          column: { type: 'string', description: 'A refused file: the column at fault' },
        },
        required: ['field', 'message'],
      },
    },
  },
  required: ['type', 'title', 'status', 'detail', 'code', 'instance', 'requestId'],
};

/**
 * Builds the OpenAPI 3.1 document from the route table: the same zod schemas that validate
 * requests become the documented contract, and schemas named with `.meta({ id })` become
 * reusable components. The committed openapi.json is this function's output (CI checks drift).
 */
export function buildOpenApiDocument(routes: readonly AnyRoute[], version: string): JsonSchema {
  const components: Record<string, JsonSchema> = { Problem: PROBLEM_SCHEMA };

  const convert = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
    const json = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
    }) as JsonSchema;
    const defs = (json.$defs ?? {}) as Record<string, JsonSchema>;
    delete json.$defs;
    delete json.$schema;
    const suffix = io === 'input' ? 'Input' : '';
    const rename = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(rename);
      if (node && typeof node === 'object') {
        const out: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(node)) {
          out[key] =
            key === '$ref' && typeof value === 'string' && value.startsWith('#/$defs/')
              ? `#/components/schemas/${value.slice('#/$defs/'.length)}${suffix}`
              : rename(value);
        }
        return out;
      }
      return node;
    };
    for (const [name, def] of Object.entries(defs)) {
      const { id: _id, ...rest } = def;
      components[`${name}${suffix}`] = rename(rest) as JsonSchema;
    }
    const root = rename(json) as JsonSchema;
    if (typeof root.id === 'string') {
      const { id, ...rest } = root;
      components[`${id}${suffix}`] = rest;
      return { $ref: `#/components/schemas/${id}${suffix}` };
    }
    return root;
  };

  const parameters = (schema: z.ZodType | undefined, location: 'path' | 'query') => {
    if (!schema) return [];
    const json = convert(schema, 'input');
    const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((json.required ?? []) as string[]);
    return Object.entries(properties).map(([name, prop]) => {
      const { description, ...propSchema } = prop;
      return {
        name,
        in: location,
        required: location === 'path' || required.has(name),
        ...(description ? { description } : {}),
        schema: propSchema,
      };
    });
  };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const policy = routePolicy(route.id);
    const problem = (description: string) => ({
      description,
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    });
    const content: Record<string, unknown> = {};
    if (route.response.schema) {
      content['application/json'] = { schema: convert(route.response.schema, 'output') };
    } else if (route.response.contentType) {
      content[route.response.contentType.split(';')[0]!] = { schema: { type: 'string' } };
    }
    for (const alternative of route.response.alternatives ?? []) {
      content[alternative.contentType.split(';')[0]!] = {
        schema: alternative.binary ? { type: 'string', format: 'binary' } : { type: 'string' },
      };
    }
    const responses: Record<string, unknown> = {
      [route.response.status]: {
        description: route.response.description,
        ...(Object.keys(content).length > 0 ? { content } : {}),
      },
      '400': problem('Invalid input; `field` names the offending field'),
    };
    if (policy !== 'public') {
      responses['401'] = problem('No valid session or API token');
      responses['403'] = problem('Not allowed for your role, or CSRF token missing');
    }
    if (route.params || route.method !== 'GET') {
      responses['404'] = problem('Not found, or outside your scope');
    }
    if (route.method === 'POST' || route.method === 'PATCH' || route.method === 'DELETE') {
      responses['409'] = problem('Conflict with the current state');
    }
    const headerParams = route.idempotent
      ? [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description:
              'Retrying with the same key replays the first response instead of repeating the change',
            schema: { type: 'string', minLength: 1, maxLength: 200 },
          },
        ]
      : [];
    const operation: Record<string, unknown> = {
      operationId: route.id,
      tags: [route.tag],
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query'), ...headerParams],
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: convert(route.body, 'input') } },
            },
          }
        : {}),
      responses,
      ...(route.bodyLimit !== undefined ? { 'x-body-limit': route.bodyLimit } : {}),
      security: policy === 'public' ? [] : [{ bearerToken: [] }, { sessionCookie: [] }],
    };
    if ((operation.parameters as unknown[]).length === 0) delete operation.parameters;
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation;
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Azure Stack Hub CMS API',
      version,
      description:
        'Commercial management for Azure Stack Hub operators. Errors are application/problem+json; lists use ' +
        'limit/cursor/sort; decimals travel as strings. Cookie-authenticated writes need X-CSRF-Token.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'API token: tok_<id>.<secret>' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'cms_session' },
      },
    },
  };
}
