import { z } from 'zod';
import { fanoutSettingsSchema } from './fanout.ts';

/** Dataset names become path segments and filter values: keep them to a safe alphabet. */
export const datasetName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, "-" and "_", 1-64 characters');

export const modelId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,127}$/, 'lower-case letters, digits, ".", "-" and "_"');

const confidence = z.number().min(0).max(1);

/** A bucket prefix such as "images/": relative, ending in "/", no empty or dot segments. */
const watchPrefix = z
  .string()
  .regex(/^(?:[^/.][^/]*\/)+$/, 'a relative prefix ending in "/", such as "images/"');

export const configSchema = z.object({
  /** Root of everything local: the database, the bucket folder and the inbox default to folders inside it. */
  dataDir: z.string().min(1).default('./data'),
  /** LanceDB location: a directory, or s3://bucket/prefix. Defaults to <dataDir>/db. */
  dbUri: z.string().min(1).optional(),
  /** Object storage for thumbnails and reports: a local folder, or s3://bucket/prefix. Defaults to <dataDir>/bucket. */
  bucket: z.string().min(1).optional(),
  /** The folder `npm start` watches. Defaults to <dataDir>/inbox. */
  inbox: z.string().min(1).optional(),
  dataset: datasetName.default('default'),
  model: modelId.default('descriptor'),
  /** Where pulled model files live. */
  modelsDir: z.string().min(1).default('./models/cache'),
  /** onnxruntime execution provider: auto = CUDA when its libraries load, else CPU. */
  provider: z.enum(['auto', 'cpu', 'cuda']).default('auto'),
  logLevel: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  ingest: z
    .object({
      /** Files larger than this are rejected before decoding. */
      maxBytes: z
        .number()
        .int()
        .positive()
        .max(2_000_000_000)
        .default(100 * 1024 * 1024),
      /** Decompression-bomb guard: width x height above this is rejected before decoding. */
      maxPixels: z.number().int().positive().max(2_000_000_000).default(100_000_000),
      /** Parallel decodes; 0 = one per core. */
      concurrency: z.number().int().min(0).max(256).default(0),
      /** Images embedded per model call. */
      batchSize: z.number().int().min(1).max(1024).default(32),
      thumbnailSize: z.number().int().min(32).max(1024).default(256),
      /** Which folder names a split (train/val/test): auto = the first that does; a level; off. */
      splits: z
        .object({
          folder: z.union([z.enum(['auto', 'off']), z.number().int().min(0).max(64)]).default('auto'),
        })
        .prefault({}),
    })
    .prefault({}),
  thresholds: z
    .object({
      blur: confidence.default(0.5),
      dark: confidence.default(0.5),
      bright: confidence.default(0.5),
      lowInformation: confidence.default(0.5),
      oddSize: confidence.default(0.5),
      oddAspectRatio: confidence.default(0.5),
      grayscale: confidence.default(0.5),
      duplicate: confidence.default(0.5),
      mislabel: confidence.default(0.5),
      outlier: confidence.default(0.5),
    })
    .prefault({}),
  curate: z
    .object({
      /** Neighbours per image in the kNN graph. */
      k: z.number().int().min(1).max(100).default(10),
      /**
       * Cosine similarity at which two images count as near duplicates. Unset: the model's calibrated value
       * (fastdup's 0.96 for CLIP-like models; see shared/embed/calibration.ts).
       */
      duplicateSimilarity: z.number().min(0.5).max(1).optional(),
      /** Cron expression (UTC) for the scheduled curation run; "off" disables it. */
      schedule: z.string().min(1).default('0 3 * * *'),
      /** 'fixed' uses duplicateSimilarity; 'relative' uses Datalab's 0.13 x the median nearest-neighbour distance. */
      duplicateMode: z.enum(['fixed', 'relative']).default('fixed'),
      /**
       * How the kNN graph is built: 'in-process' (HNSW over every vector in one block, the default) or
       * 'partitioned' (k-means partitions in LanceDB searched by worker processes; docs/scale.md).
       */
      graph: z.enum(['in-process', 'partitioned']).default('in-process'),
      /** Cosine distance the stored select-uniques subset keeps between members; default 1 - the duplicate threshold. */
      uniquesMinDistance: z.number().min(0).max(2).optional(),
      /** Full runs kept (with the incremental runs between them); older runs are deleted after each full run. */
      keepRuns: z.number().int().min(1).max(1000).default(14),
      /** Pictures per gallery in the report. */
      reportItems: z.number().int().min(1).max(500).default(24),
    })
    .prefault({}),
  /** S3 (or an S3-compatible server such as radosgw) for s3:// locations; absent values come from the AWS environment. */
  s3: z
    .object({
      /** A custom endpoint (http://127.0.0.1:7480); requests then use path-style addressing. */
      endpoint: z.url().optional(),
      region: z.string().min(1).optional(),
      accessKeyId: z.string().min(1).optional(),
      secretAccessKey: z.string().min(1).optional(),
      sessionToken: z.string().min(1).optional(),
      /** Attempts per S3 request, retrying throttling and 5xx answers with exponential backoff. */
      maxAttempts: z.number().int().min(1).max(20).default(6),
    })
    .prefault({}),
  cloud: z
    .object({
      /** Bucket prefixes whose objects are ingested; events for other keys are refused. */
      watchPrefixes: z
        .preprocess(
          (value) => (typeof value === 'string' ? value.split(',').map((part) => part.trim()) : value),
          z.array(watchPrefix).min(1),
        )
        .default(['images/']),
      /** Compact the tables after this many ingest batches in one warm function (0 = never; curation also does). */
      compactEvery: z.number().int().min(0).max(100_000).default(50),
      /**
       * Bring your own embeddings: the model whose vectors arrive as `<key>.embedding.json` beside each image.
       * Set, the function embeds nothing; an image waits (recorded as failed) until its sidecar lands.
       */
      vectorsModel: modelId.optional(),
      /** How the curation function spreads the kNN graph over shard functions. */
      fanout: fanoutSettingsSchema.prefault({}),
    })
    .prefault({}),
  /** Saved views with alerts (shared/views). */
  views: z
    .object({
      /**
       * URL prefixes a view's webhook may POST to (e.g. "https://hooks.example.com/viscura/"); none by default, so
       * no key holder can point the server at an address the operator did not choose.
       */
      allowWebhooks: z
        .preprocess(
          (value) =>
            typeof value === 'string'
              ? value
                  .split(',')
                  .map((part) => part.trim())
                  .filter(Boolean)
              : value,
          z.array(z.url()),
        )
        .default([]),
      /** Tries per check; what is still undelivered is tried again after the next ingest or curation run. */
      attempts: z.number().int().min(1).max(20).default(5),
      /** Wait before the second try; doubled for each next one, up to maxBackoffMs. */
      backoffMs: z.number().int().min(0).max(600_000).default(1_000),
      maxBackoffMs: z.number().int().min(0).max(3_600_000).default(60_000),
      /** Tries over all checks before an alert is given up. */
      maxAttempts: z.number().int().min(1).max(1000).default(25),
      timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
    })
    .prefault({}),
  api: z
    .object({
      host: z.string().min(1).default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(8787),
    })
    .prefault({}),
});

/** The configuration as validated: the locations may be left out (they default to folders in dataDir). */
export type Config = z.infer<typeof configSchema>;
/** What loadConfig returns and every component takes: each location resolved to an absolute path or a URI. */
export type ResolvedConfig = Omit<Config, 'dbUri' | 'bucket' | 'inbox'> & {
  dbUri: string;
  bucket: string;
  inbox: string;
};
export type ConfigInput = z.input<typeof configSchema>;
