import { z } from 'zod';

const Count = z.number().int().nullable();

export const Overview = z
  .object({
    counts: z
      .object({
        distributors: Count,
        partners: Count,
        tenants: Count,
        subscriptions: Count,
        users: Count,
      })
      .describe('How many the caller can see of each kind; null where the caller may not list them'),
    subscriptionsByStatus: z
      .object({ active: z.number().int(), suspended: z.number().int(), cancelled: z.number().int() })
      .nullable()
      .describe("The caller's subscriptions by status; null where the caller may not list them"),
    alerts: z
      .object({
        open: z.number().int().describe('Unresolved alerts nobody has acknowledged'),
        acknowledged: z.number().int().describe('Unresolved alerts someone has acknowledged'),
        openCritical: z.number().int().describe('Of the open ones, how many are critical'),
      })
      .nullable()
      .describe('The unresolved alerts the caller can see; null where the caller may not list alerts'),
  })
  .meta({ id: 'Overview' });
