import { hostOf } from '../ingest/article.js';
import { parseCsv } from '../ingest/csv.js';
import type { FipsLookup } from '../ingest/gdelt/fips.js';
import { ingestProblem, type IngestProblem } from '../ingest/problems.js';

/** Who speaks through a source. */
export const communicatorTypes = [
  'state_media',
  'public_broadcaster',
  'commercial_media',
  'enterprise',
  'government',
  'ngo',
  'individual',
] as const;

export type CommunicatorType = (typeof communicatorTypes)[number];

/** One source: a domain (and its subdomains) and who is behind it. */
export interface SourceEntry {
  /** Lower-case host without "www.", e.g. "voanews.com" or "arabic.china.org.cn". */
  domain: string;
  name: string | null;
  /** ISO 3166 alpha-3 of the country the source belongs to (for VOA: USA, whatever the audience). */
  countryIso3: string | null;
  /** ISO 639-3 code of the source's main language. */
  language: string | null;
  /** Null until curated. */
  communicatorType: CommunicatorType | null;
  /** Where the entry came from: "voa-domains.tsv", "gdelt-domains-by-country", "user". */
  origin: string;
  note: string | null;
}

/** A domain seen in articles but not in the registry, waiting for curation. */
export interface UnknownDomain {
  domain: string;
  articles: number;
  /** Up to three example URLs. */
  examples: string[];
}

function normaliseDomain(value: string): string | null {
  const trimmed = value.trim().toLowerCase();
  if (trimmed.length === 0) return null;
  const host = trimmed.includes('://') ? hostOf(trimmed) : hostOf(`https://${trimmed}`);
  return host != null && /^[a-z0-9.-]+\.[a-z0-9-]+$/.test(host) ? host : null;
}

/**
 * Domain → country, language and communicator type. A URL is matched on its host, then on
 * each parent domain ("arabic.china.org.cn" falls back to "china.org.cn"). Domains that match
 * nothing are remembered for curation; nothing is ever assigned to them by default.
 *
 * @example
 * const registry = new SourceRegistry([{ domain: 'voanews.com', countryIso3: 'USA', language: 'eng', communicatorType: 'state_media', name: 'VOA', origin: 'user', note: null }]);
 * registry.lookup('https://learningenglish.voanews.com/a/1.html')?.countryIso3 // 'USA'
 */
export class SourceRegistry {
  private readonly byDomain = new Map<string, SourceEntry>();
  private readonly unknown = new Map<string, UnknownDomain>();

  constructor(entries: Iterable<SourceEntry> = []) {
    for (const entry of entries) this.set(entry);
  }

  /** Adds or replaces an entry. */
  set(entry: SourceEntry): void {
    const domain = normaliseDomain(entry.domain);
    if (domain == null) throw new Error(`SourceRegistry: "${entry.domain}" is not a domain; expected a host such as "voanews.com"`);
    this.byDomain.set(domain, { ...entry, domain });
    this.unknown.delete(domain);
  }

  /** Adds entries whose domain is not yet known; returns how many were added. */
  addMissing(entries: Iterable<SourceEntry>): number {
    let added = 0;
    for (const entry of entries) {
      const domain = normaliseDomain(entry.domain);
      if (domain == null || this.byDomain.has(domain)) continue;
      this.set(entry);
      added++;
    }
    return added;
  }

  /** The entry for a domain or URL (host first, then parent domains), or undefined. */
  lookup(domainOrUrl: string): SourceEntry | undefined {
    let host = normaliseDomain(domainOrUrl);
    while (host != null) {
      const entry = this.byDomain.get(host);
      if (entry) return entry;
      const dot = host.indexOf('.');
      if (dot < 0 || host.indexOf('.', dot + 1) < 0) return undefined;
      host = host.slice(dot + 1);
    }
    return undefined;
  }

  /** Records a domain that is not in the registry. */
  noteUnknown(domain: string, exampleUrl?: string): void {
    const key = normaliseDomain(domain) ?? domain.trim().toLowerCase();
    if (key.length === 0 || this.lookup(key)) return;
    const item = this.unknown.get(key) ?? { domain: key, articles: 0, examples: [] };
    item.articles += 1;
    if (exampleUrl != null && item.examples.length < 3 && !item.examples.includes(exampleUrl)) item.examples.push(exampleUrl);
    this.unknown.set(key, item);
  }

  /** Unknown domains, most frequent first, for curation. */
  unknownDomains(): UnknownDomain[] {
    return [...this.unknown.values()].sort((a, b) => b.articles - a.articles || (a.domain < b.domain ? -1 : 1));
  }

