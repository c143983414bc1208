import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { Problem } from '@softpower/engine';
import { main } from '../src/main.js';
import type { Reporter } from '../src/reporter.js';
import { repoRoot } from './support/reference.js';

function capture(): Reporter & { stdout: string[]; stderr: string[]; problems: Problem[] } {
  const r = {
    stdout: [] as string[],
    stderr: [] as string[],
    problems: [] as Problem[],
    out: (t: string) => r.stdout.push(t),
    info: (t: string) => r.stderr.push(t),
    warning: (p: Problem) => r.problems.push(p),
    error: (p: Problem) => r.problems.push(p),
  };
  return r;
}

const run = (args: string[], reporter = capture()) => main(['node', 'softpower', ...args], reporter).then((code) => ({ code, reporter }));
const example = join(repoRoot, 'examples/coinr-asem/a_default.yaml');

describe('softpower index build', () => {
  it('prints the ranking and writes results, data sets, audit tables and a manifest with checksums', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'sp-')), 'asem');
    const { code, reporter } = await run(['index', 'build', example, '--out', out, '--top', '3']);
    expect(code).toBe(0);
    const table = reporter.stdout.join('\n');
    expect(table).toMatch(/1\s+CHE\s+Switzerland\s+68\.4/);
    expect(table.split('\n').filter((l) => /^\s+\d+\s+[A-Z]{3}/.test(l))).toHaveLength(3);
    const results = parse(readFileSync(join(out, 'results.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(results).toHaveLength(51);
    expect(results.find((r) => r.unit === 'AUT')!['Index.rank']).toBe('7');
    expect(Number(results.find((r) => r.unit === 'AUT')!.Index)).toBeCloseTo(61.90180340737972, 12);
    expect(readdirSync(join(out, 'datasets')).sort()).toEqual(['aggregated.csv', 'denominated.csv', 'imputed.csv', 'normalised.csv', 'raw.csv', 'screened.csv', 'treated.csv']);
    expect(existsSync(join(out, 'audit/treated_cells_treat.csv'))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.inputs.map((i: { path: string }) => i.path.split('/').pop())).toEqual(['a_default.yaml', 'ASEM_iData.csv', 'ASEM_iMeta.csv']);
    expect(manifest.inputs[1].sha256).toMatch(/^[0-9a-f]{64}$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(out, 'results.xlsx'));
    expect(workbook.getWorksheet('results')!.getRow(1).getCell(1).value).toBe('unit');
    expect(workbook.getWorksheet('results')!.rowCount).toBe(52);
    const json = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(json.results.find((r: { unit: string }) => r.unit === 'AUT')['Index.rank']).toBe(7);
  });

  it('a derived specification (extends + set) changes only what it sets', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sp-'));
    const variant = join(dir, 'variant.yaml');
    writeFileSync(variant, `extends: ${example}\nid: asem-rank\nset:\n  /steps/normalise/params/method: rank\n`);
    const { code, reporter } = await run(['index', 'build', variant, '--out', join(dir, 'out'), '--format', 'csv', '--quiet']);
    expect(code, reporter.stderr.join('\n')).toBe(0);
    const normalised = parse(readFileSync(join(dir, 'out/datasets/normalised.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Math.max(...normalised.map((r) => Number(r.LPI)))).toBe(51);
    expect(reporter.stderr.join('\n')).toContain('built "asem-rank"');
  });

  it('reports every problem of a broken specification with its pointer, exits 1 and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sp-'));
    const broken = join(dir, 'broken.yaml');
    writeFileSync(
      broken,
      `extends: ${example}\nset:\n  /steps/normalise/params/method: minmaxx\n  /steps/aggregate/params/wieghts: expert\n`,
    );
    const { code, reporter } = await run(['index', 'build', broken, '--out', join(dir, 'out')]);
    expect(code).toBe(1);
    expect(reporter.problems.map((p) => `${p.code} ${p.pointer}`)).toEqual(['SPEC_UNKNOWN_METHOD /steps/4/params/method', 'SPEC_INVALID /steps/5/params']);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    expect(reporter.stderr.at(-1)).toBe('2 problems found; nothing was written.');
  });

  it('names the file, row and column of bad data cells, and refuses files that are not UTF-8', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sp-'));
    const csv = 'unit,a,b\nCHN,1,2\nFRA,x,3\nCHN,4,5\n';
    writeFileSync(join(dir, 'data.csv'), csv);
    writeFileSync(join(dir, 'latin1.csv'), Buffer.from([0x75, 0x6e, 0x69, 0x74, 0x2c, 0x61, 0x0a, 0x43, 0xf4, 0x74, 0x65, 0x2c, 0x31, 0x0a]));
    const spec = (file: string) => `id: t\ndata: { format: wide, file: ${file}, unitColumn: unit }\nframework:\n  nodes:\n    - { code: a, parent: I }\n    - { code: b, parent: I }\n    - { code: I }\nsteps:\n  - { id: aggregate, kind: aggregate }\n`;
    writeFileSync(join(dir, 'spec.yaml'), spec('data.csv'));
    writeFileSync(join(dir, 'latin1.yaml'), spec('latin1.csv'));
    const bad = await run(['index', 'check', join(dir, 'spec.yaml')]);
    expect(bad.code).toBe(1);
    expect(bad.reporter.problems.map((p) => `${p.code} ${p.file?.split('/').pop()} ${p.row} ${p.column}`)).toEqual(['DATA_NOT_NUMERIC data.csv 3 a', 'DATA_DUPLICATE_UNIT data.csv 4 unit']);
    const latin = await run(['index', 'check', join(dir, 'latin1.yaml')]);
    expect(latin.reporter.problems[0].code).toBe('DATA_FILE_UNREADABLE');
    expect(latin.reporter.problems[0].message).toContain('not valid UTF-8');
  });

  it('exits 2 on a usage error and 0 for --help', async () => {
    expect((await run(['index', 'build'])).code).toBe(2);
    expect((await run(['index', 'build', example, '--format', 'pdf'])).code).toBe(2);
    expect((await run(['--help'])).code).toBe(0);
  });
});

describe('softpower index compare', () => {
  it('lists rank changes between the arithmetic and the geometric ASEM pipelines, largest first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sp-'));
    const geometric = join(repoRoot, 'examples/coinr-asem/d_geometric.yaml');
    const { code, reporter } = await run(['index', 'compare', example, geometric, '--top', '1', '--out', join(dir, 'changes.csv')]);
    expect(code).toBe(0);
    // COINr reference ranks: Luxembourg 8th (a_default) and 26th (d_geometric)
    expect(reporter.stdout.join('\n')).toMatch(/LUX\s+2018\s+8\s+26\s+-18/);
    const rows = parse(readFileSync(join(dir, 'changes.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(51);
    expect(rows[0]).toMatchObject({ unit: 'LUX', rankA: '8', rankB: '26', change: '-18' });
  });
});

describe('softpower schema', () => {
  it('prints the JSON Schema that is committed in schema/index-spec.schema.json', async () => {
    const { code, reporter } = await run(['schema']);
    expect(code).toBe(0);
    expect(JSON.parse(reporter.stdout.join('\n'))).toEqual(JSON.parse(readFileSync(join(repoRoot, 'schema/index-spec.schema.json'), 'utf8')));
  });
});
