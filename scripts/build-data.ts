/**
 * Derives the country reference and the tidy indicator table from the open data in data/.
 *
 *   npx tsx scripts/build-data.ts [--open-only]
 *
 * Reads only files under data/ and writes data/derived/{countries,country_names,
 * indicator_catalogue,coverage}.csv and the tidy indicator table, split by source into
 * data/derived/indicators/*.csv so that no file reaches 5 MB. Output is sorted and numbers are written
 * with String(number) (shortest round trip), so two runs give identical files.
 * Every name-keyed source goes through the country matcher; the summary lists, per source,
 * rows read and kept and every unmatched name with its file and row.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import {
  createCountryMatcher,
  type CountryCodeSystem,
  type CountryMatcher,
  type CountryNameRecord,
  type NameToMatch,
  type UnmatchedName,
} from '../packages/engine/src/countries/index.js';
import { FIRST_YEAR, wdiSelection, type Transformation } from './wdi-selection.js';

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const defaultDataDir = path.join(repositoryRoot, 'data');

// ---------------------------------------------------------------------------------------------
// Reading

export type Row = Record<string, string>;

export interface Table {
  /** Path relative to the data directory, e.g. "wdi/countries.csv". */
  file: string;
  rows: Row[];
}

/** The source files build-data reads, with the columns each must have. */
export const sourceFiles = {
  countryCodes: { file: 'country-codes/country-codes.csv', columns: ['ISO3166-1-Alpha-3', 'ISO3166-1-Alpha-2', 'M49', 'FIPS', 'IOC', 'is_independent', 'official_name_en', 'UNTERM Chinese Short', 'official_name_cn', 'Region Name', 'Sub-region Name', 'Languages'] },
  aliases: { file: 'country-aliases.csv', columns: ['alias', 'iso3', 'used_by'] },
  overrides: { file: 'country-code-overrides.csv', columns: ['iso3', 'system', 'codes', 'reason'] },
  wdiCountries: { file: 'wdi/countries.csv', columns: ['iso3', 'name', 'region', 'income_group', 'is_aggregate'] },
  wdiIndicators: { file: 'wdi/indicators.csv', columns: ['indicator', 'name', 'definition'] },
  wdi: { file: 'wdi/wdi_selected.csv', columns: ['iso3', 'country_name', 'indicator', 'year', 'value'] },
  wgi: { file: 'wgi/wgi_long.csv', columns: ['wb_code', 'iso3', 'country_name', 'year', 'indicator', 'estimate'] },
  whcSites: { file: 'world-heritage/whc_sites_2025.csv', columns: ['id_no', 'name_en', 'date_inscribed', 'category', 'iso_code'] },
  whcByCountry: { file: 'world-heritage/whc_sites_by_country_2025.csv', columns: ['iso3', 'total', 'cultural', 'natural', 'mixed'] },
  uisInbound: { file: 'uis-students/uis_inbound_mobile_students.csv', columns: ['geo_unit', 'is_country_iso3', 'indicator_id', 'year', 'value', 'qualifier', 'magnitude'] },
  uisNetFlow: { file: 'uis-students/uis_net_flow_mobile_students.csv', columns: ['geo_unit', 'is_country_iso3', 'indicator_id', 'year', 'value', 'qualifier', 'magnitude'] },
  undataTourism: { file: 'undata-syb/syb66_tourism_arrivals_expenditure.csv', columns: ['m49', 'iso3', 'area_name', 'year', 'series', 'arrivals_series_type', 'value', 'footnotes'] },
  undataInternet: { file: 'undata-syb/syb66_internet_usage.csv', columns: ['m49', 'iso3', 'area_name', 'year', 'series', 'value', 'footnotes'] },
  nobelLaureates: { file: 'nobel/laureates.csv', columns: ['laureate_id', 'born_country_now'] },
  nobelPrizes: { file: 'nobel/prizes.csv', columns: ['year', 'category', 'laureate_id'] },
  nobelByCountry: { file: 'nobel/nobel_by_birth_country.csv', columns: ['iso3', 'prize_awards'] },
  olympics: { file: 'olympics/paris2024_medals_by_noc.csv', columns: ['noc', 'iso3', 'name', 'gold', 'total'] },
  hofstede: { file: 'hofstede/hofstede_6d_2015.csv', columns: ['hofstede_code', 'country', 'iso3', 'pdi', 'idv', 'mas', 'uai', 'ltowvs', 'ivr'] },
  pew: { file: 'religion-pew/pew_religious_composition_2010_2050.csv', columns: ['year', 'level', 'country', 'iso3', 'pct_christians', 'pct_muslims'] },
  bri: { file: 'bri/bri_countries_gfdc_2023-12.csv', columns: ['country', 'iso3', 'wb_region', 'wb_income_group', 'likely_date_joined', 'likely_date_exit', 'status'] },
} as const;

export type SourceKey = keyof typeof sourceFiles;
export type Sources = Record<SourceKey, Table>;

/** Thrown when source files are missing or malformed; lists every problem, each naming the file and what to do. */
export class SourceFilesError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`build-data: ${problems.length} problem${problems.length === 1 ? '' : 's'} with the source files:\n  ${problems.join('\n  ')}`);
    this.name = 'SourceFilesError';
    this.problems = problems;
  }
}

/** Parses CSV text into rows keyed by header, checking the required columns. Problems are appended, not thrown. */
export function parseTable(text: string, file: string, columns: readonly string[], problems: string[]): Table {
  let rows: Row[];
  try {
    rows = parse(text, { columns: true, skip_empty_lines: true, bom: true, relax_quotes: false }) as Row[];
  } catch (error) {
    problems.push(`${file}: not valid CSV (${(error as Error).message}); restore it from /work/shared/data or from git`);
    return { file, rows: [] };
  }
  const header = rows.length > 0 ? Object.keys(rows[0]) : (parse(text, { to_line: 1 }) as string[][])[0] ?? [];
  const missing = columns.filter((column) => !header.includes(column));
  if (missing.length > 0) {
    problems.push(`${file}: missing column${missing.length === 1 ? '' : 's'} ${missing.map((c) => `"${c}"`).join(', ')}; the file is not the expected version, restore it and re-run`);
  }
  if (rows.length === 0) problems.push(`${file}: no data rows; restore the file and re-run`);
  return { file, rows };
}

/** Reads every source file under dataDir; throws one SourceFilesError listing all problems. */
export function readSources(dataDir: string = defaultDataDir): Sources {
  const problems: string[] = [];
  const result = {} as Sources;
  for (const [key, spec] of Object.entries(sourceFiles) as [SourceKey, (typeof sourceFiles)[SourceKey]][]) {
    const full = path.join(dataDir, spec.file);
    if (!existsSync(full)) {
      const hint =
        key === 'wdi'
          ? 'run `npx tsx scripts/extract-wdi.ts` to create it from the shared WDI long table'
          : `copy it from /work/shared/data/${spec.file} or restore it from git`;
      problems.push(`${spec.file}: missing; ${hint}`);
      result[key] = { file: spec.file, rows: [] };
      continue;
    }
    result[key] = parseTable(readFileSync(full, 'utf8'), spec.file, spec.columns, problems);
  }
  if (problems.length > 0) throw new SourceFilesError(problems);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/** CSV data rows are numbered as a spreadsheet shows them: the header is row 1. */
const rowNumber = (index: number): number => index + 2;

function clean(value: string | undefined): string {
  return (value ?? '').replace(/\u00a0/g, ' ').replace(/\s*\*+\s*$/, '').trim();
}

function toNumber(text: string | undefined): number | undefined {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

function byString<T>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };
}

