import { Alert, Button, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { errorMessage } from '../../api/errors.ts';
import { identitiesApi } from '../../api/identities.ts';
import { keys } from '../../api/keys.ts';
import type { Body, Me, User } from '../../api/types.ts';
import { usersApi } from '../../api/users.ts';
import { can } from '../../app/access.ts';
import { roleLabel, useLabels } from '../../app/labels.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { DetailList } from '../../components/DetailList.tsx';
import { personName, Timestamp, UserFlags, UserStatusBadge } from '../../components/format.tsx';
import { FormError, useFormSubmit } from '../../components/forms.tsx';
import { LinkedIdentities } from '../../components/LinkedIdentities.tsx';
import { OneTimeSecret } from '../../components/OneTimeSecret.tsx';
import { KnownOrgName } from '../../components/orgs.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryState } from '../../components/states.tsx';
import { useUnsavedChangesGuard } from '../../components/useUnsavedChangesGuard.ts';
import { UserFields, type UserValues, userValidation } from './UserFields.tsx';

function valuesOf(user: User): UserValues {
  return {
    firstName: user.firstName ?? '',
    lastName: user.lastName ?? '',
    email: user.email,
    phone: user.phone ?? '',
    role: user.role,
    level: user.level,
    orgId: user.orgId,
    mfaRequired: user.mfaRequired,
    federatedOnly: user.federatedOnly,
    disabled: user.disabled,
    lockedOut: user.lockedOut,
    initialPassword: '',
  };
}

/** Only what changed, so the audit log records the real change. */
function changes(before: UserValues, after: UserValues): Body<'users.update'> {
  const body: Body<'users.update'> = {};
  if (after.firstName.trim() !== before.firstName) body.firstName = after.firstName.trim();
  if (after.lastName.trim() !== before.lastName) body.lastName = after.lastName.trim();
  if (after.email.trim() !== before.email) body.email = after.email.trim();
  if (after.phone.trim() !== before.phone) body.phone = after.phone.trim() || null;
  if (after.role && after.role !== before.role) body.role = after.role;
  if (after.orgId && after.orgId !== before.orgId) body.orgId = after.orgId;
  if (after.mfaRequired !== before.mfaRequired) body.mfaRequired = after.mfaRequired;
  if (after.federatedOnly !== before.federatedOnly) body.federatedOnly = after.federatedOnly;
  if (after.disabled !== before.disabled) body.disabled = after.disabled;
  if (before.lockedOut && !after.lockedOut) body.lockedOut = false;
  return body;
}

function EditUser({ user, me }: { user: User; me: Me }) {
  const readOnly = !can(me, 'users.update');
  const initial = valuesOf(user);
  const form = useForm<UserValues>({
    mode: 'controlled',
    initialValues: initial,
    validate: userValidation(true),
  });
  useUnsavedChangesGuard(form.isDirty());
  const submit = useFormSubmit(form, (v: UserValues) => usersApi.update(user.id, changes(initial, v)), {
    invalidate: [keys.all('users')],
    success: (u) => `User ${u.email} was saved.`,
    onSuccess: (u) => {
      const next = valuesOf(u);
      form.setInitialValues(next);
      form.setValues(next);
    },
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="user-edit">
      <Title order={2} size="h4" mb="sm" id="user-edit">
        {readOnly ? 'Details' : 'Edit'}
      </Title>
      <form onSubmit={submit.onSubmit} noValidate>
        <Stack>
          <UserFields form={form} me={me} mode="edit" readOnly={readOnly} />
          <FormError problem={submit.problem} />
          {!readOnly && (
            <Group>
              <Button type="submit" loading={submit.pending} disabled={!form.isDirty()}>
                Save
              </Button>
              <Button variant="default" onClick={() => form.reset()} disabled={!form.isDirty()}>
                Undo changes
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
  );
}

/** What a resend, a new code or a reset handed back to show once: a link to pass on, a code, or both. */
interface Issued {
  title: string;
  activationLink?: string | undefined;
  activationCode?: string | undefined;
  passwordResetLink?: string | undefined;
}

function IssuedModal({ user, issued, onClose }: { user: User; issued: Issued | null; onClose: () => void }) {
  return (
    <Modal opened={issued !== null} onClose={onClose} title={issued?.title} centered size="lg">
      {issued && (
        <Stack>
          {issued.activationLink && (
            <>
              <Text size="sm">
                E-mail is off, so no invitation was e-mailed. Give {user.email} this activation link (it works
                once; earlier links no longer work). With it the user chooses a password.
              </Text>
              <OneTimeSecret label="Activation link" value={issued.activationLink} copyLabel="Copy link" />
            </>
          )}
          {issued.passwordResetLink && (
            <>
              <Text size="sm">
                E-mail is off, so no e-mail was sent. Give {user.email} this password reset link (it works
                once, for 60 minutes; earlier reset links no longer work). With it the user chooses a new
                password.
              </Text>
              <OneTimeSecret
                label="Password reset link"
                value={issued.passwordResetLink}
                copyLabel="Copy link"
              />
            </>
          )}
          {issued.activationCode && (
            <>
              <Text size="sm">
                Give {user.email} this activation code out of band (by phone or in person): the first sign-in
                needs it. The previous code no longer works.
              </Text>
              <OneTimeSecret label="Activation code" value={issued.activationCode} copyLabel="Copy code" />
            </>
          )}
          <Group justify="flex-end">
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

/**
 * A new invitation for a user who has not activated: e-mailed, or with e-mail off a link shown once.
 * It replaces the previous link and any pending activation code, and says so before it does.
 */
function ResendInvitationButton({ user }: { user: User }) {
  const [issued, setIssued] = useState<Issued | null>(null);
  return (
    <>
      <ConfirmButton
        label="Resend invitation"
        color="blue"
        variant="default"
        title={`Send ${user.email} a new invitation?`}
        message={
          <>
            The new invitation <strong>replaces the previous one</strong>: earlier links stop working
            {user.activationCodePending
              ? ', and so does the activation code given before (you get a new one)'
              : ''}
            . With e-mail set up the link is e-mailed; with e-mail off it is shown to you here to pass on.
          </>
        }
        confirmLabel="Replace and send"
        success={`A new invitation for ${user.email} was issued.`}
        onConfirm={async () => {
          const sent = await usersApi.resendInvitation(user.id);
          if (sent.activationLink || sent.activationCode) {
            setIssued({
              title: 'New invitation',
              activationLink: sent.activationLink,
              activationCode: sent.activationCode,
            });
          }
        }}
      />
      <IssuedModal user={user} issued={issued} onClose={() => setIssued(null)} />
    </>
  );
}

/** A new activation code for a user who activated but has not completed the first sign-in. */
function NewActivationCodeButton({ user }: { user: User }) {
  const [issued, setIssued] = useState<Issued | null>(null);
  const queryClient = useQueryClient();
  return (
    <>
      <ConfirmButton
        label="New activation code"
        color="blue"
        variant="default"
        title={`Issue a new activation code for ${user.email}?`}
        message="The first sign-in still needs an activation code. A new code replaces the previous one, which stops working; you see the new one once."
        confirmLabel="Replace code"
        success={`A new activation code for ${user.email} was issued.`}
        onConfirm={async () => {
          const { activationCode } = await usersApi.issueActivationCode(user.id);
          setIssued({ title: 'New activation code', activationCode });
        }}
        onDone={() => void queryClient.invalidateQueries({ queryKey: keys.all('users') })}
      />
      <IssuedModal user={user} issued={issued} onClose={() => setIssued(null)} />
    </>
  );
}

/**
 * A new password reset link for an activated user: e-mailed, or with e-mail off shown once to pass on.
 * The user chooses the password; the administrator never knows it.
 */
function PasswordResetButton({ user }: { user: User }) {
  const [issued, setIssued] = useState<Issued | null>(null);
  return (
    <>
      <ConfirmButton
        label="Send password reset"
        color="blue"
        variant="default"
        title={`Send ${user.email} a password reset link?`}
        message="With the link the user chooses a new password; earlier reset links stop working. With e-mail set up the link is e-mailed; with e-mail off it is shown to you here to pass on."
        confirmLabel="Issue link"
        success={`A password reset link for ${user.email} was issued.`}
        onConfirm={async () => {
          const sent = await usersApi.sendPasswordReset(user.id);
          if (sent.passwordResetLink) {
            setIssued({ title: 'New password reset link', passwordResetLink: sent.passwordResetLink });
          }
        }}
      />
      <IssuedModal user={user} issued={issued} onClose={() => setIssued(null)} />
    </>
  );
}

function UnlockButton({ user }: { user: User }) {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => usersApi.update(user.id, { lockedOut: false }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.all('users') });
      notifications.show({ color: 'green', title: 'Unlocked', message: `${user.email} can sign in again.` });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: 'Unlock failed', message: errorMessage(error) }),
  });
  return (
    <Button variant="default" loading={mutation.isPending} onClick={() => mutation.mutate()}>
      Unlock
    </Button>
  );
}

/** Settings → Users → select one: details, every toggle, resets, delete. */
export default function UserPage() {
  const labels = useLabels();
  const me = useCurrentMe();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: keys.detail('users', id), queryFn: () => usersApi.get(id) });
  const user = query.data;
  const self = user?.id === me.user.id;
  const mayUpdate = can(me, 'users.update');
  return (
    <>
      <PageHeader
        title={user ? personName(user) : 'User'}
        description={user && `${user.email} · ${roleLabel(user.level, user.role, labels)}`}
        back={{ to: '/users', label: 'Users' }}
        actions={
          user &&
          !self && (
            <>
              {mayUpdate && user.lockedOut && <UnlockButton user={user} />}
              {can(me, 'users.mfaReset') && (
                <ConfirmButton
                  label="Reset MFA"
                  color="blue"
                  variant="default"
                  title={`Reset MFA of ${user.email}?`}
                  message="The user's authenticator and recovery codes are removed and their sessions end. With MFA Required on, they enrol a new authenticator at the next sign-in."
                  confirmLabel="Reset MFA"
                  success={`MFA of ${user.email} was reset.`}
                  onConfirm={() => usersApi.resetMfa(user.id)}
                />
              )}
              {mayUpdate && !user.federatedOnly && !user.disabled && user.activatedAt === null && (
                <ResendInvitationButton user={user} />
              )}
              {mayUpdate &&
                !user.federatedOnly &&
                user.activationCodePending &&
                user.activatedAt !== null && <NewActivationCodeButton user={user} />}
              {mayUpdate && !user.federatedOnly && !user.disabled && user.activatedAt !== null && (
                <PasswordResetButton user={user} />
              )}
              {can(me, 'users.delete') && (
                <ConfirmButton
                  label="Delete"
                  title={`Delete ${user.email}?`}
                  message="The user's access and personal data are removed. The audit log keeps the user's id."
                  confirmLabel="Delete"
                  success={`User ${user.email} was deleted.`}
                  onConfirm={() => usersApi.remove(user.id)}
                  onDone={() => {
                    navigate('/users');
                    for (const queryKey of keys.lists('users'))
                      void queryClient.invalidateQueries({ queryKey });
                  }}
                />
              )}
            </>
          )
        }
      />
      <QueryState query={query}>
        {(u) => (
          <Stack gap="lg">
            {self && (
              <Alert color="blue" variant="light" title="This is you">
                Change your own password and two-step verification under My account.
              </Alert>
            )}
            <Paper withBorder p="md" component="section" aria-labelledby="user-summary">
              <Title order={2} size="h4" mb="sm" id="user-summary">
                Summary
              </Title>
              <DetailList
                items={[
                  { label: 'Organisation', value: <KnownOrgName id={u.orgId} name={u.orgName} me={me} /> },
                  { label: 'Role', value: roleLabel(u.level, u.role, labels) },
                  { label: 'Two-step verification', value: u.mfaEnabled ? 'Set up' : 'Not set up' },
                  {
                    label: 'Status',
                    value: (
                      <Group gap={4}>
                        <UserStatusBadge user={u} />
                        <UserFlags user={u} />
                      </Group>
                    ),
                  },
                  { label: 'Last sign-in', value: <Timestamp value={u.lastSignInAt} /> },
                  { label: 'Created', value: <Timestamp value={u.createdAt} /> },
                  { label: 'Id', value: <span className="mono">{u.id}</span> },
                ]}
              />
            </Paper>
            <EditUser key={u.updatedAt} user={u} me={me} />
            {can(me, 'users.listIdentities') && (
              <Paper withBorder p="md" component="section" aria-labelledby="user-identities">
                <Title order={2} size="h4" mb="sm" id="user-identities">
                  Linked sign-in providers
                </Title>
                <LinkedIdentities
                  owner={u.id}
                  who={u.email}
                  load={() => identitiesApi.listOf(u.id)}
                  {...(can(me, 'users.removeIdentity')
                    ? { remove: (identityId: string) => identitiesApi.removeOf(u.id, identityId) }
                    : {})}
                />
              </Paper>
            )}
          </Stack>
        )}
      </QueryState>
    </>
  );
}
