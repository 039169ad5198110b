import { isDecimalString } from '@cms/billing';
import {
  Alert,
  Badge,
  Button,
  ColorInput,
  FileButton,
  Group,
  Image,
  List,
  NumberInput,
  Paper,
  PasswordInput,
  Select,
  Stack,
  Switch,
  Tabs,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError, errorMessage } from '../../api/errors.ts';
import { keys } from '../../api/keys.ts';
import {
  documentStorageApi,
  type ImageUpload,
  mailApi,
  type SettingInput as SettingInputValue,
  type StorageConnectionTest,
  settingsApi,
} from '../../api/settings.ts';
import type { Setting, SettingsDocument } from '../../api/types.ts';
import { can } from '../../app/access.ts';
import { relabel, useLabels } from '../../app/labels.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { Timestamp } from '../../components/format.tsx';
import { FormError, type FormProblem } from '../../components/forms.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryState } from '../../components/states.tsx';
import { TaxProfileSelect } from '../../components/TaxProfileSelect.tsx';
import { useUnsavedChangesGuard } from '../../components/useUnsavedChangesGuard.ts';

type Value = SettingInputValue;
const MASK = '********';
const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;
const IMAGE_TYPES: readonly string[] = ['image/png', 'image/jpeg'];
const MAX_IMAGE_BYTES = 256 * 1024;

function defaultText(setting: Setting): string {
  if (setting.type === 'secret' || setting.type === 'image') return '';
  if (typeof setting.defaultValue === 'boolean') return setting.defaultValue ? 'on' : 'off';
  return setting.defaultValue === '' ? 'empty' : String(setting.defaultValue);
}

/** The server's rules for a picture, checked before the upload: a refusal costs no round trip. */
function imageProblem(file: File): string | null {
  if (!IMAGE_TYPES.includes(file.type)) return `“${file.name}” is not a PNG or JPEG image.`;
  if (file.size > MAX_IMAGE_BYTES) {
    return `“${file.name}” is ${Math.ceil(file.size / 1024)} kB; the image may be at most 256 kB.`;
  }
  return null;
}

function readImage(file: File): Promise<ImageUpload> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      // The server checks the bytes; the declared type is whatever the browser says.
      resolve({
        contentType: file.type as ImageUpload['contentType'],
        data: url.slice(url.indexOf(',') + 1),
      });
    };
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/**
 * An `image` setting: its stored logo id ('' for none), or a new upload waiting to be saved. The
 * preview is the stored picture (served by the branding logo route) or the chosen file itself.
 */
function ImageSettingInput({
  label,
  description,
  value,
  onChange,
  error,
  disabled,
}: {
  label: string;
  description: ReactNode;
  value: Value;
  onChange: (value: Value) => void;
  error: ReactNode;
  disabled: boolean;
}) {
  const [refused, setRefused] = useState<string | null>(null);
  const src =
    typeof value === 'object'
      ? `data:${value.contentType};base64,${value.data}`
      : typeof value === 'string' && value !== ''
        ? `/api/v1/branding/logos/${encodeURIComponent(value)}`
        : undefined;
  const shown = refused ?? error;
  return (
    <Stack gap={6} role="group" aria-label={label}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <Text size="xs" c="dimmed">
        {description}
      </Text>
      <Paper withBorder p="sm" h={80} maw={360} display="flex" style={{ alignItems: 'center' }}>
        {src ? (
          <Image src={src} alt={`${label} preview`} h={56} w="auto" fit="contain" />
        ) : (
          <Text size="sm" c="dimmed">
            None
          </Text>
        )}
      </Paper>
      {!disabled && (
        <Group gap="xs">
          <FileButton
            accept="image/png,image/jpeg"
            onChange={(file) => {
              if (!file) return;
              const problem = imageProblem(file);
              setRefused(problem);
              if (!problem) void readImage(file).then(onChange);
            }}
          >
            {(props) => (
              <Button {...props} variant="default" size="xs">
                Upload {label.toLowerCase()}
              </Button>
            )}
          </FileButton>
          {src && (
            <Button
              variant="subtle"
              size="xs"
              color="red"
              onClick={() => {
                setRefused(null);
                onChange('');
              }}
            >
              Remove {label.toLowerCase()}
            </Button>
          )}
        </Group>
      )}
      <Text size="xs" c={shown ? 'red' : 'dimmed'} role={shown ? 'alert' : undefined}>
        {shown ?? 'PNG or JPEG, at most 256 kB.'}
      </Text>
    </Stack>
  );
}

