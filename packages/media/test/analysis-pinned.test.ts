import { describe, expect, it } from 'vitest';
import { createAnalyser, loadThemeLexicon, loadToneLexicons, type AnalysisInput, type ArticleAnalysis, type ToneResult } from '../src/analysis/index.js';
import { expectClose } from './analysis-support.js';

const analyser = createAnalyser({ lexicon: loadThemeLexicon(), toneLexicons: loadToneLexicons() });

interface PinnedSample {
  name: string;
  input: AnalysisInput;
  /** `field start-end surface | theme term language status context | sentence n[, not counted]`, the surface read from the input at the reported offsets. */
  matches: string[];
  themes: Record<string, number>;
  chinaMentions: number;
  outOfContext: number;
  tone: ToneResult;
}

/**
 * Output of `createAnalyser(...).analyse` recorded from the analyser at commit 345f02a, before
 * normalisation, sentence splitting, matching and tone were rewritten as typed-array loops;
 * the rewrite must reproduce it exactly (offsets, sentences, the China-context rule and
 * bit-identical tone figures).
 */
const pinned: PinnedSample[] = [
  {
    name: 'English with a title, curly quotes, NFD accents, a soft hyphen, an emoji and no-break spaces',
    input: { title: 'Beijing’s “Belt and Road” at ten', text: "Freedom matters to everyone. China speaks of freedom and harmony, and of the Belt\u00a0and\u00a0Road Initiative! Is it a good deal or a debt trap?\n\nPe\u0301kin and the People's Republic of China signed 3.5 billion dollars of loans on xinhua.net. Harmony is great \u{1F600} but war isn't over\u2026 Chi\u00adnese investors welcomed the Global Development Initiative.", language: 'en' },
    matches: [
      'title 0-7 Beijing | china Beijing en official none | sentence 0',
      'title 11-24 Belt and Road | belt_and_road Belt and Road en official none | sentence 0',
      'text 0-7 Freedom | freedom freedom en official china | sentence 1, not counted',
      'text 29-34 China | china China en official none | sentence 2',
      'text 45-52 freedom | freedom freedom en official china | sentence 2',
      'text 57-64 harmony | harmony harmony en official china | sentence 2',
      'text 77-101 Belt\u00a0and\u00a0Road Initiative | belt_and_road Belt and Road Initiative en official none | sentence 2',
      'text 138-144 Pe\u0301kin | china Pékin fr official none | sentence 4',
      "text 153-179 People's Republic of China | china People's Republic of China en official none | sentence 4",
      'text 231-238 Harmony | harmony harmony en official china | sentence 5, not counted',
      'text 271-279 Chi\u00adnese | china Chinese en official none | sentence 6',
      'text 303-332 Global Development Initiative | global_development_initiative Global Development Initiative en official none | sentence 6',
    ],
    themes: { belt_and_road: 2, freedom: 1, harmony: 1, global_development_initiative: 1 },
    chinaMentions: 5,
    outOfContext: 2,
    tone: { available: true, language: 'en', lexicon: 'vader-en', words: 64, positiveWords: 8, negativeWords: 3, positive: 12.5, negative: 4.6875, tone: 7.8125, polarity: 16.5625 },
  },
  {
    name: 'Chinese without spaces, values counted only next to 中国',
    input: { text: '中国倡导富强、民主、文明、和谐。自由很重要！共建一带一路，构建人类命运共同体？北京欢迎一帶一路。', language: 'zh' },
    matches: [
      'text 0-2 中国 | china 中国 zh official none | sentence 0',
      'text 4-6 富强 | prosperity 富强 zh official china | sentence 0',
      'text 7-9 民主 | democracy 民主 zh official china | sentence 0',
      'text 10-12 文明 | civility 文明 zh official china | sentence 0',
      'text 13-15 和谐 | harmony 和谐 zh official china | sentence 0',
      'text 16-18 自由 | freedom 自由 zh official china | sentence 1, not counted',
      'text 24-28 一带一路 | belt_and_road 一带一路 zh official none | sentence 2',
      'text 31-38 人类命运共同体 | shared_future 人类命运共同体 zh official none | sentence 2',
      'text 39-41 北京 | china 北京 zh official none | sentence 3',
      'text 43-47 一帶一路 | belt_and_road 一帶一路 zh variant none | sentence 3',
    ],
    themes: { prosperity: 1, democracy: 1, civility: 1, harmony: 1, belt_and_road: 2, shared_future: 1 },
    chinaMentions: 2,
    outOfContext: 1,
    tone: { available: false, language: 'zh', reason: 'tone: no permissively licensed lexicon for language "zh"; lexicons exist for en' },
  },
  {
    name: 'Turkish: Çin as a word, never inside için; İ lower-cased with its dot removed',
    input: { text: "ÇİN'İN Kuşak ve Yol İnisiyatifi için yeni adımlar. Bu proje için önemli. Çinli yatırımcılar Pekin'de buluştu.", language: 'tr' },
    matches: [
      'text 0-3 ÇİN | china Çin tr official none | sentence 0',
      'text 7-19 Kuşak ve Yol | belt_and_road Kuşak ve Yol tr official none | sentence 0',
      'text 73-78 Çinli | china Çinli tr official none | sentence 2',
      'text 92-97 Pekin | china Pekin tr official none | sentence 2',
    ],
    themes: { belt_and_road: 1 },
    chinaMentions: 3,
    outOfContext: 0,
    tone: { available: false, language: 'tr', reason: 'tone: no permissively licensed lexicon for language "tr"; lexicons exist for en' },
  },
  {
    name: 'Arabic with diacritics, tatweel, letter variants and joined proclitics',
    input: { text: 'أطلقت الصِّين مبادرة "الحزام والطريق"؟ وبالصيـــن ومبادرة التنمية العالمية. مالصين ليست كلمة.', language: 'ar' },
    matches: [
      'text 6-13 الصِّين | china الصين ar official none | sentence 0',
      'text 22-36 الحزام والطريق | belt_and_road الحزام والطريق ar official none | sentence 0',
      'text 41-49 الصيـــن | china الصين ar official none | sentence 1',
      'text 51-74 مبادرة التنمية العالمية | global_development_initiative مبادرة التنمية العالمية ar official none | sentence 1',
    ],
    themes: { belt_and_road: 1, global_development_initiative: 1 },
    chinaMentions: 2,
    outOfContext: 0,
    tone: { available: false, language: 'ar', reason: 'tone: no permissively licensed lexicon for language "ar"; lexicons exist for en' },
  },
  {
    name: 'Russian stems and punctuation variants',
    input: { title: 'Посол Китая', text: 'Посол Китая рассказал об инициативе «Один пояс, один путь». Китайские компании и Пекином. Один пояс — один путь!', language: 'ru' },
    matches: [
      'title 6-11 Китая | china Китая ru variant none | sentence 0',
      'text 6-11 Китая | china Китая ru variant none | sentence 1',
      'text 37-57 Один пояс, один путь | belt_and_road Один пояс, один путь ru variant none | sentence 1',
      'text 60-65 Китай | china Китай ru official none | sentence 2',
      'text 81-86 Пекин | china Пекин ru official none | sentence 2',
      'text 90-111 Один пояс — один путь | belt_and_road Один пояс - один путь ru official none | sentence 3',
    ],
    themes: { belt_and_road: 2 },
    chinaMentions: 4,
    outOfContext: 0,
    tone: { available: false, language: 'ru', reason: 'tone: no permissively licensed lexicon for language "ru"; lexicons exist for en' },
  },
  {
    name: 'Mixed languages declared English, so every word is counted for tone',
    input: { text: 'China and 中国 promote harmony. Çin için güzel; الصين والطريق. Китай — хороший partner, a great friend, not a threat. 一带一路 and the Belt and Road Initiative win.', language: 'en' },
    matches: [
      'text 0-5 China | china China en official none | sentence 0',
      'text 10-12 中国 | china 中国 zh official none | sentence 0',
      'text 21-28 harmony | harmony harmony en official china | sentence 0',
      'text 30-33 Çin | china Çin tr official none | sentence 1',
      'text 46-51 الصين | china الصين ar official none | sentence 1',
      'text 61-66 Китай | china Китай ru official none | sentence 2',
      'text 116-120 一带一路 | belt_and_road 一带一路 zh official none | sentence 3',
      'text 129-153 Belt and Road Initiative | belt_and_road Belt and Road Initiative en official none | sentence 3',
    ],
    themes: { harmony: 1, belt_and_road: 2 },
    chinaMentions: 5,
    outOfContext: 0,
    tone: { available: true, language: 'en', lexicon: 'vader-en', words: 27, positiveWords: 5, negativeWords: 1, positive: 18.51851851851852, negative: 3.7037037037037037, tone: 14.814814814814815, polarity: 33.333333333333336 },
  },
];

