import { checkPrecomputedName } from '../embed/precomputed.ts';
import { VisibleError } from '../errors/index.ts';
import { thumbnailKey } from '../ingest/index.ts';
import type { Runtime } from '../runtime/index.ts';
import { isS3Uri, parseS3Uri } from '../store/index.ts';
import { sidecarVectors } from './apply.ts';
import { compactionEvery } from './compaction.ts';
import type { IngestHandlerOptions } from './handler.ts';
import { folderLabel, type WatchScope } from './scope.ts';

/** The ingest function's settings from a runtime whose bucket is on S3. */
export function ingestOptions(runtime: Runtime): IngestHandlerOptions {
  const { config, log } = runtime;
  const scope = watchScope(config.bucket, config.dbUri, config.cloud.watchPrefixes);
  const watch = scope.watch;
  const vectorsModel = config.cloud.vectorsModel;
  if (vectorsModel) checkPrecomputedName(vectorsModel);
  return {
    scope,
    log,
    compaction: compactionEvery(config.cloud.compactEvery, runtime.store, log),
    // The saved views are checked after each batch, as after a local ingest (loaded on first use).
    afterWrite: async () => (await import('../api/node/views.ts')).checkViewsAfterIngest(runtime),
    target: {
      ...runtime.ingestSettings(),
      embedder: () => runtime.embedder(),
      labelFor: (key) => folderLabel(key, watch),
      vectors: vectorsModel ? sidecarVectors(runtime.bucket, { modelId: vectorsModel }) : undefined,
    },
  };
}

/**
 * The scope, refused when the function's own writes would land in a watched prefix: every thumbnail or
 * table write would then trigger the function again, for ever.
 */
export function watchScope(bucketUri: string, dbUri: string, watch: readonly string[]): WatchScope {
  if (!isS3Uri(bucketUri)) {
    throw new VisibleError(
      `The ingest function reads S3 events, but the bucket is ${bucketUri}: set VISCURA_BUCKET to s3://bucket or s3://bucket/prefix.`,
      'invalid_config',
    );
  }
  const location = parseS3Uri(bucketUri);
  const ownWrites = [`${location.prefix}${thumbnailKey('x', 'x')}`];
  if (isS3Uri(dbUri)) {
    const db = parseS3Uri(dbUri);
    if (db.bucket === location.bucket) ownWrites.push(`${db.prefix}x`);
  }
  for (const prefix of watch) {
    const clash = ownWrites.find((key) => key.startsWith(`${location.prefix}${prefix}`));
    if (clash) {
      throw new VisibleError(
        `The watched prefix ${prefix} also holds the function's own writes (${clash.replace(/x$/, '…')}); watch a prefix of its own, such as images/.`,
        'invalid_config',
      );
    }
  }
  return { bucket: location.bucket, prefix: location.prefix, watch };
}
