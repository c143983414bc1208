import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { compileFramework, problem, SoftPowerError, validateSpec, type IndexSpec, type Problem } from '@softpower/engine';
import { loadSpec, toCsv, type Cell, type LoadedSpec } from '@softpower/cli';
import { ApiError } from '../errors.js';
import { derivedDataDir } from '../paths.js';
import { putDataset } from './datasets.js';
import { sql, type Store } from './store.js';
import { sha256 } from './tables.js';

/**
 * A long-format specification whose file is this name reads the store's indicator values
 * (the latest import wins where two sources give the same country, indicator and year).
 */
export const indicatorValuesDataset = 'indicator_values';

/** JSON with object keys sorted, so that equal specifications have equal checksums. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The data names a specification reads, with the JSON Pointer of each. */
export function dataNames(spec: IndexSpec): { name: string; pointer: string }[] {
  const d = spec.data;
  if (d.format === 'coinr') return [{ name: d.iData, pointer: '/data/iData' }, ...(d.iMeta ? [{ name: d.iMeta, pointer: '/data/iMeta' }] : [])];
  if (d.format === 'wide') return [{ name: d.file, pointer: '/data/file' }];
  const files = Array.isArray(d.file) ? d.file.map((f, i) => ({ name: f, pointer: `/data/file/${i}` })) : [{ name: d.file, pointer: '/data/file' }];
  return [...files, ...(d.units ? [{ name: d.units, pointer: '/data/units' }] : [])];
}

/** Validates a specification and its framework; throws every problem at once. */
export function checkSpec(value: unknown, file: string): IndexSpec {
  const { spec, problems } = validateSpec(value, file);
  if (!spec) throw new SoftPowerError(problems);
  if (spec.framework) {
    const compiled = compileFramework(spec.framework);
    if (!compiled.framework) throw new SoftPowerError(compiled.problems);
  } else if (!(spec.data.format === 'coinr' && spec.data.iMeta)) {
    throw new SoftPowerError([problem('SPEC_INVALID', `${file}: no framework (give /framework, or a COINr iMeta table as the data source)`, { pointer: '/framework', file })]);
  }
  return spec;
}

export interface SavedSpec {
  frameworkId: string;
  version: number;
  sha256: string;
  /** False when the same specification was already stored: nothing was written. */
  created: boolean;
}

/**
 * Stores a specification as a new version of its framework (the framework is `spec.id`),
 * unless the same specification is already stored. Every data name must be a stored data set
 * or `indicator_values`.
 */
export async function saveSpec(store: Store, value: unknown, origin: 'bundled' | 'uploaded', file = 'specification'): Promise<SavedSpec> {
  const spec = checkSpec(value, file);
  const stored = new Set((await store.rows<{ name: string }>(sql`select name from datasets`)).map((r) => r.name));
  const problems: Problem[] = [];
  for (const { name, pointer } of dataNames(spec)) {
    if (name !== indicatorValuesDataset && !stored.has(name)) {
      problems.push(problem('SPEC_INVALID', `${file}: ${pointer} names data set "${name}", which is not in the store`, { pointer, file, value: name, hint: `Upload it first (PUT /api/datasets/${encodeURIComponent(name)}), or use "${indicatorValuesDataset}" to read the store's indicator values.` }));
    }
  }
  if (problems.length > 0) throw new SoftPowerError(problems);
  const json = canonicalJson(spec);
  const checksum = sha256(json);
  const result = await store.db.transaction(async (tx) => {
    const existing = (await tx.execute(sql`select version from index_specs where framework_id = ${spec.id} and sha256 = ${checksum}`)) as unknown as { rows: { version: number }[] };
    if (existing.rows[0]) return { version: existing.rows[0].version, created: false };
    await tx.execute(sql`insert into frameworks (id, name, origin) values (${spec.id}, ${JSON.stringify(spec.name ?? null)}::jsonb, ${origin}) on conflict (id) do update set name = excluded.name`);
    const next = (await tx.execute(sql`select coalesce(max(version), 0)::int + 1 as version from index_specs where framework_id = ${spec.id}`)) as unknown as { rows: { version: number }[] };
    const version = next.rows[0].version;
    await tx.execute(sql`insert into index_specs (framework_id, version, sha256, spec) values (${spec.id}, ${version}, ${checksum}, ${json}::jsonb)`);
    return { version, created: true };
  });
  if (result.created) store.changed();
  return { frameworkId: spec.id, sha256: checksum, ...result };
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep);
}

/**
 * Reads a bundled specification file (resolving `extends` and COINr's iMeta as the CLI does),
 * stores every data file it names as a data set (by file name), and the specification with
 * its data paths replaced by those names. Long tables from data/derived/indicators/ become
 * `indicator_values`, so bundled frameworks read the store's growing indicator table.
 */
