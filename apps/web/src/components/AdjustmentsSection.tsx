import { Button, Checkbox, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { type AdjustmentScope, creditsApi, discountsApi } from '../api/billing.ts';
import { keys } from '../api/keys.ts';
import type { Credit, Discount, Me } from '../api/types.ts';
import { can } from '../app/access.ts';
import { ConfirmButton } from './ConfirmButton.tsx';
import { FormError, orNull, useFormSubmit } from './forms.tsx';
import { ScrollTable } from './ScrollTable.tsx';
import { QueryState } from './states.tsx';

/**
 * Discounts and credits of a tenant or a subscription, for platform users (administrators add and
 * delete them). Closed until opened: the page's own requests stay within its budget, and these two
 * lists are asked for only when someone looks.
 */
export function AdjustmentsSection({ scope, me }: { scope: AdjustmentScope; me: Me }) {
  const [open, setOpen] = useState(false);
  const what = 'tenantId' in scope ? 'tenant' : 'subscription';
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="adjustments-title">
      <Group justify="space-between" mb={open ? 'sm' : 0}>
        <Title order={2} size="h4" id="adjustments-title">
          Discounts and credits
        </Title>
        <Button variant="default" size="xs" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
          {open ? 'Hide discounts and credits' : 'Show discounts and credits'}
        </Button>
      </Group>
      {open && (
        <Stack gap="lg">
          <Text size="sm" c="dimmed">
            {`The ${what} sees these only as lines of its rated usage. A subscription's discount replaces its tenant's; credits apply in the order item, subscription, tenant.`}
          </Text>
          <Discounts scope={scope} me={me} />
          <Credits scope={scope} me={me} />
        </Stack>
      )}
    </Paper>
  );
}

const periodText = (from: string | null, to: string | null) =>
  from === null && to === null ? 'Every period' : `${from ?? 'open'} to ${to ?? 'open'}`;

