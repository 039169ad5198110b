import {
  Anchor,
  Button,
  Group,
  List,
  MultiSelect,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { keys } from '../../api/keys.ts';
import { offersApi, plansApi } from '../../api/offers.ts';
import type { Offer } from '../../api/types.ts';
import { can } from '../../app/access.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { DetailList } from '../../components/DetailList.tsx';
import { Timestamp } from '../../components/format.tsx';
import { FormError, orNull, useFormSubmit } from '../../components/forms.tsx';
import { type ChildKind, OrganisationSelect, OrgName } from '../../components/orgs.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryState } from '../../components/states.tsx';
import { useUnsavedChangesGuard } from '../../components/useUnsavedChangesGuard.ts';
import {
  GoneBadge,
  PUBLICATION_NAMES,
  type Publication,
  PublicationBadge,
  SyncNowButton,
} from './offer-parts.tsx';

function PlanList({ plans, label }: { plans: Offer['basePlans']; label: string }) {
  const me = useCurrentMe();
  if (plans.length === 0) return <Text size="sm">None</Text>;
  return (
    <List size="sm" aria-label={label}>
      {plans.map((p) => (
        <List.Item key={p.id}>
          {can(me, 'plans.get') ? (
            <Anchor component={Link} to={`/plans/${p.id}`}>
              {p.displayName}
            </Anchor>
          ) : (
            p.displayName
          )}
          {p.description ? ` — ${p.description}` : ''}
          {'maxAcquisitionCount' in p && p.maxAcquisitionCount !== null
            ? ` (at most ${p.maxAcquisitionCount} per subscription)`
            : ''}
          {p.regionDeleted ? ' (gone from the region)' : ''}
        </List.Item>
      ))}
    </List>
  );
}

function Details({ offer }: { offer: Offer }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="offer-details">
      <Title order={2} size="h4" mb="sm" id="offer-details">
        Details
      </Title>
      <DetailList
        items={[
          { label: 'Region', value: offer.region.name ?? offer.region.id },
          { label: 'Description', value: offer.description },
          { label: 'Publication', value: <PublicationBadge publication={offer.publication} /> },
          { label: 'Base plans', value: <PlanList plans={offer.basePlans} label="Base plans" /> },
          { label: 'Add-on plans', value: <PlanList plans={offer.addonPlans} label="Add-on plans" /> },
          ...(offer.subscriptionCount === null
            ? []
            : [
                {
                  label: 'Name on the region',
                  value: <span className="mono">{`${offer.resourceGroup}/${offer.name}`}</span>,
                },
                { label: 'State on the region', value: offer.regionState },
                { label: 'Subscriptions on the region', value: String(offer.subscriptionCount) },
                { label: 'Last synced', value: <Timestamp value={offer.syncedAt} /> },
              ]),
          { label: 'Id', value: <span className="mono">{offer.id}</span> },
        ]}
      />
    </Paper>
  );
}

interface PublishValues {
  publication: Publication;
  visibility: 'all' | 'chosen';
  visibleTo: { id: string; name: string }[];
}

const publishValues = (offer: Offer): PublishValues => ({
  publication: offer.publication,
  visibility: offer.visibility,
  visibleTo: offer.visibleTo.map((o) => ({ id: o.id, name: o.name })),
});

