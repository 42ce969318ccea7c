import { z } from 'zod';
import { wholeParam } from './common.ts';
import { filtersQueryShape } from './filters.ts';
import { sortSchema } from './images.ts';

export const EXPORT_FORMATS = ['jsonl', 'csv', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The images view's filters and sort, and the file format; every matching row is streamed. */
export const exportQuery = z.strictObject({
  ...filtersQueryShape,
  sort: sortSchema.optional(),
  format: z.enum(EXPORT_FORMATS).default('jsonl'),
  maxRows: wholeParam(z.number().min(1).max(10_000_000)).optional().describe('stop after this many rows'),
});
export type ExportQuery = z.output<typeof exportQuery>;
