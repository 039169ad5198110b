import { type Decimal, decimal } from '@cms/billing';

/**
 * Which usage meter measures each quota property (azure-stack-hub-api.md §5 meters, §6.4 quota
 * properties), measured over one hour: the subscription's last complete hour with collected usage.
 * Meter ids are stored normalised (lower case, no dashes).
 *
 * | Provider | Property | Measured as | Meters |
 * |---|---|---|---|
 * | Compute | coresLimit | vCPU-hours in the hour (a VM running the whole hour counts its vCores) | Base VM Size Hours `fab6eb84`, Windows VM Size Hours `9cd92d4c` (exclusive per VM, G15) |
 * | Compute | virtualMachineCount | distinct VMs (top-level resource URIs) with VM-hours in the hour | VM size hours `6dab500f` |
 * | Compute | maxAllocationStandardManagedDisksAndSnapshots (GB) | Σ disk-hours × the SKU's size (S4 32 … S50 4096 GB) + snapshot GB | S4…S50 (monthly, stored as hours; and the deprecated hourly ones), ActualStandardSnapshotSize `108fa95b`, `75d4b707`, deprecated bytes × hours `89009682` (÷ 2^30) |
 * | Compute | maxAllocationPremiumManagedDisksAndSnapshots (GB) | the same for premium | P4…P50, ActualPremiumSnapshotSize `578ae51d`, `5ca1cbb9`, deprecated bytes × hours `95b0c03f` (÷ 2^30) |
 * | Storage | capacityInGb | GB-hours in the hour = GB held | TableCapacity, PageBlobCapacity, QueueCapacity, BlockBlobCapacity |
 * | Storage | numberOfStorageAccounts | distinct storage accounts with any storage meter in the hour | §5.2 storage meters |
 * | Network | maxPublicIpsPerSubscription | distinct IP addresses with IP-hours in the hour | Static IP `f271a8a3`, Dynamic IP `9e2739ba`, Technical Preview `f114cb19` |
 * | Compute | availabilitySetCount, vmScaleSetCount, ddagpuCount, partitionedGpuCount | untracked | no meter |
 * | Network | maxVnetsPerSubscription, maxNicsPerSubscription, maxSecurityGroupsPerSubscription, maxLoadBalancersPerSubscription, maxVirtualNetworkGateways…, …GatewayConnections… | untracked | no meter |
 *
 * A managed disk is reported as its SKU (a 100 GB disk is an S10, 128 GB), not its provisioned
 * size, so disk consumption is the tiers' capacity: the provisioned sizes rounded up to their tier
 * (never less than the stamp counts against the quota). Snapshots count their actual size, also
 * from the deprecated bytes × hours snapshot meters (§5.5, old stamps). The actual on-disk size
 * meters of disks (current and deprecated) are not counted: DISK_SIZE_METERS_NOT_COUNTED.
 *
 * One hour's quantities: vCPU-hours, GB-hours and disk-hours (monthly meters are stored converted
 * to hours, usage.keys.ts) of a full hour equal the vCPUs, GB and disks in use; a resource that
 * existed for part of the hour counts that fraction.
 */

export type QuotaMeasure =
  | {
      kind: 'sum';
      /** Normalised meter id → the factor its hourly quantity is multiplied by. */
      meters: Readonly<Record<string, string>>;
    }
  | {
      kind: 'distinct';
      /** Distinct top-level resources (lower-cased URI up to the resource name) with any of these meters. */
      meters: readonly string[];
    };

export interface QuotaMapping {
  provider: string;
  property: string;
  /** What the limit and the consumption count. */
  unit: string;
  measure: QuotaMeasure | null;
  /** How it is measured, or why it is untracked. */
  explanation: string;
}

/** A meter id as the spec writes it, in its stored form. */
const m = (specId: string) => specId.replace(/-/g, '').toLowerCase();

const GB_PER_TIER: Readonly<Record<string, string>> = {
  '4': '32',
  '6': '64',
  '10': '128',
  '15': '256',
  '20': '512',
  '30': '1024',
  '40': '2048',
  '50': '4096',
};

