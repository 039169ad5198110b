import { Alert, Button, Code, Group, PasswordInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { keys } from '../../api/keys.ts';
import type { Schemas } from '../../api/types.ts';
import { usersApi } from '../../api/users.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { FormError, useFormSubmit } from '../../components/forms.tsx';
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
    initialValues: {
      firstName: '',
      lastName: '',
      email: '',
      phone: '',
      role: 'admin',
      level: me.organisation.kind,
      orgId: me.organisation.id,
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
        ...(v.initialPassword ? { initialPassword: v.initialPassword } : {}),
        orgId: v.orgId ?? '',
        role: v.role,
        mfaRequired: v.mfaRequired,
        federatedOnly: v.federatedOnly,
      }),
    {
      invalidate: [keys.all('users')],
      success: (u) => `User ${u.email} was created.`,
      onSuccess: (u) => {
        guard.release();
        // An activation code is shown to the creating administrator once; an invitation that could
        // not be e-mailed is worth saying. Otherwise straight to the new user.
        if (u.activationCode || u.invitation === 'not_sent') setCreated(u);
        else navigate(`/users/${u.id}`);
      },
    },
  );
  if (created) {
    return (
      <>
        <PageHeader title="User created" back={{ to: '/users', label: 'Users' }} />
        <Stack maw={600}>
          {created.invitation === 'not_sent' && (
            <Alert color="yellow" title="No invitation was e-mailed">
              <Text size="sm">
                {created.email} was created, but no invitation was sent (the SMTP settings are not complete).
                Resend it from the user's page once e-mail works.
              </Text>
            </Alert>
          )}
          {created.activationCode && (
            <Alert color="yellow" title="Give the activation code to the user">
              <Text size="sm">
                {created.email} needs this one-time code at the first sign-in. Deliver it out of band (by
                phone or in person); it is not shown again.
              </Text>
              <Code block mt="sm" className="mono" fz="lg">
                {created.activationCode}
              </Code>
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
          <PasswordInput
            label="Initial password (optional)"
            description="Only when Require User Activation is off. The user must change it at first sign-in; without it the user gets an invitation to set one."
            autoComplete="new-password"
            {...form.getInputProps('initialPassword')}
          />
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
