import { Button, Group, List, Paper, Stack, Stepper, Table, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { keys } from '../../api/keys.ts';
import { offersApi, plansApi, quotasApi } from '../../api/offers.ts';
import { subscriptionsApi } from '../../api/subscriptions.ts';
import type { Me } from '../../api/types.ts';
import { above, can } from '../../app/access.ts';
import { lower, useLabels } from '../../app/labels.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { FormError, orNull, useFormSubmit } from '../../components/forms.tsx';
import { OrganisationSelect, OrgName } from '../../components/orgs.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RemoteSelect } from '../../components/RemoteSelect.tsx';
import { QueryState } from '../../components/states.tsx';
import { formatQuantity } from '../../components/usage/quantity.ts';
import { useUnsavedChangesGuard } from '../../components/useUnsavedChangesGuard.ts';
import {
  placesOnRegions,
  regionChanges,
  SubscriptionFields,
  SubscriptionRegionFields,
  type SubscriptionValues,
} from './SubscriptionFields.tsx';

export type WizardStep = 'tenant' | 'offer' | 'details' | 'review';

/**
 * The wizard's steps for this viewer: the tenant only for those above a tenant (a tenant's own
 * people create in their tenant), the offer only for those who may list offers.
 */
export function wizardSteps(pickTenant: boolean, pickOffer: boolean): WizardStep[] {
  return [
    ...(pickTenant ? (['tenant'] as const) : []),
    ...(pickOffer ? (['offer'] as const) : []),
    'details',
    'review',
  ];
}

/** The step holding a field the server refused (its message is on the field there). */
export function stepOfField(field: string): WizardStep | null {
  if (field === 'tenantId') return 'tenant';
  if (['name', 'directoryId', 'initialOwner', 'regionId', 'azsSubscriptionId'].includes(field)) {
    return 'details';
  }
  return null;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The chosen offer: its plans and, for those who may read plans and quotas (the platform), the base
 * plans' quota limits, so the choice is made knowing what the subscription may use.
 */
function OfferSummary({ offerId, me }: { offerId: string; me: Me }) {
  const labels = useLabels();
  const offer = useQuery({ queryKey: keys.detail('offers', offerId), queryFn: () => offersApi.get(offerId) });
  const readsQuotas = can(me, 'plans.get') && can(me, 'quotas.get');
  const basePlanIds = offer.data?.basePlans.map((p) => p.id) ?? [];
  const quotas = useQuery({
    queryKey: ['offers', offerId, 'wizard-quotas'],
    enabled: readsQuotas && offer.data !== undefined,
    queryFn: async () => {
      const plans = await Promise.all(basePlanIds.map((id) => plansApi.get(id)));
      const ids = [...new Set(plans.flatMap((p) => p.quotas.map((q) => q.id)).filter((id) => id !== null))];
      return Promise.all(ids.map((id) => quotasApi.get(id as string)));
    },
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="wizard-offer-summary">
      <QueryState query={offer}>
        {(o) => (
          <Stack gap="xs">
            <Title order={3} size="h5" id="wizard-offer-summary">
              {o.displayName}
            </Title>
            {o.description && <Text size="sm">{o.description}</Text>}
            <Text size="sm">Region: {o.region.name ?? 'unknown'}</Text>
            <Text size="sm" fw={500}>
              Base plans
            </Text>
            <List size="sm" aria-label="Base plans">
              {o.basePlans.map((p) => (
                <List.Item key={p.id}>
                  {p.displayName}
                  {p.description ? ` — ${p.description}` : ''}
                </List.Item>
              ))}
            </List>
            {o.addonPlans.length > 0 && (
              <>
                <Text size="sm" fw={500}>
                  Add-on plans (acquired later, they raise the quotas)
                </Text>
                <List size="sm" aria-label="Add-on plans">
                  {o.addonPlans.map((p) => (
                    <List.Item key={p.id}>{p.displayName}</List.Item>
                  ))}
                </List>
              </>
            )}
            {readsQuotas ? (
              <QueryState query={quotas}>
                {(list) =>
                  list.length === 0 ? (
                    <Text size="sm">The base plans have no quotas the CMS knows.</Text>
                  ) : (
                    <Table aria-label="Quotas of the base plans" striped>
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>Quota</Table.Th>
                          <Table.Th>Limits</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {list.map((q) => (
                          <Table.Tr key={q.id}>
                            <Table.Td>
                              {q.name}
                              <Text size="xs" c="dimmed">
                                {q.provider}
                              </Text>
                            </Table.Td>
                            <Table.Td style={{ overflowWrap: 'anywhere' }}>
                              {Object.keys(q.limits).length === 0
                                ? 'No limits the CMS reads'
                                : Object.entries(q.limits).map(([k, v]) => (
                                    <Text key={k} size="xs">
                                      <span className="mono">{k}</span> {formatQuantity(String(v))}
                                    </Text>
                                  ))}
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  )
                }
              </QueryState>
            ) : (
              <Text size="sm" c="dimmed">
                The quota limits are shown on the {lower(labels.subscription.singular)}'s page once it is
                created.
              </Text>
            )}
          </Stack>
        )}
      </QueryState>
    </Paper>
  );
}

/**
 * Administration → Subscriptions → Create, as steps: the tenant, the offer (which decides the
 * region it is provisioned on; its plans and quotas shown), the details (name, Entra directory,
 * owner), then a review whose Create provisions it. Without an offer the subscription is a record
 * the CMS does not provision (as before regions existed). Each step is checked before the next; a
 * field the server refuses takes the wizard back to its step.
 */
export default function SubscriptionCreatePage() {
  const labels = useLabels();
  const me = useCurrentMe();
  const navigate = useNavigate();
  const pickTenant = above(me, 'tenant');
  const pickOffer = can(me, 'offers.list');
  const steps = wizardSteps(pickTenant, pickOffer);
  const [active, setActive] = useState(0);
  const step = steps[active]!;
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
  const guard = useUnsavedChangesGuard(form.isDirty() || offerId !== null);
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
  // A refused field: back to the step that holds it, where its message shows.
  const { problem } = submit;
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new problem moves the wizard (form and steps are new every render)
  useEffect(() => {
    if (problem === null) return;
    const first = Object.keys(form.errors)
      .map(stepOfField)
      .find((s) => s !== null);
    const index = first ? steps.indexOf(first) : -1;
    if (index >= 0) setActive(index);
  }, [problem]);

  const fieldsOf: Record<WizardStep, (keyof SubscriptionValues)[]> = {
    tenant: ['tenantId'],
    offer: [],
    details: ['name', 'initialOwner'],
    review: [],
  };
  const next = () => {
    const failed = fieldsOf[step].map((f) => form.validateField(f).hasError).some(Boolean);
    if (!failed) setActive((i) => Math.min(i + 1, steps.length - 1));
  };
  const back = () => setActive((i) => Math.max(i - 1, 0));
  // Enter in a field moves on; only the review's Create sends it.
  const onSubmit = (event?: FormEvent<HTMLFormElement>) => {
    if (step === 'review') return submit.onSubmit(event);
    event?.preventDefault();
    next();
  };
  const title: Record<WizardStep, string> = {
    tenant: labels.tenant.singular,
    offer: 'Offer',
    details: 'Details',
    review: 'Review',
  };
  const directory = form.values.directoryId.trim();
  // The review names the offer (read by the offer step already: from the cache).
  const chosenOffer = useQuery({
    queryKey: keys.detail('offers', offerId ?? ''),
    queryFn: () => offersApi.get(offerId!),
    enabled: offerId !== null && step === 'review',
  });
  return (
    <>
      <PageHeader
        title={`Create ${lower(labels.subscription.singular)}`}
        back={{ to: '/subscriptions', label: labels.subscription.plural }}
      />
      <Stack maw={800}>
        <Stepper active={active} onStepClick={setActive} allowNextStepsSelect={false} size="sm">
          {steps.map((s) => (
            <Stepper.Step key={s} label={title[s]} />
          ))}
        </Stepper>
        <form
          onSubmit={onSubmit}
          noValidate
          aria-label={`Step ${active + 1} of ${steps.length}: ${title[step]}`}
        >
          <Stack>
            <Title order={2} size="h4">
              {`Step ${active + 1} of ${steps.length}: ${title[step]}`}
            </Title>
            {step === 'tenant' && (
              <OrganisationSelect
                kind="tenant"
                label={labels.tenant.singular}
                description={`The ${lower(labels.tenant.singular)} the ${lower(labels.subscription.singular)} belongs to`}
                required
                value={form.values.tenantId}
                onChange={(id) => form.setFieldValue('tenantId', id)}
                error={form.errors.tenantId}
              />
            )}
            {step === 'offer' && (
              <>
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
                {offerId ? (
                  <OfferSummary offerId={offerId} me={me} />
                ) : (
                  <Text size="sm" c="dimmed">
                    No offer: the {lower(labels.subscription.singular)} is recorded in the CMS only, not
                    created on a region.
                  </Text>
                )}
              </>
            )}
            {step === 'details' && (
              <>
                {offerId && (
                  <Text size="sm" c="dimmed">
                    The directory and owner it gets on the region. A directory given as a domain is looked up
                    and recorded as its tenant id, as the region keeps it.
                  </Text>
                )}
                <SubscriptionFields form={form} />
                {placing && <SubscriptionRegionFields form={form} />}
              </>
            )}
            {step === 'review' && (
              <Paper withBorder p="md" component="section" aria-label="Review">
                <Table aria-label={`The new ${lower(labels.subscription.singular)}`}>
                  <Table.Tbody>
                    {pickTenant && form.values.tenantId && (
                      <Table.Tr>
                        <Table.Th scope="row">{labels.tenant.singular}</Table.Th>
                        <Table.Td>
                          <OrgName id={form.values.tenantId} me={me} link={false} />
                        </Table.Td>
                      </Table.Tr>
                    )}
                    {pickOffer && (
                      <Table.Tr>
                        <Table.Th scope="row">Offer</Table.Th>
                        <Table.Td>
                          {offerId
                            ? chosenOffer.data
                              ? `${chosenOffer.data.displayName} (region ${chosenOffer.data.region.name ?? 'unknown'})`
                              : '…'
                            : 'None: not provisioned'}
                        </Table.Td>
                      </Table.Tr>
                    )}
                    <Table.Tr>
                      <Table.Th scope="row">Name</Table.Th>
                      <Table.Td>{form.values.name.trim()}</Table.Td>
                    </Table.Tr>
                    <Table.Tr>
                      <Table.Th scope="row">Entra directory</Table.Th>
                      <Table.Td style={{ overflowWrap: 'anywhere' }}>
                        {directory === ''
                          ? `The ${lower(labels.tenant.singular)}'s`
                          : offerId && !GUID.test(directory)
                            ? `${directory} (looked up: its tenant id is recorded)`
                            : directory}
                      </Table.Td>
                    </Table.Tr>
                    <Table.Tr>
                      <Table.Th scope="row">Initial owner</Table.Th>
                      <Table.Td style={{ overflowWrap: 'anywhere' }}>
                        {form.values.initialOwner.trim() || 'None'}
                      </Table.Td>
                    </Table.Tr>
                  </Table.Tbody>
                </Table>
                {offerId && (
                  <Text size="sm" c="dimmed" mt="sm">
                    Creating it provisions the {lower(labels.subscription.singular)} on the region at once; if
                    the region does not answer, it stays “waiting for the region” and is finished when it
                    does.
                  </Text>
                )}
              </Paper>
            )}
            <FormError problem={submit.problem} />
            <Group>
              {active > 0 && (
                <Button variant="default" onClick={back}>
                  Back
                </Button>
              )}
              {step === 'review' ? (
                <Button type="submit" loading={submit.pending}>
                  Create
                </Button>
              ) : (
                <Button type="submit">Next</Button>
              )}
              <Button variant="default" onClick={() => navigate('/subscriptions')}>
                Cancel
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </>
  );
}