/** Disk SKU meters (§5.4 monthly, stored as hours; §5.5 deprecated hourly): one disk for an hour = 1. */
const DISK_TIERS: readonly (readonly [tier: string, monthly: string, hourly: string])[] = [
  ['S4', '380874f9-300c-48e0-95a0-d2d9a21ade8f', '5d76e09f-4567-452a-94cc-7d1f097761f0'],
  ['S6', '1b77d90f-427b-4435-b4f1-d78adec53222', 'dc9fc6a9-0782-432a-b8dc-978130457494'],
  ['S10', 'd5f7731b-f639-404a-89d0-e46186e22c8d', 'e5572fce-9f58-49d7-840c-b168c0f01fff'],
  ['S15', 'ff85ef31-da5b-4eac-95dd-a69d6f97b18a', '9a8caedd-1195-4cd5-80b4-a4c22f9302b8'],
  ['S20', '88ea9228-457a-4091-adc9-ad5194f30b6e', '5938f8da-0ecd-4c48-8d5a-c7c6c23546be'],
  ['S30', '5b1db88a-8596-4002-8052-347947c26940', '7705a158-bd8b-4b2b-b4c2-0782343b81e6'],
  ['S40', '14496322-39cb-4d33-b67d-39b0c2de0c8e', 'd9aac1eb-a5d1-42f2-b617-9e3ea94fed88'],
  ['S50', '8c003d25-afb4-4f21-b1fa-86a5b0f001c7', 'a54899dd-458e-4a40-9abd-f57cafd936a7'],
  ['P4', '7660b45b-b29d-49cb-b816-59f30fbab011', '5c105f5f-cbdf-435c-b49b-3c7174856dcc'],
  ['P6', '817007fd-a077-477f-bc01-b876f27205fd', '518b412b-1927-4f25-985f-4aea24e55c4f'],
  ['P10', 'e554b6bc-96cd-4938-a5b5-0da990278519', '5cfb1fed-0902-49e3-8217-9add946fd624'],
  ['P15', 'cdc0f53a-62a9-4472-a06c-e99a23b02907', '8de91c94-f740-4d9a-b665-bd5974fa08d4'],
  ['P20', 'b9cb2d1a-84c2-4275-aa8b-70d2145d59aa', 'c7e7839c-293b-4761-ae4c-848eda91130b'],
  ['P30', '06bde724-9f94-43c0-84c3-d0fc54538369', '9f502103-adf4-4488-b494-456c95d23a9f'],
  ['P40', 'eecb2657-e7e6-47f9-9b00-7f58fa8839cb', '043757fc-049f-4e8b-8379-45bb203c36b1'],
  ['P50', '43626c21-849b-40fe-8c01-e19666059c38', 'c0342c6f-810b-4942-85d3-6eaa561b6570'],
];

/** Snapshot size meters in GB × month (stored as GB-hours: one hour's quantity is the GB held). */
const SNAPSHOTS = {
  S: ['108fa95b-be0d-4cd9-96e8-5b0d59505df1', '75d4b707-1027-4403-9986-6ec7c05579c8'],
  P: ['578ae51d-4ef9-42f9-85ae-42b52d3d83ac', '5ca1cbb9-6f14-4e76-8be8-1ca91547965e'],
} as const;

/**
 * The deprecated snapshot size meters in bytes × hours (§5.5, old stamps): one hour's quantity is
 * the bytes held. The older ids of the same measure as SNAPSHOTS (G17 keeps both), so they count
 * the same, in GB: the disk quotas' GB are binary like the disk tiers (S4 is 32 GiB), 2^30 bytes.
 */
const SNAPSHOT_BYTES = {
  S: '89009682-df7f-44fe-aeb1-63fba3ddbf4c',
  P: '95b0c03f-8a82-4524-8961-ccfbf575f536',
} as const;

/** 1 / 2^30, exact (2^-30 is a terminating decimal of 30 places). */
export const GB_PER_BYTE = '0.000000000931322574615478515625';

/**
 * Not counted: the actual on-disk size of managed disks, current (GB × month `7ba084ec`, `daef389a`)
 * and deprecated (bytes × hours `8a409390`, `1273b16f`). Each is a second measure of a disk the
 * tier meters already count at its SKU's size, which is what the stamp allocates against the quota;
 * adding it would count the disk twice.
 */
export const DISK_SIZE_METERS_NOT_COUNTED = [
  '7ba084ec-ef9c-4d64-a179-7732c6cb5e28',
  'daef389a-06e5-4684-a7f7-8813d9f792d5',
  '8a409390-1913-40ae-917b-08d0f16f3c38',
  '1273b16f-8458-4c34-8ce2-a515de551ef6',
].map((id) => id.replace(/-/g, ''));

