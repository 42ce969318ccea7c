import type { ResolvedConfig } from '../config/index.ts';
import type { Embedder } from '../embed/types.ts';
import type { IngestContext, IngestProgress } from '../ingest/index.ts';
import { retryingOnce } from '../lazy/once.ts';
import type { Logger } from '../log/index.ts';
import {
  type Bucket,
  isS3Uri,
  lanceStorageOptions,
  openBucket,
  openStore,
  type Store,
} from '../store/index.ts';
import { resolveEmbedder } from './embedder.ts';

/**
 * The embedded runtime: config -> the store, the bucket and (on first use) the embedder.
 * Commands, the watcher and the API all start from here, so they share one way of opening things.
 */
export interface Runtime {
  config: ResolvedConfig;
  log: Logger;
  store: Store;
  bucket: Bucket;
  /** LanceDB options for s3:// locations (pass them to every other table opened at `config.dbUri`). */
  storageOptions?: Record<string, string>;
  /** Loaded on first call and reused: model sessions are expensive to create. */
  embedder(): Promise<Embedder>;
  /** The configured ingest settings and targets, which every ingest (CLI, watcher, cloud function) starts from. */
  ingestSettings(): IngestSettings;
  ingestContext(
    embedder: Embedder,
    onProgress?: (progress: IngestProgress) => void,
  ): Omit<IngestContext, 'annotationFor'>;
  close(): Promise<void>;
}

export type IngestSettings = Omit<IngestContext, 'annotationFor' | 'embedder' | 'onProgress'>;

export async function openRuntime(config: ResolvedConfig, log: Logger): Promise<Runtime> {
  const dbUri = config.dbUri;
  const storageOptions = isS3Uri(dbUri) ? lanceStorageOptions(config.s3) : undefined;
  const opened = await openBucket(config.bucket, config.s3);
  const bucket = opened.bucket;
  const store = await openStore(dbUri, { log, storageOptions });
  const embedder = retryingOnce(() => resolveEmbedder(config, store, log));
  const ingestSettings = (): IngestSettings => ({
    dataset: config.dataset,
    store,
    bucket,
    log,
    limits: { maxBytes: config.ingest.maxBytes, maxPixels: config.ingest.maxPixels },
    thumbnailSize: config.ingest.thumbnailSize,
    batchSize: config.ingest.batchSize,
    concurrency: config.ingest.concurrency,
    splits: config.ingest.splits,
  });
  return {
    config,
    log,
    store,
    bucket,
    storageOptions,
    embedder,
    ingestSettings,
    ingestContext: (model, onProgress) => ({ ...ingestSettings(), embedder: model, onProgress }),
    async close() {
      const loaded = await embedder.current?.catch(() => undefined);
      await loaded?.dispose();
      store.close();
      opened.close();
    },
  };
}
