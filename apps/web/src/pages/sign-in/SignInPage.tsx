import { Anchor, Button, Divider, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { authApi } from '../../api/auth.ts';
import { ApiError } from '../../api/errors.ts';
import { keys } from '../../api/keys.ts';
import { STAGE_PATHS, safeNext } from '../../app/access.ts';
import { CardTitle } from '../../app/PublicLayout.tsx';
import { FormError, useFormSubmit } from '../../components/forms.tsx';
import { usePageTitle } from '../../components/PageHeader.tsx';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Buttons for the identity providers that serve this e-mail address (federated sign-in). */
function FederatedButtons({ email, returnTo }: { email: string; returnTo: string }) {
  const [debounced] = useDebouncedValue(email.trim().toLowerCase(), 400);
  const enabled = EMAIL.test(debounced);
  const providers = useQuery({
    queryKey: keys.identityProviders(debounced),
    queryFn: () => authApi.identityProviders(debounced),
    enabled,
    staleTime: 60_000,
  });
  const items = enabled ? (providers.data?.items ?? []) : [];
  if (items.length === 0) return null;
  return (
    <Stack gap="xs">
      <Divider label="or" labelPosition="center" />
      {items.map((provider) => (
        <Button
          key={provider.id}
          component="a"
          href={authApi.oidcStartUrl(provider.id, returnTo)}
          variant="default"
          fullWidth
        >
          Sign in with {provider.name}
        </Button>
      ))}
    </Stack>
  );
}

export default function SignInPage() {
  usePageTitle('Sign in');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  // After activation the portal comes here with ?email= (and ?code=required when a code is due).
  const [needsCode, setNeedsCode] = useState(params.get('code') === 'required');
  const form = useForm({
    mode: 'controlled',
    initialValues: { email: params.get('email') ?? '', password: '', activationCode: '' },
    validate: {
      email: (v) => (EMAIL.test(v.trim()) ? null : 'Enter your e-mail address.'),
      password: (v) => (v ? null : 'Enter your password.'),
    },
  });
  const submit = useFormSubmit(
    form,
    (values: typeof form.values) =>
      authApi.signIn({
        email: values.email.trim(),
        password: values.password,
        ...(values.activationCode.trim() ? { activationCode: values.activationCode.trim() } : {}),
      }),
    {
      onSuccess: (result) => {
        queryClient.clear();
        queryClient.setQueryData(keys.me, result.me);
        const stage = result.me.stage;
        navigate(stage === 'active' ? safeNext(params.get('next')) : STAGE_PATHS[stage], { replace: true });
      },
    },
  );
  const codeError =
    submit.mutation.error instanceof ApiError && submit.mutation.error.code === 'activation_code_required';
  const showCode = needsCode || codeError;

  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <CardTitle>Sign in</CardTitle>
      <Stack>
        <TextInput
          label="E-mail address"
          type="email"
          autoComplete="username"
          required
          autoFocus={!params.get('email')}
          {...form.getInputProps('email')}
        />
        <PasswordInput
          label="Password"
          autoComplete="current-password"
          required
          {...form.getInputProps('password')}
        />
        {showCode ? (
          <TextInput
            label="Activation code"
            description="The one-time code your administrator gave you, at your first sign-in."
            autoComplete="one-time-code"
            {...form.getInputProps('activationCode')}
          />
        ) : (
          <Anchor component="button" type="button" size="sm" ta="left" onClick={() => setNeedsCode(true)}>
            I have an activation code
          </Anchor>
        )}
        <FormError problem={submit.problem} />
        <Button type="submit" loading={submit.pending} fullWidth>
          Sign in
        </Button>
        <FederatedButtons email={form.values.email} returnTo={safeNext(params.get('next'))} />
        <Group justify="center">
          <Anchor component={Link} to="/reset-password" size="sm">
            Forgot your password?
          </Anchor>
        </Group>
        <Text size="xs" c="dimmed" ta="center">
          After several wrong passwords, signing in with the password is locked for a while, or until an
          administrator unlocks the account.
        </Text>
      </Stack>
    </form>
  );
}
