// Deploy-time settings: every value has a default and an environment variable that overrides it for one
// `sst deploy` (VISCURA_DEPLOY_*). Names carry the stage, so stages never share a resource.

function number(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, not "${raw}".`);
  return value;
}

const text = (name: string, fallback: string): string => process.env[name] || fallback;

function oneOf<T extends string>(name: string, allowed: readonly T[]): T {
  const value = text(name, allowed[0]);
  if (!allowed.includes(value as T))
    throw new Error(`${name} must be one of ${allowed.join(', ')}, not "${value}".`);
  return value as T;
}

export const settings = {
  /** The dataset the functions write and curate. */
  dataset: text('VISCURA_DEPLOY_DATASET', 'default'),
  /** Must be the model the image was built with (docker build --build-arg MODEL). */
  model: text('VISCURA_DEPLOY_MODEL', 'descriptor'),
  /** Uploads under this prefix are ingested; thumbnails, tables and reports live beside it. */
  watchPrefix: 'images/',
  ingest: {
    /**
     * Who drains the ingest queue: 'lambda' (the ingest function) or 'gpu-host' (infra/Dockerfile.embedder-cuda
     * on machines of yours, with the instance profile stacks/gpu.ts makes; no event source mapping then).
     */
    consumer: oneOf('VISCURA_DEPLOY_INGEST_CONSUMER', ['lambda', 'gpu-host'] as const),
    memoryMb: number('VISCURA_DEPLOY_INGEST_MEMORY_MB', 3008),
    timeoutS: number('VISCURA_DEPLOY_INGEST_TIMEOUT_S', 300),
    /** Embedders at once: caps the writers on the tables and the cost of a burst of uploads. */
    reservedConcurrency: number('VISCURA_DEPLOY_INGEST_CONCURRENCY', 10),
    batchSize: number('VISCURA_DEPLOY_INGEST_BATCH', 10),
    batchWindowS: number('VISCURA_DEPLOY_INGEST_BATCH_WINDOW_S', 5),
    /** Deliveries of a message before it goes to the dead-letter queue. */
    maxReceives: number('VISCURA_DEPLOY_INGEST_MAX_RECEIVES', 5),
  },
  curation: {
    /** EventBridge Scheduler expression, UTC: nightly at 03:00 by default. */
    schedule: text('VISCURA_DEPLOY_CURATE_SCHEDULE', 'cron(0 3 * * ? *)'),
    memoryMb: number('VISCURA_DEPLOY_CURATE_MEMORY_MB', 10240),
    /** Shard functions in flight at once, and the shard function's reserved concurrency. */
    shardConcurrency: number('VISCURA_DEPLOY_SHARD_CONCURRENCY', 32),
    shardMemoryMb: number('VISCURA_DEPLOY_SHARD_MEMORY_MB', 10240),
    /** Graphs of fewer rows are built inside the curation function. */
    fanoutMinRows: number('VISCURA_DEPLOY_FANOUT_MIN_ROWS', 20000),
    /** Days the shards' rows and run records are kept under curation/. */
    keepDays: number('VISCURA_DEPLOY_CURATION_KEEP_DAYS', 30),
  },
  edge: {
    /** VISCURA_DEPLOY_EDGE=off deploys no Cloudflare Worker (and needs no Cloudflare account). */
    enabled: oneOf('VISCURA_DEPLOY_EDGE', ['on', 'off'] as const) === 'on',
    /** A hostname on a Cloudflare zone of yours: the Worker's cache only stores on a zone route. */
    domain: process.env.VISCURA_DEPLOY_EDGE_DOMAIN || undefined,
  },
  query: {
    memoryMb: number('VISCURA_DEPLOY_QUERY_MEMORY_MB', 2048),
    timeoutS: number('VISCURA_DEPLOY_QUERY_TIMEOUT_S', 30),
  },
};

/** A physical name for this app and stage: viscura-prod-ingest. */
export const physicalName = (suffix: string): string => `${$app.name}-${$app.stage}-${suffix}`;
