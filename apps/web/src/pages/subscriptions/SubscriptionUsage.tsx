import { sumDecimals, toDecimalString } from '@cms/billing';
import { Badge, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { keys } from '../../api/keys.ts';
import { subscriptionsApi } from '../../api/subscriptions.ts';
import type { Me, Subscription, SubscriptionUsage as Usage, UsageItem } from '../../api/types.ts';
import { can } from '../../app/access.ts';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { QueryState } from '../../components/states.tsx';
import { formatQuantity } from '../../components/usage/quantity.ts';
import { UpdateUsageButton } from '../../components/usage/UpdateUsageButton.tsx';
import { type ChartPoint, UsageChart } from '../../components/usage/UsageChart.tsx';

const seriesKey = (item: Pick<UsageItem, 'meterId' | 'sku'>) => `${item.meterId}|${item.sku ?? ''}`;

export function meterLabel(item: Pick<UsageItem, 'meterId' | 'meterName' | 'sku'>) {
  return `${item.meterName ?? `Unknown meter ${item.meterId}`}${item.sku ? ` (${item.sku})` : ''}`;
}

/** Every local day of the range, from and to included (YYYY-MM-DD, calendar arithmetic in UTC). */
function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

function Flags({ item }: { item: UsageItem }) {
  return (
    <Group gap={4}>
      {item.unknownMeter && (
        <Badge color="orange" variant="dot" size="md">
          Unknown meter
        </Badge>
      )}
      {item.informational && (
        <Badge color="gray" variant="dot" size="md">
          Informational
        </Badge>
      )}
    </Group>
  );
}

/**
 * Per meter/SKU over the range, summed from the per-day items with exact decimals (one request
 * serves the chart and this table; the server's groupBy=meter answers the same sums).
 */
export function byMeter(items: UsageItem[]): UsageItem[] {
  const groups = new Map<string, UsageItem[]>();
  for (const item of items) groups.set(seriesKey(item), [...(groups.get(seriesKey(item)) ?? []), item]);
  return [...groups.values()]
    .map((days) => {
      const { day: _day, ...first } = days[0]!;
      return {
        ...first,
        quantity: toDecimalString(sumDecimals(days.map((d) => d.quantity))),
        records: days.reduce((n, d) => n + d.records, 0),
      };
    })
    .sort((a, b) => meterLabel(a).localeCompare(meterLabel(b)));
}

function ByMeter({ usage }: { usage: Usage }) {
  const items = useMemo(() => byMeter(usage.items), [usage]);
  if (items.length === 0) return <Text size="sm">No usage in this range.</Text>;
  return (
    <ScrollTable minWidth={560} label="Usage by meter">
      <Table striped aria-label="Usage by meter">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Meter</Table.Th>
            <Table.Th>Unit</Table.Th>
            <Table.Th>SKU</Table.Th>
            <Table.Th ta="right">Quantity</Table.Th>
            <Table.Th>Flags</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <Table.Tr key={seriesKey(item)}>
              <Table.Td>
                {item.meterName ?? 'Unknown meter'}
                <Text size="xs" c="dimmed" className="mono">
                  {item.meterId}
                </Text>
              </Table.Td>
              <Table.Td>{item.unit ?? '—'}</Table.Td>
              <Table.Td>{item.sku ?? '—'}</Table.Td>
              <Table.Td ta="right" className="mono">
                {formatQuantity(item.quantity)}
              </Table.Td>
              <Table.Td>
                <Flags item={item} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

/** One meter's daily quantities: the chart, and the same figures as a table under it. */
function ByDay({ usage }: { usage: Usage }) {
  const series = useMemo(() => {
    const found = new Map<string, UsageItem>();
    for (const item of usage.items) if (!found.has(seriesKey(item))) found.set(seriesKey(item), item);
    return [...found.entries()].map(([value, item]) => ({ value, label: meterLabel(item), item }));
  }, [usage]);
  const [chosen, setChosen] = useState<string | null>(null);
  const current = series.find((s) => s.value === chosen) ?? series[0];
  if (!current) return <Text size="sm">No usage in this range.</Text>;
  const byDay = new Map(
    usage.items.filter((i) => seriesKey(i) === current.value).map((i) => [i.day ?? '', i.quantity]),
  );
  const points: ChartPoint[] = daysOf(usage.from, usage.to).map((day) => ({
    day,
    value: byDay.get(day) ?? '0',
  }));
  const unit = current.item.unit;
  return (
    <Stack gap="xs">
      <Select
        label="Meter"
        data={series.map(({ value, label }) => ({ value, label }))}
        value={current.value}
        onChange={setChosen}
        allowDeselect={false}
        maw={420}
      />
      <UsageChart points={points} label={`Daily usage of ${current.label}`} unit={unit} />
      <details>
        <summary>
          <Text component="span" size="sm">
            The chart as a table
          </Text>
        </summary>
        <ScrollTable minWidth={260} label={`Daily usage of ${current.label}`}>
          <Table aria-label={`Daily usage of ${current.label}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Day</Table.Th>
                <Table.Th ta="right">Quantity{unit ? ` (${unit})` : ''}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {points.map((p) => (
                <Table.Tr key={p.day}>
                  <Table.Td>{p.day}</Table.Td>
                  <Table.Td ta="right" className="mono">
                    {formatQuantity(p.value)}
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

/** The subscription's usage on its region's local days: a chart by day and a table by meter. */
export function SubscriptionUsage({ sub, me }: { sub: Subscription; me: Me }) {
  const queryClient = useQueryClient();
  // Empty: the server's default, this month in the region's time zone.
  const [range, setRange] = useState({ from: '', to: '' });
  const query = { ...(range.from ? { from: range.from } : {}), ...(range.to ? { to: range.to } : {}) };
  const linked = Boolean(sub.regionId && sub.azsSubscriptionId);
  const usage = useQuery({
    queryKey: [...keys.detail('subscriptions', sub.id), 'usage', query],
    queryFn: () => subscriptionsApi.usage(sub.id, { ...query, groupBy: 'day' }),
    enabled: linked,
  });
  const refresh = useCallback(() => {
    // Its usage and what it measures (quotas versus consumption) changed.
    void queryClient.invalidateQueries({ queryKey: keys.detail('subscriptions', sub.id) });
  }, [queryClient, sub.id]);
  const shown = usage.data;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="subscription-usage">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="subscription-usage">
          Usage
        </Title>
        {linked && can(me, 'subscriptions.collectUsage') && (
          <UpdateUsageButton
            what={sub.name}
            collect={(r) => subscriptionsApi.collectUsage(sub.id, r)}
            onFinished={refresh}
          />
        )}
      </Group>
      {!linked ? (
        <Text size="sm">Not linked to a subscription on a region yet: it has no usage.</Text>
      ) : (
        <Stack>
          <Group align="flex-end">
            <TextInput
              type="date"
              label="From"
              value={range.from || shown?.from || ''}
              onChange={(e) => {
                // Read now: React clears currentTarget once the event is handled, and the updater may run later.
                const from = e.currentTarget.value;
                setRange((r) => ({ ...r, from }));
              }}
            />
            <TextInput
              type="date"
              label="To"
              value={range.to || shown?.to || ''}
              onChange={(e) => {
                const to = e.currentTarget.value;
                setRange((r) => ({ ...r, to }));
              }}
            />
            {shown?.timeZone && (
              <Text size="sm" c="dimmed" pb={8}>
                Local days in {shown.timeZone}
              </Text>
            )}
          </Group>
          <QueryState query={usage}>
            {(data) => (
              <Stack>
                <ByDay usage={data} />
                <Title order={3} size="h5">
                  By meter
                </Title>
                <ByMeter usage={data} />
              </Stack>
            )}
          </QueryState>
        </Stack>
      )}
    </Paper>
  );
}
