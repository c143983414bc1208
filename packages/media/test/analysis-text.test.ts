import { describe, expect, it } from 'vitest';
import {
  AhoCorasick,
  analyseTone,
  createAnalyser,
  detectLanguage,
  detectScript,
  leftmostLongest,
  loadThemeLexicon,
  loadToneLexicons,
  normaliseForMatching,
  parseThemeLexicon,
  sentenceStarts,
  toneLexiconFromTsv,
  MediaAnalysisError,
} from '../src/analysis/index.js';
import { expectClose } from './analysis-support.js';

const lexicon = loadThemeLexicon();
const toneLexicons = loadToneLexicons();
const analyser = createAnalyser({ lexicon, toneLexicons });

describe('normaliseForMatching', () => {
  it('folds case, NFKC and punctuation, collapses whitespace and maps offsets back', () => {
    const input = '  ÇİN  “Belt\u00a0and Road”\t！';
    const n = normaliseForMatching(input);
    expect(n.text).toBe('çin "belt and road" !');
    expect(n.offsets.length).toBe(n.text.length + 1);
    // 'b' of belt comes from input index 8
    expect(input[n.offsets[n.text.indexOf('belt')]]).toBe('B');
    expect(n.offsets[n.text.length]).toBe(input.length);
  });

  it('unifies Arabic and Persian letter variants and drops diacritics, tatweel and ZWNJ', () => {
    expect(normaliseForMatching('مُبَادَرَة الأمن').text).toBe('مبادرة الامن');
    expect(normaliseForMatching('کمربند').text).toBe(normaliseForMatching('كمربند').text);
    expect(normaliseForMatching('سیاست\u200cها').text).toBe(normaliseForMatching('سياستها').text);
    expect(normaliseForMatching('الصيـــن').text).toBe('الصين');
  });

  it('composes decomposed accents so NFD text matches NFC terms', () => {
    expect(normaliseForMatching('Pe\u0301kin').text).toBe('pékin');
  });

  it('keeps a blank line as a paragraph break', () => {
    expect(normaliseForMatching('Title\n\nBody  text\nmore').text).toBe('title\nbody text more');
  });
});

describe('sentenceStarts', () => {
  it('splits on 。！？, Arabic ؟, full stops before a space, and not on decimals or domains', () => {
    const text = '中国很大。我们去吧！好? pi is 3.14 on xinhua.net. next one؟ last';
    const starts = [...sentenceStarts(text)];
    const sentences = starts.map((s, i) => text.slice(s, starts[i + 1] ?? text.length).trim());
    expect(sentences).toEqual(['中国很大。', '我们去吧！', '好?', 'pi is 3.14 on xinhua.net.', 'next one؟', 'last']);
  });
});

