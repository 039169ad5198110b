import { isDecimalString } from '@cms/billing';
import {
  Alert,
  Button,
  Group,
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
import { mailApi, settingsApi } from '../../api/settings.ts';
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

type Value = boolean | string | number;
const MASK = '********';

function defaultText(setting: Setting): string {
  if (setting.type === 'secret') return '';
  if (typeof setting.defaultValue === 'boolean') return setting.defaultValue ? 'on' : 'off';
  return setting.defaultValue === '' ? 'empty' : String(setting.defaultValue);
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
            styles={{ wrapper: { width: 360, maxWidth: '100%' } }}
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
