import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  FileInput,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, errorMessage } from '../../api/errors.ts';
import { keys } from '../../api/keys.ts';
import { metersApi, pricingApi } from '../../api/pricing.ts';
import type { PriceImportResult, PriceItem, PriceListVersion } from '../../api/types.ts';
import { can } from '../../app/access.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { DetailList } from '../../components/DetailList.tsx';
import { Timestamp } from '../../components/format.tsx';
import { applyFieldErrors, FormError, type FormProblem, formProblem } from '../../components/forms.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RemoteSelect } from '../../components/RemoteSelect.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { QueryState } from '../../components/states.tsx';
import { VersionStateBadge } from './pricing-parts.tsx';
import { TierEditor, type TierRow, tierProblems, toDrafts } from './TierEditor.tsx';

type Pricing = PriceItem['pricing'];
type PriceUnit = PriceItem['priceUnit'];

const PRICING_NAMES: Record<Pricing, string> = {
  flat: 'Flat rate',
  graduated: 'Graduated tiers',
  volume: 'Volume tiers',
};

/** "0–100 @ 1 · 100–200 @ 0.5 · 200+ @ 0.1" */
export function tierSummary(item: Pick<PriceItem, 'tiers'>): string {
  return item.tiers
    .map((t) => (t.to === null ? `${t.from}+ @ ${t.rate}` : `${t.from}–${t.to} @ ${t.rate}`))
    .join(' · ');
}

interface ItemValues {
  meterId: string | null;
  sku: string;
  priceUnit: PriceUnit;
  pricing: Pricing;
  rate: string;
  tiers: TierRow[];
  description: string;
}

function initialItem(item: PriceItem | null): ItemValues {
  return {
    meterId: item?.meterId ?? null,
    sku: item?.sku ?? '',
    priceUnit: item?.priceUnit ?? 'meter',
    pricing: item?.pricing ?? 'flat',
    rate: item?.rate ?? '',
    tiers: item?.tiers.length
      ? item.tiers.map((t) => ({ from: t.from, to: t.to ?? '', rate: t.rate }))
      : [{ from: '0', to: '', rate: '' }],
    description: item?.description ?? '',
  };
}

