import {
  Anchor,
  Button,
  Group,
  List,
  MultiSelect,
  Paper,
  Stack,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { keys } from '../../api/keys.ts';
import { plansApi, quotasApi } from '../../api/offers.ts';
import type { Plan } from '../../api/types.ts';
import { can } from '../../app/access.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { DetailList } from '../../components/DetailList.tsx';
import { Timestamp } from '../../components/format.tsx';
import { FormError, orNull, useFormSubmit } from '../../components/forms.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryState } from '../../components/states.tsx';
import { useUnsavedChangesGuard } from '../../components/useUnsavedChangesGuard.ts';
import { GoneBadge, SyncNowButton } from './offer-parts.tsx';

function Details({ plan }: { plan: Plan }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="plan-details">
      <Title order={2} size="h4" mb="sm" id="plan-details">
        Details
      </Title>
      <DetailList
        items={[
          { label: 'Region', value: plan.region.name ?? plan.region.id },
          { label: 'Description', value: plan.description },
          {
            label: 'Name on the region',
            value: <span className="mono">{`${plan.resourceGroup}/${plan.name}`}</span>,
          },
          {
            label: 'Quotas',
            value: (
              <List size="sm" aria-label="Quotas">
                {plan.quotas.map((q) => (
                  <List.Item key={`${q.provider}/${q.name}`}>
                    {q.id ? (
                      <Anchor component={Link} to={`/quotas/${q.id}`}>
                        {`${q.provider}: ${q.name}`}
                      </Anchor>
                    ) : (
                      `${q.provider}: ${q.name} (not synced)`
                    )}
                  </List.Item>
                ))}
              </List>
            ),
          },
          { label: 'Subscriptions on the region', value: String(plan.subscriptionCount) },
          { label: 'Last synced', value: <Timestamp value={plan.syncedAt} /> },
          { label: 'Id', value: <span className="mono">{plan.id}</span> },
        ]}
      />
    </Paper>
  );
}

interface Values {
  displayName: string;
  description: string;
  quotaIds: string[];
}

const valuesOf = (plan: Plan): Values => ({
  displayName: plan.displayName,
  description: plan.description ?? '',
  quotaIds: plan.quotas.flatMap((q) => (q.id ? [q.id] : [])),
});

/** Written to the region first: display name, description, one quota per provider. */
function EditPlan({ plan }: { plan: Plan }) {
  const quotas = useQuery({
    queryKey: keys.list('quotas', { regionId: plan.region.id, limit: 200 }),
    queryFn: () => quotasApi.list({ regionId: plan.region.id, limit: 200, sort: 'name' }),
  });
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: valuesOf(plan),
    validate: { displayName: (v) => (v.trim() ? null : 'Enter a display name.') },
  });
  useUnsavedChangesGuard(form.isDirty());
  const submit = useFormSubmit(
    form,
    (v: Values) =>
      plansApi.update(plan.id, {
        displayName: v.displayName.trim(),
        description: orNull(v.description),
        quotaIds: v.quotaIds,
      }),
    {
      invalidate: [keys.all('plans')],
      success: (p) => `Plan “${p.displayName}” was saved on its region.`,
      onSuccess: (p) => form.setValues(valuesOf(p)),
    },
  );
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="plan-edit">
      <Title order={2} size="h4" mb="sm" id="plan-edit">
        Edit on the region
      </Title>
      <form onSubmit={submit.onSubmit} noValidate>
        <Stack>
          <TextInput label="Display name" required {...form.getInputProps('displayName')} />
          <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
          <MultiSelect
            label="Quotas"
            description="One quota per provider"
            searchable
            data={(quotas.data?.items ?? []).map((q) => ({ value: q.id, label: `${q.provider}: ${q.name}` }))}
            {...form.getInputProps('quotaIds')}
          />
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

/** Administration → Plans → one plan: its quotas, and edits written to its region. */
export default function PlanPage() {
  const me = useCurrentMe();
  const { id = '' } = useParams();
  const query = useQuery({ queryKey: keys.detail('plans', id), queryFn: () => plansApi.get(id) });
  const plan = query.data;
  return (
    <>
      <PageHeader
        title={plan?.displayName ?? 'Plan'}
        back={{ to: '/plans', label: 'Plans' }}
        actions={
          plan && (
            <>
              <GoneBadge at={plan.regionDeletedAt} />
              {can(me, 'regions.syncOffers') && <SyncNowButton regionId={plan.region.id} label="Sync now" />}
            </>
          )
        }
      />
      <QueryState query={query}>
        {(p) => (
          <Stack gap="lg">
            <Details plan={p} />
            {p.regionDeletedAt === null && can(me, 'plans.update') && <EditPlan key={p.updatedAt} plan={p} />}
          </Stack>
        )}
      </QueryState>
    </>
  );
}
