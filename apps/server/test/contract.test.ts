import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateContract } from '../../../scripts/contract.ts';

describe('the committed contract', () => {
  it('openapi.json, the generated client and docs/permissions.md match the route table (run `npm run openapi` after changing routes)', async () => {
    const { document, client, permissions } = await generateContract();
    const root = new URL('../../../', import.meta.url);
    expect(readFileSync(new URL('openapi.json', root), 'utf8') === document, 'openapi.json is stale').toBe(
      true,
    );
    expect(
      readFileSync(new URL('packages/api-client/src/schema.gen.ts', root), 'utf8') === client,
      'packages/api-client/src/schema.gen.ts is stale',
    ).toBe(true);
    expect(
      readFileSync(new URL('docs/permissions.md', root), 'utf8') === permissions,
      'docs/permissions.md is stale',
    ).toBe(true);
  });

  it('is an OpenAPI 3.1 document whose every operation has an id, a summary, a tag and a success response', async () => {
    const doc = JSON.parse((await generateContract()).document) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { operationId?: string; summary?: string; tags?: string[]; responses: object }>
      >;
    };
    expect(doc.openapi).toBe('3.1.0');
    const ops = Object.values(doc.paths).flatMap((methods) => Object.values(methods));
    expect(ops.length).toBeGreaterThan(40);
    for (const op of ops) {
      expect(op.operationId).toBeTruthy();
      expect(op.summary).toBeTruthy();
      expect(op.tags?.length).toBe(1);
      // 2xx, or 3xx for the browser-facing sign-in redirects.
      expect(Object.keys(op.responses).some((code) => /^[23]/.test(code))).toBe(true);
    }
  });
});