  /** Entries that still lack a country or a communicator type. */
  incompleteEntries(): SourceEntry[] {
    return this.entries().filter((e) => e.countryIso3 == null || e.communicatorType == null);
  }

  /** All entries, sorted by domain. */
  entries(): SourceEntry[] {
    return [...this.byDomain.values()].sort((a, b) => (a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0));
  }

  get size(): number {
    return this.byDomain.size;
  }
}

/** Result of reading a registry file: the valid entries and a problem for every bad cell. */
export interface RegistryImport {
  entries: SourceEntry[];
  problems: IngestProblem[];
}

export interface RegistryImportOptions {
  /** File name for messages. */
  file?: string;
  /** Field separator; default: tab when the header line holds a tab, else comma. */
  delimiter?: string;
  /** Known ISO3 codes; countries outside are reported. Default: no check. */
  countries?: ReadonlySet<string>;
  /** Origin recorded on every entry; default "user". */
  origin?: string;
}

const registryColumns = ['domain', 'country', 'language', 'communicator_type', 'name', 'note'] as const;

/**
 * Reads a source registry from CSV or TSV with a header naming `domain` (required) and any of
 * `country` (ISO3), `language` (ISO 639-3), `communicator_type`, `name`, `note`. Every bad row
 * is reported with file, line, column and value; good rows are kept.
 *
 * @example
 * importSourceRegistry('domain,country,language,communicator_type\nxinhuanet.com,CHN,zho,state_media\n').entries[0].communicatorType // 'state_media'
 */
export function importSourceRegistry(text: string, options: RegistryImportOptions = {}): RegistryImport {
  const file = options.file ?? 'registry';
  const firstLine = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length);
  const delimiter = options.delimiter ?? (firstLine.includes('\t') ? '\t' : ',');
  const rows = parseCsv(text, delimiter);
  const problems: IngestProblem[] = [];
  const entries: SourceEntry[] = [];
  if (rows.length === 0) return { entries, problems };
  const header = rows[0].fields.map((h) => h.trim().toLowerCase());
  const index = Object.fromEntries(registryColumns.map((c) => [c, header.indexOf(c)])) as Record<(typeof registryColumns)[number], number>;
  if (index.domain < 0) {
    problems.push(
      ingestProblem('MEDIA_REGISTRY_ROW', `source registry: no "domain" column in the header ${JSON.stringify(rows[0].fields)}`, {
        file,
        line: 1,
        hint: `name the columns ${registryColumns.join(', ')}`,
      }),
    );
    return { entries, problems };
  }
  const seen = new Map<string, number>();
  for (const { fields, line } of rows.slice(1)) {
    const cell = (c: (typeof registryColumns)[number]): string => (index[c] >= 0 ? (fields[index[c]] ?? '').trim() : '');
    const bad = (column: string, value: string, message: string, hint: string): void => {
      problems.push(ingestProblem('MEDIA_REGISTRY_ROW', `source registry: ${message}`, { file, line, column, value, hint }));
    };
    let ok = true;
    const domain = normaliseDomain(cell('domain'));
    if (domain == null) {
      bad('domain', cell('domain'), `"${cell('domain')}" is not a domain`, 'write a host such as "voanews.com"');
      continue;
    }
    if (seen.has(domain)) {
      bad('domain', domain, `"${domain}" appears again (first on line ${seen.get(domain)})`, 'keep one row per domain');
      continue;
    }
    seen.set(domain, line);
    const country = cell('country').toUpperCase();
    if (country.length > 0 && (!/^[A-Z]{3}$/.test(country) || (options.countries != null && !options.countries.has(country)))) {
      bad('country', cell('country'), `country "${cell('country')}" is not a known ISO 3166 alpha-3 code`, 'use codes such as CHN, KEN, USA (data/derived/countries.csv)');
      ok = false;
    }
    const language = cell('language').toLowerCase();
    if (language.length > 0 && !/^[a-z]{3}$/.test(language)) {
      bad('language', cell('language'), `language "${cell('language')}" is not an ISO 639-3 code`, 'use three-letter codes such as zho, eng, rus, ara');
      ok = false;
    }
    const type = cell('communicator_type').toLowerCase();
    if (type.length > 0 && !(communicatorTypes as readonly string[]).includes(type)) {
      bad('communicator_type', cell('communicator_type'), `communicator type "${cell('communicator_type')}" is unknown`, `expected one of ${communicatorTypes.join(', ')}`);
      ok = false;
    }
    if (!ok) continue;
    entries.push({
      domain,
      name: cell('name') || null,
      countryIso3: country || null,
      language: language || null,
      communicatorType: (type || null) as CommunicatorType | null,
      origin: options.origin ?? 'user',
      note: cell('note') || null,
    });
  }
  return { entries, problems };
}