export async function saveBundledSpec(store: Store, specPath: string): Promise<SavedSpec & { loaded: LoadedSpec }> {
  const loaded = await loadSpec(specPath);
  const spec = structuredClone(loaded.spec) as IndexSpec;
  const base = dirname(resolve(specPath));
  const indicatorsDir = join(derivedDataDir, 'indicators');
  const rename = async (path: string): Promise<string> => {
    const full = resolve(base, path);
    if (spec.data.format === 'long' && isInside(full, indicatorsDir)) return indicatorValuesDataset;
    const name = basename(full);
    await putDataset(store, name, await readFile(full), { keepIfSame: true });
    return name;
  };
  const d = spec.data;
  if (d.format === 'coinr') {
    d.iData = await rename(d.iData);
    if (d.iMeta) d.iMeta = await rename(d.iMeta);
  } else if (d.format === 'wide') {
    d.file = await rename(d.file);
  } else {
    const files = Array.isArray(d.file) ? d.file : [d.file];
    const names = [...new Set(await Promise.all(files.map(rename)))];
    d.file = names.length === 1 ? names[0] : names;
    if (d.units) d.units = await rename(d.units);
  }
  delete (spec as { $schema?: string }).$schema;
  const saved = await saveSpec(store, spec, 'bundled', relative(process.cwd(), specPath) || specPath);
  return { ...saved, loaded };
}

/** The stored specification of a framework: the given version, or the latest. */
export async function getSpec(store: Store, frameworkId: string, version?: number): Promise<{ spec: IndexSpec; version: number; sha256: string }> {
  const rows = await store.rows<{ spec: IndexSpec; version: number; sha256: string }>(
    version === undefined
      ? sql`select spec, version, sha256 from index_specs where framework_id = ${frameworkId} order by version desc limit 1`
      : sql`select spec, version, sha256 from index_specs where framework_id = ${frameworkId} and version = ${version}`,
  );
  if (!rows[0]) throw ApiError.notFound(version === undefined ? `framework "${frameworkId}" does not exist` : `framework "${frameworkId}" has no specification version ${version}`);
  return rows[0];
}

/** Every string in a specification: node codes, denominators, correlation targets, weights' keys. */
function specStrings(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) for (const v of value) specStrings(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      specStrings(v, out);
    }
  }
  return out;
}

/**
 * The store's indicator values as the long table a specification reading `indicator_values`
 * sees: every indicator of the catalogue that the specification names anywhere (a framework
 * node, a denominator, a correlation target), the latest import winning where two sources
 * give the same country, indicator and year.
 */
async function indicatorValuesCsv(store: Store, spec: IndexSpec): Promise<string> {
  const columns = spec.data.format === 'long' ? spec.data.columns : { unit: 'country', indicator: 'indicator', year: 'year', value: 'value', source: undefined, note: undefined };
  const named = [...specStrings(spec)];
  const rows = await store.rows<{ country_iso3: string; indicator_code: string; year: number; value: number | null; source: string; note: string | null }>(sql`
    select distinct on (country_iso3, indicator_code, year) country_iso3, indicator_code, year, value, source, note
    from indicator_values
    where indicator_code in (select jsonb_array_elements_text(${JSON.stringify(named)}::jsonb))
    order by country_iso3, indicator_code, year, import_id desc, source`);
  const header = [columns.unit, columns.indicator, columns.year, columns.value, columns.source ?? 'source', columns.note ?? 'note'];
  return toCsv([header, ...rows.map((r): Cell[] => [r.country_iso3, r.indicator_code, r.year, r.value, r.source, r.note])]);
}

/**
 * Writes a stored specification and its data sets into a temporary folder and loads it with
 * the CLI's `loadSpec`, so that the server reads data exactly as `softpower index build`
 * does. Input paths in the result are data set names.
 */
export async function loadStoredSpec(store: Store, spec: IndexSpec, specSha256: string, version: number): Promise<LoadedSpec> {
  const dir = await mkdtemp(join(tmpdir(), 'softpower-build-'));
  try {
    for (const { name } of dataNames(spec)) {
      const target = join(dir, basename(name));
      if (name === indicatorValuesDataset) {
        await writeFile(target, await indicatorValuesCsv(store, spec));
        continue;
      }
      const rows = await store.rows<{ bytes: Buffer | Uint8Array }>(sql`select bytes from datasets where name = ${name}`);
      if (!rows[0]) throw new SoftPowerError([problem('DATA_FILE_UNREADABLE', `data set "${name}" is no longer in the store`, { file: name, hint: 'Upload it again (PUT /api/datasets/{name}).' })]);
      await writeFile(target, rows[0].bytes);
    }
    const specFile = join(dir, 'spec.json');
    await writeFile(specFile, JSON.stringify(spec));
    const loaded = await loadSpec(specFile);
    const inputs = loaded.inputs.map((input) =>
      input.path.endsWith('spec.json') && input.path.includes('softpower-build-') ? { path: `spec:${spec.id}@${version}`, sha256: specSha256 } : { path: basename(input.path), sha256: input.sha256 },
    );
    return { ...loaded, inputs, specPath: `spec:${spec.id}@${version}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