/** Per-source accounting printed by main() and returned to tests. */
export interface SourceSummary {
  source: string;
  file: string;
  rowsRead: number;
  rowsKept: number;
  /** Rows left out on purpose, by reason (aggregates, years before 2005, missing values...). */
  dropped: Record<string, number>;
  unmatched: UnmatchedName[];
  /** Problems that are not unmatched names, e.g. an ISO3 column that disagrees with the name. */
  notes: string[];
}

function newSummary(source: string, file: string, rowsRead: number): SourceSummary {
  return { source, file, rowsRead, rowsKept: 0, dropped: {}, unmatched: [], notes: [] };
}

function drop(summary: SourceSummary, reason: string, count = 1): void {
  summary.dropped[reason] = (summary.dropped[reason] ?? 0) + count;
}

// ---------------------------------------------------------------------------------------------
// Countries

export interface CountryRow {
  iso3: string;
  iso2: string;
  m49: string;
  fips: string;
  ioc: string;
  wb_code: string;
  name_en: string;
  name_zh: string;
  name_fr: string;
  name_es: string;
  name_ru: string;
  name_ar: string;
  un_region: string;
  un_subregion: string;
  wb_region: string;
  wb_income_group: string;
  is_independent: string;
  bri_partner: string;
  bri_joined: string;
  bri_status: string;
  languages: string;
}

export const countryColumns: readonly (keyof CountryRow)[] = [
  'iso3', 'iso2', 'm49', 'fips', 'ioc', 'wb_code', 'name_en', 'name_zh', 'name_fr', 'name_es', 'name_ru', 'name_ar',
  'un_region', 'un_subregion', 'wb_region', 'wb_income_group', 'is_independent', 'bri_partner', 'bri_joined', 'bri_status', 'languages',
];

const NAME_COLUMNS = [
  'official_name_en', 'official_name_fr', 'official_name_es', 'official_name_ru', 'official_name_ar', 'official_name_cn',
  'UNTERM English Short', 'UNTERM English Formal', 'UNTERM French Short', 'UNTERM French Formal',
  'UNTERM Spanish Short', 'UNTERM Spanish Formal', 'UNTERM Russian Short', 'UNTERM Russian Formal',
  'UNTERM Arabic Short', 'UNTERM Arabic Formal', 'UNTERM Chinese Short', 'UNTERM Chinese Formal', 'CLDR display name',
];

const CODE_SYSTEMS = new Set<CountryCodeSystem>(['iso3', 'iso2', 'm49', 'fips', 'ioc', 'wb']);

/** A FIPS 10-4 cell: empty for blanks and placeholders, otherwise 2-letter codes (4-letter cells hold two). */
function splitFips(cell: string): string[] {
  const text = clean(cell).toUpperCase();
  if (!/^([A-Z]{2})+$/.test(text)) return [];
  return text.match(/[A-Z]{2}/g) ?? [];
}

export interface CountryReference {
  countries: CountryRow[];
  /** Name records for every country-codes row, Kosovo and the countries table; aliases included. */
  records: CountryNameRecord[];
  /** iso3 → every (name, origin) pair, for data/derived/country_names.csv. */
  names: { iso3: string; name: string; origin: string }[];
  matcher: CountryMatcher;
  summaries: SourceSummary[];
}

/**
 * Builds the country table and the name records.
 *
 * Rows: every `is_independent = Yes` row of country-codes, every non-aggregate economy of WDI
 * and every economy of WGI that has an ISO3 code, plus Kosovo (XKX). The Channel Islands (WDI
 * CHI) have no ISO 3166 code and are left out; so is the former Netherlands Antilles (WGI ANT).
 */
