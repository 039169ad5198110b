import { Alert, Button, Group, PasswordInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { keys } from '../../api/keys.ts';
import type { Schemas } from '../../api/types.ts';
import { usersApi } from '../../api/users.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { FormError, useFormSubmit } from '../../components/forms.tsx';
import { OneTimeSecret } from '../../components/OneTimeSecret.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useUnsavedChangesGuard } from '../../components/useUnsavedChangesGuard.ts';
import { UserFields, type UserValues, userValidation } from './UserFields.tsx';

type UserCreated = Schemas['UserCreated'];

/** Settings → Users → Create. */
export default function UserCreatePage() {
  const me = useCurrentMe();
  const navigate = useNavigate();
  const [created, setCreated] = useState<UserCreated | null>(null);
  const form = useForm<UserValues>({
    mode: 'controlled',
    // No role, level or organisation chosen for the administrator: each new user is placed deliberately.
    initialValues: {
      firstName: '',
      lastName: '',
      email: '',
      phone: '',
      role: null,
      level: null,
      orgId: null,
      mfaRequired: false,
      federatedOnly: false,
      disabled: false,
      lockedOut: false,
      initialPassword: '',
    },
    validate: userValidation(true),
  });
  const guard = useUnsavedChangesGuard(form.isDirty());
  const submit = useFormSubmit(
    form,
    (v: UserValues) =>
      usersApi.create({
        firstName: v.firstName.trim(),
        lastName: v.lastName.trim(),
        email: v.email.trim(),
        ...(v.phone.trim() ? { phone: v.phone.trim() } : {}),
        ...(v.initialPassword && me.initialPasswordAllowed ? { initialPassword: v.initialPassword } : {}),
        orgId: v.orgId ?? '',
        role: v.role as 'admin' | 'reader', // validated: a role is chosen
        mfaRequired: v.mfaRequired,
        federatedOnly: v.federatedOnly,
      }),
    {
      invalidate: [keys.all('users')],
      success: (u) => `User ${u.email} was created.`,
      onSuccess: (u) => {
        guard.release();
        // An activation link or code is shown to the creating administrator once; otherwise
        // straight to the new user.
        if (u.activationCode || u.activationLink) setCreated(u);
        else navigate(`/users/${u.id}`);
      },
    },
  );
  if (created) {
    return (
      <>
        <PageHeader title="User created" back={{ to: '/users', label: 'Users' }} />
        <Stack maw={700}>
          {created.activationLink && (
            <Alert color="blue" title="Give the activation link to the user">
              <Stack gap="xs">
                <Text size="sm">
                  E-mail is off, so no invitation was e-mailed. {created.email} chooses a password with this
                  one-time link (valid for 7 days). Pass it on securely.
                </Text>
                <OneTimeSecret label="Activation link" value={created.activationLink} copyLabel="Copy link" />
              </Stack>
            </Alert>
          )}
          {created.activationCode && (
            <Alert color="blue" title="Give the activation code to the user">
              <Stack gap="xs">
                <Text size="sm">
                  {created.email} needs this one-time code at the first sign-in. Deliver it out of band (by
                  phone or in person).
                </Text>
                <OneTimeSecret label="Activation code" value={created.activationCode} copyLabel="Copy code" />
              </Stack>
            </Alert>
          )}
          <Group>
            <Button component={Link} to={`/users/${created.id}`}>
              Go to the user
            </Button>
          </Group>
        </Stack>
      </>
    );
  }
  return (
    <>
      <PageHeader title="Create user" back={{ to: '/users', label: 'Users' }} />
      <form onSubmit={submit.onSubmit} noValidate>
        <Stack maw={800}>
          <UserFields form={form} me={me} mode="create" />
          {me.initialPasswordAllowed ? (
            <PasswordInput
              label="Initial password (optional)"
              description="The user must change it at first sign-in; without it the user gets an invitation to set one."
              autoComplete="new-password"
              {...form.getInputProps('initialPassword')}
            />
          ) : (
            <Text size="sm">
              The user chooses a password through an invitation link (Require User Activation): e-mailed, or
              shown to you after saving when e-mail is off.
            </Text>
          )}
          <FormError problem={submit.problem} />
          <Group>
            <Button type="submit" loading={submit.pending}>
              Save
            </Button>
            <Button variant="default" onClick={() => navigate('/users')}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
