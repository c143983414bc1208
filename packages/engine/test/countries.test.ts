import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  createCountryMatcher,
  CountryRecordsError,
  countryNameVariants,
  editDistance,
  normaliseCountryName,
  type CountryCodeSystem,
  type CountryNameRecord,
} from '../src/countries/index.js';

/**
 * Records built from the derived reference (data/derived/countries.csv for codes and
 * data/derived/country_names.csv for every name and alias), as the CLI and the dashboard do.
 */
function loadRecords(): CountryNameRecord[] {
  const derived = (name: string): Record<string, string>[] =>
    parse(readFileSync(fileURLToPath(new URL(`../../../data/derived/${name}`, import.meta.url)), 'utf8'), { columns: true }) as Record<string, string>[];
  const names = new Map<string, string[]>();
  for (const row of derived('country_names.csv')) {
    if (!names.has(row.iso3)) names.set(row.iso3, []);
    names.get(row.iso3)!.push(row.name);
  }
  const split = (cell: string): string[] => cell.split(';').filter((code) => code !== '');
  const codes = new Map<string, Partial<Record<CountryCodeSystem, string[]>>>();
  for (const row of derived('countries.csv')) {
    codes.set(row.iso3, { iso2: split(row.iso2), m49: split(row.m49), fips: split(row.fips), ioc: split(row.ioc), wb: split(row.wb_code) });
  }
  return [...names.keys()].map((iso3) => ({ iso3, names: names.get(iso3)!, codes: codes.get(iso3) ?? {} }));
}

const matcher = createCountryMatcher(loadRecords());

function iso3Of(value: string, codeSystem?: CountryCodeSystem | 'none'): string | undefined {
  const result = matcher.match(value, codeSystem ? { codeSystem } : {});
  return result.status === 'matched' ? result.iso3 : undefined;
}

