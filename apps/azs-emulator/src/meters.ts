/**
 * Meter ids exactly as the emulator emits them. The casing and dash formatting copy the observed
 * wire format (spec §8 G5): upper case for storage, SQL, Key Vault and App Service, lower case for
 * compute and disks, and the IP meters without dashes, as documented. A client must normalise them.
 */
export const METERS = {
  vmHours: '6dab500f-a4fd-49c4-956d-229bb9c8c793',
  windowsVcoreHours: '9cd92d4c-bafd-4492-b278-bedc2de8232a',
  baseVcoreHours: 'fab6eb84-500b-4a09-a8ca-7358f8bbaea5',
  staticIp: 'F271A8A388C44D93956A063E1D2FA80B',
  dynamicIp: '9E2739BA86744796B465F64674B822BA',
  tableCapacity: 'B4438D5D-453B-4EE1-B42A-DC72E377F1E4',
  pageBlobCapacity: 'B5C15376-6C94-4FDD-B655-1A69D138ACA3',
  queueCapacity: 'B03C6AE7-B080-4BFA-84A3-22C800F315C6',
  blockBlobCapacity: '09F8879E-87E9-4305-A572-4B7BE209F857',
  blobTransactions: '43DAF82B-4618-444A-B994-40C23F7CD438',
  blobDataTransIn: '9764F92C-E44A-498E-8DC1-AAD66587A810',
  blobDataTransOut: '3023FEF4-ECA5-4D7B-87B3-CFBC061931E8',
  sqlDatabaseSize: 'CBCFEF9A-B91F-4597-A4D3-01FE334BED82',
  mySqlDatabaseSize: 'E6D8CFCD-7734-495E-B1CC-5AB0B9C24BD3',
  keyVaultTransactions: 'EBF13B9F-B3EA-46FE-BF54-396E93D48AB4',
  actualStandardDiskSize: '7ba084ec-ef9c-4d64-a179-7732c6cb5e28',
  actualPremiumDiskSize: 'daef389a-06e5-4684-a7f7-8813d9f792d5',
} as const;

/** Managed-disk SKUs and their monthly meters (§5.4): billed as disks × month, emitted hourly. */
export const DISK_SKU_METERS: Record<string, string> = {
  S4: '380874f9-300c-48e0-95a0-d2d9a21ade8f',
  S6: '1b77d90f-427b-4435-b4f1-d78adec53222',
  S10: 'd5f7731b-f639-404a-89d0-e46186e22c8d',
  S15: 'ff85ef31-da5b-4eac-95dd-a69d6f97b18a',
  S20: '88ea9228-457a-4091-adc9-ad5194f30b6e',
  S30: '5b1db88a-8596-4002-8052-347947c26940',
  P4: '7660b45b-b29d-49cb-b816-59f30fbab011',
  P6: '817007fd-a077-477f-bc01-b876f27205fd',
  P10: 'e554b6bc-96cd-4938-a5b5-0da990278519',
  P15: 'cdc0f53a-62a9-4472-a06c-e99a23b02907',
  P20: 'b9cb2d1a-84c2-4275-aa8b-70d2145d59aa',
  P30: '06bde724-9f94-43c0-84c3-d0fc54538369',
};

/** App Service tiers (§5.8), metered per instance-hour. */
export const APP_SERVICE_TIER_METERS: Record<string, string> = {
  F1: '539CDEC7-B4F5-49F6-AAC4-1F15CFF0EDA9',
  D1: '957E9F36-2C14-45A1-B6A1-1723EF71A01D',
  B1: 'db658d61-ef2d-4888-9843-72f5c774fd3c',
  B2: '27b01104-e0df-4f30-a171-f1b00ecb76b3',
  B3: '50db6a92-5dff-4c9b-8238-8ea5fb1be107',
  S1: '88039d51-a206-3a89-e9de-c5117e2d10a6',
  S2: '83A2A13E-4788-78DD-5D55-2831B68ED825',
  S3: '1083B9DB-E9BB-24BE-A5E9-D6FDD0DDEFE6',
  P1: '26bd6580-c3bd-4e7e-8092-58b28eb1bb94',
  P2: 'a1cba406-e83e-45c3-bd36-485191c215d9',
  P3: 'a2104a9d-5a78-4f8f-a2df-034bd43d602d',
};

/** vCores per VM size; the vCore meters report vCores × hours (§5.3). */
export const VM_SIZE_VCORES: Record<string, number> = {
  Standard_A0: 1,
  Standard_A1: 1,
  Standard_A2: 2,
  Standard_A3: 4,
  Standard_A4: 8,
  Standard_A1_v2: 1,
  Standard_A2_v2: 2,
  Standard_A4_v2: 4,
  Standard_A8_v2: 8,
  Standard_D1_v2: 1,
  Standard_D2_v2: 2,
  Standard_D3_v2: 4,
  Standard_D4_v2: 8,
  Standard_D5_v2: 16,
  Standard_DS1_v2: 1,
  Standard_DS2_v2: 2,
  Standard_DS3_v2: 4,
  Standard_DS4_v2: 8,
  Standard_F1s: 1,
  Standard_F2s: 2,
  Standard_F4s: 4,
  Standard_F8s: 8,
  Standard_F2s_v2: 2,
  Standard_F4s_v2: 4,
  Standard_F8s_v2: 8,
  Standard_F16s_v2: 16,
};

/** Monthly meters: the emulator reports them every hour as a fraction of the UTC month (§5.4, G16). */
export const MONTHLY_METERS = new Set<string>([
  ...Object.values(DISK_SKU_METERS),
  METERS.actualStandardDiskSize,
  METERS.actualPremiumDiskSize,
]);
