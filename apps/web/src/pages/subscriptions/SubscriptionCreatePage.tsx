import { Button, Group, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useNavigate } from 'react-router';
import { keys } from '../../api/keys.ts';
import { subscriptionsApi } from '../../api/subscriptions.ts';
import { above } from '../../app/access.ts';
import { lower, useLabels } from '../../app/labels.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { FormError, orNull, useFormSubmit } from '../../components/forms.tsx';
import { OrganisationSelect } from '../../components/orgs.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useUnsavedChangesGuard } from '../../components/useUnsavedChangesGuard.ts';
import {
  placesOnRegions,
  regionChanges,
  SubscriptionFields,
  SubscriptionRegionFields,
  type SubscriptionValues,
} from './SubscriptionFields.tsx';

/** Administration → Subscriptions → Create. */
export default function SubscriptionCreatePage() {
  const labels = useLabels();
  const me = useCurrentMe();
  const navigate = useNavigate();
  const pickTenant = above(me, 'tenant');
  const placing = placesOnRegions(me);
  const form = useForm<SubscriptionValues>({
    mode: 'controlled',
    initialValues: {
      name: '',
      tenantId: null,
      status: 'active',
      directoryId: '',
      initialOwner: '',
      regionId: null,
      azsSubscriptionId: '',
    },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter a name.'),
      tenantId: (v) => (!pickTenant || v ? null : 'Select the tenant.'),
    },
  });
  const guard = useUnsavedChangesGuard(form.isDirty());
  const submit = useFormSubmit(
    form,
    (v: SubscriptionValues) =>
      subscriptionsApi.create({
        name: v.name.trim(),
        directoryId: orNull(v.directoryId),
        initialOwner: orNull(v.initialOwner),
        ...(pickTenant && v.tenantId ? { tenantId: v.tenantId } : {}),
        ...(placing ? regionChanges(undefined, v) : {}),
      }),
    {
      invalidate: [keys.all('subscriptions')],
      success: (s) => `${labels.subscription.singular} “${s.name}” was created.`,
      onSuccess: (s) => {
        guard.release();
        navigate(`/subscriptions/${s.id}`);
      },
    },
  );
  return (
    <>
      <PageHeader
        title={`Create ${lower(labels.subscription.singular)}`}
        back={{ to: '/subscriptions', label: labels.subscription.plural }}
      />
      <form onSubmit={submit.onSubmit} noValidate>
        <Stack maw={800}>
          {pickTenant && (
            <OrganisationSelect
              kind="tenant"
              label={labels.tenant.singular}
              required
              value={form.values.tenantId}
              onChange={(id) => form.setFieldValue('tenantId', id)}
              error={form.errors.tenantId}
            />
          )}
          <SubscriptionFields form={form} />
          {placing && <SubscriptionRegionFields form={form} />}
          <FormError problem={submit.problem} />
          <Group>
            <Button type="submit" loading={submit.pending}>
              Save
            </Button>
            <Button variant="default" onClick={() => navigate('/subscriptions')}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
