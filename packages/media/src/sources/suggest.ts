import { readFileSync } from 'node:fs';
import { parseCsv } from '../ingest/csv.js';
import { defaultCountriesCsv } from '../ingest/gdelt/fips.js';
import type { UnknownDomain } from './registry.js';

/** ISO 3166 alpha-2 → alpha-3, from the country reference. */
export type Alpha2Lookup = ReadonlyMap<string, string>;

/** Reads the `iso2` and `iso3` columns of `data/derived/countries.csv`. */
export function readAlpha2Lookup(path: string | URL = defaultCountriesCsv): Alpha2Lookup {
  const rows = parseCsv(readFileSync(path, 'utf8'));
  const header = rows[0]?.fields ?? [];
  const iso2 = header.indexOf('iso2');
  const iso3 = header.indexOf('iso3');
  if (iso2 < 0 || iso3 < 0) throw new Error(`readAlpha2Lookup: ${String(path)} needs the columns iso2 and iso3 (the layout of data/derived/countries.csv)`);
  const out = new Map<string, string>();
  for (const { fields } of rows.slice(1)) if (fields[iso2] && fields[iso3]) out.set(fields[iso2].toLowerCase(), fields[iso3]);
  return out;
}

/**
 * Country-code top-level domains sold and used worldwide, which say nothing about a
 * publisher's country: the ccTLDs Google Search treats as generic ("generic country code
 * top-level domains" in Google Search Central's guide to multi-regional sites, with .ai,
 * added to that list later).
 */
export const genericCountryCodeTlds: ReadonlySet<string> = new Set(['ad', 'ai', 'as', 'bz', 'cc', 'cd', 'co', 'dj', 'fm', 'io', 'la', 'me', 'ms', 'nu', 'sc', 'sr', 'su', 'tk', 'tv', 'ws']);

/** ccTLDs that differ from the ISO 3166 alpha-2 code of their country (IANA root zone). */
const tldExceptions: ReadonlyMap<string, string> = new Map([['uk', 'gb']]);

/** A country suggested for a domain of the curation list, and why; never stored by itself. */
export interface SourceSuggestion {
  domain: string;
  articles: number;
  /** ISO 3166 alpha-3, or null when the domain's name says nothing about its country. */
  country: string | null;
  /** How the suggestion was made, or why there is none. */
  basis: string;
}

/**
 * Suggests a source country for each domain of the curation list from its country-code
 * top-level domain (`wafa.ps` → PSE, `bbc.co.uk` → GBR). Generic top-level domains
 * (`.com`, `.org`) and country codes used worldwide (`.tv`, `.io`, `.fm`) get no suggestion.
 * A suggestion is a starting point for a person: a ccTLD names where a domain was registered,
 * not always where its publisher works, and the communicator type can only come from someone
 * who knows the outlet. The CLI and API write the suggestions in the registry's import format.
 *
 * @example
 * suggestSourceCountries([{ domain: 'wafa.ps', articles: 16, examples: [] }], readAlpha2Lookup())
 * // → [{ domain: 'wafa.ps', articles: 16, country: 'PSE', basis: 'ccTLD .ps' }]
 */
export function suggestSourceCountries(unknown: readonly UnknownDomain[], alpha2: Alpha2Lookup): SourceSuggestion[] {
  return unknown.map((u) => {
    const tld = u.domain.slice(u.domain.lastIndexOf('.') + 1).toLowerCase();
    if (tld.length !== 2) return { domain: u.domain, articles: u.articles, country: null, basis: `generic top-level domain .${tld}` };
    if (genericCountryCodeTlds.has(tld)) return { domain: u.domain, articles: u.articles, country: null, basis: `ccTLD .${tld} is used worldwide` };
    const country = alpha2.get(tldExceptions.get(tld) ?? tld) ?? null;
    return { domain: u.domain, articles: u.articles, country, basis: country == null ? `ccTLD .${tld} names no country of the reference` : `ccTLD .${tld}` };
  });
}

/** The registry import columns (`media sources import`) with a note on each suggestion. */
export const suggestionColumns = ['domain', 'country', 'language', 'communicator_type', 'name', 'note'] as const;

/** Rows of the suggestions that name a country, ready to be checked, completed and imported. */
export function suggestionRows(suggestions: readonly SourceSuggestion[]): (string | null)[][] {
  return suggestions
    .filter((s) => s.country != null)
    .map((s) => [s.domain, s.country, null, null, null, `suggested from its ${s.basis} (${s.articles} article${s.articles === 1 ? '' : 's'}); check the country, add the communicator type`]);
}
