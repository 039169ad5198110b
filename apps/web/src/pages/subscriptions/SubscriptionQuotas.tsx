import { Anchor, Badge, Group, Paper, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { keys } from '../../api/keys.ts';
import { subscriptionsApi } from '../../api/subscriptions.ts';
import type { Me, SubscriptionQuotas as Quotas, Subscription } from '../../api/types.ts';
import { can } from '../../app/access.ts';
import { Timestamp } from '../../components/format.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { QueryState } from '../../components/states.tsx';
import { formatQuantity } from '../../components/usage/quantity.ts';

type Plan = Quotas['plans'][number];
type Item = Quotas['quotas'][number];

/** The share of the limit used, for the bar only (the numbers beside it stay exact). */
export function usedPercent(item: Pick<Item, 'consumption' | 'limit'>): number | null {
  if (item.consumption === null) return null;
  const used = Number(item.consumption);
  if (item.limit === 0) return used > 0 ? 100 : 0;
  return Math.min(100, (used * 100) / item.limit);
}

function Consumption({ item }: { item: Item }) {
  if (item.untracked) {
    return (
      <Stack gap={2}>
        <Badge color="gray" variant="light" size="md">
          Untracked
        </Badge>
        <Text size="xs" c="dimmed">
          {item.explanation}
        </Text>
      </Stack>
    );
  }
  const percent = usedPercent(item)!;
  const color = percent >= 100 ? 'red' : percent >= 80 ? 'orange' : 'teal';
  return (
    <Stack gap={2} miw={160}>
      <Group justify="space-between" gap="xs">
        <Text size="sm">
          {formatQuantity(item.consumption!)} of {formatQuantity(String(item.limit))} {item.unit}
        </Text>
        <Text size="xs" c="dimmed">
          {Math.round(percent)}%
        </Text>
      </Group>
      <Progress
        value={percent}
        color={color}
        aria-label={`${item.property}: ${formatQuantity(item.consumption!)} of ${item.limit} ${item.unit}`}
      />
      <Text size="xs" c="dimmed">
        {item.explanation}
      </Text>
    </Stack>
  );
}

/** The plans the subscription holds, each with its quotas' limits (its share of the totals). */
function PlanAssignments({ plans }: { plans: Plan[] }) {
  return (
    <ScrollTable minWidth={560} label="Plan assignments">
      <Table striped aria-label="Plan assignments">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Plan</Table.Th>
            <Table.Th>Assignment</Table.Th>
            <Table.Th>Quotas</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {plans.map((plan) => (
            <Table.Tr key={`${plan.planId}|${plan.acquisitionId ?? ''}`}>
              <Table.Td>
                {plan.displayName}
                {plan.regionDeleted && (
                  <Badge color="orange" variant="dot" size="sm" ml="xs">
                    Gone from the region
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{plan.kind === 'base' ? 'Base plan' : 'Add-on plan'}</Table.Td>
              <Table.Td>
                {plan.quotas.length === 0
                  ? 'No quotas the CMS knows'
                  : plan.quotas.map((q) => `${q.name} (${q.provider})`).join(', ')}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

/** Where an effective limit comes from, when more than one plan sets it: "10 + 10". */
export function limitSources(item: Pick<Item, 'contributions'>): string | null {
  if (item.contributions.length < 2) return null;
  return item.contributions.map((c) => formatQuantity(String(c.limit))).join(' + ');
}

/** Quotas versus consumption: one row per provider and property, limits summed across the plans. */
function EffectiveQuotas({ items }: { items: Item[] }) {
  return (
    <ScrollTable minWidth={640} label="Quotas versus consumption">
      <Table striped aria-label="Quotas versus consumption">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Property</Table.Th>
            <Table.Th ta="right">Limit</Table.Th>
            <Table.Th>Consumption</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => {
            const sources = limitSources(item);
            return (
              <Table.Tr key={`${item.provider}|${item.property}`} data-property={item.property}>
                <Table.Td>
                  <span className="mono">{item.property}</span>
                  <Text size="xs" c="dimmed">
                    {item.provider}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  {formatQuantity(String(item.limit))} {item.unit}
                  {sources && (
                    <Text size="xs" c="dimmed">
                      {sources} from {item.contributions.length} plans
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Consumption item={item} />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

/** Plan assignments (the offer's base plans and acquired add-ons) and each quota against consumption. */
export function SubscriptionQuotas({ sub, me }: { sub: Subscription; me: Me }) {
  // A subscription not created from an offer has no plans or quotas: nothing to ask for.
  const query = useQuery({
    queryKey: [...keys.detail('subscriptions', sub.id), 'quotas'],
    queryFn: () => subscriptionsApi.quotas(sub.id),
    enabled: sub.offerId !== null,
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="subscription-quotas">
      <Title order={2} size="h4" mb="sm" id="subscription-quotas">
        Plans and quotas
      </Title>
      {sub.offerId === null ? (
        <Text size="sm">Not created from an offer: it has no plans or quotas in the CMS.</Text>
      ) : (
        <QueryState query={query}>
          {(data) =>
            data.offer === null ? (
              <Text size="sm">Not created from an offer: it has no plans or quotas in the CMS.</Text>
            ) : (
              <Stack>
                <Text size="sm">
                  Offer:{' '}
                  {can(me, 'offers.get') ? (
                    <Anchor component={Link} to={`/offers/${data.offer.id}`} underline="always">
                      {data.offer.displayName}
                    </Anchor>
                  ) : (
                    data.offer.displayName
                  )}
                </Text>
                <Text size="sm" c="dimmed">
                  {data.window ? (
                    <>
                      Consumption in the last complete hour with collected usage, from{' '}
                      <Timestamp value={data.window.start} /> to <Timestamp value={data.window.end} />.
                    </>
                  ) : (
                    'No usage collected in the last 24 hours: nothing is counted as consumed.'
                  )}
                </Text>
                {data.plans.length === 0 ? (
                  <Text size="sm">The offer has no plans in the CMS (sync the region).</Text>
                ) : (
                  <>
                    <PlanAssignments plans={data.plans} />
                    <Text size="sm" c="dimmed">
                      Each limit is the sum of the quotas of the base plans and acquired add-on plans that set
                      it.
                    </Text>
                    {data.quotas.length === 0 ? (
                      <Text size="sm">The plans have no quotas the CMS knows.</Text>
                    ) : (
                      <EffectiveQuotas items={data.quotas} />
                    )}
                  </>
                )}
              </Stack>
            )
          }
        </QueryState>
      )}
    </Paper>
  );
}
