import { Button, Group, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useNavigate } from 'react-router';
import { keys } from '../../api/keys.ts';
import { offersApi } from '../../api/offers.ts';
import { subscriptionsApi } from '../../api/subscriptions.ts';
import { above, can } from '../../app/access.ts';
import { lower, useLabels } from '../../app/labels.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { FormError, orNull, useFormSubmit } from '../../components/forms.tsx';
import { OrganisationSelect } from '../../components/orgs.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RemoteSelect } from '../../components/RemoteSelect.tsx';
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
  const offers = can(me, 'offers.list');
  const form = useForm<SubscriptionValues & { offerId: string | null }>({
    mode: 'controlled',
    initialValues: {
      name: '',
      tenantId: null,
      status: 'active',
      directoryId: '',
      initialOwner: '',
      regionId: null,
      azsSubscriptionId: '',
      offerId: null,
    },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter a name.'),
      tenantId: (v) => (!pickTenant || v ? null : 'Select the tenant.'),
      // Provisioned on the offer's region, where it needs its owner.
      initialOwner: (v, values) =>
        values.offerId === null || v.trim() ? null : 'Enter its owner on the region.',
    },
  });
  const guard = useUnsavedChangesGuard(form.isDirty());
  const submit = useFormSubmit(
    form,
    (v: SubscriptionValues & { offerId: string | null }) =>
      subscriptionsApi.create({
        name: v.name.trim(),
        directoryId: orNull(v.directoryId),
        initialOwner: orNull(v.initialOwner),
        ...(pickTenant && v.tenantId ? { tenantId: v.tenantId } : {}),
        ...(v.offerId ? { offerId: v.offerId } : placing ? regionChanges(undefined, v) : {}),
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
          {offers && (
            <RemoteSelect
              label="Offer"
              description="Provision it on the offer's region from this offer; leave empty for a record the CMS does not provision"
              clearable
              maw={400}
              cacheKey={['offers', 'options']}
              value={form.values.offerId}
              onChange={(id) => form.setFieldValue('offerId', id)}
              error={form.errors.offerId}
              search={async (q) =>
                (await offersApi.list({ limit: 20, sort: 'name', ...(q ? { q } : {}) })).items
                  .filter((o) => o.publication !== 'decommissioned')
                  .map((o) => ({ value: o.id, label: `${o.displayName} (${o.region.name ?? o.region.id})` }))
              }
              lookup={async (id) => {
                const o = await offersApi.get(id);
                return { value: o.id, label: o.displayName };
              }}
            />
          )}
          <SubscriptionFields form={form} />
          {placing && form.values.offerId === null && <SubscriptionRegionFields form={form} />}
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
