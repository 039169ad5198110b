import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPlatformSubscription } from '../../src/integrations/azure-stack/admin-parse.ts';
import { identityFromMetadata } from '../../src/integrations/azure-stack/auth.ts';
import {
  parseUsagePage,
  quantityText,
  quoteNumbers,
  type UsageRecord,
} from '../../src/integrations/azure-stack/usage-parse.ts';

// The spec's example payloads (shared/specs/azure-stack-examples, copied beside the emulator).
const EXAMPLES = join(import.meta.dirname, '../../../azs-emulator/test/fixtures/azure-stack-examples');
const example = (name: string) => readFileSync(join(EXAMPLES, name), 'utf8');

const CONTOSO = 'a1f3c2d4-8e7b-4a6c-9d5e-2b1f0c3e4d5a';
const FABRIKAM = 'b7e4d9c1-2f6a-4b3e-8c1d-5a9f0e2b7c64';
const WEB01 = `/subscriptions/${CONTOSO}/resourcegroups/rg-web/providers/microsoft.compute/virtualmachines/web01`;
const APP01 = `/subscriptions/${CONTOSO}/resourcegroups/rg-app/providers/microsoft.compute/virtualmachines/app01`;
const DATA01 = `/subscriptions/${CONTOSO}/resourcegroups/rg-data/providers/microsoft.storage/storageaccounts/contosodata01`;
const DISK = `/subscriptions/${CONTOSO}/resourcegroups/rg-web/providers/microsoft.compute/disks/web01_osdisk_1_4f1c2b7d9e0a4c33b1d2e5f60718293a`;
const PIP = `/subscriptions/${CONTOSO}/resourcegroups/rg-web/providers/microsoft.network/publicipaddresses/web01-pip`;
const WEB01_INFO = {
  ServiceType: 'Standard_D2_v2',
  ImageType: null,
  Publisher: 'MicrosoftWindowsServer',
  Offer: 'WindowsServer',
  Sku: '2019-Datacenter',
};
const APP01_INFO = {
  ServiceType: 'Standard_F4s_v2',
  ImageType: null,
  Publisher: 'Canonical',
  Offer: 'UbuntuServer',
  Sku: '18.04-LTS',
};
const WEB01_TAGS = { costCenter: 'CC-1042', env: 'prod' };

type Shape = Omit<UsageRecord, 'resourceUriRaw' | 'location'>;
const shape = ({ resourceUriRaw: _raw, location, ...rest }: UsageRecord): Shape => {
  expect(location).toBe('westeu1');
  return rest;
};
const H23 = { usageStart: '2024-02-29T23:00:00Z', usageEnd: '2024-03-01T00:00:00Z' };
const H00 = { usageStart: '2024-03-01T00:00:00Z', usageEnd: '2024-03-01T01:00:00Z' };
const DAY = { usageStart: '2024-03-01T00:00:00Z', usageEnd: '2024-03-02T00:00:00Z' };
const plain = { sku: null, tags: null, additionalInfo: null };
const web01 = {
  subscriptionId: CONTOSO,
  resourceUri: WEB01,
  sku: 'Standard_D2_v2',
  tags: WEB01_TAGS,
  additionalInfo: WEB01_INFO,
};

