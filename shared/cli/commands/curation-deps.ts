import { join } from 'node:path';
import { isRemote, type ResolvedConfig } from '../../config/index.ts';
import type { CurationDeps } from '../../curate/index.ts';
import type { Embedder } from '../../embed/types.ts';
import { errorMessage } from '../../errors/index.ts';
import type { Runtime } from '../../runtime/index.ts';
import type { CurationStore } from '../../store/index.ts';
import type { ViewCheck } from '../../views/index.ts';

/**
 * What curation commands need beyond the runtime: the curation tables, and the embedder when it can align
 * labels zero-shot. A model that cannot be loaded only costs that signal, not the run.
 */
export async function openCurationDeps(runtime: Runtime): Promise<CurationDeps> {
  const { openCurationStore } = await import('../../store/index.ts');
  const curation = await openCurationStore(runtime.config.dbUri, {
    log: runtime.log,
    storageOptions: runtime.storageOptions,
  });
  let embedder: Embedder | undefined;
  try {
    embedder = await runtime.embedder();
  } catch (error) {
    runtime.log.warn('no embedder: mislabels use the neighbour vote alone', { error: errorMessage(error) });
  }
  return {
    store: runtime.store,
    curation,
    bucket: runtime.bucket,
    log: runtime.log,
    config: runtime.config,
    embedder,
    checkViews: viewsCheck(runtime, curation),
  };
}

/** The saved views' check after a run, with the run's own curation store. */
export function viewsCheck(
  runtime: Runtime,
  curation: CurationStore,
): (dataset: string, trigger: string) => Promise<ViewCheck[]> {
  return async (dataset, trigger) =>
    (await import('../../api/node/views.ts')).checkRuntimeViews(runtime, curation, dataset, trigger);
}

/** After an ingest outside a curation run. */
export async function checkViewsAfterIngest(runtime: Runtime): Promise<ViewCheck[]> {
  return (await import('../../api/node/views.ts')).checkViewsAfterIngest(runtime);
}

/** A bucket key as the user can open it: a file path for a local bucket, the key inside the bucket otherwise. */
export function reportLocation(config: ResolvedConfig, key: string): string {
  const bucket = config.bucket;
  return isRemote(bucket) ? `${bucket.replace(/\/+$/, '')}/${key}` : join(bucket, ...key.split('/'));
}
