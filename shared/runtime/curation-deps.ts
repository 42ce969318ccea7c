import type { CurationDeps } from '../curate/index.ts';
import type { Embedder } from '../embed/types.ts';
import { errorMessage } from '../errors/index.ts';
import type { CurationStore } from '../store/index.ts';
import type { ViewCheck } from '../views/index.ts';
import type { Runtime } from './index.ts';

/**
 * What a curation run needs beyond the runtime, for the CLI and the cloud's curation function alike: the
 * curation tables (on the store's connection) and the embedder when it can align labels zero-shot. A model that
 * cannot be loaded only costs that signal, not the run.
 */
export async function curationDeps(runtime: Runtime): Promise<CurationDeps> {
  const curation = await runtime.store.curation();
  let embedder: Embedder | undefined;
  try {
    embedder = await runtime.embedder();
  } catch (error) {
    runtime.log.warn('no embedder: mislabels use the neighbour vote alone', { error: errorMessage(error) });
  }
  const { store, bucket, log, config } = runtime;
  return { store, curation, bucket, log, config, embedder, checkViews: viewsCheck(runtime, curation) };
}

/** The saved views' check after a run, with the run's own curation store. */
function viewsCheck(
  runtime: Runtime,
  curation: CurationStore,
): (dataset: string, trigger: string) => Promise<ViewCheck[]> {
  return async (dataset, trigger) =>
    (await import('./views.ts')).checkRuntimeViews(runtime, curation, dataset, trigger);
}