function SettingInput({
  setting,
  value,
  onChange,
  error,
  disabled,
}: {
  setting: Setting;
  value: Value;
  onChange: (value: Value) => void;
  error: ReactNode;
  disabled: boolean;
}) {
  const labels = useLabels();
  const hint = defaultText(setting);
  const description = (
    <>
      {relabel(setting.description, labels)}
      {hint && ` Default: ${hint}.`}
      {setting.updatedAt && (
        <>
          {' '}
          Changed <Timestamp value={setting.updatedAt} />.
        </>
      )}
    </>
  );
  const common = { label: relabel(setting.label, labels), description, error, disabled };
  // A setting that names a tax profile offers the profiles ('' : none).
  if (setting.references === 'taxProfile') {
    return (
      <div style={{ maxWidth: 360 }}>
        <TaxProfileSelect {...common} emptyLabel="None (no tax)" value={String(value)} onChange={onChange} />
      </div>
    );
  }
  switch (setting.type) {
    case 'image':
      return <ImageSettingInput {...common} value={value} onChange={onChange} />;
    case 'colour':
      return (
        <ColorInput
          {...common}
          format="hex"
          fixOnBlur={false}
          withEyeDropper={false}
          value={String(value)}
          onChange={onChange}
          maw={260}
        />
      );
    case 'boolean':
      return (
        <Switch
          {...common}
          checked={value === true}
          onChange={(event) => onChange(event.currentTarget.checked)}
        />
      );
    case 'integer':
      return (
        <NumberInput
          {...common}
          allowDecimal={false}
          value={typeof value === 'number' ? value : ''}
          onChange={(v) => onChange(typeof v === 'number' ? v : v === '' ? '' : Number(v))}
          styles={{ wrapper: { maxWidth: 240 } }}
        />
      );
    case 'decimal':
      // Kept as the typed text: an exact decimal travels as a string, never through a float.
      return (
        <TextInput
          {...common}
          inputMode="decimal"
          value={String(value)}
          onChange={(event) => onChange(event.currentTarget.value)}
          styles={{ wrapper: { maxWidth: 240 } }}
        />
      );
    case 'currency':
      return (
        <Select
          {...common}
          searchable
          allowDeselect={false}
          data={setting.options ?? []}
          value={String(value)}
          onChange={(v) => v && onChange(v)}
          styles={{ wrapper: { maxWidth: 240 } }}
        />
      );
    case 'secret':
      return (
        <Group align="flex-end" gap="xs">
          <PasswordInput
            {...common}
            autoComplete="new-password"
            placeholder={setting.value === MASK ? 'Stored; type to replace' : 'Not set'}
            value={value === MASK ? '' : String(value)}
            onChange={(event) =>
              onChange(
                event.currentTarget.value === '' && setting.value === MASK ? MASK : event.currentTarget.value,
              )
            }
            // On the root, which may shrink: a fixed-width wrapper made a phone's page scroll sideways.
            w={360}
            maw="100%"
            miw={0}
          />
          {setting.value === MASK && !disabled && (
            <Button variant="default" size="sm" onClick={() => onChange(value === '' ? MASK : '')}>
              {value === '' ? 'Keep stored value' : 'Remove'}
            </Button>
          )}
        </Group>
      );
    default:
      return setting.options && setting.options.length > 0 ? (
        <Select
          {...common}
          allowDeselect={false}
          data={[...setting.options]}
          value={String(value)}
          onChange={(v) => v !== null && onChange(v)}
          styles={{ wrapper: { maxWidth: 360 } }}
        />
      ) : (
        <TextInput
          {...common}
          value={String(value)}
          onChange={(event) => onChange(event.currentTarget.value)}
          styles={{ wrapper: { maxWidth: 480 } }}
        />
      );
  }
}