export function buildCountryReference(sources: Sources): CountryReference {
  const problems: string[] = [];
  const codesByIso3 = new Map<string, Row>();
  for (const row of sources.countryCodes.rows) codesByIso3.set(clean(row['ISO3166-1-Alpha-3']), row);
  const wdiByIso3 = new Map<string, Row>();
  for (const row of sources.wdiCountries.rows) wdiByIso3.set(row.iso3, row);
  const wgiByIso3 = new Map<string, Row>();
  for (const row of sources.wgi.rows) if (row.iso3 !== '' && !wgiByIso3.has(row.iso3)) wgiByIso3.set(row.iso3, row);

  const summaryCodes = newSummary('country-codes', sources.countryCodes.file, sources.countryCodes.rows.length);
  const summaryWdi = newSummary('wdi countries', sources.wdiCountries.file, sources.wdiCountries.rows.length);

  // Which rows go into countries.csv.
  const members = new Set<string>();
  for (const [iso3, row] of codesByIso3) {
    if (clean(row.is_independent) === 'Yes') members.add(iso3);
    else drop(summaryCodes, 'not independent and not an economy in WDI or WGI');
  }
  for (const row of sources.wdiCountries.rows) {
    if (row.is_aggregate === '1') {
      drop(summaryWdi, 'World Bank aggregate');
      continue;
    }
    if (!codesByIso3.has(row.iso3) && row.iso3 !== 'XKX') {
      drop(summaryWdi, `no ISO 3166 code (${row.iso3} ${row.name})`);
      continue;
    }
    members.add(row.iso3);
  }
  for (const iso3 of wgiByIso3.keys()) if (codesByIso3.has(iso3) || iso3 === 'XKX') members.add(iso3);
  summaryWdi.rowsKept = sources.wdiCountries.rows.filter((row) => members.has(row.iso3)).length;

  // Codes, with the documented overrides applied.
  const overrides = new Map<string, Map<CountryCodeSystem, string[]>>();
  sources.overrides.rows.forEach((row, i) => {
    const system = row.system as CountryCodeSystem;
    if (!CODE_SYSTEMS.has(system)) {
      problems.push(`${sources.overrides.file} row ${rowNumber(i)}, column "system": "${row.system}" is not one of ${[...CODE_SYSTEMS].join(', ')}; fix the cell`);
      return;
    }
    if (!overrides.has(row.iso3)) overrides.set(row.iso3, new Map());
    overrides.get(row.iso3)!.set(system, row.codes.split(';').map((code) => code.trim()).filter((code) => code !== ''));
  });

  const allIso3 = new Set<string>([...codesByIso3.keys(), ...members]);
  const recordNames = new Map<string, { name: string; origin: string }[]>();
  const addName = (iso3: string, name: string | undefined, origin: string): void => {
    const text = clean(name);
    if (text === '') return;
    if (!recordNames.has(iso3)) recordNames.set(iso3, []);
    const list = recordNames.get(iso3)!;
    if (!list.some((entry) => entry.name === text)) list.push({ name: text, origin });
  };
  for (const [iso3, row] of codesByIso3) for (const column of NAME_COLUMNS) addName(iso3, row[column], `country-codes ${column}`);
  for (const [iso3, row] of wdiByIso3) if (allIso3.has(iso3)) addName(iso3, row.name, 'wdi/countries.csv');
  for (const [iso3, row] of wgiByIso3) if (allIso3.has(iso3)) addName(iso3, row.country_name, 'wgi/wgi_long.csv');
  sources.aliases.rows.forEach((row, i) => {
    if (!allIso3.has(row.iso3)) {
      problems.push(`${sources.aliases.file} row ${rowNumber(i)}, column "iso3": "${row.iso3}" (alias "${row.alias}") is not a known ISO3 code; correct it or delete the row`);
      return;
    }
    addName(row.iso3, row.alias, `alias (${row.used_by})`);
  });

  const codesFor = (iso3: string): Record<CountryCodeSystem, string[]> => {
    const row = codesByIso3.get(iso3);
    const wgi = wgiByIso3.get(iso3);
    const base: Record<CountryCodeSystem, string[]> = {
      iso3: [iso3],
      iso2: row ? [clean(row['ISO3166-1-Alpha-2'])].filter((c) => c !== '') : [],
      m49: row ? [clean(row.M49)].filter((c) => c !== '') : [],
      fips: row ? splitFips(row.FIPS) : [],
      ioc: row ? [clean(row.IOC)].filter((c) => /^[A-Z]{3}$/.test(c)) : [],
      wb: wgi && wgi.wb_code !== iso3 ? [wgi.wb_code] : [],
    };
    for (const [system, codes] of overrides.get(iso3) ?? []) base[system] = codes;
    return base;
  };

  const records: CountryNameRecord[] = [...allIso3].sort().map((iso3) => {
    const codes = codesFor(iso3);
    return { iso3, names: (recordNames.get(iso3) ?? []).map((entry) => entry.name), codes };
  });
  if (problems.length > 0) throw new SourceFilesError(problems);
  const matcher = createCountryMatcher(records);

  // BRI: matched by name, checked against the file's iso3 column.
  const summaryBri = newSummary('bri', sources.bri.file, sources.bri.rows.length);
  const bri = new Map<string, Row>();
  sources.bri.rows.forEach((row, i) => {
    const iso3 = matchName(matcher, summaryBri, { value: row.country, file: sources.bri.file, row: rowNumber(i), column: 'country' }, row.iso3);
    if (iso3 == null) return;
    bri.set(iso3, row);
    summaryBri.rowsKept++;
  });

  const countries: CountryRow[] = [...members].sort().map((iso3) => {
    const row = codesByIso3.get(iso3);
    const wdi = wdiByIso3.get(iso3);
    const wgi = wgiByIso3.get(iso3);
    const briRow = bri.get(iso3);
    const codes = codesFor(iso3);
    const pick = (column: string): string => (row ? clean(row[column]) : '');
    const wdiRegion = wdi ? clean(wdi.region) : '';
    const wdiIncome = wdi ? clean(wdi.income_group) : '';
    return {
      iso3,
      iso2: codes.iso2.join(';'),
      m49: codes.m49.join(';'),
      fips: codes.fips.join(';'),
      ioc: codes.ioc.join(';'),
      wb_code: codes.wb.join(';'),
      name_en: pick('official_name_en') || clean(wdi?.name) || clean(wgi?.country_name),
      name_zh: pick('UNTERM Chinese Short') || pick('official_name_cn'),
      name_fr: pick('official_name_fr') || pick('UNTERM French Short'),
      name_es: pick('official_name_es') || pick('UNTERM Spanish Short'),
      name_ru: pick('official_name_ru') || pick('UNTERM Russian Short'),
      name_ar: pick('official_name_ar') || pick('UNTERM Arabic Short'),
      un_region: pick('Region Name'),
      un_subregion: pick('Sub-region Name'),
      wb_region: wdiRegion || clean(briRow?.wb_region),
      wb_income_group: wdiIncome || clean(briRow?.wb_income_group),
      is_independent: pick('is_independent') === 'Yes' ? 'true' : 'false',
      bri_partner: briRow && briRow.status !== 'exited' ? 'true' : 'false',
      bri_joined: briRow ? clean(briRow.likely_date_joined) : '',
      bri_status: briRow ? clean(briRow.status) : '',
      languages: pick('Languages'),
    };
  });
  summaryCodes.rowsKept = countries.filter((country) => codesByIso3.has(country.iso3)).length;

  const names = [...recordNames.entries()]
    .flatMap(([iso3, list]) => list.map((entry) => ({ iso3, name: entry.name, origin: entry.origin })))
    .sort((a, b) => byString<{ iso3: string; name: string }>((x) => `${x.iso3}\u0000${x.name}`)(a, b));

  return { countries, records, names, matcher, summaries: [summaryCodes, summaryWdi, summaryBri] };
}

/**
 * Matches one name and records the outcome in the summary. When the source also has an ISO3
 * column, a disagreement is noted and the matched code wins only if the column is empty.
 */
function matchName(matcher: CountryMatcher, summary: SourceSummary, item: NameToMatch, declaredIso3?: string): string | undefined {
  const { matched, unmatched } = matcher.matchAll([item], { codeSystem: 'none' });
  if (unmatched.length > 0) {
    summary.unmatched.push(...unmatched);
    return undefined;
  }
  const iso3 = matched.get(item.value)!;
  const declared = clean(declaredIso3);
  if (declared !== '' && declared !== iso3) {
    summary.notes.push(`${item.file} row ${item.row}: name "${item.value}" matches ${iso3} but column iso3 says ${declared}; kept ${declared} as the file states`);
    return declared;
  }
  return iso3;
}

// ---------------------------------------------------------------------------------------------
// Indicators

export interface IndicatorRow {
  country: string;
  indicator: string;
  year: number;
  value: number;
  source: string;
  source_code: string;
  note: string;
}

export interface IndicatorDefinition {
  code: string;
  name_en: string;
  name_zh: string;
  unit: string;
  source: string;
  source_code: string;
  licence_status: 'open' | 'flagged';
  default_transformation: Transformation;
  description: string;
}

/** Licence status of each dataset folder, as data/README.md explains. */
export const licenceStatus: Readonly<Record<string, 'open' | 'flagged'>> = {
  'country-codes': 'open',
  wdi: 'open',
  wgi: 'open',
  'undata-syb': 'open',
  nobel: 'open',
  'coinr-asem': 'open',
  'world-heritage': 'flagged',
  olympics: 'flagged',
  hofstede: 'flagged',
  'religion-pew': 'flagged',
  bri: 'flagged',
  'uis-students': 'flagged',
};

interface Derived {
  rows: IndicatorRow[];
  definitions: IndicatorDefinition[];
  summary: SourceSummary;
}

function definition(
  source: string,
  code: string,
  sourceCode: string,
  name: string,
  nameZh: string,
  unit: string,
  transformation: Transformation,
  description: string,
): IndicatorDefinition {
  return {
    code,
    name_en: name,
    name_zh: nameZh,
    unit,
    source,
    source_code: sourceCode,
    licence_status: licenceStatus[source],
    default_transformation: transformation,
    description,
  };
}

/** Keeps a row when its country is in the table and its year is 2005 or later; counts the rest. */
function keepRow(
  out: IndicatorRow[],
  summary: SourceSummary,
  members: ReadonlySet<string>,
  row: IndicatorRow,
): void {
  if (row.year < FIRST_YEAR) return drop(summary, `year before ${FIRST_YEAR}`);
  if (!members.has(row.country)) return drop(summary, `country ${row.country} not in countries.csv`);
  out.push(row);
  summary.rowsKept++;
}

