import { z } from 'zod';
import { entraDirectory, secretText, singleLineText } from '../../http/field-rules.ts';
import { listQueryFields, pageSchema } from '../../http/pagination.ts';
import { Name, optionalText, prefixedId } from '../shared.schema.ts';
import { RegionUsageHealth } from '../usage/usage-reads.schema.ts';
import { armEndpointProblem, cronProblem, isTimeZone } from './region-rules.ts';

export const RegionKind = z
  .enum(['azure_stack', 'import'])
  .describe(
    'azure_stack: an Azure Stack Hub stamp whose usage the CMS collects; import: a hybrid source fed by files and the API',
  );

export const IdentitySystem = z.enum(['entra', 'adfs']);

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** An Azure Stack subscription id: a GUID in either case, stored lower-case. */
export function azsSubscriptionId() {
  return z
    .string()
    .regex(GUID, 'A GUID such as 7d2c1a4e-5b3f-4e21-9c7a-1f0e8d6b2a90.')
    .transform((v) => v.toLowerCase());
}

/**
 * The admin ARM endpoint: https, or http on a loopback address (127.0.0.0/8, ::1, localhost) so a
 * local emulator can stand in for a stamp; in normal form, without credentials, query or fragment.
 * A path is allowed (one emulator serves several regions under their own base paths).
 */
