import {
  Button,
  ColorInput,
  FileButton,
  Group,
  Image,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useParams } from 'react-router';
import { type Branding, type BrandingUpdate, brandingApi, type LogoUpload } from '../../api/branding.ts';
import { ApiError, errorMessage } from '../../api/errors.ts';
import { keys } from '../../api/keys.ts';
import { settingsApi } from '../../api/settings.ts';
import type { SettingsDocument } from '../../api/types.ts';
import { can } from '../../app/access.ts';
import { useLabels } from '../../app/labels.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { applyFieldErrors, FormError, type FormProblem, formProblem } from '../../components/forms.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryState } from '../../components/states.tsx';
import { useUnsavedChangesGuard } from '../../components/useUnsavedChangesGuard.ts';

type Target = { kind: 'platform' } | { kind: 'partner'; id: string };
type Scheme = 'logoLight' | 'logoDark';
/** A logo field: unchanged, a new upload (with a preview), or removed. */
type LogoChange = { upload: LogoUpload; preview: string } | null | undefined;

interface Values {
  name: string;
  primaryColor: string;
  supportEmail: string;
  supportUrl: string;
  portalHostname: string;
  logoLight: LogoChange;
  logoDark: LogoChange;
}

const valuesOf = (b: Branding): Values => ({
  name: b.name ?? '',
  primaryColor: b.primaryColor ?? '',
  supportEmail: b.supportEmail ?? '',
  supportUrl: b.supportUrl ?? '',
  portalHostname: b.portalHostname ?? '',
  logoLight: undefined,
  logoDark: undefined,
});

/** Only what changed, so a save is one audited change of exactly those fields. */
function changes(target: Target, before: Values, after: Values): BrandingUpdate {
  const body: BrandingUpdate = {};
  const text = ['name', 'primaryColor', 'supportEmail', 'supportUrl'] as const;
  for (const field of [...text, ...(target.kind === 'partner' ? (['portalHostname'] as const) : [])]) {
    if (after[field].trim() !== before[field])
      body[field] = after[field].trim() === '' ? null : after[field].trim();
  }
  for (const scheme of ['logoLight', 'logoDark'] as const) {
    const change = after[scheme];
    if (change !== undefined) body[scheme] = change === null ? null : change.upload;
  }
  return body;
}

const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp'];
const MAX_LOGO_BYTES = 256 * 1024;
const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

/** The server's rules for a logo, checked before the upload: a refusal costs no round trip. */
function logoProblem(file: File): string | null {
  if (!LOGO_TYPES.includes(file.type)) return `“${file.name}” is not a PNG, JPEG or WebP image.`;
  if (file.size > MAX_LOGO_BYTES) {
    return `“${file.name}” is ${Math.ceil(file.size / 1024)} kB; a logo may be at most 256 kB.`;
  }
  return null;
}

/** `body.logoDark.data` → `logoDark`: a logo's errors show under its picker. */
const renameBrandingField = (field: string) =>
  field.replace(/^body\./, '').replace(/^(logoLight|logoDark)\..*$/, '$1');

function readFile(file: File): Promise<LogoChange> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      // The server checks the bytes; the declared type is whatever the browser says.
      resolve({
        upload: {
          contentType: file.type as LogoUpload['contentType'],
          data: url.slice(url.indexOf(',') + 1),
        },
        preview: url,
      });
    };
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

function LogoField({
  label,
  current,
  change,
  error,
  editable,
  onChange,
  onRefused,
}: {
  label: string;
  current: Branding['logoLight'];
  change: LogoChange;
  error: ReactNode;
  editable: boolean;
  onChange: (change: LogoChange) => void;
  onRefused: (message: string) => void;
}) {
  const src = change === undefined ? current?.url : change === null ? undefined : change.preview;
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <Paper withBorder p="sm" h={80} display="flex" style={{ alignItems: 'center' }}>
        {src ? (
          <Image src={src} alt={`${label} preview`} h={56} w="auto" fit="contain" />
        ) : (
          <Text size="sm" c="dimmed">
            None: inherited
          </Text>
        )}
      </Paper>
      {editable && (
        <Group gap="xs">
          <FileButton
            accept="image/png,image/jpeg,image/webp"
            onChange={(file) => {
              if (!file) return;
              const problem = logoProblem(file);
              if (problem) onRefused(problem);
              else void readFile(file).then(onChange);
            }}
          >
            {(props) => (
              <Button {...props} variant="default" size="xs">
                Upload {label.toLowerCase()}
              </Button>
            )}
          </FileButton>
          {src && (
            <Button variant="subtle" size="xs" color="red" onClick={() => onChange(null)}>
              Remove {label.toLowerCase()}
            </Button>
          )}
        </Group>
      )}
      <Text size="xs" c={error ? 'red' : 'dimmed'} role={error ? 'alert' : undefined}>
        {error ?? 'PNG, JPEG or WebP, at most 256 kB.'}
      </Text>
    </Stack>
  );
}

