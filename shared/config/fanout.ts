import { z } from 'zod';

/**
 * The cloud curation's fan-out (config `cloud.fanout`; SST sets them in the curation function's environment).
 * Defaults are sized for shard functions with 10 GB of memory (6 vCPUs) and a 15-minute timeout; see
 * docs/deploy.md for the sums.
 */
export const fanoutSettingsSchema = z.object({
  /** The shard function's name or ARN; without it every graph is built in-process. */
  functionName: z.string().min(1).optional(),
  /** Lambda API endpoint, for the local stand-in; AWS's own when absent. */
  endpoint: z.url().optional(),
  region: z.string().min(1).default('us-east-1'),
  /**
   * Fewer rows than this stay in-process: at ~60 ns of CPU per pair (shared/curate/knn/build.ts) the
   * in-process graph takes seconds there, so invoking functions would mostly add their start-up time.
   */
  minRows: z.number().int().min(0).default(20_000),
  /**
   * More rows than this stay in-process too, on the approximate (HNSW) path: exact all-pairs work grows as
   * rows squared, and at 2M rows 64 shards each need ~10 min of 6 vCPUs, near Lambda's 15 min.
   */
  maxRows: z.number().int().min(1).default(2_000_000),
  /** Row pairs one shard scores; the shard count follows from it (bounded by maxShards). */
  pairsPerShard: z.number().min(1).default(4e9),
  maxShards: z.number().int().min(1).max(1000).default(64),
  /** Shards in flight at once. */
  concurrency: z.number().int().min(1).max(1000).default(64),
  /** Extra attempts for a failed shard (it is idempotent: it rewrites the same object). */
  retries: z.number().int().min(0).max(10).default(2),
  /** First retry delay; doubled on each further attempt. */
  retryDelayMs: z.number().int().min(0).default(1000),
  /** Rows per vector block in the bucket: 8192 x 512-d x 4 bytes = 16 MB per read. */
  blockRows: z.number().int().min(1).default(8192),
});

export type FanoutSettings = z.infer<typeof fanoutSettingsSchema>;
export type FanoutSettingsInput = z.input<typeof fanoutSettingsSchema>;
