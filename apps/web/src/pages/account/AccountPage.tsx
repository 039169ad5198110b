import { Button, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { authApi, mfaApi } from '../../api/auth.ts';
import { identitiesApi } from '../../api/identities.ts';
import { keys } from '../../api/keys.ts';
import { roleKeyLabel, useLabels } from '../../app/labels.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { DetailList } from '../../components/DetailList.tsx';
import { personName, Timestamp } from '../../components/format.tsx';
import { FormError, useFormSubmit } from '../../components/forms.tsx';
import { LinkedIdentities } from '../../components/LinkedIdentities.tsx';
import { MfaEnrolment, RecoveryCodes } from '../../components/MfaEnrolment.tsx';
import { ProofButton } from '../../components/MfaProof.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PasswordChangeFields, usePasswordChangeForm } from '../../components/PasswordChange.tsx';
import { useUnsavedChangesGuard } from '../../components/useUnsavedChangesGuard.ts';

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Title order={2} size="h4" mb="sm" id={id}>
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function ChangePassword() {
  const form = usePasswordChangeForm('Enter your current password.');
  useUnsavedChangesGuard(form.isDirty());
  const submit = useFormSubmit(
    form,
    (v: typeof form.values) =>
      authApi.changePassword({ currentPassword: v.currentPassword, newPassword: v.newPassword }),
    {
      success: 'Your password is changed. Your other sessions were signed out.',
      onSuccess: () => form.reset(),
    },
  );
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack maw={420}>
        <PasswordChangeFields form={form} />
        <FormError problem={submit.problem} />
        <Group>
          <Button type="submit" loading={submit.pending}>
            Change password
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function TwoStep({ enabled, required }: { enabled: boolean; required: boolean }) {
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: keys.me });
  const [enrolling, { open, close }] = useDisclosure(false);
  const [codes, setCodes] = useState<string[] | null>(null);
  return (
    <Stack>
      <Text size="sm">
        An authenticator app adds a second step to signing in.{' '}
        <strong>{enabled ? 'It is set up for your account.' : 'It is not set up.'}</strong>
        {required && ' Your administrator requires it.'}
      </Text>
      <Group>
        <Button onClick={open}>{enabled ? 'Replace authenticator' : 'Set up authenticator'}</Button>
        {enabled && (
          <ProofButton
            label="New recovery codes"
            title="New recovery codes"
            message="Your current recovery codes stop working. Confirm with a code of your authenticator (or an unused recovery code)."
            confirmLabel="Make new codes"
            onProof={mfaApi.regenerateRecoveryCodes}
            onDone={(r) => setCodes(r.recoveryCodes)}
          />
        )}
        {enabled && !required && (
          <ProofButton
            label="Remove authenticator"
            title="Remove two-step verification?"
            message="Your authenticator and recovery codes stop working. Confirm with a code of your authenticator (or an unused recovery code)."
            confirmLabel="Remove"
            color="red.9"
            variant="outline"
            onProof={mfaApi.disable}
            onDone={() => {
              notifications.show({
                color: 'green',
                title: 'Done',
                message: 'Two-step verification was removed.',
              });
              refresh();
            }}
          />
        )}
      </Group>
      <Modal opened={enrolling} onClose={close} title="Set up authenticator" centered size="md">
        {enrolling && (
          <MfaEnrolment
            doneLabel="Done"
            replacing={enabled}
            onDone={() => {
              close();
              refresh();
            }}
          />
        )}
      </Modal>
      <Modal opened={codes !== null} onClose={() => setCodes(null)} title="New recovery codes" centered>
        {codes && (
          <Stack>
            <RecoveryCodes codes={codes} />
            <Button onClick={() => setCodes(null)}>Done</Button>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}

/** My account: who I am, my password, my second factor, my sessions. */
export default function AccountPage() {
  const me = useCurrentMe();
  const labels = useLabels();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return (
    <>
      <PageHeader title="My account" />
      <Stack gap="lg" maw={900}>
        <Section id="account-profile" title="Profile">
          <DetailList
            items={[
              { label: 'Name', value: personName(me.user) },
              { label: 'E-mail address', value: me.user.email },
              { label: 'Organisation', value: me.organisation.name },
              { label: 'Role', value: roleKeyLabel(me.roleKey, labels) },
              { label: 'Last sign-in', value: <Timestamp value={me.user.lastSignInAt} /> },
            ]}
          />
          <Text size="sm" c="dimmed" mt="sm">
            Your administrator changes your name, e-mail address and role.
          </Text>
        </Section>
        {!me.user.federatedOnly && (
          <Section id="account-password" title="Password">
            <ChangePassword />
          </Section>
        )}
        <Section id="account-mfa" title="Two-step verification">
          <TwoStep enabled={me.user.mfaEnabled} required={me.user.mfaRequired} />
        </Section>
        <Section id="account-identities" title="Linked sign-in providers">
          <LinkedIdentities
            owner="me"
            who="your account"
            load={identitiesApi.listOwn}
            remove={identitiesApi.removeOwn}
          />
        </Section>
        <Section id="account-sessions" title="Sessions">
          <Stack align="flex-start">
            <Text size="sm">Sign out on every device and browser, this one included.</Text>
            <ConfirmButton
              label="Sign out everywhere"
              title="Sign out everywhere?"
              message="Every session of your account ends, this one included. API tokens keep working."
              confirmLabel="Sign out everywhere"
              success="You were signed out everywhere."
              onConfirm={authApi.signOutEverywhere}
              onDone={() => {
                queryClient.clear();
                queryClient.setQueryData(keys.me, null);
                navigate('/sign-in', { replace: true });
              }}
            />
          </Stack>
        </Section>
      </Stack>
    </>
  );
}
