import { CURRENCY_CODES } from '@cms/billing';
import {
  Anchor,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Table,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { keys } from '../../api/keys.ts';
import { pricingApi } from '../../api/pricing.ts';
import type { PriceList } from '../../api/types.ts';
import { can } from '../../app/access.ts';
import { useCurrentMe, usePlatformMonth } from '../../app/me-context.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { DetailList } from '../../components/DetailList.tsx';
import { Timestamp } from '../../components/format.tsx';
import { FormError, orNull, useFormSubmit } from '../../components/forms.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { nextMonthOf } from '../../components/rating/rating-logic.ts';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { QueryState } from '../../components/states.tsx';
import { ItemCredits } from './ItemCredits.tsx';
import { ScopeFields, type ScopeValues, scopeBody, scopeText, VersionStateBadge } from './pricing-parts.tsx';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function EditList({ list }: { list: PriceList }) {
  const form = useForm({
    mode: 'controlled',
    initialValues: {
      displayName: list.displayName,
      description: list.description ?? '',
      currency: list.currency,
    },
    validate: { displayName: (v: string) => (v.trim() ? null : 'Enter a display name.') },
  });
  const locked = list.scopeType === 'subscription' || list.versions.some((v) => v.state !== 'draft');
  const submit = useFormSubmit(
    form,
    (v: typeof form.values) =>
      pricingApi.update(list.id, {
        displayName: v.displayName,
        description: orNull(v.description),
        ...(locked ? {} : { currency: v.currency }),
      }),
    { invalidate: [keys.all('priceLists')], success: (l) => `Price list “${l.displayName}” was saved.` },
  );
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="list-edit">
      <Title order={2} size="h4" mb="sm" id="list-edit">
        Details
      </Title>
      <form onSubmit={submit.onSubmit} noValidate>
        <Stack>
          <TextInput label="Display name" required {...form.getInputProps('displayName')} />
          <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
          <Select
            label="Currency"
            searchable
            disabled={locked}
            description={
              locked
                ? list.scopeType === 'subscription'
                  ? "An override is in its tenant's currency."
                  : 'Locked once a version was activated: clone the list into another currency instead.'
                : undefined
            }
            data={[...CURRENCY_CODES]}
            {...form.getInputProps('currency')}
          />
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

function NewVersion({ list }: { list: PriceList }) {
  const navigate = useNavigate();
  const [opened, { open, close }] = useDisclosure(false);
  const newest = list.versions[0];
  // A new version usually takes effect from next month (of the Platform Time Zone).
  const nextMonth = nextMonthOf(usePlatformMonth());
  const form = useForm({
    mode: 'controlled',
    initialValues: { effectiveFrom: nextMonth, notes: '', copyFromVersionId: newest?.id ?? null },
    validate: { effectiveFrom: (v: string) => (MONTH.test(v) ? null : "A month written 'YYYY-MM'.") },
  });
  const submit = useFormSubmit(
    form,
    (v: typeof form.values) =>
      pricingApi.createVersion(list.id, {
        effectiveFrom: v.effectiveFrom,
        notes: orNull(v.notes),
        ...(v.copyFromVersionId ? { copyFromVersionId: v.copyFromVersionId } : {}),
      }),
    {
      invalidate: [keys.all('priceLists')],
      success: (v) => `Draft version ${v.version} was created.`,
      onSuccess: (v) => navigate(`/pricing/versions/${v.id}`),
    },
  );
  return (
    <>
      <Button onClick={open}>New version</Button>
      <Modal opened={opened} onClose={close} title="New draft version" centered>
        <form onSubmit={submit.onSubmit} noValidate>
          <Stack>
            <TextInput
              label="Effective from"
              description="The first month it rates once activated (YYYY-MM)"
              required
              {...form.getInputProps('effectiveFrom')}
            />
            <Select
              label="Copy items from"
              placeholder="Start empty"
              clearable
              data={list.versions.map((v) => ({ value: v.id, label: `Version ${v.version} (${v.state})` }))}
              {...form.getInputProps('copyFromVersionId')}
            />
            <TextInput label="Notes" {...form.getInputProps('notes')} />
            <FormError problem={submit.problem} />
            <Group>
              <Button type="submit" loading={submit.pending}>
                Create draft
              </Button>
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

interface CloneValues extends ScopeValues {
  displayName: string;
  currency: string | null;
  versionId: string | null;
}

function CloneDialog({ list }: { list: PriceList }) {
  const navigate = useNavigate();
  const [opened, { open, close }] = useDisclosure(false);
  const form = useForm<CloneValues>({
    mode: 'controlled',
    initialValues: {
      scopeType: 'tenant',
      scopeId: null,
      displayName: `${list.displayName} (copy)`,
      currency: null,
      versionId: null,
    },
    validate: { scopeId: (v) => (v ? null : 'Choose the scope.') },
  });
  const submit = useFormSubmit(
    form,
    (v: CloneValues) =>
      pricingApi.clone(list.id, {
        ...scopeBody(v),
        displayName: v.displayName.trim() || undefined,
        ...(v.currency ? { currency: v.currency } : {}),
        ...(v.versionId ? { versionId: v.versionId } : {}),
      }),
    {
      invalidate: [keys.all('priceLists')],
      success: (l) => `Cloned into “${l.displayName}”.`,
      rename: (field) =>
        /^body\.(regionId|tenantId|subscriptionId)$/.test(field) ? 'scopeId' : field.replace(/^body\./, ''),
      onSuccess: (l) => {
        close();
        navigate(`/pricing/${l.id}`);
      },
    },
  );
  return (
    <>
      <Button variant="default" onClick={open}>
        Clone
      </Button>
      <Modal opened={opened} onClose={close} title="Clone price list" centered>
        <form onSubmit={submit.onSubmit} noValidate>
          <Stack>
            <ScopeFields
              value={{ scopeType: form.values.scopeType, scopeId: form.values.scopeId }}
              onChange={(s) => form.setValues(s)}
              error={form.errors.scopeId}
            />
            <TextInput label="Display name" {...form.getInputProps('displayName')} />
            <Select
              label="Currency"
              description={`Default: ${list.currency} (an override: its tenant's)`}
              searchable
              clearable
              data={[...CURRENCY_CODES]}
              {...form.getInputProps('currency')}
            />
            <Select
              label="Versions"
              placeholder="Every version, as they are"
              description="Or one version, copied as a draft"
              clearable
              data={list.versions.map((v) => ({ value: v.id, label: `Version ${v.version} (${v.state})` }))}
              {...form.getInputProps('versionId')}
            />
            <FormError problem={submit.problem} />
            <Group>
              <Button type="submit" loading={submit.pending}>
                Clone
              </Button>
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

/** Administration → Pricing → one price list: its details and versions. */
export default function PriceListPage() {
  const me = useCurrentMe();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const query = useQuery({ queryKey: keys.detail('priceLists', id), queryFn: () => pricingApi.get(id) });
  const list = query.data;
  return (
    <>
      <PageHeader
        title={list?.displayName ?? 'Price list'}
        back={{ to: '/pricing', label: 'Pricing' }}
        actions={
          list && (
            <Group>
              {can(me, 'priceListVersions.create') && <NewVersion list={list} />}
              {can(me, 'priceLists.clone') && <CloneDialog list={list} />}
              {can(me, 'priceLists.delete') && (
                <ConfirmButton
                  label="Delete"
                  title="Delete price list"
                  message={`Delete “${list.displayName}” with its ${list.versions.length} version(s)? A list that prices rated usage, or this month's usage, cannot be deleted.`}
                  confirmLabel="Delete"
                  onConfirm={() => pricingApi.remove(list.id)}
                  success={`Price list “${list.displayName}” was deleted.`}
                  onDone={() => navigate('/pricing')}
                />
              )}
            </Group>
          )
        }
      />
      <QueryState query={query}>
        {(l) => (
          <Stack gap="lg">
            <Paper withBorder p="md" component="section" aria-label="Summary">
              <DetailList
                items={[
                  { label: 'Scope', value: scopeText(l) },
                  { label: 'Currency', value: l.currency },
                  {
                    label: 'Active version',
                    value: l.activeVersion
                      ? `Version ${l.activeVersion.version}, from ${l.activeVersion.effectiveFrom}`
                      : 'None yet',
                  },
                  { label: 'Created', value: <Timestamp value={l.createdAt} /> },
                  { label: 'Id', value: <span className="mono">{l.id}</span> },
                ]}
              />
            </Paper>
            <Paper withBorder p="md" component="section" aria-labelledby="versions">
              <Title order={2} size="h4" mb="sm" id="versions">
                Versions
              </Title>
              {l.versions.length === 0 ? (
                <p>No versions yet: create a draft, add its items, then activate it.</p>
              ) : (
                <ScrollTable minWidth={560} label="Versions">
                  <Table aria-labelledby="versions">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Version</Table.Th>
                        <Table.Th>State</Table.Th>
                        <Table.Th>Effective from</Table.Th>
                        <Table.Th>Items</Table.Th>
                        <Table.Th>Notes</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {l.versions.map((v) => (
                        <Table.Tr key={v.id}>
                          <Table.Td>
                            <Anchor component={Link} to={`/pricing/versions/${v.id}`}>
                              Version {v.version}
                            </Anchor>
                          </Table.Td>
                          <Table.Td>
                            <VersionStateBadge state={v.state} />
                          </Table.Td>
                          <Table.Td>{v.effectiveFrom}</Table.Td>
                          <Table.Td>{v.itemCount}</Table.Td>
                          <Table.Td>{v.notes ?? '—'}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </ScrollTable>
              )}
            </Paper>
            {can(me, 'credits.list') && <ItemCredits list={l} me={me} />}
            {can(me, 'priceLists.update') && <EditList key={l.updatedAt} list={l} />}
          </Stack>
        )}
      </QueryState>
    </>
  );
}
