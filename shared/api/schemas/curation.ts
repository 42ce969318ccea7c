import { z } from 'zod';
import { confidenceParam, cursorSchema, filterText, INT32_MAX, limitParam, wholeParam } from './common.ts';
import { duplicateMatchSchema, keptBecauseSchema } from './duplicates.ts';
import { VISUAL_LEVEL_MAX } from './filters.ts';

export const clustersQuery = z
  .strictObject({
    kind: z.enum(['duplicates', 'visual']).default('duplicates'),
    level: wholeParam(z.number().max(VISUAL_LEVEL_MAX))
      .default(0)
      .describe('visual clusters: 0 coarse .. 4 fine'),
    id: wholeParam(z.number().min(0).max(INT32_MAX))
      .optional()
      .describe('visual clusters: only this cluster of `level` (an empty page when there is none)'),
    cursor: cursorSchema.optional(),
    limit: limitParam(20, 200),
  })
  .refine((query) => query.id === undefined || query.kind === 'visual', {
    path: ['id'],
    message: '`id` names a visual cluster: use it with kind=visual',
  });
export type ClustersQuery = z.output<typeof clustersQuery>;

const memberSchema = z.object({
  id: z.string(),
  key: z.string(),
  thumbnailUrl: z.string(),
});

/** A duplicate's label, so that a cluster can be titled by what it shows rather than by its id. */
const duplicateMemberSchema = memberSchema.extend({ label: z.string().nullable() });

export const duplicateClusterSchema = z
  .object({
    id: z.string(),
    size: z.int(),
    representative: duplicateMemberSchema.describe('the member to keep'),
    members: z.array(
      duplicateMemberSchema.extend({
        representative: z.boolean(),
        duplicateScore: z.number(),
        exactDuplicate: z.boolean(),
        duplicateMatch: duplicateMatchSchema,
        keptBecause: keptBecauseSchema,
      }),
    ),
  })
  .meta({ id: 'DuplicateCluster' });

export const clusterLabelSchema = z
  .object({
    label: z.string().nullable().describe('null: the members without a label'),
    count: z.int(),
    share: z.number().min(0).max(1).describe('count / size'),
  })
  .meta({ id: 'ClusterLabel' });

export const visualClusterSchema = z
  .object({
    id: z.int(),
    level: z.int(),
    size: z.int(),
    preview: z.array(memberSchema).describe('the members nearest the centroid, nearest first'),
    labels: z
      .array(clusterLabelSchema)
      .nullable()
      .describe('the 3 most common labels, most members first; null for runs written before they were kept'),
  })
  .meta({ id: 'VisualCluster' });

export const clusterPageSchema = z
  .object({
    kind: z.enum(['duplicates', 'visual']),
    level: z.int().nullable(),
    runId: z.string().nullable(),
    total: z.int().nullable().describe('visual clusters: how many the level has; null when not known'),
    items: z.array(z.union([duplicateClusterSchema, visualClusterSchema])),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'ClusterPage' });

export type DuplicateCluster = z.output<typeof duplicateClusterSchema>;
export type VisualCluster = z.output<typeof visualClusterSchema>;
export type ClusterLabel = z.output<typeof clusterLabelSchema>;
export type ClusterPage = z.output<typeof clusterPageSchema>;

export const objectsQuery = z.strictObject({
  issue: z.enum(['duplicates', 'mislabels', 'outliers']).optional(),
  threshold: confidenceParam.optional(),
  label: filterText(256).optional(),
  imageId: z
    .string()
    .regex(/^[0-9a-f]{32}$/, 'an id is 32 lower-case hex characters')
    .optional(),
  prefix: filterText(1024).optional(),
  cursor: cursorSchema.optional(),
  limit: limitParam(50, 1_000),
});
export type ObjectsQuery = z.output<typeof objectsQuery>;

export const runsQuery = z.strictObject({ limit: limitParam(20, 100) });

export const runSchema = z
  .object({
    runId: z.string(),
    kind: z.enum(['full', 'incremental']),
    status: z.enum(['running', 'finished', 'failed']),
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
    model: z.string(),
    previousRunId: z.string().nullable(),
    parameters: z.record(z.string(), z.unknown()),
    counts: z.record(z.string(), z.number()),
    timings: z.record(z.string(), z.number()),
  })
  .meta({ id: 'Run' });
export type Run = z.output<typeof runSchema>;

export const runListSchema = z.object({ items: z.array(runSchema) }).meta({ id: 'RunList' });

export const reportQuery = z.strictObject({ format: z.enum(['json', 'html']).default('json') });
