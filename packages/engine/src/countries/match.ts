import { countryNameVariants, editDistance, normaliseCountryName } from './names.js';

/** Code systems a country can be looked up by. `wb` is the World Bank / WGI code where it differs from ISO3. */
export type CountryCodeSystem = 'iso3' | 'iso2' | 'm49' | 'fips' | 'ioc' | 'wb';

export const countryCodeSystems: readonly CountryCodeSystem[] = ['iso3', 'iso2', 'm49', 'fips', 'ioc', 'wb'];

/** Everything known about how one country is written: its key, its names in any language and its codes. */
export interface CountryNameRecord {
  /** ISO 3166-1 alpha-3 (or XKX for Kosovo): three capital letters. */
  iso3: string;
  /** Every known name or alias, in any language and any source spelling. */
  names: readonly string[];
  /** Codes by system; a country may have several codes in one system (FIPS GZ and WE for PSE). */
  codes?: Partial<Record<CountryCodeSystem, string | readonly string[]>>;
}

export interface CountryMatchOptions {
  /**
   * Which code system a short code is read in. Default `'iso3'`. Codes of other systems are
   * never tried, so FIPS "CH" (China) cannot be taken for ISO2 "CH" (Switzerland) by accident.
   * `'none'` matches names only.
   */
  codeSystem?: CountryCodeSystem | 'none';
}

export interface CountrySuggestion {
  iso3: string;
  name: string;
  distance: number;
}

export type MatchResult =
  | { status: 'matched'; value: string; iso3: string; via: 'code' | 'name' | 'variant'; key: string }
  | { status: 'ambiguous'; value: string; candidates: string[]; key: string }
  | { status: 'unmatched'; value: string; key: string; suggestion?: CountrySuggestion; codeHint?: string };

/** One name to match and where it was read. */
export interface NameToMatch {
  value: string;
  file?: string;
  row?: number;
  column?: string;
}

/** A name that could not be matched, with where it was read and what to do about it. */
export interface UnmatchedName extends NameToMatch {
  reason: 'unmatched' | 'ambiguous' | 'empty';
  candidates: string[];
  suggestion?: CountrySuggestion;
  message: string;
}

export interface MatchAllResult {
  /** Each distinct matched value → ISO3. */
  matched: Map<string, string>;
  /** Every occurrence that did not match, in input order. */
  unmatched: UnmatchedName[];
}

export interface CountryMatcher {
  match(value: string, options?: CountryMatchOptions): MatchResult;
  matchAll(names: readonly NameToMatch[], options?: CountryMatchOptions): MatchAllResult;
  /** The ISO3 codes the matcher knows, sorted. */
  readonly iso3Codes: readonly string[];
}

/** Thrown by `createCountryMatcher` when the records are unusable; lists every problem found. */
export class CountryRecordsError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(
      `createCountryMatcher: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the country records: ${problems.join('; ')}`,
    );
    this.name = 'CountryRecordsError';
    this.problems = problems;
  }
}

type KeyIndex = Map<string, Map<string, string>>;

function addKey(index: KeyIndex, key: string, iso3: string, display: string): void {
  if (key.length === 0) return;
  let entry = index.get(key);
  if (!entry) {
    entry = new Map();
    index.set(key, entry);
  }
  if (!entry.has(iso3)) entry.set(iso3, display);
}

function normaliseCode(system: CountryCodeSystem, code: string): string {
  const trimmed = code.trim().toUpperCase();
  if (system === 'm49' && /^\d+$/.test(trimmed)) return String(Number(trimmed));
  return trimmed;
}

function codesOf(value: string | readonly string[] | undefined): string[] {
  if (value == null) return [];
  return (typeof value === 'string' ? [value] : [...value]).filter((code) => code.trim().length > 0);
}

