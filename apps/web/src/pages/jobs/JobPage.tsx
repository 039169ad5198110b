import { Alert, Code, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { jobsApi } from '../../api/jobs.ts';
import { keys } from '../../api/keys.ts';
import type { Job } from '../../api/types.ts';
import { can } from '../../app/access.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { DetailList } from '../../components/DetailList.tsx';
import { Timestamp } from '../../components/format.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryState } from '../../components/states.tsx';
import { isLive, JobProgress, JobStatusBadge } from './job-parts.tsx';

const REQUESTED_BY: Record<Job['requestedBy']['kind'], string> = {
  system: 'The system (a schedule or another job)',
  provider: 'Provider staff',
  user: 'A user',
};

/** One job: its progress (refreshed while it is queued or running), attempts, error; cancel and retry. */
export default function JobPage() {
  const { id = '' } = useParams();
  const me = useCurrentMe();
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: keys.detail('jobs', id),
    queryFn: () => jobsApi.get(id),
    refetchInterval: (q) => (q.state.data && isLive(q.state.data) ? 2_000 : false),
  });
  const job = query.data;
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: keys.all('jobs') });
  };
  return (
    <>
      <PageHeader
        title={job ? `Job ${job.type}` : 'Job'}
        back={{ to: '/jobs', label: 'Jobs' }}
        actions={
          job && (
            <>
              {isLive(job) && can(me, 'jobs.cancel') && (
                <ConfirmButton
                  label="Cancel job"
                  title="Cancel this job?"
                  message={
                    job.status === 'running'
                      ? 'The job stops: its worker can write nothing more. What it finished so far stays.'
                      : 'The job will not run.'
                  }
                  confirmLabel="Cancel job"
                  success="The job was cancelled."
                  onConfirm={() => jobsApi.cancel(job.id)}
                  onDone={refresh}
                />
              )}
              {(job.status === 'failed' || job.status === 'cancelled') && can(me, 'jobs.retry') && (
                <ConfirmButton
                  label="Retry"
                  title="Run this job again?"
                  message="It is queued again with all its attempts and resumes where it stopped."
                  confirmLabel="Retry"
                  color="blue"
                  variant="filled"
                  success="The job was queued again."
                  onConfirm={() => jobsApi.retry(job.id)}
                  onDone={refresh}
                />
              )}
            </>
          )
        }
      />
      <QueryState query={query}>
        {(j) => (
          <Stack gap="lg">
            {j.lastError && (
              <Alert
                color={j.status === 'failed' ? 'red' : 'yellow'}
                variant="light"
                title={j.status === 'failed' ? 'Failed' : 'Last attempt failed'}
              >
                <Text size="sm">{j.lastError}</Text>
              </Alert>
            )}
            <Paper withBorder p="md" component="section" aria-labelledby="job-progress">
              <Title order={2} size="h4" mb="sm" id="job-progress">
                Progress
              </Title>
              <JobProgress job={j} wide />
            </Paper>
            <Paper withBorder p="md" component="section" aria-labelledby="job-summary">
              <Title order={2} size="h4" mb="sm" id="job-summary">
                Summary
              </Title>
              <DetailList
                items={[
                  { label: 'Status', value: <JobStatusBadge status={j.status} /> },
                  { label: 'Type', value: <span className="mono">{j.type}</span> },
                  { label: 'Attempts', value: `${j.attempts} of ${j.maxAttempts}` },
                  { label: 'Requested by', value: REQUESTED_BY[j.requestedBy.kind] },
                  { label: 'Queued', value: <Timestamp value={j.createdAt} /> },
                  {
                    label: j.status === 'queued' ? 'Runs' : 'Started',
                    value: <Timestamp value={j.status === 'queued' ? j.nextAttemptAt : j.startedAt} />,
                  },
                  { label: 'Finished', value: <Timestamp value={j.finishedAt} /> },
                  { label: 'Region', value: j.regionId && <span className="mono">{j.regionId}</span> },
                  {
                    label: 'Subscription',
                    value: j.subscriptionId && <span className="mono">{j.subscriptionId}</span>,
                  },
                  {
                    label: 'Schedule',
                    value: j.scheduleKey && <span className="mono">{j.scheduleKey}</span>,
                  },
                  { label: 'Id', value: <span className="mono">{j.id}</span> },
                ]}
              />
            </Paper>
            <Paper withBorder p="md" component="section" aria-labelledby="job-payload">
              <Title order={2} size="h4" mb="sm" id="job-payload">
                What it works on
              </Title>
              <Code block>{JSON.stringify(j.payload, null, 2)}</Code>
            </Paper>
          </Stack>
        )}
      </QueryState>
    </>
  );
}