/** Where System Settings' groups appear: the manual's order (seed 002), then any others. */
const MANUAL_ORDER = [
  'tenants',
  'subscriptions',
  'invoices',
  'users',
  'billing',
  'calculator',
  'platform',
  'jobs',
  'smtp',
];
const TAB_NAMES: Record<string, string> = { smtp: 'E-mail (SMTP)' };

function orderGroups(groups: SettingsDocument['groups']): SettingsDocument['groups'] {
  const rank = (id: string) => {
    const i = MANUAL_ORDER.indexOf(id);
    return i === -1 ? MANUAL_ORDER.length : i;
  };
  return [...groups].filter((g) => g.settings.length > 0).sort((a, b) => rank(a.id) - rank(b.id));
}

/** The settings the storage test uses: a change to one of them must be saved before testing. */
const STORAGE_CONNECTION = [
  'invoices.storageBlobEndpoint',
  'invoices.storageAccountName',
  'invoices.storageAccountKey',
  'invoices.storageContainer',
];
const STEP_NAMES: Record<StorageConnectionTest['steps'][number]['step'], string> = {
  settings: 'Settings',
  container: 'Container',
  write: 'Write a probe',
  read: 'Read it back',
  delete: 'Delete it',
};
const STEP_COLORS = { ok: 'green', error: 'red', skipped: 'gray' } as const;

/**
 * System Settings → Invoices: proves the saved Azure Storage connection works, by writing, reading
 * back and deleting a probe blob, with each step's outcome.
 */
