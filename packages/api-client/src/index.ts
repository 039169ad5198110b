import createClient, { type Client } from 'openapi-fetch';
import type { components, operations, paths } from './schema.gen.ts';

export type { components, operations, paths };
/**
 * The client reads JSON: an operation that can also answer a file (CSV, xlsx) is typed by its JSON
 * form here; files are downloaded by URL.
 */
export type CmsClient = Client<paths, `${string}/${string}json`>;
export type Schemas = components['schemas'];

export interface CmsClientOptions {
  baseUrl: string;
  /** An API token (`tok_….secret`); omit for cookie sessions in the browser. */
  token?: string;
  /** Extra headers on every request, e.g. X-CSRF-Token for cookie sessions. */
  headers?: Record<string, string>;
  fetch?: (request: Request) => Promise<Response>;
}

/** A typed client of the CMS REST API, generated from openapi.json. */
export function createCmsClient(options: CmsClientOptions): CmsClient {
  return createClient<paths, `${string}/${string}json`>({
    baseUrl: options.baseUrl,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
