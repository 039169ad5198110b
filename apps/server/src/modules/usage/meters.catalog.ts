/**
 * The Azure Stack Hub meter catalog of azure-stack-hub-api.md §5 (84 distinct local meter ids),
 * shipped as code and synced into `meters` at boot (meters.service.ts), so a release that fixes a
 * name or a flag reaches every installation without a migration.
 *
 * Flags:
 * - `monthFraction`: reported every hour as a fraction of the UTC month (§5.4, G16) and stored
 *   converted back to hours: the current monthly disk meters (disks × month, GB × month) and the
 *   deprecated GB × month snapshot meters of §5.5.
 * - `informational`: `6dab500f…` VM size hours counts VM-hours beside the vCore meters (G15):
 *   collected and shown, never priced (semantics.md).
 * - `deprecated`: §5.5's deprecated disk meters and the Technical Preview public IP meter.
 */

export const AZURE_STACK_CATALOG = 'azure-stack';

export type MeterCategory =
  | 'network'
  | 'storage'
  | 'compute'
  | 'managed_disk'
  | 'sql'
  | 'key_vault'
  | 'app_service';

export interface CatalogMeter {
  /** As the spec writes it; normalised when stored. */
  id: string;
  name: string;
  unit: string;
  category: MeterCategory;
  monthFraction?: true;
  informational?: true;
  deprecated?: true;
}

const monthlyDisk = (id: string, sku: string, size: string): CatalogMeter => ({
  id,
  name: `${sku} managed disk (${size})`,
  unit: 'disks × month',
  category: 'managed_disk',
  monthFraction: true,
});

const hourlyDisk = (id: string, sku: string): CatalogMeter => ({
  id,
  name: `${sku} managed disk (hourly)`,
  unit: 'disks × hours',
  category: 'managed_disk',
  deprecated: true,
});

const appServiceHours = (id: string, name: string): CatalogMeter => ({
  id,
  name,
  unit: 'hours',
  category: 'app_service',
});

