import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { importSourceRegistry, ingestInput, runMediaCommand, inTransaction, loadUnknownDomains, migrateMediaPipeline, queryRollups, readAlpha2Lookup, rebuildRollups, registerSources, suggestionRows, suggestSourceCountries } from '../src/index.js';

const mentionsPath = fileURLToPath(new URL('../../../data/gdelt/samples/20170701234500.translation.mentions.derived.CSV', import.meta.url));
const alpha2 = readAlpha2Lookup();
const domain = (name: string) => ({ domain: name, articles: 1, examples: [] });

describe('country suggestions for the curation list', () => {
  it('reads a country from the ccTLD, and none from generic domains or country codes used worldwide', () => {
    const suggestions = suggestSourceCountries(['wafa.ps', 'kem.kp.ru', 'star.com.tr', 'bbc.co.uk', 'news1.kr', 'odatv.com', 'dominio.fm', 'startup.ai', 'example.eu'].map(domain), alpha2);
    expect(suggestions.map((s) => [s.domain, s.country, s.basis])).toEqual([
      ['wafa.ps', 'PSE', 'ccTLD .ps'],
      ['kem.kp.ru', 'RUS', 'ccTLD .ru'],
      ['star.com.tr', 'TUR', 'ccTLD .tr'],
      ['bbc.co.uk', 'GBR', 'ccTLD .uk'],
      ['news1.kr', 'KOR', 'ccTLD .kr'],
      ['odatv.com', null, 'generic top-level domain .com'],
      ['dominio.fm', null, 'ccTLD .fm is used worldwide'],
      ['startup.ai', null, 'ccTLD .ai is used worldwide'],
      ['example.eu', null, 'ccTLD .eu names no country of the reference'],
    ]);
  });

  it('turns the bundled GDELT mentions into rows that media sources import reads back, country and all', async () => {
    const db = new PGlite();
    await migrateMediaPipeline(db);
    await ingestInput(db, mentionsPath);
    const unknown = await loadUnknownDomains(db);
    const suggestions = suggestSourceCountries(unknown, alpha2);
    expect(suggestions).toHaveLength(unknown.length);
    const byDomain = new Map(suggestions.map((s) => [s.domain, s]));
    expect(byDomain.get('wafa.ps')).toEqual({ domain: 'wafa.ps', articles: 16, country: 'PSE', basis: 'ccTLD .ps' });
    expect(byDomain.get('aftabeyazd.ir')?.country).toBe('IRN');
    expect(byDomain.get('addustour.com')?.country).toBeNull();
    const rows = suggestionRows(suggestions);
    expect(rows.length).toBe(suggestions.filter((s) => s.country != null).length);
    const csv = ['domain,country,language,communicator_type,name,note', ...rows.map((r) => r.map((c) => (c == null ? '' : `"${c}"`)).join(','))].join('\n');
    const back = importSourceRegistry(csv, { file: 'suggestions.csv' });
    expect(back.problems).toEqual([]);
    expect(back.entries.find((e) => e.domain === 'wafa.ps')).toMatchObject({ countryIso3: 'PSE', communicatorType: null });

    // registering them gives the stored articles of those domains their country, and the rollups their counts
    const suggested = suggestions.filter((s) => s.country != null);
    const entries = back.entries.map((e) => (e.domain === 'wafa.ps' ? { ...e, communicatorType: 'state_media' as const } : e));
    const registered = await registerSources(db, entries);
    expect(registered).toMatchObject({ stored: suggested.length, attributed: suggested.reduce((n, s) => n + s.articles, 0) });
    expect((await loadUnknownDomains(db)).map((u) => u.domain).sort()).toEqual(suggestions.filter((s) => s.country == null).map((s) => s.domain).sort());
    const day = { from: '2017-07-01', to: '2017-07-02', by: 'range' as const };
    const pse = await queryRollups(db, { ...day, countries: ['PSE'], communicatorTypes: ['state_media'] });
    expect(pse.rows.map((r) => [r.country, r.communicatorType, r.articles, r.homeArticles])).toEqual([['PSE', 'state_media', 16, 0]]);
    const { rows: zzz } = await db.query("SELECT count(*)::int AS n FROM media_articles WHERE source_domain = 'wafa.ps' AND source_country = 'ZZZ'");
    expect(zzz).toEqual([{ n: 0 }]);
    // the same table as a rebuild from the analysis rows
    const table = async () => (await db.query('SELECT * FROM media_rollups ORDER BY source_country, period_kind, period_start, theme, communicator_type')).rows;
    const incremental = await table();
    await inTransaction(db, (tx) => rebuildRollups(tx));
    expect(await table()).toEqual(incremental);
    expect(incremental.length).toBeGreaterThan(0);
    // registering again moves nothing
    expect((await registerSources(db, entries)).attributed).toBe(0);
    await db.close();
  }, 30_000);

  it('softpower media sources suggest prints the rows to import and how many domains and articles they cover', async () => {
    const db = new PGlite();
    await migrateMediaPipeline(db);
    await ingestInput(db, mentionsPath);
    const out: string[] = [];
    const err: string[] = [];
    const code = await runMediaCommand(['media', 'sources', 'suggest'], { openStore: async () => ({ db, close: async () => {} }), output: { out: (t) => void out.push(t), err: (t) => void err.push(t) } });
    expect(code).toBe(0);
    const lines = out.join('\n').split('\n');
    expect(lines[0]).toBe('domain,country,language,communicator_type,name,note');
    expect(lines).toContain('wafa.ps,PSE,,,,"suggested from its ccTLD .ps (16 articles); check the country, add the communicator type"');
    expect(lines).toHaveLength(115);
    expect(err.at(-1)).toMatch(/^media sources suggest: a country for 114 of 205 domains \(310 of 559 articles\) from their ccTLD/);
    await db.close();
  }, 30_000);
});
