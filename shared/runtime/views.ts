import { resultsCache } from '../api/lance/results.ts';
import { viewIds } from '../api/lance/view-ids.ts';
import { errorMessage } from '../errors/index.ts';
import type { CurationStore } from '../store/index.ts';
import { openViews, type ViewCheck, type Views } from '../views/index.ts';
import { issueThresholds } from '../vocabulary/index.ts';
import type { Runtime } from './index.ts';

/**
 * The saved views of a runtime's store, matched with the API's own view reader. Each check reads the newest
 * curation results (a fresh cache), so a view sees the run that just finished.
 */
export function openRuntimeViews(runtime: Runtime, curation: CurationStore): Promise<Views> {
  const { config } = runtime;
  const thresholds = issueThresholds(config);
  return openViews(config.dbUri, {
    storageOptions: runtime.storageOptions,
    log: runtime.log.child({ component: 'views' }),
    allowWebhooks: config.views.allowWebhooks,
    delivery: config.views,
    matches: (dataset, filters) =>
      viewIds(
        { store: runtime.store, curation, results: resultsCache(curation), thresholds },
        dataset,
        filters,
      ),
  });
}

/**
 * Checks the dataset's saved views (after an ingest or a run): new matches, alerts queued and sent. The views'
 * tables are opened for the check and closed after it, so a long-running process holds nothing between checks.
 */
export async function checkRuntimeViews(
  runtime: Runtime,
  curation: CurationStore,
  dataset: string,
  trigger: string,
): Promise<ViewCheck[]> {
  const views = await openRuntimeViews(runtime, curation);
  try {
    return await views.check(dataset, trigger);
  } finally {
    views.close();
  }
}

/**
 * After an ingest outside a curation run (CLI, watcher, the cloud's ingest function): the views read the stored
 * results through a read-only curation store. A failure is logged, never thrown: the ingest is stored whatever
 * happens here, and the next check catches up (new matches are compared with the last recorded ones).
 */
export async function checkViewsAfterIngest(runtime: Runtime): Promise<ViewCheck[]> {
  try {
    const curation = await runtime.store.curation();
    return await checkRuntimeViews(runtime, curation, runtime.config.dataset, 'ingest');
  } catch (error) {
    runtime.log.error('saved views check failed', { error: errorMessage(error) });
    return [];
  }
}
