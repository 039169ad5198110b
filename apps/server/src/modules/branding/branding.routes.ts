import type { FastifyRequest } from 'fastify';
import { defineRoute, RawResponse } from '../../http/route.ts';
import { PartnerParams } from '../organisations/organisations.schema.ts';
import { isOrganisationVisible } from '../organisations/organisations.service.ts';
import {
  Branding,
  EffectiveBranding,
  LogoParams,
  PartnerBrandingUpdate,
  PlatformBrandingUpdate,
} from './branding.schema.ts';
import { effectiveBranding, getBranding, getLogo, updateBranding } from './branding.service.ts';

/** The host name the browser asked for (X-Forwarded-Host only with CMS_TRUST_PROXY), without a port. */
const requestHostname = (request: FastifyRequest) => request.hostname.replace(/:\d+$/, '');

/** The If-None-Match header names this entity tag (a list, or *). */
function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

export const brandingRoutes = [
  defineRoute({
    id: 'branding.effective',
    public: true,
    method: 'GET',
    path: '/api/v1/branding',
    tag: 'Branding',
    summary:
      "The branding and labels to show the caller (public; before sign-in: the platform's or the host name's partner's)",
    response: { status: 200, description: 'Effective branding', schema: EffectiveBranding },
    handler: ({ ctx, request }) => effectiveBranding(ctx, requestHostname(request)),
  }),
  defineRoute({
    id: 'branding.logo',
    public: true,
    method: 'GET',
    path: '/api/v1/branding/logos/:id',
    tag: 'Branding',
    summary: 'A logo image (public, immutable: a new upload has a new URL; ETag and If-None-Match)',
    params: LogoParams,
    response: { status: 200, description: 'The image (PNG, JPEG or WebP)', contentType: 'image/*' },
    handler: async ({ ctx, params, request, reply }) => {
      const logo = await getLogo(ctx, params.id);
      reply.header('etag', logo.etag);
      reply.header('cache-control', 'public, max-age=31536000, immutable');
      reply.header('content-security-policy', "default-src 'none'");
      if (notModified(request.headers['if-none-match'], logo.etag)) return new RawResponse(304, undefined);
      return new RawResponse(200, logo.bytes, logo.contentType);
    },
  }),
  defineRoute({
    id: 'branding.platformGet',
    method: 'GET',
    path: '/api/v1/branding/platform',
    tag: 'Branding',
    summary: "The platform's branding as set (null: the built-in default)",
    response: { status: 200, description: 'Platform branding', schema: Branding },
    handler: ({ ctx }) => getBranding(ctx, { kind: 'platform' }),
  }),
  defineRoute({
    id: 'branding.platformUpdate',
    method: 'PATCH',
    path: '/api/v1/branding/platform',
    tag: 'Branding',
    summary: "Change the platform's name, colour, logos or support contacts (audited)",
    description:
      'Logos are sent as base64 in JSON: `{ "contentType": "image/png", "data": "iVBOR…" }`, at most 256 kB ' +
      'decoded, PNG, JPEG or WebP (checked by their signature; SVG is refused). Absent fields are kept, ' +
      'null clears them.',
    body: PlatformBrandingUpdate,
    response: { status: 200, description: 'Platform branding after the change', schema: Branding },
    handler: ({ ctx, body }) => updateBranding(ctx, { kind: 'platform' }, body),
  }),
  defineRoute({
    id: 'partners.brandingGet',
    method: 'GET',
    path: '/api/v1/partners/:id/branding',
    tag: 'Partners',
    summary: "A partner's branding as set (null fields inherit the platform's)",
    params: PartnerParams,
    response: { status: 200, description: 'Partner branding', schema: Branding },
    handler: ({ ctx, params }) => getBranding(ctx, { kind: 'partner', id: params.id }),
  }),
  defineRoute({
    id: 'partners.brandingUpdate',
    method: 'PATCH',
    path: '/api/v1/partners/:id/branding',
    tag: 'Partners',
    summary: "Change the branding the partner's staff and its tenants' users see (audited)",
    description:
      'As for the platform, plus `portalHostname`: the sign-in page reached at that host name shows this ' +
      "partner's branding (unique; 409 when another partner has it).",
    params: PartnerParams,
    body: PartnerBrandingUpdate,
    target: (ctx, params) => isOrganisationVisible(ctx, 'partner', params.id),
    response: { status: 200, description: 'Partner branding after the change', schema: Branding },
    handler: ({ ctx, params, body }) => updateBranding(ctx, { kind: 'partner', id: params.id }, body),
  }),
];