function StorageTest({ unsaved }: { unsaved: boolean }) {
  const test = useMutation({ mutationFn: documentStorageApi.test });
  return (
    <Stack gap="xs" component="section" aria-labelledby="test-storage">
      <Title order={3} size="h5" id="test-storage">
        Test the storage connection
      </Title>
      <Group>
        <Button variant="default" loading={test.isPending} onClick={() => test.mutate()} disabled={unsaved}>
          Test storage connection
        </Button>
        {test.data && (
          <Text size="sm" c={test.data.ok ? 'green.8' : 'red.8'} role="status">
            {test.data.ok
              ? `The connection works: the container ${test.data.container} can be written, read and cleaned up.`
              : 'The storage connection failed.'}
          </Text>
        )}
      </Group>
      {unsaved && (
        <Text size="sm" c="dimmed">
          Save your changes first: the test uses the saved settings.
        </Text>
      )}
      {test.isError && (
        <Alert color="red" title="The test could not run">
          {errorMessage(test.error)}
        </Alert>
      )}
      {test.data && (
        <List spacing="xs" listStyleType="none" aria-label="Storage test steps">
          {test.data.steps.map((s) => (
            <List.Item key={s.step}>
              <Group gap="xs" wrap="nowrap" align="flex-start">
                <Badge color={STEP_COLORS[s.status]} variant="light" w={80}>
                  {s.status}
                </Badge>
                <Text size="sm">
                  <strong>{STEP_NAMES[s.step]}:</strong> {s.message}
                </Text>
              </Group>
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

/** System Settings → E-mail: proves the saved SMTP settings work, to the caller or another address. */
function TestMail({ unsaved }: { unsaved: boolean }) {
  const [to, setTo] = useState('');
  const mutation = useMutation({
    mutationFn: () => mailApi.sendTest(to.trim() || undefined),
    onSuccess: (result) =>
      notifications.show({
        color: 'green',
        title: 'Test e-mail sent',
        message: `The mail server accepted the test e-mail for ${result.to}.`,
      }),
  });
  return (
    <Stack gap="xs" component="section" aria-labelledby="test-mail">
      <Title order={3} size="h5" id="test-mail">
        Send a test e-mail
      </Title>
      <Group align="flex-end" gap="xs">
        <TextInput
          label="Send to"
          description="Empty: your own address"
          type="email"
          value={to}
          onChange={(event) => setTo(event.currentTarget.value)}
          w={320}
          maw="100%"
        />
        <Button
          variant="default"
          loading={mutation.isPending}
          onClick={() => mutation.mutate()}
          disabled={unsaved}
        >
          Send test e-mail
        </Button>
      </Group>
      {unsaved && (
        <Text size="sm" c="dimmed">
          Save your changes first: the test uses the saved settings.
        </Text>
      )}
      <FormError problem={mutation.isError ? { message: errorMessage(mutation.error), details: [] } : null} />
    </Stack>
  );
}

function SettingsForm({ document, editable }: { document: SettingsDocument; editable: boolean }) {
  const labels = useLabels();
  const me = useCurrentMe();
  const navigate = useNavigate();
  const { group: wanted } = useParams();
  const queryClient = useQueryClient();
  const groups = orderGroups(document.groups);
  const active = groups.find((g) => g.id === wanted)?.id ?? groups[0]?.id ?? '';
  const initial = Object.fromEntries(
    document.groups.flatMap((g) => g.settings.map((s) => [s.key, s.value])),
  ) as Record<string, Value>;
  const [values, setValues] = useState<Record<string, Value>>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const changed = Object.keys(values).filter((key) => values[key] !== initial[key]);
  // Another tab is another address, and the form with its changes stays mounted.
  useUnsavedChangesGuard(changed.length > 0, {
    stays: (next) => next.pathname.startsWith('/system-settings'),
  });
  const mutation = useMutation({
    mutationFn: () => settingsApi.update(Object.fromEntries(changed.map((key) => [key, values[key]!]))),
    onMutate: () => {
      setErrors({});
      setProblem(null);
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(keys.settings, saved);
      void queryClient.invalidateQueries({ queryKey: keys.me });
      notifications.show({ color: 'green', title: 'Saved', message: `${changed.length} setting(s) saved.` });
    },
    onError: (error) => {
      const byKey: Record<string, string> = {};
      const elsewhere: string[] = [];
      if (error instanceof ApiError) {
        for (const e of error.fieldErrors) {
          const key = e.field.replace(/^body\.values\./, '');
          if (key in values) byKey[key] = e.message;
          else elsewhere.push(`${e.field}: ${e.message}`);
        }
      }
      setErrors(byKey);
      setProblem({ message: errorMessage(error), details: elsewhere });
      // Show the first tab with a refused setting.
      const first = groups.find((g) => g.settings.some((s) => byKey[s.key]));
      if (first && first.id !== active) navigate(`/system-settings/${first.id}`);
    },
  });
  const localError = (setting: Setting): string | null => {
    const value = values[setting.key];
    if (setting.type === 'integer' && typeof value !== 'number') return 'Enter a whole number.';
    if (setting.type === 'decimal' && !(typeof value === 'string' && isDecimalString(value))) {
      return 'Enter a number such as 12.50.';
    }
    if (setting.type === 'colour' && !(typeof value === 'string' && HEX_COLOUR.test(value))) {
      return 'A colour as #rrggbb, e.g. #1f3a5f.';
    }
    return null;
  };
  const errorOf = (setting: Setting) => errors[setting.key] ?? localError(setting);
  const invalid = document.groups.some((g) => g.settings.some((s) => localError(s)));
  const tabName = (group: SettingsDocument['groups'][number]) =>
    TAB_NAMES[group.id] ?? relabel(group.label, labels);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (!invalid && changed.length > 0) mutation.mutate();
      }}
      noValidate
    >
      <Stack gap="lg" maw={900}>
        <Tabs
          value={active}
          onChange={(id) => id && navigate(`/system-settings/${id}`)}
          keepMounted={false}
          variant="outline"
        >
          <Tabs.List>
            {groups.map((group) => {
              const unsaved = group.settings.filter((s) => values[s.key] !== initial[s.key]).length;
              const refused = group.settings.some((s) => errorOf(s));
              return (
                <Tabs.Tab
                  key={group.id}
                  value={group.id}
                  c={refused ? 'var(--mantine-color-error)' : undefined}
                >
                  {tabName(group)}
                  {unsaved > 0 && <VisuallyHidden>, {unsaved} unsaved</VisuallyHidden>}
                  {unsaved > 0 && <span aria-hidden> •</span>}
                  {refused && <VisuallyHidden>, has an error</VisuallyHidden>}
                </Tabs.Tab>
              );
            })}
          </Tabs.List>
          {groups.map((group) => (
            <Tabs.Panel key={group.id} value={group.id} pt="md">
              <Paper withBorder p="md" component="section" aria-labelledby={`group-${group.id}`}>
                <Title order={2} size="h4" mb="md" id={`group-${group.id}`}>
                  {group.id === 'smtp'
                    ? 'E-mail (SMTP)'
                    : `${relabel(group.label.replace(/s$/, ''), labels)} Settings`}
                </Title>
                <Stack gap="lg">
                  {group.settings.map((setting) => (
                    <SettingInput
                      key={setting.key}
                      setting={setting}
                      value={values[setting.key] ?? setting.value}
                      onChange={(value) => setValues((v) => ({ ...v, [setting.key]: value }))}
                      error={errorOf(setting)}
                      disabled={!editable}
                    />
                  ))}
                  {group.id === 'invoices' && can(me, 'documentStorage.test') && (
                    <StorageTest unsaved={STORAGE_CONNECTION.some((key) => values[key] !== initial[key])} />
                  )}
                  {group.id === 'smtp' && can(me, 'mail.sendTest') && (
                    <TestMail unsaved={group.settings.some((s) => values[s.key] !== initial[s.key])} />
                  )}
                </Stack>
              </Paper>
            </Tabs.Panel>
          ))}
        </Tabs>
        <FormError problem={problem} />
        {editable && (
          <Group
            pos="sticky"
            bottom={0}
            py="sm"
            bg="var(--mantine-color-body)"
            style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
          >
            <Button type="submit" loading={mutation.isPending} disabled={changed.length === 0 || invalid}>
              Save
            </Button>
            <Button variant="default" disabled={changed.length === 0} onClick={() => setValues(initial)}>
              Undo changes
            </Button>
            <Text size="sm" c="dimmed" aria-live="polite">
              {changed.length === 0 ? 'No unsaved changes' : `${changed.length} unsaved change(s)`}
            </Text>
          </Group>
        )}
      </Stack>
    </form>
  );
}

/**
 * Users cannot be activated while Require User Activation is on and e-mail is off: the activation
 * link never reaches them. Said on every tab, from the saved values.
 */
function ActivationWarning({ document }: { document: SettingsDocument }) {
  const value = (key: string) => document.groups.flatMap((g) => g.settings).find((s) => s.key === key)?.value;
  if (value('users.requireActivation') !== true || value('smtp.host')) return null;
  return (
    <Alert color="yellow" variant="light" title="Activation is required, but e-mail is off" mb="lg" maw={900}>
      Require User Activation is on and no SMTP server is set up, so new users get no activation e-mail. Set
      up e-mail under E-mail (SMTP), or turn Require User Activation off under Users.
    </Alert>
  );
}

/** Administration → System Settings: every registered setting, by group, with typed inputs. */
export default function SystemSettingsPage() {
  const me = useCurrentMe();
  const query = useQuery({ queryKey: keys.settings, queryFn: settingsApi.get });
  const editable = can(me, 'settings.update');
  return (
    <>
      <PageHeader
        title="System Settings"
        description={
          editable
            ? 'Changes apply at once and are recorded in the audit log.'
            : 'You can view the settings; only platform administrators change them.'
        }
      />
      <QueryState query={query}>
        {(document) => (
          // The hierarchy nouns are edited on the Branding page, beside the rest of the white-label.
          <>
            <ActivationWarning document={document} />
            <SettingsForm
              key={JSON.stringify(document)}
              document={{ groups: document.groups.filter((g) => g.id !== 'labels') }}
              editable={editable}
            />
          </>
        )}
      </QueryState>
    </>
  );
}