describe('provider usage examples', () => {
  it('page 1: nine records normalised, the late one kept with its own usage hour, nextLink kept verbatim', () => {
    const text = example('provider-usage-hourly-page1.json');
    const page = parseUsagePage(text, 0);
    expect(page.problems).toEqual([]);
    expect(page.warnings).toEqual([]);
    expect(page.records.map(shape)).toEqual([
      {
        ...web01,
        ...H23,
        meterId: '6dab500fa4fd49c4956d229bb9c8c793',
        meterIdRaw: '6dab500f-a4fd-49c4-956d-229bb9c8c793',
        quantity: '1.0',
      },
      {
        ...web01,
        ...H23,
        meterId: '9cd92d4cbafd4492b278bedc2de8232a',
        meterIdRaw: '9cd92d4c-bafd-4492-b278-bedc2de8232a',
        quantity: '2.0',
      },
      // tags "null" (the literal string) is no tags; the Linux VM's size still comes from ServiceType.
      {
        subscriptionId: CONTOSO,
        resourceUri: APP01,
        ...H00,
        meterId: '6dab500fa4fd49c4956d229bb9c8c793',
        meterIdRaw: '6dab500f-a4fd-49c4-956d-229bb9c8c793',
        quantity: '1.0',
        sku: 'Standard_F4s_v2',
        tags: null,
        additionalInfo: APP01_INFO,
      },
      {
        subscriptionId: CONTOSO,
        resourceUri: APP01,
        ...H00,
        meterId: 'fab6eb84500b4a09a8ca7358f8bbaea5',
        meterIdRaw: 'fab6eb84-500b-4a09-a8ca-7358f8bbaea5',
        quantity: '4.0',
        sku: 'Standard_F4s_v2',
        tags: null,
        additionalInfo: APP01_INFO,
      },
      {
        subscriptionId: CONTOSO,
        resourceUri: DATA01,
        ...H00,
        meterId: 'b5c153766c944fddb6551a69d138aca3',
        meterIdRaw: 'B5C15376-6C94-4FDD-B655-1A69D138ACA3',
        quantity: '128.43750762939453',
        ...plain,
      },
      {
        subscriptionId: CONTOSO,
        resourceUri: DATA01,
        ...H00,
        meterId: '43daf82b4618444ab99440c23f7cd438',
        meterIdRaw: '43DAF82B-4618-444A-B994-40C23F7CD438',
        quantity: '0.0217',
        ...plain,
      },
      // The monthly disk meter stays a fraction of the month here (1/744 written out in full).
      {
        subscriptionId: CONTOSO,
        resourceUri: DISK,
        ...H00,
        meterId: 'd5f7731bf639404a89d0e46186e22c8d',
        meterIdRaw: 'd5f7731b-f639-404a-89d0-e46186e22c8d',
        quantity: '0.0013440860215053765',
        ...plain,
      },
      {
        subscriptionId: CONTOSO,
        resourceUri: DISK,
        ...H00,
        meterId: '7ba084ecef9c4d64a1797732c6cb5e28',
        meterIdRaw: '7ba084ec-ef9c-4d64-a179-7732c6cb5e28',
        quantity: '0.05',
        ...plain,
      },
      {
        subscriptionId: CONTOSO,
        resourceUri: PIP,
        ...H00,
        meterId: 'f271a8a388c44d93956a063e1d2fa80b',
        meterIdRaw: 'F271A8A388C44D93956A063E1D2FA80B',
        quantity: '1.0',
        ...plain,
      },
    ]);
    // The original casing stays available for display.
    expect(page.records[6]!.resourceUriRaw).toBe(
      `/subscriptions/${CONTOSO}/resourceGroups/RG-WEB/providers/Microsoft.Compute/disks/web01_OsDisk_1_4f1c2b7d9e0a4c33b1d2e5f60718293a`,
    );
    const raw = JSON.parse(text) as { nextLink: string };
    expect(page.nextLink).toBe(raw.nextLink);
    expect(page.nextLink).toContain('continuationToken=eyJyIjoiMjAy');
    expect(page.nextLink!.endsWith('In0%3D')).toBe(true);
    expect(page.continuationToken).toBeNull();
  });

  it('page 2: six records, both records sharing one id kept, SQL / Key Vault / App Service meters, no nextLink', () => {
    const page = parseUsagePage(example('provider-usage-hourly-page2.json'), 1);
    expect(page.problems).toEqual([]);
    const fab = (rg: string, tail: string) =>
      `/subscriptions/${FABRIKAM}/resourcegroups/${rg}/providers/${tail}`;
    expect(page.records.map(shape)).toEqual([
      {
        subscriptionId: FABRIKAM,
        resourceUri: fab('fab-rg', 'microsoft.storage/storageaccounts/fabbackup01'),
        ...H00,
        meterId: '09f8879e87e94305a5724b7be209f857',
        meterIdRaw: '09F8879E-87E9-4305-A572-4B7BE209F857',
        quantity: '512.0009765625',
        ...plain,
      },
      {
        subscriptionId: FABRIKAM,
        resourceUri: fab('fab-rg', 'microsoft.storage/storageaccounts/fablogs02'),
        ...H00,
        meterId: '09f8879e87e94305a5724b7be209f857',
        meterIdRaw: '09F8879E-87E9-4305-A572-4B7BE209F857',
        quantity: '3.25',
        ...plain,
      },
      {
        subscriptionId: FABRIKAM,
        resourceUri: fab('fab-rg', 'microsoft.storage/storageaccounts/fabbackup01'),
        ...H00,
        meterId: '3023fef4eca54d7b87b3cfbc061931e8',
        meterIdRaw: '3023FEF4-ECA5-4D7B-87B3-CFBC061931E8',
        quantity: '0.75',
        ...plain,
      },
      {
        subscriptionId: FABRIKAM,
        resourceUri: fab('fab-sql', 'microsoft.sqladapter/servers/sqlhost01/databases/billingdb'),
        ...H00,
        meterId: 'cbcfef9ab91f4597a4d301fe334bed82',
        meterIdRaw: 'CBCFEF9A-B91F-4597-A4D3-01FE334BED82',
        quantity: '1024.0',
        ...plain,
      },
      {
        subscriptionId: FABRIKAM,
        resourceUri: fab('fab-sec', 'microsoft.keyvault/vaults/fab-kv'),
        ...H00,
        meterId: 'ebf13b9fb3ea46febf54396e93d48ab4',
        meterIdRaw: 'EBF13B9F-B3EA-46FE-BF54-396E93D48AB4',
        quantity: '0.0153',
        ...plain,
      },
      {
        subscriptionId: FABRIKAM,
        resourceUri: fab('fab-web', 'microsoft.web/serverfarms/fab-plan-s1'),
        ...H00,
        meterId: '88039d51a2063a89e9dec5117e2d10a6',
        meterIdRaw: '88039d51-a206-3a89-e9de-c5117e2d10a6',
        quantity: '2.0',
        ...plain,
      },
    ]);
    expect(page.nextLink).toBeNull();
  });

  it('daily single subscriber: 24-hour multiples and the day bucket in canonical form', () => {
    const page = parseUsagePage(example('provider-usage-daily-single-subscriber.json'), 0);
    expect(page.problems).toEqual([]);
    expect(page.records.map(shape)).toEqual([
      {
        ...web01,
        ...DAY,
        meterId: '6dab500fa4fd49c4956d229bb9c8c793',
        meterIdRaw: '6dab500f-a4fd-49c4-956d-229bb9c8c793',
        quantity: '24.0',
      },
      {
        ...web01,
        ...DAY,
        meterId: '9cd92d4cbafd4492b278bedc2de8232a',
        meterIdRaw: '9cd92d4c-bafd-4492-b278-bedc2de8232a',
        quantity: '48.0',
      },
      {
        subscriptionId: CONTOSO,
        resourceUri: PIP,
        ...DAY,
        meterId: 'f271a8a388c44d93956a063e1d2fa80b',
        meterIdRaw: 'F271A8A388C44D93956A063E1D2FA80B',
        quantity: '24.0',
        ...plain,
      },
      {
        subscriptionId: CONTOSO,
        resourceUri: DISK,
        ...DAY,
        meterId: 'd5f7731bf639404a89d0e46186e22c8d',
        meterIdRaw: 'd5f7731b-f639-404a-89d0-e46186e22c8d',
        quantity: '0.03225806451612903',
        ...plain,
      },
      {
        subscriptionId: CONTOSO,
        resourceUri: DATA01,
        ...DAY,
        meterId: 'b5c153766c944fddb6551a69d138aca3',
        meterIdRaw: 'B5C15376-6C94-4FDD-B655-1A69D138ACA3',
        quantity: '3082.5',
        ...plain,
      },
    ]);
  });

  it('metadata: Entra login endpoint → tenant segment, audiences[0] as the resource', () => {
    const body = JSON.parse(example('extra-metadata-endpoints-adminmanagement.json')) as unknown;
    expect(identityFromMetadata(body, 'contosocloud.onmicrosoft.com', 'stamp')).toEqual({
      identitySystem: 'entra',
      loginEndpoint: 'https://login.microsoftonline.com/',
      audience: 'https://adminmanagement.contosocloud.onmicrosoft.com/3c1d8e2a-7f4b-4a9e-b6d0-52e1f8a9c317',
      tokenEndpoint: 'https://login.microsoftonline.com/contosocloud.onmicrosoft.com/oauth2/token',
    });
  });

  it('admin subscriptions: only the Default Provider Subscription is platform', () => {
    const body = JSON.parse(example('extra-admin-subscriptions-list.json')) as {
      value: { displayName: string; routingResourceManagerType: string; offerId: string }[];
    };
    expect(body.value.map((s) => [s.displayName, isPlatformSubscription(s)])).toEqual([
      ['Default Provider Subscription', true],
      ['Contoso Production', false],
      ['Fabrikam Dev/Test', false],
    ]);
  });
});

