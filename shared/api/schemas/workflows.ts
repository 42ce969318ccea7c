import { z } from 'zod';
import { confidenceParam, cursorSchema, limitParam } from './common.ts';

/** Split leakage, representatives and class balance: the dataset-level views around a training set. */
export const leaksQuery = z.strictObject({
  threshold: confidenceParam
    .optional()
    .describe('duplicate score at or above which a cluster member counts (default 0.5)'),
  limit: limitParam(100, 10_000).describe('clusters in the answer; the counts cover all'),
});
export type LeaksQuery = z.output<typeof leaksQuery>;

const leakMemberSchema = z.object({
  id: z.string(),
  key: z.string(),
  split: z.string().nullable(),
  duplicateScore: z.number(),
  exactDuplicate: z.boolean(),
  action: z
    .enum(['keep', 'move', 'none'])
    .describe('keep: stays in the home split; move: move it to `to` (or drop it: a copy stays there)'),
  to: z.string().nullable(),
});

export const leakReportSchema = z
  .object({
    dataset: z.string(),
    runId: z.string().nullable(),
    threshold: z.number(),
    splits: z.record(z.string(), z.int()).describe('images per split'),
    unsplit: z.int(),
    clusters: z.array(
      z.object({
        cluster: z.string(),
        home: z.string().describe('the most evaluative split of the cluster (test > val > others > train)'),
        keep: z.object({ id: z.string(), key: z.string() }),
        members: z.array(leakMemberSchema),
        pairs: z.array(
          z.object({
            a: z.string(),
            b: z.string(),
            splits: z.tuple([z.string(), z.string()]),
            confidence: z.number(),
          }),
        ),
        confidence: z.number(),
      }),
    ),
    counts: z.object({ clusters: z.int(), pairs: z.int(), toMove: z.int() }),
    notice: z.string().nullable(),
  })
  .meta({ id: 'LeakReport' });

export const representativesQuery = z.strictObject({
  count: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(100)
    .describe('size of the subset: the first `count` of the select-representatives order'),
  cursor: cursorSchema.optional(),
  limit: limitParam(100, 1_000),
});
export type RepresentativesQuery = z.output<typeof representativesQuery>;
