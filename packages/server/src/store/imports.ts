import { parseNumberCell } from '@softpower/engine';
import { ApiError, type ApiProblem } from '../errors.js';
import { sql, type Store } from './store.js';
import { cellText, findColumn, parseUpload, sha256 } from './tables.js';
import type { Database } from '../db/client.js';

export type ImportKind = 'countries' | 'indicators' | 'indicator-values';

export interface ImportOutcome {
  kind: ImportKind;
  name: string;
  sha256: string;
  /** False when the same bytes were imported before: nothing was written. */
  changed: boolean;
  rows: number;
  importId: number;
}

/** Rows per INSERT … SELECT FROM jsonb_to_recordset statement. */
const batchSize = 5000;

async function previousImport(store: Store, kind: ImportKind, checksum: string): Promise<{ id: number; rows: number; name: string } | undefined> {
  const found = await store.rows<{ id: number; rows: number; name: string }>(
    sql`select id::int as id, rows, name from imports where kind = ${kind} and sha256 = ${checksum} order by id limit 1`,
  );
  return found[0];
}

async function recordImport(tx: Database, kind: ImportKind, name: string, checksum: string, rows: number): Promise<number> {
  const result = (await tx.execute(sql`insert into imports (kind, name, sha256, rows) values (${kind}, ${name}, ${checksum}, ${rows}) returning id::int as id`)) as unknown as { rows: { id: number }[] };
  return result.rows[0].id;
}

function requireColumns(header: readonly string[], file: string, names: readonly string[], problems: ApiProblem[]): number[] {
  return names.map((n) => {
    const i = findColumn(header, n);
    if (i < 0) {
      problems.push({ code: 'DATA_UNKNOWN_COLUMN', severity: 'error', message: `${file}: no column "${n}" (columns: ${header.join(', ')})`, file, column: n, hint: `The file needs the columns ${names.join(', ')}.` });
    }
    return i;
  });
}

/**
 * Runs `write` in one transaction with the import's record, unless the same bytes were
 * imported before. A failure (or a killed process) leaves the store as it was.
 */
async function importOnce(store: Store, kind: ImportKind, name: string, bytes: Buffer, prepare: () => Promise<Record<string, unknown>[]>, write: (tx: Database, rows: Record<string, unknown>[], importId: number) => Promise<void>): Promise<ImportOutcome> {
  const checksum = sha256(bytes);
  const before = await previousImport(store, kind, checksum);
  if (before) return { kind, name, sha256: checksum, changed: false, rows: before.rows, importId: before.id };
  const rows = await prepare();
  const importId = await store.db.transaction(async (tx) => {
    const id = await recordImport(tx, kind, name, checksum, rows.length);
    await write(tx, rows, id);
    return id;
  });
  store.changed();
  return { kind, name, sha256: checksum, changed: true, rows: rows.length, importId };
}

/** Called inside the import's transaction after each batch of rows is written. */
export type ImportProgress = (written: number, total: number) => void | Promise<void>;

async function inBatches(rows: Record<string, unknown>[], run: (batch: string) => Promise<unknown>, progress?: ImportProgress): Promise<void> {
  for (let i = 0; i < rows.length; i += batchSize) {
    await run(JSON.stringify(rows.slice(i, i + batchSize)));
    await progress?.(Math.min(rows.length, i + batchSize), rows.length);
  }
}

const countryColumns = ['iso3', 'iso2', 'm49', 'name_en', 'name_zh', 'un_region', 'un_subregion', 'wb_region', 'wb_income_group'] as const;

