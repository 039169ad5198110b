import { Button, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { pricingToolsApi } from '../../api/pricing-tools.ts';
import { subscriptionsApi } from '../../api/subscriptions.ts';
import type { Estimate } from '../../api/types.ts';
import { lower, useLabels } from '../../app/labels.ts';
import { useCurrentMe, usePlatformMonth } from '../../app/me-context.ts';
import { FormError, useFormSubmit } from '../../components/forms.tsx';
import { OrganisationSelect } from '../../components/orgs.tsx';
import { RemoteSelect } from '../../components/RemoteSelect.tsx';
import {
  EstimateBreakdown,
  emptyQuantity,
  PriceListSelect,
  QuantityRows,
  type QuantityValues,
  quantitiesBody,
} from './pricing-parts.tsx';

interface Values {
  subject: 'tenant' | 'subscription';
  tenantId: string | null;
  subscriptionId: string | null;
  period: string;
  priceListId: string | null;
  quantities: QuantityValues[];
}

/**
 * The estimator (platform users, any tenant, optionally one price list) and the calculator (every
 * level the Calculator Settings allow, its own tenants and subscriptions, the prices that apply):
 * the same form and the same engine; one request per run.
 */
export function QuantityPricingForm({ mode }: { mode: 'estimate' | 'calculate' }) {
  const labels = useLabels();
  const me = useCurrentMe();
  const ownTenant = me.organisation.kind === 'tenant';
  const month = usePlatformMonth();
  const [result, setResult] = useState<Estimate | null>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      subject: ownTenant ? 'tenant' : 'subscription',
      tenantId: ownTenant ? me.organisation.id : null,
      subscriptionId: null,
      period: month,
      priceListId: null,
      quantities: [emptyQuantity()],
    },
    validate: {
      tenantId: (v, all) =>
        all.subject === 'tenant' && !v ? `Select the ${lower(labels.tenant.singular)}.` : null,
      subscriptionId: (v, all) =>
        all.subject === 'subscription' && !v ? `Select the ${lower(labels.subscription.singular)}.` : null,
      period: (v) => (/^\d{4}-(0[1-9]|1[0-2])$/.test(v) ? null : 'A month written YYYY-MM.'),
    },
  });
  const submit = useFormSubmit(
    form,
    (v: Values) => {
      const subject =
        v.subject === 'tenant' ? { tenantId: v.tenantId ?? '' } : { subscriptionId: v.subscriptionId ?? '' };
      const base = { ...subject, period: v.period, quantities: quantitiesBody(v.quantities) };
      return mode === 'estimate'
        ? pricingToolsApi.estimate({
            ...base,
            ...(v.priceListId ? { priceListId: v.priceListId } : {}),
          })
        : pricingToolsApi.calculate(base);
    },
    { onSuccess: setResult },
  );
  const v = form.values;
  return (
    <Stack gap="lg">
      <form onSubmit={submit.onSubmit} noValidate>
        <Stack maw={900}>
          <SegmentedControl
            aria-label="Price for"
            value={v.subject}
            onChange={(s) => form.setFieldValue('subject', s as Values['subject'])}
            data={[
              { value: 'subscription', label: labels.subscription.singular },
              {
                value: 'tenant',
                label: ownTenant ? `My ${lower(labels.tenant.singular)}` : labels.tenant.singular,
              },
            ]}
          />
          {v.subject === 'tenant' && !ownTenant && (
            <OrganisationSelect
              kind="tenant"
              label={labels.tenant.singular}
              required
              value={v.tenantId}
              onChange={(id) => form.setFieldValue('tenantId', id)}
              error={form.errors.tenantId}
            />
          )}
          {v.subject === 'subscription' && (
            <RemoteSelect
              label={labels.subscription.singular}
              required
              cacheKey={['subscriptions', 'options']}
              value={v.subscriptionId}
              onChange={(id) => form.setFieldValue('subscriptionId', id)}
              search={async (q) =>
                (await subscriptionsApi.list({ limit: 20, sort: 'name', ...(q ? { q } : {}) })).items.map(
                  (s) => ({
                    value: s.id,
                    label: s.name,
                  }),
                )
              }
              lookup={async (id) => {
                const s = await subscriptionsApi.get(id);
                return { value: s.id, label: s.name };
              }}
              error={form.errors.subscriptionId}
            />
          )}
          <Group grow align="flex-start" wrap="wrap">
            <TextInput
              label="Period"
              description="The month priced (YYYY-MM)"
              type="month"
              required
              {...form.getInputProps('period')}
            />
            {mode === 'estimate' && (
              <PriceListSelect
                label="Price list"
                description="Optional: price with this list only; empty prices with the lists that apply"
                clearable
                value={v.priceListId}
                onChange={(id) => form.setFieldValue('priceListId', id)}
                error={form.errors.priceListId}
              />
            )}
          </Group>
          <QuantityRows
            rows={v.quantities}
            onChange={(rows) => form.setFieldValue('quantities', rows)}
            errors={form.errors}
          />
          <FormError problem={submit.problem} />
          <Group>
            <Button type="submit" loading={submit.pending}>
              {mode === 'estimate' ? 'Run estimate' : 'Calculate'}
            </Button>
          </Group>
          {mode === 'calculate' && (
            <Text size="sm" c="dimmed">
              Priced with the prices that apply to your own {lower(labels.subscription.plural)}, with tax.
            </Text>
          )}
        </Stack>
      </form>
      {result && (
        <EstimateBreakdown
          estimate={result}
          title={mode === 'estimate' ? 'Estimated cost' : 'Calculated cost'}
        />
      )}
    </Stack>
  );
}
