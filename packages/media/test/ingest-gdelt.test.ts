import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  defaultFipsLookup,
  eventActorCountryFilter,
  gdeltKindOf,
  gkgFilter,
  parseTone,
  readGdelt,
  readGdeltFile,
} from '../src/index.js';

const repo = (p: string): string => fileURLToPath(new URL(`../../../${p}`, import.meta.url));
const eventsPath = repo('data/gdelt/samples/20191024143000.export.CSV');
const mentionsPath = repo('data/gdelt/samples/20170701234500.translation.mentions.derived.CSV');
const gkgPath = fileURLToPath(new URL('./fixtures/gdelt/constructed.gkg.csv', import.meta.url));

describe('GDELT 2.0 Events', () => {
  it('readGdeltFile reads every line of the real 20191024143000 export (2,111 events, 61 columns)', async () => {
    const { records, report } = await readGdeltFile('events', eventsPath);
    expect(report.records).toBe(2111);
    expect(report.rejected).toBe(0);
    // "OS" (GDELT: Oceans) and "YI" (Serbia and Montenegro, a FIPS 10-4 code withdrawn in 2006)
    // have no ISO3 code: those locations keep their FIPS code and no ISO3, with a warning.
    expect(report.problems.map((p) => [p.code, p.severity, p.value])).toEqual([
      ['MEDIA_UNKNOWN_FIPS', 'warning', 'OS'],
      ['MEDIA_UNKNOWN_FIPS', 'warning', 'YI'],
    ]);
    expect(report.stream).toBe('english');
    const first = records[0];
    // First line of the file: 881990832 20181024 … Vancouver, British Columbia, Canada CA CA02 …
    expect(first.globalEventId).toBe(881990832);
    expect(first.day).toBe(20181024);
    expect(first.actor2.countryCode).toBe('AUS');
    expect(first.eventCode).toBe('139');
    expect(first.quadClass).toBe(3);
    expect(first.goldsteinScale).toBe(-7);
    expect(first.avgTone).toBe(2.02774813233724);
    expect(first.actionGeo.countryFips).toBe('CA');
    expect(first.actionGeo.countryIso3).toBe('CAN');
    expect(first.actionGeo.latitude).toBe(49.25);
    expect(first.dateAdded).toBe('20191024143000');
    expect(first.sourceUrl).toBe('https://www.timescolonist.com/entertainment/jeremy-dutcher-brings-ancestors-songs-to-life-1.23985964');
  });

  it('eventActorCountryFilter(["CHN"]) keeps the 65 events with China as an actor country (awk count on the raw file)', async () => {
    const { records, report } = await readGdeltFile('events', eventsPath, { where: eventActorCountryFilter(['CHN']) });
    expect(records).toHaveLength(65);
    expect(report.filteredOut).toBe(2111 - 65);
    expect(records.every((e) => e.actor1.countryCode === 'CHN' || e.actor2.countryCode === 'CHN')).toBe(true);
  });

  it('reads the same records from a zip as from the plain file', async () => {
    const bytes = readFileSync(eventsPath);
    const zip = zipSync({ '20191024143000.export.CSV': bytes });
    const plain = await readGdeltFile('events', eventsPath);
    const zipped = await readGdeltFile('events', { name: '20191024143000.export.CSV.zip', bytes: zip });
    expect(zipped.report.broken).toBe(false);
    expect(zipped.records).toEqual(plain.records);
    expect(zipped.report.bytes).toBe(bytes.length);
  });

  it('reports a truncated line, a bad field and invalid UTF-8 with their line numbers and keeps the rest', async () => {
    const lines = readFileSync(eventsPath, 'utf8').split('\n').slice(0, 10);
    lines[2] = lines[2].split('\t').slice(0, 40).join('\t');
    const bad = lines[4].split('\t');
    bad[30] = 'minus seven';
    lines[4] = bad.join('\t');
    const text = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
    const lineStart = Buffer.byteLength(lines.slice(0, 6).map((l) => `${l}\n`).join(''));
    const at = lineStart + Buffer.byteLength(lines[6]) - 10;
    const broken = Buffer.concat([text.subarray(0, at), Buffer.from([0xff, 0xfe]), text.subarray(at)]);
    const { records, report } = await readGdeltFile('events', { name: 'broken.export.CSV', bytes: broken });
    expect(report.lines).toBe(10);
    expect(report.records).toBe(8);
    expect(report.rejected).toBe(2);
    expect(records).toHaveLength(8);
    const byCode = Object.fromEntries(report.problems.map((p) => [p.code, p]));
    expect(byCode.MEDIA_COLUMN_COUNT.line).toBe(3);
    expect(byCode.MEDIA_COLUMN_COUNT.message).toContain('40 columns; expected 61');
    expect(byCode.MEDIA_COLUMN_COUNT.file).toBe('broken.export.CSV');
    expect(byCode.MEDIA_BAD_FIELD.line).toBe(5);
    expect(byCode.MEDIA_BAD_FIELD.column).toBe('GoldsteinScale');
    expect(byCode.MEDIA_BAD_FIELD.value).toBe('minus seven');
    expect(byCode.MEDIA_INVALID_UTF8.line).toBe(7);
    expect(byCode.MEDIA_INVALID_UTF8.severity).toBe('warning');
    expect(report.invalidUtf8).toBe(1);
  });

  it('a corrupt or truncated zip is reported as broken and gives no records', async () => {
    const zip = zipSync({ 'x.export.CSV': readFileSync(eventsPath) });
    const truncated = await readGdeltFile('events', { name: 'x.export.CSV.zip', bytes: zip.subarray(0, Math.floor(zip.length / 2)) });
    expect(truncated.report.broken).toBe(true);
    expect(truncated.records).toEqual([]);
    expect(truncated.report.problems.map((p) => p.code)).toContain('MEDIA_ZIP_BROKEN');
    const corrupt = new Uint8Array(zip);
    corrupt.fill(0x41, 200, 400);
    const result = await readGdeltFile('events', { name: 'y.export.CSV.zip', bytes: corrupt });
    expect(result.report.broken).toBe(true);
    expect(result.records).toEqual([]);
    const notZip = await readGdeltFile('events', { name: 'z.export.CSV.zip', bytes: strToU8('<html>404</html>') });
    expect(notZip.report.broken).toBe(true);
    expect(notZip.report.problems[0].code).toBe('MEDIA_ZIP_BROKEN');
  });

  it('an unreadable file is reported, not thrown', async () => {
    const { report } = await readGdeltFile('events', '/nonexistent/20191024143000.export.CSV');
    expect(report.broken).toBe(true);
    expect(report.problems[0].code).toBe('MEDIA_FILE_UNREADABLE');
  });

  it('streams large input in batches', async () => {
    const bytes = readFileSync(eventsPath);
    const many = Buffer.concat(Array.from({ length: 4 }, () => bytes));
    const reader = readGdelt('events', { name: 'many.export.CSV', bytes: many });
    let batches = 0;
    let total = 0;
    for await (const batch of reader) {
      batches += 1;
      total += batch.length;
    }
    expect(total).toBe(4 * 2111);
    expect(batches).toBeGreaterThan(1);
    expect(reader.report.lines).toBe(4 * 2111);
  });
});

