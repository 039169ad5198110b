import { Button, Checkbox, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconChevronDown, IconChevronRight, IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { creditsApi } from '../../api/billing.ts';
import { keys } from '../../api/keys.ts';
import { pricingApi } from '../../api/pricing.ts';
import type { Credit, Me, PriceItem, PriceList } from '../../api/types.ts';
import { can } from '../../app/access.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { FormError, useFormSubmit } from '../../components/forms.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { QueryState } from '../../components/states.tsx';

/** A (meter, SKU) of the list as people read it: the meter's name where the version knows it. */
function itemText(meterId: string, sku: string, items: PriceItem[]): string {
  const item = items.find((i) => i.meterId === meterId && i.sku === sku);
  const meter = item?.meterName ?? meterId;
  return sku ? `${meter} · ${sku}` : `${meter} (every SKU)`;
}

const periodsText = (c: Credit) =>
  c.oneOff ? `${c.fromPeriod} (one-off)` : `${c.fromPeriod} to ${c.toPeriod ?? 'open'}`;

interface Values {
  itemId: string | null;
  amount: string;
  fromPeriod: string;
  toPeriod: string;
  oneOff: boolean;
  description: string;
}

function AddItemCredit({ list, items, onDone }: { list: PriceList; items: PriceItem[]; onDone: () => void }) {
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { itemId: null, amount: '', fromPeriod: '', toPeriod: '', oneOff: false, description: '' },
    validate: {
      itemId: (v) => (v ? null : 'Choose the item.'),
      amount: (v) => (/^\d+(\.\d{1,6})?$/.test(v.trim()) ? null : 'An amount such as 25 or 25.50.'),
      fromPeriod: (v) => (v ? null : 'Choose the first period.'),
      description: (v) => (v.trim() ? null : 'Enter the text the credit line shows.'),
    },
  });
  const submit = useFormSubmit(
    form,
    (v: Values) =>
      creditsApi.create({
        priceItemId: v.itemId ?? '',
        amount: v.amount.trim(),
        fromPeriod: v.fromPeriod,
        ...(v.oneOff ? { oneOff: true } : { toPeriod: v.toPeriod || null }),
        description: v.description.trim(),
      }),
    {
      invalidate: [keys.all('credits')],
      success: 'The item credit was added.',
      rename: (field) => (field === 'body.priceItemId' ? 'itemId' : field.replace(/^body\./, '')),
      onSuccess: onDone,
    },
  );
  return (
    <Paper withBorder p="sm">
      <form onSubmit={submit.onSubmit} noValidate aria-label="Add item credit">
        <Stack gap="xs">
          <Select
            label="Item"
            required
            searchable
            data={items.map((i) => ({ value: i.id, label: itemText(i.meterId, i.sku, items) }))}
            {...form.getInputProps('itemId')}
          />
          <Group align="flex-start" gap="sm" wrap="wrap">
            <TextInput
              label="Amount per period"
              description={`In the list's currency (${list.currency})`}
              inputMode="decimal"
              w={180}
              {...form.getInputProps('amount')}
            />
            <TextInput label="From period" type="month" w={170} {...form.getInputProps('fromPeriod')} />
            {!form.values.oneOff && (
              <TextInput
                label="To period"
                description="Empty: no end"
                type="month"
                w={170}
                {...form.getInputProps('toPeriod')}
              />
            )}
          </Group>
          <Checkbox
            label="One-off (the first period only)"
            {...form.getInputProps('oneOff', { type: 'checkbox' })}
          />
          <TextInput label="Description" required {...form.getInputProps('description')} />
          <FormError problem={submit.problem} />
          <Group>
            <Button type="submit" size="xs" loading={submit.pending}>
              Add
            </Button>
            <Button size="xs" variant="default" onClick={onDone}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function ItemCreditsBody({ list, me }: { list: PriceList; me: Me }) {
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  // The items of the version that rates now (else the newest): names, and what a credit can name.
  const versionId = list.activeVersion?.id ?? list.versions[0]?.id ?? null;
  const version = useQuery({
    queryKey: keys.detail('priceVersions', versionId ?? ''),
    queryFn: () => pricingApi.version(versionId!),
    enabled: versionId !== null,
  });
  const scope = { priceListId: list.id };
  const credits = useQuery({ queryKey: keys.list('credits', scope), queryFn: () => creditsApi.list(scope) });
  const items = version.data?.items ?? [];
  const refresh = () => void queryClient.invalidateQueries({ queryKey: keys.all('credits') });
  return (
    <Stack gap="xs" mt="sm">
      <Text size="sm" c="dimmed">
        An item credit offsets the lines of one meter (and SKU) of this list, across each tenant's
        subscriptions, in whichever version prices the period: new versions and price increases keep it. A
        clone of the list does not take it along.
      </Text>
      {can(me, 'credits.create') && !adding && items.length > 0 && (
        <Group>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() => setAdding(true)}
          >
            Add item credit
          </Button>
        </Group>
      )}
      {adding && <AddItemCredit list={list} items={items} onDone={() => setAdding(false)} />}
      <QueryState query={credits}>
        {(page) =>
          page.items.length === 0 ? (
            <Text size="sm">No item credits.</Text>
          ) : (
            <ScrollTable minWidth={560} label="Item credits">
              <Table aria-label="Item credits">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Item</Table.Th>
                    <Table.Th scope="col">Amount per period</Table.Th>
                    <Table.Th scope="col">Periods</Table.Th>
                    <Table.Th scope="col">Description</Table.Th>
                    {can(me, 'credits.delete') && <Table.Th scope="col">Actions</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((c: Credit) => (
                    <Table.Tr key={c.id}>
                      <Table.Td>{itemText(c.meterId ?? '', c.sku ?? '', items)}</Table.Td>
                      <Table.Td>
                        {c.amount} {c.currency}
                      </Table.Td>
                      <Table.Td>{periodsText(c)}</Table.Td>
                      <Table.Td>{c.description}</Table.Td>
                      {can(me, 'credits.delete') && (
                        <Table.Td>
                          <ConfirmButton
                            label="Delete"
                            size="xs"
                            title={`Delete the credit of ${c.amount} ${c.currency}?`}
                            message="Open periods are re-rated without it."
                            confirmLabel="Delete"
                            success="The credit was deleted."
                            onConfirm={() => creditsApi.remove(c.id)}
                            onDone={refresh}
                          />
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          )
        }
      </QueryState>
    </Stack>
  );
}

/** A price list's item credits (seed 002: credits are on items), folded until opened. */
export function ItemCredits({ list, me }: { list: PriceList; me: Me }) {
  const [open, setOpen] = useState(false);
  const bodyId = useId();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="item-credits">
      <Group justify="space-between">
        <Title order={2} size="h4" id="item-credits">
          Item credits
        </Title>
        <Button
          size="xs"
          variant="default"
          aria-expanded={open}
          aria-controls={bodyId}
          leftSection={
            open ? <IconChevronDown size={14} aria-hidden /> : <IconChevronRight size={14} aria-hidden />
          }
          onClick={() => setOpen((o) => !o)}
        >
          {open ? 'Hide item credits' : 'Show item credits'}
        </Button>
      </Group>
      <div id={bodyId} hidden={!open}>
        {open && <ItemCreditsBody list={list} me={me} />}
      </div>
    </Paper>
  );
}
