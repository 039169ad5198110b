import { z } from 'zod';
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
