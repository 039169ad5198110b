import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
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

/**
 * Administration → Subscriptions → Create: the tenant, the offer (which decides the region it is
 * provisioned on), the Entra directory and its owner, then Save. Without an offer the subscription
 * is a record the CMS does not provision (as before regions existed).
 */
export default function SubscriptionCreatePage() {
  const labels = useLabels();
  const me = useCurrentMe();
  const navigate = useNavigate();
  const pickTenant = above(me, 'tenant');
  const [offerId, setOfferId] = useState<string | null>(null);
  const placing = placesOnRegions(me) && offerId === null;
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
      initialOwner: (v) => (offerId === null || v.trim() ? null : 'Enter the owner on the region.'),
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
        ...(offerId ? { offerId } : {}),
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
          {can(me, 'offers.list') && (
            <RemoteSelect
              label="Offer"
              description="Provisions it on the offer's region; leave empty for a record the CMS does not provision"
              clearable
              cacheKey={['offers', 'options']}
              value={offerId}
              onChange={setOfferId}
              search={async (q) =>
                (await offersApi.list({ limit: 20, sort: 'name', ...(q ? { q } : {}) })).items
                  .filter((o) => o.publication !== 'decommissioned')
                  .map((o) => ({
                    value: o.id,
                    label: o.region.name ? `${o.displayName} (${o.region.name})` : o.displayName,
                  }))
              }
              lookup={async (id) => {
                const o = await offersApi.get(id);
                return { value: o.id, label: o.displayName };
              }}
            />
          )}
          {offerId && (
            <Title order={2} size="h5">
              Directory and owner on the region
            </Title>
          )}
          <SubscriptionFields form={form} />
          {offerId && (
            <Text size="sm" c="dimmed">
              Saving creates the {lower(labels.subscription.singular)} on the region at once; if the region
              does not answer, it stays “waiting for the region” and is finished when it does.
            </Text>
          )}
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
