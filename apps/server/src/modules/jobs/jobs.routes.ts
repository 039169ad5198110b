import type { RequestContext } from '../../context.ts';
import { defineRoute } from '../../http/route.ts';
import { Job, JobListQuery, JobPage, JobParams } from './jobs.schema.ts';
import { cancelJob, getJob, isJobVisible, listJobs, retryJob } from './jobs.service.ts';

const TAG = 'Jobs';
const isVisible = (ctx: RequestContext, params: { id: string }) => isJobVisible(ctx, params.id);

export const jobRoutes = [
  defineRoute({
    id: 'jobs.list',
    method: 'GET',
    path: '/api/v1/jobs',
    tag: TAG,
    summary: 'Jobs within your scope (region and system jobs: platform only), newest first',
    query: JobListQuery,
    response: { status: 200, description: 'A page of jobs', schema: JobPage },
    handler: ({ ctx, query: { limit, cursor, ...filter } }) => listJobs(ctx, filter, { limit, cursor }),
  }),
  defineRoute({
    id: 'jobs.get',
    method: 'GET',
    path: '/api/v1/jobs/:id',
    tag: TAG,
    summary: 'One job: status, progress, attempts, last error and times',
    params: JobParams,
    response: { status: 200, description: 'The job', schema: Job },
    handler: ({ ctx, params }) => getJob(ctx, params.id),
  }),
  defineRoute({
    id: 'jobs.cancel',
    method: 'POST',
    path: '/api/v1/jobs/:id/cancel',
    tag: TAG,
    summary: 'Cancel a queued or running job',
    description:
      "A running job's lease is revoked: its worker can write nothing more and is told to stop. 409 when the job has " +
      'already finished.',
    params: JobParams,
    target: isVisible,
    response: { status: 200, description: 'The cancelled job', schema: Job },
    handler: ({ ctx, params }) => cancelJob(ctx, params.id),
  }),
  defineRoute({
    id: 'jobs.retry',
    method: 'POST',
    path: '/api/v1/jobs/:id/retry',
    tag: TAG,
    summary: 'Queue a failed or cancelled job again',
    description:
      'It runs again with all its attempts, resuming from its checkpoint. 409 when it has not failed or been ' +
      'cancelled, or when the same work (its dedupe key) is already queued or running.',
    params: JobParams,
    target: isVisible,
    response: { status: 200, description: 'The queued job', schema: Job },
    handler: ({ ctx, params }) => retryJob(ctx, params.id),
  }),
];
