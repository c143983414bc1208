import { bigint, boolean, customType, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * The store's schema, identical on PGlite and PostgreSQL. Tables that grow without bound
 * (`indicator_values`, `results`, `sensitivity_results`) carry their Citus distribution column
 * in every primary key and unique index; small lookup tables are Citus reference tables. See
 * docs/server.md, "Scaling out".
 */

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/** Reference table: one row per country or territory (data/derived/countries.csv). */
export const countries = pgTable('countries', {
  iso3: text('iso3').primaryKey(),
  iso2: text('iso2'),
  m49: text('m49'),
  nameEn: text('name_en').notNull(),
  nameZh: text('name_zh'),
  unRegion: text('un_region'),
  unSubregion: text('un_subregion'),
  wbRegion: text('wb_region'),
  wbIncomeGroup: text('wb_income_group'),
  isIndependent: boolean('is_independent').notNull().default(false),
  briPartner: boolean('bri_partner').notNull().default(false),
  /** Every other column of the source row, by column name. */
  attributes: jsonb('attributes').$type<Record<string, string | null>>().notNull().default({}),
});

/** Reference table: one row per indicator code (data/derived/indicator_catalogue.csv). */
export const indicators = pgTable('indicators', {
  code: text('code').primaryKey(),
  nameEn: text('name_en').notNull(),
  nameZh: text('name_zh'),
  unit: text('unit'),
  source: text('source'),
  sourceCode: text('source_code'),
  licenceStatus: text('licence_status'),
  defaultTransformation: text('default_transformation'),
  description: text('description'),
  attributes: jsonb('attributes').$type<Record<string, string | null>>().notNull().default({}),
});

/** Every import the store has taken, by content checksum: the same bytes again are a no-op. */
export const imports = pgTable(
  'imports',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    sha256: text('sha256').notNull(),
    rows: integer('rows').notNull(),
    /** What the import produced when it is not rows: a bundled specification's framework id and version. */
    outcome: jsonb('outcome').$type<Record<string, unknown>>(),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('imports_kind_name_sha256').on(t.kind, t.name, t.sha256)],
);

/**
 * Distributed by `country_iso3` (co-located shards per country): a country profile reads one
 * shard, a build reads all shards in parallel. The source is part of the key, so the same
 * indicator from two publishers is kept apart.
 */
export const indicatorValues = pgTable(
  'indicator_values',
  {
    countryIso3: text('country_iso3').notNull(),
    indicatorCode: text('indicator_code').notNull(),
    year: integer('year').notNull(),
    source: text('source').notNull(),
    value: doublePrecision('value'),
    sourceCode: text('source_code'),
    note: text('note'),
    importId: bigint('import_id', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.countryIso3, t.indicatorCode, t.year, t.source] }), index('indicator_values_indicator_year').on(t.indicatorCode, t.year)],
);

/** Uploaded data files (CSV, XLSX, COINr tables) that specifications name in /data. */
export const datasets = pgTable('datasets', {
  name: text('name').primaryKey(),
  sha256: text('sha256').notNull(),
  format: text('format').notNull(),
  bytes: bytea('bytes').notNull(),
  size: integer('size').notNull(),
  rows: integer('rows').notNull(),
  columns: jsonb('columns').$type<string[]>().notNull(),
  uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
});

export const frameworks = pgTable('frameworks', {
  id: text('id').primaryKey(),
  name: jsonb('name').$type<Record<string, string>>(),
  origin: text('origin').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Versioned specifications: a changed specification is a new version, the same one is not. */
export const indexSpecs = pgTable(
  'index_specs',
  {
    frameworkId: text('framework_id').notNull(),
    version: integer('version').notNull(),
    sha256: text('sha256').notNull(),
    spec: jsonb('spec').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.frameworkId, t.version] }), uniqueIndex('index_specs_framework_sha256').on(t.frameworkId, t.sha256)],
);

