/** Raised by a field reader; the row is skipped and reported with the column and value. */
export class FieldError extends Error {
  constructor(
    readonly column: string,
    readonly value: string,
    readonly expected: string,
  ) {
    super(`column "${column}" holds "${value.slice(0, 60)}"; expected ${expected}`);
    this.name = 'FieldError';
  }
}

/** A number, or null when the field is empty (GDELT writes missing values as empty fields). */
export function numberField(value: string, column: string): number | null {
  if (value.length === 0) return null;
  const n = Number(value);
  if (Number.isNaN(n)) throw new FieldError(column, value, 'a number');
  return n;
}

/** An integer, or null when empty. */
export function integerField(value: string, column: string): number | null {
  if (value.length === 0) return null;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new FieldError(column, value, 'an integer');
  return n;
}

/** A required integer. */
export function requiredInteger(value: string, column: string): number {
  const n = integerField(value, column);
  if (n == null) throw new FieldError(column, value, 'an integer (the field is required)');
  return n;
}

/** A timestamp written YYYYMMDDHHMMSS (14 digits), kept as text; `expectedLengths` allows YYYYMMDD. */
export function timestampField(value: string, column: string, lengths: readonly number[] = [14]): string {
  if (!lengths.includes(value.length) || !allDigits(value)) {
    throw new FieldError(column, value, `a date written with ${lengths.join(' or ')} digits (YYYYMMDDHHMMSS)`);
  }
  return value;
}

function allDigits(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return value.length > 0;
}

/** Text, or null when empty. */
export function textField(value: string): string | null {
  return value.length === 0 ? null : value;
}

/** Converts YYYYMMDDHHMMSS (UTC, as GDELT writes it) to an ISO 8601 instant. */
export function gdeltTimestampToIso(value: string): string {
  return `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}T${value.slice(8, 10) || '00'}:${value.slice(10, 12) || '00'}:${value.slice(12, 14) || '00'}Z`;
}

/** GDELT translation provenance: `srclc:fra;eng:Moses 2.1.1 / MosesCore Europarl fr-en / GT-FRA 1.0`. */
export interface TranslationInfo {
  /** ISO 639-2/3 code of the original language, e.g. "fra". */
  sourceLanguage: string;
  /** The translation engine citation, free text. */
  engine: string;
}

/** Parses a TranslationInfo field; null for English-stream records (empty field). */
export function parseTranslationInfo(value: string, column: string): TranslationInfo | null {
  if (value.length === 0) return null;
  let sourceLanguage = '';
  let engine = '';
  for (const part of value.split(';')) {
    const colon = part.indexOf(':');
    if (colon < 0) continue;
    const key = part.slice(0, colon).trim().toLowerCase();
    const rest = part.slice(colon + 1).trim();
    if (key === 'srclc') sourceLanguage = rest;
    else if (key === 'eng') engine = rest;
  }
  if (!/^[a-z]{3}$/.test(sourceLanguage)) throw new FieldError(column, value, '"srclc:xxx;eng:…" with a three-letter language code');
  return { sourceLanguage, engine };
}
