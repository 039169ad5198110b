import { Alert, Button, Checkbox, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { pricingToolsApi } from '../../api/pricing-tools.ts';
import { regionsApi } from '../../api/regions.ts';
import type { Body, PriceIncreaseApplied, PriceIncreaseModel } from '../../api/types.ts';
import { access } from '../../app/access.ts';
import { useLabels } from '../../app/labels.ts';
import { useCurrentMe, usePlatformMonth } from '../../app/me-context.ts';
import { FormError, useFormSubmit } from '../../components/forms.tsx';
import { OrganisationSelect } from '../../components/orgs.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RemoteSelect } from '../../components/RemoteSelect.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { formatQuantity } from '../../components/usage/quantity.ts';
import { PriceListSelect } from './pricing-parts.tsx';

type Scope = Body<'priceIncreases.model'>['scope'];

interface Values {
  scope: Scope;
  priceListId: string | null;
  regionId: string | null;
  tenantId: string | null;
  increaseType: 'percentage' | 'fixed';
  amount: string;
  period: string;
  effectiveFrom: string;
  activate: boolean;
}

/** The scope fields of a request (only the one the scope names). */
function scopeBody(v: Values) {
  return {
    scope: v.scope,
    ...(v.scope === 'priceList' ? { priceListId: v.priceListId ?? '' } : {}),
    ...(v.scope === 'region' ? { regionId: v.regionId ?? '' } : {}),
    ...(v.scope === 'tenant' ? { tenantId: v.tenantId ?? '' } : {}),
    increaseType: v.increaseType,
    amount: v.amount.trim(),
  };
}

function ModelTables({ model }: { model: PriceIncreaseModel }) {
  return (
    <Stack gap="md" aria-live="polite">
      <Title order={2} size="h4">
        Model for {model.period}
      </Title>
      <Text size="sm" c="dimmed">
        {model.increaseType === 'percentage' ? `${model.amount} %` : `${model.amount} per unit`} on{' '}
        {model.lists.map((l) => `${l.displayName} (version ${l.sourceVersion}, ${l.items} items)`).join(', ')}
        . The period's real usage, rated twice by the rating engine.
      </Text>
      <ScrollTable minWidth={640} label="Totals">
        <Table striped aria-label="Totals per currency">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Currency</Table.Th>
              <Table.Th ta="right">Old usage</Table.Th>
              <Table.Th ta="right">New usage</Table.Th>
              <Table.Th ta="right">Old subtotal</Table.Th>
              <Table.Th ta="right">New subtotal</Table.Th>
              <Table.Th ta="right">Difference</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {model.totals.map((t) => (
              <Table.Tr key={t.currency} data-currency={t.currency}>
                <Table.Td>{t.currency}</Table.Td>
                <Table.Td ta="right">{formatQuantity(t.oldUsage)}</Table.Td>
                <Table.Td ta="right">{formatQuantity(t.newUsage)}</Table.Td>
                <Table.Td ta="right">{formatQuantity(t.oldSubtotal)}</Table.Td>
                <Table.Td ta="right">{formatQuantity(t.newSubtotal)}</Table.Td>
                <Table.Td ta="right">{formatQuantity(t.difference)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <Title order={3} size="h5">
        Per meter
      </Title>
      <ScrollTable minWidth={640} label="Per meter">
        <Table striped aria-label="Old versus new cost per meter">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Meter</Table.Th>
              <Table.Th ta="right">Quantity</Table.Th>
              <Table.Th ta="right">Old</Table.Th>
              <Table.Th ta="right">New</Table.Th>
              <Table.Th ta="right">Difference</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {model.meters.map((m) => (
              <Table.Tr key={`${m.currency}|${m.meterId}|${m.sku ?? ''}`}>
                <Table.Td className="mono">
                  {m.meterId}
                  {m.sku ? ` · ${m.sku}` : ''}
                </Table.Td>
                <Table.Td ta="right">{formatQuantity(m.quantity)}</Table.Td>
                <Table.Td ta="right">
                  {formatQuantity(m.oldAmount)} {m.currency}
                </Table.Td>
                <Table.Td ta="right">
                  {formatQuantity(m.newAmount)} {m.currency}
                </Table.Td>
                <Table.Td ta="right">{formatQuantity(m.difference)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <Title order={3} size="h5">
        Per tenant
      </Title>
      <ScrollTable minWidth={640} label="Per tenant">
        <Table striped aria-label="Old versus new cost per tenant">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Tenant</Table.Th>
              <Table.Th ta="right">Old subtotal</Table.Th>
              <Table.Th ta="right">New subtotal</Table.Th>
              <Table.Th ta="right">Difference</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {model.tenants.map((t) => (
              <Table.Tr key={t.tenantId}>
                <Table.Td>
                  {t.name}
                  {t.status === 'missing_exchange_rate' && (
                    <Text size="xs" c="orange.8">
                      No exchange rate: not rated
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right">
                  {formatQuantity(t.oldSubtotal)} {t.currency}
                </Table.Td>
                <Table.Td ta="right">
                  {formatQuantity(t.newSubtotal)} {t.currency}
                </Table.Td>
                <Table.Td ta="right">{formatQuantity(t.difference)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </Stack>
  );
}

/**
 * Administration → Pricing Tools → Price Increase (seed 002): scope, percentage or fixed amount,
 * Run Model on a period's real usage, then Apply as a new version from a month.
 */
export default function PriceIncreasePage() {
  const labels = useLabels();
  const me = useCurrentMe();
  const month = usePlatformMonth();
  const canApply = access.priceIncreaseApply(me);
  const [model, setModel] = useState<PriceIncreaseModel | null>(null);
  const [applied, setApplied] = useState<PriceIncreaseApplied | null>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      scope: 'region',
      priceListId: null,
      regionId: null,
      tenantId: null,
      increaseType: 'percentage',
      amount: '',
      period: month,
      effectiveFrom: month,
      activate: true,
    },
    validate: {
      amount: (v) => (/^-?\d+(\.\d+)?$/.test(v.trim()) ? null : 'Enter a number, e.g. 5 or 0.25.'),
      period: (v) => (/^\d{4}-(0[1-9]|1[0-2])$/.test(v) ? null : 'A month written YYYY-MM.'),
    },
    onValuesChange: () => setApplied(null),
  });
  const run = useFormSubmit(
    form,
    (v: Values) => pricingToolsApi.model({ ...scopeBody(v), period: v.period }),
    {
      onSuccess: setModel,
    },
  );
  const apply = useFormSubmit(
    form,
    (v: Values) =>
      pricingToolsApi.apply({ ...scopeBody(v), effectiveFrom: v.effectiveFrom, activate: v.activate }),
    {
      success: (r) => `${r.versions.length} new price list version(s) from ${form.values.effectiveFrom}.`,
      onSuccess: setApplied,
    },
  );
  const v = form.values;
  return (
    <>
      <PageHeader
        title="Price Increase"
        description="Raise prices by a percentage or a fixed amount per unit; run the model on a period's real usage before you apply it."
      />
      <Stack gap="lg">
        <form onSubmit={run.onSubmit} noValidate>
          <Stack maw={900}>
            <Select
              label="Scope"
              allowDeselect={false}
              data={[
                { value: 'region', label: 'A region’s price list' },
                { value: 'allRegionLists', label: 'Every region price list' },
                { value: 'tenant', label: `A ${labels.tenant.singular.toLowerCase()}’s price list` },
                { value: 'priceList', label: 'One price list' },
              ]}
              {...form.getInputProps('scope')}
            />
            {v.scope === 'region' && (
              <RemoteSelect
                label="Region"
                required
                cacheKey={['regions', 'options']}
                value={v.regionId}
                onChange={(id) => form.setFieldValue('regionId', id)}
                search={async (q) =>
                  (await regionsApi.list({ limit: 20, sort: 'name', ...(q ? { q } : {}) })).items.map(
                    (r) => ({
                      value: r.id,
                      label: r.name,
                    }),
                  )
                }
                lookup={async (id) => {
                  const r = await regionsApi.get(id);
                  return { value: r.id, label: r.name };
                }}
                error={form.errors.regionId}
              />
            )}
            {v.scope === 'tenant' && (
              <OrganisationSelect
                kind="tenant"
                label={labels.tenant.singular}
                required
                value={v.tenantId}
                onChange={(id) => form.setFieldValue('tenantId', id)}
                error={form.errors.tenantId}
              />
            )}
            {v.scope === 'priceList' && (
              <PriceListSelect
                label="Price list"
                required
                value={v.priceListId}
                onChange={(id) => form.setFieldValue('priceListId', id)}
                error={form.errors.priceListId}
              />
            )}
            <Group grow align="flex-start" wrap="wrap">
              <Select
                label="Increase type"
                allowDeselect={false}
                data={[
                  { value: 'percentage', label: 'Percentage' },
                  { value: 'fixed', label: 'Fixed amount per unit' },
                ]}
                {...form.getInputProps('increaseType')}
              />
              <TextInput
                label="Increase amount"
                description={
                  v.increaseType === 'percentage' ? 'Percent, e.g. 5' : 'In the list currency, per unit'
                }
                inputMode="decimal"
                required
                {...form.getInputProps('amount')}
              />
              <TextInput
                label="Model period"
                description="Whose real usage is rated (YYYY-MM)"
                type="month"
                required
                {...form.getInputProps('period')}
              />
            </Group>
            <FormError problem={run.problem} />
            <Group>
              <Button type="submit" loading={run.pending}>
                Run Model
              </Button>
            </Group>
          </Stack>
        </form>
        {model && <ModelTables model={model} />}
        {canApply && (
          <form onSubmit={apply.onSubmit} noValidate>
            <Stack maw={900}>
              <Title order={2} size="h4">
                Apply
              </Title>
              <Group grow align="flex-end" wrap="wrap">
                <TextInput
                  label="Effective from"
                  description="Not before the current month"
                  type="month"
                  required
                  {...form.getInputProps('effectiveFrom')}
                />
                <Checkbox
                  label="Activate at once (otherwise a draft version)"
                  {...form.getInputProps('activate', { type: 'checkbox' })}
                />
              </Group>
              <FormError problem={apply.problem} />
              <Group>
                <Button type="submit" color="orange" loading={apply.pending} disabled={model === null}>
                  Apply
                </Button>
                {model === null && (
                  <Text size="sm" c="dimmed">
                    Run the model first.
                  </Text>
                )}
              </Group>
              {applied && (
                <Alert color="green" title="Applied" role="status">
                  {applied.versions
                    .map((ver) => `Version ${ver.version} (${ver.state}) from ${ver.effectiveFrom}`)
                    .join('; ')}
                </Alert>
              )}
            </Stack>
          </form>
        )}
      </Stack>
    </>
  );
}
