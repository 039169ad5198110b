import {
  Alert,
  Badge,
  Button,
  Group,
  List,
  NumberInput,
  PasswordInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { errorMessage } from '../../api/errors.ts';
import type { Region, RegionConnectionTest } from '../../api/types.ts';

export type RegionKind = Region['kind'];

export interface RegionValues {
  kind: RegionKind;
  name: string;
  description: string;
  timeZone: string;
  armEndpoint: string;
  directoryTenant: string;
  clientId: string;
  clientSecret: string;
  providerSubscriptionId: string;
  collectionWindowHours: number | string;
  schedule: string;
  enabled: boolean;
}

export const KIND_NAMES: Record<RegionKind, string> = {
  azure_stack: 'Azure Stack Hub',
  import: 'Import source',
};

export const IDENTITY_NAMES: Record<NonNullable<Region['identitySystem']>, string> = {
  entra: 'Microsoft Entra ID',
  adfs: 'AD FS',
};

export function initialValues(region?: Region): RegionValues {
  return {
    kind: region?.kind ?? 'azure_stack',
    name: region?.name ?? '',
    description: region?.description ?? '',
    timeZone: region?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    armEndpoint: region?.armEndpoint ?? '',
    directoryTenant: region?.directoryTenant ?? '',
    clientId: region?.clientId ?? '',
    clientSecret: '',
    providerSubscriptionId: region?.providerSubscriptionId ?? '',
    collectionWindowHours: region?.collectionWindowHours ?? 6,
    schedule: region?.schedule ?? '15 * * * *',
    enabled: region?.enabled ?? true,
  };
}

const orUndefined = (v: string) => (v.trim() === '' ? undefined : v.trim());

/** The create body (also what an unsaved form's connection test takes). */
export function createBody(v: RegionValues) {
  const common = {
    name: v.name.trim(),
    description: v.description.trim() === '' ? null : v.description.trim(),
    timeZone: v.timeZone.trim(),
  };
  if (v.kind === 'import') return { kind: 'import' as const, ...common };
  return {
    kind: 'azure_stack' as const,
    ...common,
    armEndpoint: v.armEndpoint.trim(),
    directoryTenant: orUndefined(v.directoryTenant),
    clientId: v.clientId.trim(),
    clientSecret: v.clientSecret,
    providerSubscriptionId: orUndefined(v.providerSubscriptionId),
    collectionWindowHours: Number(v.collectionWindowHours),
    schedule: v.schedule.trim(),
    enabled: v.enabled,
  };
}

/** What changed, as an update body: the secret only when a new one was typed. */
export function updateBody(region: Region, v: RegionValues) {
  const body: Record<string, unknown> = {
    name: v.name.trim(),
    description: v.description.trim() === '' ? null : v.description.trim(),
  };
  if (v.timeZone.trim() !== region.timeZone) body.timeZone = v.timeZone.trim();
  if (region.kind === 'azure_stack') {
    if (v.armEndpoint.trim() !== region.armEndpoint) body.armEndpoint = v.armEndpoint.trim();
    const tenant = v.directoryTenant.trim() === '' ? null : v.directoryTenant.trim();
    if (tenant !== region.directoryTenant) body.directoryTenant = tenant;
    if (v.clientId.trim() !== region.clientId) body.clientId = v.clientId.trim();
    if (v.clientSecret !== '') body.clientSecret = v.clientSecret;
    const provider = v.providerSubscriptionId.trim() === '' ? null : v.providerSubscriptionId.trim();
    if (provider !== region.providerSubscriptionId) body.providerSubscriptionId = provider;
    body.collectionWindowHours = Number(v.collectionWindowHours);
    body.schedule = v.schedule.trim();
    body.enabled = v.enabled;
  }
  return body;
}

/**
 * The region form. The kind is chosen once, on create; an import source has a name, a
 * description and a time zone only. The client secret is write-only: the field starts empty and
 * says whether one is stored.
 */
export function RegionFields({
  form,
  region,
  timeZoneLocked,
}: {
  form: UseFormReturnType<RegionValues>;
  region?: Region;
  timeZoneLocked?: boolean;
}) {
  const stamp = form.values.kind === 'azure_stack';
  return (
    <Stack>
      {!region && (
        <SegmentedControl
          aria-label="Kind"
          data={[
            { value: 'azure_stack', label: KIND_NAMES.azure_stack },
            { value: 'import', label: KIND_NAMES.import },
          ]}
          {...form.getInputProps('kind')}
        />
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label="Region name" required {...form.getInputProps('name')} />
        <TextInput
          label="Time zone"
          description={
            timeZoneLocked
              ? 'Locked: the region has usage, whose local days are in this zone'
              : 'IANA name, e.g. Europe/London; local days and the schedule are in it'
          }
          required
          disabled={timeZoneLocked}
          {...form.getInputProps('timeZone')}
        />
      </SimpleGrid>
      <TextInput label="Description" {...form.getInputProps('description')} />
      {stamp && (
        <>
          <TextInput
            label="Admin ARM endpoint"
            description="e.g. https://adminmanagement.local.azurestack.external (http only on this machine)"
            required
            {...form.getInputProps('armEndpoint')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Directory tenant"
              description="GUID or domain; needed when the stamp uses Microsoft Entra ID"
              {...form.getInputProps('directoryTenant')}
            />
            <TextInput label="Client id" required {...form.getInputProps('clientId')} />
            <PasswordInput
              label="Client secret"
              description={
                region?.clientSecretSet
                  ? 'Set; stored encrypted and never shown. Type a new one to replace it'
                  : 'Stored encrypted, never shown'
              }
              required={!region}
              autoComplete="new-password"
              {...form.getInputProps('clientSecret')}
            />
            <TextInput
              label="Provider subscription"
              description="Leave empty to discover the Default Provider Subscription"
              {...form.getInputProps('providerSubscriptionId')}
            />
            <NumberInput
              label="Collection window (hours)"
              description="Hours re-scanned on every run for late records (1–72)"
              min={1}
              max={72}
              allowDecimal={false}
              {...form.getInputProps('collectionWindowHours')}
            />
            <TextInput
              label="Schedule"
              description="Cron (minute hour day month weekday) in the region's time zone"
              {...form.getInputProps('schedule')}
            />
          </SimpleGrid>
          <Switch
            label="Collect usage on the schedule"
            {...form.getInputProps('enabled', { type: 'checkbox' })}
          />
        </>
      )}
    </Stack>
  );
}

const STEP_NAMES: Record<RegionConnectionTest['steps'][number]['step'], string> = {
  metadata: 'Metadata endpoint',
  token: 'Token',
  usage: 'Usage API',
  admin: 'Admin API',
};
const STEP_COLORS = { ok: 'green', error: 'red', skipped: 'gray' } as const;

/** A "Test connection" button with each step's outcome shown below it. */
export function ConnectionTestButton({ run }: { run: () => Promise<RegionConnectionTest> }) {
  const test = useMutation({ mutationFn: run });
  return (
    <Stack gap="xs">
      <Group>
        <Button variant="default" onClick={() => test.mutate()} loading={test.isPending}>
          Test connection
        </Button>
        {test.data && (
          <Text size="sm" c={test.data.ok ? 'green.8' : 'red.8'} role="status">
            {test.data.ok ? 'The connection works.' : 'The connection failed.'}
          </Text>
        )}
      </Group>
      {test.isError && (
        <Alert color="red" title="The test could not run">
          {errorMessage(test.error)}
        </Alert>
      )}
      {test.data && (
        <List spacing="xs" listStyleType="none" aria-label="Connection test steps">
          {test.data.steps.map((s) => (
            <List.Item key={s.step}>
              <Group gap="xs" wrap="nowrap" align="flex-start">
                <Badge color={STEP_COLORS[s.status]} variant="light" w={80}>
                  {s.status}
                </Badge>
                <Text size="sm">
                  <strong>{STEP_NAMES[s.step]}:</strong> {s.message}
                </Text>
              </Group>
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
