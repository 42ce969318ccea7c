import { createRequire } from 'node:module';
import type { LanceQueryDeps } from '../api/lance/index.ts';
import type { ApiLimits } from '../api/route.ts';
import { isRemote, type ResolvedConfig } from '../config/index.ts';
import { type Bucket, type CurationStore, createLocalBucket, readOrigins } from '../store/index.ts';
import { issueThresholds } from '../vocabulary/index.ts';
import type { Runtime } from './index.ts';

const VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/**
 * The LanceDB query port's deps from a runtime: the curation tables on the store's connection. Originals: in the
 * cloud they are the bucket's own objects (ingest keys are object keys); embedded, a dataset's come from the
 * folders it was ingested from (recorded by the CLI's ingest), or the folder `originals` names for it.
 */
export async function lanceQueryDeps(
  runtime: Runtime,
  limits: Partial<ApiLimits> = {},
  originals: Record<string, string> = {},
): Promise<LanceQueryDeps & { curation: CurationStore }> {
  const { config } = runtime;
  const buckets = await originalFolders(config, originals);
  const curation = await runtime.store.curation();
  return {
    store: runtime.store,
    curation,
    bucket: runtime.bucket,
    originals: (dataset) => (isRemote(config.bucket) ? [runtime.bucket] : (buckets.get(dataset) ?? [])),
    embedder: () => runtime.embedder(),
    thresholds: issueThresholds(config),
    upload: {
      maxBytes: limits.uploadBytes ?? 20 * 1024 * 1024,
      maxPixels: Math.min(limits.uploadPixels ?? 40_000_000, config.ingest.maxPixels),
    },
    log: runtime.log,
    version: VERSION,
    manage: {
      views: async () => (await import('./views.ts')).openRuntimeViews(runtime, curation),
      snapshots: async () =>
        (await import('../snapshots/index.ts')).openSnapshots(config.dbUri, {
          log: runtime.log,
          storageOptions: runtime.storageOptions,
          thresholds: issueThresholds(config),
        }),
    },
  };
}

/**
 * Each dataset's candidate folders. A dataset ingested before origins were recorded has none: the configured
 * one falls back to the inbox, and the hash check keeps that from serving any other dataset's file.
 */
async function originalFolders(
  config: ResolvedConfig,
  given: Record<string, string>,
): Promise<Map<string, Bucket[]>> {
  const origins = await readOrigins(config.dataDir);
  origins[config.dataset] ??= [config.inbox];
  for (const [dataset, dir] of Object.entries(given)) origins[dataset] = [dir, ...(origins[dataset] ?? [])];
  return new Map(
    Object.entries(origins).map(([dataset, dirs]) => [dataset, dirs.map((dir) => createLocalBucket(dir))]),
  );
}
