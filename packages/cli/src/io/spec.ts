import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import YAML from 'yaml';
import {
  indexDataFromCoinr,
  indexDataFromLong,
  indexDataFromWide,
  problem,
  setByPointer,
  SoftPowerError,
  validateSpec,
  type IndexData,
  type IndexSpec,
} from '@softpower/engine';
import { readTable, type LoadedTable } from './tables.js';

export interface InputFile {
  path: string;
  sha256: string;
}

export interface LoadedSpec {
  /** The validated specification, with the framework filled in from COINr's iMeta if needed. */
  spec: IndexSpec;
  data: IndexData;
  /** The specification file and every data file read, with checksums. */
  inputs: InputFile[];
  specPath: string;
}

/** Reads and parses a YAML or JSON specification file, reporting syntax errors with line numbers. */
export async function readSpecFile(path: string): Promise<{ value: unknown; sha256: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new SoftPowerError([problem('DATA_FILE_UNREADABLE', `${path}: cannot read the specification (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { file: path })]);
  }
  const sha256 = createHash('sha256').update(text).digest('hex');
  const doc = YAML.parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new SoftPowerError(
      doc.errors.map((e) =>
        problem('SPEC_INVALID', `${path}: ${e.message.split('\n')[0]}`, { file: path, row: e.linePos?.[0]?.line, hint: 'Fix the YAML/JSON syntax at that line.' }),
      ),
    );
  }
  return { value: doc.toJS(), sha256 };
}

/**
 * Loads a specification and its data: validates the specification, reads the data files it
 * names (relative to the specification), and for COINr tables fills in the framework from
 * iMeta. Throws a `SoftPowerError` listing every problem.
 */
/**
 * Reads a specification, resolving `extends`: a specification may name another one (path
 * relative to itself) and list changes to it as `set: { "<JSON Pointer>": value }`, e.g.
 * `{"/steps/denominate/enabled": true}`. Data paths in the base stay relative to the base.
 */
export async function readSpecWithExtends(specPath: string, seen: string[] = []): Promise<{ value: unknown; inputs: InputFile[] }> {
  const full = resolve(specPath);
  if (seen.includes(full)) {
    throw new SoftPowerError([problem('SPEC_INVALID', `${specPath}: "extends" forms a cycle: ${[...seen, full].join(' → ')}`, { file: specPath, pointer: '/extends' })]);
  }
  const { value, sha256 } = await readSpecFile(specPath);
  const inputs: InputFile[] = [{ path: relative(process.cwd(), full) || specPath, sha256 }];
  if (typeof value !== 'object' || value === null || !('extends' in value)) return { value, inputs };
  const { extends: parent, set, ...own } = value as { extends: unknown; set?: Record<string, unknown> } & Record<string, unknown>;
  if (typeof parent !== 'string') throw new SoftPowerError([problem('SPEC_INVALID', `${specPath}: "extends" must be a path`, { file: specPath, pointer: '/extends', value: parent })]);
  const parentPath = resolve(dirname(full), parent);
  const base = await readSpecWithExtends(parentPath, [...seen, full]);
  let merged = rebaseDataPaths(base.value, dirname(parentPath), dirname(full));
  merged = { ...(merged as Record<string, unknown>), ...own };
  const problems = [];
  for (const [pointer, v] of Object.entries(set ?? {})) {
    try {
      merged = setByPointer(merged, pointer, v);
    } catch (e) {
      problems.push(problem('SPEC_INVALID', `${specPath}: set ${pointer}: ${(e as Error).message}`, { file: specPath, pointer: `/set/${pointer.replace(/~/g, '~0').replace(/\//g, '~1')}`, value: v }));
    }
  }
  if (problems.length > 0) throw new SoftPowerError(problems);
  return { value: merged, inputs: [...inputs, ...base.inputs] };
}

function rebaseDataPaths(spec: unknown, from: string, to: string): unknown {
  if (from === to || typeof spec !== 'object' || spec === null) return spec;
  const data = (spec as { data?: Record<string, unknown> }).data;
  if (!data) return spec;
  const rebase = (p: unknown) => (typeof p === 'string' ? relative(to, resolve(from, p)) : p);
  const moved: Record<string, unknown> = { ...data };
  for (const key of ['file', 'iData', 'iMeta', 'units']) {
    if (Array.isArray(moved[key])) moved[key] = (moved[key] as unknown[]).map(rebase);
    else if (key in moved) moved[key] = rebase(moved[key]);
  }
  return { ...spec, data: moved };
}

export async function loadSpec(specPath: string): Promise<LoadedSpec> {
  const { value, inputs } = await readSpecWithExtends(specPath);
  const { spec, problems } = validateSpec(value, specPath);
  if (!spec) throw new SoftPowerError(problems);
  const base = dirname(specPath);
  const read = async (file: string, sheet?: string): Promise<LoadedTable> => {
    const full = resolve(base, file);
    const table = await readTable(full, relative(process.cwd(), full) || file, sheet);
    inputs.push({ path: table.file, sha256: table.sha256 });
    return table;
  };
  const source = spec.data;
  let data: IndexData;
  let resolved = spec;
  if (source.format === 'coinr') {
    const iData = await read(source.iData, source.sheet);
    if (source.iMeta) {
      const iMeta = await read(source.iMeta);
      const coinr = indexDataFromCoinr(iData, iMeta);
      data = coinr.data;
      if (!spec.framework) resolved = { ...spec, framework: coinr.framework as IndexSpec['framework'] };
    } else {
      if (!spec.framework) throw new SoftPowerError([problem('SPEC_INVALID', `${specPath}: a COINr source without iMeta needs /framework`, { pointer: '/data/iMeta', file: specPath })]);
      data = indexDataFromCoinr(iData, { file: '(framework)', header: ['Level', 'iCode', 'Parent', 'Type'], rows: [] }).data;
    }
  } else if (source.format === 'wide') {
    const table = await read(source.file, source.sheet);
    const indicatorColumns = spec.framework?.nodes.filter((n) => !spec.framework!.nodes.some((m) => m.parent === n.code)).map((n) => n.code);
    data = indexDataFromWide(table, { ...source, indicatorColumns });
  } else {
    const files = Array.isArray(source.file) ? source.file : [source.file];
    const parts = [];
    for (const f of files) parts.push(await read(f, source.sheet));
    const units = source.units ? { table: await read(source.units), unitColumn: source.unitColumn, groupColumns: source.groupColumns, variableColumns: source.variableColumns } : undefined;
    data = indexDataFromLong(parts, source.columns, units);
  }
  return { spec: resolved, data, inputs, specPath };
}
