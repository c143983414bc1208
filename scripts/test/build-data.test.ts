import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildAll,
  defaultDataDir,
  parseTable,
  readIndicatorTable,
  readSources,
  SourceFilesError,
  type BuildResult,
  type CountryRow,
  type IndicatorRow,
} from '../build-data.js';

type Row = Record<string, string>;

function readData(file: string): Row[] {
  return parse(readFileSync(path.join(defaultDataDir, file), 'utf8'), { columns: true, skip_empty_lines: true, bom: true }) as Row[];
}

let result: BuildResult;
let byIso3: Map<string, CountryRow>;

function value(indicator: string, country: string, year: number): number | undefined {
  return result.indicators.find((row) => row.indicator === indicator && row.country === country && row.year === year)?.value;
}

beforeAll(() => {
  result = buildAll(readSources(defaultDataDir));
  byIso3 = new Map(result.reference.countries.map((country) => [country.iso3, country]));
});

describe('countries.csv', () => {
  it('holds 225 rows: 195 independent countries, 29 territories that are economies in WDI or WGI, and Kosovo', () => {
    expect(result.reference.countries.length).toBe(225);
    expect(result.reference.countries.filter((country) => country.is_independent === 'true').length).toBe(195);
    expect(byIso3.has('CHI')).toBe(false);
    expect(byIso3.has('WLD')).toBe(false);
    for (const territory of ['HKG', 'MAC', 'PRI', 'TWN', 'JEY']) expect(byIso3.has(territory)).toBe(true);
  });

  it('gives China ISO2 CN, FIPS CH, IOC CHN, M49 156 and the Chinese name 中国, as country-codes.csv says', () => {
    const china = byIso3.get('CHN')!;
    expect([china.iso2, china.fips, china.ioc, china.m49, china.name_zh]).toEqual(['CN', 'CH', 'CHN', '156', '中国']);
    expect([china.un_region, china.un_subregion, china.wb_region]).toEqual(['Asia', 'Eastern Asia', 'East Asia & Pacific']);
  });

  it('takes BRI membership from the GFDC list: China listed (2013-12-01), Italy exited, the United States absent', () => {
    const china = byIso3.get('CHN')!;
    expect([china.bri_partner, china.bri_joined, china.bri_status]).toEqual(['true', '2013-12-01', 'member_date_known']);
    const italy = byIso3.get('ITA')!;
    expect([italy.bri_partner, italy.bri_joined, italy.bri_status]).toEqual(['false', '2019-03-01', 'exited']);
    expect(byIso3.get('USA')!.bri_partner).toBe('false');
    expect(result.reference.countries.filter((country) => country.bri_partner === 'true').length).toBe(150);
  });

  it('adds Kosovo as XKX with the codes the sources give: XK, FIPS KV (split from Serbia\'s RIKV), IOC KOS, WGI KSV', () => {
    const kosovo = byIso3.get('XKX')!;
    expect([kosovo.iso2, kosovo.fips, kosovo.ioc, kosovo.wb_code, kosovo.name_en]).toEqual(['XK', 'KV', 'KOS', 'KSV', 'Kosovo']);
    expect(byIso3.get('SRB')!.fips).toBe('RI');
  });

  it('keeps the legacy WGI codes where they differ from ISO3', () => {
    expect(byIso3.get('ROU')!.wb_code).toBe('ROM');
    expect(byIso3.get('COD')!.wb_code).toBe('ZAR');
    expect(byIso3.get('FRA')!.wb_code).toBe('');
  });
});

