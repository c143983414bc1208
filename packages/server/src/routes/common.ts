import ExcelJS from 'exceljs';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { toCsv, type Cell } from '@softpower/cli';
import type { JobQueue } from '../jobs/queue.js';
import type { Store } from '../store/store.js';

export type ZodApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

export interface AppContext {
  store: Store;
  jobs: JobQueue;
  /** Worker threads of a sensitivity job (default one fewer than the CPUs, at least one). */
  workers?: number;
}

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().describe('Stable code from the catalogue in docs/errors.md.'),
      message: z.string(),
      details: z.unknown().describe('Every problem found, each with code, message and where (file, row, column or JSON Pointer).'),
    }),
  })
  .describe('The one error envelope of the API.');

export const errorResponses = { 400: errorSchema, 401: errorSchema, 404: errorSchema, 409: errorSchema, 413: errorSchema, 415: errorSchema, 422: errorSchema };

export const formatSchema = z.enum(['json', 'csv', 'xlsx']).default('json').describe('json (paginated page of items), csv or xlsx (a download; every matching row unless limit is given).');

export const listQuery = {
  limit: z.coerce.number().int().min(1).max(100_000).optional().describe('Items per page: default 100 for json, every row for csv and xlsx.'),
  offset: z.coerce.number().int().min(0).default(0),
  format: formatSchema,
};

/** Comma-separated values in a query string. */
export const csvList = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x !== ''))
  .optional();

export function pageLimit(limit: number | undefined, format: 'json' | 'csv' | 'xlsx'): number {
  return limit ?? (format === 'json' ? 100 : 100_000);
}

export function listSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
}

/** A list response as a JSON page, or all rows as CSV or XLSX with a file name. */
export async function sendList<T extends Record<string, unknown>>(
  reply: FastifyReply,
  format: 'json' | 'csv' | 'xlsx',
  name: string,
  page: { items: T[]; total: number; limit: number; offset: number },
  columns?: readonly string[],
): Promise<Page<T>> {
  if (format === 'json') return page;
  const header = columns ?? (page.items[0] ? Object.keys(page.items[0]) : []);
  const rows = page.items.map((item) => header.map((h) => flatCell(item[h])));
  reply.header('x-total-count', String(page.total));
  if (format === 'csv') {
    reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`);
    return sent(reply.send(toCsv([header, ...rows])));
  }
  reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', `attachment; filename="${name}.xlsx"`);
  return sent(reply.send(await xlsx(name, header, rows)));
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** Fastify takes a handler's returned reply, once sent, as "already answered". */
function sent<T>(reply: FastifyReply): T {
  return reply as unknown as T;
}

function flatCell(value: unknown): Cell {
  if (value == null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

async function xlsx(name: string, header: readonly string[], rows: Cell[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Soft Power Observatory';
  const sheet = workbook.addWorksheet(name.slice(0, 31));
  sheet.addRow([...header]);
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row.map((c) => (typeof c === 'number' && !Number.isFinite(c) ? null : (c ?? null))));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Turns the rows of a stored table (arrays) into objects keyed by its columns. */
export function rowsToObjects(columns: readonly string[], rows: readonly unknown[][]): Record<string, unknown>[] {
  return rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i] ?? null])));
}

/** Upload bodies arrive as Buffers (CSV, XLSX, YAML) or parsed JSON. */
export function bodyBytes(body: unknown): Buffer | undefined {
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body);
  return undefined;
}
