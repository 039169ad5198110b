import { COUNTRY_CODES, CURRENCY_CODES } from '@cms/billing';
import {
  ActionIcon,
  Button,
  Fieldset,
  Group,
  NumberInput,
  Paper,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { Distributor, Me, Partner, Tenant } from '../../api/types.ts';
import { above, can } from '../../app/access.ts';
import { lower, useLabels } from '../../app/labels.ts';
import { FormError, type FormProblem, orNull } from '../forms.tsx';
import { OrganisationSelect } from '../orgs.tsx';
import { TaxProfileSelect } from '../TaxProfileSelect.tsx';
import type { Kind } from './kinds.ts';

export interface PersonValues {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  initialPassword: string;
}

interface ContactValues {
  name: string;
  email: string;
  phone: string;
}

export interface OrganisationValues {
  name: string;
  currency: string;
  contact: ContactValues;
  billingContact: ContactValues;
  address: {
    line1: string;
    line2: string;
    city: string;
    region: string;
    postalCode: string;
    country: string;
  };
  parentId: string | null;
  directoryId: string;
  billingMode: 'chargeback' | 'showback';
  paymentTermsDays: number | string;
  /** '' : the Default Tax Profile setting applies. Platform administrators only. */
  taxProfileId: string;
  administrators: PersonValues[];
}

export const emptyPerson = (): PersonValues => ({
  firstName: '',
  lastName: '',
  email: '',
  phone: '',
  initialPassword: '',
});

type AnyOrganisation = Distributor | Partner | Tenant;

export function initialValues(
  kind: Kind,
  mode: 'create' | 'edit',
  org?: AnyOrganisation,
): OrganisationValues {
  const contact = (c?: { name: string | null; email: string | null; phone: string | null }) => ({
    name: c?.name ?? '',
    email: c?.email ?? '',
    phone: c?.phone ?? '',
  });
  const tenant = kind === 'tenant' ? (org as Tenant | undefined) : undefined;
  return {
    name: org?.name ?? '',
    currency: org?.currency ?? '',
    contact: contact(org?.contact),
    billingContact: contact(org?.billingContact),
    address: {
      line1: org?.address.line1 ?? '',
      line2: org?.address.line2 ?? '',
      city: org?.address.city ?? '',
      region: org?.address.region ?? '',
      postalCode: org?.address.postalCode ?? '',
      country: org?.address.country ?? '',
    },
    parentId: null,
    directoryId: tenant?.directoryId ?? '',
    billingMode: tenant?.billingMode ?? 'chargeback',
    paymentTermsDays: tenant?.paymentTermsDays ?? '',
    taxProfileId: tenant?.taxProfileId ?? '',
    administrators: mode === 'create' ? [emptyPerson()] : [],
  };
}

function personBody(p: PersonValues) {
  return {
    firstName: p.firstName.trim(),
    lastName: p.lastName.trim(),
    email: p.email.trim(),
    ...(p.phone.trim() ? { phone: p.phone.trim() } : {}),
    ...(p.initialPassword ? { initialPassword: p.initialPassword } : {}),
  };
}

/** Form values → the create or update body of the API (empty optional text → null). */
export function toBody(kind: Kind, mode: 'create' | 'edit', v: OrganisationValues, me: Me) {
  const contact = (c: ContactValues) => ({
    name: orNull(c.name),
    email: orNull(c.email),
    phone: orNull(c.phone),
  });
  const common = {
    name: v.name.trim(),
    contact: contact(v.contact),
    billingContact: contact(v.billingContact),
    address: {
      line1: orNull(v.address.line1),
      line2: orNull(v.address.line2),
      city: orNull(v.address.city),
      region: orNull(v.address.region),
      postalCode: orNull(v.address.postalCode),
      country: orNull(v.address.country),
    },
    ...(v.currency ? { currency: v.currency } : {}),
  };
  const tenantFields =
    kind === 'tenant'
      ? {
          directoryId: orNull(v.directoryId),
          billingMode: v.billingMode,
          paymentTermsDays: v.paymentTermsDays === '' ? null : Number(v.paymentTermsDays),
          // Only platform administrators choose a tenant's tax profile (the server refuses others).
          ...(can(me, 'taxProfiles.list') ? { taxProfileId: v.taxProfileId || null } : {}),
        }
      : {};
  const people = v.administrators.map(personBody);
  if (mode === 'edit')
    return { ...common, ...tenantFields, ...(people.length ? { addAdministrators: people } : {}) };
  const parent =
    kind === 'partner' && above(me, 'distributor')
      ? { distributorId: v.parentId ?? '' }
      : kind === 'tenant' && above(me, 'partner')
        ? { partnerId: v.parentId ?? '' }
        : {};
  return { ...common, ...tenantFields, ...parent, administrators: people };
}

/** API field → form path: `body.addAdministrators.0.email` and `body.administrators.0.email` → `administrators.0.email`. */
export function renameField(field: string): string | null {
  const path = field.replace(/^body\./, '');
  if (path === 'distributorId' || path === 'partnerId') return 'parentId';
  return path.replace(/^addAdministrators\b/, 'administrators');
}

export function useOrganisationForm(
  initial: OrganisationValues,
  kind: Kind,
  mode: 'create' | 'edit',
  me: Me,
) {
  const needsParent =
    mode === 'create' &&
    ((kind === 'partner' && above(me, 'distributor')) || (kind === 'tenant' && above(me, 'partner')));
  return useForm<OrganisationValues>({
    mode: 'controlled',
    initialValues: initial,
    validate: {
      name: (v) => (v.trim() ? null : 'Enter a name.'),
      parentId: (v) =>
        !needsParent || v ? null : `Select the ${kind === 'partner' ? 'distributor' : 'partner'}.`,
      paymentTermsDays: (v) =>
        v === '' || (Number.isInteger(Number(v)) && Number(v) >= 0 && Number(v) <= 365)
          ? null
          : 'Whole days from 0 to 365, or empty for the platform default.',
      administrators: {
        firstName: (v) => (v.trim() ? null : 'Enter a first name.'),
        lastName: (v) => (v.trim() ? null : 'Enter a last name.'),
        email: (v) => (/^[^\s@]+@[^\s@]+$/.test(v.trim()) ? null : 'Enter an e-mail address.'),
      },
    },
  });
}

type OrgForm = ReturnType<typeof useOrganisationForm>;

function ContactFields({
  form,
  path,
  legend,
}: {
  form: OrgForm;
  path: 'contact' | 'billingContact';
  legend: string;
}) {
  return (
    <Fieldset legend={legend}>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput label="Name" {...form.getInputProps(`${path}.name`)} />
        <TextInput label="E-mail" type="email" {...form.getInputProps(`${path}.email`)} />
        <TextInput label="Phone" type="tel" {...form.getInputProps(`${path}.phone`)} />
      </SimpleGrid>
    </Fieldset>
  );
}

function Administrators({
  form,
  mode,
  kindLabel,
}: {
  form: OrgForm;
  mode: 'create' | 'edit';
  kindLabel: string;
}) {
  const list = form.values.administrators;
  return (
    <Fieldset legend={mode === 'create' ? `${kindLabel} administrators` : 'Add administrators'}>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {mode === 'create'
            ? 'At least one administrator is created with the organisation. They receive an invitation to set their password, or — when Require User Activation is off — you may give an initial password that they change at first sign-in.'
            : 'New administrators are created and assigned when you save. To remove one, change or delete the user under Settings → Users.'}
        </Text>
        {list.map((_, index) => (
          <Paper key={form.key(`administrators.${index}`)} withBorder p="sm">
            <Group justify="space-between" mb="xs">
              <Text size="sm" fw={600}>
                Administrator {index + 1}
              </Text>
              {(mode === 'edit' || list.length > 1) && (
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Remove administrator ${index + 1}`}
                  onClick={() => form.removeListItem('administrators', index)}
                >
                  <IconTrash size={16} aria-hidden />
                </ActionIcon>
              )}
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label="First name"
                required
                {...form.getInputProps(`administrators.${index}.firstName`)}
              />
              <TextInput
                label="Last name"
                required
                {...form.getInputProps(`administrators.${index}.lastName`)}
              />
              <TextInput
                label="E-mail address"
                type="email"
                required
                {...form.getInputProps(`administrators.${index}.email`)}
              />
              <TextInput label="Phone" type="tel" {...form.getInputProps(`administrators.${index}.phone`)} />
              <PasswordInput
                label="Initial password (optional)"
                description="Only when Require User Activation is off; must be changed at first sign-in."
                autoComplete="new-password"
                {...form.getInputProps(`administrators.${index}.initialPassword`)}
              />
            </SimpleGrid>
          </Paper>
        ))}
        <Group>
          <Button
            variant="default"
            size="xs"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() => form.insertListItem('administrators', emptyPerson())}
          >
            Add administrator
          </Button>
        </Group>
      </Stack>
    </Fieldset>
  );
}

const CURRENCY_OPTIONS = [...CURRENCY_CODES];

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
/** ISO 3166-1 codes with their English names, by name: the server takes the code only. */
const COUNTRY_OPTIONS = COUNTRY_CODES.map((code) => ({
  value: code,
  label: `${regionNames.of(code) ?? code} (${code})`,
})).sort((a, b) => a.label.localeCompare(b.label));

export function OrganisationFormFields({
  form,
  kind,
  kindLabel,
  mode,
  me,
  problem,
  pending,
  onCancel,
}: {
  form: OrgForm;
  kind: Kind;
  kindLabel: string;
  mode: 'create' | 'edit';
  me: Me;
  problem: FormProblem | null;
  pending: boolean;
  onCancel: () => void;
}) {
  const labels = useLabels();
  const parentKind = kind === 'partner' ? 'distributor' : kind === 'tenant' ? 'partner' : null;
  const needsParent =
    mode === 'create' &&
    ((kind === 'partner' && above(me, 'distributor')) || (kind === 'tenant' && above(me, 'partner')));
  return (
    <Stack gap="lg" maw={900}>
      <Fieldset legend="Details">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={`${kindLabel} name`} required {...form.getInputProps('name')} />
          <Select
            label="Currency"
            description={
              mode === 'create'
                ? 'Leave empty for the default currency (System Settings).'
                : kind === 'tenant'
                  ? 'Invoices and rated usage are in it; its credits keep their amounts in a new currency.'
                  : undefined
            }
            data={CURRENCY_OPTIONS}
            searchable
            clearable={mode === 'create'}
            {...form.getInputProps('currency')}
            value={form.values.currency || null}
            onChange={(v) => form.setFieldValue('currency', v ?? '')}
          />
          {needsParent && parentKind && (
            <OrganisationSelect
              kind={parentKind}
              label={labels[parentKind].singular}
              description={`The ${lower(labels[parentKind].singular)} this ${lower(kindLabel)} belongs to`}
              required
              value={form.values.parentId}
              onChange={(id) => form.setFieldValue('parentId', id)}
              error={form.errors.parentId}
            />
          )}
        </SimpleGrid>
      </Fieldset>
      {kind === 'tenant' && (
        <Fieldset legend={labels.tenant.singular}>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label="Directory"
              description="Microsoft Entra tenant id or domain"
              {...form.getInputProps('directoryId')}
            />
            <Select
              label="Billing mode"
              description="Chargeback: invoices; showback: statements"
              data={[
                { value: 'chargeback', label: 'Chargeback' },
                { value: 'showback', label: 'Showback' },
              ]}
              allowDeselect={false}
              {...form.getInputProps('billingMode')}
            />
            <NumberInput
              label="Payment terms (days)"
              description="Empty: the platform default"
              min={0}
              max={365}
              clampBehavior="none"
              {...form.getInputProps('paymentTermsDays')}
            />
            {can(me, 'taxProfiles.list') && (
              <TaxProfileSelect
                value={form.values.taxProfileId}
                onChange={(id) => form.setFieldValue('taxProfileId', id)}
                error={form.errors.taxProfileId}
              />
            )}
          </SimpleGrid>
        </Fieldset>
      )}
      <ContactFields form={form} path="contact" legend="Main contact" />
      <ContactFields form={form} path="billingContact" legend="Billing contact" />
      <Fieldset legend="Billing address">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Address line 1" {...form.getInputProps('address.line1')} />
          <TextInput label="Address line 2" {...form.getInputProps('address.line2')} />
          <TextInput label="City" {...form.getInputProps('address.city')} />
          <TextInput label="State or region" {...form.getInputProps('address.region')} />
          <TextInput label="Postal code" {...form.getInputProps('address.postalCode')} />
          <Select
            label="Country"
            data={COUNTRY_OPTIONS}
            searchable
            clearable
            nothingFoundMessage="No such country"
            {...form.getInputProps('address.country')}
            value={form.values.address.country || null}
            onChange={(v) => form.setFieldValue('address.country', v ?? '')}
          />
        </SimpleGrid>
      </Fieldset>
      <Administrators form={form} mode={mode} kindLabel={kindLabel} />
      <FormError problem={problem} />
      <Group>
        <Button type="submit" loading={pending}>
          Save
        </Button>
        <Button variant="default" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
      </Group>
    </Stack>
  );
}
