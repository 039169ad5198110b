import { ActionIcon, Badge, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { api } from '../../api/client.ts';
import { call } from '../../api/errors.ts';
import { pricingApi } from '../../api/pricing.ts';
import type { Estimate, PriceListSummary } from '../../api/types.ts';
import { RemoteSelect } from '../../components/RemoteSelect.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { formatQuantity } from '../../components/usage/quantity.ts';
import { scopeText } from '../pricing/pricing-parts.tsx';

/** One quantity the estimator or calculator prices: a meter (and SKU) in the meter's own unit. */
export interface QuantityValues {
  meterId: string | null;
  sku: string;
  quantity: string;
}

export const emptyQuantity = (): QuantityValues => ({ meterId: null, sku: '', quantity: '' });

const listOption = (
  list: Pick<PriceListSummary, 'id' | 'displayName' | 'currency'> & Parameters<typeof scopeText>[0],
) => ({
  value: list.id,
  label: `${list.displayName} — ${scopeText(list)} (${list.currency})`,
});

/** A searchable select of the price lists the caller may see, by name, scope and currency. */
export function PriceListSelect({
  value,
  onChange,
  ...props
}: {
  value: string | null;
  onChange: (id: string | null) => void;
  label: string;
  description?: string;
  required?: boolean;
  clearable?: boolean;
  error?: ReactNode;
}) {
  return (
    <RemoteSelect
      {...props}
      lazy
      cacheKey={['price-lists', 'options']}
      value={value}
      onChange={onChange}
      search={async (q) =>
        (await pricingApi.list({ limit: 20, sort: 'displayName', ...(q ? { q } : {}) })).items.map(listOption)
      }
      lookup={async (id) => listOption(await pricingApi.get(id))}
    />
  );
}

/** The rows as the API takes them (empty rows left out). */
export function quantitiesBody(rows: QuantityValues[]) {
  return rows
    .filter((r) => r.meterId !== null || r.quantity.trim() !== '')
    .map((r) => ({
      meterId: r.meterId ?? '',
      quantity: r.quantity.trim(),
      ...(r.sku.trim() ? { sku: r.sku.trim() } : {}),
    }));
}

const searchMeters = async (q: string) => {
  const page = await call(
    api.GET('/api/v1/meters', { params: { query: { limit: 50, sort: 'name', ...(q ? { q } : {}) } } }),
  );
  return page.items
    .filter((m) => !m.informational)
    .map((m) => ({ value: m.meterId, label: `${m.name} (${m.unit})` }));
};

/** The quantity rows of a form: meter, SKU, quantity; add and remove rows. */
export function QuantityRows({
  rows,
  onChange,
  errors,
}: {
  rows: QuantityValues[];
  onChange: (rows: QuantityValues[]) => void;
  errors: Record<string, unknown>;
}) {
  const set = (i: number, patch: Partial<QuantityValues>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const error = (i: number, field: string) => {
    const e = errors[`quantities.${i}.${field}`];
    return typeof e === 'string' ? e : undefined;
  };
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        Quantities
      </Title>
      <Text size="sm" c="dimmed">
        In each meter's own unit (hours, GB…), for the whole period.
      </Text>
      {rows.map((row, i) => (
        // Rows have no id of their own: their position is what the API's field errors name.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <Group key={i} align="flex-end" gap="xs" wrap="wrap" data-row={i}>
          <RemoteSelect
            label={`Meter ${i + 1}`}
            cacheKey={['meters', 'options']}
            value={row.meterId}
            onChange={(meterId) => set(i, { meterId })}
            search={searchMeters}
            lookup={async (id) => ({ value: id, label: id })}
            error={error(i, 'meterId')}
            style={{ flex: '2 1 220px' }}
          />
          <TextInput
            label={`SKU ${i + 1}`}
            description="Optional"
            value={row.sku}
            onChange={(e) => set(i, { sku: e.currentTarget.value })}
            error={error(i, 'sku')}
            style={{ flex: '1 1 120px' }}
          />
          <TextInput
            label={`Quantity ${i + 1}`}
            inputMode="decimal"
            value={row.quantity}
            onChange={(e) => set(i, { quantity: e.currentTarget.value })}
            error={error(i, 'quantity')}
            style={{ flex: '1 1 120px' }}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            size="lg"
            aria-label={`Remove quantity ${i + 1}`}
            disabled={rows.length === 1}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            ×
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button variant="default" size="xs" onClick={() => onChange([...rows, emptyQuantity()])}>
          Add a quantity
        </Button>
      </Group>
    </Stack>
  );
}

const KIND_LABEL: Record<Estimate['lines'][number]['kind'], string> = {
  usage: 'Usage',
  discount: 'Discount',
  item_credit: 'Item credit',
  subscription_credit: 'Subscription credit',
  tenant_credit: 'Tenant credit',
};

/** An estimate as an invoice would print it: lines, subtotal, each tax, total. */
export function EstimateBreakdown({ estimate, title }: { estimate: Estimate; title: string }) {
  if (estimate.status === 'missing_exchange_rate') {
    return (
      <Paper withBorder p="md" role="status">
        <Text>
          No exchange rate for {estimate.missingCurrency}: nothing can be priced in {estimate.currency} until
          a platform administrator sets one.
        </Text>
      </Paper>
    );
  }
  const c = estimate.currency;
  return (
    <Stack gap="xs" aria-live="polite">
      <Title order={2} size="h4">
        {title}
      </Title>
      <Text size="sm" c="dimmed">
        Period {estimate.period}, in {c}. Every line is rounded as on an invoice.
      </Text>
      <ScrollTable minWidth={640} label={title}>
        <Table striped aria-label={title}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Line</Table.Th>
              <Table.Th>Meter</Table.Th>
              <Table.Th ta="right">Quantity</Table.Th>
              <Table.Th ta="right">Rate</Table.Th>
              <Table.Th ta="right">Amount ({c})</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {estimate.lines.map((line, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional, as printed
              <Table.Tr key={i} data-kind={line.kind}>
                <Table.Td>
                  {KIND_LABEL[line.kind]}
                  {line.unpriced && (
                    <Badge color="orange" variant="light" size="sm" ml="xs">
                      Unpriced
                    </Badge>
                  )}
                  {line.description && (
                    <Text size="xs" c="dimmed">
                      {line.description}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td className="mono">
                  {line.meterId ?? ''}
                  {line.sku ? ` · ${line.sku}` : ''}
                </Table.Td>
                <Table.Td ta="right">
                  {line.quantity === null ? '' : formatQuantity(line.quantity)}
                  {line.priceUnit === 'month' ? ' months' : ''}
                </Table.Td>
                <Table.Td ta="right">
                  {line.rate !== null
                    ? formatQuantity(line.rate)
                    : line.slices
                      ? `${line.tierMode === 'volume' ? 'Volume' : 'Graduated'} tiers (${line.slices.length})`
                      : ''}
                </Table.Td>
                <Table.Td ta="right">{formatQuantity(line.amount)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th colSpan={4}>Subtotal</Table.Th>
              <Table.Th ta="right" data-total="subtotal">
                {formatQuantity(estimate.subtotal)}
              </Table.Th>
            </Table.Tr>
            {estimate.taxes.map((tax) => (
              <Table.Tr key={tax.name}>
                <Table.Th colSpan={4} fw={400}>
                  {tax.name} ({tax.percentage} %)
                </Table.Th>
                <Table.Th ta="right" fw={400}>
                  {formatQuantity(tax.amount)}
                </Table.Th>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Th colSpan={4}>Total</Table.Th>
              <Table.Th ta="right" data-total="total">
                {formatQuantity(estimate.total)} {c}
              </Table.Th>
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </ScrollTable>
    </Stack>
  );
}
