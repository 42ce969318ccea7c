import { z } from 'zod';

/** What the coordinator sends a shard function. */
export const shardTask = z.object({
  version: z.literal(1),
  /** The run's fan-out prefix in the bucket (curation/<runId>/<images|objects>). */
  prefix: z
    .string()
    .regex(/^curation\/[A-Za-z0-9_-]+\/(images|objects)$/, 'a curation/<runId>/<kind> prefix'),
  shard: z.number().int().min(0),
  start: z.number().int().min(0),
  end: z.number().int().min(1),
  k: z.number().int().min(1).max(1000),
});

export type ShardTask = z.infer<typeof shardTask>;

/** What a shard function answers once its rows are in the bucket. */
export const shardResult = z.object({
  shard: z.number().int().min(0),
  key: z.string(),
  rows: z.number().int().min(0),
  /** Row pairs scored, for the run record. */
  pairs: z.number().min(0),
  ms: z.number().min(0),
});

export type ShardResult = z.infer<typeof shardResult>;
