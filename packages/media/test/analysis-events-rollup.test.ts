import { describe, expect, it } from 'vitest';
import { coarsenRollup, eventsLens, finaliseRollup, indicatorCsv, isoWeek, mergeRollups, rollupIndicators, rollupPartial, type EventLensRow, type RollupArticle } from '../src/analysis/index.js';
import { expectClose } from './analysis-support.js';

const event = (id: number, a1: string | null, a2: string | null, quadClass: number, goldsteinScale: number, numMentions: number, avgTone: number, day = 20240305): EventLensRow => ({
  globalEventId: id,
  actor1CountryCode: a1,
  actor2CountryCode: a2,
  quadClass,
  goldsteinScale,
  numMentions,
  avgTone,
  day,
});

const events = [
  event(1, 'CHN', 'KAZ', 1, 3.0, 10, 2),
  event(2, 'KAZ', 'CHN', 2, 7.4, 5, 4),
  event(3, 'CHN', 'KAZ', 4, -10, 5, -6),
  event(1, 'CHN', 'KAZ', 1, 3.0, 100, 2),
  event(5, 'CHN', 'CHN', 1, 1, 3, 0),
  event(6, 'USA', 'CHN', 3, -2, 4, -3),
  event(7, 'CHN', '', 1, 1, 3, 0),
];

describe('eventsLens', () => {
  it('weights Goldstein, tone and QuadClass shares by mentions, deduplicating by event id', () => {
    const r = eventsLens(events);
    expect(r.duplicates).toBe(1);
    expect(r.skipped).toBe(2);
    expect(r.partners.map((p) => p.partner)).toEqual(['KAZ', 'USA']);
    const kaz = r.partners[0];
    expect(kaz.events).toBe(3);
    expect(kaz.mentions).toBe(20);
    // (10·3.0 + 5·7.4 + 5·(−10)) / 20
    expectClose(kaz.goldsteinMean, 0.85, 1e-12, 'goldstein');
    expectClose(kaz.toneMean, 0.5, 1e-12, 'tone');
    expect(kaz.quadShares).toEqual([0.5, 0.25, 0, 0.25]);
    expect(kaz.quadSharesByEvents).toEqual([1 / 3, 1 / 3, 0, 1 / 3]);
    expect(kaz.cooperation).toBe(0.75);
    expect(kaz.conflict).toBe(0.25);
    expect(r.partners[1]).toMatchObject({ partner: 'USA', goldsteinMean: -2, quadShares: [0, 0, 1, 0] });
  });

  it('follows one direction when asked', () => {
    const kaz = eventsLens(events, { direction: 'home-to-partner' }).partners.find((p) => p.partner === 'KAZ')!;
    expect(kaz.mentions).toBe(15);
    expectClose(kaz.goldsteinMean, (30 - 50) / 15, 1e-12, 'goldstein home-to-partner');
  });

  it('reports every malformed row at once', () => {
    expect(() => eventsLens([event(10, 'CHN', 'KAZ', 5, 1, 1, 0), event(11, 'CHN', 'KAZ', 1, Number.NaN, 1, 0)])).toThrow(/2 malformed row\(s\), first row 1 \(event 10\): QuadClass 5 is not 1–4/);
  });
});

const articles: RollupArticle[] = [
  { sourceCountry: 'KEN', communicatorType: 'state-media', published: '2024-03-05T08:00:00Z', mentionsHome: true, themes: { belt_and_road: 2 }, tone: 2 },
  { sourceCountry: 'KEN', communicatorType: 'commercial-media', published: '2024-03-20', mentionsHome: true, themes: { belt_and_road: 1, shared_future: 1 }, tone: -1 },
  { sourceCountry: 'KEN', communicatorType: 'commercial-media', published: '2024-03-21', mentionsHome: false, tone: -2.5 },
  { sourceCountry: 'KEN', communicatorType: 'commercial-media', published: '2024-04-02', mentionsHome: false, tone: null },
  { sourceCountry: 'nga', communicatorType: null, published: new Date(Date.UTC(2024, 2, 1)), mentionsHome: true, themes: {}, tone: Number.NaN },
];

