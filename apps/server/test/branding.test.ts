import { describe, expect, it } from 'vitest';
import { PLATFORM_ORG_ID } from '../src/db/ids.ts';
import { MAX_LOGO_BYTES } from '../src/modules/branding/logo-image.ts';
import type { TestApp } from './support/app.ts';
import { useEngineWorld } from './support/engine-world.ts';
import { ALL_ENGINES } from './support/engines.ts';
import { snapshotDatabase } from './support/snapshot.ts';
import type { World } from './support/world.ts';

/**
 * White-label branding on every engine: platform and partner branding set, read and cleared;
 * logo uploads checked by their bytes; the effective branding each kind of caller sees; scope;
 * and the logo URL's caching headers.
 */
// A real 1×1 PNG, and byte strings that carry only the other formats' signatures.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(60, 1)]);
const WEBP = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from([40, 0, 0, 0]),
  Buffer.from('WEBPVP8 '),
  Buffer.alloc(32, 2),
]);
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
const upload = (bytes: Buffer, contentType = 'image/png') => ({
  contentType,
  data: bytes.toString('base64'),
});

describe.each(ALL_ENGINES)('branding [%s]', (engine) => {
  let t: TestApp;
  let w: World;

  const skip = useEngineWorld(engine, (app, world) => {
    t = app;
    w = world;
  });

  const send = (method: 'GET' | 'PATCH', url: string, token: string | null, body?: unknown, headers = {}) =>
    t.inject({
      method,
      url,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  const effective = async (token: string | null, host = 'cms.example.test') => {
    const response = await send('GET', '/api/v1/branding', token, undefined, { host });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const partnerPath = (id: string) => `/api/v1/partners/${id}/branding`;

  it.skipIf(skip)(
    'sets, reads and clears the platform branding, audited, with the logo served by its URL',
    async () => {
      const before = await effective(null);
      expect(before).toMatchObject({
        name: 'Azure Stack Hub CMS',
        primaryColor: '#1971c2',
        logoLightUrl: null,
        logoDarkUrl: null,
        supportEmail: null,
      });
      const set = await send('PATCH', '/api/v1/branding/platform', w.platformAdmin.token, {
        name: 'Contoso Cloud',
        primaryColor: '#0B6E4F',
        supportEmail: 'help@contoso.test',
        supportUrl: 'https://help.contoso.test/',
        logoLight: upload(PNG),
      });
      expect(set.statusCode, set.body).toBe(200);
      const branding = set.json();
      expect(branding).toMatchObject({
        orgId: PLATFORM_ORG_ID,
        name: 'Contoso Cloud',
        primaryColor: '#0b6e4f',
        logoLight: { contentType: 'image/png', byteSize: PNG.length },
        logoDark: null,
        portalHostname: null,
      });
      const read = await send('GET', '/api/v1/branding/platform', w.platformReader.token);
      expect(read.json()).toEqual(branding);

      // The dark scheme falls back to the light logo.
      const anonymous = await effective(null);
      expect(anonymous).toMatchObject({ name: 'Contoso Cloud', primaryColor: '#0b6e4f' });
      expect(anonymous.logoLightUrl).toBe(branding.logoLight.url);
      expect(anonymous.logoDarkUrl).toBe(branding.logoLight.url);

      const image = await send('GET', branding.logoLight.url, null);
      expect(image.statusCode).toBe(200);
      expect(image.headers['content-type']).toBe('image/png');
      expect(image.headers['x-content-type-options']).toBe('nosniff');
      expect(image.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(image.rawPayload.equals(PNG)).toBe(true);
      const etag = String(image.headers.etag);
      expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
      const revalidated = await send('GET', branding.logoLight.url, null, undefined, {
        'if-none-match': etag,
      });
      expect(revalidated.statusCode).toBe(304);
      expect(revalidated.rawPayload.length).toBe(0);
      expect(
        (await send('GET', branding.logoLight.url, null, undefined, { 'if-none-match': '"other"' }))
          .statusCode,
      ).toBe(200);

      const audit = await send(
        'GET',
        '/api/v1/audit-events?action=platform.brandingUpdate',
        w.platformAdmin.token,
      );
      const rows = audit.json().items;
      expect(audit.statusCode, audit.body).toBe(200);
      expect(rows).toHaveLength(1);
      expect(rows[0].after).toMatchObject({
        name: 'Contoso Cloud',
        logoLight: { sha256: etag.slice(1, -1) },
      });
      expect(rows[0].before).toMatchObject({ name: null, logoLight: null });

      // A replaced logo's old URL is gone; removing the last one deletes its bytes too.
      const replaced = await send('PATCH', '/api/v1/branding/platform', w.platformAdmin.token, {
        logoLight: upload(WEBP, 'image/webp'),
        logoDark: upload(JPEG, 'image/jpeg'),
      });
      expect(replaced.statusCode, replaced.body).toBe(200);
      expect((await send('GET', branding.logoLight.url, null)).statusCode).toBe(404);
      const webp = await send('GET', replaced.json().logoLight.url, null);
      expect(webp.headers['content-type']).toBe('image/webp');
      expect((await effective(null)).logoDarkUrl).toBe(replaced.json().logoDark.url);

      const cleared = await send('PATCH', '/api/v1/branding/platform', w.platformAdmin.token, {
        name: null,
        primaryColor: null,
        supportEmail: null,
        supportUrl: null,
        logoLight: null,
        logoDark: null,
      });
      expect(cleared.statusCode, cleared.body).toBe(200);
      expect(await effective(null)).toEqual(before);
      const logos = await t.app.db.kysely.selectFrom('branding_logos').select('id').execute();
      expect(logos).toEqual([]);
    },
  );

  it.skipIf(skip)('refuses bad input naming the field and writes nothing', async () => {
    const cases: [unknown, string][] = [
      [{ primaryColor: 'red' }, 'body.primaryColor'],
      [{ primaryColor: '#12345' }, 'body.primaryColor'],
      [{ name: '' }, 'body.name'],
      [{ name: '<b>Contoso</b>' }, 'body.name'],
      [{ supportUrl: 'javascript:alert(1)' }, 'body.supportUrl'],
      [{ logoLight: upload(SVG, 'image/svg+xml') }, 'body.logoLight.contentType'],
      [{ logoLight: upload(SVG) }, 'body.logoLight.data'],
      [{ logoDark: upload(PNG, 'image/jpeg') }, 'body.logoDark.data'],
      [{ logoLight: { contentType: 'image/png', data: 'not base64!' } }, 'body.logoLight.data'],
      [{ logoLight: upload(Buffer.concat([PNG, Buffer.alloc(MAX_LOGO_BYTES)])) }, 'body.logoLight.data'],
      [{ name: 'Fine', bogus: 1 }, 'body.bogus'],
      [{ portalHostname: 'portal.example.test' }, 'body.portalHostname'],
    ];
    const before = await snapshotDatabase(t.app);
    for (const [body, field] of cases) {
      const response = await send('PATCH', '/api/v1/branding/platform', w.platformAdmin.token, body);
      expect(response.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(response.json().field).toBe(field);
    }
    const partner = await send('PATCH', partnerPath(w.A.partnerId), w.A.people.partner_admin.token, {
      portalHostname: 'not a host',
    });
    expect(partner.json().field).toBe('body.portalHostname');
    // Exactly at the limit is accepted (and the failing cases above really were only the fault).
    const atLimit = Buffer.concat([PNG, Buffer.alloc(MAX_LOGO_BYTES - PNG.length)]);
    expect(await snapshotDatabase(t.app)).toBe(before);
    const ok = await send('PATCH', '/api/v1/branding/platform', w.platformAdmin.token, {
      logoLight: upload(atLimit),
    });
    expect(ok.statusCode, ok.body).toBe(200);
    await send('PATCH', '/api/v1/branding/platform', w.platformAdmin.token, { logoLight: null });
  });

  it.skipIf(skip)("resolves each caller's effective branding up its own chain, and only that", async () => {
    await send('PATCH', '/api/v1/branding/platform', w.platformAdmin.token, {
      name: 'Contoso Cloud',
      supportEmail: 'help@contoso.test',
    });
    const set = await send('PATCH', partnerPath(w.A.partnerId), w.A.people.partner_admin.token, {
      name: 'Alpha Reseller Cloud',
      primaryColor: '#7b2cbf',
      logoLight: upload(PNG),
      portalHostname: 'Portal.Alpha.test',
    });
    expect(set.statusCode, set.body).toBe(200);
    const alpha = set.json();
    expect(alpha.portalHostname).toBe('portal.alpha.test');

    for (const person of [w.A.people.tenant_admin, w.A.people.tenant_reader, w.A.people.partner_reader]) {
      expect(await effective(person.token)).toMatchObject({
        name: 'Alpha Reseller Cloud',
        primaryColor: '#7b2cbf',
        logoLightUrl: alpha.logoLight.url,
        // Not set by the partner: the platform's.
        supportEmail: 'help@contoso.test',
      });
    }
    // An unbranded partner's tenants, the levels above partners and strangers get the platform's.
    for (const token of [
      w.B.people.tenant_admin.token,
      w.A.people.distributor_admin.token,
      w.platformAdmin.token,
      null,
    ]) {
      const seen = await effective(token);
      expect(seen).toMatchObject({ name: 'Contoso Cloud', primaryColor: '#1971c2', logoLightUrl: null });
      expect(JSON.stringify(seen)).not.toContain('Alpha');
    }
    // Before sign-in, the partner's own portal address shows its branding; a session's chain wins.
    expect(await effective(null, 'portal.alpha.test')).toMatchObject({ name: 'Alpha Reseller Cloud' });
    expect(await effective(null, 'PORTAL.ALPHA.TEST:8443')).toMatchObject({ name: 'Alpha Reseller Cloud' });
    expect(await effective(w.B.people.tenant_admin.token, 'portal.alpha.test')).toMatchObject({
      name: 'Contoso Cloud',
    });

    // Clearing the partner's fields falls back to the platform's again.
    await send('PATCH', partnerPath(w.A.partnerId), w.A.people.partner_admin.token, {
      name: null,
      logoLight: null,
    });
    expect(await effective(w.A.people.tenant_admin.token)).toMatchObject({
      name: 'Contoso Cloud',
      primaryColor: '#7b2cbf',
      logoLightUrl: null,
    });
  });

  it.skipIf(skip)(
    'keeps partner branding inside its branch: 404 elsewhere, 403 for readers, nothing written',
    async () => {
      const before = await snapshotDatabase(t.app);
      const refusals: [string, 'GET' | 'PATCH', number][] = [
        [w.B.people.partner_admin.token, 'GET', 404],
        [w.B.people.partner_admin.token, 'PATCH', 404],
        [w.B.people.distributor_admin.token, 'PATCH', 404],
        [w.A.people.tenant_admin.token, 'GET', 404],
        [w.A.people.tenant_admin.token, 'PATCH', 404],
        [w.A.people.partner_reader.token, 'PATCH', 403],
        [w.A.people.distributor_reader.token, 'PATCH', 403],
        [w.platformReader.token, 'PATCH', 403],
      ];
      for (const [token, method, status] of refusals) {
        const response = await send(
          method,
          partnerPath(w.A.partnerId),
          token,
          method === 'PATCH' ? { name: 'Taken Over' } : undefined,
        );
        expect(response.statusCode, `${method} ${response.body}`).toBe(status);
      }
      // A partner administrator cannot reach a sibling partner either.
      expect(
        (await send('GET', partnerPath(w.A.sparePartnerId), w.A.people.partner_admin.token)).statusCode,
      ).toBe(404);
      expect(
        (await send('PATCH', '/api/v1/branding/platform', w.A.people.partner_admin.token, { name: 'X' }))
          .statusCode,
      ).toBe(403);
      expect(await snapshotDatabase(t.app)).toBe(before);

      // Administrators above the partner manage it too; a host name names one partner only.
      const byDistributor = await send(
        'PATCH',
        partnerPath(w.A.sparePartnerId),
        w.A.people.distributor_admin.token,
        {
          portalHostname: 'spare.alpha.test',
        },
      );
      expect(byDistributor.statusCode, byDistributor.body).toBe(200);
      const taken = await send('PATCH', partnerPath(w.B.partnerId), w.platformAdmin.token, {
        portalHostname: 'SPARE.alpha.test',
      });
      expect(taken.statusCode).toBe(409);
      expect(taken.json().field).toBe('body.portalHostname');
      expect(
        (await send('GET', partnerPath(w.A.sparePartnerId), w.A.people.partner_reader.token)).statusCode,
      ).toBe(404);
    },
  );

  it.skipIf(skip)('renames the hierarchy nouns through the Labels settings, validated', async () => {
    const renamed = await send('PATCH', '/api/v1/settings', w.platformAdmin.token, {
      values: { 'labels.tenant': ' Department ', 'labels.tenants': 'Departments' },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const { labels } = await effective(w.A.people.tenant_reader.token);
    expect(labels.tenant).toEqual({ singular: 'Department', plural: 'Departments' });
    expect(labels.partner).toEqual({ singular: 'Partner', plural: 'Partners' });
    const before = await snapshotDatabase(t.app);
    for (const value of ['', '<b>Dept</b>', 'x'.repeat(41), 'Dept\u0007']) {
      const refused = await send('PATCH', '/api/v1/settings', w.platformAdmin.token, {
        values: { 'labels.subscriptions': 'Projects', 'labels.tenant': value },
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().field).toBe('body.values.labels.tenant');
    }
    expect(await snapshotDatabase(t.app)).toBe(before);
  });
});
