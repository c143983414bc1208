import { ApiError } from '../errors.js';
import { sql, type Store } from './store.js';
import { parseUpload, sha256 } from './tables.js';

export interface DatasetInfo {
  name: string;
  sha256: string;
  format: string;
  size: number;
  rows: number;
  columns: string[];
  changed: boolean;
}

/** A data set name: a file name without folders, as specifications write it. */
export function checkDatasetName(name: string): void {
  if (!/^[\p{L}\p{N}_][\p{L}\p{N}_.\- ]{0,127}$/u.test(name) || name === 'indicator_values') {
    throw new ApiError('REQUEST_INVALID', `datasets: "${name}" is not a usable data set name`, [
      { code: 'REQUEST_INVALID', severity: 'error', message: 'a data set name is a file name of letters, digits, "_", ".", "-" or spaces (at most 128), not "indicator_values"', pointer: '/params/name', value: name },
    ]);
  }
}

/**
 * Stores an uploaded data file (CSV, XLSX or a COINr table) under `name` after checking that it
 * parses; replaces an earlier file of the same name. Same bytes again change nothing.
 */
export async function putDataset(store: Store, name: string, bytes: Buffer, options: { keepIfSame?: boolean } = {}): Promise<DatasetInfo> {
  checkDatasetName(name);
  const checksum = sha256(bytes);
  const existing = await store.rows<{ sha256: string; format: string; size: number; rows: number; columns: string[] }>(sql`select sha256, format, size, rows, columns from datasets where name = ${name}`);
  if (existing[0]?.sha256 === checksum && options.keepIfSame !== false) return { name, ...existing[0], changed: false };
  const table = await parseUpload(bytes, name);
  await store.db.execute(sql`
    insert into datasets (name, sha256, format, bytes, size, rows, columns)
    values (${name}, ${checksum}, ${table.format}, ${bytes}, ${bytes.length}, ${table.rows.length}, ${JSON.stringify(table.header)}::jsonb)
    on conflict (name) do update set sha256 = excluded.sha256, format = excluded.format, bytes = excluded.bytes, size = excluded.size,
      rows = excluded.rows, columns = excluded.columns, uploaded_at = now()`);
  store.changed();
  return { name, sha256: checksum, format: table.format, size: bytes.length, rows: table.rows.length, columns: [...table.header], changed: true };
}
