import { Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { authApi } from '../../api/auth.ts';
import { CardTitle } from '../../app/PublicLayout.tsx';
import { FormError, useFormSubmit } from '../../components/forms.tsx';
import { usePageTitle } from '../../components/PageHeader.tsx';
import { NewPasswordFields, passwordFieldOnly, usePasswordForm } from '../activate/ActivatePage.tsx';

function RequestReset() {
  const [sent, setSent] = useState<{ message: string; delivery: 'email' | 'administrator' } | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { email: '' },
    validate: { email: (v) => (/^[^\s@]+@[^\s@]+$/.test(v.trim()) ? null : 'Enter your e-mail address.') },
  });
  const submit = useFormSubmit(
    form,
    (values: typeof form.values) => authApi.requestPasswordReset(values.email.trim()),
    {
      onSuccess: (result) => setSent(result),
    },
  );
  if (sent) {
    return (
      <Stack>
        {/* With e-mail off the server says so for every address: nothing was sent, an administrator helps. */}
        <CardTitle>{sent.delivery === 'email' ? 'Check your e-mail' : 'Ask your administrator'}</CardTitle>
        <Text size="sm">{sent.message}</Text>
        <Anchor component={Link} to="/sign-in" size="sm">
          Back to sign-in
        </Anchor>
      </Stack>
    );
  }
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <CardTitle>Reset your password</CardTitle>
      <Stack>
        <Text size="sm">We send a link to choose a new password to the address of your account.</Text>
        <TextInput
          label="E-mail address"
          type="email"
          autoComplete="username"
          required
          autoFocus
          {...form.getInputProps('email')}
        />
        <FormError problem={submit.problem} />
        <Button type="submit" loading={submit.pending} fullWidth>
          Send reset link
        </Button>
        <Anchor component={Link} to="/sign-in" size="sm">
          Back to sign-in
        </Anchor>
      </Stack>
    </form>
  );
}

function ConfirmReset({ token }: { token: string }) {
  const [email, setEmail] = useState<string | null>(null);
  const form = usePasswordForm();
  const submit = useFormSubmit(
    form,
    (values: typeof form.values) => authApi.confirmPasswordReset(token, values.password),
    { onSuccess: (result) => setEmail(result.email), rename: passwordFieldOnly },
  );
  if (email) {
    return (
      <Stack>
        <CardTitle>Your password is changed</CardTitle>
        <Text size="sm">Sign in as {email} with your new password.</Text>
        <Button component={Link} to={`/sign-in?${new URLSearchParams({ email }).toString()}`}>
          Sign in
        </Button>
      </Stack>
    );
  }
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <CardTitle>Choose a new password</CardTitle>
      <Stack>
        <NewPasswordFields form={form} />
        <FormError problem={submit.problem} />
        <Button type="submit" loading={submit.pending} fullWidth>
          Change password
        </Button>
      </Stack>
    </form>
  );
}

/** /reset-password asks for the e-mail address; /reset-password?token=… (the e-mailed link) sets the password. */
export default function ResetPasswordPage() {
  usePageTitle('Reset your password');
  const [params] = useSearchParams();
  const token = params.get('token');
  return token ? <ConfirmReset token={token} /> : <RequestReset />;
}
