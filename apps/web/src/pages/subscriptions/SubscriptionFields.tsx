import { SimpleGrid, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useLabels } from '../../app/labels.ts';

export interface SubscriptionValues {
  name: string;
  tenantId: string | null;
  status: 'active' | 'suspended' | 'cancelled';
  directoryId: string;
  initialOwner: string;
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
