import { Anchor, Button, Group, Paper, Stack, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { keys } from '../../api/keys.ts';
import { subscriptionsApi } from '../../api/subscriptions.ts';
import type { Me, Subscription } from '../../api/types.ts';
import { can } from '../../app/access.ts';
import { lower, useLabels } from '../../app/labels.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { DetailList } from '../../components/DetailList.tsx';
import { StatusBadge, Timestamp } from '../../components/format.tsx';
import { FormError, orNull, useFormSubmit } from '../../components/forms.tsx';
import { OrgName } from '../../components/orgs.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryState } from '../../components/states.tsx';
import { useUnsavedChangesGuard } from '../../components/useUnsavedChangesGuard.ts';
import { SubscriptionCostToDate, SubscriptionRatedUsage } from './SubscriptionCost.tsx';
import {
  placesOnRegions,
  regionChanges,
  SubscriptionFields,
  SubscriptionRegionFields,
  type SubscriptionValues,
} from './SubscriptionFields.tsx';
import { SubscriptionLifecycle } from './SubscriptionLifecycle.tsx';
import { SubscriptionQuotas } from './SubscriptionQuotas.tsx';
import { SubscriptionUsage } from './SubscriptionUsage.tsx';

function EditSubscription({ sub, me }: { sub: Subscription; me: Me }) {
  const labels = useLabels();
  const placing = placesOnRegions(me);
  const form = useForm<SubscriptionValues>({
    mode: 'controlled',
    initialValues: {
      name: sub.name,
      tenantId: sub.tenantId,
      status: sub.status,
      directoryId: sub.directoryId ?? '',
      initialOwner: sub.initialOwner ?? '',
      regionId: sub.regionId,
      azsSubscriptionId: sub.azsSubscriptionId ?? '',
    },
    validate: { name: (v) => (v.trim() ? null : 'Enter a name.') },
  });
  useUnsavedChangesGuard(form.isDirty());
  const submit = useFormSubmit(
    form,
    (v: SubscriptionValues) =>
      subscriptionsApi.update(sub.id, {
        name: v.name.trim(),
        directoryId: orNull(v.directoryId),
        initialOwner: orNull(v.initialOwner),
        ...(placing ? regionChanges(sub, v) : {}),
      }),
    {
      invalidate: [keys.all('subscriptions')],
      success: (s) => `${labels.subscription.singular} “${s.name}” was saved.`,
      onSuccess: (s) => form.resetDirty({ ...form.values, name: s.name }),
    },
  );
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="edit-subscription">
      <Title order={2} size="h4" mb="sm" id="edit-subscription">
        Edit
      </Title>
      <form onSubmit={submit.onSubmit} noValidate>
        <Stack>
          <SubscriptionFields form={form} />
          {placing && <SubscriptionRegionFields form={form} />}
          <FormError problem={submit.problem} />
          <Group>
            <Button type="submit" loading={submit.pending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

const ORIGIN_NAMES: Record<Subscription['origin'], string> = {
  manual: 'Created in the CMS',
  linked: 'Linked Azure Stack subscription',
  auto_created: 'Created from a platform subscription',
};

const PROVISIONING_NAMES: Record<Subscription['provisioningState'], string> = {
  not_provisioned: 'Not provisioned by the CMS',
  provisioning: 'Waiting for the region',
  provisioned: 'Provisioned on its region',
  failed: 'Failed',
};

function Details({ sub, me }: { sub: Subscription; me: Me }) {
  const labels = useLabels();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="subscription-details">
      <Title order={2} size="h4" mb="sm" id="subscription-details">
        Details
      </Title>
      <DetailList
        items={[
          { label: labels.tenant.singular, value: <OrgName id={sub.tenantId} me={me} /> },
          { label: 'Status', value: <StatusBadge status={sub.status} /> },
          { label: 'Provisioning', value: PROVISIONING_NAMES[sub.provisioningState] },
          { label: 'State on the region', value: sub.regionState },
          {
            label: 'Offer',
            value:
              sub.offerId && can(me, 'offers.get') ? (
                <Anchor component={Link} to={`/offers/${sub.offerId}`} underline="always">
                  {sub.offerId}
                </Anchor>
              ) : (
                sub.offerId
              ),
          },
          {
            label: 'Deleted on the region',
            value: sub.regionDeletedAt && <Timestamp value={sub.regionDeletedAt} />,
          },
          { label: 'Entra directory', value: sub.directoryId },
          { label: 'Initial owner', value: sub.initialOwner },
          {
            label: 'Region',
            value:
              sub.regionId && sub.regionName && can(me, 'regions.get') ? (
                <Anchor component={Link} to={`/regions/${sub.regionId}`}>
                  {sub.regionName}
                </Anchor>
              ) : (
                sub.regionName
              ),
          },
          {
            label: 'Azure Stack subscription id',
            value: sub.azsSubscriptionId && <span className="mono">{sub.azsSubscriptionId}</span>,
          },
          {
            label: 'Billable from',
            value: sub.billableFrom ? <Timestamp value={sub.billableFrom} /> : 'Its creation',
          },
          { label: 'Origin', value: ORIGIN_NAMES[sub.origin] },
          { label: 'Created', value: <Timestamp value={sub.createdAt} /> },
          { label: 'Updated', value: <Timestamp value={sub.updatedAt} /> },
          { label: 'Id', value: <span className="mono">{sub.id}</span> },
        ]}
      />
    </Paper>
  );
}

/** Administration → Subscriptions → select one: details, edit, delete. */
export default function SubscriptionPage() {
  const labels = useLabels();
  const me = useCurrentMe();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: keys.detail('subscriptions', id),
    queryFn: () => subscriptionsApi.get(id),
  });
  const sub = query.data;
  return (
    <>
      <PageHeader
        title={sub?.name ?? labels.subscription.singular}
        back={{ to: '/subscriptions', label: labels.subscription.plural }}
        actions={
          sub &&
          can(me, 'subscriptions.delete') && (
            <ConfirmButton
              label="Delete"
              title={`Delete ${lower(labels.subscription.singular)} “${sub.name}”?`}
              message={`The ${lower(labels.subscription.singular)} is removed from every list; its history stays in the audit log.`}
              confirmLabel="Delete"
              success={`${labels.subscription.singular} “${sub.name}” was deleted.`}
              onConfirm={() => subscriptionsApi.remove(sub.id)}
              onDone={() => {
                navigate('/subscriptions');
                for (const queryKey of keys.lists('subscriptions'))
                  void queryClient.invalidateQueries({ queryKey });
              }}
            />
          )
        }
      />
      <QueryState query={query}>
        {(s) => (
          <Stack gap="lg">
            <Details sub={s} me={me} />
            {can(me, 'subscriptions.costToDate') && <SubscriptionCostToDate sub={s} />}
            {(can(me, 'subscriptions.suspend') || can(me, 'subscriptions.regionDelete')) && (
              <SubscriptionLifecycle sub={s} me={me} />
            )}
            {can(me, 'subscriptions.quotas') && <SubscriptionQuotas sub={s} me={me} />}
            {can(me, 'subscriptions.usage') && <SubscriptionUsage sub={s} me={me} />}
            {can(me, 'subscriptions.ratedLines') && <SubscriptionRatedUsage sub={s} me={me} />}
            {can(me, 'subscriptions.update') && <EditSubscription sub={s} me={me} />}
          </Stack>
        )}
      </QueryState>
    </>
  );
}
