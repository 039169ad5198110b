import { Anchor, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { invoicesApi } from '../../api/invoices.ts';
import { keys } from '../../api/keys.ts';
import type { InvoiceDetail, InvoiceLine } from '../../api/types.ts';
import { access, can } from '../../app/access.ts';
import { useLabels } from '../../app/labels.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { DetailList } from '../../components/DetailList.tsx';
import { Timestamp } from '../../components/format.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatDecimal, formatMoney, periodLabel, sliceLabel } from '../../components/rating/rating-logic.ts';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { QueryState } from '../../components/states.tsx';
import { CreditNoteButton, RecordPaymentButton, VoidButton } from './InvoiceActions.tsx';
import { InvoiceStatusBadge } from './InvoiceStatusBadge.tsx';
import { documentTitle, groupLines, isZero, KIND_NAMES } from './invoice-logic.ts';

function Actions({ invoice, onChange }: { invoice: InvoiceDetail; onChange: () => void }) {
  const me = useCurrentMe();
  const navigate = useNavigate();
  const title = documentTitle(invoice);
  const preview = invoice.status === 'preview';
  const noPayments = isZero(invoice.amountPaid);
  return (
    <>
      {preview && can(me, 'invoices.issue') && (
        <ConfirmButton
          label="Issue"
          title={`Issue ${title}`}
          message={`Issuing gives it its number and the due date, freezes its lines and closes the period for ${invoice.billTo.name}. It cannot be undone (only voided).`}
          confirmLabel="Issue"
          success="The invoice was issued."
          onConfirm={() => invoicesApi.issue(invoice.id)}
          onDone={onChange}
          color="blue"
          variant="filled"
        />
      )}
      {preview && can(me, 'invoices.delete') && (
        <ConfirmButton
          label="Delete preview"
          title="Delete this preview"
          message="Generating the period again makes a new one."
          confirmLabel="Delete"
          success="The preview was deleted."
          onConfirm={() => invoicesApi.remove(invoice.id)}
          onDone={() => navigate('/invoices')}
        />
      )}
      {invoice.status === 'issued' && invoice.kind === 'invoice' && can(me, 'invoices.recordPayment') && (
        <RecordPaymentButton invoice={invoice} onDone={onChange} />
      )}
      {(invoice.status === 'issued' || invoice.status === 'paid') &&
        invoice.kind === 'invoice' &&
        can(me, 'invoices.creditNote') && <CreditNoteButton invoice={invoice} onDone={onChange} />}
      {invoice.status === 'issued' &&
        invoice.kind !== 'credit_note' &&
        noPayments &&
        can(me, 'invoices.void') && <VoidButton invoice={invoice} onDone={onChange} />}
      {!preview && (
        <Button component="a" variant="default" href={invoicesApi.pdfUrl(invoice.id)} download>
          Download PDF
        </Button>
      )}
      {!preview && can(me, 'invoices.email') && (
        <ConfirmButton
          label="E-mail"
          title={`E-mail ${title}`}
          message={`Sends the PDF to the billing contacts of ${invoice.billTo.name}${invoice.billTo.email ? ` (${invoice.billTo.email})` : ''}.`}
          confirmLabel="Send"
          success="The e-mail is queued for sending; the e-mail log shows when it has gone."
          onConfirm={() => invoicesApi.email(invoice.id)}
          color="blue"
          variant="default"
        />
      )}
      {!preview && access.emailLog(me) && (
        <Button
          component={Link}
          variant="subtle"
          to={`/email-log?relatedId=${encodeURIComponent(invoice.id)}`}
        >
          E-mails sent
        </Button>
      )}
    </>
  );
}

function quantityText(line: InvoiceLine): string {
  if (line.quantity === null || line.quantity === undefined) return '';
  return `${formatDecimal(line.quantity)}${line.unit ? ` ${line.unit}` : ''}`;
}

function rateText(line: InvoiceLine): string {
  if (line.unpriced) return 'No price';
  if (line.unitRate !== null && line.unitRate !== undefined) return formatDecimal(line.unitRate);
  if (line.tiers.length > 0)
    return `${line.tierMode === 'volume' ? 'Volume' : 'Graduated'}, ${line.tiers.length} tiers`;
  return '';
}

function Lines({ invoice }: { invoice: InvoiceDetail }) {
  const groups = groupLines(invoice.lines);
  if (groups.length === 0) return <Text size="sm">No lines.</Text>;
  return (
    <Stack gap="lg">
      {groups.map((group) => (
        <section key={group.key} aria-label={group.title}>
          <Title order={3} size="h5" mb="xs">
            {group.title}
          </Title>
          <ScrollTable minWidth={640} label={group.title}>
            <Table aria-label={group.title}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Description</Table.Th>
                  <Table.Th scope="col" ta="right">
                    Quantity
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Unit rate
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Amount
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {group.lines.map((line) => (
                  <Table.Tr key={line.id} data-kind={line.kind}>
                    <Table.Td pl={line.kind === 'usage' || line.parentPosition === null ? undefined : 'xl'}>
                      {line.description}
                      {line.sku && (
                        <Text size="xs" c="dimmed">
                          SKU {line.sku}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">{quantityText(line)}</Table.Td>
                    <Table.Td ta="right">
                      {line.tiers.length > 0 ? (
                        <details>
                          <summary>{rateText(line)}</summary>
                          <ul style={{ margin: 0, paddingLeft: 16, textAlign: 'left' }}>
                            {line.tiers.map((tier) => (
                              <li key={tier.from}>
                                {sliceLabel(tier)} = {formatDecimal(tier.amount)}
                              </li>
                            ))}
                          </ul>
                        </details>
                      ) : (
                        rateText(line)
                      )}
                    </Table.Td>
                    <Table.Td ta="right" className="mono">
                      {formatMoney(line.amount, null)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
              <Table.Tfoot>
                <Table.Tr>
                  <Table.Th scope="row" colSpan={3}>
                    Subtotal
                  </Table.Th>
                  <Table.Td ta="right" className="mono" data-testid="group-subtotal">
                    {formatMoney(group.subtotal, null)}
                  </Table.Td>
                </Table.Tr>
              </Table.Tfoot>
            </Table>
          </ScrollTable>
        </section>
      ))}
    </Stack>
  );
}

function Totals({ invoice }: { invoice: InvoiceDetail }) {
  const money = (value: string) => formatMoney(value, invoice.currency);
  const rows: { label: string; value: string; id: string }[] = [
    { id: 'subtotal', label: 'Subtotal', value: money(invoice.subtotal) },
    ...invoice.taxLines.map((tax, i) => ({
      id: `tax-${i}`,
      label: `${tax.name} ${formatDecimal(tax.percentage)}% on ${formatMoney(tax.base, null)}`,
      value: money(tax.amount),
    })),
    { id: 'total', label: 'Total', value: money(invoice.total) },
  ];
  if (invoice.kind === 'invoice' && invoice.status !== 'preview') {
    rows.push(
      { id: 'credited', label: 'Credited', value: money(invoice.amountCredited) },
      { id: 'paid', label: 'Paid', value: money(invoice.amountPaid) },
      { id: 'due', label: 'Amount due', value: money(invoice.amountDue) },
    );
  }
  return (
    <Table aria-label="Totals" maw={520} ml="auto">
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.id}>
            <Table.Th scope="row" fw={row.id === 'total' || row.id === 'due' ? 700 : 400}>
              {row.label}
            </Table.Th>
            <Table.Td ta="right" className="mono" data-testid={row.id} fw={row.id === 'total' ? 700 : 400}>
              {row.value}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Payments({ invoice }: { invoice: InvoiceDetail }) {
  const payments = useQuery({
    queryKey: [...keys.detail('invoices', invoice.id), 'payments'],
    queryFn: () => invoicesApi.payments(invoice.id),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="payments-heading">
      <Title order={2} size="h4" mb="sm" id="payments-heading">
        Payments
      </Title>
      <QueryState query={payments}>
        {({ items: list }) =>
          list.length === 0 ? (
            <Text size="sm">No payments recorded.</Text>
          ) : (
            <ScrollTable minWidth={480} label="Payments">
              <Table aria-label="Payments">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Received on</Table.Th>
                    <Table.Th scope="col">Reference</Table.Th>
                    <Table.Th scope="col" ta="right">
                      Amount
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((p) => (
                    <Table.Tr key={p.id}>
                      <Table.Td>{p.paidOn}</Table.Td>
                      <Table.Td>{p.reference ?? '—'}</Table.Td>
                      <Table.Td ta="right" className="mono">
                        {formatMoney(p.amount, invoice.currency)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          )
        }
      </QueryState>
    </Paper>
  );
}

function InvoiceView({ invoice, onChange }: { invoice: InvoiceDetail; onChange: () => void }) {
  const me = useCurrentMe();
  const labels = useLabels();
  const rates = invoice.exchangeRates
    .filter((r) => r.base !== r.quote)
    .map((r) => `1 ${r.base} = ${formatDecimal(r.rate)} ${r.quote}`)
    .join('; ');
  return (
    <>
      <PageHeader
        title={documentTitle(invoice)}
        back={{ to: '/invoices', label: 'Invoices' }}
        actions={<Actions invoice={invoice} onChange={onChange} />}
      />
      <Stack gap="lg">
        <Paper withBorder p="md">
          <DetailList
            items={[
              { label: 'Status', value: <InvoiceStatusBadge invoice={invoice} /> },
              { label: 'Kind', value: KIND_NAMES[invoice.kind] },
              {
                label: labels.tenant.singular,
                value: access.tenants(me) ? (
                  <Anchor component={Link} to={`/tenants/${invoice.tenantId}`}>
                    {invoice.billTo.name}
                  </Anchor>
                ) : (
                  invoice.billTo.name
                ),
              },
              { label: 'Period', value: periodLabel(invoice.period) },
              { label: 'Issue date', value: invoice.issueDate ?? 'Not issued' },
              ...(invoice.kind === 'invoice' ? [{ label: 'Due date', value: invoice.dueDate ?? '—' }] : []),
              { label: 'Currency', value: invoice.currency },
              { label: 'Exchange rate', value: rates || 'None needed' },
              ...(invoice.partnerName
                ? [{ label: labels.partner.singular, value: invoice.partnerName }]
                : []),
              ...(invoice.distributorName
                ? [{ label: labels.distributor.singular, value: invoice.distributorName }]
                : []),
              ...(invoice.creditsInvoiceId
                ? [
                    {
                      label: 'Credits',
                      value: (
                        <Anchor component={Link} to={`/invoices/${invoice.creditsInvoiceId}`}>
                          The credited invoice
                        </Anchor>
                      ),
                    },
                  ]
                : []),
              ...(invoice.reason ? [{ label: 'Reason', value: invoice.reason }] : []),
              { label: 'Generated', value: <Timestamp value={invoice.generatedAt} /> },
            ]}
          />
          {invoice.unpricedLines > 0 && (
            <Text size="sm" c="orange.9" mt="md">
              {invoice.unpricedLines} line{invoice.unpricedLines === 1 ? ' has' : 's have'} no price.
            </Text>
          )}
        </Paper>
        <Paper withBorder p="md" component="section" aria-labelledby="lines-heading">
          <Title order={2} size="h4" mb="sm" id="lines-heading">
            Lines
          </Title>
          <Lines invoice={invoice} />
          <Group justify="flex-end" mt="lg">
            <Totals invoice={invoice} />
          </Group>
        </Paper>
        {invoice.kind === 'invoice' && invoice.status !== 'preview' && <Payments invoice={invoice} />}
      </Stack>
    </>
  );
}

/** One invoice, credit note or statement, with the actions its state and the user's permissions allow. */
export default function InvoicePage() {
  const { id = '' } = useParams();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: keys.detail('invoices', id), queryFn: () => invoicesApi.get(id) });
  const refresh = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: keys.all('invoices') }),
    [queryClient],
  );
  return (
    <QueryState query={query} loadingLabel="Loading the invoice">
      {(invoice) => <InvoiceView invoice={invoice} onChange={refresh} />}
    </QueryState>
  );
}
