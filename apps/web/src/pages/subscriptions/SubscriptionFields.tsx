import { SimpleGrid, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { regionsApi } from '../../api/regions.ts';
import type { Me, Subscription } from '../../api/types.ts';
import { can } from '../../app/access.ts';
import { useLabels } from '../../app/labels.ts';
import { RemoteSelect } from '../../components/RemoteSelect.tsx';

export interface SubscriptionValues {
  name: string;
  tenantId: string | null;
  status: 'active' | 'suspended' | 'cancelled';
  directoryId: string;
  initialOwner: string;
  regionId: string | null;
  azsSubscriptionId: string;
}

/** Placing a subscription on a region and linking its Azure Stack id is for platform administrators. */
export function placesOnRegions(me: Me): boolean {
  return me.organisation.kind === 'platform' && can(me, 'regions.list') && can(me, 'subscriptions.update');
}

/** The region fields of an update: only what changed, so partner edits never send them. */
export function regionChanges(sub: Subscription | undefined, v: SubscriptionValues) {
  const azs = v.azsSubscriptionId.trim() === '' ? null : v.azsSubscriptionId.trim();
  return {
    ...(v.regionId !== (sub?.regionId ?? null) ? { regionId: v.regionId } : {}),
    ...(azs !== (sub?.azsSubscriptionId ?? null) ? { azsSubscriptionId: azs } : {}),
  };
}

/** Region and Azure Stack subscription id (platform administrators). */
export function SubscriptionRegionFields({ form }: { form: UseFormReturnType<SubscriptionValues> }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <RemoteSelect
        label="Region"
        description="The Azure Stack Hub region or import source it lives on"
        clearable
        cacheKey={['regions', 'options']}
        value={form.values.regionId}
        onChange={(id) => form.setFieldValue('regionId', id)}
        error={form.errors.regionId}
        search={async (q) =>
          (await regionsApi.list({ limit: 20, sort: 'name', ...(q ? { q } : {}) })).items.map((r) => ({
            value: r.id,
            label: r.name,
          }))
        }
        lookup={async (id) => {
          const r = await regionsApi.get(id);
          return { value: r.id, label: r.name };
        }}
      />
      <TextInput
        label="Azure Stack subscription id"
        description="Its subscription id on the region (a GUID); one subscription per id and region"
        disabled={form.values.regionId === null}
        {...form.getInputProps('azsSubscriptionId')}
      />
    </SimpleGrid>
  );
}

/** Name, Entra directory and initial owner: the fields create and edit share. */
export function SubscriptionFields({ form }: { form: UseFormReturnType<SubscriptionValues> }) {
  const labels = useLabels();
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <TextInput label={`${labels.subscription.singular} name`} required {...form.getInputProps('name')} />
      <TextInput
        label="Entra directory"
        description="Microsoft Entra tenant id or domain of the subscription"
        {...form.getInputProps('directoryId')}
      />
      <TextInput
        label="Initial owner"
        description="User principal name or e-mail address"
        {...form.getInputProps('initialOwner')}
      />
    </SimpleGrid>
  );
}