const ArmEndpoint = z
  .string()
  .max(500)
  .superRefine((value, ctx) => {
    const problem = armEndpointProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((v) => v.replace(/\/+$/, ''))
  .meta({
    format: 'uri',
    description:
      'The admin ARM endpoint, e.g. https://adminmanagement.local.azurestack.external (https; http only on a loopback address)',
  });

const TimeZone = z
  .string()
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/, 'An IANA time zone such as Europe/London.')
  .refine(isTimeZone, 'Not a time zone this server knows; use an IANA name such as Europe/London.')
  // Stored as the runtime spells it ("europe/london" is Europe/London), so equal zones compare equal.
  .transform((v) => new Intl.DateTimeFormat('en-US', { timeZone: v }).resolvedOptions().timeZone)
  .describe('IANA time zone of the region: its local days, and the schedule, are in it');

const Schedule = z
  .string()
  .max(100)
  .regex(/^\S+(?: \S+){4}$/, 'Five fields separated by single spaces: minute hour day month weekday.')
  .superRefine((value, ctx) => {
    const problem = cronProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe(
    'When collection runs: a 5-field cron expression in the region’s time zone. Default "15 * * * *"',
  );

export const COLLECTION_WINDOW = { min: 1, max: 72, default: 6 } as const;
export const DEFAULT_SCHEDULE = '15 * * * *';

const CollectionWindowHours = z
  .number()
  .int()
  .min(COLLECTION_WINDOW.min)
  .max(COLLECTION_WINDOW.max)
  .describe(
    `Look-back hours re-scanned on every run for late records (${COLLECTION_WINDOW.min}–${COLLECTION_WINDOW.max}; default ${COLLECTION_WINDOW.default})`,
  );

const DirectoryTenant = entraDirectory().describe(
  'The directory tenant that deployed the stamp (GUID or domain); required when the stamp uses Microsoft Entra ID',
);

const ClientSecret = secretText(1000)
  .min(1)
  .describe(
    'Write-only: stored encrypted and never returned (see clientSecretSet). On update, leave it out (or send "********") to keep it',
  );

const ProviderSubscriptionId = azsSubscriptionId().describe(
  'The Default Provider Subscription; discovered with GET /subscriptions on the admin endpoint when not given',
);

export const Region = z
  .object({
    id: z.string(),
    kind: RegionKind,
    name: z.string(),
    description: z.string().nullable(),
    armEndpoint: z.string().nullable().describe('null on import sources'),
    identitySystem: IdentitySystem.nullable().describe(
      'Discovered from the metadata endpoint when saved; null on import sources',
    ),
    directoryTenant: z.string().nullable(),
    clientId: z.string().nullable(),
    clientSecretSet: z
      .boolean()
      .describe('Whether a client secret is stored; the secret itself is never returned'),
    providerSubscriptionId: z.string().nullable(),
    timeZone: z.string(),
    timeZoneLocked: z
      .boolean()
      .describe('The region has usage: its time zone can no longer change (its local days are fixed)'),
    collectionWindowHours: z.number().int().nullable().describe('null on import sources'),
    schedule: z.string().nullable().describe('null on import sources'),
    enabled: z.boolean().describe('Collected on its schedule; always false on import sources'),
    lastRunAt: z.string().nullable(),
    lastSuccessAt: z.string().nullable(),
    lastError: z.string().nullable(),
    lastErrorAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Region' });

export const RegionPage = pageSchema(Region);

/**
 * One shape for both kinds (the kind decides which fields apply; a field of the other kind is a
 * 422 naming it), so that a client builds one form.
 */
export const RegionCreate = z.strictObject({
  kind: RegionKind,
  name: Name,
  description: optionalText(1000),
  timeZone: TimeZone,
  armEndpoint: ArmEndpoint.optional().describe('azure_stack: required'),
  directoryTenant: DirectoryTenant.optional(),
  clientId: singleLineText(200).min(1).optional().describe('azure_stack: required; the service principal'),
  clientSecret: ClientSecret.optional().describe('azure_stack: required; write-only'),
  providerSubscriptionId: ProviderSubscriptionId.optional(),
  collectionWindowHours: CollectionWindowHours.optional(),
  schedule: Schedule.optional(),
  enabled: z.boolean().optional().describe('azure_stack: collect on the schedule (default true)'),
});

export const RegionUpdate = z.strictObject({
  name: Name.optional(),
  description: optionalText(1000),
  timeZone: TimeZone.optional().describe('Locked (422) once the region has usage'),
  armEndpoint: ArmEndpoint.optional(),
  directoryTenant: DirectoryTenant.nullable().optional().describe('null clears it (AD FS stamps need none)'),
  clientId: singleLineText(200).min(1).optional(),
  clientSecret: ClientSecret.optional(),
  providerSubscriptionId: ProviderSubscriptionId.nullable()
    .optional()
    .describe('null discovers it again with GET /subscriptions'),
  collectionWindowHours: CollectionWindowHours.optional(),
  schedule: Schedule.optional(),
  enabled: z.boolean().optional(),
});

export const RegionListQuery = z.strictObject({
  ...listQueryFields(['name', 'createdAt']),
  kind: RegionKind.optional(),
});

export const RegionParams = z.strictObject({ id: prefixedId('reg') });

const StepName = z.enum(['metadata', 'token', 'usage', 'admin']);

export const ConnectionTest = z
  .object({
    ok: z.boolean().describe('Every step succeeded'),
    identitySystem: IdentitySystem.nullable().describe(
      'What the metadata endpoint announced; null if it failed',
    ),
    providerSubscriptionId: z
      .string()
      .nullable()
      .describe('The provider subscription used (given or discovered); null if it could not be found'),
    steps: z.array(
      z.object({
        step: StepName.describe(
          'metadata: the anonymous metadata endpoint; token: a token for the service principal; usage: the provider usage API; admin: the subscriptions admin API',
        ),
        status: z.enum(['ok', 'error', 'skipped']).describe('skipped: an earlier step failed'),
        message: z.string().describe('What happened, in words for the operator'),
      }),
    ),
  })
  .meta({ id: 'RegionConnectionTest' });

export const RegionHealth = z
  .object({
    regionId: z.string(),
    kind: RegionKind,
    enabled: z.boolean(),
    lastRunAt: z.string().nullable(),
    lastSuccessAt: z.string().nullable(),
    lastError: z.string().nullable(),
    lastErrorAt: z.string().nullable(),
    nextRunAt: z.string().nullable().describe('The next scheduled collection; null when none is scheduled'),
    failedJobs: z.object({
      count: z.number().int().describe("Failed jobs of the region's collection"),
      latest: z.array(
        z.object({ id: z.string(), failedAt: z.string().nullable(), error: z.string().nullable() }),
      ),
    }),
    usage: RegionUsageHealth,
  })
  .meta({ id: 'RegionHealth' });
