import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  defaultFipsLookup,
  formatSourceRegistry,
  gdeltDomainsByCountryEntries,
  gdeltSourceDomains,
  importSourceRegistry,
  readCountryRecords,
  readGdeltFile,
  seedSourceRegistry,
  SourceRegistry,
} from '../src/index.js';

describe('source registry', () => {
  it('seedSourceRegistry reads the 50 VOA news domains (53 rows, 3 without a news URL) as US state media', () => {
    const { registry, problems } = seedSourceRegistry();
    expect(registry.size).toBe(50);
    expect(problems.map((p) => [p.line, p.severity])).toEqual([
      [52, 'warning'],
      [53, 'warning'],
      [54, 'warning'],
    ]);
    expect(registry.lookup('https://www.voachinese.com/a/some-story.html')).toMatchObject({ countryIso3: 'USA', language: 'cmn', communicatorType: 'state_media' });
    expect(registry.lookup('https://www.voaindonesia.com/a/1.html')?.language).toBe('ind');
    expect(registry.lookup('https://www.golosameriki.com/a/1.html')?.language).toBe('rus');
    expect(registry.lookup('learningenglish.voanews.com')?.name).toBe('VOA Learning English');
    expect(registry.lookup('https://unknown.example.org/x')).toBeUndefined();
  });

  it('a URL falls back to its parent domain; unknown domains are listed, never assigned', () => {
    const registry = new SourceRegistry([{ domain: 'china.org.cn', name: null, countryIso3: 'CHN', language: 'zho', communicatorType: 'state_media', origin: 'user', note: null }]);
    expect(registry.lookup('http://arabic.china.org.cn/txt/2017-07/02/content_41135804.htm')?.domain).toBe('china.org.cn');
    registry.noteUnknown('tvperu.gob.pe', 'http://www.tvperu.gob.pe/a');
    registry.noteUnknown('tvperu.gob.pe', 'http://www.tvperu.gob.pe/b');
    registry.noteUnknown('arabic.china.org.cn');
    expect(registry.unknownDomains()).toEqual([{ domain: 'tvperu.gob.pe', articles: 2, examples: ['http://www.tvperu.gob.pe/a', 'http://www.tvperu.gob.pe/b'] }]);
  });

  it('importSourceRegistry reads CSV and TSV and reports every bad cell with line, column and value', () => {
    const countries = new Set(readCountryRecords().map((r) => r.iso3));
    const csv = [
      'domain,country,language,communicator_type,name',
      'xinhuanet.com,CHN,zho,state_media,Xinhua',
      'nation.africa,KEN,eng,commercial_media,Daily Nation',
      'bad domain,KEN,eng,commercial_media,',
      'example.org,XXX,eng,government,',
      'example.net,KEN,english,blogger,',
      'xinhuanet.com,CHN,zho,state_media,Xinhua again',
    ].join('\n');
    const { entries, problems } = importSourceRegistry(csv, { file: 'sources.csv', countries });
    expect(entries.map((e) => e.domain)).toEqual(['xinhuanet.com', 'nation.africa']);
    expect(problems.map((p) => [p.line, p.column, p.value])).toEqual([
      [4, 'domain', 'bad domain'],
      [5, 'country', 'XXX'],
      [6, 'language', 'english'],
      [6, 'communicator_type', 'blogger'],
      [7, 'domain', 'xinhuanet.com'],
    ]);
    const tsv = formatSourceRegistry(entries);
    const again = importSourceRegistry(tsv, { file: 'sources.tsv', countries });
    expect(again.problems).toEqual([]);
    expect(again.entries.map((e) => [e.domain, e.countryIso3, e.language, e.communicatorType, e.name])).toEqual(
      entries.map((e) => [e.domain, e.countryIso3, e.language, e.communicatorType, e.name]),
    );
  });

  it('gdeltDomainsByCountryEntries converts FIPS to ISO3 and leaves the communicator type to curate (constructed lines in the MASTER-GDELTDOMAINSBYCOUNTRY layout)', () => {
    const text = 'xinhuanet.com\tCH\tChina\r\nnation.africa\tKE\tKenya\r\nstraitstimes.com\tSN\tSingapore\r\nsomewhere.example\tOS\tOceans\r\n';
    const { entries, problems } = gdeltDomainsByCountryEntries(text, defaultFipsLookup());
    expect(entries.map((e) => [e.domain, e.countryIso3, e.communicatorType])).toEqual([
      ['xinhuanet.com', 'CHN', null],
      ['nation.africa', 'KEN', null],
      ['straitstimes.com', 'SGP', null],
      ['somewhere.example', null, null],
    ]);
    expect(problems.map((p) => [p.code, p.line, p.value])).toEqual([['MEDIA_UNKNOWN_FIPS', 4, 'OS']]);
    const registry = new SourceRegistry(entries);
    expect(registry.incompleteEntries()).toHaveLength(4);
  });

  it('GDELT source names of the real Mentions sample: wafa.ps is the most frequent (88 mentions, awk count)', async () => {
    const path = new URL('../../../data/gdelt/samples/20170701234500.translation.mentions.derived.CSV', import.meta.url);
    const { records } = await readGdeltFile('mentions', { name: 'mentions.CSV', bytes: readFileSync(path) });
    const domains = gdeltSourceDomains(records.map((m) => m.sourceName));
    const top = [...domains.entries()].sort((a, b) => b[1] - a[1])[0];
    const expected = new Map<string, number>();
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      const name = line.split('\t')[4];
      if (name) expected.set(name, (expected.get(name) ?? 0) + 1);
    }
    const expectedTop = [...expected.entries()].sort((a, b) => b[1] - a[1])[0];
    expect(top).toEqual(expectedTop);
    expect(top).toEqual(['wafa.ps', 88]);
  });
});
