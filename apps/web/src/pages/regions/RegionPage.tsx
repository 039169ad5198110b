import { Alert, Anchor, Button, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { keys } from '../../api/keys.ts';
import { regionsApi } from '../../api/regions.ts';
import type { Region, RegionHealth } from '../../api/types.ts';
import { can } from '../../app/access.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { DetailList } from '../../components/DetailList.tsx';
import { Timestamp } from '../../components/format.tsx';
import { FormError, useFormSubmit } from '../../components/forms.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryState } from '../../components/states.tsx';
import { UpdateUsageButton } from '../../components/usage/UpdateUsageButton.tsx';
import { useUnsavedChangesGuard } from '../../components/useUnsavedChangesGuard.ts';
import { SyncNowButton } from '../offers/offer-parts.tsx';
import { ImportSection } from './ImportSection.tsx';
import {
  ConnectionTestButton,
  IDENTITY_NAMES,
  initialValues,
  KIND_NAMES,
  RegionFields,
  type RegionValues,
  updateBody,
} from './RegionFields.tsx';
import { RunStatus } from './RegionsPage.tsx';
import { HealthUsage, PlatformSubscriptionsList, UnassignedUsageList } from './RegionUsage.tsx';

function Details({ region }: { region: Region }) {
  const stamp = region.kind === 'azure_stack';
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="region-details">
      <Title order={2} size="h4" mb="sm" id="region-details">
        Details
      </Title>
      <DetailList
        items={[
          { label: 'Kind', value: KIND_NAMES[region.kind] },
          { label: 'Description', value: region.description },
          {
            label: 'Time zone',
            value: `${region.timeZone}${region.timeZoneLocked ? ' (locked: has usage)' : ''}`,
          },
          ...(stamp
            ? [
                { label: 'Admin ARM endpoint', value: <span className="mono">{region.armEndpoint}</span> },
                {
                  label: 'Identity system',
                  value: region.identitySystem ? IDENTITY_NAMES[region.identitySystem] : null,
                },
                { label: 'Directory tenant', value: region.directoryTenant },
                { label: 'Client id', value: region.clientId },
                { label: 'Client secret', value: region.clientSecretSet ? 'Set' : 'Not set' },
                {
                  label: 'Provider subscription',
                  value: <span className="mono">{region.providerSubscriptionId}</span>,
                },
                { label: 'Collection window', value: `${region.collectionWindowHours} hours` },
                { label: 'Schedule', value: <span className="mono">{region.schedule}</span> },
                { label: 'Collection', value: region.enabled ? 'On' : 'Off' },
              ]
            : []),
          { label: 'Created', value: <Timestamp value={region.createdAt} /> },
          { label: 'Id', value: <span className="mono">{region.id}</span> },
        ]}
      />
    </Paper>
  );
}