/** WDI: the selected indicators from data/wdi/wdi_selected.csv, values as published. */
export function deriveWdi(sources: Sources, members: ReadonlySet<string>): Derived {
  const summary = newSummary('wdi', sources.wdi.file, sources.wdi.rows.length);
  const meta = new Map(sources.wdiIndicators.rows.map((row) => [row.indicator, row]));
  const missing = wdiSelection.filter((entry) => !meta.has(entry.wdiCode));
  if (missing.length > 0) {
    throw new SourceFilesError(missing.map((entry) => `${sources.wdiIndicators.file}: no indicator ${entry.wdiCode}; remove it from scripts/wdi-selection.ts`));
  }
  const byCode = new Map(wdiSelection.map((entry) => [entry.wdiCode, entry]));
  const rows: IndicatorRow[] = [];
  sources.wdi.rows.forEach((row, i) => {
    const entry = byCode.get(row.indicator);
    if (!entry) return drop(summary, 'indicator not selected');
    const value = toNumber(row.value);
    const year = Number(row.year);
    if (value == null || !Number.isInteger(year)) {
      summary.notes.push(`${sources.wdi.file} row ${rowNumber(i)}: value "${row.value}" or year "${row.year}" is not a number; re-run scripts/extract-wdi.ts`);
      return drop(summary, 'not a number');
    }
    keepRow(rows, summary, members, { country: row.iso3, indicator: entry.code, year, value, source: 'wdi', source_code: row.indicator, note: '' });
  });
  const definitions = wdiSelection.map((entry) => {
    const info = meta.get(entry.wdiCode)!;
    return definition('wdi', entry.code, entry.wdiCode, info.name, entry.nameZh, entry.unit, entry.transformation, `${entry.pillar}. ${info.definition}`);
  });
  return { rows, definitions, summary };
}

const WGI = [
  ['va', 'wgi_voice_accountability', 'Voice and Accountability', '话语权和问责'],
  ['pv', 'wgi_political_stability', 'Political Stability and Absence of Violence/Terrorism', '政治稳定与无暴力'],
  ['ge', 'wgi_government_effectiveness', 'Government Effectiveness', '政府效能'],
  ['rq', 'wgi_regulatory_quality', 'Regulatory Quality', '监管质量'],
  ['rl', 'wgi_rule_of_law', 'Rule of Law', '法治'],
  ['cc', 'wgi_control_of_corruption', 'Control of Corruption', '腐败控制'],
] as const;

/** WGI: the six governance estimates (about −2.5 to 2.5), 2024 revision. */
export function deriveWgi(sources: Sources, members: ReadonlySet<string>): Derived {
  const summary = newSummary('wgi', sources.wgi.file, sources.wgi.rows.length);
  const codes = new Map<string, string>(WGI.map(([short, code]) => [short, code]));
  const rows: IndicatorRow[] = [];
  for (const row of sources.wgi.rows) {
    const code = codes.get(row.indicator);
    if (!code) {
      drop(summary, `unknown WGI indicator "${row.indicator}"`);
      continue;
    }
    if (row.iso3 === '') {
      drop(summary, `no ISO3 code (${row.wb_code} ${row.country_name})`);
      continue;
    }
    const value = toNumber(row.estimate);
    if (value == null) {
      drop(summary, 'estimate missing');
      continue;
    }
    keepRow(rows, summary, members, { country: row.iso3, indicator: code, year: Number(row.year), value, source: 'wgi', source_code: row.indicator, note: '' });
  }
  const definitions = WGI.map(([short, code, name, zh]) =>
    definition('wgi', code, short, `WGI ${name}, estimate`, `全球治理指标：${zh}（估计值）`, 'estimate (about -2.5 to 2.5)', 'none',
      `World Bank Worldwide Governance Indicators, 2024 revision, governance estimate for ${name}. Not comparable in absolute terms over time; do not mix with earlier WGI vintages.`),
  );
  return { rows, definitions, summary };
}

const WHC_CATEGORIES = [
  ['world_heritage_sites', '', 'World Heritage sites, all categories', '世界遗产总数'],
  ['world_heritage_cultural', 'Cultural', 'World Heritage sites, cultural', '世界文化遗产数'],
  ['world_heritage_natural', 'Natural', 'World Heritage sites, natural', '世界自然遗产数'],
  ['world_heritage_mixed', 'Mixed', 'World Heritage sites, mixed', '世界文化与自然双重遗产数'],
] as const;

/**
 * UNESCO World Heritage: cumulative number of sites per state party by year of inscription,
 * for each year from 2005 to the latest inscription year. A transboundary site counts once for
 * each state party (as in whc_sites_by_country_2025.csv). Sovereign countries without a site
 * get 0; territories get no row (their sites are listed under the state party).
 */
export function deriveWorldHeritage(sources: Sources, countries: readonly CountryRow[], matcher: CountryMatcher): Derived {
  const file = sources.whcSites.file;
  const summary = newSummary('world-heritage', file, sources.whcSites.rows.length);
  const members = new Set(countries.map((country) => country.iso3));
  const sites: { iso3: string; year: number; category: string }[] = [];
  sources.whcSites.rows.forEach((row, i) => {
    const year = Number(row.date_inscribed);
    if (!Number.isInteger(year)) {
      summary.notes.push(`${file} row ${rowNumber(i)}, column "date_inscribed": "${row.date_inscribed}" is not a year; site left out`);
      return drop(summary, 'no inscription year');
    }
    const codes = row.iso_code.split(',').map((code) => code.trim()).filter((code) => code !== '');
    if (codes.length === 0) {
      summary.notes.push(`${file} row ${rowNumber(i)}: site ${row.id_no} "${row.name_en}" has no state code; left out, as in whc_sites_by_country_2025.csv`);
      return drop(summary, 'no state code');
    }
    let kept = false;
    for (const code of codes) {
      const result = matcher.matchAll([{ value: code, file, row: rowNumber(i), column: 'iso_code' }], { codeSystem: 'iso2' });
      if (result.unmatched.length > 0) {
        summary.unmatched.push(...result.unmatched);
        continue;
      }
      const iso3 = result.matched.get(code)!;
      if (!members.has(iso3)) {
        drop(summary, `state ${iso3} not in countries.csv`);
        continue;
      }
      sites.push({ iso3, year, category: row.category });
      kept = true;
    }
    if (kept) summary.rowsKept++;
  });
  const lastYear = Math.max(...sites.map((site) => site.year));
  const withSites = new Set(sites.map((site) => site.iso3));
  const targets = countries.filter((country) => withSites.has(country.iso3) || country.is_independent === 'true').map((country) => country.iso3);
  const rows: IndicatorRow[] = [];
  for (const iso3 of targets) {
    const own = sites.filter((site) => site.iso3 === iso3);
    for (let year = FIRST_YEAR; year <= lastYear; year++) {
      for (const [code, category] of WHC_CATEGORIES) {
        const value = own.filter((site) => site.year <= year && (category === '' || site.category === category)).length;
        rows.push({ country: iso3, indicator: code, year, value, source: 'world-heritage', source_code: category === '' ? 'whc:total' : `whc:${category}`, note: '' });
      }
    }
  }
  const definitions = WHC_CATEGORIES.map(([code, category, name, zh]) =>
    definition('world-heritage', code, category === '' ? 'whc:total' : `whc:${category}`, name, zh, 'sites', 'log',
      `Number of ${category === '' ? '' : `${category.toLowerCase()} `}UNESCO World Heritage sites inscribed up to and including the year (cumulative by date_inscribed), per state party, list as it stood after the 2025 Committee session. Transboundary sites count once for each state party. Sites removed from the List before 2025 (e.g. Dresden Elbe Valley, 2009) are not in the source, so counts for earlier years can be one lower than the count at the time. Extensions keep the first inscription year. Sovereign states without a site have 0.`),
  );
  return { rows, definitions, summary };
}

