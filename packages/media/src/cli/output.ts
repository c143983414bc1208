import ExcelJS from 'exceljs';
import type { IngestProblem } from '../ingest/problems.js';

export type Cell = string | number | boolean | null | undefined;

/** Where a media command writes: results to `out` (stdout), progress and problems to `err` (stderr). */
export interface MediaOutput {
  out(text: string): void;
  err(text: string): void;
}

export const processOutput: MediaOutput = {
  out: (text) => void process.stdout.write(`${text}\n`),
  err: (text) => void process.stderr.write(`${text}\n`),
};

/** Exit codes, as the `softpower` CLI uses them. */
export const mediaExitCodes = { ok: 0, inputProblems: 1, usage: 2, internal: 70 } as const;

/**
 * A media command failed on its input (exit 1) or its command line (exit 2); its problems
 * have been printed already.
 */
export class MediaCommandError extends Error {
  readonly exitCode: number;
  readonly problems: IngestProblem[];

  constructor(message: string, exitCode: number = mediaExitCodes.inputProblems, problems: IngestProblem[] = []) {
    super(message);
    this.name = 'MediaCommandError';
    this.exitCode = exitCode;
    this.problems = problems;
  }
}

/** One line per problem: `error MEDIA_ARCHIVE_ROW: message (file, line 3, column "date") hint`. */
export function formatIngestProblem(p: IngestProblem): string {
  return `${p.severity} ${p.code}: ${p.message}${p.hint ? ` — ${p.hint}` : ''}`;
}

function csvCell(value: Cell): string {
  if (value == null) return '';
  if (typeof value === 'number' && !Number.isFinite(value)) return '';
  const s = typeof value === 'number' ? String(Number(value.toPrecision(12))) : String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV with a header line; missing and non-finite numbers are empty cells. */
export function csvText(header: readonly string[], rows: readonly Cell[][]): string {
  return `${[header.map(csvCell).join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\n')}\n`;
}

/** A one-sheet workbook with a bold, frozen header row. */
export async function xlsxBytes(sheetName: string, header: readonly string[], rows: readonly Cell[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Soft Power Observatory';
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  sheet.addRow([...header]);
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row.map((c) => (c == null || (typeof c === 'number' && !Number.isFinite(c)) ? null : c)));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Aligned text columns for terminals. */
export function textTable(header: readonly string[], rows: readonly Cell[][]): string {
  const cells = [header.map(String), ...rows.map((r) => r.map((c) => (c == null ? '' : typeof c === 'number' ? String(Number(c.toPrecision(6))) : String(c))))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}
