import { Button, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { authApi } from '../../api/auth.ts';
import { keys } from '../../api/keys.ts';
import { STAGE_PATHS } from '../../app/access.ts';
import { CardTitle } from '../../app/PublicLayout.tsx';
import { FormError, useFormSubmit } from '../../components/forms.tsx';
import { usePageTitle } from '../../components/PageHeader.tsx';
import { PasswordChangeFields, usePasswordChangeForm } from '../../components/PasswordChange.tsx';
import { SignOutLink } from '../mfa/SignOutLink.tsx';

/** The sign-in step for an initial password set by an administrator: choose your own. */
export default function ChangePasswordPage() {
  usePageTitle('Choose a new password');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = usePasswordChangeForm('Enter the password you signed in with.');
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
        <PasswordChangeFields form={form} autoFocus />
        <FormError problem={submit.problem} />
        <Button type="submit" loading={submit.pending} fullWidth>
          Change password
        </Button>
        <SignOutLink />
      </Stack>
    </form>
  );
}