/** Imports a countries table shaped like data/derived/countries.csv (keyed by `iso3`). */
export async function importCountries(store: Store, bytes: Buffer, name: string): Promise<ImportOutcome> {
  return importOnce(
    store,
    'countries',
    name,
    bytes,
    async () => {
      const table = await parseUpload(bytes, name);
      const problems: ApiProblem[] = [];
      requireColumns(table.header, name, ['iso3', 'name_en'], problems);
      if (problems.length > 0) throw ApiError.fromProblems(problems);
      const seen = new Set<string>();
      const rows = table.rows.map((cells, r) => {
        const record = Object.fromEntries(table.header.map((h, c) => [h, cellText(cells[c])]));
        const iso3 = record.iso3 ?? '';
        if (!/^[A-Z]{3}$/.test(iso3)) problems.push({ code: 'DATA_UNKNOWN_COUNTRY', severity: 'error', message: `${name} row ${r + 2}: "${iso3}" is not an ISO 3166 alpha-3 code`, file: name, row: r + 2, column: 'iso3', value: iso3 });
        if (seen.has(iso3)) problems.push({ code: 'DATA_DUPLICATE_UNIT', severity: 'error', message: `${name} row ${r + 2}: country "${iso3}" appears twice`, file: name, row: r + 2, column: 'iso3', value: iso3 });
        seen.add(iso3);
        const attributes = Object.fromEntries(Object.entries(record).filter(([k]) => !(countryColumns as readonly string[]).includes(k)));
        return {
          ...Object.fromEntries(countryColumns.map((c) => [c, record[c] ?? null])),
          is_independent: record.is_independent === 'true',
          bri_partner: record.bri_partner === 'true',
          attributes,
        };
      });
      if (problems.length > 0) throw ApiError.fromProblems(problems);
      return rows;
    },
    (tx, rows) =>
      inBatches(rows, (batch) =>
        tx.execute(sql`
          insert into countries (iso3, iso2, m49, name_en, name_zh, un_region, un_subregion, wb_region, wb_income_group, is_independent, bri_partner, attributes)
          select iso3, iso2, m49, name_en, name_zh, un_region, un_subregion, wb_region, wb_income_group, is_independent, bri_partner, attributes
          from jsonb_to_recordset(${batch}::jsonb) as x(iso3 text, iso2 text, m49 text, name_en text, name_zh text, un_region text, un_subregion text, wb_region text, wb_income_group text, is_independent boolean, bri_partner boolean, attributes jsonb)
          on conflict (iso3) do update set iso2 = excluded.iso2, m49 = excluded.m49, name_en = excluded.name_en, name_zh = excluded.name_zh,
            un_region = excluded.un_region, un_subregion = excluded.un_subregion, wb_region = excluded.wb_region, wb_income_group = excluded.wb_income_group,
            is_independent = excluded.is_independent, bri_partner = excluded.bri_partner, attributes = excluded.attributes`),
      ),
  );
}

const indicatorColumns = ['code', 'name_en', 'name_zh', 'unit', 'source', 'source_code', 'licence_status', 'default_transformation', 'description'] as const;

/** Imports an indicator catalogue shaped like data/derived/indicator_catalogue.csv (keyed by `code`). */
export async function importIndicatorCatalogue(store: Store, bytes: Buffer, name: string): Promise<ImportOutcome> {
  return importOnce(
    store,
    'indicators',
    name,
    bytes,
    async () => {
      const table = await parseUpload(bytes, name);
      const problems: ApiProblem[] = [];
      requireColumns(table.header, name, ['code', 'name_en'], problems);
      if (problems.length > 0) throw ApiError.fromProblems(problems);
      const seen = new Set<string>();
      const rows = table.rows.map((cells, r) => {
        const record = Object.fromEntries(table.header.map((h, c) => [h, cellText(cells[c])]));
        const code = record.code ?? '';
        if (code === '') problems.push({ code: 'DATA_UNKNOWN_INDICATOR', severity: 'error', message: `${name} row ${r + 2}: the indicator code is empty`, file: name, row: r + 2, column: 'code' });
        if (seen.has(code)) problems.push({ code: 'DATA_DUPLICATE_UNIT', severity: 'error', message: `${name} row ${r + 2}: indicator "${code}" appears twice`, file: name, row: r + 2, column: 'code', value: code });
        seen.add(code);
        const attributes = Object.fromEntries(Object.entries(record).filter(([k]) => !(indicatorColumns as readonly string[]).includes(k)));
        return { ...Object.fromEntries(indicatorColumns.map((c) => [c, record[c] ?? null])), name_en: record.name_en ?? code, attributes };
      });
      if (problems.length > 0) throw ApiError.fromProblems(problems);
      return rows;
    },
    (tx, rows) =>
      inBatches(rows, (batch) =>
        tx.execute(sql`
          insert into indicators (code, name_en, name_zh, unit, source, source_code, licence_status, default_transformation, description, attributes)
          select code, name_en, name_zh, unit, source, source_code, licence_status, default_transformation, description, attributes
          from jsonb_to_recordset(${batch}::jsonb) as x(code text, name_en text, name_zh text, unit text, source text, source_code text, licence_status text, default_transformation text, description text, attributes jsonb)
          on conflict (code) do update set name_en = excluded.name_en, name_zh = excluded.name_zh, unit = excluded.unit, source = excluded.source,
            source_code = excluded.source_code, licence_status = excluded.licence_status, default_transformation = excluded.default_transformation,
            description = excluded.description, attributes = excluded.attributes`),
      ),
  );
}

/**
 * Imports a tidy indicator table (`country, indicator, year, value[, source, source_code,
 * note]`, as data/derived/indicators/*.csv). Every country must be an ISO3 code in the store
 * and every indicator in the catalogue; all problems are reported at once and nothing is
 * written unless the whole file is valid. Values already present for the same country,
 * indicator, year and source are replaced.
 */