/** Check Region Health: last and next run, the last error, failed jobs to drill into. */
function HealthPanel({ region }: { region: Region }) {
  const query = useQuery({
    queryKey: [...keys.detail('regions', region.id), 'health'],
    queryFn: () => regionsApi.health(region.id),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="region-health">
      <Title order={2} size="h4" mb="sm" id="region-health">
        Health
      </Title>
      <QueryState query={query}>
        {(health: RegionHealth) => (
          <Stack>
            <DetailList
              items={[
                { label: 'Status', value: <RunStatus region={region} /> },
                { label: 'Last run', value: <Timestamp value={health.lastRunAt} /> },
                { label: 'Last success', value: <Timestamp value={health.lastSuccessAt} /> },
                {
                  label: 'Next scheduled run',
                  value: health.nextRunAt ? <Timestamp value={health.nextRunAt} /> : 'None scheduled',
                },
              ]}
            />
            {health.lastError && (
              <Alert color="red" title="Last error">
                <Text size="sm">{health.lastError}</Text>
                <Text size="xs" c="dimmed">
                  <Timestamp value={health.lastErrorAt} />
                </Text>
              </Alert>
            )}
            <div>
              <Text fw={600} size="sm">
                Failed jobs: {health.failedJobs.count}
              </Text>
              {health.failedJobs.latest.length > 0 && (
                <List size="sm" aria-label="Latest failed jobs">
                  {health.failedJobs.latest.map((job) => (
                    <List.Item key={job.id}>
                      <Anchor component={Link} to={`/jobs/${job.id}`} className="mono">
                        {job.id}
                      </Anchor>{' '}
                      <Timestamp value={job.failedAt} />
                      {job.error ? ` — ${job.error}` : ''}
                    </List.Item>
                  ))}
                </List>
              )}
            </div>
            <HealthUsage usage={health.usage} />
          </Stack>
        )}
      </QueryState>
    </Paper>
  );
}

function EditRegion({ region }: { region: Region }) {
  const form = useForm<RegionValues>({
    mode: 'controlled',
    initialValues: initialValues(region),
    validate: {
      name: (v) => (v.trim() ? null : 'Enter a name.'),
      timeZone: (v) => (v.trim() ? null : 'Enter a time zone.'),
    },
  });
  useUnsavedChangesGuard(form.isDirty());
  const submit = useFormSubmit(
    form,
    (v: RegionValues) => regionsApi.update(region.id, updateBody(region, v)),
    {
      invalidate: [keys.all('regions')],
      success: (r) => `Region “${r.name}” was saved.`,
      onSuccess: (r) => form.setValues(initialValues(r)),
    },
  );
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="edit-region">
      <Title order={2} size="h4" mb="sm" id="edit-region">
        Edit
      </Title>
      <form onSubmit={submit.onSubmit} noValidate>
        <Stack>
          <RegionFields form={form} region={region} timeZoneLocked={region.timeZoneLocked} />
          <FormError problem={submit.problem} />
          <Group>
            <Button type="submit" loading={submit.pending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** Administration → Regions → select one: details, health, test connection, edit, delete. */
export default function RegionPage() {
  const me = useCurrentMe();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: keys.detail('regions', id), queryFn: () => regionsApi.get(id) });
  const region = query.data;
  // A finished collection changes the health figures and both usage lists.
  const refresh = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: keys.detail('regions', id) });
  }, [queryClient, id]);
  return (
    <>
      <PageHeader
        title={region?.name ?? 'Region'}
        back={{ to: '/regions', label: 'Regions' }}
        actions={
          region && (
            <>
              {region.kind === 'azure_stack' && can(me, 'regions.syncOffers') && (
                <SyncNowButton regionId={region.id} />
              )}
              {region.kind === 'azure_stack' && can(me, 'regions.collectUsage') && (
                <UpdateUsageButton
                  what={region.name}
                  collect={(r) => regionsApi.collectUsage(region.id, r)}
                  onFinished={refresh}
                />
              )}
              {can(me, 'regions.delete') && (
                <ConfirmButton
                  label="Delete"
                  title={`Delete region “${region.name}”?`}
                  message="A region that has usage or subscriptions cannot be deleted; disable its collection instead."
                  confirmLabel="Delete"
                  success={`Region “${region.name}” was deleted.`}
                  onConfirm={() => regionsApi.remove(region.id)}
                  onDone={() => {
                    navigate('/regions');
                    for (const queryKey of keys.lists('regions'))
                      void queryClient.invalidateQueries({ queryKey });
                  }}
                />
              )}
            </>
          )
        }
      />
      <QueryState query={query}>
        {(r) => (
          <Stack gap="lg">
            <Details region={r} />
            <HealthPanel region={r} />
            {can(me, 'regions.unassignedUsage') && <UnassignedUsageList region={r} />}
            {r.kind === 'azure_stack' && can(me, 'regions.platformSubscriptions') && (
              <PlatformSubscriptionsList region={r} me={me} />
            )}
            {r.kind === 'azure_stack' && can(me, 'regions.testConnection') && (
              <Paper withBorder p="md" component="section" aria-label="Connection">
                <ConnectionTestButton run={() => regionsApi.testSaved(r.id)} />
              </Paper>
            )}
            {r.kind === 'import' && <ImportSection region={r} />}
            {can(me, 'regions.update') && <EditRegion region={r} />}
          </Stack>
        )}
      </QueryState>
    </>
  );
}
