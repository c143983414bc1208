import type { FipsLookup } from './fips.js';
import { FieldError, integerField, numberField, parseTranslationInfo, textField, timestampField, type TranslationInfo } from './fields.js';

/** GDELT GKG 2.1: 27 tab-separated columns, in the order of the GKG Codebook V2.1. */
export const gkgColumns = [
  'GKGRECORDID', 'DATE', 'SourceCollectionIdentifier', 'SourceCommonName', 'DocumentIdentifier',
  'Counts', 'V2Counts', 'Themes', 'V2Themes', 'Locations', 'V2Locations', 'Persons', 'V2Persons',
  'Organizations', 'V2Organizations', 'V2Tone', 'Dates', 'GCAM', 'SharingImage', 'RelatedImages',
  'SocialImageEmbeds', 'SocialVideoEmbeds', 'Quotations', 'AllNames', 'Amounts', 'TranslationInfo', 'Extras',
] as const;

/** A theme, person, organisation or name with its approximate character offset in the document. */
export interface GkgMention {
  name: string;
  /** Null for V1 fields, which carry no offsets. */
  offset: number | null;
}

/** One V2 (enhanced) location: `Type#FullName#CountryCode#ADM1#ADM2#Lat#Long#FeatureID#Offset`. */
export interface GkgLocation {
  /** 1 country, 2 US state, 3 US city, 4 world city, 5 world state (ADM1). */
  type: number | null;
  fullName: string;
  /** FIPS 10-4 as GDELT writes it ("CH" is China, "SN" Singapore). */
  countryFips: string | null;
  /** ISO 3166 alpha-3 through the project's country reference; null when the FIPS code is unknown. */
  countryIso3: string | null;
  adm1Code: string | null;
  adm2Code: string | null;
  latitude: number | null;
  longitude: number | null;
  featureId: string | null;
  offset: number | null;
}

/** The V1.5 tone field's seven numbers. */
export interface GkgTone {
  /** Positive minus negative, −100 to +100; news mostly within ±10. */
  tone: number;
  /** Percentage of words with a positive connotation. */
  positive: number;
  /** Percentage of words with a negative connotation. */
  negative: number;
  /** Percentage of words found in the tonal dictionary. */
  polarity: number;
  activityDensity: number;
  selfGroupDensity: number;
  wordCount: number;
}

/** One GKG 2.1 record: one document. */
export interface GkgRecord {
  recordId: string;
  /** True for records of the translation stream (a "T" after the dash of the record id). */
  translated: boolean;
  /** Publication batch, YYYYMMDDHHMMSS (UTC). */
  date: string;
  /** 1 web, 2 citation only, 3 CORE, 4 DTIC, 5 JSTOR, 6 non-textual source. */
  sourceCollection: number | null;
  sourceCommonName: string | null;
  documentIdentifier: string;
  /** V2Themes (with offsets), or V1 Themes when the V2 field is empty. */
  themes: GkgMention[];
  locations: GkgLocation[];
  persons: GkgMention[];
  organisations: GkgMention[];
  tone: GkgTone | null;
  allNames: GkgMention[];
  translation: TranslationInfo | null;
  /** `<PAGE_TITLE>` of the Extras XML, entities decoded. */
  pageTitle: string | null;
  sharingImage: string | null;
  /** Fields kept as GDELT wrote them. */
  raw: { counts: string; dates: string; gcam: string; quotations: string; amounts: string; extras: string };
}

/** Parses `name,offset;name,offset;…` (the last comma separates the offset; names may hold commas). */
export function parseOffsetList(value: string, column: string): GkgMention[] {
  const out: GkgMention[] = [];
  let start = 0;
  while (start < value.length) {
    let end = value.indexOf(';', start);
    if (end < 0) end = value.length;
    if (end > start) {
      const comma = value.lastIndexOf(',', end - 1);
      if (comma < start) throw new FieldError(column, value.slice(start, end), '"name,offset" blocks separated by ";"');
      const offset = Number(value.slice(comma + 1, end));
      if (!Number.isInteger(offset)) throw new FieldError(column, value.slice(start, end), '"name,offset" with an integer offset');
      out.push({ name: value.slice(start, comma), offset });
    }
    start = end + 1;
  }
  return out;
}

/** Parses a V1 list `name;name;…` (no offsets). */
export function parsePlainList(value: string): GkgMention[] {
  const out: GkgMention[] = [];
  for (const part of value.split(';')) if (part.length > 0) out.push({ name: part, offset: null });
  return out;
}

