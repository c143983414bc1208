import { integerField, numberField, parseTranslationInfo, requiredInteger, textField, timestampField, type TranslationInfo } from './fields.js';

/** GDELT 2.0 Mentions: 16 tab-separated columns, in the order of the Event Codebook V2.0. */
export const mentionColumns = [
  'GLOBALEVENTID', 'EventTimeDate', 'MentionTimeDate', 'MentionType', 'MentionSourceName', 'MentionIdentifier',
  'SentenceID', 'Actor1CharOffset', 'Actor2CharOffset', 'ActionCharOffset', 'InRawText', 'Confidence',
  'MentionDocLen', 'MentionDocTone', 'MentionDocTranslationInfo', 'Extras',
] as const;

/** One mention of an event in one document. */
export interface GdeltMention {
  globalEventId: number;
  /** DATEADDED of the event, YYYYMMDDHHMMSS. */
  eventTime: string;
  /** The 15-minute batch in which the mention was seen, YYYYMMDDHHMMSS. */
  mentionTime: string;
  /** 1 web, 2 citation only, 3 CORE, 4 DTIC, 5 JSTOR, 6 non-textual source. */
  mentionType: number | null;
  sourceName: string | null;
  /** The document URL for web mentions. */
  identifier: string;
  sentenceId: number | null;
  /** Character offsets; -1 when the actor or action was not found in the text. */
  actor1CharOffset: number | null;
  actor2CharOffset: number | null;
  actionCharOffset: number | null;
  inRawText: boolean;
  /** 10–100: GDELT's confidence in the extraction, in percent. */
  confidence: number | null;
  documentLength: number | null;
  documentTone: number | null;
  /** Set for translation-stream mentions (machine-translated documents), null for English ones. */
  translation: TranslationInfo | null;
  extras: string | null;
}

/** Builds a mention from its 16 fields; throws FieldError naming the first bad column. */
export function parseMentionFields(f: readonly string[]): GdeltMention {
  return {
    globalEventId: requiredInteger(f[0], 'GLOBALEVENTID'),
    eventTime: timestampField(f[1], 'EventTimeDate'),
    mentionTime: timestampField(f[2], 'MentionTimeDate'),
    mentionType: integerField(f[3], 'MentionType'),
    sourceName: textField(f[4]),
    identifier: f[5],
    sentenceId: integerField(f[6], 'SentenceID'),
    actor1CharOffset: integerField(f[7], 'Actor1CharOffset'),
    actor2CharOffset: integerField(f[8], 'Actor2CharOffset'),
    actionCharOffset: integerField(f[9], 'ActionCharOffset'),
    inRawText: f[10] === '1',
    confidence: integerField(f[11], 'Confidence'),
    documentLength: integerField(f[12], 'MentionDocLen'),
    documentTone: numberField(f[13], 'MentionDocTone'),
    translation: parseTranslationInfo(f[14], 'MentionDocTranslationInfo'),
    extras: textField(f[15]),
  };
}
