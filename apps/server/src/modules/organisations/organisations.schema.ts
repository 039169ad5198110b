import { isCountryCode, isCurrencyCode } from '@cms/billing';
import { z } from 'zod';
import { optionalEntraDirectory } from '../../http/field-rules.ts';
import { listQueryFields, pageSchema } from '../../http/pagination.ts';
import { Email, Name, optionalText, Phone, prefixedId } from '../shared.schema.ts';
import { NewAdministratorFields } from '../users/activation.schema.ts';
import { NewPerson } from '../users/users.schema.ts';

const Currency = z.string().refine(isCurrencyCode, 'Must be an ISO 4217 currency code such as USD.');
const Country = z
  .string()
  .regex(/^[A-Z]{2}$/, { message: 'An ISO 3166-1 alpha-2 country code in capitals, e.g. AU.', abort: true })
  .refine(isCountryCode, 'Not an ISO 3166-1 country code; choose one such as AU or GB.')
  .describe('ISO 3166-1 alpha-2 country code')
  .nullable()
  .optional();

const ContactInput = z.strictObject({
  name: optionalText(200),
  email: Email.nullable().optional(),
  phone: Phone.nullable().optional(),
});
const AddressInput = z.strictObject({
  line1: optionalText(200),
  line2: optionalText(200),
  city: optionalText(100),
  region: optionalText(100),
  postalCode: optionalText(20),
  country: Country,
});

const commonCreate = {
  name: Name,
  contact: ContactInput.optional().describe('Main contact'),
  billingContact: ContactInput.optional().describe('Who receives invoices'),
  address: AddressInput.optional().describe('Billing postal address'),
  currency: Currency.optional().describe('Defaults to the Default Tenant Currency setting'),
  administrators: z
    .array(NewPerson)
    .min(1, 'Assign at least one administrator.')
    .max(10)
    .describe('Administrators created with the organisation'),
};

const commonUpdate = {
  name: Name.optional(),
  contact: ContactInput.optional(),
  billingContact: ContactInput.optional(),
  address: AddressInput.optional(),
  currency: Currency.optional(),
  addAdministrators: z
    .array(NewPerson)
    .max(10)
    .optional()
    .describe('New administrators to create and assign'),
};

const TenantFields = {
  directoryId: optionalEntraDirectory().describe('Microsoft Entra directory: tenant id (GUID) or domain'),
  billingMode: z
    .enum(['chargeback', 'showback'])
    .optional()
    .describe('chargeback: invoices; showback: statements'),
  paymentTermsDays: z
    .number()
    .int('Whole days only.')
    .min(0, 'Must be 0 days or more.')
    .max(365, 'At most 365 days.')
    .nullable()
    .optional()
    .describe('null: platform default'),
  taxProfileId: prefixedId('txp')
    .nullable()
    .optional()
    .describe(
      'Its own tax profile (platform administrators only); null: the Default Tax Profile setting applies',
    ),
};

export const DistributorCreate = z.strictObject(commonCreate);
export const DistributorUpdate = z.strictObject(commonUpdate);
export const PartnerCreate = z.strictObject({
  ...commonCreate,
  distributorId: prefixedId('dst')
    .optional()
    .describe('Required for platform staff; defaults to your distributor'),
});
export const PartnerUpdate = z.strictObject(commonUpdate);
export const TenantCreate = z.strictObject({
  ...commonCreate,
  ...TenantFields,
  partnerId: prefixedId('ptn').optional().describe('Required above partner level; defaults to your partner'),
});
export const TenantUpdate = z.strictObject({ ...commonUpdate, ...TenantFields });

export const PartnerMove = z.strictObject({ distributorId: prefixedId('dst') });
export const TenantMove = z.strictObject({ partnerId: prefixedId('ptn') });

const Contact = z.object({
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
});
const Address = z.object({
  line1: z.string().nullable(),
  line2: z.string().nullable(),
  city: z.string().nullable(),
  region: z.string().nullable(),
  postalCode: z.string().nullable(),
  country: z.string().nullable(),
});
const Administrator = z.object({
  id: z.string(),
  email: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  ...NewAdministratorFields,
});

const commonView = {
  id: z.string(),
  name: z.string(),
  contact: Contact,
  billingContact: Contact,
  address: Address,
  currency: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  administrators: z.array(Administrator).optional().describe('Present on single-object responses'),
};

export const Distributor = z.object(commonView).meta({ id: 'Distributor' });
export const Partner = z
  .object({
    ...commonView,
    distributorId: z.string().optional().describe('Shown to platform staff'),
    distributorName: z.string().optional().describe('With distributorId, on single-object responses'),
  })
  .meta({ id: 'Partner' });
export const Tenant = z
  .object({
    ...commonView,
    distributorId: z.string().optional().describe('Shown to platform staff'),
    partnerId: z.string().optional().describe('Shown to distributor and platform staff'),
    partnerName: z.string().optional().describe('With partnerId, on single-object responses'),
    directoryId: z.string().nullable(),
    billingMode: z.enum(['chargeback', 'showback']),
    paymentTermsDays: z.number().int().nullable(),
    taxProfileId: z
      .string()
      .nullable()
      .optional()
      .describe('Shown to platform staff; null: the Default Tax Profile setting applies'),
  })
  .meta({ id: 'Tenant' });

export const DistributorPage = pageSchema(Distributor);
export const PartnerPage = pageSchema(Partner);
export const TenantPage = pageSchema(Tenant);

const listFields = listQueryFields(['name', 'createdAt']);
export const DistributorListQuery = z.strictObject(listFields);
export const PartnerListQuery = z.strictObject({
  ...listFields,
  distributorId: prefixedId('dst').optional(),
});
export const TenantListQuery = z.strictObject({
  ...listFields,
  distributorId: prefixedId('dst').optional(),
  partnerId: prefixedId('ptn').optional(),
});

/** The list's filters and order, without paging: an export is the whole filtered list. */
const { limit: _limit, cursor: _cursor, includeTotal: _includeTotal, ...exportFields } = listFields;
export const DistributorExportQuery = z.strictObject(exportFields);
export const PartnerExportQuery = z.strictObject({
  ...exportFields,
  distributorId: prefixedId('dst').optional(),
});
export const TenantExportQuery = z.strictObject({
  ...exportFields,
  distributorId: prefixedId('dst').optional(),
  partnerId: prefixedId('ptn').optional(),
});

export const DistributorParams = z.strictObject({ id: prefixedId('dst') });
export const PartnerParams = z.strictObject({ id: prefixedId('ptn') });
export const TenantParams = z.strictObject({ id: prefixedId('ten') });
