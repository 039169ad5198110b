import {
  Anchor,
  Badge,
  Button,
  CopyButton,
  Group,
  Modal,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { identityProvidersApi } from '../../api/identity-providers.ts';
import { keys } from '../../api/keys.ts';
import type { Body, IdentityProvider, Me, OrgKind } from '../../api/types.ts';
import { can } from '../../app/access.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { FormError, useFormSubmit } from '../../components/forms.tsx';
import { ListView } from '../../components/ListView.tsx';
import { kindOfId, OrgName, ScopePicker } from '../../components/orgs.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useUnsavedChangesGuard } from '../../components/useUnsavedChangesGuard.ts';

type Preset = IdentityProvider['preset'];

const PRESETS: { value: Preset; label: string }[] = [
  { value: 'entra', label: 'Microsoft Entra ID' },
  { value: 'google', label: 'Google' },
  { value: 'oidc', label: 'Other OpenID Connect provider' },
];

interface Values {
  level: OrgKind;
  orgId: string | null;
  name: string;
  preset: Preset;
  issuer: string;
  entraTenantId: string;
  clientId: string;
  clientSecret: string;
  removeSecret: boolean;
  allowedDomains: string;
  linkByEmail: boolean;
  enabled: boolean;
}

function initial(me: Me, idp?: IdentityProvider): Values {
  return {
    level: idp ? kindOfId(idp.orgId) : me.organisation.kind,
    orgId: idp?.orgId ?? me.organisation.id,
    name: idp?.name ?? '',
    preset: idp?.preset ?? 'entra',
    issuer: idp?.preset === 'oidc' ? idp.issuer : '',
    entraTenantId: idp?.entraDomain ?? idp?.entraTenantId ?? '',
    clientId: idp?.clientId ?? '',
    clientSecret: '',
    removeSecret: false,
    allowedDomains: idp?.allowedDomains.join(', ') ?? '',
    linkByEmail: idp?.linkByEmail ?? false,
    enabled: idp?.enabled ?? true,
  };
}

/**
 * An Entra mapping's directory as the administrator gave it; a domain with the tenant id it was
 * resolved to when saved, which is what sign-in checks.
 */
function directoryText(idp: Pick<IdentityProvider, 'entraDomain' | 'entraTenantId'>): string {
  if (idp.entraDomain === null) return idp.entraTenantId ?? '';
  return `${idp.entraDomain} (directory id ${idp.entraTenantId})`;
}

const domains = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);

/** `body.allowedDomains.2` → `allowedDomains`; the rest by name. */
const rename = (field: string) =>
  field.replace(/^body\./, '').replace(/^allowedDomains\.\d+$/, 'allowedDomains');

