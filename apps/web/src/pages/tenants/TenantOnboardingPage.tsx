import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  List,
  Paper,
  SimpleGrid,
  Stack,
  Stepper,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { keys } from '../../api/keys.ts';
import { offersApi } from '../../api/offers.ts';
import { tenantsApi } from '../../api/organisations.ts';
import { subscriptionsApi } from '../../api/subscriptions.ts';
import type { Schemas, Tenant } from '../../api/types.ts';
import { usersApi } from '../../api/users.ts';
import { can } from '../../app/access.ts';
import { lower, useLabels } from '../../app/labels.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { personName, StatusBadge, UserStatusBadge } from '../../components/format.tsx';
import { FormError, orNull, useFormSubmit } from '../../components/forms.tsx';
import { OneTimeSecret } from '../../components/OneTimeSecret.tsx';
import {
  initialValues,
  OrganisationFormFields,
  type OrganisationValues,
  renameField,
  toBody,
  useOrganisationForm,
} from '../../components/organisation/OrganisationForm.tsx';
import { OrganisationSelect } from '../../components/orgs.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RemoteSelect } from '../../components/RemoteSelect.tsx';
import { QueryState } from '../../components/states.tsx';

/**
 * Seed 003 "Tenant Onboarding" as one guided flow: the tenant (created with its first
 * administrator, as every organisation is), its tenant administrators (the one made with it, any
 * added here), then its first subscription from an offer. Where the flow stands is read from the
 * server each time (the tenant in the address, its administrators and subscriptions), so the
 * operator can stop after any step and resume later from here or from the tenant's page.
 */

type Handover = { email: string; activationLink?: string | null; activationCode?: string | null };