describe('detectScript and detectLanguage', () => {
  it('tells CJK, Arabic and Cyrillic scripts apart', () => {
    expect(detectScript('一带一路倡议').script).toBe('Han');
    expect(detectScript('一帯一路構想について').script).toBe('Kana');
    expect(detectScript('مبادرة الحزام والطريق').script).toBe('Arabic');
    expect(detectScript('Один пояс, один путь').script).toBe('Cyrillic');
  });

  const malayIndonesian =
    'Presiden Joko Widodo meresmikan kereta cepat Jakarta-Bandung yang dibangun bersama Tiongkok sebagai bagian dari inisiatif Sabuk dan Jalan. Kereta ini adalah yang pertama di Asia Tenggara.';

  it('settles Indonesian versus Malay by the source country', () => {
    expect(detectLanguage(malayIndonesian, { sourceCountry: 'IDN' })).toMatchObject({ language: 'id', iso6393: 'ind' });
    expect(detectLanguage(malayIndonesian, { sourceCountry: 'MYS' })).toMatchObject({ language: 'ms', iso6393: 'zlm' });
    expect(detectLanguage(malayIndonesian, { declaredLanguage: 'id', sourceCountry: 'MYS' })).toMatchObject({ language: 'id', method: 'declared' });
  });

  it('settles Serbian, Croatian and Bosnian by the source country', () => {
    const text = 'Predsjednik Kine posjetio je Zagreb i razgovarao o suradnji u okviru inicijative Pojas i put.';
    expect(detectLanguage(text, { sourceCountry: 'HRV' }).language).toBe('hr');
    expect(detectLanguage(text, { sourceCountry: 'SRB' }).language).toBe('sr');
    expect(detectLanguage(text, { sourceCountry: 'BIH' }).language).toBe('bs');
  });

  it('reads Afghan Persian as Dari (prs, 639-1 fa)', () => {
    const text = 'هماهنگی سیاستها، اتصال زیرساختها، تجارت بدون مانع، ادغام مالی و روابط نزدیکتر مردم با مردم از اهداف این ابتکار است.';
    expect(detectLanguage(text, { sourceCountry: 'AFG' })).toMatchObject({ language: 'fa', iso6393: 'prs', method: 'metadata' });
    expect(detectLanguage(text, { sourceCountry: 'IRN' })).toMatchObject({ language: 'fa', iso6393: 'pes' });
  });

  it('splits Hindi and Urdu by script, and lets a declared language win when franc ranks it close', () => {
    expect(detectLanguage('भारत और चीन के बीच व्यापार बढ़ रहा है और दोनों देशों के नेता मिलेंगे।').language).toBe('hi');
    expect(detectLanguage('پاکستان اور چین کے درمیان تجارت بڑھ رہی ہے اور دونوں ممالک کے رہنما ملیں گے۔').language).toBe('ur');
    const russian = 'Председатель КНР Си Цзиньпин выдвинул инициативу «Один пояс, один путь» в 2013 году во время визита в Казахстан.';
    expect(detectLanguage(russian, { declaredLanguage: 'ru' })).toMatchObject({ language: 'ru', method: 'declared' });
  });

  it('answers undetermined, not a guess, for text without letters', () => {
    expect(detectLanguage('12345 ... 678').language).toBeNull();
  });
});

describe('the shipped theme lexicon', () => {
  it('has the twelve core values in Chinese, English and French and China terms in every listed language', () => {
    const values = ['prosperity', 'democracy', 'civility', 'harmony', 'freedom', 'equality', 'justice', 'rule_of_law', 'patriotism', 'dedication', 'integrity', 'friendship'];
    for (const language of ['zh', 'en', 'fr']) {
      for (const theme of values) expect(lexicon.terms.some((t) => t.theme === theme && t.language === language), `${theme}/${language}`).toBe(true);
    }
    const languages = new Set(lexicon.terms.map((t) => t.language));
    for (const language of languages) expect(lexicon.terms.some((t) => t.theme === 'china' && t.language === language), `china/${language}`).toBe(true);
    expect([...languages].sort()).toEqual(['ar', 'de', 'en', 'es', 'fa', 'fr', 'id', 'kk', 'ms', 'pt', 'ru', 'sw', 'th', 'tr', 'ur', 'uz', 'vi', 'zh']);
  });

  it('cites a source with a publisher for every term', () => {
    for (const t of lexicon.terms) expect(lexicon.sources[t.source]?.publisher, `${t.term}`).toBeTruthy();
  });

  it('reports every malformed row at once', () => {
    const bad = () =>
      parseThemeLexicon({
        themes: 'theme,group,label\nchina,context,China\n',
        terms: 'theme,language,term,status,context,source\nnope,en,x,official,none,s\nchina,english,China,maybe,none,unknown\n',
        sources: 'source,publisher,title,url\ns,P,T,\n',
      });
    expect(bad).toThrow(MediaAnalysisError);
    try {
      bad();
    } catch (e) {
      expect((e as MediaAnalysisError).details).toEqual([
        'terms.csv line 2: unknown theme "nope"; add it to themes.csv',
        'terms.csv line 3: language "english" is not an ISO 639-1 code',
        'terms.csv line 3: status "maybe"; expected "official" or "variant"',
        'terms.csv line 3: unknown source "unknown"; add it to sources.csv',
      ]);
    }
  });
});

