import { Alert, Anchor, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { IconCalculator } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../api/errors.ts';
import { jobsApi } from '../../api/jobs.ts';
import { keys } from '../../api/keys.ts';
import { ratingApi } from '../../api/rating.ts';
import type { SubscriptionCostToDate, TenantCostToDate } from '../../api/types.ts';
import { isLive, JobStatusBadge } from '../../pages/jobs/job-parts.tsx';
import { DetailList } from '../DetailList.tsx';
import { Timestamp } from '../format.tsx';
import { ScrollTable } from '../ScrollTable.tsx';
import { formatQuantity } from '../usage/quantity.ts';
import {
  formatDecimal,
  formatMoney,
  KIND_LABELS,
  nestLines,
  periodLabel,
  priceUnitLabel,
  type RatedLine,
  rateSummary,
  sliceLabel,
} from './rating-logic.ts';

/** A meter's name and unit when the page already has them (null: show the meter id). */
export type MeterLookup = (meterId: string) => { name: string | null; unit: string | null } | null;

export const TAX_NOTE = 'Amounts are before tax, after discounts and credits.';

/** Month to date and the projected month end, with what the projection rests on. */
export function CostToDateFigures({ cost }: { cost: SubscriptionCostToDate | TenantCostToDate }) {
  if (cost.missingExchangeRate) {
    return (
      <Alert color="orange" title="No exchange rate">
        <Text size="sm">
          {`There is no exchange rate for ${cost.missingExchangeRate}, so ${periodLabel(cost.period)} cannot be priced yet.`}
        </Text>
      </Alert>
    );
  }
  return (
    <Stack gap="xs">
      <DetailList
        items={[
          {
            label: `Month to date (${periodLabel(cost.period)})`,
            value:
              cost.monthToDate === null ? (
                'Not rated yet'
              ) : (
                <strong className="mono" data-testid="month-to-date">
                  {formatMoney(cost.monthToDate, cost.currency)}
                </strong>
              ),
          },
          {
            label: 'Projected month end',
            value:
              cost.projected === null ? (
                'No fully collected day yet'
              ) : (
                <span>
                  <strong className="mono" data-testid="projected">
                    {formatMoney(cost.projected, cost.currency)}
                  </strong>{' '}
                  <Text span size="sm" c="dimmed">
                    {`based on ${cost.daysBasedOn} fully collected day${cost.daysBasedOn === 1 ? '' : 's'}`}
                  </Text>
                </span>
              ),
          },
          { label: 'Currency', value: cost.currency },
          { label: 'Rated', value: cost.ratedAt ? <Timestamp value={cost.ratedAt} /> : 'Not yet' },
        ]}
      />
      <Text size="sm" c="dimmed">
        {TAX_NOTE}
      </Text>
    </Stack>
  );
}

/** A tiered line's slices, folded by default so the table stays compact. */
function Slices({ line }: { line: RatedLine }) {
  if (!line.slices || line.slices.length === 0) return <>{rateSummary(line)}</>;
  return (
    <details>
      <summary>
        <Text span size="sm">
          {rateSummary(line)}
        </Text>
      </summary>
      <ul style={{ margin: 0, paddingInlineStart: '1rem' }}>
        {line.slices.map((s) => (
          <li key={s.from}>
            <Text span size="xs" className="mono">
              {sliceLabel(s)} = {formatDecimal(s.amount)}
            </Text>
          </li>
        ))}
      </ul>
    </details>
  );
}

function LineRow({ line, child, meterName }: { line: RatedLine; child: boolean; meterName: MeterLookup }) {
  const meter = line.meterId ? meterName(line.meterId) : null;
  const name = meter?.name ?? null;
  const what =
    line.kind === 'usage' ? (
      <>
        {name ?? (line.meterId ? 'Meter' : '—')}
        {line.meterId && (
          <Text size="xs" c="dimmed" className="mono" style={{ overflowWrap: 'anywhere' }}>
            {line.meterId}
          </Text>
        )}
      </>
    ) : (
      <>
        {KIND_LABELS[line.kind]}
        {line.description && (
          <Text size="xs" c="dimmed">
            {line.description}
          </Text>
        )}
      </>
    );
  return (
    <Table.Tr data-kind={line.kind} data-position={line.position}>
      <Table.Td style={child ? { paddingInlineStart: '2rem' } : undefined}>
        {child && <span aria-hidden>↳ </span>}
        {what}
      </Table.Td>
      <Table.Td>{line.sku || '—'}</Table.Td>
      <Table.Td ta="right" className="mono">
        {line.quantity === null ? '—' : formatDecimal(line.quantity)}
        {line.priceUnit && (
          <Text size="xs" c="dimmed">
            {priceUnitLabel(line.priceUnit, meter?.unit)}
          </Text>
        )}
      </Table.Td>
      <Table.Td className="mono">
        {line.unpriced ? (
          <Badge color="red" variant="light" size="md">
            Unpriced
          </Badge>
        ) : (
          <Slices line={line} />
        )}
      </Table.Td>
      <Table.Td ta="right" className="mono">
        {/* As the server rounded it to the currency's minor unit: never trimmed or re-rounded. */}
        {formatQuantity(line.amount)}
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * The printed lines in print order, discounts and item credits indented under their usage line,
 * with the subtotal the server computed (the sum of the lines shown).
 */
export function RatedLinesTable({
  lines,
  total,
  currency,
  label,
  meterName,
}: {
  lines: RatedLine[];
  total: string | null;
  currency: string | null;
  label: string;
  meterName: MeterLookup;
}) {
  const groups = nestLines(lines);
  return (
    <ScrollTable minWidth={620} label={label}>
      <Table striped aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Meter</Table.Th>
            <Table.Th scope="col">SKU</Table.Th>
            <Table.Th scope="col" ta="right">
              Quantity
            </Table.Th>
            <Table.Th scope="col">Rate</Table.Th>
            <Table.Th scope="col" ta="right">
              Amount{currency ? ` (${currency})` : ''}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {groups.map((g) => (
            <Fragment key={g.line.position}>
              <LineRow line={g.line} child={false} meterName={meterName} />
              {g.children.map((c) => (
                <LineRow key={c.position} line={c} child meterName={meterName} />
              ))}
            </Fragment>
          ))}
        </Table.Tbody>
        {total !== null && (
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th scope="row" colSpan={4}>
                Subtotal
              </Table.Th>
              <Table.Td ta="right" className="mono" fw={700} data-testid="subtotal">
                {formatQuantity(total)}
              </Table.Td>
            </Table.Tr>
          </Table.Tfoot>
        )}
      </Table>
    </ScrollTable>
  );
}

/** How a rated period stands, above its lines. */
export function PeriodStatus({
  status,
  ratedAt,
  count,
}: {
  status: 'rated' | 'missing_exchange_rate' | null;
  ratedAt: string | null;
  count: number;
}) {
  if (status === null) return <Text size="sm">Not rated yet for this period.</Text>;
  if (status === 'missing_exchange_rate')
    return (
      <Text size="sm">No exchange rate for this currency: the period has no lines until one is entered.</Text>
    );
  return (
    <Text size="sm" c="dimmed">
      {count === 0 ? 'No rated lines. ' : ''}Rated <Timestamp value={ratedAt} />
    </Text>
  );
}

/** The rating job, followed every second until it ends; then `onFinished` refreshes the figures. */
function RatingJob({ id, onFinished }: { id: string; onFinished: () => void }) {
  const query = useQuery({
    queryKey: keys.detail('jobs', id),
    queryFn: () => jobsApi.get(id),
    refetchInterval: (q) => (q.state.data && !isLive(q.state.data) ? false : 1_000),
  });
  const job = query.data;
  const finished = job !== undefined && !isLive(job);
  const told = useRef(false);
  useEffect(() => {
    if (finished && !told.current) {
      told.current = true;
      onFinished();
    }
  }, [finished, onFinished]);
  return (
    <Group gap="xs" aria-live="polite">
      <Text size="sm" fw={600}>
        Rating job
      </Text>
      <Anchor component={Link} to={`/jobs/${id}`} size="sm" className="mono">
        {id}
      </Anchor>
      {job && <JobStatusBadge status={job.status} />}
      {job?.status === 'failed' && job.lastError && (
        <Text size="sm" c="red">
          {job.lastError}
        </Text>
      )}
    </Group>
  );
}

/**
 * "Recalculate" (platform administrators): queues a rating of the open periods — of one tenant
 * when `tenantId` is given — and links the job, as the other job-starting buttons do.
 */
export function RecalculateButton({ tenantId }: { tenantId?: string }) {
  const queryClient = useQueryClient();
  const run = useMutation({ mutationFn: () => ratingApi.recalculate(tenantId ? { tenantId } : {}) });
  const refresh = () => {
    // Every figure that comes from rated lines may have changed.
    void queryClient.invalidateQueries({ queryKey: keys.rating() });
  };
  return (
    <Stack gap={4} align="flex-end">
      <Button
        size="xs"
        variant="default"
        leftSection={<IconCalculator size={14} aria-hidden />}
        loading={run.isPending}
        onClick={() => run.mutate()}
      >
        Recalculate
      </Button>
      {run.data && <RatingJob id={run.data.id} onFinished={refresh} />}
      {run.isError && (
        <Text size="sm" c="red" role="alert">
          {errorMessage(run.error)}
        </Text>
      )}
    </Stack>
  );
}