/** Parses V2Locations: `;`-separated blocks of nine `#`-separated fields. */
export function parseV2Locations(value: string, fips: FipsLookup, column = 'V2Locations'): GkgLocation[] {
  const out: GkgLocation[] = [];
  if (value.length === 0) return out;
  const at = new Int32Array(10);
  let blockStart = 0;
  while (blockStart < value.length) {
    let blockEnd = value.indexOf(';', blockStart);
    if (blockEnd < 0) blockEnd = value.length;
    if (blockEnd > blockStart) {
      // field k spans at[k] .. at[k + 1] - 1 (the separators are at at[k + 1] - 1)
      let fields = 1;
      at[0] = blockStart;
      for (let i = value.indexOf('#', blockStart); i >= 0 && i < blockEnd; i = value.indexOf('#', i + 1)) {
        if (fields < 9) at[fields] = i + 1;
        fields++;
      }
      if (fields !== 9) throw new FieldError(column, value.slice(blockStart, blockEnd), 'nine "#"-separated fields (Type#FullName#CountryCode#ADM1#ADM2#Lat#Long#FeatureID#Offset)');
      at[9] = blockEnd + 1;
      const countryFips = textField(value.slice(at[2], at[3] - 1));
      out.push({
        type: integerField(value.slice(at[0], at[1] - 1), column),
        fullName: value.slice(at[1], at[2] - 1),
        countryFips,
        countryIso3: countryFips == null ? null : fips.toIso3(countryFips),
        adm1Code: textField(value.slice(at[3], at[4] - 1)),
        adm2Code: textField(value.slice(at[4], at[5] - 1)),
        latitude: numberField(value.slice(at[5], at[6] - 1), column),
        longitude: numberField(value.slice(at[6], at[7] - 1), column),
        featureId: textField(value.slice(at[7], at[8] - 1)),
        offset: integerField(value.slice(at[8], at[9] - 1), column),
      });
    }
    blockStart = blockEnd + 1;
  }
  return out;
}

/** Parses V1.5 tone: seven comma-separated numbers; null when the field is empty. */
export function parseTone(value: string, column = 'V2Tone'): GkgTone | null {
  if (value.length === 0) return null;
  const n = [0, 0, 0, 0, 0, 0, 0];
  let start = 0;
  let count = 0;
  for (;;) {
    const comma = value.indexOf(',', start);
    const end = comma < 0 ? value.length : comma;
    if (count < 7) n[count] = Number(value.slice(start, end));
    count++;
    if (comma < 0) break;
    start = comma + 1;
  }
  if (count !== 7) throw new FieldError(column, value, 'seven comma-separated numbers (tone, positive, negative, polarity, activity, self/group, word count)');
  for (const x of n) if (Number.isNaN(x)) throw new FieldError(column, value, 'seven numbers');
  if (!Number.isInteger(n[6])) throw new FieldError(column, value, 'an integer word count as the seventh number');
  return { tone: n[0], positive: n[1], negative: n[2], polarity: n[3], activityDensity: n[4], selfGroupDensity: n[5], wordCount: n[6] };
}

const xmlEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five XML entities and numeric character references. */
export function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return xmlEntities[name] ?? whole;
  });
}

/** The `<PAGE_TITLE>` block of the Extras XML, or null. */
export function extrasPageTitle(extras: string): string | null {
  const start = extras.indexOf('<PAGE_TITLE>');
  if (start < 0) return null;
  const end = extras.indexOf('</PAGE_TITLE>', start);
  if (end < 0) return null;
  const title = decodeXmlEntities(extras.slice(start + 12, end)).trim();
  return title.length === 0 ? null : title;
}

/** Builds a GKG record from its 27 fields; throws FieldError naming the first bad column. */
export function parseGkgFields(f: readonly string[], fips: FipsLookup): GkgRecord {
  const recordId = f[0];
  const dash = recordId.indexOf('-');
  if (dash !== 14 || recordId.length < 16) throw new FieldError('GKGRECORDID', recordId, '"YYYYMMDDHHMMSS-N" or "YYYYMMDDHHMMSS-TN"');
  const documentIdentifier = f[4];
  if (documentIdentifier.length === 0) throw new FieldError('DocumentIdentifier', documentIdentifier, 'a URL or citation');
  const themes = f[8].length > 0 ? parseOffsetList(f[8], 'V2Themes') : parsePlainList(f[7]);
  return {
    recordId,
    translated: recordId.charCodeAt(15) === 84,
    date: timestampField(f[1], 'DATE', [14, 8]),
    sourceCollection: integerField(f[2], 'SourceCollectionIdentifier'),
    sourceCommonName: textField(f[3]),
    documentIdentifier,
    themes,
    locations: parseV2Locations(f[10], fips),
    persons: parseOffsetList(f[12], 'V2Persons'),
    organisations: parseOffsetList(f[14], 'V2Organizations'),
    tone: parseTone(f[15]),
    allNames: parseOffsetList(f[23], 'AllNames'),
    translation: parseTranslationInfo(f[25], 'TranslationInfo'),
    pageTitle: extrasPageTitle(f[26]),
    sharingImage: textField(f[18]),
    raw: { counts: f[6] || f[5], dates: f[16], gcam: f[17], quotations: f[22], amounts: f[24], extras: f[26] },
  };
}

/**
 * A record predicate keeping GKG records with any of `themes` (exact GKG theme names) or a
 * location in any of `countries` (ISO 3166 alpha-3). An empty criterion does not restrict.
 */
export function gkgFilter(criteria: { themes?: readonly string[]; countries?: readonly string[] }): (record: GkgRecord) => boolean {
  const themes = new Set(criteria.themes ?? []);
  const countries = new Set(criteria.countries ?? []);
  return (record) => {
    const themeOk = themes.size === 0 || record.themes.some((t) => themes.has(t.name));
    const countryOk = countries.size === 0 || record.locations.some((l) => l.countryIso3 != null && countries.has(l.countryIso3));
    return themeOk && countryOk;
  };
}