export const AZURE_STACK_METERS: readonly CatalogMeter[] = [
  // §5.1 Network
  {
    id: 'F271A8A388C44D93956A063E1D2FA80B',
    name: 'Static IP Address Usage',
    unit: 'IP-hours',
    category: 'network',
  },
  {
    id: '9E2739BA86744796B465F64674B822BA',
    name: 'Dynamic IP Address Usage',
    unit: 'IP-hours',
    category: 'network',
  },
  {
    id: 'f114cb19-ea64-40b5-bcd7-aee474b62853',
    name: 'Public IP Address Usage (Technical Preview)',
    unit: 'IP addresses',
    category: 'network',
    deprecated: true,
  },
  // §5.2 Storage
  {
    id: 'B4438D5D-453B-4EE1-B42A-DC72E377F1E4',
    name: 'TableCapacity',
    unit: 'GB × hours',
    category: 'storage',
  },
  {
    id: 'B5C15376-6C94-4FDD-B655-1A69D138ACA3',
    name: 'PageBlobCapacity',
    unit: 'GB × hours',
    category: 'storage',
  },
  {
    id: 'B03C6AE7-B080-4BFA-84A3-22C800F315C6',
    name: 'QueueCapacity',
    unit: 'GB × hours',
    category: 'storage',
  },
  {
    id: '09F8879E-87E9-4305-A572-4B7BE209F857',
    name: 'BlockBlobCapacity',
    unit: 'GB × hours',
    category: 'storage',
  },
  {
    id: 'B9FF3CD0-28AA-4762-84BB-FF8FBAEA6A90',
    name: 'TableTransactions',
    unit: '10,000 requests',
    category: 'storage',
  },
  { id: '50A1AEAF-8ECA-48A0-8973-A5B3077FEE0D', name: 'TableDataTransIn', unit: 'GB', category: 'storage' },
  { id: '1B8C1DEC-EE42-414B-AA36-6229CF199370', name: 'TableDataTransOut', unit: 'GB', category: 'storage' },
  {
    id: '43DAF82B-4618-444A-B994-40C23F7CD438',
    name: 'BlobTransactions',
    unit: '10,000 requests',
    category: 'storage',
  },
  { id: '9764F92C-E44A-498E-8DC1-AAD66587A810', name: 'BlobDataTransIn', unit: 'GB', category: 'storage' },
  { id: '3023FEF4-ECA5-4D7B-87B3-CFBC061931E8', name: 'BlobDataTransOut', unit: 'GB', category: 'storage' },
  {
    id: 'EB43DD12-1AA6-4C4B-872C-FAF15A6785EA',
    name: 'QueueTransactions',
    unit: '10,000 requests',
    category: 'storage',
  },
  { id: 'E518E809-E369-4A45-9274-2017B29FFF25', name: 'QueueDataTransIn', unit: 'GB', category: 'storage' },
  { id: 'DD0A10BA-A5D6-4CB6-88C0-7D585CEF9FC2', name: 'QueueDataTransOut', unit: 'GB', category: 'storage' },
  // §5.3 Compute
  {
    id: 'FAB6EB84-500B-4A09-A8CA-7358F8BBAEA5',
    name: 'Base VM Size Hours',
    unit: 'vCore-hours',
    category: 'compute',
  },
  {
    id: '9CD92D4C-BAFD-4492-B278-BEDC2DE8232A',
    name: 'Windows VM Size Hours',
    unit: 'vCore-hours',
    category: 'compute',
  },
  {
    id: '6DAB500F-A4FD-49C4-956D-229BB9C8C793',
    name: 'VM size hours',
    unit: 'VM-hours',
    category: 'compute',
    informational: true,
  },
  // §5.4 Managed disks, current (monthly units)
  monthlyDisk('380874f9-300c-48e0-95a0-d2d9a21ade8f', 'S4', '32 GB'),
  monthlyDisk('1b77d90f-427b-4435-b4f1-d78adec53222', 'S6', '64 GB'),
  monthlyDisk('d5f7731b-f639-404a-89d0-e46186e22c8d', 'S10', '128 GB'),
  monthlyDisk('ff85ef31-da5b-4eac-95dd-a69d6f97b18a', 'S15', '256 GB'),
  monthlyDisk('88ea9228-457a-4091-adc9-ad5194f30b6e', 'S20', '512 GB'),
  monthlyDisk('5b1db88a-8596-4002-8052-347947c26940', 'S30', '1024 GB'),
  monthlyDisk('14496322-39cb-4d33-b67d-39b0c2de0c8e', 'S40', '2048 GB'),
  monthlyDisk('8c003d25-afb4-4f21-b1fa-86a5b0f001c7', 'S50', '4096 GB'),
  monthlyDisk('7660b45b-b29d-49cb-b816-59f30fbab011', 'P4', '32 GB'),
  monthlyDisk('817007fd-a077-477f-bc01-b876f27205fd', 'P6', '64 GB'),
  monthlyDisk('e554b6bc-96cd-4938-a5b5-0da990278519', 'P10', '128 GB'),
  monthlyDisk('cdc0f53a-62a9-4472-a06c-e99a23b02907', 'P15', '256 GB'),
  monthlyDisk('b9cb2d1a-84c2-4275-aa8b-70d2145d59aa', 'P20', '512 GB'),
  monthlyDisk('06bde724-9f94-43c0-84c3-d0fc54538369', 'P30', '1024 GB'),
  monthlyDisk('eecb2657-e7e6-47f9-9b00-7f58fa8839cb', 'P40', '2048 GB'),
  monthlyDisk('43626c21-849b-40fe-8c01-e19666059c38', 'P50', '4096 GB'),
  {
    id: '7ba084ec-ef9c-4d64-a179-7732c6cb5e28',
    name: 'ActualStandardDiskSize',
    unit: 'GB × month',
    category: 'managed_disk',
    monthFraction: true,
  },
  {
    id: 'daef389a-06e5-4684-a7f7-8813d9f792d5',
    name: 'ActualPremiumDiskSize',
    unit: 'GB × month',
    category: 'managed_disk',
    monthFraction: true,
  },
  {
    id: '108fa95b-be0d-4cd9-96e8-5b0d59505df1',
    name: 'ActualStandardSnapshotSize',
    unit: 'GB × month',
    category: 'managed_disk',
    monthFraction: true,
  },
  {
    id: '578ae51d-4ef9-42f9-85ae-42b52d3d83ac',
    name: 'ActualPremiumSnapshotSize',
    unit: 'GB × month',
    category: 'managed_disk',
    monthFraction: true,
  },
  // §5.5 Managed disks, deprecated
  hourlyDisk('5d76e09f-4567-452a-94cc-7d1f097761f0', 'S4'),
  hourlyDisk('dc9fc6a9-0782-432a-b8dc-978130457494', 'S6'),
  hourlyDisk('e5572fce-9f58-49d7-840c-b168c0f01fff', 'S10'),
  hourlyDisk('9a8caedd-1195-4cd5-80b4-a4c22f9302b8', 'S15'),
  hourlyDisk('5938f8da-0ecd-4c48-8d5a-c7c6c23546be', 'S20'),
  hourlyDisk('7705a158-bd8b-4b2b-b4c2-0782343b81e6', 'S30'),
  hourlyDisk('d9aac1eb-a5d1-42f2-b617-9e3ea94fed88', 'S40'),
  hourlyDisk('a54899dd-458e-4a40-9abd-f57cafd936a7', 'S50'),
  hourlyDisk('5c105f5f-cbdf-435c-b49b-3c7174856dcc', 'P4'),
  hourlyDisk('518b412b-1927-4f25-985f-4aea24e55c4f', 'P6'),
  hourlyDisk('5cfb1fed-0902-49e3-8217-9add946fd624', 'P10'),
  hourlyDisk('8de91c94-f740-4d9a-b665-bd5974fa08d4', 'P15'),
  hourlyDisk('c7e7839c-293b-4761-ae4c-848eda91130b', 'P20'),
  hourlyDisk('9f502103-adf4-4488-b494-456c95d23a9f', 'P30'),
  hourlyDisk('043757fc-049f-4e8b-8379-45bb203c36b1', 'P40'),
  hourlyDisk('c0342c6f-810b-4942-85d3-6eaa561b6570', 'P50'),
  {
    id: '8a409390-1913-40ae-917b-08d0f16f3c38',
    name: 'ActualStandardDiskSize (bytes, hourly)',
    unit: 'bytes × hours',
    category: 'managed_disk',
    deprecated: true,
  },
  {
    id: '1273b16f-8458-4c34-8ce2-a515de551ef6',
    name: 'ActualPremiumDiskSize (bytes, hourly)',
    unit: 'bytes × hours',
    category: 'managed_disk',
    deprecated: true,
  },
  {
    id: '89009682-df7f-44fe-aeb1-63fba3ddbf4c',
    name: 'ActualStandardSnapshotSize (bytes, hourly)',
    unit: 'bytes × hours',
    category: 'managed_disk',
    deprecated: true,
  },
  {
    id: '95b0c03f-8a82-4524-8961-ccfbf575f536',
    name: 'ActualPremiumSnapshotSize (bytes, hourly)',
    unit: 'bytes × hours',
    category: 'managed_disk',
    deprecated: true,
  },
  {
    id: '75d4b707-1027-4403-9986-6ec7c05579c8',
    name: 'ActualStandardSnapshotSize (2019 id)',
    unit: 'GB × month',
    category: 'managed_disk',
    monthFraction: true,
    deprecated: true,
  },
  {
    id: '5ca1cbb9-6f14-4e76-8be8-1ca91547965e',
    name: 'ActualPremiumSnapshotSize (2019 id)',
    unit: 'GB × month',
    category: 'managed_disk',
    monthFraction: true,
    deprecated: true,
  },
  // §5.6 SQL and MySQL resource providers
  {
    id: 'CBCFEF9A-B91F-4597-A4D3-01FE334BED82',
    name: 'DatabaseSizeHourSqlMeter',
    unit: 'MB × hours',
    category: 'sql',
  },
  {
    id: 'E6D8CFCD-7734-495E-B1CC-5AB0B9C24BD3',
    name: 'DatabaseSizeHourMySqlMeter',
    unit: 'MB × hours',
    category: 'sql',
  },
  // §5.7 Key Vault
  {
    id: 'EBF13B9F-B3EA-46FE-BF54-396E93D48AB4',
    name: 'Key Vault transactions',
    unit: '10,000 requests',
    category: 'key_vault',
  },
  {
    id: '2C354225-B2FE-42E5-AD89-14F0EA302C87',
    name: 'Advanced keys transactions',
    unit: '10,000 transactions',
    category: 'key_vault',
  },
  // §5.8 App Service
  {
    id: '190C935E-9ADA-48FF-9AB8-56EA1CF9ADAA',
    name: 'App Service',
    unit: 'vCore-hours',
    category: 'app_service',
  },
  {
    id: '67CC4AFC-0691-48E1-A4B8-D744D1FEDBDE',
    name: 'Functions Requests',
    unit: '10 requests',
    category: 'app_service',
  },
  {
    id: 'D1D04836-075C-4F27-BF65-0A1130EC60ED',
    name: 'Functions - Compute',
    unit: 'GB-s',
    category: 'app_service',
  },
  appServiceHours('957E9F36-2C14-45A1-B6A1-1723EF71A01D', 'Shared App Service Hours'),
  appServiceHours('539CDEC7-B4F5-49F6-AAC4-1F15CFF0EDA9', 'Free App Service Hours'),
  appServiceHours('db658d61-ef2d-4888-9843-72f5c774fd3c', 'Small Basic App Service Hours'),
  appServiceHours('27b01104-e0df-4f30-a171-f1b00ecb76b3', 'Medium Basic App Service Hours'),
  appServiceHours('50db6a92-5dff-4c9b-8238-8ea5fb1be107', 'Large Basic App Service Hours'),
  appServiceHours('88039D51-A206-3A89-E9DE-C5117E2D10A6', 'Small Standard App Service Hours'),
  appServiceHours('83A2A13E-4788-78DD-5D55-2831B68ED825', 'Medium Standard App Service Hours'),
  appServiceHours('1083B9DB-E9BB-24BE-A5E9-D6FDD0DDEFE6', 'Large Standard App Service Hours'),
  appServiceHours('26bd6580-c3bd-4e7e-8092-58b28eb1bb94', 'Small Premium App Service Hours'),
  appServiceHours('a1cba406-e83e-45c3-bd36-485191c215d9', 'Medium Premium App Service Hours'),
  appServiceHours('a2104a9d-5a78-4f8f-a2df-034bd43d602d', 'Large Premium App Service Hours'),
  appServiceHours('a91eed6c-dbbc-4532-859c-86de776433a4', 'Extra Large Premium App Service Hours'),
  {
    id: '264ACB47-AD38-47F8-ADD3-47F01DC4F473',
    name: 'SNI SSL',
    unit: 'SNI SSL bindings',
    category: 'app_service',
  },
  {
    id: '60B42D72-DC1C-472C-9895-6C516277EDB4',
    name: 'IP SSL',
    unit: 'IP SSL bindings',
    category: 'app_service',
  },
  {
    id: '73215A6C-FA54-4284-B9C1-7E8EC871CC5B',
    name: 'Web Process',
    unit: 'site-hours',
    category: 'app_service',
  },
  {
    id: '5887D39B-0253-4E12-83C7-03E1A93DFFD9',
    name: 'External Egress Bandwidth',
    unit: 'GB',
    category: 'app_service',
  },
];
