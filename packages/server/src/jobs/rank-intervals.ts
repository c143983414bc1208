import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative } from 'node:path';
import YAML from 'yaml';
import { problem, SoftPowerError } from '@softpower/engine';
import { projectRoot } from '../paths.js';
import { latestBuildId } from '../store/builds.js';
import { assumptionsFilePattern, type BundledLoad } from '../store/bundled.js';
import { sql, type Store } from '../store/store.js';
import type { JobQueue, JobState } from './queue.js';
import { runSensitivity, type SensitivityOptions } from './sensitivity.js';

/** Replications and seed of the rank intervals computed on start (`npm start`). */
export const defaultRankIntervals = { n: 200, seed: 42 } as const;

/** The `imports` kind that records a default rank-interval run by the checksum of its inputs. */
export const rankIntervalImportKind = 'bundled-rank-intervals';

/**
 * The assumptions file of a bundled specification, by `assumptionsFilePattern`:
 * `assumptions-<file name>.yaml` beside it when there is one
 * (`frameworks/assumptions-comprehensive-national-strength.yaml`), else `assumptions.yaml` in
 * its folder (`.yml` too, any case); undefined when neither exists.
 */
export function assumptionsFileFor(specPath: string): string | undefined {
  const dir = dirname(specPath);
  if (!existsSync(dir)) return undefined;
  const own = basename(specPath, extname(specPath)).toLowerCase();
  let shared: string | undefined;
  for (const file of readdirSync(dir).sort()) {
    const match = assumptionsFilePattern.exec(file);
    if (!match) continue;
    if (match[1] === undefined) shared ??= file;
    else if (match[1].toLowerCase() === own) return join(dir, file);
  }
  return shared === undefined ? undefined : join(dir, shared);
}

/** The list of assumptions of a YAML or JSON assumptions file (`assumptions: [...]`). */
export async function readAssumptions(path: string): Promise<{ assumptions: Record<string, unknown>[]; bytes: Buffer }> {
  const bytes = await readFile(path);
  const doc = YAML.parseDocument(bytes.toString('utf8'), { prettyErrors: true });
  const value: unknown = doc.errors.length === 0 ? doc.toJS() : undefined;
  const list = Array.isArray(value) ? value : (value as { assumptions?: unknown } | undefined)?.assumptions;
  if (!Array.isArray(list) || list.length === 0 || !list.every((a) => a !== null && typeof a === 'object' && !Array.isArray(a))) {
    const why = doc.errors[0] ? doc.errors[0].message.split('\n')[0] : 'no list of assumptions under "assumptions"';
    throw new SoftPowerError([problem('ASSUMPTION_INVALID', `rank intervals: the assumptions file ${path} cannot be read: ${why}`, { file: path, hint: 'Write the assumptions as in docs/sensitivity.md ("Assumptions file").' })]);
  }
  return { assumptions: list as Record<string, unknown>[], bytes };
}

export interface RankIntervalTarget {
  frameworkId: string;
  /** The bundled specification file. */
  specPath: string;
  /** Its `specFingerprint` (a checksum covering every data file it names), as `loadBundledData` computed it. */
  specFingerprint: string;
  assumptionsPath: string;
}

export interface RankIntervalSchedule {
  frameworkId: string;
  /** The job computing the intervals, when they were not already stored. */
  job?: JobState;
  /** True when a run with the same specification, data, assumptions, N and seed is stored for the latest build. */
  skipped?: boolean;
  error?: string;
}

/** The frameworks of a bundled load that have an assumptions file beside their specification. */
export function rankIntervalTargets(bundled: BundledLoad): RankIntervalTarget[] {
  const targets: RankIntervalTarget[] = [];
  for (const f of bundled.frameworks) {
    if (!f.frameworkId || f.fingerprint === undefined) continue;
    const assumptionsPath = assumptionsFileFor(f.path);
    if (assumptionsPath) targets.push({ frameworkId: f.frameworkId, specPath: f.path, specFingerprint: f.fingerprint, assumptionsPath });
  }
  return targets;
}

/**
 * Queues an uncertainty analysis (N replications, rank intervals) of the latest build of each
 * framework as a background job, unless one with the same inputs is stored for that build: the
 * checksum covers the specification file, every data file it names, the assumptions file, N
 * and the seed, and is recorded in `imports` when the run is stored. Returns at once; the jobs
 * run after whatever the queue already holds.
 */
export async function scheduleRankIntervals(
  store: Store,
  jobs: JobQueue,
  targets: readonly RankIntervalTarget[],
  options: { n?: number; seed?: number; workers?: number; log?: (line: string) => void } = {},
): Promise<RankIntervalSchedule[]> {
  const n = options.n ?? defaultRankIntervals.n;
  const seed = options.seed ?? defaultRankIntervals.seed;
  const log = options.log ?? (() => {});
  const out: RankIntervalSchedule[] = [];
  const pending: { target: RankIntervalTarget; name: string; checksum: string; settings: SensitivityOptions }[] = [];
  for (const target of targets) {
    try {
      const buildId = await latestBuildId(store, target.frameworkId);
      if (!buildId) {
        out.push({ frameworkId: target.frameworkId, error: 'no successful build' });
        continue;
      }
      const { assumptions, bytes } = await readAssumptions(target.assumptionsPath);
      const name = `${relative(projectRoot, target.assumptionsPath)} → ${target.frameworkId}`;
      const checksum = createHash('sha256')
        .update(`${target.specFingerprint}\n`)
        .update(bytes)
        .update(`\nn=${n}\nseed=${seed}\n`)
        .digest('hex');
      const known = await store.rows(sql`
        select 1 from imports i join sensitivity_runs r on r.id = i.outcome->>'runId'
        where i.kind = ${rankIntervalImportKind} and i.name = ${name} and i.sha256 = ${checksum} and r.build_id = ${buildId}`);
      if (known.length > 0) {
        out.push({ frameworkId: target.frameworkId, skipped: true });
        continue;
      }
      pending.push({ target, name, checksum, settings: { framework: target.frameworkId, kind: 'uncertainty', n, seed, sampling: 'random', assumptions } });
    } catch (e) {
      const message = e instanceof SoftPowerError ? e.problems.map((p) => p.message).join('; ') : (e as Error).message;
      out.push({ frameworkId: target.frameworkId, error: message });
      log(`rank intervals of ${target.frameworkId} skipped: ${message}`);
    }
  }
  // Submitted once every check has run: a running job would slow the checks down.
  for (const { target, name, checksum, settings } of pending) {
    const job = jobs.submit('sensitivity', { ...settings, assumptionsFile: relative(projectRoot, target.assumptionsPath) }, async (ctx) => {
      const summary = await runSensitivity(store, settings, { progress: ctx.progress, signal: ctx.signal, workers: options.workers });
      await store.db.execute(sql`
        insert into imports (kind, name, sha256, rows, outcome)
        values (${rankIntervalImportKind}, ${name}, ${checksum}, ${summary.runs}, ${JSON.stringify({ frameworkId: target.frameworkId, buildId: summary.buildId, runId: summary.id })}::jsonb)
        on conflict (kind, name, sha256) do update set outcome = excluded.outcome, rows = excluded.rows, imported_at = now()`);
      store.changed();
      log(`rank intervals of ${target.frameworkId}: ${summary.runs} replications stored (${summary.failedRuns} failed)`);
      return summary;
    });
    out.push({ frameworkId: target.frameworkId, job });
  }
  return out;
}
