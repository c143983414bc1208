import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { problem, SoftPowerError, type Table } from '@softpower/engine';

export interface LoadedTable extends Table {
  /** SHA-256 of the file's bytes, recorded with every build. */
  readonly sha256: string;
}

function decodeUtf8(bytes: Buffer, file: string): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    throw new SoftPowerError([
      problem('DATA_FILE_UNREADABLE', `${file}: the file is not valid UTF-8`, {
        file,
        hint: 'Save it as "CSV UTF-8" (Excel: File → Save As → CSV UTF-8), or convert it, e.g. iconv -f GB18030 -t UTF-8.',
      }),
    ]);
  }
}

/** Parses CSV text (comma, semicolon or tab, detected from the header line) into a table. */
export function parseCsv(text: string, file: string): Table {
  const firstLine = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length);
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  const delimiter = counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: false, skip_empty_lines: true, trim: false }) as string[][];
  } catch (e) {
    const err = e as { message: string; lines?: number };
    throw new SoftPowerError([
      problem('DATA_FILE_UNREADABLE', `${file}: ${err.message}`, {
        file,
        row: err.lines,
        hint: 'Check the quoting and the number of columns on that line; a truncated file often ends mid-row.',
      }),
    ]);
  }
  if (records.length === 0) throw new SoftPowerError([problem('DATA_FILE_UNREADABLE', `${file}: the file is empty`, { file })]);
  const [header, ...rows] = records;
  return { file, header: header.map((h) => h.trim()), rows };
}

async function readXlsx(bytes: Buffer, file: string, sheet?: string): Promise<Table> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    throw new SoftPowerError([problem('DATA_FILE_UNREADABLE', `${file}: not a readable XLSX workbook (${(e as Error).message})`, { file })]);
  }
  const worksheet = sheet ? workbook.getWorksheet(sheet) : workbook.worksheets[0];
  if (!worksheet) {
    throw new SoftPowerError([
      problem('DATA_FILE_UNREADABLE', `${file}: no sheet "${sheet}" (sheets: ${workbook.worksheets.map((w) => w.name).join(', ')})`, { file, value: sheet }),
    ]);
  }
  const rows: (string | number | null)[][] = [];
  worksheet.eachRow({ includeEmpty: false }, (row) => {
    const values: (string | number | null)[] = [];
    for (let c = 1; c <= worksheet.columnCount; c++) {
      const v = row.getCell(c).value;
      if (v == null) values.push(null);
      else if (typeof v === 'number' || typeof v === 'string') values.push(v);
      else if (typeof v === 'object' && 'result' in v) values.push((v.result as number | string | null) ?? null);
      else if (typeof v === 'object' && 'richText' in v) values.push(v.richText.map((t) => t.text).join(''));
      else values.push(String(v));
    }
    rows.push(values);
  });
  const [header = [], ...body] = rows;
  return { file, header: header.map((h) => String(h ?? '').trim()), rows: body };
}

/** Reads a CSV or XLSX file into a table, with the file's checksum. */
export async function readTable(path: string, displayName = path, sheet?: string): Promise<LoadedTable> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new SoftPowerError([
      problem('DATA_FILE_UNREADABLE', `${displayName}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, {
        file: displayName,
        hint: 'Paths in a specification are relative to the specification file.',
      }),
    ]);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const ext = extname(path).toLowerCase();
  const table = ext === '.xlsx' ? await readXlsx(bytes, displayName, sheet) : parseCsv(decodeUtf8(bytes, displayName), displayName);
  return { ...table, sha256 };
}