describe('identity detection', () => {
  const meta = (loginEndpoint: string) => ({
    authentication: { loginEndpoint, audiences: ['https://aud/x'] },
  });
  it.each([
    [
      'https://adfs.local.azurestack.external/adfs/',
      'adfs',
      'https://adfs.local.azurestack.external/adfs/oauth2/token',
    ],
    [
      'https://adfs.local.azurestack.external/adfs',
      'adfs',
      'https://adfs.local.azurestack.external/adfs/oauth2/token',
    ],
    ['https://login.windows.net/', 'entra', 'https://login.windows.net/t1/oauth2/token'],
    ['https://login.microsoftonline.com', 'entra', 'https://login.microsoftonline.com/t1/oauth2/token'],
    // Only a path ending in /adfs counts: a host called adfs is still Entra-style.
    ['https://adfs.example/', 'entra', 'https://adfs.example/t1/oauth2/token'],
  ])('%s → %s', (login, system, tokenEndpoint) => {
    const identity = identityFromMetadata(meta(login), 't1', 'stamp');
    expect(identity.identitySystem).toBe(system);
    expect(identity.tokenEndpoint).toBe(tokenEndpoint);
  });

  it('refuses metadata without a login endpoint or audience', () => {
    expect(() =>
      identityFromMetadata({ authentication: { loginEndpoint: 'https://x/', audiences: [] } }, 't', 'h'),
    ).toThrow(/did not announce/);
    expect(() => identityFromMetadata({ galleryEndpoint: 'x' }, 't', 'h')).toThrow(/did not announce/);
  });
});

