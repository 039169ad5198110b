import { z } from 'zod';
import { azsSubscriptionId } from '../regions/regions.schema.ts';
import { prefixedId } from '../shared.schema.ts';

const HeldChange = z.object({
  azsSubscriptionId: z.string(),
  meterId: z.string(),
  resourceUri: z.string(),
  usageStart: z.string(),
  period: z.string().describe("The closed period (the region's local month, YYYY-MM)"),
  oldQuantity: z.string().describe('Stored now (exact decimal)'),
  newQuantity: z.string().describe('What the re-pull brought (exact decimal)'),
});

export const HeldPull = z
  .object({
    window: z.string().describe('The reported window (UTC hour start)'),
    subscriberId: z.string().nullable().describe('The subscriber the pull named; null: the whole window'),
    recordCount: z.number().int(),
    pulledAt: z.string(),
    jobId: z.string().nullable(),
    changes: z.number().int().describe('Usage rows of closed periods the re-pull would remove or lower'),
    shown: z.array(HeldChange).describe('The first of those changes'),
  })
  .meta({ id: 'HeldPull' });

export const HeldPullList = z.object({ regionId: z.string(), items: z.array(HeldPull) });

export const HeldPullParams = z.strictObject({ id: prefixedId('reg') });

export const HeldPullConfirmation = z.strictObject({
  window: z.iso
    .datetime({ offset: true })
    .refine((text) => Date.parse(text) % 3_600_000 === 0, { message: 'Must be the start of an hour.' })
    .describe("The held pull's reported window, as listed"),
  subscriberId: azsSubscriptionId().optional().describe('As listed; absent for a whole-window pull'),
});

export const HeldPullConfirmationJob = z.object({
  id: z.string().describe('The usage.confirm-held-pull job; follow it with GET /api/v1/jobs/{id}'),
  status: z.string(),
  created: z.boolean().describe('false: the same confirmation was already queued or running'),
});
