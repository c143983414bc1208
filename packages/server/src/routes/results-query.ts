import { z } from 'zod';
import { csvList, listQuery } from './common.js';

export const resultRowSchema = z.object({
  unit: z.string(),
  unitName: z.string().nullable(),
  year: z.number().int().nullable(),
  code: z.string(),
  level: z.number().int(),
  score: z.number().nullable(),
  rank: z.number().nullable(),
  rankInterval: z.object({ low: z.number(), high: z.number(), median: z.number() }).nullable().describe('5 %–95 % rank interval of the latest sensitivity run of the build, if any.'),
});

export const resultsResponseSchema = z.object({
  buildId: z.string(),
  code: z.string().nullable(),
  year: z.number().int().nullable(),
  items: z.array(resultRowSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

export const resultsQuerySchema = z.object({
  code: z.string().optional().describe('Node code; default the index (the highest level) unless level is given.'),
  level: z.coerce.number().int().min(1).optional().describe('Every node of this level (1 = indicators).'),
  year: z.union([z.literal('all'), z.coerce.number().int()]).optional().describe('A year, or "all"; default the latest year.'),
  country: csvList.describe('Comma-separated unit (ISO3) codes.'),
  sort: z.enum(['rank', 'score', 'unit']).default('rank'),
  ...listQuery,
});
