import type { Kysely } from 'kysely';
import type { PublicContext, RequestContext } from '../../context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { PLATFORM_ORG_ID } from '../../db/ids.ts';
import type { BrandingRow, Database, LogoContentType } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import { changedFields, recordAudit } from '../audit/audit.service.ts';
import { findOrganisationInScope, findOrganisationSummary } from '../organisations/organisations.service.ts';
import { LABEL_NOUNS, type LabelNoun } from '../settings/settings.registry.ts';
import { getSetting } from '../settings/settings.service.ts';
import {
  deleteLogos,
  findBranding,
  findLogoMeta,
  findPartnerIdByHostname,
  findServedLogo,
  hostnameTaken,
  type LogoMeta,
  saveBranding,
} from './branding.repository.ts';
import { logoImage, storeLogo } from './logo-store.ts';

/** What the portal shows where nobody has branded anything. */
export const DEFAULT_BRAND_NAME = 'Azure Stack Hub CMS';
/** Mantine's blue 8, the portal's primary colour before branding existed. */
export const DEFAULT_PRIMARY_COLOR = '#1971c2';

export type BrandingTarget = { kind: 'platform' } | { kind: 'partner'; id: string };

interface LogoInput {
  contentType: LogoContentType;
  data: string;
}

export interface BrandingPatch {
  name?: string | null | undefined;
  primaryColor?: string | null | undefined;
  supportEmail?: string | null | undefined;
  supportUrl?: string | null | undefined;
  portalHostname?: string | null | undefined;
  paymentDetails?: string | null | undefined;
  logoLight?: LogoInput | null | undefined;
  logoDark?: LogoInput | null | undefined;
}

const logoUrl = (id: string) => `/api/v1/branding/logos/${id}`;

/** The organisation the target names, inside the caller's scope (404 outside it). */
async function targetOrgId(
  db: Kysely<Database>,
  ctx: RequestContext,
  target: BrandingTarget,
): Promise<string> {
  if (target.kind === 'platform') return PLATFORM_ORG_ID;
  const partner = await findOrganisationInScope(db, ctx.actor.scope, target.id, 'partner');
  if (!partner) throw AppError.notFound('Partner');
  return partner.id;
}

function emptyRow(orgId: string): BrandingRow {
  return {
    org_id: orgId,
    name: null,
    primary_color: null,
    support_email: null,
    support_url: null,
    portal_hostname: null,
    payment_details: null,
    logo_light_id: null,
    logo_dark_id: null,
    updated_at: '',
    updated_by: null,
  };
}

function presentLogo(meta: LogoMeta | undefined) {
  return meta ? { url: logoUrl(meta.id), contentType: meta.content_type, byteSize: meta.byte_size } : null;
}

async function present(db: Kysely<Database>, orgId: string, row: BrandingRow | undefined) {
  const r = row ?? emptyRow(orgId);
  const logos = await findLogoMeta(db, [r.logo_light_id, r.logo_dark_id]);
  return {
    orgId,
    name: r.name,
    primaryColor: r.primary_color,
    supportEmail: r.support_email,
    supportUrl: r.support_url,
    portalHostname: r.portal_hostname,
    paymentDetails: r.payment_details,
    logoLight: presentLogo(r.logo_light_id ? logos.get(r.logo_light_id) : undefined),
    logoDark: presentLogo(r.logo_dark_id ? logos.get(r.logo_dark_id) : undefined),
    updatedAt: row?.updated_at ?? null,
  };
}

/** The audit view: logos by id and content hash (never the bytes). */
function auditView(row: BrandingRow, logos: Map<string, { sha256: string }>) {
  const logo = (id: string | null) => (id ? { id, sha256: logos.get(id)?.sha256 ?? null } : null);
  return {
    name: row.name,
    primaryColor: row.primary_color,
    supportEmail: row.support_email,
    supportUrl: row.support_url,
    portalHostname: row.portal_hostname,
    paymentDetails: row.payment_details,
    logoLight: logo(row.logo_light_id),
    logoDark: logo(row.logo_dark_id),
  };
}