/** A page with one record whose fields the test overrides (JSON text, so numbers stay as written). */
function page(records: string[], extra = ''): string {
  return `{"value":[${records.join(',')}]${extra}}`;
}
function record(
  over: {
    quantity?: string;
    meterId?: string;
    start?: string;
    end?: string;
    instance?: unknown;
    sub?: string;
  } = {},
): string {
  const instance =
    over.instance ??
    JSON.stringify({
      'Microsoft.Resources': {
        resourceUri: '/subscriptions/S/resourceGroups/RG/providers/Microsoft.Web/sites\\App1',
        location: 'local',
        tags: '{"a":"1"}',
        additionalInfo: '',
      },
    });
  return (
    `{"id":"x","name":"x","type":"Microsoft.Commerce.Admin/UsageAggregate","properties":{` +
    `"subscriptionId":${JSON.stringify(over.sub ?? ' 0C3E0F2B-AAAA-4BBB-8CCC-DDDDEEEEFFFF ')},` +
    `"usageStartTime":${JSON.stringify(over.start ?? '2019-12-10T18:00:00.0000000+00:00')},` +
    `"usageEndTime":${JSON.stringify(over.end ?? '2019-12-10T19:00:00Z')},` +
    `"instanceData":${typeof instance === 'string' ? JSON.stringify(instance) : JSON.stringify(instance)},` +
    `"quantity":${over.quantity ?? '1'},"meterId":${JSON.stringify(over.meterId ?? '{ABC-def}')}}}`
  );
}

