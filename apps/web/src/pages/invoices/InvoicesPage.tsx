import { Anchor, Button, Select, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { type InvoiceFilters, invoicesApi } from '../../api/invoices.ts';
import { keys } from '../../api/keys.ts';
import type { Invoice } from '../../api/types.ts';
import { access } from '../../app/access.ts';
import { useLabels } from '../../app/labels.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { Timestamp } from '../../components/format.tsx';
import { ListView } from '../../components/ListView.tsx';
import { getOrganisation, searchOrganisations } from '../../components/orgs.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RemoteSelect } from '../../components/RemoteSelect.tsx';
import { formatMoney, periodLabel } from '../../components/rating/rating-logic.ts';
import { GenerateInvoicesButton } from './GenerateInvoicesButton.tsx';
import { InvoiceStatusBadge } from './InvoiceStatusBadge.tsx';
import { IssuePreviewsButton } from './IssuePreviewsButton.tsx';
import { documentTitle, KIND_NAMES, PERIOD, STATUS_NAMES } from './invoice-logic.ts';

/**
 * Billing → Invoices: the documents the user's organisation bills (previews included) with the
 * Generate and Issue all previews dialogs; for a tenant's users, its own issued documents with their
 * PDFs.
 */
export default function InvoicesPage() {
  const me = useCurrentMe();
  const labels = useLabels();
  const queryClient = useQueryClient();
  const tenantView = me.organisation.kind === 'tenant';
  const [status, setStatus] = useState<InvoiceFilters['status'] | null>(null);
  const [kind, setKind] = useState<InvoiceFilters['kind'] | null>(null);
  const [periodText, setPeriodText] = useState('');
  const [tenantId, setTenantId] = useState<string | null>(null);
  const period = PERIOD.test(periodText) ? periodText : null;
  const filters: InvoiceFilters = {
    ...(status ? { status } : {}),
    ...(kind ? { kind } : {}),
    ...(period ? { period } : {}),
    ...(tenantId ? { tenantId } : {}),
  };
  const refresh = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: keys.all('invoices') }),
    [queryClient],
  );
  const statuses = (Object.keys(STATUS_NAMES) as Invoice['status'][]).filter(
    (s) => !(tenantView && s === 'preview'),
  );
  return (
    <>
      <PageHeader
        title="Invoices"
        description={
          tenantView
            ? 'Your invoices, credit notes and statements.'
            : `Previews and issued documents of the ${labels.tenant.plural.toLowerCase()} you bill.`
        }
        actions={
          (access.invoiceGenerate(me) || access.invoiceIssueAll(me)) && (
            <>
              {access.invoiceGenerate(me) && <GenerateInvoicesButton onFinished={refresh} />}
              {access.invoiceIssueAll(me) && <IssuePreviewsButton onFinished={refresh} />}
            </>
          )
        }
      />
      <ListView
        label="Invoices"
        queryKey={(p) => keys.list('invoices', { ...p, ...filters })}
        fetchPage={(p) => invoicesApi.list({ ...p, ...filters })}
        filterKey={filters}
        rowKey={(i) => i.id}
        defaultSort="-createdAt"
        searchLabel={
          tenantView ? 'Search by number' : `Search by number or ${labels.tenant.singular.toLowerCase()}`
        }
        emptyTitle="No invoices"
        emptyText={
          tenantView
            ? 'Issued invoices appear here.'
            : 'Generate the previews of a period to start its invoicing.'
        }
        urlState
        filters={
          <>
            <Select
              label="Status"
              placeholder="Any status"
              clearable
              data={statuses.map((value) => ({ value, label: STATUS_NAMES[value] }))}
              value={status ?? null}
              onChange={(v) => setStatus((v as InvoiceFilters['status']) ?? null)}
              w={{ base: '100%', sm: 160 }}
            />
            <Select
              label="Kind"
              placeholder="Any kind"
              clearable
              data={(Object.keys(KIND_NAMES) as Invoice['kind'][]).map((value) => ({
                value,
                label: KIND_NAMES[value],
              }))}
              value={kind ?? null}
              onChange={(v) => setKind((v as InvoiceFilters['kind']) ?? null)}
              w={{ base: '100%', sm: 160 }}
            />
            <TextInput
              type="month"
              label="Period"
              value={periodText}
              onChange={(event) => setPeriodText(event.currentTarget.value)}
              w={{ base: '100%', sm: 180 }}
            />
            {!tenantView && (
              <RemoteSelect
                cacheKey={['tenants', 'options', 'invoices']}
                label={labels.tenant.singular}
                placeholder={`Any ${labels.tenant.singular.toLowerCase()}`}
                clearable
                lazy
                value={tenantId}
                onChange={setTenantId}
                search={(q) => searchOrganisations('tenant', q)}
                lookup={(id) => getOrganisation('tenant', id).then((t) => ({ value: t.id, label: t.name }))}
                w={{ base: '100%', sm: 240 }}
              />
            )}
          </>
        }
        columns={[
          {
            key: 'number',
            header: 'Number',
            render: (i) => (
              <Anchor component={Link} to={`/invoices/${i.id}`}>
                {documentTitle(i)}
              </Anchor>
            ),
          },
          ...(tenantView
            ? []
            : [{ key: 'tenant', header: labels.tenant.singular, render: (i: Invoice) => i.billTo.name }]),
          { key: 'kind', header: 'Kind', render: (i) => KIND_NAMES[i.kind] },
          { key: 'period', header: 'Period', sortField: 'period', render: (i) => periodLabel(i.period) },
          { key: 'status', header: 'Status', render: (i) => <InvoiceStatusBadge invoice={i} /> },
          { key: 'issued', header: 'Issued', render: (i) => i.issueDate ?? '—' },
          { key: 'due', header: 'Due', render: (i) => (i.kind === 'invoice' ? (i.dueDate ?? '—') : '—') },
          {
            key: 'total',
            header: 'Total',
            render: (i) => <span className="mono">{formatMoney(i.total, i.currency)}</span>,
          },
          ...(tenantView
            ? [
                {
                  key: 'pdf',
                  header: 'PDF',
                  render: (i: Invoice) => (
                    <Button
                      component="a"
                      href={invoicesApi.pdfUrl(i.id)}
                      download
                      variant="default"
                      size="xs"
                      aria-label={`Download ${documentTitle(i)} as PDF`}
                    >
                      Download
                    </Button>
                  ),
                },
              ]
            : [
                {
                  key: 'generated',
                  header: 'Generated',
                  sortField: 'createdAt',
                  render: (i: Invoice) => <Timestamp value={i.generatedAt} />,
                },
              ]),
        ]}
      />
    </>
  );
}
