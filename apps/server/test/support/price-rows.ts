import { expect } from 'vitest';
import type { TestApp } from './app.ts';

/** A price list's ids for suites that aim at one (security, bad input). */
export interface PriceWorld {
  listId: string;
  activeVersionId: string;
  draftVersionId: string;
  draftItemId: string;
  meterId: string;
}

async function post(t: TestApp, token: string, url: string, body: unknown) {
  const response = await t.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: JSON.stringify(body ?? {}),
  });
  expect(response.statusCode, `POST ${url}: ${response.body}`).toBeLessThan(300);
  return response.json() as { id: string; items?: { id: string }[] };
}

/**
 * Through the API as a platform administrator: a region price list with an active version (from
 * 2020-01) pricing `meterId`, and a draft copied from it (from 2030-01) with its own item.
 */
export async function buildPriceWorld(
  t: TestApp,
  token: string,
  regionId: string,
  meterId: string,
): Promise<PriceWorld> {
  const list = await post(t, token, '/api/v1/price-lists', {
    scopeType: 'region',
    regionId,
    displayName: 'World prices',
  });
  const active = await post(t, token, `/api/v1/price-lists/${list.id}/versions`, {
    effectiveFrom: '2020-01',
  });
  await post(t, token, `/api/v1/price-list-versions/${active.id}/items`, { meterId, rate: '1.5' });
  const activation = await t.inject({
    method: 'POST',
    url: `/api/v1/price-list-versions/${active.id}/activation`,
    headers: { authorization: `Bearer ${token}` },
  });
  expect(activation.statusCode, activation.body).toBe(200);
  const draft = await post(t, token, `/api/v1/price-lists/${list.id}/versions`, {
    effectiveFrom: '2030-01',
    copyFromVersionId: active.id,
  });
  return {
    listId: list.id,
    activeVersionId: active.id,
    draftVersionId: draft.id,
    draftItemId: draft.items![0]!.id,
    meterId,
  };
}
