import { z } from 'zod';
import { singleLineText } from '../../http/field-rules.ts';
import { listQueryFields, pageSchema } from '../../http/pagination.ts';
import { prefixedId } from '../shared.schema.ts';
import { AZURE_STACK_CATALOG } from './meters.catalog.ts';
import { METER_ID_INPUT } from './meters.ids.ts';

export const Meter = z
  .object({
    catalog: z.string().describe("'azure-stack', or the import source's region id"),
    meterId: z.string().describe('Normalised: lower case; a GUID without dashes or braces'),
    name: z.string(),
    unit: z.string(),
    category: z.string().nullable(),
    informational: z.boolean().describe('Collected and shown, never priced, never flagged as unpriced'),
    monthFraction: z.boolean().describe('Reported as a fraction of the UTC month, stored in hours'),
    deprecated: z.boolean(),
    source: z.enum(['seed', 'api']),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Meter' });

export const MeterPage = pageSchema(Meter);

export const MeterListQuery = z.strictObject({
  ...listQueryFields(['meterId', 'name']),
  catalog: z
    .union([z.literal(AZURE_STACK_CATALOG), prefixedId('reg')])
    .default(AZURE_STACK_CATALOG)
    .describe("'azure-stack' (default) or an import source's region id"),
});

const MeterIdInput = z
  .string()
  .regex(
    METER_ID_INPUT,
    'Letters, digits and . _ : - (starting with a letter or digit), or a GUID; at most 100.',
  )
  .describe('Stored lower-cased; a GUID without dashes or braces');

export const MeterCreate = z.strictObject({
  meterId: MeterIdInput,
  name: singleLineText(200).min(1, 'Required.'),
  unit: singleLineText(100).min(1, 'Required.'),
  informational: z.boolean().default(false),
});

export const MeterUpdate = z.strictObject({
  name: singleLineText(200).min(1, 'Required.').optional(),
  unit: singleLineText(100).min(1, 'Required.').optional(),
  informational: z.boolean().optional(),
});

export const RegionMeterParams = z.strictObject({
  id: prefixedId('reg'),
  meterId: MeterIdInput,
});

export const RegionIdParams = z.strictObject({ id: prefixedId('reg') });
