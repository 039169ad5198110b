import { ActionIcon, Button, Fieldset, Group, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import { taxProfilesApi } from '../../api/billing.ts';
import { keys } from '../../api/keys.ts';
import type { TaxProfile } from '../../api/types.ts';
import { can } from '../../app/access.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { FormError, useFormSubmit } from '../../components/forms.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryState } from '../../components/states.tsx';
import { useUnsavedChangesGuard } from '../../components/useUnsavedChangesGuard.ts';

interface RateValues {
  name: string;
  percentage: string;
  effectiveFrom: string;
}
interface ProfileValues {
  name: string;
  exempt: boolean;
  rates: RateValues[];
}

const emptyRate = (): RateValues => ({ name: '', percentage: '', effectiveFrom: '' });

function initialValues(profile?: TaxProfile): ProfileValues {
  return {
    name: profile?.name ?? '',
    exempt: profile?.exempt ?? false,
    rates: profile
      ? profile.rates.map((r) => ({ name: r.name, percentage: r.percentage, effectiveFrom: r.effectiveFrom }))
      : [emptyRate()],
  };
}

function toBody(v: ProfileValues) {
  return {
    name: v.name.trim(),
    exempt: v.exempt,
    // Exempt: no rates (the server refuses both together).
    rates: v.exempt
      ? []
      : v.rates.map((r) => ({
          name: r.name.trim(),
          percentage: r.percentage.trim(),
          effectiveFrom: r.effectiveFrom,
        })),
  };
}

function ProfileForm({ profile, editable }: { profile?: TaxProfile; editable: boolean }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm<ProfileValues>({
    mode: 'controlled',
    initialValues: initialValues(profile),
    validate: {
      name: (v) => (v.trim() ? null : 'Enter a name.'),
      rates: {
        name: (v, values) => (values.exempt || v.trim() ? null : 'Enter the rate’s name, e.g. GST.'),
        percentage: (v, values) =>
          values.exempt || /^(0|[1-9]\d*)(\.\d{1,10})?$/.test(v.trim())
            ? null
            : 'A percentage such as 10 or 8.875.',
        effectiveFrom: (v, values) => (values.exempt || v ? null : 'Choose the first day it applies.'),
      },
    },
  });
  const guard = useUnsavedChangesGuard(form.isDirty());
  const submit = useFormSubmit(
    form,
    (v: ProfileValues) =>
      profile ? taxProfilesApi.update(profile.id, toBody(v)) : taxProfilesApi.create(toBody(v)),
    {
      invalidate: [keys.all('taxProfiles')],
      success: (p) => `Tax profile “${p.name}” was saved.`,
      onSuccess: (p) => {
        guard.release();
        queryClient.setQueryData(keys.detail('taxProfiles', p.id), p);
        form.resetDirty(initialValues(p));
        if (!profile) navigate(`/tax-profiles/${p.id}`);
      },
    },
  );
  const disabled = !editable;
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack maw={800}>
        <TextInput label="Name" required disabled={disabled} {...form.getInputProps('name')} />
        <Switch
          label="Exempt"
          description="No tax at all: the profile has no rates."
          disabled={disabled}
          {...form.getInputProps('exempt', { type: 'checkbox' })}
        />
        {!form.values.exempt && (
          <Fieldset legend="Rates">
            <Stack gap="sm">
              <Text size="sm" c="dimmed">
                For each rate name, the rate with the latest effective date on or before an invoice’s issue
                date applies. To change a rate from a date, add the same name with that date.
              </Text>
              {form.values.rates.map((_rate, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; the index is their identity
                <Group key={index} align="flex-start" gap="xs" wrap="wrap">
                  <TextInput
                    label="Name"
                    disabled={disabled}
                    w={160}
                    {...form.getInputProps(`rates.${index}.name`)}
                  />
                  <TextInput
                    label="Percentage"
                    inputMode="decimal"
                    disabled={disabled}
                    w={120}
                    {...form.getInputProps(`rates.${index}.percentage`)}
                  />
                  <TextInput
                    label="Effective from"
                    type="date"
                    disabled={disabled}
                    w={170}
                    {...form.getInputProps(`rates.${index}.effectiveFrom`)}
                  />
                  {editable && (
                    <ActionIcon
                      variant="subtle"
                      color="red.9"
                      mt={26}
                      aria-label={`Remove rate ${index + 1}`}
                      onClick={() => form.removeListItem('rates', index)}
                    >
                      <IconTrash size={16} aria-hidden />
                    </ActionIcon>
                  )}
                </Group>
              ))}
              {editable && (
                <Group>
                  <Button
                    variant="default"
                    size="xs"
                    leftSection={<IconPlus size={14} aria-hidden />}
                    onClick={() => form.insertListItem('rates', emptyRate())}
                  >
                    Add rate
                  </Button>
                </Group>
              )}
            </Stack>
          </Fieldset>
        )}
        <FormError problem={submit.problem} />
        {editable && (
          <Group>
            <Button type="submit" loading={submit.pending}>
              Save
            </Button>
            <Button variant="default" onClick={() => navigate('/tax-profiles')}>
              Cancel
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}

/** Administration → Tax Profiles → one profile (or a new one): its name, exempt or its rates. */
export default function TaxProfilePage() {
  const me = useCurrentMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { id } = useParams();
  const query = useQuery({
    queryKey: keys.detail('taxProfiles', id ?? 'new'),
    queryFn: () => taxProfilesApi.get(id!),
    enabled: id !== undefined,
  });
  if (id === undefined) {
    return (
      <>
        <PageHeader title="Create tax profile" back={{ to: '/tax-profiles', label: 'Tax Profiles' }} />
        <ProfileForm editable />
      </>
    );
  }
  const profile = query.data;
  return (
    <>
      <PageHeader
        title={profile?.name ?? 'Tax profile'}
        description={
          profile &&
          `${profile.isDefault ? 'The Default Tax Profile. ' : ''}${profile.tenantCount} tenant(s) have it as their own.`
        }
        back={{ to: '/tax-profiles', label: 'Tax Profiles' }}
        actions={
          profile &&
          can(me, 'taxProfiles.delete') && (
            <ConfirmButton
              label="Delete"
              title={`Delete tax profile “${profile.name}”?`}
              message="Refused while it is the Default Tax Profile or a tenant has it."
              confirmLabel="Delete"
              success={`Tax profile “${profile.name}” was deleted.`}
              onConfirm={() => taxProfilesApi.remove(profile.id)}
              onDone={() => {
                void queryClient.invalidateQueries({ queryKey: keys.all('taxProfiles') });
                navigate('/tax-profiles');
              }}
            />
          )
        }
      />
      <QueryState query={query}>
        {(p) => <ProfileForm key={p.updatedAt} profile={p} editable={can(me, 'taxProfiles.update')} />}
      </QueryState>
    </>
  );
}