function uisNote(row: Row): string {
  const parts: string[] = [];
  if (row.qualifier === 'UIS_EST') parts.push('UIS estimate');
  else if (row.qualifier === 'NAT_EST') parts.push('national estimate');
  else if (row.qualifier !== '') parts.push(`qualifier ${row.qualifier}`);
  const magnitude = clean(row.magnitude);
  if (magnitude === 'NIL') parts.push('nil or negligible');
  else if (magnitude === 'NA') parts.push('not applicable');
  else if (magnitude !== '') parts.push(`magnitude ${magnitude}`);
  return parts.join('; ');
}

/** UIS: inbound internationally mobile tertiary students and their net flow, countries only. */
export function deriveUis(sources: Sources, members: ReadonlySet<string>): Derived[] {
  const specs = [
    { table: sources.uisInbound, code: 'inbound_students', name: 'Inbound internationally mobile tertiary students', zh: '入境国际流动高等教育学生数', unit: 'students', transformation: 'log' as const,
      description: 'UNESCO UIS indicator 26637: total inbound internationally mobile students, both sexes, tertiary (ISCED 5-8). Degree-mobile students only, not short-term credit mobility. The latest year varies by country.' },
    { table: sources.uisNetFlow, code: 'student_net_flow', name: 'Net flow of internationally mobile tertiary students (inbound - outbound)', zh: '国际流动高等教育学生净流入数（入境减出境）', unit: 'students', transformation: 'none' as const,
      description: 'UNESCO UIS indicator MENF.5T8: inbound minus outbound internationally mobile students, both sexes, tertiary (ISCED 5-8). Negative for net senders, so it is not log-transformed.' },
  ];
  return specs.map((spec) => {
    const summary = newSummary('uis-students', spec.table.file, spec.table.rows.length);
    const rows: IndicatorRow[] = [];
    const sourceCodes = new Set<string>();
    spec.table.rows.forEach((row, i) => {
      if (row.is_country_iso3 !== '1') return drop(summary, 'regional aggregate');
      const value = toNumber(row.value);
      if (value == null) {
        summary.notes.push(`${spec.table.file} row ${rowNumber(i)}, column "value": "${row.value}" is not a number; row left out`);
        return drop(summary, 'value missing');
      }
      sourceCodes.add(row.indicator_id);
      keepRow(rows, summary, members, { country: row.geo_unit, indicator: spec.code, year: Number(row.year), value, source: 'uis-students', source_code: row.indicator_id, note: uisNote(row) });
    });
    const definitions = [definition('uis-students', spec.code, [...sourceCodes].sort().join(';'), spec.name, spec.zh, spec.unit, spec.transformation, spec.description)];
    return { rows, definitions, summary };
  });
}

/**
 * UN Statistical Yearbook 66: UNWTO tourism arrivals and expenditure (inbound receipts) and ITU
 * internet use. Kept as separate indicator codes from the WDI series; rows keyed by the M49
 * code through the matcher (regional M49 codes match no country and are left out), checked
 * against the file's iso3 column.
 */
export function deriveUndata(sources: Sources, members: ReadonlySet<string>, matcher: CountryMatcher): Derived[] {
  const tourismSeries: Record<string, { code: string; sourceCode: string }> = {
    'Tourist/visitor arrivals (thousands)': { code: 'tourism_arrivals_unwto', sourceCode: 'SYB66_176:arrivals' },
    'Tourism expenditure (millions of US dollars)': { code: 'tourism_receipts_unwto', sourceCode: 'SYB66_176:expenditure' },
  };
  const specs = [
    { table: sources.undataTourism, series: tourismSeries },
    { table: sources.undataInternet, series: { 'Percentage of individuals using the internet': { code: 'internet_users_pct', sourceCode: 'SYB66_314' } } as Record<string, { code: string; sourceCode: string }> },
  ];
  const derived = specs.map((spec) => {
    const summary = newSummary('undata-syb', spec.table.file, spec.table.rows.length);
    const rows: IndicatorRow[] = [];
    spec.table.rows.forEach((row, i) => {
      const series = spec.series[row.series];
      if (!series) {
        summary.notes.push(`${spec.table.file} row ${rowNumber(i)}, column "series": unknown series "${row.series}"; row left out`);
        return drop(summary, 'unknown series');
      }
      const byM49 = matcher.match(row.m49, { codeSystem: 'm49' });
      const declared = clean(row.iso3);
      if (byM49.status !== 'matched') {
        if (declared === '') return drop(summary, `M49 code of a region or of an area without ISO3 ("${row.area_name}")`);
        summary.notes.push(`${spec.table.file} row ${rowNumber(i)}: M49 ${row.m49} ("${row.area_name}") is not in country-codes; kept iso3 ${declared}`);
      } else if (declared !== '' && declared !== byM49.iso3) {
        summary.notes.push(`${spec.table.file} row ${rowNumber(i)}: M49 ${row.m49} is ${byM49.iso3} but column iso3 says ${declared}; kept ${declared}`);
      }
      const iso3 = declared !== '' ? declared : byM49.status === 'matched' ? byM49.iso3 : '';
      const value = toNumber(row.value);
      if (value == null) {
        summary.notes.push(`${spec.table.file} row ${rowNumber(i)}, column "value": "${row.value}" is not a number; row left out`);
        return drop(summary, 'value missing');
      }
      const note = [row.arrivals_series_type ? `series type ${row.arrivals_series_type}` : '', clean(row.footnotes)].filter((part) => part !== '').join('; ');
      keepRow(rows, summary, members, { country: iso3, indicator: series.code, year: Number(row.year), value, source: 'undata-syb', source_code: series.sourceCode, note });
    });
    return { rows, definitions: [] as IndicatorDefinition[], summary };
  });
  derived[0].definitions.push(
    definition('undata-syb', 'tourism_arrivals_unwto', 'SYB66_176:arrivals', 'Tourist/visitor arrivals (UNWTO, UN Statistical Yearbook)', '入境游客人数（联合国统计年鉴，UNWTO）', 'thousands of arrivals', 'log',
      'UN Statistical Yearbook 66 table 176, from UN Tourism (UNWTO). Snapshot years 2005, 2010, 2019, 2020, 2021. The note gives the series type: TF overnight tourists at frontiers, VF all visitors at frontiers, THS/TCE arrivals in hotels or all accommodation; types are not comparable across countries. Use WDI tourism_arrivals (to 2020) where it exists; this series adds 2021.'),
    definition('undata-syb', 'tourism_receipts_unwto', 'SYB66_176:expenditure', 'Inbound tourism expenditure (UNWTO, UN Statistical Yearbook)', '入境旅游支出（联合国统计年鉴，UNWTO）', 'millions of US$', 'log',
      'UN Statistical Yearbook 66 table 176, "Tourism expenditure", i.e. inbound receipts, from UN Tourism (UNWTO). Snapshot years 2005, 2010, 2019, 2020, 2021; 2020 and 2021 are COVID-depressed.'),
  );
  derived[1].definitions.push(
    definition('undata-syb', 'internet_users_pct', 'SYB66_314', 'Individuals using the internet (ITU, UN Statistical Yearbook)', '互联网用户占人口比重（国际电联）', '% of population', 'none',
      'UN Statistical Yearbook 66 table 314, from the ITU. Snapshot years 2005, 2010, 2015, 2019, 2020, 2021. WDI IT.NET.USER.ZS is not in the bundled WDI extract, so this is the only internet-use series; the note carries ITU footnotes (estimates, age ranges).'),
  );
  return derived;
}

