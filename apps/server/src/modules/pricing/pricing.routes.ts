import type { RequestContext } from '../../context.ts';
import { defineRoute } from '../../http/route.ts';
import { exportVersionCsv, importVersionCsv } from './price-csv.service.ts';
import {
  ActivationResult,
  ImportBody,
  ImportQuery,
  ImportResult,
  ItemCreate,
  ItemParams,
  ItemUpdate,
  PRICE_CSV_LIMITS,
  PriceItem,
  PriceList,
  PriceListChildParams,
  PriceListClone,
  PriceListCreate,
  PriceListListQuery,
  PriceListPage,
  PriceListParams,
  PriceListUpdate,
  PriceListVersion,
  VersionChildParams,
  VersionCreate,
  VersionParams,
  VersionUpdate,
} from './pricing.schema.ts';
import {
  activateVersion,
  clonePriceList,
  createItem,
  createPriceList,
  createVersion,
  deleteItem,
  deletePriceList,
  deleteVersion,
  getPriceList,
  getVersion,
  isItemVisible,
  isListVisible,
  isVersionVisible,
  listPriceLists,
  updateItem,
  updatePriceList,
  updateVersion,
} from './pricing.service.ts';

const TAG = 'Pricing';

const listVisible = (ctx: RequestContext, params: { id: string }) => isListVisible(ctx, params.id);
const versionVisible = (ctx: RequestContext, params: { id: string }) => isVersionVisible(ctx, params.id);
const itemVisible = (ctx: RequestContext, params: { id: string }) => isItemVisible(ctx, params.id);

const IN_PLACE =
  'A draft changes freely. An active or superseded version changes in place only while no closed ' +
  '(invoiced) period used it; otherwise 409: create a new version.';