describe('GDELT 2.0 Mentions', () => {
  it('reads the 1,635 translation-stream mentions of 20170701234500 with their TranslationInfo', async () => {
    const { records, report } = await readGdeltFile('mentions', mentionsPath);
    expect(report.records).toBe(1635);
    expect(report.stream).toBe('translation');
    expect(records.every((m) => m.translation != null)).toBe(true);
    const languages = new Map<string, number>();
    for (const m of records) languages.set(m.translation!.sourceLanguage, (languages.get(m.translation!.sourceLanguage) ?? 0) + 1);
    // Counts stated in ../shared/data/gdelt-samples/README.md: ara 494, spa 353, rus 173, por 137, fra 127.
    expect(languages.get('ara')).toBe(494);
    expect(languages.get('spa')).toBe(353);
    expect(languages.get('rus')).toBe(173);
    const first = records[0];
    expect(first.globalEventId).toBe(555924816);
    expect(first.sourceName).toBe('china.org.cn');
    expect(first.identifier).toBe('http://arabic.china.org.cn/txt/2017-07/02/content_41135804.htm');
    expect(first.actor1CharOffset).toBe(-1);
    expect(first.documentTone).toBe(0.83565459610028);
    expect(first.translation).toEqual({ sourceLanguage: 'ara', engine: 'GT-ARA 1.0' });
  });
});