function validateRecords(records: readonly CountryNameRecord[]): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  records.forEach((record, i) => {
    if (record == null || typeof record.iso3 !== 'string' || !/^[A-Z]{3}$/.test(record.iso3)) {
      problems.push(`record ${i} has iso3 ${JSON.stringify(record?.iso3)}; expected three capital letters such as "CHN"`);
      return;
    }
    if (seen.has(record.iso3)) problems.push(`iso3 "${record.iso3}" appears in more than one record; merge their names into one record`);
    seen.add(record.iso3);
    if (!Array.isArray(record.names)) problems.push(`record "${record.iso3}" has no names array; pass names: [] if it has none`);
    const codes = record.codes ?? {};
    for (const system of Object.keys(codes)) {
      if (!countryCodeSystems.includes(system as CountryCodeSystem)) {
        problems.push(`record "${record.iso3}" has a code in unknown system "${system}"; expected one of ${countryCodeSystems.map((s) => `"${s}"`).join(', ')}`);
      }
    }
  });
  if (problems.length > 0) throw new CountryRecordsError(problems);
}

/**
 * Builds a country matcher from name records. Pure: the records are the only input.
 *
 * A value is matched, in this order:
 * 1. as a code in the requested code system (default ISO3; see `CountryMatchOptions`);
 * 2. by its normalised name ("Côte d'Ivoire", "COTE D IVOIRE" and "Cote d’Ivoire" share a key);
 * 3. by name variants: bracketed parts moved or dropped, "Korea, Rep." read as "Rep. Korea".
 * A key that belongs to two countries is reported as ambiguous, never resolved silently.
 * Unmatched values come back with the closest known name by edit distance.
 *
 * @example
 * const matcher = createCountryMatcher([{ iso3: 'KOR', names: ['Republic of Korea', '韩国'], codes: { iso2: 'KR' } }]);
 * matcher.match('Korea, Rep.') // { status: 'matched', iso3: 'KOR', via: 'variant', ... }
 */
export function createCountryMatcher(records: readonly CountryNameRecord[], defaults: CountryMatchOptions = {}): CountryMatcher {
  if (!Array.isArray(records)) throw new CountryRecordsError(['records must be an array of { iso3, names, codes }']);
  validateRecords(records);
  return buildMatcher(records, defaults);
}