/**
 * Nobel: cumulative prize awards by laureate's birth country (today's borders, the API's
 * born_country_now), as of the end of each year from 2005 to the last prize year. A laureate
 * who won twice counts twice; a shared prize counts once for each laureate. Organisations and
 * laureates without a birth country are not counted. Sovereign countries without a laureate get 0.
 */
export function deriveNobel(sources: Sources, countries: readonly CountryRow[], matcher: CountryMatcher): Derived {
  const summary = newSummary('nobel', sources.nobelPrizes.file, sources.nobelPrizes.rows.length);
  const members = new Set(countries.map((country) => country.iso3));
  const birthCountry = new Map<string, string>();
  const laureateFile = sources.nobelLaureates.file;
  sources.nobelLaureates.rows.forEach((row, i) => {
    if (clean(row.born_country_now) === '') return;
    const iso3 = matchName(matcher, summary, { value: row.born_country_now, file: laureateFile, row: rowNumber(i), column: 'born_country_now' });
    if (iso3 != null) birthCountry.set(row.laureate_id, iso3);
  });
  const awards: { iso3: string; year: number }[] = [];
  for (const row of sources.nobelPrizes.rows) {
    const iso3 = birthCountry.get(row.laureate_id);
    if (iso3 == null) {
      drop(summary, 'laureate without a birth country (organisations, unknown ids)');
      continue;
    }
    if (!members.has(iso3)) {
      drop(summary, `birth country ${iso3} not in countries.csv`);
      continue;
    }
    awards.push({ iso3, year: Number(row.year) });
    summary.rowsKept++;
  }
  const lastYear = Math.max(...sources.nobelPrizes.rows.map((row) => Number(row.year)));
  const withAwards = new Set(awards.map((award) => award.iso3));
  const rows: IndicatorRow[] = [];
  for (const country of countries) {
    if (!withAwards.has(country.iso3) && country.is_independent !== 'true') continue;
    const own = awards.filter((award) => award.iso3 === country.iso3);
    for (let year = FIRST_YEAR; year <= lastYear; year++) {
      rows.push({ country: country.iso3, indicator: 'nobel_prizes', year, value: own.filter((award) => award.year <= year).length, source: 'nobel', source_code: 'born_country_now', note: '' });
    }
  }
  const definitions = [
    definition('nobel', 'nobel_prizes', 'born_country_now', 'Nobel Prizes won by people born in the country (cumulative)', '诺贝尔奖获奖人次（按出生国，累计）', 'prize awards', 'log',
      'Cumulative Nobel Prize awards (all six categories, 1901 to the year) to laureates born in the country, with birth places mapped to today\'s borders (NobelPrize.org API born_country_now). Not the affiliation country at the time of the award. Double winners count twice; organisations are not counted. Sovereign countries without a laureate have 0.'),
  ];
  return { rows, definitions, summary };
}

/** Olympics: Paris 2024 gold and total medals by NOC, matched through the IOC code. */
export function deriveOlympics(sources: Sources, members: ReadonlySet<string>, matcher: CountryMatcher): Derived {
  const file = sources.olympics.file;
  const summary = newSummary('olympics', file, sources.olympics.rows.length);
  const rows: IndicatorRow[] = [];
  sources.olympics.rows.forEach((row, i) => {
    const result = matcher.matchAll([{ value: row.noc, file, row: rowNumber(i), column: 'noc' }], { codeSystem: 'ioc' });
    let iso3 = result.matched.get(row.noc);
    if (iso3 == null) {
      iso3 = matchName(matcher, summary, { value: row.name, file, row: rowNumber(i), column: 'name' }, row.iso3);
      if (iso3 == null) return;
    }
    if (row.iso3 !== '' && row.iso3 !== iso3) summary.notes.push(`${file} row ${rowNumber(i)}: NOC ${row.noc} is ${iso3} but column iso3 says ${row.iso3}`);
    for (const [code, column] of [['olympic_gold_2024', 'gold'], ['olympic_medals_2024', 'total']] as const) {
      const value = toNumber(row[column]);
      if (value == null) {
        summary.notes.push(`${file} row ${rowNumber(i)}, column "${column}": "${row[column]}" is not a number`);
        continue;
      }
      keepRow(rows, summary, members, { country: iso3, indicator: code, year: 2024, value, source: 'olympics', source_code: `${row.noc}:${column}`, note: '' });
    }
  });
  summary.rowsKept = new Set(rows.map((row) => row.country)).size;
  const caveat = 'Countries absent from the table won no medal, except Russia and Belarus, whose athletes competed as Individual Neutral Athletes (AIN) and are not attributed; no zeros are written, so impute 0 deliberately if the framework needs it.';
  const definitions = [
    definition('olympics', 'olympic_gold_2024', 'noc:gold', 'Gold medals, Paris 2024 Olympic Games', '2024年巴黎奥运会金牌数', 'medals', 'log', `Final Paris 2024 medal table by National Olympic Committee. ${caveat}`),
    definition('olympics', 'olympic_medals_2024', 'noc:total', 'Total medals, Paris 2024 Olympic Games', '2024年巴黎奥运会奖牌总数', 'medals', 'log', `Final Paris 2024 medal table by National Olympic Committee. ${caveat}`),
  ];
  return { rows, definitions, summary };
}

const HOFSTEDE = [
  ['pdi', 'hofstede_power_distance', 'Hofstede power distance', '霍夫斯泰德权力距离'],
  ['idv', 'hofstede_individualism', 'Hofstede individualism', '霍夫斯泰德个人主义'],
  ['mas', 'hofstede_masculinity', 'Hofstede masculinity', '霍夫斯泰德男性化'],
  ['uai', 'hofstede_uncertainty_avoidance', 'Hofstede uncertainty avoidance', '霍夫斯泰德不确定性规避'],
  ['ltowvs', 'hofstede_long_term_orientation', 'Hofstede long-term orientation (WVS-based)', '霍夫斯泰德长期导向'],
  ['ivr', 'hofstede_indulgence', 'Hofstede indulgence versus restraint', '霍夫斯泰德放纵与约束'],
] as const;

/** Hofstede: six cultural dimensions, 2015 release (dated 2015; surveys of the 1970s-2000s). */
export function deriveHofstede(sources: Sources, members: ReadonlySet<string>, matcher: CountryMatcher): Derived {
  const file = sources.hofstede.file;
  const summary = newSummary('hofstede', file, sources.hofstede.rows.length);
  const rows: IndicatorRow[] = [];
  sources.hofstede.rows.forEach((row, i) => {
    const iso3 = matchName(matcher, summary, { value: row.country, file, row: rowNumber(i), column: 'country' }, row.iso3);
    if (iso3 == null) return;
    let kept = false;
    for (const [column, code] of HOFSTEDE) {
      const value = toNumber(row[column]);
      if (value == null) continue;
      keepRow(rows, summary, members, { country: iso3, indicator: code, year: 2015, value, source: 'hofstede', source_code: column, note: '' });
      kept = true;
    }
    if (!kept) drop(summary, 'no dimension present');
  });
  summary.rowsKept = new Set(rows.map((row) => row.country)).size;
  const definitions = HOFSTEDE.map(([column, code, name, zh]) =>
    definition('hofstede', code, column, name, zh, 'score (about 0-100)', 'none',
      `${name}, from the Hofstede 6-D dimension data matrix (release of 2015-08-16, stored with year 2015). The scores come from surveys of the 1970s-2000s and are not a time series. Research-use data without an open licence.`),
  );
  return { rows, definitions, summary };
}

