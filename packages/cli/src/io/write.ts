import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import ExcelJS from 'exceljs';
import type { BuildResult, IndexData } from '@softpower/engine';
import { toCsv, type Cell } from './csv.js';
import type { InputFile } from './spec.js';
import { auditTables, datasetTable, resultsLongTable, resultsTable, stepTables, strengthsTable, trendsTable, weightsTable, type OutputTable } from './tables-of-build.js';

export type OutputFormat = 'csv' | 'json' | 'xlsx';

export interface Manifest {
  tool: string;
  engineVersion: string;
  node: string;
  builtAt: string;
  specId: string;
  inputs: InputFile[];
  spec: unknown;
  datasets: string[];
  files: string[];
  warnings: readonly unknown[];
}

function jsonCell(value: Cell): Cell {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

function tableToObjects(table: OutputTable): Record<string, Cell>[] {
  return table.rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c, jsonCell(row[i])])));
}

/** Every table a build produces, in a stable order. */
export function buildTables(build: BuildResult, data: IndexData): OutputTable[] {
  return [
    resultsTable(build, data),
    resultsLongTable(build),
    weightsTable(build),
    strengthsTable(build),
    ...[...build.datasets].map(([name, dataset]) => datasetTable(name, dataset)),
    ...(build.results.rows.byYear.size > 1 ? [trendsTable(build)] : []),
    ...stepTables(build),
    ...auditTables(build).map((t) => ({ ...t, name: `audit_${t.name}` })),
  ];
}

async function xlsxBuffer(tables: OutputTable[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Soft Power Observatory';
  const used = new Set<string>();
  for (const table of tables) {
    let name = table.name.slice(0, 31);
    for (let k = 2; used.has(name); k++) name = `${table.name.slice(0, 28)}_${k}`;
    used.add(name);
    const sheet = workbook.addWorksheet(name);
    sheet.addRow(table.columns);
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row.map((c) => (typeof c === 'number' && !Number.isFinite(c) ? null : c)));
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * Writes a build's outputs to `outDir` atomically: everything goes into a sibling temporary
 * folder first, which replaces `outDir` only once complete, so an interrupted run never
 * leaves half a result. Returns the relative paths written.
 */
export async function writeBuildOutputs(
  outDir: string,
  build: BuildResult,
  data: IndexData,
  inputs: InputFile[],
  formats: readonly OutputFormat[],
  extra: Record<string, OutputTable[]> = {},
): Promise<string[]> {
  return writeFolderAtomically(outDir, async (put, files) => {
    const tables = buildTables(build, data);
    const all = [...tables, ...Object.values(extra).flat()];
    if (formats.includes('csv')) {
      for (const t of tables) {
        const folder = t.name.startsWith('dataset_') ? 'datasets/' : t.name.startsWith('results') || t.name === 'trends' ? '' : 'audit/';
        await put(`${folder}${t.name.replace(/^(dataset|audit)_/, '')}.csv`, toCsv([t.columns, ...t.rows]));
      }
      for (const [folder, list] of Object.entries(extra)) for (const t of list) await put(`${folder}/${t.name}.csv`, toCsv([t.columns, ...t.rows]));
    }
    if (formats.includes('json')) {
      await put('results.json', JSON.stringify(Object.fromEntries(all.map((t) => [t.name, tableToObjects(t)])), null, 1));
    }
    if (formats.includes('xlsx')) await put('results.xlsx', await xlsxBuffer(all));
    await put('warnings.json', JSON.stringify(build.warnings, null, 2));
    const manifest: Manifest = {
      tool: 'softpower',
      engineVersion: '0.1.0',
      node: process.version,
      builtAt: new Date().toISOString(),
      specId: build.spec.id,
      inputs,
      spec: build.spec,
      datasets: [...build.datasets.keys()],
      files: [...files, 'manifest.json'],
      warnings: build.warnings,
    };
    await put('manifest.json', JSON.stringify(manifest, null, 2));
  });
}

/** Adds one file (path relative to the folder) to a folder being written. */
export type PutFile = (relative: string, content: string | Buffer) => Promise<void>;

/**
 * Writes a folder atomically: `fill` puts every file into a sibling temporary folder, which
 * replaces `outDir` only once complete, so an interrupted or failed run never leaves half a
 * result (the temporary folder is removed on failure). Returns the relative paths written.
 */
export async function writeFolderAtomically(outDir: string, fill: (put: PutFile, files: readonly string[]) => Promise<void>): Promise<string[]> {
  const staging = join(dirname(outDir), `.${basename(outDir)}.partial-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const files: string[] = [];
  const put: PutFile = async (relative, content) => {
    await mkdir(dirname(join(staging, relative)), { recursive: true });
    await writeFile(join(staging, relative), content);
    files.push(relative);
  };
  try {
    await fill(put, files);
    const previous = `${outDir}.previous-${process.pid}`;
    await rm(previous, { recursive: true, force: true });
    await rename(outDir, previous).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
    await rename(staging, outDir);
    await rm(previous, { recursive: true, force: true });
    return files;
  } catch (e) {
    await rm(staging, { recursive: true, force: true });
    throw e;
  }
}
