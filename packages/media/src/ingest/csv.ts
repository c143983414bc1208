/** One parsed CSV record and the 1-based line it starts on. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/**
 * An RFC 4180 reader that takes text in chunks: quoted fields may hold delimiters, doubled
 * quotes and line breaks; CRLF and LF both end a record. Used for archive imports, registry
 * files and the country reference; never for GDELT files, whose quotes are data.
 */
export class CsvReader {
  private field = '';
  private fields: string[] = [];
  private quoted = false;
  private afterQuote = false;
  private line = 1;
  private recordLine = 1;
  private pendingCr = false;
  private started = false;

  constructor(private readonly delimiter = ',') {}

  /** Feeds text; returns the records completed by it. */
  push(text: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    const d = this.delimiter;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (this.pendingCr) {
        this.pendingCr = false;
        if (c === '\n') continue;
      }
      if (this.quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            this.field += '"';
            i++;
          } else if (i + 1 === text.length) {
            this.quoted = false;
            this.afterQuote = true;
          } else {
            this.quoted = false;
            this.afterQuote = true;
          }
        } else {
          if (c === '\n') this.line++;
          this.field += c;
        }
        continue;
      }
      if (c === '"' && this.field.length === 0 && !this.afterQuote) {
        this.quoted = true;
        this.started = true;
        continue;
      }
      if (c === d) {
        this.fields.push(this.field);
        this.field = '';
        this.afterQuote = false;
        this.started = true;
        continue;
      }
      if (c === '\n' || c === '\r') {
        if (c === '\r') this.pendingCr = true;
        this.endRecord(out);
        this.line++;
        this.recordLine = this.line;
        continue;
      }
      this.field += c;
      this.started = true;
    }
    return out;
  }

  /** Ends the input; returns the last record if the text did not end with a line break. */
  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    this.endRecord(out);
    return out;
  }

  private endRecord(out: CsvRecord[]): void {
    if (this.started || this.field.length > 0 || this.fields.length > 0) {
      this.fields.push(this.field);
      out.push({ fields: this.fields, line: this.recordLine });
    }
    this.fields = [];
    this.field = '';
    this.afterQuote = false;
    this.started = false;
  }
}

/** Parses a whole CSV (or TSV with `delimiter: '\t'`) text. */
export function parseCsv(text: string, delimiter = ','): CsvRecord[] {
  const reader = new CsvReader(delimiter);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return [...reader.push(body), ...reader.end()];
}