describe('GDELT GKG 2.1 (constructed rows, see fixtures/gdelt/README.md)', () => {
  it('parses V2 themes with offsets, V2 locations with FIPS → ISO3, V1.5 tone, all-names and the page title', async () => {
    const { records, report } = await readGdeltFile('gkg', gkgPath);
    expect(report.records).toBe(3);
    const [english, translated, oceans] = records;
    expect(english.translated).toBe(false);
    expect(english.themes).toEqual([
      { name: 'TAX_FNCACT_PRESIDENT', offset: 120 },
      { name: 'ECON_TAXATION', offset: 345 },
      { name: 'WB_698_TRADE', offset: 345 },
    ]);
    expect(english.locations.map((l) => [l.countryFips, l.countryIso3, l.adm2Code, l.offset])).toEqual([
      ['CH', 'CHN', null, 88],
      ['KE', 'KEN', '31746', 410],
    ]);
    expect(english.locations[1].latitude).toBe(-1.28333);
    expect(english.tone).toEqual({
      tone: 1.86335403726708,
      positive: 3.72670807453416,
      negative: 1.86335403726708,
      polarity: 5.59006211180124,
      activityDensity: 21.1180124223602,
      selfGroupDensity: 0.31055900621118,
      wordCount: 292,
    });
    expect(english.persons[0]).toEqual({ name: 'Xi Jinping', offset: 64 });
    expect(english.organisations[0]).toEqual({ name: 'China Road And Bridge Corporation', offset: 512 });
    expect(english.allNames.map((n) => n.name)).toEqual(['Xi Jinping', 'Belt And Road Initiative', 'Uhuru Kenyatta']);
    expect(english.pageTitle).toBe('China & Kenya sign rail deal');
    expect(english.translation).toBeNull();

    expect(translated.translated).toBe(true);
    expect(translated.translation).toEqual({ sourceLanguage: 'zho', engine: 'GT-ZHO 1.0 / Stanford PKU' });
    expect(translated.pageTitle).toBe('中巴经济走廊建设稳步推进');
    expect(translated.locations[0].countryIso3).toBe('PAK');

    expect(oceans.themes).toEqual([
      { name: 'MARITIME', offset: null },
      { name: 'TERROR', offset: null },
    ]);
    expect(oceans.locations[0].countryFips).toBe('OS');
    expect(oceans.locations[0].countryIso3).toBeNull();
    const unknown = report.problems.find((p) => p.code === 'MEDIA_UNKNOWN_FIPS');
    expect(unknown?.value).toBe('OS');
    expect(unknown?.severity).toBe('warning');
  });

  it('gkgFilter keeps records by theme or by location country', async () => {
    const byCountry = await readGdeltFile('gkg', gkgPath, { filter: gkgFilter({ countries: ['PAK'] }) });
    expect(byCountry.records.map((r) => r.recordId)).toEqual(['20191024143000-T1']);
    const byTheme = await readGdeltFile('gkg', gkgPath, { filter: gkgFilter({ themes: ['WB_698_TRADE', 'MARITIME'] }) });
    expect(byTheme.records.map((r) => r.recordId)).toEqual(['20191024143000-1', '20191024143000-2']);
  });

  it('parseTone rejects a six-number tone field naming the column', () => {
    expect(() => parseTone('1,2,3,4,5,6')).toThrow(/V2Tone/);
  });
});

describe('helpers', () => {
  it('gdeltKindOf reads the kind from GDELT file names', () => {
    expect(gdeltKindOf('20150218230000.export.CSV.zip')).toBe('events');
    expect(gdeltKindOf('20150218230000.translation.mentions.CSV.zip')).toBe('mentions');
    expect(gdeltKindOf('20150218230000.gkg.csv.zip')).toBe('gkg');
    expect(gdeltKindOf('20170701234500.translation.mentions.derived.CSV')).toBe('mentions');
    expect(gdeltKindOf('exports.csv')).toBeNull();
    expect(gdeltKindOf('gkg-notes.csv')).toBeNull();
    expect(gdeltKindOf('notes.txt')).toBeNull();
  });

  it('defaultFipsLookup reads FIPS as FIPS: CH is China, SN Singapore, RS Russia, RB Serbia (GDELT lookup)', () => {
    const fips = defaultFipsLookup();
    expect(['CH', 'SN', 'RS', 'RB', 'SZ'].map((c) => fips.toIso3(c))).toEqual(['CHN', 'SGP', 'RUS', 'SRB', 'CHE']);
  });
});
