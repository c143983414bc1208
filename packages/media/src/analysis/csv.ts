/**
 * Parses RFC 4180 CSV (or tab-separated text with `separator: '\t'`, no quoting) into rows of
 * strings. Quoted fields may contain separators, doubled quotes and newlines.
 */
export function parseDelimited(text: string, separator = ','): string[][] {
  const rows: string[][] = [];
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (separator === '\t') {
    for (const line of src.split(/\r?\n/)) if (line.length > 0) rows.push(line.split('\t'));
    return rows;
  }
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field.length === 0) quoted = true;
    else if (c === separator) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field.length > 0 || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Rows as records keyed by the header row; `line` is the 1-based line of the row in the file. */
export function parseRecords(text: string, separator = ','): { header: string[]; records: Array<{ line: number; values: Record<string, string> }> } {
  const rows = parseDelimited(text, separator);
  const header = rows[0] ?? [];
  const records = rows.slice(1).map((r, i) => {
    const values: Record<string, string> = {};
    header.forEach((h, j) => (values[h] = r[j] ?? ''));
    return { line: i + 2, values };
  });
  return { header, records };
}
