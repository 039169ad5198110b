import { createCmsClient } from '@cms/api-client';
import { csrf } from './session.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The typed API client (generated from openapi.json), on the portal's own origin with the session cookie. */
// (`globalThis.location` is absent where the portal's modules are unit-tested in Node.)
export const api = createCmsClient({ baseUrl: globalThis.location?.origin ?? 'http://localhost' });

api.use({
  onRequest({ request }) {
    if (!SAFE.has(request.method)) {
      const token = csrf.get();
      if (token) request.headers.set('x-csrf-token', token);
    }
    return request;
  },
});
