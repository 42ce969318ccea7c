import type { Config } from '../config/index.ts';
import { createEmbedder } from '../embed/index.ts';
import type { Embedder } from '../embed/types.ts';
import type { Logger } from '../log/index.ts';
import { type Bucket, createLocalBucket, openStore, type Store } from '../store/index.ts';
import type { IngestContext, IngestProgress } from '../ingest/index.ts';

/**
 * The embedded runtime: config -> the store, the bucket and (on first use) the embedder.
 * Commands, the watcher and the API all start from here, so they share one way of opening things.
 */
export interface Runtime {
  config: Config;
  log: Logger;
  store: Store;
  bucket: Bucket;
  /** Loaded on first call and reused: model sessions are expensive to create. */
  embedder(): Promise<Embedder>;
  ingestContext(embedder: Embedder, onProgress?: (progress: IngestProgress) => void): Omit<IngestContext, 'annotationFor'>;
  close(): Promise<void>;
}

export async function openRuntime(config: Config, log: Logger): Promise<Runtime> {
  const store = await openStore(config.dbUri as string, { log });
  const bucket = createLocalBucket(config.bucket as string);
  let embedder: Promise<Embedder> | undefined;
  return {
    config,
    log,
    store,
    bucket,
    embedder() {
      const loading =
        embedder ?? createEmbedder(config.model, { modelsDir: config.modelsDir, provider: config.provider, log });
      embedder = loading;
      return loading;
    },
    ingestContext(model, onProgress) {
      return {
        dataset: config.dataset,
        store,
        bucket,
        embedder: model,
        log,
        limits: { maxBytes: config.ingest.maxBytes, maxPixels: config.ingest.maxPixels },
        thumbnailSize: config.ingest.thumbnailSize,
        batchSize: config.ingest.batchSize,
        concurrency: config.ingest.concurrency,
        onProgress,
      };
    },
    async close() {
      if (embedder) await (await embedder).dispose();
      store.close();
    },
  };
}
