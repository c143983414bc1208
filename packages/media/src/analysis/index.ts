export * from './errors.js';
export { parseDelimited, parseRecords } from './csv.js';
export { normaliseForMatching, normaliseTerm, charClass, CharClass, type NormalisedText } from './normalise.js';
export { detectLanguage, detectScript, iso6393To6391, declaredWithin, type LanguageHints, type LanguageResult, type Script } from './language.js';
export { parseThemeLexicon, chinaTheme, type ThemeLexicon, type ThemeLexiconFiles, type LexiconTerm, type ThemeDefinition, type LexiconSource } from './lexicon.js';
export { loadThemeLexicon, loadToneLexicons, mediaDataDir } from './load.js';
export { AhoCorasick, leftmostLongest, type PatternSpec, type RawMatch } from './matcher.js';
export { sentenceStarts, sentenceOf } from './sentences.js';
export { analyseTone, toneLexiconFromTsv, type ToneLexicon, type ToneResult, type ToneAvailable, type ToneUnavailable } from './tone.js';
export { createAnalyser, type Analyser, type AnalyserOptions, type AnalysisInput, type ArticleAnalysis, type ThemeMatch } from './analyse.js';
export { krippendorffAlpha, bootstrapAlpha, agreementReport, seededUniformInt, type AlphaMetric, type AlphaResult, type AlphaInterval, type CodedValue, type Coding, type AgreementRow, type UniformInt } from './reliability.js';
export {
  createStanceClassifier,
  stanceRequestBody,
  checkStanceReply,
  stanceSchema,
  stancePromptVersion,
  stanceLabels,
  frameLabels,
  type StanceClassifier,
  type StanceClassifierConfig,
  type StanceClassification,
  type StanceInput,
  type StanceLogEntry,
  type StanceLabel,
  type FrameLabel,
} from './stance.js';
export { eventsLens, type EventLensRow, type EventsLensOptions, type EventsLensResult, type PartnerEvents } from './events.js';
export {
  rollupPartial,
  mergeRollups,
  coarsenRollup,
  finaliseRollup,
  rollupIndicators,
  indicatorCsv,
  isoWeek,
  allCommunicators,
  type RollupArticle,
  type RollupCell,
  type RollupPartial,
  type RollupPeriod,
  type RollupRow,
  type IndicatorRow,
} from './rollup.js';