export async function importIndicatorValues(store: Store, bytes: Buffer, name: string, options: { source?: string; progress?: ImportProgress } = {}): Promise<ImportOutcome> {
  return importOnce(
    store,
    'indicator-values',
    name,
    bytes,
    async () => {
      const table = await parseUpload(bytes, name);
      const problems: ApiProblem[] = [];
      const [cCountry, cIndicator, cYear, cValue] = requireColumns(table.header, name, ['country', 'indicator', 'year', 'value'], problems);
      const cSource = findColumn(table.header, 'source');
      const cSourceCode = findColumn(table.header, 'source_code');
      const cNote = findColumn(table.header, 'note');
      if (cSource < 0 && !options.source) {
        problems.push({ code: 'DATA_UNKNOWN_COLUMN', severity: 'error', message: `${name}: no column "source" and no ?source= given`, file: name, column: 'source', hint: 'Add a source column, or name the source of every row with ?source=.' });
      }
      if (problems.length > 0) throw ApiError.fromProblems(problems);
      const knownCountries = new Set((await store.rows<{ iso3: string }>(sql`select iso3 from countries`)).map((r) => r.iso3));
      const knownIndicators = new Set((await store.rows<{ code: string }>(sql`select code from indicators`)).map((r) => r.code));
      const seen = new Set<string>();
      const rows: Record<string, unknown>[] = [];
      table.rows.forEach((cells, r) => {
        const row = r + 2;
        const country = (cellText(cells[cCountry]) ?? '').toUpperCase();
        const indicator = cellText(cells[cIndicator]) ?? '';
        const yearText = cellText(cells[cYear]) ?? '';
        const year = Number(yearText);
        const value = parseNumberCell(cells[cValue]);
        const source = (cSource >= 0 ? cellText(cells[cSource]) : null) ?? options.source ?? '';
        const where = { file: name, row };
        if (!knownCountries.has(country)) problems.push({ code: 'DATA_UNKNOWN_COUNTRY', severity: 'error', message: `${name} row ${row}: country "${country}" is not in the store`, ...where, column: table.header[cCountry], value: country, hint: 'Use ISO 3166 alpha-3 codes as in data/derived/countries.csv (GET /api/countries).' });
        if (!knownIndicators.has(indicator)) problems.push({ code: 'DATA_UNKNOWN_INDICATOR', severity: 'error', message: `${name} row ${row}: indicator "${indicator}" is not in the catalogue`, ...where, column: table.header[cIndicator], value: indicator, hint: 'Upload its definition first (POST /api/indicators), or check the code (GET /api/indicators).' });
        if (!Number.isInteger(year)) problems.push({ code: 'DATA_NOT_NUMERIC', severity: 'error', message: `${name} row ${row}: year "${yearText}" is not a whole number`, ...where, column: table.header[cYear], value: yearText });
        if (value === undefined) problems.push({ code: 'DATA_NOT_NUMERIC', severity: 'error', message: `${name} row ${row}: value "${String(cells[cValue])}" is not a number`, ...where, column: table.header[cValue], value: cells[cValue], hint: 'Use a plain number with "." as decimal mark; leave the cell empty or write NA for a missing value.' });
        if (source === '') problems.push({ code: 'REQUEST_INVALID', severity: 'error', message: `${name} row ${row}: the source is empty`, ...where, column: 'source' });
        const key = `${country}\u0000${indicator}\u0000${year}\u0000${source}`;
        if (seen.has(key)) problems.push({ code: 'DATA_DUPLICATE_UNIT', severity: 'error', message: `${name} row ${row}: ${country}, ${indicator}, ${year}, ${source} appears more than once`, ...where });
        seen.add(key);
        rows.push({
          country_iso3: country,
          indicator_code: indicator,
          year,
          source,
          value: value === undefined || !Number.isFinite(value) ? null : value,
          source_code: cSourceCode >= 0 ? cellText(cells[cSourceCode]) : null,
          note: cNote >= 0 ? cellText(cells[cNote]) : null,
        });
      });
      if (problems.length > 0) throw ApiError.fromProblems(problems);
      if (rows.length === 0) throw new ApiError('DATA_EMPTY', `${name}: the file has a header but no rows`);
      return rows;
    },
    (tx, rows, importId) =>
      inBatches(rows, (batch) =>
        tx.execute(sql`
          insert into indicator_values (country_iso3, indicator_code, year, source, value, source_code, note, import_id)
          select country_iso3, indicator_code, year, source, value, source_code, note, ${importId}
          from jsonb_to_recordset(${batch}::jsonb) as x(country_iso3 text, indicator_code text, year integer, source text, value double precision, source_code text, note text)
          on conflict (country_iso3, indicator_code, year, source) do update
            set value = excluded.value, source_code = excluded.source_code, note = excluded.note, import_id = excluded.import_id
            where (indicator_values.value, indicator_values.source_code, indicator_values.note) is distinct from (excluded.value, excluded.source_code, excluded.note)`),
        options.progress,
      ),
  );
}