const PEW_GROUPS = [
  ['christians', 'religion_christian_pct', 'Christians', '基督徒'],
  ['muslims', 'religion_muslim_pct', 'Muslims', '穆斯林'],
  ['unaffiliated', 'religion_unaffiliated_pct', 'Religiously unaffiliated', '无宗教归属者'],
  ['hindus', 'religion_hindu_pct', 'Hindus', '印度教徒'],
  ['buddhists', 'religion_buddhist_pct', 'Buddhists', '佛教徒'],
  ['folk_religions', 'religion_folk_pct', 'Folk religions', '民间宗教信徒'],
  ['other_religions', 'religion_other_pct', 'Other religions', '其他宗教信徒'],
  ['jews', 'religion_jewish_pct', 'Jews', '犹太教徒'],
] as const;

/** Pew: religious composition shares, 2010 (estimate) and 2020 (projection), countries only. */
export function derivePew(sources: Sources, members: ReadonlySet<string>, matcher: CountryMatcher): Derived {
  const file = sources.pew.file;
  const summary = newSummary('religion-pew', file, sources.pew.rows.length);
  const rows: IndicatorRow[] = [];
  sources.pew.rows.forEach((row, i) => {
    if (row.level !== '1') return drop(summary, 'world or regional total');
    const year = Number(row.year);
    if (year !== 2010 && year !== 2020) return drop(summary, 'projection beyond 2020');
    const iso3 = matchName(matcher, summary, { value: row.country, file, row: rowNumber(i), column: 'country' }, row.iso3);
    if (iso3 == null) return;
    for (const [group, code] of PEW_GROUPS) {
      const value = toNumber(row[`pct_${group}`]);
      if (value == null) {
        drop(summary, 'share missing (count "<10000")');
        continue;
      }
      const out: IndicatorRow = { country: iso3, indicator: code, year, value, source: 'religion-pew', source_code: `pct_${group}`, note: year === 2020 ? 'projection' : '' };
      if (!members.has(iso3)) {
        drop(summary, `country ${iso3} not in countries.csv`);
        continue;
      }
      rows.push(out);
    }
    if (members.has(iso3)) summary.rowsKept++;
  });
  const definitions = PEW_GROUPS.map(([group, code, name, zh]) =>
    definition('religion-pew', code, `pct_${group}`, `${name}, share of population`, `${zh}占人口比重`, '% of population', 'none',
      `Pew Research Center, Religious Composition by Country, 2010-2050 (2015): ${name.toLowerCase()} as a share of the population (count / all religions). 2010 is the base-year estimate; 2020 is a projection made in 2015 (note "projection"). Shares whose count Pew gives as "<10000" are missing, not 0.`),
  );
  return { rows, definitions, summary };
}

// ---------------------------------------------------------------------------------------------
// Catalogue, coverage, output

export interface CatalogueRow extends IndicatorDefinition {
  first_year: number;
  last_year: number;
  n_countries_latest: number;
}

export const catalogueColumns: readonly (keyof CatalogueRow)[] = [
  'code', 'name_en', 'name_zh', 'unit', 'source', 'source_code', 'licence_status', 'default_transformation',
  'first_year', 'last_year', 'n_countries_latest', 'description',
];

export function buildCatalogue(definitions: readonly IndicatorDefinition[], rows: readonly IndicatorRow[]): CatalogueRow[] {
  const byIndicator = new Map<string, IndicatorRow[]>();
  for (const row of rows) {
    if (!byIndicator.has(row.indicator)) byIndicator.set(row.indicator, []);
    byIndicator.get(row.indicator)!.push(row);
  }
  return definitions
    .filter((entry) => byIndicator.has(entry.code))
    .map((entry) => {
      const own = byIndicator.get(entry.code)!;
      const years = own.map((row) => row.year);
      const last = Math.max(...years);
      return {
        ...entry,
        first_year: Math.min(...years),
        last_year: last,
        n_countries_latest: new Set(own.filter((row) => row.year === last).map((row) => row.country)).size,
      };
    })
    .sort(byString((entry) => entry.code));
}

export interface CoverageRow {
  indicator: string;
  year: number;
  n_countries: number;
}

export function buildCoverage(rows: readonly IndicatorRow[]): CoverageRow[] {
  const counts = new Map<string, Set<string>>();
  for (const row of rows) {
    const key = `${row.indicator}\u0000${row.year}`;
    if (!counts.has(key)) counts.set(key, new Set());
    counts.get(key)!.add(row.country);
  }
  return [...counts.entries()]
    .map(([key, set]) => {
      const [indicator, year] = key.split('\u0000');
      return { indicator, year: Number(year), n_countries: set.size };
    })
    .sort((a, b) => (a.indicator < b.indicator ? -1 : a.indicator > b.indicator ? 1 : a.year - b.year));
}

export function sortIndicatorRows(rows: IndicatorRow[]): IndicatorRow[] {
  return rows.sort((a, b) => {
    if (a.indicator !== b.indicator) return a.indicator < b.indicator ? -1 : 1;
    if (a.country !== b.country) return a.country < b.country ? -1 : 1;
    return a.year - b.year;
  });
}

