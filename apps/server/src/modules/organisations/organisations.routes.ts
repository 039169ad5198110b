import type { z } from 'zod';
import type { RequestContext } from '../../context.ts';
import { type AnyRoute, defineRoute } from '../../http/route.ts';
import * as S from './organisations.schema.ts';
import {
  createOrganisation,
  deleteOrganisation,
  exportOrganisationsCsv,
  getOrganisation,
  isOrganisationVisible,
  listOrganisations,
  moveOrganisation,
  updateOrganisation,
} from './organisations.service.ts';

interface KindSpec {
  kind: 'distributor' | 'partner' | 'tenant';
  plural: 'distributors' | 'partners' | 'tenants';
  tag: string;
  view: z.ZodType;
  page: z.ZodType;
  listQuery: z.ZodObject;
  exportQuery: z.ZodObject;
  create: z.ZodObject;
  update: z.ZodObject;
  params: z.ZodObject<{ id: z.ZodString }>;
}

/** The five operations every level of the hierarchy has; only the schemas differ. */
function hierarchyRoutes(spec: KindSpec): AnyRoute[] {
  const { kind, plural, tag } = spec;
  const base = `/api/v1/${plural}`;
  const target = (ctx: RequestContext, params: { id: string }) => isOrganisationVisible(ctx, kind, params.id);
  return [
    defineRoute({
      id: `${plural}.list`,
      method: 'GET',
      path: base,
      tag,
      summary: `${tag} within your scope`,
      query: spec.listQuery,
      response: { status: 200, description: `A page of ${plural}`, schema: spec.page },
      cached: true,
      handler: ({ ctx, query }) => {
        const { includeTotal, q, distributorId, partnerId, ...page } = query as {
          limit: number;
          cursor?: string;
          sort: string;
          includeTotal: 'true' | 'false';
          q?: string;
          distributorId?: string;
          partnerId?: string;
        };
        return listOrganisations(
          ctx,
          kind,
          { q, distributorId, partnerId },
          { ...page, includeTotal: includeTotal === 'true' },
        );
      },
    }),
    defineRoute({
      id: `${plural}.export`,
      method: 'GET',
      path: `${base}.csv`,
      tag,
      summary: `Export ${plural} within your scope as CSV (the whole filtered list, in the list's order)`,
      query: spec.exportQuery,
      response: {
        status: 200,
        description: `CSV, one ${kind} per line; cells that a spreadsheet would run as a formula start with '`,
        contentType: 'text/csv; charset=utf-8',
      },
      handler: ({ ctx, query, reply }) => {
        const { q, sort, distributorId, partnerId } = query as {
          q?: string;
          sort: string;
          distributorId?: string;
          partnerId?: string;
        };
        reply.header('content-disposition', `attachment; filename="${plural}.csv"`);
        return exportOrganisationsCsv(ctx, kind, { q, distributorId, partnerId }, sort);
      },
    }),
    defineRoute({
      id: `${plural}.get`,
      method: 'GET',
      path: `${base}/:id`,
      tag,
      summary: `One ${kind} with its administrators`,
      params: spec.params,
      response: { status: 200, description: `The ${kind}`, schema: spec.view },
      handler: ({ ctx, params }) => getOrganisation(ctx, kind, params.id),
    }),
    defineRoute({
      id: `${plural}.create`,
      method: 'POST',
      path: base,
      tag,
      summary: `Create a ${kind} together with its administrator(s)`,
      body: spec.create,
      idempotent: true,
      response: { status: 201, description: `The new ${kind}`, schema: spec.view },
      handler: ({ ctx, body }) => createOrganisation(ctx, kind, body as never),
    }),
    defineRoute({
      id: `${plural}.update`,
      method: 'PATCH',
      path: `${base}/:id`,
      tag,
      summary: `Update a ${kind}'s details or add administrators`,
      params: spec.params,
      body: spec.update,
      target,
      response: { status: 200, description: `The ${kind} after the change`, schema: spec.view },
      handler: ({ ctx, params, body }) => updateOrganisation(ctx, kind, params.id, body as never),
    }),
    defineRoute({
      id: `${plural}.delete`,
      method: 'DELETE',
      path: `${base}/:id`,
      tag,
      summary: `Delete a ${kind} (refused while it has children or subscriptions; soft, history kept)`,
      params: spec.params,
      target,
      response: { status: 204, description: 'Deleted' },
      handler: async ({ ctx, params }) => {
        await deleteOrganisation(ctx, kind, params.id);
        return undefined;
      },
    }),
  ];
}

export const organisationRoutes: AnyRoute[] = [
  ...hierarchyRoutes({
    kind: 'distributor',
    plural: 'distributors',
    tag: 'Distributors',
    view: S.Distributor,
    page: S.DistributorPage,
    listQuery: S.DistributorListQuery,
    exportQuery: S.DistributorExportQuery,
    create: S.DistributorCreate,
    update: S.DistributorUpdate,
    params: S.DistributorParams,
  }),
  ...hierarchyRoutes({
    kind: 'partner',
    plural: 'partners',
    tag: 'Partners',
    view: S.Partner,
    page: S.PartnerPage,
    listQuery: S.PartnerListQuery,
    exportQuery: S.PartnerExportQuery,
    create: S.PartnerCreate,
    update: S.PartnerUpdate,
    params: S.PartnerParams,
  }),
  defineRoute({
    id: 'partners.move',
    method: 'POST',
    path: '/api/v1/partners/:id/move',
    tag: 'Partners',
    summary: 'Move a partner (with its tenants) to another distributor',
    params: S.PartnerParams,
    body: S.PartnerMove,
    target: (ctx, params) => isOrganisationVisible(ctx, 'partner', params.id),
    response: { status: 200, description: 'The partner after the move', schema: S.Partner },
    handler: async ({ ctx, params, body }) =>
      (await moveOrganisation(ctx, 'partner', params.id, body.distributorId)) as never,
  }),
  ...hierarchyRoutes({
    kind: 'tenant',
    plural: 'tenants',
    tag: 'Tenants',
    view: S.Tenant,
    page: S.TenantPage,
    listQuery: S.TenantListQuery,
    exportQuery: S.TenantExportQuery,
    create: S.TenantCreate,
    update: S.TenantUpdate,
    params: S.TenantParams,
  }),
  defineRoute({
    id: 'tenants.move',
    method: 'POST',
    path: '/api/v1/tenants/:id/move',
    tag: 'Tenants',
    summary: 'Move a tenant (with its subscriptions and users) to another partner',
    params: S.TenantParams,
    body: S.TenantMove,
    target: (ctx, params) => isOrganisationVisible(ctx, 'tenant', params.id),
    response: { status: 200, description: 'The tenant after the move', schema: S.Tenant },
    handler: async ({ ctx, params, body }) =>
      (await moveOrganisation(ctx, 'tenant', params.id, body.partnerId)) as never,
  }),
];