describe('record parsing', () => {
  it('keeps quantity text a double would change, and writes exponents out exactly', () => {
    const quantities = [
      '0.0013440860215053762',
      '0.123456789012345678901234567890',
      '12345678901234567890.5',
      '6.36e-06',
      '6.36E-06',
      '1e+2',
      '-0.5',
      '"2.50"',
    ];
    const parsed = parseUsagePage(page(quantities.map((quantity) => record({ quantity }))), 0);
    expect(parsed.problems).toEqual([]);
    expect(parsed.records.map((r) => r.quantity)).toEqual([
      '0.0013440860215053762',
      '0.123456789012345678901234567890',
      '12345678901234567890.5',
      '0.00000636',
      '0.00000636',
      '100',
      '-0.5',
      '2.50',
    ]);
    // The double round-trip the client avoids:
    expect(String(JSON.parse('0.123456789012345678901234567890'))).toBe('0.12345678901234568');
    expect(String(JSON.parse('12345678901234567890.5'))).toBe('12345678901234567000');
  });

  it('normalises subscription, meter id, resource URI (backslash), times, location and tags', () => {
    const [r] = parseUsagePage(page([record()]), 0).records;
    expect(r).toEqual({
      subscriptionId: '0c3e0f2b-aaaa-4bbb-8ccc-ddddeeeeffff',
      meterId: 'abcdef',
      meterIdRaw: '{ABC-def}',
      resourceUri: '/subscriptions/s/resourcegroups/rg/providers/microsoft.web/sites/app1',
      resourceUriRaw: '/subscriptions/S/resourceGroups/RG/providers/Microsoft.Web/sites\\App1',
      usageStart: '2019-12-10T18:00:00Z',
      usageEnd: '2019-12-10T19:00:00Z',
      quantity: '1',
      location: 'local',
      sku: null,
      tags: { a: '1' },
      additionalInfo: null,
    });
  });

  it('accepts a non-GUID meter id, offsets other than +00:00, and instanceData as an object', () => {
    const instance = {
      'microsoft.resources': {
        resourceUri: '/x',
        tags: null,
        additionalInfo: { ServiceType: 'Standard_A1' },
      },
    };
    const [r] = parseUsagePage(
      page([
        record({
          meterId: 'AzureSql',
          start: '2019-12-10T20:00:00+02:00',
          end: '2019-12-10T19:00:00',
          instance,
        }),
      ]),
      0,
    ).records;
    expect(r).toMatchObject({
      meterId: 'azuresql',
      usageStart: '2019-12-10T18:00:00Z',
      usageEnd: '2019-12-10T19:00:00Z',
      sku: 'Standard_A1',
      location: null,
      tags: null,
    });
  });

  it('reports unparseable tags as a warning, not a failure', () => {
    const instance = JSON.stringify({
      'Microsoft.Resources': { resourceUri: '/x', tags: '{broken', additionalInfo: 'VM' },
    });
    const parsed = parseUsagePage(page([record({ instance })]), 3);
    expect(parsed.problems).toEqual([]);
    expect(parsed.records[0]).toMatchObject({ tags: null, additionalInfo: null });
    expect(parsed.warnings).toEqual([
      { page: 3, index: 0, field: 'properties.instanceData.tags', reason: "not valid JSON: '{broken'" },
      {
        page: 3,
        index: 0,
        field: 'properties.instanceData.additionalInfo',
        reason: "not a JSON object: 'VM'",
      },
    ]);
  });

  it('reports every record it cannot read with its position and field, and keeps the others', () => {
    const parsed = parseUsagePage(
      page([
        record(),
        record({ quantity: 'null' }),
        record({ meterId: ' -{}' }),
        record({ start: '2019-12-10T18:00:00.5Z' }),
        record({ end: '2019-12-10T17:00:00Z' }),
        record({ instance: '{"Microsoft.Resources":{"location":"x"}}' }),
        record({ instance: 'not json' }),
        record({ sub: '' }),
        '42',
      ]),
      2,
    );
    expect(parsed.records).toHaveLength(1);
    expect(parsed.problems.map((p) => [p.page, p.index, p.field])).toEqual([
      [2, 1, 'properties.quantity'],
      [2, 2, 'properties.meterId'],
      [2, 3, 'properties.usageStartTime'],
      [2, 4, 'properties.usageEndTime'],
      [2, 5, 'properties.instanceData.resourceUri'],
      [2, 6, 'properties.instanceData'],
      [2, 7, 'properties.subscriptionId'],
      [2, 8, '(record)'],
    ]);
  });

  it('reads paging: nextLink "" is the end, a bare continuationToken is a fallback', () => {
    expect(parseUsagePage(page([], ',"nextLink":""'), 0).nextLink).toBeNull();
    expect(parseUsagePage(page([], ',"nextLink":null'), 0).nextLink).toBeNull();
    expect(parseUsagePage(page([], ',"continuationToken":"+/+/ab=="'), 0).continuationToken).toBe('+/+/ab==');
    expect(() => parseUsagePage('{"values":[]}', 0)).toThrow(/no "value" array/);
    expect(() => parseUsagePage('<html>', 4)).toThrow(/page 5 is not valid JSON/);
  });

  it('quotes numbers outside strings only', () => {
    expect(quoteNumbers('{"a":1.50,"b":"x\\"2\\\\","c":[-3e-2,true,null],"d":"7"}')).toBe(
      '{"a":"1.50","b":"x\\"2\\\\","c":["-3e-2",true,null],"d":"7"}',
    );
    expect(quantityText('NaN')).toBeNull();
    expect(quantityText('1.2.3')).toBeNull();
  });
});