/** Writes entries in the registry's TSV layout (the layout `importSourceRegistry` reads). */
export function formatSourceRegistry(entries: readonly SourceEntry[]): string {
  const clean = (v: string | null): string => (v ?? '').replace(/[\t\r\n]+/g, ' ');
  const lines = [['domain', 'country', 'language', 'communicator_type', 'name', 'origin', 'note'].join('\t')];
  for (const e of entries) lines.push([e.domain, e.countryIso3, e.language, e.communicatorType, e.name, e.origin, e.note].map(clean).join('\t'));
  return `${lines.join('\n')}\n`;
}

/**
 * Entries from Voice of America's list of language sites (`voa-domains.tsv` of the MOT corpus,
 * columns Region, ISO639-3 Language Code, Language, Site Name, News, …): one entry per news
 * domain, country USA, communicator type `state_media` (VOA is US state-funded), the site's
 * language.
 */
export function voaRegistryEntries(text: string, file = 'voa-domains.tsv'): RegistryImport {
  const rows = parseCsv(text, '\t');
  const problems: IngestProblem[] = [];
  const entries: SourceEntry[] = [];
  const header = (rows[0]?.fields ?? []).map((h) => h.trim().toLowerCase());
  const languageColumn = header.findIndex((h) => h.startsWith('iso639-3'));
  const nameColumn = header.indexOf('site name');
  const newsColumn = header.indexOf('news');
  if (languageColumn < 0 || newsColumn < 0) {
    problems.push(ingestProblem('MEDIA_REGISTRY_ROW', 'voa registry: the header lacks "ISO639-3 Language Code" or "News"', { file, line: 1 }));
    return { entries, problems };
  }
  const seen = new Set<string>();
  for (const { fields, line } of rows.slice(1)) {
    const url = (fields[newsColumn] ?? '').trim();
    const domain = normaliseDomain(url);
    const language = (fields[languageColumn] ?? '').trim().toLowerCase();
    if (domain == null) {
      problems.push(ingestProblem('MEDIA_REGISTRY_ROW', `voa registry: news URL "${url}" has no domain`, { file, line, column: 'News', value: url, severity: 'warning' }));
      continue;
    }
    if (seen.has(domain)) continue;
    seen.add(domain);
    entries.push({
      domain,
      name: `VOA ${(fields[nameColumn] ?? '').trim()}`.trim(),
      countryIso3: 'USA',
      language: /^[a-z]{3}$/.test(language) ? language : null,
      communicatorType: 'state_media',
      origin: 'voa-domains.tsv',
      note: null,
    });
  }
  return { entries, problems };
}

/**
 * Entries from GDELT's domain-by-country list (`MASTER-GDELTDOMAINSBYCOUNTRY-*.TXT`: domain,
 * FIPS 10-4 code, country name, tab-separated). Countries are converted through the FIPS
 * lookup; the communicator type stays null (to curate). Unknown FIPS codes are reported.
 */
export function gdeltDomainsByCountryEntries(text: string, fips: FipsLookup, file = 'MASTER-GDELTDOMAINSBYCOUNTRY.TXT'): RegistryImport {
  const problems: IngestProblem[] = [];
  const entries: SourceEntry[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim().length === 0) return;
    const f = line.split('\t');
    const domain = normaliseDomain(f[0] ?? '');
    if (f.length < 2 || domain == null) {
      problems.push(ingestProblem('MEDIA_REGISTRY_ROW', `gdelt domains: line "${line.slice(0, 80)}" is not "domain<TAB>FIPS<TAB>country"`, { file, line: i + 1 }));
      return;
    }
    const code = f[1].trim();
    const iso3 = fips.toIso3(code);
    if (iso3 == null) {
      problems.push(
        ingestProblem('MEDIA_UNKNOWN_FIPS', `gdelt domains: FIPS code "${code}" of "${domain}" has no ISO3 code; the domain is left for curation`, {
          file,
          line: i + 1,
          column: 'FIPS',
          value: code,
          severity: 'warning',
        }),
      );
    }
    entries.push({ domain, name: null, countryIso3: iso3, language: null, communicatorType: null, origin: 'gdelt-domains-by-country', note: f[2]?.trim() || null });
  });
  return { entries, problems };
}

/** Domains of GDELT source names (`SourceCommonName`, `MentionSourceName`, event URLs) with counts. */
export function gdeltSourceDomains(names: Iterable<string | null>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of names) {
    if (name == null) continue;
    const domain = normaliseDomain(name);
    if (domain != null) counts.set(domain, (counts.get(domain) ?? 0) + 1);
  }
  return counts;
}
