import { Button, Group, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { keys } from '../../api/keys.ts';
import { ratingApi } from '../../api/rating.ts';
import type { DailyCost, Me, Subscription, SubscriptionUsage } from '../../api/types.ts';
import { can } from '../../app/access.ts';
import { usePlatformMonth } from '../../app/me-context.ts';
import {
  CostToDateFigures,
  PeriodStatus,
  RatedLinesTable,
  TAX_NOTE,
} from '../../components/rating/RatingParts.tsx';
import { periodLabel, recentPeriods } from '../../components/rating/rating-logic.ts';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { QueryState } from '../../components/states.tsx';
import { formatQuantity } from '../../components/usage/quantity.ts';
import { UsageChart } from '../../components/usage/UsageChart.tsx';

/** "Cost to date": month to date and the projected month end of this subscription. */
export function SubscriptionCostToDate({ sub }: { sub: Subscription }) {
  const query = useQuery({
    queryKey: keys.rating('subscription', sub.id, 'cost-to-date'),
    queryFn: () => ratingApi.subscriptionCostToDate(sub.id),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="subscription-cost">
      <Title order={2} size="h4" mb="sm" id="subscription-cost">
        Cost to date
      </Title>
      <QueryState query={query}>{(cost) => <CostToDateFigures cost={cost} />}</QueryState>
    </Paper>
  );
}

/** The period's cost per local day: an allocation of its lines for the chart, not money of record. */
function DailyAllocation({ daily }: { daily: DailyCost }) {
  if (daily.currency === null) return <Text size="sm">No daily cost: the period is not rated yet.</Text>;
  const points = daily.days.map((d) => ({ day: d.day, value: d.amount ?? '0' }));
  const label = `Daily cost allocation, ${periodLabel(daily.period)}`;
  return (
    <Stack gap="xs">
      <UsageChart points={points} label={label} unit={daily.currency} />
      <Text size="xs" c="dimmed">
        An allocation of the period's lines over its days by quantity, for the chart; the lines above are the
        money of record.
      </Text>
      <details>
        <summary>
          <Text component="span" size="sm">
            The allocation as a table
          </Text>
        </summary>
        <ScrollTable minWidth={260} label={label}>
          <Table aria-label={label}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Day</Table.Th>
                <Table.Th scope="col" ta="right">
                  Allocated amount ({daily.currency})
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {daily.days.map((d) => (
                <Table.Tr key={d.day}>
                  <Table.Td>{d.day}</Table.Td>
                  <Table.Td ta="right" className="mono">
                    {d.amount === null ? '—' : formatQuantity(d.amount)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </details>
    </Stack>
  );
}

function RatedPeriod({ sub, me, period }: { sub: Subscription; me: Me; period: string }) {
  const lines = useQuery({
    queryKey: keys.rating('subscription', sub.id, 'lines', period),
    queryFn: () => ratingApi.subscriptionLines(sub.id, period),
  });
  const daily = useQuery({
    queryKey: keys.rating('subscription', sub.id, 'daily', period),
    queryFn: () => ratingApi.subscriptionDailyCost(sub.id, period),
    enabled: can(me, 'subscriptions.dailyCost'),
  });
  // Meter names come from the usage section's figures when it already has them (no extra request);
  // otherwise the meter id is shown.
  const usage = useQuery<SubscriptionUsage>({
    queryKey: [...keys.detail('subscriptions', sub.id), 'usage', {}],
    enabled: false,
  });
  const meters = new Map(
    (usage.data?.items ?? []).map((i) => [i.meterId, { name: i.meterName, unit: i.unit }]),
  );
  return (
    <Stack>
      <QueryState query={lines}>
        {(data) => (
          <Stack gap="xs">
            <PeriodStatus status={data.status} ratedAt={data.ratedAt} count={data.lines.length} />
            {data.lines.length > 0 && (
              <RatedLinesTable
                lines={data.lines}
                total={data.total}
                currency={data.currency}
                label={`Rated lines, ${periodLabel(data.period)}`}
                meterName={(id) => meters.get(id) ?? null}
              />
            )}
            <Text size="sm" c="dimmed">
              Quantities are in each line's price unit. {TAX_NOTE}
            </Text>
          </Stack>
        )}
      </QueryState>
      {can(me, 'subscriptions.dailyCost') && (
        <Stack gap="xs">
          <Title order={3} size="h5">
            Daily cost (allocation)
          </Title>
          <QueryState query={daily}>{(d) => <DailyAllocation daily={d} />}</QueryState>
        </Stack>
      )}
    </Stack>
  );
}

/**
 * "Rated usage": a period's printed lines and their daily allocation. Folded until asked for, so
 * opening the subscription page stays within its request budget (the lines and the allocation are
 * two more requests).
 */
export function SubscriptionRatedUsage({ sub, me }: { sub: Subscription; me: Me }) {
  const [open, setOpen] = useState(false);
  const month = usePlatformMonth();
  const [period, setPeriod] = useState(month);
  const bodyId = useId();
  const periods = recentPeriods(month);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="subscription-rated">
      <Group justify="space-between">
        <Title order={2} size="h4" id="subscription-rated">
          Rated usage
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
        {open && (
          <Stack mt="sm">
            <Select
              label="Period"
              data={periods.map((p) => ({ value: p, label: periodLabel(p) }))}
              value={period}
              onChange={(v) => v && setPeriod(v)}
              allowDeselect={false}
              maw={240}
            />
            <RatedPeriod sub={sub} me={me} period={period} />
          </Stack>
        )}
      </div>
    </Paper>
  );
}