function Discounts({ scope, me }: { scope: AdjustmentScope; me: Me }) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: keys.list('discounts', scope),
    queryFn: () => discountsApi.list(scope),
  });
  const [adding, setAdding] = useState(false);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: keys.all('discounts') });
  return (
    <Stack gap="xs" component="section" aria-labelledby="discounts-title">
      <Group justify="space-between">
        <Title order={3} size="h5" id="discounts-title">
          Discounts
        </Title>
        {can(me, 'discounts.create') && !adding && (
          <Button
            size="xs"
            variant="default"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() => setAdding(true)}
          >
            Add discount
          </Button>
        )}
      </Group>
      {adding && <AddDiscount scope={scope} onDone={() => setAdding(false)} />}
      <QueryState query={query}>
        {(page) =>
          page.items.length === 0 ? (
            <Text size="sm">No discounts.</Text>
          ) : (
            <ScrollTable minWidth={560} label="Discounts">
              <Table aria-label="Discounts">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Percentage</Table.Th>
                    <Table.Th scope="col">Scope</Table.Th>
                    <Table.Th scope="col">Meters</Table.Th>
                    <Table.Th scope="col">Periods</Table.Th>
                    <Table.Th scope="col">Description</Table.Th>
                    {can(me, 'discounts.delete') && <Table.Th scope="col">Actions</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((d: Discount) => (
                    <Table.Tr key={d.id}>
                      <Table.Td>{d.percentage}%</Table.Td>
                      <Table.Td>{d.scope === 'tenant' ? 'Tenant' : 'Subscription'}</Table.Td>
                      <Table.Td>
                        {d.meterIds === null ? 'Every meter' : `${d.meterIds.length} meter(s)`}
                      </Table.Td>
                      <Table.Td>{periodText(d.fromPeriod, d.toPeriod)}</Table.Td>
                      <Table.Td>{d.description ?? '—'}</Table.Td>
                      {can(me, 'discounts.delete') && (
                        <Table.Td>
                          <ConfirmButton
                            label="Delete"
                            size="xs"
                            title={`Delete the ${d.percentage}% discount?`}
                            message="Open periods are re-rated without it."
                            confirmLabel="Delete"
                            success="The discount was deleted."
                            onConfirm={() => discountsApi.remove(d.id)}
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

interface DiscountValues {
  percentage: string;
  meterIds: string;
  fromPeriod: string;
  toPeriod: string;
  description: string;
}

function AddDiscount({ scope, onDone }: { scope: AdjustmentScope; onDone: () => void }) {
  const form = useForm<DiscountValues>({
    mode: 'controlled',
    initialValues: { percentage: '', meterIds: '', fromPeriod: '', toPeriod: '', description: '' },
    validate: {
      percentage: (v) => (/^\d+(\.\d{1,10})?$/.test(v.trim()) ? null : 'A percentage such as 10 or 12.5.'),
    },
  });
  const submit = useFormSubmit(
    form,
    (v: DiscountValues) => {
      const meters = v.meterIds
        .split(/[\s,]+/)
        .map((m) => m.trim())
        .filter(Boolean);
      return discountsApi.create({
        ...scope,
        percentage: v.percentage.trim(),
        meterIds: meters.length > 0 ? meters : null,
        fromPeriod: v.fromPeriod || null,
        toPeriod: v.toPeriod || null,
        description: orNull(v.description),
      });
    },
    {
      invalidate: [keys.all('discounts')],
      success: 'The discount was added.',
      onSuccess: onDone,
      // `body.meterIds.2` → the one meter field.
      rename: (field) => field.replace(/^body\./, '').replace(/^meterIds\.\d+$/, 'meterIds'),
    },
  );
  return (
    <Paper withBorder p="sm">
      <form onSubmit={submit.onSubmit} noValidate aria-label="Add discount">
        <Stack gap="xs">
          <Group align="flex-start" gap="sm" wrap="wrap">
            <TextInput label="Percentage" inputMode="decimal" w={120} {...form.getInputProps('percentage')} />
            <TextInput label="From period" type="month" w={170} {...form.getInputProps('fromPeriod')} />
            <TextInput label="To period" type="month" w={170} {...form.getInputProps('toPeriod')} />
          </Group>
          <TextInput
            label="Meters"
            description="Meter ids separated by commas; empty: every meter"
            {...form.getInputProps('meterIds')}
          />
          <TextInput label="Description" {...form.getInputProps('description')} />
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

function Credits({ scope, me }: { scope: AdjustmentScope; me: Me }) {
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: keys.list('credits', scope), queryFn: () => creditsApi.list(scope) });
  const [adding, setAdding] = useState(false);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: keys.all('credits') });
  return (
    <Stack gap="xs" component="section" aria-labelledby="credits-title">
      <Group justify="space-between">
        <Title order={3} size="h5" id="credits-title">
          Credits
        </Title>
        {can(me, 'credits.create') && !adding && (
          <Button
            size="xs"
            variant="default"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() => setAdding(true)}
          >
            Add credit
          </Button>
        )}
      </Group>
      {adding && <AddCredit scope={scope} onDone={() => setAdding(false)} />}
      <QueryState query={query}>
        {(page) =>
          page.items.length === 0 ? (
            <Text size="sm">No credits.</Text>
          ) : (
            <ScrollTable minWidth={560} label="Credits">
              <Table aria-label="Credits">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Amount per period</Table.Th>
                    <Table.Th scope="col">Scope</Table.Th>
                    <Table.Th scope="col">Periods</Table.Th>
                    <Table.Th scope="col">Description</Table.Th>
                    {can(me, 'credits.delete') && <Table.Th scope="col">Actions</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((c: Credit) => (
                    <Table.Tr key={c.id}>
                      <Table.Td>
                        {c.amount} {c.currency}
                      </Table.Td>
                      <Table.Td>
                        {c.scope === 'tenant'
                          ? 'Tenant'
                          : c.scope === 'subscription'
                            ? 'Subscription'
                            : 'Price item'}
                      </Table.Td>
                      <Table.Td>
                        {c.oneOff ? `${c.fromPeriod} (one-off)` : periodText(c.fromPeriod, c.toPeriod)}
                      </Table.Td>
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

interface CreditValues {
  amount: string;
  fromPeriod: string;
  toPeriod: string;
  oneOff: boolean;
  description: string;
}

function AddCredit({ scope, onDone }: { scope: AdjustmentScope; onDone: () => void }) {
  const form = useForm<CreditValues>({
    mode: 'controlled',
    initialValues: { amount: '', fromPeriod: '', toPeriod: '', oneOff: false, description: '' },
    validate: {
      amount: (v) => (/^\d+(\.\d{1,6})?$/.test(v.trim()) ? null : 'An amount such as 25 or 25.50.'),
      fromPeriod: (v) => (v ? null : 'Choose the first period.'),
      description: (v) => (v.trim() ? null : 'Enter the text the credit line shows.'),
    },
  });
  const submit = useFormSubmit(
    form,
    (v: CreditValues) =>
      creditsApi.create({
        ...scope,
        amount: v.amount.trim(),
        fromPeriod: v.fromPeriod,
        ...(v.oneOff ? { oneOff: true } : { toPeriod: v.toPeriod || null }),
        description: v.description.trim(),
      }),
    { invalidate: [keys.all('credits')], success: 'The credit was added.', onSuccess: onDone },
  );
  return (
    <Paper withBorder p="sm">
      <form onSubmit={submit.onSubmit} noValidate aria-label="Add credit">
        <Stack gap="xs">
          <Group align="flex-start" gap="sm" wrap="wrap">
            <TextInput
              label="Amount per period"
              description="In the tenant's currency"
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
