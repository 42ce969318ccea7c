import { compactionEvery, folderLabel, sidecarVectors, watchScope } from '../../cloud/index.ts';
import { checkPrecomputedName } from '../../embed/precomputed.ts';
import type { Runtime } from '../../runtime/index.ts';
import type { IngestHandlerOptions } from './ingest-handler.ts';

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
    afterWrite: async () => (await import('../../runtime/views.ts')).checkViewsAfterIngest(runtime),
    target: {
      ...runtime.ingestSettings(),
      embedder: () => runtime.embedder(),
      labelFor: (key) => folderLabel(key, watch),
      vectors: vectorsModel ? sidecarVectors(runtime.bucket, { modelId: vectorsModel }) : undefined,
    },
  };
}
