import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import type { UsageCollection } from '../../api/types.ts';
import { JobFollower } from '../../pages/jobs/job-parts.tsx';
import { FormError, useFormSubmit } from '../forms.tsx';
import { thisMonth } from './quantity.ts';

interface Range {
  fromDate: string;
  toDate: string;
}

/**
 * "Update Usage": a range of the region's local days, queued as a usage.collect job whose progress
 * the dialog follows until it ends; then `onFinished` refreshes whatever shows the usage.
 */
export function UpdateUsageButton({
  collect,
  onFinished,
  what,
}: {
  collect: (range: Range) => Promise<UsageCollection>;
  onFinished: () => void;
  /** What is collected, for the dialog's title, e.g. the region's name. */
  what: string;
}) {
  const [opened, dialog] = useDisclosure(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const form = useForm<Range>({
    mode: 'controlled',
    initialValues: thisMonth(),
    validate: {
      fromDate: (v) => (v ? null : 'Enter the first day.'),
      toDate: (v, all) =>
        !v ? 'Enter the last day.' : v < all.fromDate ? 'Must not be before the first day.' : null,
    },
  });
  const submit = useFormSubmit(form, collect, { onSuccess: (c) => setJobId(c.id) });
  const close = () => {
    dialog.close();
    setJobId(null);
  };
  return (
    <>
      <Button onClick={dialog.open}>Update Usage</Button>
      <Modal opened={opened} onClose={close} title={`Update usage of ${what}`} centered>
        {jobId ? (
          <JobFollower
            id={jobId}
            onFinished={onFinished}
            failedTitle="The collection failed"
            doneText="Usage is up to date for these days."
            onClose={close}
          />
        ) : (
          <form onSubmit={submit.onSubmit} noValidate>
            <Stack>
              <Text size="sm">
                Collects the usage the region reported for these days (its local days) as a job; usage already
                collected for them is not counted twice.
              </Text>
              <Group grow align="flex-start">
                <TextInput type="date" label="From" required {...form.getInputProps('fromDate')} />
                <TextInput type="date" label="To" required {...form.getInputProps('toDate')} />
              </Group>
              <FormError problem={submit.problem} />
              <Group justify="flex-end">
                <Button variant="default" onClick={close}>
                  Cancel
                </Button>
                <Button type="submit" loading={submit.pending}>
                  Collect usage
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Modal>
    </>
  );
}