export async function getBranding(ctx: RequestContext, target: BrandingTarget) {
  const db = ctx.app.db.kysely;
  const orgId = await targetOrgId(db, ctx, target);
  return present(db, orgId, await findBranding(db, orgId));
}

/**
 * Applies a change in one transaction with its audit row. A new logo is a new row (so its URL,
 * cached forever, changes with it); the logo it replaces is deleted in the same transaction.
 */
export async function updateBranding(ctx: RequestContext, target: BrandingTarget, patch: BrandingPatch) {
  try {
    return await transaction(ctx.app.db, async (trx) => {
      const orgId = await targetOrgId(trx, ctx, target);
      const before = await findBranding(trx, orgId);
      const current = before ?? emptyRow(orgId);
      const pick = <T>(value: T | undefined, existing: T) => (value === undefined ? existing : value);
      if (patch.portalHostname && (await hostnameTaken(trx, patch.portalHostname, orgId))) {
        throw hostnameConflict();
      }
      const now = nowIso(ctx.app.clock);
      const logos = new Map<string, { sha256: string }>();
      for (const meta of (await findLogoMeta(trx, [current.logo_light_id, current.logo_dark_id])).values()) {
        logos.set(meta.id, meta);
      }
      const logoId = async (input: LogoInput | null | undefined, existing: string | null) => {
        if (input === undefined) return existing;
        if (input === null) return null;
        // The schema has checked the bytes (type, size); decode them once more here to store.
        const bytes = Buffer.from(input.data, 'base64');
        const { id, sha256 } = await storeLogo(trx, {
          orgId,
          contentType: input.contentType,
          bytes,
          createdAt: now,
        });
        logos.set(id, { sha256 });
        return id;
      };
      const next: BrandingRow = {
        org_id: orgId,
        name: pick(patch.name, current.name),
        primary_color: pick(patch.primaryColor, current.primary_color),
        support_email: pick(patch.supportEmail, current.support_email),
        support_url: pick(patch.supportUrl, current.support_url),
        portal_hostname:
          target.kind === 'partner' ? pick(patch.portalHostname, current.portal_hostname) : null,
        payment_details:
          target.kind === 'partner' ? pick(patch.paymentDetails, current.payment_details) : null,
        logo_light_id: await logoId(patch.logoLight, current.logo_light_id),
        logo_dark_id: await logoId(patch.logoDark, current.logo_dark_id),
        updated_at: now,
        updated_by: ctx.actor.userId,
      };
      const change = changedFields(auditView(current, logos), auditView(next, logos));
      if (Object.keys(change.after).length === 0) return present(trx, orgId, before);
      await saveBranding(trx, next, before !== undefined);
      const kept = new Set([next.logo_light_id, next.logo_dark_id]);
      await deleteLogos(
        trx,
        [current.logo_light_id, current.logo_dark_id].filter(
          (id): id is string => id !== null && !kept.has(id),
        ),
      );
      await recordAudit(trx, ctx, {
        action: `${target.kind}.brandingUpdate`,
        targetType: target.kind,
        targetId: orgId,
        orgId,
        ...change,
      });
      return present(trx, orgId, next);
    });
  } catch (error) {
    // Two administrators claiming one host name at the same moment: the unique index decides.
    if (isUniqueViolation(error)) throw hostnameConflict();
    throw error;
  }
}

function hostnameConflict(): AppError {
  return AppError.invalidField(
    'body.portalHostname',
    'Another partner already uses this host name.',
    'conflict',
  );
}

async function labels(ctx: PublicContext) {
  const entries = [];
  for (const noun of LABEL_NOUNS) {
    entries.push([
      noun,
      {
        singular: String(await getSetting(ctx, `labels.${noun}`)),
        plural: String(await getSetting(ctx, `labels.${noun}s`)),
      },
    ] as const);
  }
  return Object.fromEntries(entries) as Record<LabelNoun, { singular: string; plural: string }>;
}

