import { Anchor, Button, PinInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { mfaApi } from '../../api/auth.ts';
import { keys } from '../../api/keys.ts';
import { STAGE_PATHS } from '../../app/access.ts';
import { CardTitle } from '../../app/PublicLayout.tsx';
import { FormError, useFormSubmit } from '../../components/forms.tsx';
import { usePageTitle } from '../../components/PageHeader.tsx';
import { SignOutLink } from './SignOutLink.tsx';

/** The sign-in step for an account with a second factor: a TOTP code or a recovery code. */
export default function MfaVerifyPage() {
  usePageTitle('Two-step verification');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [useRecovery, setUseRecovery] = useState(false);
  const form = useForm({
    mode: 'controlled',
    initialValues: { code: '', recoveryCode: '' },
    validate: {
      code: (v) => (useRecovery || /^\d{6}$/.test(v) ? null : 'Enter the 6 digits your app shows.'),
      recoveryCode: (v) => (!useRecovery || v.trim() ? null : 'Enter one of your recovery codes.'),
    },
  });
  const submit = useFormSubmit(
    form,
    (values: typeof form.values) =>
      mfaApi.verify(useRecovery ? { recoveryCode: values.recoveryCode.trim() } : { code: values.code }),
    {
      onSuccess: async (result) => {
        await queryClient.invalidateQueries({ queryKey: keys.me });
        navigate(result.stage === 'active' ? '/' : STAGE_PATHS[result.stage], { replace: true });
      },
    },
  );
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <CardTitle>Two-step verification</CardTitle>
      <Stack>
        {useRecovery ? (
          <TextInput
            label="Recovery code"
            description="Each recovery code works once."
            autoComplete="one-time-code"
            autoFocus
            {...form.getInputProps('recoveryCode')}
          />
        ) : (
          <div>
            <Text size="sm" fw={500} id="totp-label" mb={4}>
              Code from your authenticator app
            </Text>
            <PinInput
              length={6}
              type="number"
              oneTimeCode
              autoFocus
              aria-label="Code from your authenticator app"
              {...form.getInputProps('code')}
            />
            {form.errors.code && (
              <Text size="sm" c="red" mt={4} role="alert">
                {form.errors.code}
              </Text>
            )}
          </div>
        )}
        <FormError problem={submit.problem} />
        <Button type="submit" loading={submit.pending} fullWidth>
          Verify
        </Button>
        <Anchor component="button" type="button" size="sm" onClick={() => setUseRecovery((v) => !v)}>
          {useRecovery ? 'Use a code from the app instead' : 'Use a recovery code instead'}
        </Anchor>
        <SignOutLink />
      </Stack>
    </form>
  );
}