function ProviderForm({ me, idp, onDone }: { me: Me; idp?: IdentityProvider; onDone: () => void }) {
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: initial(me, idp),
    validate: {
      name: (v) => (v.trim() ? null : 'Enter a name, e.g. Contoso Entra ID.'),
      orgId: (v) => (v ? null : 'Select the organisation.'),
      clientId: (v) => (v.trim() ? null : 'Enter the client (application) id.'),
      issuer: (v, values) => (values.preset !== 'oidc' || v.trim() ? null : 'Enter the issuer URL.'),
      entraTenantId: (v, values) =>
        values.preset !== 'entra' || v.trim() ? null : 'Enter the directory (tenant) id or domain.',
    },
  });
  useUnsavedChangesGuard(form.isDirty());
  const submit = useFormSubmit(
    form,
    (v: Values) => {
      const common = {
        name: v.name.trim(),
        preset: v.preset,
        ...(v.preset === 'oidc' ? { issuer: v.issuer.trim() } : {}),
        ...(v.preset === 'entra' ? { entraTenantId: v.entraTenantId.trim() } : {}),
        clientId: v.clientId.trim(),
        allowedDomains: domains(v.allowedDomains),
        linkByEmail: v.linkByEmail,
        enabled: v.enabled,
      };
      if (idp) {
        const body: Body<'identityProviders.update'> = {
          ...common,
          ...(v.clientSecret
            ? { clientSecret: v.clientSecret }
            : v.removeSecret
              ? { clientSecret: null }
              : {}),
        };
        return identityProvidersApi.update(idp.id, body);
      }
      return identityProvidersApi.create({
        ...common,
        orgId: v.orgId ?? '',
        ...(v.clientSecret ? { clientSecret: v.clientSecret } : {}),
      });
    },
    {
      invalidate: [keys.all('identityProviderMappings')],
      success: (saved) => `Identity provider “${saved.name}” was ${idp ? 'saved' : 'created'}.`,
      onSuccess: onDone,
      rename,
    },
  );
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        {idp ? (
          <Text size="sm">
            Organisation: <OrgName id={idp.orgId} me={me} link={false} />
          </Text>
        ) : (
          <ScopePicker
            me={me}
            level={form.values.level}
            orgId={form.values.orgId}
            onChange={(level, orgId) => form.setValues({ level, orgId })}
            error={form.errors.orgId}
          />
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Name"
            description="Shown on the sign-in button"
            required
            {...form.getInputProps('name')}
          />
          <Select label="Provider" data={PRESETS} allowDeselect={false} {...form.getInputProps('preset')} />
          {form.values.preset === 'entra' && (
            <TextInput
              label="Directory"
              description={
                idp?.entraDomain
                  ? `Directory id ${idp.entraTenantId}`
                  : 'The Entra tenant id (a GUID) or a domain such as nwtraders.onmicrosoft.com'
              }
              required
              {...form.getInputProps('entraTenantId')}
            />
          )}
          {form.values.preset === 'oidc' && (
            <TextInput label="Issuer" description="https://…" required {...form.getInputProps('issuer')} />
          )}
          <TextInput label="Client id" required {...form.getInputProps('clientId')} />
          <PasswordInput
            label="Client secret"
            description={
              idp?.clientSecretSet ? 'Stored; type a new one to replace it' : 'Stored encrypted, never shown'
            }
            autoComplete="new-password"
            {...form.getInputProps('clientSecret')}
          />
        </SimpleGrid>
        {idp?.clientSecretSet && (
          <Switch
            label="Remove the stored client secret"
            {...form.getInputProps('removeSecret', { type: 'checkbox' })}
          />
        )}
        <TextInput
          label="Allowed e-mail domains"
          description="Comma-separated, e.g. contoso.com, contoso.net; empty: any domain"
          {...form.getInputProps('allowedDomains')}
        />
        <Switch
          label="Link by verified e-mail"
          description="A first federated sign-in may link to the existing user with the same verified address"
          {...form.getInputProps('linkByEmail', { type: 'checkbox' })}
        />
        <Switch
          label="Enabled"
          description="An organisation has at most one enabled mapping"
          {...form.getInputProps('enabled', { type: 'checkbox' })}
        />
        {idp && (
          <Group align="flex-end" gap="xs">
            <TextInput
              label="Redirect URI to register with the provider"
              value={idp.redirectUri}
              readOnly
              flex={1}
            />
            <CopyButton value={idp.redirectUri}>
              {({ copied, copy }) => (
                <Button variant="default" onClick={copy}>
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              )}
            </CopyButton>
          </Group>
        )}
        <FormError problem={submit.problem} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={submit.pending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Settings → Identity providers: OpenID Connect mappings for federated sign-in, per organisation. */
export default function IdentityProvidersPage() {
  const me = useCurrentMe();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<IdentityProvider | 'new' | null>(null);
  const mayCreate = can(me, 'identityProviders.create');
  const mayUpdate = can(me, 'identityProviders.update');
  const createButton = mayCreate && (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
      Create
    </Button>
  );
  return (
    <>
      <PageHeader
        title="Identity providers"
        description="Users sign in through the nearest enabled mapping up their organisation's chain (Microsoft Entra ID, Google or any OpenID Connect provider)."
        actions={createButton}
      />
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'Create identity provider' : `Edit ${editing?.name ?? ''}`}
        size="lg"
        centered
      >
        {editing !== null && (
          <ProviderForm
            me={me}
            idp={editing === 'new' ? undefined : editing}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>
      <ListView<IdentityProvider>
        label="Identity providers"
        queryKey={(p) => keys.list('identityProviderMappings', p)}
        fetchPage={(p) => identityProvidersApi.list(p)}
        rowKey={(r) => r.id}
        defaultSort="name"
        searchLabel="Search identity providers"
        emptyTitle="No identity providers"
        emptyText="Without one, users sign in with their e-mail address and password."
        columns={[
          {
            key: 'name',
            header: 'Name',
            sortField: 'name',
            render: (r) =>
              mayUpdate ? (
                <Anchor component="button" type="button" onClick={() => setEditing(r)}>
                  {r.name}
                </Anchor>
              ) : (
                r.name
              ),
          },
          { key: 'org', header: 'Organisation', render: (r) => <OrgName id={r.orgId} me={me} /> },
          {
            key: 'preset',
            header: 'Provider',
            render: (r) => PRESETS.find((p) => p.value === r.preset)?.label,
          },
          {
            key: 'directory',
            header: 'Directory',
            // May wrap anywhere: a GUID is one long word, and the table must keep room for Status.
            render: (r) =>
              r.preset === 'entra' ? (
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {directoryText(r)}
                </Text>
              ) : (
                '—'
              ),
          },
          { key: 'domains', header: 'Domains', render: (r) => r.allowedDomains.join(', ') || 'Any' },
          {
            key: 'enabled',
            header: 'Status',
            render: (r) => (
              // Never narrower than its word: a squeezed table cut it to "EN…".
              <Badge variant="dot" size="md" color={r.enabled ? 'green' : 'gray'} miw="max-content">
                {r.enabled ? 'Enabled' : 'Disabled'}
              </Badge>
            ),
          },
          {
            key: 'actions',
            header: 'Actions',
            render: (r) =>
              can(me, 'identityProviders.delete') && (
                <ConfirmButton
                  label="Delete"
                  size="xs"
                  title={`Delete “${r.name}”?`}
                  message="Its users fall back to the next mapping up their chain, or to password sign-in."
                  confirmLabel="Delete"
                  success={`Identity provider “${r.name}” was deleted.`}
                  onConfirm={() => identityProvidersApi.remove(r.id)}
                  onDone={() =>
                    void queryClient.invalidateQueries({ queryKey: keys.all('identityProviderMappings') })
                  }
                />
              ),
          },
        ]}
      />
    </>
  );
}