function diskCapacity(family: 'S' | 'P'): Record<string, string> {
  const meters: Record<string, string> = {};
  for (const [tier, monthly, hourly] of DISK_TIERS) {
    if (!tier.startsWith(family)) continue;
    const gb = GB_PER_TIER[tier.slice(1)]!;
    meters[m(monthly)] = gb;
    meters[m(hourly)] = gb;
  }
  for (const snapshot of SNAPSHOTS[family]) meters[m(snapshot)] = '1';
  meters[m(SNAPSHOT_BYTES[family])] = GB_PER_BYTE;
  return meters;
}

const ones = (ids: readonly string[]) => Object.fromEntries(ids.map((id) => [m(id), '1']));

const STORAGE_CAPACITY = [
  'B4438D5D-453B-4EE1-B42A-DC72E377F1E4', // TableCapacity
  'B5C15376-6C94-4FDD-B655-1A69D138ACA3', // PageBlobCapacity
  'B03C6AE7-B080-4BFA-84A3-22C800F315C6', // QueueCapacity
  '09F8879E-87E9-4305-A572-4B7BE209F857', // BlockBlobCapacity
];
const STORAGE_ACTIVITY = [
  'B9FF3CD0-28AA-4762-84BB-FF8FBAEA6A90',
  '50A1AEAF-8ECA-48A0-8973-A5B3077FEE0D',
  '1B8C1DEC-EE42-414B-AA36-6229CF199370',
  '43DAF82B-4618-444A-B994-40C23F7CD438',
  '9764F92C-E44A-498E-8DC1-AAD66587A810',
  '3023FEF4-ECA5-4D7B-87B3-CFBC061931E8',
  'EB43DD12-1AA6-4C4B-872C-FAF15A6785EA',
  'E518E809-E369-4A45-9274-2017B29FFF25',
  'DD0A10BA-A5D6-4CB6-88C0-7D585CEF9FC2',
];
const IP_ADDRESSES = [
  'F271A8A388C44D93956A063E1D2FA80B', // Static IP Address Usage
  '9E2739BA86744796B465F64674B822BA', // Dynamic IP Address Usage
  'f114cb19-ea64-40b5-bcd7-aee474b62853', // Public IP Address Usage (Technical Preview)
];
const VCPU_HOURS = [
  'FAB6EB84-500B-4A09-A8CA-7358F8BBAEA5', // Base VM Size Hours
  '9CD92D4C-BAFD-4492-B278-BEDC2DE8232A', // Windows VM Size Hours
];
const VM_HOURS = '6DAB500F-A4FD-49C4-956D-229BB9C8C793';

const COMPUTE = 'Microsoft.Compute.Admin';
const STORAGE = 'Microsoft.Storage.Admin';
const NETWORK = 'Microsoft.Network.Admin';

const untracked = (provider: string, property: string, unit: string, why: string): QuotaMapping => ({
  provider,
  property,
  unit,
  measure: null,
  explanation: why,
});

