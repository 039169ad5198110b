import { defineRoute } from '../../http/route.ts';
import { StorageConnectionTest } from './document-storage.schema.ts';
import { testDocumentStorage } from './document-storage.service.ts';

export const documentStorageRoutes = [
  defineRoute({
    id: 'documentStorage.test',
    method: 'POST',
    path: '/api/v1/document-storage/test',
    tag: 'Settings',
    summary: 'Test the saved Azure Storage connection of "Store Invoices In Azure Storage"',
    description:
      'With the saved settings (whether or not storage is switched on): the container is reached (created private ' +
      'when missing), a small probe blob is written, read back and deleted. Each step reports ok or error in words ' +
      'for the operator; always 200 (the outcome is in the body). Writes nothing in the CMS.',
    response: { status: 200, description: 'Each step and its outcome', schema: StorageConnectionTest },
    handler: ({ ctx }) => testDocumentStorage(ctx),
  }),
];
