import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptSecret } from '../src/crypto/secrets.ts';
import { PLATFORM_ORG_ID } from '../src/db/ids.ts';
import { hashPassword } from '../src/modules/auth/passwords.ts';
import { sha256Hex } from '../src/modules/auth/tokens.ts';
import { createUserLink } from '../src/modules/users/user-links.repository.ts';
import { ok, startTestApp, type TestApp } from './support/app.ts';
import { ALL_ENGINES, availableEngines, createTestDatabase, type TestDatabase } from './support/engines.ts';
import { type Peer, startPeer } from './support/oidc-peer.ts';
import { snapshotDatabase } from './support/snapshot.ts';
import { buildWorld, type World } from './support/world.ts';

/**
 * Federated sign-in against a real OpenID Connect provider: oidc-provider runs as its own process
 * on 127.0.0.1 (test/peers/oidc-provider.mjs) and the CMS talks to it over HTTP for discovery,
 * the token endpoint and userinfo. The browser is simulated with manual redirects and a cookie jar:
 * the CMS (in-process, as http://cms.test) → the provider's authorization endpoint → its
 * interaction (auto-login of the account the test picks) → back to the CMS callback.
 */

describe.each(ALL_ENGINES)('oidc [%s]', (engine) => {
  if (!availableEngines().includes(engine)) {
    it.skip(`needs ${engine} (not reachable: see the warning at the start of the run)`, () => {});
    return;
  }
  const CMS = 'http://cms.test';
  const CALLBACK = `${CMS}/api/v1/auth/oidc/callback`;
  const ENTRA_TENANT = '5f1c2a3b-0d4e-4f60-8a7b-9c0d1e2f3a4b';
  /** A domain of ENTRA_TENANT's directory at the Entra-like peer, as an administrator might type it. */
  const ENTRA_DOMAIN = 'NWTraders.onmicrosoft.com';

  // ---------------------------------------------------------------------------------------------
  // The provider process

  // ---------------------------------------------------------------------------------------------
  // A browser: manual redirects and a cookie jar per host

  interface Answer {
    status: number;
    location: string | null;
    contentType: string;
    body: string;
  }

  let t: TestApp;

  class Browser {
    private readonly jar = new Map<string, Map<string, string>>();

    setCookie(host: string, name: string, value: string): void {
      const cookies = this.jar.get(host) ?? new Map<string, string>();
      cookies.set(name, value);
      this.jar.set(host, cookies);
    }

    cookie(host: string, name: string): string | undefined {
      return this.jar.get(host)?.get(name);
    }

    deleteCookie(host: string, name: string): void {
      this.jar.get(host)?.delete(name);
    }

    private remember(host: string, setCookies: string[]): void {
      for (const header of setCookies) {
        const [pair = '', ...attributes] = header.split(';').map((s) => s.trim());
        const name = pair.slice(0, pair.indexOf('='));
        const value = pair.slice(pair.indexOf('=') + 1);
        const expired = attributes.some(
          (a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) <= Date.now()),
        );
        if (expired || value === '') this.deleteCookie(host, name);
        else this.setCookie(host, name, value);
      }
    }

    async request(
      url: string,
      init: { method?: 'GET' | 'POST' | 'DELETE'; headers?: Record<string, string>; body?: unknown } = {},
    ): Promise<Answer> {
      const target = new URL(url);
      const cookies = [...(this.jar.get(target.host) ?? new Map<string, string>())]
        .map(([k, v]) => `${k}=${v}`)
        .join('; ');
      const headers: Record<string, string> = {
        ...(cookies ? { cookie: cookies } : {}),
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      };
      if (target.host === 'cms.test') {
        const response = await t.inject({
          method: init.method ?? 'GET',
          url: target.pathname + target.search,
          headers: { host: 'cms.test', ...headers },
          ...(init.body === undefined ? {} : { payload: JSON.stringify(init.body) }),
        });
        const setCookie = response.headers['set-cookie'];
        this.remember(
          target.host,
          setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie],
        );
        const location = response.headers.location;
        return {
          status: response.statusCode,
          location: typeof location === 'string' ? location : null,
          contentType: String(response.headers['content-type'] ?? ''),
          body: response.body,
        };
      }
      const response = await fetch(target, {
        method: init.method ?? 'GET',
        redirect: 'manual',
        headers,
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
      this.remember(target.host, response.headers.getSetCookie());
      return {
        status: response.status,
        location: response.headers.get('location'),
        contentType: response.headers.get('content-type') ?? '',
        body: await response.text(),
      };
    }

    /** Follows the provider's redirects (logging in as `account`) until they lead back to the CMS. */
    async atProvider(authorizationUrl: string, account: string): Promise<URL> {
      let next = new URL(authorizationUrl);
      this.setCookie(next.host, 'peer_account', account);
      for (let hop = 0; hop < 10; hop++) {
        if (next.host === 'cms.test') return next;
        const answer = await this.request(next.href);
        expect([302, 303], `${next.pathname}: ${answer.body.slice(0, 300)}`).toContain(answer.status);
        next = new URL(answer.location!, next);
      }
      throw new Error('The provider never sent the browser back');
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The world

  let db: TestDatabase;
  let world: World;
  let peer: Peer;
  let postPeer: Peer;
  /** Acts as Microsoft Entra: the authority the CMS is configured with, ENTRA_TENANT's provider below it. */
  let entraPeer: Peer;
  let entraAuthority: string;
  let admin: World['platformAdmin']['client'];
  const orgs = {
    distributor: '',
    /** M1: links by e-mail, for fed.test */
    p1: '',
    /** M2: does not link by e-mail */
    p2: '',
    /** No mapping of its own: the platform's M0 serves it */
    p3: '',
    /** MB: the client_secret_post provider that puts the e-mail in the ID token */
    p4: '',
    /** ME: an Entra mapping, saved with ENTRA_DOMAIN (the Entra-like peer is the authority) */
    p5: '',
    /** MT: a tenant of P1 with its own mapping, which shadows M1 and M0 for its users */
    t1: '',
  };
  const maps = { m0: '', m1: '', m2: '', mt: '', mb: '', me: '' };
  let seq = 0;

  const administrators = () => {
    seq += 1;
    return [{ firstName: 'Fed', lastName: `Admin${seq}`, email: `fed.admin.${seq}@admins.test` }];
  };

  async function partner(name: string): Promise<string> {
    const body = { name, distributorId: orgs.distributor, administrators: administrators() };
    return ok(await admin.POST('/api/v1/partners', { body })).id;
  }

  async function mapping(body: Record<string, unknown>): Promise<string> {
    const response = await admin.POST('/api/v1/identity-providers', {
      body: {
        name: `Mapping ${++seq}`,
        preset: 'oidc',
        issuer: peer.issuer,
        clientId: 'cms',
        clientSecret: 'cms-secret',
        linkByEmail: true,
        ...body,
      } as never,
    });
    return ok(response).id;
  }

  async function user(orgId: string, email: string, extra: Record<string, unknown> = {}): Promise<string> {
    seq += 1;
    const response = await admin.POST('/api/v1/users', {
      body: { firstName: 'Fed', lastName: `User${seq}`, email, orgId, role: 'reader', ...extra } as never,
    });
    return ok(response).id;
  }

  beforeAll(async () => {
    [db, peer, postPeer, entraPeer] = await Promise.all([
      createTestDatabase(engine),
      startPeer({ clients: [{ client_id: 'cms', client_secret: 'cms-secret', redirect_uris: [CALLBACK] }] }),
      startPeer({
        clients: [
          {
            client_id: 'cms-post',
            client_secret: 'post-secret',
            redirect_uris: [CALLBACK],
            token_endpoint_auth_method: 'client_secret_post',
          },
        ],
        clientAuthMethods: ['client_secret_post'],
        claimsInIdToken: true,
      }),
      startPeer({
        clients: [
          {
            client_id: 'cms-entra',
            client_secret: 'entra-secret',
            redirect_uris: [CALLBACK],
            token_endpoint_auth_method: 'client_secret_post',
          },
        ],
        clientAuthMethods: ['client_secret_post'],
        claimsInIdToken: true,
        entra: { tenantId: ENTRA_TENANT, domains: [ENTRA_DOMAIN.toLowerCase()] },
      }),
    ]);
    entraAuthority = new URL(entraPeer.issuer).origin;
    t = await startTestApp(db.url, { CMS_ENTRA_AUTHORITY: entraAuthority });
    world = await buildWorld(t);
    admin = world.platformAdmin.client;
    orgs.distributor = ok(
      await admin.POST('/api/v1/distributors', {
        body: { name: 'Federated Distribution', administrators: administrators() },
      }),
    ).id;
    orgs.p1 = await partner('Fed One');
    orgs.p2 = await partner('Fed Two');
    orgs.p3 = await partner('Fed Three');
    orgs.p4 = await partner('Fed Four');
    orgs.p5 = await partner('Fed Five');
    orgs.t1 = ok(
      await admin.POST('/api/v1/tenants', {
        body: { name: 'Fed Tenant', partnerId: orgs.p1, administrators: administrators() },
      }),
    ).id;
    maps.m0 = await mapping({
      orgId: PLATFORM_ORG_ID,
      name: 'Platform sign-in',
      allowedDomains: ['fed.test'],
    });
    maps.m1 = await mapping({ orgId: orgs.p1, name: 'Fed One sign-in', allowedDomains: ['fed.test'] });
    maps.m2 = await mapping({ orgId: orgs.p2, linkByEmail: false, allowedDomains: ['link-off.test'] });
    maps.mt = await mapping({ orgId: orgs.t1, name: 'Fed Tenant sign-in', allowedDomains: ['fed.test'] });
    maps.mb = await mapping({
      orgId: orgs.p4,
      issuer: postPeer.issuer,
      clientId: 'cms-post',
      clientSecret: 'post-secret',
    });
    maps.me = await mapping({
      orgId: orgs.p5,
      preset: 'entra',
      issuer: undefined,
      entraTenantId: ENTRA_DOMAIN,
      clientId: 'cms-entra',
      clientSecret: 'entra-secret',
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([peer?.close(), postPeer?.close(), entraPeer?.close()]);
    await t?.close();
    await db?.drop();
  });

  // ---------------------------------------------------------------------------------------------
  // Helpers

  async function federatedSignIn(providerId: string, account: string, options: { returnTo?: string } = {}) {
    const browser = new Browser();
    const query = options.returnTo ? `?returnTo=${encodeURIComponent(options.returnTo)}` : '';
    const start = await browser.request(`${CMS}/api/v1/auth/oidc/${providerId}/start${query}`);
    expect(start.status, start.body).toBe(302);
    const callback = await browser.atProvider(start.location!, account);
    expect(callback.origin + callback.pathname).toBe(CALLBACK);
    const result = await browser.request(callback.href);
    return { browser, callback, result };
  }

  const REFUSED = 'Signing in through the identity provider was refused.';
  const STALE = 'This sign-in has expired or was already used; start again.';

  function expectRefused(result: Answer, detail = REFUSED) {
    expect(result.status, result.body).toBe(401);
    expect(result.contentType).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(result.body)).toMatchObject({ code: 'unauthenticated', detail });
    expect(result.location).toBeNull();
  }

  async function me(browser: Browser) {
    const answer = await browser.request(`${CMS}/api/v1/me`);
    expect(answer.status, answer.body).toBe(200);
    return JSON.parse(answer.body) as { user: { id: string; email: string }; stage: string };
  }

  async function lastAudit(action: string, targetId: string) {
    const row = await t.app.db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', action)
      .where('target_id', '=', targetId)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return row
      ? { ...row, after: JSON.parse(row.after_json ?? 'null') as Record<string, unknown> }
      : undefined;
  }

  async function identitiesOf(userId: string) {
    return t.app.db.kysely.selectFrom('user_identities').selectAll().where('user_id', '=', userId).execute();
  }

  // ---------------------------------------------------------------------------------------------

  describe('identity-provider mappings', () => {
    it('keeps the client secret write-only and encrypted at rest, and never audits it', async () => {
      const created = ok(
        await admin.POST('/api/v1/identity-providers', {
          body: {
            orgId: orgs.p3,
            name: 'Secretive',
            preset: 'oidc',
            issuer: 'https://idp.example.test',
            clientId: 'secretive',
            clientSecret: 'plain-text-secret-1',
            enabled: false,
          },
        }),
      );
      expect(created).toMatchObject({ clientSecretSet: true, enabled: false, linkByEmail: false });
      expect(created.redirectUri).toMatch(/\/api\/v1\/auth\/oidc\/callback$/);
      expect(JSON.stringify(created)).not.toContain('plain-text-secret-1');
      const fetched = await admin.GET('/api/v1/identity-providers/{id}', {
        params: { path: { id: created.id } },
      });
      expect(JSON.stringify(ok(fetched))).not.toContain('plain-text-secret');

      const stored = await t.app.db.kysely
        .selectFrom('identity_providers')
        .select('client_secret')
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow();
      expect(stored.client_secret).toMatch(/^v1:/);
      expect(stored.client_secret).not.toContain('plain-text-secret');
      expect(decryptSecret(t.app.encryptionKey, stored.client_secret!)).toBe('plain-text-secret-1');

      ok(
        await admin.PATCH('/api/v1/identity-providers/{id}', {
          params: { path: { id: created.id } },
          body: { clientSecret: 'plain-text-secret-2', name: 'Renamed' },
        }),
      );
      expect((await lastAudit('identityProvider.create', created.id))?.after).toMatchObject({
        clientSecretChanged: true,
        clientId: 'secretive',
      });
      expect((await lastAudit('identityProvider.update', created.id))?.after).toEqual({
        name: 'Renamed',
        clientSecretChanged: true,
      });
      const audit = await t.app.db.kysely.selectFrom('audit_events').selectAll().execute();
      expect(JSON.stringify(audit)).not.toContain('plain-text-secret');

      const cleared = ok(
        await admin.PATCH('/api/v1/identity-providers/{id}', {
          params: { path: { id: created.id } },
          body: { clientSecret: null },
        }),
      );
      expect(cleared.clientSecretSet).toBe(false);
    });

    it('fills the issuer from the Entra and Google presets and checks what each preset needs', async () => {
      const entra = ok(
        await admin.POST('/api/v1/identity-providers', {
          body: {
            orgId: orgs.p3,
            name: 'Entra',
            preset: 'entra',
            entraTenantId: ENTRA_TENANT.toUpperCase(),
            clientId: 'app',
            enabled: false,
          },
        }),
      );
      expect(entra.issuer).toBe(`${entraAuthority}/${ENTRA_TENANT}/v2.0`);
      expect(entra).toMatchObject({ entraTenantId: ENTRA_TENANT, entraDomain: null });
      const google = ok(
        await admin.PATCH('/api/v1/identity-providers/{id}', {
          params: { path: { id: entra.id } },
          body: { preset: 'google' },
        }),
      );
      expect(google).toMatchObject({
        issuer: 'https://accounts.google.com',
        entraTenantId: null,
        entraDomain: null,
      });

      const refused: Array<[Record<string, unknown>, string]> = [
        [{ preset: 'entra' }, 'body.entraTenantId'],
        [{ preset: 'entra', entraTenantId: ENTRA_TENANT, issuer: 'https://elsewhere.test' }, 'body.issuer'],
        [{ preset: 'google', entraTenantId: ENTRA_TENANT }, 'body.entraTenantId'],
        [{ preset: 'oidc' }, 'body.issuer'],
        [{ preset: 'oidc', issuer: 'http://idp.example.test' }, 'body.issuer'],
        [{ preset: 'oidc', issuer: 'ftp://idp.example.test' }, 'body.issuer'],
        [
          { preset: 'oidc', issuer: 'https://idp.example.test', allowedDomains: ['Upper.Test'] },
          'body.allowedDomains.0',
        ],
      ];
      for (const [fields, field] of refused) {
        const before = await snapshotDatabase(t.app);
        const response = await admin.POST('/api/v1/identity-providers', {
          body: { orgId: orgs.p3, name: 'Bad', clientId: 'x', enabled: false, ...fields } as never,
        });
        expect(response.response.status, JSON.stringify(fields)).toBe(400);
        expect((response.error as { field?: string }).field).toBe(field);
        expect(await snapshotDatabase(t.app)).toBe(before);
      }
    });

    it('resolves an Entra directory given as a domain to its tenant id when saved, keeping the domain as typed', async () => {
      const created = ok(
        await admin.POST('/api/v1/identity-providers', {
          body: {
            orgId: orgs.p3,
            name: 'Entra by domain',
            preset: 'entra',
            entraTenantId: ENTRA_DOMAIN,
            clientId: 'app',
            enabled: false,
          },
        }),
      );
      expect(created).toMatchObject({
        entraTenantId: ENTRA_TENANT,
        entraDomain: ENTRA_DOMAIN,
        issuer: `${entraAuthority}/${ENTRA_TENANT}/v2.0`,
      });
      expect(
        await t.app.db.kysely
          .selectFrom('identity_providers')
          .select(['entra_tenant_id', 'entra_domain', 'issuer'])
          .where('id', '=', created.id)
          .executeTakeFirstOrThrow(),
      ).toEqual({
        entra_tenant_id: ENTRA_TENANT,
        entra_domain: ENTRA_DOMAIN,
        issuer: `${entraAuthority}/${ENTRA_TENANT}/v2.0`,
      });
      expect((await lastAudit('identityProvider.create', created.id))?.after).toMatchObject({
        entraTenantId: ENTRA_TENANT,
        entraDomain: ENTRA_DOMAIN,
      });
      const path = { params: { path: { id: created.id } } };

      // A domain no directory has: a sentence on the field, nothing saved.
      const unknownDomain = 'contoso-unknown.onmicrosoft.com';
      const UNKNOWN = `No Microsoft Entra directory has the domain ${unknownDomain}; give one of the directory's verified domains or its tenant id (a GUID).`;
      const before = await snapshotDatabase(t.app);
      for (const response of [
        await admin.POST('/api/v1/identity-providers', {
          body: {
            orgId: orgs.p3,
            name: 'Unknown',
            preset: 'entra',
            entraTenantId: unknownDomain,
            clientId: 'x',
          },
        }),
        await admin.PATCH('/api/v1/identity-providers/{id}', {
          ...path,
          body: { entraTenantId: unknownDomain },
        }),
      ]) {
        expect(response.response.status, JSON.stringify(response.error)).toBe(422);
        expect(response.error).toMatchObject({
          code: 'invalid_request',
          field: 'body.entraTenantId',
          errors: [{ field: 'body.entraTenantId', message: UNKNOWN }],
        });
      }
      expect(await snapshotDatabase(t.app)).toBe(before);

      await entraPeer.reachable(false);
      try {
        // Entra unreachable: 503, nothing saved.
        for (const response of [
          await admin.POST('/api/v1/identity-providers', {
            body: {
              orgId: orgs.p3,
              name: 'Offline',
              preset: 'entra',
              entraTenantId: 'nwtraders.onmicrosoft.com',
              clientId: 'x',
            },
          }),
          await admin.PATCH('/api/v1/identity-providers/{id}', {
            ...path,
            body: { entraTenantId: 'other.nwtraders.example' },
          }),
        ]) {
          expect(response.response.status, JSON.stringify(response.error)).toBe(503);
          expect(response.error).toMatchObject({ code: 'not_ready', field: 'body.entraTenantId' });
          expect((response.error as { detail: string }).detail).toMatch(
            /could not be asked for the directory/,
          );
        }
        expect(await snapshotDatabase(t.app)).toBe(before);

        // Saving the mapping unchanged (the portal's form sends the domain back) asks Entra nothing.
        const renamed = ok(
          await admin.PATCH('/api/v1/identity-providers/{id}', {
            ...path,
            body: { name: 'Entra by domain, renamed', entraTenantId: ENTRA_DOMAIN.toLowerCase() },
          }),
        );
        expect(renamed).toMatchObject({
          entraTenantId: ENTRA_TENANT,
          entraDomain: ENTRA_DOMAIN.toLowerCase(),
          issuer: `${entraAuthority}/${ENTRA_TENANT}/v2.0`,
        });
        // A tenant id needs no look-up, and replaces the domain.
        const other = '0b6a2c4e-8d1f-4a3b-9c5d-7e6f8a9b0c1d';
        const byId = ok(
          await admin.PATCH('/api/v1/identity-providers/{id}', { ...path, body: { entraTenantId: other } }),
        );
        expect(byId).toMatchObject({
          entraTenantId: other,
          entraDomain: null,
          issuer: `${entraAuthority}/${other}/v2.0`,
        });
      } finally {
        await entraPeer.reachable(true);
      }

      // Back to a domain: looked up again.
      const again = ok(
        await admin.PATCH('/api/v1/identity-providers/{id}', {
          ...path,
          body: { entraTenantId: ENTRA_DOMAIN },
        }),
      );
      expect(again).toMatchObject({ entraTenantId: ENTRA_TENANT, entraDomain: ENTRA_DOMAIN });

      // A mapping saved with a domain before domains were resolved (the domain in entra_tenant_id,
      // refusing every sign-in) is repaired by its next save, whatever that save changes.
      await t.app.db.kysely
        .updateTable('identity_providers')
        .set({
          entra_tenant_id: ENTRA_DOMAIN,
          entra_domain: null,
          issuer: `${entraAuthority}/${ENTRA_DOMAIN}/v2.0`,
        })
        .where('id', '=', created.id)
        .execute();
      const repaired = ok(
        await admin.PATCH('/api/v1/identity-providers/{id}', { ...path, body: { name: 'Entra repaired' } }),
      );
      expect(repaired).toMatchObject({
        entraTenantId: ENTRA_TENANT,
        entraDomain: ENTRA_DOMAIN,
        issuer: `${entraAuthority}/${ENTRA_TENANT}/v2.0`,
      });
    });

    it('allows at most one enabled mapping per organisation', async () => {
      const second = await admin.POST('/api/v1/identity-providers', {
        body: { orgId: orgs.p1, name: 'Second', preset: 'google', clientId: 'x' },
      });
      expect(second.response.status).toBe(409);
      expect((second.error as { field?: string }).field).toBe('body.orgId');
      const spare = ok(
        await admin.POST('/api/v1/identity-providers', {
          body: { orgId: orgs.p1, name: 'Spare', preset: 'google', clientId: 'x', enabled: false },
        }),
      );
      const enable = await admin.PATCH('/api/v1/identity-providers/{id}', {
        params: { path: { id: spare.id } },
        body: { enabled: true },
      });
      expect(enable.response.status).toBe(409);
      ok(await admin.DELETE('/api/v1/identity-providers/{id}', { params: { path: { id: spare.id } } }));
      const gone = await admin.GET('/api/v1/identity-providers/{id}', { params: { path: { id: spare.id } } });
      expect(gone.response.status).toBe(404);
    });

    it('is scoped like everything else: each branch sees and manages only its own mappings', async () => {
      const tenantAdmin = world.actor('tenant_admin', 'A').client;
      const list = ok(await tenantAdmin.GET('/api/v1/identity-providers'));
      expect(list.items.map((m) => m.id)).toEqual([world.A.identityProviderId]);
      const intruder = world.actor('distributor_admin', 'B').client;
      const probe = { params: { path: { id: world.A.identityProviderId } } };
      expect((await intruder.GET('/api/v1/identity-providers/{id}', probe)).response.status).toBe(404);
      expect(
        (await intruder.PATCH('/api/v1/identity-providers/{id}', { ...probe, body: {} })).response.status,
      ).toBe(404);
      const reader = world.actor('tenant_reader', 'A').client;
      expect(
        (await reader.PATCH('/api/v1/identity-providers/{id}', { ...probe, body: {} })).response.status,
      ).toBe(403);
      const platformList = ok(
        await admin.GET('/api/v1/identity-providers', { params: { query: { orgId: orgs.p1 } } }),
      );
      expect(platformList.items.map((m) => m.id)).toEqual([maps.m1]);
      // Attaching a mapping above your own organisation is not possible: it does not exist for you.
      const upward = await tenantAdmin.POST('/api/v1/identity-providers', {
        body: { orgId: world.A.partnerId, name: 'Up', preset: 'google', clientId: 'x', enabled: false },
      });
      expect(upward.response.status).toBe(404);
    });
  });

  describe('the sign-in page asks which providers to offer', () => {
    const options = async (email: string) => {
      const response = await new Browser().request(
        `${CMS}/api/v1/auth/identity-providers?email=${encodeURIComponent(email)}`,
      );
      expect(response.status, response.body).toBe(200);
      return JSON.parse(response.body) as { items: Array<Record<string, unknown>> };
    };

    it('answers by e-mail domain only, the same whether or not an account exists', async () => {
      await user(orgs.p1, 'known.person@fed.test');
      const known = await options('known.person@fed.test');
      const unknown = await options('no.such.person@FED.test');
      expect(unknown).toEqual(known);
      expect(known.items.map((i) => i.id).sort()).toEqual([maps.m0, maps.m1, maps.mt].sort());
      for (const item of known.items) expect(Object.keys(item).sort()).toEqual(['id', 'name', 'preset']);
      expect((await options('someone@link-off.test')).items.map((i) => i.id)).toEqual([maps.m2]);
      expect((await options('someone@elsewhere.test')).items).toEqual([]);
    });

    it('offers a platform-level mapping open to any domain to everyone', async () => {
      const path = { params: { path: { id: maps.m0 } } };
      ok(await admin.PATCH('/api/v1/identity-providers/{id}', { ...path, body: { allowedDomains: [] } }));
      try {
        expect((await options('someone@elsewhere.test')).items.map((i) => i.id)).toEqual([maps.m0]);
      } finally {
        ok(
          await admin.PATCH('/api/v1/identity-providers/{id}', {
            ...path,
            body: { allowedDomains: ['fed.test'] },
          }),
        );
      }
    });
  });

  describe('federated sign-in', () => {
    it('signs a user in through its nearest mapping, linking it by verified e-mail the first time', async () => {
      const alice = await user(orgs.p1, 'alice@fed.test', { mfaRequired: true });
      await peer.account('alice-sub', { email: 'alice@fed.test', email_verified: true, name: 'Alice' });
      const { browser, result } = await federatedSignIn(maps.m1, 'alice-sub', { returnTo: '/tenants?x=1' });
      expect(result.status, result.body).toBe(302);
      expect(result.location).toBe('/tenants?x=1');
      expect(browser.cookie('cms.test', 'cms_session')).toBeTruthy();
      expect(browser.cookie('cms.test', 'cms_oidc_state')).toBeUndefined();

      // The provider is the authority: no local MFA enrolment or password step follows.
      const who = await me(browser);
      expect(who.user.id).toBe(alice);
      expect(who.stage).toBe('active');
      const session = await browser.request(`${CMS}/api/v1/auth/session`);
      const info = JSON.parse(session.body) as { csrfToken: string; stage: string; authenticatedBy: string };
      expect(info).toMatchObject({ stage: 'active', authenticatedBy: 'session' });
      // The CSRF token from auth.session is the one cookie-authenticated writes need.
      const withoutCsrf = await browser.request(`${CMS}/api/v1/api-tokens`, {
        method: 'POST',
        body: { name: 'x' },
      });
      expect(withoutCsrf.status).toBe(403);
      const withCsrf = await browser.request(`${CMS}/api/v1/api-tokens`, {
        method: 'POST',
        body: { name: 'x' },
        headers: { 'x-csrf-token': info.csrfToken },
      });
      expect(withCsrf.status, withCsrf.body).toBe(201);

      const identities = await identitiesOf(alice);
      expect(identities).toMatchObject([{ provider_id: maps.m1, issuer: peer.issuer, subject: 'alice-sub' }]);
      expect((await lastAudit('user.identityLink', alice))?.after).toEqual({
        providerId: maps.m1,
        issuer: peer.issuer,
      });
      const signIn = await lastAudit('auth.signIn', alice);
      expect(signIn?.after).toEqual({ method: 'oidc', stage: 'active', providerId: maps.m1 });
      expect(signIn?.actor_user_id).toBe(alice);
      const row = await t.app.db.kysely
        .selectFrom('users')
        .select('last_sign_in_at')
        .where('id', '=', alice)
        .executeTakeFirstOrThrow();
      expect(row.last_sign_in_at).not.toBeNull();
      const flows = await t.app.db.kysely.selectFrom('oidc_flows').selectAll().execute();
      expect(flows).toEqual([]);
    });

    it('recognises the user by issuer and subject later, even after its e-mail changed on both sides', async () => {
      const bea = await user(orgs.p1, 'bea@fed.test');
      await peer.account('bea-sub', { email: 'bea@fed.test', email_verified: true });
      expect((await federatedSignIn(maps.m1, 'bea-sub')).result.status).toBe(302);
      const [first] = await identitiesOf(bea);
      expect(first?.last_used_at).toBe(first?.created_at);
      ok(
        await admin.PATCH('/api/v1/users/{id}', {
          params: { path: { id: bea } },
          body: { email: 'bea.renamed@fed.test' },
        }),
      );
      await peer.account('bea-sub', { email: 'bea@another-name.test', email_verified: false });
      const again = await federatedSignIn(maps.m1, 'bea-sub');
      expect(again.result.status, again.result.body).toBe(302);
      expect(again.result.location).toBe('/');
      expect((await me(again.browser)).user.id).toBe(bea);
      const [later] = await identitiesOf(bea);
      expect(await identitiesOf(bea)).toHaveLength(1);
      expect(later?.created_at).toBe(first?.created_at);
      expect(later!.last_used_at! > first!.last_used_at!).toBe(true);
    });

    it('refuses a replayed callback, and a callback that reaches a browser that did not start the flow', async () => {
      await user(orgs.p1, 'cyd@fed.test');
      await peer.account('cyd-sub', { email: 'cyd@fed.test', email_verified: true });

      // Login CSRF: the callback of someone else's flow, without that browser's state cookie.
      const attacker = new Browser();
      const start = await attacker.request(`${CMS}/api/v1/auth/oidc/${maps.m1}/start`);
      const callback = await attacker.atProvider(start.location!, 'cyd-sub');
      const victim = new Browser();
      const before = await snapshotDatabase(t.app);
      expectRefused(await victim.request(callback.href), STALE);
      expect(victim.cookie('cms.test', 'cms_session')).toBeUndefined();
      expect(await snapshotDatabase(t.app)).toBe(before);

      // The browser that started it succeeds once…
      const state = attacker.cookie('cms.test', 'cms_oidc_state')!;
      expect((await attacker.request(callback.href)).status).toBe(302);
      // …and the same callback again (state cookie and all) is refused: the flow is gone.
      const replay = new Browser();
      replay.setCookie('cms.test', 'cms_oidc_state', state);
      expectRefused(await replay.request(callback.href), STALE);
      expect(replay.cookie('cms.test', 'cms_session')).toBeUndefined();
    });

    it('refuses linking by e-mail where the mapping does not allow it', async () => {
      const dan = await user(orgs.p2, 'dan@link-off.test');
      await peer.account('dan-sub', { email: 'dan@link-off.test', email_verified: true });
      expectRefused((await federatedSignIn(maps.m2, 'dan-sub')).result);
      expect(await identitiesOf(dan)).toEqual([]);
      expect((await lastAudit('auth.signInFailed', maps.m2))?.after).toEqual({
        reason: 'link_not_allowed',
        method: 'oidc',
        providerId: maps.m2,
      });
    });

    it('refuses linking an e-mail address the provider has not verified', async () => {
      const eve = await user(orgs.p1, 'eve@fed.test');
      await peer.account('eve-sub', { email: 'eve@fed.test', email_verified: false });
      expectRefused((await federatedSignIn(maps.m1, 'eve-sub')).result);
      expect(await identitiesOf(eve)).toEqual([]);
      expect((await lastAudit('auth.signInFailed', maps.m1))?.after).toMatchObject({
        reason: 'email_not_verified',
      });
    });

    it('refuses linking an address outside the domains the mapping serves', async () => {
      const fay = await user(orgs.p1, 'fay@elsewhere.test');
      await peer.account('fay-sub', { email: 'fay@elsewhere.test', email_verified: true });
      expectRefused((await federatedSignIn(maps.m1, 'fay-sub')).result);
      expect(await identitiesOf(fay)).toEqual([]);
      expect((await lastAudit('auth.signInFailed', maps.m1))?.after).toMatchObject({
        reason: 'domain_not_allowed',
      });
    });

    it('refuses a person without an account with the same answer as every other refusal', async () => {
      await peer.account('ghost-sub', { email: 'ghost@fed.test', email_verified: true });
      expectRefused((await federatedSignIn(maps.m1, 'ghost-sub')).result);
      expect((await lastAudit('auth.signInFailed', maps.m1))?.after).toMatchObject({ reason: 'no_user' });
      const linked = await t.app.db.kysely
        .selectFrom('user_identities')
        .selectAll()
        .where('subject', '=', 'ghost-sub')
        .execute();
      expect(linked).toEqual([]);
    });

    it('lets a user sign in only through its nearest mapping: a tenant mapping shadows those above', async () => {
      const gus = await user(orgs.t1, 'gus@fed.test');
      await peer.account('gus-sub', { email: 'gus@fed.test', email_verified: true });
      expectRefused((await federatedSignIn(maps.m1, 'gus-sub')).result);
      expect((await lastAudit('auth.signInFailed', gus))?.after).toMatchObject({
        reason: 'other_mapping',
        providerId: maps.m1,
      });
      expectRefused((await federatedSignIn(maps.m0, 'gus-sub')).result);
      expect(await identitiesOf(gus)).toEqual([]);
      const own = await federatedSignIn(maps.mt, 'gus-sub');
      expect(own.result.status, own.result.body).toBe(302);
      expect((await me(own.browser)).user.id).toBe(gus);
      // Once linked, the identity is still refused through a mapping that is not the user's nearest.
      expectRefused((await federatedSignIn(maps.m1, 'gus-sub')).result);

      // Without a mapping of its own organisation or partner, the platform's serves.
      const hal = await user(orgs.p3, 'hal@fed.test');
      await peer.account('hal-sub', { email: 'hal@fed.test', email_verified: true });
      const platform = await federatedSignIn(maps.m0, 'hal-sub');
      expect(platform.result.status, platform.result.body).toBe(302);
      expect((await me(platform.browser)).user.id).toBe(hal);
    });

    it('signs a Federated Only user in through the provider, never with a password', async () => {
      const ida = await user(orgs.p1, 'ida@fed.test', { federatedOnly: true });
      await t.app.db.kysely
        .updateTable('users')
        .set({
          password_hash: await hashPassword('a-local-password-1'),
          activated_at: new Date().toISOString(),
        })
        .where('id', '=', ida)
        .execute();
      const password = await new Browser().request(`${CMS}/api/v1/auth/sign-in`, {
        method: 'POST',
        body: { email: 'ida@fed.test', password: 'a-local-password-1' },
      });
      expect(password.status).toBe(401);
      await peer.account('ida-sub', { email: 'ida@fed.test', email_verified: true });
      const federated = await federatedSignIn(maps.m1, 'ida-sub');
      expect(federated.result.status, federated.result.body).toBe(302);
      expect((await me(federated.browser)).user.id).toBe(ida);
    });

    it('activates a user who had not activated yet at its first federated sign-in, once', async () => {
      const kim = await user(orgs.p1, 'kim@fed.test');
      const invitation = await createUserLink(t.app.db.kysely, t.app.clock, kim, 'invitation');
      const activationCode = 'ABCDEFGHJK';
      await t.app.db.kysely
        .updateTable('users')
        .set({
          activation_code_hash: sha256Hex(activationCode),
          activation_code_expires_at: '2999-01-01T00:00:00.000Z',
        })
        .where('id', '=', kim)
        .execute();
      const row = () =>
        t.app.db.kysely.selectFrom('users').selectAll().where('id', '=', kim).executeTakeFirstOrThrow();
      expect((await row()).activated_at).toBeNull();

      await peer.account('kim-sub', { email: 'kim@fed.test', email_verified: true });
      const first = await federatedSignIn(maps.m1, 'kim-sub');
      expect(first.result.status, first.result.body).toBe(302);
      const activated = await row();
      expect(activated.activated_at).not.toBeNull();
      expect(activated.activated_at).toBe(activated.last_sign_in_at);
      expect(activated.activation_code_hash).toBeNull();
      const audit = await lastAudit('user.activate', kim);
      expect(audit?.after).toEqual({ method: 'oidc', providerId: maps.m1 });
      expect(audit?.actor_user_id).toBe(kim);
      // The pending invitation is void: the account has been activated.
      const link = await new Browser().request(`${CMS}/api/v1/auth/activate`, {
        method: 'POST',
        body: { token: invitation, password: 'a password of my own 1' },
      });
      expect(link.status).toBe(400);
      expect(JSON.parse(link.body)).toMatchObject({ field: 'body.token' });

      // Later sign-ins leave the activation alone.
      const again = await federatedSignIn(maps.m1, 'kim-sub');
      expect(again.result.status).toBe(302);
      expect((await row()).activated_at).toBe(activated.activated_at);
      const activations = await t.app.db.kysely
        .selectFrom('audit_events')
        .select('id')
        .where('action', '=', 'user.activate')
        .where('target_id', '=', kim)
        .execute();
      expect(activations).toHaveLength(1);
    });

    it('refuses a disabled user', async () => {
      const jo = await user(orgs.p1, 'jo@fed.test');
      await peer.account('jo-sub', { email: 'jo@fed.test', email_verified: true });
      ok(await admin.PATCH('/api/v1/users/{id}', { params: { path: { id: jo } }, body: { disabled: true } }));
      expectRefused((await federatedSignIn(maps.m1, 'jo-sub')).result);
      expect((await lastAudit('auth.signInFailed', jo))?.after).toMatchObject({ reason: 'disabled' });
    });

    it('works with a provider that takes client_secret_post and puts the e-mail in the ID token', async () => {
      const kim = await user(orgs.p4, 'kim@post.test');
      await postPeer.account('kim-sub', { email: 'kim@post.test', email_verified: true });
      const signedIn = await federatedSignIn(maps.mb, 'kim-sub');
      expect(signedIn.result.status, signedIn.result.body).toBe(302);
      expect((await me(signedIn.browser)).user.id).toBe(kim);

      // A wrong client secret: the token endpoint refuses, and so does the CMS.
      const path = { params: { path: { id: maps.mb } } };
      ok(await admin.PATCH('/api/v1/identity-providers/{id}', { ...path, body: { clientSecret: 'wrong' } }));
      try {
        expectRefused((await federatedSignIn(maps.mb, 'kim-sub')).result);
        expect((await lastAudit('auth.signInFailed', maps.mb))?.after).toMatchObject({
          reason: 'token_rejected',
        });
      } finally {
        ok(
          await admin.PATCH('/api/v1/identity-providers/{id}', {
            ...path,
            body: { clientSecret: 'post-secret' },
          }),
        );
      }
    });

    it('accepts for an Entra mapping only accounts of its directory (tid)', async () => {
      // The mapping was saved with a domain: sign-in compares tid with the tenant id it resolved to.
      expect(
        ok(await admin.GET('/api/v1/identity-providers/{id}', { params: { path: { id: maps.me } } })),
      ).toMatchObject({ entraTenantId: ENTRA_TENANT, entraDomain: ENTRA_DOMAIN, issuer: entraPeer.issuer });
      const lea = await user(orgs.p5, 'lea@entra.test');
      await entraPeer.account('lea-sub', {
        email: 'lea@entra.test',
        email_verified: true,
        tid: ENTRA_TENANT,
      });
      await entraPeer.account('lea-stranger', {
        email: 'lea@entra.test',
        email_verified: true,
        tid: '00000000-0000-4000-8000-000000000000',
      });
      // Same verified address, another directory: a stranger.
      expectRefused((await federatedSignIn(maps.me, 'lea-stranger')).result);
      expect((await lastAudit('auth.signInFailed', maps.me))?.after).toMatchObject({
        reason: 'tenant_mismatch',
      });
      expect(await identitiesOf(lea)).toEqual([]);
      const own = await federatedSignIn(maps.me, 'lea-sub');
      expect(own.result.status, own.result.body).toBe(302);
      expect((await me(own.browser)).user.id).toBe(lea);
    });

    it('refuses an expired flow and a provider error, consuming the flow either way', async () => {
      await peer.account('max-sub', { email: 'max@fed.test', email_verified: true });
      await user(orgs.p1, 'max@fed.test');
      const browser = new Browser();
      const start = await browser.request(`${CMS}/api/v1/auth/oidc/${maps.m1}/start`);
      const callback = await browser.atProvider(start.location!, 'max-sub');
      await t.app.db.kysely
        .updateTable('oidc_flows')
        .set({ expires_at: '2000-01-01T00:00:00.000Z' })
        .execute();
      expectRefused(await browser.request(callback.href), STALE);
      expect(await t.app.db.kysely.selectFrom('oidc_flows').selectAll().execute()).toEqual([]);

      // The person cancelled at the provider: it comes back with an error instead of a code.
      const cancelled = new Browser();
      const second = await cancelled.request(`${CMS}/api/v1/auth/oidc/${maps.m1}/start`);
      const state = new URL(second.location!).searchParams.get('state')!;
      const answer = await cancelled.request(
        `${CALLBACK}?error=access_denied&state=${state}&iss=${peer.issuer}`,
      );
      expectRefused(answer);
      expect((await lastAudit('auth.signInFailed', maps.m1))?.after).toMatchObject({
        reason: 'provider_error',
      });
      expect(await t.app.db.kysely.selectFrom('oidc_flows').selectAll().execute()).toEqual([]);
    });

    it('asks the provider for a code with PKCE (S256), state and nonce, and keeps returnTo on this site', async () => {
      const browser = new Browser();
      const start = await browser.request(`${CMS}/api/v1/auth/oidc/${maps.m1}/start?returnTo=/users`);
      const url = new URL(start.location!);
      expect(url.origin).toBe(peer.issuer);
      const params = Object.fromEntries(url.searchParams);
      expect(params).toMatchObject({
        client_id: 'cms',
        response_type: 'code',
        scope: 'openid email profile',
        code_challenge_method: 'S256',
        redirect_uri: CALLBACK,
      });
      expect(params.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(params.state).toBe(browser.cookie('cms.test', 'cms_oidc_state'));
      expect(params.nonce).toBeTruthy();
      const flow = await t.app.db.kysely.selectFrom('oidc_flows').selectAll().executeTakeFirstOrThrow();
      expect(flow).toMatchObject({ provider_id: maps.m1, return_to: '/users' });
      // Only the state's hash is stored.
      expect(flow.id).not.toBe(params.state);
      await t.app.db.kysely.deleteFrom('oidc_flows').execute();

      for (const returnTo of ['//evil.test/x', 'https://evil.test/', '/\\evil.test', 'relative']) {
        const answer = await browser.request(
          `${CMS}/api/v1/auth/oidc/${maps.m1}/start?returnTo=${encodeURIComponent(returnTo)}`,
        );
        expect(answer.status, returnTo).toBe(400);
        expect(JSON.parse(answer.body).field).toBe('query.returnTo');
      }
    });

    it('answers 404 for a disabled or unknown mapping and 503 for an unreachable provider, writing nothing', async () => {
      const disabled = await mapping({ orgId: orgs.p4, name: 'Switched off', enabled: false });
      const browser = new Browser();
      const before = await snapshotDatabase(t.app);
      expect((await browser.request(`${CMS}/api/v1/auth/oidc/${disabled}/start`)).status).toBe(404);
      expect((await browser.request(`${CMS}/api/v1/auth/oidc/idp_${'7'.repeat(26)}/start`)).status).toBe(404);
      const unreachable = await browser.request(
        `${CMS}/api/v1/auth/oidc/${world.A.identityProviderId}/start`,
      );
      expect(unreachable.status, unreachable.body).toBe(503);
      expect(await snapshotDatabase(t.app)).toBe(before);
    });

    it('gives API tokens no CSRF token from auth.session', async () => {
      const session = ok(await world.actor('tenant_admin').client.GET('/api/v1/auth/session'));
      expect(session).toMatchObject({
        signedIn: true,
        csrfToken: null,
        stage: 'active',
        authenticatedBy: 'token',
        me: { roleKey: 'tenant_admin', authenticatedBy: 'token' },
      });
    });
  });

  describe('linked identities', () => {
    it('lists and unlinks them for the user itself and for administrators in scope', async () => {
      const lou = await user(orgs.p1, 'lou@fed.test');
      await peer.account('lou-sub', { email: 'lou@fed.test', email_verified: true });
      const { browser } = await federatedSignIn(maps.m1, 'lou-sub');
      const session = JSON.parse((await browser.request(`${CMS}/api/v1/auth/session`)).body) as {
        csrfToken: string;
      };

      const own = await browser.request(`${CMS}/api/v1/me/identities`);
      expect(own.status, own.body).toBe(200);
      const [linked] = (JSON.parse(own.body) as { items: Array<Record<string, unknown>> }).items;
      expect(linked).toEqual({
        id: expect.stringMatching(/^uid_/),
        issuer: peer.issuer,
        subject: 'lou-sub',
        providerId: maps.m1,
        providerName: 'Fed One sign-in',
        linkedAt: expect.any(String),
        lastUsedAt: linked!.linkedAt,
      });
      const identityId = linked!.id as string;
      const path = { id: lou, identityId };
      const listed = ok(await admin.GET('/api/v1/users/{id}/identities', { params: { path: { id: lou } } }));
      expect(listed.items).toEqual([linked]);
      // Read-only users in scope may list, not remove; another branch sees nothing.
      const reader = world.platformReader.client;
      expect(
        ok(await reader.GET('/api/v1/users/{id}/identities', { params: { path: { id: lou } } })).items,
      ).toHaveLength(1);
      const before = await snapshotDatabase(t.app);
      expect(
        (await reader.DELETE('/api/v1/users/{id}/identities/{identityId}', { params: { path } })).response
          .status,
      ).toBe(403);
      const outsider = world.A.people.distributor_admin.client;
      expect(
        (await outsider.GET('/api/v1/users/{id}/identities', { params: { path: { id: lou } } })).response
          .status,
      ).toBe(404);
      expect(
        (await outsider.DELETE('/api/v1/users/{id}/identities/{identityId}', { params: { path } })).response
          .status,
      ).toBe(404);
      // An identity of someone else through a user it does not belong to, or through /me: 404.
      const otherId = ((await identitiesOf(await userIdByEmail('alice@fed.test')))[0]?.id ?? '') as string;
      expect(otherId).toMatch(/^uid_/);
      expect(
        (
          await admin.DELETE('/api/v1/users/{id}/identities/{identityId}', {
            params: { path: { id: lou, identityId: otherId } },
          })
        ).response.status,
      ).toBe(404);
      const notMine = await browser.request(`${CMS}/api/v1/me/identities/${otherId}`, {
        method: 'DELETE',
        headers: { 'x-csrf-token': session.csrfToken },
      });
      expect(notMine.status).toBe(404);
      expect(await snapshotDatabase(t.app)).toBe(before);

      // The administrator unlinks it; the audit row says which identity went.
      expect(
        (await admin.DELETE('/api/v1/users/{id}/identities/{identityId}', { params: { path } })).response
          .status,
      ).toBe(204);
      expect(await identitiesOf(lou)).toEqual([]);
      const unlinked = await t.app.db.kysely
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', 'user.identityUnlink')
        .where('target_id', '=', lou)
        .execute();
      expect(unlinked).toHaveLength(1);
      expect(JSON.parse(unlinked[0]!.before_json!)).toEqual({
        identityId,
        providerId: maps.m1,
        issuer: peer.issuer,
      });
      expect(unlinked[0]!.actor_user_id).toBe(world.platformAdmin.userId);

      // The next sign-in is a first one again (M1 links by verified e-mail); the user unlinks it itself.
      const relinked = await federatedSignIn(maps.m1, 'lou-sub');
      expect(relinked.result.status).toBe(302);
      const [fresh] = await identitiesOf(lou);
      expect(fresh!.id).not.toBe(identityId);
      const csrf = (
        JSON.parse((await relinked.browser.request(`${CMS}/api/v1/auth/session`)).body) as {
          csrfToken: string;
        }
      ).csrfToken;
      const withoutCsrf = await relinked.browser.request(`${CMS}/api/v1/me/identities/${fresh!.id}`, {
        method: 'DELETE',
      });
      expect(withoutCsrf.status).toBe(403);
      const removed = await relinked.browser.request(`${CMS}/api/v1/me/identities/${fresh!.id}`, {
        method: 'DELETE',
        headers: { 'x-csrf-token': csrf },
      });
      expect(removed.status, removed.body).toBe(204);
      expect(await identitiesOf(lou)).toEqual([]);
      expect(JSON.parse((await relinked.browser.request(`${CMS}/api/v1/me/identities`)).body)).toEqual({
        items: [],
      });
    });

    it('hides the id of a mapping above the viewer but names it', async () => {
      const mia = await user(orgs.p3, 'mia@fed.test');
      await peer.account('mia-sub', { email: 'mia@fed.test', email_verified: true });
      const { browser } = await federatedSignIn(maps.m0, 'mia-sub');
      const own = JSON.parse((await browser.request(`${CMS}/api/v1/me/identities`)).body) as {
        items: Array<{ providerId: string | null; providerName: string | null }>;
      };
      expect(own.items).toEqual([
        expect.objectContaining({ providerId: null, providerName: 'Platform sign-in' }),
      ]);
      const byAdmin = ok(await admin.GET('/api/v1/users/{id}/identities', { params: { path: { id: mia } } }));
      expect(byAdmin.items[0]).toMatchObject({ providerId: maps.m0 });
    });
  });

  async function userIdByEmail(email: string): Promise<string> {
    const row = await t.app.db.kysely
      .selectFrom('users')
      .select('id')
      .where('email_key', '=', email)
      .executeTakeFirstOrThrow();
    return row.id;
  }
});
