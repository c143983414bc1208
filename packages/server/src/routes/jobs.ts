import { z } from 'zod';
import { ApiError } from '../errors.js';
import { isTerminal, type JobState } from '../jobs/queue.js';
import { errorResponses, type AppContext, type ZodApp } from './common.js';

export const jobSchema = z.object({
  id: z.string(),
  kind: z.enum(['build', 'sensitivity']),
  status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted']).describe('"interrupted": the server process stopped while the job was queued or running; submit it again with POST /api/jobs/{id}/retry.'),
  params: z.record(z.string(), z.unknown()),
  progress: z.object({ done: z.number(), total: z.number(), message: z.string() }),
  result: z.unknown().describe('The build or sensitivity run summary once succeeded.'),
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown() }).nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  links: z.object({ self: z.string(), events: z.string() }),
});

export function jobView(job: JobState): z.infer<typeof jobSchema> {
  return { ...job, links: { self: `/api/jobs/${job.id}`, events: `/api/jobs/${job.id}/events` } };
}

export function jobRoutes(app: ZodApp, { jobs }: AppContext): void {
  app.get('/api/jobs', {
    schema: { tags: ['jobs'], summary: 'Background jobs, newest first: this process\'s and those recorded by earlier ones (the latest 500)', response: { 200: z.object({ items: z.array(jobSchema) }), ...errorResponses } },
    handler: async () => ({ items: (await jobs.listAll()).map(jobView) }),
  });

  app.get('/api/jobs/:id', {
    schema: { tags: ['jobs'], summary: 'A job, for polling its progress', params: z.object({ id: z.string() }), response: { 200: jobSchema, ...errorResponses } },
    handler: async (request) => {
      const job = await jobs.find(request.params.id);
      if (!job) throw ApiError.notFound(`job "${request.params.id}" does not exist`);
      return jobView(job);
    },
  });

  app.get('/api/jobs/:id/events', {
    schema: {
      tags: ['jobs'],
      summary: 'A job as a stream of server-sent events ("progress", then "end"); the stream closes when the job ends',
      params: z.object({ id: z.string() }),
    },
    handler: async (request, reply) => {
      const job = await jobs.find(request.params.id);
      if (!job) throw ApiError.notFound(`job "${request.params.id}" does not exist`);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      const send = (j: JobState) => {
        res.write(`event: ${isTerminal(j.status) ? 'end' : 'progress'}\ndata: ${JSON.stringify(jobView(j))}\n\n`);
        if (isTerminal(j.status)) {
          off();
          res.end();
        }
      };
      const off = jobs.subscribe(job.id, send);
      request.raw.on('close', off);
      send(jobs.get(job.id) ?? job);
    },
  });

  app.delete('/api/jobs/:id', {
    schema: { tags: ['jobs'], summary: 'Cancel a queued or running job; nothing of it is stored', params: z.object({ id: z.string() }), response: { 202: jobSchema, ...errorResponses } },
    handler: async (request, reply) => {
      const job = await jobs.find(request.params.id);
      if (!job) throw ApiError.notFound(`job "${request.params.id}" does not exist`);
      if (!jobs.cancel(job.id)) throw new ApiError('CONFLICT', `job "${job.id}" has already ended (${job.status})`);
      return reply.code(202).send(jobView(jobs.get(job.id)!));
    },
  });

  app.post('/api/jobs/:id/retry', {
    schema: {
      tags: ['jobs'],
      summary: 'Submit an ended job (interrupted, failed, cancelled or succeeded) again: a new job with the same kind and parameters',
      params: z.object({ id: z.string() }),
      response: { 202: jobSchema, ...errorResponses },
    },
    handler: async (request, reply) => {
      const job = await jobs.find(request.params.id);
      if (!job) throw ApiError.notFound(`job "${request.params.id}" does not exist`);
      if (!isTerminal(job.status)) throw new ApiError('CONFLICT', `job "${job.id}" is still ${job.status}; wait for it or cancel it (DELETE /api/jobs/${job.id})`);
      const again = (await jobs.resubmit(job.id))!;
      return reply.code(202).header('location', `/api/jobs/${again.id}`).send(jobView(again));
    },
  });
}
