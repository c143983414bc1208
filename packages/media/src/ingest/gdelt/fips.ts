import { readFileSync } from 'node:fs';
import { createCountryMatcher, type CountryNameRecord } from '@softpower/engine';
import { parseCsv } from '../csv.js';

/** FIPS 10-4 → ISO 3166 alpha-3, remembering the codes it could not convert. */
export interface FipsLookup {
  toIso3(fips: string): string | null;
  /** Each unknown FIPS code and how often it was asked for. */
  readonly unknown: Map<string, number>;
}

/** The repository's country reference (`data/derived/countries.csv`). */
export const defaultCountriesCsv = new URL('../../../../../data/derived/countries.csv', import.meta.url);

/** FIPS codes GDELT uses that the country reference lacks (`data/gdelt/fips-supplement.csv`, see its README). */
export const defaultFipsSupplementCsv = new URL('../../../../../data/gdelt/fips-supplement.csv', import.meta.url);

/** One extra FIPS → ISO3 pair. */
export interface FipsSupplementRow {
  fips: string;
  iso3: string;
  name: string;
}

/** Reads `fips,iso3,name,origin` rows. */
export function readFipsSupplement(path: string | URL = defaultFipsSupplementCsv): FipsSupplementRow[] {
  const rows = parseCsv(readFileSync(path, 'utf8'));
  return rows.slice(1).map(({ fields }) => ({ fips: fields[0], iso3: fields[1], name: fields[2] }));
}

/** Adds supplement codes to the records: to the record of the same ISO3, or as a new record. */
export function withFipsSupplement(records: readonly CountryNameRecord[], supplement: readonly FipsSupplementRow[]): CountryNameRecord[] {
  const byIso3 = new Map(records.map((r) => [r.iso3, { ...r, codes: { ...r.codes } }]));
  for (const row of supplement) {
    const record = byIso3.get(row.iso3) ?? { iso3: row.iso3, names: [row.name], codes: {} };
    const current = record.codes?.fips;
    const codes = current == null ? [] : typeof current === 'string' ? [current] : [...current];
    if (!codes.includes(row.fips)) codes.push(row.fips);
    record.codes = { ...record.codes, fips: codes };
    byIso3.set(row.iso3, record);
  }
  return [...byIso3.values()];
}

/**
 * Reads country records from `countries.csv` (columns iso3, fips, name_en…; a FIPS cell may
 * hold several codes separated by ";", as Palestine's `GZ;WE`).
 */
export function readCountryRecords(path: string | URL = defaultCountriesCsv): CountryNameRecord[] {
  const rows = parseCsv(readFileSync(path, 'utf8'));
  const header = rows[0]?.fields ?? [];
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`readCountryRecords: ${String(path)} has no column "${name}"; expected the layout of data/derived/countries.csv`);
    return i;
  };
  const iso3 = col('iso3');
  const fips = col('fips');
  const nameColumns = ['name_en', 'name_zh', 'name_fr', 'name_es', 'name_ru', 'name_ar'].filter((n) => header.includes(n)).map(col);
  return rows.slice(1).map(({ fields }) => ({
    iso3: fields[iso3],
    names: nameColumns.map((i) => fields[i]).filter((n) => n != null && n.length > 0),
    codes: { fips: (fields[fips] ?? '').split(';').filter((c) => c.length > 0) },
  }));
}

/**
 * Builds a FIPS → ISO3 lookup from country records through the engine's country matcher
 * (FIPS is read only as FIPS: "CH" is China, never Switzerland).
 *
 * @example
 * const fips = createFipsLookup(readCountryRecords());
 * fips.toIso3('CH') // 'CHN'
 */
export function createFipsLookup(records: readonly CountryNameRecord[]): FipsLookup {
  const matcher = createCountryMatcher(records, { codeSystem: 'fips' });
  const cache = new Map<string, string | null>();
  const unknown = new Map<string, number>();
  return {
    unknown,
    toIso3(code: string): string | null {
      let iso3 = cache.get(code);
      if (iso3 === undefined) {
        const result = matcher.match(code, { codeSystem: 'fips' });
        iso3 = result.status === 'matched' && result.via === 'code' ? result.iso3 : null;
        cache.set(code, iso3);
      }
      if (iso3 == null) unknown.set(code, (unknown.get(code) ?? 0) + 1);
      return iso3;
    },
  };
}

let shared: CountryNameRecord[] | undefined;

/**
 * A FIPS lookup over the repository's country reference plus GDELT's extra codes; the files
 * are read once per process.
 */
export function defaultFipsLookup(): FipsLookup {
  shared ??= withFipsSupplement(readCountryRecords(), readFipsSupplement());
  return createFipsLookup(shared);
}
