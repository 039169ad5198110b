import { Badge, Button, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { keys } from '../../api/keys.ts';
import { type ReportFormat, reportsApi, type SummaryFilter } from '../../api/reports.ts';
import type { ChargebackReport, ReconciliationReport, SubscriptionSummary } from '../../api/types.ts';
import { useLabels } from '../../app/labels.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { EmptyState, QueryState } from '../../components/states.tsx';
import { formatQuantity } from '../../components/usage/quantity.ts';

/** Last month as YYYY-MM (the browser's calendar): month-end reports are about the month just ended. */
function previousPeriod(now = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

function lastDay(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return `${period}-${String(new Date(y, m, 0).getDate()).padStart(2, '0')}`;
}

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const STATUS: Record<ChargebackReport['rows'][number]['status'], { label: string; color: string }> = {
  rated: { label: 'Rated', color: 'green' },
  missing_exchange_rate: { label: 'No exchange rate', color: 'red' },
  not_rated: { label: 'Not rated', color: 'gray' },
};

function Downloads({ label, url }: { label: string; url: (format: ReportFormat) => string }) {
  return (
    <Group gap="xs">
      <Button component="a" variant="default" size="xs" href={url('csv')} download>
        {label} as CSV
      </Button>
      <Button component="a" variant="default" size="xs" href={url('xlsx')} download>
        {label} as Excel
      </Button>
    </Group>
  );
}

function ChargebackTable({ report }: { report: ChargebackReport }) {
  const labels = useLabels();
  if (report.rows.length === 0)
    return <EmptyState title={`No ${labels.tenant.plural.toLowerCase()} to report`} />;
  return (
    <ScrollTable minWidth={900} label="Chargeback and showback">
      <Table striped aria-label="Chargeback and showback">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{labels.tenant.singular}</Table.Th>
            <Table.Th>Billing</Table.Th>
            <Table.Th>Rating</Table.Th>
            <Table.Th ta="right">Usage</Table.Th>
            <Table.Th ta="right">Discounts</Table.Th>
            <Table.Th ta="right">Credits</Table.Th>
            <Table.Th ta="right">Subtotal</Table.Th>
            <Table.Th ta="right">In {report.platformCurrency}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.rows.map((row) => (
            <Table.Tr key={row.tenantId} data-tenant={row.tenantId}>
              <Table.Td>
                {row.tenantName}
                {row.partnerName && (
                  <Text size="xs" c="dimmed">
                    {row.partnerName}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{row.billingMode === 'showback' ? 'Showback' : 'Chargeback'}</Table.Td>
              <Table.Td>
                <Badge variant="dot" size="md" color={STATUS[row.status].color}>
                  {STATUS[row.status].label}
                </Badge>
                {row.unpricedLines > 0 && (
                  <Badge variant="dot" size="md" color="orange" ml="xs">
                    {row.unpricedLines} unpriced
                  </Badge>
                )}
              </Table.Td>
              <Table.Td ta="right">{formatQuantity(row.usage)}</Table.Td>
              <Table.Td ta="right">{formatQuantity(row.discounts)}</Table.Td>
              <Table.Td ta="right">{formatQuantity(row.credits)}</Table.Td>
              <Table.Td ta="right" data-column="subtotal">
                {formatQuantity(row.subtotal)} {row.currency}
              </Table.Td>
              <Table.Td ta="right">
                {row.platformSubtotal === null ? '—' : formatQuantity(row.platformSubtotal)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          {report.platformTotals.map((t) => (
            <Table.Tr key={t.billingMode}>
              <Table.Th colSpan={7}>
                {t.billingMode === 'showback' ? 'Showback' : 'Chargeback'} total ({t.tenants})
              </Table.Th>
              <Table.Th ta="right" data-total={t.billingMode}>
                {formatQuantity(t.subtotal)}
              </Table.Th>
            </Table.Tr>
          ))}
        </Table.Tfoot>
      </Table>
    </ScrollTable>
  );
}

function SummaryTable({ summary }: { summary: SubscriptionSummary }) {
  const labels = useLabels();
  const rows = summary.tenants.flatMap((tenant) => tenant.rows.map((row) => ({ tenant, row })));
  if (rows.length === 0) return <EmptyState title="No usage and no rated amounts in this range" />;
  const what = (row: SubscriptionSummary['tenants'][number]['rows'][number]) =>
    row.kind === 'subscription_credit'
      ? `${labels.subscription.singular} credits`
      : row.kind === 'tenant_credit'
        ? `${labels.tenant.singular} credits`
        : `${row.meterName ?? row.meterId ?? ''}${row.sku ? ` · ${row.sku}` : ''}`;
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        Usage of {summary.from} to {summary.to}; billing of the periods {summary.periods.join(', ')}.
      </Text>
      <ScrollTable minWidth={960} label="Subscription Summary">
        <Table striped aria-label="Subscription Summary">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{labels.subscription.singular}</Table.Th>
              <Table.Th>Meter</Table.Th>
              <Table.Th ta="right">Usage</Table.Th>
              <Table.Th ta="right">Rated</Table.Th>
              <Table.Th ta="right">Gross</Table.Th>
              <Table.Th ta="right">Discounts</Table.Th>
              <Table.Th ta="right">Credits</Table.Th>
              <Table.Th ta="right">Net</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map(({ tenant, row }, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional, as the report orders them
              <Table.Tr key={i} data-kind={row.kind}>
                <Table.Td>
                  {row.subscriptionName ?? tenant.tenantName}
                  {summary.tenants.length > 1 && (
                    <Text size="xs" c="dimmed">
                      {tenant.tenantName}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{what(row)}</Table.Td>
                <Table.Td ta="right">
                  {row.usageQuantity === null
                    ? ''
                    : `${formatQuantity(row.usageQuantity)} ${row.usageUnit ?? ''}`}
                </Table.Td>
                <Table.Td ta="right">
                  {row.ratedQuantity === null
                    ? ''
                    : `${formatQuantity(row.ratedQuantity)} ${row.ratedUnit ?? ''}`}
                </Table.Td>
                <Table.Td ta="right">{row.gross === null ? '' : formatQuantity(row.gross)}</Table.Td>
                <Table.Td ta="right">{row.discounts === null ? '' : formatQuantity(row.discounts)}</Table.Td>
                <Table.Td ta="right">{row.credits === null ? '' : formatQuantity(row.credits)}</Table.Td>
                <Table.Td ta="right" data-column="net">
                  {row.net === null ? '' : `${formatQuantity(row.net)} ${row.currency ?? ''}`}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            {summary.tenants.flatMap((tenant) =>
              tenant.totals.map((t) => (
                <Table.Tr key={`${tenant.tenantId}-${t.currency}`}>
                  <Table.Th colSpan={7}>
                    Total{summary.tenants.length > 1 ? ` ${tenant.tenantName}` : ''}
                  </Table.Th>
                  <Table.Th ta="right" data-total={`${tenant.tenantId}-${t.currency}`}>
                    {formatQuantity(t.net)} {t.currency}
                  </Table.Th>
                </Table.Tr>
              )),
            )}
          </Table.Tfoot>
        </Table>
      </ScrollTable>
    </Stack>
  );
}

type ReconciliationStatus = ReconciliationReport['rows'][number]['status'];

const RECONCILED: Record<ReconciliationStatus, { label: string; color: string }> = {
  matched: { label: 'Matched', color: 'green' },
  adjusted: { label: 'Adjusted later', color: 'teal' },
  not_invoiced: { label: 'Not invoiced', color: 'gray' },
  not_rated: { label: 'Not rated', color: 'yellow' },
  unpriced: { label: 'Unpriced', color: 'orange' },
  differs: { label: 'Differs', color: 'red' },
};

function ReconciliationTable({ report }: { report: ReconciliationReport }) {
  const labels = useLabels();
  if (report.rows.length === 0)
    return <EmptyState title="No usage, rated or invoiced amounts in this period" />;
  const what = (row: ReconciliationReport['rows'][number]) =>
    row.kind === 'subscription_credit'
      ? `${labels.subscription.singular} credits`
      : row.kind === 'tenant_credit'
        ? `${labels.tenant.singular} credits`
        : (row.meterName ?? row.meterId ?? '');
  const quantity = (value: string | null, unit: string | null) =>
    value === null ? '' : `${formatQuantity(value)} ${unit ?? ''}`;
  return (
    <ScrollTable minWidth={1100} label="Reconciliation">
      <Table striped aria-label="Reconciliation">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{labels.subscription.singular}</Table.Th>
            <Table.Th>Meter</Table.Th>
            <Table.Th ta="right">Usage</Table.Th>
            <Table.Th ta="right">Rated</Table.Th>
            <Table.Th ta="right">Invoiced</Table.Th>
            <Table.Th ta="right">Rated amount</Table.Th>
            <Table.Th ta="right">Invoiced amount</Table.Th>
            <Table.Th ta="right">Credited</Table.Th>
            <Table.Th ta="right">Rated − invoiced</Table.Th>
            <Table.Th>Status</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.rows.map((row, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional, as the report orders them
            <Table.Tr key={i} data-kind={row.kind} data-status={row.status}>
              <Table.Td>
                {row.subscriptionName ?? row.tenantName}
                {report.tenants.length > 1 && (
                  <Text size="xs" c="dimmed">
                    {row.tenantName}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{what(row)}</Table.Td>
              <Table.Td ta="right">{quantity(row.usageQuantity, row.unit)}</Table.Td>
              <Table.Td ta="right">{quantity(row.ratedQuantity, row.unit)}</Table.Td>
              <Table.Td ta="right">{quantity(row.invoicedQuantity, row.unit)}</Table.Td>
              <Table.Td ta="right">{formatQuantity(row.ratedAmount)}</Table.Td>
              <Table.Td ta="right" data-column="invoiced">
                {formatQuantity(row.invoicedAmount)} {row.currency}
              </Table.Td>
              <Table.Td ta="right">{formatQuantity(row.creditedAmount)}</Table.Td>
              <Table.Td ta="right">{formatQuantity(row.ratedMinusInvoiced)}</Table.Td>
              <Table.Td>
                <Badge variant="dot" size="md" color={RECONCILED[row.status].color}>
                  {RECONCILED[row.status].label}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          {report.totals.map((t) => (
            <Table.Tr key={t.currency}>
              <Table.Th colSpan={5}>Total {t.currency}</Table.Th>
              <Table.Th ta="right">{formatQuantity(t.ratedAmount)}</Table.Th>
              <Table.Th ta="right" data-total={t.currency}>
                {formatQuantity(t.invoicedAmount)}
              </Table.Th>
              <Table.Th ta="right">{formatQuantity(t.creditedAmount)}</Table.Th>
              <Table.Th ta="right">{formatQuantity(t.ratedMinusInvoiced)}</Table.Th>
              <Table.Th />
            </Table.Tr>
          ))}
        </Table.Tfoot>
      </Table>
    </ScrollTable>
  );
}

/**
 * Billing → Reports: the chargeback/showback report of a period, its reconciliation usage →
 * rated → invoiced, the Subscription Summary of a range and the FOCUS export, each downloadable.
 * The page asks for the chargeback report (its rows name the tenants to choose from) and the
 * reconciliation; the summary runs when asked.
 */
export default function ReportsPage() {
  const labels = useLabels();
  const [params, setParams] = useSearchParams();
  const period = PERIOD.test(params.get('period') ?? '') ? params.get('period')! : previousPeriod();
  const tenantId = params.get('tenant') ?? undefined;
  const [range, setRange] = useState({ from: `${period}-01`, to: lastDay(period) });
  const [summaryFilter, setSummaryFilter] = useState<SummaryFilter | null>(null);
  const chargeback = useQuery({
    queryKey: keys.reports('chargeback', period),
    queryFn: () => reportsApi.chargeback(period),
  });
  const reconciliation = useQuery({
    queryKey: keys.reports('reconciliation', period),
    queryFn: () => reportsApi.reconciliation(period),
  });
  const summary = useQuery({
    queryKey: keys.reports('summary', JSON.stringify(summaryFilter)),
    queryFn: () => reportsApi.summary(summaryFilter!),
    enabled: summaryFilter !== null,
  });
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    setParams(next);
  };
  const tenants = (chargeback.data?.rows ?? []).map((r) => ({ value: r.tenantId, label: r.tenantName }));
  const rangeValid = DAY.test(range.from) && DAY.test(range.to) && range.from <= range.to;
  return (
    <>
      <PageHeader
        title="Reports"
        description="Rated amounts of open periods (before tax): what each period would invoice, for everything you can see."
      />
      <Group align="flex-end" gap="sm" wrap="wrap" mb="lg">
        <TextInput
          label="Period"
          type="month"
          w={180}
          value={period}
          onChange={(e) => {
            const value = e.currentTarget.value;
            if (!PERIOD.test(value)) return;
            set({ period: value });
            setRange({ from: `${value}-01`, to: lastDay(value) });
          }}
        />
        <Select
          label={labels.tenant.singular}
          placeholder={`Every ${labels.tenant.singular.toLowerCase()}`}
          description="For the summary and the FOCUS export"
          clearable
          searchable
          data={tenants}
          value={tenantId ?? null}
          onChange={(value) => set({ tenant: value })}
          w={260}
        />
      </Group>

      <Paper withBorder p="md" component="section" aria-labelledby="chargeback" mb="lg">
        <Group justify="space-between" align="flex-start" mb="sm" wrap="wrap">
          <Title order={2} size="h4" id="chargeback">
            Chargeback and showback, {period}
          </Title>
          <Downloads label="Report" url={(format) => reportsApi.chargebackUrl(period, format)} />
        </Group>
        <QueryState query={chargeback} loadingLabel="Loading the report">
          {(report) => <ChargebackTable report={report} />}
        </QueryState>
      </Paper>

      <Paper withBorder p="md" component="section" aria-labelledby="reconciliation" mb="lg">
        <Group justify="space-between" align="flex-start" mb="xs" wrap="wrap">
          <Title order={2} size="h4" id="reconciliation">
            Reconciliation usage → rated → invoiced, {period}
          </Title>
          <Downloads label="Reconciliation" url={(format) => reportsApi.reconciliationUrl(period, format)} />
        </Group>
        <Text size="sm" c="dimmed" mb="sm">
          Per {labels.subscription.singular.toLowerCase()} and meter: the usage collected, what was rated, and
          what the issued invoice and later prior-period adjustments billed (before tax).
        </Text>
        <QueryState query={reconciliation} loadingLabel="Loading the reconciliation">
          {(report) => <ReconciliationTable report={report} />}
        </QueryState>
      </Paper>

      <Paper withBorder p="md" component="section" aria-labelledby="summary" mb="lg">
        <Title order={2} size="h4" id="summary" mb="sm">
          Subscription Summary
        </Title>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (rangeValid) setSummaryFilter({ tenantId, from: range.from, to: range.to });
          }}
        >
          <Group align="flex-end" gap="sm" wrap="wrap" mb="sm">
            <TextInput
              label="From"
              type="date"
              w={170}
              value={range.from}
              onChange={(e) => setRange({ ...range, from: e.currentTarget.value })}
            />
            <TextInput
              label="To"
              type="date"
              w={170}
              value={range.to}
              error={DAY.test(range.to) && range.to < range.from ? 'Not before From.' : undefined}
              onChange={(e) => setRange({ ...range, to: e.currentTarget.value })}
            />
            <Button type="submit" disabled={!rangeValid}>
              Run summary
            </Button>
          </Group>
        </form>
        {summaryFilter && (
          <Stack gap="sm">
            <Downloads label="Summary" url={(format) => reportsApi.summaryUrl(summaryFilter, format)} />
            <QueryState query={summary} loadingLabel="Running the summary">
              {(result) => <SummaryTable summary={result} />}
            </QueryState>
          </Stack>
        )}
      </Paper>

      <Paper withBorder p="md" component="section" aria-labelledby="focus">
        <Title order={2} size="h4" id="focus" mb="xs">
          FOCUS export
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          The period's rated lines as FinOps Open Cost and Usage Specification 1.2 rows (CSV), for FinOps
          tools. Billed cost and invoice number come from the period's issued invoice (0 and empty while it is
          open).
        </Text>
        <Button
          component="a"
          variant="default"
          size="xs"
          href={reportsApi.focusUrl(period, tenantId)}
          download
        >
          FOCUS {period} as CSV
        </Button>
      </Paper>
    </>
  );
}
