import { PasswordInput } from '@mantine/core';
import { useForm } from '@mantine/form';

export const PASSWORD_RULES = 'At least 12 characters, not containing your e-mail address.';

/** The change-password form state, shared by the sign-in step and the account page. */
export function usePasswordChangeForm(currentPasswordHint: string) {
  return useForm({
    mode: 'controlled',
    initialValues: { currentPassword: '', newPassword: '', confirm: '' },
    validate: {
      currentPassword: (v) => (v ? null : currentPasswordHint),
      newPassword: (v) => (v.length >= 12 ? null : 'At least 12 characters.'),
      confirm: (v, values) => (v === values.newPassword ? null : 'The passwords do not match.'),
    },
  });
}

export type PasswordChangeForm = ReturnType<typeof usePasswordChangeForm>;

export function PasswordChangeFields({
  form,
  autoFocus = false,
}: {
  form: PasswordChangeForm;
  autoFocus?: boolean;
}) {
  return (
    <>
      <PasswordInput
        label="Current password"
        autoComplete="current-password"
        required
        autoFocus={autoFocus}
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
    </>
  );
}
