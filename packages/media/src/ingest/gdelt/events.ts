import type { FipsLookup } from './fips.js';
import { FieldError, integerField, numberField, requiredInteger, textField, timestampField } from './fields.js';

/** GDELT 2.0 Events: 61 tab-separated columns, in the order of the Event Codebook V2.0. */
export const eventColumns = [
  'GLOBALEVENTID', 'SQLDATE', 'MonthYear', 'Year', 'FractionDate',
  'Actor1Code', 'Actor1Name', 'Actor1CountryCode', 'Actor1KnownGroupCode', 'Actor1EthnicCode', 'Actor1Religion1Code', 'Actor1Religion2Code', 'Actor1Type1Code', 'Actor1Type2Code', 'Actor1Type3Code',
  'Actor2Code', 'Actor2Name', 'Actor2CountryCode', 'Actor2KnownGroupCode', 'Actor2EthnicCode', 'Actor2Religion1Code', 'Actor2Religion2Code', 'Actor2Type1Code', 'Actor2Type2Code', 'Actor2Type3Code',
  'IsRootEvent', 'EventCode', 'EventBaseCode', 'EventRootCode', 'QuadClass', 'GoldsteinScale', 'NumMentions', 'NumSources', 'NumArticles', 'AvgTone',
  'Actor1Geo_Type', 'Actor1Geo_FullName', 'Actor1Geo_CountryCode', 'Actor1Geo_ADM1Code', 'Actor1Geo_ADM2Code', 'Actor1Geo_Lat', 'Actor1Geo_Long', 'Actor1Geo_FeatureID',
  'Actor2Geo_Type', 'Actor2Geo_FullName', 'Actor2Geo_CountryCode', 'Actor2Geo_ADM1Code', 'Actor2Geo_ADM2Code', 'Actor2Geo_Lat', 'Actor2Geo_Long', 'Actor2Geo_FeatureID',
  'ActionGeo_Type', 'ActionGeo_FullName', 'ActionGeo_CountryCode', 'ActionGeo_ADM1Code', 'ActionGeo_ADM2Code', 'ActionGeo_Lat', 'ActionGeo_Long', 'ActionGeo_FeatureID',
  'DATEADDED', 'SOURCEURL',
] as const;

/** Column index of Actor1CountryCode and Actor2CountryCode (CAMEO codes, ISO 3166 alpha-3 for countries). */
export const EVENT_ACTOR1_COUNTRY = 7;
export const EVENT_ACTOR2_COUNTRY = 17;

export interface GdeltActor {
  code: string | null;
  name: string | null;
  /** CAMEO country code: ISO 3166 alpha-3 for countries, or a CAMEO region code such as "AFR". */
  countryCode: string | null;
  knownGroupCode: string | null;
  ethnicCode: string | null;
  religion1Code: string | null;
  religion2Code: string | null;
  type1Code: string | null;
  type2Code: string | null;
  type3Code: string | null;
}

export interface GdeltGeo {
  /** 1 country, 2 US state, 3 US city, 4 world city, 5 world state (ADM1); null when absent. */
  type: number | null;
  fullName: string | null;
  /** FIPS 10-4 country code, as GDELT writes it (CH is China). */
  countryFips: string | null;
  /** The same country as ISO 3166 alpha-3 through the project's country reference; null if unknown. */
  countryIso3: string | null;
  adm1Code: string | null;
  adm2Code: string | null;
  latitude: number | null;
  longitude: number | null;
  featureId: string | null;
}

/** One GDELT 2.0 event record. */
export interface GdeltEvent {
  globalEventId: number;
  /** SQLDATE: the day of the event, YYYYMMDD. */
  day: number;
  monthYear: number | null;
  year: number | null;
  fractionDate: number | null;
  actor1: GdeltActor;
  actor2: GdeltActor;
  isRootEvent: boolean;
  eventCode: string;
  eventBaseCode: string | null;
  eventRootCode: string | null;
  /** 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict. */
  quadClass: number | null;
  goldsteinScale: number | null;
  numMentions: number | null;
  numSources: number | null;
  numArticles: number | null;
  avgTone: number | null;
  actor1Geo: GdeltGeo;
  actor2Geo: GdeltGeo;
  actionGeo: GdeltGeo;
  /** DATEADDED: the 15-minute batch, YYYYMMDDHHMMSS (UTC). */
  dateAdded: string;
  sourceUrl: string | null;
}

