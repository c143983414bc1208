/**
 * Cuts data/wdi/wdi_selected.csv out of the full WDI long table: only the indicators in
 * scripts/wdi-selection.ts, only years from 2005, only economies (World Bank aggregates such as
 * WLD or EAS, marked is_aggregate=1 in data/wdi/countries.csv, are left out), columns and cell
 * text unchanged.
 *
 *   npx tsx scripts/extract-wdi.ts [path/to/wdi_long.csv]
 *
 * The default source is ../shared/data/wdi/wdi_long.csv, relative to the repository root.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { FIRST_YEAR, wdiSelection } from './wdi-selection.js';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EXPECTED_HEADER = ['iso3', 'country_name', 'indicator', 'year', 'value'];

export interface WdiExtract {
  text: string;
  rowsRead: number;
  rowsKept: number;
  missingIndicators: string[];
}

/**
 * Filters the rows of a WDI long CSV. Each kept row is written back exactly as it was read,
 * so the extract is byte-identical to the source for those rows.
 */
export function extractWdi(
  source: string,
  file: string,
  wanted: ReadonlySet<string>,
  firstYear: number,
  aggregates: ReadonlySet<string>,
): WdiExtract {
  const records = parse(source, { raw: true, info: false, skip_empty_lines: true, relax_column_count: false }) as unknown as {
    record: string[];
    raw: string;
  }[];
  const problems: string[] = [];
  const header = records[0]?.record ?? [];
  if (header.join(',') !== EXPECTED_HEADER.join(',')) {
    throw new Error(
      `extract-wdi: ${file} has header "${header.join(',')}"; expected "${EXPECTED_HEADER.join(',')}". Point the script at the WDI long table (wdi/wdi_long.csv).`,
    );
  }
  const kept: string[] = [records[0].raw.replace(/\r?\n$/, '')];
  const seen = new Set<string>();
  for (let i = 1; i < records.length; i++) {
    const [iso3, , indicator, yearText] = records[i].record;
    const year = Number(yearText);
    if (!Number.isInteger(year)) {
      problems.push(`${file} row ${i + 1}, column "year": "${yearText}" is not a year`);
      continue;
    }
    if (!wanted.has(indicator) || year < firstYear || aggregates.has(iso3)) continue;
    seen.add(indicator);
    kept.push(records[i].raw.replace(/\r?\n$/, ''));
  }
  if (problems.length > 0) throw new Error(`extract-wdi: ${problems.length} malformed rows:\n${problems.join('\n')}`);
  return {
    text: `${kept.join('\n')}\n`,
    rowsRead: records.length - 1,
    rowsKept: kept.length - 1,
    missingIndicators: [...wanted].filter((code) => !seen.has(code)).sort(),
  };
}

/** World Bank aggregate codes (is_aggregate = 1) from data/wdi/countries.csv. */
function readAggregates(): Set<string> {
  const file = path.join(repositoryRoot, 'data/wdi/countries.csv');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    console.error(`extract-wdi: cannot read ${file} (${(error as Error).message}). Copy wdi/countries.csv from the shared data first.`);
    process.exit(1);
  }
  const rows = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  if (rows.length === 0 || !('is_aggregate' in rows[0]) || !('iso3' in rows[0])) {
    console.error(`extract-wdi: ${file} has no iso3 and is_aggregate columns; restore it from the shared WDI folder.`);
    process.exit(1);
  }
  return new Set(rows.filter((row) => row.is_aggregate === '1').map((row) => row.iso3));
}

function main(): void {
  const sourcePath = path.resolve(repositoryRoot, process.argv[2] ?? '../shared/data/wdi/wdi_long.csv');
  const targetPath = path.join(repositoryRoot, 'data/wdi/wdi_selected.csv');
  let source: string;
  try {
    source = readFileSync(sourcePath, 'utf8');
  } catch (error) {
    console.error(
      `extract-wdi: cannot read ${sourcePath} (${(error as Error).message}). Pass the path of wdi_long.csv as the first argument.`,
    );
    process.exit(1);
  }
  const wanted = new Set(wdiSelection.map((entry) => entry.wdiCode));
  const result = extractWdi(source, sourcePath, wanted, FIRST_YEAR, readAggregates());
  if (result.missingIndicators.length > 0) {
    console.error(`extract-wdi: ${sourcePath} has no rows from ${FIRST_YEAR} for ${result.missingIndicators.join(', ')}; remove them from scripts/wdi-selection.ts or use a fuller WDI table.`);
    process.exit(1);
  }
  writeFileSync(targetPath, result.text);
  console.log(`extract-wdi: read ${result.rowsRead} rows from ${sourcePath}, wrote ${result.rowsKept} rows (${wanted.size} indicators, ${FIRST_YEAR}+) to ${path.relative(repositoryRoot, targetPath)}`);
}

if (process.argv[1] != null && import.meta.url === pathToFileURL(process.argv[1]).href) main();
