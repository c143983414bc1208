/** CSV writing: RFC 4180 quoting, numbers as shortest round-trip decimals, missing as empty. */

export type Cell = string | number | boolean | null | undefined;

export function formatCell(value: Cell): string {
  if (value == null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : Number.isNaN(value) ? '' : value > 0 ? 'Inf' : '-Inf';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Serialises rows (first row = header) as CSV text with a trailing newline. */
export function toCsv(rows: readonly (readonly Cell[])[]): string {
  return rows.map((r) => r.map(formatCell).join(',')).join('\n') + '\n';
}

/** Serialises an array of flat objects as CSV, columns in first-seen key order. */
export function objectsToCsv(objects: readonly Record<string, Cell>[], columns?: readonly string[]): string {
  const header = columns ?? [...new Set(objects.flatMap((o) => Object.keys(o)))];
  return toCsv([header, ...objects.map((o) => header.map((h) => o[h]))]);
}
