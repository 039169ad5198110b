import { Button, Group, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useNavigate } from 'react-router';
import { keys } from '../../api/keys.ts';
import { regionsApi } from '../../api/regions.ts';
import { FormError, useFormSubmit } from '../../components/forms.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useUnsavedChangesGuard } from '../../components/useUnsavedChangesGuard.ts';
import {
  ConnectionTestButton,
  createBody,
  initialValues,
  RegionFields,
  type RegionValues,
} from './RegionFields.tsx';

/** Administration → Regions → Create: a stamp (asked at save what it signs in with) or an import source. */
export default function RegionCreatePage() {
  const navigate = useNavigate();
  const form = useForm<RegionValues>({
    mode: 'controlled',
    initialValues: initialValues(),
    validate: {
      name: (v) => (v.trim() ? null : 'Enter a name.'),
      timeZone: (v) => (v.trim() ? null : 'Enter a time zone.'),
      armEndpoint: (v, values) =>
        values.kind === 'import' || v.trim() ? null : 'Enter the admin ARM endpoint.',
      clientId: (v, values) => (values.kind === 'import' || v.trim() ? null : 'Enter the client id.'),
      clientSecret: (v, values) => (values.kind === 'import' || v ? null : 'Enter the client secret.'),
    },
  });
  const guard = useUnsavedChangesGuard(form.isDirty());
  const submit = useFormSubmit(form, (v: RegionValues) => regionsApi.create(createBody(v)), {
    invalidate: [keys.all('regions')],
    success: (r) => `Region “${r.name}” was created.`,
    onSuccess: (r) => {
      guard.release();
      navigate(`/regions/${r.id}`);
    },
  });
  const stamp = form.values.kind === 'azure_stack';
  return (
    <>
      <PageHeader title="Create region" back={{ to: '/regions', label: 'Regions' }} />
      <form onSubmit={submit.onSubmit} noValidate>
        <Stack maw={800}>
          <RegionFields form={form} />
          {stamp && (
            <ConnectionTestButton
              run={() => {
                const body = createBody(form.values);
                return regionsApi.testDraft(body);
              }}
            />
          )}
          <FormError problem={submit.problem} />
          <Group>
            <Button type="submit" loading={submit.pending}>
              Save
            </Button>
            <Button variant="default" onClick={() => navigate('/regions')}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