/** The mapping (the table above), one entry per provider property the CMS stores. */
export const QUOTA_MAPPINGS: readonly QuotaMapping[] = [
  {
    provider: COMPUTE,
    property: 'coresLimit',
    unit: 'vCPUs',
    measure: { kind: 'sum', meters: ones(VCPU_HOURS) },
    explanation:
      'vCPU-hours of the Base and Windows VM size meters in the hour (a VM running all hour counts its vCPUs).',
  },
  {
    provider: COMPUTE,
    property: 'virtualMachineCount',
    unit: 'VMs',
    measure: { kind: 'distinct', meters: [m(VM_HOURS)] },
    explanation: 'Distinct virtual machines with VM-hours in the hour.',
  },
  {
    provider: COMPUTE,
    property: 'maxAllocationStandardManagedDisksAndSnapshots',
    unit: 'GB',
    measure: { kind: 'sum', meters: diskCapacity('S') },
    explanation:
      "Standard managed disks at their tier's size (S4 32 GB … S50 4096 GB) plus the actual size of standard snapshots, in the hour.",
  },
  {
    provider: COMPUTE,
    property: 'maxAllocationPremiumManagedDisksAndSnapshots',
    unit: 'GB',
    measure: { kind: 'sum', meters: diskCapacity('P') },
    explanation:
      "Premium managed disks at their tier's size (P4 32 GB … P50 4096 GB) plus the actual size of premium snapshots, in the hour.",
  },
  untracked(
    COMPUTE,
    'availabilitySetCount',
    'availability sets',
    'No usage meter reports availability sets.',
  ),
  untracked(
    COMPUTE,
    'vmScaleSetCount',
    'scale sets',
    'No usage meter reports VM scale sets (their VMs count as VMs).',
  ),
  untracked(COMPUTE, 'ddagpuCount', 'GPUs', 'No usage meter reports GPUs.'),
  untracked(COMPUTE, 'partitionedGpuCount', 'GPUs', 'No usage meter reports GPUs.'),
  {
    provider: STORAGE,
    property: 'capacityInGb',
    unit: 'GB',
    measure: { kind: 'sum', meters: ones(STORAGE_CAPACITY) },
    explanation:
      'GB-hours of the table, page blob, queue and block blob capacity meters in the hour (the GB held).',
  },
  {
    provider: STORAGE,
    property: 'numberOfStorageAccounts',
    unit: 'storage accounts',
    measure: { kind: 'distinct', meters: [...STORAGE_CAPACITY, ...STORAGE_ACTIVITY].map(m) },
    explanation:
      'Distinct storage accounts with any storage meter in the hour (an account holding nothing and unused reports no usage).',
  },
  {
    provider: NETWORK,
    property: 'maxPublicIpsPerSubscription',
    unit: 'IP addresses',
    measure: { kind: 'distinct', meters: IP_ADDRESSES.map(m) },
    explanation: 'Distinct IP addresses with static or dynamic IP-hours in the hour.',
  },
  untracked(
    NETWORK,
    'maxVnetsPerSubscription',
    'virtual networks',
    'No usage meter reports virtual networks.',
  ),
  untracked(
    NETWORK,
    'maxNicsPerSubscription',
    'network interfaces',
    'No usage meter reports network interfaces.',
  ),
  untracked(
    NETWORK,
    'maxSecurityGroupsPerSubscription',
    'security groups',
    'No usage meter reports network security groups.',
  ),
  untracked(
    NETWORK,
    'maxLoadBalancersPerSubscription',
    'load balancers',
    'No usage meter reports load balancers.',
  ),
  untracked(
    NETWORK,
    'maxVirtualNetworkGatewaysPerSubscription',
    'gateways',
    'No usage meter reports virtual network gateways.',
  ),
  untracked(
    NETWORK,
    'maxVirtualNetworkGatewayConnectionsPerSubscription',
    'connections',
    'No usage meter reports gateway connections.',
  ),
];

const BY_PROPERTY = new Map(QUOTA_MAPPINGS.map((q) => [`${q.provider.toLowerCase()}|${q.property}`, q]));

/** The mapping of a provider's property; a property the table does not know is untracked. */
export function quotaMapping(provider: string, property: string): QuotaMapping {
  return (
    BY_PROPERTY.get(`${provider.toLowerCase()}|${property}`) ??
    untracked(provider, property, '', 'No usage meter is known to measure this quota property.')
  );
}

/** The meters a measure reads, sorted. */
export function metersOf(measure: QuotaMeasure): string[] {
  return (measure.kind === 'sum' ? Object.keys(measure.meters) : [...measure.meters]).sort();
}

/**
 * The top-level resource of a usage record's resource URI: lower case, `/` separators, up to the
 * resource's name (`/subscriptions/{s}/resourcegroups/{rg}/providers/{ns}/{type}/{name}`, G4).
 */
export function topLevelResource(resourceUri: string): string {
  const parts = resourceUri.toLowerCase().replace(/\\/g, '/').split('/');
  return parts.slice(0, 9).join('/');
}

export interface MeasuredRecord {
  meterId: string;
  resourceUri: string;
  quantity: Decimal;
}

const ZERO = decimal('0');

/** The consumption a measure gives over one hour's records (exact). */
export function measure(measure: QuotaMeasure, records: readonly MeasuredRecord[]): Decimal {
  if (measure.kind === 'sum') {
    let total = ZERO;
    for (const r of records) {
      const factor = measure.meters[r.meterId];
      if (factor !== undefined) total = total.plus(r.quantity.times(decimal(factor)));
    }
    return total;
  }
  const meters = new Set(measure.meters);
  const resources = new Set<string>();
  for (const r of records) {
    if (meters.has(r.meterId) && r.quantity.gt(ZERO)) resources.add(topLevelResource(r.resourceUri));
  }
  return decimal(String(resources.size));
}
