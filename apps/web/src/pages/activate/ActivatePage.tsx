import { Alert, Anchor, Button, PasswordInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { authApi } from '../../api/auth.ts';
import { CardTitle } from '../../app/PublicLayout.tsx';
import { FormError, useFormSubmit } from '../../components/forms.tsx';
import { usePageTitle } from '../../components/PageHeader.tsx';
import { PASSWORD_RULES } from '../../components/PasswordChange.tsx';

export function usePasswordForm() {
  return useForm({
    mode: 'controlled',
    initialValues: { password: '', confirm: '' },
    validate: {
      password: (v) => (v.length >= 12 ? null : 'At least 12 characters.'),
      confirm: (v, values) => (v === values.password ? null : 'The passwords do not match.'),
    },
  });
}

export function NewPasswordFields({ form }: { form: ReturnType<typeof usePasswordForm> }) {
  return (
    <>
      <PasswordInput
        label="New password"
        description={PASSWORD_RULES}
        autoComplete="new-password"
        required
        autoFocus
        {...form.getInputProps('password')}
      />
      <PasswordInput
        label="Repeat the password"
        autoComplete="new-password"
        required
        {...form.getInputProps('confirm')}
      />
    </>
  );
}

export function InvalidLink({ what }: { what: string }) {
  return (
    <Stack>
      <Alert color="red" title="This link is not valid" role="alert">
        The {what} link is missing its token. Open the link from your e-mail again, or ask your administrator
        for a new one.
      </Alert>
      <Anchor component={Link} to="/sign-in" size="sm">
        Go to sign-in
      </Anchor>
    </Stack>
  );
}

/** The link's token is one field of the request; its errors belong to the whole form. */
export const passwordFieldOnly = (field: string) => (field === 'body.password' ? 'password' : null);

/** The invitation link (/activate?token=…): the new user chooses a password. */
export default function ActivatePage() {
  usePageTitle('Activate your account');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [done, setDone] = useState<{ email: string; activationCodeRequired: boolean } | null>(null);
  const form = usePasswordForm();
  const submit = useFormSubmit(
    form,
    (values: typeof form.values) => authApi.activate(token, values.password),
    {
      onSuccess: setDone,
      rename: passwordFieldOnly,
    },
  );

  if (!token) return <InvalidLink what="activation" />;
  if (done) {
    const search = new URLSearchParams({
      email: done.email,
      ...(done.activationCodeRequired ? { code: 'required' } : {}),
    });
    return (
      <Stack>
        <CardTitle>Your account is active</CardTitle>
        <Text size="sm">
          Your password is set. Sign in as {done.email}
          {done.activationCodeRequired ? ' with the activation code your administrator gave you.' : '.'}
        </Text>
        <Button component={Link} to={`/sign-in?${search.toString()}`}>
          Sign in
        </Button>
      </Stack>
    );
  }
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <CardTitle>Activate your account</CardTitle>
      <Stack>
        <Text size="sm">Choose the password you will sign in with.</Text>
        <NewPasswordFields form={form} />
        <FormError problem={submit.problem} />
        <Button type="submit" loading={submit.pending} fullWidth>
          Set password and activate
        </Button>
      </Stack>
    </form>
  );
}
