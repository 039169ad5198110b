import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { invoicesApi } from '../../api/invoices.ts';
import { keys } from '../../api/keys.ts';
import { useLabels } from '../../app/labels.ts';
import { FormError, useFormSubmit } from '../../components/forms.tsx';
import { periodLabel } from '../../components/rating/rating-logic.ts';
import { JobFollower } from '../jobs/job-parts.tsx';
import { previousPeriod } from './GenerateInvoicesButton.tsx';
import { PERIOD } from './invoice-logic.ts';

const previews = (n: number) => (n === 1 ? '1 preview' : `${n.toLocaleString()} previews`);

/** How many previews of the period the list holds for the user: one count query, no rows. */
function PreviewCount({ period }: { period: string }) {
  const filter = { status: 'preview', period, limit: 1, includeTotal: true } as const;
  const query = useQuery({
    queryKey: keys.list('invoices', filter),
    queryFn: () => invoicesApi.list(filter),
  });
  const total = query.data?.total;
  if (query.isPending) return <Text size="sm">Counting the previews of {periodLabel(period)}…</Text>;
  if (total === undefined) return null;
  return (
    <Text size="sm" fw={600} data-testid="preview-count">
      {total === 0
        ? `No previews of ${periodLabel(period)} are listed: there is nothing to issue.`
        : `${previews(total)} of ${periodLabel(period)} ${total === 1 ? 'is' : 'are'} listed.`}
    </Text>
  );
}

/**
 * "Issue all previews": every preview of a period the user bills, as an invoices.issue job whose
 * progress the dialog follows (its last message gives the figures); then `onFinished` refreshes the
 * list. The count is the list's own, asked once per period chosen.
 */
export function IssuePreviewsButton({ onFinished }: { onFinished: () => void }) {
  const labels = useLabels();
  const [opened, dialog] = useDisclosure(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const form = useForm<{ period: string }>({
    mode: 'controlled',
    initialValues: { period: previousPeriod() },
    validate: { period: (v) => (PERIOD.test(v) ? null : 'Enter the month as YYYY-MM.') },
  });
  const submit = useFormSubmit(form, (values: { period: string }) => invoicesApi.issueAll(values), {
    onSuccess: (job) => setJobId(job.id),
    rename: (field) => field.replace(/^body\./, ''),
  });
  const close = () => {
    dialog.close();
    setJobId(null);
  };
  const period = PERIOD.test(form.values.period) ? form.values.period : null;
  return (
    <>
      <Button variant="default" onClick={dialog.open}>
        Issue all previews
      </Button>
      <Modal opened={opened} onClose={close} title="Issue all previews" centered>
        {jobId ? (
          <JobFollower
            id={jobId}
            onFinished={onFinished}
            failedTitle="The issuing failed"
            doneText="Finished: the list shows the issued invoices. A preview left unissued keeps an alert (Administration → Alerts) saying why."
            onClose={close}
          />
        ) : (
          <form onSubmit={submit.onSubmit} noValidate>
            <Stack>
              <Text size="sm">
                Issues every preview of the period for the {labels.tenant.plural.toLowerCase()} you bill, in
                batches, each as if issued on its own: it gets its number and due date; its PDF is kept within
                minutes.
              </Text>
              <TextInput
                type="month"
                label="Period"
                description="YYYY-MM"
                required
                {...form.getInputProps('period')}
              />
              {period && <PreviewCount period={period} />}
              <Alert color="yellow" title="Changed previews stay previews">
                <Text size="sm">
                  A preview whose usage or prices changed since it was generated (or that cannot be issued for
                  another reason) is not issued: it stays a preview with an alert saying why. Generate it
                  again, review it and issue it. Issued invoices are only credited or voided.
                </Text>
              </Alert>
              <FormError problem={submit.problem} />
              <Group justify="flex-end">
                <Button variant="default" onClick={close}>
                  Cancel
                </Button>
                <Button type="submit" loading={submit.pending}>
                  Issue previews
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Modal>
    </>
  );
}