describe('rollups', () => {
  it('computes attention, tone, the gap to the country baseline and theme shares per country × month × communicator type', () => {
    const rows = finaliseRollup(rollupPartial(articles, 'month'));
    const get = (country: string, period: string, type: string) => rows.find((r) => r.country === country && r.period === period && r.communicatorType === type)!;
    const all = get('KEN', '2024-03', 'all');
    expect(all).toMatchObject({ articles: 3, homeArticles: 2, themeShares: { belt_and_road: 1, shared_future: 0.5 }, themeMentions: { belt_and_road: 3, shared_future: 1 } });
    expectClose(all.attention, 2 / 3, 1e-15, 'attention');
    expectClose(all.toneMean, 0.5, 1e-15, 'tone');
    expectClose(all.baselineTone, -0.5, 1e-15, 'baseline');
    expectClose(all.toneDifference, 1, 1e-15, 'gap');
    const commercial = get('KEN', '2024-03', 'commercial-media');
    expect(commercial).toMatchObject({ articles: 2, homeArticles: 1, toneMean: -1, baselineTone: -0.5, toneDifference: -0.5 });
    const april = get('KEN', '2024-04', 'all');
    expect(april.attention).toBe(0);
    expect(april.toneMean).toBeNaN();
    expect(get('NGA', '2024-03', 'unknown')).toMatchObject({ articles: 1, homeArticles: 1, attention: 1 });
    expect(rows.map((r) => `${r.country}/${r.period}/${r.communicatorType}`)).toEqual([
      'KEN/2024-03/all', 'KEN/2024-03/commercial-media', 'KEN/2024-03/state-media', 'KEN/2024-04/all', 'KEN/2024-04/commercial-media', 'NGA/2024-03/all', 'NGA/2024-03/unknown',
    ]);
  });

  it('merges partials incrementally to the same result as one pass, and coarsens days to months', () => {
    const whole = rollupPartial(articles, 'day');
    const merged = mergeRollups(rollupPartial(articles.slice(0, 2), 'day'), rollupPartial(articles.slice(2), 'day'));
    expect(finaliseRollup(merged)).toEqual(finaliseRollup(whole));
    expect(finaliseRollup(coarsenRollup(whole, 'month'))).toEqual(finaliseRollup(rollupPartial(articles, 'month')));
    expect(() => mergeRollups(whole, rollupPartial(articles, 'month'))).toThrow(/coarsen them to one period first/);
    expect(() => coarsenRollup(rollupPartial(articles, 'week'), 'month')).toThrow(/cannot turn "week" periods into "month"/);
  });

  it('keys weeks by ISO 8601', () => {
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
    expect(isoWeek('2021-01-03')).toBe('2020-W53');
    expect(isoWeek('2024-03-05')).toBe('2024-W10');
  });

  it('reports every invalid article', () => {
    expect(() => rollupPartial([{ sourceCountry: 'Kenya', published: '2024-02-30', mentionsHome: true }], 'day')).toThrow(/2 invalid article\(s\), first article 1: sourceCountry "Kenya"/);
  });

  it('exports yearly indicators in the long format, leaving undefined values out', () => {
    const rows = rollupIndicators(rollupPartial(articles, 'day'), { home: 'CHN' });
    expect(rows).toEqual([
      { country: 'KEN', indicator: 'media_attention_chn', year: 2024, value: 50, source: 'media-monitor', source_code: 'attention', note: '2 of 4 articles' },
      { country: 'KEN', indicator: 'media_tone_chn', year: 2024, value: 0.5, source: 'media-monitor', source_code: 'tone', note: 'mean over 2 articles' },
      { country: 'KEN', indicator: 'media_tone_gap_chn', year: 2024, value: 1, source: 'media-monitor', source_code: 'tone-baseline', note: 'baseline -0.500' },
      { country: 'KEN', indicator: 'media_theme_belt_and_road_chn', year: 2024, value: 100, source: 'media-monitor', source_code: 'theme:belt_and_road', note: '3 mentions' },
      { country: 'KEN', indicator: 'media_theme_shared_future_chn', year: 2024, value: 50, source: 'media-monitor', source_code: 'theme:shared_future', note: '1 mentions' },
      { country: 'NGA', indicator: 'media_attention_chn', year: 2024, value: 100, source: 'media-monitor', source_code: 'attention', note: '1 of 1 articles' },
    ]);
    const csv = indicatorCsv(rows);
    expect(csv.split('\n')[0]).toBe('country,indicator,year,value,source,source_code,note');
    expect(csv.split('\n')[1]).toBe('KEN,media_attention_chn,2024,50,media-monitor,attention,2 of 4 articles');
  });
});