function describeMatches(input: AnalysisInput, result: ArticleAnalysis): string[] {
  return result.matches.map((m) => {
    const surface = (m.field === 'title' ? (input.title ?? '') : input.text).slice(m.start, m.end);
    return `${m.field} ${m.start}-${m.end} ${surface} | ${m.theme} ${m.term} ${m.language} ${m.status} ${m.context} | sentence ${m.sentence}${m.counted ? '' : ', not counted'}`;
  });
}

function expectPinned(sample: PinnedSample, result: ArticleAnalysis): void {
  expect(describeMatches(sample.input, result)).toEqual(sample.matches);
  expect(result.themes).toEqual(sample.themes);
  expect(result.chinaMentions).toBe(sample.chinaMentions);
  expect(result.mentionsChina).toBe(sample.chinaMentions > 0);
  expect(result.outOfContext).toBe(sample.outOfContext);
  expect(result.language).toEqual({ language: sample.input.language, iso6393: null, script: 'None', method: 'declared', score: null });
  const tone = result.tone;
  const expected = sample.tone;
  if (!tone.available || !expected.available) {
    expect(tone).toEqual(expected);
    return;
  }
  expect({ ...tone, positive: 0, negative: 0, tone: 0, polarity: 0 }).toEqual({ ...expected, positive: 0, negative: 0, tone: 0, polarity: 0 });
  // tolerance 0: the figures must be bit-identical to the recorded ones
  for (const key of ['positive', 'negative', 'tone', 'polarity'] as const) expectClose(tone[key], expected[key], 0, `${sample.name}: tone.${key}`);
}

describe('createAnalyser(...).analyse on a pinned multi-language sample', () => {
  for (const sample of pinned) {
    it(`${sample.name}: matches, offsets, themes and tone as recorded at 345f02a`, () => {
      expectPinned(sample, analyser.analyse(sample.input));
    });
  }

  it('gives the same output whatever was analysed before (nothing carries over between calls)', () => {
    for (const sample of pinned.slice().reverse()) expectPinned(sample, analyser.analyse(sample.input));
    const long = { text: pinned.map((s) => s.input.text).join('\n\n'), language: 'en' };
    analyser.analyse(long);
    for (const sample of pinned) expectPinned(sample, analyser.analyse(sample.input));
  });
});
