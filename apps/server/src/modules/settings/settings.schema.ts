import { z } from 'zod';

const SettingValue = z.union([z.boolean(), z.string(), z.number()]);

export const SettingsDocument = z
  .object({
    groups: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        settings: z.array(
          z.object({
            key: z.string(),
            label: z.string(),
            description: z.string(),
            type: z
              .enum(['boolean', 'colour', 'currency', 'decimal', 'integer', 'string', 'secret', 'image'])
              .describe('colour: a string "#rrggbb"; the other types by their names'),
            value: SettingValue.describe(
              'For a secret: "********" when set, "" when not; never the value. For an image: its logo id ' +
                '(served at /api/v1/branding/logos/{id}), "" when none; change it with ' +
                '{ "contentType": "image/png" or "image/jpeg", "data": base64 }, "" to remove it, the id to keep it',
            ),
            defaultValue: SettingValue,
            options: z.array(z.string()).optional(),
            references: z
              .enum(['tenant', 'taxProfile'])
              .optional()
              .describe('The value is the id of a live object of this kind, or "" for none'),
            updatedAt: z.string().nullable(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'Settings' });

export const SettingsUpdate = z.strictObject({
  values: z
    .record(z.string().max(100), z.unknown())
    .refine((v) => Object.keys(v).length > 0, 'Give at least one setting.')
    .meta({ minProperties: 1 })
    .describe('Setting key → new value; every value is validated before any is written'),
});
