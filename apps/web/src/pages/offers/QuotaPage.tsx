import { Button, Group, NumberInput, Paper, SimpleGrid, Stack, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { keys } from '../../api/keys.ts';
import { quotasApi } from '../../api/offers.ts';
import type { Quota } from '../../api/types.ts';
import { can } from '../../app/access.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { DetailList } from '../../components/DetailList.tsx';
import { Timestamp } from '../../components/format.tsx';
import { FormError, useFormSubmit } from '../../components/forms.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryState } from '../../components/states.tsx';
import { useUnsavedChangesGuard } from '../../components/useUnsavedChangesGuard.ts';
import { GoneBadge } from './offer-parts.tsx';

/** `maxPublicIpsPerSubscription` → "Max public ips per subscription". */
const words = (name: string) => {
  const text = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
};

function EditLimits({ quota }: { quota: Quota }) {
  const form = useForm<{ limits: Record<string, number | string> }>({
    mode: 'controlled',
    initialValues: { limits: { ...quota.limits } },
  });
  useUnsavedChangesGuard(form.isDirty());
  const submit = useFormSubmit(
    form,
    (v: { limits: Record<string, number | string> }) =>
      quotasApi.update(quota.id, {
        limits: Object.fromEntries(Object.entries(v.limits).map(([k, n]) => [k, Number(n)])),
      }),
    {
      invalidate: [keys.all('quotas')],
      success: (q) => `Quota “${q.name}” was saved on its region.`,
      onSuccess: (q) => form.setValues({ limits: { ...q.limits } }),
    },
  );
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="quota-edit">
      <Title order={2} size="h4" mb="sm" id="quota-edit">
        Limits
      </Title>
      <form onSubmit={submit.onSubmit} noValidate>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {Object.keys(quota.limits).map((name) => (
              <NumberInput
                key={name}
                label={words(name)}
                min={0}
                allowDecimal={false}
                allowNegative={false}
                {...form.getInputProps(`limits.${name}`)}
              />
            ))}
          </SimpleGrid>
          <FormError problem={submit.problem} />
          <Group>
            <Button type="submit" loading={submit.pending} disabled={Object.keys(quota.limits).length === 0}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** Administration → Quotas → one quota: its limits, changed on its region. */
export default function QuotaPage() {
  const me = useCurrentMe();
  const { id = '' } = useParams();
  const query = useQuery({ queryKey: keys.detail('quotas', id), queryFn: () => quotasApi.get(id) });
  const quota = query.data;
  return (
    <>
      <PageHeader
        title={quota?.name ?? 'Quota'}
        back={{ to: '/quotas', label: 'Quotas' }}
        actions={quota && <GoneBadge at={quota.regionDeletedAt} />}
      />
      <QueryState query={query}>
        {(q) => (
          <Stack gap="lg">
            <Paper withBorder p="md" component="section" aria-label="Details">
              <DetailList
                items={[
                  { label: 'Provider', value: q.provider },
                  { label: 'Region', value: `${q.region.name ?? q.region.id} (${q.location})` },
                  ...(can(me, 'quotas.update') && q.regionDeletedAt === null
                    ? []
                    : Object.entries(q.limits).map(([name, value]) => ({
                        label: words(name),
                        value: String(value),
                      }))),
                  { label: 'Last synced', value: <Timestamp value={q.syncedAt} /> },
                  { label: 'Id', value: <span className="mono">{q.id}</span> },
                ]}
              />
            </Paper>
            {can(me, 'quotas.update') && q.regionDeletedAt === null && (
              <EditLimits key={q.updatedAt} quota={q} />
            )}
          </Stack>
        )}
      </QueryState>
    </>
  );
}