function actor(f: readonly string[], at: number): GdeltActor {
  return {
    code: textField(f[at]),
    name: textField(f[at + 1]),
    countryCode: textField(f[at + 2]),
    knownGroupCode: textField(f[at + 3]),
    ethnicCode: textField(f[at + 4]),
    religion1Code: textField(f[at + 5]),
    religion2Code: textField(f[at + 6]),
    type1Code: textField(f[at + 7]),
    type2Code: textField(f[at + 8]),
    type3Code: textField(f[at + 9]),
  };
}

function geo(f: readonly string[], at: number, fips: FipsLookup): GdeltGeo {
  const countryFips = textField(f[at + 2]);
  return {
    type: integerField(f[at], eventColumns[at]),
    fullName: textField(f[at + 1]),
    countryFips,
    countryIso3: countryFips == null ? null : fips.toIso3(countryFips),
    adm1Code: textField(f[at + 3]),
    adm2Code: textField(f[at + 4]),
    latitude: numberField(f[at + 5], eventColumns[at + 5]),
    longitude: numberField(f[at + 6], eventColumns[at + 6]),
    featureId: textField(f[at + 7]),
  };
}

/** Builds an event from its 61 fields; throws FieldError naming the first bad column. */
export function parseEventFields(f: readonly string[], fips: FipsLookup): GdeltEvent {
  const eventCode = f[26];
  if (eventCode.length === 0) throw new FieldError('EventCode', eventCode, 'a CAMEO event code');
  return {
    globalEventId: requiredInteger(f[0], 'GLOBALEVENTID'),
    day: Number(timestampField(f[1], 'SQLDATE', [8])),
    monthYear: integerField(f[2], 'MonthYear'),
    year: integerField(f[3], 'Year'),
    fractionDate: numberField(f[4], 'FractionDate'),
    actor1: actor(f, 5),
    actor2: actor(f, 15),
    isRootEvent: f[25] === '1',
    eventCode,
    eventBaseCode: textField(f[27]),
    eventRootCode: textField(f[28]),
    quadClass: integerField(f[29], 'QuadClass'),
    goldsteinScale: numberField(f[30], 'GoldsteinScale'),
    numMentions: integerField(f[31], 'NumMentions'),
    numSources: integerField(f[32], 'NumSources'),
    numArticles: integerField(f[33], 'NumArticles'),
    avgTone: numberField(f[34], 'AvgTone'),
    actor1Geo: geo(f, 35, fips),
    actor2Geo: geo(f, 43, fips),
    actionGeo: geo(f, 51, fips),
    dateAdded: timestampField(f[59], 'DATEADDED'),
    sourceUrl: textField(f[60]),
  };
}

/**
 * Read options keeping events with one of `countries` as Actor1 or Actor2 country: a
 * substring prefilter ("\tCHN\t") and the exact raw-field check.
 *
 * @example
 * readGdelt('events', path, eventActorCountryOptions(['CHN']))
 */
export function eventActorCountryOptions(countries: readonly string[]): { lineContains: string[]; where: (fields: readonly string[]) => boolean } {
  return { lineContains: countries.map((c) => `\t${c}\t`), where: eventActorCountryFilter(countries) };
}

/**
 * A raw-field predicate keeping events with one of `countries` (CAMEO/ISO3 codes, e.g. "CHN")
 * as Actor1 or Actor2 country; it runs before a record is built, which is what makes
 * filtering fast.
 */
export function eventActorCountryFilter(countries: readonly string[]): (fields: readonly string[]) => boolean {
  const wanted = new Set(countries);
  return (f) => wanted.has(f[EVENT_ACTOR1_COUNTRY]) || wanted.has(f[EVENT_ACTOR2_COUNTRY]);
}
