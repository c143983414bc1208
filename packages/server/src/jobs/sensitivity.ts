import { randomUUID } from 'node:crypto';
import { AnalysisCancelledError, mergeChunks, planChunks, prepareAnalysis, runChunk, type SensitivityResult, type UncertaintyResult } from '@softpower/engine';
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

/** Runs per chunk: small enough that progress, cancellation and HTTP reads interleave. */
const chunkSize = 16;

const finiteOrNull = (value: number): number | null => (Number.isFinite(value) ? value : null);

/**
 * Uncertainty or sensitivity analysis of a framework's latest build with the engine's
 * analysis (`prepareAnalysis`, `runChunk`, `mergeChunks`), run chunk by chunk so that the
 * server keeps answering, with progress and cancellation between chunks. Stores each unit's
 * nominal, median, 5 % and 95 % rank for every aggregate, and the Sobol indices, in one
 * transaction at the end.
 */
export async function runSensitivity(store: Store, options: SensitivityOptions, progress: BuildProgress = () => {}, signal?: AbortSignal): Promise<SensitivitySummary> {
  const startedAt = new Date();
  const buildId = await requireLatestBuild(store, options.framework);
  const [build] = await store.rows<{ spec_version: number }>(sql`select spec_version from builds where id = ${buildId}`);
  const { loaded, version } = await loadFramework(store, options.framework, build.spec_version);
  progress(0, 1, 'preparing the analysis');
  const prepared = prepareAnalysis(options.kind, loaded.spec, loaded.data, options.assumptions, {
    n: options.n,
    seed: options.seed,
    sampling: options.sampling,
    code: options.code,
    bootstrap: options.bootstrap,
  });
  const chunks = [];
  for (const [start, end] of planChunks(prepared.runs, chunkSize)) {
    if (signal?.aborted) throw new AnalysisCancelledError();
    chunks.push(runChunk(prepared, start, end));
    progress(end, prepared.runs, `run ${end} of ${prepared.runs}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
  const result: UncertaintyResult | SensitivityResult = mergeChunks(prepared, chunks);
  signal?.throwIfAborted();
  progress(prepared.runs, prepared.runs, 'saving the rank intervals');
  const rows = result.statistics.map((s) => ({
    unit: s.unit,
    year: yearKey(s.year),
    code: s.code,
    nominal_rank: finiteOrNull(s.nominalRank),
    median_rank: finiteOrNull(s.medianRank),
    rank_low: finiteOrNull(s.q05Rank),
    rank_high: finiteOrNull(s.q95Rank),
  }));
  const indices: SensitivityIndexView[] = 'indices' in result ? result.indices.map((i) => ({
          assumption: i.assumption,
          first: finiteOrNull(i.first),
          total: finiteOrNull(i.total),
          firstQ05: finiteOrNull(i.firstQ05),
          firstQ95: finiteOrNull(i.firstQ95),
          totalQ05: finiteOrNull(i.totalQ05),
          totalQ95: finiteOrNull(i.totalQ95),
        })) : [];
  const id = randomUUID();
  const failedRuns = new Set(result.failures.map((f) => f.run)).size;
  await store.db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into sensitivity_runs (id, build_id, framework_id, spec_version, kind, options, runs, failed_runs, indices, started_at, finished_at)
      values (${id}, ${buildId}, ${options.framework}, ${version}, ${options.kind}, ${JSON.stringify(options)}::jsonb, ${prepared.runs}, ${failedRuns},
        ${JSON.stringify(indices)}::jsonb, ${startedAt.toISOString()}, ${new Date().toISOString()})`);
    for (let i = 0; i < rows.length; i += 5000) {
      await tx.execute(sql`
        insert into sensitivity_results (run_id, unit, year, code, nominal_rank, median_rank, rank_low, rank_high)
        select ${id}, unit, year, code, nominal_rank, median_rank, rank_low, rank_high
        from jsonb_to_recordset(${JSON.stringify(rows.slice(i, i + 5000))}::jsonb) as x(unit text, year integer, code text, nominal_rank double precision, median_rank double precision, rank_low double precision, rank_high double precision)`);
    }
  });
  store.changed();
  return { id, buildId, frameworkId: options.framework, specVersion: version, kind: options.kind, runs: prepared.runs, failedRuns, indices };
}
