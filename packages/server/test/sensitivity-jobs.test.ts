import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSensitivity as engineSensitivity, runUncertainty } from '@softpower/engine';
import { loadSpec, type LoadedSpec } from '@softpower/cli';
import { createApp } from '../src/app.js';
import { JobQueue, type JobState } from '../src/jobs/queue.js';
import { readAssumptions } from '../src/jobs/rank-intervals.js';
import { projectRoot } from '../src/paths.js';
import { runBuild } from '../src/store/builds.js';
import { saveBundledSpec } from '../src/store/specs.js';
import { sql, type Store } from '../src/store/store.js';
import { asemSpecPath, backends, testToken } from './support.js';

const auth = { authorization: `Bearer ${testToken}` };
const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

describe.each(backends())('sensitivity jobs on worker threads ($name)', (backend) => {
  let store: Store;
  let app: FastifyInstance;
  let jobs: JobQueue;
  let asem: LoadedSpec;
  let assumptions: Record<string, unknown>[];

  beforeAll(async () => {
    store = await backend.open();
    await saveBundledSpec(store, asemSpecPath);
    await runBuild(store, 'asem-default');
    jobs = new JobQueue();
    app = await createApp({ store, jobs, token: testToken, workers: 2 });
    asem = await loadSpec(asemSpecPath);
    ({ assumptions } = await readAssumptions(join(projectRoot, 'examples/coinr-asem/sensitivity-bench.yaml')));
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    jobs?.cancelAll();
    await jobs?.idle();
    await store?.close();
  });

  async function submit(body: Record<string, unknown>): Promise<JobState> {
    const res = await app.inject({ method: 'POST', url: '/api/sensitivity', headers: auth, payload: { framework: 'asem-default', assumptions, ...body } });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(202);
    return res.json();
  }

  it('an uncertainty run on two worker threads stores the single-threaded engine\'s statistics bit for bit, for every unit and aggregate', async () => {
    const job = await jobs.wait((await submit({ kind: 'uncertainty', n: 40, seed: 11 })).id);
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    const runId = (job.result as { id: string }).id;
    const engine = runUncertainty(asem.spec, asem.data, assumptions, { n: 40, seed: 11 });
    const stored = await store.rows<{ unit: string; code: string; nominal_rank: number | null; median_rank: number | null; rank_low: number | null; rank_high: number | null }>(
      sql`select unit, code, nominal_rank, median_rank, rank_low, rank_high from sensitivity_results where run_id = ${runId} order by code, unit`,
    );
    const expected = engine.statistics
      .map((s) => ({ unit: s.unit, code: s.code, nominal_rank: finiteOrNull(s.nominalRank), median_rank: finiteOrNull(s.medianRank), rank_low: finiteOrNull(s.q05Rank), rank_high: finiteOrNull(s.q95Rank) }))
      .sort((a, b) => (a.code === b.code ? (a.unit < b.unit ? -1 : 1) : a.code < b.code ? -1 : 1));
    expect(stored.length).toBeGreaterThan(51);
    expect(stored).toEqual(expected);
  }, 60_000);

  it('a Sobol run on worker threads gives the engine\'s first and total indices exactly', async () => {
    const job = await jobs.wait((await submit({ kind: 'sensitivity', n: 8, seed: 5, bootstrap: 20 })).id);
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    const engine = engineSensitivity(asem.spec, asem.data, assumptions, { n: 8, seed: 5, bootstrap: 20 });
    const indices = (job.result as { indices: { assumption: string; first: number | null; total: number | null; firstQ05: number | null; totalQ95: number | null }[] }).indices;
    expect(indices.map((i) => i.assumption)).toEqual(engine.indices.map((i) => i.assumption));
    engine.indices.forEach((e, k) => {
      expect(indices[k].first).toBe(finiteOrNull(e.first));
      expect(indices[k].total).toBe(finiteOrNull(e.total));
      expect(indices[k].firstQ05).toBe(finiteOrNull(e.firstQ05));
      expect(indices[k].totalQ95).toBe(finiteOrNull(e.totalQ95));
    });
  }, 60_000);

  it('a running job is cancelled with DELETE /api/jobs/{id}: its workers stop, reads go on, nothing is stored', async () => {
    const before = (await app.inject('/api/sensitivity?framework=asem-default')).json().total;
    const started = await submit({ kind: 'uncertainty', n: 10_000, seed: 1 });
    await new Promise<void>((resolve) => {
      const off = jobs.subscribe(started.id, (j) => {
        if (j.status === 'running' && j.progress.done > 0) {
          off();
          resolve();
        }
      });
    });
    const read = await app.inject('/api/frameworks/asem-default/results?limit=5');
    expect(read.statusCode).toBe(200);
    expect(jobs.get(started.id)?.status).toBe('running');
    const cancelled = await app.inject({ method: 'DELETE', url: `/api/jobs/${started.id}`, headers: auth });
    expect(cancelled.statusCode).toBe(202);
    const ended = await jobs.wait(started.id);
    expect(ended.status).toBe('cancelled');
    expect(ended.progress.done).toBeLessThan(10_000);
    expect((await app.inject('/api/sensitivity?framework=asem-default')).json().total).toBe(before);
  }, 60_000);
});
