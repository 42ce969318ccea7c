import { z } from 'zod';
import { runSchema } from './curation.ts';

export const healthSchema = z
  .object({ status: z.literal('ok'), version: z.string(), model: z.string().nullable() })
  .meta({ id: 'Health' });

export const datasetListSchema = z
  .object({ items: z.array(z.object({ name: z.string(), images: z.int() })) })
  .meta({ id: 'DatasetList' });

export const datasetSummarySchema = z
  .object({
    name: z.string(),
    model: z.string().nullable(),
    images: z.int(),
    objects: z.int(),
    failures: z.int(),
    labels: z.record(z.string(), z.int()),
    unlabeled: z.int(),
    balance: z
      .object({
        classes: z.int(),
        largest: z.object({ label: z.string(), images: z.int() }).nullable(),
        smallest: z.object({ label: z.string(), images: z.int() }).nullable(),
        imbalanceRatio: z.number().nullable().describe('largest / smallest class size; 1 = balanced'),
        evenness: z.number().nullable().describe('class-share entropy / log(classes); 1 = balanced'),
        minority: z.array(z.string()).describe('classes under half an even share'),
      })
      .optional()
      .describe('class sizes and imbalance'),
    quality: z.record(z.string(), z.int()).describe('images at or above each quality threshold'),
    thresholds: z.record(z.string(), z.number()),
    issues: z.record(z.string(), z.number()).describe('counts per issue type from the latest curation run'),
    lastRun: runSchema.nullable(),
  })
  .meta({ id: 'DatasetSummary' });

export type Health = z.output<typeof healthSchema>;
export type DatasetList = z.output<typeof datasetListSchema>;
export type DatasetSummary = z.output<typeof datasetSummarySchema>;