/** Publishing (the CMS's own): private, public or decommissioned, to everyone or to chosen organisations. */
function Publish({ offer }: { offer: Offer }) {
  const me = useCurrentMe();
  const form = useForm<PublishValues>({ mode: 'controlled', initialValues: publishValues(offer) });
  useUnsavedChangesGuard(form.isDirty());
  const [kind, setKind] = useState<ChildKind>('partner');
  const submit = useFormSubmit(
    form,
    (v: PublishValues) =>
      offersApi.update(offer.id, {
        publication: v.publication,
        visibility: v.visibility,
        ...(v.visibility === 'chosen' ? { visibleTo: v.visibleTo.map((o) => o.id) } : {}),
      }),
    {
      invalidate: [keys.all('offers')],
      success: (o) => `Offer “${o.displayName}” is ${PUBLICATION_NAMES[o.publication].toLowerCase()}.`,
      onSuccess: (o) => form.setValues(publishValues(o)),
    },
  );
  const chosen = form.values.visibleTo;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="offer-publish">
      <Title order={2} size="h4" mb="sm" id="offer-publish">
        Publishing
      </Title>
      <form onSubmit={submit.onSubmit} noValidate>
        <Stack>
          <Select
            label="Publication"
            description="Decommissioned offers take no new subscriptions; existing ones are untouched."
            data={Object.entries(PUBLICATION_NAMES).map(([value, label]) => ({ value, label }))}
            {...form.getInputProps('publication')}
            allowDeselect={false}
          />
          <Select
            label="Visible to"
            data={[
              { value: 'all', label: 'Everyone' },
              { value: 'chosen', label: 'Chosen distributors, partners and tenants (and their branches)' },
            ]}
            {...form.getInputProps('visibility')}
            allowDeselect={false}
          />
          {form.values.visibility === 'chosen' && (
            <Stack gap="xs">
              <List size="sm" aria-label="Chosen organisations">
                {chosen.map((o) => (
                  <List.Item key={o.id}>
                    {o.name === o.id ? <OrgName id={o.id} me={me} link={false} /> : o.name}{' '}
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      onClick={() =>
                        form.setFieldValue(
                          'visibleTo',
                          chosen.filter((c) => c.id !== o.id),
                        )
                      }
                    >
                      Remove
                    </Button>
                  </List.Item>
                ))}
              </List>
              {chosen.length === 0 && (
                <Text size="sm">Nobody is chosen yet: the offer is visible to nobody.</Text>
              )}
              <Group align="end">
                <Select
                  label="Add a"
                  data={[
                    { value: 'distributor', label: 'Distributor' },
                    { value: 'partner', label: 'Partner' },
                    { value: 'tenant', label: 'Tenant' },
                  ]}
                  value={kind}
                  onChange={(v) => setKind((v as ChildKind | null) ?? 'partner')}
                  allowDeselect={false}
                  w={140}
                />
                <OrganisationSelect
                  key={kind}
                  kind={kind}
                  label="Organisation"
                  value={null}
                  exclude={chosen.map((o) => o.id)}
                  onChange={(id) => {
                    if (id === null) return;
                    form.setFieldValue('visibleTo', [...chosen, { id, name: id }]);
                  }}
                />
              </Group>
            </Stack>
          )}
          <FormError problem={submit.problem} />
          <Group>
            <Button type="submit" loading={submit.pending}>
              Save publishing
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

interface EditValues {
  displayName: string;
  description: string;
  basePlanIds: string[];
  addonPlanIds: string[];
}

const editValues = (offer: Offer): EditValues => ({
  displayName: offer.displayName,
  description: offer.description ?? '',
  basePlanIds: offer.basePlans.map((p) => p.id),
  addonPlanIds: offer.addonPlans.map((p) => p.id),
});

/** The region's side of the offer: written to the region first. */
function EditOffer({ offer }: { offer: Offer }) {
  const plans = useQuery({
    queryKey: keys.list('plans', { regionId: offer.region.id, limit: 200 }),
    queryFn: () => plansApi.list({ regionId: offer.region.id, limit: 200, sort: 'name' }),
  });
  const options = (plans.data?.items ?? []).map((p) => ({ value: p.id, label: p.displayName }));
  const form = useForm<EditValues>({
    mode: 'controlled',
    initialValues: editValues(offer),
    validate: {
      displayName: (v) => (v.trim() ? null : 'Enter a display name.'),
      basePlanIds: (v) => (v.length > 0 ? null : 'Choose at least one base plan.'),
    },
  });
  useUnsavedChangesGuard(form.isDirty());
  const submit = useFormSubmit(
    form,
    (v: EditValues) =>
      offersApi.update(offer.id, {
        displayName: v.displayName.trim(),
        description: orNull(v.description),
        basePlanIds: v.basePlanIds,
        addonPlans: v.addonPlanIds.map((planId) => {
          const kept = offer.addonPlans.find((p) => p.id === planId)?.maxAcquisitionCount;
          return kept == null ? { planId } : { planId, maxAcquisitionCount: kept };
        }),
      }),
    {
      invalidate: [keys.all('offers')],
      success: (o) => `Offer “${o.displayName}” was saved on its region.`,
      onSuccess: (o) => form.setValues(editValues(o)),
    },
  );
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="offer-edit">
      <Title order={2} size="h4" mb="sm" id="offer-edit">
        Edit on the region
      </Title>
      <form onSubmit={submit.onSubmit} noValidate>
        <Stack>
          <TextInput label="Display name" required {...form.getInputProps('displayName')} />
          <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
          <MultiSelect label="Base plans" data={options} searchable {...form.getInputProps('basePlanIds')} />
          <MultiSelect
            label="Add-on plans"
            data={options}
            searchable
            {...form.getInputProps('addonPlanIds')}
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

/** Administration → Offers → one offer: its plans, publishing and the region's side. */
export default function OfferPage() {
  const me = useCurrentMe();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: keys.detail('offers', id), queryFn: () => offersApi.get(id) });
  const offer = query.data;
  const live = offer !== undefined && offer.regionDeletedAt === null;
  return (
    <>
      <PageHeader
        title={offer?.displayName ?? 'Offer'}
        back={{ to: '/offers', label: 'Offers' }}
        actions={
          offer && (
            <>
              <GoneBadge at={offer.regionDeletedAt} />
              {can(me, 'regions.syncOffers') && <SyncNowButton regionId={offer.region.id} label="Sync now" />}
              {live && can(me, 'offers.delete') && (
                <ConfirmButton
                  label="Delete"
                  title={`Delete offer “${offer.displayName}” on its region?`}
                  message="An offer with subscriptions cannot be deleted; decommission it instead. The CMS keeps it for history."
                  confirmLabel="Delete"
                  success={`Offer “${offer.displayName}” was deleted on its region.`}
                  onConfirm={() => offersApi.remove(offer.id)}
                  onDone={() => {
                    navigate('/offers');
                    void queryClient.invalidateQueries({ queryKey: keys.all('offers') });
                  }}
                />
              )}
            </>
          )
        }
      />
      <QueryState query={query}>
        {(o) => (
          <Stack gap="lg">
            <Details offer={o} />
            {can(me, 'offers.update') && <Publish key={`publish-${o.updatedAt}`} offer={o} />}
            {o.regionDeletedAt === null && can(me, 'offers.update') && (
              <EditOffer key={`edit-${o.updatedAt}`} offer={o} />
            )}
          </Stack>
        )}
      </QueryState>
    </>
  );
}