describe('normaliseCountryName and countryNameVariants', () => {
  it('fold case, diacritics, "&", punctuation and "the"', () => {
    expect(normaliseCountryName("Côte d'Ivoire")).toBe('cote d ivoire');
    expect(normaliseCountryName('Türkiye')).toBe('turkiye');
    expect(normaliseCountryName('Gambia, The')).toBe('gambia');
    expect(normaliseCountryName('Trinidad & Tobago')).toBe(normaliseCountryName('Trinidad and Tobago'));
    expect(normaliseCountryName('Holy See *')).toBe('holy see');
  });

  it('reorder "Korea, Rep." and move or drop bracketed parts', () => {
    expect(countryNameVariants('Korea, Rep.')).toEqual(['republic korea']);
    expect(countryNameVariants('Congo, Dem. Rep.')).toEqual(['democratic republic congo']);
    expect(countryNameVariants('Bolivia (Plurinational State of)')).toEqual(['plurinational state bolivia', 'bolivia']);
  });

  it('editDistance("kitten", "sitting") is 3', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
});

describe('createCountryMatcher on the bundled country reference', () => {
  it.each([
    ['Korea, Rep.', 'KOR'],
    ['Viet Nam', 'VNM'],
    ['Türkiye', 'TUR'],
    ['Turkiye', 'TUR'],
    ['Turkey', 'TUR'],
    ['China, P.R.', 'CHN'],
    ['Congo, Dem. Rep.', 'COD'],
    ['Congo, Rep.', 'COG'],
    ['Iran, Islamic Rep.', 'IRN'],
    ['Egypt, Arab Rep.', 'EGY'],
    ['Lao PDR', 'LAO'],
    ['Micronesia, Fed. Sts.', 'FSM'],
    ['Russian Federation', 'RUS'],
    ['Czechia', 'CZE'],
    ["Côte d'Ivoire", 'CIV'],
    ["Cote d'Ivoire", 'CIV'],
    ['Hong Kong SAR, China', 'HKG'],
    ['Macao SAR, China', 'MAC'],
    ['Taiwan, China', 'TWN'],
    ['Bolivia (Plurinational State of)', 'BOL'],
    ['Venezuela, RB', 'VEN'],
    ['Gambia, The', 'GMB'],
    ['Bahamas, The', 'BHS'],
    ['Yemen, Rep.', 'YEM'],
    ['Kyrgyz Republic', 'KGZ'],
    ['Slovak Republic', 'SVK'],
    ['St. Lucia', 'LCA'],
    ['Syrian Arab Republic', 'SYR'],
    ['United States of America', 'USA'],
    ['UK', 'GBR'],
    ['Kosovo', 'XKX'],
    ['  korea,   REP. ', 'KOR'],
  ])('matches %j to %s', (name, iso3) => {
    expect(iso3Of(name)).toBe(iso3);
  });

  it.each([
    ['中国', 'CHN'],
    ['美国', 'USA'],
    ['韩国', 'KOR'],
    ['大韩民国', 'KOR'],
    ['土耳其', 'TUR'],
    ['中国香港特别行政区', 'HKG'],
    ['美利坚合众国', 'USA'],
    ['科索沃', 'XKX'],
  ])('matches the Chinese name %s to %s', (name, iso3) => {
    expect(iso3Of(name)).toBe(iso3);
  });

  it('matches French, Spanish and Russian UN names', () => {
    expect(iso3Of('Chine')).toBe('CHN');
    expect(iso3Of('Alemania')).toBe('DEU');
    expect(iso3Of('Турция')).toBe('TUR');
  });

  it('knows Kosovo by every code the sources give it: XKX, XK, FIPS KV, IOC KOS, WGI KSV', () => {
    expect(iso3Of('XKX')).toBe('XKX');
    expect(iso3Of('XK', 'iso2')).toBe('XKX');
    expect(iso3Of('KV', 'fips')).toBe('XKX');
    expect(iso3Of('KOS', 'ioc')).toBe('XKX');
    expect(iso3Of('KSV', 'wb')).toBe('XKX');
    expect(iso3Of('RI', 'fips')).toBe('SRB');
  });

  it('reads a two-letter code only in the code system asked for: CH is Switzerland in ISO2 and China in FIPS', () => {
    expect(iso3Of('CH', 'iso2')).toBe('CHE');
    expect(iso3Of('CH', 'fips')).toBe('CHN');
    const plain = matcher.match('CH');
    expect(plain.status).toBe('unmatched');
    if (plain.status === 'unmatched') {
      expect(plain.codeHint).toBe('"CH" is the iso2 code of CHE and the fips code of CHN; pass codeSystem to read it as a code');
    }
    expect(iso3Of('GER', 'ioc')).toBe('DEU');
    expect(iso3Of('156', 'm49')).toBe('CHN');
    expect(iso3Of('008', 'm49')).toBe('ALB');
    expect(iso3Of('CHN', 'none')).toBeUndefined();
  });

  it('maps both FIPS codes of Palestine (GZ, WE) and the legacy World Bank code WBG to PSE', () => {
    expect(iso3Of('GZ', 'fips')).toBe('PSE');
    expect(iso3Of('WE', 'fips')).toBe('PSE');
    expect(iso3Of('WBG', 'wb')).toBe('PSE');
  });

  it('matchAll returns every unmatched occurrence with file, row, column and the closest known name', () => {
    const result = matcher.matchAll([
      { value: 'Germany', file: 'a.csv', row: 2, column: 'country' },
      { value: 'Germny', file: 'a.csv', row: 3, column: 'country' },
      { value: 'Atlantis', file: 'a.csv', row: 4, column: 'country' },
      { value: 'Germny', file: 'a.csv', row: 9, column: 'country' },
      { value: '', file: 'a.csv', row: 10, column: 'country' },
    ]);
    expect(result.matched.get('Germany')).toBe('DEU');
    expect(result.matched.size).toBe(1);
    expect(result.unmatched.map((item) => [item.value, item.row, item.reason])).toEqual([
      ['Germny', 3, 'unmatched'],
      ['Atlantis', 4, 'unmatched'],
      ['Germny', 9, 'unmatched'],
      ['', 10, 'empty'],
    ]);
    const first = result.unmatched[0];
    expect(first.suggestion).toEqual({ iso3: 'DEU', name: 'Germany', distance: 1 });
    expect(first.message).toBe(
      'country name "Germny" (a.csv, row 3, column "country") matches no known country; did you mean "Germany" (DEU)?; add an alias if it names a country',
    );
  });
});

describe('createCountryMatcher on small records', () => {
  it('matches World Bank spellings through normalisation alone, without aliases', () => {
    const small = createCountryMatcher([
      { iso3: 'KOR', names: ['Republic of Korea (the)'] },
      { iso3: 'COD', names: ['the Democratic Republic of the Congo'] },
      { iso3: 'FSM', names: ['Micronesia (Federated States of)'] },
      { iso3: 'GMB', names: ['Gambia (the)'] },
      { iso3: 'LCA', names: ['Saint Lucia'] },
      { iso3: 'TUR', names: ['Türkiye'] },
    ]);
    expect(small.match('Korea, Rep.')).toMatchObject({ status: 'matched', iso3: 'KOR', via: 'variant' });
    expect(small.match('Congo, Dem. Rep.')).toMatchObject({ status: 'matched', iso3: 'COD', via: 'variant' });
    expect(small.match('Micronesia, Fed. Sts.')).toMatchObject({ status: 'matched', iso3: 'FSM' });
    expect(small.match('Gambia, The')).toMatchObject({ status: 'matched', iso3: 'GMB' });
    expect(small.match('St. Lucia')).toMatchObject({ status: 'matched', iso3: 'LCA', via: 'name' });
    expect(small.match('TURKIYE')).toMatchObject({ status: 'matched', iso3: 'TUR', via: 'name' });
  });

  it('reports a name shared by two countries as ambiguous instead of choosing one', () => {
    const small = createCountryMatcher([
      { iso3: 'COD', names: ['Congo'] },
      { iso3: 'COG', names: ['Congo'] },
    ]);
    expect(small.match('Congo')).toEqual({ status: 'ambiguous', value: 'Congo', candidates: ['COD', 'COG'], key: 'congo' });
    const all = small.matchAll([{ value: 'Congo', file: 'b.csv', row: 5, column: 'name' }]);
    expect(all.unmatched[0].message).toBe('country name "Congo" (b.csv, row 5, column "name") fits COD, COG; add an alias that names one of them');
  });

  it('rejects malformed records, listing every problem at once', () => {
    const bad = [
      { iso3: 'chn', names: ['China'] },
      { iso3: 'FRA', names: ['France'] },
      { iso3: 'FRA', names: ['République française'] },
    ];
    expect(() => createCountryMatcher(bad)).toThrow(CountryRecordsError);
    try {
      createCountryMatcher(bad);
    } catch (error) {
      expect((error as CountryRecordsError).problems).toEqual([
        'record 0 has iso3 "chn"; expected three capital letters such as "CHN"',
        'iso3 "FRA" appears in more than one record; merge their names into one record',
      ]);
    }
  });

  it('defaults to ISO3 codes and can be told to use another system for every call', () => {
    const records: CountryNameRecord[] = [{ iso3: 'CHN', names: ['China'], codes: { fips: 'CH' } }, { iso3: 'CHE', names: ['Switzerland'], codes: { iso2: 'CH' } }];
    const byFips = createCountryMatcher(records, { codeSystem: 'fips' });
    expect(byFips.match('CH')).toMatchObject({ status: 'matched', iso3: 'CHN', via: 'code' });
    expect(byFips.match('CH', { codeSystem: 'iso2' })).toMatchObject({ status: 'matched', iso3: 'CHE' });
    expect(createCountryMatcher(records).match('CHE')).toMatchObject({ status: 'matched', iso3: 'CHE', via: 'code' });
  });
});