export const builds = pgTable(
  'builds',
  {
    id: text('id').primaryKey(),
    frameworkId: text('framework_id').notNull(),
    specVersion: integer('spec_version').notNull(),
    status: text('status').$type<'succeeded' | 'failed'>().notNull(),
    /** Every input file with its SHA-256, as the CLI's manifest. */
    inputs: jsonb('inputs').$type<{ path: string; sha256: string }[]>().notNull(),
    warnings: jsonb('warnings').$type<unknown[]>().notNull().default([]),
    problems: jsonb('problems').$type<unknown[]>().notNull().default([]),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('builds_framework').on(t.frameworkId, t.finishedAt)],
);

/**
 * One row per build, unit, year and node. Distributed by `build_id`: every query reads one
 * build, so it runs on one shard. Year 0 stands for data without a year.
 */
export const results = pgTable(
  'results',
  {
    buildId: text('build_id').notNull(),
    unit: text('unit').notNull(),
    year: integer('year').notNull(),
    code: text('code').notNull(),
    level: integer('level').notNull(),
    score: doublePrecision('score'),
    rank: doublePrecision('rank'),
  },
  (t) => [primaryKey({ columns: [t.buildId, t.unit, t.year, t.code] }), index('results_build_code_year_rank').on(t.buildId, t.code, t.year, t.rank)],
);

/** The other tables of a build (weights, strengths and weaknesses, data sets, audit tables). */
export const buildTables = pgTable(
  'build_tables',
  {
    buildId: text('build_id').notNull(),
    name: text('name').notNull(),
    columns: jsonb('columns').$type<string[]>().notNull(),
    rows: jsonb('rows').$type<unknown[][]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.buildId, t.name] })],
);

export const sensitivityRuns = pgTable('sensitivity_runs', {
  id: text('id').primaryKey(),
  buildId: text('build_id').notNull(),
  frameworkId: text('framework_id').notNull(),
  specVersion: integer('spec_version').notNull(),
  kind: text('kind').$type<'uncertainty' | 'sensitivity'>().notNull(),
  options: jsonb('options').$type<Record<string, unknown>>().notNull(),
  runs: integer('runs').notNull(),
  failedRuns: integer('failed_runs').notNull(),
  /** First-order and total Sobol indices per assumption (sensitivity runs). */
  indices: jsonb('indices').$type<unknown[]>().notNull().default([]),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true }).notNull(),
});

/** Rank intervals of a sensitivity run; distributed by `run_id`. */
export const sensitivityResults = pgTable(
  'sensitivity_results',
  {
    runId: text('run_id').notNull(),
    unit: text('unit').notNull(),
    year: integer('year').notNull(),
    code: text('code').notNull(),
    nominalRank: doublePrecision('nominal_rank'),
    medianRank: doublePrecision('median_rank'),
    rankLow: doublePrecision('rank_low'),
    rankHigh: doublePrecision('rank_high'),
  },
  (t) => [primaryKey({ columns: [t.runId, t.unit, t.year, t.code] })],
);

/**
 * Background jobs (builds, sensitivity runs) with their progress, so that they outlive the
 * process: a job left queued or running by a process that died is marked "interrupted" on the
 * next start and can be submitted again. `owner_*` name the process that runs it;
 * `heartbeat_at` is refreshed while it runs, so a server sharing a PostgreSQL from another
 * host can tell a live job from an abandoned one.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    kind: text('kind').$type<'build' | 'sensitivity'>().notNull(),
    status: text('status').$type<'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted'>().notNull(),
    params: jsonb('params').$type<Record<string, unknown>>().notNull(),
    progress: jsonb('progress').$type<{ done: number; total: number; message: string }>().notNull(),
    result: jsonb('result'),
    error: jsonb('error').$type<{ code: string; message: string; details: unknown }>(),
    ownerInstance: text('owner_instance').notNull(),
    ownerHost: text('owner_host').notNull(),
    ownerPid: integer('owner_pid').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('jobs_status').on(t.status), index('jobs_created_at').on(t.createdAt)],
);
