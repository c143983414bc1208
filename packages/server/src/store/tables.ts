import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTable, type LoadedTable } from '@softpower/cli';

export type TableFormat = 'csv' | 'xlsx';

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** XLSX files are ZIP archives: they start with "PK\x03\x04". */
export function detectFormat(bytes: Buffer, name: string): TableFormat {
  if (/\.xlsx$/i.test(name)) return 'xlsx';
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04 ? 'xlsx' : 'csv';
}

/**
 * Parses uploaded bytes with the CLI's reader, so that an upload and a file on disk are read
 * identically (UTF-8 check, delimiter detection, XLSX sheets); problems name `name`.
 */
export async function parseUpload(bytes: Buffer, name: string, sheet?: string): Promise<LoadedTable & { format: TableFormat }> {
  const format = detectFormat(bytes, name);
  const dir = await mkdtemp(join(tmpdir(), 'softpower-upload-'));
  try {
    const path = join(dir, format === 'xlsx' ? 'upload.xlsx' : 'upload.csv');
    await writeFile(path, bytes);
    return { ...(await readTable(path, name, sheet)), format };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Column number of `name`, case-insensitively; -1 when absent. */
export function findColumn(header: readonly string[], name: string): number {
  const lower = name.toLowerCase();
  return header.findIndex((h) => h.toLowerCase() === lower);
}

export function cellText(cell: string | number | null | undefined): string | null {
  if (cell == null) return null;
  const s = String(cell).trim();
  return s === '' ? null : s;
}