export const pricingRoutes = [
  defineRoute({
    id: 'priceLists.list',
    method: 'GET',
    path: '/api/v1/price-lists',
    tag: TAG,
    summary: 'Price lists of regions, tenants and subscriptions (platform users)',
    query: PriceListListQuery,
    response: { status: 200, description: 'A page of price lists', schema: PriceListPage },
    handler: ({ ctx, query: { scopeType, regionId, tenantId, q, includeTotal, ...page } }) =>
      listPriceLists(
        ctx,
        { scopeType, regionId, tenantId, q },
        { ...page, includeTotal: includeTotal === 'true' },
      ),
  }),
  defineRoute({
    id: 'priceLists.get',
    method: 'GET',
    path: '/api/v1/price-lists/:id',
    tag: TAG,
    summary: 'One price list with its versions',
    params: PriceListParams,
    response: { status: 200, description: 'The price list', schema: PriceList },
    handler: ({ ctx, params }) => getPriceList(ctx, params.id),
  }),
  defineRoute({
    id: 'priceLists.create',
    method: 'POST',
    path: '/api/v1/price-lists',
    tag: TAG,
    summary: 'Create a price list for a region, a tenant or one subscription (an override)',
    description:
      'One list per scope (409 naming the scope field otherwise). A subscription override is in its ' +
      "tenant's currency. The list starts without versions: add a draft, its items, then activate it.",
    body: PriceListCreate,
    idempotent: true,
    response: { status: 201, description: 'The new price list', schema: PriceList },
    handler: ({ ctx, body }) => createPriceList(ctx, body),
  }),
  defineRoute({
    id: 'priceLists.update',
    method: 'PATCH',
    path: '/api/v1/price-lists/:id',
    tag: TAG,
    summary: "Change a price list's name, description or (before any activation) currency",
    params: PriceListParams,
    body: PriceListUpdate,
    target: listVisible,
    response: { status: 200, description: 'The price list after the change', schema: PriceList },
    handler: ({ ctx, params, body }) => updatePriceList(ctx, params.id, body),
  }),
  defineRoute({
    id: 'priceLists.delete',
    method: 'DELETE',
    path: '/api/v1/price-lists/:id',
    tag: TAG,
    summary: 'Delete a price list that prices nothing (409 while it does)',
    description:
      'Refused while rated lines name the list, or while an activated version of it takes effect by ' +
      'the current month and its scope has usage this month (the next rating would use it).',
    params: PriceListParams,
    target: listVisible,
    response: { status: 204, description: 'Deleted with its versions and items' },
    handler: async ({ ctx, params }) => {
      await deletePriceList(ctx, params.id);
      return undefined;
    },
  }),
  defineRoute({
    id: 'priceLists.clone',
    method: 'POST',
    path: '/api/v1/price-lists/:listId/clones',
    tag: TAG,
    summary: 'Clone a price list into a new list of another scope',
    description:
      'Copies every version (numbers, states and months kept) or only `versionId` (as a draft, version 1). ' +
      "The target scope must have no list yet; the currency defaults to the source's.",
    params: PriceListChildParams,
    body: PriceListClone,
    target: (ctx, params) => isListVisible(ctx, params.listId),
    idempotent: true,
    response: { status: 201, description: 'The new price list', schema: PriceList },
    handler: ({ ctx, params, body }) => clonePriceList(ctx, params.listId, body),
  }),
  defineRoute({
    id: 'priceListVersions.create',
    method: 'POST',
    path: '/api/v1/price-lists/:listId/versions',
    tag: TAG,
    summary: 'Add a draft version, empty or a copy of another version of the list',
    params: PriceListChildParams,
    body: VersionCreate,
    target: (ctx, params) => isListVisible(ctx, params.listId),
    idempotent: true,
    response: { status: 201, description: 'The new draft', schema: PriceListVersion },
    handler: ({ ctx, params, body }) => createVersion(ctx, params.listId, body),
  }),
  defineRoute({
    id: 'priceListVersions.get',
    method: 'GET',
    path: '/api/v1/price-list-versions/:id',
    tag: TAG,
    summary: 'One version with its items and their tiers',
    params: VersionParams,
    response: { status: 200, description: 'The version', schema: PriceListVersion },
    handler: ({ ctx, params }) => getVersion(ctx, params.id),
  }),
  defineRoute({
    id: 'priceListVersions.update',
    method: 'PATCH',
    path: '/api/v1/price-list-versions/:id',
    tag: TAG,
    summary: "Change a version's effective month (drafts) or notes",
    params: VersionParams,
    body: VersionUpdate,
    target: versionVisible,
    response: { status: 200, description: 'The version after the change', schema: PriceListVersion },
    handler: ({ ctx, params, body }) => updateVersion(ctx, params.id, body),
  }),
  defineRoute({
    id: 'priceListVersions.delete',
    method: 'DELETE',
    path: '/api/v1/price-list-versions/:id',
    tag: TAG,
    summary: 'Delete a draft version (409 for an activated one)',
    params: VersionParams,
    target: versionVisible,
    response: { status: 204, description: 'Deleted with its items' },
    handler: async ({ ctx, params }) => {
      await deleteVersion(ctx, params.id);
      return undefined;
    },
  }),
  defineRoute({
    id: 'priceListVersions.activate',
    method: 'POST',
    path: '/api/v1/price-list-versions/:id/activation',
    tag: TAG,
    summary: 'Activate a draft: it becomes active and the previous active version superseded',
    description:
      "The superseded version still rates the months before the new one's effective month. Refused (409) " +
      "for a version that is not a draft, an effective month before the active version's, or one at or " +
      "before a closed period of the list's scope. Two activations of one list run one after the other.",
    params: VersionParams,
    target: versionVisible,
    response: {
      status: 200,
      description: 'The activated version and the one it superseded',
      schema: ActivationResult,
    },
    handler: ({ ctx, params }) => activateVersion(ctx, params.id),
  }),
  defineRoute({
    id: 'priceListVersions.export',
    method: 'GET',
    path: '/api/v1/price-list-versions/:id/items.csv',
    tag: TAG,
    summary: "A version's items as CSV (the import's format, docs/pricing.md)",
    params: VersionParams,
    response: {
      status: 200,
      description:
        "CSV: meter_id, sku, price_unit, pricing, rate, tiers (from-to:rate|…), description; cells a spreadsheet would run as a formula start with '",
      contentType: 'text/csv; charset=utf-8',
    },
    handler: async ({ ctx, params, reply }) => {
      const csv = await exportVersionCsv(ctx, params.id);
      reply.header('content-disposition', `attachment; filename="${params.id}.csv"`);
      return csv;
    },
  }),
  defineRoute({
    id: 'priceListVersions.import',
    method: 'POST',
    path: '/api/v1/price-list-versions/:id/items-import',
    tag: TAG,
    summary: "Update a draft's items from CSV (dryRun=true, the default, only reports the changes)",
    description:
      'Update-only: each line names an existing item by meter_id and sku; a line for an item the version ' +
      'lacks is an error, never a new item. dryRun=true answers the changes (item, field, old, new) and ' +
      'the errors per line and writes nothing; dryRun=false applies exactly those changes in one ' +
      'transaction, or answers 422 listing the errors (row = CSV line) and changes nothing.',
    params: VersionParams,
    query: ImportQuery,
    body: ImportBody,
    target: versionVisible,
    bodyLimit: PRICE_CSV_LIMITS.bodyLimitBytes,
    response: {
      status: 200,
      description: 'The changes, and whether they were applied',
      schema: ImportResult,
    },
    handler: ({ ctx, params, query, body }) =>
      importVersionCsv(ctx, params.id, body.content, query.dryRun === 'true'),
  }),
  defineRoute({
    id: 'priceItems.create',
    method: 'POST',
    path: '/api/v1/price-list-versions/:versionId/items',
    tag: TAG,
    summary: 'Add an item to a version: a meter (and SKU) with a flat rate or tiers',
    description: `${IN_PLACE} The meter must be in the list's catalog; "month" is for hour-metered meters. Tiers: the first from 0, each next from the previous to, the last open-ended (422 naming \`body.tiers[i].field\`).`,
    params: VersionChildParams,
    body: ItemCreate,
    target: (ctx, params) => isVersionVisible(ctx, params.versionId),
    idempotent: true,
    response: { status: 201, description: 'The new item', schema: PriceItem },
    handler: ({ ctx, params, body }) => createItem(ctx, params.versionId, body),
  }),
  defineRoute({
    id: 'priceItems.update',
    method: 'PATCH',
    path: '/api/v1/price-items/:id',
    tag: TAG,
    summary: "Change an item's SKU, price unit, pricing, rate, tiers or description",
    description: `${IN_PLACE} Switching to flat drops the tiers; switching to tiers needs them.`,
    params: ItemParams,
    body: ItemUpdate,
    target: itemVisible,
    response: { status: 200, description: 'The item after the change', schema: PriceItem },
    handler: ({ ctx, params, body }) => updateItem(ctx, params.id, body),
  }),
  defineRoute({
    id: 'priceItems.delete',
    method: 'DELETE',
    path: '/api/v1/price-items/:id',
    tag: TAG,
    summary: 'Remove an item from its version',
    description: IN_PLACE,
    params: ItemParams,
    target: itemVisible,
    response: { status: 204, description: 'Removed' },
    handler: async ({ ctx, params }) => {
      await deleteItem(ctx, params.id);
      return undefined;
    },
  }),
];