describe('AhoCorasick', () => {
  it('finds overlapping patterns in one pass, including ones that end inside others', () => {
    const ac = new AhoCorasick(['一带', '带一路', '一带一路', '路', '丝路'].map((pattern) => ({ pattern, stem: false })));
    const found = ac.findAll('共建一带一路').map((m) => `${ac.patterns[m.pattern].pattern}@${m.start}`);
    expect(found.sort()).toEqual(['一带@2', '一带一路@2', '带一路@3', '路@5']);
  });

  it('respects Unicode word boundaries: Turkish "çin" is not found inside "için"', () => {
    const ac = new AhoCorasick([{ pattern: 'çin', stem: false }]);
    expect(ac.findAll(normaliseForMatching('Bu proje için önemli.').text)).toEqual([]);
    expect(ac.findAll(normaliseForMatching("Çin'in projesi").text)).toEqual([{ pattern: 0, start: 0, end: 3 }]);
  });

  it('matches CJK terms inside running text and a stem before an inflection', () => {
    const ac = new AhoCorasick([
      { pattern: '一带一路', stem: false },
      { pattern: 'китай', stem: true },
    ]);
    const text = normaliseForMatching('共建一带一路倡议。Посол Китая заявил: китайские компании').text;
    expect(ac.findAll(text).map((m) => text.slice(m.start, m.end))).toEqual(['一带一路', 'китай']);
  });

  it('lets an Arabic term follow a joined proclitic but not an arbitrary letter', () => {
    const ac = new AhoCorasick([{ pattern: normaliseForMatching('الصين').text, stem: false }]);
    expect(ac.findAll(normaliseForMatching('وزار والصين وبالصين').text).length).toBe(2);
    expect(ac.findAll(normaliseForMatching('مالصين').text).length).toBe(0);
  });

  it('leftmostLongest keeps the longer of two overlapping terms', () => {
    expect(leftmostLongest([{ pattern: 0, start: 4, end: 17 }, { pattern: 1, start: 4, end: 28 }, { pattern: 2, start: 30, end: 35 }])).toEqual([
      { pattern: 1, start: 4, end: 28 },
      { pattern: 2, start: 30, end: 35 },
    ]);
  });
});

