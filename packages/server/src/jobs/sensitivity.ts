import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { AnalysisSettings, SensitivityResult, UncertaintyResult } from '@softpower/engine';
import { runParallel } from '@softpower/cli';
import { z } from 'zod';
import { loadFramework, requireLatestBuild, yearKey, type BuildProgress } from '../store/builds.js';
import { sql, type Store } from '../store/store.js';

export const sensitivityOptionsSchema = z
  .object({
    framework: z.string().min(1).describe('Framework id; the run uses its latest successful build.'),
    kind: z
      .enum(['uncertainty', 'sensitivity'])
      .default('uncertainty')
      .describe('uncertainty: n Monte Carlo replications, rank intervals; sensitivity: Saltelli design of n(d + 2) runs, Sobol indices too (COINr get_sensitivity UA / SA).'),
    n: z.number().int().min(1).max(10_000).default(100).describe('Replications (uncertainty) or base sample size N (sensitivity, at least 2).'),
    seed: z.number().int().min(0).max(2 ** 32 - 1).default(1).describe('Seed of the random generator; the same seed gives the same run.'),
    sampling: z.enum(['random', 'sobol']).default('random'),
    code: z.string().min(1).optional().describe('Target node (default the index).'),
    bootstrap: z.number().int().min(0).max(10_000).optional().describe('Sensitivity only: bootstrap replicates of the Sobol confidence intervals (default 100).'),
    assumptions: z
      .array(z.record(z.string(), z.unknown()))
      .min(1)
      .describe('Uncertain assumptions as in `softpower index sensitivity --assumptions`: {name, kind: "discrete", pointer, values}, {name, kind: "continuous", pointer, min, max} or {name, kind: "weight-noise", levels, factor}.'),
  })
  .strict();

export type SensitivityOptions = z.infer<typeof sensitivityOptionsSchema>;

export interface SensitivitySummary {
  id: string;
  buildId: string;
  frameworkId: string;
  specVersion: number;
  kind: 'uncertainty' | 'sensitivity';
  runs: number;
  failedRuns: number;
  indices: SensitivityIndexView[];
}

/** First-order and total Sobol indices of one assumption, with bootstrap 5 %–95 % intervals. */
export interface SensitivityIndexView {
  assumption: string;
  first: number | null;
  total: number | null;
  firstQ05: number | null;
  firstQ95: number | null;
  totalQ05: number | null;
  totalQ95: number | null;
}

/**
 * Worker threads of a sensitivity job: one fewer than the CPUs, at least one, so that the
 * thread answering HTTP requests keeps a core.
 */
export function defaultJobWorkers(): number {
  return Math.max(1, availableParallelism() - 1);
}

export interface SensitivityRunOptions {
  progress?: BuildProgress;
  signal?: AbortSignal;
  /** Worker threads computing the replications (default `defaultJobWorkers()`); the numbers do not depend on it. */
  workers?: number;
}

const finiteOrNull = (value: number): number | null => (Number.isFinite(value) ? value : null);

/**
 * Uncertainty or sensitivity analysis of a framework's latest build on worker threads (the
 * CLI's `runParallel`, with no replication in this thread), so that the server keeps answering
 * while it runs; progress after every chunk, cancellation through `signal` (the workers are
 * stopped). The numbers are those of the engine's single-threaded `runUncertainty` /
 * `runSensitivity` bit for bit. Stores each unit's nominal, median, 5 % and 95 % rank for
 * every aggregate, and the Sobol indices, in one transaction at the end.
 */
export async function runSensitivity(store: Store, options: SensitivityOptions, run: SensitivityRunOptions = {}): Promise<SensitivitySummary> {
  const progress = run.progress ?? (() => {});
  const startedAt = new Date();
  const buildId = await requireLatestBuild(store, options.framework);
  const [build] = await store.rows<{ spec_version: number }>(sql`select spec_version from builds where id = ${buildId}`);
  const { loaded, version } = await loadFramework(store, options.framework, build.spec_version);
  progress(0, 1, 'preparing the analysis');
  const settings: AnalysisSettings = { n: options.n, seed: options.seed, sampling: options.sampling, code: options.code, bootstrap: options.bootstrap };
  const parallel = {
    workers: run.workers ?? defaultJobWorkers(),
    mainThread: false,
    signal: run.signal,
    onProgress: (done: number, total: number) => progress(done, total, `run ${done} of ${total}`),
  };
  const result: UncertaintyResult | SensitivityResult =
    options.kind === 'sensitivity'
      ? await runParallel('sensitivity', loaded.spec, loaded.data, options.assumptions, settings, parallel)
      : await runParallel('uncertainty', loaded.spec, loaded.data, options.assumptions, settings, parallel);
  run.signal?.throwIfAborted();
  progress(result.runs, result.runs, 'saving the rank intervals');
  const rows = result.statistics.map((s) => ({
    unit: s.unit,
    year: yearKey(s.year),
    code: s.code,
    nominal_rank: finiteOrNull(s.nominalRank),
    median_rank: finiteOrNull(s.medianRank),
    rank_low: finiteOrNull(s.q05Rank),
    rank_high: finiteOrNull(s.q95Rank),
  }));
  const indices: SensitivityIndexView[] = (options.kind === 'sensitivity' ? (result as SensitivityResult).indices : []).map((i) => ({
    assumption: i.assumption,
    first: finiteOrNull(i.first),
    total: finiteOrNull(i.total),
    firstQ05: finiteOrNull(i.firstQ05),
    firstQ95: finiteOrNull(i.firstQ95),
    totalQ05: finiteOrNull(i.totalQ05),
    totalQ95: finiteOrNull(i.totalQ95),
  }));
  const id = randomUUID();
  const failedRuns = new Set(result.failures.map((f) => f.run)).size;
  await store.db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into sensitivity_runs (id, build_id, framework_id, spec_version, kind, options, runs, failed_runs, indices, started_at, finished_at)
      values (${id}, ${buildId}, ${options.framework}, ${version}, ${options.kind}, ${JSON.stringify(options)}::jsonb, ${result.runs}, ${failedRuns},
        ${JSON.stringify(indices)}::jsonb, ${startedAt.toISOString()}, ${new Date().toISOString()})`);
    for (let i = 0; i < rows.length; i += 5000) {
      await tx.execute(sql`
        insert into sensitivity_results (run_id, unit, year, code, nominal_rank, median_rank, rank_low, rank_high)
        select ${id}, unit, year, code, nominal_rank, median_rank, rank_low, rank_high
        from jsonb_to_recordset(${JSON.stringify(rows.slice(i, i + 5000))}::jsonb) as x(unit text, year integer, code text, nominal_rank double precision, median_rank double precision, rank_low double precision, rank_high double precision)`);
    }
  });
  store.changed();
  return { id, buildId, frameworkId: options.framework, specVersion: version, kind: options.kind, runs: result.runs, failedRuns, indices };
}