function BrandingForm({
  target,
  branding,
  editable,
}: {
  target: Target;
  branding: Branding;
  editable: boolean;
}) {
  const queryClient = useQueryClient();
  const initial = valuesOf(branding);
  const form = useForm<Values>({
    initialValues: initial,
    validate: {
      primaryColor: (v) =>
        v.trim() === '' || HEX_COLOUR.test(v.trim()) ? null : 'A colour as #rrggbb, e.g. #1971c2.',
    },
  });
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const mutation = useMutation({
    mutationFn: (body: BrandingUpdate) =>
      target.kind === 'platform'
        ? brandingApi.updatePlatform(body)
        : brandingApi.updatePartner(target.id, body),
    onMutate: () => setProblem(null),
    onSuccess: (saved) => {
      queryClient.setQueryData(keys.brandingOf(saved.orgId), saved);
      void queryClient.invalidateQueries({ queryKey: keys.brandingAll });
      notifications.show({ color: 'green', title: 'Saved', message: 'The branding was saved.' });
    },
    onError: (error) => {
      const elsewhere = applyFieldErrors(form, error, renameBrandingField);
      setProblem(formProblem(error, elsewhere, renameBrandingField));
    },
  });
  const body = changes(target, initial, form.values);
  const changed = Object.keys(body).length;
  useUnsavedChangesGuard(changed > 0);
  const fieldError = (scheme: Scheme) => form.errors[scheme];
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(() => {
        if (changed > 0) mutation.mutate(body);
      })}
    >
      <Paper withBorder p="md" component="section" aria-labelledby="branding-look">
        <Title order={2} size="h4" mb="md" id="branding-look">
          Name, colour and logos
        </Title>
        <Stack gap="md" maw={720}>
          <TextInput
            label="Name"
            description="Shown in the header, on the sign-in page and in the browser's title. Empty: inherited."
            disabled={!editable}
            {...form.getInputProps('name')}
          />
          <ColorInput
            label="Primary colour"
            description="#rrggbb; the portal derives its colour scale from it. Empty: inherited."
            format="hex"
            fixOnBlur={false}
            withEyeDropper={false}
            swatches={['#1971c2', '#0b6e4f', '#7b2cbf', '#c92a2a', '#e8590c', '#212529']}
            disabled={!editable}
            maw={260}
            {...form.getInputProps('primaryColor')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {(['logoLight', 'logoDark'] as const).map((scheme) => (
              <LogoField
                key={scheme}
                label={scheme === 'logoLight' ? 'Light logo' : 'Dark logo'}
                current={branding[scheme]}
                change={form.values[scheme]}
                error={fieldError(scheme)}
                editable={editable}
                onChange={(change) => {
                  form.setFieldValue(scheme, change);
                  form.clearFieldError(scheme);
                }}
                onRefused={(message) => form.setFieldError(scheme, message)}
              />
            ))}
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Support e-mail"
              type="email"
              disabled={!editable}
              {...form.getInputProps('supportEmail')}
            />
            <TextInput
              label="Support site"
              placeholder="https://"
              disabled={!editable}
              {...form.getInputProps('supportUrl')}
            />
          </SimpleGrid>
          {target.kind === 'partner' && (
            <TextInput
              label="Portal host name"
              description="The sign-in page at this address (e.g. portal.example.com) shows this branding before anyone signs in."
              disabled={!editable}
              {...form.getInputProps('portalHostname')}
            />
          )}
          <FormError problem={problem} />
          {editable && (
            <Group>
              <Button type="submit" loading={mutation.isPending} disabled={changed === 0}>
                Save branding
              </Button>
              <Button variant="default" disabled={changed === 0} onClick={() => form.setValues(initial)}>
                Undo changes
              </Button>
            </Group>
          )}
        </Stack>
      </Paper>
    </form>
  );
}

