import { CURRENCY_CODES } from '@cms/billing';
import { Button, Group, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useNavigate } from 'react-router';
import { keys } from '../../api/keys.ts';
import { pricingApi } from '../../api/pricing.ts';
import { FormError, orNull, useFormSubmit } from '../../components/forms.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useUnsavedChangesGuard } from '../../components/useUnsavedChangesGuard.ts';
import { ScopeFields, type ScopeValues, scopeBody } from './pricing-parts.tsx';

interface Values extends ScopeValues {
  displayName: string;
  description: string;
  currency: string | null;
}

/** Administration → Pricing → Create: a list for one region, tenant or subscription. */
export default function PriceListCreatePage() {
  const navigate = useNavigate();
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { scopeType: 'region', scopeId: null, displayName: '', description: '', currency: null },
    validate: {
      displayName: (v) => (v.trim() ? null : 'Enter a display name.'),
      scopeId: (v) => (v ? null : 'Choose the scope.'),
    },
  });
  const guard = useUnsavedChangesGuard(form.isDirty());
  const submit = useFormSubmit(
    form,
    (v: Values) =>
      pricingApi.create({
        ...scopeBody(v),
        displayName: v.displayName,
        description: orNull(v.description),
        ...(v.currency ? { currency: v.currency } : {}),
      }),
    {
      invalidate: [keys.all('priceLists')],
      success: (l) => `Price list “${l.displayName}” was created.`,
      // The scope's id field (regionId, tenantId, subscriptionId) shows on the one scope picker.
      rename: (field) =>
        /^body\.(regionId|tenantId|subscriptionId)$/.test(field) ? 'scopeId' : field.replace(/^body\./, ''),
      onSuccess: (l) => {
        guard.release();
        navigate(`/pricing/${l.id}`);
      },
    },
  );
  return (
    <>
      <PageHeader title="Create price list" back={{ to: '/pricing', label: 'Pricing' }} />
      <form onSubmit={submit.onSubmit} noValidate>
        <Stack maw={640}>
          <ScopeFields
            value={{ scopeType: form.values.scopeType, scopeId: form.values.scopeId }}
            onChange={(s) => form.setValues(s)}
            error={form.errors.scopeId}
          />
          <TextInput label="Display name" required {...form.getInputProps('displayName')} />
          <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
          <Select
            label="Currency"
            description="Default: the platform currency for a region, the tenant's for a tenant or a subscription"
            searchable
            clearable
            data={[...CURRENCY_CODES]}
            {...form.getInputProps('currency')}
          />
          <FormError problem={submit.problem} />
          <Group>
            <Button type="submit" loading={submit.pending}>
              Save
            </Button>
            <Button variant="default" onClick={() => navigate('/pricing')}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
