import type { Scope } from '../../context.ts';
import type { OrganisationRow } from '../../db/schema.ts';

/**
 * The API view of an organisation. Ids of the levels above the viewer are left out: a partner
 * is not told its distributor's id and a tenant learns nothing of its upstream chain.
 */
interface Contact {
  name: string | null;
  email: string | null;
  phone: string | null;
}

export interface OrganisationView {
  id: string;
  name: string;
  contact: Contact;
  billingContact: Contact;
  address: {
    line1: string | null;
    line2: string | null;
    city: string | null;
    region: string | null;
    postalCode: string | null;
    country: string | null;
  };
  currency: string;
  createdAt: string;
  updatedAt: string;
  distributorId?: string;
  partnerId?: string;
  directoryId?: string | null;
  billingMode?: 'chargeback' | 'showback';
  paymentTermsDays?: number | null;
  taxProfileId?: string | null;
}

/** The columns the view is made of: lists select only these (fewer values to read per row). */
export const PRESENTED_COLUMNS = [
  'id',
  'kind',
  'name',
  'contact_name',
  'contact_email',
  'contact_phone',
  'billing_contact_name',
  'billing_email',
  'billing_phone',
  'address_line1',
  'address_line2',
  'city',
  'region',
  'postal_code',
  'country',
  'currency',
  'created_at',
  'updated_at',
  'distributor_id',
  'partner_id',
  'directory_id',
  'billing_mode',
  'payment_terms_days',
  'tax_profile_id',
] as const satisfies readonly (keyof OrganisationRow)[];

export type PresentedOrganisation = Pick<OrganisationRow, (typeof PRESENTED_COLUMNS)[number]>;

export function presentOrganisation(row: PresentedOrganisation, viewer: Scope): OrganisationView {
  // One object literal, fields assigned in place: this runs for every row of every list page,
  // and spreading intermediate objects cost more than the query (bench/api.ts).
  const view: OrganisationView = {
    id: row.id,
    name: row.name,
    contact: { name: row.contact_name, email: row.contact_email, phone: row.contact_phone },
    billingContact: { name: row.billing_contact_name, email: row.billing_email, phone: row.billing_phone },
    address: {
      line1: row.address_line1,
      line2: row.address_line2,
      city: row.city,
      region: row.region,
      postalCode: row.postal_code,
      country: row.country,
    },
    currency: row.currency,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (viewer.level === 'platform' && row.kind !== 'distributor' && row.distributor_id) {
    view.distributorId = row.distributor_id;
  }
  if (
    (viewer.level === 'platform' || viewer.level === 'distributor') &&
    row.kind === 'tenant' &&
    row.partner_id
  ) {
    view.partnerId = row.partner_id;
  }
  if (row.kind === 'tenant') {
    view.directoryId = row.directory_id;
    view.billingMode = row.billing_mode ?? 'chargeback';
    view.paymentTermsDays = row.payment_terms_days;
    // Tax profiles are the platform's: below it they do not exist.
    if (viewer.level === 'platform') view.taxProfileId = row.tax_profile_id;
  }
  return view;
}

/** What an audit row records of an organisation (no chain ids of other branches). */
export function auditOrganisation(row: OrganisationRow) {
  const { created_at: _c, updated_at: _u, deleted_at: _d, name_key: _n, ...rest } = row;
  return rest;
}
