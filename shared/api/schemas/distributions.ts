import { z } from 'zod';
import { PROBLEM_ISSUES } from '../../vocabulary/index.ts';
import { wholeParam } from './common.ts';

/** 20 bins of 0.05: the page's sliders move in the same steps, so "N above" is a sum of whole bins. */
export const DISTRIBUTION_BINS = 20;

export const distributionsQuery = z.strictObject({
  bins: wholeParam(z.number().min(2).max(100)).default(DISTRIBUTION_BINS).describe('equal bins over [0, 1]'),
});
export type DistributionsQuery = z.output<typeof distributionsQuery>;

const histogramSchema = z.object({
  counts: z
    .array(z.int())
    .describe('images per bin: bin i holds confidences in [i / bins, (i + 1) / bins), the last one also 1'),
  total: z.int().describe('images judged: the sum of `counts`'),
  threshold: z.number().describe('the configured default threshold'),
});

const uniquenessHistogramSchema = histogramSchema.omit({ threshold: true }).extend({
  counts: z
    .array(z.int())
    .describe(
      'curation subjects per bin of uniqueness (0 = exact duplicate, 1 = unlike anything): bin i holds ' +
        '[i / bins, (i + 1) / bins), the last one also 1',
    ),
});

export const distributionsSchema = z
  .object({
    runId: z
      .string()
      .nullable()
      .describe('the full run the curation scores come from; null before the first run'),
    bins: z.int(),
    scores: z
      .record(z.enum(PROBLEM_ISSUES), histogramSchema)
      .describe(
        'per issue with a confidence slider: curation issues over the latest results (the full run and newer ' +
          'incremental rows; duplicate keepers are never duplicates, so they are not counted), quality issues ' +
          'over every image of the dataset',
      ),
    uniqueness: uniquenessHistogramSchema.describe(
      'what "uniqueness at least" cuts, over the latest results (every image with a curation row, keepers too)',
    ),
  })
  .meta({ id: 'ScoreDistributions' });
export type ScoreDistributions = z.output<typeof distributionsSchema>;
export type ScoreHistogram = z.output<typeof histogramSchema>;
