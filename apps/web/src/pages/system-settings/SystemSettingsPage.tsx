import { isDecimalString } from '@cms/billing';
import {
  Button,
  Group,
  NumberInput,
  Paper,
  PasswordInput,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { ApiError, errorMessage } from '../../api/errors.ts';
import { keys } from '../../api/keys.ts';
import { settingsApi } from '../../api/settings.ts';
import type { Setting, SettingsDocument } from '../../api/types.ts';
import { can } from '../../app/access.ts';
import { relabel, useLabels } from '../../app/labels.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { Timestamp } from '../../components/format.tsx';
import { FormError, type FormProblem } from '../../components/forms.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryState } from '../../components/states.tsx';

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

function SettingsForm({ document, editable }: { document: SettingsDocument; editable: boolean }) {
  const labels = useLabels();
  const queryClient = useQueryClient();
  const initial = Object.fromEntries(
    document.groups.flatMap((g) => g.settings.map((s) => [s.key, s.value])),
  ) as Record<string, Value>;
  const [values, setValues] = useState<Record<string, Value>>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const changed = Object.keys(values).filter((key) => values[key] !== initial[key]);
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
  const invalid = document.groups.some((g) => g.settings.some((s) => localError(s)));
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (!invalid && changed.length > 0) mutation.mutate();
      }}
      noValidate
    >
      <Stack gap="lg" maw={900}>
        {document.groups.map((group) => (
          <Paper key={group.id} withBorder p="md" component="section" aria-labelledby={`group-${group.id}`}>
            <Title order={2} size="h4" mb="md" id={`group-${group.id}`}>
              {relabel(group.label.replace(/s$/, ''), labels)} Settings
            </Title>
            <Stack gap="lg">
              {group.settings.map((setting) => (
                <SettingInput
                  key={setting.key}
                  setting={setting}
                  value={values[setting.key] ?? setting.value}
                  onChange={(value) => setValues((v) => ({ ...v, [setting.key]: value }))}
                  error={errors[setting.key] ?? localError(setting)}
                  disabled={!editable}
                />
              ))}
            </Stack>
          </Paper>
        ))}
        <FormError problem={problem} />
        {editable && (
          <Group
            pos="sticky"
            bottom={0}
            py="sm"
            bg="var(--mantine-color-body)"
            style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}
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
          <SettingsForm
            key={JSON.stringify(document)}
            document={{ groups: document.groups.filter((g) => g.id !== 'labels') }}
            editable={editable}
          />
        )}
      </QueryState>
    </>
  );
}
