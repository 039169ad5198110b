import { Alert, Anchor, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { jobsApi } from '../../api/jobs.ts';
import { keys } from '../../api/keys.ts';
import type { UsageCollection } from '../../api/types.ts';
import { isLive, JobProgress, JobStatusBadge } from '../../pages/jobs/job-parts.tsx';
import { FormError, useFormSubmit } from '../forms.tsx';
import { thisMonth } from './quantity.ts';

interface Range {
  fromDate: string;
  toDate: string;
}

/** The collection job, refreshed every second while it is queued or running. */
function JobFollower({ id, onFinished }: { id: string; onFinished: () => void }) {
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
  if (!job) return <Text size="sm">Queued…</Text>;
  return (
    <Stack gap="xs" aria-live="polite">
      <Group gap="xs">
        <Text size="sm" fw={600}>
          Job
        </Text>
        <Anchor component={Link} to={`/jobs/${job.id}`} size="sm" className="mono">
          {job.id}
        </Anchor>
        <JobStatusBadge status={job.status} />
      </Group>
      <JobProgress job={job} wide />
      {job.status === 'failed' && job.lastError && (
        <Alert color="red" title="The collection failed">
          <Text size="sm">{job.lastError}</Text>
        </Alert>
      )}
      {job.status === 'succeeded' && <Text size="sm">Usage is up to date for these days.</Text>}
    </Stack>
  );
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
          <Stack>
            <JobFollower id={jobId} onFinished={onFinished} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Close
              </Button>
            </Group>
          </Stack>
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
