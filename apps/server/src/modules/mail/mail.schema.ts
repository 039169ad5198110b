import { z } from 'zod';
import { Email } from '../shared.schema.ts';

export const TestMailRequest = z
  .strictObject({
    to: Email.optional().describe("Where to send it; the signed-in user's own address when left out"),
  })
  .meta({ id: 'TestMailRequest' });

export const TestMailResult = z
  .object({
    to: z.string().describe('The address the mail server accepted the test e-mail for'),
  })
  .meta({ id: 'TestMailResult' });
