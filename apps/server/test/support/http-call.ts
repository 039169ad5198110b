import type { TestApp } from './app.ts';
import type { Person } from './world.ts';

// biome-ignore lint/suspicious/noExplicitAny: answers of many shapes, read field by field in assertions
export type Json = Record<string, any>;

/** One request as `who` (bearer token), the answer parsed: for suites that read answers field by field. */
export async function callAs(t: TestApp, who: Person, method: string, url: string, body?: unknown) {
  const response = await t.inject({
    method: method as 'GET',
    url,
    headers: {
      authorization: `Bearer ${who.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  const text = response.body;
  return { status: response.statusCode, body: (text ? JSON.parse(text) : {}) as Json, text };
}

/** The fields a problem names (`errors[].field`), for asserting that a refusal names its field. */
export function fieldsOf(body: Json): string[] {
  return ((body.errors ?? []) as { field: string }[]).map((e) => e.field);
}