/**
 * The branding the caller sees. A signed-in user under a partner (its staff and its tenants'
 * users) gets that partner's branding; anyone else signed in gets the platform's. Before sign-in,
 * the partner whose portal host name the request came in on, else the platform. Fields the partner
 * has not set come from the platform; logos come as a pair from the nearest organisation that has
 * any. Only the caller's own chain is ever read, so nothing of another partner can show.
 */
export async function effectiveBranding(ctx: PublicContext, hostname: string) {
  const db = ctx.app.db.kysely;
  const partnerId = ctx.actor
    ? ctx.actor.scope.partnerId
    : ((await findPartnerIdByHostname(db, hostname.toLowerCase())) ?? null);
  const platform = (await findBranding(db, PLATFORM_ORG_ID)) ?? emptyRow(PLATFORM_ORG_ID);
  const partner = partnerId ? await findBranding(db, partnerId) : undefined;
  const hasLogo = (row: BrandingRow | undefined) => row?.logo_light_id || row?.logo_dark_id;
  const logoSource = hasLogo(partner) ? partner! : platform;
  const light = logoSource.logo_light_id;
  const dark = logoSource.logo_dark_id ?? light;
  return {
    name: partner?.name ?? platform.name ?? DEFAULT_BRAND_NAME,
    primaryColor: partner?.primary_color ?? platform.primary_color ?? DEFAULT_PRIMARY_COLOR,
    logoLightUrl: light ? logoUrl(light) : dark ? logoUrl(dark) : null,
    logoDarkUrl: dark ? logoUrl(dark) : null,
    supportEmail: partner?.support_email ?? platform.support_email,
    supportUrl: partner?.support_url ?? platform.support_url,
    labels: await labels(ctx),
  };
}

/**
 * A logo's bytes, for anyone who has its URL (the sign-in page shows it before anyone signs in).
 * Logo ids carry 80 random bits, so a URL is only known to those shown the branding it belongs to.
 */
export async function getLogo(ctx: PublicContext, id: string) {
  const logo = await findServedLogo(ctx.app.db.kysely, id);
  if (!logo) throw AppError.notFound('Logo');
  return { contentType: logo.content_type, etag: `"${logo.sha256}"`, bytes: Buffer.from(logo.data) };
}

/**
 * What an invoice shows of the organisation that issues it, as set on that organisation (not
 * inherited): its brand name, its logo when it is one a PDF can embed (PNG or JPEG; the light
 * scheme's, else the dark one's) and, for a partner, its payment details. Read without a scope:
 * the caller (invoice rendering) has already decided the invoice may be seen, and an invoice of a
 * since deleted partner still shows that partner.
 */
export async function documentBranding(db: Kysely<Database>, orgId: string) {
  const row = await findBranding(db, orgId);
  let logo: { bytes: Buffer; contentType: 'image/png' | 'image/jpeg' } | null = null;
  for (const id of [row?.logo_light_id, row?.logo_dark_id]) {
    const image = id ? await logoImage(db, id) : undefined;
    if (image && image.contentType !== 'image/webp') {
      logo = { bytes: image.bytes, contentType: image.contentType };
      break;
    }
  }
  return { name: row?.name ?? null, logo, paymentDetails: row?.payment_details ?? null };
}

/**
 * The name a tenant's charges are issued under (issue 14: the issuer is the tenant's partner, else
 * the platform): the partner's brand name, else its organisation's name; with no partner, the
 * platform's brand name. `partnerId` is the partner of the chain that owns the period.
 */
export async function issuerName(db: Kysely<Database>, partnerId: string | null): Promise<string> {
  if (partnerId !== null) {
    const brand = (await findBranding(db, partnerId))?.name;
    if (brand) return brand;
    return (await findOrganisationSummary(db, partnerId)).name;
  }
  return (await findBranding(db, PLATFORM_ORG_ID))?.name ?? DEFAULT_BRAND_NAME;
}
