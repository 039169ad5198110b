import { minorUnits } from '@cms/billing';
import { Button, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { keys } from '../../api/keys.ts';
import { ratingApi } from '../../api/rating.ts';
import type { Me, Page, Subscription, TenantRatedLines } from '../../api/types.ts';
import { can } from '../../app/access.ts';
import { useLabels } from '../../app/labels.ts';
import { usePlatformMonth } from '../../app/me-context.ts';
import {
  CostToDateFigures,
  PeriodStatus,
  RatedLinesTable,
  RecalculateButton,
} from '../rating/RatingParts.tsx';
import {
  bySubscription,
  formatMoney,
  periodLabel,
  recentPeriods,
  sumAmounts,
} from '../rating/rating-logic.ts';
import { QueryState } from '../states.tsx';

/** Subscription names the page already fetched (its subscriptions list), so grouping asks for nothing more. */
function useKnownSubscriptionNames(): (id: string) => string | null {
  const queryClient = useQueryClient();
  const names = new Map<string, string>();
  for (const [, data] of queryClient.getQueriesData<Page<Subscription>>({
    queryKey: ['subscriptions', 'list'],
  }))
    for (const s of data?.items ?? []) names.set(s.id, s.name);
  return (id) => names.get(id) ?? null;
}

function TenantLines({ data }: { data: TenantRatedLines }) {
  const labels = useLabels();
  const nameOf = useKnownSubscriptionNames();
  const places = data.currency ? minorUnits(data.currency) : 2;
  return (
    <Stack gap="xs">
      <PeriodStatus status={data.status} ratedAt={data.ratedAt} count={data.lines.length} />
      {bySubscription(data.lines).map((g) => {
        const subtotal = sumAmounts(
          g.lines.map((l) => l.amount),
          places,
        );
        const name =
          g.subscriptionId === null
            ? `${labels.tenant.singular} credits`
            : (nameOf(g.subscriptionId) ?? g.subscriptionId);
        return (
          <details key={g.subscriptionId ?? 'tenant'}>
            <summary>
              <Text span size="sm" fw={600}>
                {name}
              </Text>{' '}
              <Text span size="sm" className="mono">
                {formatMoney(subtotal, data.currency)}
              </Text>{' '}
              <Text span size="sm" c="dimmed">
                ({g.lines.length} line{g.lines.length === 1 ? '' : 's'})
              </Text>
            </summary>
            <RatedLinesTable
              lines={g.lines}
              total={subtotal}
              currency={data.currency}
              label={`Rated lines of ${name}, ${periodLabel(data.period)}`}
              meterName={() => null}
            />
          </details>
        );
      })}
      {data.total !== null && data.lines.length > 0 && (
        <Text size="sm">
          Total{' '}
          <strong className="mono" data-testid="tenant-total">
            {formatMoney(data.total, data.currency)}
          </strong>
        </Text>
      )}
    </Stack>
  );
}

/** A period's rated lines per subscription, with a period picker (months of the Platform Time Zone). */
function TenantRatedUsage({ tenantId }: { tenantId: string }) {
  const month = usePlatformMonth();
  const [period, setPeriod] = useState(month);
  const lines = useQuery({
    queryKey: keys.rating('tenant', tenantId, 'lines', period),
    queryFn: () => ratingApi.tenantLines(tenantId, period),
  });
  return (
    <Stack>
      <Select
        label="Period"
        data={recentPeriods(month).map((p) => ({ value: p, label: periodLabel(p) }))}
        value={period}
        onChange={(v) => v && setPeriod(v)}
        allowDeselect={false}
        maw={240}
      />
      <QueryState query={lines}>{(data) => <TenantLines data={data} />}</QueryState>
    </Stack>
  );
}

/**
 * The tenant page's "Cost to date": month to date and the projected month end at once (one
 * request), then the rated lines per subscription, folded until asked for (the page's other
 * sections already spend most of its request budget).
 */
export function TenantCost({ tenantId, me }: { tenantId: string; me: Me }) {
  const [open, setOpen] = useState(false);
  const bodyId = useId();
  const cost = useQuery({
    queryKey: keys.rating('tenant', tenantId, 'cost-to-date'),
    queryFn: () => ratingApi.tenantCostToDate(tenantId),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="tenant-cost">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="tenant-cost">
          Cost to date
        </Title>
        {can(me, 'rating.recalculate') && <RecalculateButton tenantId={tenantId} />}
      </Group>
      <QueryState query={cost}>{(c) => <CostToDateFigures cost={c} />}</QueryState>
      <Group justify="space-between" mt="md">
        <Title order={3} size="h5">
          Rated usage by subscription
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
          {open ? 'Hide rated usage' : 'Show rated usage'}
        </Button>
      </Group>
      <div id={bodyId} hidden={!open}>
        {open && <TenantRatedUsage tenantId={tenantId} />}
      </div>
    </Paper>
  );
}
