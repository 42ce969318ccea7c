import { z } from 'zod';
import { limitParam, wholeParam } from './common.ts';

/** Points per page: a 100k-point map is five requests of about 2 MB each. */
export const MAP_PAGE_MAX = 50_000;

export const mapQuery = z.strictObject({
  from: wholeParam(z.number().min(0))
    .default(0)
    .describe('first sample rank of the page: the first N ranks are a uniform sample of N images'),
  limit: limitParam(20_000, MAP_PAGE_MAX),
});
export type MapQuery = z.output<typeof mapQuery>;

const scores = z.array(z.number()).describe('one confidence per point, in [0, 1]');

/** Columnar: one array per field, all of the page's length; strings that repeat are indexes into a list. */
export const mapPageSchema = z
  .object({
    runId: z.string().nullable().describe('the full run the map belongs to; null before the first run'),
    total: z.int().describe('images on the map of this run'),
    from: z.int(),
    nextFrom: z.int().nullable().describe('`from` of the next page; null on the last'),
    labels: z.array(z.string()).describe('the labels that `label` indexes'),
    points: z.object({
      id: z.array(z.string()),
      key: z.array(z.string()),
      x: z.array(z.number()).describe('in [0, 1], left to right'),
      y: z.array(z.number()).describe('in [0, 1], top to bottom'),
      label: z.array(z.int()).describe('index into `labels`; -1 = unlabelled'),
      suggestedLabel: z.array(z.int()).describe('index into `labels`; -1 = none'),
      duplicate: z
        .array(z.enum(['keeper', 'drop', 'none']))
        .describe('the keeper or a member to drop of a duplicate cluster'),
      duplicateCluster: z.array(z.string().nullable()).describe("the cluster's id (its keeper's id)"),
      uniqueness: scores,
      mislabel: scores,
      outlier: scores.describe('the larger of the class and dataset outlier confidences'),
      clusters: z
        .array(z.array(z.int()))
        .describe('visual cluster per level 0 (coarse) .. 4 (fine): [level][point]'),
    }),
  })
  .meta({ id: 'MapPage' });
export type MapPage = z.output<typeof mapPageSchema>;