/** The hierarchy nouns: the Labels group of System Settings. */
function LabelsForm({ document, editable }: { document: SettingsDocument; editable: boolean }) {
  const queryClient = useQueryClient();
  const settings = document.groups.find((g) => g.id === 'labels')?.settings ?? [];
  const initial = Object.fromEntries(settings.map((s) => [s.key, String(s.value)]));
  const [values, setValues] = useState<Record<string, string>>(initial);
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
      void queryClient.invalidateQueries({ queryKey: keys.brandingAll });
      notifications.show({ color: 'green', title: 'Saved', message: 'The labels were saved.' });
    },
    onError: (error) => {
      const fieldErrors = error instanceof ApiError ? error.fieldErrors : [];
      setErrors(
        Object.fromEntries(fieldErrors.map((e) => [e.field.replace(/^body\.values\./, ''), e.message])),
      );
      setProblem({ message: errorMessage(error), details: [] });
    },
  });
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (changed.length > 0) mutation.mutate();
      }}
    >
      <Paper withBorder p="md" component="section" aria-labelledby="branding-labels">
        <Title order={2} size="h4" mb="xs" id="branding-labels">
          Labels
        </Title>
        <Text size="sm" c="dimmed" mb="md">
          What the portal calls each level, everywhere it appears (e.g. Department for Tenant).
        </Text>
        <Stack maw={720}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {settings.map((s) => (
              <TextInput
                key={s.key}
                label={s.label}
                value={values[s.key] ?? ''}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  setValues((v) => ({ ...v, [s.key]: value }));
                }}
                error={errors[s.key]}
                disabled={!editable}
              />
            ))}
          </SimpleGrid>
          <FormError problem={problem} />
          {editable && (
            <Group>
              <Button type="submit" loading={mutation.isPending} disabled={changed.length === 0}>
                Save labels
              </Button>
            </Group>
          )}
        </Stack>
      </Paper>
    </form>
  );
}

/**
 * Administration → Branding: the platform's branding and labels for platform users, their own
 * partner's branding for a partner's staff; /partners/:id/branding for those above a partner.
 */
export default function BrandingPage() {
  const me = useCurrentMe();
  const labels = useLabels();
  const { id } = useParams();
  const target: Target =
    id !== undefined
      ? { kind: 'partner', id }
      : me.organisation.kind === 'platform'
        ? { kind: 'platform' }
        : { kind: 'partner', id: me.organisation.id };
  const orgKey = target.kind === 'platform' ? 'platform' : target.id;
  const query = useQuery({
    queryKey: keys.brandingOf(orgKey),
    queryFn: () => (target.kind === 'platform' ? brandingApi.platform() : brandingApi.partner(target.id)),
  });
  const isPlatform = target.kind === 'platform';
  const settings = useQuery({ queryKey: keys.settings, queryFn: settingsApi.get, enabled: isPlatform });
  const editable = can(me, isPlatform ? 'branding.platformUpdate' : 'partners.brandingUpdate');
  return (
    <>
      <PageHeader
        title="Branding"
        description={
          isPlatform
            ? `What everyone sees, unless their ${labels.partner.singular.toLowerCase()} has its own branding.`
            : `What this ${labels.partner.singular.toLowerCase()}'s staff and its ${labels.tenant.plural.toLowerCase()}' users see; empty fields inherit the platform's.`
        }
        back={id ? { to: `/partners/${id}`, label: labels.partner.singular } : undefined}
      />
      <Stack gap="lg">
        <QueryState query={query}>
          {(branding) => (
            <BrandingForm
              key={JSON.stringify(branding)}
              target={target}
              branding={branding}
              editable={editable}
            />
          )}
        </QueryState>
        {isPlatform && (
          <QueryState query={settings}>
            {(document) => (
              <LabelsForm
                key={JSON.stringify(document)}
                document={document}
                editable={editable && can(me, 'settings.update')}
              />
            )}
          </QueryState>
        )}
      </Stack>
    </>
  );
}