describe('indicator table', () => {
  it('reads back CHN ST.INT.ARVL for 2019 exactly as data/wdi/wdi_selected.csv has it', () => {
    const cell = readData('wdi/wdi_selected.csv').find((row) => row.iso3 === 'CHN' && row.indicator === 'ST.INT.ARVL' && row.year === '2019')!;
    expect(cell.value).toBe('162538000');
    expect(value('tourism_arrivals', 'CHN', 2019)).toBe(Number(cell.value));
  });

  it('reads back a WGI estimate: Denmark control of corruption 2023', () => {
    const cell = readData('wgi/wgi_long.csv').find((row) => row.iso3 === 'DNK' && row.indicator === 'cc' && row.year === '2023')!;
    expect(value('wgi_control_of_corruption', 'DNK', 2023)).toBe(Number(cell.estimate));
  });

  it('counts 60 World Heritage sites for China and 61 for Italy in 2025, as whc_sites_by_country_2025.csv does', () => {
    const published = new Map(readData('world-heritage/whc_sites_by_country_2025.csv').map((row) => [row.iso3, row]));
    expect(published.get('CHN')!.total).toBe('60');
    expect(published.get('ITA')!.total).toBe('61');
    expect(value('world_heritage_sites', 'CHN', 2025)).toBe(60);
    expect(value('world_heritage_sites', 'ITA', 2025)).toBe(61);
    expect(value('world_heritage_cultural', 'CHN', 2025)).toBe(Number(published.get('CHN')!.cultural));
    expect(value('world_heritage_natural', 'CHN', 2025)).toBe(Number(published.get('CHN')!.natural));
    expect(result.discrepancies).toEqual([]);
  });

  it('counts Nobel prizes by birth country: 297 awards for the United States by 2024, as nobel_by_birth_country.csv', () => {
    expect(value('nobel_prizes', 'USA', 2024)).toBe(297);
    expect(value('nobel_prizes', 'USA', 2005)! < 297).toBe(true);
  });

  it('takes Paris 2024 medals by IOC code, Kosovo included: CHN 40 gold, 91 in all; XKX 2', () => {
    expect(value('olympic_gold_2024', 'CHN', 2024)).toBe(40);
    expect(value('olympic_medals_2024', 'CHN', 2024)).toBe(91);
    expect(value('olympic_medals_2024', 'XKX', 2024)).toBe(2);
  });

  it('marks Pew 2020 shares as projections and keeps Hofstede at year 2015', () => {
    const pew2020 = result.indicators.filter((row) => row.source === 'religion-pew' && row.year === 2020);
    expect(pew2020.length).toBeGreaterThan(0);
    expect(pew2020.every((row) => row.note === 'projection')).toBe(true);
    expect(result.indicators.filter((row) => row.source === 'hofstede').every((row) => row.year === 2015)).toBe(true);
    const china = readData('hofstede/hofstede_6d_2015.csv').find((row) => row.iso3 === 'CHN')!;
    expect(value('hofstede_power_distance', 'CHN', 2015)).toBe(Number(china.pdi));
  });

  it('carries the UNWTO series type in the note of UNdata tourism arrivals', () => {
    const france = result.indicators.find((row) => row.indicator === 'tourism_arrivals_unwto' && row.country === 'FRA' && row.year === 2019)!;
    expect(france.note.startsWith('series type TF')).toBe(true);
  });

  it('has only years from 2005, only countries of countries.csv, and every indicator in the catalogue', () => {
    const catalogue = new Set(result.catalogue.map((entry) => entry.code));
    const unknown = new Set(result.indicators.filter((row) => !catalogue.has(row.indicator)).map((row) => row.indicator));
    expect([...unknown]).toEqual([]);
    expect(result.indicators.every((row) => row.year >= 2005)).toBe(true);
    expect(result.indicators.every((row) => byIso3.has(row.country))).toBe(true);
  });

  it('flags the licences of world-heritage, olympics, hofstede, religion-pew and uis-students in the catalogue', () => {
    const flagged = new Set(result.catalogue.filter((entry) => entry.licence_status === 'flagged').map((entry) => entry.source));
    expect([...flagged].sort()).toEqual(['hofstede', 'olympics', 'religion-pew', 'uis-students', 'world-heritage']);
  });

  it('has no unmatched names except the Hofstede regions, the Refugee Olympic Team and the Channel Islands', () => {
    const unmatched = result.summaries.flatMap((summary) => summary.unmatched.map((item) => item.value));
    expect([...new Set(unmatched)].sort()).toEqual([
      'Africa East', 'Africa West', 'Arab countries', 'Belgium French', 'Belgium Netherl', 'Canada French', 'Channel Islands',
      'Germany East', 'Refugee Olympic Team (EOR)', 'South Africa white', 'Switzerland French', 'Switzerland German',
    ]);
  });
});

describe('--open-only', () => {
  it('drops every flagged dataset: only wdi, wgi, undata-syb and nobel remain and the BRI columns are empty', () => {
    const open = buildAll(readSources(defaultDataDir), { openOnly: true });
    expect([...new Set(open.indicators.map((row) => row.source))].sort()).toEqual(['nobel', 'undata-syb', 'wdi', 'wgi']);
    expect(open.catalogue.every((entry) => entry.licence_status === 'open')).toBe(true);
    expect(open.reference.countries.find((country) => country.iso3 === 'CHN')!.bri_partner).toBe('');
    expect(open.reference.countries.length).toBe(225);
  });
});

describe('written files', () => {
  it('data/derived/indicators/*.csv hold the same rows as a fresh build', () => {
    const written = readIndicatorTable(defaultDataDir);
    const key = (row: IndicatorRow): string => `${row.indicator}|${row.country}|${row.year}`;
    expect(written.length).toBe(result.indicators.length);
    const fresh = new Map(result.indicators.map((row) => [key(row), row.value]));
    expect(written.filter((row) => fresh.get(key(row)) !== row.value).slice(0, 5)).toEqual([]);
  });
});

describe('source checks', () => {
  it('parseTable names the file and every missing column', () => {
    const problems: string[] = [];
    parseTable('iso3,name\nCHN,China\n', 'wdi/countries.csv', ['iso3', 'region', 'is_aggregate'], problems);
    expect(problems).toEqual([
      'wdi/countries.csv: missing columns "region", "is_aggregate"; the file is not the expected version, restore it and re-run',
    ]);
  });

  it('readSources lists every missing file with what to do', () => {
    expect(() => readSources('/nonexistent-data-dir')).toThrow(SourceFilesError);
    try {
      readSources('/nonexistent-data-dir');
    } catch (error) {
      const problems = (error as SourceFilesError).problems;
      expect(problems.length).toBe(20);
      expect(problems).toContain('wdi/wdi_selected.csv: missing; run `npx tsx scripts/extract-wdi.ts` to create it from the shared WDI long table');
    }
  });
});
