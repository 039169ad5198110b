import type { RequestContext } from '../../context.ts';
import type { BillingMode } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { findOrganisationInScope, tenantsInScope } from '../organisations/organisations.service.ts';

/** The tenants a report covers: the one named (404 outside the caller's scope), else all in scope. */
export interface ReportTenant {
  id: string;
  name: string;
  currency: string;
  billingMode: BillingMode;
  distributorId: string | null;
  partnerId: string | null;
}

export async function reportTenants(
  ctx: RequestContext,
  tenantId: string | undefined,
): Promise<ReportTenant[]> {
  const db = ctx.app.db.kysely;
  const rows = tenantId
    ? [await findOrganisationInScope(db, ctx.actor.scope, tenantId, 'tenant')]
    : await tenantsInScope(db, ctx.actor.scope);
  if (rows[0] === undefined && tenantId) {
    throw new AppError('not_found', 'query.tenantId: No such tenant.', [
      { field: 'query.tenantId', message: 'No such tenant.' },
    ]);
  }
  return rows.flatMap((row) =>
    row
      ? [
          {
            id: row.id,
            name: row.name,
            currency: row.currency,
            billingMode: row.billing_mode ?? 'chargeback',
            distributorId: row.distributor_id,
            partnerId: row.partner_id,
          },
        ]
      : [],
  );
}