/** The add / edit dialog of one item: meter (and SKU), price unit, a flat rate or a tier table. */
function ItemEditor({
  version,
  item,
  opened,
  onClose,
}: {
  version: PriceListVersion;
  item: PriceItem | null;
  opened: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<ItemValues>(() => initialItem(item));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const catalog = version.priceList.catalogs?.[0] ?? 'azure-stack';
  const tiered = values.pricing !== 'flat';
  const set = (patch: Partial<ItemValues>) => setValues((v) => ({ ...v, ...patch }));
  const save = useMutation({
    mutationFn: () => {
      const pricing = {
        priceUnit: values.priceUnit,
        pricing: values.pricing,
        description: values.description.trim() || null,
        ...(tiered ? { tiers: toDrafts(values.tiers) } : { rate: values.rate.trim() }),
      };
      return item
        ? pricingApi.updateItem(item.id, {
            ...pricing,
            sku: values.sku.trim(),
            ...(tiered ? { rate: null } : {}),
          })
        : pricingApi.createItem(version.id, {
            ...pricing,
            meterId: values.meterId ?? '',
            sku: values.sku.trim(),
          });
    },
    onMutate: () => {
      setProblem(null);
      setErrors({});
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.all('priceVersions') });
      await queryClient.invalidateQueries({ queryKey: keys.all('priceLists') });
      notifications.show({
        color: 'green',
        title: 'Saved',
        message: item ? 'The item was saved.' : 'The item was added.',
      });
      onClose();
    },
    onError: (error) => {
      const form = {
        getValues: () => values,
        setErrors: (e: Record<string, React.ReactNode>) => setErrors(e as Record<string, string>),
      };
      // Tier errors (body.tiers[1].from) show in the tier editor, which checks the same rules.
      const elsewhere = applyFieldErrors(form, error, (f) =>
        f.startsWith('body.tiers') ? null : f.replace(/^body\./, ''),
      );
      setProblem(formProblem(error, elsewhere));
    },
  });
  const blocked = tiered && tierProblems(values.tiers).length > 0;
  return (
    <Modal opened={opened} onClose={onClose} title={item ? 'Edit item' : 'Add item'} size="lg" centered>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          {item ? (
            <Text size="sm">
              Meter: <strong>{item.meterName ?? item.meterId}</strong>{' '}
              <span className="mono">{item.meterId}</span>
            </Text>
          ) : (
            <RemoteSelect
              cacheKey={['meters', 'options', catalog]}
              label="Meter"
              description={
                version.priceList.catalogs === null
                  ? 'Any catalog: search the Azure Stack Hub catalog here'
                  : undefined
              }
              required
              value={values.meterId}
              onChange={(id) => set({ meterId: id })}
              search={(q) =>
                metersApi
                  .search(catalog, q)
                  .then((page) =>
                    page.items.map((m) => ({ value: m.meterId, label: `${m.name} (${m.unit})` })),
                  )
              }
              lookup={async (id) => ({ value: id, label: id })}
              placeholder="Search meters"
              error={errors.meterId}
            />
          )}
          <TextInput
            label="SKU"
            description="Optional: e.g. a VM size; an item with a SKU beats the meter-wide item"
            value={values.sku}
            onChange={(e) => set({ sku: e.currentTarget.value })}
            error={errors.sku}
          />
          <Group grow align="start">
            <Select
              label="Price unit"
              data={[
                { value: 'meter', label: "The meter's unit" },
                { value: 'month', label: 'Per month (hour-metered meters)' },
              ]}
              value={values.priceUnit}
              onChange={(v) => set({ priceUnit: (v ?? 'meter') as PriceUnit })}
              error={errors.priceUnit}
              allowDeselect={false}
            />
            <Select
              label="Pricing"
              data={Object.entries(PRICING_NAMES).map(([value, label]) => ({ value, label }))}
              value={values.pricing}
              onChange={(v) => set({ pricing: (v ?? 'flat') as Pricing })}
              error={errors.pricing}
              allowDeselect={false}
            />
          </Group>
          {tiered ? (
            <TierEditor rows={values.tiers} onChange={(tiers) => set({ tiers })} />
          ) : (
            <TextInput
              label={`Rate (${version.priceList.currency})`}
              required
              inputMode="decimal"
              value={values.rate}
              onChange={(e) => set({ rate: e.currentTarget.value })}
              error={errors.rate}
            />
          )}
          <TextInput
            label="Description"
            value={values.description}
            onChange={(e) => set({ description: e.currentTarget.value })}
            error={errors.description}
          />
          <FormError problem={problem} />
          <Group>
            <Button type="submit" loading={save.isPending} disabled={blocked}>
              Save
            </Button>
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ImportDiff({ result }: { result: PriceImportResult }) {
  return (
    <Stack gap="xs" data-state="import-diff">
      <Text size="sm">
        {result.rows} line(s) read: {result.changes.length} change(s), {result.unchanged} unchanged
        {result.errors.length > 0 ? `, ${result.errors.length} error(s)` : ''}.
        {result.applied ? ' Applied.' : ''}
      </Text>
      {result.errors.length > 0 && (
        <Alert color="red" title="Errors (nothing can be applied until they are fixed)" role="alert">
          <ul>
            {result.errors.map((e) => (
              <li key={`${e.line}-${e.column}-${e.message}`}>
                Line {e.line}
                {e.column ? `, ${e.column}` : ''}: {e.message}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {result.changes.length > 0 && (
        <ScrollTable minWidth={640} label="Changes">
          <Table aria-label="Changes">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Line</Table.Th>
                <Table.Th>Item</Table.Th>
                <Table.Th>Field</Table.Th>
                <Table.Th>Old</Table.Th>
                <Table.Th>New</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.changes.map((c) => (
                <Table.Tr key={`${c.line}-${c.field}`}>
                  <Table.Td>{c.line}</Table.Td>
                  <Table.Td>
                    <span className="mono">{c.meterId}</span>
                    {c.sku ? ` / ${c.sku}` : ''}
                  </Table.Td>
                  <Table.Td>{c.field}</Table.Td>
                  <Table.Td>{c.old ?? '—'}</Table.Td>
                  <Table.Td>{c.new ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Stack>
  );
}

/** Update a draft's items from CSV: the dry run's changes first, then apply exactly those. */
function CsvImport({ version }: { version: PriceListVersion }) {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [checked, setChecked] = useState<{ content: string; result: PriceImportResult } | null>(null);
  const run = useMutation({
    mutationFn: async (dryRun: boolean) => {
      const content = dryRun || !checked ? await file!.text() : checked.content;
      return { content, result: await pricingApi.importCsv(version.id, content, dryRun) };
    },
    onSuccess: async ({ content, result }) => {
      setChecked({ content, result });
      if (result.applied) {
        await queryClient.invalidateQueries({ queryKey: keys.all('priceVersions') });
        notifications.show({
          color: 'green',
          title: 'Imported',
          message: `${result.changes.length} change(s) applied.`,
        });
      }
    },
  });
  const refused = run.error instanceof ApiError ? run.error : null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="csv-import">
      <Title order={2} size="h4" mb="sm" id="csv-import">
        Import CSV
      </Title>
      <Stack>
        <Text size="sm" c="dimmed">
          Update-only: each line names an item of this draft by meter_id and sku (the export's format). Check
          the file first; the changes it would make are listed, then apply exactly those.
        </Text>
        <Group align="end">
          <FileInput
            label="Price file"
            description="A .csv file"
            accept=".csv,text/csv"
            clearButtonProps={{ 'aria-label': 'Clear the chosen file' }}
            value={file}
            onChange={(f) => {
              setFile(f);
              setChecked(null);
              run.reset();
            }}
            clearable
          />
          <Button
            variant="default"
            disabled={!file}
            loading={run.isPending && run.variables}
            onClick={() => run.mutate(true)}
          >
            Check (dry run)
          </Button>
          <Button
            disabled={
              !checked ||
              checked.result.applied ||
              checked.result.errors.length > 0 ||
              checked.result.changes.length === 0
            }
            loading={run.isPending && !run.variables}
            onClick={() => run.mutate(false)}
          >
            Apply changes
          </Button>
        </Group>
        {checked && <ImportDiff result={checked.result} />}
        {refused && (
          <Alert color="red" role="alert" title={errorMessage(refused)}>
            {refused.fieldErrors.length > 0 && (
              <ul>
                {refused.fieldErrors.map((e) => (
                  <li key={`${e.row}-${e.column}-${e.message}`}>
                    Line {e.row}
                    {e.column ? `, ${e.column}` : ''}: {e.message}
                  </li>
                ))}
              </ul>
            )}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

function ItemsTable({ version, editable }: { version: PriceListVersion; editable: boolean }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<PriceItem | null>(null);
  const [opened, { open, close }] = useDisclosure(false);
  const remove = useMutation({
    mutationFn: (id: string) => pricingApi.removeItem(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.all('priceVersions') }),
    onError: (error) =>
      notifications.show({ color: 'red', title: 'Not removed', message: errorMessage(error) }),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="items">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="items">
          Items
        </Title>
        {editable && (
          <Button
            onClick={() => {
              setEditing(null);
              open();
            }}
          >
            Add item
          </Button>
        )}
      </Group>
      {version.items.length === 0 ? (
        <Text size="sm">No items yet.</Text>
      ) : (
        <ScrollTable minWidth={760} label="Items">
          <Table aria-labelledby="items">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Meter</Table.Th>
                <Table.Th>SKU</Table.Th>
                <Table.Th>Unit</Table.Th>
                <Table.Th>Pricing</Table.Th>
                <Table.Th>Rate or tiers ({version.priceList.currency})</Table.Th>
                <Table.Th>Description</Table.Th>
                {editable && <Table.Th>Actions</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {version.items.map((item) => (
                <Table.Tr key={item.id}>
                  <Table.Td>
                    {item.meterName ?? <span className="mono">{item.meterId}</span>}
                    {item.meterUnit && (
                      <Text size="xs" c="dimmed">
                        {item.meterUnit}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{item.sku || '—'}</Table.Td>
                  <Table.Td>{item.priceUnit === 'month' ? 'per month' : 'meter unit'}</Table.Td>
                  <Table.Td>{PRICING_NAMES[item.pricing]}</Table.Td>
                  <Table.Td>{item.pricing === 'flat' ? item.rate : tierSummary(item)}</Table.Td>
                  <Table.Td>{item.description ?? '—'}</Table.Td>
                  {editable && (
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <ActionIcon
                          variant="subtle"
                          aria-label={`Edit ${item.meterName ?? item.meterId}${item.sku ? ` ${item.sku}` : ''}`}
                          onClick={() => {
                            setEditing(item);
                            open();
                          }}
                        >
                          <IconPencil size={16} />
                        </ActionIcon>
                        <ActionIcon
                          variant="subtle"
                          color="red.9"
                          aria-label={`Remove ${item.meterName ?? item.meterId}${item.sku ? ` ${item.sku}` : ''}`}
                          loading={remove.isPending && remove.variables === item.id}
                          onClick={() => remove.mutate(item.id)}
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {opened && (
        <ItemEditor
          key={editing?.id ?? 'new'}
          version={version}
          item={editing}
          opened={opened}
          onClose={close}
        />
      )}
    </Paper>
  );
}

/** Administration → Pricing → a price list → one version: its items, activation, CSV export and import. */
export default function PriceVersionPage() {
  const me = useCurrentMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const query = useQuery({
    queryKey: keys.detail('priceVersions', id),
    queryFn: () => pricingApi.version(id),
  });
  const version = query.data;
  const [notesView, setNotesView] = useState<'items' | 'import'>('items');
  return (
    <>
      <PageHeader
        title={
          version ? `${version.priceList.displayName}: version ${version.version}` : 'Price list version'
        }
        back={
          version
            ? { to: `/pricing/${version.priceListId}`, label: version.priceList.displayName }
            : { to: '/pricing', label: 'Pricing' }
        }
        actions={
          version && (
            <Group>
              <Button component="a" variant="default" href={pricingApi.exportUrl(version.id)} download>
                Export CSV
              </Button>
              {version.state === 'draft' && can(me, 'priceListVersions.activate') && (
                <ConfirmButton
                  label="Activate"
                  color="blue"
                  variant="filled"
                  title="Activate version"
                  message={`Version ${version.version} will rate every month from ${version.effectiveFrom}; the active version keeps the months before. Open periods are priced again.`}
                  confirmLabel="Activate"
                  onConfirm={() => pricingApi.activate(version.id)}
                  success={`Version ${version.version} is active.`}
                  onDone={() => {
                    void queryClient.invalidateQueries({ queryKey: keys.all('priceVersions') });
                    void queryClient.invalidateQueries({ queryKey: keys.all('priceLists') });
                  }}
                />
              )}
              {version.state === 'draft' && can(me, 'priceListVersions.delete') && (
                <ConfirmButton
                  label="Delete draft"
                  title="Delete draft"
                  message={`Delete draft version ${version.version} and its ${version.items.length} item(s)?`}
                  confirmLabel="Delete"
                  onConfirm={() => pricingApi.removeVersion(version.id)}
                  success="The draft was deleted."
                  onDone={() => {
                    void queryClient.invalidateQueries({ queryKey: keys.all('priceLists') });
                    navigate(`/pricing/${version.priceListId}`);
                  }}
                />
              )}
            </Group>
          )
        }
      />
      <QueryState query={query}>
        {(v) => {
          const editable = v.editable && can(me, 'priceItems.create');
          return (
            <Stack gap="lg">
              <Paper withBorder p="md" component="section" aria-label="Summary">
                <DetailList
                  items={[
                    {
                      label: 'Price list',
                      value: (
                        <Anchor component={Link} to={`/pricing/${v.priceListId}`}>
                          {v.priceList.displayName}
                        </Anchor>
                      ),
                    },
                    { label: 'State', value: <VersionStateBadge state={v.state} /> },
                    { label: 'Effective from', value: v.effectiveFrom },
                    { label: 'Currency', value: v.priceList.currency },
                    {
                      label: 'Changes in place',
                      value: v.editable
                        ? v.state === 'draft'
                          ? 'Yes (a draft)'
                          : 'Yes: no closed period used it yet (changes re-price open periods)'
                        : 'No: a closed period used it; create a new version',
                    },
                    { label: 'Notes', value: v.notes ?? '—' },
                    { label: 'Activated', value: <Timestamp value={v.activatedAt} /> },
                  ]}
                />
              </Paper>
              {v.state === 'draft' && can(me, 'priceListVersions.import') && (
                <SegmentedControl
                  aria-label="View"
                  value={notesView}
                  onChange={(x) => setNotesView(x as 'items' | 'import')}
                  data={[
                    { label: 'Items', value: 'items' },
                    { label: 'Import CSV', value: 'import' },
                  ]}
                />
              )}
              {notesView === 'import' && v.state === 'draft' ? (
                <CsvImport version={v} />
              ) : (
                <ItemsTable version={v} editable={editable} />
              )}
            </Stack>
          );
        }}
      </QueryState>
    </>
  );
}
