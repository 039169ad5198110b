import { Select, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { Me, OrgKind } from '../../api/types.ts';
import { ROLE_NAMES } from '../../app/labels.ts';
import { ScopePicker } from '../../components/orgs.tsx';

export interface UserValues {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  /** Null until chosen: a new user gets no role or organisation by default. */
  role: 'admin' | 'reader' | null;
  level: OrgKind | null;
  orgId: string | null;
  mfaRequired: boolean;
  federatedOnly: boolean;
  disabled: boolean;
  lockedOut: boolean;
  initialPassword: string;
}

export const ROLE_OPTIONS = [
  { value: 'admin', label: ROLE_NAMES.admin },
  { value: 'reader', label: ROLE_NAMES.reader },
];

export function userValidation(requireOrg: boolean) {
  return {
    firstName: (v: string) => (v.trim() ? null : 'Enter a first name.'),
    lastName: (v: string) => (v.trim() ? null : 'Enter a last name.'),
    email: (v: string) => (/^[^\s@]+@[^\s@]+$/.test(v.trim()) ? null : 'Enter an e-mail address.'),
    role: (v: string | null) => (v ? null : 'Choose a role.'),
    orgId: (v: string | null, values: UserValues) =>
      !requireOrg || v
        ? null
        : values.level
          ? 'Select the organisation.'
          : 'Choose the level and organisation.',
  };
}

/** The person, role, scope and toggle fields of the user forms (seed 002 "Add a new User"). */
export function UserFields({
  form,
  me,
  readOnly = false,
  mode,
}: {
  form: UseFormReturnType<UserValues>;
  me: Me;
  readOnly?: boolean;
  mode: 'create' | 'edit';
}) {
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label="First name" required disabled={readOnly} {...form.getInputProps('firstName')} />
        <TextInput label="Last name" required disabled={readOnly} {...form.getInputProps('lastName')} />
        <TextInput
          label="E-mail address"
          type="email"
          required
          disabled={readOnly}
          description="The sign-in name; unique"
          {...form.getInputProps('email')}
        />
        <TextInput label="Phone number" type="tel" disabled={readOnly} {...form.getInputProps('phone')} />
        <Select
          label="User role"
          data={ROLE_OPTIONS}
          placeholder="Choose a role"
          required
          allowDeselect={false}
          disabled={readOnly}
          {...form.getInputProps('role')}
        />
      </SimpleGrid>
      {!readOnly && (
        <ScopePicker
          me={me}
          level={form.values.level}
          orgId={form.values.orgId}
          onChange={(level, orgId) => form.setValues({ level, orgId })}
          error={form.errors.orgId}
        />
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Switch
          label="MFA Required"
          description="Enrol a second factor at the next sign-in"
          disabled={readOnly}
          {...form.getInputProps('mfaRequired', { type: 'checkbox' })}
        />
        <Switch
          label="Federated Only"
          description="No local password sign-in; identity provider only"
          disabled={readOnly}
          {...form.getInputProps('federatedOnly', { type: 'checkbox' })}
        />
        {mode === 'edit' && (
          <>
            <Switch
              label="Disabled"
              description="Blocks sign-in and ends the user's sessions"
              disabled={readOnly}
              {...form.getInputProps('disabled', { type: 'checkbox' })}
            />
            <Switch
              label="Locked Out"
              description="Set after too many wrong passwords: blocks password sign-in (not tokens or sessions) for the Lockout Duration; switch off to unlock now"
              disabled={readOnly || !form.getInitialValues().lockedOut}
              {...form.getInputProps('lockedOut', { type: 'checkbox' })}
            />
          </>
        )}
      </SimpleGrid>
    </Stack>
  );
}
