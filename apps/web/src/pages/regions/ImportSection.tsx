import {
  Alert,
  Button,
  Checkbox,
  FileInput,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../api/errors.ts';
import { keys } from '../../api/keys.ts';
import type { Meter, Region, UsageImportResult } from '../../api/types.ts';
import { usageImportApi } from '../../api/usage-import.ts';
import { can } from '../../app/access.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { QueryState } from '../../components/states.tsx';

interface MeterDraft {
  /** The meter being edited, or null for a new one. */
  editing: string | null;
  meterId: string;
  name: string;
  unit: string;
  informational: boolean;
}

const EMPTY: MeterDraft = { editing: null, meterId: '', name: '', unit: '', informational: false };

/** The source's meter catalog, with add, edit and remove for platform administrators. */
function MeterCatalog({ region }: { region: Region }) {
  const me = useCurrentMe();
  const queryClient = useQueryClient();
  const queryKey = keys.list('meters', { catalog: region.id });
  const query = useQuery({ queryKey, queryFn: () => usageImportApi.meters(region.id) });
  const [draft, setDraft] = useState<MeterDraft>(EMPTY);
  const save = useMutation({
    mutationFn: (d: MeterDraft) =>
      d.editing === null
        ? usageImportApi.addMeter(region.id, {
            meterId: d.meterId,
            name: d.name,
            unit: d.unit,
            informational: d.informational,
          })
        : usageImportApi.updateMeter(region.id, d.editing, {
            name: d.name,
            unit: d.unit,
            informational: d.informational,
          }),
    onSuccess: (meter) => {
      notifications.show({ color: 'green', title: 'Saved', message: `Meter “${meter.name}” was saved.` });
      setDraft(EMPTY);
      void queryClient.invalidateQueries({ queryKey: keys.all('meters') });
    },
  });
  const editable = can(me, 'regionMeters.create');
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="source-meters">
      <Title order={2} size="h4" mb="sm" id="source-meters">
        Meter catalog
      </Title>
      <QueryState query={query}>
        {(page) => (
          <ScrollTable minWidth={640} label="Meters of this source">
            <Table aria-label="Meters of this source">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Meter id</Table.Th>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Unit</Table.Th>
                  <Table.Th>Informational</Table.Th>
                  {editable && <Table.Th>Actions</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.items.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={5}>No meters yet: add the meters your files use.</Table.Td>
                  </Table.Tr>
                )}
                {page.items.map((m: Meter) => (
                  <Table.Tr key={m.meterId}>
                    <Table.Td className="mono">{m.meterId}</Table.Td>
                    <Table.Td>{m.name}</Table.Td>
                    <Table.Td>{m.unit}</Table.Td>
                    <Table.Td>{m.informational ? 'Yes' : 'No'}</Table.Td>
                    {editable && (
                      <Table.Td>
                        <Group gap="xs">
                          <Button
                            size="xs"
                            variant="default"
                            onClick={() =>
                              setDraft({
                                editing: m.meterId,
                                meterId: m.meterId,
                                name: m.name,
                                unit: m.unit,
                                informational: m.informational,
                              })
                            }
                          >
                            Edit
                          </Button>
                          <ConfirmButton
                            size="xs"
                            label="Remove"
                            title={`Remove meter “${m.name}”?`}
                            message="A meter that imported usage refers to cannot be removed."
                            confirmLabel="Remove"
                            success={`Meter “${m.name}” was removed.`}
                            onConfirm={() => usageImportApi.removeMeter(region.id, m.meterId)}
                            onDone={() =>
                              void queryClient.invalidateQueries({ queryKey: keys.all('meters') })
                            }
                          />
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </QueryState>
      {editable && (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate(draft);
          }}
        >
          <Stack mt="md" gap="xs">
            <Title order={3} size="h5">
              {draft.editing === null ? 'Add a meter' : `Edit meter ${draft.editing}`}
            </Title>
            <Group align="end">
              <TextInput
                label="Meter id"
                description="As your files name it"
                value={draft.meterId}
                disabled={draft.editing !== null}
                onChange={(e) => setDraft({ ...draft, meterId: e.currentTarget.value })}
                required
              />
              <TextInput
                label="Name"
                value={draft.name}
                onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
                required
              />
              <TextInput
                label="Unit"
                value={draft.unit}
                onChange={(e) => setDraft({ ...draft, unit: e.currentTarget.value })}
                required
              />
              <Checkbox
                label="Informational (shown, never priced)"
                checked={draft.informational}
                onChange={(e) => setDraft({ ...draft, informational: e.currentTarget.checked })}
              />
            </Group>
            {save.error && (
              <Alert color="red" role="alert">
                {errorMessage(save.error)}
              </Alert>
            )}
            <Group>
              <Button type="submit" loading={save.isPending}>
                {draft.editing === null ? 'Add meter' : 'Save meter'}
              </Button>
              {draft.editing !== null && (
                <Button variant="default" onClick={() => setDraft(EMPTY)}>
                  Cancel
                </Button>
              )}
            </Group>
          </Stack>
        </form>
      )}
    </Paper>
  );
}

function Counts({ result }: { result: UsageImportResult }) {
  return (
    <Alert
      color={result.dryRun ? 'blue' : 'green'}
      title={result.dryRun ? 'Checked: nothing stored' : 'Imported'}
    >
      <Text size="sm">
        {result.records} records: {result.inserted} new, {result.replaced} replaced, {result.unchanged}{' '}
        unchanged.
        {result.batchId && (
          <>
            {' '}
            Batch <span className="mono">{result.batchId}</span>.
          </>
        )}
      </Text>
    </Alert>
  );
}

/** The refusal of a file: its detail and every row error the server listed. */
function RowErrors({ error }: { error: ApiError }) {
  const rows = error.fieldErrors.filter((e) => e.row !== undefined);
  return (
    <Alert color="red" title="The file was refused: nothing was imported" role="alert">
      <Stack gap="xs">
        <Text size="sm">{error.problem.detail}</Text>
        {rows.length > 0 && (
          <Table aria-label="Row errors">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Row</Table.Th>
                <Table.Th>Column</Table.Th>
                <Table.Th>Reason</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((e, i) => (
                // Several errors may share a row and column; their order is the server's.
                // biome-ignore lint/suspicious/noArrayIndexKey: the list is replaced whole, never reordered
                <Table.Tr key={i}>
                  <Table.Td>{e.row === 0 ? 'file' : e.row}</Table.Td>
                  <Table.Td>{e.column ?? ''}</Table.Td>
                  <Table.Td>{e.message}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Alert>
  );
}

/** Upload a CSV or JSON usage file: check it first (dry run), then import it. */
function Upload({ region }: { region: Region }) {
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<'csv' | 'json'>('csv');
  const upload = useMutation({
    mutationFn: async (dryRun: boolean) => {
      const content = await file!.text();
      return usageImportApi.upload(region.id, { format, content }, dryRun);
    },
  });
  const pick = (chosen: File | null) => {
    setFile(chosen);
    upload.reset();
    if (chosen?.name.toLowerCase().endsWith('.json')) setFormat('json');
    else if (chosen?.name.toLowerCase().endsWith('.csv')) setFormat('csv');
  };
  const refused = upload.error instanceof ApiError && upload.error.code === 'invalid_request';
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="usage-upload">
      <Title order={2} size="h4" mb="sm" id="usage-upload">
        Import usage
      </Title>
      <Stack>
        <Text size="sm" c="dimmed">
          One record per row: externalId, subscription, meterId, optional sku and resourceId, usageStart and
          usageEnd with an offset, quantity. A record imported again replaces the stored one. A file with any
          bad row is refused whole.
        </Text>
        <Group align="end">
          <FileInput
            label="Usage file"
            description="A .csv or .json file"
            value={file}
            onChange={pick}
            accept=".csv,.json,text/csv,application/json"
            clearable
            clearButtonProps={{ 'aria-label': 'Clear the chosen file' }}
          />
          <SegmentedControl
            aria-label="Format"
            value={format}
            onChange={(v) => setFormat(v as 'csv' | 'json')}
            data={[
              { label: 'CSV', value: 'csv' },
              { label: 'JSON', value: 'json' },
            ]}
          />
        </Group>
        <Group>
          <Button
            variant="default"
            disabled={!file}
            loading={upload.isPending && upload.variables === true}
            onClick={() => upload.mutate(true)}
          >
            Check (dry run)
          </Button>
          <Button
            disabled={!file}
            loading={upload.isPending && upload.variables === false}
            onClick={() => upload.mutate(false)}
          >
            Import
          </Button>
        </Group>
        {upload.data && <Counts result={upload.data} />}
        {refused && <RowErrors error={upload.error as ApiError} />}
        {upload.error && !refused && (
          <Alert color="red" role="alert">
            {errorMessage(upload.error)}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

/** An import source's part of its region page: its meter catalog and file uploads. */
export function ImportSection({ region }: { region: Region }) {
  const me = useCurrentMe();
  return (
    <>
      <MeterCatalog region={region} />
      {can(me, 'usageImports.create') && <Upload region={region} />}
    </>
  );
}
