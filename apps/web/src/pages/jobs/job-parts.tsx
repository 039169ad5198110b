import { Alert, Anchor, Badge, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { jobsApi } from '../../api/jobs.ts';
import { keys } from '../../api/keys.ts';
import type { Job } from '../../api/types.ts';

const STATUS: Record<Job['status'], { label: string; color: string }> = {
  queued: { label: 'Queued', color: 'gray' },
  running: { label: 'Running', color: 'blue' },
  succeeded: { label: 'Succeeded', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
  cancelled: { label: 'Cancelled', color: 'orange' },
};

export const JOB_STATUS_OPTIONS = (Object.keys(STATUS) as Job['status'][]).map((value) => ({
  value,
  label: STATUS[value].label,
}));

/** Queued or running: the page refreshes it while it is. */
export const isLive = (job: Pick<Job, 'status'>) => job.status === 'queued' || job.status === 'running';

export function JobStatusBadge({ status }: { status: Job['status'] }) {
  return (
    <Badge color={STATUS[status].color} variant="dot" size="md">
      {STATUS[status].label}
    </Badge>
  );
}

/** done of total as a bar with its figures, or a dash before the job reports any. */
export function JobProgress({ job, wide = false }: { job: Job; wide?: boolean }) {
  if (!job.progress) return <Text size="sm">—</Text>;
  const { done, total, message } = job.progress;
  const percent = total === 0 ? 100 : Math.round((done / total) * 100);
  return (
    <div>
      <Group gap="xs" wrap="nowrap">
        <Progress
          value={percent}
          w={wide ? '100%' : 90}
          size={wide ? 'lg' : 'sm'}
          aria-label={`Progress of job ${job.id}`}
          animated={job.status === 'running'}
        />
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {done} / {total}
        </Text>
      </Group>
      {wide && message && (
        <Text size="sm" c="dimmed" mt={4}>
          {message}
        </Text>
      )}
    </div>
  );
}

/**
 * A job a dialog started, refreshed every second while it is queued or running; with `onClose`, the
 * dialog's Close button below it.
 */
export function JobFollower({
  onClose,
  ...follow
}: {
  id: string;
  onFinished: () => void;
  failedTitle: string;
  doneText: string;
  onClose?: () => void;
}) {
  if (!onClose) return <FollowedJob {...follow} />;
  return (
    <Stack>
      <FollowedJob {...follow} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Close
        </Button>
      </Group>
    </Stack>
  );
}

function FollowedJob({
  id,
  onFinished,
  failedTitle,
  doneText,
}: {
  id: string;
  onFinished: () => void;
  failedTitle: string;
  doneText: string;
}) {
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
        <Alert color="red" title={failedTitle}>
          <Text size="sm">{job.lastError}</Text>
        </Alert>
      )}
      {job.status === 'succeeded' && <Text size="sm">{doneText}</Text>}
    </Stack>
  );
}
