import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { coarsenRollup, createAnalyser, finaliseRollup, loadThemeLexicon, loadToneLexicons, rollupIndicators, rollupPartial, type RollupArticle } from '../packages/media/src/analysis/index.js';
import { inTransaction, mediaIndicators, migrateMediaPipeline, queryRollups, rollupRows, upsertRollups } from '../packages/media/src/index.js';
import { medianMs, time, type Figure } from './machine.js';

const root = join(import.meta.dirname, '..');

/**
 * Article-sized English texts: the paragraphs of the project's own documentation, with
 * lexicon sentences (China terms next to theme terms, in every lexicon language) mixed in
 * so that matches, the China-context rule and offsets are exercised.
 */
function corpus(): string[] {
  const prose = ['docs/specification.md', 'README.md', 'docs/errors.md']
    .map((f) => readFileSync(join(root, f), 'utf8'))
    .join('\n\n')
    .split(/\n{2,}/)
    .filter((p) => p.length > 80);
  const lexicon = loadThemeLexicon();
  const china = new Map(lexicon.terms.filter((t) => t.theme === 'china').map((t) => [t.language, t.term]));
  const themed = lexicon.terms.filter((t) => t.theme !== 'china').map((t) => `${china.get(t.language) ?? 'China'} ${t.term}.`);
  const articles: string[] = [];
  let p = 0;
  let s = 0;
  while (articles.length < 400) {
    const parts: string[] = [];
    let length = 0;
    while (length < 4000) {
      const paragraph = prose[p++ % prose.length];
      const sentence = themed[s++ % themed.length];
      parts.push(paragraph, sentence);
      length += paragraph.length + sentence.length;
    }
    articles.push(parts.join('\n\n'));
  }
  return articles;
}

/** Theme-and-tone analysis of article text, single thread; target ≥ 20 MB/s per core. */
export async function benchMediaAnalysis(): Promise<Figure[]> {
  const analyser = createAnalyser({ lexicon: loadThemeLexicon(), toneLexicons: loadToneLexicons() });
  const articles = corpus();
  const bytes = articles.reduce((n, a) => n + Buffer.byteLength(a, 'utf8'), 0);
  let matches = 0;
  const declared = time(() => {
    for (const text of articles) matches += analyser.analyse({ text, language: 'en' }).matches.length;
  }, 15, 3);
  const detected = time(() => {
    for (const text of articles) matches += analyser.analyse({ text }).matches.length;
  }, 15, 3);
  const mbPerSecond = (ms: number): number => bytes / 1e6 / (ms / 1000);

  // a year of daily rollup partials: countryCount countries × 4 communicator types × 365 days × 5 articles
  const countryCount = 60;
  const types = ['state-media', 'public-broadcaster', 'commercial-media', 'ngo'];
  const rollupArticles: RollupArticle[] = [];
  for (let c = 0; c < countryCount; c++) {
    const country = `C${String.fromCharCode(65 + (c % 26))}${String.fromCharCode(65 + Math.floor(c / 26))}`;
    for (let d = 0; d < 365; d++) {
      const day = new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10);
      for (let k = 0; k < 5; k++) rollupArticles.push({ sourceCountry: country, communicatorType: types[k % 4], published: day, mentionsHome: (c + d + k) % 3 === 0, themes: { belt_and_road: k % 2 }, tone: ((c * 7 + d * 3 + k) % 11) - 5 });
    }
  }
  const daily = rollupPartial(rollupArticles, 'day');
  const yearQuery = medianMs(time(() => void rollupIndicators(daily, { home: 'CHN' }), 10, 2));
  const monthly = coarsenRollup(daily, 'month');
  const monthQuery = medianMs(time(() => void finaliseRollup(monthly), 20, 3));

  // the same year of articles in the store's rollup table (PGlite in memory), queried as the CLI and API do
  const db = new PGlite();
  await migrateMediaPipeline(db);
  const stored = rollupRows(rollupArticles.map((a) => ({ sourceCountry: a.sourceCountry, communicatorType: a.communicatorType ?? 'unknown', day: String(a.published), mentionsHome: a.mentionsHome, tone: a.tone ?? null, themes: a.themes ?? {} })));
  await inTransaction(db, (tx) => upsertRollups(tx, stored));
  await db.query('ANALYZE media_rollups');
  const asyncMedian = async (fn: () => Promise<unknown>, runs: number): Promise<number> => {
    await fn();
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await fn();
      samples.push(performance.now() - t0);
    }
    return medianMs(samples);
  };
  const year = { from: '2024-01-01', to: '2024-12-31' };
  const oneCountry = await asyncMedian(() => queryRollups(db, { ...year, by: 'month', countries: ['CAA'] }), 20);
  const allCountries = await asyncMedian(() => queryRollups(db, { ...year, by: 'month' }), 10);
  const oneRange = await asyncMedian(() => queryRollups(db, { ...year, by: 'range' }), 5);
  const byDay = await asyncMedian(() => queryRollups(db, { ...year, by: 'day', countries: ['CAA'], themes: ['belt_and_road'], communicatorTypes: ['state-media', 'ngo'] }), 10);
  const indicators = await asyncMedian(() => mediaIndicators(db, { yearFrom: 2024, yearTo: 2024 }), 5);
  await db.close();

  return [
    { name: `one-year rollup query on PGlite, one country by month (${stored.length} rollup rows stored)`, value: oneCountry, unit: 'ms' },
    { name: `one-year rollup query on PGlite, ${countryCount} countries by month`, value: allCountries, unit: 'ms' },
    { name: 'one-year rollup query on PGlite, one country by day, one theme, two communicator types', value: byDay, unit: 'ms' },
    { name: `one-year rollup query on PGlite, ${countryCount} countries, the year as one range (summed from day rows)`, value: oneRange, unit: 'ms' },
    { name: 'one year of indicators from PGlite rollups (mediaIndicators)', value: indicators, unit: 'ms' },
    { name: `theme + tone analysis, language declared (${(bytes / 1e6).toFixed(1)} MB, ${articles.length} articles, ${analyser.patternCount} patterns)`, value: mbPerSecond(medianMs(declared)), unit: 'MB/s per core', note: 'target ≥ 20 MB/s' },
    { name: 'theme + tone analysis with language detection (franc-min on the first 1,000 characters)', value: mbPerSecond(medianMs(detected)), unit: 'MB/s per core', note: 'target ≥ 20 MB/s' },
    { name: `one-year rollup query from daily partials (${Object.keys(daily.cells).length} cells → yearly indicators)`, value: yearQuery, unit: 'ms' },
    { name: `one-year rollup from stored monthly partials (${Object.keys(monthly.cells).length} cells → rows)`, value: monthQuery, unit: 'ms', note: matches > 0 ? '' : 'no matches?' },
  ];
}