describe('createAnalyser(...).analyse', () => {
  it('counts a specific theme anywhere and a generic value only in a sentence with a China term', () => {
    const text = 'Freedom matters to everyone. China speaks of freedom and harmony. The Belt and Road Initiative grows.';
    const a = analyser.analyse({ text, language: 'en' });
    expect(a.themes).toEqual({ freedom: 1, harmony: 1, belt_and_road: 1 });
    expect(a.outOfContext).toBe(1);
    expect(a.chinaMentions).toBe(1);
    const bri = a.matches.find((m) => m.theme === 'belt_and_road')!;
    expect(text.slice(bri.start, bri.end)).toBe('Belt and Road Initiative');
    const first = a.matches.find((m) => m.theme === 'freedom' && !m.counted)!;
    expect(text.slice(first.start, first.end)).toBe('Freedom');
  });

  it('matches Chinese terms without segmentation, with the China context in the same sentence', () => {
    const text = '中国倡导富强、民主、文明、和谐。自由很重要。共建一带一路，构建人类命运共同体。';
    const a = analyser.analyse({ text, language: 'zh' });
    expect(a.themes).toEqual({ prosperity: 1, democracy: 1, civility: 1, harmony: 1, belt_and_road: 1, shared_future: 1 });
    expect(a.outOfContext).toBe(1);
    expect(a.tone).toMatchObject({ available: false, language: 'zh' });
  });

  it('finds Turkish, Arabic, Russian and Persian renderings and the China terms of each', () => {
    const tr = analyser.analyse({ text: "Çin'in Kuşak ve Yol İnisiyatifi için yeni adımlar.", language: 'tr' });
    expect(tr.themes).toEqual({ belt_and_road: 1 });
    expect(tr.chinaMentions).toBe(1);
    const ar = analyser.analyse({ text: 'أطلقت الصين مبادرة "الحزام والطريق" ومبادرة التنمية العالمية.', language: 'ar' });
    expect(ar.themes).toEqual({ belt_and_road: 1, global_development_initiative: 1 });
    const ru = analyser.analyse({ text: 'Посол Китая рассказал об инициативе «Один пояс, один путь».', language: 'ru' });
    expect(ru.themes).toEqual({ belt_and_road: 1 });
    expect(ru.mentionsChina).toBe(true);
    const fa = analyser.analyse({ text: 'چین و ایران درباره کمربند و جاده گفتگو کردند.', language: 'fa' });
    expect(fa.themes).toEqual({ belt_and_road: 1 });
  });

  it('reports title matches with offsets in the title', () => {
    const a = analyser.analyse({ title: 'Beijing hosts forum', text: 'Delegates discussed people-to-people bonds.', language: 'en' });
    const beijing = a.matches.find((m) => m.theme === 'china')!;
    expect(beijing).toMatchObject({ field: 'title', start: 0, end: 7 });
    const bonds = a.matches.find((m) => m.theme === 'people_to_people')!;
    expect(bonds).toMatchObject({ field: 'text', start: 20, end: 42 });
  });

  it('detects the language when none is declared', () => {
    const a = analyser.analyse({ text: 'La Chine et le Sénégal ont signé un accord dans le cadre de la Ceinture et la Route pour renforcer la coopération.' });
    expect(a.language.language).toBe('fr');
    expect(a.themes).toEqual({ belt_and_road: 1 });
  });

  it('rejects an article without text', () => {
    expect(() => analyser.analyse({} as never)).toThrow(/article\.text must be a string/);
  });
});

describe('analyseTone', () => {
  const mini = toneLexiconFromTsv('token\tvalence\ngood\t1.9\nbad\t-2.5\nwar\t-2.9\n', { id: 'mini', language: 'en', licence: 'test' });

  it('counts positive and negative words per 100 words, as GDELT does', () => {
    // 8 words; good (+1.9), bad (−2.5), war (−2.9)
    const t = analyseTone(normaliseForMatching("Good news, bad news: the war isn't over.").text, 'en', { en: mini });
    expect(t.available).toBe(true);
    if (!t.available) return;
    expect(t.words).toBe(8);
    expect(t.positiveWords).toBe(1);
    expect(t.negativeWords).toBe(2);
    expectClose(t.positive, 12.5, 1e-12, 'positive');
    expectClose(t.negative, 25, 1e-12, 'negative');
    expectClose(t.tone, -12.5, 1e-12, 'tone');
    expectClose(t.polarity, (100 * (1.9 - 2.5 - 2.9)) / 8, 1e-12, 'polarity');
  });

  it('reports a language without lexicon as unavailable, never as 0', () => {
    const t = analyseTone('一带一路', 'zh', { en: mini });
    expect(t).toEqual({ available: false, language: 'zh', reason: 'tone: no permissively licensed lexicon for language "zh"; lexicons exist for en' });
  });

  it('scores English with the shipped VADER lexicon (good 1.9, great 3.1, war −2.9 in vader_lexicon.txt)', () => {
    expect(toneLexicons.en.valences.size).toBe(7214);
    const t = analyseTone('good great war', 'en', toneLexicons);
    expect(t.available && t.polarity).toBeCloseTo((100 * (1.9 + 3.1 - 2.9)) / 3, 12);
  });
});
