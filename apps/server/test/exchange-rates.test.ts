import { describe, expect, it } from 'vitest';
import { transaction } from '../src/db/transaction.ts';
import { closePeriod } from '../src/modules/usage/periods.service.ts';
import type { TestApp } from './support/app.ts';
import { useEngineWorld } from './support/engine-world.ts';
import { ALL_ENGINES } from './support/engines.ts';
import { callAs } from './support/http-call.ts';
import { insertRegion } from './support/usage-rows.ts';
import type { World } from './support/world.ts';

/**
 * Exchange rates (issue 13): units of a currency per one unit of the platform currency, exact to
 * 18 places, from an instant; one per (currency, instant); the base is the platform currency
 * setting as it is when the rate is set; deletes refused once an invoice was issued while the rate
 * was in effect. Three engines.
 */

describe.each(ALL_ENGINES)('exchange rates [%s]', (engine) => {
  let t: TestApp;
  let w: World;
  const skip = useEngineWorld(engine, (app, world) => {
    t = app;
    w = world;
  });
  if (skip) return;

  const call = (method: string, url: string, body?: unknown) => callAs(t, w.platformAdmin, method, url, body);
  const create = async (body: Record<string, unknown>) => {
    const r = await call('POST', '/api/v1/exchange-rates', body);
    expect(r.status, r.text).toBe(201);
    return r.body;
  };

  it('stores a rate exactly to 18 places against the platform currency, from the instant given', async () => {
    const tiny = await create({
      currency: 'JPY',
      rate: '0.000000000000000001',
      effectiveFrom: '2026-01-01T00:00:00Z',
    });
    expect(tiny).toMatchObject({
      baseCurrency: 'USD',
      currency: 'JPY',
      rate: '0.000000000000000001',
      effective: true,
    });
    const big = await create({
      currency: 'JPY',
      rate: '12345678901234567890.123456789012345678',
      effectiveFrom: '2026-02-01T00:00:00Z',
    });
    expect(big.rate).toBe('12345678901234567890.123456789012345678');
    // Trailing zeros are not kept; an offset is turned into UTC.
    const kwd = await create({
      currency: 'KWD',
      rate: '0.3075000000',
      effectiveFrom: '2026-07-01T02:00:00+02:00',
    });
    expect([kwd.rate, kwd.effectiveFrom]).toEqual(['0.3075', '2026-07-01T00:00:00.000Z']);
    expect((await call('GET', `/api/v1/exchange-rates/${kwd.id}`)).body).toEqual(kwd);
    const future = await create({ currency: 'KWD', rate: '0.31', effectiveFrom: '2099-01-01T00:00:00Z' });
    expect(future.effective).toBe(false);
    const audit = await call('GET', `/api/v1/audit-events?targetId=${kwd.id}`);
    expect(audit.body.items.map((i: { action: string }) => i.action)).toEqual(['exchangeRate.create']);
  });

  it.each([
    [{ currency: 'usd' }, 400, 'body.currency'],
    [{ currency: 'XYZ' }, 400, 'body.currency'],
    [{ currency: 'USD' }, 422, 'body.currency'],
    [{ rate: '0' }, 400, 'body.rate'],
    [{ rate: '0.000000000000000000' }, 400, 'body.rate'],
    [{ rate: '-1.5' }, 400, 'body.rate'],
    [{ rate: 1.5 }, 400, 'body.rate'],
    [{ rate: '1.0000000000000000001' }, 400, 'body.rate'],
    [{ rate: '123456789012345678901' }, 400, 'body.rate'],
    [{ rate: '1e3' }, 400, 'body.rate'],
    [{ effectiveFrom: '2026-07-01T00:00:00' }, 400, 'body.effectiveFrom'],
    [{ effectiveFrom: '2026-07-01' }, 400, 'body.effectiveFrom'],
  ])('refuses %j with %i naming the field', async (change, status, field) => {
    const r = await call('POST', '/api/v1/exchange-rates', {
      currency: 'EUR',
      rate: '0.92',
      effectiveFrom: '2026-03-01T00:00:00Z',
      ...change,
    });
    expect([r.status, r.body.field], r.text).toEqual([status, field]);
  });

  it('refuses a second rate for the same currency and instant (409 naming body.effectiveFrom)', async () => {
    const first = await create({ currency: 'GBP', rate: '0.79', effectiveFrom: '2026-04-01T00:00:00Z' });
    const again = await call('POST', '/api/v1/exchange-rates', {
      currency: 'GBP',
      rate: '0.8',
      // The same instant written with another offset.
      effectiveFrom: '2026-04-01T01:00:00+01:00',
    });
    expect([again.status, again.body.field]).toEqual([409, 'body.effectiveFrom']);
    expect(again.body.detail).toContain(first.id);
    const nextSecond = await call('POST', '/api/v1/exchange-rates', {
      currency: 'GBP',
      rate: '0.8',
      effectiveFrom: '2026-04-01T00:00:01Z',
    });
    expect(nextSecond.status, nextSecond.text).toBe(201);
  });

  it('takes the base from the platform currency setting when the rate is set', async () => {
    const setCurrency = async (code: string) =>
      expect(
        (await call('PATCH', '/api/v1/settings', { values: { 'billing.platformCurrency': code } })).status,
      ).toBe(200);
    await setCurrency('EUR');
    try {
      const usd = await create({ currency: 'USD', rate: '1.087', effectiveFrom: '2026-05-01T00:00:00Z' });
      expect(usd.baseCurrency).toBe('EUR');
      const eur = await call('POST', '/api/v1/exchange-rates', {
        currency: 'EUR',
        rate: '1',
        effectiveFrom: '2026-05-01T00:00:00Z',
      });
      expect([eur.status, eur.body.field]).toEqual([422, 'body.currency']);
    } finally {
      await setCurrency('USD');
    }
  });

  it('lists newest first, filters by currency and pages', async () => {
    for (const month of ['01', '02', '03']) {
      await create({ currency: 'CHF', rate: `0.9${month}`, effectiveFrom: `2025-${month}-01T00:00:00Z` });
    }
    const page1 = await call('GET', '/api/v1/exchange-rates?currency=CHF&limit=2&includeTotal=true');
    expect(page1.body.total).toBe(3);
    expect(page1.body.items.map((i: { rate: string }) => i.rate)).toEqual(['0.903', '0.902']);
    const page2 = await call(
      'GET',
      `/api/v1/exchange-rates?currency=CHF&limit=2&cursor=${page1.body.nextCursor}`,
    );
    expect(page2.body.items.map((i: { rate: string }) => i.rate)).toEqual(['0.901']);
    expect(page2.body.nextCursor).toBeNull();
    const oldest = await call('GET', '/api/v1/exchange-rates?currency=CHF&sort=effectiveFrom&limit=1');
    expect(oldest.body.items[0].rate).toBe('0.901');
  });

  it('deletes a rate not yet in effect, or one in effect while no invoice was issued since; refuses otherwise', async () => {
    const future = await create({ currency: 'NZD', rate: '1.7', effectiveFrom: '2099-01-01T00:00:00Z' });
    const early = await create({ currency: 'NZD', rate: '1.6', effectiveFrom: '2026-01-01T00:00:00Z' });
    const later = await create({ currency: 'NZD', rate: '1.65', effectiveFrom: '2026-03-01T00:00:00Z' });
    // An invoice issued (its period closed) on 2026-02-01: after `early` took effect, before `later`.
    const regionId = await insertRegion(t.app);
    await transaction(t.app.db, (trx) =>
      closePeriod(trx, w.A.tenantId, regionId, '2026-01', { closedAt: '2026-02-01T00:00:00.000Z' }),
    );
    const refused = await call('DELETE', `/api/v1/exchange-rates/${early.id}`);
    expect([refused.status, refused.body.code]).toEqual([409, 'has_dependents']);
    expect((await call('DELETE', `/api/v1/exchange-rates/${later.id}`)).status).toBe(204);
    expect((await call('DELETE', `/api/v1/exchange-rates/${future.id}`)).status).toBe(204);
    expect((await call('GET', `/api/v1/exchange-rates/${future.id}`)).status).toBe(404);
    const audit = await call('GET', `/api/v1/audit-events?targetId=${later.id}&action=exchangeRate.delete`);
    expect(audit.body.items).toHaveLength(1);
  });

  it('does not exist below the platform', async () => {
    const rate = await create({ currency: 'SEK', rate: '10.5', effectiveFrom: '2026-01-01T00:00:00Z' });
    const partner = w.actor('partner_admin');
    expect((await callAs(t, partner, 'GET', `/api/v1/exchange-rates/${rate.id}`)).status).toBe(404);
    expect((await callAs(t, partner, 'DELETE', `/api/v1/exchange-rates/${rate.id}`)).status).toBe(404);
    expect((await callAs(t, partner, 'GET', '/api/v1/exchange-rates')).status).toBe(403);
    expect((await callAs(t, w.platformReader, 'DELETE', `/api/v1/exchange-rates/${rate.id}`)).status).toBe(
      403,
    );
  });
});
