import { Button, PasswordInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { authApi } from '../../api/auth.ts';
import { keys } from '../../api/keys.ts';
import { STAGE_PATHS } from '../../app/access.ts';
import { CardTitle } from '../../app/PublicLayout.tsx';
import { FormError, useFormSubmit } from '../../components/forms.tsx';
import { usePageTitle } from '../../components/PageHeader.tsx';
import { SignOutLink } from '../mfa/SignOutLink.tsx';

export const PASSWORD_RULES = 'At least 12 characters, not containing your e-mail address.';

/** The sign-in step for an initial password set by an administrator: choose your own. */
export default function ChangePasswordPage() {
  usePageTitle('Choose a new password');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm({
    mode: 'controlled',
    initialValues: { currentPassword: '', newPassword: '', confirm: '' },
    validate: {
      currentPassword: (v) => (v ? null : 'Enter the password you signed in with.'),
      newPassword: (v) => (v.length >= 12 ? null : 'At least 12 characters.'),
      confirm: (v, values) => (v === values.newPassword ? null : 'The passwords do not match.'),
    },
  });
  const submit = useFormSubmit(
    form,
    (values: typeof form.values) =>
      authApi.changePassword({ currentPassword: values.currentPassword, newPassword: values.newPassword }),
    {
      success: 'Your password is changed.',
      onSuccess: async (result) => {
        await queryClient.invalidateQueries({ queryKey: keys.me });
        navigate(result.stage === 'active' ? '/' : STAGE_PATHS[result.stage], { replace: true });
      },
    },
  );
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <CardTitle>Choose a new password</CardTitle>
      <Stack>
        <Text size="sm">Your administrator gave you an initial password. Choose your own to continue.</Text>
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          required
          autoFocus
          {...form.getInputProps('currentPassword')}
        />
        <PasswordInput
          label="New password"
          description={PASSWORD_RULES}
          autoComplete="new-password"
          required
          {...form.getInputProps('newPassword')}
        />
        <PasswordInput
          label="Repeat the new password"
          autoComplete="new-password"
          required
          {...form.getInputProps('confirm')}
        />
        <FormError problem={submit.problem} />
        <Button type="submit" loading={submit.pending} fullWidth>
          Change password
        </Button>
        <SignOutLink />
      </Stack>
    </form>
  );
}
