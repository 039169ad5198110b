import { CURRENCY_CODES } from '@cms/billing';
import { Badge, Button, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { exchangeRatesApi } from '../../api/billing.ts';
import { keys } from '../../api/keys.ts';
import type { ExchangeRate } from '../../api/types.ts';
import { can } from '../../app/access.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { Timestamp } from '../../components/format.tsx';
import { FormError, useFormSubmit } from '../../components/forms.tsx';
import { ListView } from '../../components/ListView.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';

interface RateValues {
  currency: string;
  rate: string;
  date: string;
  time: string;
}

const initial = (): RateValues => ({ currency: '', rate: '', date: '', time: '00:00' });

/** Adds a rate: the instant is given in UTC (date and time), as the API stores it. */
function AddRate() {
  const form = useForm<RateValues>({
    mode: 'controlled',
    initialValues: initial(),
    validate: {
      currency: (v) => (v ? null : 'Choose a currency.'),
      rate: (v) =>
        /^(0|[1-9]\d{0,19})(\.\d{1,18})?$/.test(v.trim())
          ? null
          : 'A positive number, up to 18 decimal places.',
      date: (v) => (v ? null : 'Choose the day it takes effect.'),
    },
  });
  const submit = useFormSubmit(
    form,
    (v: RateValues) =>
      exchangeRatesApi.create({
        currency: v.currency as never,
        rate: v.rate.trim(),
        effectiveFrom: `${v.date}T${v.time || '00:00'}:00Z`,
      }),
    {
      invalidate: [keys.all('exchangeRates')],
      success: (r) => `1 ${r.baseCurrency} = ${r.rate} ${r.currency} from ${r.effectiveFrom}.`,
      onSuccess: () => form.reset(),
      // The instant is two fields here.
      rename: (field) => (field === 'body.effectiveFrom' ? 'date' : field.replace(/^body\./, '')),
    },
  );
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="add-rate" mb="lg">
      <Title order={2} size="h4" id="add-rate" mb="sm">
        Add a rate
      </Title>
      <form onSubmit={submit.onSubmit} noValidate>
        <Stack gap="sm">
          <Group align="flex-start" gap="sm" wrap="wrap">
            <Select
              label="Currency"
              searchable
              data={[...CURRENCY_CODES]}
              w={140}
              {...form.getInputProps('currency')}
            />
            <TextInput
              label="Rate"
              description="Units of it per 1 platform-currency unit"
              inputMode="decimal"
              w={260}
              {...form.getInputProps('rate')}
            />
            <TextInput label="Effective from (UTC)" type="date" w={170} {...form.getInputProps('date')} />
            <TextInput label="Time (UTC)" type="time" w={120} {...form.getInputProps('time')} />
          </Group>
          <FormError problem={submit.problem} />
          <Group>
            <Button type="submit" loading={submit.pending}>
              Add rate
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** Administration → Exchange Rates: rates against the platform currency, from an instant. */
export default function ExchangeRatesPage() {
  const me = useCurrentMe();
  const queryClient = useQueryClient();
  const [currency, setCurrency] = useState<string | null>(null);
  const canDelete = can(me, 'exchangeRates.delete');
  return (
    <>
      <PageHeader
        title="Exchange Rates"
        description="Open periods are rated with, per currency, the latest rate in effect at the end of the period."
      />
      {can(me, 'exchangeRates.create') && <AddRate />}
      <ListView<ExchangeRate>
        label="Exchange rates"
        queryKey={(p) => keys.list('exchangeRates', { ...p, currency })}
        fetchPage={(p) => exchangeRatesApi.list({ ...p, ...(currency ? { currency } : {}) })}
        filterKey={{ currency }}
        rowKey={(r) => r.id}
        defaultSort="-effectiveFrom"
        emptyTitle="No exchange rates yet"
        filters={
          <Select
            label="Currency"
            placeholder="Every currency"
            clearable
            searchable
            data={[...CURRENCY_CODES]}
            value={currency}
            onChange={setCurrency}
            w={180}
          />
        }
        columns={[
          { key: 'currency', header: 'Currency', render: (r) => r.currency },
          {
            key: 'rate',
            header: 'Rate',
            render: (r) => (
              <Text size="sm" className="mono">
                1 {r.baseCurrency} = {r.rate} {r.currency}
              </Text>
            ),
          },
          {
            key: 'effectiveFrom',
            header: 'Effective from',
            sortField: 'effectiveFrom',
            render: (r) => <Timestamp value={r.effectiveFrom} />,
          },
          {
            key: 'state',
            header: 'State',
            render: (r) => (
              <Badge variant="dot" color={r.effective ? 'green' : 'gray'}>
                {r.effective ? 'In effect' : 'Scheduled'}
              </Badge>
            ),
          },
          ...(canDelete
            ? [
                {
                  key: 'actions',
                  header: 'Actions',
                  render: (r: ExchangeRate) => (
                    <ConfirmButton
                      label="Delete"
                      size="xs"
                      title={`Delete the ${r.currency} rate of ${r.effectiveFrom}?`}
                      message="Open periods are re-rated with the rates that remain. Refused once an invoice was issued while it was in effect."
                      confirmLabel="Delete"
                      success={`The ${r.currency} rate was deleted.`}
                      onConfirm={() => exchangeRatesApi.remove(r.id)}
                      onDone={() =>
                        void queryClient.invalidateQueries({ queryKey: keys.all('exchangeRates') })
                      }
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
    </>
  );
}