/** Writes one CSV cell: numbers through String(number), text quoted when needed. */
export function csvCell(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : value;
  return /[",\n\r]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv<T extends object>(rows: readonly T[], columns: readonly (keyof T)[]): string {
  const lines = [columns.join(',')];
  for (const row of rows) lines.push(columns.map((column) => csvCell(row[column] as string | number)).join(','));
  return `${lines.join('\n')}\n`;
}

export interface BuildResult {
  reference: CountryReference;
  indicators: IndicatorRow[];
  catalogue: CatalogueRow[];
  coverage: CoverageRow[];
  summaries: SourceSummary[];
  /** Cross-checks of derived values against the per-country files the sources ship; empty when all agree. */
  discrepancies: string[];
}

export interface BuildOptions {
  /**
   * Leave out every dataset whose licence status is `flagged` (world-heritage, olympics,
   * hofstede, religion-pew, uis-students, bri): their indicators are not derived and the
   * BRI columns of countries.csv are left empty.
   */
  openOnly?: boolean;
}

/** Runs every derivation on already-read sources. Pure apart from the sources passed in. */
export function buildAll(sources: Sources, options: BuildOptions = {}): BuildResult {
  const reference = buildCountryReference(sources);
  if (options.openOnly) {
    for (const country of reference.countries) {
      country.bri_partner = '';
      country.bri_joined = '';
      country.bri_status = '';
    }
  }
  const members = new Set(reference.countries.map((country) => country.iso3));
  const parts: Derived[] = [
    deriveWdi(sources, members),
    deriveWgi(sources, members),
    deriveWorldHeritage(sources, reference.countries, reference.matcher),
    ...deriveUis(sources, members),
    ...deriveUndata(sources, members, reference.matcher),
    deriveNobel(sources, reference.countries, reference.matcher),
    deriveOlympics(sources, members, reference.matcher),
    deriveHofstede(sources, members, reference.matcher),
    derivePew(sources, members, reference.matcher),
  ];
  const kept = options.openOnly ? parts.filter((part) => part.definitions.every((entry) => entry.licence_status === 'open')) : parts;
  const indicators = sortIndicatorRows(kept.flatMap((part) => part.rows));
  const catalogue = buildCatalogue(kept.flatMap((part) => part.definitions), indicators);
  const coverage = buildCoverage(indicators);
  return {
    reference,
    indicators,
    catalogue,
    coverage,
    summaries: [...reference.summaries, ...kept.map((part) => part.summary)],
    discrepancies: options.openOnly ? [] : crossCheck(sources, indicators),
  };
}

/** Compares the latest derived counts with the per-country tables published beside the sources. */
export function crossCheck(sources: Sources, indicators: readonly IndicatorRow[]): string[] {
  const problems: string[] = [];
  const latest = (indicator: string): Map<string, number> => {
    const own = indicators.filter((row) => row.indicator === indicator);
    const last = Math.max(...own.map((row) => row.year));
    return new Map(own.filter((row) => row.year === last).map((row) => [row.country, row.value]));
  };
  const whc = latest('world_heritage_sites');
  for (const row of sources.whcByCountry.rows) {
    const derived = whc.get(row.iso3);
    if (derived != null && derived !== Number(row.total)) {
      problems.push(`world_heritage_sites ${row.iso3}: derived ${derived}, ${sources.whcByCountry.file} says ${row.total}`);
    }
  }
  const nobel = latest('nobel_prizes');
  for (const row of sources.nobelByCountry.rows) {
    const derived = nobel.get(row.iso3);
    if (derived != null && derived !== Number(row.prize_awards)) {
      problems.push(`nobel_prizes ${row.iso3}: derived ${derived}, ${sources.nobelByCountry.file} says ${row.prize_awards}`);
    }
  }
  return problems;
}

export const indicatorColumns: readonly (keyof IndicatorRow)[] = ['country', 'indicator', 'year', 'value', 'source', 'source_code', 'note'];

/** Largest size of one part of the indicator table, so that every file in the repository stays under 5 MB. */
export const MAX_PART_BYTES = 4_000_000;

/**
 * Splits the tidy indicator table into files of at most `maxBytes`, one source per file and
 * whole indicators per file: `indicators/<source>.csv`, or `<source>-1.csv`, `<source>-2.csv`...
 * when a source is larger. Every part has the same header; their union is the table.
 */
export function partitionIndicators(rows: readonly IndicatorRow[], maxBytes: number = MAX_PART_BYTES): [string, string][] {
  const header = `${indicatorColumns.join(',')}\n`;
  const bySource = new Map<string, Map<string, string[]>>();
  for (const row of rows) {
    if (!bySource.has(row.source)) bySource.set(row.source, new Map());
    const byIndicator = bySource.get(row.source)!;
    if (!byIndicator.has(row.indicator)) byIndicator.set(row.indicator, []);
    byIndicator.get(row.indicator)!.push(indicatorColumns.map((column) => csvCell(row[column])).join(','));
  }
  const files: [string, string][] = [];
  for (const source of [...bySource.keys()].sort()) {
    const parts: string[][] = [[]];
    let size = header.length;
    for (const indicator of [...bySource.get(source)!.keys()].sort()) {
      const lines = bySource.get(source)!.get(indicator)!;
      const bytes = lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);
      if (size + bytes > maxBytes && parts[parts.length - 1].length > 0) {
        parts.push([]);
        size = header.length;
      }
      parts[parts.length - 1].push(...lines);
      size += bytes;
    }
    parts.forEach((lines, i) => {
      const name = parts.length === 1 ? `${source}.csv` : `${source}-${i + 1}.csv`;
      files.push([`indicators/${name}`, `${header}${lines.join('\n')}\n`]);
    });
  }
  return files;
}

/** Reads the parts of the indicator table back into rows (values as numbers). */
export function readIndicatorTable(dataDir: string = defaultDataDir): IndicatorRow[] {
  const dir = path.join(dataDir, 'derived/indicators');
  const rows: IndicatorRow[] = [];
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.csv')).sort()) {
    const table = parse(readFileSync(path.join(dir, name), 'utf8'), { columns: true, skip_empty_lines: true }) as Row[];
    for (const row of table) {
      rows.push({ country: row.country, indicator: row.indicator, year: Number(row.year), value: Number(row.value), source: row.source, source_code: row.source_code, note: row.note });
    }
  }
  return rows;
}

/** Writes the derived files; returns their paths relative to the data directory. */
export function writeOutputs(result: BuildResult, dataDir: string = defaultDataDir): string[] {
  const outDir = path.join(dataDir, 'derived');
  mkdirSync(path.join(outDir, 'indicators'), { recursive: true });
  for (const stale of readdirSync(path.join(outDir, 'indicators')).filter((file) => file.endsWith('.csv'))) {
    rmSync(path.join(outDir, 'indicators', stale));
  }
  const files: [string, string][] = [
    ['countries.csv', toCsv(result.reference.countries, countryColumns)],
    ['country_names.csv', toCsv(result.reference.names, ['iso3', 'name', 'origin'])],
    ...partitionIndicators(result.indicators),
    ['indicator_catalogue.csv', toCsv(result.catalogue, catalogueColumns)],
    ['coverage.csv', toCsv(result.coverage, ['indicator', 'year', 'n_countries'])],
  ];
  for (const [name, text] of files) writeFileSync(path.join(outDir, name), text);
  return files.map(([name]) => `derived/${name}`);
}

export function formatSummary(result: BuildResult): string {
  const lines: string[] = [];
  for (const summary of result.summaries) {
    lines.push(`${summary.source} (${summary.file}): ${summary.rowsRead} rows read, ${summary.rowsKept} kept`);
    for (const [reason, count] of Object.entries(summary.dropped).sort()) lines.push(`  left out: ${count} × ${reason}`);
    for (const item of summary.unmatched) lines.push(`  unmatched: ${item.message}`);
    for (const note of summary.notes) lines.push(`  note: ${note}`);
  }
  lines.push(
    `countries.csv: ${result.reference.countries.length} countries (${result.reference.countries.filter((c) => c.is_independent === 'true').length} independent)`,
    `indicator table (derived/indicators/*.csv): ${result.indicators.length} rows, ${result.catalogue.length} indicators`,
  );
  for (const problem of result.discrepancies) lines.push(`cross-check failed: ${problem}`);
  return lines.join('\n');
}

function main(): void {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== '--open-only');
  if (unknown.length > 0) {
    console.error(`build-data: unknown argument${unknown.length === 1 ? '' : 's'} ${unknown.map((a) => `"${a}"`).join(', ')}; the only option is --open-only`);
    process.exit(1);
  }
  let result: BuildResult;
  try {
    result = buildAll(readSources(defaultDataDir), { openOnly: args.includes('--open-only') });
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  console.log(formatSummary(result));
  if (result.discrepancies.length > 0) {
    console.error(`build-data: ${result.discrepancies.length} cross-check failures; nothing written. Check the source files named above.`);
    process.exit(1);
  }
  const written = writeOutputs(result, defaultDataDir);
  console.log(`wrote ${written.map((file) => `data/${file}`).join(', ')}`);
}

if (process.argv[1] != null && import.meta.url === pathToFileURL(process.argv[1]).href) main();
