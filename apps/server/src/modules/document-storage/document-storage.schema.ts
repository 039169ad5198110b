import { z } from 'zod';

export const StorageConnectionTest = z
  .object({
    ok: z.boolean().describe('Every step succeeded'),
    container: z.string().nullable().describe('The container tested; null when the settings name none'),
    steps: z.array(
      z.object({
        step: z
          .enum(['settings', 'container', 'write', 'read', 'delete'])
          .describe(
            'settings: the saved connection is complete and its key readable; container: reachable and private (created private when missing); write, read, delete: a small probe blob',
          ),
        status: z
          .enum(['ok', 'error', 'skipped'])
          .describe('skipped: an earlier step failed (the delete still runs when the probe was written)'),
        message: z.string().describe('What happened, in words for the operator'),
      }),
    ),
  })
  .meta({ id: 'StorageConnectionTest' });
