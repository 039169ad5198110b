import type { AppContext } from '../../context.ts';
import { AppError } from '../../http/errors.ts';
import { type AzureStackClient, AzureStackError } from '../../integrations/azure-stack/index.ts';
import { adminClientForRegion } from '../regions/regions.service.ts';

/**
 * A write through to the region: the region is asked first and the CMS stores only its answer.
 * What the region says becomes a problem naming the field the operator fixes:
 * - it refuses the request (400, or 409 on a write) → 422 on `field`, with the stamp's message;
 * - it refuses a delete because something uses the object (409) → 409 has_dependents;
 * - it cannot be reached, refuses the CMS's credentials or answers with a server error → 503
 *   not_ready: nothing was changed on the CMS's side, try again.
 */
export async function onRegion<T>(
  app: AppContext,
  regionId: string,
  options: { field: (message: string) => string; deleting?: boolean },
  call: (client: AzureStackClient) => Promise<T>,
): Promise<T> {
  const client = await adminClientForRegion(app, regionId);
  try {
    return await call(client);
  } catch (error) {
    if (!(error instanceof AzureStackError)) throw error;
    throw regionProblem(error, options);
  }
}

export function regionProblem(
  error: AzureStackError,
  options: { field: (message: string) => string; deleting?: boolean },
): AppError {
  if (error.kind === 'conflict' && options.deleting) {
    return new AppError('has_dependents', `The region refused the delete: ${error.message}`);
  }
  if (error.kind === 'bad-request' || error.kind === 'conflict' || error.kind === 'not-found') {
    return AppError.invalidField(
      options.field(error.message),
      `The region refused it: ${error.message}`,
      'invalid_request',
    );
  }
  return new AppError(
    'not_ready',
    `The region could not take the change, so nothing was changed: ${error.message}`,
  );
}
