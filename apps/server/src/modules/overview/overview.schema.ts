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
  })
  .meta({ id: 'Overview' });