function Handovers({ list }: { list: Handover[] }) {
  const shown = list.filter((a) => a.activationLink || a.activationCode);
  if (shown.length === 0) return null;
  return (
    <Alert color="yellow" title="Hand these over (shown once)">
      <List size="sm" spacing={4}>
        {shown.map((a) => (
          <List.Item key={a.email}>
            {a.email}
            {a.activationLink && (
              <OneTimeSecret
                label={`Activation link of ${a.email}`}
                value={a.activationLink}
                copyLabel="Copy link"
              />
            )}
            {a.activationCode && (
              <>
                {' '}
                Activation code: <Code className="mono">{a.activationCode}</Code>
              </>
            )}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

function TenantStep({ onCreated }: { onCreated: (tenant: Tenant) => void }) {
  const me = useCurrentMe();
  const labels = useLabels();
  const form = useOrganisationForm(initialValues('tenant', 'create'), 'tenant', 'create', me);
  const submit = useFormSubmit(
    form,
    (values: OrganisationValues) => tenantsApi.create(toBody('tenant', 'create', values, me) as never),
    {
      invalidate: [keys.all('tenants'), keys.all('users')],
      success: (created) => `${labels.tenant.singular} “${created.name}” was created.`,
      onSuccess: onCreated,
      rename: renameField,
    },
  );
  const [, setSearch] = useSearchParams();
  return (
    <Stack>
      <Paper withBorder p="md">
        <Text size="sm" mb="xs">
          Resume the onboarding of a {lower(labels.tenant.singular)} you created earlier:
        </Text>
        <OrganisationSelect
          kind="tenant"
          label={labels.tenant.singular}
          value={null}
          onChange={(id) => id && setSearch({ tenant: id })}
        />
      </Paper>
      <form onSubmit={submit.onSubmit} noValidate>
        <OrganisationFormFields
          form={form}
          kind="tenant"
          kindLabel={labels.tenant.singular}
          mode="create"
          me={me}
          problem={submit.problem}
          pending={submit.pending}
          onCancel={() => form.reset()}
        />
      </form>
    </Stack>
  );
}

function AddAdministrator({ tenant, onAdded }: { tenant: Tenant; onAdded: (h: Handover) => void }) {
  const me = useCurrentMe();
  const form = useForm({
    mode: 'controlled',
    initialValues: { firstName: '', lastName: '', email: '', federatedOnly: false },
    validate: {
      firstName: (v: string) => (v.trim() ? null : 'Enter a first name.'),
      lastName: (v: string) => (v.trim() ? null : 'Enter a last name.'),
      email: (v: string) => (/^[^\s@]+@[^\s@]+$/.test(v.trim()) ? null : 'Enter an e-mail address.'),
    },
  });
  const submit = useFormSubmit(
    form,
    (v: typeof form.values) =>
      usersApi.create({
        firstName: v.firstName.trim(),
        lastName: v.lastName.trim(),
        email: v.email.trim(),
        orgId: tenant.id,
        role: 'admin',
        federatedOnly: v.federatedOnly,
      }),
    {
      invalidate: [keys.all('users')],
      success: (u) => `User ${u.email} was created.`,
      onSuccess: (u) => {
        form.reset();
        onAdded(u);
      },
    },
  );
  if (!can(me, 'users.create')) return null;
  return (
    <form onSubmit={submit.onSubmit} noValidate aria-label="Add a tenant administrator">
      <Stack gap="xs">
        <Title order={3} size="h5">
          Add a tenant administrator
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label="First name" required {...form.getInputProps('firstName')} />
          <TextInput label="Last name" required {...form.getInputProps('lastName')} />
          <TextInput label="E-mail" type="email" required {...form.getInputProps('email')} />
        </SimpleGrid>
        <Switch
          label="Federated only (signs in through the tenant's Entra directory, never with a CMS password)"
          {...form.getInputProps('federatedOnly', { type: 'checkbox' })}
        />
        <FormError problem={submit.problem} />
        <Group>
          <Button type="submit" variant="default" loading={submit.pending}>
            Add administrator
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function SubscriptionStep({ tenant, owner }: { tenant: Tenant; owner: string }) {
  const labels = useLabels();
  const me = useCurrentMe();
  const queryClient = useQueryClient();
  const form = useForm({
    mode: 'controlled',
    initialValues: {
      name: '',
      offerId: null as string | null,
      directoryId: tenant.directoryId ?? '',
      initialOwner: owner,
    },
    validate: {
      name: (v: string) => (v.trim() ? null : 'Enter a name.'),
      initialOwner: (v: string, values: { offerId: string | null }) =>
        values.offerId === null || v.trim() ? null : 'Enter its owner on the region.',
    },
  });
  const submit = useFormSubmit(
    form,
    (v: typeof form.values) =>
      subscriptionsApi.create({
        tenantId: tenant.id,
        name: v.name.trim(),
        directoryId: orNull(v.directoryId),
        initialOwner: orNull(v.initialOwner),
        ...(v.offerId ? { offerId: v.offerId } : {}),
      }),
    {
      invalidate: [keys.all('subscriptions')],
      success: (s) => `${labels.subscription.singular} “${s.name}” was created.`,
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['onboarding', tenant.id] }),
    },
  );
  return (
    <form onSubmit={submit.onSubmit} noValidate aria-label={`First ${lower(labels.subscription.singular)}`}>
      <Stack maw={800}>
        {can(me, 'offers.list') && (
          <RemoteSelect
            label="Offer"
            description="Provisioned on the offer's region; seed 003: link it to an active offer to avoid billing gaps"
            clearable
            cacheKey={['offers', 'options']}
            value={form.values.offerId}
            onChange={(id) => form.setFieldValue('offerId', id)}
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
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={`${labels.subscription.singular} name`}
            required
            {...form.getInputProps('name')}
          />
          <TextInput
            label="Entra directory"
            description={`Default: the ${lower(labels.tenant.singular)}'s`}
            {...form.getInputProps('directoryId')}
          />
          <TextInput
            label="Initial owner"
            description="An Entra user (UPN or e-mail) of that directory"
            {...form.getInputProps('initialOwner')}
          />
        </SimpleGrid>
        <FormError problem={submit.problem} />
        <Group>
          <Button type="submit" loading={submit.pending}>
            Create {lower(labels.subscription.singular)}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

type User = Schemas['User'];

function Progress({ tenant }: { tenant: Tenant }) {
  const labels = useLabels();
  const me = useCurrentMe();
  const [handovers, setHandovers] = useState<Handover[]>(
    (tenant.administrators ?? []).filter((a) => a.activationLink || a.activationCode),
  );
  const [reviewed, setReviewed] = useState(false);
  const admins = useQuery({
    queryKey: ['onboarding', tenant.id, 'admins'],
    queryFn: () => usersApi.list({ orgId: tenant.id, role: 'admin', limit: 20 }),
  });
  const subscriptions = useQuery({
    queryKey: ['onboarding', tenant.id, 'subscriptions'],
    queryFn: () => subscriptionsApi.list({ tenantId: tenant.id, limit: 20 }),
  });
  const adminList: User[] = admins.data?.items ?? [];
  const subList = subscriptions.data?.items ?? [];
  const active = subList.length > 0 ? 3 : adminList.length > 0 && reviewed ? 2 : 1;
  return (
    <Stack>
      <Stepper active={active} orientation="vertical" allowNextStepsSelect={false}>
        <Stepper.Step label={labels.tenant.singular} description="Created" />
        <Stepper.Step label="Tenant administrators" description={`${adminList.length} so far`} />
        <Stepper.Step label={`First ${lower(labels.subscription.singular)}`} description="From an offer" />
      </Stepper>
      <Paper withBorder p="md" component="section" aria-labelledby="onboarding-tenant">
        <Title order={2} size="h4" id="onboarding-tenant" mb="xs">
          1. {labels.tenant.singular}: done
        </Title>
        <Text size="sm">
          <Anchor component={Link} to={`/tenants/${tenant.id}`}>
            {tenant.name}
          </Anchor>{' '}
          — Entra directory {tenant.directoryId ?? 'not recorded'}.
        </Text>
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="onboarding-admins">
        <Title order={2} size="h4" id="onboarding-admins" mb="xs">
          2. Tenant administrators{active > 1 ? ': done' : ''}
        </Title>
        <QueryState query={admins}>
          {() => (
            <Stack gap="sm">
              <List size="sm" spacing={4} aria-label="Tenant administrators">
                {adminList.map((u) => (
                  <List.Item key={u.id}>
                    <Anchor component={Link} to={`/users/${u.id}`}>
                      {personName(u)}
                    </Anchor>{' '}
                    ({u.email}) <UserStatusBadge user={u} />
                    {u.federatedOnly && (
                      <Badge ml={4} size="sm" variant="outline">
                        Federated only
                      </Badge>
                    )}
                  </List.Item>
                ))}
              </List>
              <Handovers list={handovers} />
              {active === 1 && (
                <>
                  <AddAdministrator
                    tenant={tenant}
                    onAdded={(h) => {
                      setHandovers((list) => [...list, h]);
                      void admins.refetch();
                    }}
                  />
                  <Group>
                    <Button onClick={() => setReviewed(true)} disabled={adminList.length === 0}>
                      Continue to the first {lower(labels.subscription.singular)}
                    </Button>
                  </Group>
                </>
              )}
            </Stack>
          )}
        </QueryState>
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="onboarding-subscription">
        <Title order={2} size="h4" id="onboarding-subscription" mb="xs">
          3. First {lower(labels.subscription.singular)}
          {subList.length > 0 ? ': done' : ''}
        </Title>
        {subList.length > 0 ? (
          <Stack gap="xs">
            <List size="sm" aria-label={labels.subscription.plural}>
              {subList.map((s) => (
                <List.Item key={s.id}>
                  <Anchor component={Link} to={`/subscriptions/${s.id}`}>
                    {s.name}
                  </Anchor>{' '}
                  <StatusBadge status={s.status} /> {s.provisioningState.replace('_', ' ')}
                  {s.regionName ? ` on ${s.regionName}` : ''}
                </List.Item>
              ))}
            </List>
            <Text size="sm">The {lower(labels.tenant.singular)} is onboarded.</Text>
          </Stack>
        ) : active === 2 && can(me, 'subscriptions.create') ? (
          <SubscriptionStep tenant={tenant} owner={adminList[0]?.email ?? ''} />
        ) : (
          <Text size="sm" c="dimmed">
            After the administrators.
          </Text>
        )}
      </Paper>
      <Text size="sm" c="dimmed">
        You can stop after any step: resume from the {lower(labels.tenant.singular)}'s page (Continue
        onboarding) or from {labels.tenant.plural} → Onboard.
      </Text>
    </Stack>
  );
}

/** Relationships → Tenants → Onboard (?tenant= resumes one). */
export default function TenantOnboardingPage() {
  const labels = useLabels();
  const [search, setSearch] = useSearchParams();
  const tenantId = search.get('tenant');
  const [created, setCreated] = useState<Tenant | null>(null);
  const tenant = useQuery({
    queryKey: keys.detail('tenants', tenantId ?? ''),
    queryFn: () => tenantsApi.get(tenantId!),
    enabled: tenantId !== null && created?.id !== tenantId,
  });
  return (
    <>
      <PageHeader
        title={`Onboard a ${lower(labels.tenant.singular)}`}
        back={{ to: '/tenants', label: labels.tenant.plural }}
      />
      {tenantId === null ? (
        <TenantStep
          onCreated={(t) => {
            setCreated(t);
            setSearch({ tenant: t.id });
          }}
        />
      ) : created?.id === tenantId ? (
        <Progress tenant={created} />
      ) : (
        <QueryState query={tenant}>{(t) => <Progress tenant={t} />}</QueryState>
      )}
    </>
  );
}