function buildMatcher(records: readonly CountryNameRecord[], defaults: CountryMatchOptions): CountryMatcher {
  const exact: KeyIndex = new Map();
  const variants: KeyIndex = new Map();
  const codes = new Map<CountryCodeSystem, Map<string, Set<string>>>();
  for (const system of countryCodeSystems) codes.set(system, new Map());

  for (const record of records) {
    const codeMap = record.codes ?? {};
    for (const system of countryCodeSystems) {
      const values = system === 'iso3' ? [record.iso3, ...codesOf(codeMap.iso3)] : codesOf(codeMap[system]);
      const systemIndex = codes.get(system)!;
      for (const code of values) {
        const key = normaliseCode(system, code);
        if (!systemIndex.has(key)) systemIndex.set(key, new Set());
        systemIndex.get(key)!.add(record.iso3);
      }
    }
    for (const name of record.names) {
      if (typeof name !== 'string' || name.trim().length === 0) continue;
      addKey(exact, normaliseCountryName(name), record.iso3, name.trim());
      for (const key of countryNameVariants(name)) addKey(variants, key, record.iso3, name.trim());
    }
  }

  const exactKeys = [...exact.keys()].sort();

  function suggest(key: string): CountrySuggestion | undefined {
    let best: CountrySuggestion | undefined;
    for (const candidate of exactKeys) {
      const distance = editDistance(key, candidate);
      if (best == null || distance < best.distance) {
        const [iso3, name] = [...exact.get(candidate)!.entries()][0];
        best = { iso3, name, distance };
      }
    }
    return best;
  }

  function codeHint(value: string, requested: CountryCodeSystem | 'none'): string | undefined {
    const hints: string[] = [];
    for (const system of countryCodeSystems) {
      if (system === requested) continue;
      const found = codes.get(system)!.get(normaliseCode(system, value));
      if (found) hints.push(`the ${system} code of ${[...found].sort().join('/')}`);
    }
    if (hints.length === 0) return undefined;
    return `"${value.trim()}" is ${hints.join(' and ')}; pass codeSystem to read it as a code`;
  }

  function fromIndex(index: KeyIndex, key: string, value: string, via: 'name' | 'variant'): MatchResult | undefined {
    const entry = index.get(key);
    if (!entry) return undefined;
    if (entry.size === 1) return { status: 'matched', value, iso3: [...entry.keys()][0], via, key };
    return { status: 'ambiguous', value, candidates: [...entry.keys()].sort(), key };
  }

  function match(value: string, options: CountryMatchOptions = {}): MatchResult {
    const codeSystem = options.codeSystem ?? defaults.codeSystem ?? 'iso3';
    const text = typeof value === 'string' ? value : String(value ?? '');
    if (codeSystem !== 'none') {
      const found = codes.get(codeSystem)?.get(normaliseCode(codeSystem, text));
      if (found && found.size === 1) return { status: 'matched', value: text, iso3: [...found][0], via: 'code', key: text.trim() };
      if (found && found.size > 1) return { status: 'ambiguous', value: text, candidates: [...found].sort(), key: text.trim() };
    }
    const key = normaliseCountryName(text);
    const direct = fromIndex(exact, key, text, 'name');
    if (direct) return direct;
    for (const variant of countryNameVariants(text)) {
      const hit = fromIndex(exact, variant, text, 'variant') ?? fromIndex(variants, variant, text, 'variant');
      if (hit) return hit;
    }
    const viaVariants = fromIndex(variants, key, text, 'variant');
    if (viaVariants) return viaVariants;
    const result: MatchResult = { status: 'unmatched', value: text, key };
    if (key.length > 0) {
      const suggestion = suggest(key);
      if (suggestion) result.suggestion = suggestion;
    }
    const hint = text.trim().length > 0 ? codeHint(text, codeSystem) : undefined;
    if (hint) result.codeHint = hint;
    return result;
  }

  function matchAll(names: readonly NameToMatch[], options: CountryMatchOptions = {}): MatchAllResult {
    const matched = new Map<string, string>();
    const unmatched: UnmatchedName[] = [];
    const cache = new Map<string, MatchResult>();
    for (const item of names) {
      let result = cache.get(item.value);
      if (!result) {
        result = match(item.value, options);
        cache.set(item.value, result);
      }
      if (result.status === 'matched') {
        matched.set(item.value, result.iso3);
        continue;
      }
      unmatched.push(describeUnmatched(item, result));
    }
    return { matched, unmatched };
  }

  return { match, matchAll, iso3Codes: records.map((record) => record.iso3).sort() };
}

function describeUnmatched(item: NameToMatch, result: Exclude<MatchResult, { status: 'matched' }>): UnmatchedName {
  const where = [item.file, item.row != null ? `row ${item.row}` : undefined, item.column != null ? `column "${item.column}"` : undefined]
    .filter((part) => part != null)
    .join(', ');
  const at = where.length > 0 ? ` (${where})` : '';
  const base = { ...item };
  if (result.status === 'ambiguous') {
    return {
      ...base,
      reason: 'ambiguous',
      candidates: result.candidates,
      message: `country name "${item.value}"${at} fits ${result.candidates.join(', ')}; add an alias that names one of them`,
    };
  }
  if (item.value.trim().length === 0) {
    return { ...base, reason: 'empty', candidates: [], message: `country name is empty${at}; fill the cell or drop the row` };
  }
  const suggestion = result.suggestion;
  const didYouMean = suggestion ? `; did you mean "${suggestion.name}" (${suggestion.iso3})?` : '';
  const hint = result.codeHint ? `; ${result.codeHint}` : '';
  const unmatched: UnmatchedName = {
    ...base,
    reason: 'unmatched',
    candidates: [],
    message: `country name "${item.value}"${at} matches no known country${didYouMean}${hint}; add an alias if it names a country`,
  };
  if (suggestion) unmatched.suggestion = suggestion;
  return unmatched;
}
