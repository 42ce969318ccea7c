import { z } from 'zod';
import { VisibleError } from '../../errors/index.ts';

/**
 * Fan-out settings, read from the curation function's environment (SST sets them). Defaults are sized for
 * shard functions with 10 GB of memory (6 vCPUs) and a 15-minute timeout; see docs/deploy.md for the sums.
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

const envNames: Record<string, keyof FanoutSettings> = {
  VISCURA_SHARD_FUNCTION: 'functionName',
  VISCURA_LAMBDA_ENDPOINT: 'endpoint',
  AWS_REGION: 'region',
  VISCURA_FANOUT_MIN_ROWS: 'minRows',
  VISCURA_FANOUT_MAX_ROWS: 'maxRows',
  VISCURA_FANOUT_PAIRS_PER_SHARD: 'pairsPerShard',
  VISCURA_FANOUT_MAX_SHARDS: 'maxShards',
  VISCURA_FANOUT_CONCURRENCY: 'concurrency',
  VISCURA_FANOUT_RETRIES: 'retries',
  VISCURA_FANOUT_RETRY_DELAY_MS: 'retryDelayMs',
  VISCURA_FANOUT_BLOCK_ROWS: 'blockRows',
};

const numeric = new Set<keyof FanoutSettings>([
  'minRows',
  'maxRows',
  'pairsPerShard',
  'maxShards',
  'concurrency',
  'retries',
  'retryDelayMs',
  'blockRows',
]);

/** Parses the fan-out settings; a wrong value names the variable that holds it. */
export function fanoutSettings(input: FanoutSettingsInput = {}): FanoutSettings {
  const parsed = fanoutSettingsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const nameOf = Object.fromEntries(Object.entries(envNames).map(([env, key]) => [key, env]));
  const lines = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0]);
    return `  ${nameOf[key] ?? key}: ${issue.message}`;
  });
  throw new VisibleError(`Invalid fan-out settings:\n${lines.join('\n')}`, 'invalid_config');
}

export function fanoutSettingsFromEnv(env: Record<string, string | undefined>): FanoutSettings {
  const input: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(envNames)) {
    const raw = env[name]?.trim();
    if (!raw) continue;
    input[key] = numeric.has(key) && /^-?\d+(\.\d+)?(e\d+)?$/i.test(raw) ? Number(raw) : raw;
  }
  return fanoutSettings(input as FanoutSettingsInput);
}
