import { randomUUID } from 'node:crypto';
import { buildIndex, SoftPowerError, type BuildResult, type IndexData } from '@softpower/engine';
import { buildTables, type LoadedSpec } from '@softpower/cli';
import { ApiError } from '../errors.js';
import { getSpec, loadStoredSpec } from './specs.js';
import { sql, type Store } from './store.js';

export interface BuildProgress {
  (done: number, total: number, message: string): void;
}

export interface BuildSummary {
  id: string;
  frameworkId: string;
  specVersion: number;
  status: 'succeeded' | 'failed';
  inputs: { path: string; sha256: string }[];
  warnings: number;
  problems: unknown[];
  startedAt: string;
  finishedAt: string;
}

/** Results are stored with year 0 for data without a year. */
export function yearKey(year: number): number {
  return Number.isNaN(year) ? 0 : year;
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

const batchSize = 5000;

async function insertResults(tx: Store['db'], id: string, build: BuildResult): Promise<void> {
  const { results } = build;
  let batch: unknown[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await tx.execute(sql`
      insert into results (build_id, unit, year, code, level, score, rank)
      select ${id}, unit, year, code, level, score, rank
      from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as x(unit text, year integer, code text, level integer, score double precision, rank double precision)`);
    batch = [];
  };
  for (let k = 0; k < results.codes.length; k++) {
    for (let r = 0; r < results.rows.units.length; r++) {
      batch.push({ unit: results.rows.units[r], year: yearKey(results.rows.years[r]), code: results.codes[k], level: results.levels[k], score: finite(results.scores[k][r]), rank: finite(results.ranks[k][r]) });
      if (batch.length >= batchSize) await flush();
    }
  }
  await flush();
}

interface StoredTable {
  name: string;
  columns: string[];
  rows: unknown[][];
}

/**
 * The CLI's output tables of a build (weights, strengths and weaknesses, data sets, step and
 * audit tables), as `softpower index build --out` writes them. Throws BUILD_AUDIT_FAILED,
 * naming the framework and the cause, when they cannot be computed: a build is stored with
 * its audit or not at all.
 */
export function storedTables(build: BuildResult, data: IndexData, frameworkId: string): StoredTable[] {
  try {
    return buildTables(build, data).filter((t) => t.name !== 'results' && t.name !== 'results_long');
  } catch (e) {
    const message = `build: the output tables of framework "${frameworkId}" (weights, data sets, statistical audit) could not be computed: ${(e as Error).message}`;
    const hint = 'The scores were computed but the build is not stored without its audit. Please report it with the specification and its data.';
    throw new ApiError('BUILD_AUDIT_FAILED', message, [{ code: 'BUILD_AUDIT_FAILED', severity: 'error', message, hint }]);
  }
}

/** Stores a finished build, its results and its other tables in one transaction. */
export async function saveBuild(store: Store, frameworkId: string, specVersion: number, loaded: LoadedSpec, build: BuildResult, startedAt: Date): Promise<BuildSummary> {
  const id = randomUUID();
  const finishedAt = new Date();
  const tables = storedTables(build, loaded.data, frameworkId);
  const warnings = build.warnings;
  await store.db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into builds (id, framework_id, spec_version, status, inputs, warnings, problems, started_at, finished_at)
      values (${id}, ${frameworkId}, ${specVersion}, 'succeeded', ${JSON.stringify(loaded.inputs)}::jsonb, ${JSON.stringify(warnings)}::jsonb, '[]'::jsonb, ${startedAt.toISOString()}, ${finishedAt.toISOString()})`);
    await insertResults(tx, id, build);
    for (const t of tables) {
      const rows = t.rows.map((row) => row.map((c) => (typeof c === 'number' && !Number.isFinite(c) ? null : (c ?? null))));
      await tx.execute(sql`insert into build_tables (build_id, name, columns, rows) values (${id}, ${t.name}, ${JSON.stringify(t.columns)}::jsonb, ${JSON.stringify(rows)}::jsonb)`);
    }
  });
  store.changed();
  return { id, frameworkId, specVersion, status: 'succeeded', inputs: loaded.inputs, warnings: warnings.length, problems: [], startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString() };
}

async function saveFailedBuild(store: Store, frameworkId: string, specVersion: number, inputs: { path: string; sha256: string }[], problems: unknown[], startedAt: Date): Promise<void> {
  await store.db.execute(sql`
    insert into builds (id, framework_id, spec_version, status, inputs, warnings, problems, started_at, finished_at)
    values (${randomUUID()}, ${frameworkId}, ${specVersion}, 'failed', ${JSON.stringify(inputs)}::jsonb, '[]'::jsonb, ${JSON.stringify(problems)}::jsonb, ${startedAt.toISOString()}, ${new Date().toISOString()})`);
  store.changed();
}

/** Loads a stored specification with its data, for a build or a sensitivity run. */
export async function loadFramework(store: Store, frameworkId: string, version?: number): Promise<{ loaded: LoadedSpec; version: number }> {
  const stored = await getSpec(store, frameworkId, version);
  return { loaded: await loadStoredSpec(store, stored.spec, stored.sha256, stored.version), version: stored.version };
}

/**
 * Builds a stored framework (the latest specification unless `version` is given) and stores
 * the build. A build that stops on errors is recorded as failed, with every problem, and the
 * error is thrown on.
 */
export async function runBuild(store: Store, frameworkId: string, options: { version?: number; progress?: BuildProgress; signal?: AbortSignal } = {}): Promise<BuildSummary> {
  const progress = options.progress ?? (() => {});
  const startedAt = new Date();
  progress(0, 3, 'loading the specification and its data');
  const { loaded, version } = await loadFramework(store, frameworkId, options.version);
  options.signal?.throwIfAborted();
  progress(1, 3, 'building');
  let build: BuildResult;
  try {
    build = buildIndex(loaded.spec, loaded.data);
  } catch (e) {
    if (e instanceof SoftPowerError) await saveFailedBuild(store, frameworkId, version, loaded.inputs, e.problems, startedAt);
    throw e;
  }
  options.signal?.throwIfAborted();
  progress(2, 3, 'saving the results');
  let summary: BuildSummary;
  try {
    summary = await saveBuild(store, frameworkId, version, loaded, build, startedAt);
  } catch (e) {
    if (e instanceof ApiError && e.code === 'BUILD_AUDIT_FAILED') await saveFailedBuild(store, frameworkId, version, loaded.inputs, e.details as unknown[], startedAt);
    throw e;
  }
  progress(3, 3, 'done');
  return summary;
}

/** The latest successful build of a framework (of a given specification version if named). */
export async function latestBuildId(store: Store, frameworkId: string, specVersion?: number): Promise<string | undefined> {
  const rows = await store.cached(`latest-build|${frameworkId}|${specVersion ?? ''}`, () =>
    store.rows<{ id: string }>(sql`
      select id from builds where framework_id = ${frameworkId} and status = 'succeeded'
      ${specVersion === undefined ? sql`` : sql`and spec_version = ${specVersion}`}
      order by finished_at desc, id limit 1`),
  );
  return rows[0]?.id;
}

export async function requireLatestBuild(store: Store, frameworkId: string): Promise<string> {
  const id = await latestBuildId(store, frameworkId);
  if (id) return id;
  const exists = await store.rows(sql`select 1 from frameworks where id = ${frameworkId}`);
  if (exists.length === 0) throw ApiError.notFound(`framework "${frameworkId}" does not exist`);
  throw ApiError.notFound(`framework "${frameworkId}" has no successful build yet; start one with POST /api/builds`);
}

export type { IndexData };
